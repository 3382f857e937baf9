import postgres from "postgres";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { postgresjsDriver } from "../src/index.js";
import { openSqlInSchema, type SqlInSchema } from "./open-sql.js";

let db: SqlInSchema;
/** Another connection, the way a different process would send NOTIFY. */
let other: postgres.Sql;

beforeEach(async () => {
  db = await openSqlInSchema("pjs_listen");
  other = postgres(db.schema.url, { max: 1, onnotice: () => {} });
});

afterEach(async () => {
  await other.end({ timeout: 5 });
  await db.close();
});

/** Collects payloads per channel and lets a test wait for the next one. */
function inbox() {
  const received: string[] = [];
  let waiter: (() => void) | undefined;
  return {
    received,
    push(payload: string) {
      received.push(payload);
      waiter?.();
    },
    async waitFor(count: number, timeoutMs = 10_000): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${count} notifications, got ${received.length}`);
        await new Promise<void>((resolve) => {
          waiter = resolve;
          setTimeout(resolve, 50);
        });
      }
    },
  };
}

async function notify(channel: string, payload: string): Promise<void> {
  await other.unsafe("select pg_notify($1, $2)", [channel, payload]);
}

async function waitUntil(check: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function listenerBackendPids(): Promise<number[]> {
  const rows = await other.unsafe(
    "select pid from pg_stat_activity where application_name = $1 and query ~* '^(un)?listen '",
    [db.applicationName],
  );
  return rows.map((r) => r["pid"] as number);
}

describe("PostgresjsListener", () => {
  it("receives a NOTIFY on a dotted channel sent with pg_notify from another connection", async () => {
    const listener = postgresjsDriver(db.sql).listener!();
    const channel = `${db.schema.name}.river_insert`;
    const box = inbox();
    await listener.connect();
    await listener.listen(channel, box.push);
    // A differently named channel that an unquoted LISTEN would case-fold into ours.
    await notify(`${db.schema.name}.RIVER_INSERT`, "wrong case");
    await notify(channel, '{"queue":"default"}');
    await box.waitFor(1);
    expect(box.received).toEqual(['{"queue":"default"}']);
    await listener.close();
  });

  it("stops delivering after unlisten", async () => {
    const listener = postgresjsDriver(db.sql).listener!();
    const a = inbox();
    const b = inbox();
    await listener.listen(`${db.schema.name}.a`, a.push);
    await listener.listen(`${db.schema.name}.b`, b.push);
    await listener.unlisten(`${db.schema.name}.a`);
    await notify(`${db.schema.name}.a`, "after unlisten");
    await notify(`${db.schema.name}.b`, "marker");
    // Notifications from one session arrive in commit order: once b's marker is here, a's would be too.
    await b.waitFor(1);
    expect(a.received).toEqual([]);
    await listener.close();
  });

  it("reconnects after its backend is terminated, calls onReconnect once and receives later notifications", async () => {
    const listener = postgresjsDriver(db.sql).listener!();
    const insert = `${db.schema.name}.river_insert`;
    const control = `${db.schema.name}.river_control`;
    const inserts = inbox();
    const controls = inbox();
    let reconnects = 0;
    listener.onReconnect!(() => {
      reconnects += 1;
    });
    await listener.listen(insert, inserts.push);
    await listener.listen(control, controls.push);
    await notify(insert, "before");
    await inserts.waitFor(1);
    expect(reconnects).toBe(0);

    const [pid, ...more] = await listenerBackendPids();
    expect(more).toEqual([]);
    await other.unsafe("select pg_terminate_backend($1)", [pid!]);

    await waitUntil(() => reconnects > 0, "onReconnect");
    // Both channels re-LISTEN on the new connection; the client is told once.
    await new Promise((r) => setTimeout(r, 200));
    expect(reconnects).toBe(1);
    const newPids = await listenerBackendPids();
    expect(newPids).toHaveLength(1);
    expect(newPids[0]).not.toBe(pid);

    await notify(insert, "after");
    await notify(control, "control after");
    await inserts.waitFor(2);
    await controls.waitFor(1);
    expect(inserts.received).toEqual(["before", "after"]);
    expect(controls.received).toEqual(["control after"]);

    // postgres.js's own unlisten handle goes stale after a reconnect; ours must still work.
    await listener.unlisten(insert);
    await notify(insert, "after unlisten");
    await notify(control, "marker");
    await controls.waitFor(2);
    expect(inserts.received).toEqual(["before", "after"]);

    // Listening again delivers each notification once, not once per stale registration.
    const again = inbox();
    await listener.listen(insert, again.push);
    await notify(insert, "again");
    await notify(control, "marker 2");
    await controls.waitFor(3);
    await again.waitFor(1);
    expect(again.received).toEqual(["again"]);
    await listener.close();
  });

  it("does not call onReconnect after close", async () => {
    const listener = postgresjsDriver(db.sql).listener!();
    let reconnects = 0;
    listener.onReconnect!(() => {
      reconnects += 1;
    });
    await listener.listen(`${db.schema.name}.river_insert`, () => {});
    await listener.close();
    const pids = await listenerBackendPids();
    for (const pid of pids) await other.unsafe("select pg_terminate_backend($1)", [pid]);
    await new Promise((r) => setTimeout(r, 300));
    expect(reconnects).toBe(0);
  });
});
