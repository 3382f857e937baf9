/** The client settings every insert path is checked against: the args limit, the kinds the client works and their schemas. */
import type { InsertLimits } from "../job/insert-row.js";
import type { JobDefinition } from "../job/job-definition.js";
import type { StandardSchemaV1 } from "../job/standard-schema.js";

/** What one client's settings require of each job it inserts (built once, see {@link insertRulesOf}). */
export interface InsertRules extends InsertLimits {
  /**
   * Kinds this client has workers for. Null: any kind is accepted (an insert-only client, or
   * `skipUnknownJobCheck: true`).
   */
  readonly knownKinds: ReadonlySet<string> | null;
  /**
   * The schema of each kind whose worker is bound to a job definition with one: an insert of
   * that kind by its string name is validated as an insert of the definition is.
   */
  readonly schemas?: ReadonlyMap<string, StandardSchemaV1>;
}

/** The settings {@link insertRulesOf} reads (a structural slice of the resolved client settings). */
export interface InsertRuleSettings {
  readonly maxArgsBytes: number;
  readonly skipUnknownJobCheck: boolean;
  readonly workers: ReadonlyMap<string, { readonly job?: JobDefinition<object, unknown> }>;
}

/**
 * River's rule: a client with workers refuses to insert a kind none of them handles (such a
 * job would retry until discarded); a client without workers only inserts, so never checks.
 */
export function insertRulesOf(settings: InsertRuleSettings): InsertRules {
  const check = settings.workers.size > 0 && !settings.skipUnknownJobCheck;
  const schemas = new Map<string, StandardSchemaV1>();
  for (const [kind, worker] of settings.workers) if (worker.job?.schema) schemas.set(kind, worker.job.schema as StandardSchemaV1);
  return Object.freeze({
    maxArgsBytes: settings.maxArgsBytes,
    knownKinds: check ? new Set(settings.workers.keys()) : null,
    schemas,
  });
}

/** The schema an insert is validated against: its definition's, else that of this client's worker for the kind. */
export function insertSchemaOf(kindOrDef: string | JobDefinition<object, unknown>, rules: InsertRules): StandardSchemaV1 | undefined {
  if (typeof kindOrDef === "object" && kindOrDef !== null) {
    return (kindOrDef.schema as StandardSchemaV1 | undefined) ?? rules.schemas?.get(kindOrDef.kind);
  }
  return typeof kindOrDef === "string" ? rules.schemas?.get(kindOrDef) : undefined;
}
