/* SPDX-License-Identifier: GPL-3.0-or-later
 * epistle-document.c — reads and decodes files in a worker, saves through an
 * atomic replace in a worker, and never overwrites a file changed on disk. */

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sys/stat.h>

#include "epistle-atomic.h"
#include "epistle-buffer-copy.h"
#include "epistle-document.h"


/* What we know of the file on disk, to tell our writes from others'. */
typedef struct {
  gboolean exists;
  gint64   mtime_ns;
  gint64   size;
  guint64  inode;
  gboolean writable;
} DiskStamp;

struct _EpistleDocument
{
  GObject            parent_instance;

  GtkSourceBuffer   *buffer;
  GFile             *file;
  GFileMonitor      *monitor;
  EpistleTextFormat  format;
  DiskStamp          stamp;
  char              *draft_id;

  guint64            change_serial;
  guint              check_disk_source;
  EpistleDiskState   disk_state;
  guint              busy : 1;
  guint              loading : 1;
  guint              read_only : 1;
};

G_DEFINE_FINAL_TYPE (EpistleDocument, epistle_document, G_TYPE_OBJECT)

G_DEFINE_QUARK (epistle-document-error-quark, epistle_document_error)

enum {
  PROP_0,
  PROP_FILE,
  PROP_TITLE,
  PROP_SUBTITLE,
  PROP_MODIFIED,
  PROP_READ_ONLY,
  PROP_BUSY,
  PROP_DISK_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void epistle_document_watch (EpistleDocument *self);

static void
disk_stamp_read (const char *path,
                 DiskStamp  *stamp)
{
  GStatBuf st;

  memset (stamp, 0, sizeof *stamp);
  if (path == NULL || g_stat (path, &st) != 0)
    return;

  stamp->exists = TRUE;
  stamp->mtime_ns = (gint64) st.st_mtim.tv_sec * G_GINT64_CONSTANT (1000000000) + st.st_mtim.tv_nsec;
  stamp->size = st.st_size;
  stamp->inode = st.st_ino;
  /* access(2) says yes to root for any file; the mode bits tell what the
   * writer meant, so a file marked read-only opens read-only for root too. */
  stamp->writable = g_access (path, W_OK) == 0 && (st.st_mode & 0222) != 0;
}

static gboolean
disk_stamp_equal (const DiskStamp *a,
                  const DiskStamp *b)
{
  return a->exists == b->exists &&
         a->mtime_ns == b->mtime_ns &&
         a->size == b->size &&
         a->inode == b->inode;
}

static void
epistle_document_set_disk_state (EpistleDocument  *self,
                                 EpistleDiskState  state)
{
  if (self->disk_state == state)
    return;
  self->disk_state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISK_STATE]);
}

static void
epistle_document_set_busy (EpistleDocument *self,
                           gboolean         busy)
{
  if (self->busy == !!busy)
    return;
  self->busy = !!busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
epistle_document_set_read_only (EpistleDocument *self,
                                gboolean         read_only)
{
  if (self->read_only == !!read_only)
    return;
  self->read_only = !!read_only;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READ_ONLY]);
}

/* Epistle's own Markdown grammar (resources/language-specs), from a
 * language manager of its own. GtkSourceView's default manager reads the
 * headers of the ~180 languages it knows at its first lookup, and its
 * Markdown embeds HTML, and with it CSS and JavaScript: loading those took
 * ~70 ms at every start on a Markdown document, before the first frame. */
static GtkSourceLanguage *
markdown_language (void)
{
  static const char * const search_path[] = { "resource:///org/epistle/Epistle/language-specs", NULL };
  static GtkSourceLanguageManager *manager;

  if (manager == NULL)
    {
      manager = gtk_source_language_manager_new ();
      gtk_source_language_manager_set_search_path (manager, search_path);
    }
  return gtk_source_language_manager_get_language (manager, "epistle-markdown");
}

static void
epistle_document_update_language (EpistleDocument *self)
{
  g_autofree char *name = self->file ? g_file_get_basename (self->file) : NULL;
  GtkSourceLanguage *language = NULL;

  /* Markdown unless the writer chose plain text (.txt) on purpose. */
  if (name == NULL || !g_str_has_suffix (name, ".txt"))
    language = markdown_language ();

  if (gtk_source_buffer_get_language (self->buffer) != language)
    gtk_source_buffer_set_language (self->buffer, language);
}

