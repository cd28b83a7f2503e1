/* SPDX-License-Identifier: GPL-3.0-or-later
 * epistle-history.c — versions of a document in git through libgit2.  See
 * the header for where they live; the walk that finds a document's
 * versions is the same for both places: along HEAD's first parents, a
 * commit is a version when the document's blob differs from its parent's,
 * and a parent without the path is searched for the file it was renamed
 * from. */
#include "config.h"

#include "epistle-history.h"

#include <errno.h>
#include <git2.h>
#include <git2/sys/odb_backend.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "epistle-atomic.h"
#include "epistle-encoding.h"
#include "epistle-text.h"
#include "epistle-word-list.h"

#define WORDS_TRAILER "Epistle-Words: "
/* A lock left by another git is waited for this long before giving up. */
#define LOCK_RETRIES 20
#define LOCK_RETRY_USEC (100 * 1000)

struct _EpistleHistory {
  gatomicrefcount     ref_count;
  GMutex              mutex;
  int                 kind;            /* EpistleHistoryKind, atomic */
  char               *document_path;   /* absolute, symlinks in folders resolved */
  char               *store_dir;
  char               *repo_path;       /* managed: where the bare repository goes */
  char               *path;            /* the document's path in the repository   */
  git_repository     *repo;            /* NULL until a managed one is created     */
  GHashTable         *paths;           /* commit id → path, from walks (cache)    */
};

G_DEFINE_QUARK (epistle-history-error-quark, epistle_history_error)

static gpointer
init_libgit2 (gpointer data)
{
  (void) data;
  git_libgit2_init ();
  return NULL;
}

static void
ensure_libgit2 (void)
{
  static GOnce once = G_ONCE_INIT;
  g_once (&once, init_libgit2, NULL);
}

void
epistle_version_free (EpistleVersion *version)
{
  if (version == NULL)
    return;
  g_free (version->id);
  g_free (version->summary);
  g_free (version->message);
  g_free (version->author);
  g_free (version->path);
  g_strfreev (version->milestones);
  g_free (version);
}

/* ---- errors ------------------------------------------------------------ */

static int
code_for_git_error (int status)
{
  const git_error *e = git_error_last ();

  if (status == GIT_ELOCKED)
    return EPISTLE_HISTORY_ERROR_LOCKED;
  if (status == GIT_ENOTFOUND)
    return EPISTLE_HISTORY_ERROR_NOT_FOUND;
  if (e != NULL && e->message != NULL &&
      (strstr (e->message, "No space left") != NULL || strstr (e->message, "too large") != NULL))
    return EPISTLE_HISTORY_ERROR_NO_SPACE;
  if (e != NULL && (e->klass == GIT_ERROR_ZLIB || e->klass == GIT_ERROR_ODB ||
                    e->klass == GIT_ERROR_OBJECT))
    return EPISTLE_HISTORY_ERROR_CORRUPT;
  if (e != NULL && (e->klass == GIT_ERROR_NET || e->klass == GIT_ERROR_SSL ||
                    e->klass == GIT_ERROR_SSH || e->klass == GIT_ERROR_HTTP))
    return EPISTLE_HISTORY_ERROR_NETWORK;
  return EPISTLE_HISTORY_ERROR_FAILED;
}

/* Sets @error to "@what: libgit2's reason" and returns FALSE. */
static gboolean
fail_git (GError    **error,
          int         status,
          const char *what)
{
  const git_error *e = git_error_last ();
  const char *reason = e != NULL && e->message != NULL ? e->message : g_strerror (errno);
  int code = code_for_git_error (status);

  if (code == EPISTLE_HISTORY_ERROR_LOCKED)
    g_set_error (error, EPISTLE_HISTORY_ERROR, code,
                 _("%s: another program is changing the repository (a lock file stayed in place: %s)"),
                 what, reason);
  else if (code == EPISTLE_HISTORY_ERROR_NO_SPACE)
    g_set_error (error, EPISTLE_HISTORY_ERROR, code,
                 _("%s: the disk is full (%s)"), what, reason);
  else
    g_set_error (error, EPISTLE_HISTORY_ERROR, code, "%s: %s", what, reason);
  return FALSE;
}

/* ---- paths ------------------------------------------------------------- */

/* @path absolute, with the symlinks of its folder resolved (the file
 * itself may not exist yet). */
static char *
resolve_document_path (const char *path)
{
  g_autofree char *absolute = g_canonicalize_filename (path, NULL);
  g_autofree char *dir = g_path_get_dirname (absolute);
  g_autofree char *base = g_path_get_basename (absolute);
  char resolved[PATH_MAX];

  if (realpath (dir, resolved) == NULL)
    return g_steal_pointer (&absolute);
  return g_build_filename (resolved, base, NULL);
}

static char *
default_store_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "epistle", "history", NULL);
}

char *
epistle_history_managed_path (const char *document_path,
                              const char *store_dir)
{
  g_autofree char *resolved = resolve_document_path (document_path);
  g_autofree char *base = g_path_get_basename (resolved);
  g_autofree char *sum = g_compute_checksum_for_string (G_CHECKSUM_SHA256, resolved, -1);
  g_autofree char *fallback = store_dir == NULL ? default_store_dir () : NULL;
  g_autofree char *name = NULL;

  /* The name says which document it is (for people looking in the folder);
   * the hash of the whole path keeps two "letter.md" apart. */
  for (char *p = base; *p != '\0'; p++)
    if (*p == '/' || *p == '\\' || (guchar) *p < 0x20)
      *p = '_';
  sum[16] = '\0';
  name = g_strdup_printf ("%s-%s.git", base, sum);
  return g_build_filename (store_dir != NULL ? store_dir : fallback, name, NULL);
}

/* A document git ignores (in a build folder, say) is not the
 * repository's to keep: `git add` would refuse it too. */
static gboolean
is_ignored (git_repository *repo,
            const char     *path)
{
  int ignored = 0;

  return git_ignore_path_is_ignored (&ignored, repo, path) == 0 && ignored;
}

/* Looks for a git work tree around the document, or else the managed
 * repository for it.  Fills kind, repo, repo_path and path. */
static gboolean
locate (EpistleHistory *self,
        GError        **error)
{
  g_autofree char *dir = g_path_get_dirname (self->document_path);
  git_repository *repo = NULL;
  int status;

  g_clear_pointer (&self->repo, git_repository_free);
  g_clear_pointer (&self->repo_path, g_free);
  g_clear_pointer (&self->path, g_free);
  g_hash_table_remove_all (self->paths);

  status = git_repository_open_ext (&repo, dir, 0, NULL);
  if (status == 0)
    {
      const char *workdir = git_repository_workdir (repo);
      char resolved[PATH_MAX];
      gsize len;

      if (git_repository_is_bare (repo) || workdir == NULL)
        {
          g_set_error (error, EPISTLE_HISTORY_ERROR, EPISTLE_HISTORY_ERROR_BARE,
                       _("The document is inside the bare git repository “%s”, which has no files to commit from"),
                       git_repository_path (repo));
          git_repository_free (repo);
          return FALSE;
        }
      if (realpath (workdir, resolved) == NULL)
        g_strlcpy (resolved, workdir, sizeof resolved);
      len = strlen (resolved);
      while (len > 1 && resolved[len - 1] == '/')
        resolved[--len] = '\0';
      if (g_str_has_prefix (self->document_path, resolved) &&
          self->document_path[len] == '/' &&
          !is_ignored (repo, self->document_path + len + 1))
        {
          g_atomic_int_set (&self->kind, EPISTLE_HISTORY_REPOSITORY);
          self->repo = repo;
          self->repo_path = g_strdup (git_repository_path (repo));
          self->path = g_strdup (self->document_path + len + 1);
          return TRUE;
        }
      git_repository_free (repo);
    }

  g_atomic_int_set (&self->kind, EPISTLE_HISTORY_MANAGED);
  self->repo_path = epistle_history_managed_path (self->document_path, self->store_dir);
  self->path = g_path_get_basename (self->document_path);
  if (g_file_test (self->repo_path, G_FILE_TEST_IS_DIR))
    {
      status = git_repository_open_bare (&self->repo, self->repo_path);
      if (status != 0)
        {
          g_autofree char *what = g_strdup_printf (_("The history in “%s” cannot be opened"),
                                                   self->repo_path);
          return fail_git (error, status, what);
        }
    }
  return TRUE;
}

