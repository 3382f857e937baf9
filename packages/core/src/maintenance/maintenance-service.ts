/** One of the leader's maintenance services: a named pass over the tables, run on an interval. */
/** One of the leader's periodic maintenance tasks. */
export interface MaintenanceService {
  /** A short name for logs, e.g. `"job-scheduler"`. */
  readonly name: string;
  /** Does one full pass and resolves to the number of rows it changed. */
  runOnce(): Promise<number>;
}