void
epistle_document_set_file (EpistleDocument *self,
                           GFile           *file)
{
  g_return_if_fail (EPISTLE_IS_DOCUMENT (self));
  g_return_if_fail (!file || G_IS_FILE (file));

  if (self->file == file || (self->file && file && g_file_equal (self->file, file)))
    return;

  g_set_object (&self->file, file);
  epistle_document_update_language (self);
  epistle_document_watch (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUBTITLE]);
}

/* ------------------------------------------------------------ disk watch -- */

static void
check_disk_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  GFile *file = task_data;
  g_autofree char *path = g_file_get_path (file);
  DiskStamp *stamp = g_new0 (DiskStamp, 1);

  disk_stamp_read (path, stamp);
  g_task_return_pointer (task, stamp, g_free);
}

static void
check_disk_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  EpistleDocument *self = EPISTLE_DOCUMENT (object);
  g_autofree DiskStamp *stamp = g_task_propagate_pointer (G_TASK (result), NULL);
  GFile *checked = g_task_get_task_data (G_TASK (result));

  if (stamp == NULL || self->busy || self->file == NULL || !g_file_equal (checked, self->file))
    return;

  if (!stamp->exists)
    epistle_document_set_disk_state (self, EPISTLE_DISK_STATE_DELETED);
  else if (!disk_stamp_equal (stamp, &self->stamp))
    epistle_document_set_disk_state (self, EPISTLE_DISK_STATE_CHANGED);
  else
    epistle_document_set_disk_state (self, EPISTLE_DISK_STATE_IN_SYNC);
}

static gboolean
check_disk_now (gpointer user_data)
{
  EpistleDocument *self = user_data;
  g_autoptr(GTask) task = NULL;

  self->check_disk_source = 0;
  if (self->file == NULL)
    return G_SOURCE_REMOVE;

  task = g_task_new (self, NULL, check_disk_cb, NULL);
  g_task_set_source_tag (task, check_disk_now);
  g_task_set_task_data (task, g_object_ref (self->file), g_object_unref);
  g_task_run_in_thread (task, check_disk_thread);
  return G_SOURCE_REMOVE;
}

static void
on_monitor_changed (EpistleDocument   *self,
                    GFile             *file,
                    GFile             *other_file,
                    GFileMonitorEvent  event,
                    GFileMonitor      *monitor)
{
  if (event == G_FILE_MONITOR_EVENT_ATTRIBUTE_CHANGED)
    return;
  /* Editors and sync tools write in bursts; look once things settle. */
  g_clear_handle_id (&self->check_disk_source, g_source_remove);
  self->check_disk_source = g_timeout_add (250, check_disk_now, self);
}

static void
epistle_document_watch (EpistleDocument *self)
{
  if (self->monitor != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->monitor, on_monitor_changed, self);
      g_file_monitor_cancel (self->monitor);
      g_clear_object (&self->monitor);
    }
  if (self->file == NULL)
    return;

  self->monitor = g_file_monitor_file (self->file, G_FILE_MONITOR_WATCH_MOVES, NULL, NULL);
  if (self->monitor != NULL)
    g_signal_connect_swapped (self->monitor, "changed", G_CALLBACK (on_monitor_changed), self);
}

/* ------------------------------------------------------------------ load -- */