EpistleHistory *
epistle_history_open (const char  *document_path,
                      const char  *store_dir,
                      GError     **error)
{
  g_autoptr(EpistleHistory) self = NULL;

  g_return_val_if_fail (document_path != NULL, NULL);
  ensure_libgit2 ();

  self = g_new0 (EpistleHistory, 1);
  g_atomic_ref_count_init (&self->ref_count);
  g_mutex_init (&self->mutex);
  self->document_path = resolve_document_path (document_path);
  self->store_dir = store_dir != NULL ? g_strdup (store_dir) : default_store_dir ();
  self->paths = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (!locate (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

EpistleHistory *
epistle_history_ref (EpistleHistory *self)
{
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
epistle_history_free (EpistleHistory *self)
{
  if (self == NULL || !g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_clear_pointer (&self->repo, git_repository_free);
  g_free (self->document_path);
  g_free (self->store_dir);
  g_free (self->repo_path);
  g_free (self->path);
  g_hash_table_unref (self->paths);
  g_mutex_clear (&self->mutex);
  g_free (self);
}

EpistleHistoryKind
epistle_history_get_kind (EpistleHistory *self)
{
  /* Read without the lock: the window asks while a long job runs. */
  return (EpistleHistoryKind) g_atomic_int_get (&self->kind);
}

char *
epistle_history_dup_repository_path (EpistleHistory *self)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->mutex);
  return g_strdup (self->repo_path);
}

char *
epistle_history_dup_path_in_repository (EpistleHistory *self)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->mutex);
  return g_strdup (self->path);
}

/* ---- reading versions -------------------------------------------------- */

static gint64
count_words (const char *data,
             gsize       length)
{
  g_autofree char *text = NULL;
  EpistleTextFormat format;
  EpistleTextStats stats;
  gsize text_length = 0;

  text = epistle_decode ((const guint8 *) data, length, &format, &text_length, NULL);
  if (text == NULL)
    return -1;
  epistle_text_format_clear (&format);
  epistle_text_stats_compute (text, text_length, &stats);
  return (gint64) stats.words;
}

/* Counting in a thread of its own, for texts long enough to be worth it. */
#define COUNT_IN_THREAD_BYTES (256 * 1024)

typedef struct {
  const char *data;
  gsize       length;
  gint64      words;
  GThread    *thread;
} WordCount;

static gpointer
count_thread (gpointer data)
{
  WordCount *count = data;
  count->words = count_words (count->data, count->length);
  return NULL;
}

static WordCount *
count_words_start (const char *data,
                   gsize       length)
{
  WordCount *count = g_new0 (WordCount, 1);

  count->data = data;
  count->length = length;
  if (length >= COUNT_IN_THREAD_BYTES)
    count->thread = g_thread_try_new ("epistle-count", count_thread, count, NULL);
  if (count->thread == NULL)
    count_thread (count);
  return count;
}

static gint64
count_words_finish (WordCount *count)
{
  gint64 words;

  if (count->thread != NULL)
    g_thread_join (count->thread);
  words = count->words;
  g_free (count);
  return words;
}

/* The word count Epistle wrote into the message, or -1. */
static gint64
trailer_words (const char *message)
{
  const char *t = message != NULL ? strstr (message, "\n" WORDS_TRAILER) : NULL;

  if (t == NULL)
    return -1;
  return g_ascii_strtoll (t + 1 + strlen (WORDS_TRAILER), NULL, 10);
}

/* The message as people wrote it: without Epistle's trailer. */
static char *
message_without_trailer (const char *message)
{
  const char *t = strstr (message, "\n" WORDS_TRAILER);
  g_autofree char *copy = g_strndup (message, t != NULL ? (gsize) (t - message) : strlen (message));

  return g_strdup (g_strchomp (copy));
}

/* The blob id of @path in @commit's tree; FALSE when there is none. */
static gboolean
blob_at (git_commit *commit,
         const char *path,
         git_oid    *out)
{
  git_tree *tree = NULL;
  git_tree_entry *entry = NULL;
  gboolean found = FALSE;

  if (git_commit_tree (&tree, commit) != 0)
    return FALSE;
  if (git_tree_entry_bypath (&entry, tree, path) == 0)
    {
      if (git_tree_entry_type (entry) == GIT_OBJECT_BLOB)
        {
          git_oid_cpy (out, git_tree_entry_id (entry));
          found = TRUE;
        }
      git_tree_entry_free (entry);
    }
  git_tree_free (tree);
  return found;
}

/* The path @path had in @parent when @commit renamed it, or NULL. */
static char *
renamed_from (git_repository *repo,
              git_commit     *parent,
              git_commit     *commit,
              const char     *path)
{
  git_tree *old_tree = NULL, *new_tree = NULL;
  git_diff *diff = NULL;
  git_diff_find_options find = GIT_DIFF_FIND_OPTIONS_INIT;
  char *result = NULL;

  find.flags = GIT_DIFF_FIND_RENAMES;
  if (git_commit_tree (&old_tree, parent) == 0 &&
      git_commit_tree (&new_tree, commit) == 0 &&
      git_diff_tree_to_tree (&diff, repo, old_tree, new_tree, NULL) == 0 &&
      git_diff_find_similar (diff, &find) == 0)
    {
      for (size_t i = 0; i < git_diff_num_deltas (diff); i++)
        {
          const git_diff_delta *delta = git_diff_get_delta (diff, i);
          if (delta->status == GIT_DELTA_RENAMED &&
              g_strcmp0 (delta->new_file.path, path) == 0)
            {
              result = g_strdup (delta->old_file.path);
              break;
            }
        }
    }
  git_diff_free (diff);
  git_tree_free (old_tree);
  git_tree_free (new_tree);
  return result;
}

typedef struct {
  git_repository *repo;
  GHashTable     *by_commit;   /* commit hex → GPtrArray of names */
} MilestoneScan;

static int
scan_tag (const char *name,
          git_oid    *oid,
          void       *data)
{
  MilestoneScan *scan = data;
  git_object *object = NULL, *target = NULL;
  g_autofree char *label = NULL;
  char hex[GIT_OID_SHA1_HEXSIZE + 1];
  GPtrArray *names;

  if (git_object_lookup (&object, scan->repo, oid, GIT_OBJECT_ANY) != 0)
    return 0;
  if (git_object_type (object) == GIT_OBJECT_TAG)
    {
      const char *message = git_tag_message ((git_tag *) object);
      if (message != NULL && *message != '\0')
        label = g_strndup (message, strcspn (message, "\n"));
    }
  if (label == NULL)
    label = g_strdup (g_str_has_prefix (name, "refs/tags/") ? name + strlen ("refs/tags/") : name);
  if (git_object_peel (&target, object, GIT_OBJECT_COMMIT) == 0)
    {
      git_oid_tostr (hex, sizeof hex, git_object_id (target));
      names = g_hash_table_lookup (scan->by_commit, hex);
      if (names == NULL)
        {
          names = g_ptr_array_new_with_free_func (g_free);
          g_hash_table_insert (scan->by_commit, g_strdup (hex), names);
        }
      g_ptr_array_add (names, g_steal_pointer (&label));
      git_object_free (target);
    }
  git_object_free (object);
  return 0;
}

static GHashTable *
scan_milestones (git_repository *repo)
{
  MilestoneScan scan = {
    repo,
    g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref),
  };

  git_tag_foreach (repo, scan_tag, &scan);
  return scan.by_commit;
}

static EpistleVersion *
version_new (git_repository *repo,
             git_commit     *commit,
             const char     *path,
             const git_oid  *blob_id,
             GHashTable     *milestones)
{
  EpistleVersion *version = g_new0 (EpistleVersion, 1);
  const char *message = git_commit_message (commit);
  const git_signature *author = git_commit_author (commit);
  char hex[GIT_OID_SHA1_HEXSIZE + 1];
  GPtrArray *names;

  git_oid_tostr (hex, sizeof hex, git_commit_id (commit));
  version->id = g_strdup (hex);
  version->time = git_commit_time (commit);
  version->message = message_without_trailer (message != NULL ? message : "");
  version->summary = g_strndup (version->message, strcspn (version->message, "\n"));
  version->author = g_strdup (author != NULL ? author->name : "");
  version->path = g_strdup (path);
  version->words = trailer_words (message);
  if (version->words < 0)
    {
      git_blob *blob = NULL;
      if (git_blob_lookup (&blob, repo, blob_id) == 0)
        {
          version->words = count_words (git_blob_rawcontent (blob), git_blob_rawsize (blob));
          git_blob_free (blob);
        }
    }
  names = milestones != NULL ? g_hash_table_lookup (milestones, hex) : NULL;
  if (names != NULL)
    {
      version->milestones = g_new0 (char *, names->len + 1);
      for (guint i = 0; i < names->len; i++)
        version->milestones[i] = g_strdup (g_ptr_array_index (names, i));
    }
  else
    version->milestones = g_new0 (char *, 1);
  return version;
}

/* The walk: from @start (with the document at @path there), up to @max
 * versions into @out.  @stop_at (may be NULL) ends the walk after that
 * commit is passed and reports the path it had in *@stop_path. */
typedef struct {
  EpistleHistory *self;
  GHashTable     *milestones;
  GPtrArray      *out;
  guint           max;
  const git_oid  *stop_at;
  char           *stop_path;
} Walk;

