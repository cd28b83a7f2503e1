#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# End-to-end: the outline from the keyboard in the real window.  Ctrl+Shift+O
# puts the keyboard in the outline, Alt+Down moves the section holding the
# cursor below the next one, Escape goes back to the text, Ctrl+Z undoes the
# move in one step; each state is saved and read back from the file.
# Runs under tests/run-display.sh (its own Xvfb and session bus).
set -euo pipefail

BUILD=${EPISTLE_BUILDDIR:?}
EPISTLE=$BUILD/ui/epistle
APP_ID=org.epistle.Epistle.Devel
OBJ=/org/epistle/Epistle/Devel

work=$(mktemp -d)
trap 'kill -9 $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
export HOME=$work/home XDG_DATA_HOME=$work/data XDG_STATE_HOME=$work/state XDG_CONFIG_HOME=$work/config
mkdir -p "$HOME"

fail() { echo "not ok - $*"; cat "$work/epistle.log" 2>/dev/null || true; exit 1; }

win_action() {   # win_action NAME [GVARIANT-PARAM]
  local params="[]"
  [ $# -gt 1 ] && params="[$2]"
  gdbus call --session --dest $APP_ID --object-path $OBJ/window/1 \
    --method org.gtk.Actions.Activate "$1" "$params" '{}' >/dev/null
}

saved_is() {   # saved_is EXPECTED-FILE: save, then compare
  win_action save
  for _ in $(seq 100); do
    cmp -s "$work/doc.md" "$1" && return 0
    sleep 0.05
  done
  diff "$1" "$work/doc.md" || true
  return 1
}

printf '# One\nbody one\n\n## Two\nbody two\n\n# Three\nbody three\n' > "$work/doc.md"
cp "$work/doc.md" "$work/original.md"
printf '# Three\nbody three\n# One\nbody one\n\n## Two\nbody two\n\n' > "$work/moved.md"

echo "1..1"
"$EPISTLE" "$work/doc.md" >"$work/epistle.log" 2>&1 &
for _ in $(seq 200); do
  gdbus call --session --dest $APP_ID --object-path $OBJ/window/1 \
    --method org.gtk.Actions.List >/dev/null 2>&1 && break
  sleep 0.05
done
wid=$(xdotool search --sync --onlyvisible --name "doc.md" | head -n1)
eval "$(xdotool getwindowgeometry --shell "$wid")"
# Click into the text so the window has the keyboard; then back to the top.
xdotool mousemove --window "$wid" $((WIDTH / 2)) $((HEIGHT / 3)) click 1
sleep 0.3
xdotool key ctrl+Home
sleep 0.3

# The cursor is at the top, in "One": its section goes below "Three".
xdotool key ctrl+shift+o
sleep 0.5
xdotool key alt+Down
sleep 0.5
saved_is "$work/moved.md" || fail "Alt+Down in the outline did not move the section"

xdotool key Escape
sleep 0.3
xdotool key ctrl+z
sleep 0.5
saved_is "$work/original.md" || fail "one Ctrl+Z did not undo the move"
echo "ok 1 - Alt+Down moves a section from the outline; one Ctrl+Z restores it"
