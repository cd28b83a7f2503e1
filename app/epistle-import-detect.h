/* SPDX-License-Identifier: GPL-3.0-or-later
 * epistle-import-detect.h — which importer a file needs, told from its
 * first bytes rather than its name, and a whole import of one file. */
#pragma once

#include <glib.h>

#include "epistle-import.h"

G_BEGIN_DECLS

typedef enum {
  EPISTLE_IMPORT_FORMAT_UNKNOWN,
  EPISTLE_IMPORT_FORMAT_KINDLE,
  EPISTLE_IMPORT_FORMAT_CSL_JSON,
  EPISTLE_IMPORT_FORMAT_BIBTEX,
  EPISTLE_IMPORT_FORMAT_READWISE,
  EPISTLE_IMPORT_FORMAT_ZOTERO,
} EpistleImportFormat;

/* How many bytes of a file detection looks at. */
#define EPISTLE_IMPORT_DETECT_HEAD_SIZE (64 * 1024)

/* From the file's first bytes (up to EPISTLE_IMPORT_DETECT_HEAD_SIZE; a
 * UTF-8 BOM allowed; the last line may be cut), not its name: @filename
 * (may be NULL) only breaks ties, when the content fits more than one
 * format. */
EpistleImportFormat epistle_import_detect_format       (const guint8        *head,
                                                        gsize                length,
                                                        const char          *filename);
/* The CLI's name of a format: "kindle", "csl-json", "bibtex", "readwise",
 * "zotero" ("unknown" for UNKNOWN). */
const char         *epistle_import_format_to_string    (EpistleImportFormat  format);
/* Its name for people: "Kindle clippings", "BibTeX"… (translated). */
const char         *epistle_import_format_display_name (EpistleImportFormat  format);

/* Reads @path, detects its format, parses it (Zotero through its path)
 * into @batch.  FALSE and a G_IO_ERROR that names the file ("“x.pdf” is
 * not a file Epistle can import: …") when it cannot be read, is not in
 * a format Epistle knows, or holds nothing importable; @format_out (may
 * be NULL) is then what was detected (UNKNOWN if nothing).  Blocks: call
 * it from a worker. */
gboolean            epistle_import_file                (const char          *path,
                                                        EpistleImportFormat *format_out,
                                                        EpistleImportBatch **batch,
                                                        GError             **error);

G_END_DECLS
