/** `startDashboardServer(options)`: the dashboard on its own node:http server, local-only by default — what `tributary dashboard` runs. */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { InvalidArgumentError } from "@tributary/core";
import { dashboard, type DashboardOptions } from "./dashboard.js";
import { toNodeHandler } from "./node-handler.js";

/** Options of {@link startDashboardServer}. */
export interface DashboardServerOptions<TTx = unknown> extends Omit<DashboardOptions<TTx>, "basePath" | "authorize"> {
  /** The port to listen on; 0 picks a free one (read it from `url`). */
  port: number;
  /** The address to bind. Default `"127.0.0.1"`: only this machine can connect. */
  host?: string;
  /** Default `"/"`. */
  basePath?: string;
  /** Default: allow every request — safe only because the default host is local-only. Give one before binding a public address. */
  authorize?: DashboardOptions<TTx>["authorize"];
}

/** A running standalone dashboard. */
export interface DashboardServer {
  /** Where it answers, e.g. `http://127.0.0.1:4000/`. */
  url: string;
  /** Stops listening and closes open connections. */
  close(): Promise<void>;
}

/** Starts the dashboard on its own HTTP server and resolves once it listens. */
export async function startDashboardServer<TTx>(options: DashboardServerOptions<TTx>): Promise<DashboardServer> {
  const { port, host = "127.0.0.1", basePath = "/", authorize = () => true, ...rest } = options;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new InvalidArgumentError("options.port", `must be an integer from 0 to 65535, got ${String(port)}`);
  const server = createServer(toNodeHandler(dashboard({ ...rest, basePath, authorize })));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}${basePath.endsWith("/") ? basePath : `${basePath}/`}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
