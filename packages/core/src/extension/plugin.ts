/** Plugins: a named bundle of middleware and hooks, installed with one line (River's Config.Plugins). */
import type { Hooks } from "./hooks.js";
import type { Middleware } from "./middleware.js";

/**
 * Middleware and hooks under one name: `new Client({ plugins: [otelPlugin()] })`. A plugin's
 * middleware runs inside the client's own and outside the worker's, in plugin order.
 * `TClient` is the client type its hooks and `ctx.client` are typed with (`Plugin<Client>`).
 *
 * @example
 * function tenantPlugin(tenant: string): Plugin {
 *   return {
 *     name: "tenant",
 *     middleware: [{ insert: (rows, next) => { for (const r of rows) r.metadata.tenant = tenant; return next(); } }],
 *     hooks: { workBegin: ({ job }) => assertTenant(job.metadata.tenant) },
 *   };
 * }
 * new Client({ driver, plugins: [tenantPlugin("acme")] });
 */
export interface Plugin<TClient = unknown> {
  name: string;
  middleware?: readonly Middleware<TClient>[];
  hooks?: Hooks<TClient>;
}
