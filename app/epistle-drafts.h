/* SPDX-License-Identifier: GPL-3.0-or-later
 * epistle-drafts.h — the draft store: unsaved text of each modified document,
 * written a few seconds after the last change, never to the user's file. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define EPISTLE_TYPE_DRAFT_STORE (epistle_draft_store_get_type ())
G_DECLARE_FINAL_TYPE (EpistleDraftStore, epistle_draft_store, EPISTLE, DRAFT_STORE, GObject)

/* A draft: DIR/ID.txt holds the text (UTF-8), DIR/ID.ini its metadata. */
typedef struct {
  char   *id;
  char   *uri;           /* the document's file, NULL for untitled        */
  char   *title;         /* display name at the time of writing           */
  gint64  modified;      /* g_get_real_time() when written                */
  gint64  cursor;        /* character offset of the insert mark           */
} EpistleDraftInfo;

void               epistle_draft_info_free  (EpistleDraftInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EpistleDraftInfo, epistle_draft_info_free)

/* @directory defaults to $XDG_DATA_HOME/epistle/drafts when NULL. */
EpistleDraftStore *epistle_draft_store_new       (const char        *directory);
const char        *epistle_draft_store_get_directory (EpistleDraftStore *self);
char              *epistle_draft_store_new_id    (EpistleDraftStore *self);

/* Atomic writes of text then metadata; thread-safe.  @id must be a plain
 * name ([A-Za-z0-9_-], at most 64 bytes), as epistle_draft_store_new_id()
 * makes (a random UUID). */
gboolean           epistle_draft_store_save      (EpistleDraftStore *self,
                                                  const char        *id,
                                                  const char        *text,
                                                  gssize             length,
                                                  const char        *uri,
                                                  const char        *title,
                                                  gint64             cursor,
                                                  GError           **error);
void               epistle_draft_store_save_async  (EpistleDraftStore  *self,
                                                    const char         *id,
                                                    GBytes             *text,
                                                    const char         *uri,
                                                    const char         *title,
                                                    gint64              cursor,
                                                    GCancellable       *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer            user_data);
gboolean           epistle_draft_store_save_finish (EpistleDraftStore  *self,
                                                    GAsyncResult       *result,
                                                    GError            **error);

/* Returns the text (and, when @info is non-NULL, its metadata).  Errors are
 * G_IO_ERROR: NOT_FOUND when there is no such draft, INVALID_ARGUMENT for a
 * malformed id.  When only the metadata is missing or damaged the text is
 * still returned, with an @info holding just the id and the file's time. */
char              *epistle_draft_store_load      (EpistleDraftStore *self,
                                                  const char        *id,
                                                  EpistleDraftInfo **info,
                                                  GError           **error);
/* Removing a draft that is not there succeeds. */
gboolean           epistle_draft_store_remove    (EpistleDraftStore *self,
                                                  const char        *id,
                                                  GError           **error);
/* Every draft in the store, as EpistleDraftInfo, newest first.  Drafts whose
 * text is missing or whose metadata is missing or damaged are skipped. */
GPtrArray         *epistle_draft_store_list      (EpistleDraftStore *self);

/* Removes drafts whose id is not in @keep and that are older than
 * @min_age_seconds (and stray temporary files as old).  A draft's age runs
 * from the newest of its metadata time and its files' mtimes.  Returns how
 * many drafts went (temporary files are not counted); a draft that cannot
 * be removed sets @error but does not stop the others. */
guint              epistle_draft_store_collect   (EpistleDraftStore  *self,
                                                  const char * const *keep,
                                                  gint64              min_age_seconds,
                                                  GError            **error);
void               epistle_draft_store_collect_async  (EpistleDraftStore  *self,
                                                       const char * const *keep,
                                                       gint64              min_age_seconds,
                                                       GCancellable       *cancellable,
                                                       GAsyncReadyCallback callback,
                                                       gpointer            user_data);
guint              epistle_draft_store_collect_finish (EpistleDraftStore *self,
                                                       GAsyncResult      *result,
                                                       GError           **error);

G_END_DECLS
