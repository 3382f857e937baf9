import { mergeConfig } from "vitest/config";
import { tributaryVitestConfig } from "../../vitest.shared.js";

// Type-level tests (*.test-d.ts) are checked by tsc inside `vitest run`, so a wrong type fails `pnpm test`.
export default mergeConfig(tributaryVitestConfig(), {
  test: { typecheck: { enabled: true, include: ["test/**/*.test-d.ts"], tsconfig: "./tsconfig.json" } },
});