static gboolean
walk (Walk        *w,
      git_commit  *start,
      const char  *start_path,
      GError     **error)
{
  git_repository *repo = w->self->repo;
  git_commit *commit = NULL;
  g_autofree char *path = g_strdup (start_path);
  int status;

  git_commit_dup (&commit, start);
  while (commit != NULL && (w->out == NULL || w->out->len < w->max))
    {
      git_commit *parent = NULL;
      git_oid blob, parent_blob;
      gboolean has_blob = blob_at (commit, path, &blob);
      gboolean is_version = FALSE;
      g_autofree char *older_path = NULL;
      char hex[GIT_OID_SHA1_HEXSIZE + 1];

      if (git_commit_parentcount (commit) > 0)
        {
          status = git_commit_parent (&parent, commit, 0);
          if (status != 0)
            {
              /* A damaged or missing commit ends the history there. */
              git_commit_free (commit);
              if (w->out != NULL && w->out->len > 0)
                return TRUE;
              return fail_git (error, status, _("An older version cannot be read"));
            }
        }

      if (has_blob)
        {
          if (parent == NULL)
            is_version = TRUE;
          else if (blob_at (parent, path, &parent_blob))
            is_version = !git_oid_equal (&blob, &parent_blob);
          else
            {
              is_version = TRUE;
              older_path = renamed_from (repo, parent, commit, path);
            }
        }

      git_oid_tostr (hex, sizeof hex, git_commit_id (commit));
      if (is_version)
        {
          g_hash_table_replace (w->self->paths, g_strdup (hex), g_strdup (path));
          if (w->out != NULL)
            g_ptr_array_add (w->out, version_new (repo, commit, path, &blob, w->milestones));
        }
      if (w->stop_at != NULL && git_oid_equal (git_commit_id (commit), w->stop_at))
        {
          w->stop_path = g_strdup (path);
          git_commit_free (parent);
          git_commit_free (commit);
          return TRUE;
        }
      if (older_path != NULL)
        g_set_str (&path, older_path);
      git_commit_free (commit);
      commit = parent;
    }
  git_commit_free (commit);
  return TRUE;
}

/* The commit HEAD is on, or NULL (with no error) for an empty history. */
static gboolean
head_commit (EpistleHistory *self,
             git_commit    **out,
             GError        **error)
{
  git_reference *head = NULL;
  int status;

  *out = NULL;
  if (self->repo == NULL || git_repository_head_unborn (self->repo) == 1)
    return TRUE;
  status = git_repository_head (&head, self->repo);
  if (status == 0)
    status = git_reference_peel ((git_object **) out, head, GIT_OBJECT_COMMIT);
  git_reference_free (head);
  if (status != 0)
    return fail_git (error, status, _("The newest version cannot be read"));
  return TRUE;
}

/* The document's path in @commit, following renames from HEAD. */
static char *
path_at (EpistleHistory *self,
         git_commit     *commit,
         GError        **error)
{
  char hex[GIT_OID_SHA1_HEXSIZE + 1];
  const char *cached;
  git_commit *head = NULL;
  Walk w = { self, NULL, NULL, G_MAXUINT, git_commit_id (commit), NULL };
  git_oid blob;

  git_oid_tostr (hex, sizeof hex, git_commit_id (commit));
  cached = g_hash_table_lookup (self->paths, hex);
  if (cached != NULL)
    return g_strdup (cached);
  if (!head_commit (self, &head, error))
    return NULL;
  if (head != NULL)
    {
      gboolean ok = walk (&w, head, self->path, error);
      git_commit_free (head);
      if (!ok)
        return NULL;
    }
  if (w.stop_path != NULL)
    return w.stop_path;
  /* Not on the first-parent chain (another branch, a tag): as it is now. */
  if (blob_at (commit, self->path, &blob))
    return g_strdup (self->path);
  g_set_error (error, EPISTLE_HISTORY_ERROR, EPISTLE_HISTORY_ERROR_NOT_FOUND,
               _("The document is not in the version %.8s"), hex);
  return NULL;
}

static git_commit *
resolve (EpistleHistory *self,
         const char     *rev,
         GError        **error)
{
  git_object *object = NULL;
  git_commit *commit = NULL;
  int status;

  if (self->repo == NULL)
    {
      g_set_error (error, EPISTLE_HISTORY_ERROR, EPISTLE_HISTORY_ERROR_NOT_FOUND,
                   _("The document has no versions yet"));
      return NULL;
    }
  status = git_revparse_single (&object, self->repo, rev);
  if (status == 0)
    status = git_object_peel ((git_object **) &commit, object, GIT_OBJECT_COMMIT);
  git_object_free (object);
  if (status != 0)
    {
      g_autofree char *what = g_strdup_printf (_("There is no version “%s”"), rev);
      if (status == GIT_ENOTFOUND || status == GIT_EAMBIGUOUS || status == GIT_EINVALIDSPEC ||
          code_for_git_error (status) != EPISTLE_HISTORY_ERROR_CORRUPT)
        {
          g_set_error (error, EPISTLE_HISTORY_ERROR, EPISTLE_HISTORY_ERROR_NOT_FOUND, "%s", what);
          return NULL;
        }
      fail_git (error, status, what);
      return NULL;
    }
  return commit;
}

GPtrArray *
epistle_history_log (EpistleHistory  *self,
                     const char      *after,
                     guint            max,
                     GError         **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->mutex);
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) epistle_version_free);
  g_autoptr(GHashTable) milestones = NULL;
  git_commit *start = NULL;
  g_autofree char *start_path = NULL;
  gboolean ok;
  Walk w = { self, NULL, NULL, max == G_MAXUINT ? max : max + 1, NULL, NULL };

  if (self->repo == NULL || max == 0)
    return g_steal_pointer (&out);

  if (after != NULL)
    {
      git_commit *commit = resolve (self, after, error);
      g_autofree char *path = NULL;
      int status;

      if (commit == NULL)
        return NULL;
      path = path_at (self, commit, error);
      if (path == NULL)
        {
          git_commit_free (commit);
          return NULL;
        }
      /* Continue from the parent, with the path the walk would have. */
      if (git_commit_parentcount (commit) == 0)
        {
          git_commit_free (commit);
          return g_steal_pointer (&out);
        }
      status = git_commit_parent (&start, commit, 0);
      if (status == 0)
        {
          git_oid a, b;
          if (blob_at (commit, path, &a) && !blob_at (start, path, &b))
            start_path = renamed_from (self->repo, start, commit, path);
        }
      git_commit_free (commit);
      if (status != 0)
        {
          fail_git (error, status, _("An older version cannot be read"));
          return NULL;
        }
      if (start_path == NULL)
        start_path = g_steal_pointer (&path);
    }
  else
    {
      if (!head_commit (self, &start, error))
        return NULL;
      if (start == NULL)
        return g_steal_pointer (&out);
      start_path = g_strdup (self->path);
    }

  milestones = scan_milestones (self->repo);
  w.milestones = milestones;
  w.out = out;
  ok = walk (&w, start, start_path, error);
  git_commit_free (start);
  if (!ok)
    return NULL;

  /* One version more than asked was read for the last one's delta. */
  for (guint i = 0; i < out->len; i++)
    {
      EpistleVersion *v = g_ptr_array_index (out, i);
      EpistleVersion *older = i + 1 < out->len ? g_ptr_array_index (out, i + 1) : NULL;

      if (v->words < 0)
        v->word_delta = 0;
      else if (older == NULL)
        v->word_delta = v->words;
      else
        v->word_delta = older->words >= 0 ? v->words - older->words : 0;
    }
  if (out->len > max)
    g_ptr_array_set_size (out, max);
  return g_steal_pointer (&out);
}

EpistleVersion *
epistle_history_lookup (EpistleHistory  *self,
                        const char      *rev,
                        GError         **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->mutex);
  g_autoptr(GHashTable) milestones = NULL;
  git_commit *commit = resolve (self, rev, error);
  g_autofree char *path = NULL;
  EpistleVersion *version = NULL;
  git_oid blob;

  if (commit == NULL)
    return NULL;
  path = path_at (self, commit, error);
  if (path != NULL && blob_at (commit, path, &blob))
    {
      milestones = scan_milestones (self->repo);
      version = version_new (self->repo, commit, path, &blob, milestones);
      version->word_delta = 0;
      if (version->words >= 0 && git_commit_parentcount (commit) > 0)
        {
          git_commit *parent = NULL;
          git_oid parent_blob;
          if (git_commit_parent (&parent, commit, 0) == 0)
            {
              g_autofree char *older_path = NULL;
              const char *p = path;
              if (!blob_at (parent, p, &parent_blob) &&
                  (older_path = renamed_from (self->repo, parent, commit, path)) != NULL)
                p = older_path;
              if (blob_at (parent, p, &parent_blob))
                {
                  g_autoptr(EpistleVersion) older = version_new (self->repo, parent, p, &parent_blob, NULL);
                  if (older->words >= 0)
                    version->word_delta = version->words - older->words;
                }
              else
                version->word_delta = version->words;
              git_commit_free (parent);
            }
        }
      else if (version->words >= 0)
        version->word_delta = version->words;
    }
  else if (path != NULL)
    g_set_error (error, EPISTLE_HISTORY_ERROR, EPISTLE_HISTORY_ERROR_NOT_FOUND,
                 _("The document is not in the version “%s”"), rev);
  git_commit_free (commit);
  return version;
}

