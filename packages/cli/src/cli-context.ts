// What every command runs with: the process's streams and environment, colours, and the database connection it opens on demand.
import { Client } from "@tributary/core";
import { pgDriver } from "@tributary/driver-pg";
import pg from "pg";
import type { CliIo } from "./cli-io.js";
import { CommandFailed, isConnectionError, oneLine } from "./errors.js";
import { type Colors, colorsFor } from "./output.js";

/** The options every command takes (defined once on the program). */
export interface GlobalOptions {
  databaseUrl?: string;
  schema?: string;
}

/** An open connection: the pool, a Tributary client that only reads and manages (it runs no queue), and the schema asked for. */
export interface Connection {
  client: Client<pg.PoolClient>;
  pool: pg.Pool;
  /** `--schema`, or undefined for the connection's `current_schema()`. */
  schema: string | undefined;
}

/** Where the URL points, without credentials, for messages. */
function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname || "localhost"}${u.port ? `:${u.port}` : ""}${u.pathname}`;
  } catch {
    return "the configured database";
  }
}

/** A command's surroundings. */
export class CliContext {
  readonly io: CliIo;
  readonly colors: Colors;
  readonly errColors: Colors;
  /** What the run exits with; a command's action sets it. */
  exitCode = 0;
  #connection: Connection | undefined;
  #url: string | undefined;

  constructor(io: CliIo) {
    this.io = io;
    this.colors = colorsFor(io.stdout, io.env);
    this.errColors = colorsFor(io.stderr, io.env);
  }

  /** Writes `text` and a newline to stdout. */
  out(text: string): void {
    this.io.stdout.write(`${text}\n`);
  }

  /** Writes `text` and a newline to stderr (progress and notes, so stdout stays parseable). */
  note(text: string): void {
    this.io.stderr.write(`${text}\n`);
  }

  /** True when a person can answer a question: both stdin and stdout are terminals. */
  get interactive(): boolean {
    return this.io.stdin.isTTY === true && this.io.stdout.isTTY === true;
  }

  /**
   * Opens the pool from `--database-url`, else `DATABASE_URL`. A missing URL fails at once; an
   * unreachable database fails at the first call, turned into one line by {@link explain}.
   */
  connect(options: GlobalOptions): Connection {
    if (this.#connection) return this.#connection;
    const url = options.databaseUrl ?? this.io.env.DATABASE_URL;
    if (!url) throw new CommandFailed("no database: pass --database-url or set DATABASE_URL");
    this.#url = url;
    const pool = new pg.Pool({ connectionString: url, max: 2, connectionTimeoutMillis: 10_000 });
    // An idle connection dropped by the server must not crash the process; the next query reports it.
    pool.on("error", () => {});
    const schema = options.schema;
    const client = new Client<pg.PoolClient>({ driver: pgDriver(pool, { listen: false }), ...(schema === undefined ? {} : { schema }) });
    this.#connection = { client, pool, schema };
    return this.#connection;
  }

  /** The one line a failure prints: connection failures name the database (never its password). */
  explain(err: unknown): string {
    if (isConnectionError(err)) {
      return `cannot connect to the database at ${this.#url ? describeUrl(this.#url) : "?"}: ${oneLine(err)}`;
    }
    return oneLine(err);
  }

  /** Closes the pool, if one was opened. */
  async close(): Promise<void> {
    const connection = this.#connection;
    this.#connection = undefined;
    await connection?.pool.end().catch(() => {});
  }
}
