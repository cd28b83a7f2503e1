/* SPDX-License-Identifier: GPL-3.0-or-later
 * epistle-history.h — every saved draft of a document kept as a version in
 * git, through libgit2, in a repository any git tool can read.
 *
 * Where the versions live: when the document is inside a git work tree,
 * that repository (only the document's own path, and its ".words" file
 * when there is one, is ever committed; the user's other changes, index
 * entries and branches stay as they were; commits go on the current
 * branch).  Otherwise a bare repository kept for the document under
 * $XDG_DATA_HOME/epistle/history/, found again from the document's path.
 *
 * One EpistleHistory may be used from any thread; calls are serialized.
 * Versions are the document's commits along the first-parent chain of
 * HEAD, newest first, following the file across renames. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define EPISTLE_HISTORY_ERROR (epistle_history_error_quark ())

typedef enum {
  EPISTLE_HISTORY_ERROR_FAILED,
  EPISTLE_HISTORY_ERROR_UNAVAILABLE,  /* no place to keep versions (and why)    */
  EPISTLE_HISTORY_ERROR_BARE,         /* the document is inside a bare repository */
  EPISTLE_HISTORY_ERROR_DETACHED,     /* HEAD is not on a branch               */
  EPISTLE_HISTORY_ERROR_UNBORN,       /* the branch has no commit yet          */
  EPISTLE_HISTORY_ERROR_LOCKED,       /* index.lock or a ref lock stayed       */
  EPISTLE_HISTORY_ERROR_NOT_FOUND,    /* no such version                       */
  EPISTLE_HISTORY_ERROR_CORRUPT,      /* an object is missing or damaged       */
  EPISTLE_HISTORY_ERROR_NO_SPACE,     /* the disk is full                      */
  EPISTLE_HISTORY_ERROR_DIVERGED,     /* sync: both sides have new versions    */
  EPISTLE_HISTORY_ERROR_NETWORK,      /* sync: the server could not be reached */
} EpistleHistoryError;

typedef enum {
  EPISTLE_HISTORY_MANAGED,            /* Epistle's own store                  */
  EPISTLE_HISTORY_REPOSITORY,         /* the user's git work tree              */
} EpistleHistoryKind;

typedef struct _EpistleHistory EpistleHistory;

typedef struct {
  char    *id;           /* the commit, 40 hex digits                          */
  gint64   time;         /* commit time, Unix seconds                          */
  char    *summary;      /* the message's first line                           */
  char    *message;      /* the whole message without Epistle's trailer        */
  char    *author;
  char    *path;         /* the document's path in the repository then        */
  gint64   words;        /* -1 when the version's text cannot be read          */
  gint64   word_delta;   /* against the version before (the first: its words)  */
  char   **milestones;   /* names of the milestones on it, NULL-terminated     */
} EpistleVersion;

void            epistle_version_free (EpistleVersion *version);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EpistleVersion, epistle_version_free)

GQuark          epistle_history_error_quark (void);

/* The history of the document at @document_path (which need not exist
 * yet).  @store_dir is where managed repositories go (NULL: the default
 * under $XDG_DATA_HOME).  The managed repository is created at the first
 * snapshot, not here.  Errors: BARE, UNAVAILABLE. */
EpistleHistory *epistle_history_open   (const char      *document_path,
                                        const char      *store_dir,
                                        GError         **error);
/* Drops a reference (the last one closes the repository). */
void            epistle_history_free   (EpistleHistory  *self);
EpistleHistory *epistle_history_ref    (EpistleHistory  *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EpistleHistory, epistle_history_free)

EpistleHistoryKind epistle_history_get_kind (EpistleHistory *self);
/* The repository's folder (the .git folder or the managed bare repo). */
char           *epistle_history_dup_repository_path (EpistleHistory *self);
/* The document's path inside the repository ("letters/ruge.md"). */
char           *epistle_history_dup_path_in_repository (EpistleHistory *self);

