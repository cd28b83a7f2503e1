/* SPDX-License-Identifier: GPL-3.0-or-later
 * fuzz-kindle.c — fuzz target: parses any bytes as a Kindle "My Clippings.txt" and
 * frees the batch; must never crash, hang or leak. */

#include "config.h"

#include <gio/gio.h>

#include "epistle-import.h"
#include "fuzz-target.h"

EPISTLE_FUZZ_IMPORTER (epistle_import_parse_kindle)
