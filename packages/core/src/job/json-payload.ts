import { InvalidArgumentError } from "../base/errors.js";

/**
 * Serialises a job's args or metadata, refusing what JSON.stringify would silently drop
 * or mangle (functions, symbols, undefined array items, NaN/Infinity) and what it throws
 * on (cycles, BigInt) with an error that names the field and the path inside it.
 */
export function serializeJsonObject(value: unknown, field: string): string {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new InvalidArgumentError(field, `must be a JSON object, got ${describe(value)}`);
  }
  assertSerializable(value, field, new Set());
  return JSON.stringify(value);
}

function assertSerializable(value: unknown, path: string, ancestors: Set<object>): void {
  switch (typeof value) {
    case "string":
    case "boolean":
      return;
    case "number":
      if (!Number.isFinite(value)) throw new InvalidArgumentError(path, `${value} is not representable in JSON`);
      return;
    case "bigint":
      throw new InvalidArgumentError(path, "BigInt is not serialisable to JSON: convert it to a string or number");
    case "function":
    case "symbol":
      throw new InvalidArgumentError(path, `a ${typeof value} is not serialisable to JSON`);
    case "undefined":
      return;
    default:
      break;
  }
  if (value === null) return;
  const obj = value as Record<string, unknown> & { toJSON?: () => unknown };
  if (typeof obj.toJSON === "function") return;
  if (ancestors.has(obj)) throw new InvalidArgumentError(path, "contains a circular reference");
  ancestors.add(obj);
  if (Array.isArray(obj)) {
    obj.forEach((item, i) => {
      if (item === undefined) throw new InvalidArgumentError(`${path}[${i}]`, "undefined is not serialisable to JSON");
      assertSerializable(item, `${path}[${i}]`, ancestors);
    });
  } else {
    for (const key of Object.keys(obj)) assertSerializable(obj[key], `${path}.${key}`, ancestors);
  }
  ancestors.delete(obj);
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value;
}
