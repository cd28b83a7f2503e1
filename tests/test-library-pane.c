/* SPDX-License-Identifier: GPL-3.0-or-later
 * test-library-pane.c — the quote library in the real window: a new user
 * finds the starter quotations, types three letters, presses Enter and gets
 * an attributed block quote in the letter as one undo step; other styles,
 * footnote numbers, plain text; filters; delete with Undo; a large library
 * read lazily. */

#include "config.h"

#include <glib/gstdio.h>

#include "epistle-application.h"
#include "epistle-library-model.h"
#include "epistle-library-pane.h"
#include "epistle-library-row.h"
#include "epistle-quote-dialog.h"
#include "epistle-window.h"
#include "epistle-window-private.h"
#include "ui-wait.h"

static EpistleApplication *app;
static char *tmpdir;



static EpistleWindow *
open_text (const char *name,
           const char *text)
{
  return ui_test_open_text (app, tmpdir, name, text);
}

static void
close_window (EpistleWindow *window)
{
  ui_test_close_window (window);
}

static char *
buffer_text (EpistleWindow *window)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (epistle_document_get_buffer (epistle_window_get_document (window)));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
}

static void
cursor_to (EpistleWindow *window,
           const char    *after)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (epistle_document_get_buffer (epistle_window_get_document (window)));
  g_autofree char *text = buffer_text (window);
  const char *at = strstr (text, after);
  GtkTextIter iter;

  g_assert_nonnull (at);
  gtk_text_buffer_get_iter_at_offset (buffer, &iter, (int) g_utf8_pointer_to_offset (text, at + strlen (after)));
  gtk_text_buffer_place_cursor (buffer, &iter);
}

static const EpistleLibraryQuote *
first_quote (EpistleLibraryModel *model)
{
  g_autoptr(EpistleLibraryItem) item = g_list_model_get_item (G_LIST_MODEL (model), 0);

  return item != NULL ? epistle_library_item_get_quote (item) : NULL;
}

