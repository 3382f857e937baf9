/** River's naming rules for queues, worker kinds, periodic job ids and tags, checked with the field they came from. */
import { InvalidArgumentError } from "../base/errors.js";

/**
 * River's queue rule `^(?:[a-z0-9])+(?:[_|\-]?[a-z0-9]+)*$`, written without nested
 * quantifiers (same language: runs of `[a-z0-9]` joined by single `_`, `|` or `-`), so a long
 * bad name cannot make the regex backtrack exponentially.
 */
const QUEUE_PATTERN = /^[a-z0-9]+(?:[_|-][a-z0-9]+)*$/;
const QUEUE_MAX_BYTES = 64;
/** River's kind rule (ASCII `\w`), for kinds of registered workers and periodic job ids. */
const KIND_PATTERN = /^\w[\w\-[\]<>/.·:+]+$/;
/** River's tag rule; all its characters are ASCII, so characters are bytes. */
const TAG_PATTERN = /^\w[\w-]+\w$/;
const TAG_MAX_BYTES = 255;

/** Throws unless `name` is a queue name River accepts: 1–64 bytes matching River's queue regex. */
export function checkQueueName(name: unknown, field: string): string {
  if (typeof name !== "string" || name.length === 0 || name.length > QUEUE_MAX_BYTES || !QUEUE_PATTERN.test(name)) {
    throw new InvalidArgumentError(
      field,
      `${describe(name)} is not a queue name River accepts: 1–64 characters of a-z and 0-9, single "_", "-" or "|" between them (River's ^(?:[a-z0-9])+(?:[_|\\-]?[a-z0-9]+)*$)`,
    );
  }
  return name;
}

/**
 * Throws unless `kind` satisfies River's kind rule `\A[\w][\w\-\[\]<>\/.·:+]+\z`. River checks
 * it for registered workers and periodic job ids, not for the kind of an insert.
 */
export function checkRiverKind(kind: unknown, field: string, what: "a kind" | "an id" = "a kind"): string {
  if (typeof kind !== "string" || !KIND_PATTERN.test(kind)) {
    throw new InvalidArgumentError(
      field,
      `${describe(kind)} is not ${what} River accepts: at least 2 characters, a letter, digit or _ first, then letters, digits and _ - [ ] < > / . · : + (River's \\A[\\w][\\w\\-\\[\\]<>\\/.·:+]+\\z)`,
    );
  }
  return kind;
}

/** Throws unless `tag` is a tag River accepts: at most 255 bytes matching `^[\w][\w\-]+[\w]$`. */
export function checkTag(tag: unknown, field: string): string {
  if (typeof tag !== "string" || tag.length > TAG_MAX_BYTES || !TAG_PATTERN.test(tag)) {
    throw new InvalidArgumentError(
      field,
      `${describe(tag)} is not a tag River accepts: 3–255 characters of letters, digits, _ and -, starting and ending with a letter, digit or _ (River's ^[\\w][\\w\\-]+[\\w]$)`,
    );
  }
  return tag;
}

/** True when `kind` satisfies River's kind rule. */
export function isRiverKind(kind: string): boolean {
  return KIND_PATTERN.test(kind);
}

function describe(value: unknown): string {
  if (typeof value !== "string") return `a ${value === null ? "null" : typeof value}`;
  // JSON.stringify shows control characters and lone surrogates as escapes instead of printing them raw.
  return value.length > 80 ? `${JSON.stringify(value.slice(0, 40))}… (${value.length} characters)` : JSON.stringify(value);
}
