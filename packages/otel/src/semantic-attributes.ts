/** The span and metric attribute names and values this package emits, in one place so docs and dashboards can rely on them. */

/**
 * `messaging.system`: `"river"`, the value River's Go OpenTelemetry middleware (`otelriver`)
 * emits, so Go and Tributary workers of one schema share dashboards.
 */
export const MESSAGING_SYSTEM = "river";

/** Attribute keys: OpenTelemetry's messaging semantic conventions, then Tributary's own. */
export const ATTR = {
  messagingSystem: "messaging.system",
  destinationName: "messaging.destination.name",
  messageId: "messaging.message.id",
  operationType: "messaging.operation.type",
  operationName: "messaging.operation.name",
  batchMessageCount: "messaging.batch.message_count",
  jobKind: "tributary.job.kind",
  jobAttempt: "tributary.job.attempt",
  jobOutcome: "tributary.job.outcome",
  jobDuplicate: "tributary.job.duplicate",
  jobAbortTrigger: "tributary.job.abort.trigger",
  jobState: "tributary.job.state",
} as const;
