/* SPDX-License-Identifier: GPL-3.0-or-later
 * epistle-window-history.c — the window's side of version history: the
 * document's history opened (and moved along with Save As) in a worker,
 * a version at every save and every few minutes, Save Version…, the
 * History page, the comparison view in place of the editor, restoring a
 * version (one undo step, then a new version) or one paragraph of it,
 * milestones, tracking in a git repository, syncing with a server.  Every
 * git operation runs in a worker; the engine serializes them. */

#include "config.h"

#include <glib/gi18n.h>

#include "epistle-encoding.h"
#include "epistle-window-private.h"

/* Loose objects from which a managed history is packed after a version. */
#define REPACK_LOOSE 30

typedef enum {
  JOB_OPEN,
  JOB_RENAME,
  JOB_SNAPSHOT,
  JOB_COMPARE,
  JOB_READ,
  JOB_MILESTONE,
  JOB_TRACK,
  JOB_SYNC,
  JOB_REPACK,
  JOB_REMOTE,
} JobKind;

typedef struct {
  JobKind         kind;
  EpistleWindow  *self;
  EpistleHistory *history;
  guint           generation;
  char           *path;
  char           *message;
  char           *milestone;
  char           *name;
  char           *email;
  char           *old_rev;      /* compare: "" = the version before new_rev */
  char           *new_rev;      /* compare: "" = new_text                    */
  char           *new_text;
  gsize           new_length;
  guint64         serial;
  gboolean        explicit_request;
  gboolean        then_restore;
  gboolean        in_queue;     /* ran in turn, the next one starts after it */
  /* results */
  EpistleHistory *opened;
  char           *where;
  EpistleVersion *version;
  EpistleComparison *comparison;
  char           *title;
  char           *subtitle;
  char           *text;
  EpistleSyncResult sync;
} Job;

static void
job_free (gpointer data)
{
  Job *job = data;

  g_clear_object (&job->self);
  g_clear_pointer (&job->history, epistle_history_free);
  g_clear_pointer (&job->opened, epistle_history_free);
  g_clear_pointer (&job->version, epistle_version_free);
  g_clear_pointer (&job->comparison, epistle_comparison_free);
  g_free (job->path);
  g_free (job->message);
  g_free (job->milestone);
  g_free (job->name);
  g_free (job->email);
  g_free (job->old_rev);
  g_free (job->new_rev);
  g_free (job->new_text);
  g_free (job->where);
  g_free (job->title);
  g_free (job->subtitle);
  g_free (job->text);
  g_free (job);
}

static Job *
job_new (EpistleWindow *self,
         JobKind        kind)
{
  Job *job = g_new0 (Job, 1);

  job->kind = kind;
  job->self = g_object_ref (self);
  job->generation = self->history_generation;
  if (self->history != NULL)
    job->history = epistle_history_ref (self->history);
  return job;
}

static char *
describe (EpistleHistory *history)
{
  g_autofree char *repo = epistle_history_dup_repository_path (history);

  if (epistle_history_get_kind (history) == EPISTLE_HISTORY_MANAGED)
    return g_strdup (_("Versions kept by Epistle"));
  else
    {
      g_autofree char *trimmed = g_strdup (repo);
      g_autofree char *workdir = NULL;
      g_autofree char *name = NULL;
      gsize len = strlen (trimmed);

      while (len > 1 && trimmed[len - 1] == '/')
        trimmed[--len] = '\0';
      workdir = g_path_get_dirname (trimmed);
      name = g_filename_display_basename (workdir);
      return g_strdup_printf (_("Versions in the git repository “%s”"), name);
    }
}

/* Text of a version decoded for display and comparison. */
static char *
decode_bytes (GBytes  *bytes,
              gsize   *length,
              GError **error)
{
  EpistleTextFormat format;
  char *text = epistle_decode (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                               &format, length, error);
  if (text != NULL)
    epistle_text_format_clear (&format);
  return text;
}

