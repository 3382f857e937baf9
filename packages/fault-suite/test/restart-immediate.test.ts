// `pg_ctl restart -m immediate` mid-run with the inserter running: nothing committed is lost, nothing run twice outside the restart.
import { afterAll, it } from "vitest";
import { restartMidRun } from "./support/restart-mid-run.js";
import { tearDownScenarios } from "./support/scenario.js";

afterAll(tearDownScenarios);

it("pg_ctl restart -m immediate mid-run, with an inserting process running", () => restartMidRun("immediate"));
