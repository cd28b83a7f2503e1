#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Start-up benchmark: time from exec until the window shows the document's
# text, and peak RSS with it open, for Epistle against GNOME Text Editor 48.
#
# Run by `meson test -C BUILD --benchmark --suite bench`. Prints
#   BENCH startup-to-text-DOC <ms> ms baseline=<gte ms> ratio=<epistle/gte>
#   BENCH peak-rss-DOC <MiB> MiB baseline=<gte MiB> ratio=<epistle/gte>
# plus the GNOME Text Editor figures on their own (suffix -gnome-text-editor),
# and the same two lines for the toolkit floor (suffix -toolkit-floor, ratio
# to GNOME Text Editor): a bare libadwaita window with a GtkSourceView that
# reads the file before it is shown and does nothing else
# (tests/bench/toolkit-floor.c), the least any GNOME 48 editor pays. It
# starts GTK as Epistle's main() does: no GL set-up when the cairo renderer
# is forced, and no parse of GTK's own theme, which libadwaita replaces.
# Each figure is the median of several runs that alternate the editors, each
# run with a fresh, empty HOME and in-memory settings, on a private Xvfb and
# session bus.
#
# Environment (meson sets the first four):
#   EPISTLE_SRCDIR, EPISTLE_BUILDDIR   the checkout and the meson build dir
#   EPISTLE_BENCH_FIRST_TEXT           the first-text program
#   EPISTLE_BENCH_TOOLKIT_FLOOR        the toolkit-floor program (optional)
#   EPISTLE_BENCH_CACHE                where the prepared documents are kept
#   EPISTLE_CORPUS                     default: $EPISTLE_SRCDIR/../shared/corpus
#   EPISTLE_BENCH_RUNS                 runs per editor and document (7)
#   EPISTLE_BENCH_SETTLE               seconds between text and VmHWM (1.5)
#   EPISTLE_BENCH_TIMEOUT              seconds to wait for text (30)
#   EPISTLE_BENCH_DOCS                 subset of: war-and-peace
#                                      war-and-peace-paragraphs open-letter
#                                      open-letter-markdown (the letter as
#                                      a .md file, highlighted as Markdown)
#   EPISTLE_BENCH_GSK_RENDERER         GSK_RENDERER for both editors (cairo;
#                                      "auto" lets GTK choose: under Xvfb that
#                                      is GL on llvmpipe, whose shader set-up
#                                      adds ~0.9 s and ~60 MiB to any GTK app
#                                      and would swamp the editors' differences).
#                                      With cairo forced, Epistle and the
#                                      floor tell GDK not to set GL up at all
#                                      (GDK_DISABLE=gl, as
#                                      epistle_ui_prepare_environment() does);
#                                      GNOME Text Editor still sets it up, as
#                                      GTK does by default: ~95 ms and ~75 MiB
#                                      of Mesa's software driver under Xvfb.
#                                      So it is also measured with GL left
#                                      alone (-gnome-text-editor-without-gl),
#                                      and Epistle set beside that
#                                      (-against-gnome-text-editor-without-gl)
#   EPISTLE_BENCH_SHOTS                a directory: save a screenshot of the
#                                      screen when a window is first drawn
#                                      without text and when text is detected
#                                      (slows the runs; for checking the
#                                      detector, not for figures)

set -euo pipefail

note() { printf 'BENCH-NOTE %s\n' "$*"; }
die() { printf 'startup.sh: error: %s\n' "$*" >&2; exit 2; }

# A session bus of our own, independent of whatever runs us.
if [ -z "${EPISTLE_BENCH_IN_SESSION:-}" ]; then
  command -v dbus-run-session >/dev/null || die "dbus-run-session not found"
  export EPISTLE_BENCH_IN_SESSION=1
  exec dbus-run-session -- bash "$0" "$@"
