import { afterAll } from "vitest";
import { describeDrizzleDriver } from "./support/driver-behaviour.js";
import { pgliteTarget } from "./support/drizzle-fixture.js";

const target = pgliteTarget();
afterAll(() => target.shutdown());

describeDrizzleDriver(target);
