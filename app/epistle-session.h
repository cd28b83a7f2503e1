/* SPDX-License-Identifier: GPL-3.0-or-later
 * epistle-session.h — the session file: which documents are open, their
 * drafts and cursor positions, and whether the last run shut down cleanly. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  char    *uri;          /* NULL for an untitled document          */
  char    *draft_id;     /* NULL when the document has no draft    */
  gint64   cursor;       /* character offset                       */
  gboolean modified;     /* unsaved changes live in the draft      */
} EpistleSessionEntry;

typedef struct _EpistleSession EpistleSession;

/* @path defaults to $XDG_STATE_HOME/epistle/session.ini when NULL. */
EpistleSession *epistle_session_new           (const char     *path);
void            epistle_session_free          (EpistleSession *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EpistleSession, epistle_session_free)

const char     *epistle_session_get_path      (EpistleSession *self);

/* Reads the file; a missing file is an empty, clean session. A corrupt
 * file is treated as empty (and reported through @error).  */
gboolean        epistle_session_load          (EpistleSession *self,
                                               GError        **error);
/* Atomic write. */
gboolean        epistle_session_save          (EpistleSession *self,
                                               GError        **error);

/* TRUE when the last writer set the clean-shutdown flag.  */
/* The same, with the file written in a worker thread.  The session's state
 * is captured when this is called.  Callers that save often should wait
 * for one write to finish before starting the next, so that writes land
 * in order. */
void            epistle_session_save_async    (EpistleSession     *self,
                                               GCancellable       *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer            user_data);
gboolean        epistle_session_save_finish   (GAsyncResult       *result,
                                               GError            **error);

gboolean        epistle_session_get_clean     (EpistleSession *self);
void            epistle_session_set_clean     (EpistleSession *self,
                                               gboolean        clean);

/* The entries, in window order.  The session owns them. */
GPtrArray      *epistle_session_get_entries   (EpistleSession *self);
void            epistle_session_clear_entries (EpistleSession *self);
void            epistle_session_add_entry     (EpistleSession *self,
                                               const char     *uri,
                                               const char     *draft_id,
                                               gint64          cursor,
                                               gboolean        modified);

G_END_DECLS
