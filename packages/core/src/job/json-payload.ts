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
  // The native stringifier is several times faster; only values it cannot write take the exact one.
  const json = checkSerializable(value, field, new Set()) ? (stringifyExactJson(value) as string) : JSON.stringify(value);
  // A UTF-16 unit is at most 3 UTF-8 bytes, so most payloads are cleared without counting.
  if (json.length * 3 > maxBytes) {
    const bytes = Buffer.byteLength(json, "utf8");
    if (bytes > maxBytes) {
      throw new InvalidArgumentError(field, `its JSON text is ${bytes} bytes, over the limit of ${maxBytes} bytes${maxBytes === JSONB_MAX_BYTES ? " (the largest jsonb value PostgreSQL stores)" : ""}`);
    }
  }
  return json;
}

/** Throws for what JSON cannot hold; returns true when the value needs the exact stringifier. */
function checkSerializable(value: unknown, path: string, ancestors: Set<object>): boolean {
  switch (typeof value) {
    case "string":
      checkText(value, path);
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
      if (checkSerializable(item, `${path}[${i}]`, ancestors)) exact = true;
    });
  } else {
    for (const key of Object.keys(obj)) {
      checkText(key, path, "a member name ");
      if (checkSerializable(obj[key], `${path}.${key}`, ancestors)) exact = true;
    }
  }
  ancestors.delete(obj);
  return exact;
}

/** U+0000, or (with the u flag a well-formed pair is one code point) a lone surrogate. */
const JSONB_UNSTORABLE = /[\u0000\p{Cs}]/u;

/** Throws for text jsonb cannot store: PostgreSQL refuses U+0000 (22P05) and lone surrogates (22P02). */
function checkText(text: string, path: string, where = ""): void {
  const found = JSONB_UNSTORABLE.exec(text);
  if (!found) return;
  const unit = found[0].charCodeAt(0);
  throw new InvalidArgumentError(
    path,
    unit === 0
      ? `${where}holds the character U+0000 (\\u0000), which PostgreSQL's jsonb cannot store; remove it or encode the value`
      : `${where}holds a lone UTF-16 surrogate (\\u${unit.toString(16)} at index ${found.index}), which is not valid Unicode and PostgreSQL's jsonb refuses; fix the string's encoding`,
  );
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value;
}
