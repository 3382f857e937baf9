import { createIsolatedSchema, type IsolatedSchema } from "@tributary/test-db";
import postgres from "postgres";

/** A schema of the test's own and a postgres.js `sql` whose sessions default to it. */
export interface SqlInSchema {
  schema: IsolatedSchema;
  sql: postgres.Sql;
  /** Set on every connection of `sql`, so a test can find its backends in pg_stat_activity. */
  applicationName: string;
  close(): Promise<void>;
}

export async function openSqlInSchema(prefix: string): Promise<SqlInSchema> {
  const schema = await createIsolatedSchema(prefix);
  const applicationName = `tributary-test-${schema.name}`;
  const sql = postgres(schema.url, {
    max: 3,
    onnotice: () => {},
    connection: { search_path: schema.name, application_name: applicationName },
  });
  return {
    schema,
    sql,
    applicationName,
    async close() {
      await sql.end({ timeout: 5 });
      await schema.drop();
    },
  };
}
