/* SPDX-License-Identifier: GPL-3.0-or-later
 * epistle-session.c — reads and atomically writes session.ini: the open
 * documents in window order, their drafts and cursors, and the clean flag. */

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "epistle-atomic.h"
#include "epistle-session.h"

#define SESSION_GROUP    "session"
#define DOCUMENT_PREFIX  "document"
#define KEY_CLEAN        "clean"
#define KEY_VERSION      "version"
#define KEY_URI          "uri"
#define KEY_DRAFT        "draft"
#define KEY_CURSOR       "cursor"
#define KEY_MODIFIED     "modified"
#define SESSION_VERSION  1

struct _EpistleSession
{
  char      *path;
  GPtrArray *entries;   /* of EpistleSessionEntry */
  gboolean   clean;
};

static void
session_entry_free (EpistleSessionEntry *entry)
{
  g_free (entry->uri);
  g_free (entry->draft_id);
  g_free (entry);
}

EpistleSession *
epistle_session_new (const char *path)
{
  EpistleSession *self = g_new0 (EpistleSession, 1);

  if (path != NULL)
    self->path = g_strdup (path);
  else
    self->path = g_build_filename (g_get_user_state_dir (), "epistle", "session.ini", NULL);

  self->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) session_entry_free);
  /* Nothing has been read yet: an empty session that ended well. */
  self->clean = TRUE;

  return self;
}

void
epistle_session_free (EpistleSession *self)
{
  if (self == NULL)
    return;

  g_free (self->path);
  g_ptr_array_unref (self->entries);
  g_free (self);
}

const char *
epistle_session_get_path (EpistleSession *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->path;
}

gboolean
epistle_session_get_clean (EpistleSession *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->clean;
}

void
epistle_session_set_clean (EpistleSession *self,
                           gboolean        clean)
{
  g_return_if_fail (self != NULL);

  self->clean = !!clean;
}

GPtrArray *
epistle_session_get_entries (EpistleSession *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->entries;
}

void
epistle_session_clear_entries (EpistleSession *self)
{
  g_return_if_fail (self != NULL);

  g_ptr_array_set_size (self->entries, 0);
}

void
epistle_session_add_entry (EpistleSession *self,
                           const char     *uri,
                           const char     *draft_id,
                           gint64          cursor,
                           gboolean        modified)
{
  EpistleSessionEntry *entry;

  g_return_if_fail (self != NULL);

  entry = g_new0 (EpistleSessionEntry, 1);
  entry->uri = g_strdup (uri);
  entry->draft_id = g_strdup (draft_id);
  entry->cursor = MAX (cursor, 0);
  entry->modified = !!modified;

  g_ptr_array_add (self->entries, entry);
}

/* ----------------------------------------------------------------- load -- */

/* Parses "documentN"; returns -1 for any other group name. */
static gint64
document_index (const char *group)
{
  const char *digits;
  char *end = NULL;
  guint64 n;

  if (!g_str_has_prefix (group, DOCUMENT_PREFIX))
    return -1;

  digits = group + strlen (DOCUMENT_PREFIX);
  if (!g_ascii_isdigit (digits[0]))
    return -1;

  n = g_ascii_strtoull (digits, &end, 10);
  if (*end != '\0' || n > G_MAXINT32)
    return -1;

  return (gint64) n;
}

typedef struct {
  gint64      index;
  const char *group;
} GroupIndex;

static int
compare_group_index (gconstpointer a,
                     gconstpointer b)
{
  const GroupIndex *ga = a;
  const GroupIndex *gb = b;

  return ga->index < gb->index ? -1 : ga->index > gb->index;
}

static char *
get_optional_string (GKeyFile   *keyfile,
                     const char *group,
                     const char *key)
{
  char *value = g_key_file_get_string (keyfile, group, key, NULL);

  if (value != NULL && value[0] == '\0')
    g_clear_pointer (&value, g_free);

  return value;
}

static void
read_entries (EpistleSession *self,
              GKeyFile       *keyfile)
{
  g_auto(GStrv) groups = g_key_file_get_groups (keyfile, NULL);
  g_autoptr(GArray) order = g_array_new (FALSE, FALSE, sizeof (GroupIndex));

  for (guint i = 0; groups[i] != NULL; i++)
    {
      GroupIndex gi = { document_index (groups[i]), groups[i] };

      if (gi.index >= 0)
        g_array_append_val (order, gi);
    }

  g_array_sort (order, compare_group_index);

  for (guint i = 0; i < order->len; i++)
    {
      const char *group = g_array_index (order, GroupIndex, i).group;
      g_autofree char *uri = get_optional_string (keyfile, group, KEY_URI);
      g_autofree char *draft = get_optional_string (keyfile, group, KEY_DRAFT);
      gint64 cursor;
      gboolean modified;

      /* Missing or malformed values fall back to 0 / FALSE: a session is
       * worth restoring even when one detail of it is wrong. */
      cursor = g_key_file_get_int64 (keyfile, group, KEY_CURSOR, NULL);
      modified = g_key_file_get_boolean (keyfile, group, KEY_MODIFIED, NULL);

      epistle_session_add_entry (self, uri, draft, cursor, modified);
    }
}

