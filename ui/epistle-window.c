/* SPDX-License-Identifier: GPL-3.0-or-later
 * epistle-window.c — the document window: wires the editor to its document,
 * the preferences, banners, loading and saving, drafts and closing. */

#include "config.h"

#include <glib/gi18n.h>

#include "epistle-application.h"
#include "epistle-buffer-copy.h"
#include "epistle-smart-punctuation.h"
#include "epistle-text.h"
#include "epistle-window.h"


#include "epistle-window-private.h"

G_DEFINE_FINAL_TYPE (EpistleWindow, epistle_window, ADW_TYPE_APPLICATION_WINDOW)

static void epistle_window_update_banner (EpistleWindow *self);
static void place_cursor (EpistleWindow *self,
                          gint64         cursor);
static void apply_pending_draft (EpistleWindow *self);
static void epistle_window_save_size (EpistleWindow *self);
static void epistle_window_schedule_draft (EpistleWindow *self);
static void epistle_window_save (EpistleWindow   *self,
                                 GFile           *file,
                                 EpistleSaveFlags flags,
                                 gboolean         close_after);

static EpistleApplication *
get_app (EpistleWindow *self)
{
  return EPISTLE_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
}

/* A tooltip changed only when its text does: GTK asks the X server where
 * the pointer is at every change (a round trip, which waits for the
 * server's own drawing), and the status area's figures are set again at
 * every count. */
void
_epistle_set_tooltip_text (GtkWidget  *widget,
                           const char *text)
{
  if (g_strcmp0 (gtk_widget_get_tooltip_text (widget), text) != 0)
    gtk_widget_set_tooltip_text (widget, text);
}

void
_epistle_window_toast (EpistleWindow *self,
                       const char    *message)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

/* ------------------------------------------------------------- titles ---- */

static void
epistle_window_update_title (EpistleWindow *self)
{
  g_autofree char *title = epistle_document_dup_title (self->document);
  g_autofree char *subtitle = epistle_document_dup_subtitle (self->document);
  gboolean modified = epistle_document_get_modified (self->document);
  g_autofree char *window_title = NULL;

  if (epistle_document_get_read_only (self->document))
    {
      g_autofree char *s = g_strdup_printf (_("%s (Read-Only)"), subtitle);
      g_free (subtitle);
      subtitle = g_steal_pointer (&s);
    }

  adw_window_title_set_title (self->window_title, title);
  adw_window_title_set_subtitle (self->window_title, subtitle);
  gtk_widget_set_visible (self->modified_dot, modified);

  window_title = g_strdup_printf ("%s%s — Epistle", modified ? "• " : "", title);
  gtk_window_set_title (GTK_WINDOW (self), window_title);

  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self), "save")),
                               !epistle_document_get_busy (self->document));
}

/* ------------------------------------------------------------- banner ---- */

static void
set_banner (EpistleWindow *self,
            BannerKind     kind,
            const char    *title,
            const char    *button)
{
  self->banner_kind = kind;
  if (kind == BANNER_NONE)
    {
      adw_banner_set_revealed (self->banner, FALSE);
      return;
    }
  adw_banner_set_title (self->banner, title);
  adw_banner_set_button_label (self->banner, button);
  adw_banner_set_revealed (self->banner, TRUE);
}

static void
epistle_window_update_banner (EpistleWindow *self)
{
  g_autofree char *name = epistle_document_dup_title (self->document);
  g_autofree char *text = NULL;

  /* One banner, the most urgent state first. */
  if (self->load_error != NULL)
    {
      set_banner (self, BANNER_LOAD_ERROR, self->load_error, _("_Dismiss"));
      return;
    }

  switch (epistle_document_get_disk_state (self->document))
    {
    case EPISTLE_DISK_STATE_CHANGED:
      text = g_strdup_printf (_("“%s” was changed by another program"), name);
      set_banner (self, BANNER_CHANGED_ON_DISK, text, _("_Review…"));
      return;
    case EPISTLE_DISK_STATE_DELETED:
      text = g_strdup_printf (_("“%s” was deleted from disk; your text is still here"), name);
      set_banner (self, BANNER_DELETED_ON_DISK, text, _("_Save"));
      return;
    case EPISTLE_DISK_STATE_IN_SYNC:
    default:
      break;
    }

  if (self->save_error != NULL)
    {
      set_banner (self, self->save_error_offers_save_as ? BANNER_SAVE_ERROR : BANNER_UNREPRESENTABLE,
                  self->save_error,
                  self->save_error_offers_save_as ? _("Save _As…") : _("Save as _UTF-8"));
      return;
    }

  if (epistle_document_get_read_only (self->document))
    {
      text = g_strdup_printf (_("“%s” is read-only; save a copy to keep your changes"), name);
      set_banner (self, BANNER_READ_ONLY, text, _("Save _As…"));
      return;
    }

  if (self->recovered)
    {
      set_banner (self, BANNER_RECOVERED,
                  _("Unsaved changes from the last session were recovered"), _("_Dismiss"));
      return;
    }

  if (self->encoding_notice != NULL && !self->encoding_dismissed)
    {
      set_banner (self, BANNER_ENCODING, self->encoding_notice, _("_Dismiss"));
      return;
    }

  /* Opened by a name that is not on disk yet (`epistle new-chapter.md`,
   * or a session's letter deleted since): say so, rather than show an
   * empty page without a word. */
  if (epistle_document_get_file (self->document) != NULL &&
      !epistle_document_get_on_disk (self->document) &&
      !epistle_document_get_busy (self->document) && !self->new_file_dismissed)
    {
      text = g_strdup_printf (_("“%s” is not on disk yet; saving creates it"), name);
      set_banner (self, BANNER_NEW_FILE, text, _("_Dismiss"));
      return;
    }

  if (!self->spell_dismissed && (text = _epistle_window_spelling_banner (self)) != NULL)
    {
      set_banner (self, BANNER_SPELLING, text, _("_Dismiss"));
      return;
    }

  set_banner (self, BANNER_NONE, NULL, NULL);
}

void
_epistle_window_update_banner (EpistleWindow *self)
{
  epistle_window_update_banner (self);
}

static void
on_disk_conflict_response (AdwAlertDialog *dialog,
                           GAsyncResult   *result,
                           EpistleWindow  *self)
{
  const char *response = adw_alert_dialog_choose_finish (dialog, result);

  if (g_strcmp0 (response, "reload") == 0)
    {
      GFile *file = epistle_document_get_file (self->document);
      if (file != NULL)
        epistle_window_load_file (self, file);
    }
  else if (g_strcmp0 (response, "keep") == 0)
    {
      epistle_document_keep_mine (self->document);
      /* The buffer is now unsaved work that differs from the disk. */
      epistle_window_schedule_draft (self);
      epistle_window_update_banner (self);
    }
  g_object_unref (self);
}

