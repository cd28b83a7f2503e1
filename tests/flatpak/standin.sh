#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The Flatpak manifests, built and run for real, offline.
#
# The manifests target the GNOME 48 runtime from Flathub, which this build
# environment cannot reach. The build root is Debian 13, whose GTK 4.18,
# libadwaita 1.7 and GtkSourceView 5.16 are GNOME 48's, so this test makes a
# stand-in "org.gnome.Platform//48" and "org.gnome.Sdk//48" from the root's
# own /usr and /etc, installs them in a private Flatpak installation, and then,
# for each manifest:
#   1. builds it with flatpak-builder, as a user would (--install), with the
#      manifest's own build options, finish-args, cleanup and profile;
#   2. checks what the installation exports: the desktop file (valid, with
#      the app id's name and icon), the icon and the D-Bus service;
#   3. starts the app with `flatpak run` in its sandbox, on a letter in the
#      home folder, types into it, waits past the draft delay and saves, then
#      checks the letter on disk, the draft and the version history that the
#      sandboxed app kept under ~/.var/app/APP_ID (libgit2, GSettings and the
#      XDG folders inside the sandbox).
#
# What it does not cover: the manifests' libgit2 and cmark modules fetch
# their sources from GitHub, which is out of reach here, so the derived
# manifests leave those two modules out and Epistle links the root's own
# builds of them (present in the stand-in SDK and runtime).
#
# Runs under tests/run-display.sh (its own Xvfb and session bus).
# Environment: EPISTLE_SRCDIR, EPISTLE_BUILDDIR.
set -euo pipefail

SRC=${EPISTLE_SRCDIR:?}
BUILD=${EPISTLE_BUILDDIR:?}
cache=$BUILD/flatpak-standin       # the stand-in runtime, kept between runs
export FLATPAK_USER_DIR=$cache/installation

fail() { echo "not ok - $*"; exit 1; }
log() { echo "# $*"; }
show() { tail -n "${2:-40}" "$1" | sed "s/^/# /"; }   # a log, as TAP comments

work=$(mktemp -d)
mkdir -m 700 "$work/run"
export XDG_RUNTIME_DIR=$work/run   # flatpak keeps its instances here
trap 'flatpak kill org.epistle.Epistle.Devel >/dev/null 2>&1 || true
      flatpak kill org.epistle.Epistle >/dev/null 2>&1 || true
      kill -9 $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

for tool in flatpak flatpak-builder ostree bwrap python3 git xdotool desktop-file-validate; do
  command -v $tool >/dev/null || fail "$tool is missing from the build environment"
done

# --- the stand-in runtime -----------------------------------------------------
# Made again whenever the root's packages change.
stamp=$(sha256sum /var/lib/dpkg/status | cut -c1-16)
if [ "$(cat "$cache/stamp" 2>/dev/null)" != "$stamp" ] ||
   ! flatpak --user info org.gnome.Sdk//48 >/dev/null 2>&1; then
  log "making the stand-in GNOME 48 runtime from the build root"
  rm -rf "$cache"
  mkdir -p "$cache/stage/files"
  arch=$(flatpak --default-arch)
  printf '[Runtime]\nname=org.gnome.Platform\nruntime=org.gnome.Platform/%s/48\nsdk=org.gnome.Sdk/%s/48\n' \
    "$arch" "$arch" >"$cache/stage/metadata"
  printf '[Runtime]\nname=org.gnome.Sdk\nruntime=org.gnome.Sdk/%s/48\nsdk=org.gnome.Sdk/%s/48\n' \
    "$arch" "$arch" >"$cache/stage/metadata.sdk"
  ostree init --repo="$cache/repo" --mode=bare-user-only
  # A runtime's files are its /usr, with its /etc inside (fonts.conf and
  # friends); compose that view without copying 1.6 GB.
  bwrap --bind / / --dev /dev --bind /proc /proc \
    --overlay-src /usr --tmp-overlay "$cache/stage/files" \
    --ro-bind /etc "$cache/stage/files/etc" \
    sh -c 'flatpak build-export --runtime --files=files "$1" "$2" 48 &&
           flatpak build-export --runtime --files=files --metadata=metadata.sdk "$1" "$2" 48' \
    sh "$cache/repo" "$cache/stage" >"$cache/export.log" 2>&1 ||
    { show "$cache/export.log"; fail "could not export the stand-in runtime"; }
  flatpak --user remote-add --if-not-exists --no-gpg-verify standin "$cache/repo"
  flatpak --user install -y --noninteractive standin org.gnome.Platform//48 org.gnome.Sdk//48 \
    >"$cache/install.log" 2>&1 ||
    { show "$cache/install.log"; fail "could not install the stand-in runtime"; }
  echo "$stamp" >"$cache/stamp"