static GtkSearchEntry *
find_search_entry (GtkWidget *widget)
{
  if (GTK_IS_SEARCH_ENTRY (widget))
    return GTK_SEARCH_ENTRY (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkSearchEntry *found = find_search_entry (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The journey of the issue: the starter quotations are there; three
 * letters find Luxemburg; Enter puts an attributed block quote at the
 * cursor, as a paragraph of its own, undone in one step. */
static void
test_starter_search_enter (void)
{
  EpistleWindow *window = open_text ("letter.md", "Dear friends,\n\nAs Luxemburg wrote:\n\nYours in struggle,\nA.\n");
  EpistleLibraryPane *pane = epistle_window_get_library_pane (window);
  EpistleLibraryModel *model = epistle_library_pane_get_model (pane);
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (epistle_document_get_buffer (epistle_window_get_document (window)));
  g_autoptr(GError) error = NULL;
  g_autofree char *before = buffer_text (window);
  g_autofree char *after = NULL;
  g_autofree char *undone = NULL;
  g_autoptr(EpistleLibraryQuote) used = NULL;
  const EpistleLibraryQuote *quote;
  GtkSearchEntry *entry;
  GtkTextIter cursor;
  gint64 id;

  /* Showing the library opens it: a new one, filled from the starter set. */
  g_action_group_activate_action (G_ACTION_GROUP (window), "focus-library", NULL);
  WAIT_FOR (epistle_library_model_get_total (model) > 0 && !epistle_library_model_get_loading (model));
  g_assert_cmpint (epistle_library_model_get_total (model), >=, 24);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, epistle_library_model_get_total (model));
  entry = find_search_entry (GTK_WIDGET (pane));
  g_assert_nonnull (entry);
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (entry)) ||
                 gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)), GTK_WIDGET (entry)));

  /* Typing three letters, as a user does (the entry's own search). */
  cursor_to (window, "As Luxemburg wrote:\n");
  gtk_editable_set_text (GTK_EDITABLE (entry), "lux");
  WAIT_FOR (g_str_equal (epistle_library_model_get_query (model), "lux") && !epistle_library_model_get_loading (model) &&
            first_quote (model) != NULL);
  quote = first_quote (model);
  g_assert_nonnull (strstr (quote->author, "Luxemburg"));
  id = quote->id;
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 2);

  /* Enter in the search entry inserts the first (selected) result; a
   * short quotation goes inline by default… */
  g_signal_emit_by_name (entry, "activate");
  after = buffer_text (window);
  g_assert_nonnull (strstr (after, "As Luxemburg wrote:\n“Freiheit nur für die Anhänger der Regierung"));
  g_assert_nonnull (strstr (after, "Freiheit des Andersdenkenden.” (Luxemburg 1918)\nYours"));
  gtk_text_buffer_undo (buffer);
  g_clear_pointer (&after, g_free);
  after = buffer_text (window);
  g_assert_cmpstr (after, ==, before);
  g_clear_pointer (&after, g_free);

  /* …and as a block quote, the preference of writers of open letters. */
  g_settings_set_string (epistle_application_get_settings (app), "quote-style", "block");
  cursor_to (window, "As Luxemburg wrote:\n");
  gtk_widget_grab_focus (GTK_WIDGET (entry));
  g_signal_emit_by_name (entry, "activate");
  after = buffer_text (window);
  g_assert_nonnull (strstr (after, "As Luxemburg wrote:\n\n> Freiheit nur für die Anhänger der Regierung"));
  g_assert_nonnull (strstr (after, "Andersdenkenden.\n> — Rosa Luxemburg, *Zur russischen Revolution* (1918)\n\nYours in struggle,"));
  /* The cursor is after the quotation, the keyboard back in the letter. */
  gtk_text_buffer_get_iter_at_mark (buffer, &cursor, gtk_text_buffer_get_insert (buffer));
  g_assert_cmpint (gtk_text_iter_get_offset (&cursor), ==,
                   g_utf8_strlen (after, strstr (after, "\nYours in struggle") - after));
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (epistle_window_get_view (window))));

  /* The use is remembered. */
  used = epistle_library_get_quote (epistle_application_get_library (app, NULL), id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (used->use_count, ==, 2);
  g_assert_nonnull (strstr (used->last_used_in, "letter.md"));

  /* One undo step takes it all out. */
  g_assert_true (gtk_text_buffer_get_can_undo (buffer));
  gtk_text_buffer_undo (buffer);
  undone = buffer_text (window);
  g_assert_cmpstr (undone, ==, before);

  g_settings_reset (epistle_application_get_settings (app), "quote-style");
  close_window (window);
}

/* The other styles from the row menu's action, footnotes numbered after
 * the ones the letter has, and plain text for a .txt document. */
