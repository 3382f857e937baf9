// The dashboard in a real browser (Debian's Chromium), mounted in the Hono and the Express example: the issue's user journeys, safety, accessibility, keyboard use.
import { createIsolatedSchema, type IsolatedSchema } from "@tributary/test-db";
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, seriousAxeViolations } from "./support/browser.js";
import { ADMIN_PASSWORD, EXAMPLES, type ExampleServer, startExample } from "./support/example-server.js";
import { GO_ERROR, insertAvailable, insertGoDiscardedJob, openSchema } from "./support/seed-jobs.js";

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe.each(EXAMPLES)("the dashboard mounted in %s", (example) => {
  let schema: IsolatedSchema;
  let db: Awaited<ReturnType<typeof openSchema>>;
  let app: ExampleServer;
  let readOnlyApp: ExampleServer;
  let context: BrowserContext;

  beforeAll(async () => {
    schema = await createIsolatedSchema(`dash_${example.replace("dashboard-", "")}`);
    db = await openSchema(schema.url, schema.name);
    [app, readOnlyApp] = await Promise.all([
      startExample(example, { databaseUrl: schema.url, schema: schema.name }),
      startExample(example, { databaseUrl: schema.url, schema: schema.name, readOnly: true }),
    ]);
    context = await browser.newContext({ httpCredentials: { username: "admin", password: ADMIN_PASSWORD } });
    context.on("page", (page) => page.on("dialog", (dialog) => void dialog.accept()));
  });
  afterAll(async () => {
    await context?.close();
    await Promise.all([app?.stop(), readOnlyApp?.stop()]);
    await db?.pool.end();
    await schema?.drop();
  });

  it("opens the overview, filters to discarded jobs, opens one, shows its error and trace, retries it and shows it available", async () => {
    const id = await insertGoDiscardedJob(db.pool, db.table, "journey");
    const page = await context.newPage();
    await page.goto(app.url);
    await expect(page.locator("h1").textContent()).resolves.toBe("Overview");
    await expect(page.locator('tr[data-queue="journey"]').textContent()).resolves.toContain("journey");

    await page.click(`a[href$="/jobs?state=discarded"]`);
    await page.selectOption('select[name="state"]', "discarded");
    await page.fill('input[name="queue"]', "journey");
    await page.fill('input[name="args"]', '{"customer_id": 42}');
    await page.click('button:has-text("Filter")');
    expect(new URL(page.url()).searchParams.get("state")).toBe("discarded");
    await expect(page.locator("#match-count").textContent()).resolves.toContain("1 job matches");

    await page.click(`tr[data-job-id="${id}"] a.job-link`);
    await expect(page.locator("h1").textContent()).resolves.toContain(`Job ${id}`);
    await expect(page.locator(".error-message").last().textContent()).resolves.toBe(GO_ERROR.error);
    await expect(page.locator(".error-trace").last().textContent()).resolves.toBe(GO_ERROR.trace);

    await page.click('button:has-text("Retry")');
    await expect(page.locator("#job-state").textContent()).resolves.toBe("available");
    await expect(page.locator(".notice").textContent()).resolves.toContain("Job retried");
    expect((await db.client.getJob(id))?.state).toBe("available");
    await page.close();
  });

  it("pauses a queue and resumes it from the overview", async () => {
    await insertAvailable(db.client, 2, "pause_me", "pausable");
    const page = await context.newPage();
    await page.goto(app.url);
    await page.click('button[aria-label="Pause queue pausable"]');
    await expect(page.locator(".notice").textContent()).resolves.toContain("Queue pausable paused");
    await expect(page.locator("#paused").textContent()).resolves.toContain("pausable");
    expect((await db.client.getQueue("pausable"))?.paused).toBe(true);
    await page.click('button[aria-label="Resume queue pausable"]');
    // The click only submits the form: wait for the redirected page before reading the database.
    await expect(page.locator(".notice").textContent()).resolves.toContain("Queue pausable resumed");
    expect((await db.client.getQueue("pausable"))?.paused).toBe(false);
    await page.close();
  });

  it("cancels every job matching the filter after a confirmation that shows the count", async () => {
    await insertAvailable(db.client, 3, "bulk_kind", "bulk");
    await insertAvailable(db.client, 1, "other_kind", "bulk");
    const page = await context.newPage();
    await page.goto(`${app.url}jobs?queue=bulk&kind=bulk_kind`);
    await page.click('button:has-text("Cancel all matching")');
    await expect(page.locator("#confirm-count").textContent()).resolves.toContain("matches 3 jobs");
    await page.click('button:has-text("Cancel 3 jobs")');
    await expect(page.locator(".notice").textContent()).resolves.toContain("Cancelled 3 jobs");
    expect(await db.client.countJobs({ queues: ["bulk"], states: ["cancelled"] })).toBe(3);
    expect(await db.client.countJobs({ queues: ["bulk"], states: ["available"] })).toBe(1);
    await page.close();
  });

  it("shows each field of a row River's Go client wrote: nanosecond error times, attempted_by, output, river:log", async () => {
    const id = await insertGoDiscardedJob(db.pool, db.table, "gorow");
    const page = await context.newPage();
    await page.goto(`${app.url}jobs/${id}`);
    await expect(page.locator(".attempt-error time").last().getAttribute("datetime")).resolves.toBe("2026-11-30T08:15:42.123Z");
    await expect(page.locator("#attempted-by").textContent()).resolves.toBe("go-worker-a, go-worker-b");
    expect(JSON.parse((await page.locator("#job-output").textContent())!)).toEqual({ charged: false, reason: "card_declined", attempts: 2 });
    await expect(page.locator(".job-log").allTextContents()).resolves.toEqual(["charging customer 42\nretrying after decline", "charging customer 42 again\ngiving up"]);
    await expect(page.locator("main").textContent()).resolves.toContain("Attempt 1 failed");
    expect(JSON.parse((await page.locator("#job-args").textContent())!)).toEqual({ customer_id: 42, amount_cents: 1999 });
    await page.close();
  });

  it("read-only: shows no action and refuses a forged POST", async () => {
    const id = await insertGoDiscardedJob(db.pool, db.table, "readonly");
    const page = await context.newPage();
    for (const path of ["", "jobs?queue=readonly", `jobs/${id}`]) {
      await page.goto(`${readOnlyApp.url}${path}`);
      expect(await page.locator("main form[method=post]").count()).toBe(0);
      expect(await page.locator("main button", { hasText: /Retry|Cancel|Delete|Pause|Resume|Run now/ }).count()).toBe(0);
    }
    // A same-origin POST made by hand, with the headers the browser's own form would send.
    const forged = await page.evaluate(async (action) => {
      const r = await fetch(action, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "" });
      return r.status;
    }, `${readOnlyApp.url}jobs/${id}/delete`);
    expect(forged).toBe(405);
    expect((await db.client.getJob(id))?.state).toBe("discarded");
    await page.close();
  });

  it("refuses a cross-origin POST and changes nothing", async () => {
    const [id] = await insertAvailable(db.client, 1, "victim", "csrf");
    const response = await fetch(`${app.url}jobs/${id}/delete`, {
      method: "POST",
      headers: {
        authorization: `Basic ${Buffer.from(`admin:${ADMIN_PASSWORD}`).toString("base64")}`,
        "content-type": "application/x-www-form-urlencoded",
        origin: "https://evil.example",
        "sec-fetch-site": "cross-site",
      },
    });
    expect(response.status).toBe(403);
    expect((await db.client.getJob(id!))?.state).toBe("available");
  });

  it("authorize: without credentials the app's 401, with wrong ones 403", async () => {
    // Chromium turns an unanswered Basic challenge into a network error: ask without a browser.
    const anonymous = await fetch(app.url);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toBe('Basic realm="jobs"');
    const wrong = await browser.newContext({ httpCredentials: { username: "admin", password: "wrong" } });
    const wrongPage = await wrong.newPage();
    const response = await wrongPage.goto(app.url);
    expect(response?.status()).toBe(403);
    await expect(wrongPage.locator("h1").textContent()).resolves.toBe("Forbidden");
    await wrong.close();
  });

  it("has no serious or critical axe-core violation on any page", async () => {
    const id = await insertGoDiscardedJob(db.pool, db.table, "a11y");
    const axeContext = await browser.newContext({ httpCredentials: { username: "admin", password: ADMIN_PASSWORD }, bypassCSP: true });
    const page = await axeContext.newPage();
    const pages = ["", "jobs", "jobs?state=discarded", `jobs/${id}`, "periodic", "jobs/999999999"];
    for (const path of pages) {
      await page.goto(`${app.url}${path}`);
      expect(await seriousAxeViolations(page), path || "overview").toEqual([]);
    }
    await page.goto(`${app.url}jobs?queue=a11y`);
    await page.click('button:has-text("Retry all matching")');
    expect(await seriousAxeViolations(page), "confirmation").toEqual([]);
    await axeContext.close();
  });

  it("live refresh: with the header's toggle on, the page shows new jobs without a reload, and the choice is remembered", async () => {
    const page = await context.newPage();
    await page.goto(`${app.url}jobs?queue=live`);
    await expect(page.locator("#match-count").textContent()).resolves.toContain("0 jobs match");
    await page.check("#live-refresh");
    await insertAvailable(db.client, 2, "live_kind", "live");
    await page.waitForFunction(() => document.getElementById("match-count")?.textContent?.includes("2 jobs match"), null, { timeout: 15_000 });
    expect(await page.locator("tr.job-row").count()).toBe(2);
    await page.reload();
    expect(await page.isChecked("#live-refresh")).toBe(true);
    await page.uncheck("#live-refresh");
    await page.close();
  });

  it("keyboard only: tabs to a job row and opens it with Enter", async () => {
    const [id] = await insertAvailable(db.client, 1, "keyboard_kind", "keyboard");
    const page = await context.newPage();
    await page.goto(`${app.url}jobs?queue=keyboard`);
    let focused = "";
    for (let i = 0; i < 60 && !focused.includes(`/jobs/${id}`); i++) {
      await page.keyboard.press("Tab");
      focused = await page.evaluate(() => (document.activeElement as HTMLAnchorElement | null)?.href ?? "");
    }
    expect(focused).toContain(`/jobs/${id}`);
    await page.keyboard.press("Enter");
    await page.waitForURL(`**/jobs/${id}`);
    await expect(page.locator("h1").textContent()).resolves.toContain(`Job ${id}`);
    await page.close();
  });
});
