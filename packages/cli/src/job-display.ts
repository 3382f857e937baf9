// How jobs look in a terminal: the listing's columns and one job's fields, errors included.
import type { JobRow } from "@tributary/core";
import { type Colors, formatTime, table, toJson } from "./output.js";

/** A job's state, coloured by what it means (failures red, done green, waiting plain). */
export function colorState(colors: Colors, state: string): string {
  if (state === "discarded" || state === "cancelled") return colors.red(state);
  if (state === "retryable") return colors.yellow(state);
  if (state === "completed") return colors.green(state);
  if (state === "running") return colors.cyan(state);
  return state;
}

/** The job listing: one aligned row per job. */
export function jobsTable(colors: Colors, jobs: readonly JobRow[]): string {
  return table(
    colors,
    ["ID", "KIND", "QUEUE", "STATE", "ATTEMPT", "PRIORITY", "SCHEDULED AT", "TAGS"],
    jobs.map((j) => [j.id, j.kind, j.queue, colorState(colors, j.state), `${j.attempt}/${j.maxAttempts}`, j.priority, formatTime(j.scheduledAt), j.tags.join(",")]),
    [0, 5],
  );
}

/** Every field of one job, as `name  value` lines, then its errors, newest last. */
export function jobDetails(colors: Colors, job: JobRow): string {
  const fields: [string, string][] = [
    ["id", job.id],
    ["kind", job.kind],
    ["queue", job.queue],
    ["state", colorState(colors, job.state)],
    ["attempt", `${job.attempt} of ${job.maxAttempts}`],
    ["priority", String(job.priority)],
    ["created at", formatTime(job.createdAt)],
    ["scheduled at", formatTime(job.scheduledAt)],
    ["attempted at", formatTime(job.attemptedAt)],
    ["finalized at", formatTime(job.finalizedAt)],
    ["attempted by", job.attemptedBy.join(", ") || "-"],
    ["tags", job.tags.join(", ") || "-"],
    ["unique key", job.uniqueKey ?? "-"],
    ["args", toJson(job.args).replace(/\n\s*/g, " ")],
    ["metadata", toJson(job.metadata).replace(/\n\s*/g, " ")],
  ];
  if (job.output !== undefined) fields.push(["output", toJson(job.output).replace(/\n\s*/g, " ")]);
  const width = Math.max(...fields.map(([name]) => name.length));
  const lines = fields.map(([name, value]) => `${colors.bold(name.padEnd(width))}  ${value}`);
  if (job.errors.length > 0) {
    lines.push("", colors.bold(`errors (${job.errors.length})`));
    for (const e of job.errors) {
      lines.push(`  attempt ${e.attempt} at ${formatTime(e.at)}: ${colors.red(e.error)}`);
      if (e.trace) lines.push(...e.trace.split("\n").map((t) => colors.dim(`    ${t}`)));
    }
  }
  return lines.join("\n");
}
