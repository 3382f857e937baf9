/** "Since the test began": a mark of the newest job id, and listing the jobs inserted after it. */
import type { Client, JobRow } from "@tributary/core";

/**
 * The newest job when the mark was taken: helpers given `{ since: mark }` only look at jobs
 * with a greater id, i.e. inserted after it. Take one in `beforeEach` when tests share a
 * schema without rolling back. Ids come from one sequence, so this holds for every insert
 * that commits (or runs in your transaction) after the mark; a transaction that was already
 * open when the mark was taken may commit a smaller id later.
 */
export interface JobMark {
  /** Null: there was no job at all. */
  readonly afterId: string | null;
}

/** Options of the listing helpers: the transaction to read in, and the mark to read after. */
export interface ReadOptions<TTx = unknown> {
  /** Read inside your transaction (it sees your uncommitted inserts). */
  tx?: TTx;
  /** Only jobs inserted after this mark (see {@link markJobs}). Default: every job in the client's schema. */
  since?: JobMark;
}

/** Marks "now" in the job table: `const since = await markJobs(client)`, then `requireInserted(client, kind, { since })`. */
export async function markJobs<TTx>(client: Client<TTx>, opts: { tx?: TTx } = {}): Promise<JobMark> {
  const [newest] = await client.listJobs({ orderBy: "id", order: "desc", limit: 1 }, txOption(opts.tx));
  return Object.freeze({ afterId: newest?.id ?? null });
}

/** The largest page the listing API serves. */
const PAGE = 10_000;

/** Every job of `kinds` (all kinds when empty) after the mark, in id order (insertion order). */
export async function listInserted<TTx>(client: Client<TTx>, kinds: readonly string[], opts: ReadOptions<TTx>): Promise<JobRow[]> {
  const jobs: JobRow[] = [];
  let after = opts.since?.afterId ?? undefined;
  for (;;) {
    const page = await client.listJobs({ kinds, orderBy: "id", order: "asc", limit: PAGE, ...(after ? { after } : {}) }, txOption(opts.tx));
    jobs.push(...page);
    if (page.length < PAGE) return jobs;
    after = page[page.length - 1]!.id;
  }
}

function txOption<TTx>(tx: TTx | undefined): { tx?: TTx } {
  return tx === undefined ? {} : { tx };
}
