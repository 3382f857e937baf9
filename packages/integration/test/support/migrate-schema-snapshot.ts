// The catalog fingerprint of one schema: what migrations create, comparable across schemas and tools.
import type pg from "pg";

/** A column as PostgreSQL describes it: type as `format_type` prints it, default as `pg_get_expr` does. */
export interface ColumnFact {
  column: string;
  type: string;
  notNull: boolean;
  default: string | null;
}

/**
 * Everything River's migrations create in one schema, with the schema's name replaced by
 * `<s>` so two schemas (or a schema and a recorded fingerprint) compare with `toEqual`.
 * Each list is sorted; table columns keep their physical order (River packs columns on purpose).
 */
export interface SchemaSnapshot {
  /** Ordinary tables: `relpersistence` (`p` logged, `u` unlogged) and live columns in order. */
  tables: Record<string, { persistence: string; columns: ColumnFact[] }>;
  /** `<table> <name> <pg_get_constraintdef>`: checks, keys and foreign keys (not PG 18's NOT NULL rows). */
  constraints: string[];
  /** `pg_indexes.indexdef` of every index. */
  indexes: string[];
  /** Labels of `river_job_state` in sort order, empty when the type is absent. */
  enumValues: string[];
  /** `<name>(<arguments>) <volatility> <result>` of every function. */
  functions: string[];
  /** `<language> <strict>` per function, in the order of {@link functions}. */
  functionTraits: string[];
  /** `pg_get_triggerdef` of every user trigger. */
  triggers: string[];
  /** `<sequence> <type> owned by <table>.<column>` of every sequence. */
  sequences: string[];
  /** `river_migration` rows: `<line>:<version>`, or `<version>` in the table's first (line-less) shape. */
  migrationRows: string[];
}

/** Reads the fingerprint of `schema` through `pool`. */
export async function schemaSnapshot(pool: pg.Pool, schema: string): Promise<SchemaSnapshot> {
  const norm = (s: string) => s.split(`"${schema}".`).join("<s>.").split(`${schema}.`).join("<s>.");
  const lines = async (sql: string): Promise<string[]> =>
    (await pool.query<{ line: string }>(sql, [schema])).rows.map((r) => norm(r.line));

  const tables: SchemaSnapshot["tables"] = {};
  const rel = await pool.query<{ name: string; persistence: string }>(
    `SELECT c.relname AS name, c.relpersistence AS persistence
     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = $1 AND c.relkind = 'r' ORDER BY c.relname`,
    [schema],
  );
  for (const r of rel.rows) tables[r.name] = { persistence: r.persistence, columns: [] };
  const cols = await pool.query<{ table: string; column: string; type: string; not_null: boolean; default: string | null }>(
    `SELECT c.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type,
            a.attnotnull AS not_null, pg_get_expr(d.adbin, d.adrelid) AS default
     FROM pg_attribute a
     JOIN pg_class c ON c.oid = a.attrelid
     JOIN pg_namespace n ON n.oid = c.relnamespace
     LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
     WHERE n.nspname = $1 AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
     ORDER BY c.relname, a.attnum`,
    [schema],
  );
  for (const c of cols.rows) {
    tables[c.table]?.columns.push({
      column: c.column,
      type: norm(c.type),
      notNull: c.not_null,
      default: c.default === null ? null : norm(c.default),
    });
  }
  const functionRows = await pool.query<{ line: string; traits: string }>(
    `SELECT p.proname || '(' || pg_get_function_arguments(p.oid) || ') ' || p.provolatile::text || ' ' || pg_get_function_result(p.oid) AS line,
            l.lanname || ' ' || CASE WHEN p.proisstrict THEN 'strict' ELSE 'called-on-null' END AS traits
     FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace JOIN pg_language l ON l.oid = p.prolang
     WHERE n.nspname = $1 ORDER BY 1`,
    [schema],
  );
  const migrationRows = await readMigrationRows(pool, schema);

  return {
    tables,
    constraints: await lines(
      `SELECT c.relname || ' ' || k.conname || ' ' || pg_get_constraintdef(k.oid) AS line
       FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = $1 AND k.contype IN ('c', 'p', 'u', 'f', 'x') ORDER BY 1`,
    ),
    indexes: await lines("SELECT indexdef AS line FROM pg_indexes WHERE schemaname = $1 ORDER BY indexname"),
    enumValues: (
      await pool.query<{ label: string }>(
        `SELECT e.enumlabel AS label FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid JOIN pg_namespace n ON n.oid = t.typnamespace
         WHERE n.nspname = $1 AND t.typname = 'river_job_state' ORDER BY e.enumsortorder`,
        [schema],
      )
    ).rows.map((r) => r.label),
    functions: functionRows.rows.map((r) => norm(r.line)),
    functionTraits: functionRows.rows.map((r) => r.traits),
    triggers: await lines(
      `SELECT pg_get_triggerdef(t.oid) AS line
       FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = $1 AND NOT t.tgisinternal ORDER BY t.tgname, 1`,
    ),
    sequences: await lines(
      `SELECT s.relname || ' ' || format_type(q.seqtypid, NULL) || ' owned by ' || coalesce(t.relname || '.' || a.attname, '-') AS line
       FROM pg_class s
       JOIN pg_namespace n ON n.oid = s.relnamespace
       JOIN pg_sequence q ON q.seqrelid = s.oid
       LEFT JOIN pg_depend d ON d.objid = s.oid AND d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass AND d.deptype = 'a'
       LEFT JOIN pg_class t ON t.oid = d.refobjid
       LEFT JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
       WHERE n.nspname = $1 AND s.relkind = 'S' ORDER BY 1`,
    ),
    migrationRows,
  };
}

async function readMigrationRows(pool: pg.Pool, schema: string): Promise<string[]> {
  const shape = await pool.query<{ has_table: boolean; has_line: boolean }>(
    `SELECT to_regclass(format('%I.river_migration', $1::text)) IS NOT NULL AS has_table,
            EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'river_migration' AND column_name = 'line') AS has_line`,
    [schema],
  );
  if (!shape.rows[0]?.has_table) return [];
  const table = `"${schema}".river_migration`;
  const rows = await pool.query<{ row: string }>(
    shape.rows[0].has_line
      ? `SELECT line || ':' || version AS row FROM ${table} ORDER BY line, version`
      : `SELECT version::text AS row FROM ${table} ORDER BY version`,
  );
  return rows.rows.map((r) => r.row);
}
