#!/usr/bin/env bash
# bench/run.sh: stackgen's synthesis speed and memory, side by side with real cdktf (issue #6).
#
# Builds stackgen-scale, micro_bench and stackgen (Release, in build-bench/), installs cdktf into
# bench/cdktf/node_modules when missing (npm ci, from the committed package-lock.json), then in
# one run, interleaving the two tools run by run:
#
#   1. the seed stack: `stackgen synth` (N=1, with its zip) against `node main.js --copies 1`;
#   2. for N in $SIZES: `stackgen-scale --copies N` against `node main.js --copies N`;
#   3. micro_bench (Google Benchmark), and `stackgen get` on the full AWS schema when
#      $STACKGEN_FULL_SCHEMA names it.
#
# Each command runs $RUNS times; the table shows the median whole-process wall time and the
# median peak RSS (`/usr/bin/time -f %M`), both taken by bench/measure.py, which times
# stackgen's runs without /usr/bin/time around them (see there why). Before a ratio is
# printed, both outputs must hold the same resource types and counts (bench/compare_types.py);
# the script fails loudly otherwise. Everything lands in $OUT (default bench/out/, git-ignored);
# the tables are also written to $OUT/summary.md.
#
# Environment: RUNS (default 5), SIZES (default "1 10 100 1000"), CDKTF_MAX_COPIES (largest N
# given to cdktf, default 1000), CDKTF_BUDGET_SECONDS (when one cdktf run takes longer, it is the
# only run at that N and larger N skip cdktf; default 60), JOBS (build parallelism, default 2),
# STACKGEN_BENCH_BUILD (build folder), STACKGEN_BENCH_OUT (output folder), STACKGEN_FULL_SCHEMA,
# SKIP_BUILD=1, SKIP_MICRO=1.
set -euo pipefail
export LC_ALL=C

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${STACKGEN_BENCH_BUILD:-$ROOT/build-bench}
OUT=${STACKGEN_BENCH_OUT:-$ROOT/bench/out}
RUNS=${RUNS:-5}
SIZES=${SIZES:-1 10 100 1000}
CDKTF_MAX=${CDKTF_MAX_COPIES:-1000}
CDKTF_BUDGET=${CDKTF_BUDGET_SECONDS:-60}
JOBS=${JOBS:-2}
CDKTF_DIR=$ROOT/bench/cdktf

say() { printf 'run.sh: %s\n' "$*" >&2; }
die() { printf 'run.sh: error: %s\n' "$*" >&2; exit 1; }

command -v node >/dev/null || die "node is missing; install Node.js 18+ (apt-get install nodejs npm)"
command -v python3 >/dev/null || die "python3 is missing; install it with apt-get install python3"

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
say "load before the run: $LOAD_BEFORE (1, 5, 15 min)"
if awk -v l="${LOAD_BEFORE%% *}" 'BEGIN { exit !(l > 0.5) }'; then
  say "warning: the machine is busy (load ${LOAD_BEFORE%% *}); timings will be noisy, rerun when it is quiet"
fi

# --- build ---------------------------------------------------------------------------------
if [[ ${SKIP_BUILD:-0} != 1 ]]; then
  cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DSTACKGEN_BUILD_TESTS=OFF \
    -DSTACKGEN_BUILD_BENCH=ON >/dev/null
  cmake --build "$BUILD" -j"$JOBS" --target stackgen-scale micro_bench stackgen_main
fi
SCALE=$BUILD/bench/stackgen-scale
MICRO=$BUILD/bench/micro_bench
STACKGEN=$BUILD/stackgen
[[ -x $SCALE ]] || die "$SCALE was not built; is stackgen::aws part of the build?"
[[ -x $STACKGEN ]] || die "$STACKGEN was not built (target stackgen_main)"

if [[ ! -d $CDKTF_DIR/node_modules ]]; then
  say "installing cdktf into $CDKTF_DIR/node_modules (npm ci)"
  (cd "$CDKTF_DIR" && npm ci --no-audit --no-fund --loglevel=error)
fi

rm -rf "$OUT"
mkdir -p "$OUT/times" "$OUT/logs"

