import type pg from "pg";

/** A column as PostgreSQL describes it: type as `format_type` prints it, default as `pg_get_expr` does. */
export interface ColumnFact {
  column: string;
  type: string;
  notNull: boolean;
  default: string | null;
}

/** Everything migrations create in one schema, with the schema's name replaced by `<s>` so two schemas compare. */
export interface SchemaSnapshot {
  tables: Record<string, { persistence: string; columns: ColumnFact[] }>;
  constraints: string[];
  indexes: string[];
  enumValues: string[];
  functions: string[];
}

export async function schemaSnapshot(pool: pg.Pool, schema: string): Promise<SchemaSnapshot> {
  const norm = (s: string) => s.split(`"${schema}".`).join("<s>.").split(`${schema}.`).join("<s>.");
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
  const cons = await pool.query<{ line: string }>(
    `SELECT c.relname || ' ' || k.conname || ' ' || pg_get_constraintdef(k.oid) AS line
     FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = $1 ORDER BY 1`,
    [schema],
  );
  const idx = await pool.query<{ line: string }>("SELECT indexdef AS line FROM pg_indexes WHERE schemaname = $1 ORDER BY indexname", [
    schema,
  ]);
  const enums = await pool.query<{ label: string }>(
    `SELECT e.enumlabel AS label FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid JOIN pg_namespace n ON n.oid = t.typnamespace
     WHERE n.nspname = $1 AND t.typname = 'river_job_state' ORDER BY e.enumsortorder`,
    [schema],
  );
  const fns = await pool.query<{ line: string }>(
    `SELECT p.proname || '(' || pg_get_function_arguments(p.oid) || ') ' || p.provolatile::text || ' ' || pg_get_function_result(p.oid) AS line
     FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = $1 ORDER BY 1`,
    [schema],
  );
  return {
    tables,
    constraints: cons.rows.map((r) => norm(r.line)),
    indexes: idx.rows.map((r) => norm(r.line)),
    enumValues: enums.rows.map((r) => r.label),
    functions: fns.rows.map((r) => norm(r.line)),
  };
}