static void
history_thread (GTask        *task,
                gpointer      source,
                gpointer      data,
                GCancellable *cancellable)
{
  Job *job = data;
  GError *error = NULL;
  gboolean ok = TRUE;

  /* Waited for a history that could not be opened: nothing to do. */
  if (job->history == NULL && job->kind != JOB_OPEN)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  switch (job->kind)
    {
    case JOB_OPEN:
      job->opened = epistle_history_open (job->path, NULL, &error);
      ok = job->opened != NULL;
      if (ok)
        job->where = describe (job->opened);
      break;

    case JOB_RENAME:
      ok = epistle_history_rename (job->history, job->path, &error);
      if (ok)
        job->where = describe (job->history);
      break;

    case JOB_SNAPSHOT:
      ok = epistle_history_snapshot (job->history, job->message, job->milestone, job->name, job->email,
                                     &job->version, &error);
      break;

    case JOB_REPACK:
      ok = epistle_history_repack (job->history, REPACK_LOOSE, &error);
      break;

    case JOB_REMOTE:
      job->text = epistle_history_dup_remote_url (job->history);
      break;

    case JOB_MILESTONE:
      ok = epistle_history_add_milestone (job->history, job->new_rev, job->milestone, &error);
      break;

    case JOB_TRACK:
      ok = epistle_history_track_in_folder (job->history, &error);
      if (ok)
        job->where = describe (job->history);
      break;

    case JOB_SYNC:
      ok = epistle_history_sync (job->history, job->message, &job->sync, &error);
      break;

    case JOB_READ:
      {
        g_autoptr(GBytes) bytes = NULL;
        g_autoptr(EpistleVersion) v = epistle_history_lookup (job->history, job->new_rev, &error);
        if (v != NULL)
          bytes = epistle_history_read (job->history, v->id, &error);
        ok = bytes != NULL;
        if (ok)
          {
            job->text = decode_bytes (bytes, &job->new_length, &error);
            ok = job->text != NULL;
            job->version = g_steal_pointer (&v);
          }
      }
      break;

    case JOB_COMPARE:
      {
        g_autoptr(EpistleVersion) newer = NULL;
        g_autoptr(EpistleVersion) older = NULL;
        g_autoptr(GBytes) old_bytes = NULL;
        g_autofree char *old_text = NULL;
        gsize old_length = 0;

        if (job->new_rev[0] != '\0')
          {
            g_autoptr(GBytes) bytes = NULL;
            newer = epistle_history_lookup (job->history, job->new_rev, &error);
            if (newer != NULL)
              bytes = epistle_history_read (job->history, newer->id, &error);
            if (bytes == NULL || (job->new_text = decode_bytes (bytes, &job->new_length, &error)) == NULL)
              {
                ok = FALSE;
                break;
              }
          }
        if (job->old_rev[0] == '\0')
          {
            /* The version before the new one (nothing before the first). */
            g_autoptr(GPtrArray) before = epistle_history_log (job->history, newer->id, 1, &error);
            if (before == NULL)
              {
                ok = FALSE;
                break;
              }
            if (before->len > 0)
              older = g_ptr_array_steal_index (before, 0);
          }
        else
          {
            older = epistle_history_lookup (job->history, job->old_rev, &error);
            if (older == NULL)
              {
                ok = FALSE;
                break;
              }
          }
        if (older != NULL)
          {
            old_bytes = epistle_history_read (job->history, older->id, &error);
            if (old_bytes == NULL || (old_text = decode_bytes (old_bytes, &old_length, &error)) == NULL)
              {
                ok = FALSE;
                break;
              }
          }
        else
          old_text = g_strdup ("");

        /* The view is about the version chosen: the older one compared with
         * now, or the newer one compared with what came before it. */
        if (newer == NULL)
          {
            g_autofree char *when = epistle_history_format_time (older->time, g_get_real_time () / G_USEC_PER_SEC);
            job->title = g_strdup (older->summary);
            job->subtitle = g_strdup_printf (_("%s, compared with the text now"), when);
            job->version = g_steal_pointer (&older);
          }
        else if (older == NULL)
          {
            g_autofree char *when = epistle_history_format_time (newer->time, g_get_real_time () / G_USEC_PER_SEC);
            job->title = g_strdup (newer->summary);
            job->subtitle = g_strdup_printf (_("%s, the first version"), when);
            job->version = g_steal_pointer (&newer);
          }
        else
          {
            g_autofree char *a = epistle_history_format_time (older->time, g_get_real_time () / G_USEC_PER_SEC);
            g_autofree char *b = epistle_history_format_time (newer->time, g_get_real_time () / G_USEC_PER_SEC);
            job->title = g_strdup (newer->summary);
            job->subtitle = g_strdup_printf (_("%s, compared with “%s” (%s)"), b, older->summary, a);
            job->version = g_steal_pointer (&newer);
          }
        job->comparison = epistle_comparison_new (g_steal_pointer (&old_text), old_length,
                                                  g_steal_pointer (&job->new_text), job->new_length);
      }
      break;
    }

  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void present_sync_dialog (EpistleWindow *self,
                                 const char    *url);
static void history_done (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data);

static void
start_job (Job *job)
{
  g_autoptr(GTask) task = g_task_new (NULL, NULL, history_done, job);

  g_task_set_source_tag (task, start_job);
  g_task_set_task_data (task, job, NULL);
  g_task_run_in_thread (task, history_thread);
}

/* Jobs that change the history run one after the other, in the order
 * asked (a Save As moves the history before the save's version is
 * made); reading and comparing run at once. */
static gboolean
is_queued (JobKind kind)
{
  return kind != JOB_COMPARE && kind != JOB_READ && kind != JOB_REPACK && kind != JOB_REMOTE;
}

static void
run_job (EpistleWindow *self,
         Job           *job)
{
  self->history_jobs++;
  /* Reading waits too while the history it reads is being opened. */
  job->in_queue = is_queued (job->kind) || self->history_opening;
  if (!job->in_queue)
    start_job (job);
  else if (self->history_queue_busy)
    g_queue_push_tail (&self->history_queue, job);
  else
    {
      self->history_queue_busy = TRUE;
      start_job (job);
    }
}

static void
show_error (EpistleWindow *self,
            const GError  *error,
            gboolean       always)
{
  /* The same complaint at every save would be noise: once is enough. */
  if (!always && g_strcmp0 (self->history_last_error, error->message) == 0)
    return;
  g_set_str (&self->history_last_error, error->message);
  _epistle_window_toast (self, error->message);
}

static void
update_actions (EpistleWindow *self)
{
  /* A history still to be opened is opened by the first command. */
  gboolean has = self->history != NULL || self->history_opening || self->history_deferred;
  gboolean showing = g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack), "version") == 0;
  const char *enabled_with_history[] = {
    "save-version", "save-version-dialog", "show-version", "compare-versions", "restore-version",
    "copy-version-text", "mark-version", "name-milestone", "sync-history",
  };

  for (guint i = 0; i < G_N_ELEMENTS (enabled_with_history); i++)
    g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self), enabled_with_history[i])), has);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self), "track-history-in-folder")),
                               self->history != NULL && epistle_history_get_kind (self->history) == EPISTLE_HISTORY_MANAGED);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self), "close-version")), showing);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self), "version-next-change")), showing);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self), "version-previous-change")), showing);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self), "restore-version-paragraph")),
                               showing && self->compare_against_current);
}

