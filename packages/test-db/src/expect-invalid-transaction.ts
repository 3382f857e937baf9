// Asserts that a call is refused with Tributary's INVALID_TRANSACTION error, thrown at once or by rejecting.

/**
 * Runs `run` and resolves with the error it threw (synchronously or by rejecting), provided it
 * is an Error with `code: "INVALID_TRANSACTION"` whose message matches `message` when given;
 * throws a descriptive error otherwise. Checks the code structurally: this package cannot
 * depend on `@tributary/core` (core's own tests depend on it).
 */
export async function expectInvalidTransaction(run: () => unknown, message?: RegExp): Promise<Error> {
  let caught: unknown;
  try {
    await run();
  } catch (err) {
    caught = err;
  }
  if (caught === undefined) throw new Error("expected INVALID_TRANSACTION, but the call succeeded");
  if (!(caught instanceof Error) || (caught as { code?: unknown }).code !== "INVALID_TRANSACTION") {
    throw new Error(`expected INVALID_TRANSACTION, got ${String(caught)}`, { cause: caught });
  }
  if (message && !message.test(caught.message)) {
    throw new Error(`expected an INVALID_TRANSACTION message matching ${message}, got "${caught.message}"`, { cause: caught });
  }
  return caught;
}