static void
review_disk_change (EpistleWindow *self)
{
  AdwDialog *dialog;
  g_autofree char *name = epistle_document_dup_title (self->document);

  dialog = adw_alert_dialog_new (_("File Changed on Disk"), NULL);
  adw_alert_dialog_format_body (ADW_ALERT_DIALOG (dialog),
                                _("Another program changed “%s”. Reload it to see their version "
                                  "(your unsaved text is replaced), or keep yours and save over theirs."),
                                name);
  adw_alert_dialog_add_responses (ADW_ALERT_DIALOG (dialog),
                                  "cancel", _("_Cancel"),
                                  "keep", _("_Keep Mine"),
                                  "reload", _("_Reload"),
                                  NULL);
  adw_alert_dialog_set_response_appearance (ADW_ALERT_DIALOG (dialog), "reload",
                                            epistle_document_get_modified (self->document)
                                              ? ADW_RESPONSE_DESTRUCTIVE : ADW_RESPONSE_SUGGESTED);
  adw_alert_dialog_set_close_response (ADW_ALERT_DIALOG (dialog), "cancel");
  adw_alert_dialog_choose (ADW_ALERT_DIALOG (dialog), GTK_WIDGET (self), NULL,
                           (GAsyncReadyCallback) on_disk_conflict_response, g_object_ref (self));
}

static void
on_banner_button_clicked (EpistleWindow *self)
{
  switch (self->banner_kind)
    {
    case BANNER_LOAD_ERROR:
      g_clear_pointer (&self->load_error, g_free);
      break;
    case BANNER_CHANGED_ON_DISK:
      review_disk_change (self);
      return;
    case BANNER_DELETED_ON_DISK:
      gtk_widget_activate_action (GTK_WIDGET (self), "win.save", NULL);
      return;
    case BANNER_SAVE_ERROR:
    case BANNER_READ_ONLY:
      gtk_widget_activate_action (GTK_WIDGET (self), "win.save-as", "s", "");
      return;
    case BANNER_UNREPRESENTABLE:
      epistle_document_use_utf8 (self->document);
      g_clear_pointer (&self->save_error, g_free);
      epistle_window_save (self, NULL, EPISTLE_SAVE_FLAGS_NONE, FALSE);
      break;
    case BANNER_RECOVERED:
      self->recovered = FALSE;
      break;
    case BANNER_ENCODING:
      self->encoding_dismissed = TRUE;
      break;
    case BANNER_NEW_FILE:
      self->new_file_dismissed = TRUE;
      break;
    case BANNER_SPELLING:
      self->spell_dismissed = TRUE;
      break;
    case BANNER_NONE:
    default:
      break;
    }
  epistle_window_update_banner (self);
}

/* ------------------------------------------------------------- drafts ---- */

static void epistle_window_write_draft (EpistleWindow *self);

