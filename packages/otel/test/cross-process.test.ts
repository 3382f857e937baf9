// One trace across three processes: the test's HTTP call → the server's request and producer spans → another process's consumer spans.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { SDK_INFO } from "@opentelemetry/core";
import { createIsolatedSchema, type IsolatedSchema, waitFor } from "@tributary/test-db";
import pg from "pg";
import { afterEach, beforeEach, expect, it } from "vitest";

/** The example the README shows: `examples/otel-http-and-worker`, run as it is. */
const EXAMPLE_DIR = fileURLToPath(new URL("../../../examples/otel-http-and-worker", import.meta.url));
const SPAN_KIND = { SERVER: 1, CLIENT: 2, PRODUCER: 3, CONSUMER: 4 } as const;

interface ExportedSpan {
  name: string;
  sdkVersion: string;
  kind: number;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  status: { code: number; message?: string };
  attributes: Record<string, unknown>;
  events: { name: string; attributes?: Record<string, unknown> }[];
}

interface Started {
  child: ChildProcess;
  exited: Promise<number | null>;
  firstLine: string;
}

let schema: IsolatedSchema;
let dir: string;
const children: Started[] = [];

beforeEach(async () => {
  schema = await createIsolatedSchema("otel_xp");
  dir = mkdtempSync(join(tmpdir(), "otel-xp-"));
});
afterEach(async () => {
  for (const c of children) if (c.child.exitCode === null && c.child.signalCode === null) c.child.kill("SIGKILL");
  await Promise.all(children.map((c) => c.exited));
  children.length = 0;
  rmSync(dir, { recursive: true, force: true });
  await schema.drop();
});

/** Starts one of the example's processes, writing its spans to `spansFile`; resolves on its "ready" line. */
async function start(script: string, spansFile: string): Promise<Started> {
  const child = spawn(process.execPath, ["--conditions=@tributary/source", "--import", "tsx", `src/${script}`], {
    cwd: EXAMPLE_DIR,
    env: { ...process.env, DATABASE_URL: schema.url, SCHEMA: schema.name, SPANS_FILE: spansFile },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (d) => {
    stderr += String(d);
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const firstLine = await new Promise<string>((resolve, reject) => {
    child.stdout!.on("data", (d) => {
      const line = String(d).split("\n").find((l) => l.startsWith("ready"));
      if (line) resolve(line);
    });
    void exited.then((code) => reject(new Error(`${script} exited with ${code} before it was ready: ${stderr}`)));
  });
  const started = { child, exited, firstLine };
  children.push(started);
  return started;
}

async function stopGracefully(p: Started): Promise<void> {
  p.child.kill("SIGTERM");
  expect(await p.exited).toBe(0);
}

const readSpans = (file: string): ExportedSpan[] =>
  readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.length > 0)
    .map((l) => JSON.parse(l) as ExportedSpan);

it("producer and worker in separate processes: one trace from the request span through the producer spans to the attempts", async () => {
  const serverSpans = join(dir, "server.jsonl");
  const workerSpans = join(dir, "worker.jsonl");
  const server = await start("server.ts", serverSpans);
  const worker = await start("worker.ts", workerSpans);

  const response = await fetch(server.firstLine.replace(/^ready /, ""), { method: "POST" });
  expect(response.status).toBe(201);
  const ids = (await response.json()) as { welcome: string; charge: string };

  const pool = new pg.Pool({ connectionString: schema.url, max: 1 });
  try {
    await waitFor("both jobs finalized", async () => {
      const { rows } = await pool.query(`SELECT state FROM "${schema.name}".river_job WHERE finalized_at IS NOT NULL`);
      return rows.length === 2;
    }, 30_000);
  } finally {
    await pool.end();
  }
  await stopGracefully(worker);
  await stopGracefully(server);

  const produced = readSpans(serverSpans);
  const worked = readSpans(workerSpans);
  // Both processes ran the SDK line this test runs on (packages/otel-sdk3-test runs it with SDK 3.x).
  expect(new Set([...produced, ...worked].map((s) => s.sdkVersion))).toEqual(new Set([SDK_INFO["telemetry.sdk.version"]]));
  const request = produced.find((s) => s.kind === SPAN_KIND.SERVER)!;
  expect(request.name).toBe("POST /signup");
  const producers = produced.filter((s) => s.kind === SPAN_KIND.PRODUCER);
  expect(producers.map((s) => s.name)).toEqual(["send default", "send default"]);
  for (const p of producers) {
    expect(p.traceId).toBe(request.traceId);
    expect(p.parentSpanId).toBe(request.spanId);
  }
  const producerOf = (jobId: string) => producers.find((p) => p.attributes["messaging.message.id"] === jobId)!;

  const consumers = worked.filter((s) => s.kind === SPAN_KIND.CONSUMER);
  expect(consumers).toHaveLength(2);
  const consumerOf = (jobId: string) => consumers.find((c) => c.attributes["messaging.message.id"] === jobId)!;
  for (const id of [ids.welcome, ids.charge]) {
    expect(consumerOf(id).traceId).toBe(request.traceId);
    expect(consumerOf(id).parentSpanId).toBe(producerOf(id).spanId);
  }
  expect(consumerOf(ids.welcome).attributes["tributary.job.outcome"]).toBe("completed");
  const failed = consumerOf(ids.charge);
  expect(failed.status).toEqual({ code: 2, message: "card declined" });
  expect(failed.attributes["tributary.job.outcome"]).toBe("discarded");
  expect(failed.events.find((e) => e.name === "exception")?.attributes?.["exception.stacktrace"]).toContain("card declined");
  // The handler's own span, in the worker process, is a child of its attempt's span.
  const render = worked.find((s) => s.name === "render email")!;
  expect(render.parentSpanId).toBe(consumerOf(ids.welcome).spanId);
});
