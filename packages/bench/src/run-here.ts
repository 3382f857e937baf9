// Runs one scenario of one system in this process, in a database of its own (what each child process does).
import { createBenchDatabase } from "./bench-database.js";
import type { RunRequest } from "./child/run-request.js";
import type { Progress } from "./progress.js";
import type { Measurement } from "./scenario.js";
import { DEFAULT_SCENARIOS, MEMORY_SCENARIOS } from "./scenarios/all-scenarios.js";
import { allSystems } from "./systems/registry.js";

/** Creates the run's database, sets the system up, runs the scenario, tears down and drops the database. */
export async function runScenarioHere(request: RunRequest, progress: Progress): Promise<Measurement> {
  const scenario = [...DEFAULT_SCENARIOS, ...MEMORY_SCENARIOS].find((s) => s.id === request.scenario);
  const spec = allSystems({ pollIntervalMs: request.pollIntervalMs }).find((s) => s.id === request.system);
  if (!scenario) throw new Error(`unknown scenario ${request.scenario}`);
  if (!spec) throw new Error(`unknown system ${request.system}`);
  const make = await spec.load();
  const db = await createBenchDatabase(request.adminUrl, spec.id);
  const system = make();
  try {
    await system.setup(db.url);
    return await scenario.run({ system, sizes: request.sizes, progress, timeoutMs: request.timeoutMs });
  } finally {
    try {
      await system.teardown();
    } finally {
      await db.drop();
    }
  }
}