gboolean
epistle_session_load (EpistleSession  *self,
                      GError         **error)
{
  g_autoptr(GKeyFile) keyfile = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *name = NULL;
  gsize length;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  epistle_session_clear_entries (self);
  /* Until the file says otherwise, assume the last run did not end well. */
  self->clean = FALSE;

  if (!g_file_get_contents (self->path, &contents, &length, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        {
          /* First run (or the file was deleted): nothing to restore. */
          self->clean = TRUE;
          return TRUE;
        }

      name = g_filename_display_name (self->path);
      g_set_error (error, G_IO_ERROR, g_io_error_from_file_error (local_error->code),
                   _("Could not read the session file “%s”: %s"),
                   name, local_error->message);
      return FALSE;
    }

  keyfile = g_key_file_new ();
  /* We always write UTF-8; anything else is damage, not a session. */
  if (!g_utf8_validate_len (contents, length, NULL))
    g_set_error_literal (&local_error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_UNKNOWN_ENCODING,
                         _("The file is not valid UTF-8"));
  else
    g_key_file_load_from_data (keyfile, contents, length, G_KEY_FILE_NONE, &local_error);

  if (local_error != NULL)
    {
      name = g_filename_display_name (self->path);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The session file “%s” is damaged: %s"),
                   name, local_error->message);
      return FALSE;
    }

  self->clean = g_key_file_get_boolean (keyfile, SESSION_GROUP, KEY_CLEAN, NULL);
  read_entries (self, keyfile);

  return TRUE;
}

/* ----------------------------------------------------------------- save -- */

static GBytes *
epistle_session_serialize (EpistleSession *self)
{
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  char *data;
  gsize length;

  g_key_file_set_integer (keyfile, SESSION_GROUP, KEY_VERSION, SESSION_VERSION);
  g_key_file_set_boolean (keyfile, SESSION_GROUP, KEY_CLEAN, self->clean);

  for (guint i = 0; i < self->entries->len; i++)
    {
      const EpistleSessionEntry *entry = g_ptr_array_index (self->entries, i);
      g_autofree char *group = g_strdup_printf (DOCUMENT_PREFIX "%u", i);

      if (entry->uri != NULL)
        g_key_file_set_string (keyfile, group, KEY_URI, entry->uri);
      if (entry->draft_id != NULL)
        g_key_file_set_string (keyfile, group, KEY_DRAFT, entry->draft_id);
      g_key_file_set_int64 (keyfile, group, KEY_CURSOR, entry->cursor);
      g_key_file_set_boolean (keyfile, group, KEY_MODIFIED, entry->modified);
    }

  data = g_key_file_to_data (keyfile, &length, NULL);
  return g_bytes_new_take (data, length);
}

static gboolean
write_session_file (const char  *path,
                    GBytes      *bytes,
                    GError     **error)
{
  g_autofree char *folder = g_path_get_dirname (path);

  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int errsv = errno;
      g_autofree char *name = g_filename_display_name (folder);

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   _("Could not create the folder “%s”: %s"), name, g_strerror (errsv));
      return FALSE;
    }

  return epistle_atomic_write (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), error);
}

gboolean
epistle_session_save (EpistleSession  *self,
                      GError         **error)
{
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  bytes = epistle_session_serialize (self);
  return write_session_file (self->path, bytes, error);
}

typedef struct {
  char   *path;
  GBytes *bytes;
} SaveJob;

static void
save_job_free (SaveJob *job)
{
  g_free (job->path);
  g_bytes_unref (job->bytes);
  g_free (job);
}

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SaveJob *job = task_data;
  GError *error = NULL;

  if (write_session_file (job->path, job->bytes, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
epistle_session_save_async (EpistleSession     *self,
                            GCancellable       *cancellable,
                            GAsyncReadyCallback callback,
                            gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  SaveJob *job;

  g_return_if_fail (self != NULL);

  /* The state is captured now, on the caller's thread; only the write
   * (and its fsyncs) happens in the worker. */
  job = g_new0 (SaveJob, 1);
  job->path = g_strdup (self->path);
  job->bytes = epistle_session_serialize (self);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, epistle_session_save_async);
  g_task_set_task_data (task, job, (GDestroyNotify) save_job_free);
  g_task_run_in_thread (task, save_thread);
}

gboolean
epistle_session_save_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
