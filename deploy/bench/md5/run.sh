#!/usr/bin/env bash
# Multi-buffer MD5 on JDK 17's incubating Vector API against MessageDigest (docs/benchmarks.md, "Tried
# on 2026-11-29, 15:40–15:55 UTC"). Arguments: lanes (16 = AVX-512, 8 = AVX2), streams in use, size in bytes.
# Needs only a JDK 17; about 10 s.
set -euo pipefail
cd "$(dirname "$0")"
exec java --add-modules jdk.incubator.vector MultiBufferMd5.java "${@:-16}" 2> >(grep -v -e 'incubat' -e '^1 warning$' >&2)
