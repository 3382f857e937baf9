import type { BenchReport, ResultCell } from "./run-bench.js";
import { floorRows } from "./floor/floor-rows.js";
import { median } from "./stats.js";
import { PEERS } from "./systems/registry.js";

/** A number for a table cell: 3 significant digits, `k` above 10,000. */
export function formatValue(value: number): string {
  if (!Number.isFinite(value)) return "—";
  const abs = Math.abs(value);
  if (abs >= 10_000) return `${(value / 1000).toFixed(abs >= 100_000 ? 0 : 1)}k`;
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

function cellOf(report: BenchReport, scenario: string, system: string): ResultCell | undefined {
  return report.cells.find((c) => c.scenario === scenario && c.system === system);
}

/** The system id of `peer`'s best configuration in `scenario` (undefined when none ran). */
export function bestOfPeer(report: BenchReport, scenario: string, peer: (typeof PEERS)[number]): string | undefined {
  const better = report.scenarios.find((s) => s.id === scenario)?.better;
  const cells = peer.systems.map((id) => cellOf(report, scenario, id)).filter((c): c is ResultCell => c !== undefined);
  cells.sort((a, b) => (better === "lower" ? a.summary.median - b.summary.median : b.summary.median - a.summary.median));
  return cells[0]?.system;
}

/** `×1.3`-style ratio text, `–` when undefined. */
export function formatRatio(r: number | undefined): string {
  return r === undefined ? "–" : `×${r.toFixed(r >= 10 ? 0 : r >= 1.95 ? 1 : 2)}`;
}

/** The ratio of `system` to each peer's best configuration, per scenario id. */
export function peerRatios(report: BenchReport, scenario: string, system: string): Array<number | undefined> {
  return PEERS.map((peer) => {
    const best = bestOfPeer(report, scenario, peer);
    return best === undefined ? undefined : ratio(report, scenario, system, best);
  });
}

/**
 * How many times better `system` is than `reference` in `scenario`: above 1 = better, whichever
 * direction the scenario counts as better. Undefined when either is missing.
 */
export function ratio(report: BenchReport, scenario: string, system: string, reference: string): number | undefined {
  const a = cellOf(report, scenario, system)?.summary.median;
  const b = cellOf(report, scenario, reference)?.summary.median;
  if (a === undefined || b === undefined || !(a > 0) || !(b > 0)) return undefined;
  const better = report.scenarios.find((s) => s.id === scenario)?.better;
  return better === "lower" ? b / a : a / b;
}

function renderGrid(rows: string[][]): string {
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((r) => (r[col] ?? "").length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  const [head, ...body] = rows;
  return [line(head!), widths.map((w) => "─".repeat(w)).join("  "), ...body.map(line)].join("\n");
}

/** The results as text: medians (min–max), ratios to the competitors, latency percentiles. */
export function renderTables(report: BenchReport): string {
  const ran = report.systems.filter((s) => !s.skipped);
  const out: string[] = [];
  const header = ["system", ...report.scenarios.map((s) => `${s.title} [${s.unit}]`)];
  const rows = ran.map((sys) => [
    sys.label,
    ...report.scenarios.map((sc) => {
      const cell = cellOf(report, sc.id, sys.id);
      if (!cell) return "";
      const { median, min, max, n } = cell.summary;
      return n > 1 ? `${formatValue(median)} (${formatValue(min)}–${formatValue(max)})` : formatValue(median);
    }),
  ]);
  out.push(`Medians (min–max) over ${report.repetitions} repetition(s); mode: ${report.mode}`);
  out.push(renderGrid([header, ...rows]));

  const peerIds: readonly string[] = PEERS.flatMap((p) => p.systems);
  const ratioRows = ran
    .filter((s) => !peerIds.includes(s.id))
    .map((sys) => [sys.label, ...report.scenarios.map((sc) => peerRatios(report, sc.id, sys.id).map(formatRatio).join(" / "))]);
  if (ratioRows.length > 0 && ran.some((s) => peerIds.includes(s.id))) {
    out.push("");
    out.push(`Ratio to ${PEERS.map((p) => p.name).join(" / ")}, each at its best configuration in the scenario (above 1 = better)`);
    out.push(renderGrid([["system", ...report.scenarios.map((s) => s.title)], ...ratioRows]));
  }

  if (report.floors.length > 0) {
    out.push("");
    out.push("Floor: pgbench running SQL alone (no client code), 2 connections");
    out.push(
      renderGrid([
        ["statements", "jobs per fetch", "jobs/s median (min–max)"],
        ...floorRows(report.floors).map((r) => [r.label, String(r.batch), `${formatValue(r.median)} (${formatValue(r.min)}–${formatValue(r.max)})`]),
      ]),
    );
  }

  const latency = report.scenarios.find((s) => s.id === "latency");
  if (latency) {
    const latRows = ran
      .map((sys) => ({ sys, cell: cellOf(report, "latency", sys.id) }))
      .filter((x) => x.cell)
      .map(({ sys, cell }) => [
        sys.label,
        formatValue(cell!.summary.median),
        formatValue(cell!.extra.p95 ?? Number.NaN),
        formatValue(cell!.extra.p99 ?? Number.NaN),
      ]);
    if (latRows.length > 0) {
      out.push("");
      out.push("Latency, enqueue → handler start [ms] (medians over repetitions)");
      out.push(renderGrid([["system", "p50", "p95", "p99"], ...latRows]));
    }
  }

  const tx = report.cells.filter((c) => c.scenario === "insert-tx");
  if (tx.length > 0) {
    out.push("");
    out.push("Transactional insert (business insert ± insertTx, sequential transactions)");
    out.push(
      renderGrid([
        ["system", "tx/s without job", "tx/s with insertTx", "overhead ms/tx"],
        ...tx.map((c) => [
          ran.find((s) => s.id === c.system)?.label ?? c.system,
          formatValue(c.extra.txPerSecWithout ?? Number.NaN),
          formatValue(c.extra.txPerSecWithJob ?? Number.NaN),
          formatValue(c.summary.median),
        ]),
      ]),
    );
  }

  const memory = report.cells.filter((c) => c.scenario === "memory");
  if (memory.length > 0) {
    out.push("");
    out.push(`Memory: ${report.sizes.memoryJobs.toLocaleString("en-US")} jobs queued in the database, then worked by one process (its RSS)`);
    out.push(
      renderGrid([
        ["system", "RSS before [MB]", "peak RSS [MB]", "jobs/s"],
        ...memory.map((c) => [
          ran.find((s) => s.id === c.system)?.label ?? c.system,
          formatValue(c.extra.baselineMb ?? Number.NaN),
          formatValue(c.summary.median),
          formatValue(c.extra.jobsPerSec ?? Number.NaN),
        ]),
      ]),
    );
  }

  const skipped = report.systems.filter((s) => s.skipped);
  if (skipped.length > 0) {
    out.push("");
    for (const s of skipped) out.push(`skipped ${s.label}: ${s.skipped}`);
  }
  return out.join("\n");
}
