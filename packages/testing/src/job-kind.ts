/** A job named by its kind string or by its `defineJob` definition, as every helper accepts it. */
import { InvalidArgumentError, type JobDefinition } from "@tributary/core";

/** A kind string (`"send_email"`) or a job definition (`defineJob<{ to: string }>("send_email")`). */
export type JobKindRef<TArgs extends object = Record<string, unknown>> = string | JobDefinition<TArgs>;

/** The kind a reference names; a definition is recognised by its `kind` field, not by `instanceof`. */
export function kindOf(job: JobKindRef<object>, helper: string): string {
  const kind = typeof job === "string" ? job : typeof job === "object" && job !== null ? (job as { kind?: unknown }).kind : undefined;
  if (typeof kind !== "string" || kind.length === 0) {
    throw new InvalidArgumentError(`${helper}: job`, `must be a kind string or a job definition from defineJob, got ${String(job)}`);
  }
  return kind;
}
