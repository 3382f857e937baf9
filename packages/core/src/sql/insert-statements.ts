/** The statements that insert jobs, one per batch shape, and the encoding of their parameters. */
import type { InsertRow } from "../job/insert-row.js";
import { integerArrayLiteral, textArrayLiteral } from "./array-literal.js";
import { insertPayloadText, notifyQueues } from "./notify.js";
import type { SchemaTables } from "./schema-tables.js";

/**
 * From this many rows on, a batch travels as one array literal per column and is read with
 * `unnest`: per row that costs the server far less than expanding a JSON document (about
 * 30 % more rows/s at 1,000), but planning it costs more, so smaller batches travel as one
 * JSON array read with `jsonb_to_recordset`.
 */
const COLUMN_ARRAYS_FROM_ROWS = 100;

/** One insert statement with and without the unique-job conflict handling. */
interface InsertStatementPair {
  readonly plain: string;
  readonly unique: string;
}

/**
 * The statements that insert jobs, one per size of batch and per presence of unique jobs,
 * all with the same result: a row per inserted row, in order, holding only what the database
 * decided, `[id, skipped]` as JSON text in `r`, and the statement's `now()` as JSON text in
 * `now`. The rest of an inserted row is what was sent or follows from `now()` (created_at, a
 * default scheduled_at, the state): building and parsing whole rows, or formatting timestamps
 * per row, would cost more than the insert itself in a large batch. Each statement also
 * notifies the insert channel once per queue listed, and returns its transaction id (`xid`),
 * so a notification held back for a caller's transaction can wait for that commit.
 *
 * Three shapes, because where the time goes depends on the batch (measured interleaved on
 * node-postgres, PostgreSQL 15):
 * - one job: a plain `INSERT … VALUES` with the notification in RETURNING, ~780 µs unprepared
 *   (Kysely, Prisma) and ~590 µs prepared, against ~990 / ~620 µs for the batch shape. Its
 *   notification is a bare `pg_notify` of a payload built here (one row has at most one queue
 *   to wake), not the query over a JSON array of queues the batches use: unprepared, parsing
 *   and planning that query cost the server ~150 µs of an insert's ~500 inside a transaction;
 * - up to 99: rows as one JSON parameter;
 * - 100 and more: one array per column (see COLUMN_ARRAYS_FROM_ROWS).
 * Without unique jobs ON CONFLICT is left out: every row would otherwise go through
 * speculative insertion, and the clause costs planning time (~8 % of an unprepared single
 * insert, ~4 % of a prepared 1,000-row batch).
 */
export class InsertStatements {
  readonly oneRow: InsertStatementPair;
  readonly fromJson: InsertStatementPair;
  readonly fromColumns: InsertStatementPair;
  readonly #channel: string;

  constructor(t: SchemaTables) {
    this.#channel = t.channels.insert;
    const onConflict = (unique: boolean) =>
      unique
        ? `
  ON CONFLICT (unique_key) WHERE unique_key IS NOT NULL AND unique_states IS NOT NULL
    AND ${t.stateInBitmask}(unique_states, state)
  DO UPDATE SET kind = EXCLUDED.kind`
        : "";
    const columns = "args, kind, max_attempts, metadata, priority, queue, scheduled_at, state, tags, unique_key, unique_states";
    // $c is the insert channel, $q the queues to notify (a JSON array).
    const notify = notifyQueues;

    const batchFrom = (source: string, c: string, q: string, unique: boolean) => `WITH inserted AS (
  INSERT INTO ${t.job} (${columns})
  SELECT r.args::jsonb, r.kind, r.max_attempts, r.metadata::jsonb, r.priority, r.queue,
    coalesce(r.scheduled_at, now()),
    (CASE WHEN r.pending THEN 'pending' WHEN r.scheduled_at > now() THEN 'scheduled' ELSE 'available' END)::${t.jobState},
    coalesce(r.tags::varchar(255)[], '{}'),
    decode(r.unique_key, 'hex'), r.unique_states::bit(8)
  FROM ${source}${onConflict(unique)}
  RETURNING json_build_array(id::text, xmax <> 0)::text AS r
), notified AS (
  SELECT to_json(now())::text AS now, txid_current()::text AS xid, ${notify(c, q)} AS notified
)
SELECT inserted.r, notified.now, notified.xid FROM inserted, notified`;
    const batchPair = (source: string, c: string, q: string): InsertStatementPair => ({
      plain: batchFrom(source, c, q, false),
      unique: batchFrom(source, c, q, true),
    });

    const one = (unique: boolean) => `INSERT INTO ${t.job} (${columns})
VALUES ($1::text::jsonb, $2::text, $3::smallint, $4::text::jsonb, $5::smallint, $6::text,
  coalesce($7::text::timestamptz, now()),
  (CASE WHEN $13::boolean THEN 'pending' WHEN $7::text::timestamptz > now() THEN 'scheduled' ELSE 'available' END)::${t.jobState},
  coalesce($8::text::varchar(255)[], '{}'),
  decode($9::text, 'hex'), $10::text::bit(8))${onConflict(unique)}
RETURNING json_build_array(id::text, xmax <> 0)::text AS r, to_json(now())::text AS now, txid_current()::text AS xid,
  ${notifyOneQueue("$11", "$12")} AS notified`;

    this.oneRow = { plain: one(false), unique: one(true) };
    this.fromJson = batchPair(
      `jsonb_to_recordset($1::text::jsonb) AS r(args text, kind text, max_attempts smallint, metadata text,
    priority smallint, queue text, scheduled_at timestamptz, tags text, unique_key text, unique_states text, pending boolean)`,
      "$2",
      "$3",
    );
    this.fromColumns = batchPair(
      `unnest($1::text::text[], $2::text::text[], $3::text::smallint[], $4::text::text[], $5::text::smallint[],
    $6::text::text[], $7::text::timestamptz[], $8::text::text[], $9::text::text[], $10::text::text[], $13::text::boolean[])
    AS r(args, kind, max_attempts, metadata, priority, queue, scheduled_at, tags, unique_key, unique_states, pending)`,
      "$11",
      "$12",
    );
  }

