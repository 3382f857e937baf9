/** Resolves `workers` (a list of defineWorker(…) or a record by kind) into each kind's worker and its own middleware and hooks. */
import { InvalidArgumentError } from "../base/errors.js";
import type { ExtensionSet } from "../extension/extensions.js";
import { resolveExtensions } from "../extension/resolve-extensions.js";
import { checkRiverKind } from "../job/river-names.js";
import type { WorkerDefinition, WorkerFn } from "../runtime/worker.js";
import type { ClientConfig } from "./client-config.js";

/** One configured worker: its kind, what was given, and the field an error names. */
export type WorkerEntry = { kind: string; worker: WorkerFn | WorkerDefinition; field: string };

/** The workers of the list form (kinds from their job definitions) or the record form (kinds as keys). */
export function workerEntries(workers: ClientConfig<unknown, string, any>["workers"]): WorkerEntry[] {
  if (workers === undefined) return [];
  if (!Array.isArray(workers)) {
    if (typeof workers !== "object" || workers === null) throw new InvalidArgumentError("config.workers", "must be a list of defineWorker(…) or a record { [kind]: worker }");
    return Object.entries(workers as Record<string, WorkerFn | WorkerDefinition>).map(([kind, worker]) => {
      const field = `config.workers.${kind}`;
      const bound = typeof worker === "object" && worker !== null ? worker.job?.kind : undefined;
      if (bound !== undefined && bound !== kind) throw new InvalidArgumentError(field, `is a worker of "${bound}": its key must be its kind`);
      return { kind, worker, field };
    });
  }
  const seen = new Set<string>();
  return workers.map((worker: WorkerDefinition, i: number) => {
    const field = `config.workers[${i}]`;
    const kind = typeof worker === "object" && worker !== null ? worker.job?.kind : undefined;
    if (typeof kind !== "string") throw new InvalidArgumentError(field, "must be a worker made by defineWorker(job, fn, opts?)");
    if (seen.has(kind)) throw new InvalidArgumentError(field, `is a second worker for "${kind}": give each kind one worker`);
    seen.add(kind);
    return { kind, worker, field };
  });
}

export function workerExtensions(workers: readonly WorkerEntry[]): ReadonlyMap<string, ExtensionSet> {
  const map = new Map<string, ExtensionSet>();
  for (const { kind, worker: w, field } of workers) {
    if (typeof w !== "object" || w === null || (w.middleware === undefined && w.hooks === undefined)) continue;
    map.set(kind, resolveExtensions({ middleware: w.middleware, hooks: w.hooks }, field));
  }
  return map;
}

/** Each kind's worker; a schema-bound worker without its own `discardOnInvalidArgs` takes the client's. */
export function workerDefinitions(workers: readonly WorkerEntry[], discardOnInvalidArgs: boolean): ReadonlyMap<string, WorkerDefinition> {
  const map = new Map<string, WorkerDefinition>();
  for (const { kind, worker: w, field } of workers) {
    checkRiverKind(kind, field.startsWith("config.workers.") ? field : `${field}.job.kind`);
    if (typeof w === "function") {
      map.set(kind, { work: w });
      continue;
    }
    if (typeof w !== "object" || w === null || typeof w.work !== "function") {
      throw new InvalidArgumentError(field, "must be an async function (job, ctx) => … or { work, jobTimeout?, retryPolicy? }");
    }
    if (w.discardOnInvalidArgs !== undefined && typeof w.discardOnInvalidArgs !== "boolean") {
      throw new InvalidArgumentError(`${field}.discardOnInvalidArgs`, `must be a boolean, got ${String(w.discardOnInvalidArgs)}`);
    }
    map.set(kind, w.job?.schema && w.discardOnInvalidArgs === undefined ? { ...w, discardOnInvalidArgs } : w);
  }
  return map;
}
