#!/usr/bin/env bash
# Times our FP-growth (bench/fimi_count, count-only) against Weka's weka.associations.FPGrowth on
# the FIMI sets, at the same absolute min support, in the same run, and prints a table.
#
# Usage: bench/weka_compare.sh [BUILD_DIR]   (BUILD_DIR holds bench/fimi_count; default build-mine)
# Data: $AFFINITY_SHARED/data/fimi (default <repo>/../shared); research-use only, read in place and
# converted to ARFF in a temp dir that is removed on exit. Missing files are skipped.
#
# What Weka can report: its CLI (3.6/3.8) prints rules, not itemsets. With -S (all rules meeting the
# lower-bound support), -C 0 (any confidence) and -N huge, it prints "FPGrowth found R rules", where
# each frequent itemset of k >= 2 items yields 2^k - 2 rules (every non-empty proper subset as
# premise). So "Weka count" is R and "our count" is the same sum computed from our itemset counts
# by length, sum_k n_k (2^k - 2), plus our plain itemset total for reference. Weka also times rule
# generation (for which it has to count all these rules); it is given -Xmx8g and 300 s per run.
set -u
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BUILD="${1:-$ROOT/build-mine}"
SHARED="${AFFINITY_SHARED:-$ROOT/../shared}"
FIMI_COUNT="$BUILD/bench/fimi_count"
WEKA_JAR=/usr/share/java/weka.jar
TIMEOUT=300

if [[ ! -x "$FIMI_COUNT" ]]; then
  echo "weka_compare: $FIMI_COUNT not found; build it: cmake --build $BUILD --target fimi_count" >&2
  exit 1
fi
if [[ ! -f "$WEKA_JAR" ]]; then
  echo "weka_compare: Weka not installed, trying apt-get install -y weka" >&2
  if ! (DEBIAN_FRONTEND=noninteractive apt-get install -y weka >/dev/null 2>&1) || [[ ! -f "$WEKA_JAR" ]]; then
    echo "weka_compare: SKIPPED: could not install Weka (need root and a package mirror)" >&2
    exit 0
  fi
fi
if ! command -v java >/dev/null; then
  echo "weka_compare: SKIPPED: no java on PATH" >&2
  exit 0
fi

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

# FIMI -> sparse ARFF with one binary nominal attribute per item id (0..max): {index 1, ...}.
to_arff() {
  python3 - "$1" "$2" <<'PY'
import sys
src, dst = sys.argv[1], sys.argv[2]
rows = [sorted(set(int(x) for x in line.split())) for line in open(src)]
top = max((r[-1] for r in rows if r), default=0)
with open(dst, "w") as out:
    out.write("@relation fimi\n")
    out.writelines("@attribute i%d {0,1}\n" % a for a in range(top + 1))
    out.write("@data\n")
    out.writelines("{" + ",".join("%d 1" % i for i in r) + "}\n" for r in rows)
PY
}

now() { date +%s.%N; }

printf "%-14s %8s %8s %16s %16s %6s %10s %10s %8s\n" dataset minsup count ours_rules weka_rules equal ours_s weka_s ratio
for spec in "retail.dat 0.001" "retail.dat 0.0001" "T10I4D100K.dat 0.01" "T10I4D100K.dat 0.001"; do
  set -- $spec
  file="$SHARED/data/fimi/$1"
  frac="$2"
  if [[ ! -f "$file" ]]; then
    printf "%-14s %8s   skipped: %s not found\n" "$1" "$frac" "$file"
    continue
  fi
  arff="$TMP/${1%.dat}.arff"
  [[ -f "$arff" ]] || to_arff "$file" "$arff"

  t0=$(now)
  ours="$("$FIMI_COUNT" "$file" "$frac")" || { echo "fimi_count failed on $1" >&2; continue; }
  t1=$(now)
  count=$(sed -n 's/^itemsets=\([0-9]*\).*/\1/p' <<<"$ours")
  minsup=$(sed -n 's/.*min_support=\([0-9]*\).*/\1/p' <<<"$ours")
  lengths=$(sed -n 's/^by_length=//p' <<<"$ours")
  ours_rules=$(python3 -c "
n=[int(x) for x in '$lengths'.split(',') if x]
print(sum(c*(2**(k+1)-2) for k,c in enumerate(n) if k+1>=2))")
  ours_s=$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.3f", b-a}')

  # Weka: -M as an absolute count (> 1 means instances) matches our ceil(fraction * n).
  t2=$(now)
  weka_out="$(timeout "$TIMEOUT" java -Xmx8g -cp "$WEKA_JAR" weka.associations.FPGrowth \
      -t "$arff" -S -C 0 -M "$minsup" -U 1.0 -N 2000000000 2>&1)"
  rc=$?
  t3=$(now)
  weka_s=$(awk -v a="$t2" -v b="$t3" 'BEGIN{printf "%.3f", b-a}')
  weka_rules=$(sed -n 's/.*FPGrowth found \([0-9]*\) rules.*/\1/p' <<<"$weka_out" | head -1)
  if [[ $rc -eq 124 ]]; then weka_rules="timeout"; fi
  if [[ -z "$weka_rules" ]]; then
    weka_rules="error"
    echo "$weka_out" | tail -5 > "$TMP/weka_err_$1_$frac.txt"
    echo "weka on $1 at $frac: $(tail -1 "$TMP/weka_err_$1_$frac.txt")" >&2
  fi
  equal=$([[ "$weka_rules" == "$ours_rules" ]] && echo yes || echo no)
  ratio=$(awk -v a="$ours_s" -v b="$weka_s" 'BEGIN{ if (a > 0) printf "%.1fx", b/a; else print "-" }')
  printf "%-14s %8s %8s %16s %16s %6s %10s %10s %8s\n" "$1" "$frac($minsup)" "$count" \
      "$ours_rules" "$weka_rules" "$equal" "$ours_s" "$weka_s" "$ratio"
done
echo "count = our frequent itemsets; *_rules = rules from them (Weka reports only rules, see header);"
echo "times are wall clock per process, including reading the file (Weka: ARFF, JVM start)."