fi

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
srcdir=${EPISTLE_SRCDIR:-${MESON_SOURCE_ROOT:-$(cd "$here/../.." && pwd)}}
builddir=${EPISTLE_BUILDDIR:-${MESON_BUILD_ROOT:-}}
[ -n "$builddir" ] || die "EPISTLE_BUILDDIR is not set (run through meson test --benchmark)"
corpus=${EPISTLE_CORPUS:-$srcdir/../shared/corpus}
first_text=${EPISTLE_BENCH_FIRST_TEXT:-$builddir/tests/bench/first-text}
toolkit_floor=${EPISTLE_BENCH_TOOLKIT_FLOOR:-$builddir/tests/bench/toolkit-floor}
cache=${EPISTLE_BENCH_CACHE:-$builddir/tests/bench/cache}
runs=${EPISTLE_BENCH_RUNS:-7}
settle=${EPISTLE_BENCH_SETTLE:-1.5}
timeout=${EPISTLE_BENCH_TIMEOUT:-30}
# shellcheck disable=SC2206
docs=(${EPISTLE_BENCH_DOCS:-war-and-peace war-and-peace-paragraphs open-letter open-letter-markdown})
shots=${EPISTLE_BENCH_SHOTS:-}
renderer=${EPISTLE_BENCH_GSK_RENDERER:-cairo}
epistle=$builddir/ui/epistle

[ -x "$first_text" ] || die "first-text not found at $first_text"
[ -d "$corpus" ] || die "corpus not found at $corpus (set EPISTLE_CORPUS)"
command -v gnome-text-editor >/dev/null || die "gnome-text-editor (the baseline) is not installed"
command -v Xvfb >/dev/null || die "Xvfb not found"
[ -z "$shots" ] || mkdir -p "$shots"

# Debugging aids of the unit-test environment distort time and memory.
unset MALLOC_CHECK_ MALLOC_PERTURB_ G_DEBUG G_SLICE G_MESSAGES_DEBUG GSETTINGS_SCHEMA_DIR \
  WAYLAND_DISPLAY GDK_BACKEND GSK_RENDERER GTK_DEBUG

# ------------------------------------------------------------ documents ----

mkdir -p "$cache"
if [ ! -s "$cache/war-and-peace.txt" ]; then
  if [ ! -d "$cache/war-and-peace-history/.git" ]; then
    rm -rf "$cache/war-and-peace-history.tmp"
    git -c init.defaultBranch=main clone --quiet "$corpus/war-and-peace-history.bundle" "$cache/war-and-peace-history.tmp"
    mv "$cache/war-and-peace-history.tmp" "$cache/war-and-peace-history"
  fi
  git -C "$cache/war-and-peace-history" show HEAD:war_and_peace.txt >"$cache/war-and-peace.txt.tmp"
  mv "$cache/war-and-peace.txt.tmp" "$cache/war-and-peace.txt"
fi
if [ ! -s "$cache/war-and-peace-paragraphs.txt" ] ||
  [ "$cache/war-and-peace.txt" -nt "$cache/war-and-peace-paragraphs.txt" ]; then
  # One line per paragraph: join the lines between blank lines with a space.
  awk '
    /^[ \t\r]*$/ { if (para != "") print para; para = ""; print; next }
    { sub(/\r$/, ""); if (para == "") para = $0; else { sub(/^[ \t]+/, ""); para = para " " $0 } }
    END { if (para != "") print para }
  ' "$cache/war-and-peace.txt" >"$cache/war-and-peace-paragraphs.txt.tmp"
  mv "$cache/war-and-peace-paragraphs.txt.tmp" "$cache/war-and-peace-paragraphs.txt"
