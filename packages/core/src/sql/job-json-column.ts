/** The one SQL expression that reads a job row as JSON text, parsed by parseJobJson. */
import { JOB_JSON_FIELDS } from "../job/job-row.js";

/** Columns that need more than their own value to read back exactly. */
const FIELD_EXPRESSIONS: Partial<Record<(typeof JOB_JSON_FIELDS)[number], (column: string) => string>> = {
  // Cast to text inside the JSON so it never passes through a float.
  id: (c) => `${c}::text`,
  unique_key: (c) => `encode(${c}, 'hex')`,
  unique_states: (c) => `${c}::text`,
};

/**
 * The select-list item every job query returns: the whole row as one JSON text column, an
 * array in the order of JOB_JSON_FIELDS. Text is the one type every library hands back
 * untouched, so the row parses the same through pg, postgres.js, Kysely, Drizzle and Prisma
 * whatever type parsers the user set.
 */
export function jobJsonColumn(alias = ""): string {
  const items = JOB_JSON_FIELDS.map((name) => {
    const column = alias ? `${alias}.${name}` : name;
    return FIELD_EXPRESSIONS[name]?.(column) ?? column;
  });
  return `json_build_array(${items.join(", ")})::text`;
}
