// PgBouncer in session mode keeps a server connection per client: the drivers' defaults (prepared statements, LISTEN) work.
import { Client, migrate } from "@tributary/core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DRIVER_CASES, type OpenedLibrary } from "./support/driver-cases.js";
import { createSuiteSchema, type SuiteSchema } from "./support/suite-schema.js";

const sessionPoolerUrl = inject("sessionPoolerUrl");
const directUrl = inject("directUrl");
const JOBS = 1_000;

describe.each(DRIVER_CASES.filter((c) => c.prepares).map((c) => [c.name, c] as const))(
  "through PgBouncer (session mode) with the driver's defaults on %s",
  (_name, driverCase) => {
    let schema: SuiteSchema;
    const opened: OpenedLibrary[] = [];

    beforeAll(async () => {
      schema = await createSuiteSchema(directUrl, `session_${driverCase.name}`);
    });

    afterAll(async () => {
      for (const l of opened) await l.close();
      await schema?.drop();
    });

    it(`prepared statements and LISTEN: ${JOBS} jobs by 2 clients, woken by notifications`, async () => {
      // `listener` left out and prepare on: the driver's own LISTEN connection goes through the pooler.
      const libs = [0, 1].map(() => {
        const l = driverCase.open(sessionPoolerUrl, { max: 3, prepare: true, defaultListener: true });
        opened.push(l);
        return l;
      });
      expect(libs.every((l) => typeof l.driver.listener === "function")).toBe(true);
      await migrate(libs[0]!.driver, { schema: schema.name });
      const clients = libs.map(
        (l, i) =>
          new Client({
            driver: l.driver,
            schema: schema.name,
            id: `session-${i}`,
            queues: { default: { maxWorkers: 10 } },
            // Only notifications can start the jobs within the test.
            pollInterval: 600_000,
            workers: { tick: async () => {} },
          }),
      );
      await Promise.all(clients.map((c) => c.start()));
      try {
        await new Promise((r) => setTimeout(r, 300));
        for (let i = 0; i < JOBS; i += 100) {
          await clients[0]!.insertMany(Array.from({ length: 100 }, (_, n) => ({ kind: "tick", args: { n: i + n } })));
        }
        await schema.waitForCompleted(JOBS, 30_000);
      } finally {
        await Promise.all(clients.map((c) => c.stop()));
      }
    });
  },
);
