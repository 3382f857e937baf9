import { tributaryVitestConfig } from "../../vitest.shared.js";

const config = tributaryVitestConfig();
// The tests run the built binary: build it first when a source is newer than dist.
config.test!.globalSetup = [...(config.test!.globalSetup as string[]), "./test/support/build-cli.ts"];

export default config;
