/* SPDX-License-Identifier: GPL-3.0-or-later
 * epistle-drafts.c — the draft store: one ID.txt + ID.ini pair per modified
 * document, written atomically, listed for recovery and collected when stale. */

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "epistle-atomic.h"
#include "epistle-drafts.h"

#define DRAFT_GROUP   "Draft"
#define KEY_URI       "uri"
#define KEY_TITLE     "title"
#define KEY_MODIFIED  "modified"
#define KEY_CURSOR    "cursor"
#define TEXT_SUFFIX   ".txt"
#define META_SUFFIX   ".ini"
#define MAX_ID_LENGTH 64

struct _EpistleDraftStore
{
  GObject  parent_instance;

  char    *directory;
  /* Serializes every access to the folder, so a text and its metadata are
   * always read and written as a pair. */
  GMutex   mutex;
};

G_DEFINE_FINAL_TYPE (EpistleDraftStore, epistle_draft_store, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_DIRECTORY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

void
epistle_draft_info_free (EpistleDraftInfo *info)
{
  if (info == NULL)
    return;

  g_free (info->id);
  g_free (info->uri);
  g_free (info->title);
  g_free (info);
}

/* Ids end up in file names and may come back from a session file, so only
 * plain names are accepted: no separators, no leading dot, nothing odd. */
static gboolean
id_is_valid (const char *id)
{
  gsize len;

  if (id == NULL || id[0] == '\0' || id[0] == '.' || id[0] == '-')
    return FALSE;

  len = strlen (id);
  if (len > MAX_ID_LENGTH)
    return FALSE;

  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalnum (id[i]) && id[i] != '-' && id[i] != '_')
      return FALSE;

  return TRUE;
}

static gboolean
check_id (const char  *id,
          GError     **error)
{
  if (id_is_valid (id))
    return TRUE;

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
               _("“%s” is not a valid draft identifier"), id != NULL ? id : "");
  return FALSE;
}

static char *
draft_path (EpistleDraftStore *self,
            const char        *id,
            const char        *suffix)
{
  g_autofree char *name = g_strconcat (id, suffix, NULL);

  return g_build_filename (self->directory, name, NULL);
}

static gboolean
ensure_directory (EpistleDraftStore  *self,
                  GError            **error)
{
  if (g_mkdir_with_parents (self->directory, 0700) != 0)
    {
      int errsv = errno;
      g_autofree char *name = g_filename_display_name (self->directory);

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   _("Could not create the drafts folder “%s”: %s"),
                   name, g_strerror (errsv));
      return FALSE;
    }

  return TRUE;
}