static void
draft_saved (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(EpistleWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *written_id = g_steal_pointer (&self->draft_writing_id);

  if (!epistle_draft_store_save_finish (EPISTLE_DRAFT_STORE (object), result, &error))
    {
      g_autofree char *message = g_strdup_printf (_("Could not keep a draft: %s"), error->message);
      g_message ("%s", message);
      _epistle_window_toast (self, message);
    }
  else if (g_strcmp0 (written_id, epistle_document_get_draft_id (self->document)) != 0)
    {
      /* Saved or discarded while the draft was being written: it is not
       * needed any more. */
      epistle_draft_store_remove (EPISTLE_DRAFT_STORE (object), written_id, NULL);
    }
  else if (get_app (self) != NULL)
    epistle_application_session_changed (get_app (self));

  /* Text typed while that draft was being written goes in the next one. */
  if (self->draft_dirty)
    {
      self->draft_dirty = FALSE;
      epistle_window_write_draft (self);
    }
}

/* The text copied (a slice at a time: a manuscript's 3 MB at once held the
 * main loop for 10 ms and more), the draft goes to its worker. */
static void
draft_text_copied (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(EpistleWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = epistle_buffer_copy_finish (GTK_TEXT_BUFFER (object), result, &error);
  EpistleApplication *app = get_app (self);
  g_autofree char *title = NULL;
  g_autofree char *uri = NULL;
  g_autoptr(GBytes) bytes = NULL;
  GFile *file;

  if (text == NULL || app == NULL || self->draft_writing_id == NULL)
    {
      g_clear_pointer (&self->draft_writing_id, g_free);
      return;   /* the window is closing */
    }
  {
    gsize length = strlen (text);
    bytes = g_bytes_new_take (g_steal_pointer (&text), length);
  }
  file = epistle_document_get_file (self->document);
  uri = file ? g_file_get_uri (file) : NULL;
  title = epistle_document_dup_title (self->document);
  epistle_draft_store_save_async (epistle_application_get_drafts (app),
                                  self->draft_writing_id,
                                  bytes, uri, title,
                                  epistle_window_get_cursor_offset (self),
                                  NULL, draft_saved, g_object_ref (self));
}

static void
epistle_window_write_draft (EpistleWindow *self)
{
  EpistleApplication *app = get_app (self);
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (epistle_document_get_buffer (self->document));
  EpistleDraftStore *drafts;

  if (app == NULL || !epistle_document_get_modified (self->document))
    return;

  /* One write at a time, so an older text never lands over a newer one. */
  if (self->draft_writing_id != NULL)
    {
      self->draft_dirty = TRUE;
      return;
    }

  drafts = epistle_application_get_drafts (app);
  if (epistle_document_get_draft_id (self->document) == NULL)
    {
      g_autofree char *id = epistle_draft_store_new_id (drafts);
      epistle_document_set_draft_id (self->document, id);
    }

  g_set_str (&self->draft_writing_id, epistle_document_get_draft_id (self->document));
  /* When the loop is idle, behind the text's own background work. */
  epistle_buffer_copy_async (buffer, G_PRIORITY_DEFAULT_IDLE, NULL, draft_text_copied, g_object_ref (self));
}

static gboolean
draft_timeout (gpointer user_data)
{
  EpistleWindow *self = user_data;

  self->draft_source = 0;
  epistle_window_write_draft (self);
  return G_SOURCE_REMOVE;
}

static void
epistle_window_schedule_draft (EpistleWindow *self)
{
  guint delay = 3;

  if (self->settings != NULL)
    delay = g_settings_get_uint (self->settings, "autosave-delay");

  g_clear_handle_id (&self->draft_source, g_source_remove);
  self->draft_source = g_timeout_add_seconds (MAX (delay, 1), draft_timeout, self);
}

static void
epistle_window_drop_draft (EpistleWindow *self)
{
  EpistleApplication *app = get_app (self);
  const char *id = epistle_document_get_draft_id (self->document);

  g_clear_handle_id (&self->draft_source, g_source_remove);
  if (app == NULL || id == NULL)
    return;
  epistle_draft_store_remove (epistle_application_get_drafts (app), id, NULL);
  epistle_document_set_draft_id (self->document, NULL);
  epistle_application_session_changed (app);
}

/* ----------------------------------------------------- buffer signals ---- */

static void
on_buffer_changed (EpistleWindow *self)
{
  self->pristine = FALSE;
  _epistle_window_schedule_stats (self, TRUE);
  _epistle_window_position_typed (self);
  if (epistle_document_get_modified (self->document))
    epistle_window_schedule_draft (self);
}

static void
on_cursor_moved (EpistleWindow *self)
{
  _epistle_window_cursor_moved (self);
}

static void
on_selection_changed (EpistleWindow *self)
{
  _epistle_window_schedule_stats (self, FALSE);
}

static void
on_document_notify (EpistleWindow *self,
                    GParamSpec    *pspec)
{
  epistle_window_update_title (self);
  epistle_window_update_banner (self);
  /* A manuscript loading in slices is outlined once it is whole. */
  if (g_strcmp0 (pspec->name, "busy") == 0)
    epistle_outline_pane_set_suspended (self->outline_pane, epistle_document_get_loading (self->document));
  /* Typing into a half-loaded manuscript would be typing in the wrong place. */
  gtk_text_view_set_editable (GTK_TEXT_VIEW (self->view), !epistle_document_get_loading (self->document));
  if (g_strcmp0 (pspec->name, "file") == 0 && get_app (self) != NULL)
    epistle_application_session_changed (get_app (self));
  /* Saved under a new name: the document's words go with that name. */
  if (g_strcmp0 (pspec->name, "file") == 0 && !epistle_document_get_loading (self->document))
    _epistle_window_spelling_renamed (self);
  /* Versions follow the document (Save As), or are those of another one. */
  if ((g_strcmp0 (pspec->name, "file") == 0 || g_strcmp0 (pspec->name, "busy") == 0) &&
      !epistle_document_get_loading (self->document))
    _epistle_window_history_document_changed (self);
  /* Back to the saved text: the draft is not needed.  (Not while loading:
   * the loader resets the flag after each slice, and a recovered draft
   * must stay on disk until its text is back in the buffer.) */
  if (g_strcmp0 (pspec->name, "modified") == 0 &&
      !epistle_document_get_modified (self->document) &&
      !epistle_document_get_loading (self->document))
    epistle_window_drop_draft (self);
}

/* -------------------------------------------------------- load / save ---- */

static void
remember_recent (GFile *file)
{
  g_autofree char *uri = g_file_get_uri (file);
  gboolean enabled = TRUE;

  /* Respect the desktop's "remember recent files" privacy setting; the
   * recent list also names the program, so it needs one. */
  g_object_get (gtk_settings_get_default (), "gtk-recent-files-enabled", &enabled, NULL);
  if (enabled && g_get_prgname () != NULL)
    gtk_recent_manager_add_item (gtk_recent_manager_get_default (), uri);
}

/* How long a window waits for its document's first page before it shows
 * anyway (a file on a slow or network disk). */
#define PRESENT_WAIT_MS 400

/* Shows the window if it is still waiting for its text. */
static void
present_pending (EpistleWindow *self)
{
  g_clear_signal_handler (&self->present_handler, epistle_document_get_buffer (self->document));
  g_clear_handle_id (&self->present_source, g_source_remove);
  if (self->present_waiting)
    {
      self->present_waiting = FALSE;
      gtk_window_present (GTK_WINDOW (self));
    }
}

static gboolean
present_now (gpointer data)
{
  EpistleWindow *self = data;

  self->present_source = 0;
  present_pending (self);
  return G_SOURCE_REMOVE;
}

static void
on_first_page (EpistleWindow *self)
{
  /* Shown once the load has handed the page over (not from within the
   * buffer's signal), ahead of the rest of a long manuscript.  A file that
   * fits in one page has its load, and a recovered draft over it, done
   * before the first frame. */
  g_clear_signal_handler (&self->present_handler, epistle_document_get_buffer (self->document));
  g_clear_handle_id (&self->present_source, g_source_remove);
  self->present_source = g_idle_add_full (G_PRIORITY_HIGH, present_now, self, NULL);
}

void
epistle_window_present_when_loaded (EpistleWindow *self)
{
  g_return_if_fail (EPISTLE_IS_WINDOW (self));

  if (self->present_waiting)
    return;
  if (!epistle_document_get_loading (self->document) || gtk_widget_get_visible (GTK_WIDGET (self)))
    {
      gtk_window_present (GTK_WINDOW (self));
      return;
    }

  self->present_waiting = TRUE;
  self->present_handler = g_signal_connect_swapped (epistle_document_get_buffer (self->document), "changed",
                                                    G_CALLBACK (on_first_page), self);
  self->present_source = g_timeout_add (PRESENT_WAIT_MS, present_now, self);
}

static void
load_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(EpistleWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  const EpistleTextFormat *format;

  /* Shown now if not yet: an empty file puts no page in, a failed load
   * has its message to show. */
  present_pending (self);

  if (!epistle_document_load_finish (EPISTLE_DOCUMENT (object), result, &error))
    {
      g_set_str (&self->load_error, error->message);
      if (self->pending_draft != NULL)
        {
          /* The file is gone or unreadable; the recovered text is not. */
          g_clear_pointer (&self->load_error, g_free);
          apply_pending_draft (self);
        }
      epistle_window_update_banner (self);
      return;
    }

  format = epistle_document_get_format (self->document);
  g_clear_pointer (&self->encoding_notice, g_free);
  if (format->encoding == EPISTLE_ENCODING_LEGACY)
    self->encoding_notice = g_strdup_printf (_("This file is not UTF-8; it was read as %s"),
                                             epistle_text_format_describe (format));
  g_clear_pointer (&self->load_error, g_free);
  g_clear_pointer (&self->save_error, g_free);

  /* A new file goes into the recent list once it is written. */
  if (epistle_document_get_on_disk (self->document))
    remember_recent (epistle_document_get_file (self->document));
  epistle_window_update_banner (self);
  epistle_window_update_title (self);
  _epistle_window_schedule_stats (self, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->view));
  _epistle_window_spelling_document_changed (self);
  if (self->pending_draft != NULL)
    apply_pending_draft (self);
  else
    {
      /* A reload: what is on disk is now the text, and an older draft of
       * this window must not come back after a crash. */
      epistle_window_drop_draft (self);
      if (self->pending_cursor > 0)
        place_cursor (self, self->pending_cursor);
    }
}

void
epistle_window_load_file (EpistleWindow *self,
                          GFile         *file)
{
  g_return_if_fail (EPISTLE_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  self->pristine = FALSE;
  epistle_document_load_async (self->document, file, NULL, load_done, g_object_ref (self));
}

typedef struct {
  EpistleWindow *self;
  gboolean       close_after;
} SaveOp;

static void
save_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  SaveOp *op = user_data;
  g_autoptr(EpistleWindow) self = op->self;
  gboolean close_after = op->close_after;
  g_autoptr(GError) error = NULL;
  GFile *file;

  g_free (op);

  if (!epistle_document_save_finish (EPISTLE_DOCUMENT (object), result, &error))
    {
      if (g_error_matches (error, EPISTLE_DOCUMENT_ERROR, EPISTLE_DOCUMENT_ERROR_CHANGED_ON_DISK))
        {
          epistle_window_update_banner (self);
          review_disk_change (self);
          return;
        }
      if (g_error_matches (error, EPISTLE_DOCUMENT_ERROR, EPISTLE_DOCUMENT_ERROR_BUSY))
        {
          _epistle_window_toast (self, error->message);
          return;
        }
      self->save_error_offers_save_as =
        !g_error_matches (error, EPISTLE_ENCODING_ERROR, EPISTLE_ENCODING_ERROR_UNREPRESENTABLE);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        {
          g_autofree char *name = epistle_document_dup_title (self->document);
          g_free (self->save_error);
          self->save_error = g_strdup_printf (_("The folder of “%s” no longer exists; save it somewhere else"), name);
        }
      else
        g_set_str (&self->save_error, error->message);
      epistle_window_update_banner (self);
      return;
    }

  g_clear_pointer (&self->save_error, g_free);
  file = epistle_document_get_file (self->document);
  remember_recent (file);
  if (!epistle_document_get_modified (self->document))
    epistle_window_drop_draft (self);
  _epistle_window_history_saved (self);
  epistle_window_update_banner (self);
  epistle_window_update_title (self);

  if (close_after)
    {
      self->close_confirmed = TRUE;
      gtk_window_close (GTK_WINDOW (self));
    }
}

static void save_as_dialog (EpistleWindow *self,
                            gboolean       close_after);

static void
epistle_window_save (EpistleWindow   *self,
                     GFile           *file,
                     EpistleSaveFlags flags,
                     gboolean         close_after)
{
  SaveOp *op;

  if (file == NULL && epistle_document_get_file (self->document) == NULL)
    {
      save_as_dialog (self, close_after);
      return;
    }

  op = g_new0 (SaveOp, 1);
  op->self = g_object_ref (self);
  op->close_after = close_after;
  if (file != NULL)
    _epistle_window_history_save_as (self);
  epistle_document_save_async (self->document, file, flags, NULL, save_done, op);
}

static void
save_as_response (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  SaveOp *op = user_data;
  g_autoptr(EpistleWindow) self = op->self;
  gboolean close_after = op->close_after;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  g_free (op);
  file = gtk_file_dialog_save_finish (GTK_FILE_DIALOG (object), result, &error);
  if (file == NULL)
    return;

  epistle_window_save (self, file, EPISTLE_SAVE_FLAGS_OVERWRITE_CHANGES, close_after);
}

static void
save_as_dialog (EpistleWindow *self,
                gboolean       close_after)
{
  g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();
  GFile *file = epistle_document_get_file (self->document);
  SaveOp *op;

  gtk_file_dialog_set_title (dialog, _("Save As"));
  if (file != NULL)
    gtk_file_dialog_set_initial_file (dialog, file);
  else
    gtk_file_dialog_set_initial_name (dialog, _("Letter.md"));

  op = g_new0 (SaveOp, 1);
  op->self = g_object_ref (self);
  op->close_after = close_after;
  gtk_file_dialog_save (dialog, GTK_WINDOW (self), NULL, save_as_response, op);
}

/* ------------------------------------------------------------ actions ---- */

static void
action_save (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  GtkWidget *widget = user_data;
  EpistleWindow *self = EPISTLE_WINDOW (widget);

  if (epistle_document_get_read_only (self->document))
    {
      save_as_dialog (self, FALSE);
      return;
    }
  epistle_window_save (self, NULL, EPISTLE_SAVE_FLAGS_NONE, FALSE);
}

static void
action_save_as (GSimpleAction *action,
                GVariant      *param,
                gpointer       user_data)
{
  GtkWidget *widget = user_data;
  EpistleWindow *self = EPISTLE_WINDOW (widget);
  const char *uri = g_variant_get_string (param, NULL);
  g_autoptr(GFile) file = NULL;

  if (uri == NULL || uri[0] == '\0')
    {
      save_as_dialog (self, FALSE);
      return;
    }
  file = g_file_new_for_commandline_arg (uri);
  epistle_window_save (self, file, EPISTLE_SAVE_FLAGS_OVERWRITE_CHANGES, FALSE);
}

static void
open_response (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(EpistleWindow) self = user_data;
  g_autoptr(GListModel) files = NULL;
  g_autoptr(GError) error = NULL;

  files = gtk_file_dialog_open_multiple_finish (GTK_FILE_DIALOG (object), result, &error);
  if (files == NULL)
    return;

  for (guint i = 0; i < g_list_model_get_n_items (files); i++)
    {
      g_autoptr(GFile) file = g_list_model_get_item (files, i);

      if (i == 0 && epistle_window_is_pristine (self) &&
          epistle_application_find_window (get_app (self), file) == NULL)
        epistle_window_load_file (self, file);
      else
        epistle_application_open_file (get_app (self), file);
    }
}

static void
action_open (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  GtkWidget *widget = user_data;
  EpistleWindow *self = EPISTLE_WINDOW (widget);
  g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();
  g_autoptr(GListStore) filters = g_list_store_new (GTK_TYPE_FILE_FILTER);
  g_autoptr(GtkFileFilter) text = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();
  GFile *file = epistle_document_get_file (self->document);

  gtk_file_filter_set_name (text, _("Letters and Manuscripts"));
  gtk_file_filter_add_mime_type (text, "text/markdown");
  gtk_file_filter_add_mime_type (text, "text/plain");
  gtk_file_filter_add_suffix (text, "md");
  gtk_file_filter_add_suffix (text, "markdown");
  gtk_file_filter_add_suffix (text, "txt");
  gtk_file_filter_set_name (all, _("All Files"));
  gtk_file_filter_add_pattern (all, "*");
  g_list_store_append (filters, text);
  g_list_store_append (filters, all);

  gtk_file_dialog_set_title (dialog, _("Open"));
  gtk_file_dialog_set_filters (dialog, G_LIST_MODEL (filters));
  if (file != NULL)
    {
      g_autoptr(GFile) parent = g_file_get_parent (file);
      gtk_file_dialog_set_initial_folder (dialog, parent);
    }
  gtk_file_dialog_open_multiple (dialog, GTK_WINDOW (self), NULL, open_response, g_object_ref (self));
}

static void
action_show_help_overlay (GSimpleAction *action,
                          GVariant      *param,
                          gpointer       user_data)
{
  GtkWindow *self = user_data;
  g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource (RESOURCE_PATH "/ui/epistle-shortcuts-window.ui");
  GtkWindow *shortcuts = GTK_WINDOW (gtk_builder_get_object (builder, "help_overlay"));

  gtk_window_set_transient_for (shortcuts, self);
  gtk_window_present (shortcuts);
}

static void
action_close (GSimpleAction *action,
              GVariant      *param,
              gpointer       user_data)
{
  GtkWidget *widget = user_data;
  gtk_window_close (GTK_WINDOW (widget));
}

/* ------------------------------------------------------------ settings --- */

static void
apply_font (EpistleWindow *self)
{
  gboolean mono = g_settings_get_boolean (self->settings, "use-monospace");
  g_autofree char *font = g_settings_get_string (self->settings, mono ? "monospace-font" : "font");

  epistle_view_set_font (self->view, font, g_settings_get_double (self->settings, "line-spacing"));
}

static void
apply_style_scheme (EpistleWindow *self)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  const char *id = adw_style_manager_get_dark (style) ? "Adwaita-dark" : "Adwaita";
  GtkSourceStyleScheme *scheme = gtk_source_style_scheme_manager_get_scheme (self->schemes, id);

  gtk_source_buffer_set_style_scheme (epistle_document_get_buffer (self->document), scheme);
}