typedef struct {
  GFile             *file;
  char              *text;
  gsize              length;
  EpistleTextFormat  format;
  DiskStamp          stamp;
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_clear_object (&data->file);
  g_free (data->text);
  epistle_text_format_clear (&data->format);
  g_free (data);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadData *data = task_data;
  g_autofree char *contents = NULL;
  g_autofree char *path = g_file_get_path (data->file);
  g_autoptr(GError) error = NULL;
  gsize length = 0;

  disk_stamp_read (path, &data->stamp);

  if (!g_file_load_contents (data->file, cancellable, &contents, &length, NULL, &error))
    {
      g_autofree char *name = NULL;

      /* A file that is not there yet is a new, empty document under that
       * name (`epistle new-chapter.md`), written there at the first save.
       * Whether it can be written is found out then, with its message. */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND) && !data->stamp.exists)
        {
          data->text = g_strdup ("");
          data->length = 0;
          data->stamp.writable = TRUE;
          g_task_return_boolean (task, TRUE);
          return;
        }
      name = g_file_get_basename (data->file);
      g_task_return_new_error (task, error->domain, error->code,
                               _("Could not open “%s”: %s"), name, error->message);
      return;
    }

  data->text = epistle_decode ((const guint8 *) contents, length, &data->format, &data->length, &error);
  if (data->text == NULL)
    {
      g_autofree char *name = g_file_get_basename (data->file);
      if (g_error_matches (error, EPISTLE_ENCODING_ERROR, EPISTLE_ENCODING_ERROR_BINARY))
        g_task_return_new_error (task, error->domain, error->code,
                                 _("“%s” is not a text document (it contains binary data), so it was not opened."),
                                 name);
      else
        g_task_return_new_error (task, error->domain, error->code,
                                 _("Could not open “%s”: %s"), name, error->message);
      return;
    }

  g_task_return_boolean (task, TRUE);
}

/* A long manuscript goes into the buffer in slices: the first page shows
 * at once and the rest follows between frames, with the view read-only
 * until the whole text is in. */
#define LOAD_FIRST_SLICE (48 * 1024)
#define LOAD_SLICE       (384 * 1024)

typedef struct {
  GTask *task;     /* the caller's */
  GTask *inner;    /* owns the LoadData */
  gsize  pos;
} LoadSlices;

static void
load_slices_free (LoadSlices *slices)
{
  g_clear_object (&slices->task);
  g_clear_object (&slices->inner);
  g_free (slices);
}

static void
append_slice (EpistleDocument *self,
              LoadData        *data,
              gsize           *pos,
              gsize            want)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (self->buffer);
  const char *text = data->text + *pos;
  gsize left = data->length - *pos;
  gsize len = MIN (want, left);
  GtkTextIter end;

  /* End the slice after a line break, so no character is ever split. */
  if (len < left)
    {
      const char *nl = memchr (text + len, '\n', left - len);
      len = nl ? (gsize) (nl - text) + 1 : left;
    }

  gtk_text_buffer_begin_irreversible_action (buffer);
  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_insert (buffer, &end, text, (int) len);
  gtk_text_buffer_end_irreversible_action (buffer);
  gtk_text_buffer_set_modified (buffer, FALSE);
  *pos += len;
}

static void
load_finish_slices (EpistleDocument *self,
                    LoadSlices      *slices)
{
  LoadData *data = g_task_get_task_data (slices->inner);

  gtk_text_buffer_set_modified (GTK_TEXT_BUFFER (self->buffer), FALSE);
  epistle_document_set_read_only (self, !data->stamp.writable);
  epistle_document_set_disk_state (self, EPISTLE_DISK_STATE_IN_SYNC);
  self->loading = FALSE;
  epistle_document_set_busy (self, FALSE);

  g_task_return_boolean (slices->task, TRUE);
  load_slices_free (slices);
}

