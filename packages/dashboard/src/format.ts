/** How the pages write values: times in UTC with their age, durations, exact JSON, job states. */
import type { JobState } from "@tributary/core";

/** `2026-12-01 11:08:10 UTC` (seconds precision), or an em dash for no time. */
export function formatTime(date: Date | null | undefined): string {
  if (!date) return "—";
  return `${date.toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

/** A duration in ms as a short human phrase: `850 ms`, `42 s`, `3 min 5 s`, `2 h 10 min`, `4 d 3 h`. */
export function formatDuration(ms: number): string {
  const abs = Math.abs(ms);
  if (abs < 1000) return `${Math.round(abs)} ms`;
  const s = Math.floor(abs / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min${s % 60 ? ` ${s % 60} s` : ""}`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h${m % 60 ? ` ${m % 60} min` : ""}`;
  const d = Math.floor(h / 24);
  return `${d} d${h % 24 ? ` ${h % 24} h` : ""}`;
}

/** `3 min ago` or `in 20 s`, relative to `now`. */
export function formatAge(date: Date | null | undefined, now: Date): string {
  if (!date) return "";
  const delta = now.getTime() - date.getTime();
  return delta >= 0 ? `${formatDuration(delta)} ago` : `in ${formatDuration(-delta)}`;
}

/**
 * JSON indented by two spaces, every number exact: core reads integers beyond 2^53 as
 * `bigint`, which `JSON.stringify` refuses, so they are written back as their digits.
 */
export function prettyJson(value: unknown): string {
  const marker = `\u0000bigint:${Math.random().toString(36).slice(2)}:`;
  const text = JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? `${marker}${v.toString()}` : v), 2) ?? "null";
  return text.replace(new RegExp(`"${marker.replace("\u0000", "\\\\u0000")}(-?\\d+)"`, "g"), "$1");
}

/** Every state in the order a job moves through them, for tables and filters. */
export const STATE_ORDER: readonly JobState[] = ["pending", "scheduled", "available", "running", "retryable", "completed", "cancelled", "discarded"];

/** Finalized states: the job will not run again unless retried. */
export const FINALIZED_STATES: readonly JobState[] = ["cancelled", "completed", "discarded"];

/** River's `bit(8)` unique-state mask as the states it names (leftmost bit: scheduled … rightmost: available). */
export function uniqueStatesOf(mask: string | null): JobState[] {
  if (mask === null) return [];
  const byBit: JobState[] = ["scheduled", "running", "retryable", "pending", "discarded", "completed", "cancelled", "available"];
  return byBit.filter((_s, i) => mask[i] === "1");
}
