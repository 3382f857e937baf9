/** The one shape every admin call takes to run inside the caller's transaction. */

/** Options every admin call accepts. */
export interface AdminCallOptions<TTx = unknown> {
  /**
   * Your database library's transaction (as for `insertTx`): the call runs on it, commits or
   * rolls back with your own writes, and its notifications are only sent on commit.
   */
  tx?: TTx;
}
