#!/bin/sh
# Runs one display test on its own Xvfb server and D-Bus session bus, so
# suites can run in parallel without sharing an app id or a screen.
exec dbus-run-session -- xvfb-run -a -s "-screen 0 1400x900x24 -nolisten tcp" "$@"
