// Where each @opentelemetry package that @tributary/otel's tests and example import comes from here: this package's SDK 3.x line.
import { fileURLToPath } from "node:url";

/** The packages swapped, by the name the otel tests and example import them under → the URL of the SDK 3.x module. */
export const SDK3_MODULES = {
  "@opentelemetry/api": import.meta.resolve("@opentelemetry/api"),
  "@opentelemetry/context-async-hooks": import.meta.resolve("@opentelemetry/context-async-hooks"),
  "@opentelemetry/core": import.meta.resolve("@opentelemetry/core"),
  "@opentelemetry/resources": import.meta.resolve("@opentelemetry/resources"),
  "@opentelemetry/sdk-metrics": import.meta.resolve("@opentelemetry/sdk-metrics"),
  "@opentelemetry/sdk-trace-base": new URL("./sdk-trace-base-shim.mjs", import.meta.url).href,
};

/** The same, as file paths (for vite's resolve.alias). */
export const SDK3_PATHS = Object.fromEntries(Object.entries(SDK3_MODULES).map(([name, url]) => [name, fileURLToPath(url)]));
