/* SPDX-License-Identifier: GPL-3.0-or-later
 * epistle-library-transfer.h — importing files into the quote library and
 * exporting it, from the window: file choosers, a worker, and the report. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef void (*EpistleLibraryTransferDone) (gboolean changed,
                                            gpointer user_data);

/* Asks for a file (unless @file is given), tells its format from its
 * contents, imports it off the main thread into the library at
 * @library_path (through a connection of its own), and shows what came
 * in, what was there already and what was skipped in an alert on
 * @parent's window; a file that cannot be imported gets an alert with the
 * reason and nothing is imported.  Then calls @done (may be NULL) on the
 * main thread, exactly once, cancelled or not, with whether the library
 * changed. */
void epistle_library_transfer_import (GtkWidget                  *parent,
                                      const char                 *library_path,
                                      GFile                      *file,
                                      EpistleLibraryTransferDone  done,
                                      gpointer                    user_data);

typedef enum {
  EPISTLE_LIBRARY_EXPORT_CSL_JSON,   /* the sources, as a .json file */
  EPISTLE_LIBRARY_EXPORT_MARKDOWN,   /* the quotations, as a .md file */
} EpistleLibraryExportFormat;

/* Asks where to save (unless @file is given), exports the library at
 * @library_path off the main thread and replaces the file atomically.
 * Errors go to an alert; success to a toast on the nearest
 * AdwToastOverlay of @parent's window, if there is one. */
void epistle_library_transfer_export (GtkWidget                  *parent,
                                      const char                 *library_path,
                                      EpistleLibraryExportFormat  format,
                                      GFile                      *file);

G_END_DECLS
