// What only driver-postgresjs does: simple-protocol scripts, savepoints, look-alikes, transforms, options.
import { expectInvalidTransaction } from "@tributary/test-db";
import postgres from "postgres";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PostgresjsListener, postgresjsDriver } from "../src/index.js";
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

describe("executor()", () => {
  it("runs parameterless statements, several at once (postgres.js's simple protocol)", async () => {
    const ex = postgresjsDriver(db.sql).executor();
    await ex.query("insert into items values (1, 'a'); insert into items values (2, 'b')");
    expect(await itemIds()).toEqual([1, 2]);
  });

  it("lets database errors through with their SQLSTATE", async () => {
    const ex = postgresjsDriver(db.sql).executor();
    await ex.query("insert into items values (1, 'a')");
    await expect(ex.query("insert into items values ($1, 'again')", [1])).rejects.toMatchObject({ code: "23505" });
  });
});

describe("unwrapTx()", () => {
  it("works inside a savepoint of the caller's transaction", async () => {
    const driver = postgresjsDriver(db.sql);
    await db.sql.begin(async (tx) => {
      await tx.savepoint(async (sp) => {
        await driver.unwrapTx(sp).query("insert into items values ($1, 'in savepoint')", [7]);
      });
    });
    expect(await itemIds()).toEqual([7]);
  });

  it("refuses a look-alike with unsafe() but no savepoint()", async () => {
    const driver = postgresjsDriver(db.sql);
    await expectInvalidTransaction(() => driver.unwrapTx({ unsafe: () => [] } as never), /savepoint/);
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

  it("listens through sql.listen by default, through a listener factory when given one, and not with listen: false", () => {
    expect(postgresjsDriver(db.sql).listener?.()).toBeInstanceOf(PostgresjsListener);
    const direct = new PostgresjsListener(db.sql);
    expect(postgresjsDriver(db.sql, { listener: () => direct }).listener?.()).toBe(direct);
    expect(postgresjsDriver(db.sql, { listen: false, listener: () => direct }).listener).toBeUndefined();
  });

  it("prepares parameterised statements unless told prepare: false", async () => {
    const seen: unknown[] = [];
    const spy = Object.assign(Object.create(db.sql), {
      unsafe: (q: string, p?: unknown[], o?: { prepare?: boolean }) => {
        seen.push(o?.prepare);
        return db.sql.unsafe(q, p as never, o);
      },
    });
    await postgresjsDriver(spy).executor().query("select $1::int as n", [1]);
    await postgresjsDriver(spy, { prepare: false }).executor().query("select $1::int as n", [2]);
    expect(seen).toEqual([true, false]);
  });
});
