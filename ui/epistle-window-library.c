/* SPDX-License-Identifier: GPL-3.0-or-later
 * epistle-window-library.c — the window's side of the quote library:
 * inserting a quotation at the cursor in the chosen citation style (one
 * undo step), adding the selection to the library, editing and deleting
 * quotes and sources (with Undo), import and export. */

#include "config.h"

#include <glib/gi18n.h>

#include "epistle-application.h"
#include "epistle-citation.h"
#include "epistle-library-transfer.h"
#include "epistle-quote-dialog.h"
#include "epistle-window-private.h"

static EpistleLibrary *
get_library (EpistleWindow  *self,
             GError        **error)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  g_autofree char *moved_aside = NULL;
  EpistleLibrary *library;

  if (!EPISTLE_IS_APPLICATION (app))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("The quote library is not available"));
      return NULL;
    }
  library = epistle_application_get_library (EPISTLE_APPLICATION (app), error);
  moved_aside = epistle_application_take_library_moved_aside (EPISTLE_APPLICATION (app));
  if (moved_aside != NULL)
    epistle_window_tell_library_moved_aside (self, moved_aside);
  return library;
}

void
epistle_window_tell_library_moved_aside (EpistleWindow *self,
                                         const char    *moved_aside)
{
  g_autofree char *display = g_filename_display_name (moved_aside);
  g_autofree char *message = g_strdup_printf (_("The quote library was damaged and has been moved to %s; "
                                                "a new one was started"), display);

  g_free (self->library_notice);
  self->library_notice = g_strdup (message);
  _epistle_window_toast (self, message);
}

/* The library pane is built when first needed (the sidebar shown on it, or
 * a caller asking for it): a search field, a list and a menu that the
 * window's first frame does not show. */
EpistleLibraryPane *
_epistle_window_ensure_library_pane (EpistleWindow *self)
{
  if (self->library_pane == NULL)
    {
      self->library_pane = g_object_new (EPISTLE_TYPE_LIBRARY_PANE, NULL);
      adw_bin_set_child (self->library_slot, GTK_WIDGET (self->library_pane));
    }
  return self->library_pane;
}

/* A pane not built yet reads the library afresh when it is. */
static void
refresh_library_pane (EpistleWindow *self)
{
  if (self->library_pane != NULL)
    epistle_library_pane_refresh (self->library_pane);
}

static void
report_error (EpistleWindow *self,
              const GError  *error)
{
  _epistle_window_toast (self, error->message);
}

static gboolean
is_plain_text (EpistleWindow *self)
{
  return gtk_source_buffer_get_language (epistle_document_get_buffer (self->document)) == NULL;
}

static EpistleCitationStyle
style_from_name (const char *name,
                 const char *text,
                 guint       block_words)
{
  if (g_strcmp0 (name, "block") == 0)
    return EPISTLE_CITATION_BLOCK;
  if (g_strcmp0 (name, "inline") == 0)
    return EPISTLE_CITATION_INLINE;
  if (g_strcmp0 (name, "pandoc") == 0)
    return EPISTLE_CITATION_PANDOC;
  if (g_strcmp0 (name, "footnote") == 0)
    return EPISTLE_CITATION_FOOTNOTE;
  return epistle_citation_default_style (text, block_words);
}

/* The first footnote number the document does not use yet: one past the
 * highest "[^n]" (Markdown) or "[n]" (plain text) in it. */
static guint
next_footnote (EpistleWindow *self)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (epistle_document_get_buffer (self->document));
  const char *marker = is_plain_text (self) ? "[" : "[^";
  gsize marker_len = strlen (marker);
  g_autofree char *text = NULL;
  GtkTextIter start, end;
  guint highest = 0;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
  for (const char *p = strstr (text, marker); p != NULL; p = strstr (p + 1, marker))
    {
      char *after = NULL;
      guint64 n = g_ascii_strtoull (p + marker_len, &after, 10);

      if (after != p + marker_len && *after == ']' && n < G_MAXUINT && n > highest)
        highest = (guint) n;
    }
  return highest + 1;
}

