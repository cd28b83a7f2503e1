/* SPDX-License-Identifier: GPL-3.0-or-later
 * epistle-doc-state.c — per-document memory in a key file: one group per
 * document (its URI, escaped), a "used" time for pruning, then the keys. */

#include "config.h"

#include <glib/gstdio.h>

#include "epistle-atomic.h"
#include "epistle-doc-state.h"

#define USED_KEY "used"

struct _EpistleDocState
{
  char     *path;
  GKeyFile *keys;
};

EpistleDocState *
epistle_doc_state_new (const char *path)
{
  EpistleDocState *self = g_new0 (EpistleDocState, 1);

  self->path = path != NULL ? g_strdup (path)
                            : g_build_filename (g_get_user_state_dir (), "epistle", "documents.ini", NULL);
  self->keys = g_key_file_new ();
  return self;
}

void
epistle_doc_state_free (EpistleDocState *self)
{
  if (self == NULL)
    return;
  g_free (self->path);
  g_key_file_unref (self->keys);
  g_free (self);
}

const char *
epistle_doc_state_get_path (EpistleDocState *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->path;
}

/* Group names may not hold '[', ']' or line breaks; URIs of other schemes
 * than file: might.  Escaping is one-way, which lookups do not mind. */
static char *
group_for (const char *uri)
{
  return g_uri_escape_string (uri, G_URI_RESERVED_CHARS_ALLOWED_IN_PATH "?#", TRUE);
}

gboolean
epistle_doc_state_load (EpistleDocState *self,
                        GError         **error)
{
  g_autoptr(GKeyFile) keys = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (self != NULL, FALSE);

  if (!g_key_file_load_from_file (keys, self->path, G_KEY_FILE_NONE, &local_error))
    {
      g_key_file_unref (self->keys);
      self->keys = g_key_file_new ();
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return TRUE;
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "%s: ", self->path);
      return FALSE;
    }
  g_key_file_unref (self->keys);
  self->keys = g_steal_pointer (&keys);
  return TRUE;
}

typedef struct {
  char   *group;
  gint64  used;
} Entry;

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b)
{
  const Entry *x = a, *y = b;

  return x->used > y->used ? -1 : x->used < y->used;
}

/* Forgets the least recently used documents beyond the bound. */
static void
prune (EpistleDocState *self)
{
  g_auto(GStrv) groups = g_key_file_get_groups (self->keys, NULL);
  guint n = g_strv_length (groups);
  g_autofree Entry *entries = NULL;

  if (n <= EPISTLE_DOC_STATE_MAX_DOCUMENTS)
    return;
  entries = g_new (Entry, n);
  for (guint i = 0; i < n; i++)
    {
      entries[i].group = groups[i];
      entries[i].used = g_key_file_get_int64 (self->keys, groups[i], USED_KEY, NULL);
    }
  qsort (entries, n, sizeof (Entry), compare_newest_first);
  for (guint i = EPISTLE_DOC_STATE_MAX_DOCUMENTS; i < n; i++)
    g_key_file_remove_group (self->keys, entries[i].group, NULL);
}

static GBytes *
serialize (EpistleDocState *self)
{
  gsize length = 0;
  char *data;

  prune (self);
  data = g_key_file_to_data (self->keys, &length, NULL);
  return g_bytes_new_take (data, length);
}