static void
test_styles_and_footnotes (void)
{
  EpistleWindow *window = open_text ("styles.md", "Text with a note.[^1]\n\n[^1]: An earlier note.\n");
  EpistleLibrary *library = epistle_application_get_library (app, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autofree char *text = NULL;
  g_autofree char *plain = NULL;
  EpistleWindow *txt;
  gint64 debs;

  found = epistle_library_search (library, "sycophant", NULL, 1, 0, EPISTLE_LIBRARY_SEARCH_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  debs = ((EpistleLibraryQuote *) found->pdata[0])->id;

  cursor_to (window, "Text with a note.[^1]");
  g_action_group_activate_action (G_ACTION_GROUP (window), "insert-quote-as", g_variant_new ("(xs)", debs, "inline"));
  text = buffer_text (window);
  g_assert_nonnull (strstr (text, "Text with a note.[^1]“I would rather a thousand times be a free soul in jail "
                                  "than to be a sycophant and coward in the streets.” (Debs 1918)"));
  g_clear_pointer (&text, g_free);

  g_action_group_activate_action (G_ACTION_GROUP (window), "insert-quote-as", g_variant_new ("(xs)", debs, "footnote"));
  g_action_group_activate_action (G_ACTION_GROUP (window), "insert-quote-as", g_variant_new ("(xs)", debs, "footnote"));
  text = buffer_text (window);
  g_assert_nonnull (strstr (text, "(Debs 1918)\n\n> I would rather"));
  g_assert_nonnull (strstr (text, "streets.[^2]\n\n[^2]: Eugene V. Debs, “The Canton, Ohio, Speech” (1918).\n\n> I would"));
  g_assert_nonnull (strstr (text, "streets.[^3]\n\n[^3]: Eugene V. Debs, “The Canton, Ohio, Speech” (1918).\n\n[^1]: An earlier note.\n"));
  close_window (window);

  txt = open_text ("plain.txt", "Dear editor,\n\n");
  cursor_to (txt, "Dear editor,\n\n");
  g_action_group_activate_action (G_ACTION_GROUP (txt), "insert-quote-as", g_variant_new ("(xs)", debs, "block"));
  plain = buffer_text (txt);
  g_assert_nonnull (strstr (plain, "Dear editor,\n\n    I would rather"));
  g_assert_nonnull (strstr (plain, "    — Eugene V. Debs, “The Canton, Ohio, Speech” (1918)\n"));
  g_assert_null (strstr (plain, "> "));
  close_window (txt);
}

/* Author and tag filters narrow the list; the counts agree with the
 * engine's; clearing them brings everything back. */
static void
test_filters (void)
{
  EpistleWindow *window = open_text ("filters.md", "Hello.\n");
  EpistleLibraryPane *pane = epistle_window_get_library_pane (window);
  EpistleLibraryModel *model = epistle_library_pane_get_model (pane);
  EpistleLibrary *library = epistle_application_get_library (app, NULL);
  EpistleLibraryFilter by_paine = { "Paine, Thomas", NULL, 0 };
  EpistleLibraryFilter by_tag = { NULL, "freedom", 0 };
  gint64 total;

  epistle_library_pane_start (pane);
  WAIT_FOR (epistle_library_model_get_total (model) > 0 && !epistle_library_model_get_loading (model));
  total = g_list_model_get_n_items (G_LIST_MODEL (model));

  epistle_library_pane_set_author (pane, "Paine, Thomas");
  WAIT_FOR (!epistle_library_model_get_loading (model));
  g_assert_cmpint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, epistle_library_count (library, NULL, &by_paine, NULL));
  g_assert_cmpint (g_list_model_get_n_items (G_LIST_MODEL (model)), >=, 3);
  g_assert_nonnull (strstr (first_quote (model)->author, "Paine"));

  epistle_library_pane_set_author (pane, NULL);
  epistle_library_pane_set_tag (pane, "freedom");
  WAIT_FOR (!epistle_library_model_get_loading (model) && g_strcmp0 (epistle_library_model_get_tag (model), "freedom") == 0);
  g_assert_cmpint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, epistle_library_count (library, NULL, &by_tag, NULL));
  g_assert_cmpint (g_list_model_get_n_items (G_LIST_MODEL (model)), <, total);

  epistle_library_pane_set_tag (pane, NULL);
  WAIT_FOR (!epistle_library_model_get_loading (model) && epistle_library_model_get_tag (model) == NULL);
  g_assert_cmpint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, total);
  close_window (window);
}

