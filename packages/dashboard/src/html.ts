/** Escaped HTML building: a tagged template that escapes every value it interpolates unless the value is already markup. */

const MARKUP: unique symbol = Symbol("markup");

/** A piece of HTML that is safe to insert as it is (built by {@link html} or {@link raw}). */
export interface Markup {
  readonly [MARKUP]: true;
  readonly html: string;
}

/** Text as HTML, with `& < > " '` escaped (safe in element content and quoted attributes). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Marks a string of HTML as safe. Only for markup this package wrote itself, never for data. */
export function raw(markup: string): Markup {
  return { [MARKUP]: true, html: markup };
}

function isMarkup(value: unknown): value is Markup {
  return typeof value === "object" && value !== null && MARKUP in value;
}

function render(value: unknown): string {
  if (value === null || value === undefined || value === false) return "";
  if (isMarkup(value)) return value.html;
  if (Array.isArray(value)) return value.map(render).join("");
  return escapeHtml(String(value));
}

/**
 * HTML with every interpolated value escaped: strings and numbers become text, markup stays
 * markup, arrays are joined, and null, undefined and false render nothing (so `cond && html\`…\`` works).
 */
export function html(strings: TemplateStringsArray, ...values: unknown[]): Markup {
  let out = strings[0] ?? "";
  for (let i = 0; i < values.length; i++) out += render(values[i]) + (strings[i + 1] ?? "");
  return raw(out);
}