/* Where the managed repository for @document_path is kept. */
char           *epistle_history_managed_path (const char *document_path,
                                              const char *store_dir);

/* Commits the document as it is on disk.  @message NULL: "Saved — 4,812
 * words, +152".  @milestone (may be NULL) names the version (an annotated
 * tag), also when nothing changed.  No commit when the text is the same
 * as the last version's: *@out_version is then NULL (both out arguments
 * may be NULL).  The author is git's user.name/user.email, else
 * @fallback_name/@fallback_email (may be NULL), else the user's real name. */
gboolean        epistle_history_snapshot (EpistleHistory  *self,
                                          const char      *message,
                                          const char      *milestone,
                                          const char      *fallback_name,
                                          const char      *fallback_email,
                                          EpistleVersion **out_version,
                                          GError         **error);

/* Up to @max versions, newest first, starting after the version @after
 * (NULL: from the newest).  An empty array at the end of the history. */
GPtrArray      *epistle_history_log     (EpistleHistory  *self,
                                         const char      *after,
                                         guint            max,
                                         GError         **error);

/* One version: @rev is a commit id (or any git revision, "HEAD~2", a
 * milestone).  Errors NOT_FOUND, CORRUPT. */
EpistleVersion *epistle_history_lookup  (EpistleHistory  *self,
                                         const char      *rev,
                                         GError         **error);

/* The document's bytes as they were in that version. */
GBytes         *epistle_history_read    (EpistleHistory  *self,
                                         const char      *rev,
                                         GError         **error);

/* Names the version @rev (NULL: the newest) a milestone. */
gboolean        epistle_history_add_milestone (EpistleHistory *self,
                                               const char     *rev,
                                               const char     *name,
                                               GError        **error);

/* Writes the version @rev's text over the document (atomically) and
 * records it as a new version ("Restored the version of 3 May, 14:02");
 * nothing earlier is rewritten. */
gboolean        epistle_history_restore (EpistleHistory  *self,
                                         const char      *rev,
                                         EpistleVersion **out_version,
                                         GError         **error);

/* The document was saved as @new_document_path: a managed history moves
 * along with it (the next version records the rename); in a repository
 * the history follows the new path. */
gboolean        epistle_history_rename  (EpistleHistory  *self,
                                         const char      *new_document_path,
                                         GError         **error);

/* Managed history only: makes the document's folder a git work tree with
 * the versions so far on its "main" branch, and uses it from now on. */
gboolean        epistle_history_track_in_folder (EpistleHistory *self,
                                                 GError        **error);

/* Packs the versions with deltas (libgit2's pack builder) and drops the
 * loose copies: in Epistle's store everything into one pack, as `git gc`
 * would; in the writer's repository the loose objects only, into a pack
 * of their own, as `git repack -d` would (nothing else is touched).  Does
 * nothing while fewer than @min_loose objects are loose. */
gboolean        epistle_history_repack  (EpistleHistory  *self,
                                         guint            min_loose,
                                         GError         **error);

typedef enum {
  EPISTLE_SYNC_UP_TO_DATE,
  EPISTLE_SYNC_PUSHED,                /* the server had fewer versions        */
  EPISTLE_SYNC_PULLED,                /* the server had more: the document was updated */
} EpistleSyncResult;

/* The server of the last sync ("origin"), or NULL. */
char           *epistle_history_dup_remote_url (EpistleHistory *self);

/* Exchanges versions with the git server at @remote_url (NULL: the one
 * used last time, "origin").  Fast-forwards only: when both sides have new
 * versions, DIVERGED and nothing changes.  Pulling rewrites the document
 * only when it has no changes since its last version. */
gboolean        epistle_history_sync    (EpistleHistory    *self,
                                         const char        *remote_url,
                                         EpistleSyncResult *out_result,
                                         GError           **error);

G_END_DECLS
