#!/usr/bin/env bash
# Measures OpenBLAS's SGEMM against a register-blocked Swift SIMD kernel on the reference network's
# products, one thread: the comparison behind the toolkit's choice of OpenBLAS.
# Usage: Scripts/gemm-shapes.sh [OPENBLAS_CORETYPE]   (default SkylakeX; try Prescott or Haswell)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${TMPDIR:-/tmp}/digits-gemm-shapes
swiftc -O -Xcc -march=x86-64-v3 -o "$bin" "$root/Scripts/gemm/main.swift"
exec "$bin" "$@"
