// preparedStatementsUnsupported: which server errors become PREPARED_STATEMENTS_UNSUPPORTED, and what the message says.
import { describe, expect, it } from "vitest";
import { isTributaryError } from "../src/base/errors.js";
import { preparedStatementsUnsupported } from "../src/base/prepared-statement-error.js";

const serverError = (code: string, message: string) => Object.assign(new Error(message), { code });

describe("preparedStatementsUnsupported", () => {
  it.each([
    ["42P05", 'prepared statement "tributary_ab" already exists'],
    ["26000", 'prepared statement "tributary_ab" does not exist'],
  ])("turns SQLSTATE %s into a typed error that names the fix and keeps the cause", (code, message) => {
    const cause = serverError(code, message);
    const err = preparedStatementsUnsupported(cause, "driver-x", "pass `prepare: false` to xDriver");
    expect(isTributaryError(err, "PREPARED_STATEMENTS_UNSUPPORTED")).toBe(true);
    expect(err?.message).toContain(`driver-x: `);
    expect(err?.message).toContain(`SQLSTATE ${code}: ${message}`);
    expect(err?.message).toMatch(/transaction mode.*pass `prepare: false` to xDriver$/);
    expect(err?.cause).toBe(cause);
  });

  it("reads the SQLSTATE a library keeps elsewhere when given it", () => {
    const prismaLike = { code: "P2010", message: "Raw query failed" };
    expect(preparedStatementsUnsupported(prismaLike, "driver-p", "fix", "26000")?.code).toBe("PREPARED_STATEMENTS_UNSUPPORTED");
  });

  it("leaves every other error alone", () => {
    expect(preparedStatementsUnsupported(serverError("23505", "duplicate key"), "driver-x", "fix")).toBeUndefined();
    expect(preparedStatementsUnsupported(new Error("boom"), "driver-x", "fix")).toBeUndefined();
    expect(preparedStatementsUnsupported(null, "driver-x", "fix")).toBeUndefined();
  });
});
