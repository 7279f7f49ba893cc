#!/usr/bin/env bash
# Compares the in-process cost per message (the `inprocess` JMH benchmark) of this working tree with an earlier
# commit, in one run: both are built, then measured in alternating rounds, and the medians are reported side by side
# with their ratio. Example:
#   scripts/compare-inprocess.sh 5e6525d          # three rounds each
#   ROUNDS=5 scripts/compare-inprocess.sh HEAD~3
# The table is printed and written to benchmarks/results/inprocess-compare.md.
set -euo pipefail
cd "$(dirname "$0")/.."
base_ref="${1:?usage: $0 BASE_COMMIT}"
rounds="${ROUNDS:-3}"
head_dir="$PWD"
work="$(mktemp -d "${TMPDIR:-/tmp}/compare-inprocess.XXXXXX")"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/base"
git archive "$base_ref" | tar -x -C "$work/base"

build() {
  # Rebuilt from scratch: the jar plugin keeps a jar whose own classes did not change, and Spring Boot does not
  # repackage a repackaged jar, so a change to the starter alone would otherwise not be measured.
  (cd "$1" && rm -f benchmarks/target/benchmarks.jar benchmarks/target/benchmarks.jar.original \
    && ./mvnw -q -B -Pbenchmarks -pl benchmarks -am package -DskipTests \
    && java -Djarmode=tools -jar benchmarks/target/benchmarks.jar extract --force \
      --destination benchmarks/target/extracted >/dev/null)
}
measure() {
  (cd "$1" && java -jar benchmarks/target/extracted/benchmarks.jar inprocess >/dev/null \
    && cp benchmarks/results/inprocess.md "$2")
}

echo "compare-inprocess: building $base_ref and the working tree"
build "$work/base"
build "$head_dir"
cp "$head_dir/benchmarks/results/inprocess.md" "$work/inprocess.md.kept" 2>/dev/null || true
for round in $(seq 1 "$rounds"); do
  echo "compare-inprocess: round $round of $rounds"
  measure "$work/base" "$work/base-$round.md"
  measure "$head_dir" "$work/head-$round.md"
done
cp "$work/inprocess.md.kept" "$head_dir/benchmarks/results/inprocess.md" 2>/dev/null || true

python3 - "$work" "$rounds" "$base_ref" "$(git rev-parse --short HEAD)" <<'PY' | tee benchmarks/results/inprocess-compare.md
import statistics, sys
work, rounds, base_ref, head = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
def rows(path):
    out = {}
    # Rows are matched by position: the operations' labels may name classes that were renamed.
    for line in open(path):
        cells = [c.strip() for c in line.strip().strip('|').split('|')]
        if len(cells) == 5 and cells[1].replace('.', '').isdigit():
            out[cells[0]] = (float(cells[1]), float(cells[3]))
    return out
runs = {v: [rows(f"{work}/{v}-{r}.md") for r in range(1, rounds + 1)] for v in ("base", "head")}
print(f"In-process cost per message, {base_ref} (before) against {head} with the working tree (after): medians "
      f"of {rounds} alternating rounds of the `inprocess` JMH benchmark, one run.\n")
print("| operation | ns/op before | ns/op after | after/before | B/op before | B/op after | after/before |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
labels = list(runs["head"][0])
for i, op in enumerate(labels):
    t = [statistics.median(list(run.values())[i][0] for run in runs[v]) for v in ("base", "head")]
    b = [statistics.median(list(run.values())[i][1] for run in runs[v]) for v in ("base", "head")]
    print(f"| {op} | {t[0]:.0f} | {t[1]:.0f} | {t[1] / t[0]:.2f} | {b[0]:.0f} | {b[1]:.0f} | {b[1] / b[0]:.2f} |")
print("\nRounds, ns/op of each operation in order: " + "; ".join(
    f"{v} " + "/".join(f"{cell[0]:.0f}" for cell in run.values()) for v in ("base", "head") for run in runs[v]))
PY
