// jobs list / get / retry / cancel / delete through the built binary: JSON shapes field by field, filters, paging, exit codes, the --yes rule.
import { describe, expect, it } from "vitest";
import { type TestSchema, testSchema, tributary, tributaryJson } from "./support/tributary.js";

/** Every field of a JobRow as --json prints it (dates as ISO strings, ids as strings). */
const JOB_ROW_KEYS = [
  "args", "attempt", "attemptedAt", "attemptedBy", "createdAt", "errors", "finalizedAt", "id", "kind", "maxAttempts",
  "metadata", "priority", "queue", "scheduledAt", "state", "tags", "uniqueKey", "uniqueStates",
];
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

interface JsonJob {
  id: string;
  kind: string;
  queue: string;
  state: string;
  tags: string[];
  [key: string]: unknown;
}

/** Six jobs: kinds alternate, every third in `media`, odd ones tagged `mail`; ids 1…6. */
async function seeded(prefix: string): Promise<TestSchema> {
  const schema = await testSchema(prefix);
  await schema.client.insertMany(
    Array.from({ length: 6 }, (_, i) => ({
      kind: i % 2 ? "send_email" : "resize_image",
      args: { n: i, big: 9007199254740993n },
      opts: { queue: i % 3 ? "default" : "media", tags: i % 2 ? ["mail"] : [] },
    })),
  );
  return schema;
}

const list = (schema: string, ...args: string[]) => tributaryJson<{ jobs: JsonJob[]; nextCursor: string | null }>(["jobs", "list", "--schema", schema, ...args]);

describe("jobs list", () => {
  it("--json prints { jobs, nextCursor } with every JobRow field, exact big integers included", async () => {
    const schema = await seeded("cli_list_json");
    const page = await list(schema.name);
    expect(Object.keys(page).sort()).toEqual(["jobs", "nextCursor"]);
    expect(page.nextCursor).toBeNull();
    expect(page.jobs.map((j) => j.id)).toEqual(["1", "2", "3", "4", "5", "6"]);
    const job = page.jobs[1]!;
    expect(Object.keys(job).sort()).toEqual(JOB_ROW_KEYS);
    expect(job).toEqual({
      id: "2",
      state: "available",
      attempt: 0,
      maxAttempts: 25,
      attemptedAt: null,
      attemptedBy: [],
      createdAt: expect.stringMatching(ISO),
      finalizedAt: null,
      scheduledAt: expect.stringMatching(ISO),
      priority: 1,
      args: { n: 1, big: expect.any(Number) },
      errors: [],
      kind: "send_email",
      metadata: {},
      queue: "default",
      tags: ["mail"],
      uniqueKey: null,
      uniqueStates: null,
    });
    // Beyond 2^53 the digits are printed exactly (JSON.parse here rounds them, so read the text).
    const raw = await tributary(["jobs", "list", "--schema", schema.name, "--json"]);
    expect(raw.stdout).toContain('"big": 9007199254740993');
  });

  it("filters by state, kind, queue and tag (lists match any value, options all hold), and pages with --cursor", async () => {
    const schema = await seeded("cli_list_filters");
    await schema.sql("UPDATE river_job SET state = 'discarded', finalized_at = now() WHERE id IN (1, 2)");
    expect((await list(schema.name, "--state", "discarded")).jobs.map((j) => j.id)).toEqual(["1", "2"]);
    expect((await list(schema.name, "--state", "discarded", "available", "--kind", "send_email")).jobs.map((j) => j.id)).toEqual(["2", "4", "6"]);
    expect((await list(schema.name, "--queue", "media")).jobs.map((j) => j.id)).toEqual(["1", "4"]);
    expect((await list(schema.name, "--tag", "mail", "--queue", "default")).jobs.map((j) => j.id)).toEqual(["2", "6"]);
    expect((await list(schema.name, "--kind", "send_email,resize_image", "--queue", "media")).jobs.map((j) => j.id)).toEqual(["1", "4"]);

    const first = await list(schema.name, "--limit", "4");
    expect(first.jobs.map((j) => j.id)).toEqual(["1", "2", "3", "4"]);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await list(schema.name, "--limit", "4", "--cursor", first.nextCursor!);
    expect(second).toEqual({ jobs: [expect.objectContaining({ id: "5" }), expect.objectContaining({ id: "6" })], nextCursor: null });
  });

  it("prints an aligned table and, after a full page, the next cursor on stderr", async () => {
    const schema = await seeded("cli_list_table");
    const run = await tributary(["jobs", "list", "--schema", schema.name, "--limit", "2"]);
    expect(run.code).toBe(0);
    // Timestamps have a fixed width: replaced, the whole table is known.
    expect(run.stdout.replace(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ/g, "YYYY-MM-DD HH:MM:SSZ")).toBe(
      [
        "ID  KIND          QUEUE    STATE      ATTEMPT  PRIORITY  SCHEDULED AT          TAGS",
        " 1  resize_image  media    available  0/25            1  YYYY-MM-DD HH:MM:SSZ",
        " 2  send_email    default  available  0/25            1  YYYY-MM-DD HH:MM:SSZ  mail",
        "",
      ].join("\n"),
    );
    expect(run.stderr).toMatch(/^next page: --cursor \S+\n$/);
    // No TTY: no colour codes.
    expect(run.stdout).not.toContain("\x1b[");
  });

  it("bad usage exits 2 with the command's help: an unknown state, a limit out of range", async () => {
    for (const args of [["--state", "done"], ["--limit", "0"], ["--limit", "ten"]]) {
      const run = await tributary(["jobs", "list", ...args]);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe("");
      expect(run.stderr).toContain("Usage: tributary jobs list [options]");
    }
  });
});

