// The error the suite throws inside a native transaction to make the library roll it back.

/** Thrown inside a native transaction to make the library roll it back; the suite expects it back. */
export class Rollback extends Error {
  constructor() {
    super("rolled back on purpose by the conformance suite");
    this.name = "Rollback";
  }
}