static void
on_settings_changed (EpistleWindow *self,
                     const char    *key)
{
  if (g_str_equal (key, "font") || g_str_equal (key, "monospace-font") ||
      g_str_equal (key, "use-monospace") || g_str_equal (key, "line-spacing"))
    apply_font (self);
}

/* ------------------------------------------------------------ closing ---- */

static void
on_close_response (AdwAlertDialog *dialog,
                   GAsyncResult   *result,
                   EpistleWindow  *self)
{
  const char *response = adw_alert_dialog_choose_finish (dialog, result);

  if (g_strcmp0 (response, "save") == 0)
    epistle_window_save (self, NULL, EPISTLE_SAVE_FLAGS_NONE, TRUE);
  else if (g_strcmp0 (response, "discard") == 0)
    {
      epistle_window_drop_draft (self);
      self->close_confirmed = TRUE;
      gtk_window_close (GTK_WINDOW (self));
    }
  else if (get_app (self) != NULL)
    epistle_application_quit_cancelled (get_app (self));
  g_object_unref (self);
}

static gboolean
epistle_window_close_request (GtkWindow *window)
{
  EpistleWindow *self = EPISTLE_WINDOW (window);
  g_autofree char *name = NULL;
  AdwDialog *dialog;

  if (self->close_confirmed || !epistle_document_get_modified (self->document))
    {
      epistle_window_save_size (self);
      return GTK_WINDOW_CLASS (epistle_window_parent_class)->close_request (window);
    }

  name = epistle_document_dup_title (self->document);
  dialog = adw_alert_dialog_new (_("Save Changes?"), NULL);
  adw_alert_dialog_format_body (ADW_ALERT_DIALOG (dialog),
                                _("“%s” has unsaved changes. Changes which are not saved will be permanently lost."),
                                name);
  adw_alert_dialog_add_responses (ADW_ALERT_DIALOG (dialog),
                                  "cancel", _("_Cancel"),
                                  "discard", _("_Discard"),
                                  "save", _("_Save"),
                                  NULL);
  adw_alert_dialog_set_response_appearance (ADW_ALERT_DIALOG (dialog), "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_alert_dialog_set_response_appearance (ADW_ALERT_DIALOG (dialog), "save", ADW_RESPONSE_SUGGESTED);
  adw_alert_dialog_set_default_response (ADW_ALERT_DIALOG (dialog), "save");
  adw_alert_dialog_set_close_response (ADW_ALERT_DIALOG (dialog), "cancel");
  adw_alert_dialog_choose (ADW_ALERT_DIALOG (dialog), GTK_WIDGET (self), NULL,
                           (GAsyncReadyCallback) on_close_response, g_object_ref (self));
  return TRUE;
}

/* -------------------------------------------------------- drag and drop -- */

static gboolean
on_drop (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         EpistleWindow *self)
{
  GSList *files;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;

  files = gdk_file_list_get_files (g_value_get_boxed (value));
  for (GSList *l = files; l != NULL; l = l->next)
    {
      GFile *file = l->data;

      if (l == files && epistle_window_is_pristine (self) &&
          epistle_application_find_window (get_app (self), file) == NULL)
        epistle_window_load_file (self, file);
      else
        epistle_application_open_file (get_app (self), file);
    }
  g_slist_free (files);
  return TRUE;
}

/* ------------------------------------------------------------- recent ---- */

static int
compare_recent (gconstpointer a,
                gconstpointer b)
{
  GDateTime *ma = gtk_recent_info_get_modified (*(GtkRecentInfo **) a);
  GDateTime *mb = gtk_recent_info_get_modified (*(GtkRecentInfo **) b);

  return g_date_time_compare (mb, ma);
}

static void
update_recent_menu (EpistleWindow *self)
{
  GtkRecentManager *manager = gtk_recent_manager_get_default ();
  g_autoptr(GPtrArray) infos = g_ptr_array_new_with_free_func ((GDestroyNotify) gtk_recent_info_unref);
  GList *items = gtk_recent_manager_get_items (manager);
  guint shown = 0;

  for (GList *l = items; l != NULL; l = l->next)
    {
      GtkRecentInfo *info = l->data;

      if (gtk_recent_info_has_application (info, g_get_prgname ()) ||
          gtk_recent_info_has_application (info, g_get_application_name ()))
        g_ptr_array_add (infos, gtk_recent_info_ref (info));
    }
  g_list_free_full (items, (GDestroyNotify) gtk_recent_info_unref);
  g_ptr_array_sort (infos, compare_recent);

  g_menu_remove_all (self->recent_section);
  for (guint i = 0; i < infos->len && shown < 10; i++)
    {
      GtkRecentInfo *info = g_ptr_array_index (infos, i);
      g_autoptr(GMenuItem) item = NULL;

      if (!gtk_recent_info_exists (info))
        continue;
      item = g_menu_item_new (gtk_recent_info_get_display_name (info), NULL);
      g_menu_item_set_action_and_target (item, "app.open", "s", gtk_recent_info_get_uri (info));
      g_menu_append_item (self->recent_section, item);
      shown++;
    }
  if (shown == 0)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (_("No Recent Documents"), "app.none");
      g_menu_append_item (self->recent_section, item);
    }
}

