/** `toNodeHandler(handler)`: the dashboard's web-standard handler as a Node `(req, res)` listener, for Express, Fastify and node:http. */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { TLSSocket } from "node:tls";
import type { DashboardHandler } from "./dashboard.js";

/** A Node request as Express and Fastify hand it over (Express's `originalUrl` and parsed `body` are used when present). */
export type NodeRequest = IncomingMessage & { originalUrl?: string; body?: unknown };

/** A Node listener; `next` (Express) receives errors the handler could not answer itself. */
export type NodeHandler = (req: NodeRequest, res: ServerResponse, next?: (err?: unknown) => void) => void;

/**
 * Adapts a {@link DashboardHandler} to Node's `(req, res)`:
 *
 * ```ts
 * app.use("/admin/jobs", toNodeHandler(dashboard({ driver, basePath: "/admin/jobs", authorize })));   // Express
 * ```
 *
 * The full URL is kept (Express's `originalUrl`, not the path it strips), so the handler
 * sees its mount path. A form body an earlier `express.urlencoded()` already parsed is re-encoded.
 */
export function toNodeHandler(handler: DashboardHandler): NodeHandler {
  return (req, res, next) => {
    void (async () => {
      const response = await handler(await toRequest(req));
      res.statusCode = response.status;
      for (const [name, value] of response.headers) if (name !== "set-cookie") res.setHeader(name, value);
      const cookies = response.headers.getSetCookie();
      if (cookies.length > 0) res.setHeader("set-cookie", cookies);
      res.end(Buffer.from(await response.arrayBuffer()));
    })().catch((err: unknown) => {
      if (next) return next(err);
      if (!res.headersSent) res.statusCode = 500;
      res.end();
    });
  };
}

async function toRequest(req: NodeRequest): Promise<Request> {
  const encrypted = (req.socket as TLSSocket).encrypted === true;
  const url = new URL(req.originalUrl ?? req.url ?? "/", `${encrypted ? "https" : "http"}://${req.headers.host ?? "localhost"}`);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else if (value !== undefined) headers.set(name, value);
  }
  const method = req.method ?? "GET";
  if (method === "GET" || method === "HEAD") return new Request(url, { method, headers });
  return new Request(url, { method, headers, body: await readBody(req) });
}

async function readBody(req: NodeRequest): Promise<string> {
  if (req.readableEnded && typeof req.body === "object" && req.body !== null) {
    return new URLSearchParams(req.body as Record<string, string>).toString();
  }
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  // The dashboard's only bodies are its own url-encoded forms.
  return Buffer.concat(chunks).toString("utf8");
}
