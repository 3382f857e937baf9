// The README's Node mounts through toNodeHandler: Fastify (hijacked reply, form bodies left unread) and Express after express.urlencoded() parsed the body.
import type { AddressInfo } from "node:net";
import { createIsolatedSchema, type IsolatedSchema } from "@tributary/test-db";
import express from "express";
import Fastify from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import { dashboard, toNodeHandler } from "../src/index.js";
import { insertAvailable, openSchema } from "./support/seed-jobs.js";

let schema: IsolatedSchema;
let db: Awaited<ReturnType<typeof openSchema>>;

beforeAll(async () => {
  schema = await createIsolatedSchema("dash_mounts");
  db = await openSchema(schema.url, schema.name);
});
afterAll(async () => {
  await db.pool.end();
  await schema.drop();
});

function handler() {
  return dashboard({ driver: db.driver, schema: schema.name, basePath: "/admin/jobs", authorize: () => true });
}

/** Cancels `id` the way the job page's form does, then reads the list page; returns both statuses and the redirect. */
async function cancelThroughForm(base: string, id: string) {
  const post = await fetch(`${base}/admin/jobs/jobs/${id}/cancel`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", "sec-fetch-site": "same-origin" },
    body: "from=form",
  });
  const list = await fetch(`${base}/admin/jobs/jobs`);
  return { post: post.status, location: post.headers.get("location"), list: list.status, html: await list.text() };
}

it("mounts in Fastify as the README shows", async () => {
  const [id] = await insertAvailable(db.client, 1, "fastify_kind", "fastify");
  const app = Fastify();
  const jobs = toNodeHandler(handler());
  app.addContentTypeParser("application/x-www-form-urlencoded", (_req, _body, done) => done(null));
  app.all("/admin/jobs", (req, reply) => {
    reply.hijack();
    jobs(req.raw, reply.raw);
  });
  app.all("/admin/jobs/*", (req, reply) => {
    reply.hijack();
    jobs(req.raw, reply.raw);
  });
  const base = await app.listen({ port: 0, host: "127.0.0.1" });
  try {
    const result = await cancelThroughForm(base, id!);
    expect([result.post, result.location, result.list]).toEqual([303, `/admin/jobs/jobs/${id}?notice=cancelled`, 200]);
    expect(result.html).toContain(`data-job-id="${id}"`);
    expect((await db.client.getJob(id!))?.state).toBe("cancelled");
  } finally {
    await app.close();
  }
});

it("mounts in Express after express.urlencoded() consumed the body", async () => {
  const [id] = await insertAvailable(db.client, 1, "express_kind", "express");
  const app = express();
  app.use(express.urlencoded({ extended: false }));
  app.use("/admin/jobs", toNodeHandler(handler()));
  const server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  try {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const result = await cancelThroughForm(base, id!);
    expect([result.post, result.location, result.list]).toEqual([303, `/admin/jobs/jobs/${id}?notice=cancelled`, 200]);
    expect((await db.client.getJob(id!))?.state).toBe("cancelled");
    // The form's fields reach the dashboard although express.urlencoded() read the stream: `return` picks the redirect.
    const pause = await fetch(`${base}/admin/jobs/queues/express/pause`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", "sec-fetch-site": "same-origin" },
      body: new URLSearchParams({ return: "/admin/jobs/jobs?queue=express" }).toString(),
    });
    expect(pause.headers.get("location")).toBe("/admin/jobs/jobs?queue=express&notice=paused&notice_queue=express");
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});
