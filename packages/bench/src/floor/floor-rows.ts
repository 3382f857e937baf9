// The floors of one run, grouped into the rows the tables print (which statements, how many per fetch).
import { median } from "../stats.js";
import type { FloorRecord, FloorStatements } from "./pgbench-floor.js";

/** One floor row: every repetition of one statement set at one batch size. */
export interface FloorRow {
  statements: FloorStatements;
  batch: number;
  label: string;
  median: number;
  min: number;
  max: number;
}

/** What each statement set is, for a reader of the tables. */
export const FLOOR_LABELS: Record<FloorStatements, string> = {
  tributary: "Tributary's fetch + complete statements",
  schema: "River's schema: the bare two state changes, ids only",
};

/** The run's floors, one row per statement set and batch, in the order they were measured. */
export function floorRows(floors: FloorRecord[]): FloorRow[] {
  const keys = [...new Set(floors.map((f) => `${f.statements}/${f.batch}`))];
  return keys.map((key) => {
    const group = floors.filter((f) => `${f.statements}/${f.batch}` === key);
    const values = group.map((f) => f.jobsPerSecond);
    const { statements, batch } = group[0]!;
    return { statements, batch, label: FLOOR_LABELS[statements], median: median(values), min: Math.min(...values), max: Math.max(...values) };
  });
}
