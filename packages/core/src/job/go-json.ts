/** JSON encoded as Go's encoding/json does, for unique keys identical to River's. */
import { stringifyExactJson } from "../json/exact-json-stringify.js";

/**
 * JSON encoded the way Go's encoding/json encodes it, so unique keys built here are
 * byte-identical to River's: `<`, `>`, `&`, U+2028 and U+2029 are escaped, a `bigint` is
 * written as its exact digits and `-0` as `-0`. Those characters never occur outside string
 * literals in JSON text, so escaping the whole output is the same as escaping inside strings.
 */
export function goJsonStringify(value: unknown): string {
  return goJsonValue(value) ?? "null";
}

/**
 * One member's value as Go encodes it, or undefined when JSON leaves the member out
 * (`undefined`, a function, a symbol, a toJSON that returns undefined). `name` is the
 * member name handed to a toJSON method, as JSON.stringify does.
 */
export function goJsonValue(value: unknown, name = ""): string | undefined {
  return stringifyExactJson(value, name)?.replace(GO_HTML_ESCAPED, (c) => GO_ESCAPES[c]!);
}

/**
 * A member name as River writes it into a unique key: verbatim between quotes when it is
 * plain printable ASCII without `"` or `\` (so `a<b` and `a&b` stay as they are), otherwise
 * encoded like any Go string (`é&` → `"é\u0026"`).
 */
export function goJsonKey(key: string): string {
  return needsEncoding(key) ? goJsonStringify(key) : `"${key}"`;
}

/** A control character, `"`, `\` or anything beyond ASCII. */
function needsEncoding(key: string): boolean {
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (c < 0x20 || c > 0x7f || c === 0x22 || c === 0x5c) return true;
  }
  return false;
}

const GO_HTML_ESCAPED = /[<>&\u2028\u2029]/g;

const GO_ESCAPES: Record<string, string> = {
  "<": "\\u003c",
  ">": "\\u003e",
  "&": "\\u0026",
  "\u2028": "\\u2028",
  "\u2029": "\\u2029",
};

/** Compares strings by their UTF-8 bytes, the order Go uses for map keys. */
export function compareUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}
