/** A job id as the public admin calls accept it, validated before it reaches SQL. */
import { InvalidArgumentError } from "../base/errors.js";

/** A job id as the public calls accept it. */
export type JobId = string | number | bigint;

/** A job id as a decimal string; `field` names the argument in the error. */
export function jobId(id: JobId, field = "id"): string {
  const s = typeof id === "string" ? id : typeof id === "number" || typeof id === "bigint" ? String(id) : "";
  if (!/^[1-9][0-9]{0,18}$/.test(s)) throw new InvalidArgumentError(field, `must be a positive integer job id, got ${JSON.stringify(String(id))}`);
  return s;
}
