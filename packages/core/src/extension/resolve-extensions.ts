/** Validates the middleware, hooks and plugins a client or worker is configured with, into one ExtensionSet. */
import { InvalidArgumentError } from "../base/errors.js";
import type { ExtensionSet } from "./extensions.js";
import type { Hooks } from "./hooks.js";
import type { Middleware } from "./middleware.js";
import type { Plugin } from "./plugin.js";

const HOOK_POINTS = ["clientStart", "insertBegin", "workBegin", "workEnd", "workOutcome", "periodicJobsStart"] as const;

/**
 * The client's set: its own `middleware` first (outermost), then each plugin's in plugin
 * order; its own hooks, then each plugin's. Throws InvalidArgumentError naming the field.
 */
export function resolveExtensions(
  config: { middleware?: readonly Middleware[]; hooks?: Hooks | readonly Hooks[]; plugins?: readonly Plugin[] },
  field: string,
): ExtensionSet {
  const middleware = checkMiddleware(config.middleware, `${field}.middleware`);
  const hooks = checkHooks(config.hooks, `${field}.hooks`);
  if (config.plugins !== undefined && !Array.isArray(config.plugins)) throw new InvalidArgumentError(`${field}.plugins`, "must be an array of { name, middleware?, hooks? }");
  (config.plugins ?? []).forEach((plugin, i) => {
    const at = `${field}.plugins[${i}]`;
    if (typeof plugin !== "object" || plugin === null || typeof plugin.name !== "string" || plugin.name.length === 0) {
      throw new InvalidArgumentError(at, "must be a plugin { name, middleware?, hooks? } with a non-empty name");
    }
    middleware.push(...checkMiddleware(plugin.middleware, `${at}.middleware`).map((m) => ({ ...m, name: m.name ?? plugin.name })));
    hooks.push(...checkHooks(plugin.hooks, `${at}.hooks`));
  });
  return Object.freeze({ middleware: Object.freeze(middleware), hooks: Object.freeze(hooks) });
}

function checkMiddleware(list: readonly Middleware[] | undefined, field: string): Middleware[] {
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw new InvalidArgumentError(field, "must be an array of { name?, insert?, work? }");
  return list.map((m, i) => {
    if (typeof m !== "object" || m === null) throw new InvalidArgumentError(`${field}[${i}]`, "must be { name?, insert?, work? }");
    for (const key of ["insert", "work"] as const) {
      if (m[key] !== undefined && typeof m[key] !== "function") throw new InvalidArgumentError(`${field}[${i}].${key}`, "must be a function");
    }
    return m;
  });
}

function checkHooks(value: Hooks | readonly Hooks[] | undefined, field: string): Hooks[] {
  if (value === undefined) return [];
  const list = Array.isArray(value) ? (value as readonly Hooks[]) : [value as Hooks];
  return list.map((h, i) => {
    const at = Array.isArray(value) ? `${field}[${i}]` : field;
    if (typeof h !== "object" || h === null) throw new InvalidArgumentError(at, `must be { ${HOOK_POINTS.join("?, ")}? }`);
    for (const key of HOOK_POINTS) {
      if (h[key] !== undefined && typeof h[key] !== "function") throw new InvalidArgumentError(`${at}.${key}`, "must be a function");
    }
    return h;
  });
}