# --- helpers -------------------------------------------------------------------------------
# measure [--one-run] LABEL CMD...: measures CMD (see bench/measure.py; output in
# $OUT/logs/LABEL.*), appends "<wall ms> <peak KiB>" to $OUT/times/LABEL and prints the wall
# time in seconds.
measure() {
  local mode=()
  [[ $1 == --one-run ]] && { mode=(--one-run); shift; }
  local label=$1
  shift
  python3 "$ROOT/bench/measure.py" "${mode[@]}" "$OUT/times/$label" "$OUT/logs/$label" -- "$@" \
    || die "$label failed: $*"
}

# median LABEL COLUMN: the median of column COLUMN (1: wall ms, 2: peak KiB) of LABEL's runs.
median() {
  sort -n -k"$2","$2" "$OUT/times/$1" | awk -v c="$2" '{ v[NR] = $c }
    END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

runs_of() { wc -l <"$OUT/times/$1" | tr -d ' '; }

# check_same LEFT_JSON RIGHT_JSON: fails the run when resource types or counts differ.
check_same() {
  python3 "$ROOT/bench/compare_types.py" "$1" "$2" --labels stackgen cdktf >"$OUT/logs/compare.txt" \
    || { cat "$OUT/logs/compare.txt" >&2; die "outputs differ: $1 vs $2"; }
  tail -n 1 "$OUT/logs/compare.txt" | awk '{print $2}'
}

# cdktf_run LABEL N: one `node main.js` run at N copies. It takes seconds, so a single run under
# /usr/bin/time gives both figures (its 1-2 ms of start-up count against cdktf, below 0.5%).
cdktf_run() {
  measure --one-run "$1" node "$CDKTF_DIR/main.js" --copies "$2" --outdir "$OUT/cdktf-$2"
}

ROWS=()
cdktf_enabled=1

# --- 1. the seed stack ---------------------------------------------------------------------
say "seed stack: stackgen synth vs node main.js --copies 1, $RUNS runs each"
for ((r = 1; r <= RUNS; ++r)); do
  (cd "$ROOT" && measure seed "$STACKGEN" --quiet synth --output "$OUT/seed") >/dev/null
  cdktf_run cdktf-seed 1 >/dev/null
done
seed_resources=$(check_same "$OUT/seed/stacks/serverless-api/cdk.tf.json" \
  "$OUT/cdktf-1/stacks/scale/cdk.tf.json")
ROWS+=("seed $seed_resources seed cdktf-seed")

# --- 2. scaling ----------------------------------------------------------------------------
for n in $SIZES; do
  use_cdktf=$cdktf_enabled
  ((n > CDKTF_MAX)) && use_cdktf=0
  say "N=$n: stackgen-scale$([[ $use_cdktf == 1 ]] && echo " vs node main.js"), $RUNS runs each"
  for ((r = 1; r <= RUNS; ++r)); do
    measure "stackgen-$n" "$SCALE" --copies "$n" --output "$OUT/stackgen-$n" >/dev/null
    if [[ $use_cdktf == 1 ]]; then
      seconds=$(cdktf_run "cdktf-$n" "$n")
      if awk -v s="$seconds" -v b="$CDKTF_BUDGET" 'BEGIN { exit !(s > b) }'; then
        say "cdktf took ${seconds}s at N=$n (over ${CDKTF_BUDGET}s): one run only, larger N skip cdktf"
        cdktf_enabled=0
        use_cdktf=0
      fi
    fi
  done
  resources=$(python3 "$ROOT/bench/compare_types.py" "$OUT/stackgen-$n/stacks/scale/cdk.tf.json" \
    "$OUT/stackgen-$n/stacks/scale/cdk.tf.json" | tail -n 1 | awk '{print $2}')
  if [[ -f $OUT/times/cdktf-$n ]]; then
    resources=$(check_same "$OUT/stackgen-$n/stacks/scale/cdk.tf.json" \
      "$OUT/cdktf-$n/stacks/scale/cdk.tf.json")
    ROWS+=("$n $resources stackgen-$n cdktf-$n")
  else
    ROWS+=("$n $resources stackgen-$n -")
  fi
done

# --- 3. breakdown, micro benchmarks, full-schema generation -------------------------------
largest=${SIZES##* }
"$SCALE" --copies "$largest" --output "$OUT/breakdown" --breakdown >"$OUT/logs/breakdown.txt"

if [[ ${SKIP_MICRO:-0} != 1 ]]; then
  say "micro benchmarks"
  STACKGEN_FULL_SCHEMA=${STACKGEN_FULL_SCHEMA:-} "$MICRO" --benchmark_out="$OUT/micro.json" \
    --benchmark_out_format=json | tee "$OUT/micro.txt" >&2
fi

if [[ -n ${STACKGEN_FULL_SCHEMA:-} ]]; then
  say "stackgen get on $STACKGEN_FULL_SCHEMA, 3 runs"
  for r in 1 2 3; do
    rm -rf "$OUT/get"
    measure get "$STACKGEN" get --schema "$STACKGEN_FULL_SCHEMA" --out "$OUT/get" >/dev/null
  done
else
  say "STACKGEN_FULL_SCHEMA is not set: full-schema binding generation is skipped"
fi

# --- report --------------------------------------------------------------------------------
{
  echo "## Synthesis, whole process (median of $RUNS runs)"
  echo
  echo "Load average (1, 5, 15 min) before: $LOAD_BEFORE; after: $(cut -d' ' -f1-3 /proc/loadavg)."
  echo
  echo "| N | resources | stackgen ms | stackgen peak MiB | cdktf ms | cdktf peak MiB | cdktf / stackgen | stackgen ms per copy |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|"
  for row in "${ROWS[@]}"; do
    read -r n resources mine theirs <<<"$row"
    ms=$(awk -v t="$(median "$mine" 1)" 'BEGIN { printf "%.1f", t }')
    mib=$(awk -v k="$(median "$mine" 2)" 'BEGIN { printf "%.1f", k / 1024 }')
    per_copy=$([[ $n == seed ]] && echo "-" || awk -v t="$ms" -v n="$n" 'BEGIN { printf "%.3f", t / n }')
    label=$([[ $n == seed ]] && echo "1 (seed, \`stackgen synth\`)" || echo "$n")
    if [[ $theirs == - ]]; then
      echo "| $label | $resources | $ms | $mib | not run | - | - | $per_copy |"
    else
      their_ms=$(awk -v t="$(median "$theirs" 1)" 'BEGIN { printf "%.0f", t }')
      their_mib=$(awk -v k="$(median "$theirs" 2)" 'BEGIN { printf "%.1f", k / 1024 }')
      ratio=$(awk -v a="$their_ms" -v b="$ms" 'BEGIN { printf "%.0fx", a / b }')
      runs=$(runs_of "$theirs")
      [[ $runs != "$RUNS" ]] && their_ms="$their_ms ($runs run)"
      echo "| $label | $resources | $ms | $mib | $their_ms | $their_mib | $ratio | $per_copy |"
    fi
  done
  echo
  echo "Breakdown at N=$largest: $(cat "$OUT/logs/breakdown.txt" | tail -n 1)"
  if [[ -f $OUT/times/get ]]; then
    echo
    echo "Full-schema \`stackgen get\` (median of 3): $(awk -v t="$(median get 1)" 'BEGIN { printf "%.0f", t }') ms," \
      "peak $(awk -v k="$(median get 2)" 'BEGIN { printf "%.1f", k / 1024 }') MiB," \
      "$(find "$OUT/get" -type f | wc -l) files, $(du -sh "$OUT/get" | cut -f1)"
  fi
  if [[ -f $OUT/micro.json ]]; then
    echo
    python3 - "$OUT/micro.json" <<'PY'
import json, sys
runs = {b["name"]: b for b in json.load(open(sys.argv[1]))["benchmarks"] if "error_occurred" not in b}
print("| resources | render µs | render+dump µs | dump floor µs | (render+dump) / floor |")
print("|---:|---:|---:|---:|---:|")
for n in (14, 140, 1400, 14000):
    try:
        render, synth, floor = (runs[f"BM_{k}/{n}"]["real_time"] for k in ("RenderStack", "SynthStack", "DumpFloor"))
    except KeyError:
        continue
    print(f"| {n} | {render:.0f} | {synth:.0f} | {floor:.0f} | {synth / floor:.2f} |")
PY
  fi
} | tee "$OUT/summary.md"
say "results in $OUT/summary.md"