static gboolean
make_folder (const char  *path,
             GError     **error)
{
  g_autofree char *folder = g_path_get_dirname (path);

  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "Could not create %s: %s", folder, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

gboolean
epistle_doc_state_save (EpistleDocState *self,
                        GError         **error)
{
  g_autoptr(GBytes) bytes = NULL;
  gsize length = 0;
  const void *data;

  g_return_val_if_fail (self != NULL, FALSE);

  if (!make_folder (self->path, error))
    return FALSE;
  bytes = serialize (self);
  data = g_bytes_get_data (bytes, &length);
  return epistle_atomic_write (self->path, data, length, error);
}

static void
save_written (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (epistle_atomic_write_finish (result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
epistle_doc_state_save_async (EpistleDocState    *self,
                              GAsyncReadyCallback callback,
                              gpointer            user_data)
{
  g_autoptr(GBytes) bytes = NULL;
  GError *error = NULL;
  GTask *task;

  g_return_if_fail (self != NULL);

  task = g_task_new (NULL, NULL, callback, user_data);
  g_task_set_source_tag (task, epistle_doc_state_save_async);
  if (!make_folder (self->path, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  bytes = serialize (self);
  epistle_atomic_write_async (self->path, bytes, NULL, save_written, task);
}

gboolean
epistle_doc_state_save_finish (GAsyncResult *result,
                               GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

char *
epistle_doc_state_get_string (EpistleDocState *self,
                              const char      *uri,
                              const char      *key)
{
  g_autofree char *group = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  if (uri == NULL)
    return NULL;
  group = group_for (uri);
  return g_key_file_get_string (self->keys, group, key, NULL);
}

static void
touch (EpistleDocState *self,
       const char      *group)
{
  g_key_file_set_int64 (self->keys, group, USED_KEY, g_get_real_time () / G_USEC_PER_SEC);
}

void
epistle_doc_state_set_string (EpistleDocState *self,
                              const char      *uri,
                              const char      *key,
                              const char      *value)
{
  g_autofree char *group = NULL;

  g_return_if_fail (self != NULL);
  g_return_if_fail (key != NULL && !g_str_equal (key, USED_KEY));

  if (uri == NULL)
    return;
  group = group_for (uri);
  if (value == NULL)
    {
      g_key_file_remove_key (self->keys, group, key, NULL);
      return;
    }
  touch (self, group);
  g_key_file_set_string (self->keys, group, key, value);
}

gboolean
epistle_doc_state_get_boolean (EpistleDocState *self,
                               const char      *uri,
                               const char      *key,
                               gboolean         fallback)
{
  g_autofree char *group = NULL;
  g_autoptr(GError) error = NULL;
  gboolean value;

  g_return_val_if_fail (self != NULL, fallback);

  if (uri == NULL)
    return fallback;
  group = group_for (uri);
  value = g_key_file_get_boolean (self->keys, group, key, &error);
  return error == NULL ? value : fallback;
}

void
epistle_doc_state_set_boolean (EpistleDocState *self,
                               const char      *uri,
                               const char      *key,
                               gboolean         value)
{
  g_autofree char *group = NULL;

  g_return_if_fail (self != NULL);
  g_return_if_fail (key != NULL && !g_str_equal (key, USED_KEY));

  if (uri == NULL)
    return;
  group = group_for (uri);
  touch (self, group);
  g_key_file_set_boolean (self->keys, group, key, value);
}

void
epistle_doc_state_copy (EpistleDocState *self,
                        const char      *from,
                        const char      *to)
{
  g_autofree char *source = NULL;
  g_autofree char *target = NULL;
  g_auto(GStrv) keys = NULL;

  g_return_if_fail (self != NULL);

  if (from == NULL || to == NULL || g_str_equal (from, to))
    return;
  source = group_for (from);
  target = group_for (to);
  keys = g_key_file_get_keys (self->keys, source, NULL, NULL);
  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    {
      g_autofree char *value = g_key_file_get_value (self->keys, source, keys[i], NULL);

      if (value != NULL)
        g_key_file_set_value (self->keys, target, keys[i], value);
    }
  if (keys != NULL)
    touch (self, target);
}

guint
epistle_doc_state_get_n_documents (EpistleDocState *self)
{
  gsize n = 0;
  g_auto(GStrv) groups = NULL;

  g_return_val_if_fail (self != NULL, 0);
  groups = g_key_file_get_groups (self->keys, &n);
  return n;
}
