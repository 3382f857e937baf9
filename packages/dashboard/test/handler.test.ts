// The handler without a browser: its options, mount path, authorization, same-origin rule, error pages, periodic schedules and the standalone server.
import { Client, type Driver, type Executor, isTributaryError } from "@tributary/core";
import { pgDriver } from "@tributary/driver-pg";
import { createIsolatedSchema, type IsolatedSchema } from "@tributary/test-db";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dashboard, type DashboardOptions, startDashboardServer } from "../src/index.js";
import { insertAvailable, insertGoDiscardedJob, openSchema } from "./support/seed-jobs.js";

let schema: IsolatedSchema;
let db: Awaited<ReturnType<typeof openSchema>>;

beforeAll(async () => {
  schema = await createIsolatedSchema("dash_handler");
  db = await openSchema(schema.url, schema.name);
});
afterAll(async () => {
  await db.pool.end();
  await schema.drop();
});

const ORIGIN = "http://app.test";

function handler(options: Partial<DashboardOptions> = {}) {
  return dashboard({ driver: db.driver, schema: schema.name, basePath: "/admin/jobs", authorize: () => true, ...options });
}

/** A POST as the dashboard's own form sends it from a current browser. */
function formPost(path: string, body: Record<string, string> = {}, headers: Record<string, string> = { "sec-fetch-site": "same-origin" }): Request {
  return new Request(`${ORIGIN}${path}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(body).toString(),
  });
}

describe("options", () => {
  it("requires authorize, so a mount with defaults never exposes actions", () => {
    const call = () => dashboard({ driver: db.driver, basePath: "/admin" } as DashboardOptions);
    expect(call).toThrow(/options\.authorize: is required/);
    try {
      call();
    } catch (err) {
      expect(isTributaryError(err) && err.code).toBe("INVALID_ARGUMENT");
    }
  });

  it("refuses a base path that is not an absolute path, and a missing driver", () => {
    expect(() => handler({ basePath: "admin" })).toThrow(/options\.basePath: must be an absolute path/);
    expect(() => handler({ basePath: "/a?b" })).toThrow(/options\.basePath/);
    expect(() => handler({ driver: undefined as never })).toThrow(/options\.driver: must be a Tributary driver/);
  });
});

describe("mount path", () => {
  it("answers 404 outside basePath and serves the overview at it, with or without the trailing slash", async () => {
    const h = handler();
    for (const path of ["/", "/admin", "/admin/jobsx", "/other/jobs"]) expect((await h(new Request(`${ORIGIN}${path}`))).status, path).toBe(404);
    for (const path of ["/admin/jobs", "/admin/jobs/"]) {
      const res = await h(new Request(`${ORIGIN}${path}`));
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('href="/admin/jobs/jobs"');
    }
  });

  it("mounted at / links from the root", async () => {
    const res = await handler({ basePath: "/" })(new Request(`${ORIGIN}/jobs`));
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<link rel="stylesheet" href="/assets/dashboard.css?v=');
  });
});

describe("authorize", () => {
  it("false answers 403, a Response is sent as it is, and it sees every request", async () => {
    const seen: string[] = [];
    const h = handler({
      authorize: (req) => {
        seen.push(new URL(req.url).pathname);
        return req.headers.get("x-role") === "admin" ? true : req.headers.has("x-role") ? false : Response.redirect(`${ORIGIN}/login`, 302);
      },
    });
    expect((await h(new Request(`${ORIGIN}/admin/jobs/jobs`, { headers: { "x-role": "guest" } }))).status).toBe(403);
    const redirect = await h(new Request(`${ORIGIN}/admin/jobs/assets/dashboard.css`));
    expect([redirect.status, redirect.headers.get("location")]).toEqual([302, `${ORIGIN}/login`]);
    expect((await h(new Request(`${ORIGIN}/admin/jobs/jobs`, { headers: { "x-role": "admin" } }))).status).toBe(200);
    expect(seen).toEqual(["/admin/jobs/jobs", "/admin/jobs/assets/dashboard.css", "/admin/jobs/jobs"]);
  });
});

describe("actions", () => {
  it("accept an Origin equal to the request's own when Sec-Fetch-Site is absent, and refuse a missing or foreign one", async () => {
    const [a, b] = await insertAvailable(db.client, 2, "origin_kind", "origin");
    const h = handler();
    expect((await h(formPost(`/admin/jobs/jobs/${a}/cancel`, {}, {}))).status).toBe(403);
    expect((await h(formPost(`/admin/jobs/jobs/${a}/cancel`, {}, { origin: "http://evil.test" }))).status).toBe(403);
    expect((await h(formPost(`/admin/jobs/jobs/${a}/cancel`, {}, { "sec-fetch-site": "same-site" }))).status).toBe(403);
    expect((await db.client.getJob(a!))?.state).toBe("available");
    const ok = await h(formPost(`/admin/jobs/jobs/${b}/cancel`, {}, { origin: ORIGIN }));
    expect([ok.status, ok.headers.get("location")]).toEqual([303, `/admin/jobs/jobs/${b}?notice=cancelled`]);
    expect((await db.client.getJob(b!))?.state).toBe("cancelled");
  });

  it("a bulk delete without any filter warns that it is every job before deleting them", async () => {
    const own = await createIsolatedSchema("dash_bulk_all");
    const other = await openSchema(own.url, own.name);
    try {
      await insertAvailable(other.client, 3, "everything");
      const h = dashboard({ driver: other.driver, schema: own.name, basePath: "/", authorize: () => true });
      const confirm = await h(formPost("/jobs/bulk", { action: "delete", filter: "" }));
      expect(await confirm.text()).toContain("no filter is set: this is every job");
      expect(await other.client.countJobs({})).toBe(3);
      const done = await h(formPost("/jobs/bulk", { action: "delete", filter: "", confirmed: "3" }));
      expect(done.headers.get("location")).toBe("/jobs?notice=bulk-delete&count=3");
      expect(await other.client.countJobs({})).toBe(0);
    } finally {
      await other.pool.end();
      await own.drop();
    }
  });

  it("deleting a running job answers 409 with core's reason, and the job stays", async () => {
    const [id] = await insertAvailable(db.client, 1, "busy", "busy");
    await db.pool.query(`UPDATE ${db.table} SET state = 'running', attempt = 1, attempted_at = now() WHERE id = $1`, [id]);
    const res = await handler()(formPost(`/admin/jobs/jobs/${id}/delete`));
    expect(res.status).toBe(409);
    expect(await res.text()).toContain("is running and cannot be deleted");
    expect((await db.client.getJob(id!))?.state).toBe("running");
  });
});

describe("jobs page", () => {
  it("filters by args and metadata containment and by a time range, and pages with River's cursor", async () => {
    const results = await db.client.insertMany(
      Array.from({ length: 55 }, (_v, i) => ({ kind: "paged", args: { customer_id: i % 2 }, opts: { queue: "paging", metadata: { batch: i < 52 ? "a" : "b" } } })),
    );
    const h = handler();
    const list = async (query: Record<string, string>) => {
      const text = await (await h(new Request(`${ORIGIN}/admin/jobs/jobs?${new URLSearchParams({ queue: "paging", ...query })}`))).text();
      return { ids: [...text.matchAll(/data-job-id="(\d+)"/g)].map((m) => m[1]), text };
    };
    const odd = results.filter((_r, i) => i % 2 === 1).map((r) => r.job.id).reverse();
    expect((await list({ args: '{"customer_id": 1}' })).ids).toEqual(odd);
    expect((await list({ args: '{"customer_id": 1}', metadata: '{"batch": "b"}' })).ids).toEqual([results[53]!.job.id]);
    const later = new Date(Date.now() + 3_600_000).toISOString().slice(0, 16);
    expect((await list({ since: later })).ids).toEqual([]);
    const first = await list({});
    expect(first.ids).toHaveLength(50);
    const next = /href="([^"]+)" rel="next"/.exec(first.text)![1]!.replaceAll("&#38;", "&");
    const cursor = new URL(next, ORIGIN).searchParams.get("cursor")!;
    expect(JSON.parse(Buffer.from(cursor, "base64").toString())).toMatchObject({ sort_field: "id", kind: "paged", queue: "paging" });
    expect((await list({ cursor })).ids).toEqual(results.slice(0, 5).map((r) => r.job.id).reverse());
  });

  it("never counts jobs it does not list: jobs committed between the page's two reads show in both", async () => {
    // A pool executor that commits two jobs of the filtered queue just before the count query
    // runs, once every read already sent has finished: what live refresh meets when jobs
    // arrive while it polls. Reading rows and count side by side, the page said "2 jobs match"
    // above an empty table.
    const base = db.driver.executor();
    const sent: Promise<unknown>[] = [];
    let armed = true;
    const executor: Executor = {
      async query<R>(sql: string, params?: readonly unknown[]): Promise<R[]> {
        if (armed && /\bcount\(\*\)/.test(sql)) {
          armed = false;
          await Promise.allSettled(sent);
          await insertAvailable(db.client, 2, "between_reads", "between");
        }
        const rows = base.query<R>(sql, params);
        sent.push(rows);
        return rows;
      },
    };
    const driver: Driver<unknown> = {
      name: "pg, with jobs committed just before the count",
      executor: () => executor,
      unwrapTx: (tx) => db.driver.unwrapTx(tx as pg.PoolClient),
      transaction: (fn) => db.driver.transaction(fn),
    };
    const text = await (await handler({ driver })(new Request(`${ORIGIN}/admin/jobs/jobs?queue=between`))).text();
    expect(armed).toBe(false);
    expect(text).toMatch(/<strong>2<\/strong> jobs match/);
    expect([...text.matchAll(/data-job-id="/g)]).toHaveLength(2);
  });
});

describe("error pages", () => {
  it("says the database is down on every page instead of failing", async () => {
    const deadPool = new pg.Pool({ connectionString: "postgres://postgres@127.0.0.1:1/test", connectionTimeoutMillis: 2_000 });
    try {
      const h = dashboard({ driver: pgDriver(deadPool), schema: schema.name, basePath: "/", authorize: () => true });
      for (const path of ["/", "/jobs", "/jobs/1", "/periodic"]) {
        const res = await h(new Request(`${ORIGIN}${path}`));
        expect(res.status, path).toBe(503);
        const text = await res.text();
        expect(text).toContain("Database unavailable");
        expect(text).toContain("ECONNREFUSED");
      }
    } finally {
      await deadPool.end();
    }
  });

  it("names a bad filter (400) and an unknown job (404)", async () => {
    const h = handler();
    const bad = await h(new Request(`${ORIGIN}/admin/jobs/jobs?metadata=%5B1%5D`));
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("metadata: must be a JSON object");
    const state = await h(new Request(`${ORIGIN}/admin/jobs/jobs?state=done`));
    expect([state.status, (await state.text()).includes("&#34;done&#34; is not one of")]).toEqual([400, true]);
    expect((await h(new Request(`${ORIGIN}/admin/jobs/jobs/987654321`))).status).toBe(404);
  });

  it("escapes what jobs hold: a kind or error full of markup renders as text", async () => {
    const id = await insertGoDiscardedJob(db.pool, db.table, "xss");
    await db.pool.query(`UPDATE ${db.table} SET kind = '<script>alert(1)</script>' WHERE id = $1`, [id]);
    const text = await (await handler()(new Request(`${ORIGIN}/admin/jobs/jobs/${id}`))).text();
    expect(text).not.toContain("<script>alert(1)</script>");
    expect(text).toContain("&#60;script&#62;alert(1)&#60;/script&#62;");
  });
});

describe("periodic jobs", () => {
  it("with the application's client: lists each schedule with its next run and runs one now", async () => {
    const appClient = new Client({
      driver: db.driver,
      schema: schema.name,
      periodicJobs: [{ id: "nightly_digest", cron: "0 3 * * *", kind: "digest", args: { full: true }, opts: { queue: "digests" } }],
    });
    const h = handler({ client: appClient });
    const text = await (await h(new Request(`${ORIGIN}/admin/jobs/periodic`))).text();
    expect(text).toContain('data-periodic-id="nightly_digest"');
    expect(text).toContain("0 3 * * *");
    expect(text).toMatch(/\d{4}-\d{2}-\d{2} 03:00:00 UTC/);
    const run = await h(formPost("/admin/jobs/periodic/nightly_digest/run"));
    expect(run.status).toBe(303);
    const id = /\/jobs\/(\d+)\?/.exec(run.headers.get("location") ?? "")?.[1];
    const job = await db.client.getJob(id!);
    expect([job?.kind, job?.queue, job?.args, job?.metadata["river:periodic_job_id"]]).toEqual(["digest", "digests", { full: true }, "nightly_digest"]);
  });

  it("without a client: lists the periodic ids found on jobs with their last and next runs", async () => {
    const [last] = await db.client.insertMany([{ kind: "report", args: {}, opts: { metadata: { "river:periodic_job_id": "go_hourly_report" } } }]);
    await db.pool.query(`UPDATE ${db.table} SET state = 'completed', attempt = 1, attempted_at = now(), finalized_at = now() WHERE id = $1`, [last!.job.id]);
    const next = await db.client.insert("report", {}, { scheduledAt: new Date(Date.now() + 3_600_000), metadata: { "river:periodic_job_id": "go_hourly_report" } });
    const text = await (await handler()(new Request(`${ORIGIN}/admin/jobs/periodic`))).text();
    const row = /<tr data-periodic-id="go_hourly_report">(.*?)<\/tr>/s.exec(text)?.[1] ?? "";
    expect(row).toContain(`job ${last!.job.id}</a> <span class="state state-completed">completed`);
    expect(row).toContain(`job ${next.job.id}</a> <span class="state state-scheduled">scheduled`);
  });
});

describe("startDashboardServer", () => {
  it("binds 127.0.0.1 by default, allows local requests, serves under basePath and closes", async () => {
    const server = await startDashboardServer({ driver: db.driver, schema: schema.name, port: 0, basePath: "/jobs-ui", readOnly: true });
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/jobs-ui\/$/);
      const res = await fetch(server.url);
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(text).toContain("<h1>Overview</h1>");
      expect(text).toContain("read-only");
      const css = await fetch(new URL("assets/dashboard.css", server.url));
      expect(css.headers.get("content-type")).toBe("text/css; charset=utf-8");
    } finally {
      await server.close();
    }
    await expect(fetch(server.url)).rejects.toThrow();
  });

  it("refuses a bad port", async () => {
    await expect(startDashboardServer({ driver: db.driver, port: 70_000 })).rejects.toThrow(/options\.port/);
  });
});
