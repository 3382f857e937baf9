import { isTributaryError, TributaryError } from "@tributary/core";
import postgres from "postgres";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { postgresjsDriver } from "../src/index.js";
import { openSqlInSchema, type SqlInSchema } from "./open-sql.js";

let db: SqlInSchema;

beforeEach(async () => {
  db = await openSqlInSchema("pjs_driver");
  await db.sql.unsafe("create table items (id int primary key, note text)");
});

afterEach(async () => {
  await db.close();
});

async function itemIds(): Promise<number[]> {
  const rows = await db.sql.unsafe("select id from items order by id");
  return rows.map((r) => r["id"] as number);
}

async function expectInvalidTransaction(run: () => unknown, message: RegExp): Promise<void> {
  let caught: unknown;
  try {
    await run();
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(TributaryError);
  expect(isTributaryError(caught, "INVALID_TRANSACTION")).toBe(true);
  expect((caught as Error).message).toMatch(message);
}

describe("executor()", () => {
  it("returns plain arrays of row objects for text, int, bool and JSON-text columns", async () => {
    const driver = postgresjsDriver(db.sql);
    const rows = await driver
      .executor()
      .query(
        "select $1::text as t, $2::int as i, $3::boolean as b, $4::text::jsonb::text as j, $5::text as n",
        ["héllo", 42, true, JSON.stringify({ a: [1, "x"] }), null],
      );
    expect(Array.isArray(rows)).toBe(true);
    expect(rows).toEqual([{ t: "héllo", i: 42, b: true, j: '{"a": [1, "x"]}', n: null }]);
    expect(JSON.parse(rows[0]!["j"] as string)).toEqual({ a: [1, "x"] });
  });

  it("runs parameterless statements, several at once (migrations send such scripts)", async () => {
    const ex = postgresjsDriver(db.sql).executor();
    await ex.query("insert into items values (1, 'a'); insert into items values (2, 'b')");
    expect(await itemIds()).toEqual([1, 2]);
    expect(await ex.query("select count(*)::int as c from items where id = $1", [2])).toEqual([{ c: 1 }]);
  });

  it("lets database errors through with their SQLSTATE", async () => {
    const ex = postgresjsDriver(db.sql).executor();
    await ex.query("insert into items values (1, 'a')");
    await expect(ex.query("insert into items values ($1, 'again')", [1])).rejects.toMatchObject({ code: "23505" });
  });
});

describe("unwrapTx()", () => {
  it("runs inside the caller's transaction: rolled back with it", async () => {
    const driver = postgresjsDriver(db.sql);
    await expect(
      db.sql.begin(async (tx) => {
        await tx`insert into items values (1, 'app row')`;
        await driver.unwrapTx(tx).query("insert into items values ($1, $2)", [2, "job row"]);
        // Visible inside the transaction, before commit.
        expect(await tx.unsafe("select count(*)::int as c from items")).toEqual([{ c: 2 }]);
        throw new Error("abort");
      }),
    ).rejects.toThrow("abort");
    expect(await itemIds()).toEqual([]);
  });

  it("runs inside the caller's transaction: committed with it", async () => {
    const driver = postgresjsDriver(db.sql);
    await db.sql.begin(async (tx) => {
      await tx`insert into items values (1, 'app row')`;
      const rows = await driver.unwrapTx(tx).query("insert into items values ($1, $2) returning id", [2, "job row"]);
      expect(rows).toEqual([{ id: 2 }]);
      // Not visible from outside until the commit.
      expect(await itemIds()).toEqual([]);
    });
    expect(await itemIds()).toEqual([1, 2]);
  });

  it("works inside a savepoint of the caller's transaction", async () => {
    const driver = postgresjsDriver(db.sql);
    await db.sql.begin(async (tx) => {
      await tx.savepoint(async (sp) => {
        await driver.unwrapTx(sp).query("insert into items values ($1, 'in savepoint')", [7]);
      });
    });
    expect(await itemIds()).toEqual([7]);
  });

  it("rejects the root sql with INVALID_TRANSACTION", async () => {
    const driver = postgresjsDriver(db.sql);
    // @ts-expect-error the root sql is not a transaction: the type says so too
    await expectInvalidTransaction(() => driver.unwrapTx(db.sql), /root sql/);
  });

  it("rejects non-transaction values with INVALID_TRANSACTION", async () => {
    const driver = postgresjsDriver(db.sql);
    for (const bad of [null, undefined, 42, "tx", {}, { unsafe: () => [] }]) {
      await expectInvalidTransaction(() => driver.unwrapTx(bad as never), /sql\.begin/);
    }
  });

  it("rejects a transaction that was committed, before the statement runs", async () => {
    const driver = postgresjsDriver(db.sql);
    let finished: postgres.TransactionSql | undefined;
    await db.sql.begin(async (tx) => {
      finished = tx;
      await tx`insert into items values (1, 'app row')`;
    });
    await expectInvalidTransaction(
      () => driver.unwrapTx(finished!).query("insert into items values ($1, 'late')", [2]),
      /already committed or rolled back/,
    );
    // postgres.js alone would have run and committed the late insert on a pool connection.
    expect(await itemIds()).toEqual([1]);
  });

  it("rejects a transaction that was rolled back", async () => {
    const driver = postgresjsDriver(db.sql);
    let finished: postgres.TransactionSql | undefined;
    await expect(
      db.sql.begin(async (tx) => {
        finished = tx;
        throw new Error("abort");
      }),
    ).rejects.toThrow("abort");
    await expectInvalidTransaction(
      () => driver.unwrapTx(finished!).query("insert into items values ($1, 'late')", [2]),
      /already committed or rolled back/,
    );
    expect(await itemIds()).toEqual([]);
  });

  it("rejects a transaction in which a statement already failed", async () => {
    const driver = postgresjsDriver(db.sql);
    await expect(
      db.sql.begin(async (tx) => {
        await tx`select 1/0`.catch(() => {});
        await driver.unwrapTx(tx).query("insert into items values ($1, 'x')", [1]);
      }),
    ).rejects.toSatisfy((err) => isTributaryError(err, "INVALID_TRANSACTION") && /already failed/.test(String(err)));
  });
});

describe("transaction()", () => {
  it("commits when fn resolves and returns its value (arrays untouched)", async () => {
    const driver = postgresjsDriver(db.sql);
    const result = await driver.transaction(async (ex) => {
      await ex.query("insert into items values ($1, 'a')", [1]);
      return ex.query<{ id: number }>("insert into items values ($1, 'b') returning id", [2]);
    });
    expect(result).toEqual([{ id: 2 }]);
    expect(await itemIds()).toEqual([1, 2]);
  });

  it("rolls back and rethrows when fn throws", async () => {
    const driver = postgresjsDriver(db.sql);
    const boom = new Error("boom");
    await expect(
      driver.transaction(async (ex) => {
        await ex.query("insert into items values ($1, 'a')", [1]);
        throw boom;
      }),
    ).rejects.toBe(boom);
    expect(await itemIds()).toEqual([]);
  });

  it("runs fn's statements on one connection inside one transaction", async () => {
    const driver = postgresjsDriver(db.sql);
    const [a, b] = await driver.transaction(async (ex) => {
      const first = await ex.query<{ x: string; pid: number }>(
        "select pg_current_xact_id()::text as x, pg_backend_pid() as pid",
      );
      const second = await ex.query<{ x: string; pid: number }>(
        "select pg_current_xact_id()::text as x, pg_backend_pid() as pid",
      );
      return [first[0], second[0]];
    });
    expect(a).toEqual(b);
  });
});

describe("driver", () => {
  it("refuses an sql that transforms results (it would rename the columns core reads)", async () => {
    const camel = postgres(db.schema.url, { max: 1, transform: postgres.camel });
    try {
      expect(() => postgresjsDriver(camel)).toThrow(
        expect.objectContaining({ code: "INVALID_ARGUMENT", message: expect.stringMatching(/transform\.column/) }),
      );
      // Parameter-only transforms are harmless: accepted.
      const undef = postgres(db.schema.url, { max: 1, transform: { undefined: null } });
      expect(postgresjsDriver(undef).name).toBe("postgresjs");
      await undef.end();
    } finally {
      await camel.end();
    }
  });

  it("states its listen capability and offers a listener only when listening", () => {
    const on = postgresjsDriver(db.sql);
    const off = postgresjsDriver(db.sql, { listen: false });
    expect(on.capabilities.listen).toBe(true);
    expect(typeof on.listener).toBe("function");
    expect(off.capabilities.listen).toBe(false);
    expect(off.listener).toBeUndefined();
    expect(on.name).toBe("postgresjs");
  });
});
