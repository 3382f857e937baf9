// The job filter options shared by `jobs list` and the bulk forms of retry / cancel / delete, turned into core's JobFilters.
import { JOB_STATES, type JobFilters, type JobState } from "@tributary/core";
import { type Command, InvalidArgumentError, Option } from "commander";
import { list } from "./command-kit.js";

/** The filter options as commander parses them. */
export interface FilterOptions {
  state?: string[];
  kind?: string[];
  queue?: string[];
  tag?: string[];
}

/** Adds `--state`, `--kind`, `--queue` and `--tag` to `command`. */
export function addFilterOptions(command: Command): Command {
  return command
    .addOption(new Option("--state <state...>", `only jobs in these states (${JOB_STATES.join(", ")})`).argParser(states))
    .addOption(new Option("--kind <kind...>", "only jobs of these kinds").argParser(list))
    .addOption(new Option("--queue <queue...>", "only jobs in these queues").argParser(list))
    .addOption(new Option("--tag <tag...>", "only jobs carrying at least one of these tags").argParser(list));
}

function states(value: string, previous: string[] | undefined): string[] {
  const values = list(value, previous);
  const bad = values.find((s) => !(JOB_STATES as readonly string[]).includes(s));
  if (bad !== undefined) {
    // Commander turns this into "error: option '--state <state...>' argument … is invalid" and exit 2.
    throw new InvalidArgumentError(`"${bad}" is not a job state; use ${JOB_STATES.join(", ")}.`);
  }
  return values;
}

/** The JobFilters the options describe (lists match any of their values; different options must all hold). */
export function filtersFrom(options: FilterOptions): JobFilters {
  const filters: JobFilters = {};
  if (options.state?.length) filters.states = options.state as JobState[];
  if (options.kind?.length) filters.kinds = options.kind;
  if (options.queue?.length) filters.queues = options.queue;
  if (options.tag?.length) filters.tagsAny = options.tag;
  return filters;
}

/** True when no filter option was given. */
export function noFilters(options: FilterOptions): boolean {
  return Object.keys(filtersFrom(options)).length === 0;
}