/* Parses ID.ini.  Returns NULL when it is missing or unusable. */
static EpistleDraftInfo *
read_info (EpistleDraftStore  *self,
           const char         *id,
           GError            **error)
{
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autoptr(EpistleDraftInfo) info = NULL;
  g_autofree char *path = draft_path (self, id, META_SUFFIX);
  g_autoptr(GError) local_error = NULL;
  gint64 modified;
  gint64 cursor;

  if (!g_key_file_load_from_file (keyfile, path, G_KEY_FILE_NONE, error))
    return NULL;

  modified = g_key_file_get_int64 (keyfile, DRAFT_GROUP, KEY_MODIFIED, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  cursor = g_key_file_get_int64 (keyfile, DRAFT_GROUP, KEY_CURSOR, &local_error);
  if (local_error != NULL || cursor < 0)
    {
      /* A bad cursor is not worth losing a draft over. */
      g_clear_error (&local_error);
      cursor = 0;
    }

  info = g_new0 (EpistleDraftInfo, 1);
  info->id = g_strdup (id);
  info->modified = modified;
  info->cursor = cursor;
  info->uri = g_key_file_get_string (keyfile, DRAFT_GROUP, KEY_URI, NULL);
  info->title = g_key_file_get_string (keyfile, DRAFT_GROUP, KEY_TITLE, NULL);

  if (info->uri != NULL && info->uri[0] == '\0')
    g_clear_pointer (&info->uri, g_free);

  return g_steal_pointer (&info);
}

static void
epistle_draft_store_constructed (GObject *object)
{
  EpistleDraftStore *self = EPISTLE_DRAFT_STORE (object);

  G_OBJECT_CLASS (epistle_draft_store_parent_class)->constructed (object);

  if (self->directory == NULL)
    self->directory = g_build_filename (g_get_user_data_dir (), "epistle", "drafts", NULL);
}

static void
epistle_draft_store_finalize (GObject *object)
{
  EpistleDraftStore *self = EPISTLE_DRAFT_STORE (object);

  g_clear_pointer (&self->directory, g_free);
  g_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (epistle_draft_store_parent_class)->finalize (object);
}

static void
epistle_draft_store_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  EpistleDraftStore *self = EPISTLE_DRAFT_STORE (object);

  switch (prop_id)
    {
    case PROP_DIRECTORY:
      g_value_set_string (value, self->directory);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
epistle_draft_store_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  EpistleDraftStore *self = EPISTLE_DRAFT_STORE (object);

  switch (prop_id)
    {
    case PROP_DIRECTORY:
      g_set_str (&self->directory, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
epistle_draft_store_class_init (EpistleDraftStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = epistle_draft_store_constructed;
  object_class->finalize = epistle_draft_store_finalize;
  object_class->get_property = epistle_draft_store_get_property;
  object_class->set_property = epistle_draft_store_set_property;

  /**
   * EpistleDraftStore:directory:
   *
   * The folder holding the drafts; $XDG_DATA_HOME/epistle/drafts by default.
   */
  properties[PROP_DIRECTORY] =
    g_param_spec_string ("directory", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
epistle_draft_store_init (EpistleDraftStore *self)
{
  g_mutex_init (&self->mutex);
}

EpistleDraftStore *
epistle_draft_store_new (const char *directory)
{
  return g_object_new (EPISTLE_TYPE_DRAFT_STORE,
                       "directory", directory,
                       NULL);
}

const char *
epistle_draft_store_get_directory (EpistleDraftStore *self)
{
  g_return_val_if_fail (EPISTLE_IS_DRAFT_STORE (self), NULL);

  return self->directory;
}

char *
epistle_draft_store_new_id (EpistleDraftStore *self)
{
  g_return_val_if_fail (EPISTLE_IS_DRAFT_STORE (self), NULL);

  return g_uuid_string_random ();
}

/* ------------------------------------------------------------------ save -- */

static gboolean
save_locked (EpistleDraftStore  *self,
             const char         *id,
             const char         *text,
             gsize               length,
             const char         *uri,
             const char         *title,
             gint64              cursor,
             GError            **error)
{
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autofree char *text_path = draft_path (self, id, TEXT_SUFFIX);
  g_autofree char *meta_path = draft_path (self, id, META_SUFFIX);
  g_autofree char *meta = NULL;
  gsize meta_length;

  if (!ensure_directory (self, error))
    return FALSE;

  /* Text first: if we die between the two writes, the new text sits
   * beside the old metadata, which is still a usable draft. */
  if (!epistle_atomic_write (text_path, text, length, error))
    return FALSE;

  if (uri != NULL)
    g_key_file_set_string (keyfile, DRAFT_GROUP, KEY_URI, uri);
  if (title != NULL)
    g_key_file_set_string (keyfile, DRAFT_GROUP, KEY_TITLE, title);
  g_key_file_set_int64 (keyfile, DRAFT_GROUP, KEY_MODIFIED, g_get_real_time ());
  g_key_file_set_int64 (keyfile, DRAFT_GROUP, KEY_CURSOR, MAX (cursor, 0));

  meta = g_key_file_to_data (keyfile, &meta_length, NULL);

  return epistle_atomic_write (meta_path, meta, meta_length, error);
}

gboolean
epistle_draft_store_save (EpistleDraftStore  *self,
                          const char         *id,
                          const char         *text,
                          gssize              length,
                          const char         *uri,
                          const char         *title,
                          gint64              cursor,
                          GError            **error)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (EPISTLE_IS_DRAFT_STORE (self), FALSE);
  g_return_val_if_fail (id_is_valid (id), FALSE);
  g_return_val_if_fail (text != NULL || length == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (text == NULL)
    text = "";
  if (length < 0)
    length = strlen (text);

  locker = g_mutex_locker_new (&self->mutex);

  return save_locked (self, id, text, length, uri, title, cursor, error);
}

typedef struct {
  char   *id;
  GBytes *text;
  char   *uri;
  char   *title;
  gint64  cursor;
} SaveData;

static void
save_data_free (SaveData *sd)
{
  g_free (sd->id);
  g_bytes_unref (sd->text);
  g_free (sd->uri);
  g_free (sd->title);
  g_free (sd);
}

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  EpistleDraftStore *self = source_object;
  SaveData *sd = task_data;
  GError *error = NULL;
  gconstpointer text;
  gsize length;

  if (g_task_return_error_if_cancelled (task))
    return;

  text = g_bytes_get_data (sd->text, &length);
  if (epistle_draft_store_save (self, sd->id, text, length,
                                sd->uri, sd->title, sd->cursor, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
epistle_draft_store_save_async (EpistleDraftStore   *self,
                                const char          *id,
                                GBytes              *text,
                                const char          *uri,
                                const char          *title,
                                gint64               cursor,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SaveData *sd;

  g_return_if_fail (EPISTLE_IS_DRAFT_STORE (self));
  g_return_if_fail (id_is_valid (id));
  g_return_if_fail (text != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  sd = g_new0 (SaveData, 1);
  sd->id = g_strdup (id);
  sd->text = g_bytes_ref (text);
  sd->uri = g_strdup (uri);
  sd->title = g_strdup (title);
  sd->cursor = cursor;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, epistle_draft_store_save_async);
  g_task_set_name (task, "[epistle] save draft");
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, sd, (GDestroyNotify) save_data_free);
  g_task_run_in_thread (task, save_thread);
}

gboolean
epistle_draft_store_save_finish (EpistleDraftStore  *self,
                                 GAsyncResult       *result,
                                 GError            **error)
{
  g_return_val_if_fail (EPISTLE_IS_DRAFT_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ------------------------------------------------------- load / remove -- */

char *
epistle_draft_store_load (EpistleDraftStore  *self,
                          const char         *id,
                          EpistleDraftInfo  **info,
                          GError            **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *text_path = NULL;
  g_autofree char *text = NULL;
  gsize length;

  g_return_val_if_fail (EPISTLE_IS_DRAFT_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (info != NULL)
    *info = NULL;

  if (!check_id (id, error))
    return NULL;

  text_path = draft_path (self, id, TEXT_SUFFIX);

  locker = g_mutex_locker_new (&self->mutex);

  if (!g_file_get_contents (text_path, &text, &length, &local_error))
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_file_error (local_error->code),
                   _("Could not read the draft: %s"), local_error->message);
      return NULL;
    }

  /* Drafts are written as UTF-8; a damaged one is still worth recovering. */
  if (!g_utf8_validate_len (text, length, NULL))
    {
      char *valid = g_utf8_make_valid (text, length);

      g_free (text);
      text = valid;
    }

  if (info != NULL)
    {
      EpistleDraftInfo *meta = read_info (self, id, NULL);

      if (meta == NULL)
        {
          /* The text survived without its metadata: describe what we can. */
          GStatBuf st;

          meta = g_new0 (EpistleDraftInfo, 1);
          meta->id = g_strdup (id);
          if (g_stat (text_path, &st) == 0)
            meta->modified = (gint64) st.st_mtime * G_USEC_PER_SEC;
        }

      *info = meta;
    }

  return g_steal_pointer (&text);
}

static gboolean
unlink_if_exists (const char  *path,
                  GError     **error)
{
  if (g_unlink (path) != 0 && errno != ENOENT)
    {
      int errsv = errno;
      g_autofree char *name = g_filename_display_basename (path);

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   _("Could not remove the draft “%s”: %s"), name, g_strerror (errsv));
      return FALSE;
    }

  return TRUE;
}

static gboolean
remove_locked (EpistleDraftStore  *self,
               const char         *id,
               GError            **error)
{
  g_autofree char *text_path = draft_path (self, id, TEXT_SUFFIX);
  g_autofree char *meta_path = draft_path (self, id, META_SUFFIX);

  /* Metadata first, so the draft leaves list() in one step. */
  return unlink_if_exists (meta_path, error) &&
         unlink_if_exists (text_path, error);
}

gboolean
epistle_draft_store_remove (EpistleDraftStore  *self,
                            const char         *id,
                            GError            **error)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (EPISTLE_IS_DRAFT_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_id (id, error))
    return FALSE;

  locker = g_mutex_locker_new (&self->mutex);

  return remove_locked (self, id, error);
}

/* ------------------------------------------------------------------ list -- */

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b)
{
  const EpistleDraftInfo *ia = *(EpistleDraftInfo * const *) a;
  const EpistleDraftInfo *ib = *(EpistleDraftInfo * const *) b;

  if (ia->modified != ib->modified)
    return ia->modified > ib->modified ? -1 : 1;

  return strcmp (ia->id, ib->id);
}

/* Returns the id when @name is "ID.ini"/"ID.txt" with a valid id. */
static char *
id_from_name (const char *name,
              const char *suffix)
{
  g_autofree char *id = NULL;

  if (!g_str_has_suffix (name, suffix))
    return NULL;

  id = g_strndup (name, strlen (name) - strlen (suffix));
  if (!id_is_valid (id))
    return NULL;

  return g_steal_pointer (&id);
}

GPtrArray *
epistle_draft_store_list (EpistleDraftStore *self)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GPtrArray) drafts = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_return_val_if_fail (EPISTLE_IS_DRAFT_STORE (self), NULL);

  drafts = g_ptr_array_new_with_free_func ((GDestroyNotify) epistle_draft_info_free);

  locker = g_mutex_locker_new (&self->mutex);

  dir = g_dir_open (self->directory, 0, NULL);
  if (dir == NULL)
    return g_steal_pointer (&drafts);

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *id = id_from_name (name, META_SUFFIX);
      g_autofree char *text_path = NULL;
      EpistleDraftInfo *info;

      if (id == NULL)
        continue;

      /* A draft is listed only when both halves are readable. */
      text_path = draft_path (self, id, TEXT_SUFFIX);
      if (!g_file_test (text_path, G_FILE_TEST_IS_REGULAR))
        continue;

      info = read_info (self, id, NULL);
      if (info == NULL)
        continue;

      g_ptr_array_add (drafts, info);
    }

  g_ptr_array_sort (drafts, compare_newest_first);

  return g_steal_pointer (&drafts);
}

/* --------------------------------------------------------------- collect -- */

static gint64
mtime_usec (const GStatBuf *st)
{
  return (gint64) st->st_mtim.tv_sec * G_USEC_PER_SEC + st->st_mtim.tv_nsec / 1000;
}

static guint
collect_locked (EpistleDraftStore  *self,
                const char * const *keep,
                gint64              min_age_seconds,
                GError            **error)
{
  g_autoptr(GHashTable) newest = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GDir) dir = NULL;
  GHashTableIter iter;
  gpointer key, value;
  const char *name;
  gint64 now = g_get_real_time ();
  gint64 min_age = min_age_seconds > 0 ? min_age_seconds * G_USEC_PER_SEC : 0;
  guint removed = 0;

  dir = g_dir_open (self->directory, 0, &local_error);
  if (dir == NULL)
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return 0;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return 0;
    }

  /* id → the newest time either half was written. */
  newest = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (self->directory, name, NULL);
      g_autofree char *id = NULL;
      GStatBuf st;
      gint64 *slot;
      gint64 when;

      if (g_lstat (path, &st) != 0 || !S_ISREG (st.st_mode))
        continue;

      if (epistle_atomic_is_temp_name (name))
        {
          /* Left by a write that was killed; a young one may belong to
           * another instance that is writing right now. */
          if (now - mtime_usec (&st) >= min_age)
            g_unlink (path);
          continue;
        }

      id = id_from_name (name, TEXT_SUFFIX);
      if (id == NULL)
        id = id_from_name (name, META_SUFFIX);
      if (id == NULL)
        continue;

      when = mtime_usec (&st);
      if (g_str_has_suffix (name, META_SUFFIX))
        {
          g_autoptr(EpistleDraftInfo) info = read_info (self, id, NULL);

          if (info != NULL)
            when = MAX (when, info->modified);
        }

      slot = g_hash_table_lookup (newest, id);
      if (slot == NULL)
        {
          slot = g_new (gint64, 1);
          *slot = when;
          g_hash_table_insert (newest, g_steal_pointer (&id), slot);
        }
      else
        *slot = MAX (*slot, when);
    }

  g_hash_table_iter_init (&iter, newest);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *id = key;
      gint64 when = *(gint64 *) value;

      if (keep != NULL && g_strv_contains (keep, id))
        continue;

      if (now - when < min_age)
        continue;

      if (remove_locked (self, id, local_error == NULL ? &local_error : NULL))
        removed++;
    }

  /* One draft that cannot be removed does not stop the others; the first
   * failure is reported alongside the count of those that went. */
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));

  return removed;
}