GBytes *
epistle_history_read (EpistleHistory  *self,
                      const char      *rev,
                      GError         **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->mutex);
  git_commit *commit = resolve (self, rev, error);
  g_autofree char *path = NULL;
  GBytes *bytes = NULL;
  git_oid blob_id;
  git_blob *blob = NULL;
  int status;

  if (commit == NULL)
    return NULL;
  path = path_at (self, commit, error);
  if (path == NULL)
    goto out;
  if (!blob_at (commit, path, &blob_id))
    {
      g_set_error (error, EPISTLE_HISTORY_ERROR, EPISTLE_HISTORY_ERROR_NOT_FOUND,
                   _("The document is not in the version “%s”"), rev);
      goto out;
    }
  status = git_blob_lookup (&blob, self->repo, &blob_id);
  if (status != 0)
    {
      g_set_error (error, EPISTLE_HISTORY_ERROR, EPISTLE_HISTORY_ERROR_CORRUPT,
                   _("The text of this version is missing or damaged in the repository (%s)"),
                   git_error_last () != NULL ? git_error_last ()->message : "");
      goto out;
    }
  bytes = g_bytes_new (git_blob_rawcontent (blob), git_blob_rawsize (blob));
  git_blob_free (blob);
out:
  git_commit_free (commit);
  return bytes;
}

/* The commit of the document's newest version (HEAD may be another's),
 * or NULL. */
static git_commit *
last_version (EpistleHistory *self,
              git_commit     *from)
{
  g_autoptr(GPtrArray) last = g_ptr_array_new_with_free_func ((GDestroyNotify) epistle_version_free);
  Walk w = { self, NULL, last, 1, NULL, NULL };
  git_commit *commit = NULL;
  git_oid id;

  if (!walk (&w, from, self->path, NULL) || last->len == 0)
    return NULL;
  if (git_oid_fromstr (&id, ((EpistleVersion *) g_ptr_array_index (last, 0))->id) != 0 ||
      git_commit_lookup (&commit, self->repo, &id) != 0)
    return NULL;
  return commit;
}

/* ---- writing versions -------------------------------------------------- */

static gboolean
make_signature (git_repository *repo,
                const char     *fallback_name,
                const char     *fallback_email,
                git_signature **out)
{
  g_autofree char *email = NULL;
  const char *name;

  if (git_signature_default (out, repo) == 0)
    return TRUE;
  name = fallback_name != NULL && *fallback_name != '\0' ? fallback_name : g_get_real_name ();
  if (name == NULL || *name == '\0' || g_strcmp0 (name, "Unknown") == 0)
    name = g_get_user_name ();
  if (fallback_email != NULL && *fallback_email != '\0')
    email = g_strdup (fallback_email);
  else
    email = g_strdup_printf ("%s@%s", g_get_user_name (), g_get_host_name ());
  return git_signature_now (out, name, email) == 0;
}

/* Waits while another git holds index.lock; FALSE (LOCKED) if it stays. */
static gboolean
wait_for_index_lock (EpistleHistory *self,
                     GError        **error)
{
  g_autofree char *lock = g_build_filename (git_repository_path (self->repo), "index.lock", NULL);

  for (guint i = 0; i < LOCK_RETRIES; i++)
    {
      if (!g_file_test (lock, G_FILE_TEST_EXISTS))
        return TRUE;
      g_usleep (LOCK_RETRY_USEC);
    }
  g_set_error (error, EPISTLE_HISTORY_ERROR, EPISTLE_HISTORY_ERROR_LOCKED,
               _("Another program is using the git repository: “%s” has been there for more than %u seconds. If no git command is running, delete it."),
               lock, LOCK_RETRIES * LOCK_RETRY_USEC / G_USEC_PER_SEC);
  return FALSE;
}

static gboolean
create_managed_repository (EpistleHistory *self,
                           GError        **error)
{
  git_repository_init_options opts = GIT_REPOSITORY_INIT_OPTIONS_INIT;
  git_config *config = NULL;
  int status;

  if (g_mkdir_with_parents (self->store_dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, EPISTLE_HISTORY_ERROR, EPISTLE_HISTORY_ERROR_UNAVAILABLE,
                   _("Versions cannot be kept: the folder “%s” cannot be created (%s)"),
                   self->store_dir, g_strerror (saved));
      return FALSE;
    }
  opts.flags = GIT_REPOSITORY_INIT_BARE | GIT_REPOSITORY_INIT_MKPATH;
  opts.initial_head = "main";
  opts.description = "Versions of a document, kept by Epistle";
  status = git_repository_init_ext (&self->repo, self->repo_path, &opts);
  if (status != 0)
    {
      g_autofree char *what = g_strdup_printf (_("Versions cannot be kept in “%s”"), self->repo_path);
      fail_git (error, status, what);
      if (error != NULL && *error != NULL && (*error)->code == EPISTLE_HISTORY_ERROR_FAILED)
        (*error)->code = EPISTLE_HISTORY_ERROR_UNAVAILABLE;
      return FALSE;
    }
  if (git_repository_config (&config, self->repo) == 0)
    {
      git_config_set_string (config, "epistle.document", self->document_path);
      git_config_free (config);
    }
  return TRUE;
}

/* The branch reference HEAD names (for a commit), checking the cases in
 * which no commit can be made. */
static char *
current_branch (EpistleHistory *self,
                gboolean       *unborn,
                GError        **error)
{
  git_reference *head = NULL;
  char *name;
  int status;

  *unborn = git_repository_head_unborn (self->repo) == 1;
  if (git_repository_head_detached (self->repo) == 1)
    {
      g_set_error (error, EPISTLE_HISTORY_ERROR, EPISTLE_HISTORY_ERROR_DETACHED,
                   _("The git repository is not on a branch (detached HEAD): check out a branch to keep versions"));
      return NULL;
    }
  status = git_reference_lookup (&head, self->repo, "HEAD");
  if (status != 0)
    {
      fail_git (error, status, _("The repository’s HEAD cannot be read"));
      return NULL;
    }
  name = g_strdup (git_reference_symbolic_target (head));
  git_reference_free (head);
  if (*unborn && self->kind == EPISTLE_HISTORY_REPOSITORY)
    {
      g_set_error (error, EPISTLE_HISTORY_ERROR, EPISTLE_HISTORY_ERROR_UNBORN,
                   _("The branch “%s” of the git repository has no commit yet: make a first commit with git to keep versions in it"),
                   name != NULL && g_str_has_prefix (name, "refs/heads/") ? name + strlen ("refs/heads/") : name);
      g_free (name);
      return NULL;
    }
  return name;
}

/* A valid tag name from a milestone's name ("Sent to the editor" →
 * "Sent-to-the-editor"), not yet used. */
static char *
milestone_tag_name (git_repository *repo,
                    const char     *name)
{
  GString *s = g_string_new (NULL);
  g_autofree char *candidate = NULL;
  gboolean dash = FALSE;

  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (g_unichar_isalnum (c) || c == '_' || (c == '.' && s->len > 0 && s->str[s->len - 1] != '.'))
        {
          if (dash && s->len > 0)
            g_string_append_c (s, '-');
          dash = FALSE;
          g_string_append_unichar (s, c);
        }
      else
        dash = TRUE;
    }
  while (s->len > 0 && s->str[s->len - 1] == '.')
    g_string_truncate (s, s->len - 1);
  if (s->len == 0)
    g_string_assign (s, "milestone");

  candidate = g_strdup (s->str);
  for (guint n = 2;; n++)
    {
      g_autofree char *ref = g_strconcat ("refs/tags/", candidate, NULL);
      git_reference *existing = NULL;
      int valid = 0;

      git_tag_name_is_valid (&valid, candidate);
      if (valid && git_reference_lookup (&existing, repo, ref) == GIT_ENOTFOUND)
        break;
      git_reference_free (existing);
      g_free (candidate);
      candidate = valid ? g_strdup_printf ("%s-%u", s->str, n) : g_strdup_printf ("milestone-%u", n);
    }
  g_string_free (s, TRUE);
  return g_steal_pointer (&candidate);
}