  /**
   * The statement for `rows` (at least one; no two with one unique key) and its parameters.
   * `queuesToWake` are the queues whose producers to wake.
   */
  query(rows: readonly InsertRow[], queuesToWake: readonly string[]): { text: string; params: unknown[] } {
    const kind = rows.some((r) => r.unique_key !== null) ? "unique" : "plain";
    if (rows.length === 1) {
      const payload = queuesToWake.length === 0 ? null : insertPayloadText(queuesToWake[0]!);
      return { text: this.oneRow[kind], params: [...rowValues(rows[0]!), this.#channel, payload, rows[0]!.pending] };
    }
    const tail = [this.#channel, JSON.stringify(queuesToWake)];
    if (rows.length < COLUMN_ARRAYS_FROM_ROWS) return { text: this.fromJson[kind], params: [rowsAsJson(rows), ...tail] };
    return { text: this.fromColumns[kind], params: [...rowsAsColumns(rows), ...tail, `{${rows.map((r) => (r.pending ? "t" : "f")).join(",")}}`] };
  }
}

/**
 * One row's notification: `payload` (River's insert payload, or null to wake nobody) on
 * `channel`, counted 0 or 1 like the batches' count (a bare `pg_notify` is void, which some
 * drivers cannot read).
 */
function notifyOneQueue(channel: string, payload: string): string {
  return `(CASE WHEN ${payload}::text IS NULL THEN 0 ELSE length(pg_notify(${channel}::text, ${payload}::text)::text) + 1 END)`;
}

/** A row's tags as one text[] literal, or null: arrays of arrays must be rectangular. */
function tagsLiteral(row: InsertRow): string | null {
  return row.tags.length === 0 ? null : textArrayLiteral(row.tags);
}

/** One job: its values in the order of the VALUES list. */
function rowValues(r: InsertRow): unknown[] {
  return [r.args, r.kind, r.max_attempts, r.metadata, r.priority, r.queue, r.scheduled_at, tagsLiteral(r), r.unique_key, r.unique_states];
}

/** Small batches: rows as one JSON array, args and metadata spliced in unparsed. */
function rowsAsJson(rows: readonly InsertRow[]): string {
  return `[${rows
    .map(({ args, metadata, tags, ...rest }) => {
      // Tags travel as a text[] literal: a cast is far cheaper per row than expanding a JSON array.
      const tagList = tags.length === 0 ? "" : `"tags":${JSON.stringify(textArrayLiteral(tags))},`;
      return `{"args":${args},"metadata":${metadata},${tagList}${JSON.stringify(rest).slice(1)}`;
    })
    .join(",")}]`;
}

/** Large batches: one array literal per column, in the order of the `unnest` source. */
function rowsAsColumns(rows: readonly InsertRow[]): string[] {
  const column = (pick: (row: InsertRow) => string | null) => textArrayLiteral(rows.map(pick));
  return [
    column((r) => r.args),
    column((r) => r.kind),
    integerArrayLiteral(rows.map((r) => r.max_attempts)),
    column((r) => r.metadata),
    integerArrayLiteral(rows.map((r) => r.priority)),
    column((r) => r.queue),
    column((r) => r.scheduled_at),
    column(tagsLiteral),
    column((r) => r.unique_key),
    column((r) => r.unique_states),
  ];
}
