#!/usr/bin/env bash
# http_bench.sh: requests/s of the affinity server next to the best raw server on this machine
# (bench/minimal_server), measured in the same run with the same wrk settings. Builds nothing:
# expects ./scripts/build.sh to have built build/ (affinity) and build/bench (minimal_server).
#
#   bench/http_bench.sh
#
# Environment (all optional):
#   BUILD=build           where to find src/cli/affinity and bench/minimal_server
#   AFFINITY=...          the affinity binary   (default $BUILD/src/cli/affinity)
#   MINIMAL=...           the minimal server    (default $BUILD/bench/minimal_server)
#   DURATION=10s THREADS=2 CONNECTIONS=64        wrk -t/-c/-d
#   SERVER_THREADS=nproc  --threads for affinity (minimal_server always uses nproc)
#   SKU=RUN-SHOE-001      the product the recommendation requests ask for
#   PEER_AS_AFFINITY=1    run minimal_server in affinity's place (tests this script's logic)
set -euo pipefail
cd "$(dirname "$0")/.."

build="${BUILD:-build}"
affinity="${AFFINITY:-$build/src/cli/affinity}"
minimal="${MINIMAL:-$build/bench/minimal_server}"
duration="${DURATION:-10s}"
wrk_threads="${THREADS:-2}"
connections="${CONNECTIONS:-64}"
server_threads="${SERVER_THREADS:-$(nproc)}"
sku="${SKU:-RUN-SHOE-001}"
peer_as_affinity="${PEER_AS_AFFINITY:-0}"

die() { echo "http_bench: $*" >&2; exit 1; }
command -v wrk >/dev/null || die "wrk not found; install it (apt-get install wrk)"
command -v curl >/dev/null || die "curl not found; install it (apt-get install curl)"
[[ -x "$minimal" ]] || die "$minimal not found; run ./scripts/build.sh first"
if [[ "$peer_as_affinity" != 1 ]]; then
  [[ -x "$affinity" ]] || die "$affinity not found; run ./scripts/build.sh first"
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/affinity-http-bench.XXXXXX")"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A port the kernel just handed out on 127.0.0.1 and released; racy only against other binders.
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Waits until GET $1 answers 200, or fails after ~10 s (naming the server's log).
wait_ready() {
  local url="$1" log="$2" pid="$3"
  for _ in $(seq 100); do
    kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; die "server for $url exited; log above"; }
    if curl -fsS -o /dev/null --max-time 1 "$url" 2>/dev/null; then
      # Still ours? A server that failed to bind may have left another one answering the port.
      sleep 0.2
      kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; die "server for $url exited; log above"; }
      return 0
    fi
    sleep 0.1
  done
  cat "$log" >&2
  die "no 200 from $url after 10 s; log above"
}

# Runs wrk against $2 and prints "<requests/s>"; the full output goes to $work/$1.wrk. Fails if
# any response was not 2xx or any socket error was seen: a fast stream of 404s proves nothing.
run_wrk() {
  local name="$1" url="$2" out="$work/$1.wrk"
  wrk -t"$wrk_threads" -c"$connections" -d"$duration" --latency -H "$auth_header" "$url" \
    >"$out" 2>&1 ||
    { cat "$out" >&2; die "wrk failed for $name"; }
  if grep -q "Non-2xx or 3xx responses" "$out"; then
    cat "$out" >&2; die "$name: some responses were not 2xx (see above)"
  fi
  if grep -q "Socket errors" "$out"; then
    echo "http_bench: $name: $(grep 'Socket errors' "$out" | sed 's/^ *//')" >&2
  fi
  echo "--- $name: $url" >&2
  grep -E "^ +Latency +[0-9]|^ +(50|99)% |^Requests/sec" "$out" | sed 's/^/    /' >&2
  awk '/^Requests\/sec:/ {print $2}' "$out"
}

# Every server gets the same Authorization header (affinity needs it; the peers ignore it), so
# the bytes on the wire are the same.
auth_header="Authorization: Bearer none"