static void
close_version (EpistleWindow *self)
{
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack), "version") != 0)
    return;
  gtk_stack_set_visible_child_name (self->content_stack, "editor");
  epistle_version_view_clear (self->version_view);
  epistle_history_pane_set_shown (self->history_pane, NULL);
  g_clear_pointer (&self->shown_version, g_free);
  self->compare_generation++;
  update_actions (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->view));
}

static void read_version (EpistleWindow *self,
                          const char    *id,
                          gboolean       then_restore);
static void snapshot_now (EpistleWindow *self,
                          const char    *message,
                          const char    *milestone,
                          gboolean       explicit_request);

static void
finish_restore (EpistleWindow *self,
                Job           *job)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (epistle_document_get_buffer (self->document));
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (job->version->time);
  g_autofree char *date = g_date_time_format (when, "%e %B %Y, %H:%M");
  GtkTextIter start, end;

  /* One undo step puts the text back as it was before. */
  gtk_text_buffer_begin_user_action (buffer);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_delete (buffer, &start, &end);
  gtk_text_buffer_insert (buffer, &start, job->text, (int) job->new_length);
  gtk_text_buffer_end_user_action (buffer);
  gtk_text_buffer_get_start_iter (buffer, &start);
  gtk_text_buffer_place_cursor (buffer, &start);

  close_version (self);
  g_free (self->history_pending_message);
  self->history_pending_message = g_strdup_printf (_("Restored the version of %s (“%s”)"),
                                                   g_strstrip (date), job->version->summary);
  self->history_pending_force = TRUE;
  /* Saved at once, so that the restored text is the newest version. */
  g_action_group_activate_action (G_ACTION_GROUP (self), "save", NULL);
}