char *
epistle_window_format_quote (EpistleWindow  *self,
                             gint64          quote_id,
                             const char     *style,
                             GError        **error)
{
  g_autoptr(EpistleLibraryQuote) quote = NULL;
  EpistleCitationQuote citation;
  EpistleLibrary *library;
  GSettings *settings;
  EpistleCitationStyle citation_style;

  g_return_val_if_fail (EPISTLE_IS_WINDOW (self), NULL);

  library = get_library (self, error);
  if (library == NULL)
    return NULL;
  quote = epistle_library_get_quote (library, quote_id, error);
  if (quote == NULL)
    return NULL;
  settings = self->settings;
  {
    g_autofree char *preferred = style == NULL ? g_settings_get_string (settings, "quote-style") : NULL;

    citation_style = style_from_name (style != NULL ? style : preferred, quote->text,
                                      g_settings_get_uint (settings, "quote-block-words"));
  }
  citation = (EpistleCitationQuote) {
    .text = quote->text,
    .csl_json = quote->csl_json,
    .locator = quote->locator,
    .locator_label = quote->locator_label,
  };
  return epistle_citation_format (&citation, citation_style, is_plain_text (self),
                                  citation_style == EPISTLE_CITATION_FOOTNOTE ? next_footnote (self) : 0);
}

/* Whether the line holding @iter has nothing but white space. */
static gboolean
line_is_blank (const GtkTextIter *iter)
{
  GtkTextIter start = *iter, end;

  gtk_text_iter_set_line_offset (&start, 0);
  end = start;
  if (!gtk_text_iter_ends_line (&end))
    gtk_text_iter_forward_to_line_end (&end);
  for (GtkTextIter i = start; gtk_text_iter_compare (&i, &end) < 0; gtk_text_iter_forward_char (&i))
    if (!g_unichar_isspace (gtk_text_iter_get_char (&i)))
      return FALSE;
  return TRUE;
}

gboolean
epistle_window_insert_quote (EpistleWindow  *self,
                             gint64          quote_id,
                             const char     *style,
                             GError        **error)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (epistle_document_get_buffer (self->document));
  g_autofree char *text = NULL;
  g_autoptr(GString) insert = NULL;
  g_autofree char *uri = NULL;
  GtkTextIter iter;
  gboolean block;
  GFile *file;

  g_return_val_if_fail (EPISTLE_IS_WINDOW (self), FALSE);

  if (!gtk_text_view_get_editable (GTK_TEXT_VIEW (self->view)))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_READ_ONLY, _("The document cannot be edited"));
      return FALSE;
    }
  text = epistle_window_format_quote (self, quote_id, style, error);
  if (text == NULL)
    return FALSE;
  /* The block forms end with a newline; an inline quotation does not. */
  block = g_str_has_suffix (text, "\n");
  insert = g_string_new (NULL);

  gtk_text_buffer_begin_user_action (buffer);
  gtk_text_buffer_delete_selection (buffer, TRUE, TRUE);
  gtk_text_buffer_get_iter_at_mark (buffer, &iter, gtk_text_buffer_get_insert (buffer));
  if (block)
    {
      /* A paragraph of its own: a blank line before it (unless at the
       * start), and one after it before any text that follows. */
      if (!gtk_text_iter_starts_line (&iter))
        g_string_append (insert, "\n\n");
      else if (!gtk_text_iter_is_start (&iter))
        {
          GtkTextIter previous = iter;

          gtk_text_iter_backward_line (&previous);
          if (!line_is_blank (&previous))
            g_string_append_c (insert, '\n');
        }
      g_string_append (insert, text);
      /* The text that follows starts after a blank line: the block's own
       * newline and the ones already there make it. */
      {
        GtkTextIter next = iter;
        guint newlines = 0;

        while (newlines < 2 && gtk_text_iter_get_char (&next) == '\n')
          {
            newlines++;
            gtk_text_iter_forward_char (&next);
          }
        if (newlines == 0 && !gtk_text_iter_is_end (&iter))
          g_string_append_c (insert, '\n');
        else if (newlines == 2)
          g_string_truncate (insert, insert->len - 1);
      }
    }
  else
    g_string_append (insert, text);
  gtk_text_buffer_insert (buffer, &iter, insert->str, (int) insert->len);
  gtk_text_buffer_place_cursor (buffer, &iter);
  gtk_text_buffer_end_user_action (buffer);
  gtk_text_view_scroll_mark_onscreen (GTK_TEXT_VIEW (self->view), gtk_text_buffer_get_insert (buffer));

  file = epistle_document_get_file (self->document);
  uri = file != NULL ? g_file_get_uri (file) : NULL;
  {
    g_autoptr(GError) use_error = NULL;
    EpistleLibrary *library = get_library (self, NULL);

    /* Remembering the use is a nicety: the quotation is in the letter. */
    if (library != NULL && !epistle_library_record_use (library, quote_id, uri, &use_error))
      g_debug ("Could not record the use of quote %" G_GINT64_FORMAT ": %s", quote_id, use_error->message);
  }
  return TRUE;
}

