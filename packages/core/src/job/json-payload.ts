/** Validates and serialises args and metadata to the exact JSON text that is stored. */
import { InvalidArgumentError } from "../base/errors.js";
import { stringifyExactJson } from "../json/exact-json-stringify.js";

/**
 * The largest jsonb value PostgreSQL stores (its `JENTRY_OFFLENMASK`, 2^28 - 1 bytes): a
 * larger value fails with `54000` after the whole payload has been sent and parsed.
 */
export const JSONB_MAX_BYTES = 268_435_455;

/**
 * Serialises a job's args or metadata exactly: a `bigint` is written as its digits and `-0`
 * as `-0` (both read back as the same values). Refuses what JSON.stringify would silently
 * drop or mangle (functions, symbols, undefined array items, NaN/Infinity), cycles, what
 * PostgreSQL's jsonb refuses (the character U+0000 and lone UTF-16 surrogates, in values and
 * member names), and JSON text over `maxBytes` UTF-8 bytes, with an error that names the
 * field and the path inside it.
 */
export function serializeJsonObject(value: unknown, field: string, maxBytes: number): string {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new InvalidArgumentError(field, `must be a JSON object, got ${describe(value)}`);
  }
  const tally = { units: 0 };
  const needsExact = checkSerializable(value, field, new Set(), tally);
  const limit = `over the limit of ${maxBytes} bytes${maxBytes === JSONB_MAX_BYTES ? " (the largest jsonb value PostgreSQL stores)" : ""}`;
  // Every UTF-16 unit of a string or member name is at least one byte of JSON text: a payload
  // certainly too large is refused before the (slow, for hundreds of MB) stringify.
  if (tally.units > maxBytes) throw new InvalidArgumentError(field, `its JSON text is ${limit}: its strings alone hold ${tally.units} characters`);
  // The native stringifier is several times faster; only values it cannot write take the exact one.
  const json = needsExact ? (stringifyExactJson(value) as string) : JSON.stringify(value);
  // A UTF-16 unit is at most 3 UTF-8 bytes, so most payloads are cleared without counting.
  if (json.length * 3 > maxBytes) {
    const bytes = Buffer.byteLength(json, "utf8");
    if (bytes > maxBytes) throw new InvalidArgumentError(field, `its JSON text is ${bytes} bytes, ${limit}`);
  }
  return json;
}

/** Throws for what JSON cannot hold; returns true when the value needs the exact stringifier. */
function checkSerializable(value: unknown, path: string, ancestors: Set<object>, tally: { units: number }): boolean {
  switch (typeof value) {
    case "string":
      checkText(value, path);
      tally.units += value.length;
      return false;
    case "boolean":
    case "undefined":
      return false;
    case "number":
      if (!Number.isFinite(value)) throw new InvalidArgumentError(path, `${value} is not representable in JSON`);
      return Object.is(value, -0);
    case "bigint":
      return true;
    case "function":
    case "symbol":
      throw new InvalidArgumentError(path, `a ${typeof value} is not serialisable to JSON`);
    default:
      break;
  }
  if (value === null) return false;
  const obj = value as Record<string, unknown> & { toJSON?: () => unknown };
  // A Date writes a plain string; any other toJSON may return a bigint, which only the exact stringifier writes.
  if (typeof obj.toJSON === "function") return !(obj instanceof Date);
  if (ancestors.has(obj)) throw new InvalidArgumentError(path, "contains a circular reference");
  ancestors.add(obj);
  let exact = false;
  if (Array.isArray(obj)) {
    obj.forEach((item, i) => {
      if (item === undefined) throw new InvalidArgumentError(`${path}[${i}]`, "undefined is not serialisable to JSON");
      if (checkSerializable(item, `${path}[${i}]`, ancestors, tally)) exact = true;
    });
  } else {
    for (const key of Object.keys(obj)) {
      checkText(key, path, "a member name ");
      tally.units += key.length;
      if (checkSerializable(obj[key], `${path}.${key}`, ancestors, tally)) exact = true;
    }
  }
  ancestors.delete(obj);
  return exact;
}

/** A lone surrogate (with the u flag a well-formed pair is one code point, which `\p{Cs}` does not match). */
const LONE_SURROGATE = /\p{Cs}/u;

/** ES2024's `String.prototype.isWellFormed` (in Node 20), not yet in the ES2023 lib this builds against. */
type WellFormedCheck = { isWellFormed(): boolean };

/**
 * Throws for text jsonb cannot store: PostgreSQL refuses U+0000 (22P05) and lone surrogates
 * (22P02). `includes` and `isWellFormed` are fast paths (a one-byte string is well formed at
 * once); the position is only searched for once something is wrong.
 */
function checkText(text: string, path: string, where = ""): void {
  const nul = text.includes("\u0000");
  if (!nul && (text as unknown as WellFormedCheck).isWellFormed()) return;
  if (nul) {
    throw new InvalidArgumentError(path, `${where}holds the character U+0000 (\\u0000), which PostgreSQL's jsonb cannot store; remove it or encode the value`);
  }
  const index = LONE_SURROGATE.exec(text)?.index ?? 0;
  throw new InvalidArgumentError(
    path,
    `${where}holds a lone UTF-16 surrogate (\\u${text.charCodeAt(index).toString(16)} at index ${index}), which is not valid Unicode and PostgreSQL's jsonb refuses; fix the string's encoding`,
  );
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value;
}