minimal_port="$(free_port)"
"$minimal" "$minimal_port" >"$work/minimal.log" 2>&1 &
pids+=($!)
wait_ready "http://127.0.0.1:$minimal_port/healthz" "$work/minimal.log" "${pids[-1]}"

affinity_port="$(free_port)"
while [[ "$affinity_port" == "$minimal_port" ]]; do affinity_port="$(free_port)"; done
if [[ "$peer_as_affinity" == 1 ]]; then
  echo "http_bench: PEER_AS_AFFINITY=1: minimal_server stands in for affinity" >&2
  "$minimal" "$affinity_port" >"$work/affinity.log" 2>&1 &
else
  "$affinity" demo --data "$work/data" >"$work/demo.log" 2>&1 ||
    { cat "$work/demo.log" >&2; die "'affinity demo --data $work/data' failed; log above"; }
  # A storefront key without a rate limit: the benchmark is one client at full speed.
  key="$("$affinity" keys create --data "$work/data" --role storefront --name bench \
    --rate-limit 0 | tail -n 1)" || die "'affinity keys create' failed"
  auth_header="Authorization: Bearer $key"
  host_args=()  # loopback only, where the server lets us say so
  if "$affinity" serve --help 2>&1 | grep -q -- "--host"; then host_args=(--host 127.0.0.1); fi
  "$affinity" serve --data "$work/data" "${host_args[@]}" --port "$affinity_port" \
    --threads "$server_threads" --access-log off >"$work/affinity.log" 2>&1 &
fi
pids+=($!)
wait_ready "http://127.0.0.1:$affinity_port/healthz" "$work/affinity.log" "${pids[-1]}"

recommend="http://127.0.0.1:$affinity_port/v1/products/$sku/recommendations?limit=10"
body_bytes="$(curl -fsS -H "$auth_header" "$recommend" | wc -c)" ||
  die "GET $recommend did not answer 200"
explain_bytes="$(curl -fsS -H "$auth_header" "$recommend&explain=true" | wc -c)" ||
  die "GET $recommend&explain=true did not answer 200"
echo "http_bench: wrk -t$wrk_threads -c$connections -d$duration on $(nproc) cores;" \
  "affinity --threads $server_threads; bodies: recommendations $body_bytes B," \
  "explain $explain_bytes B" >&2

# A diagnostic peer: minimal_server with a body as large as affinity's, to tell the cost of the
# payload from the cost of the work behind it.
padded_port="$(free_port)"
"$minimal" "$padded_port" "$body_bytes" >"$work/padded.log" 2>&1 &
pids+=($!)
wait_ready "http://127.0.0.1:$padded_port/healthz" "$work/padded.log" "${pids[-1]}"

# Minimal first and last: the mean of both is the peer, and their spread shows the noise.
minimal_1="$(run_wrk minimal_1 "http://127.0.0.1:$minimal_port/")"
affinity_rps="$(run_wrk affinity "$recommend")"
explain_rps="$(run_wrk affinity_explain "$recommend&explain=true")"
padded_rps="$(run_wrk minimal_padded "http://127.0.0.1:$padded_port/")"
minimal_2="$(run_wrk minimal_2 "http://127.0.0.1:$minimal_port/")"

awk -v m1="$minimal_1" -v m2="$minimal_2" -v a="$affinity_rps" -v e="$explain_rps" \
  -v p="$padded_rps" -v pb="$body_bytes" 'BEGIN {
  m = (m1 + m2) / 2
  printf "\n%-34s %12s %8s\n", "server", "requests/s", "ratio"
  printf "%-34s %12.0f %8s   (runs: %.0f, %.0f)\n", "minimal_server (peer)", m, "1.00", m1, m2
  printf "%-34s %12.0f %8.2f\n", "affinity recommendations", a, a / m
  printf "%-34s %12.0f %8.2f\n", "affinity recommendations explain", e, e / m
  printf "%-34s %12.0f %8.2f   (diagnostic: same server, %d-byte body)\n", "minimal_server padded", p, p / m, pb
  printf "target: affinity/minimal >= 0.70: %s\n", (a / m >= 0.7 ? "met" : "NOT met")
}'