/* ----------------------------------------------------------- actions ---- */

static void
action_insert_quote (GSimpleAction *action,
                     GVariant      *param,
                     gpointer       user_data)
{
  EpistleWindow *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!epistle_window_insert_quote (self, g_variant_get_int64 (param), NULL, &error))
    report_error (self, error);
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->view));
}

static void
action_insert_quote_as (GSimpleAction *action,
                        GVariant      *param,
                        gpointer       user_data)
{
  EpistleWindow *self = user_data;
  g_autoptr(GError) error = NULL;
  const char *style = NULL;
  gint64 id = 0;

  g_variant_get (param, "(x&s)", &id, &style);
  if (!epistle_window_insert_quote (self, id, style, &error))
    report_error (self, error);
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->view));
}

static void
action_copy_quote (GSimpleAction *action,
                   GVariant      *param,
                   gpointer       user_data)
{
  EpistleWindow *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = epistle_window_format_quote (self, g_variant_get_int64 (param), NULL, &error);

  if (text == NULL)
    {
      report_error (self, error);
      return;
    }
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
  _epistle_window_toast (self, _("Quotation copied"));
}

static void
on_quote_saved (EpistleQuoteDialog *dialog,
                gint64              quote_id,
                EpistleWindow      *self)
{
  refresh_library_pane (self);
}

static void
on_quote_added (EpistleQuoteDialog *dialog,
                gint64              quote_id,
                EpistleWindow      *self)
{
  refresh_library_pane (self);
  _epistle_window_toast (self, _("Added to the library"));
}

static void
action_add_selection_to_library (GSimpleAction *action,
                                 GVariant      *param,
                                 gpointer       user_data)
{
  EpistleWindow *self = user_data;
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (epistle_document_get_buffer (self->document));
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  EpistleQuoteDialog *dialog;
  EpistleLibrary *library;
  GtkTextIter start, end;

  library = get_library (self, &error);
  if (library == NULL)
    {
      report_error (self, error);
      return;
    }
  if (gtk_text_buffer_get_selection_bounds (buffer, &start, &end))
    text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  dialog = epistle_quote_dialog_new_add (library, text);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (on_quote_added), self, 0);
  adw_dialog_present (ADW_DIALOG (dialog), GTK_WIDGET (self));
}

static void
action_edit_quote (GSimpleAction *action,
                   GVariant      *param,
                   gpointer       user_data)
{
  EpistleWindow *self = user_data;
  g_autoptr(GError) error = NULL;
  EpistleQuoteDialog *dialog = NULL;
  EpistleLibrary *library;

  library = get_library (self, &error);
  if (library != NULL)
    dialog = epistle_quote_dialog_new_edit (library, g_variant_get_int64 (param), &error);
  if (dialog == NULL)
    {
      report_error (self, error);
      return;
    }
  g_signal_connect_object (dialog, "saved", G_CALLBACK (on_quote_saved), self, 0);
  adw_dialog_present (ADW_DIALOG (dialog), GTK_WIDGET (self));
}

/* ---- delete, with Undo ---------------------------------------------------- */

typedef struct {
  EpistleWindow *window;           /* weak */
  char          *source_json;      /* a deleted source, or NULL */
  GPtrArray     *quotes;           /* EpistleLibraryQuote*: what was deleted */
} Deleted;

static void
deleted_free (Deleted *deleted)
{
  g_clear_weak_pointer (&deleted->window);
  g_free (deleted->source_json);
  g_clear_pointer (&deleted->quotes, g_ptr_array_unref);
  g_free (deleted);
}

/* Puts back what was deleted (as new rows: the ids change). */
static void
on_undo_delete (AdwToast *toast,
                Deleted  *deleted)
{
  EpistleWindow *self = deleted->window;
  g_autoptr(GError) error = NULL;
  EpistleLibrary *library;
  gint64 source_id = 0;

  if (self == NULL)
    return;
  library = get_library (self, &error);
  if (library != NULL && deleted->source_json != NULL)
    source_id = epistle_library_add_source (library, deleted->source_json, &error);
  for (guint i = 0; library != NULL && error == NULL && i < deleted->quotes->len; i++)
    {
      EpistleLibraryQuote *quote = g_ptr_array_index (deleted->quotes, i);

      if (deleted->source_json != NULL)
        quote->source_id = source_id;
      epistle_library_add_quote (library, quote, &error);
    }
  if (error != NULL)
    report_error (self, error);
  refresh_library_pane (self);
}

