// The example's HTTP server: POST /signup opens a request span and enqueues two jobs inside its transaction.
import { createServer } from "node:http";
import { SpanKind, trace } from "@opentelemetry/api";
import { Client, migrate } from "@tributary/core";
import { pgDriver } from "@tributary/driver-pg";
import pg from "pg";
import { otelPlugin } from "@tributary/otel";
import { startTelemetry } from "./telemetry.js";

const provider = startTelemetry();
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres" });
const schema = process.env.SCHEMA ?? "public";
await migrate(pgDriver(pool), { schema });
// An insert-only client: the plugin writes each job's trace context into its metadata.
const client = new Client<pg.PoolClient>({ driver: pgDriver(pool), schema, plugins: [otelPlugin()] });
const tracer = trace.getTracer("example-server");

const server = createServer((req, res) => {
  // An HTTP instrumentation would open this span for you; the example opens it by hand.
  void tracer.startActiveSpan(`${req.method} ${req.url}`, { kind: SpanKind.SERVER }, async (span) => {
    const conn = await pool.connect();
    try {
      await conn.query("BEGIN");
      await conn.query("SELECT 1"); // …the application's own writes…
      const welcome = await client.insertTx(conn, "send_welcome", { email: "ada@example.com" });
      const charge = await client.insertTx(conn, "charge_card", { cents: 4200 }, { maxAttempts: 1 });
      await conn.query("COMMIT");
      res.writeHead(201, { "content-type": "application/json" }).end(JSON.stringify({ welcome: welcome.job.id, charge: charge.job.id }));
    } catch (err) {
      await conn.query("ROLLBACK");
      res.writeHead(500).end(String(err));
    } finally {
      conn.release();
      span.end();
    }
  });
});
server.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
  const address = server.address();
  console.log(`ready http://127.0.0.1:${typeof address === "object" && address ? address.port : ""}/signup`);
});

process.on("SIGTERM", () => {
  server.close();
  void client
    .stop()
    .then(() => pool.end())
    .then(() => provider.shutdown())
    .then(() => process.exit(0));
});
