/** `pnpm bench --json-cost`: what reading and writing job JSON exactly costs next to plain JSON.parse/JSON.stringify. */
import { performance } from "node:perf_hooks";

/** The core functions measured. They are internal, so they are loaded by path (see {@link loadCore}). */
interface CoreJson {
  parseExactJson(text: string): unknown;
  parseJobJson(json: string): unknown;
  serializeJsonObject(value: unknown, field: string): string;
}

/** One measured operation: microseconds per call (median of rounds). */
export interface JsonCostFigure {
  name: string;
  microsPerCall: number;
  /** Relative to the plain native call it replaces. */
  vsNative: number;
}

/**
 * Loads core's row parser and args serializer from its sources. A computed path keeps them out
 * of the bench's type program (its rootDir is this package); tsx resolves it at run time.
 */
async function loadCore(): Promise<CoreJson> {
  const source = (file: string) => new URL(`../../core/src/${file}`, import.meta.url).href;
  const [parse, row, payload] = await Promise.all([
    import(source("json/exact-json-parse.ts")),
    import(source("job/job-row.ts")),
    import(source("job/json-payload.ts")),
  ]);
  return { parseExactJson: parse.parseExactJson, parseJobJson: row.parseJobJson, serializeJsonObject: payload.serializeJsonObject };
}

/** A row as `jobJsonColumn` returns it (json_build_array spacing, jsonb's key order), with these args. */
function rowText(argsJson: string, id: number): string {
  return (
    `["${id}", "available", 0, 25, null, null, "2026-12-01T08:00:00.123456+00:00", null, "2026-12-01T08:00:00.123456+00:00", ` +
    `1, ${argsJson}, null, "send_email", {}, "default", [], "1d254dda1efe1009ffb205ede791d481545d66abb8542e85f0d895415b05cdf9", "11110101"]`
  );
}

const PLAIN_ARGS = { to: "user@example.com", subject: "Your receipt", order_id: 123456789, amounts: [12.5, 3, 99.99], account: { id: "acct-42", plan: "pro" } };
const GO_INT64_ARGS = { ...PLAIN_ARGS, order_id: 9223372036854775807n, trace: -9223372036854775808n };

/** One operation to time and the native call it is compared with. */
interface Operation {
  name: string;
  run: (i: number) => unknown;
  baseline: string;
}

/**
 * Median microseconds per call of each operation. Rounds interleave the operations, so a
 * change in the machine's load (it is shared) hits every operation alike.
 */
function timeInterleaved(ops: readonly Operation[], calls: number, rounds: number): Map<string, number> {
  const samples = new Map(ops.map((op) => [op.name, [] as number[]]));
  let sink = 0;
  for (let r = 0; r < rounds; r++) {
    for (const op of ops) {
      const start = performance.now();
      for (let i = 0; i < calls; i++) if (op.run(i) !== undefined) sink++;
      samples.get(op.name)!.push(((performance.now() - start) * 1000) / calls);
    }
  }
  if (sink < 0) throw new Error("unreachable");
  return new Map([...samples].map(([name, s]) => [name, s.sort((a, b) => a - b)[Math.floor(s.length / 2)]!]));
}

/** Times each operation against its native counterpart (CPU only, no database). */
export async function measureJsonCost(calls = 5_000, rounds = 21): Promise<JsonCostFigure[]> {
  const core = await loadCore();
  const plainRows = Array.from({ length: 64 }, (_, i) => rowText(JSON.stringify(PLAIN_ARGS), 1000 + i));
  const int64Rows = Array.from({ length: 64 }, (_, i) => rowText(core.serializeJsonObject(GO_INT64_ARGS, "args"), 1000 + i));
  const parse = "JSON.parse of a row (baseline)";
  const stringify = "JSON.stringify of args (baseline)";
  const ops: Operation[] = [
    { name: parse, run: (i) => JSON.parse(plainRows[i % 64]!), baseline: parse },
    { name: "parseExactJson, row without big integers (native fast path)", run: (i) => core.parseExactJson(plainRows[i % 64]!), baseline: parse },
    { name: "parseExactJson, row with int64 args (exact parser)", run: (i) => core.parseExactJson(int64Rows[i % 64]!), baseline: parse },
    { name: "parseJobJson (parse + JobRow mapping), plain row", run: (i) => core.parseJobJson(plainRows[i % 64]!), baseline: parse },
    { name: stringify, run: () => JSON.stringify(PLAIN_ARGS), baseline: stringify },
    { name: "serializeJsonObject, plain args", run: () => core.serializeJsonObject(PLAIN_ARGS, "args"), baseline: stringify },
    { name: "serializeJsonObject, args with bigint", run: () => core.serializeJsonObject(GO_INT64_ARGS, "args"), baseline: stringify },
  ];
  timeInterleaved(ops, calls, 2); // warm-up: the figures are the optimised code's
  const micros = timeInterleaved(ops, calls, rounds);
  return ops.map((op) => ({ name: op.name, microsPerCall: micros.get(op.name)!, vsNative: micros.get(op.name)! / micros.get(op.baseline)! }));
}

/** The figures as a text table. */
export function renderJsonCost(figures: readonly JsonCostFigure[]): string {
  const width = Math.max(...figures.map((f) => f.name.length));
  const lines = figures.map((f) => `${f.name.padEnd(width)}  ${f.microsPerCall.toFixed(2).padStart(7)} µs  ${f.vsNative.toFixed(2).padStart(5)}×`);
  return [`Job JSON cost (CPU only, Node ${process.version}; × = relative to the native call)`, ...lines].join("\n");
}
