/** The client settings every insert path is checked against: the args limit and the kinds the client works. */
import type { InsertLimits } from "../job/insert-row.js";

/** What one client's settings require of each job it inserts (built once, see {@link insertRulesOf}). */
export interface InsertRules extends InsertLimits {
  /**
   * Kinds this client has workers for. Null: any kind is accepted (an insert-only client, or
   * `skipUnknownJobCheck: true`).
   */
  readonly knownKinds: ReadonlySet<string> | null;
}

/** The settings {@link insertRulesOf} reads (a structural slice of the resolved client settings). */
export interface InsertRuleSettings {
  readonly maxArgsBytes: number;
  readonly skipUnknownJobCheck: boolean;
  readonly workers: ReadonlyMap<string, unknown>;
}

/**
 * River's rule: a client with workers refuses to insert a kind none of them handles (such a
 * job would retry until discarded); a client without workers only inserts, so never checks.
 */
export function insertRulesOf(settings: InsertRuleSettings): InsertRules {
  const check = settings.workers.size > 0 && !settings.skipUnknownJobCheck;
  return Object.freeze({
    maxArgsBytes: settings.maxArgsBytes,
    knownKinds: check ? new Set(settings.workers.keys()) : null,
  });
}