static void
history_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Job *job = user_data;
  EpistleWindow *self = job->self;
  g_autoptr(GError) error = NULL;
  gboolean ok = g_task_propagate_boolean (G_TASK (result), &error);
  gboolean current = job->generation == self->history_generation;

  self->history_jobs--;
  if (gtk_widget_in_destruction (GTK_WIDGET (self)) || self->history_disposed)
    goto out;
  /* Waited in line for a history that could not be opened (the History
   * page says why): nothing to show. */
  if (job->history == NULL && job->kind != JOB_OPEN && job->kind != JOB_SNAPSHOT)
    {
      if (job->kind == JOB_COMPARE && job->serial == self->compare_generation)
        close_version (self);
      goto out;
    }

  switch (job->kind)
    {
    case JOB_OPEN:
      if (!current)
        break;
      self->history_opening = FALSE;
      g_clear_pointer (&self->history, epistle_history_free);
      g_clear_pointer (&self->history_last_error, g_free);
      if (ok)
        {
          self->history = g_steal_pointer (&job->opened);
          /* The text as opened is not an edit. */
          self->history_serial = epistle_document_get_change_serial (self->document);
          g_set_str (&self->history_where, job->where);
          self->history_pane_unavailable = FALSE;
          epistle_history_pane_set_history (self->history_pane, self->history, job->where, NULL);
        }
      else
        epistle_history_pane_set_history (self->history_pane, NULL, NULL, error->message);
      update_actions (self);
      break;

    case JOB_RENAME:
      if (ok)
        g_set_str (&self->history_where, job->where);
      if (ok)
        epistle_history_pane_set_history (self->history_pane, self->history, job->where, NULL);
      else
        show_error (self, error, TRUE);
      break;

    case JOB_SNAPSHOT:
      if (!ok)
        {
          /* Nowhere to keep versions: the page says why, the letter is saved. */
          if (g_error_matches (error, EPISTLE_HISTORY_ERROR, EPISTLE_HISTORY_ERROR_UNAVAILABLE))
            {
              epistle_history_pane_set_history (self->history_pane, NULL, NULL, error->message);
              self->history_pane_unavailable = TRUE;
            }
          show_error (self, error, job->explicit_request);
          break;
        }
      g_clear_pointer (&self->history_last_error, g_free);
      if (self->history_pane_unavailable)
        {
          self->history_pane_unavailable = FALSE;
          epistle_history_pane_set_history (self->history_pane, self->history, self->history_where, NULL);
        }
      else if (job->version != NULL || job->milestone != NULL)
        epistle_history_pane_reload (self->history_pane);
      if (job->explicit_request)
        {
          if (job->milestone != NULL)
            {
              g_autofree char *message = g_strdup_printf (_("Milestone “%s” named"), job->milestone);
              _epistle_window_toast (self, message);
            }
          else if (job->version != NULL)
            _epistle_window_toast (self, _("Version saved"));
          else
            _epistle_window_toast (self, _("No changes since the last version"));
        }
      if (job->version != NULL && job->history != NULL)
        {
          Job *repack = job_new (self, JOB_REPACK);
          run_job (self, repack);
        }
      break;

    case JOB_REPACK:
      if (!ok)
        g_warning ("Packing the history: %s", error->message);
      break;

    case JOB_REMOTE:
      present_sync_dialog (self, job->text);
      break;

    case JOB_MILESTONE:
      if (ok)
        {
          g_autofree char *message = g_strdup_printf (_("Milestone “%s” named"), job->milestone);
          _epistle_window_toast (self, message);
          epistle_history_pane_reload (self->history_pane);
        }
      else
        show_error (self, error, TRUE);
      break;

    case JOB_TRACK:
      if (ok)
        {
          _epistle_window_toast (self, _("The versions are now in a git repository in the document’s folder"));
          g_set_str (&self->history_where, job->where);
          epistle_history_pane_set_history (self->history_pane, self->history, job->where, NULL);
          update_actions (self);
        }
      else
        show_error (self, error, TRUE);
      break;

    case JOB_SYNC:
      if (ok)
        {
          const char *messages[] = {
            [EPISTLE_SYNC_UP_TO_DATE] = N_("The server has the same versions"),
            [EPISTLE_SYNC_PUSHED] = N_("The versions were sent to the server"),
            [EPISTLE_SYNC_PULLED] = N_("Newer versions came from the server"),
          };
          _epistle_window_toast (self, _(messages[job->sync]));
          epistle_history_pane_reload (self->history_pane);
          if (job->sync == EPISTLE_SYNC_PULLED && epistle_document_get_file (self->document) != NULL &&
              !epistle_document_get_modified (self->document))
            epistle_window_load_file (self, epistle_document_get_file (self->document));
        }
      else
        show_error (self, error, TRUE);
      break;

    case JOB_READ:
      if (!ok)
        {
          show_error (self, error, TRUE);
          break;
        }
      if (job->then_restore)
        finish_restore (self, job);
      else
        {
          GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (self));
          gdk_clipboard_set_text (clipboard, job->text);
          _epistle_window_toast (self, _("The text of the version was copied"));
        }
      break;

    case JOB_COMPARE:
      if (job->serial != self->compare_generation)
        break;
      if (!ok)
        {
          show_error (self, error, TRUE);
          close_version (self);
          break;
        }
      g_set_str (&self->shown_version, job->version->id);
      self->compare_against_current = job->new_rev[0] == '\0';
      self->compare_serial = job->new_rev[0] == '\0' ? self->compare_buffer_serial : 0;
      epistle_version_view_set_compare_visible (self->version_view, job->old_rev[0] == '\0' || job->new_rev[0] == '\0');
      epistle_version_view_show (self->version_view, job->title, job->subtitle,
                                 g_steal_pointer (&job->comparison), self->compare_against_current);
      epistle_history_pane_set_shown (self->history_pane, job->version->id);
      update_actions (self);
      break;
    }

out:
  /* The next job in line starts once this one's result is in place. */
  if (job->in_queue)
    {
      Job *next = g_queue_pop_head (&self->history_queue);
      self->history_queue_busy = next != NULL;
      if (next != NULL)
        {
          /* A history opened meanwhile: the next job is for it. */
          if (next->history == NULL && self->history != NULL && next->kind != JOB_OPEN)
            next->history = epistle_history_ref (self->history);
          start_job (next);
        }
    }
  job_free (job);
}

/* ---- opening and following the document -------------------------------- */

static void maybe_open_history (EpistleWindow *self);

void
_epistle_window_history_document_changed (EpistleWindow *self)
{
  GFile *file = epistle_document_get_file (self->document);
  g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;
  Job *job;

  if (g_strcmp0 (path, self->history_path) == 0)
    return;
  close_version (self);

  /* Saved under a new name: the versions go with it. */
  if (self->history_save_as && self->history != NULL && path != NULL)
    {
      self->history_save_as = FALSE;
      g_set_str (&self->history_path, path);
      job = job_new (self, JOB_RENAME);
      job->path = g_strdup (path);
      run_job (self, job);
      return;
    }
  self->history_save_as = FALSE;
  self->history_deferred = FALSE;
  g_set_str (&self->history_path, path);
  self->history_generation++;
  g_clear_pointer (&self->history, epistle_history_free);
  update_actions (self);
  if (path == NULL)
    {
      epistle_history_pane_set_history (self->history_pane, NULL, NULL,
                                        file != NULL ? _("Only documents on this computer keep versions.") : NULL);
      return;
    }
  /* Opened at its first use (a save, the History page, a command): the
   * git library's start-up (it reads every system certificate) and its
   * memory are not paid by a letter only read. */
  self->history_deferred = TRUE;
  self->history_serial = epistle_document_get_change_serial (self->document);
  update_actions (self);
  maybe_open_history (self);
}

