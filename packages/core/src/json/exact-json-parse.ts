/** Parses job JSON without losing numbers: integers beyond ±(2^53−1) become `bigint`, `-0` stays `-0`. */

/** 2^53: an integer token beyond ±(2^53−1) always parses to a number at least this large. */
const TWO_POW_53 = 2 ** 53;

/** The number syntax of RFC 8259, matched at a position. */
const NUMBER_TOKEN = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/** An integer token: no fraction, no exponent. */
const INTEGER_TOKEN = /^-?\d+$/;

/**
 * Parses JSON text like `JSON.parse`, except that an integer token (digits only, no fraction
 * or exponent) outside ±(2^53−1) is returned as a `bigint` holding its exact value. Every
 * other number is a `number`, as `JSON.parse` gives it: `-0` stays `-0`, and `1e+100` or
 * `1.5` keep their JS value and notation when written again. Throws SyntaxError on invalid JSON.
 */
export function parseExactJson(text: string): unknown {
  // Native first: rounding is monotonic, so a lossy integer token shows up as a number of
  // magnitude ≥ 2^53. Nearly every job has none and costs one JSON.parse plus a walk; the
  // rest (and floats that large, which then parse the same) are read again exactly.
  const native: unknown = JSON.parse(text);
  return holdsNumberBeyondSafe(native) ? new ExactJsonParser(text).document() : native;
}

function holdsNumberBeyondSafe(value: unknown): boolean {
  if (typeof value === "number") return Math.abs(value) >= TWO_POW_53;
  if (typeof value !== "object" || value === null) return false;
  if (Array.isArray(value)) {
    for (const item of value) if (holdsNumberBeyondSafe(item)) return true;
    return false;
  }
  // JSON.parse's objects have only own enumerable members, so for…in visits exactly those.
  for (const key in value) if (holdsNumberBeyondSafe((value as Record<string, unknown>)[key])) return true;
  return false;
}

/** The value of one JSON number token: a `bigint` for an integer token outside the safe range, else a `number`. */
export function exactJsonNumber(token: string): number | bigint {
  const n = Number(token);
  return Number.isSafeInteger(n) || !INTEGER_TOKEN.test(token) ? n : BigInt(token);
}

class ExactJsonParser {
  readonly #text: string;
  #at = 0;

  constructor(text: string) {
    this.#text = text;
  }

  document(): unknown {
    const value = this.#value();
    this.#skipWhitespace();
    if (this.#at < this.#text.length) this.#fail("unexpected text after the JSON value");
    return value;
  }

  #value(): unknown {
    this.#skipWhitespace();
    const c = this.#text.charCodeAt(this.#at);
    switch (c) {
      case 0x7b: // {
        return this.#object();
      case 0x5b: // [
        return this.#array();
      case 0x22: // "
        return this.#string();
      case 0x74: // t
        return this.#literal("true", true);
      case 0x66: // f
        return this.#literal("false", false);
      case 0x6e: // n
        return this.#literal("null", null);
      default:
        return this.#number();
    }
  }

  #object(): Record<string, unknown> {
    const obj: Record<string, unknown> = {};
    this.#at++;
    this.#skipWhitespace();
    if (this.#text.charCodeAt(this.#at) === 0x7d) {
      this.#at++;
      return obj;
    }
    for (;;) {
      this.#skipWhitespace();
      if (this.#text.charCodeAt(this.#at) !== 0x22) this.#fail("expected a string key");
      const key = this.#string();
      this.#skipWhitespace();
      if (this.#text.charCodeAt(this.#at) !== 0x3a) this.#fail("expected ':'");
      this.#at++;
      const value = this.#value();
      // JSON.parse makes "__proto__" an own property; plain assignment would set the prototype.
      if (key === "__proto__") Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
      else obj[key] = value;
      this.#skipWhitespace();
      const next = this.#text.charCodeAt(this.#at++);
      if (next === 0x7d) return obj;
      if (next !== 0x2c) this.#fail("expected ',' or '}'", -1);
    }
  }

  #array(): unknown[] {
    const arr: unknown[] = [];
    this.#at++;
    this.#skipWhitespace();
    if (this.#text.charCodeAt(this.#at) === 0x5d) {
      this.#at++;
      return arr;
    }
    for (;;) {
      arr.push(this.#value());
      this.#skipWhitespace();
      const next = this.#text.charCodeAt(this.#at++);
      if (next === 0x5d) return arr;
      if (next !== 0x2c) this.#fail("expected ',' or ']'", -1);
    }
  }

  #string(): string {
    const text = this.#text;
    const start = this.#at;
    let i = start + 1;
    let plain = true;
    for (;;) {
      const c = text.charCodeAt(i);
      if (Number.isNaN(c)) this.#fail("unterminated string");
      if (c === 0x22) break;
      if (c === 0x5c) {
        plain = false;
        i += 2;
        continue;
      }
      if (c < 0x20) plain = false;
      i++;
    }
    this.#at = i + 1;
    // Escapes and their errors are exactly JSON.parse's when it reads the token itself.
    return plain ? text.slice(start + 1, i) : (JSON.parse(text.slice(start, i + 1)) as string);
  }

  #number(): number | bigint {
    NUMBER_TOKEN.lastIndex = this.#at;
    const match = NUMBER_TOKEN.exec(this.#text);
    if (!match) this.#fail("unexpected character");
    this.#at += match[0].length;
    return exactJsonNumber(match[0]);
  }

  #literal<T>(word: string, value: T): T {
    if (!this.#text.startsWith(word, this.#at)) this.#fail("unexpected character");
    this.#at += word.length;
    return value;
  }

  #skipWhitespace(): void {
    const text = this.#text;
    let c = text.charCodeAt(this.#at);
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = text.charCodeAt(++this.#at);
  }

  #fail(problem: string, offset = 0): never {
    throw new SyntaxError(`invalid JSON at position ${this.#at + offset}: ${problem}`);
  }
}
