// The `queues` setting of every benchmark worker: the default queue at the run's concurrency, with `fetchAhead` only when the run sets one.

/** `queues` for a Tributary worker client; `fetchAhead` undefined keeps the client's default. */
export function benchQueues(maxWorkers: number, fetchAhead: number | "auto" | undefined) {
  return { default: { maxWorkers, ...(fetchAhead === undefined ? {} : { fetchAhead }) } };
}