fi
echo "ok 1 - stand-in org.gnome.Platform//48 and org.gnome.Sdk//48 installed"

n=1
check_manifest() {   # check_manifest MANIFEST APP_ID
  local manifest=$1 app_id=$2
  local derived=$work/$app_id.json obj="/${app_id//./\/}"

  # The manifest as it is, less the two modules fetched from GitHub; the
  # checkout is copied from where it is, without build folders.
  python3 - "$SRC/flatpak/$manifest" "$derived" "$SRC" <<'EOF'
import json, os, sys
source, target, checkout = sys.argv[1:]
m = json.load(open(source))
offline = [x for x in m["modules"] if x["name"] == "epistle"]
assert len(offline) == 1, "the manifest has no epistle module"
src = offline[0]["sources"][0]
assert src["type"] == "dir" and src["path"] == "..", src
src["path"] = checkout
src["skip"] = sorted(set(src.get("skip", [])) |
                     {e for e in os.listdir(checkout) if e.startswith("_")})
m["modules"] = offline
json.dump(m, open(target, "w"), indent=2)
EOF

  log "building $manifest with flatpak-builder"
  if ! flatpak-builder --user --install --force-clean --disable-rofiles-fuse --disable-updates \
         --state-dir="$cache/builder-state" "$cache/build-$app_id" "$derived" \
         >"$work/build.log" 2>&1; then
    show "$work/build.log"
    fail "flatpak-builder could not build $manifest"
  fi
  flatpak --user info "$app_id" >/dev/null || fail "$app_id is not installed"
  n=$((n + 1)); echo "ok $n - $manifest builds and installs"

  # What the installation exports to the desktop.
  local exports=$FLATPAK_USER_DIR/exports/share
  local desktop=$exports/applications/$app_id.desktop
  [ -f "$desktop" ] || fail "no exported desktop file for $app_id"
  desktop-file-validate "$desktop" >"$work/validate.log" 2>&1 ||
    { show "$work/validate.log"; fail "the exported desktop file is not valid"; }
  ! grep -q . "$work/validate.log" || { show "$work/validate.log"; fail "desktop-file-validate has remarks"; }
  grep -q "^Icon=$app_id$" "$desktop" || fail "the desktop file names another icon"
  grep -q "^Exec=.*flatpak run .*$app_id" "$desktop" || fail "the desktop file does not start the Flatpak"
  [ -f "$exports/icons/hicolor/scalable/apps/$app_id.svg" ] || fail "no exported icon for $app_id"
  grep -q "^Name=$app_id$" "$exports/dbus-1/services/$app_id.service" ||
    fail "no exported D-Bus service for $app_id"
  n=$((n + 1)); echo "ok $n - $app_id exports its desktop file, icon and D-Bus service"

  # The app in its sandbox, on a letter in the home folder.
  local home=$work/home-$app_id
  mkdir -p "$home"
  cp "$SRC/data/sample-letter.md" "$home/letter.md"
  # As a user starts it: GSettings on disk in the sandbox, the real draft
  # delay, nothing from the test environment pointing into the build folder.
  HOME=$home env -u GSETTINGS_BACKEND -u GSETTINGS_SCHEMA_DIR -u G_DEBUG -u MALLOC_CHECK_ -u MALLOC_PERTURB_ \
    flatpak run "$app_id" "$home/letter.md" >"$work/app.log" 2>&1 &
  local pid=$! started=
  for _ in $(seq 300); do
    if gdbus call --session --dest "$app_id" --object-path "$obj/window/1" \
         --method org.gtk.Actions.List >/dev/null 2>&1; then
      started=1; break
    fi
    sleep 0.1
  done
  [ -n "$started" ] || { show "$work/app.log"; fail "$app_id did not start in its sandbox"; }
  local wid
  wid=$(timeout 30 xdotool search --sync --onlyvisible --name "letter.md" | head -n1) || true
  [ -n "$wid" ] || { show "$work/app.log"; fail "no window shows letter.md"; }
  eval "$(xdotool getwindowgeometry --shell "$wid")"
  xdotool mousemove --window "$wid" $((WIDTH / 3)) $((HEIGHT / 2)) click 1
  sleep 0.3
  xdotool type --delay 20 "Typed in the sandbox by the Flatpak test."
  local data=$home/.var/app/$app_id/data/epistle
  for _ in $(seq 100); do
    grep -qs "Typed in the sandbox by the Flatpak test." "$data"/drafts/* && break
    sleep 0.1
  done
  grep -qs "Typed in the sandbox by the Flatpak test." "$data"/drafts/* ||
    { show "$work/app.log"; fail "no draft under ~/.var/app/$app_id holds the typed text"; }
  n=$((n + 1)); echo "ok $n - the sandboxed app keeps its draft in its own data folder"

  gdbus call --session --dest "$app_id" --object-path "$obj/window/1" \
    --method org.gtk.Actions.Activate save "[]" "{}" >/dev/null
  for _ in $(seq 100); do
    grep -q "Typed in the sandbox by the Flatpak test." "$home/letter.md" && break
    sleep 0.1
  done
  grep -q "Typed in the sandbox by the Flatpak test." "$home/letter.md" ||
    { show "$work/app.log"; fail "the letter on disk does not have the typed text"; }
  [ "$(wc -l <"$home/letter.md")" -eq "$(wc -l <"$SRC/data/sample-letter.md")" ] ||
    fail "the saved letter lost or gained lines"
  local store
  for _ in $(seq 100); do
    store=$(ls -d "$data"/history/letter.md-*.git 2>/dev/null | head -n1)
    [ -n "$store" ] && git --git-dir="$store" log --format=%s 2>/dev/null | grep -q . && break
    sleep 0.1
  done
  [ -n "$store" ] || fail "no version history under ~/.var/app/$app_id"
  git --git-dir="$store" show HEAD:letter.md | grep -q "Typed in the sandbox by the Flatpak test." ||
    fail "the saved version in the history is not the letter as saved"
  n=$((n + 1)); echo "ok $n - the sandboxed app saves the letter in the home folder and keeps its version"

  # Quit as the menu does; the sandbox goes with the app.
  gdbus call --session --dest "$app_id" --object-path "$obj" \
    --method org.gtk.Actions.Activate quit "[]" "{}" >/dev/null
  for _ in $(seq 100); do kill -0 $pid 2>/dev/null || break; sleep 0.1; done
  if kill -0 $pid 2>/dev/null; then
    flatpak kill "$app_id" >/dev/null 2>&1 || kill -9 $pid
    fail "$app_id did not quit"
  fi
  wait $pid || fail "flatpak run ended with an error"
  n=$((n + 1)); echo "ok $n - $app_id quits"
}

check_manifest org.epistle.Epistle.Devel.json org.epistle.Epistle.Devel
check_manifest org.epistle.Epistle.json org.epistle.Epistle
echo "1..$n"
