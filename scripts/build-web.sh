#!/usr/bin/env bash
# Builds the web console (web/ -> web/dist), which `affinity serve` serves at /.
#   scripts/build-web.sh          npm ci when package-lock.json changed, then vite build when a
#                                 source is newer than the last build
#   scripts/build-web.sh --check  also the TypeScript check and the linter, and always builds
# npm's cache lives outside the checkout (~/.npm).
set -euo pipefail
cd "$(dirname "$0")/../web"
stamp=node_modules/.affinity-lock-sha256
lock_sha=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$lock_sha" ]; then
  npm ci --no-audit --no-fund --loglevel=error
  echo "$lock_sha" >"$stamp"
fi
if [ "${1:-}" = "--check" ]; then
  npm run --silent typecheck
  npm run --silent lint
elif [ -f dist/index.html ] &&
  [ -z "$(find src public index.html package.json vite.config.ts tsconfig*.json -newer dist/index.html -print -quit 2>/dev/null)" ]; then
  exit 0  # the build is up to date
fi
npm run --silent build
