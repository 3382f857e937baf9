// Conformance block: the driver's listener hears its channels, lets go of them, survives a lost connection.
import { afterEach, describe, expect } from "vitest";
import type { Listener } from "../../driver/driver.js";
import type { ConformanceContext } from "../conformance-context.js";
import type { PoolStats } from "../conformance-target.js";
import { itUnless } from "../support/it-unless.js";
import { settle, waitFor } from "../support/wait-for.js";

/** Payloads received on one channel, in order. */
function inbox(): { received: string[]; push: (payload: string) => void } {
  const received: string[] = [];
  return { received, push: (payload) => void received.push(payload) };
}

function inUse(stats: PoolStats): number {
  return stats.total - stats.idle;
}

/**
 * `listener()`: LISTEN on dotted channel names (`<schema>.river_insert`), UNLISTEN, a LISTEN
 * the server rejects, and reconnecting after the listening backend is terminated. Skipped
 * as a whole only for a target that states why its driver has no listener.
 */
export function listenerBlock<TTx>(ctx: ConformanceContext<TTx>): void {
  const skip = ctx.target.noListener;
  describe("listener", () => {
    const opened: Listener[] = [];
    afterEach(async () => {
      await Promise.allSettled(opened.splice(0).map((l) => l.close()));
    });
    const open = (): Listener => {
      if (!ctx.driver.listener) {
        throw new Error(`${ctx.target.name}: the driver has no listener(); a target that cannot listen says why in noListener`);
      }
      const listener = ctx.driver.listener();
      opened.push(listener);
      return listener;
    };
    const channel = (topic: string) => `${ctx.schema}.${topic}`;
    const notify = (name: string, payload: string) => ctx.sql("SELECT pg_notify($1, $2)::text AS sent", [name, payload]);

    itUnless(skip, "hears a NOTIFY on a dotted channel, and nothing sent to a look-alike name", async () => {
      const listener = open();
      const box = inbox();
      await listener.connect();
      await listener.listen(channel("river_insert"), box.push);
      // Names an unquoted or unqualified LISTEN would confuse with ours.
      await notify(channel("RIVER_INSERT"), "wrong case");
      await notify("river_insert", "no schema");
      await notify(channel("river_insert"), '{"queue":"default"}');
      await waitFor("the notification", () => box.received.length > 0);
      await settle(100);
      expect(box.received).toEqual(['{"queue":"default"}']);
    });

    itUnless(skip, "hears a NOTIFY sent in a transaction once it commits, and never one rolled back", async () => {
      const listener = open();
      const box = inbox();
      await listener.listen(channel("river_insert"), box.push);
      await expect(
        ctx.driver.transaction(async (ex) => {
          await ex.query("SELECT pg_notify($1, $2)::text AS sent", [channel("river_insert"), "rolled back"]);
          throw new Error("roll back");
        }),
      ).rejects.toThrow("roll back");
      await ctx.driver.transaction((ex) => ex.query("SELECT pg_notify($1, $2)::text AS sent", [channel("river_insert"), "committed"]));
      await waitFor("the committed notification", () => box.received.length > 0);
      await settle(100);
      expect(box.received).toEqual(["committed"]);
    });

    itUnless(skip, "stops hearing a channel after unlisten, and keeps hearing the others", async () => {
      const listener = open();
      const a = inbox();
      const b = inbox();
      await listener.listen(channel("a"), a.push);
      await listener.listen(channel("b"), b.push);
      await listener.unlisten(channel("a"));
      await notify(channel("a"), "after unlisten");
      await notify(channel("b"), "marker");
      // One session's notifications arrive in commit order: once b's marker is here, a's would be too.
      await waitFor("the marker", () => b.received.length > 0);
      await settle(100);
      expect(a.received).toEqual([]);
      expect(b.received).toEqual(["marker"]);
    });

    itUnless(skip, "a LISTEN rejected right after connect gives back its connection and leaves the listener usable", async () => {
      const before = ctx.fx.poolStats?.();
      // A zero-length channel name is a syntax error: the server rejects the LISTEN itself.
      const first = open();
      await expect(first.listen("", () => {})).rejects.toThrow();
      await first.close();
      if (before) await waitFor("the pool's counts to return", () => inUse(ctx.fx.poolStats!()) === inUse(before), 2_000);

      const second = open();
      await second.connect();
      await expect(second.listen("", () => {})).rejects.toThrow();
      const box = inbox();
      await second.listen(channel("river_insert"), box.push);
      await notify(channel("river_insert"), "still listening");
      await waitFor("the notification after the rejected LISTEN", () => box.received.length > 0);
      // While it listens the listener holds exactly one connection of the pool, then gives it back.
      if (before) expect(inUse(ctx.fx.poolStats!())).toBe(inUse(before) + 1);
      await second.close();
      if (before) await waitFor("the pool's counts to return", () => inUse(ctx.fx.poolStats!()) === inUse(before), 2_000);
      await notify(channel("river_insert"), "after close");
      await settle(100);
      expect(box.received).toEqual(["still listening"]);
    });

    const reconnectSkip = skip ?? (ctx.target.singleConnection ? "one in-process connection: no backend to terminate" : undefined);
    itUnless(reconnectSkip, "reconnects after pg_terminate_backend, listens again on every channel, reports it once", async () => {
      const listener = open();
      if (!listener.onReconnect) throw new Error(`${ctx.target.name}: a listener on a connection it can lose must offer onReconnect`);
      let reconnects = 0;
      listener.onReconnect(() => {
        reconnects += 1;
      });
      const inserts = inbox();
      const controls = inbox();
      await listener.listen(channel("river_insert"), inserts.push);
      await listener.listen(channel("river_control"), controls.push);
      await notify(channel("river_insert"), "before");
      await waitFor("the first notification", () => inserts.received.length === 1);

      // The listening backend is the one whose last statement LISTENed on this run's schema.
      const listening = `SELECT pid FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND datname = current_database()
        AND query ~* '^\\s*listen ' AND strpos(query, $1) > 0`;
      const [victim, ...others] = await ctx.sql<{ pid: number }>(listening, [ctx.schema]);
      expect(victim, "the listener's backend in pg_stat_activity").toBeDefined();
      expect(others).toEqual([]);
      await ctx.sql("SELECT pg_terminate_backend($1::int)::text AS killed", [victim!.pid]);

      await waitFor("onReconnect", () => reconnects > 0, 15_000);
      await settle(250);
      expect(reconnects).toBe(1);
      const [now] = await ctx.sql<{ pid: number }>(listening, [ctx.schema]);
      expect(now?.pid).not.toBe(victim!.pid);

      await notify(channel("river_insert"), "after");
      await notify(channel("river_control"), "control after");
      await waitFor("both channels after the reconnect", () => inserts.received.length === 2 && controls.received.length === 1);
      expect(inserts.received).toEqual(["before", "after"]);
      expect(controls.received).toEqual(["control after"]);

      // Unlisten still works after the reconnect, and listening again delivers each payload once.
      await listener.unlisten(channel("river_insert"));
      await notify(channel("river_insert"), "after unlisten");
      await notify(channel("river_control"), "marker");
      await waitFor("the marker", () => controls.received.length === 2);
      const again = inbox();
      await listener.listen(channel("river_insert"), again.push);
      await notify(channel("river_insert"), "again");
      await notify(channel("river_control"), "marker 2");
      await waitFor("the second marker", () => controls.received.length === 3 && again.received.length > 0);
      await settle(100);
      expect(inserts.received).toEqual(["before", "after"]);
      expect(again.received).toEqual(["again"]);
    });
  });
}
