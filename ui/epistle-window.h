/* SPDX-License-Identifier: GPL-3.0-or-later
 * epistle-window.h — one window per document: header bar, editor, panes,
 * status area, banners; every command is a window action. */
#pragma once

#include <adwaita.h>

#include "epistle-document.h"
#include "epistle-history-pane.h"
#include "epistle-library-pane.h"
#include "epistle-outline-pane.h"
#include "epistle-spell-adapter.h"
#include "epistle-version-view.h"
#include "epistle-view.h"

G_BEGIN_DECLS

#define EPISTLE_TYPE_WINDOW (epistle_window_get_type ())
G_DECLARE_FINAL_TYPE (EpistleWindow, epistle_window, EPISTLE, WINDOW, AdwApplicationWindow)

EpistleWindow   *epistle_window_new            (GtkApplication *application);
EpistleDocument *epistle_window_get_document   (EpistleWindow  *self);
EpistleView     *epistle_window_get_view       (EpistleWindow  *self);

/* Opens @file in this window (asynchronously). */
void             epistle_window_load_file      (EpistleWindow  *self,
                                                GFile          *file);
/* Shows the window once its document's first page is in, so that its
 * first frame holds text: at once when it is shown already or nothing is
 * loading, when the load ends (an empty file, a failure), and after a
 * short wait whatever happens (a slow disk). */
void             epistle_window_present_when_loaded (EpistleWindow *self);
/* Starts a new letter from the template. */
void             epistle_window_new_letter     (EpistleWindow  *self);
/* Restores a crashed session's document: @file may be NULL (untitled);
 * @draft_text, when non-NULL, replaces the file's text as unsaved work. */
void             epistle_window_recover        (EpistleWindow  *self,
                                                GFile          *file,
                                                const char     *draft_id,
                                                const char     *draft_text,
                                                gint64          cursor);
gint64           epistle_window_get_cursor_offset (EpistleWindow *self);
/* TRUE for a window nobody has typed in yet (reused by Open). */
gboolean         epistle_window_is_pristine    (EpistleWindow  *self);

/* For tests: the banner's current text ("" when hidden), the statistics
 * line, and whether a save/load is pending. */
const char      *epistle_window_get_banner_text (EpistleWindow *self);
const char      *epistle_window_get_stats_text  (EpistleWindow *self);

/* Shows a short message over the document. */
void             epistle_window_show_toast      (EpistleWindow *self,
                                                 const char    *message);
/* Spelling for the document in this window. */
EpistleSpellAdapter *epistle_window_get_spell_adapter (EpistleWindow *self);
EpistleOutlinePane  *epistle_window_get_outline_pane  (EpistleWindow *self);
EpistleLibraryPane  *epistle_window_get_library_pane  (EpistleWindow *self);
/* Version history: the History page, the comparison in place of the
 * editor, the document's history (NULL until opened), and the git
 * operations still running in workers (for tests). */
EpistleHistoryPane  *epistle_window_get_history_pane  (EpistleWindow *self);
EpistleVersionView  *epistle_window_get_version_view  (EpistleWindow *self);
EpistleHistory      *epistle_window_get_history       (EpistleWindow *self);
guint                epistle_window_get_history_jobs  (EpistleWindow *self);

/* Library quote @quote_id as this document takes it: in @style ("block",
 * "inline", "pandoc", "footnote"; "auto" or NULL: the preference), plain
 * text in a .txt document, the next free footnote number. */
char                *epistle_window_format_quote      (EpistleWindow *self,
                                                       gint64         quote_id,
                                                       const char    *style,
                                                       GError       **error);
/* Tells the user that the damaged quote library was moved to
 * @moved_aside and a new one started. */
void                 epistle_window_tell_library_moved_aside (EpistleWindow *self,
                                                              const char    *moved_aside);
/* Inserts it at the cursor (over the selection), a block form as a
 * paragraph of its own, as one undo step, the cursor after it; records
 * the use in the library. */
gboolean             epistle_window_insert_quote      (EpistleWindow *self,
                                                       gint64         quote_id,
                                                       const char    *style,
                                                       GError       **error);

G_END_DECLS