static gboolean
watch_recent (gpointer user_data)
{
  EpistleWindow *self = user_data;

  self->recent_source = 0;
  g_signal_connect_object (gtk_recent_manager_get_default (), "changed",
                           G_CALLBACK (update_recent_menu), self, G_CONNECT_SWAPPED);
  update_recent_menu (self);
  return G_SOURCE_REMOVE;
}

/* ------------------------------------------------------------- GObject --- */

/* A menu's popover is built the first time it opens: each GtkPopoverMenu
 * is milliseconds of widgets that the first frame does not show. */
static void
build_menu_popup (GtkMenuButton *button,
                  gpointer       model)
{
  gtk_menu_button_set_menu_model (button, model);
}

static void
set_menu_later (GtkMenuButton *button,
                GMenuModel    *model)
{
  gtk_menu_button_set_create_popup_func (button, build_menu_popup, g_object_ref (model), g_object_unref);
}

/* A sidebar not yet shown stays out of the window's measuring, styling
 * and icon loading, so the first frame pays only for what is on screen.
 * It joins the first time it is shown, and stays. */
static void
on_sidebar_shown (AdwOverlaySplitView *split)
{
  if (adw_overlay_split_view_get_show_sidebar (split))
    gtk_widget_set_visible (adw_overlay_split_view_get_sidebar (split), TRUE);
}

