// Asserts that a call is refused with INVALID_TRANSACTION, whether it throws at once or rejects.
import { expect } from "vitest";
import { isTributaryError, type TributaryError } from "../../base/errors.js";

/**
 * Runs `run` and asserts it throws (synchronously or by rejecting) a `TributaryError` with
 * code `INVALID_TRANSACTION`, recognised the way users recognise it: `isTributaryError`.
 */
export async function expectInvalidTransaction(run: () => unknown): Promise<TributaryError> {
  let outcome: { threw: false } | { threw: true; error: unknown };
  try {
    await run();
    outcome = { threw: false };
  } catch (error) {
    outcome = { threw: true, error };
  }
  expect(outcome.threw, "expected INVALID_TRANSACTION, but the call succeeded").toBe(true);
  const error = (outcome as { error: unknown }).error;
  expect(isTributaryError(error, "INVALID_TRANSACTION"), `expected INVALID_TRANSACTION, got ${String(error)}`).toBe(true);
  return error as TributaryError;
}
