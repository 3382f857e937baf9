import { tributaryVitestConfig } from "../../vitest.shared.js";

// The example's own tests run with the package's: they are the documented pattern, on all five libraries.
export default tributaryVitestConfig({ include: ["test/**/*.test.ts", "example/**/*.test.ts"] });
