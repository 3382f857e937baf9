/** The one rule for a kind's job timeout, as the rescuer needs it. */
import type { WorkerDefinition } from "./worker.js";

/**
 * A kind's timeout: its worker's `jobTimeout`, else the client's (0 = none), or null for a
 * kind this client has no worker for, unless it rescues such kinds with the client's timeout.
 */
export function kindTimeouts(settings: {
  workers: ReadonlyMap<string, WorkerDefinition>;
  jobTimeout: number;
  rescueUnregisteredKinds: boolean;
}): (kind: string) => number | null {
  return (kind) => {
    const worker = settings.workers.get(kind);
    if (worker) return worker.jobTimeout ?? settings.jobTimeout;
    return settings.rescueUnregisteredKinds ? settings.jobTimeout : null;
  };
}
