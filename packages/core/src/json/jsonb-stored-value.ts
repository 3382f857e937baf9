/** A JSON value as PostgreSQL's jsonb will hand it back: how an insert reports args it has not read again. */

const TWO_POW_53 = 2 ** 53;

/**
 * `value` (as parsed from the JSON sent) changed the way jsonb changes numbers, so that what an
 * insert returns equals what a later read returns: jsonb's numeric has no negative zero (`-0`
 * becomes `0`), and it writes every number in plain decimal, so an integer-valued number of
 * magnitude ≥ 2^53 written as `1e+21` reads back as the exact integer of that decimal, a
 * `bigint`. Everything else is returned as it is.
 */
export function asJsonbStores(value: unknown): unknown {
  if (typeof value === "number") {
    if (Object.is(value, -0)) return 0;
    return Number.isInteger(value) && Math.abs(value) >= TWO_POW_53 ? decimalInteger(String(value)) : value;
  }
  if (typeof value !== "object" || value === null) return value;
  // Copy only what changes: nearly every job has no such number and is returned as it is.
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((item, i) => {
      const stored = asJsonbStores(item);
      if (Object.is(stored, item)) return;
      copy ??= [...value];
      copy[i] = stored;
    });
    return copy ?? value;
  }
  let copy: Record<string, unknown> | undefined;
  for (const [key, member] of Object.entries(value)) {
    const stored = asJsonbStores(member);
    if (Object.is(stored, member)) continue;
    copy ??= { ...value };
    // A "__proto__" member parsed from JSON is an own property; plain assignment would set the prototype.
    Object.defineProperty(copy, key, { value: stored, writable: true, enumerable: true, configurable: true });
  }
  return copy ?? value;
}

/** The exact integer a number's shortest decimal (`1e+21`, `1.7976931348623157e+308`) denotes. */
function decimalInteger(written: string): bigint {
  const match = /^(-?)(\d+)(?:\.(\d+))?(?:e\+?(\d+))?$/.exec(written);
  if (!match) throw new Error(`unexpected number text ${written}`);
  const [, sign, whole, fraction = "", exponent = "0"] = match;
  const magnitude = BigInt(whole! + fraction) * 10n ** BigInt(Number(exponent) - fraction.length);
  return sign === "-" ? -magnitude : magnitude;
}