static gboolean
tag_commit (EpistleHistory *self,
            const git_oid  *commit_id,
            const char     *name,
            GError        **error)
{
  git_object *target = NULL;
  git_signature *sig = NULL;
  g_autofree char *tag_name = milestone_tag_name (self->repo, name);
  g_autofree char *message = g_strconcat (name, "\n", NULL);
  git_oid tag_id;
  int status;

  status = git_object_lookup (&target, self->repo, commit_id, GIT_OBJECT_COMMIT);
  if (status == 0)
    status = make_signature (self->repo, NULL, NULL, &sig) ? 0 : -1;
  if (status == 0)
    status = git_tag_create (&tag_id, self->repo, tag_name, target, sig, message, 0);
  git_signature_free (sig);
  git_object_free (target);
  if (status != 0)
    return fail_git (error, status, _("The milestone cannot be recorded"));
  return TRUE;
}

static char *
format_count (gint64 n)
{
  /* Thousands grouped the way the locale does ("4,812"). */
  return g_strdup_printf ("%'" G_GINT64_FORMAT, n);
}

static char *
automatic_message (gint64 words,
                   gint64 previous)
{
  g_autofree char *count = format_count (words);

  if (previous < 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Saved — %s word", "Saved — %s words",
                                         (gulong) words), count);
  else
    {
      g_autofree char *delta = format_count (ABS (words - previous));
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Saved — %s word, %s%s", "Saved — %s words, %s%s",
                                           (gulong) words),
                              count, words >= previous ? "+" : "−", delta);
    }
}

/* The index entries of the document (and its words file) brought to the
 * committed blobs; the other entries are left exactly as they were. */
static gboolean
stage_document (EpistleHistory *self,
                const char     *words_path,
                git_index     **out_index,
                GError        **error)
{
  git_index *index = NULL;
  int status;

  status = git_repository_index (&index, self->repo);
  if (status == 0)
    status = git_index_read (index, FALSE);
  if (status == 0)
    status = git_index_add_bypath (index, self->path);
  if (status == 0 && words_path != NULL)
    status = git_index_add_bypath (index, words_path);
  for (guint i = 0; status == 0 || (status == GIT_ELOCKED && i < LOCK_RETRIES); i++)
    {
      status = git_index_write (index);
      if (status != GIT_ELOCKED)
        break;
      g_usleep (LOCK_RETRY_USEC);
    }
  if (status != 0)
    {
      git_index_free (index);
      return fail_git (error, status, _("The git index cannot be updated"));
    }
  *out_index = index;
  return TRUE;
}

gboolean
epistle_history_snapshot (EpistleHistory  *self,
                          const char      *message,
                          const char      *milestone,
                          const char      *fallback_name,
                          const char      *fallback_email,
                          EpistleVersion **out_version,
                          GError         **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->mutex);
  g_autofree char *data = NULL;
  g_autofree char *words_file = epistle_word_list_path_for_document (self->document_path);
  g_autofree char *words_path = NULL;   /* in the repository */
  g_autofree char *branch = NULL;
  g_autofree char *full_message = NULL;
  g_autofree char *auto_message = NULL;
  g_autoptr(GError) local = NULL;
  git_commit *parent = NULL;
  git_tree *parent_tree = NULL, *tree = NULL;
  git_signature *sig = NULL;
  git_index *index = NULL;
  git_oid blob_id, words_id, tree_id, commit_id;
  gboolean has_words, unborn = FALSE, ok = FALSE;
  gsize length = 0;
  gint64 words, previous = -1;
  WordCount *counting = NULL;
  int status;

  if (out_version != NULL)
    *out_version = NULL;

  if (!g_file_get_contents (self->document_path, &data, &length, &local))
    {
      g_set_error (error, EPISTLE_HISTORY_ERROR,
                   g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_NOENT)
                     ? EPISTLE_HISTORY_ERROR_NOT_FOUND : EPISTLE_HISTORY_ERROR_FAILED,
                   _("No version can be made of a document that cannot be read: %s"), local->message);
      return FALSE;
    }
  has_words = g_file_test (words_file, G_FILE_TEST_IS_REGULAR);
  if (has_words)
    {
      g_autofree char *dir = g_path_get_dirname (self->path);
      g_autofree char *base = g_path_get_basename (words_file);
      words_path = g_strcmp0 (dir, ".") == 0 ? g_strdup (base) : g_strconcat (dir, "/", base, NULL);
    }

  if (self->repo == NULL && !create_managed_repository (self, error))
    return FALSE;
  branch = current_branch (self, &unborn, error);
  if (branch == NULL)
    return FALSE;
  if (self->kind == EPISTLE_HISTORY_REPOSITORY && !wait_for_index_lock (self, error))
    return FALSE;

  if (!unborn)
    {
      if (!head_commit (self, &parent, error))
        return FALSE;
      status = git_commit_tree (&parent_tree, parent);
      if (status != 0)
        {
          fail_git (error, status, _("The last version cannot be read"));
          goto out;
        }
    }

  /* The words are counted while the blob is written (both read 3 MB). */
  counting = count_words_start (data, length);

  /* The blobs: in a work tree through git's filters (as `git add` would
   * store the file), in Epistle's own store as the bytes are. */
  if (self->kind == EPISTLE_HISTORY_REPOSITORY)
    {
      status = git_blob_create_from_workdir (&blob_id, self->repo, self->path);
      if (status == 0 && has_words)
        status = git_blob_create_from_workdir (&words_id, self->repo, words_path);
    }
  else
    {
      status = git_blob_create_from_buffer (&blob_id, self->repo, data, length);
      if (status == 0 && has_words)
        {
          g_autofree char *words_data = NULL;
          gsize words_length = 0;
          if (g_file_get_contents (words_file, &words_data, &words_length, NULL))
            status = git_blob_create_from_buffer (&words_id, self->repo, words_data, words_length);
          else
            has_words = FALSE;
        }
    }
  if (status != 0)
    {
      fail_git (error, status, _("The version cannot be written"));
      goto out;
    }

  if (self->kind == EPISTLE_HISTORY_REPOSITORY)
    {
      git_tree_update updates[2] = {
        { GIT_TREE_UPDATE_UPSERT, blob_id, GIT_FILEMODE_BLOB, self->path },
        { GIT_TREE_UPDATE_UPSERT, words_id, GIT_FILEMODE_BLOB, words_path },
      };
      status = git_tree_create_updated (&tree_id, self->repo, parent_tree, has_words ? 2 : 1, updates);
    }
  else
    {
      git_treebuilder *builder = NULL;
      status = git_treebuilder_new (&builder, self->repo, NULL);
      if (status == 0)
        status = git_treebuilder_insert (NULL, builder, self->path, &blob_id, GIT_FILEMODE_BLOB);
      if (status == 0 && has_words)
        status = git_treebuilder_insert (NULL, builder, words_path, &words_id, GIT_FILEMODE_BLOB);
      if (status == 0)
        status = git_treebuilder_write (&tree_id, builder);
      git_treebuilder_free (builder);
    }
  if (status != 0)
    {
      fail_git (error, status, _("The version cannot be written"));
      goto out;
    }

  if (parent_tree != NULL && git_oid_equal (&tree_id, git_tree_id (parent_tree)))
    {
      /* Nothing changed: no version, but a milestone names the last one. */
      if (milestone != NULL)
        {
          git_commit *last = last_version (self, parent);
          ok = tag_commit (self, git_commit_id (last != NULL ? last : parent), milestone, error);
          git_commit_free (last);
        }
      else
        ok = TRUE;
      goto out;
    }

  words = count_words_finish (counting);
  counting = NULL;
  if (parent != NULL)
    {
      /* The last version of this document (HEAD may be another's). */
      g_autoptr(GPtrArray) last = g_ptr_array_new_with_free_func ((GDestroyNotify) epistle_version_free);
      Walk w = { self, NULL, last, 1, NULL, NULL };
      if (walk (&w, parent, self->path, NULL) && last->len > 0)
        previous = ((EpistleVersion *) g_ptr_array_index (last, 0))->words;
    }
  if (message == NULL || *message == '\0')
    message = auto_message = automatic_message (MAX (words, 0), previous);
  full_message = g_strdup_printf ("%s\n\n" WORDS_TRAILER "%" G_GINT64_FORMAT "\n",
                                  message, MAX (words, 0));

  status = git_tree_lookup (&tree, self->repo, &tree_id);
  if (status == 0 && !make_signature (self->repo, fallback_name, fallback_email, &sig))
    status = -1;
  if (status == 0)
    status = git_commit_create (&commit_id, self->repo, NULL, sig, sig, NULL, full_message, tree,
                                parent != NULL ? 1 : 0, (const git_commit **) &parent);
  if (status != 0)
    {
      fail_git (error, status, _("The version cannot be written"));
      goto out;
    }

  /* The document's index entry follows the commit, as `git commit PATH`
   * does; then the branch moves — only if nobody moved it meanwhile. */
  if (self->kind == EPISTLE_HISTORY_REPOSITORY &&
      !stage_document (self, has_words ? words_path : NULL, &index, error))
    goto out;
  {
    git_reference *ref = NULL;
    g_autofree char *log_message = g_strdup_printf ("commit%s: %.*s", parent == NULL ? " (initial)" : "",
                                                    (int) strcspn (message, "\n"), message);
    for (guint i = 0;; i++)
      {
        if (parent != NULL)
          status = git_reference_create_matching (&ref, self->repo, branch, &commit_id, TRUE,
                                                  git_commit_id (parent), log_message);
        else
          status = git_reference_create (&ref, self->repo, branch, &commit_id, FALSE, log_message);
        if (status != GIT_ELOCKED || i >= LOCK_RETRIES)
          break;
        g_usleep (LOCK_RETRY_USEC);
      }
    git_reference_free (ref);
    if (status != 0)
      {
        fail_git (error, status, _("The branch cannot be moved to the new version"));
        goto out;
      }
  }

  if (milestone != NULL && !tag_commit (self, &commit_id, milestone, error))
    goto out;

  if (out_version != NULL)
    {
      git_commit *commit = NULL;
      g_autoptr(GHashTable) milestones = scan_milestones (self->repo);
      if (git_commit_lookup (&commit, self->repo, &commit_id) == 0)
        {
          *out_version = version_new (self->repo, commit, self->path, &blob_id, milestones);
          (*out_version)->word_delta = previous >= 0 ? words - previous : words;
          git_commit_free (commit);
        }
    }
  ok = TRUE;

