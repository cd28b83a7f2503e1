/* SPDX-License-Identifier: GPL-3.0-or-later
 * epistle-window-search.c — the find and replace bar over GtkSourceSearchContext,
 * and go to line. */

#include "config.h"

#include <glib/gi18n.h>

#include "epistle-window-private.h"

static GtkSourceSearchContext *ensure_search_context (EpistleWindow *self);

void
_epistle_window_action_find (GSimpleAction *action,
                             GVariant      *param,
                             gpointer       user_data)
{
  GtkWidget *widget = user_data;
  EpistleWindow *self = EPISTLE_WINDOW (widget);
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (epistle_document_get_buffer (self->document));
  GtkTextIter start, end;

  gtk_toggle_button_set_active (self->replace_toggle,
                                g_str_equal (g_action_get_name (G_ACTION (action)), "find-replace"));
  if (gtk_text_buffer_get_selection_bounds (buffer, &start, &end) &&
      gtk_text_iter_get_line (&start) == gtk_text_iter_get_line (&end))
    {
      g_autofree char *selected = gtk_text_iter_get_slice (&start, &end);
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), selected);
    }
  else
    {
      /* Opened again on the last search: its matches are shown again. */
      const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

      if (text[0] != '\0' && gtk_source_search_settings_get_search_text (self->search_settings) == NULL)
        {
          gtk_source_search_settings_set_search_text (self->search_settings, text);
          ensure_search_context (self);
        }
    }
  gtk_widget_set_visible (gtk_revealer_get_child (self->search_revealer), TRUE);
  gtk_revealer_set_reveal_child (self->search_revealer, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
}

static void
goto_line (EpistleWindow *self,
           int            line)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (epistle_document_get_buffer (self->document));
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_line (buffer, &iter, MAX (line, 1) - 1);
  gtk_text_buffer_select_range (buffer, &iter, &iter);
  gtk_text_view_scroll_to_iter (GTK_TEXT_VIEW (self->view), &iter, 0.0, TRUE, 0.0, 0.3);
  gtk_widget_grab_focus (GTK_WIDGET (self->view));
}

void
_epistle_window_action_goto_line_number (GSimpleAction *action,
                                         GVariant      *param,
                                         gpointer       user_data)
{
  GtkWidget *widget = user_data;
  goto_line (EPISTLE_WINDOW (widget), g_variant_get_int32 (param));
}

static void
goto_response (AdwAlertDialog *dialog,
               const char     *response,
               EpistleWindow  *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_alert_dialog_get_extra_child (dialog));
  guint64 line = 0;

  if (g_strcmp0 (response, "go") != 0)
    return;
  if (g_ascii_string_to_unsigned (gtk_editable_get_text (entry), 10, 1, G_MAXINT, &line, NULL))
    goto_line (self, (int) line);
}

static void
on_goto_entry_activate (GtkEntry       *entry,
                        AdwAlertDialog *dialog)
{
  adw_alert_dialog_set_default_response (dialog, "go");
  adw_dialog_close (ADW_DIALOG (dialog));
  g_signal_emit_by_name (dialog, "response", "go");
}

void
_epistle_window_action_goto_line (GSimpleAction *action,
                                  GVariant      *param,
                                  gpointer       user_data)
{
  GtkWidget *widget = user_data;
  EpistleWindow *self = EPISTLE_WINDOW (widget);
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (epistle_document_get_buffer (self->document));
  AdwDialog *dialog;
  GtkWidget *entry;
  g_autofree char *body = NULL;

  body = g_strdup_printf (_("Line number, from 1 to %d"), gtk_text_buffer_get_line_count (buffer));
  dialog = adw_alert_dialog_new (_("Go to Line"), body);
  entry = gtk_entry_new ();
  gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_DIGITS);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Line number"), -1);
  adw_alert_dialog_set_extra_child (ADW_ALERT_DIALOG (dialog), entry);
  adw_alert_dialog_add_responses (ADW_ALERT_DIALOG (dialog),
                                  "cancel", _("_Cancel"),
                                  "go", _("_Go"),
                                  NULL);
  adw_alert_dialog_set_response_appearance (ADW_ALERT_DIALOG (dialog), "go", ADW_RESPONSE_SUGGESTED);
  adw_alert_dialog_set_default_response (ADW_ALERT_DIALOG (dialog), "go");
  adw_alert_dialog_set_close_response (ADW_ALERT_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (goto_response), self, 0);
  g_signal_connect (entry, "activate", G_CALLBACK (on_goto_entry_activate), dialog);
  adw_dialog_present (dialog, GTK_WIDGET (self));
  gtk_widget_grab_focus (entry);
}


