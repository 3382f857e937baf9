/** The `&args=` part of a River unique key: all top-level args sorted, or selected dotted paths rebuilt nested. */
import { InvalidArgumentError } from "../base/errors.js";
import { compareUtf8, goJsonKey, goJsonValue } from "./go-json.js";

/**
 * A rebuilt object. A Map, not a plain object, because member order is the order the
 * paths set them in, and a plain object would move integer-like names (`"2"`) first.
 */
type RebuiltObject = Map<string, RebuiltObject | string>;

/**
 * The JSON River puts after `&args=`.
 *
 * - `true`: every top-level member whose value is written to JSON, names sorted by their UTF-8
 *   bytes, each value as Go encodes it (nested member order kept). Empty args give `{}`.
 * - a list of dotted paths: the paths sorted; starting from an empty object, each present
 *   value is set at its path, so nested objects are rebuilt nested; missing fields are
 *   skipped, an explicit `null` is kept, and when nothing is present the result is empty.
 */
export function uniqueArgsJson(args: Record<string, unknown>, byArgs: true | readonly string[]): string {
  if (byArgs === true) {
    const members: string[] = [];
    for (const name of Object.keys(args).sort(compareUtf8)) {
      const json = goJsonValue(args[name], name);
      if (json !== undefined) members.push(`${goJsonKey(name)}:${json}`);
    }
    return `{${members.join(",")}}`;
  }
  const root: RebuiltObject = new Map();
  for (const path of [...byArgs].sort(compareUtf8)) {
    const names = uniquePathNames(path);
    const found = lookUp(args, names);
    if (found !== undefined) setAt(root, names, found);
  }
  return root.size === 0 ? "" : writeRebuilt(root);
}

/**
 * The member names of a dotted path: `.` separates names, `\` makes the next character
 * literal (`a\.b` is the one name `a.b`), and `/` is an ordinary character.
 * Throws InvalidArgumentError (naming `field`) for an empty name or a trailing `\`.
 */
export function uniquePathNames(path: string, field = "opts.unique.byArgs"): string[] {
  const names: string[] = [];
  let name = "";
  for (let i = 0; i < path.length; i++) {
    const c = path[i]!;
    if (c === "\\") {
      if (i + 1 === path.length) throw new InvalidArgumentError(field, `path ${JSON.stringify(path)} ends with an unfinished \\ escape`);
      name += path[++i];
    } else if (c === ".") {
      names.push(name);
      name = "";
    } else {
      name += c;
    }
  }
  names.push(name);
  if (names.some((n) => n === "")) {
    throw new InvalidArgumentError(field, `path ${JSON.stringify(path)} has an empty member name (write a literal dot as \\.)`);
  }
  return names;
}

/** The value's Go JSON at `names` inside `args`, or undefined when a member on the way is missing or not an object. */
function lookUp(args: Record<string, unknown>, names: readonly string[]): string | undefined {
  let at: unknown = args;
  for (const name of names) {
    if (!isPlainMemberHolder(at) || !Object.hasOwn(at, name)) return undefined;
    at = (at as Record<string, unknown>)[name];
  }
  return goJsonValue(at, names[names.length - 1]!);
}

/** An object written to JSON as its own members (not an array, and not a Date or other toJSON value). */
function isPlainMemberHolder(value: unknown): value is object {
  return typeof value === "object" && value !== null && !Array.isArray(value) && typeof (value as { toJSON?: unknown }).toJSON !== "function";
}

function setAt(root: RebuiltObject, names: readonly string[], json: string): void {
  let at = root;
  for (const name of names.slice(0, -1)) {
    const child = at.get(name);
    // A shorter path already set this whole value, which holds the deeper one as it is.
    if (typeof child === "string") return;
    if (child === undefined) {
      const created: RebuiltObject = new Map();
      at.set(name, created);
      at = created;
    } else {
      at = child;
    }
  }
  at.set(names[names.length - 1]!, json);
}

function writeRebuilt(obj: RebuiltObject): string {
  const members: string[] = [];
  for (const [name, child] of obj) members.push(`${goJsonKey(name)}:${typeof child === "string" ? child : writeRebuilt(child)}`);
  return `{${members.join(",")}}`;
}
