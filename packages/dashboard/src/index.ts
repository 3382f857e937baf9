/** @tributary/dashboard's public API: exports only, nothing defined here. */
export { dashboard, type DashboardAuthorize, type DashboardHandler, type DashboardOptions } from "./dashboard.js";
export { type NodeHandler, type NodeRequest, toNodeHandler } from "./node-handler.js";
export { type DashboardServer, type DashboardServerOptions, startDashboardServer } from "./standalone-server.js";
