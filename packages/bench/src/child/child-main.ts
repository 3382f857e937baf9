// Entry point of the child process that runs one scenario of one system on the Node it was started with.
import { runScenarioHere } from "../run-here.js";
import type { ChildMessage, RunRequest } from "./run-request.js";

function send(message: ChildMessage): Promise<void> {
  return new Promise((resolve) => process.send!(message, undefined, {}, () => resolve()));
}

process.once("message", async (request: RunRequest) => {
  const cpu = process.cpuUsage();
  try {
    const measurement = await runScenarioHere(request, {
      phase() {},
      tick: (done, total) => void send({ type: "tick", done, total }),
      note: (message) => void send({ type: "note", message }),
      done() {},
    });
    const used = process.cpuUsage(cpu);
    await send({ type: "result", measurement, node: process.version, cpuUserMs: used.user / 1000, cpuSystemMs: used.system / 1000 });
  } catch (err) {
    await send({ type: "error", message: (err as Error).message, stack: (err as Error).stack });
  }
  process.exit(0);
});
