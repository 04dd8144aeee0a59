#!/usr/bin/env bash
# Scale check, outside the default test run: generates bindings for the whole hashicorp/aws
# schema (1526 resources and 608 data sources in 5.100) and compiles every header with
# -fsyntax-only, two at a time, then prints the figures.
#
# usage: tests/codegen/full-schema-check.sh [SCHEMA.json]
#   SCHEMA.json  the output of terraform providers schema -json; fetched with
#                tests/fixtures/schema/fetch-full-schema.sh when omitted.
#   STACKGEN_GEN the stackgen-gen program; default: the first found under build*/.
#   JOBS         parallel compilers; default 2.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
jobs=${JOBS:-2}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cxx=(g++ -std=c++20 -Wall -Wextra -Wpedantic -I "$root/include" -I "$work/out")

gen=${STACKGEN_GEN:-$(find "$root"/build* -type f -name stackgen-gen -perm -u+x 2>/dev/null |
  head -n 1)}
if [ -z "$gen" ] || [ ! -x "$gen" ]; then
  echo "full-schema-check: no stackgen-gen found; build the target or set STACKGEN_GEN" >&2
  exit 2
fi
schema=${1:-}
if [ -z "$schema" ]; then
  schema=$work/schema.json
  "$root/tests/fixtures/schema/fetch-full-schema.sh" "$schema"
fi

seconds() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

# 1. Generation: wall time and peak memory.
echo "== generating every type of $(basename "$schema")"
if [ -x /usr/bin/time ]; then
  /usr/bin/time -v "$gen" --schema "$schema" --out "$work/out" 2>"$work/time.log"
  gen_wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$work/time.log")
  gen_rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f MB", $2 / 1024}' "$work/time.log")
else
  start=$(seconds)
  "$gen" --schema "$schema" --out "$work/out"
  gen_wall="$(elapsed "$start" "$(seconds)") s"
  gen_rss="unknown (no /usr/bin/time)"
fi
headers=$(find "$work/out" -name '*.h' | wc -l)
bytes=$(cat "$work/out"/*/*.h | wc -c)

# 2. Every header on its own, through a one-line file that includes it. A precompiled header
#    of what every binding includes keeps each run to the binding's own code.
printf '#include "stackgen/core/element.h"\n#include "stackgen/providers/binding.h"\n' \
  >"$work/common.h"
"${cxx[@]}" -x c++-header "$work/common.h" -o "$work/common.h.gch"
check_one() {
  local header=$1 log
  log=$(echo "#include \"${header#"$work/out/"}\"" |
    g++ -std=c++20 -Wall -Wextra -Wpedantic -I "$root/include" -I "$work/out" \
      -include "$work/common.h" -Winvalid-pch -fsyntax-only -x c++ - 2>&1) || {
    printf 'FAILED %s\n%s\n' "$header" "$log"
    return 1
  }
  [ -z "$log" ] || printf 'WARNED %s\n%s\n' "$header" "$log"
}
export -f check_one
export root work
echo "== compiling $headers headers with -fsyntax-only, $jobs at a time"
start=$(seconds)
status=0
find "$work/out" -name '*.h' | sort |
  xargs -P "$jobs" -I{} bash -c 'check_one "$1"' _ {} >"$work/check.log" || status=$?
check_wall=$(elapsed "$start" "$(seconds)")
failed=$(grep -c '^FAILED' "$work/check.log" || true)
warned=$(grep -c '^WARNED' "$work/check.log" || true)

# 3. One typical header, and the stack's bindings (the committed ones, all in one file).
time_of() {
  local start
  start=$(seconds)
  "$@" >/dev/null
  elapsed "$start" "$(seconds)"
}
echo '#include "aws/lambda_function.h"' >"$work/one.cc"
one=$(time_of "${cxx[@]}" -fsyntax-only "$work/one.cc")
cat >"$work/one_object.cc" <<'CODE'
#include "aws/lambda_function.h"
namespace aws = stackgen::providers::aws;
void make(stackgen::core::Construct& stack) {
  stack.add<aws::LambdaFunction>("f", aws::LambdaFunctionConfig{.function_name = "f", .role = "r"});
}
CODE
one_object=$(time_of "${cxx[@]}" -O2 -c -o "$work/one.o" "$work/one_object.cc")
for h in "$root"/include/stackgen/providers/aws/*.h; do
  echo "#include \"stackgen/providers/aws/$(basename "$h")\""
done >"$work/stack.cc"
stack_syntax=$(time_of "${cxx[@]}" -fsyntax-only "$work/stack.cc")
stack_object=$(time_of "${cxx[@]}" -O2 -c -o "$work/stack.o" "$work/stack.cc")

grep -A20 -E '^(FAILED|WARNED)' "$work/check.log" | head -n 60 || true
cat <<REPORT

== full-schema check ($(basename "$schema"))
generation:       $gen_wall wall, peak RSS $gen_rss
generated code:   $headers headers, $((bytes / 1024 / 1024)) MB ($bytes bytes)
syntax check:     ${check_wall} s for all headers ($jobs jobs, shared PCH); $failed failed, \
$warned warned
one header:       lambda_function.h ${one} s (-fsyntax-only, no PCH), \
${one_object} s (-O2 -c, one function)
stack's bindings: $(ls "$root"/include/stackgen/providers/aws/*.h | wc -l) committed headers \
in one file: ${stack_syntax} s (-fsyntax-only), ${stack_object} s (-O2 -c)
REPORT
[ "$failed" -eq 0 ] && [ "$warned" -eq 0 ] && [ "$status" -eq 0 ]
