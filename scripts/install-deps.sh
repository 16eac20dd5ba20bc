#!/usr/bin/env bash
# Installs every Debian package affinity needs to build, test (sanitizers and libFuzzer with clang
# included) and benchmark, and Node.js for the web console. Idempotent: packages already present
# are skipped quickly. Boost is pinned to 1.81 everywhere.
#   scripts/install-deps.sh            build, run and the C++ tests
#   scripts/install-deps.sh --browser  also Debian's chromium, for the console's browser tests
set -euo pipefail

packages=(
  g++ cmake ninja-build pkg-config
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libsqlite3-dev libspdlog-dev libfmt-dev libcli11-dev libssl-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  clang libclang-rt-14-dev
  ccache curl wrk
)
[ "${1:-}" = "--browser" ] && packages+=(chromium fonts-dejavu-core)
# Node.js and npm build the console; a machine that already has a Node.js (Debian's or another
# vendor's package) keeps it.
command -v node >/dev/null || packages+=(nodejs)
command -v npm >/dev/null || packages+=(npm)

check_node() {
  # Vite 7 needs Node.js 20.19 or later.
  local v major minor
  v=$(node --version 2>/dev/null || echo v0.0.0)
  v=${v#v}
  major=${v%%.*}
  minor=${v#*.}
  minor=${minor%%.*}
  if [ "$major" -lt 20 ] || { [ "$major" -eq 20 ] && [ "$minor" -lt 19 ]; }; then
    echo "Node.js $v is too old for the console (Vite 7 needs 20.19 or later): install a newer" \
      "nodejs package, then run this again" >&2
    exit 1
  fi
}

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  check_node
  exit 0
fi

sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
echo "installing: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
check_node
