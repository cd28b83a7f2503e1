#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# End-to-end: type into the real window, wait past the draft delay, kill -9,
# start again and check the text is back; quit normally and check the same
# documents reopen; check old orphaned drafts are collected; then kill
# Epistle while it saves the 3.2 MB novel and check the file is the old or
# the new version, whole.
# Runs under tests/run-display.sh (its own Xvfb and session bus).
set -euo pipefail

BUILD=${EPISTLE_BUILDDIR:?}
EPISTLE=$BUILD/ui/epistle
APP_ID=org.epistle.Epistle.Devel
OBJ=/org/epistle/Epistle/Devel
CORPUS=${EPISTLE_CORPUS:-$EPISTLE_SRCDIR/../shared/corpus}

work=$(mktemp -d)
trap 'kill -9 $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
export HOME=$work/home XDG_DATA_HOME=$work/data XDG_STATE_HOME=$work/state XDG_CONFIG_HOME=$work/config
mkdir -p "$HOME"
export GSETTINGS_BACKEND=keyfile   # the real default draft delay (3 s)

fail() { echo "not ok - $*"; exit 1; }
log() { echo "# $*"; }

start_epistle() {
  "$EPISTLE" "$@" >"$work/epistle.log" 2>&1 &
  pid=$!
  for _ in $(seq 200); do
    if gdbus call --session --dest $APP_ID --object-path $OBJ/window/1 \
         --method org.gtk.Actions.List >/dev/null 2>&1; then
      return 0
    fi
    sleep 0.05
  done
  cat "$work/epistle.log"
  fail "Epistle did not start"
}

