import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { renderChart } from "./report-chart.js";
import type { BenchReport } from "./run-bench.js";

/**
 * Writes `<dir>/<date>[.<mode>][.partial].json` and, when the run measured throughput, the
 * chart beside it; returns the paths written. A run limited to some systems or scenarios is
 * `partial`, so it never overwrites the day's full results.
 */
export async function writeResults(report: BenchReport, dir: string, options: { partial?: boolean } = {}): Promise<{ json: string; svg?: string }> {
  await mkdir(dir, { recursive: true });
  const stem = report.startedAt.slice(0, 10) + (report.mode === "full" ? "" : `.${report.mode}`) + (options.partial ? ".partial" : "");
  const json = join(dir, `${stem}.json`);
  const svg = join(dir, `${stem}.svg`);
  await writeFile(json, `${JSON.stringify(report, null, 2)}\n`);
  const throughput = report.scenarios.filter((s) => s.throughput).map((s) => s.id);
  if (!report.cells.some((c) => throughput.includes(c.scenario))) return { json };
  await writeFile(svg, renderChart(report));
  return { json, svg };
}
