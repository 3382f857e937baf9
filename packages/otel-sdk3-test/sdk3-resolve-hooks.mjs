// Preloaded into the processes the otel cross-process test spawns: their @opentelemetry imports resolve to this package's SDK 3.x line.
import { registerHooks } from "node:module";
import { SDK3_MODULES } from "./sdk3-packages.mjs";

registerHooks({
  resolve(specifier, context, nextResolve) {
    const swapped = SDK3_MODULES[specifier];
    // Only the example's and @tributary/otel's own imports: the SDK's packages already resolve within the 3.x line.
    if (swapped === undefined || context.parentURL?.includes("/node_modules/")) return nextResolve(specifier, context);
    return { url: swapped, shortCircuit: true };
  },
});
