import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { measureBulkAdmin, renderBulkAdmin } from "./bulk-admin-cost.js";
import { measureJsonCost, renderJsonCost } from "./json-cost.js";
import { profileRun } from "./profile-run.js";
import { README_START, renderReadmeSection, updateReadme } from "./readme-section.js";
import { measureSeamCost, renderSeamCost } from "./seam-cost.js";
import { stderrProgress } from "./progress.js";
import { renderTables } from "./report-table.js";
import { writeResults } from "./results-file.js";
import { runBench } from "./run-bench.js";

const USAGE = `pnpm bench [options]
  --quick                 smoke run: tiny counts, 1 repetition, checks every job ran exactly once
  --memory                process 1,000,000 jobs with Tributary (pg) and report peak RSS
  --json-cost             CPU cost of reading and writing job JSON exactly vs JSON.parse/stringify (no database)
  --seam-cost             processing with and without a pass-through middleware, alternating (--reps runs, default 5)
  --bulk-admin            retryJobs, cancelJobs, deleteJobs on 10,000 jobs through each driver: time and statements
  --profile               Tributary (pg) processing with fetchAhead 0, auto (the default) and 500 at c=10 and c=50:
                          statements per job, fetch and completion batch sizes, CPU and bytes allocated per job
  --cpu-prof <dir>        write a V8 CPU profile of every benchmark child process to <dir>
  --no-readme             a full run does not rewrite the root README's results block
  --reps <n>              repetitions (default 3)
  --systems <a,b>         only these system ids (e.g. tributary-pg,graphile-worker,pg-boss)
  --scenarios <a,b>       only these scenario ids (insert-seq, insert-conc, bulk, process-c10,
                          process-c50, latency, insert-tx)
  --poll-interval-ms <n>  poll interval of the polling-only Tributary variant (default 1000)
  --timeout-s <n>         give up waiting for one run's jobs after this long
  --out <dir>             results directory (default: <repo>/bench-results)
  --no-progress           no progress line on stderr
Database: $DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres.
Each system run creates and drops its own database bench_<system>_<random> on that server.`;

function list(value: string | undefined): string[] | undefined {
  return value
    ?.split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

function positiveInt(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} needs a positive integer, got ${value}`);
  return n;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      quick: { type: "boolean", default: false },
      memory: { type: "boolean", default: false },
      "json-cost": { type: "boolean", default: false },
      "seam-cost": { type: "boolean", default: false },
      "bulk-admin": { type: "boolean", default: false },
      profile: { type: "boolean", default: false },
      "cpu-prof": { type: "string" },
      "no-readme": { type: "boolean", default: false },
      reps: { type: "string" },
      systems: { type: "string" },
      scenarios: { type: "string" },
      "poll-interval-ms": { type: "string" },
      "timeout-s": { type: "string" },
      out: { type: "string" },
      "no-progress": { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (values["json-cost"]) {
    console.log(renderJsonCost(await measureJsonCost()));
    return 0;
  }
  const adminUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  if (values["seam-cost"]) {
    console.log(renderSeamCost(await measureSeamCost(adminUrl, { runs: positiveInt("reps", values.reps, 5), jobs: 20_000 })));
    return 0;
  }
  if (values["bulk-admin"]) {
    console.log(renderBulkAdmin(await measureBulkAdmin(adminUrl, 10_000)));
    return 0;
  }
  if (values.profile) {
    const rows = [];
    for (const fetchAhead of [0, "auto", 500] as const) {
      for (const concurrency of [10, 50]) rows.push(await profileRun(adminUrl, { concurrency, jobs: 30_000, fetchAhead }));
    }
    for (const r of rows) {
      console.log(
        `c=${r.concurrency} fetchAhead=${r.fetchAhead}: ${Math.round(r.jobsPerSecond)} jobs/s, ${r.statementsPerJob.toFixed(4)} statements/job, ` +
          `${r.fetches} fetches (median ${r.fetchSize.median} jobs, ${r.fetchMs.median.toFixed(1)} ms), ` +
          `${r.completionBatches} completion batches (median ${r.completionBatchSize.median}), ${r.cpuMicrosPerJob.toFixed(1)} µs CPU/job, ` +
          `${(r.allocatedBytesPerJob / 1024).toFixed(1)} KB allocated/job`,
      );
    }
    const outDir = values.out ?? fileURLToPath(new URL("../../../bench-results/", import.meta.url));
    const file = `${outDir}/${new Date().toISOString().slice(0, 10)}.profile.json`;
    await (await import("node:fs/promises")).writeFile(file, `${JSON.stringify(rows, null, 2)}\n`);
    console.log(`\nwrote ${file}`);
    return 0;
  }
  const progress = stderrProgress(!values["no-progress"] && process.stderr.isTTY === true);
  const timeoutS = values["timeout-s"] === undefined ? undefined : positiveInt("timeout-s", values["timeout-s"], 1);
  const report = await runBench({
    adminUrl,
    quick: values.quick,
    memory: values.memory,
    repetitions: positiveInt("reps", values.reps, 3),
    systems: list(values.systems),
    scenarios: list(values.scenarios),
    pollIntervalMs: positiveInt("poll-interval-ms", values["poll-interval-ms"], 1000),
    progress,
    ...(timeoutS === undefined ? {} : { timeoutMs: timeoutS * 1000 }),
    ...(values["cpu-prof"] ? { childExecArgv: ["--cpu-prof", `--cpu-prof-dir=${values["cpu-prof"]}`] } : {}),
  });
  console.log(renderTables(report));
  const outDir = values.out ?? fileURLToPath(new URL("../../../bench-results/", import.meta.url));
  const files = await writeResults(report, outDir, { partial: values.systems !== undefined || values.scenarios !== undefined });
  console.log(`\nwrote ${files.json}${files.svg ? `\nwrote ${files.svg}` : ""}`);
  const partial = values.systems !== undefined || values.scenarios !== undefined;
  if (report.mode === "full" && !partial && !values["no-readme"] && report.failures.length === 0) {
    const readme = fileURLToPath(new URL("../../../README.md", import.meta.url));
    const written = await updateReadme(readme, renderReadmeSection(report, files, fileURLToPath(new URL("../../../", import.meta.url))));
    console.log(written ? `wrote ${readme} (its results block)` : `README has no ${README_START} marker: not updated`);
  }
  if (report.failures.length > 0) {
    console.error(`\n${report.failures.length} correctness failure(s):`);
    for (const f of report.failures) console.error(`  ✗ ${f}`);
    return 1;
  }
  if (report.mode === "quick") console.log("\nquick run: every job ran exactly once and shows completed in the database ✓");
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(2);
  },
);