static gboolean
load_next_slice (gpointer user_data)
{
  LoadSlices *slices = user_data;
  EpistleDocument *self = g_task_get_source_object (slices->task);
  LoadData *data = g_task_get_task_data (slices->inner);

  append_slice (self, data, &slices->pos, LOAD_SLICE);
  if (slices->pos < data->length)
    {
      /* The first page has been drawn by now; the rest goes in ahead of
       * redraws and background line validation (but after input), so the
       * manuscript is whole and editable as soon as possible. */
      g_idle_add_full (G_PRIORITY_HIGH_IDLE + 10, load_next_slice, slices, NULL);
      return G_SOURCE_REMOVE;
    }

  load_finish_slices (self, slices);
  return G_SOURCE_REMOVE;
}

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  EpistleDocument *self = EPISTLE_DOCUMENT (object);
  g_autoptr(GTask) task = user_data;
  GTask *inner = G_TASK (result);
  LoadData *data = g_task_get_task_data (inner);
  g_autoptr(GError) error = NULL;
  LoadSlices *slices;
  GtkTextIter start;

  if (!g_task_propagate_boolean (inner, &error))
    {
      self->loading = FALSE;
      epistle_document_set_busy (self, FALSE);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  epistle_text_format_clear (&self->format);
  epistle_text_format_copy (&self->format, &data->format);
  self->stamp = data->stamp;

  slices = g_new0 (LoadSlices, 1);
  slices->task = g_steal_pointer (&task);
  slices->inner = g_object_ref (inner);

  gtk_text_buffer_begin_irreversible_action (GTK_TEXT_BUFFER (self->buffer));
  gtk_text_buffer_set_text (GTK_TEXT_BUFFER (self->buffer), "", 0);
  gtk_text_buffer_end_irreversible_action (GTK_TEXT_BUFFER (self->buffer));
  append_slice (self, data, &slices->pos, LOAD_FIRST_SLICE);
  gtk_text_buffer_get_start_iter (GTK_TEXT_BUFFER (self->buffer), &start);
  gtk_text_buffer_select_range (GTK_TEXT_BUFFER (self->buffer), &start, &start);
  epistle_document_set_file (self, data->file);

  if (slices->pos < data->length)
    g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, load_next_slice, slices, NULL);
  else
    load_finish_slices (self, slices);
}

void
epistle_document_load_async (EpistleDocument    *self,
                             GFile              *file,
                             GCancellable       *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) inner = NULL;
  LoadData *data;

  g_return_if_fail (EPISTLE_IS_DOCUMENT (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, epistle_document_load_async);

  if (self->busy)
    {
      g_task_return_new_error (task, EPISTLE_DOCUMENT_ERROR, EPISTLE_DOCUMENT_ERROR_BUSY,
                               _("The document is busy loading or saving"));
      return;
    }

  /* Loading first, so whoever watches "busy" already sees a load. */
  self->loading = TRUE;
  epistle_document_set_busy (self, TRUE);

  data = g_new0 (LoadData, 1);
  data->file = g_object_ref (file);
  epistle_text_format_init (&data->format);

  inner = g_task_new (self, cancellable, load_cb, g_steal_pointer (&task));
  g_task_set_task_data (inner, data, (GDestroyNotify) load_data_free);
  g_task_run_in_thread (inner, load_thread);
}

