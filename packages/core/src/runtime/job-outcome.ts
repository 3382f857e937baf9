/**
 * The result of one attempt, waiting in the completer to be written. `completed` outcomes
 * go in one cheap statement; the others carry their state, retry time and error.
 */
export type JobOutcome =
  | { id: string; state: "completed" }
  | {
      id: string;
      state: "retryable" | "available" | "discarded" | "cancelled" | "scheduled";
      scheduledAt?: Date;
      error?: { at: Date; attempt: number; error: string; trace: string };
      snooze?: boolean;
    };