win_action() {   # win_action NAME [GVARIANT-PARAM]
  local params="[]"
  [ $# -gt 1 ] && params="[$2]"
  gdbus call --session --dest $APP_ID --object-path $OBJ/window/${WIN:-1} \
    --method org.gtk.Actions.Activate "$1" "$params" '{}' >/dev/null
}

wait_for_file() {
  for _ in $(seq 200); do [ -s "$1" ] && return 0; sleep 0.05; done
  return 1
}

# --- 1. typed text survives kill -9 -----------------------------------------
cp "$CORPUS/open-letter.txt" "$work/letter.txt"
start_epistle "$work/letter.txt"
sleep 1
wid=$(xdotool search --sync --onlyvisible --name "letter.txt" | head -n1)
eval "$(xdotool getwindowgeometry --shell "$wid")"
# Click into the text column so the editor has the keyboard, then type.
xdotool mousemove --window "$wid" $((WIDTH / 2)) $((HEIGHT / 3)) click 1
sleep 0.3
xdotool type --delay 20 "Kim, the crash test typed this."
sleep 4.5   # past the 3 s draft delay
kill -9 $pid
wait $pid 2>/dev/null || true
grep -q "Kim, the crash test typed this." "$XDG_DATA_HOME"/epistle/drafts/*.txt ||
  fail "no draft holds the typed text"
log "draft written before the kill"

start_epistle
sleep 1.5
WIN=1 win_action save-as "<'file://$work/recovered.txt'>"
wait_for_file "$work/recovered.txt" || fail "the restored window did not save"
grep -q "Kim, the crash test typed this." "$work/recovered.txt" ||
  fail "the typed text is not in the restored document"
cmp -s "$work/letter.txt" "$CORPUS/open-letter.txt" ||
  fail "the user's file was written by the draft machinery"
echo "ok 1 - typed text is back after kill -9"
kill $pid 2>/dev/null; wait $pid 2>/dev/null || true

# --- 2. a normal quit restores the session ----------------------------------
rm -f "$XDG_STATE_HOME/epistle/session.ini"
cp "$CORPUS/open-letter.txt" "$work/second.txt"
start_epistle "$work/letter.txt"
gdbus call --session --dest $APP_ID --object-path $OBJ --method org.gtk.Actions.Activate \
  open "[<'file://$work/second.txt'>]" '{}' >/dev/null
xdotool search --sync --onlyvisible --name "second.txt" >/dev/null
gdbus call --session --dest $APP_ID --object-path $OBJ --method org.gtk.Actions.Activate \
  quit '[]' '{}' >/dev/null
for _ in $(seq 100); do kill -0 $pid 2>/dev/null || break; sleep 0.05; done
kill -0 $pid 2>/dev/null && fail "Epistle did not quit"
grep -q '^clean=true' "$XDG_STATE_HOME/epistle/session.ini" || fail "a normal quit was not recorded as clean"
start_epistle
for name in letter.txt second.txt; do
  for _ in $(seq 100); do
    xdotool search --onlyvisible --name "$name" >/dev/null 2>&1 && break
    sleep 0.05
  done
  xdotool search --onlyvisible --name "$name" >/dev/null 2>&1 || fail "$name was not reopened after a normal quit"
done
echo "ok 2 - a normal quit reopens the same documents"
kill $pid 2>/dev/null; wait $pid 2>/dev/null || true

# --- 3. orphaned drafts are collected in the background ----------------------
drafts=$XDG_DATA_HOME/epistle/drafts
mkdir -p "$drafts"
old_us=$(( ($(date +%s) - 4 * 86400) * 1000000 ))
for id in old-orphan young-orphan; do
  printf 'lost words\n' >"$drafts/$id.txt"
  printf '[Draft]\ntitle=%s\nmodified=%s\ncursor=0\n' "$id" "$old_us" >"$drafts/$id.ini"
done
touch -d '4 days ago' "$drafts/old-orphan.txt" "$drafts/old-orphan.ini"
sed -i "s/^modified=.*/modified=$(( $(date +%s) * 1000000 ))/" "$drafts/young-orphan.ini"
start_epistle "$work/letter.txt"
for _ in $(seq 300); do [ -e "$drafts/old-orphan.txt" ] || break; sleep 0.05; done
[ -e "$drafts/old-orphan.txt" ] && fail "an orphaned draft older than three days was not collected"
[ -e "$drafts/young-orphan.txt" ] || fail "a recent orphaned draft was collected"
echo "ok 3 - old orphaned drafts are collected, recent ones kept"
kill $pid 2>/dev/null; wait $pid 2>/dev/null || true

# --- 4. kill during a save of the novel: never a torn file -------------------
novel=$work/wap
git -c init.defaultBranch=main clone --quiet "$CORPUS/war-and-peace-history.bundle" "$novel"
cp "$novel/war_and_peace.txt" "$work/novel.txt"
old_sum=$(sha256sum < "$work/novel.txt")
{ printf 'Z'; cat "$work/novel.txt"; } > "$work/novel.new"
new_sum=$(sha256sum < "$work/novel.new")
rm -f "$XDG_STATE_HOME/epistle/session.ini"

seen_old=0 seen_new=0
for round in $(seq 1 8); do
  cp "$novel/war_and_peace.txt" "$work/novel.txt"
  start_epistle "$work/novel.txt"
  sleep 1.5
  wid=$(xdotool search --sync --onlyvisible --name "novel.txt" | head -n1)
  eval "$(xdotool getwindowgeometry --shell "$wid")"
  xdotool mousemove --window "$wid" $((WIDTH / 2)) $((HEIGHT / 3)) click 1 key ctrl+Home
  sleep 0.2
  xdotool type "Z"
  sleep 0.2
  # Kill at a different moment of the save each round (0–70 ms after
  # asking for it): before, during and after the write.
  delays=(0 0.002 0.005 0.01 0.015 0.02 0.04 0.07)
  win_action save 2>/dev/null &
  sleep "${delays[$((round - 1))]}"
  kill -9 $pid
  wait $pid 2>/dev/null || true
  wait 2>/dev/null || true
  sum=$(sha256sum < "$work/novel.txt")
  if [ "$sum" = "$old_sum" ]; then seen_old=$((seen_old + 1))
  elif [ "$sum" = "$new_sum" ]; then seen_new=$((seen_new + 1))
  else fail "round $round: the novel on disk is neither the old nor the new version"
  fi
  rm -f "$XDG_STATE_HOME/epistle/session.ini"
  ls -a "$work" | grep -q '^\.novel\.txt\.' && log "round $round left a temporary file (ignored by the reader)"
done
log "kills during save: $seen_old left the old version, $seen_new the new one"
echo "ok 4 - killing a save of the 3.2 MB novel never tears the file"
echo "1..4"