static void
defer_sidebar (AdwOverlaySplitView *split)
{
  gtk_widget_set_visible (adw_overlay_split_view_get_sidebar (split),
                          adw_overlay_split_view_get_show_sidebar (split));
  g_signal_connect (split, "notify::show-sidebar", G_CALLBACK (on_sidebar_shown), NULL);
}

static void
epistle_window_bind_settings (EpistleWindow *self)
{
  GPropertyAction *action;
  int width, height;

  /* GSettings objects share one backend; each window keeps its own. */
  self->settings = g_settings_new ("org.epistle.Epistle");
  g_signal_connect_object (self->settings, "changed", G_CALLBACK (on_settings_changed), self, G_CONNECT_SWAPPED);
  g_settings_bind (self->settings, "column-width", self->view, "column-width", G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "smart-punctuation", self->smart_punctuation, "enabled", G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "show-outline", self->outline_split, "show-sidebar", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "show-sidebar", self->sidebar_split, "show-sidebar", G_SETTINGS_BIND_DEFAULT);
  defer_sidebar (self->outline_split);
  defer_sidebar (self->sidebar_split);
  set_menu_later (self->menu_button, self->primary_menu);
  set_menu_later (self->spelling_button, self->spelling_menu);
  apply_font (self);

  g_settings_get (self->settings, "window-width", "i", &width);
  g_settings_get (self->settings, "window-height", "i", &height);
  gtk_window_set_default_size (GTK_WINDOW (self), width, height);
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  action = g_property_action_new ("show-outline", self->outline_split, "show-sidebar");
  g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (action));
  g_object_unref (action);
  action = g_property_action_new ("show-sidebar", self->sidebar_split, "show-sidebar");
  g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (action));
  g_object_unref (action);
}

static void
epistle_window_save_size (EpistleWindow *self)
{
  int width, height;

  if (gtk_window_is_maximized (GTK_WINDOW (self)))
    {
      g_settings_set_boolean (self->settings, "window-maximized", TRUE);
      return;
    }
  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_set_boolean (self->settings, "window-maximized", FALSE);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
}

static void
epistle_window_dispose (GObject *object)
{
  EpistleWindow *self = EPISTLE_WINDOW (object);

  g_clear_handle_id (&self->stats_source, g_source_remove);
  g_clear_handle_id (&self->position_source, g_source_remove);
  g_cancellable_cancel (self->stats_cancellable);
  g_clear_object (&self->stats_cancellable);
  g_clear_handle_id (&self->draft_source, g_source_remove);
  g_clear_handle_id (&self->recent_source, g_source_remove);
  if (self->document != NULL)
    g_clear_signal_handler (&self->present_handler, epistle_document_get_buffer (self->document));
  g_clear_handle_id (&self->present_source, g_source_remove);
  _epistle_window_dispose_misspellings (self);
  _epistle_window_dispose_spelling (self);
  _epistle_window_dispose_library (self);
  _epistle_window_dispose_history (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), EPISTLE_TYPE_WINDOW);

  G_OBJECT_CLASS (epistle_window_parent_class)->dispose (object);
}

static void
epistle_window_finalize (GObject *object)
{
  EpistleWindow *self = EPISTLE_WINDOW (object);

  g_clear_object (&self->search_context);
  g_clear_object (&self->search_settings);
  g_clear_object (&self->smart_punctuation);
  g_clear_object (&self->document);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->load_error, g_free);
  g_clear_pointer (&self->save_error, g_free);
  g_clear_pointer (&self->encoding_notice, g_free);
  g_clear_pointer (&self->stats_text, g_free);
  g_clear_pointer (&self->pending_draft, g_free);
  g_clear_pointer (&self->draft_writing_id, g_free);
  _epistle_window_finalize_history (self);

  G_OBJECT_CLASS (epistle_window_parent_class)->finalize (object);
}

