import { describeDrizzleDriver } from "./support/driver-behaviour.js";
import { nodePgTarget } from "./support/drizzle-fixture.js";

describeDrizzleDriver(nodePgTarget);
