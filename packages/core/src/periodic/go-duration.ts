// Go's time.ParseDuration, exactly: the duration syntax River's `@every <duration>` schedules use.

/** The largest Go `time.Duration`, in nanoseconds (about 292 years). */
export const MAX_GO_DURATION_NS = (1n << 63n) - 1n;

const UNIT_NS: Readonly<Record<string, bigint>> = {
  ns: 1n,
  us: 1_000n,
  "\u00b5s": 1_000n, // micro sign
  "\u03bcs": 1_000n, // Greek mu
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

const LIMIT = 1n << 63n;

/**
 * Parses a Go duration string (`"1h30m"`, `"1.5h"`, `"90s"`, `"500ms"`, `"-2m"`, `"0"`) into
 * nanoseconds, accepting and rejecting exactly what Go's `time.ParseDuration` does: a
 * possibly signed sequence of decimal numbers, each with an optional fraction and a unit
 * (`ns`, `us`/`µs`, `ms`, `s`, `m`, `h`), within ±(2^63 − 1) ns. Throws an `Error` with
 * Go's message otherwise.
 */
export function parseGoDuration(text: string): bigint {
  const invalid = () => new Error(`time: invalid duration ${JSON.stringify(text)}`);
  let s = text;
  let negative = false;
  if (s !== "" && (s[0] === "-" || s[0] === "+")) {
    negative = s[0] === "-";
    s = s.slice(1);
  }
  if (s === "0") return 0n;
  if (s === "") throw invalid();
  let total = 0n;
  while (s !== "") {
    if (!(s[0] === "." || isDigit(s[0]!))) throw invalid();
    // Integer part; Go rejects one that overflows 2^63.
    let i = 0;
    let whole = 0n;
    while (i < s.length && isDigit(s[i]!)) {
      whole = whole * 10n + BigInt(s.charCodeAt(i) - 48);
      if (whole > LIMIT) throw invalid();
      i++;
    }
    const hadWhole = i > 0;
    s = s.slice(i);
    // Fraction: Go stops accumulating precision once it would overflow, without failing.
    let fraction = 0n;
    let scale = 1;
    let hadFraction = false;
    if (s !== "" && s[0] === ".") {
      s = s.slice(1);
      let j = 0;
      let overflow = false;
      while (j < s.length && isDigit(s[j]!)) {
        if (!overflow) {
          const next = fraction * 10n + BigInt(s.charCodeAt(j) - 48);
          if (fraction > (LIMIT - 1n) / 10n || next > LIMIT) overflow = true;
          else {
            fraction = next;
            scale *= 10;
          }
        }
        j++;
      }
      hadFraction = j > 0;
      s = s.slice(j);
    }
    if (!hadWhole && !hadFraction) throw invalid();
    let u = 0;
    while (u < s.length && s[u] !== "." && !isDigit(s[u]!)) u++;
    if (u === 0) throw new Error(`time: missing unit in duration ${JSON.stringify(text)}`);
    const unitName = s.slice(0, u);
    s = s.slice(u);
    const unit = UNIT_NS[unitName];
    if (unit === undefined) throw new Error(`time: unknown unit ${JSON.stringify(unitName)} in duration ${JSON.stringify(text)}`);
    if (whole > LIMIT / unit) throw invalid();
    let value = whole * unit;
    if (fraction > 0n) {
      // Go computes the fraction in float64, as here, then truncates.
      value += BigInt(Math.trunc(Number(fraction) * (Number(unit) / scale)));
      if (value > LIMIT) throw invalid();
    }
    total += value;
    if (total > LIMIT) throw invalid();
  }
  if (negative) return -total;
  if (total > MAX_GO_DURATION_NS) throw invalid();
  return total;
}

function isDigit(c: string): boolean {
  return c >= "0" && c <= "9";
}
