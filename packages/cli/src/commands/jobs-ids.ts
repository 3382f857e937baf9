// Job ids as the jobs commands take them: positive decimal integers (River's bigint ids), checked before anything runs.
import { UsageError } from "../errors.js";

/** `args` as job ids; a usage error names the first one that is not an id. */
export function jobIds(args: readonly string[]): string[] {
  const bad = args.find((a) => !/^[1-9]\d{0,18}$/.test(a));
  if (bad !== undefined) throw new UsageError(`"${bad}" is not a job id (a positive integer)`);
  return [...args];
}