gboolean
epistle_document_load_finish (EpistleDocument *self,
                              GAsyncResult    *result,
                              GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ------------------------------------------------------------------ save -- */

typedef struct {
  GFile             *file;
  char              *text;
  EpistleTextFormat  format;
  DiskStamp          expected;     /* what we last saw on disk        */
  DiskStamp          written;      /* what our write left on disk     */
  guint64            serial;
  EpistleSaveFlags   flags;
  gboolean           same_file;
} SaveData;

static void
save_data_free (SaveData *data)
{
  g_clear_object (&data->file);
  g_free (data->text);
  epistle_text_format_clear (&data->format);
  g_free (data);
}

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SaveData *data = task_data;
  g_autofree char *path = g_file_get_path (data->file);
  g_autofree char *name = g_file_get_basename (data->file);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  DiskStamp now;

  if (path == NULL)
    {
      g_task_return_new_error (task, EPISTLE_DOCUMENT_ERROR, EPISTLE_DOCUMENT_ERROR_NOT_LOCAL,
                               _("Could not save “%s”: only local files can be saved"), name);
      return;
    }

  /* Never silently overwrite a change someone else made on disk. */
  if (data->same_file && !(data->flags & EPISTLE_SAVE_FLAGS_OVERWRITE_CHANGES))
    {
      disk_stamp_read (path, &now);
      if (now.exists && data->expected.exists && !disk_stamp_equal (&now, &data->expected))
        {
          g_task_return_new_error (task, EPISTLE_DOCUMENT_ERROR, EPISTLE_DOCUMENT_ERROR_CHANGED_ON_DISK,
                                   _("“%s” was changed by another program since it was opened. "
                                     "Reload it, or keep your version to save over it."), name);
          return;
        }
    }

  bytes = epistle_encode (data->text, -1, &data->format, &error);
  if (bytes == NULL)
    {
      g_task_return_new_error (task, error->domain, error->code,
                               _("Could not save “%s”: %s"), name, error->message);
      return;
    }

  if (!epistle_atomic_write (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  disk_stamp_read (path, &data->written);
  g_task_return_boolean (task, TRUE);
}

static void
save_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  EpistleDocument *self = EPISTLE_DOCUMENT (object);
  g_autoptr(GTask) task = user_data;
  GTask *inner = G_TASK (result);
  SaveData *data = g_task_get_task_data (inner);
  g_autoptr(GError) error = NULL;

  epistle_document_set_busy (self, FALSE);

  if (!g_task_propagate_boolean (inner, &error))
    {
      if (g_error_matches (error, EPISTLE_DOCUMENT_ERROR, EPISTLE_DOCUMENT_ERROR_CHANGED_ON_DISK))
        epistle_document_set_disk_state (self, EPISTLE_DISK_STATE_CHANGED);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  self->stamp = data->written;
  epistle_text_format_clear (&self->format);
  epistle_text_format_copy (&self->format, &data->format);
  epistle_document_set_file (self, data->file);
  epistle_document_set_read_only (self, !data->written.writable);
  epistle_document_set_disk_state (self, EPISTLE_DISK_STATE_IN_SYNC);

  /* Typing during the save keeps the document modified. */
  if (data->serial == self->change_serial)
    gtk_text_buffer_set_modified (GTK_TEXT_BUFFER (self->buffer), FALSE);

  g_task_return_boolean (task, TRUE);
}

static void
save_text_copied (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) inner = user_data;
  EpistleDocument *self = g_task_get_source_object (inner);
  SaveData *data = g_task_get_task_data (inner);
  GError *error = NULL;

  data->text = epistle_buffer_copy_finish (GTK_TEXT_BUFFER (object), result, &error);
  if (data->text == NULL)
    {
      g_task_return_error (inner, error);   /* cancelled: save_cb says so */
      return;
    }
  /* The text as it is now: typing after this keeps the document modified. */
  data->serial = self->change_serial;
  g_task_run_in_thread (inner, save_thread);
}

void
epistle_document_save_async (EpistleDocument    *self,
                             GFile              *file,
                             EpistleSaveFlags    flags,
                             GCancellable       *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) inner = NULL;
  SaveData *data;

  g_return_if_fail (EPISTLE_IS_DOCUMENT (self));
  g_return_if_fail (!file || G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, epistle_document_save_async);

  if (file == NULL)
    file = self->file;
  if (file == NULL)
    {
      g_task_return_new_error (task, EPISTLE_DOCUMENT_ERROR, EPISTLE_DOCUMENT_ERROR_UNTITLED,
                               _("The document has no file yet"));
      return;
    }
  if (self->busy)
    {
      g_task_return_new_error (task, EPISTLE_DOCUMENT_ERROR, EPISTLE_DOCUMENT_ERROR_BUSY,
                               _("The document is busy loading or saving"));
      return;
    }

  epistle_document_set_busy (self, TRUE);

  data = g_new0 (SaveData, 1);
  data->file = g_object_ref (file);
  data->same_file = self->file != NULL && g_file_equal (file, self->file);
  data->expected = self->stamp;
  data->flags = flags;
  epistle_text_format_copy (&data->format, &self->format);

  inner = g_task_new (self, cancellable, save_cb, g_steal_pointer (&task));
  g_task_set_task_data (inner, data, (GDestroyNotify) save_data_free);
  /* The text a slice at a time, ahead of GtkTextView's background layout
   * but after the frames: a novel's 3 MB at once would hold the window
   * still for 10–15 ms. Keys typed meanwhile start the copy again, so
   * what is written is the text as it was at one moment. */
  epistle_buffer_copy_async (GTK_TEXT_BUFFER (self->buffer), GDK_PRIORITY_REDRAW + 1,
                             cancellable, save_text_copied, g_steal_pointer (&inner));
}

