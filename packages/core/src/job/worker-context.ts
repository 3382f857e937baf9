/** What a worker gets besides the job: its signal and the client running it. */

/** What a worker gets besides the job. */
export interface WorkerContext<TClient = unknown> {
  /**
   * Aborted when the job times out, when someone cancels it (`client.cancelJob(id)` from any
   * process), or on a hard stop. Pass it to fetch, database calls, child processes…
   */
  signal: AbortSignal;
  /** The client running the job, e.g. to insert follow-up jobs. */
  client: TClient;
}
