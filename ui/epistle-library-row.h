/* SPDX-License-Identifier: GPL-3.0-or-later
 * epistle-library-row.h — one row of the quote library's list, drawn as
 * three Pango layouts laid out only when shown. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define EPISTLE_TYPE_LIBRARY_ROW (epistle_library_row_get_type ())
G_DECLARE_FINAL_TYPE (EpistleLibraryRow, epistle_library_row, EPISTLE, LIBRARY_ROW, GtkWidget)

GtkWidget  *epistle_library_row_new        (void);
/* @quote_markup: Pango markup (the searched words in <b>); @source and
 * @tags: plain text, one line each; @accessible_text: what a screen reader
 * says for the row. */
void        epistle_library_row_set        (EpistleLibraryRow *self,
                                            const char        *quote_markup,
                                            const char        *source,
                                            const char        *tags,
                                            const char        *accessible_text);
const char *epistle_library_row_get_source (EpistleLibraryRow *self);

G_END_DECLS