/* Delete takes the quote out of the list; Undo puts it back. */
static void
test_delete_undo (void)
{
  EpistleWindow *window = open_text ("delete.md", "Hello.\n");
  EpistleLibraryPane *pane = epistle_window_get_library_pane (window);
  EpistleLibraryModel *model = epistle_library_pane_get_model (pane);
  EpistleLibrary *library = epistle_application_get_library (app, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = NULL;
  guint before;

  epistle_library_pane_set_query (pane, "spectre");
  WAIT_FOR (!epistle_library_model_get_loading (model) && first_quote (model) != NULL);
  before = g_list_model_get_n_items (G_LIST_MODEL (model));
  g_assert_cmpuint (before, ==, 1);

  g_action_group_activate_action (G_ACTION_GROUP (window), "delete-quote", g_variant_new_int64 (first_quote (model)->id));
  WAIT_FOR (!epistle_library_model_get_loading (model) && g_list_model_get_n_items (G_LIST_MODEL (model)) == 0);
  g_assert_cmpint (epistle_library_count (library, "spectre", NULL, NULL), ==, 0);

  g_assert_nonnull (window->library_undo_toast);
  g_signal_emit_by_name (window->library_undo_toast, "button-clicked");
  WAIT_FOR (!epistle_library_model_get_loading (model) && g_list_model_get_n_items (G_LIST_MODEL (model)) == 1);
  found = epistle_library_search (library, "spectre", NULL, 0, 0, EPISTLE_LIBRARY_SEARCH_NONE, &error);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpstr (((EpistleLibraryQuote *) found->pdata[0])->author, ==, "Marx, Karl; Engels, Friedrich");
  g_assert_cmpstr (((EpistleLibraryQuote *) found->pdata[0])->text, ==,
                   "A spectre is haunting Europe—the spectre of Communism.");
  close_window (window);
}

/* A library of 20,000 quotes: the model claims them all, reads only the
 * pages looked at, keeps a bounded number, and the last row loads. */
static void
test_large_library_lazy (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "large.sqlite3", NULL);
  g_autoptr(EpistleLibrary) library = NULL;
  g_autoptr(EpistleImportBatch) batch = epistle_import_batch_new ();
  g_autoptr(EpistleLibraryModel) model = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EpistleLibraryItem) last = NULL;
  g_autoptr(EpistleLibraryItem) middle = NULL;
  const guint n = 20000;

  library = epistle_library_open (path, 0, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < n; i++)
    {
      EpistleImportQuote *quote = epistle_import_quote_new ();

      quote->text = g_strdup_printf ("Quotation number %u, on the %s of letters.", i, i % 2 ? "art" : "craft");
      g_ptr_array_add (batch->quotes, quote);
    }
  g_assert_true (epistle_library_import (library, batch, NULL, &error));
  g_assert_no_error (error);

  model = epistle_library_model_new (path);
  epistle_library_model_set_query (model, "", NULL);
  WAIT_FOR (!epistle_library_model_get_loading (model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, n);
  g_assert_cmpuint (epistle_library_model_get_pages_cached (model), ==, 1);

  /* Far rows come empty, then filled in by their page. */
  last = g_list_model_get_item (G_LIST_MODEL (model), n - 1);
  middle = g_list_model_get_item (G_LIST_MODEL (model), n / 2);
  WAIT_FOR (epistle_library_item_get_quote (last) != NULL && epistle_library_item_get_quote (middle) != NULL);
  /* The newest first: the last row is the first quotation imported. */
  g_assert_cmpstr (epistle_library_item_get_quote (last)->text, ==, "Quotation number 0, on the craft of letters.");
  g_assert_cmpstr (epistle_library_item_get_quote (middle)->text, ==, "Quotation number 9999, on the art of letters.");

  /* Looking at every 50th row reads a page each, but keeps only a few. */
  for (guint i = 0; i < n; i += 500)
    {
      g_autoptr(EpistleLibraryItem) item = g_list_model_get_item (G_LIST_MODEL (model), i);

      WAIT_FOR (epistle_library_item_get_quote (item) != NULL);
    }
  g_assert_cmpuint (epistle_library_model_get_pages_cached (model), <=, 24);

  /* A search narrows it; a word of the text, half of them.  Items are
   * slots: one a row holds — even after its page was dropped — takes the
   * new result at its position. */
  g_assert_cmpuint (epistle_library_model_get_pages_cached (model), <=, 24);
  epistle_library_model_set_query (model, "craft", NULL);
  /* The first thousand and one are listed at once, then all of them. */
  WAIT_FOR (!epistle_library_model_get_loading (model));
  g_assert_true (epistle_library_model_get_counting (model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1001);
  WAIT_FOR (!epistle_library_model_get_counting (model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, n / 2);
  {
    g_autoptr(EpistleLibraryItem) again = g_list_model_get_item (G_LIST_MODEL (model), n / 2 - 1);

    WAIT_FOR (epistle_library_item_get_quote (again) != NULL);
    g_assert_true (again == last || epistle_library_item_get_position (last) >= n / 2);
    g_assert_cmpstr (epistle_library_item_get_quote (again)->text, ==, "Quotation number 0, on the craft of letters.");
  }
  {
    g_autoptr(EpistleLibraryItem) first = g_list_model_get_item (G_LIST_MODEL (model), 0);

    g_assert_nonnull (strstr (epistle_library_item_get_quote (first)->text, "craft"));
    epistle_library_model_set_query (model, "art", NULL);
    WAIT_FOR (!epistle_library_model_get_loading (model) && !epistle_library_model_get_counting (model));
    /* The same object, the new first result. */
    g_assert_true (first == g_list_model_get_item (G_LIST_MODEL (model), 0));
    g_object_unref (first);
    g_assert_nonnull (strstr (epistle_library_item_get_quote (first)->text, "on the art of"));
  }
  epistle_library_model_set_query (model, "craft", NULL);
  WAIT_FOR (!epistle_library_model_get_loading (model) && !epistle_library_model_get_counting (model));

  /* In the pane, behind its selection: new results must not make it ask
   * for every item (a GtkSingleSelection looks for its selected item among
   * the ones added) — only the pages of the rows shown are read. */
  {
    GtkWidget *window = gtk_window_new ();
    EpistleLibraryPane *pane;
    EpistleLibraryModel *pane_model;

    g_setenv ("EPISTLE_LIBRARY", path, TRUE);
    pane = g_object_new (EPISTLE_TYPE_LIBRARY_PANE, NULL);
    gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (pane));
    gtk_window_set_default_size (GTK_WINDOW (window), 360, 600);
    gtk_window_present (GTK_WINDOW (window));
    pane_model = epistle_library_pane_get_model (pane);
    epistle_library_pane_start (pane);
    WAIT_FOR (!epistle_library_model_get_loading (pane_model) &&
              g_list_model_get_n_items (G_LIST_MODEL (pane_model)) == n);
    g_assert_cmpint (epistle_library_pane_get_selected_id (pane), >, 0);
    epistle_library_pane_set_query (pane, "art");
    WAIT_FOR (!epistle_library_model_get_loading (pane_model) && !epistle_library_model_get_counting (pane_model) &&
              g_list_model_get_n_items (G_LIST_MODEL (pane_model)) == n / 2);
    spin (300);
    g_assert_cmpuint (epistle_library_model_get_pages_cached (pane_model), <, 10);
    /* The first result is selected again, and is what Enter inserts. */
    g_assert_cmpint (epistle_library_pane_get_selected_id (pane), ==,
                     epistle_library_item_get_quote (g_list_model_get_item (G_LIST_MODEL (pane_model), 0))->id);
    gtk_window_destroy (GTK_WINDOW (window));
    g_unsetenv ("EPISTLE_LIBRARY");
  }
}

/* The selection goes into the library through the dialog the window opens
 * (Ctrl+Alt+L); search then finds it. */
static void
test_add_selection (void)
{
  EpistleWindow *window = open_text ("add.md", "Dear editor,\n\nThe archive is the memory of the movement.\n");
  EpistleLibraryPane *pane = epistle_window_get_library_pane (window);
  EpistleLibraryModel *model = epistle_library_pane_get_model (pane);
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (epistle_document_get_buffer (epistle_window_get_document (window)));
  g_autofree char *text = buffer_text (window);
  const char *at = strstr (text, "The archive");
  GtkTextIter start, end;
  AdwDialog *dialog;

  gtk_text_buffer_get_iter_at_offset (buffer, &start, (int) g_utf8_pointer_to_offset (text, at));
  gtk_text_buffer_get_iter_at_offset (buffer, &end, (int) g_utf8_pointer_to_offset (text, strstr (at, "\n")));
  gtk_text_buffer_select_range (buffer, &start, &end);
  epistle_library_pane_start (pane);
  WAIT_FOR (!epistle_library_model_get_loading (model) && epistle_library_model_get_total (model) > 0);

  g_action_group_activate_action (G_ACTION_GROUP (window), "add-selection-to-library", NULL);
  WAIT_FOR (adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window)) != NULL);
  dialog = adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window));
  g_assert_true (EPISTLE_IS_QUOTE_DIALOG (dialog));
  spin (50);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "quote.save", NULL));
  WAIT_FOR (adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window)) == NULL);

  /* The pane was refreshed; a search finds the new quotation. */
  epistle_library_pane_set_query (pane, "archive memory");
  WAIT_FOR (!epistle_library_model_get_loading (model) && first_quote (model) != NULL &&
            g_str_equal (epistle_library_model_get_query (model), "archive memory"));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
  g_assert_cmpstr (first_quote (model)->text, ==, "The archive is the memory of the movement.");
  close_window (window);
}

