// Writes the generated part of the root README's "## Benchmarks" section from a full run's report.
import { readFile, writeFile } from "node:fs/promises";
import { relative } from "node:path";
import { bestOfPeer, formatRatio, formatValue, peerRatios, renderTables } from "./report-table.js";
import type { BenchReport } from "./run-bench.js";
import { FLOOR_LABELS, type FloorRow, floorRows } from "./floor/floor-rows.js";
import { PEERS } from "./systems/registry.js";

export const README_START = "<!-- bench:results:start (written by pnpm bench) -->";
export const README_END = "<!-- bench:results:end -->";

function cellText(report: BenchReport, scenario: string, system: string): string {
  const cell = report.cells.find((c) => c.scenario === scenario && c.system === system);
  if (!cell) return "";
  const { median: m, min, max, n } = cell.summary;
  return n > 1 ? `${formatValue(m)} (${formatValue(min)}–${formatValue(max)})` : formatValue(m);
}

function floorText(row: FloorRow | undefined): string {
  return row === undefined ? "" : `${formatValue(row.median)} (${formatValue(row.min)}–${formatValue(row.max)})`;
}

/** The processing table in Markdown: every system at c=10 and c=50, its ratios to each peer's best, and the floor. */
function processingTable(report: BenchReport): string {
  const scenarios = ["process-c10", "process-c50"];
  const lines = [
    `| system | Node | c=10 jobs/s | c=50 jobs/s | ${PEERS.map((p) => `× ${p.name} (c=10 / c=50)`).join(" | ")} |`,
    `|---|---|---:|---:|${PEERS.map(() => "---:|").join("")}`,
  ];
  for (const sys of report.systems.filter((s) => !s.skipped)) {
    if (!scenarios.some((sc) => report.cells.some((c) => c.scenario === sc && c.system === sys.id))) continue;
    const ratios = PEERS.map((_, i) => scenarios.map((sc) => formatRatio(peerRatios(report, sc, sys.id)[i])).join(" / "));
    const isPeer = PEERS.some((p) => p.systems.includes(sys.id));
    lines.push(
      `| ${sys.label} | ${sys.node ?? ""} | ${scenarios.map((sc) => cellText(report, sc, sys.id)).join(" | ")} | ${isPeer ? PEERS.map(() => "").join(" | ") : ratios.join(" | ")} |`,
    );
  }
  // Floors (pgbench, SQL alone, 2 connections): per concurrency at its own batch, then the
  // rows that hold at any concurrency (one batch size for both columns).
  const rows = floorRows(report.floors);
  const blank = PEERS.map(() => "").join(" | ");
  const own = (c: number) => rows.find((r) => r.statements === "tributary" && r.batch === c);
  if (own(10) || own(50)) {
    lines.push(`| *floor: ${FLOOR_LABELS.tributary}, as many per fetch as the concurrency* | | ${floorText(own(10))} | ${floorText(own(50))} | ${blank} |`);
  }
  for (const r of rows.filter((r) => r.batch !== 10 && r.batch !== 50)) {
    lines.push(`| *floor: ${r.label}, ${r.batch} per fetch* | | ${floorText(r)} | ${floorText(r)} | ${blank} |`);
  }
  return lines.join("\n");
}

/** Each peer's exact configuration, as the run recorded it. */
function peerConfigurations(report: BenchReport): string {
  const ids = PEERS.flatMap((p) => p.systems);
  return report.systems
    .filter((s) => ids.includes(s.id) && s.config)
    .map((s) => `- **${s.label}** (c=50): \`${JSON.stringify(s.config!.c50)}\``)
    .join("\n");
}

/** The generated Markdown: when and where the run was, the chart, the processing table, every table, the peers' settings. */
export function renderReadmeSection(report: BenchReport, files: { json: string; svg?: string }, readmeDir: string): string {
  const env = report.environment;
  const nodes = [...new Set(report.systems.map((s) => s.node).filter(Boolean))].join(" and ");
  const load = (l: number[]) => l.map((x) => x.toFixed(1)).join(" / ");
  const best = (scenario: string) =>
    PEERS.map((p) => `${p.name}: ${report.systems.find((s) => s.id === bestOfPeer(report, scenario, p))?.label ?? "–"}`).join(", ");
  return [
    `Latest full run — ${report.startedAt.slice(0, 16).replace("T", " ")}–${report.finishedAt.slice(11, 16)} UTC, ${env.cpus} × ${env.cpuModel}, ` +
      `load average (1/5/15 min) ${load(env.loadAverageStart)} at the start and ${load(env.loadAverageEnd)} at the end ` +
      "(a shared machine: compare ratios within the run, not absolute numbers); " +
      `PostgreSQL ${env.postgres}; ${Object.entries(env.versions).map(([name, v]) => `${name} ${v}`).join(", ")}; systems on Node ${nodes}. ` +
      `${report.repetitions} repetitions, systems alternating within each; medians (min–max). ` +
      `Raw data: [\`${relative(readmeDir, files.json)}\`](${relative(readmeDir, files.json)}).`,
    "",
    ...(files.svg ? [`![Throughput chart](${relative(readmeDir, files.svg)})`, ""] : []),
    `Processing ${report.sizes.process.toLocaleString("en-US")} pre-loaded no-op jobs (ratios to each peer's best configuration: ${best("process-c50")}):`,
    "",
    processingTable(report),
    "",
    "Every scenario:",
    "",
    "```",
    renderTables(report),
    "```",
    "",
    "Peer configurations (each as its docs recommend for throughput):",
    "",
    peerConfigurations(report),
  ].join("\n");
}

/** Replaces the text between the README's bench markers; false when the markers are missing. */
export async function updateReadme(readmePath: string, section: string): Promise<boolean> {
  const text = await readFile(readmePath, "utf8");
  const start = text.indexOf(README_START);
  const end = text.indexOf(README_END);
  if (start < 0 || end < start) return false;
  await writeFile(readmePath, `${text.slice(0, start + README_START.length)}\n${section}\n${text.slice(end)}`);
  return true;
}