static void
epistle_window_class_init (EpistleWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = epistle_window_dispose;
  object_class->finalize = epistle_window_finalize;
  window_class->close_request = epistle_window_close_request;

  g_type_ensure (EPISTLE_TYPE_VIEW);
  g_type_ensure (EPISTLE_TYPE_OUTLINE_PANE);
  g_type_ensure (EPISTLE_TYPE_HISTORY_PANE);
  g_type_ensure (EPISTLE_TYPE_VERSION_VIEW);
  epistle_ui_register_resources ();

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/epistle-window.ui");
  gtk_widget_class_bind_template_child (widget_class, EpistleWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, EpistleWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, EpistleWindow, modified_dot);
  gtk_widget_class_bind_template_child (widget_class, EpistleWindow, banner);
  gtk_widget_class_bind_template_child (widget_class, EpistleWindow, search_revealer);
  gtk_widget_class_bind_template_child (widget_class, EpistleWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, EpistleWindow, search_count);
  gtk_widget_class_bind_template_child (widget_class, EpistleWindow, replace_toggle);
  gtk_widget_class_bind_template_child (widget_class, EpistleWindow, replace_entry);
  gtk_widget_class_bind_template_child (widget_class, EpistleWindow, case_check);
  gtk_widget_class_bind_template_child (widget_class, EpistleWindow, word_check);
  gtk_widget_class_bind_template_child (widget_class, EpistleWindow, regex_check);
  gtk_widget_class_bind_template_child (widget_class, EpistleWindow, outline_split);
  gtk_widget_class_bind_template_child (widget_class, EpistleWindow, outline_pane);
  gtk_widget_class_bind_template_child (widget_class, EpistleWindow, sidebar_split);
  gtk_widget_class_bind_template_child (widget_class, EpistleWindow, sidebar_stack);
  gtk_widget_class_bind_template_child (widget_class, EpistleWindow, history_pane);
  gtk_widget_class_bind_template_child (widget_class, EpistleWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, EpistleWindow, version_view);
  gtk_widget_class_bind_template_child (widget_class, EpistleWindow, library_slot);
  gtk_widget_class_bind_template_child (widget_class, EpistleWindow, view);
  gtk_widget_class_bind_template_child (widget_class, EpistleWindow, stats_label);
  gtk_widget_class_bind_template_child (widget_class, EpistleWindow, position_label);
  gtk_widget_class_bind_template_callback (widget_class, on_banner_button_clicked);
  _epistle_window_class_init_search (widget_class);

  gtk_widget_class_bind_template_child (widget_class, EpistleWindow, recent_section);
  gtk_widget_class_bind_template_child (widget_class, EpistleWindow, spelling_button);
  gtk_widget_class_bind_template_child (widget_class, EpistleWindow, menu_button);
  gtk_widget_class_bind_template_child (widget_class, EpistleWindow, primary_menu);
  gtk_widget_class_bind_template_child (widget_class, EpistleWindow, spelling_menu);
  gtk_widget_class_bind_template_child (widget_class, EpistleWindow, misspellings_button);
  gtk_widget_class_bind_template_child (widget_class, EpistleWindow, misspellings_count);
  gtk_widget_class_bind_template_child (widget_class, EpistleWindow, misspellings_popover);
  gtk_widget_class_bind_template_child (widget_class, EpistleWindow, misspellings_title);
  gtk_widget_class_bind_template_child (widget_class, EpistleWindow, misspellings_stack);
  gtk_widget_class_bind_template_child (widget_class, EpistleWindow, misspellings_list);
  gtk_widget_class_bind_template_child (widget_class, EpistleWindow, misspellings_empty);
  gtk_widget_class_bind_template_child (widget_class, EpistleWindow, spelling_languages);
}

/* The section holding the cursor: down (TRUE) or up past its sibling. */
static void
action_outline_move_section (GSimpleAction *action,
                             GVariant      *param,
                             gpointer       user_data)
{
  EpistleWindow *self = user_data;

  if (!epistle_outline_pane_move_section (self->outline_pane, g_variant_get_boolean (param)))
    gtk_widget_error_bell (GTK_WIDGET (self));
}

/* The outline shown, the keyboard in it. */
static void
action_focus_outline (GSimpleAction *action,
                      GVariant      *param,
                      gpointer       user_data)
{
  EpistleWindow *self = user_data;

  adw_overlay_split_view_set_show_sidebar (self->outline_split, TRUE);
  epistle_outline_pane_focus (self->outline_pane);
}

/* Its headings one level up (-1) or down (+1). */
static void
action_outline_shift_level (GSimpleAction *action,
                            GVariant      *param,
                            gpointer       user_data)
{
  EpistleWindow *self = user_data;

  if (!epistle_outline_pane_shift_level (self->outline_pane, g_variant_get_int32 (param)))
    gtk_widget_error_bell (GTK_WIDGET (self));
}

/* The outline is kept up to date only while it can be seen: for a
 * manuscript it costs megabytes, and every keystroke some work. */
static void
outline_shown_changed (EpistleWindow *self)
{
  epistle_outline_pane_set_dormant (self->outline_pane,
                                    !adw_overlay_split_view_get_show_sidebar (self->outline_split));
}

