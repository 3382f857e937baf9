/** Why a job's `ctx.signal` was aborted: the reason core aborts it with, read by the runtime and by workEnd hooks. */

/** What aborted an attempt's signal: its timeout, a cancel request, or the client stopping. */
export type AbortTrigger = "timeout" | "cancel" | "stop";

/** The `reason` of an aborted `ctx.signal`: `trigger` says why, `message` says it in words. */
export class JobAbortReason extends Error {
  override readonly name = "JobAbortReason";
  readonly trigger: AbortTrigger;
  constructor(cause: AbortTrigger, message: string) {
    super(message);
    this.trigger = cause;
  }
}
