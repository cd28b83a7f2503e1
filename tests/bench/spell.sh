#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Spelling benchmark: `epistle-cli spell` over the 3.2 MB novel (hard-wrapped
# and one line per paragraph) against a baseline that tokenizes the same way
# and asks enchant once per word with no cache.  Prints
#   BENCH spell-cli-DOC <ms> ms baseline=<ms> ratio=<cli/baseline>
# Each figure is the best of EPISTLE_BENCH_RUNS (3) runs.
set -euo pipefail

builddir=${EPISTLE_BUILDDIR:?}
cache=${EPISTLE_BENCH_CACHE:?}
cli=$builddir/app/cli/epistle-cli
baseline=$builddir/tests/bench/spell-baseline
runs=${EPISTLE_BENCH_RUNS:-3}
corpus=${EPISTLE_CORPUS:-$EPISTLE_SRCDIR/../shared/corpus}

mkdir -p "$cache"
if [ ! -s "$cache/war-and-peace.txt" ]; then
  rm -rf "$cache/wap-spell"
  git -c init.defaultBranch=main clone --quiet "$corpus/war-and-peace-history.bundle" "$cache/wap-spell"
  git -C "$cache/wap-spell" show HEAD:war_and_peace.txt >"$cache/war-and-peace.txt"
  rm -rf "$cache/wap-spell"
fi
if [ ! -s "$cache/war-and-peace-paragraphs.txt" ]; then
  awk '
    /^[ \t\r]*$/ { if (para != "") print para; para = ""; print; next }
    { sub(/\r$/, ""); if (para == "") para = $0; else { sub(/^[ \t]+/, ""); para = para " " $0 } }
    END { if (para != "") print para }
  ' "$cache/war-and-peace.txt" >"$cache/war-and-peace-paragraphs.txt"
fi

# best_ms CMD…: the fastest of $runs runs, in milliseconds.
best_ms() {
  local best= start end ms
  for ((i = 0; i < runs; i++)); do
    start=$(date +%s%N)
    "$@" >/dev/null || [ $? = 1 ]
    end=$(date +%s%N)
    ms=$(( (end - start) / 1000000 ))
    if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best=$ms; fi
  done
  echo "$best"
}

for doc in war-and-peace war-and-peace-paragraphs; do
  file=$cache/$doc.txt
  ours=$(best_ms "$cli" spell --lang en_US "$file")
  base=$(best_ms "$baseline" en_US "$file")
  printf 'BENCH spell-cli-%s %s ms baseline=%s ratio=%s\n' "$doc" "$ours" "$base" \
    "$(awk -v a="$ours" -v b="$base" 'BEGIN { printf "%.2f", a / b }')"
done