static void update_search_count (EpistleWindow *self);

/* The search context exists only while something is searched for: with
 * its highlighting on, every edit anywhere makes it take its tag off the
 * lines around the edit (tens of them), which GtkTextView then lays out
 * again, at every keystroke. */
static GtkSourceSearchContext *
ensure_search_context (EpistleWindow *self)
{
  if (self->search_context == NULL)
    {
      GtkSourceBuffer *buffer = epistle_document_get_buffer (self->document);

      self->search_context = gtk_source_search_context_new (buffer, self->search_settings);
      g_signal_connect_object (self->search_context, "notify::occurrences-count",
                               G_CALLBACK (update_search_count), self, G_CONNECT_SWAPPED);
    }
  return self->search_context;
}

static void
drop_search_context (EpistleWindow *self)
{
  if (self->search_context != NULL)
    g_signal_handlers_disconnect_by_data (self->search_context, self);
  g_clear_object (&self->search_context);
}

static void
update_search_count (EpistleWindow *self)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (epistle_document_get_buffer (self->document));
  GtkTextIter start, end;
  g_autofree char *text = NULL;
  int position = -1;
  int count;

  if (gtk_source_search_settings_get_search_text (self->search_settings) == NULL || self->search_context == NULL)
    {
      gtk_label_set_label (self->search_count, "");
      return;
    }
  count = gtk_source_search_context_get_occurrences_count (self->search_context);
  if (count < 0)
    return;   /* still counting */

  if (gtk_text_buffer_get_selection_bounds (buffer, &start, &end))
    position = gtk_source_search_context_get_occurrence_position (self->search_context, &start, &end);

  if (count == 0)
    text = g_strdup (_("No results"));
  else if (position > 0)
    text = g_strdup_printf (_("%d of %d"), position, count);
  else
    text = g_strdup_printf ("%d", count);
  gtk_label_set_label (self->search_count, text);
}

static void
search_move (EpistleWindow *self,
             gboolean       forward)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (epistle_document_get_buffer (self->document));
  GtkTextIter start, end, match_start, match_end;
  gboolean wrapped = FALSE;
  gboolean found;

  if (gtk_source_search_settings_get_search_text (self->search_settings) == NULL)
    return;
  ensure_search_context (self);
  gtk_text_buffer_get_selection_bounds (buffer, &start, &end);
  if (forward)
    found = gtk_source_search_context_forward (self->search_context, &end,
                                               &match_start, &match_end, &wrapped);
  else
    found = gtk_source_search_context_backward (self->search_context, &start,
                                                &match_start, &match_end, &wrapped);
  if (!found)
    {
      update_search_count (self);
      return;
    }
  gtk_text_buffer_select_range (buffer, &match_start, &match_end);
  gtk_text_view_scroll_to_iter (GTK_TEXT_VIEW (self->view), &match_start, 0.1, FALSE, 0, 0);
  update_search_count (self);
}

static void
on_search_changed (EpistleWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (epistle_document_get_buffer (self->document));
  GtkTextIter start, match_start, match_end;
  gboolean wrapped;

  gtk_source_search_settings_set_search_text (self->search_settings, text[0] ? text : NULL);
  if (text[0] == '\0')
    {
      drop_search_context (self);
      update_search_count (self);
      return;
    }
  ensure_search_context (self);

  /* Search as you type: jump to the first match after the cursor. */
  gtk_text_buffer_get_selection_bounds (buffer, &start, NULL);
  if (gtk_source_search_context_forward (self->search_context, &start, &match_start, &match_end, &wrapped))
    {
      gtk_text_buffer_select_range (buffer, &match_start, &match_end);
      gtk_text_view_scroll_to_iter (GTK_TEXT_VIEW (self->view), &match_start, 0.1, FALSE, 0, 0);
    }
  update_search_count (self);
}