gboolean
epistle_document_save_finish (EpistleDocument *self,
                              GAsyncResult    *result,
                              GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ------------------------------------------------------------- accessors -- */

static void
on_buffer_changed (EpistleDocument *self)
{
  self->change_serial++;
}

static void
on_modified_changed (EpistleDocument *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
}

EpistleDocument *
epistle_document_new (void)
{
  return g_object_new (EPISTLE_TYPE_DOCUMENT, NULL);
}

GtkSourceBuffer *
epistle_document_get_buffer (EpistleDocument *self)
{
  g_return_val_if_fail (EPISTLE_IS_DOCUMENT (self), NULL);
  return self->buffer;
}

GFile *
epistle_document_get_file (EpistleDocument *self)
{
  g_return_val_if_fail (EPISTLE_IS_DOCUMENT (self), NULL);
  return self->file;
}

char *
epistle_document_dup_title (EpistleDocument *self)
{
  g_return_val_if_fail (EPISTLE_IS_DOCUMENT (self), NULL);

  if (self->file == NULL)
    return g_strdup (_("Untitled Letter"));
  return g_file_get_basename (self->file);
}

char *
epistle_document_dup_subtitle (EpistleDocument *self)
{
  g_autoptr(GFile) parent = NULL;
  g_autoptr(GFile) home = NULL;
  g_autofree char *relative = NULL;

  g_return_val_if_fail (EPISTLE_IS_DOCUMENT (self), NULL);

  if (self->file == NULL)
    return g_strdup (_("Draft"));

  parent = g_file_get_parent (self->file);
  if (parent == NULL)
    return g_strdup ("/");

  home = g_file_new_for_path (g_get_home_dir ());
  if (g_file_equal (parent, home))
    return g_strdup ("~");
  relative = g_file_get_relative_path (home, parent);
  if (relative != NULL)
    return g_strconcat ("~/", relative, NULL);
  return g_file_get_parse_name (parent);
}

gboolean
epistle_document_get_modified (EpistleDocument *self)
{
  g_return_val_if_fail (EPISTLE_IS_DOCUMENT (self), FALSE);
  return gtk_text_buffer_get_modified (GTK_TEXT_BUFFER (self->buffer));
}

gboolean
epistle_document_get_read_only (EpistleDocument *self)
{
  g_return_val_if_fail (EPISTLE_IS_DOCUMENT (self), FALSE);
  return self->read_only;
}

/* Whether the document's file was there when it was last read or written
 * (FALSE for one opened by a name not on disk yet, until its first save). */
gboolean
epistle_document_get_on_disk (EpistleDocument *self)
{
  g_return_val_if_fail (EPISTLE_IS_DOCUMENT (self), FALSE);
  return self->stamp.exists;
}

gboolean
epistle_document_get_loading (EpistleDocument *self)
{
  g_return_val_if_fail (EPISTLE_IS_DOCUMENT (self), FALSE);
  return self->loading;
}

gboolean
epistle_document_get_busy (EpistleDocument *self)
{
  g_return_val_if_fail (EPISTLE_IS_DOCUMENT (self), FALSE);
  return self->busy;
}

EpistleDiskState
epistle_document_get_disk_state (EpistleDocument *self)
{
  g_return_val_if_fail (EPISTLE_IS_DOCUMENT (self), EPISTLE_DISK_STATE_IN_SYNC);
  return self->disk_state;
}

const EpistleTextFormat *
epistle_document_get_format (EpistleDocument *self)
{
  g_return_val_if_fail (EPISTLE_IS_DOCUMENT (self), NULL);
  return &self->format;
}

guint64
epistle_document_get_change_serial (EpistleDocument *self)
{
  g_return_val_if_fail (EPISTLE_IS_DOCUMENT (self), 0);
  return self->change_serial;
}

const char *
epistle_document_get_draft_id (EpistleDocument *self)
{
  g_return_val_if_fail (EPISTLE_IS_DOCUMENT (self), NULL);
  return self->draft_id;
}

void
epistle_document_set_draft_id (EpistleDocument *self,
                               const char      *draft_id)
{
  g_return_if_fail (EPISTLE_IS_DOCUMENT (self));
  g_set_str (&self->draft_id, draft_id);
}

void
epistle_document_set_text (EpistleDocument *self,
                           const char      *text,
                           gboolean         modified)
{
  GtkTextIter start;

  g_return_if_fail (EPISTLE_IS_DOCUMENT (self));

  if (self->file == NULL)
    epistle_document_update_language (self);
  gtk_text_buffer_begin_irreversible_action (GTK_TEXT_BUFFER (self->buffer));
  gtk_text_buffer_set_text (GTK_TEXT_BUFFER (self->buffer), text, -1);
  gtk_text_buffer_end_irreversible_action (GTK_TEXT_BUFFER (self->buffer));
  gtk_text_buffer_get_start_iter (GTK_TEXT_BUFFER (self->buffer), &start);
  gtk_text_buffer_select_range (GTK_TEXT_BUFFER (self->buffer), &start, &start);
  gtk_text_buffer_set_modified (GTK_TEXT_BUFFER (self->buffer), modified);
}

void
epistle_document_keep_mine (EpistleDocument *self)
{
  g_autofree char *path = NULL;

  g_return_if_fail (EPISTLE_IS_DOCUMENT (self));

  /* What is on disk now counts as seen; the buffer is what the writer
   * wants, so it becomes unsaved work until they save. */
  path = self->file ? g_file_get_path (self->file) : NULL;
  disk_stamp_read (path, &self->stamp);
  gtk_text_buffer_set_modified (GTK_TEXT_BUFFER (self->buffer), TRUE);
  epistle_document_set_disk_state (self, EPISTLE_DISK_STATE_IN_SYNC);
}

void
epistle_document_use_utf8 (EpistleDocument *self)
{
  EpistleNewline newline;

  g_return_if_fail (EPISTLE_IS_DOCUMENT (self));

  newline = self->format.newline;
  epistle_text_format_clear (&self->format);
  epistle_text_format_init (&self->format);
  self->format.newline = newline;
}

/* ------------------------------------------------------------- GObject --- */

static void
epistle_document_dispose (GObject *object)
{
  EpistleDocument *self = EPISTLE_DOCUMENT (object);

  g_clear_handle_id (&self->check_disk_source, g_source_remove);
  if (self->monitor != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->monitor, on_monitor_changed, self);
      g_file_monitor_cancel (self->monitor);
      g_clear_object (&self->monitor);
    }

  G_OBJECT_CLASS (epistle_document_parent_class)->dispose (object);
}

