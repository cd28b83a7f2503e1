/* SPDX-License-Identifier: GPL-3.0-or-later
 * epistle-starter.h — the starter quote library compiled into Epistle:
 * quotations from public-domain works with their sources, which fill an
 * empty library on first start. */
#pragma once

#include "epistle-import.h"

G_BEGIN_DECLS

/* The starter quotations as an import batch (each quote carries its
 * source's CSL-JSON item).  Never fails for the compiled-in data; @error is
 * for a damaged build. */
gboolean epistle_starter_load  (EpistleImportBatch **batch,
                                GError             **error);
/* The same from any JSON text of that shape (tests). */
gboolean epistle_starter_parse (const char          *json,
                                gssize               length,
                                EpistleImportBatch **batch,
                                GError             **error);

G_END_DECLS
