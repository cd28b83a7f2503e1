/* SPDX-License-Identifier: GPL-3.0-or-later
 * epistle-library-pane.h — the quote library in the sidebar: search as you
 * type, filters by author and tag, results read lazily from SQLite; a
 * quote goes into the letter with Enter, a double click or a drag. */
#pragma once

#include <adwaita.h>

#include "epistle-library-model.h"

G_BEGIN_DECLS

#define EPISTLE_TYPE_LIBRARY_PANE (epistle_library_pane_get_type ())
G_DECLARE_FINAL_TYPE (EpistleLibraryPane, epistle_library_pane, EPISTLE, LIBRARY_PANE, AdwBin)

/* The results; the library is opened with the first search, which starts
 * with epistle_library_pane_start() — the window calls it when the pane is
 * shown (a split view maps its hidden sidebar too). */
EpistleLibraryModel *epistle_library_pane_get_model       (EpistleLibraryPane *self);
void                 epistle_library_pane_start           (EpistleLibraryPane *self);
/* Searches the library again (it changed). */
void                 epistle_library_pane_refresh         (EpistleLibraryPane *self);
/* Puts the keyboard in the search entry, its text selected. */
void                 epistle_library_pane_focus_search    (EpistleLibraryPane *self);
void                 epistle_library_pane_set_query       (EpistleLibraryPane *self,
                                                           const char         *query);
/* Filters (NULL: none). */
void                 epistle_library_pane_set_author      (EpistleLibraryPane *self,
                                                           const char         *author);
void                 epistle_library_pane_set_tag         (EpistleLibraryPane *self,
                                                           const char         *tag);
/* The selected quote's id, 0 when none is selected (or it is loading). */
gint64               epistle_library_pane_get_selected_id (EpistleLibraryPane *self);
/* "Luxemburg", "Marx and Engels", "Marx et al." from "Marx, Karl; Engels, …". */
char                *epistle_library_pane_short_authors   (const char         *authors);

G_END_DECLS