out:
  if (counting != NULL)
    count_words_finish (counting);
  git_index_free (index);
  git_signature_free (sig);
  git_tree_free (tree);
  git_tree_free (parent_tree);
  git_commit_free (parent);
  return ok;
}

gboolean
epistle_history_add_milestone (EpistleHistory *self,
                               const char     *rev,
                               const char     *name,
                               GError        **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->mutex);
  git_commit *commit = resolve (self, rev != NULL ? rev : "HEAD", error);
  gboolean ok;

  g_return_val_if_fail (name != NULL && *name != '\0', FALSE);
  if (commit == NULL)
    return FALSE;
  if (rev == NULL)
    {
      git_commit *last = last_version (self, commit);
      if (last != NULL)
        {
          git_commit_free (commit);
          commit = last;
        }
    }
  ok = tag_commit (self, git_commit_id (commit), name, error);
  git_commit_free (commit);
  return ok;
}

gboolean
epistle_history_restore (EpistleHistory  *self,
                         const char      *rev,
                         EpistleVersion **out_version,
                         GError         **error)
{
  g_autoptr(EpistleVersion) version = epistle_history_lookup (self, rev, error);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *date = NULL;
  g_autofree char *message = NULL;

  if (version == NULL)
    return FALSE;
  /* What the file holds now is kept as a version before it is replaced. */
  if (g_file_test (self->document_path, G_FILE_TEST_EXISTS) &&
      !epistle_history_snapshot (self, NULL, NULL, NULL, NULL, NULL, error))
    return FALSE;
  bytes = epistle_history_read (self, version->id, error);
  if (bytes == NULL)
    return FALSE;
  if (!epistle_atomic_write (self->document_path, g_bytes_get_data (bytes, NULL),
                             g_bytes_get_size (bytes), error))
    return FALSE;
  when = g_date_time_new_from_unix_local (version->time);
  date = g_date_time_format (when, "%e %B %Y, %H:%M");
  message = g_strdup_printf (_("Restored the version of %s (“%s”)"), g_strstrip (date), version->summary);
  return epistle_history_snapshot (self, message, NULL, NULL, NULL, out_version, error);
}

/* ---- moving ------------------------------------------------------------ */

gboolean
epistle_history_rename (EpistleHistory *self,
                        const char     *new_document_path,
                        GError        **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->mutex);
  g_autofree char *new_path = resolve_document_path (new_document_path);
  g_autofree char *old_repo = g_strdup (self->repo_path);
  gboolean was_managed = self->kind == EPISTLE_HISTORY_MANAGED && self->repo != NULL;

  if (g_strcmp0 (new_path, self->document_path) == 0)
    return TRUE;
  g_set_str (&self->document_path, new_path);
  g_clear_pointer (&self->repo, git_repository_free);
  if (!locate (self, error))
    return FALSE;

  if (was_managed && self->kind == EPISTLE_HISTORY_MANAGED)
    {
      /* The versions go with the document; an old history kept under the
       * new name (of a file once there) is set aside, not mixed in. */
      if (g_file_test (self->repo_path, G_FILE_TEST_EXISTS))
        {
          g_autofree char *aside = g_strdup_printf ("%s.replaced-%" G_GINT64_FORMAT,
                                                    self->repo_path, g_get_real_time ());
          g_clear_pointer (&self->repo, git_repository_free);
          if (g_rename (self->repo_path, aside) != 0)
            {
              int saved = errno;
              g_set_error (error, EPISTLE_HISTORY_ERROR, EPISTLE_HISTORY_ERROR_FAILED,
                           _("The history cannot be moved: %s"), g_strerror (saved));
              return FALSE;
            }
        }
      if (g_rename (old_repo, self->repo_path) != 0)
        {
          int saved = errno;
          g_set_error (error, EPISTLE_HISTORY_ERROR, EPISTLE_HISTORY_ERROR_FAILED,
                       _("The history cannot be moved to “%s”: %s"), self->repo_path, g_strerror (saved));
          return FALSE;
        }
      if (git_repository_open_bare (&self->repo, self->repo_path) == 0)
        {
          git_config *config = NULL;
          if (git_repository_config (&config, self->repo) == 0)
            {
              git_config_set_string (config, "epistle.document", self->document_path);
              git_config_free (config);
            }
        }
      else
        return fail_git (error, -1, _("The moved history cannot be opened"));
    }
  return TRUE;
}

typedef struct {
  git_odb *target;
  git_odb *source;
  int      status;
} CopyObjects;

static int
copy_object (const git_oid *id,
             void          *data)
{
  CopyObjects *copy = data;
  git_odb_object *object = NULL;
  git_oid written;

  if (git_odb_exists (copy->target, id))
    return 0;
  copy->status = git_odb_read (&object, copy->source, id);
  if (copy->status == 0)
    copy->status = git_odb_write (&written, copy->target, git_odb_object_data (object),
                                  git_odb_object_size (object), git_odb_object_type (object));
  git_odb_object_free (object);
  return copy->status;
}

static int
copy_ref (git_reference *ref,
          void          *data)
{
  git_repository *target = data;
  git_reference *created = NULL;
  int status = 0;

  if (git_reference_type (ref) == GIT_REFERENCE_DIRECT)
    status = git_reference_create (&created, target, git_reference_name (ref),
                                   git_reference_target (ref), FALSE, "epistle: versions so far");
  git_reference_free (created);
  git_reference_free (ref);
  return status == GIT_EEXISTS ? 0 : status;
}

gboolean
epistle_history_track_in_folder (EpistleHistory *self,
                                 GError        **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->mutex);
  g_autofree char *folder = g_path_get_dirname (self->document_path);
  g_autofree char *old_repo = g_strdup (self->repo_path);
  git_repository_init_options opts = GIT_REPOSITORY_INIT_OPTIONS_INIT;
  git_repository *repo = NULL;
  git_odb *source = NULL, *target = NULL;
  int status;

  if (self->kind != EPISTLE_HISTORY_MANAGED)
    {
      g_set_error (error, EPISTLE_HISTORY_ERROR, EPISTLE_HISTORY_ERROR_FAILED,
                   _("The document is already in a git repository"));
      return FALSE;
    }
  opts.flags = GIT_REPOSITORY_INIT_NO_REINIT;
  opts.initial_head = "main";
  status = git_repository_init_ext (&repo, folder, &opts);
  if (status != 0)
    {
      g_autofree char *what = g_strdup_printf (_("A git repository cannot be made in “%s”"), folder);
      return fail_git (error, status, what);
    }

  if (self->repo != NULL)
    {
      CopyObjects copy = { NULL, NULL, 0 };
      status = git_repository_odb (&source, self->repo);
      if (status == 0)
        status = git_repository_odb (&target, repo);
      if (status == 0)
        {
          copy.source = source;
          copy.target = target;
          status = git_odb_foreach (source, copy_object, &copy);
          if (status != 0 && copy.status != 0)
            status = copy.status;
        }
      if (status == 0)
        status = git_reference_foreach (self->repo, copy_ref, repo);
      git_odb_free (source);
      git_odb_free (target);
      if (status != 0)
        {
          git_repository_free (repo);
          return fail_git (error, status, _("The versions cannot be copied into the new repository"));
        }
    }
  git_repository_free (repo);

  if (!locate (self, error))
    return FALSE;
  if (self->kind != EPISTLE_HISTORY_REPOSITORY)
    {
      g_set_error (error, EPISTLE_HISTORY_ERROR, EPISTLE_HISTORY_ERROR_FAILED,
                   _("The new repository in “%s” cannot be used"), folder);
      return FALSE;
    }
  /* The document is tracked from the start (clean when it is saved as its
   * last version); the old store goes, its versions are all in here. */
  if (git_repository_head_unborn (self->repo) != 1)
    {
      g_autofree char *words_file = epistle_word_list_path_for_document (self->document_path);
      g_autofree char *words_base = g_path_get_basename (words_file);
      git_index *index = NULL;
      git_commit *head = NULL;
      git_oid id;
      gboolean words_tracked = FALSE;

      if (head_commit (self, &head, NULL) && head != NULL)
        {
          words_tracked = blob_at (head, words_base, &id);
          git_commit_free (head);
        }
      if (g_file_test (self->document_path, G_FILE_TEST_EXISTS) &&
          !stage_document (self, words_tracked && g_file_test (words_file, G_FILE_TEST_EXISTS)
                                   ? words_base : NULL, &index, error))
        return FALSE;
      git_index_free (index);
    }
  if (old_repo != NULL && g_file_test (old_repo, G_FILE_TEST_IS_DIR))
    {
      g_autofree char *aside = g_strconcat (old_repo, ".tracked-in-folder", NULL);
      /* Kept aside rather than deleted: nothing is lost if the new one is. */
      g_rename (old_repo, aside);
    }
  return TRUE;
}