static void
on_search_next (EpistleWindow *self)
{
  search_move (self, TRUE);
}

static void
on_search_previous (EpistleWindow *self)
{
  search_move (self, FALSE);
}

static void
on_search_stop (EpistleWindow *self)
{
  gtk_revealer_set_reveal_child (self->search_revealer, FALSE);
  gtk_source_search_settings_set_search_text (self->search_settings, NULL);
  drop_search_context (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->view));
}

/* The search as the entry shows it. GtkSearchEntry tells of a change a
 * moment after the typing (search-changed); Replace pressed within that
 * moment would otherwise replace what was searched for before. */
static void
take_search_from_entry (EpistleWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  if (g_strcmp0 (text[0] != '\0' ? text : NULL,
                 gtk_source_search_settings_get_search_text (self->search_settings)) != 0)
    on_search_changed (self);
}

void
_epistle_window_action_replace (GSimpleAction *action,
                                GVariant      *param,
                                gpointer       user_data)
{
  EpistleWindow *self = user_data;
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (epistle_document_get_buffer (self->document));
  const char *replacement = gtk_editable_get_text (GTK_EDITABLE (self->replace_entry));
  GtkTextIter start, end;
  g_autoptr(GError) error = NULL;

  take_search_from_entry (self);
  if (self->search_context != NULL &&
      gtk_text_buffer_get_selection_bounds (buffer, &start, &end) &&
      gtk_source_search_context_get_occurrence_position (self->search_context, &start, &end) > 0)
    {
      if (!gtk_source_search_context_replace (self->search_context, &start, &end, replacement, -1, &error))
        {
          _epistle_window_toast (self, error->message);
          return;
        }
      gtk_text_buffer_select_range (buffer, &end, &end);
    }
  search_move (self, TRUE);
}

void
_epistle_window_action_replace_all (GSimpleAction *action,
                                    GVariant      *param,
                                    gpointer       user_data)
{
  EpistleWindow *self = user_data;
  const char *replacement = gtk_editable_get_text (GTK_EDITABLE (self->replace_entry));
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  guint n;

  take_search_from_entry (self);
  if (gtk_source_search_settings_get_search_text (self->search_settings) == NULL)
    return;
  n = gtk_source_search_context_replace_all (ensure_search_context (self), replacement, -1, &error);
  if (error != NULL)
    {
      _epistle_window_toast (self, error->message);
      return;
    }
  message = g_strdup_printf (ngettext ("Replaced %u occurrence", "Replaced %u occurrences", n), n);
  _epistle_window_toast (self, message);
}

void
_epistle_window_action_find_next (GSimpleAction *action,
                                  GVariant      *param,
                                  gpointer       user_data)
{
  search_move (EPISTLE_WINDOW (user_data), TRUE);
}

void
_epistle_window_action_find_previous (GSimpleAction *action,
                                      GVariant      *param,
                                      gpointer       user_data)
{
  search_move (EPISTLE_WINDOW (user_data), FALSE);
}

static void
on_replace_entry_activate (EpistleWindow *self)
{
  g_action_group_activate_action (G_ACTION_GROUP (self), "replace", NULL);
}

void
_epistle_window_init_search (EpistleWindow *self)
{
  self->search_settings = gtk_source_search_settings_new ();
  gtk_source_search_settings_set_wrap_around (self->search_settings, TRUE);
  g_object_bind_property (self->case_check, "active", self->search_settings, "case-sensitive", G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->word_check, "active", self->search_settings, "at-word-boundaries", G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->regex_check, "active", self->search_settings, "regex-enabled", G_BINDING_SYNC_CREATE);
  /* Out of the window's measuring and icon loading until first opened. */
  gtk_widget_set_visible (gtk_revealer_get_child (self->search_revealer), FALSE);
}

void
_epistle_window_class_init_search (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_search_next);
  gtk_widget_class_bind_template_callback (widget_class, on_search_previous);
  gtk_widget_class_bind_template_callback (widget_class, on_search_stop);
  gtk_widget_class_bind_template_callback (widget_class, on_replace_entry_activate);
}
