#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs each importer's libFuzzer target for a fixed time and fails on any
# crash, sanitizer report (ASan, UBSan), leak, timeout or out-of-memory.
#
#   tests/fuzz/run-libfuzzer.sh BUILDDIR [TARGET…]
#
# BUILDDIR is a clang build with the libFuzzer targets (tests/fuzz/fuzz-*),
# built with -Db_sanitize=address,undefined; build-aux/dev test makes one
# and calls this.  TARGETs default to all four (kindle bibtex csl-json
# readwise).
#
# Environment: EPISTLE_FUZZ_SECONDS (per target, default 20),
# EPISTLE_FUZZ_ARTIFACTS (where reproducers go, default
# BUILDDIR/fuzz-artifacts), EPISTLE_FUZZ_CORPUS (a folder to keep the
# grown corpus in, one subfolder per target; default a temporary one).
#
# Each run starts from the fixtures in tests/data/import/ (the Kindle,
# BibTeX, CSL-JSON and Readwise ones) and the inputs in
# tests/data/import/fuzz-regressions/ (copied, so the checkout is never
# written to).  A failing input is saved as ARTIFACTS/TARGET/crash-…,
# leak-…, timeout-… or oom-…; replay it with BUILDDIR/tests/fuzz/fuzz-TARGET
# FILE, and keep it in tests/data/import/fuzz-regressions/.

set -uo pipefail

SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
[ $# -ge 1 ] || { sed -n '5,11p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
BUILDDIR=$(cd "$1" && pwd) || exit 2
shift
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(kindle bibtex csl-json readwise)

SECONDS_PER_TARGET=${EPISTLE_FUZZ_SECONDS:-20}
ARTIFACTS=${EPISTLE_FUZZ_ARTIFACTS:-$BUILDDIR/fuzz-artifacts}
KEEP_CORPUS=${EPISTLE_FUZZ_CORPUS:-}
RSS_LIMIT_MB=2048
TIMEOUT_S=5

say() { printf '[fuzz] %s\n' "$*"; }

# Symbolized stack traces: llvm-symbolizer when there is one, else addr2line.
symbolizer=$(command -v llvm-symbolizer || command -v llvm-symbolizer-19 ||
  { [ -x /usr/lib/llvm-19/bin/llvm-symbolizer ] && echo /usr/lib/llvm-19/bin/llvm-symbolizer; } ||
  command -v addr2line || true)
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:allocator_may_return_null=0:symbolize=1${symbolizer:+:external_symbolizer_path=$symbolizer}${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:symbolize=1${symbolizer:+:external_symbolizer_path=$symbolizer}${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
# Freed GLib memory is cleared, so stale pointers show up sooner.
export G_DEBUG=gc-friendly

work=$(mktemp -d "${TMPDIR:-/tmp}/epistle-fuzz.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT

failed=()
for target in "${TARGETS[@]}"; do
  exe=$BUILDDIR/tests/fuzz/fuzz-$target
  if [ ! -x "$exe" ]; then
    say "fuzz-$target: not built ($exe is missing; is $BUILDDIR a clang build?)"
    failed+=("$target")
    continue
  fi

  if [ -n "$KEEP_CORPUS" ]; then corpus=$KEEP_CORPUS/$target; else corpus=$work/corpus-$target; fi
  mkdir -p "$corpus"
  # The four formats' fixtures seed every target (a BibTeX file is a fine
  # start for the CSL-JSON parser too), then the past findings.
  find "$SRC/tests/data/import" "$SRC/tests/data/import/fuzz-regressions" -maxdepth 1 -type f \
    \( -name '*.txt' -o -name '*.bib' -o -name '*.json' -o -name '*.csv' \) -exec cp {} "$corpus"/ \; 2>/dev/null
  artifacts=$ARTIFACTS/$target
  mkdir -p "$artifacts"
  log=$work/$target.log

  say "fuzz-$target: ${SECONDS_PER_TARGET} s from $(find "$corpus" -type f | wc -l) inputs"
  status=0
  "$exe" "$corpus" \
    -max_total_time="$SECONDS_PER_TARGET" -timeout="$TIMEOUT_S" \
    -rss_limit_mb="$RSS_LIMIT_MB" -malloc_limit_mb="$RSS_LIMIT_MB" \
    -detect_leaks=1 -print_final_stats=1 -reload=0 \
    -artifact_prefix="$artifacts/" >"$log" 2>&1 || status=$?

  # The last status line: "#N DONE cov: C ft: F corp: K/S …"
  line=$(grep -E '^#[0-9]+[[:space:]]+(DONE|pulse|NEW|REDUCE|INITED)' "$log" | tail -n 1)
  runs=$(sed -n 's/^stat::number_of_executed_units:[[:space:]]*//p' "$log" | tail -n 1)
  [ -n "$runs" ] || runs=$(printf '%s' "$line" | sed -n 's/^#\([0-9]*\).*/\1/p')
  cov=$(printf '%s' "$line" | sed -n 's/.* cov: \([0-9]*\).*/\1/p')
  ft=$(printf '%s' "$line" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')
  corp=$(printf '%s' "$line" | sed -n 's/.* corp: \([0-9]*\).*/\1/p')
  rss=$(sed -n 's/^stat::peak_rss_mb:[[:space:]]*//p' "$log" | tail -n 1)
  summary="${runs:-?} runs, cov ${cov:-?}, ft ${ft:-?}, corpus ${corp:-?}, peak RSS ${rss:-?} MB"

  # What libFuzzer wrote for the failing input, if anything (slow-unit-*
  # files are only a note, not a failure).
  artifact=$(grep -o "Test unit written to [^ ]*" "$log" | tail -n 1 | sed 's/^Test unit written to //')
  if [ $status -eq 0 ] && [ -z "$artifact" ]; then
    say "fuzz-$target: OK — $summary"
    continue
  fi

  kind=failure
  case "$(basename "${artifact:-none}")" in
    crash-*) kind=crash ;; leak-*) kind=leak ;; timeout-*) kind=timeout ;; oom-*) kind=out-of-memory ;;
  esac
  grep -q 'ERROR: LeakSanitizer' "$log" && kind=leak
  grep -q 'runtime error:' "$log" && kind="undefined behaviour"
  echo
  say "fuzz-$target: FAILED ($kind, exit status $status) — $summary"
  # The sanitizer's report: from its first line to libFuzzer's verdict.
  awk '/ERROR:|runtime error:|^ALARM:/ { p = 1 } p && !/^#[0-9]/' "$log" | head -n 80
  if [ -n "$artifact" ] && [ -f "$artifact" ]; then
    say "reproducer: $artifact ($(stat -c %s "$artifact") bytes)"
    say "replay:     $exe $artifact"
  else
    say "no reproducer was written; the full log follows"
    tail -n 40 "$log"
  fi
  echo
  failed+=("$target")
done

if [ ${#failed[@]} -gt 0 ]; then
  say "libFuzzer: ${#failed[@]} of ${#TARGETS[@]} targets failed: ${failed[*]}"
  exit 1
fi
[ ${#TARGETS[@]} -eq 1 ] || say "libFuzzer: all ${#TARGETS[@]} targets ran ${SECONDS_PER_TARGET} s without a finding"