static void
epistle_window_init (EpistleWindow *self)
{
  /* On the window's action map (not widget-class actions) so that every
   * command is exported on the session bus for scripts and tests. */
  static const GActionEntry entries[] = {
    { "open", action_open },
    { "save", action_save },
    { "save-as", action_save_as, "s" },
    { "close", action_close },
    { "show-help-overlay", action_show_help_overlay },
    { "find", _epistle_window_action_find },
    { "find-replace", _epistle_window_action_find },
    { "find-next", _epistle_window_action_find_next },
    { "find-previous", _epistle_window_action_find_previous },
    { "replace", _epistle_window_action_replace },
    { "replace-all", _epistle_window_action_replace_all },
    { "goto-line", _epistle_window_action_goto_line },
    { "goto-line-number", _epistle_window_action_goto_line_number, "i" },
    { "outline-move-section", action_outline_move_section, "b" },
    { "outline-shift-level", action_outline_shift_level, "i" },
    { "focus-outline", action_focus_outline },
  };
  GtkTextBuffer *buffer;
  GtkDropTarget *drop;

  gtk_widget_init_template (GTK_WIDGET (self));
  g_action_map_add_action_entries (G_ACTION_MAP (self), entries, G_N_ELEMENTS (entries), self);

  self->pristine = TRUE;
  self->document = epistle_document_new ();
  buffer = GTK_TEXT_BUFFER (epistle_document_get_buffer (self->document));
  gtk_text_view_set_buffer (GTK_TEXT_VIEW (self->view), buffer);

  self->smart_punctuation = epistle_smart_punctuation_new (buffer);
  epistle_window_bind_settings (self);
  self->schemes = gtk_source_style_scheme_manager_get_default ();
  apply_style_scheme (self);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (apply_style_scheme), self, G_CONNECT_SWAPPED);

  _epistle_window_init_search (self);
  _epistle_window_init_library (self);
  _epistle_window_init_history (self);
  outline_shown_changed (self);
  g_signal_connect_object (self->outline_split, "notify::show-sidebar",
                           G_CALLBACK (outline_shown_changed), self, G_CONNECT_SWAPPED);
  epistle_outline_pane_set_view (self->outline_pane, GTK_TEXT_VIEW (self->view));

  g_signal_connect_object (buffer, "changed", G_CALLBACK (on_buffer_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (buffer, "notify::cursor-position", G_CALLBACK (on_cursor_moved), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (buffer, "notify::has-selection", G_CALLBACK (on_selection_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (buffer, "mark-set", G_CALLBACK (on_selection_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->document, "notify", G_CALLBACK (on_document_notify), self, G_CONNECT_SWAPPED);

  drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect (drop, "drop", G_CALLBACK (on_drop), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  /* Reading the recent list can take a while for a long history: after the
   * first frame, not before it. */
  self->recent_source = g_idle_add_full (G_PRIORITY_LOW, watch_recent, self, NULL);

  epistle_window_update_title (self);
  _epistle_window_update_position (self);
  _epistle_window_schedule_stats (self, TRUE);
}

/* ---------------------------------------------------------------- API ---- */

/* Spelling shares the application's checker (its word cache, its loaded
 * dictionaries, the personal words).  GtkWindow's application is not a
 * construct property: it is set after init and after constructed(), so
 * spelling is set up here, once the window belongs to @application. */
EpistleWindow *
epistle_window_new (GtkApplication *application)
{
  EpistleWindow *self = g_object_new (EPISTLE_TYPE_WINDOW, "application", application, NULL);

  _epistle_window_init_spelling (self);
  _epistle_window_init_misspellings (self);
  _epistle_window_spelling_document_changed (self);
  return self;
}

EpistleDocument *
epistle_window_get_document (EpistleWindow *self)
{
  g_return_val_if_fail (EPISTLE_IS_WINDOW (self), NULL);
  return self->document;
}

EpistleView *
epistle_window_get_view (EpistleWindow *self)
{
  g_return_val_if_fail (EPISTLE_IS_WINDOW (self), NULL);
  return self->view;
}

void
epistle_window_new_letter (EpistleWindow *self)
{
  g_autoptr(GBytes) bytes = NULL;

  g_return_if_fail (EPISTLE_IS_WINDOW (self));

  bytes = g_resources_lookup_data (RESOURCE_PATH "/templates/letter.md", 0, NULL);
  if (bytes != NULL)
    {
      g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
      epistle_document_set_text (self->document, text, FALSE);
    }
  self->pristine = TRUE;
  _epistle_window_spelling_document_changed (self);
}

static void
place_cursor (EpistleWindow *self,
              gint64         cursor)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (epistle_document_get_buffer (self->document));
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_offset (buffer, &iter, (int) CLAMP (cursor, 0, G_MAXINT));
  gtk_text_buffer_select_range (buffer, &iter, &iter);
  gtk_text_view_scroll_to_mark (GTK_TEXT_VIEW (self->view), gtk_text_buffer_get_insert (buffer),
                                0.0, TRUE, 0.0, 0.3);
}

static void
apply_pending_draft (EpistleWindow *self)
{
  if (self->pending_draft == NULL)
    return;
  epistle_document_set_text (self->document, self->pending_draft, TRUE);
  g_clear_pointer (&self->pending_draft, g_free);
  self->recovered = TRUE;
  place_cursor (self, self->pending_cursor);
  epistle_window_update_title (self);
  epistle_window_update_banner (self);
}

void
epistle_window_recover (EpistleWindow *self,
                        GFile         *file,
                        const char    *draft_id,
                        const char    *draft_text,
                        gint64         cursor)
{
  g_return_if_fail (EPISTLE_IS_WINDOW (self));

  self->pristine = FALSE;
  epistle_document_set_draft_id (self->document, draft_id);
  g_set_str (&self->pending_draft, draft_text);
  self->pending_cursor = cursor;

  if (file != NULL)
    {
      epistle_document_set_file (self->document, file);
      /* Load the file first, so its encoding, line endings and disk state
       * are known; the draft then goes over it as unsaved work. */
      epistle_window_load_file (self, file);
      return;
    }

  if (draft_text != NULL)
    apply_pending_draft (self);
  else
    place_cursor (self, cursor);
  _epistle_window_spelling_document_changed (self);
}

gint64
epistle_window_get_cursor_offset (EpistleWindow *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter iter;

  g_return_val_if_fail (EPISTLE_IS_WINDOW (self), 0);

  buffer = GTK_TEXT_BUFFER (epistle_document_get_buffer (self->document));
  gtk_text_buffer_get_iter_at_mark (buffer, &iter, gtk_text_buffer_get_insert (buffer));
  return gtk_text_iter_get_offset (&iter);
}

gboolean
epistle_window_is_pristine (EpistleWindow *self)
{
  g_return_val_if_fail (EPISTLE_IS_WINDOW (self), FALSE);
  return self->pristine && epistle_document_get_file (self->document) == NULL &&
         !epistle_document_get_modified (self->document);
}

const char *
epistle_window_get_banner_text (EpistleWindow *self)
{
  g_return_val_if_fail (EPISTLE_IS_WINDOW (self), NULL);
  if (!adw_banner_get_revealed (self->banner))
    return "";
  return adw_banner_get_title (self->banner);
}

const char *
epistle_window_get_stats_text (EpistleWindow *self)
{
  g_return_val_if_fail (EPISTLE_IS_WINDOW (self), NULL);
  return self->stats_text ? self->stats_text : "";
}

void
epistle_window_show_toast (EpistleWindow *self,
                           const char    *message)
{
  g_return_if_fail (EPISTLE_IS_WINDOW (self));
  _epistle_window_toast (self, message);
}

EpistleLibraryPane *
epistle_window_get_library_pane (EpistleWindow *self)
{
  g_return_val_if_fail (EPISTLE_IS_WINDOW (self), NULL);
  return _epistle_window_ensure_library_pane (self);
}

EpistleOutlinePane *
epistle_window_get_outline_pane (EpistleWindow *self)
{
  g_return_val_if_fail (EPISTLE_IS_WINDOW (self), NULL);
  return self->outline_pane;
}

EpistleSpellAdapter *
epistle_window_get_spell_adapter (EpistleWindow *self)
{
  g_return_val_if_fail (EPISTLE_IS_WINDOW (self), NULL);
  return self->spell;
}