/* ---- storage ----------------------------------------------------------- */

static gboolean
is_hex (const char *s,
        gsize       n)
{
  for (gsize i = 0; i < n; i++)
    if (!g_ascii_isxdigit (s[i]))
      return FALSE;
  return s[n] == '\0';
}

/* Loose object files: (path, oid) pairs. */
static GPtrArray *
list_loose (const char *objects_dir,
            GArray     *ids)
{
  GPtrArray *paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = g_dir_open (objects_dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *sub = NULL;
      g_autoptr(GDir) subdir = NULL;
      const char *file;

      if (strlen (name) != 2 || !is_hex (name, 2))
        continue;
      sub = g_build_filename (objects_dir, name, NULL);
      subdir = g_dir_open (sub, 0, NULL);
      while (subdir != NULL && (file = g_dir_read_name (subdir)) != NULL)
        {
          g_autofree char *hex = g_strconcat (name, file, NULL);
          git_oid id;
          if (strlen (file) != GIT_OID_SHA1_HEXSIZE - 2 || !is_hex (file, strlen (file)) ||
              git_oid_fromstr (&id, hex) != 0)
            continue;
          g_ptr_array_add (paths, g_build_filename (sub, file, NULL));
          g_array_append_val (ids, id);
        }
    }
  return paths;
}

gboolean
epistle_history_repack (EpistleHistory *self,
                        guint           min_loose,
                        GError        **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->mutex);
  g_autofree char *objects = NULL;
  g_autofree char *pack_dir = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (git_oid));
  g_autoptr(GPtrArray) loose = NULL;
  g_autoptr(GPtrArray) old_packs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = NULL;
  g_autofree char *index_file = NULL;
  git_packbuilder *pb = NULL;
  git_revwalk *revwalk = NULL;
  git_odb_backend *backend = NULL;
  git_odb *packed = NULL, *odb = NULL;
  git_strarray tags = { NULL, 0 };
  const char *name;
  /* In the writer's own repository only loose objects are packed and no
   * pack is removed (as `git repack -d` does): objects kept alive by the
   * index, reflogs or other work trees stay where they are. */
  gboolean incremental = self->kind == EPISTLE_HISTORY_REPOSITORY;
  int status;

  if (self->repo == NULL)
    return TRUE;
  objects = g_build_filename (self->repo_path, "objects", NULL);
  pack_dir = g_build_filename (objects, "pack", NULL);
  loose = list_loose (objects, ids);
  if (loose->len < MAX (min_loose, 1))
    return TRUE;

  dir = g_dir_open (pack_dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, "pack-"))
      g_ptr_array_add (old_packs, g_build_filename (pack_dir, name, NULL));

  /* Everything reachable from a branch or a milestone, in one pack. */
  status = git_packbuilder_new (&pb, self->repo);
  if (status == 0)
    {
      /* One thread: threads split the delta search, and each part of the
       * one file's chain would start from a whole copy of the text. */
      git_packbuilder_set_threads (pb, 1);
      status = git_revwalk_new (&revwalk, self->repo);
    }
  if (incremental)
    {
      for (guint i = 0; status == 0 && i < ids->len; i++)
        status = git_packbuilder_insert (pb, &g_array_index (ids, git_oid, i), NULL);
    }
  else
    {
      if (status == 0)
        status = git_revwalk_push_glob (revwalk, "refs/*");
      if (status == 0)
        status = git_packbuilder_insert_walk (pb, revwalk);
      if (status == 0)
        status = git_tag_list (&tags, self->repo);
    }
  for (size_t i = 0; status == 0 && i < tags.count; i++)
    {
      g_autofree char *ref = g_strconcat ("refs/tags/", tags.strings[i], NULL);
      git_oid id;
      if (git_reference_name_to_id (&id, self->repo, ref) == 0)
        status = git_packbuilder_insert (pb, &id, NULL);
    }
  git_strarray_dispose (&tags);
  if (status == 0)
    status = git_packbuilder_write (pb, pack_dir, 0, NULL, NULL);
  if (status != 0)
    {
      fail_git (error, status, _("The versions cannot be packed"));
      goto out;
    }

  /* Loose copies of what the new pack holds go, and so do older packs. */
  index_file = g_strdup_printf ("%s/pack-%s.idx", pack_dir, git_packbuilder_name (pb));
  status = git_odb_new (&packed);
  if (status == 0)
    status = git_odb_backend_one_pack (&backend, index_file);
  if (status == 0)
    {
      status = git_odb_add_backend (packed, backend, 1);
      if (status != 0)
        backend->free (backend);
    }
  if (status != 0)
    {
      fail_git (error, status, _("The new pack cannot be read"));
      goto out;
    }
  for (guint i = 0; i < loose->len; i++)
    if (git_odb_exists (packed, &g_array_index (ids, git_oid, i)))
      g_unlink (g_ptr_array_index (loose, i));
  for (guint i = 0; !incremental && i < old_packs->len; i++)
    {
      const char *path = g_ptr_array_index (old_packs, i);
      if (strstr (path, git_packbuilder_name (pb)) == NULL)
        g_unlink (path);
    }
  if (git_repository_odb (&odb, self->repo) == 0)
    {
      git_odb_refresh (odb);
      git_odb_free (odb);
    }

out:
  git_odb_free (packed);
  git_revwalk_free (revwalk);
  git_packbuilder_free (pb);
  return status == 0;
}

/* ---- sync -------------------------------------------------------------- */

char *
epistle_history_dup_remote_url (EpistleHistory *self)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->mutex);
  git_remote *remote = NULL;
  char *url = NULL;

  if (self->repo != NULL && git_remote_lookup (&remote, self->repo, "origin") == 0)
    {
      url = g_strdup (git_remote_url (remote));
      git_remote_free (remote);
    }
  return url;
}

/* A ref the server refused (not a fast-forward, a hook): @data collects. */
static int
push_update (const char *refname,
             const char *status,
             void       *data)
{
  GString *refused = data;

  if (status != NULL)
    g_string_append_printf (refused, "%s%s (%s)", refused->len > 0 ? ", " : "", refname, status);
  return 0;
}

static int
credentials (git_credential **out,
             const char      *url,
             const char      *username,
             unsigned int     allowed,
             void            *payload)
{
  guint *tries = payload;

  (void) url;
  if ((*tries)++ > 0)
    return GIT_PASSTHROUGH;
  if (allowed & GIT_CREDENTIAL_SSH_KEY)
    return git_credential_ssh_key_from_agent (out, username != NULL ? username : g_get_user_name ());
  if (allowed & GIT_CREDENTIAL_DEFAULT)
    return git_credential_default_new (out);
  return GIT_PASSTHROUGH;
}

/* The remote's differences from the local branch touch only the document
 * (and its words file): a fast-forward may move the branch. */
