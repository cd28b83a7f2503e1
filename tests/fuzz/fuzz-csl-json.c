/* SPDX-License-Identifier: GPL-3.0-or-later
 * fuzz-csl-json.c — fuzz target: parses any bytes as a CSL-JSON file and
 * frees the batch; must never crash, hang or leak. */

#include "config.h"

#include <gio/gio.h>

#include "epistle-import.h"
#include "fuzz-target.h"

EPISTLE_FUZZ_IMPORTER (epistle_import_parse_csl_json)