/* A damaged library file is moved aside (never deleted) when the pane
 * opens it; the window says where it went; a fresh library with the
 * starter quotations takes its place. */
static void
test_damaged_library (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "damaged.sqlite3", NULL);
  EpistleWindow *window;
  EpistleLibraryPane *pane;
  EpistleLibraryModel *model;
  const char *aside;

  g_assert_true (g_file_set_contents (path, "Not a database: a letter someone saved here.\n", -1, NULL));
  g_setenv ("EPISTLE_LIBRARY", path, TRUE);
  window = open_text ("damaged.md", "Hello.\n");
  pane = epistle_window_get_library_pane (window);
  model = epistle_library_pane_get_model (pane);
  g_action_group_activate_action (G_ACTION_GROUP (window), "focus-library", NULL);
  WAIT_FOR (!epistle_library_model_get_loading (model) && epistle_library_model_get_total (model) > 0);
  aside = epistle_library_model_get_moved_aside (model);
  g_assert_nonnull (aside);
  g_assert_true (g_file_test (aside, G_FILE_TEST_EXISTS));
  g_assert_nonnull (window->library_notice);
  g_assert_nonnull (strstr (window->library_notice, "moved to"));
  g_assert_cmpint (epistle_library_model_get_total (model), >=, 24);
  close_window (window);
  g_unsetenv ("EPISTLE_LIBRARY");
}

