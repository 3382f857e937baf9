import { tributaryVitestConfig } from "../../vitest.shared.js";

// The shared "module" condition would pick @opentelemetry's ESM builds, whose extensionless
// imports only a bundler resolves; without it Node loads their CommonJS builds.
const conditions = ["@tributary/source", "node", "development|production"];
const config = tributaryVitestConfig();
export default { ...config, resolve: { ...config.resolve, conditions }, ssr: { ...config.ssr, resolve: { ...config.ssr?.resolve, conditions } } };
