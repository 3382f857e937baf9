import { describeDrizzleDriver } from "./support/driver-behaviour.js";
import { postgresJsTarget } from "./support/drizzle-fixture.js";

describeDrizzleDriver(postgresJsTarget);