/* The history of the document, opened if it waited for its first use.
 * TRUE when there is one, or one on its way (jobs run after it). */
static gboolean
open_history (EpistleWindow *self)
{
  if (self->history_deferred && self->history_path != NULL)
    {
      Job *job = job_new (self, JOB_OPEN);

      self->history_deferred = FALSE;
      job->path = g_strdup (self->history_path);
      self->history_opening = TRUE;
      run_job (self, job);
    }
  return self->history != NULL || self->history_opening;
}

/* The History page on screen: the versions are wanted. */
static void
maybe_open_history (EpistleWindow *self)
{
  if (adw_overlay_split_view_get_show_sidebar (self->sidebar_split) &&
      g_strcmp0 (adw_view_stack_get_visible_child_name (self->sidebar_stack), "history") == 0)
    open_history (self);
}

void
_epistle_window_history_save_as (EpistleWindow *self)
{
  self->history_save_as = TRUE;
}

static void
snapshot_now (EpistleWindow *self,
              const char    *message,
              const char    *milestone,
              gboolean       explicit_request)
{
  Job *job;

  /* A letter saved for the first time, or whose history waited for its
   * first use: it is being opened; the version waits in line behind. */
  if (!open_history (self))
    return;
  job = job_new (self, JOB_SNAPSHOT);
  job->message = g_strdup (message);
  job->milestone = milestone != NULL && *milestone != '\0' ? g_strdup (milestone) : NULL;
  job->name = g_settings_get_string (self->settings, "history-author-name");
  job->email = g_settings_get_string (self->settings, "history-author-email");
  job->explicit_request = explicit_request;
  run_job (self, job);
}

void
_epistle_window_history_saved (EpistleWindow *self)
{
  g_autofree char *message = g_steal_pointer (&self->history_pending_message);
  g_autofree char *milestone = g_steal_pointer (&self->history_pending_milestone);
  gboolean force = self->history_pending_force;
  gboolean explicit_request = self->history_pending_explicit;

  self->history_pending_force = FALSE;
  self->history_pending_explicit = FALSE;
  /* A Save As goes first to its new place (the rename job runs before). */
  _epistle_window_history_document_changed (self);
  if (force || explicit_request || g_settings_get_boolean (self->settings, "history-snapshot-on-save"))
    {
      snapshot_now (self, message, milestone, explicit_request);
      self->history_serial = epistle_document_get_change_serial (self->document);
    }
  if (self->history_restore_after_save != NULL)
    {
      g_autofree char *id = g_steal_pointer (&self->history_restore_after_save);
      read_version (self, id, TRUE);
    }
}

static gboolean
on_history_timer (gpointer data)
{
  EpistleWindow *self = data;
  guint64 serial = epistle_document_get_change_serial (self->document);

  /* Only while the letter is being worked on: its text is saved and so
   * becomes a version (a version is always of the text as saved). */
  if (serial == self->history_serial ||
      (self->history == NULL && !self->history_opening && !self->history_deferred))
    return G_SOURCE_CONTINUE;
  self->history_serial = serial;
  if (epistle_document_get_modified (self->document) && !epistle_document_get_busy (self->document) &&
      !epistle_document_get_read_only (self->document) && epistle_document_get_file (self->document) != NULL)
    {
      self->history_pending_force = TRUE;
      g_action_group_activate_action (G_ACTION_GROUP (self), "save", NULL);
    }
  else
    snapshot_now (self, NULL, NULL, FALSE);
  return G_SOURCE_CONTINUE;
}

/* For tests: what the timer does when it fires. */
void
_epistle_window_history_timer_fired (EpistleWindow *self)
{
  on_history_timer (self);
}

static void
restart_timer (EpistleWindow *self)
{
  guint minutes = g_settings_get_uint (self->settings, "history-snapshot-minutes");

  g_clear_handle_id (&self->history_timer, g_source_remove);
  if (minutes > 0)
    self->history_timer = g_timeout_add_seconds (minutes * 60, on_history_timer, self);
}

/* ---- comparing --------------------------------------------------------- */

static void
compare (EpistleWindow *self,
         const char    *old_rev,
         const char    *new_rev)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (epistle_document_get_buffer (self->document));
  Job *job;

  if (!open_history (self))
    return;
  job = job_new (self, JOB_COMPARE);
  job->old_rev = g_strdup (old_rev);
  job->new_rev = g_strdup (new_rev);
  if (new_rev[0] == '\0')
    {
      GtkTextIter start, end;
      gtk_text_buffer_get_bounds (buffer, &start, &end);
      job->new_text = gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
      job->new_length = strlen (job->new_text);
      self->compare_buffer_serial = epistle_document_get_change_serial (self->document);
    }
  job->serial = ++self->compare_generation;
  g_set_str (&self->compare_old, old_rev);
  g_set_str (&self->compare_new, new_rev);
  epistle_version_view_set_busy (self->version_view, _("Version"));
  /* Invisible until first shown (epistle-window.ui); a stack shows no
   * invisible page. */
  gtk_widget_set_visible (GTK_WIDGET (self->version_view), TRUE);
  gtk_stack_set_visible_child_name (self->content_stack, "version");
  update_actions (self);
  run_job (self, job);
}