static gboolean
only_document_changes (EpistleHistory *self,
                       git_commit     *from,
                       git_commit     *to)
{
  git_tree *a = NULL, *b = NULL;
  git_diff *diff = NULL;
  g_autofree char *words_file = epistle_word_list_path_for_document (self->path);
  gboolean only = TRUE;

  if (git_commit_tree (&a, from) != 0 || git_commit_tree (&b, to) != 0 ||
      git_diff_tree_to_tree (&diff, self->repo, a, b, NULL) != 0)
    only = FALSE;
  for (size_t i = 0; only && i < git_diff_num_deltas (diff); i++)
    {
      const git_diff_delta *delta = git_diff_get_delta (diff, i);
      if (g_strcmp0 (delta->new_file.path, self->path) != 0 &&
          g_strcmp0 (delta->new_file.path, words_file) != 0)
        only = FALSE;
    }
  git_diff_free (diff);
  git_tree_free (a);
  git_tree_free (b);
  return only;
}

gboolean
epistle_history_sync (EpistleHistory    *self,
                      const char        *remote_url,
                      EpistleSyncResult *out_result,
                      GError           **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  EpistleSyncResult result_here = EPISTLE_SYNC_UP_TO_DATE;
  g_autofree char *branch = NULL;
  g_autofree char *tracking = NULL;
  g_autofree char *fetch_spec = NULL;
  g_autofree char *push_spec = NULL;
  git_remote *remote = NULL;
  git_commit *local = NULL, *theirs = NULL;
  git_oid their_id;
  git_strarray tags = { NULL, 0 };
  git_fetch_options fetch = GIT_FETCH_OPTIONS_INIT;
  git_push_options push = GIT_PUSH_OPTIONS_INIT;
  guint tries = 0;
  g_autoptr(GString) refused = g_string_new (NULL);
  gboolean unborn = FALSE, ok = FALSE;
  int status;

  if (out_result == NULL)
    out_result = &result_here;
  /* The text as saved is a version before anything is exchanged. */
  if (g_file_test (self->document_path, G_FILE_TEST_EXISTS) &&
      !epistle_history_snapshot (self, NULL, NULL, NULL, NULL, NULL, error))
    return FALSE;
  locker = g_mutex_locker_new (&self->mutex);
  if (self->repo == NULL)
    {
      g_set_error (error, EPISTLE_HISTORY_ERROR, EPISTLE_HISTORY_ERROR_NOT_FOUND,
                   _("The document has no versions to sync yet"));
      return FALSE;
    }
  branch = current_branch (self, &unborn, error);
  if (branch == NULL)
    return FALSE;

  status = git_remote_lookup (&remote, self->repo, "origin");
  if (remote_url != NULL)
    {
      if (status == 0 && g_strcmp0 (git_remote_url (remote), remote_url) != 0)
        {
          git_remote_free (remote);
          remote = NULL;
          status = git_remote_set_url (self->repo, "origin", remote_url);
          if (status == 0)
            status = git_remote_lookup (&remote, self->repo, "origin");
        }
      else if (status == GIT_ENOTFOUND)
        status = git_remote_create (&remote, self->repo, "origin", remote_url);
    }
  else if (status == GIT_ENOTFOUND)
    {
      g_set_error (error, EPISTLE_HISTORY_ERROR, EPISTLE_HISTORY_ERROR_NOT_FOUND,
                   _("No git server is set for this document’s history: give its address once"));
      return FALSE;
    }
  if (status != 0)
    return fail_git (error, status, _("The git server cannot be set"));

  fetch.callbacks.credentials = credentials;
  fetch.callbacks.payload = &tries;
  fetch.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_ALL;
  tracking = g_strconcat ("refs/remotes/origin/", branch + strlen ("refs/heads/"), NULL);
  fetch_spec = g_strconcat ("+", branch, ":", tracking, NULL);
  {
    char *specs[] = { fetch_spec };
    git_strarray refspecs = { specs, 1 };
    status = git_remote_fetch (remote, &refspecs, &fetch, "epistle: sync");
  }
  if (status != 0)
    {
      g_autofree char *what = g_strdup_printf (_("The versions cannot be fetched from %s"), git_remote_url (remote));
      fail_git (error, status, what);
      if (error != NULL && (*error)->code == EPISTLE_HISTORY_ERROR_FAILED)
        (*error)->code = EPISTLE_HISTORY_ERROR_NETWORK;
      goto out;
    }

  if (!head_commit (self, &local, error))
    goto out;
  if (git_reference_name_to_id (&their_id, self->repo, tracking) != 0)
    git_oid_cpy (&their_id, git_commit_id (local));   /* the server has none yet */
  else if (git_commit_lookup (&theirs, self->repo, &their_id) != 0)
    {
      fail_git (error, -1, _("The server’s versions cannot be read"));
      goto out;
    }

  if (theirs != NULL && git_oid_equal (&their_id, git_commit_id (local)))
    *out_result = EPISTLE_SYNC_UP_TO_DATE;
  else if (theirs == NULL || git_graph_descendant_of (self->repo, git_commit_id (local), &their_id) == 1)
    *out_result = EPISTLE_SYNC_PUSHED;
  else if (git_graph_descendant_of (self->repo, &their_id, git_commit_id (local)) == 1)
    {
      g_autoptr(GBytes) bytes = NULL;
      git_reference *ref = NULL;
      git_oid blob_id;
      git_blob *blob = NULL;

      if (self->kind == EPISTLE_HISTORY_REPOSITORY && !only_document_changes (self, local, theirs))
        {
          g_set_error (error, EPISTLE_HISTORY_ERROR, EPISTLE_HISTORY_ERROR_DIVERGED,
                       _("The server has changes to other files of the repository: bring them in with git pull"));
          goto out;
        }
      if (!blob_at (theirs, self->path, &blob_id) ||
          (status = git_blob_lookup (&blob, self->repo, &blob_id)) != 0)
        {
          g_set_error (error, EPISTLE_HISTORY_ERROR, EPISTLE_HISTORY_ERROR_NOT_FOUND,
                       _("The server’s newest version does not have the document"));
          goto out;
        }
      bytes = g_bytes_new (git_blob_rawcontent (blob), git_blob_rawsize (blob));
      git_blob_free (blob);
      status = git_reference_create_matching (&ref, self->repo, branch, &their_id, TRUE,
                                              git_commit_id (local), "epistle: sync (fast-forward)");
      git_reference_free (ref);
      if (status != 0)
        {
          fail_git (error, status, _("The branch cannot be moved to the server’s version"));
          goto out;
        }
      if (!epistle_atomic_write (self->document_path, g_bytes_get_data (bytes, NULL),
                                 g_bytes_get_size (bytes), error))
        goto out;
      if (self->kind == EPISTLE_HISTORY_REPOSITORY)
        {
          git_index *index = NULL;
          if (!stage_document (self, NULL, &index, error))
            goto out;
          git_index_free (index);
        }
      *out_result = EPISTLE_SYNC_PULLED;
    }
  else
    {
      g_set_error (error, EPISTLE_HISTORY_ERROR, EPISTLE_HISTORY_ERROR_DIVERGED,
                   _("The server and this computer both have versions the other lacks; nothing was changed"));
      goto out;
    }

  /* Milestones go up whichever way the text went. */
  push.callbacks.credentials = credentials;
  push.callbacks.push_update_reference = push_update;
  push.callbacks.payload = refused;
  tries = 0;
  push_spec = g_strconcat (branch, ":", branch, NULL);
  status = git_tag_list (&tags, self->repo);
  if (status == 0)
    {
      g_autoptr(GPtrArray) specs = g_ptr_array_new_with_free_func (g_free);
      git_strarray refspecs;
      if (*out_result == EPISTLE_SYNC_PUSHED)
        g_ptr_array_add (specs, g_strdup (push_spec));
      for (size_t i = 0; i < tags.count; i++)
        g_ptr_array_add (specs, g_strdup_printf ("refs/tags/%s:refs/tags/%s", tags.strings[i], tags.strings[i]));
      refspecs.strings = (char **) specs->pdata;
      refspecs.count = specs->len;
      if (specs->len > 0)
        status = git_remote_push (remote, &refspecs, &push);
    }
  git_strarray_dispose (&tags);
  if (status != 0)
    {
      g_autofree char *what = g_strdup_printf (_("The versions cannot be sent to %s"), git_remote_url (remote));
      fail_git (error, status, what);
      if (error != NULL && (*error)->code == EPISTLE_HISTORY_ERROR_FAILED)
        (*error)->code = EPISTLE_HISTORY_ERROR_NETWORK;
      goto out;
    }
  if (refused->len > 0)
    {
      g_set_error (error, EPISTLE_HISTORY_ERROR, EPISTLE_HISTORY_ERROR_DIVERGED,
                   _("The git server refused the versions: %s"), refused->str);
      goto out;
    }
  if (*out_result == EPISTLE_SYNC_PUSHED)
    {
      git_reference *ref = NULL;
      git_reference_create (&ref, self->repo, tracking, git_commit_id (local), TRUE, "epistle: sync");
      git_reference_free (ref);
    }
  ok = TRUE;

out:
  git_commit_free (theirs);
  git_commit_free (local);
  git_remote_free (remote);
  return ok;
}
