// River main version 8: job_id_autoincrement, which changes nothing on PostgreSQL but is still recorded.
import type { MigrationVersion } from "../migration-version.js";

/**
 * Version 8: River's SQLite driver stops reusing job ids. PostgreSQL's sequences never reuse
 * them, so up and down run no SQL here; River's migrator still records `('main', 8)`.
 */
export const v008JobIdAutoincrement: MigrationVersion = {
  version: 8,
  name: "job_id_autoincrement",
  up: () => [],
  down: () => [],
};