describe("jobs get", () => {
  it("--json prints the JobRow; the text form shows every field and the errors", async () => {
    const schema = await seeded("cli_get");
    await schema.sql(
      `UPDATE river_job SET state = 'retryable', attempt = 1, attempted_at = now(), attempted_by = '{worker-1}',
         errors = ARRAY['{"at":"2026-12-01T10:00:00.123456789Z","attempt":1,"error":"smtp timeout","trace":"at send (mail.ts:3)"}'::jsonb]
       WHERE id = 2`,
    );
    const job = await tributaryJson<JsonJob>(["jobs", "get", "2", "--schema", schema.name]);
    expect(Object.keys(job).sort()).toEqual(JOB_ROW_KEYS);
    expect(job).toMatchObject({
      id: "2",
      state: "retryable",
      attempt: 1,
      attemptedBy: ["worker-1"],
      attemptedAt: expect.stringMatching(ISO),
      errors: [{ at: "2026-12-01T10:00:00.123Z", attempt: 1, error: "smtp timeout", trace: "at send (mail.ts:3)" }],
    });
    const text = await tributary(["jobs", "get", "2", "--schema", schema.name]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain("state         retryable\n");
    expect(text.stdout).toContain("attempted by  worker-1\n");
    expect(text.stdout).toContain('args          { "n": 1, "big": 9007199254740993 }\n');
    expect(text.stdout).toContain("errors (1)\n  attempt 1 at 2026-12-01 10:00:00Z: smtp timeout\n    at send (mail.ts:3)\n");
  });

  it("a missing job exits 1 with one line; an id that is not one exits 2", async () => {
    const schema = await seeded("cli_get_missing");
    const missing = await tributary(["jobs", "get", "99", "--schema", schema.name]);
    expect(missing).toEqual({ code: 1, stdout: "", stderr: "tributary: no job with id 99\n" });
    const bad = await tributary(["jobs", "get", "abc", "--schema", schema.name]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('error: "abc" is not a job id (a positive integer)');
    expect(bad.stderr).toContain("Usage: tributary jobs get [options] <id>");
  });
});

describe("jobs retry / cancel / delete by id", () => {
  it("acts on each id and reports each: --json { action, jobs: [{ id, ok, job | error }] }, exit 1 when one failed", async () => {
    const schema = await seeded("cli_ids");
    await schema.sql("UPDATE river_job SET state = 'discarded', finalized_at = now() WHERE id = 1");
    const run = await tributary(["jobs", "retry", "1", "99", "--schema", schema.name, "--json"]);
    expect(run.code).toBe(1);
    const out = JSON.parse(run.stdout) as { action: string; jobs: { id: string; ok: boolean; job?: JsonJob; error?: { code: string | null; message: string } }[] };
    expect(out.action).toBe("retry");
    expect(out.jobs).toEqual([
      { id: "1", ok: true, job: expect.objectContaining({ id: "1", state: "available", finalizedAt: null }) },
      { id: "99", ok: false, error: { code: "JOB_NOT_FOUND", message: expect.stringContaining("99") } },
    ]);
    expect(Object.keys(out.jobs[0]!.job!).sort()).toEqual(JOB_ROW_KEYS);

    const cancelled = await tributaryJson<{ jobs: { job: JsonJob }[] }>(["jobs", "cancel", "2", "--schema", schema.name]);
    expect(cancelled.jobs[0]!.job.state).toBe("cancelled");
    const deleted = await tributary(["jobs", "delete", "3", "--schema", schema.name]);
    expect(deleted.code).toBe(0);
    expect(deleted.stdout).toMatch(/^ID {2}KIND {10}QUEUE {4}STATE {6}RESULT\n 3 {2}resize_image {2}default {2}available {2}deleted\n$/);
    expect((await list(schema.name)).jobs.map((j) => j.id)).toEqual(["1", "2", "4", "5", "6"]);
  });
});

describe("jobs retry / cancel / delete by filters", () => {
  it("without a TTY and without --yes: exit 2 with the help, it never waits for input, nothing changed", async () => {
    const schema = await seeded("cli_bulk_no_tty");
    for (const action of ["retry", "cancel", "delete"]) {
      const run = await tributary(["jobs", action, "--queue", "media", "--schema", schema.name], { input: "y\n" });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`error: a bulk ${action} needs --yes when there is no terminal to confirm on (nothing was changed)`);
      expect(run.stderr).toContain(`Usage: tributary jobs ${action} [options] [ids...]`);
    }
    expect((await list(schema.name)).jobs.map((j) => [j.id, j.state])).toEqual(["1", "2", "3", "4", "5", "6"].map((id) => [id, "available"]));
  });

  it("ids and filters together, or neither, are bad usage", async () => {
    expect((await tributary(["jobs", "delete", "1", "--queue", "media"])).code).toBe(2);
    const neither = await tributary(["jobs", "delete", "--yes"]);
    expect(neither.code).toBe(2);
    expect(neither.stderr).toContain("error: give job ids, or filters (--state, --kind, --queue, --tag) to delete many jobs");
  });

  it("with --yes: --json { action, matched, count, interrupted }, only the matching jobs changed", async () => {
    const schema = await seeded("cli_bulk_yes");
    const cancelled = await tributaryJson(["jobs", "cancel", "--queue", "media", "--yes", "--schema", schema.name]);
    expect(cancelled).toEqual({ action: "cancel", matched: 2, count: 2, interrupted: false });
    const deleted = await tributary(["jobs", "delete", "--state", "cancelled", "--yes", "--schema", schema.name]);
    expect(deleted).toMatchObject({ code: 0, stdout: "deleted 2 of 2 matching jobs\n" });
    expect((await list(schema.name)).jobs.map((j) => j.id)).toEqual(["2", "3", "5", "6"]);
    const none = await tributaryJson(["jobs", "retry", "--state", "discarded", "--yes", "--schema", schema.name]);
    expect(none).toEqual({ action: "retry", matched: 0, count: 0, interrupted: false });
  });

  it("changes sets larger than a batch completely (2,500 discarded jobs retried in three batches)", async () => {
    const schema = await testSchema("cli_bulk_large");
    await schema.client.insertMany(Array.from({ length: 2500 }, (_, i) => ({ kind: "report", args: { i } })));
    await schema.client.insert("report", { keep: true });
    await schema.sql("UPDATE river_job SET state = 'discarded', finalized_at = now() WHERE id <= 2500");
    const retried = await tributaryJson(["jobs", "retry", "--state", "discarded", "--yes", "--schema", schema.name]);
    expect(retried).toEqual({ action: "retry", matched: 2500, count: 2500, interrupted: false });
    expect(await schema.client.countJobs({ states: ["available"] })).toBe(2501);
  });
});
