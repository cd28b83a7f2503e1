/* SPDX-License-Identifier: GPL-3.0-or-later
 * epistle-starter.h — the starter quote library compiled into Epistle:
 * quotations from public-domain works with their sources, which fill an
 * empty library on first start. */
#pragma once

#include "epistle-import.h"
#include "epistle-library.h"

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

/* Opens the library at @path (NULL: the default) as epistle_library_open()
 * does; when that created it — the first start, or a damaged file moved
 * aside — fills it with the starter quotations.  A library the user has
 * emptied stays empty. */
EpistleLibrary *epistle_starter_open_library (const char  *path,
                                              guint        busy_timeout_ms,
                                              char       **moved_aside,
                                              GError     **error);

G_END_DECLS