static void
epistle_document_finalize (GObject *object)
{
  EpistleDocument *self = EPISTLE_DOCUMENT (object);

  g_clear_object (&self->buffer);
  g_clear_object (&self->file);
  g_clear_pointer (&self->draft_id, g_free);
  epistle_text_format_clear (&self->format);

  G_OBJECT_CLASS (epistle_document_parent_class)->finalize (object);
}

static void
epistle_document_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  EpistleDocument *self = EPISTLE_DOCUMENT (object);

  switch (prop_id)
    {
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;
    case PROP_TITLE:
      g_value_take_string (value, epistle_document_dup_title (self));
      break;
    case PROP_SUBTITLE:
      g_value_take_string (value, epistle_document_dup_subtitle (self));
      break;
    case PROP_MODIFIED:
      g_value_set_boolean (value, epistle_document_get_modified (self));
      break;
    case PROP_READ_ONLY:
      g_value_set_boolean (value, self->read_only);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    case PROP_DISK_STATE:
      g_value_set_int (value, self->disk_state);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
epistle_document_class_init (EpistleDocumentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = epistle_document_dispose;
  object_class->finalize = epistle_document_finalize;
  object_class->get_property = epistle_document_get_property;

  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SUBTITLE] =
    g_param_spec_string ("subtitle", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MODIFIED] =
    g_param_spec_boolean ("modified", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_READ_ONLY] =
    g_param_spec_boolean ("read-only", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DISK_STATE] =
    g_param_spec_int ("disk-state", NULL, NULL,
                      EPISTLE_DISK_STATE_IN_SYNC, EPISTLE_DISK_STATE_DELETED, EPISTLE_DISK_STATE_IN_SYNC,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
epistle_document_init (EpistleDocument *self)
{
  self->buffer = gtk_source_buffer_new (NULL);
  gtk_source_buffer_set_highlight_matching_brackets (self->buffer, FALSE);
  gtk_text_buffer_set_enable_undo (GTK_TEXT_BUFFER (self->buffer), TRUE);
  epistle_text_format_init (&self->format);

  g_signal_connect_object (self->buffer, "changed",
                           G_CALLBACK (on_buffer_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->buffer, "modified-changed",
                           G_CALLBACK (on_modified_changed), self, G_CONNECT_SWAPPED);
}
