/** Writes JSON like `JSON.stringify`, but a `bigint` as its exact digits and `-0` as `-0`. */

/**
 * `JSON.stringify` with two differences: a `bigint` is written as its decimal digits
 * (`9223372036854775807`) instead of throwing, and `-0` is written `-0` instead of `0`, so
 * `parseExactJson` gives back the same values. Everything else (toJSON, key order,
 * dropped `undefined`/functions/symbols, `null` for non-finite numbers) is JSON.stringify's.
 * `name` is the member name handed to a toJSON method of `value` itself (default `""`).
 */
export function stringifyExactJson(value: unknown, name = ""): string | undefined {
  return write(value, name);
}

function write(value: unknown, key: string): string | undefined {
  let v = value;
  if (typeof v === "object" && v !== null && typeof (v as { toJSON?: unknown }).toJSON === "function") {
    v = (v as { toJSON(key: string): unknown }).toJSON(key);
  } else if (typeof v === "bigint") {
    return v.toString();
  }
  if (v instanceof Number || v instanceof String || v instanceof Boolean) v = v.valueOf();
  switch (typeof v) {
    case "string":
      return JSON.stringify(v);
    case "number":
      if (Object.is(v, -0)) return "-0";
      return Number.isFinite(v) ? String(v) : "null";
    case "bigint":
      return v.toString();
    case "boolean":
      return v ? "true" : "false";
    case "undefined":
    case "function":
    case "symbol":
      return undefined;
    default:
      break;
  }
  if (v === null) return "null";
  if (Array.isArray(v)) {
    const items = v.map((item, i) => write(item, String(i)) ?? "null");
    return `[${items.join(",")}]`;
  }
  const obj = v as Record<string, unknown>;
  const members: string[] = [];
  for (const k of Object.keys(obj)) {
    const written = write(obj[k], k);
    if (written !== undefined) members.push(`${JSON.stringify(k)}:${written}`);
  }
  return `{${members.join(",")}}`;
}
