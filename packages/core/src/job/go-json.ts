/**
 * JSON encoded the way Go's encoding/json encodes it, so unique keys built here are
 * byte-identical to River's: `<`, `>`, `&`, U+2028 and U+2029 are escaped. Those
 * characters never occur outside string literals in JSON text, so escaping the whole
 * output is the same as escaping inside strings.
 */
export function goJsonStringify(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => GO_ESCAPES[c]!);
}

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
