/** The one SQL expression that reads a job row as JSON text, parsed by parseJobJson. */

/**
 * The select-list item every job query returns: the whole row as one JSON text column.
 * Text is the one type every library hands back untouched, so the row parses the same
 * through pg, postgres.js, Kysely, Drizzle and Prisma whatever type parsers the user set.
 * `id` is cast to text inside the JSON so it never passes through a float.
 */
export function jobJsonColumn(alias = ""): string {
  const c = (name: string) => (alias ? `${alias}.${name}` : name);
  return `json_build_object(
    'id', ${c("id")}::text, 'state', ${c("state")}, 'attempt', ${c("attempt")}, 'max_attempts', ${c("max_attempts")},
    'attempted_at', ${c("attempted_at")}, 'attempted_by', ${c("attempted_by")}, 'created_at', ${c("created_at")},
    'finalized_at', ${c("finalized_at")}, 'scheduled_at', ${c("scheduled_at")}, 'priority', ${c("priority")},
    'args', ${c("args")}, 'errors', ${c("errors")}, 'kind', ${c("kind")}, 'metadata', ${c("metadata")},
    'queue', ${c("queue")}, 'tags', ${c("tags")}, 'unique_key', encode(${c("unique_key")}, 'hex'),
    'unique_states', ${c("unique_states")}::text
  )::text`;
}
