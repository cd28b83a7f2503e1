/* SPDX-License-Identifier: GPL-3.0-or-later
 * epistle-quote-dialog.h — the dialog that adds a selection to the quote
 * library or edits a quotation: its text, source, locator, tags and note. */
#pragma once

#include <adwaita.h>

#include "epistle-library.h"

G_BEGIN_DECLS

#define EPISTLE_TYPE_QUOTE_DIALOG (epistle_quote_dialog_get_type ())
G_DECLARE_FINAL_TYPE (EpistleQuoteDialog, epistle_quote_dialog, EPISTLE, QUOTE_DIALOG, AdwDialog)

/* Add: @text is the selected text (may be NULL/empty: the user types it).
 * @library is borrowed and must outlive the dialog. */
EpistleQuoteDialog *epistle_quote_dialog_new_add  (EpistleLibrary *library,
                                                   const char     *text);
/* Edit quote @quote_id (its text, note, locator, tags and source); NULL and
 * @error when it cannot be read. */
EpistleQuoteDialog *epistle_quote_dialog_new_edit (EpistleLibrary *library,
                                                   gint64          quote_id,
                                                   GError        **error);

/* Signal "saved" (gint64 quote_id): emitted after the quote was written;
 * then the dialog closes.  A library error leaves it open, its message
 * shown above the fields and everything typed kept. */

G_END_DECLS