static void
show_version (EpistleWindow *self,
              const char    *id)
{
  g_autofree char *mode = g_settings_get_string (self->settings, "history-compare");

  if (g_str_equal (mode, "previous"))
    compare (self, "", id);
  else
    compare (self, id, "");
}

static void
action_show_version (GSimpleAction *action,
                     GVariant      *param,
                     gpointer       user_data)
{
  show_version (EPISTLE_WINDOW (user_data), g_variant_get_string (param, NULL));
}

static void
action_compare_versions (GSimpleAction *action,
                         GVariant      *param,
                         gpointer       user_data)
{
  const char *old_rev, *new_rev;

  g_variant_get (param, "(&s&s)", &old_rev, &new_rev);
  if (old_rev[0] == '\0' && new_rev[0] == '\0')
    return;
  compare (EPISTLE_WINDOW (user_data), old_rev, new_rev);
}

static void
on_compare_setting (EpistleWindow *self)
{
  /* The With Now / With Before switch: the shown version again. */
  if (self->shown_version != NULL && g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack), "version") == 0 &&
      (g_strcmp0 (self->compare_old, "") == 0 || g_strcmp0 (self->compare_new, "") == 0))
    {
      g_autofree char *id = g_strdup (self->shown_version);
      show_version (self, id);
    }
}

static void
action_close_version (GSimpleAction *action,
                      GVariant      *param,
                      gpointer       user_data)
{
  close_version (EPISTLE_WINDOW (user_data));
}

static void
action_next_change (GSimpleAction *action,
                    GVariant      *param,
                    gpointer       user_data)
{
  EpistleWindow *self = user_data;
  if (!epistle_version_view_step_change (self->version_view, TRUE))
    gtk_widget_error_bell (GTK_WIDGET (self));
}

static void
action_previous_change (GSimpleAction *action,
                        GVariant      *param,
                        gpointer       user_data)
{
  EpistleWindow *self = user_data;
  if (!epistle_version_view_step_change (self->version_view, FALSE))
    gtk_widget_error_bell (GTK_WIDGET (self));
}

/* ---- restoring --------------------------------------------------------- */

static void
read_version (EpistleWindow *self,
              const char    *id,
              gboolean       then_restore)
{
  Job *job;

  if (!open_history (self))
    return;
  if (id[0] == '\0')
    id = self->shown_version;
  if (id == NULL)
    return;
  job = job_new (self, JOB_READ);
  job->new_rev = g_strdup (id);
  job->then_restore = then_restore;
  run_job (self, job);
}

static void
action_restore_version (GSimpleAction *action,
                        GVariant      *param,
                        gpointer       user_data)
{
  EpistleWindow *self = EPISTLE_WINDOW (user_data);
  const char *id = g_variant_get_string (param, NULL);

  if (id[0] == '\0')
    id = self->shown_version;
  if (id == NULL)
    return;
  /* Unsaved text is saved as a version of its own first: nothing typed
   * goes out of the history by a restore. */
  if (epistle_document_get_modified (self->document) && epistle_document_get_file (self->document) != NULL &&
      !epistle_document_get_read_only (self->document))
    {
      g_set_str (&self->history_restore_after_save, id);
      g_set_str (&self->history_pending_message, _("Before restoring an earlier version"));
      self->history_pending_force = TRUE;
      g_action_group_activate_action (G_ACTION_GROUP (self), "save", NULL);
      return;
    }
  read_version (self, id, TRUE);
}

static void
action_copy_version_text (GSimpleAction *action,
                          GVariant      *param,
                          gpointer       user_data)
{
  read_version (EPISTLE_WINDOW (user_data), g_variant_get_string (param, NULL), FALSE);
}

static void
action_restore_paragraph (GSimpleAction *action,
                          GVariant      *param,
                          gpointer       user_data)
{
  EpistleWindow *self = user_data;
  const EpistleComparison *c = epistle_version_view_get_comparison (self->version_view);
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (epistle_document_get_buffer (self->document));
  gsize os, oe, ns, ne;
  GtkTextIter start, end;
  g_autofree char *old_rev = NULL;

  if (c == NULL || !self->compare_against_current)
    return;
  if (epistle_document_get_change_serial (self->document) != self->compare_serial)
    {
      _epistle_window_toast (self, _("The letter changed since this comparison; compare again"));
      return;
    }
  if (!epistle_comparison_paragraph_at (c, epistle_version_view_get_cursor (self->version_view), &os, &oe, &ns, &ne))
    {
      _epistle_window_toast (self, _("This paragraph is the same in both"));
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }
  gtk_text_buffer_begin_user_action (buffer);
  gtk_text_buffer_get_iter_at_offset (buffer, &start, (int) g_utf8_pointer_to_offset (c->new_text, c->new_text + ns));
  gtk_text_buffer_get_iter_at_offset (buffer, &end, (int) g_utf8_pointer_to_offset (c->new_text, c->new_text + ne));
  gtk_text_buffer_delete (buffer, &start, &end);
  gtk_text_buffer_insert (buffer, &start, c->old_text + os, (int) (oe - os));
  gtk_text_buffer_end_user_action (buffer);
  gtk_text_buffer_place_cursor (buffer, &start);
  _epistle_window_toast (self, _("Paragraph restored in the letter"));
  /* Show the comparison as it is now. */
  old_rev = g_strdup (self->compare_old);
  compare (self, old_rev, "");
}

