#!/usr/bin/env bash
# Builds and runs the libFuzzer targets over the DigitsKit sources with AddressSanitizer.
# Usage: Scripts/fuzz.sh [TARGET|all] [SECONDS]      run each target for SECONDS (default 60)
#        Scripts/fuzz.sh [TARGET|all] --runs N       run each target N times on its corpus (CI)
# Targets: idx, netpbm, png, png-chunks, model, model-arch, arch-spec, onnx. Exits non-zero on any finding (crash, leak,
# timeout over 2 s, more than 2 GB of memory in all or one allocation over 1 GB: above the 512 MiB an IDX payload may reserve, below the 2 GiB a PNG chunk bomb once cost); findings are kept in .build-fuzz/findings/.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
all_targets=(idx netpbm png png-chunks model model-arch arch-spec onnx)
targets=("${all_targets[@]}")
target=${1:-all}
limit=(-max_total_time="${2:-60}")
if [ "${2:-}" = "--runs" ]; then limit=(-runs="${3:?--runs needs a count}"); fi
[ "$target" = all ] || targets=("$target")

build=$root/.build-fuzz
mkdir -p "$build/findings"
mapfile -t sources < <(find "$root/Sources/DigitsKit" -name '*.swift' | sort)
status=0
for name in "${targets[@]}"; do
  harness=$root/Tests/Fuzz/$name.swift
  [ -f "$harness" ] || { echo "fuzz: no target $name (have: ${all_targets[*]})" >&2; exit 2; }
  binary=$build/fuzz-$name
  if [ ! "$binary" -nt "$harness" ] || [ -n "$(find "$root/Sources/DigitsKit" "$root/Tests/Fuzz/FuzzSupport.swift" -newer "$binary" -print -quit)" ]; then
    echo "fuzz: building $name"
    swiftc -sanitize=fuzzer,address -parse-as-library -O -module-name DigitsKit -swift-version 6 \
      -Xcc -march=x86-64-v3 -I "$root/Sources/CZlib" -I "$root/Sources/COpenBLAS" -I "$root/Sources/CPNG" -lz -lpng16 \
      "${sources[@]}" "$root/Tests/Fuzz/FuzzSupport.swift" "$harness" -o "$binary" 2> "$build/$name.build.log" \
      || { cat "$build/$name.build.log" >&2; exit 1; }
  fi
  corpus=$root/Tests/Fuzz/Corpus/$name
  work=$build/corpus-$name
  mkdir -p "$work"
  echo "fuzz: running $name (${limit[*]})"
  # The Swift runtime's own crash handler would report a trap through ASan's eyes; libFuzzer's is enough.
  if ! SWIFT_BACKTRACE=enable=no "$binary" "$work" "$corpus" "${limit[@]}" -timeout=2 -rss_limit_mb=2048 -malloc_limit_mb=1024 \
      -artifact_prefix="$build/findings/$name-" -print_final_stats=1 2> "$build/$name.log"; then
    echo "fuzz: $name found a problem; see $build/$name.log and $build/findings/" >&2
    tail -40 "$build/$name.log" >&2
    status=1
  fi
  grep -E "^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)|cov: " "$build/$name.log" | tail -4
done
exit $status