static void
offer_undo (EpistleWindow *self,
            const char    *title,
            Deleted       *deleted)
{
  AdwToast *toast = adw_toast_new (title);

  g_set_weak_pointer (&deleted->window, self);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_use_markup (toast, FALSE);
  g_signal_connect_data (toast, "button-clicked", G_CALLBACK (on_undo_delete), deleted,
                         (GClosureNotify) (void (*) (void)) deleted_free, 0);
  g_set_weak_pointer (&self->library_undo_toast, toast);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
action_delete_quote (GSimpleAction *action,
                     GVariant      *param,
                     gpointer       user_data)
{
  EpistleWindow *self = user_data;
  g_autoptr(GError) error = NULL;
  EpistleLibraryQuote *quote = NULL;
  EpistleLibrary *library;
  Deleted *deleted;

  library = get_library (self, &error);
  if (library != NULL)
    quote = epistle_library_get_quote (library, g_variant_get_int64 (param), &error);
  if (quote == NULL || !epistle_library_delete_quote (library, quote->id, &error))
    {
      epistle_library_quote_free (quote);
      report_error (self, error);
      return;
    }
  deleted = g_new0 (Deleted, 1);
  deleted->quotes = g_ptr_array_new_with_free_func ((GDestroyNotify) epistle_library_quote_free);
  g_ptr_array_add (deleted->quotes, quote);
  refresh_library_pane (self);
  offer_undo (self, _("Quotation deleted"), deleted);
}

static void
delete_source_response (AdwAlertDialog *dialog,
                        const char     *response,
                        gpointer        user_data)
{
  EpistleWindow *self = EPISTLE_WINDOW (user_data);
  gint64 source_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "source-id"));
  EpistleLibraryFilter filter = { NULL, NULL, source_id };
  g_autoptr(EpistleLibrarySource) source = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *quotes = NULL;
  EpistleLibrary *library;
  Deleted *deleted;

  if (!g_str_equal (response, "delete"))
    return;
  library = get_library (self, &error);
  if (library != NULL)
    source = epistle_library_get_source (library, source_id, &error);
  if (source != NULL)
    quotes = epistle_library_search (library, NULL, &filter, 0, 0, EPISTLE_LIBRARY_SEARCH_NONE, &error);
  if (quotes == NULL || !epistle_library_delete_source (library, source_id, TRUE, &error))
    {
      g_clear_pointer (&quotes, g_ptr_array_unref);
      report_error (self, error);
      return;
    }
  deleted = g_new0 (Deleted, 1);
  deleted->source_json = g_strdup (source->csl_json);
  deleted->quotes = quotes;
  refresh_library_pane (self);
  offer_undo (self, _("Source deleted"), deleted);
}

static void
action_delete_source (GSimpleAction *action,
                      GVariant      *param,
                      gpointer       user_data)
{
  EpistleWindow *self = user_data;
  gint64 source_id = g_variant_get_int64 (param);
  EpistleLibraryFilter filter = { NULL, NULL, source_id };
  g_autoptr(EpistleLibrarySource) source = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  EpistleLibrary *library;
  AdwDialog *dialog;
  gint64 count = -1;

  library = get_library (self, &error);
  if (library != NULL)
    source = epistle_library_get_source (library, source_id, &error);
  if (source != NULL)
    count = epistle_library_count (library, NULL, &filter, &error);
  if (count < 0)
    {
      report_error (self, error);
      return;
    }
  body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "“%s” and its %" G_GINT64_FORMAT " quotation will be removed from the library.",
                                       "“%s” and its %" G_GINT64_FORMAT " quotations will be removed from the library.",
                                       (gulong) count),
                          source->title != NULL ? source->title : _("Untitled"), count);
  dialog = adw_alert_dialog_new (_("Delete Source?"), body);
  adw_alert_dialog_add_responses (ADW_ALERT_DIALOG (dialog),
                                  "cancel", _("_Cancel"),
                                  "delete", _("_Delete"),
                                  NULL);
  adw_alert_dialog_set_response_appearance (ADW_ALERT_DIALOG (dialog), "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_alert_dialog_set_default_response (ADW_ALERT_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "source-id", GSIZE_TO_POINTER ((gsize) source_id));
  g_signal_connect_object (dialog, "response", G_CALLBACK (delete_source_response), self, 0);
  adw_dialog_present (dialog, GTK_WIDGET (self));
}

/* ---- import, export, focus ------------------------------------------------- */