/* ---- versions, milestones, marks --------------------------------------- */

static void
save_then_snapshot (EpistleWindow *self,
                    const char    *message,
                    const char    *milestone)
{
  if (epistle_document_get_modified (self->document) || epistle_document_get_file (self->document) == NULL)
    {
      g_set_str (&self->history_pending_message, message);
      g_set_str (&self->history_pending_milestone, milestone);
      self->history_pending_explicit = TRUE;
      g_action_group_activate_action (G_ACTION_GROUP (self), "save", NULL);
    }
  else
    snapshot_now (self, message, milestone, TRUE);
}

static void
action_save_version (GSimpleAction *action,
                     GVariant      *param,
                     gpointer       user_data)
{
  const char *message = g_variant_get_string (param, NULL);
  save_then_snapshot (EPISTLE_WINDOW (user_data), message[0] != '\0' ? message : NULL, NULL);
}

static void
on_save_version_response (AdwAlertDialog *dialog,
                          const char     *response,
                          EpistleWindow  *self)
{
  GtkEditable *message = g_object_get_data (G_OBJECT (dialog), "message");
  GtkEditable *milestone = g_object_get_data (G_OBJECT (dialog), "milestone");
  const char *m = gtk_editable_get_text (message);

  if (!g_str_equal (response, "save"))
    return;
  save_then_snapshot (self, m[0] != '\0' ? m : NULL, gtk_editable_get_text (milestone));
}

static AdwDialog *
entry_dialog (const char *heading,
              const char *body,
              const char *first_title,
              const char *second_title,
              const char *accept)
{
  AdwDialog *dialog = adw_alert_dialog_new (heading, body);
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *first = adw_entry_row_new ();

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (first), first_title);
  adw_entry_row_set_activates_default (ADW_ENTRY_ROW (first), TRUE);
  gtk_list_box_append (GTK_LIST_BOX (list), first);
  g_object_set_data (G_OBJECT (dialog), "message", first);
  if (second_title != NULL)
    {
      GtkWidget *second = adw_entry_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (second), second_title);
      adw_entry_row_set_activates_default (ADW_ENTRY_ROW (second), TRUE);
      gtk_list_box_append (GTK_LIST_BOX (list), second);
      g_object_set_data (G_OBJECT (dialog), "milestone", second);
    }
  adw_alert_dialog_set_extra_child (ADW_ALERT_DIALOG (dialog), list);
  adw_alert_dialog_add_responses (ADW_ALERT_DIALOG (dialog), "cancel", _("_Cancel"), "save", accept, NULL);
  adw_alert_dialog_set_response_appearance (ADW_ALERT_DIALOG (dialog), "save", ADW_RESPONSE_SUGGESTED);
  adw_alert_dialog_set_default_response (ADW_ALERT_DIALOG (dialog), "save");
  adw_alert_dialog_set_close_response (ADW_ALERT_DIALOG (dialog), "cancel");
  adw_dialog_set_focus (dialog, first);
  return dialog;
}

static void
action_save_version_dialog (GSimpleAction *action,
                            GVariant      *param,
                            gpointer       user_data)
{
  EpistleWindow *self = user_data;
  AdwDialog *dialog = entry_dialog (_("Save Version"),
                                    _("Describe this draft; name it a milestone to find it easily later."),
                                    _("What Changed"), _("Milestone (Optional)"), _("_Save Version"));

  g_signal_connect_object (dialog, "response", G_CALLBACK (on_save_version_response), self, 0);
  adw_dialog_present (dialog, GTK_WIDGET (self));
}

static void
on_milestone_response (AdwAlertDialog *dialog,
                       const char     *response,
                       EpistleWindow  *self)
{
  const char *name = gtk_editable_get_text (g_object_get_data (G_OBJECT (dialog), "message"));
  Job *job;

  if (!g_str_equal (response, "save") || name[0] == '\0' || !open_history (self))
    return;
  job = job_new (self, JOB_MILESTONE);
  job->new_rev = g_strdup (g_object_get_data (G_OBJECT (dialog), "id"));
  job->milestone = g_strdup (name);
  run_job (self, job);
}

static void
action_name_milestone (GSimpleAction *action,
                       GVariant      *param,
                       gpointer       user_data)
{
  EpistleWindow *self = user_data;
  AdwDialog *dialog = entry_dialog (_("Name as Milestone"),
                                    _("A milestone marks a draft that matters, like “Sent to the editor”."),
                                    _("Milestone"), NULL, _("_Name"));

  g_object_set_data_full (G_OBJECT (dialog), "id", g_strdup (g_variant_get_string (param, NULL)), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_milestone_response), self, 0);
  adw_dialog_present (dialog, GTK_WIDGET (self));
}

static void
action_mark_version (GSimpleAction *action,
                     GVariant      *param,
                     gpointer       user_data)
{
  EpistleWindow *self = user_data;

  epistle_history_pane_set_marked (self->history_pane, g_variant_get_string (param, NULL));
  _epistle_window_toast (self, _("Marked — choose “Compare with Marked Version” on another version"));
}