/* Collects the vertical offset of each text run drawn under @node. */
static void
find_text_offsets (GskRenderNode *node,
                   float          y,
                   GArray        *offsets)
{
  switch (gsk_render_node_get_node_type (node))
    {
    case GSK_TEXT_NODE:
      {
        const graphene_point_t *at = gsk_text_node_get_offset (node);
        float at_y = y + at->y;

        g_array_append_val (offsets, at_y);
      }
      break;
    case GSK_TRANSFORM_NODE:
      {
        float dx = 0, dy = 0;

        gsk_transform_to_translate (gsk_transform_node_get_transform (node), &dx, &dy);
        find_text_offsets (gsk_transform_node_get_child (node), y + dy, offsets);
      }
      break;
    case GSK_CONTAINER_NODE:
      for (guint i = 0; i < gsk_container_node_get_n_children (node); i++)
        find_text_offsets (gsk_container_node_get_child (node, i), y, offsets);
      break;
    case GSK_CLIP_NODE:
      find_text_offsets (gsk_clip_node_get_child (node), y, offsets);
      break;
    case GSK_ROUNDED_CLIP_NODE:
      find_text_offsets (gsk_rounded_clip_node_get_child (node), y, offsets);
      break;
    case GSK_OPACITY_NODE:
      find_text_offsets (gsk_opacity_node_get_child (node), y, offsets);
      break;
    case GSK_DEBUG_NODE:
      find_text_offsets (gsk_debug_node_get_child (node), y, offsets);
      break;
    default:
      g_test_message ("render node type %d not looked into", gsk_render_node_get_node_type (node));
      break;
    }
}

/* Draws @row and returns the top of each text line it drew, in order:
 * the quotation's lines, then the source. */
