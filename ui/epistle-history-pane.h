/* SPDX-License-Identifier: GPL-3.0-or-later
 * epistle-history-pane.h — the History page of the right sidebar: the
 * document's versions newest first (relative time, message, word delta,
 * milestones), read a page at a time in a worker as the list scrolls. */
#pragma once

#include <adwaita.h>

#include "epistle-history.h"

G_BEGIN_DECLS

#define EPISTLE_TYPE_VERSION_ITEM (epistle_version_item_get_type ())
G_DECLARE_FINAL_TYPE (EpistleVersionItem, epistle_version_item, EPISTLE, VERSION_ITEM, GObject)

const EpistleVersion *epistle_version_item_get_version (EpistleVersionItem *self);

#define EPISTLE_TYPE_HISTORY_PANE (epistle_history_pane_get_type ())
G_DECLARE_FINAL_TYPE (EpistleHistoryPane, epistle_history_pane, EPISTLE, HISTORY_PANE, AdwBin)

/* The history to list (NULL: none, with @unavailable saying why, or NULL
 * for a document not saved yet).  @where describes the repository. */
void        epistle_history_pane_set_history  (EpistleHistoryPane *self,
                                               EpistleHistory     *history,
                                               const char         *where,
                                               const char         *unavailable);
/* Why there is no history to show (NULL: there is, or not saved yet). */
const char *epistle_history_pane_get_unavailable (EpistleHistoryPane *self);
/* Reads the first page again (after a new version). */
void        epistle_history_pane_reload       (EpistleHistoryPane *self);
/* The versions read so far: EpistleVersionItem, newest first. */
GListModel *epistle_history_pane_get_versions (EpistleHistoryPane *self);
/* TRUE while a page is being read. */
gboolean    epistle_history_pane_get_loading  (EpistleHistoryPane *self);
/* The version marked for a comparison (NULL: none). */
const char *epistle_history_pane_get_marked   (EpistleHistoryPane *self);
void        epistle_history_pane_set_marked   (EpistleHistoryPane *self,
                                               const char         *id);
/* The version shown in the window, highlighted in the list. */
void        epistle_history_pane_set_shown    (EpistleHistoryPane *self,
                                               const char         *id);
void        epistle_history_pane_focus        (EpistleHistoryPane *self);
/* Scrolls the list to its end (more versions are then read). */
void        epistle_history_pane_scroll_to_end (EpistleHistoryPane *self);

/* "3 hours ago", "Yesterday, 09:15", "3 May, 14:02", "3 May 2025". */
char       *epistle_history_format_time       (gint64              unix_time,
                                               gint64              now);

G_END_DECLS
