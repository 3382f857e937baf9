// The suite's table: each scenario's row is written to a shared folder, and printed all together at the end.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ScenarioReport } from "./scenario-report.js";

const COLUMNS = ["scenario", "committed", "lost", "run twice (in crash window)", "leaked", "slowest stop / deadline", "recover", "unrecorded", "time", "verdict"];

function cells(r: ScenarioReport): string[] {
  return [
    r.scenario,
    String(r.committed),
    String(r.lost),
    `${r.runTwice} (${r.runTwiceInCrashWindow})`,
    String(r.leaked),
    `${r.slowestStopMs} / ${r.stopTimeoutMs} ms`,
    r.recoverMs === null ? "-" : `${r.recoverMs} ms`,
    String(r.unrecorded),
    `${r.seconds} s`,
    r.failures.length === 0 ? "pass" : `FAIL: ${r.failures.join("; ")}`,
  ];
}

/** A Markdown table of the reports. */
export function formatTable(reports: ScenarioReport[]): string {
  const rows = [COLUMNS, COLUMNS.map(() => "---"), ...reports.map(cells)];
  return rows.map((r) => `| ${r.join(" | ")} |`).join("\n");
}

/** Prints the report's row and keeps it for the suite's table. */
export function recordReport(dir: string | undefined, report: ScenarioReport): void {
  console.log(formatTable([report]));
  if (dir) writeFileSync(join(dir, `${Date.now()}-${report.scenario.replace(/[^a-z0-9]+/gi, "-")}.json`), JSON.stringify(report));
}

/** Every report kept in `dir`, in the order they were recorded. */
export function readReports(dir: string): ScenarioReport[] {
  return readdirSync(dir)
    .sort()
    .map((f) => JSON.parse(readFileSync(join(dir, f), "utf8")) as ScenarioReport);
}