static GArray *
drawn_lines (GtkWidget *row)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (row);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  GArray *offsets = g_array_new (FALSE, FALSE, sizeof (float));

  gdk_paintable_snapshot (paintable, snapshot, gtk_widget_get_width (row), gtk_widget_get_height (row));
  node = gtk_snapshot_to_node (snapshot);
  g_assert_nonnull (node);
  find_text_offsets (node, 0, offsets);
  return offsets;
}

/* A quotation shorter than the row's three lines has its source right
 * under its last line, not three lines down; every row stays as tall. */
static void
test_row_source_under_quote (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *short_row = epistle_library_row_new ();
  GtkWidget *long_row = epistle_library_row_new ();
  g_autoptr(GArray) short_lines = NULL;
  g_autoptr(GArray) long_lines = NULL;
  float short_source, long_source, line;

  epistle_library_row_set (EPISTLE_LIBRARY_ROW (short_row), "These are the times that try men’s souls.",
                           "Paine · The American Crisis · 1776", NULL, "short");
  epistle_library_row_set (EPISTLE_LIBRARY_ROW (long_row),
                           "What, to the American slave, is your 4th of July? I answer: a day that reveals to him, "
                           "more than all other days in the year, the gross injustice and cruelty to which he is "
                           "the constant victim.",
                           "Douglass · What to the Slave Is the Fourth of July? · 1852", NULL, "long");
  gtk_box_append (GTK_BOX (box), short_row);
  gtk_box_append (GTK_BOX (box), long_row);
  gtk_window_set_child (GTK_WINDOW (window), box);
  gtk_window_set_default_size (GTK_WINDOW (window), 420, -1);
  gtk_window_present (GTK_WINDOW (window));
  WAIT_FOR (gtk_widget_get_mapped (long_row) && gtk_widget_get_width (long_row) > 0);

  g_assert_cmpint (gtk_widget_get_height (short_row), ==, gtk_widget_get_height (long_row));
  short_lines = drawn_lines (short_row);
  long_lines = drawn_lines (long_row);
  /* One line of quotation and the source; three lines and the source. */
  g_assert_cmpuint (short_lines->len, ==, 2);
  g_assert_cmpuint (long_lines->len, ==, 4);
  line = g_array_index (long_lines, float, 1) - g_array_index (long_lines, float, 0);
  g_assert_cmpfloat (line, >, 0);
  short_source = g_array_index (short_lines, float, 1);
  long_source = g_array_index (long_lines, float, 3);
  /* Each source as far below its quotation's last line as the other. */
  g_assert_cmpfloat_with_epsilon (short_source - g_array_index (short_lines, float, 0),
                                  long_source - g_array_index (long_lines, float, 2), 1.5);
  g_assert_cmpfloat_with_epsilon (long_source - short_source, 2 * line, 1.5);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = NULL;
  int ret;

  tmpdir = g_dir_make_tmp ("epistle-library-ui-XXXXXX", NULL);
  data_home = g_build_filename (tmpdir, "data", NULL);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_setenv ("XDG_STATE_HOME", data_home, TRUE);
  g_unsetenv ("EPISTLE_LIBRARY");

  app = ui_test_application_new (&argc, &argv);

  g_test_add_func ("/epistle/library-pane/starter-search-enter", test_starter_search_enter);
  g_test_add_func ("/epistle/library-pane/styles-and-footnotes", test_styles_and_footnotes);
  g_test_add_func ("/epistle/library-pane/filters", test_filters);
  g_test_add_func ("/epistle/library-pane/delete-undo", test_delete_undo);
  g_test_add_func ("/epistle/library-pane/large-library-lazy", test_large_library_lazy);
  g_test_add_func ("/epistle/library-pane/add-selection", test_add_selection);
  g_test_add_func ("/epistle/library-pane/damaged-library", test_damaged_library);
  g_test_add_func ("/epistle/library-pane/row-source-under-quote", test_row_source_under_quote);

  ret = g_test_run ();
  g_application_release (G_APPLICATION (app));
  return ret;
}
