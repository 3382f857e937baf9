// Named prepared statements through PgBouncer 1.18 in transaction mode: off → no error; on → a typed error saying `prepare: false`.
import { Client, isTributaryError, migrate } from "@tributary/core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DRIVER_CASES, type DriverCase } from "./support/driver-cases.js";
import { pgbouncerStats } from "./support/pgbouncer.js";
import { createSuiteSchema, type SuiteSchema } from "./support/suite-schema.js";

const poolerUrl = inject("poolerUrl");
const directUrl = inject("directUrl");
const adminUrl = inject("poolerAdminUrl");

const CALLERS = 8;
const ROUNDS = 25;
/** A call that has not settled by then counts as hung (postgres.js can lose track of its connection). */
const CALL_TIMEOUT_MS = 3_000;

/** What a workload met: calls that succeeded, errors they threw, calls that never settled. */
interface WorkloadOutcome {
  calls: number;
  errors: unknown[];
  hung: number;
}

const HUNG = Symbol("hung");

/** 8 concurrent callers, each inserting, reading and listing jobs; every error they meet. */
async function workload(driverCase: DriverCase, schema: string, prepare: boolean): Promise<WorkloadOutcome> {
  const lib = driverCase.open(poolerUrl, { max: CALLERS, prepare });
  const outcome: WorkloadOutcome = { calls: 0, errors: [], hung: 0 };
  const call = async (run: () => Promise<unknown>): Promise<boolean> => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const hung = new Promise<typeof HUNG>((resolve) => {
      timer = setTimeout(() => resolve(HUNG), CALL_TIMEOUT_MS);
    });
    try {
      if ((await Promise.race([run(), hung])) === HUNG) {
        outcome.hung += 1;
        return false;
      }
      outcome.calls += 1;
      return true;
    } catch (err) {
      outcome.errors.push(err);
      return true;
    } finally {
      clearTimeout(timer);
    }
  };
  try {
    const client = new Client({ driver: lib.driver, schema });
    await Promise.all(
      Array.from({ length: CALLERS }, async (_, caller) => {
        for (let round = 0; round < ROUNDS; round++) {
          const inserted = await call(async () => {
            const { job } = await client.insert("prepared_probe", { caller, round });
            await client.getJob(job.id);
          });
          // A hung caller stops: its connection is stuck until the library is closed.
          if (!inserted || !(await call(() => client.listJobs({ kind: ["prepared_probe"], limit: 5 })))) return;
        }
      }),
    );
    // Sends the held-back insert notification now, before the pool closes.
    await call(() => client.stop());
  } finally {
    await lib.close();
  }
  return outcome;
}

describe.each(DRIVER_CASES.filter((c) => c.prepares).map((c) => [c.name, c] as const))(
  "prepared statements through PgBouncer 1.18 (transaction mode) on %s",
  (_name, driverCase) => {
    let schema: SuiteSchema;

    beforeAll(async () => {
      schema = await createSuiteSchema(directUrl, `prep_${driverCase.name}`);
      const lib = driverCase.open(poolerUrl, { max: 1, prepare: false });
      await migrate(lib.driver, { schema: schema.name });
      await lib.close();
    });

    afterAll(async () => {
      await schema?.drop();
    });

    it("with prepare: false, no error, and SHOW STATS counts the traffic", async () => {
      const before = await pgbouncerStats(adminUrl, "postgres");
      const { calls, errors, hung } = await workload(driverCase, schema.name, false);
      expect({ errors, hung }).toEqual({ errors: [], hung: 0 });
      expect(calls).toBe(CALLERS * ROUNDS * 2 + 1);
      const after = await pgbouncerStats(adminUrl, "postgres");
      expect(after.totalQueryCount - before.totalQueryCount).toBeGreaterThanOrEqual(CALLERS * ROUNDS * 3);
    });

    it("with prepared statements on, the run fails and the server's prepared-statement errors arrive as PREPARED_STATEMENTS_UNSUPPORTED", async () => {
      const { errors, hung } = await workload(driverCase, schema.name, true);
      const typed = errors.filter((err) => isTributaryError(err, "PREPARED_STATEMENTS_UNSUPPORTED"));
      for (const err of typed) expect((err as Error).message).toMatch(/prepare: false/);
      // No server answer about a prepared statement reaches the caller untranslated.
      const raw = errors.filter((err) => ["42P05", "26000"].includes(String((err as { code?: unknown }).code)));
      expect(raw).toEqual([]);
      if (driverCase.library === "pg") {
        // node-postgres always gets the server's answer: the run fails, every failure is the typed error, nothing hangs.
        expect(typed.length).toBeGreaterThan(0);
        expect({ untyped: errors.length - typed.length, hung }).toEqual({ untyped: 0, hung: 0 });
      } else {
        // postgres.js also loses track of its connections (calls that never settle, RangeErrors from
        // its parser), so not every failure can be typed: prepare: false is the only setting that works.
        expect(errors.length + hung).toBeGreaterThan(0);
      }
    });
  },
);