guint
epistle_draft_store_collect (EpistleDraftStore  *self,
                             const char * const *keep,
                             gint64              min_age_seconds,
                             GError            **error)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (EPISTLE_IS_DRAFT_STORE (self), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  locker = g_mutex_locker_new (&self->mutex);

  return collect_locked (self, keep, min_age_seconds, error);
}

typedef struct {
  GStrv  keep;
  gint64 min_age_seconds;
} CollectData;

static void
collect_data_free (CollectData *cd)
{
  g_strfreev (cd->keep);
  g_free (cd);
}

static void
collect_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  EpistleDraftStore *self = source_object;
  CollectData *cd = task_data;
  GError *error = NULL;
  guint removed;

  if (g_task_return_error_if_cancelled (task))
    return;

  removed = epistle_draft_store_collect (self, (const char * const *) cd->keep,
                                         cd->min_age_seconds, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_int (task, removed);
}

void
epistle_draft_store_collect_async (EpistleDraftStore   *self,
                                   const char * const  *keep,
                                   gint64               min_age_seconds,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  CollectData *cd;

  g_return_if_fail (EPISTLE_IS_DRAFT_STORE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  cd = g_new0 (CollectData, 1);
  cd->keep = g_strdupv ((char **) keep);
  cd->min_age_seconds = min_age_seconds;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, epistle_draft_store_collect_async);
  g_task_set_name (task, "[epistle] collect drafts");
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, cd, (GDestroyNotify) collect_data_free);
  g_task_run_in_thread (task, collect_thread);
}

guint
epistle_draft_store_collect_finish (EpistleDraftStore  *self,
                                    GAsyncResult       *result,
                                    GError            **error)
{
  gssize removed;

  g_return_val_if_fail (EPISTLE_IS_DRAFT_STORE (self), 0);
  g_return_val_if_fail (g_task_is_valid (result, self), 0);

  removed = g_task_propagate_int (G_TASK (result), error);

  return removed < 0 ? 0 : (guint) removed;
}
