// Makes the processes a test spawns (the cross-process test's server and worker) load the SDK 3.x line too.
const hooks = new URL("../../sdk3-resolve-hooks.mjs", import.meta.url).href;
if (!process.env.NODE_OPTIONS?.includes(hooks)) process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ""} --import ${hooks}`.trim();