static void
import_done (gboolean changed,
             gpointer user_data)
{
  g_autoptr(EpistleWindow) self = user_data;

  if (changed && self->library_pane != NULL && gtk_widget_get_root (GTK_WIDGET (self->library_pane)) != NULL)
    refresh_library_pane (self);
}

static void
action_library_import (GSimpleAction *action,
                       GVariant      *param,
                       gpointer       user_data)
{
  EpistleWindow *self = user_data;
  g_autofree char *path = epistle_library_default_path ();

  epistle_library_transfer_import (GTK_WIDGET (self), path, NULL, import_done, g_object_ref (self));
}

static void
action_library_export (GSimpleAction *action,
                       GVariant      *param,
                       gpointer       user_data)
{
  EpistleWindow *self = user_data;
  g_autofree char *path = epistle_library_default_path ();
  const char *format = g_variant_get_string (param, NULL);

  epistle_library_transfer_export (GTK_WIDGET (self), path,
                                   g_str_equal (format, "markdown") ? EPISTLE_LIBRARY_EXPORT_MARKDOWN
                                                                    : EPISTLE_LIBRARY_EXPORT_CSL_JSON,
                                   NULL);
}

static void
action_focus_library (GSimpleAction *action,
                      GVariant      *param,
                      gpointer       user_data)
{
  EpistleWindow *self = user_data;

  adw_overlay_split_view_set_show_sidebar (self->sidebar_split, TRUE);
  adw_view_stack_set_visible_child_name (self->sidebar_stack, "library");
  epistle_library_pane_focus_search (_epistle_window_ensure_library_pane (self));
}

static void
action_focus_editor (GSimpleAction *action,
                     GVariant      *param,
                     gpointer       user_data)
{
  EpistleWindow *self = user_data;

  gtk_widget_grab_focus (GTK_WIDGET (self->view));
}

/* The library is read when its page is shown, not before: at start-up
 * the hidden sidebar costs nothing. */
static void
maybe_start_library (EpistleWindow *self)
{
  if (adw_overlay_split_view_get_show_sidebar (self->sidebar_split) &&
      g_strcmp0 (adw_view_stack_get_visible_child_name (self->sidebar_stack), "library") == 0)
    epistle_library_pane_start (_epistle_window_ensure_library_pane (self));
}

void
_epistle_window_init_library (EpistleWindow *self)
{
  static const GActionEntry entries[] = {
    { "insert-quote", action_insert_quote, "x" },
    { "insert-quote-as", action_insert_quote_as, "(xs)" },
    { "copy-quote", action_copy_quote, "x" },
    { "add-selection-to-library", action_add_selection_to_library },
    { "edit-quote", action_edit_quote, "x" },
    { "delete-quote", action_delete_quote, "x" },
    { "delete-source", action_delete_source, "x" },
    { "library-import", action_library_import },
    { "library-export", action_library_export, "s" },
    { "focus-library", action_focus_library },
    { "focus-editor", action_focus_editor },
  };
  g_autoptr(GAction) style = NULL;
  g_autoptr(GMenu) library_section = g_menu_new ();

  g_action_map_add_action_entries (G_ACTION_MAP (self), entries, G_N_ELEMENTS (entries), self);
  style = g_settings_create_action (self->settings, "quote-style");
  g_action_map_add_action (G_ACTION_MAP (self), style);

  /* The editor's context menu: the spelling section, then the library's. */
  self->view_menu = g_menu_new ();
  g_menu_append_section (self->view_menu, NULL, G_MENU_MODEL (self->spell_menu));
  g_menu_append (library_section, _("Add Selection to _Library…"), "win.add-selection-to-library");
  g_menu_append_section (self->view_menu, NULL, G_MENU_MODEL (library_section));
  gtk_text_view_set_extra_menu (GTK_TEXT_VIEW (self->view), G_MENU_MODEL (self->view_menu));

  g_signal_connect_object (self->sidebar_split, "notify::show-sidebar",
                           G_CALLBACK (maybe_start_library), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sidebar_stack, "notify::visible-child-name",
                           G_CALLBACK (maybe_start_library), self, G_CONNECT_SWAPPED);
  maybe_start_library (self);
}

void
_epistle_window_dispose_library (EpistleWindow *self)
{
  self->library_pane = NULL;   /* its slot, a template child, owns it */
  g_clear_object (&self->view_menu);
  g_clear_weak_pointer (&self->library_undo_toast);
  g_clear_pointer (&self->library_notice, g_free);
}
