// The example's worker process: works the jobs the server enqueued, one of which always fails.
import { trace } from "@opentelemetry/api";
import { Client } from "@tributary/core";
import { pgDriver } from "@tributary/driver-pg";
import pg from "pg";
import { otelPlugin } from "@tributary/otel";
import { startTelemetry } from "./telemetry.js";

const provider = startTelemetry();
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres" });
const tracer = trace.getTracer("example-worker");

const client = new Client<pg.PoolClient>({
  driver: pgDriver(pool),
  schema: process.env.SCHEMA ?? "public",
  plugins: [otelPlugin()],
  queues: { default: { maxWorkers: 5 } },
  workers: {
    // Runs inside the job's `process default` span: spans opened here are its children.
    send_welcome: async (job) => tracer.startActiveSpan("render email", { attributes: { to: String(job.args.email) } }, (span) => span.end()),
    charge_card: async () => {
      throw new Error("card declined");
    },
  },
});
await client.start();
console.log("ready");

process.on("SIGTERM", () => {
  void client
    .stop()
    .then(() => pool.end())
    .then(() => provider.shutdown())
    .then(() => process.exit(0));
});
