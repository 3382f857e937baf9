// The scenarios' own statements on a private cluster: one short-lived connection each, so a fault cannot strand it.
import pg from "pg";

/** Runs one statement on a fresh connection (application_name `fault-admin`), bounded by `timeoutMs`. */
export async function adminQuery<R extends pg.QueryResultRow = pg.QueryResultRow>(url: string, sql: string, params: unknown[] = [], timeoutMs = 5_000): Promise<R[]> {
  const c = new pg.Client({ connectionString: url, application_name: "fault-admin", connectionTimeoutMillis: timeoutMs, query_timeout: timeoutMs });
  c.on("error", () => {});
  try {
    await c.connect();
    return (await c.query<R>(sql, params)).rows;
  } finally {
    await c.end().catch(() => {});
  }
}

/** `adminQuery`, retried every 200 ms until it succeeds or `timeoutMs` passed (across a restart). */
export async function adminQueryRetrying<R extends pg.QueryResultRow = pg.QueryResultRow>(url: string, sql: string, params: unknown[] = [], timeoutMs = 30_000): Promise<R[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await adminQuery<R>(url, sql, params);
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}