fi
# A writable copy, so neither editor opens it read-only.
cp "$corpus/open-letter.txt" "$cache/open-letter.txt"
# The same letter as a Markdown file: the editors highlight it as Markdown.
cp "$corpus/open-letter.txt" "$cache/open-letter-markdown.md"
chmod u+w "$cache"/*.txt "$cache"/*.md

# doc_path DOC: the file for DOC (Markdown for the *-markdown ones).
doc_path() {
  case $1 in
    *-markdown) printf '%s/%s.md' "$cache" "$1" ;;
    *) printf '%s/%s.txt' "$cache" "$1" ;;
  esac
}

for doc in "${docs[@]}"; do
  [ -s "$(doc_path "$doc")" ] || die "unknown document '$doc'"
done

# ------------------------------------------------------------ display ------

tmp=$(mktemp -d "${TMPDIR:-/tmp}/epistle-bench.XXXXXX")
xvfb_pid=
cleanup() {
  if [ -n "$xvfb_pid" ]; then
    kill "$xvfb_pid" 2>/dev/null || true
    wait "$xvfb_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

# Xvfb picks a free display number itself and writes it to fd 3 when ready.
Xvfb -displayfd 3 -screen 0 1600x1000x24 -nolisten tcp 3>"$tmp/display" 2>"$tmp/xvfb.log" &
xvfb_pid=$!
for _ in $(seq 200); do
  grep -q . "$tmp/display" 2>/dev/null && break
  kill -0 "$xvfb_pid" 2>/dev/null || { cat "$tmp/xvfb.log" >&2; die "Xvfb did not start"; }
  sleep 0.05
done
grep -q . "$tmp/display" || { cat "$tmp/xvfb.log" >&2; die "Xvfb did not report its display"; }
export DISPLAY=":$(head -n1 "$tmp/display")"

# ------------------------------------------------------------ measuring ----

declare -A times rss failures

# measure EDITOR DOC LABEL: one run; appends to times[EDITOR:DOC], rss[EDITOR:DOC].
measure() {
  local editor=$1 doc=$2 label=$3 home out rc ms kib procs
  # After one failure (a 30 s timeout, typically) the rest would fail the same way.
  [ -z "${failures[$editor:$doc]:-}" ] || return 0
  # Let the session bus forget the last instance before the next one starts.
  sleep 0.2
  local cmd=() opts=(--timeout "$timeout" --settle "$settle")
  home=$(mktemp -d "$tmp/home.XXXXXX")
  mkdir -p "$home/.config" "$home/.local/share" "$home/.local/state" "$home/.cache" "$home/run"
  chmod 700 "$home/run"
  local envs=(HOME="$home" XDG_CONFIG_HOME="$home/.config" XDG_DATA_HOME="$home/.local/share"
    XDG_STATE_HOME="$home/.local/state" XDG_CACHE_HOME="$home/.cache" XDG_RUNTIME_DIR="$home/run"
    GSETTINGS_BACKEND=memory GDK_BACKEND=x11 NO_AT_BRIDGE=1 GTK_A11Y=none)
  [ "$renderer" = auto ] || envs+=(GSK_RENDERER="$renderer")
  case $editor in
    gnome-text-editor) cmd=(gnome-text-editor "$(doc_path "$doc")") ;;
    gnome-text-editor-without-gl) cmd=(gnome-text-editor "$(doc_path "$doc")"); envs+=(GDK_DISABLE=gl) ;;
    epistle) cmd=("$epistle" "$(doc_path "$doc")"); envs+=(GSETTINGS_SCHEMA_DIR="$builddir/data") ;;
    toolkit-floor) cmd=("$toolkit_floor" "$(doc_path "$doc")") ;;
  esac
  if [ -n "$shots" ]; then
    opts+=(--verbose --shot-cmd "import -window root '$shots/$editor-$doc-$label-'\"\$1\".png"
      --frames "$shots/$editor-$doc-$label-region")
  fi

  rc=0
  out=$(cd "$home" && env "${envs[@]}" "$first_text" "${opts[@]}" -- "${cmd[@]}" 2>"$tmp/last.err") || rc=$?
  if [ -n "$shots" ]; then
    cp "$tmp/last.err" "$shots/$editor-$doc-$label.log"
    for f in "$shots/$editor-$doc-$label"-region-*.ppm; do
      if [ -f "$f" ] && command -v convert >/dev/null; then convert "$f" "${f%.ppm}.png" && rm -f "$f"; fi
    done
  fi
  rm -rf "$home"
  ms=$(awk '$1 == "first-text-ms" { print $2 }' <<<"$out")
  kib=$(awk '$1 == "vmhwm-kib" { print $2 }' <<<"$out")
  procs=$(awk '$1 == "processes" { print $2 }' <<<"$out")
  if [ "$rc" != 0 ] || [ -z "$ms" ] || [ -z "$kib" ]; then
    failures[$editor:$doc]="$(grep -v " ms window " "$tmp/last.err" | grep "first-text:" | tail -n1 || true)"
    [ -n "${failures[$editor:$doc]}" ] || failures[$editor:$doc]="status $rc"
    printf '# %-28s %-24s %-6s failed (status %s): %s\n' "$editor" "$doc" "$label" "$rc" "${failures[$editor:$doc]}"
    sed 's/^/#   /' "$tmp/last.err" | tail -n 20
    return 0
  fi
  printf '# %-28s %-24s %-6s %8s ms %8.1f MiB (%s process(es))\n' "$editor" "$doc" "$label" "$ms" \
    "$(awk -v k="$kib" 'BEGIN { print k / 1024 }')" "$procs"
  if [ "$label" = warmup ]; then return 0; fi
  times[$editor:$doc]+="$ms "
  rss[$editor:$doc]+="$kib "
}

median() {
  printf '%s\n' "$@" | sort -g | awk '
    { v[NR] = $1 }
    END { if (NR == 0) exit 1; if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

editors=(gnome-text-editor gnome-text-editor-without-gl)
if [ -x "$toolkit_floor" ]; then
  editors+=(toolkit-floor)
else
  note "toolkit-floor not built"
fi
if [ -x "$epistle" ]; then
  editors+=(epistle)
else
  note "epistle binary not built"
fi

printf "# display %s, GSK_RENDERER %s, %s runs per editor and document (median reported), settle %s s\n" \
  "$DISPLAY" "$renderer" "$runs" "$settle"
printf '# gnome-text-editor: %s\n' "$(command -v gnome-text-editor)"
if [ -x "$epistle" ]; then printf '# epistle: %s\n' "$epistle"; fi

# One discarded run per editor first, so both start from warm caches.
for editor in "${editors[@]}"; do
  measure "$editor" open-letter warmup
done
for ((run = 1; run <= runs; run++)); do
  for doc in "${docs[@]}"; do
    # Alternate the order of the editors.
    order=("${editors[@]}")
    if ((run % 2 == 0)); then
      order=()
      for ((i = ${#editors[@]} - 1; i >= 0; i--)); do order+=("${editors[i]}"); done
    fi
    for editor in "${order[@]}"; do
      measure "$editor" "$doc" "run$run"
    done
  done
done

# ------------------------------------------------------------ report -------

# figure KIND EDITOR DOC: the median in ms (time) or MiB (rss), or nothing.
figure() {
  local values
  if [ "$1" = time ]; then values=${times[$2:$3]:-}; else values=${rss[$2:$3]:-}; fi
  [ -n "$values" ] || return 0
  # shellcheck disable=SC2086
  median $values | awk -v kind="$1" '{ printf "%.1f", kind == "time" ? $1 : $1 / 1024 }'
}

# report EDITOR DOC SUFFIX [BASELINE]: the editor's two BENCH lines for DOC,
# named with SUFFIX, with their ratio to BASELINE (GNOME Text Editor unless
# said) when it was measured too.
report() {
  local editor=$1 doc=$2 suffix=$3 baseline=${4:-gnome-text-editor} ms mib base_ms base_mib
  ms=$(figure time "$editor" "$doc")
  mib=$(figure rss "$editor" "$doc")
  base_ms=$(figure time "$baseline" "$doc")
  base_mib=$(figure rss "$baseline" "$doc")
  [ -n "$ms" ] || return 0
  if [ "$editor" != "$baseline" ] && [ -n "$base_ms" ]; then
    printf 'BENCH startup-to-text-%s%s %s ms baseline=%s ratio=%s\n' "$doc" "$suffix" "$ms" "$base_ms" \
      "$(awk -v a="$ms" -v b="$base_ms" 'BEGIN { printf "%.2f", a / b }')"
    printf 'BENCH peak-rss-%s%s %s MiB baseline=%s ratio=%s\n' "$doc" "$suffix" "$mib" "$base_mib" \
      "$(awk -v a="$mib" -v b="$base_mib" 'BEGIN { printf "%.2f", a / b }')"
  else
    printf 'BENCH startup-to-text-%s%s %s ms\n' "$doc" "$suffix" "$ms"
    printf 'BENCH peak-rss-%s%s %s MiB\n' "$doc" "$suffix" "$mib"
  fi
  if [ -n "${failures[$editor:$doc]:-}" ]; then
    note "$editor failed on $doc: ${failures[$editor:$doc]}"
    status=1
  fi
}

status=0
for doc in "${docs[@]}"; do
  report gnome-text-editor "$doc" -gnome-text-editor
  report toolkit-floor "$doc" -toolkit-floor
  report epistle "$doc" ""
  # For scale: GNOME Text Editor spared GL's set-up as Epistle is, and
  # Epistle against that.
  report gnome-text-editor-without-gl "$doc" -gnome-text-editor-without-gl
  report epistle "$doc" -against-gnome-text-editor-without-gl gnome-text-editor-without-gl
done
exit "$status"
