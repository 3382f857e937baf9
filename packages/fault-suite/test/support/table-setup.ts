// Vitest global setup: a folder for the scenarios' rows, and the whole table printed when the suite ends.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { formatTable, readReports } from "./report-table.js";

declare module "vitest" {
  export interface ProvidedContext {
    faultReportDir: string;
  }
}

export default function setup(project: TestProject): () => void {
  const dir = mkdtempSync(join(tmpdir(), "tributary-fault-table-"));
  project.provide("faultReportDir", dir);
  return () => {
    const reports = readReports(dir);
    if (reports.length > 0) console.log(`\nFault suite\n\n${formatTable(reports)}\n`);
    rmSync(dir, { recursive: true, force: true });
  };
}