static void
action_track_in_folder (GSimpleAction *action,
                        GVariant      *param,
                        gpointer       user_data)
{
  EpistleWindow *self = user_data;
  if (self->history != NULL)
    run_job (self, job_new (self, JOB_TRACK));
}

static void
on_sync_response (AdwAlertDialog *dialog,
                  const char     *response,
                  EpistleWindow  *self)
{
  const char *url = gtk_editable_get_text (g_object_get_data (G_OBJECT (dialog), "message"));
  Job *job;

  if (!g_str_equal (response, "save") || !open_history (self))
    return;
  job = job_new (self, JOB_SYNC);
  job->message = url[0] != '\0' ? g_strdup (url) : NULL;
  run_job (self, job);
}

static void
present_sync_dialog (EpistleWindow *self,
                     const char    *url)
{
  AdwDialog *dialog = entry_dialog (_("Sync with a Git Server"),
                                    url != NULL
                                      ? _("Sends the versions to the server and brings newer ones from it.")
                                      : _("Sends the versions to a git server and brings newer ones from it: give its address (an empty repository on the server will do)."),
                                    _("Server Address (git://, https://, ssh://…)"), NULL, _("_Sync"));

  if (url != NULL)
    gtk_editable_set_text (g_object_get_data (G_OBJECT (dialog), "message"), url);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_sync_response), self, 0);
  adw_dialog_present (dialog, GTK_WIDGET (self));
}

static void
action_sync_history (GSimpleAction *action,
                     GVariant      *param,
                     gpointer       user_data)
{
  EpistleWindow *self = user_data;

  /* The server used last time, read in a worker, fills the address in. */
  if (open_history (self))
    run_job (self, job_new (self, JOB_REMOTE));
}

static void
action_show_history (GSimpleAction *action,
                     GVariant      *param,
                     gpointer       user_data)
{
  EpistleWindow *self = user_data;

  adw_overlay_split_view_set_show_sidebar (self->sidebar_split, TRUE);
  adw_view_stack_set_visible_child_name (self->sidebar_stack, "history");
  epistle_history_pane_focus (self->history_pane);
}

/* ---- set-up ------------------------------------------------------------ */

static void
on_history_setting (EpistleWindow *self,
                    const char    *key)
{
  if (g_str_equal (key, "history-snapshot-minutes"))
    restart_timer (self);
  else if (g_str_equal (key, "history-compare"))
    on_compare_setting (self);
}

void
_epistle_window_init_history (EpistleWindow *self)
{
  static const GActionEntry entries[] = {
    { "save-version", action_save_version, "s" },
    { "save-version-dialog", action_save_version_dialog },
    { "show-version", action_show_version, "s" },
    { "compare-versions", action_compare_versions, "(ss)" },
    { "restore-version", action_restore_version, "s" },
    { "restore-version-paragraph", action_restore_paragraph },
    { "copy-version-text", action_copy_version_text, "s" },
    { "mark-version", action_mark_version, "s" },
    { "name-milestone", action_name_milestone, "s" },
    { "close-version", action_close_version },
    { "version-next-change", action_next_change },
    { "version-previous-change", action_previous_change },
    { "track-history-in-folder", action_track_in_folder },
    { "sync-history", action_sync_history },
    { "show-history", action_show_history },
  };
  g_autoptr(GAction) compare_action = g_settings_create_action (self->settings, "history-compare");

  g_action_map_add_action_entries (G_ACTION_MAP (self), entries, G_N_ELEMENTS (entries), self);
  g_action_map_add_action (G_ACTION_MAP (self), compare_action);
  g_signal_connect_object (self->settings, "changed", G_CALLBACK (on_history_setting), self, G_CONNECT_SWAPPED);
  g_settings_bind (self->settings, "column-width",
                   epistle_version_view_get_text_view (self->version_view), "column-width", G_SETTINGS_BIND_GET);
  g_signal_connect_object (self->sidebar_split, "notify::show-sidebar",
                           G_CALLBACK (maybe_open_history), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sidebar_stack, "notify::visible-child-name",
                           G_CALLBACK (maybe_open_history), self, G_CONNECT_SWAPPED);
  restart_timer (self);
  update_actions (self);
  epistle_history_pane_set_history (self->history_pane, NULL, NULL, NULL);
}

void
_epistle_window_dispose_history (EpistleWindow *self)
{
  self->history_disposed = TRUE;
  g_clear_handle_id (&self->history_timer, g_source_remove);
}

void
_epistle_window_finalize_history (EpistleWindow *self)
{
  g_clear_pointer (&self->history, epistle_history_free);
  g_free (self->history_path);
  g_free (self->history_where);
  g_free (self->history_last_error);
  g_free (self->history_pending_message);
  g_free (self->history_pending_milestone);
  g_free (self->history_restore_after_save);
  g_free (self->shown_version);
  g_free (self->compare_old);
  g_free (self->compare_new);
}

guint
epistle_window_get_history_jobs (EpistleWindow *self)
{
  return self->history_jobs;
}

EpistleHistoryPane *
epistle_window_get_history_pane (EpistleWindow *self)
{
  return self->history_pane;
}

EpistleVersionView *
epistle_window_get_version_view (EpistleWindow *self)
{
  return self->version_view;
}

EpistleHistory *
epistle_window_get_history (EpistleWindow *self)
{
  return self->history;
}
