/** River's golden unique-key vectors (`unique_keys.json`), read exactly and turned into Tributary insert options. */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { UniqueOpts } from "../job/unique-opts.js";
import type { JobState } from "../job/job-row.js";
import { parseExactJson } from "../json/exact-json-parse.js";

/** One case of River's fixture, as River wrote it. */
export interface RiverUniqueKeyCase {
  name: string;
  kind: string;
  queue: string;
  args: Record<string, unknown>;
  now: string;
  scheduled_at: string | null;
  selected_unique_paths: string[] | null;
  options: { by_args: boolean; by_period_nanos: number; by_queue: boolean; by_state?: JobState[]; exclude_kind: boolean };
  expected_sha256: string;
  expected_state_mask: number;
}

/** A golden case as a Tributary insert, with the bytes River stores for it. */
export interface UniqueKeyGolden {
  name: string;
  kind: string;
  queue: string;
  args: Record<string, unknown>;
  unique: UniqueOpts;
  /** The instant River's key is computed at. */
  now: Date;
  /** Insert with this scheduled time: the case's own, or `now` when the key has a period (River then uses now). */
  scheduledAt: Date | undefined;
  /** `unique_key` as hex. */
  expectedKeyHex: string;
  /** `unique_states` as bit(8) text. */
  expectedStates: string;
}

/**
 * Golden cases no JS value can express, with the reason. Every other case, typed-only ones
 * included, must pass.
 */
export const UNREPRESENTABLE_GOLDENS: Readonly<Record<string, string>> = {
  typed_duplicate_top_level_keys: "a JS object cannot hold a repeated key (Go's args repeat \"a\")",
  typed_integer_like_map_keys:
    'a JS object always lists integer-like keys first in numeric order ("2" before "10"), so it cannot hold Go\'s nested order "10", "2"',
};

/**
 * Characters the stored text of River's `unique_keys.json` lost, put back when the file is read
 * (the file itself stays byte-identical to the copy in `SHA256SUMS`). `map_order_and_negative_zero`
 * shows its last key as `""`, but River's Rust port builds that golden with the key U+E000
 * (`rust/riverqueue/src/unique.rs`, `typed_map_args_hash_like_go_despite_member_order`), and only
 * with U+E000 does the case's `expected_sha256` come out: Go writes the private-use character raw,
 * and the index that carried the file drops it, as it dropped the DEL restored in `typed_escaping`.
 */
export const FIXTURE_ERRATA: Readonly<Record<string, { argKey: string; is: string; because: string }>> = {
  map_order_and_negative_zero: {
    argKey: "",
    is: "\u{e000}",
    because: "River's Rust port builds this golden with the key U+E000; the stored text of the fixture lost it",
  },
};

/** The case with its erratum applied: the lost key renamed, the members' order kept. */
function withErratum(c: RiverUniqueKeyCase): RiverUniqueKeyCase {
  const erratum = FIXTURE_ERRATA[c.name];
  if (!erratum) return c;
  if (!(erratum.argKey in c.args)) throw new Error(`golden ${c.name} no longer has the key its erratum renames: drop the erratum`);
  const args = Object.fromEntries(Object.entries(c.args).map(([k, v]) => [k === erratum.argKey ? erratum.is : k, v]));
  return { ...c, args };
}

/**
 * Goldens whose args PostgreSQL cannot store, so no insert (River's or Tributary's) can hold
 * them; `uniqueKey()` still reproduces them, and an insert refuses them before writing.
 */
export const UNSTORABLE_GOLDENS: Readonly<Record<string, string>> = {
  typed_escaping: "args.controls holds U+0000, which PostgreSQL's jsonb refuses",
};

/**
 * Where the copy of River's conformance folder lives in this repository (checked against its
 * SHA256SUMS by core's tests): found through `@tributary/core`'s own package.json as resolved
 * from the working directory, which works from the ESM and the CommonJS build alike.
 */
export function riverConformanceDir(): string {
  const resolve = createRequire(join(process.cwd(), "package.json")).resolve;
  return join(dirname(resolve("@tributary/core/package.json")), "test/data/river-conformance/");
}

/** Every case and typed-only case of River's `unique_keys.json`, numbers read exactly. */
export function riverUniqueKeyCases(): { cases: RiverUniqueKeyCase[]; typedOnly: RiverUniqueKeyCase[] } {
  const file = `${riverConformanceDir()}fixtures/unique_keys.json`;
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new Error(`River's golden unique keys are read from ${file}, which is missing: run the suite from a checkout of Tributary's repository`, { cause: err });
  }
  const fixture = parseExactJson(text) as { cases: RiverUniqueKeyCase[]; typed_only_cases: RiverUniqueKeyCase[] };
  return { cases: fixture.cases.map(withErratum), typedOnly: fixture.typed_only_cases.map(withErratum) };
}

/**
 * The goldens a JS value can express and Tributary must reproduce: every case and typed-only
 * case not in {@link UNREPRESENTABLE_GOLDENS}.
 */
export function representableUniqueKeyGoldens(): UniqueKeyGolden[] {
  const { cases, typedOnly } = riverUniqueKeyCases();
  return [...cases, ...typedOnly].filter((c) => !(c.name in UNREPRESENTABLE_GOLDENS)).map(toGolden);
}

/** Maps River's options onto {@link UniqueOpts} (periods are nanoseconds there, milliseconds here). */
export function toGolden(c: RiverUniqueKeyCase): UniqueKeyGolden {
  const o = c.options;
  const unique: UniqueOpts = {};
  if (o.by_args) unique.byArgs = c.selected_unique_paths ?? true;
  if (o.by_period_nanos > 0) unique.byPeriod = o.by_period_nanos / 1e6;
  if (o.by_queue) unique.byQueue = true;
  if (o.by_state) unique.byState = o.by_state;
  if (o.exclude_kind) unique.excludeKind = true;
  const now = new Date(c.now);
  const scheduledAt = c.scheduled_at !== null ? new Date(c.scheduled_at) : unique.byPeriod ? now : undefined;
  return {
    name: c.name,
    kind: c.kind,
    queue: c.queue,
    args: c.args,
    unique,
    now,
    scheduledAt,
    expectedKeyHex: c.expected_sha256,
    expectedStates: c.expected_state_mask.toString(2).padStart(8, "0"),
  };
}
