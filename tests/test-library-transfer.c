/* SPDX-License-Identifier: GPL-3.0-or-later
 * test-library-transfer.c — importing into and exporting from a real quote
 * library through the window's code under Xvfb: the report alert and its
 * counts, nothing new the second time, skipped lines, refused files, a
 * busy library, and exports read back. */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <adwaita.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "epistle-library.h"
#include "epistle-library-transfer.h"
#include "ui-wait.h"
#include "test-util.h"

static char *tmpdir;
static char *library_path;



typedef struct {
  guint    calls;
  gboolean changed;
} Done;

static void
on_done (gboolean changed,
         gpointer user_data)
{
  Done *done = user_data;

  done->calls++;
  done->changed = changed;
}

static char *
fixture_path (const char *name)
{
  return g_build_filename (g_getenv ("EPISTLE_SRCDIR"), "tests", "data", "import", name, NULL);
}

static char *
temp_file (const char *name,
           const char *contents,
           gssize      length)
{
  char *path = g_build_filename (tmpdir, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, length, NULL));
  return path;
}

/* A window like Epistle's: a toast overlay around its content; the
 * transfers get the label inside as their parent. */
static AdwWindow *
new_window (GtkWidget **parent)
{
  AdwWindow *window = ADW_WINDOW (adw_window_new ());
  GtkWidget *overlay = adw_toast_overlay_new ();
  GtkWidget *label = gtk_label_new ("Library");

  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), label);
  adw_window_set_content (window, overlay);
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 680);
  gtk_window_present (GTK_WINDOW (window));
  *parent = label;
  return window;
}

static void
destroy_window (AdwWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  spin (20);
}

static AdwAlertDialog *
wait_for_alert (AdwWindow *window,
                guint      seconds)
{
  AdwDialog *dialog;

  WAIT_FOR_SECONDS (adw_window_get_visible_dialog (window) != NULL, seconds);
  dialog = adw_window_get_visible_dialog (window);
  g_assert_true (ADW_IS_ALERT_DIALOG (dialog));
  g_test_message ("%s — %s", adw_alert_dialog_get_heading (ADW_ALERT_DIALOG (dialog)),
                  adw_alert_dialog_get_body (ADW_ALERT_DIALOG (dialog)));
  return ADW_ALERT_DIALOG (dialog);
}

static void
close_alert (AdwWindow      *window,
             AdwAlertDialog *dialog)
{
  const char *hold = g_getenv ("EPISTLE_TRANSFER_HOLD");

  /* For screenshots: leave the report up a while. */
  if (hold != NULL)
    spin (atoi (hold) * 1000);
  g_assert_true (adw_dialog_close (ADW_DIALOG (dialog)));
  WAIT_FOR (adw_window_get_visible_dialog (window) == NULL);
}

static void
assert_contains (const char *text,
                 const char *part)
{
  if (text == NULL || strstr (text, part) == NULL)
    g_error ("“%s” does not contain “%s”", text, part);
}

static GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type)
{
  if (widget == NULL)
    return NULL;
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The skipped entries the report lists, as "Line 26: reason". */
static GPtrArray *
skipped_rows (AdwAlertDialog *dialog)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func (g_free);
  GtkWidget *list = find_descendant (adw_alert_dialog_get_extra_child (dialog), GTK_TYPE_LIST_BOX);

  if (list == NULL)
    return rows;
  for (GtkWidget *row = gtk_widget_get_first_child (list); row; row = gtk_widget_get_next_sibling (row))
    {
      g_autoptr(GString) text = g_string_new (NULL);
      GtkWidget *box = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row));

      /* Each row's labels: where, then (but for "and N more") why. */
      for (GtkWidget *label = gtk_widget_get_first_child (box); label; label = gtk_widget_get_next_sibling (label))
        g_string_append_printf (text, "%s%s", text->len > 0 ? ": " : "", gtk_label_get_text (GTK_LABEL (label)));
      g_ptr_array_add (rows, g_strdup (text->str));
    }
  return rows;
}

static gint64
library_count (const char *query)
{
  g_autoptr(EpistleLibrary) library = NULL;
  g_autoptr(GError) error = NULL;
  gint64 count;

  library = epistle_library_open (library_path, 0, NULL, &error);
  g_assert_no_error (error);
  count = epistle_library_count (library, query, NULL, &error);
  g_assert_no_error (error);
  return count;
}

/* Imports @path into the test library and waits for the alert and done(). */
static AdwAlertDialog *
import (AdwWindow  *window,
        GtkWidget  *parent,
        const char *path,
        Done       *done,
        guint       seconds)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  AdwAlertDialog *dialog;

  memset (done, 0, sizeof *done);
  epistle_library_transfer_import (parent, library_path, file, on_done, done);
  /* The work is in a thread: the call returns before anything is shown. */
  g_assert_null (adw_window_get_visible_dialog (window));
  dialog = wait_for_alert (window, seconds);
  WAIT_FOR (done->calls > 0);
  spin (10);
  g_assert_cmpuint (done->calls, ==, 1);
  return dialog;
}

/* ------------------------------------------------------------------ tests -- */

static void
test_import_kindle (void)
{
  g_autofree char *path = fixture_path ("kindle-en.txt");
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(EpistleLibrary) library = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *parent;
  AdwWindow *window = new_window (&parent);
  AdwAlertDialog *dialog;
  Done done;

  g_assert_cmpint (library_count (""), ==, 0);

  dialog = import (window, parent, path, &done, 20);
  g_assert_true (done.changed);
  g_assert_cmpstr (adw_alert_dialog_get_heading (dialog), ==, "Import Complete");
  assert_contains (adw_alert_dialog_get_body (dialog),
                   "Imported 4 quotations and 4 sources from “kindle-en.txt” (Kindle clippings).");
  assert_contains (adw_alert_dialog_get_body (dialog), "2 repeated highlights in the file were merged");
  rows = skipped_rows (dialog);
  g_assert_cmpuint (rows->len, ==, 3);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (rows, 0), "Line 26: "));
  g_assert_true (g_str_has_prefix (g_ptr_array_index (rows, 1), "Line 42: "));
  g_assert_true (g_str_has_prefix (g_ptr_array_index (rows, 2), "Line 47: "));
  assert_contains (g_ptr_array_index (rows, 2), "“- Your Highlight …”");
  close_alert (window, dialog);

  /* The quotes are in the library the window reads. */
  g_assert_cmpint (library_count (""), ==, 4);
  library = epistle_library_open (library_path, 0, NULL, &error);
  g_assert_no_error (error);
  found = epistle_library_search (library, "spectre", NULL, 10, 0, EPISTLE_LIBRARY_SEARCH_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpstr (((EpistleLibraryQuote *) g_ptr_array_index (found, 0))->text, ==,
                   "A spectre is haunting the blank page.");
  g_clear_pointer (&library, epistle_library_free);

  /* Again: nothing new, nothing changed. */
  dialog = import (window, parent, path, &done, 20);
  g_assert_false (done.changed);
  g_assert_cmpstr (adw_alert_dialog_get_heading (dialog), ==, "Nothing New to Import");
  assert_contains (adw_alert_dialog_get_body (dialog),
                   "Nothing new was found in “kindle-en.txt” (Kindle clippings).");
  assert_contains (adw_alert_dialog_get_body (dialog), "Already in the library: 4 quotations and 4 sources.");
  close_alert (window, dialog);
  g_assert_cmpint (library_count (""), ==, 4);

  destroy_window (window);
}

static void
test_import_broken (void)
{
  g_autofree char *path = fixture_path ("kindle-broken.txt");
  g_autoptr(GPtrArray) rows = NULL;
  GtkWidget *parent;
  AdwWindow *window = new_window (&parent);
  gint64 before = library_count ("");
  AdwAlertDialog *dialog;
  Done done;

  dialog = import (window, parent, path, &done, 20);
  g_assert_true (done.changed);
  assert_contains (adw_alert_dialog_get_body (dialog),
                   "Imported 1 quotation and 1 source from “kindle-broken.txt” (Kindle clippings).");
  rows = skipped_rows (dialog);
  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (rows, 0), "Line 6: "));
  g_assert_true (g_str_has_prefix (g_ptr_array_index (rows, 1), "Line 11: "));
  assert_contains (g_ptr_array_index (rows, 0), "UTF-8");
  close_alert (window, dialog);
  g_assert_cmpint (library_count (""), ==, before + 1);
  g_assert_cmpint (library_count ("Fine text"), ==, 1);

  destroy_window (window);
}

/* Hundreds of bad entries: the first 300 listed, the rest counted. */
static void
test_import_many_skipped (void)
{
  g_autoptr(GString) text = g_string_new ("Many Book (Doe, Jane)\n"
                                          "- Your Highlight on Location 1-2 | Added on Monday, March 4, 2019 10:15:02 PM\n"
                                          "\n"
                                          "The one good highlight among many bad ones.\n"
                                          "==========\n");
  g_autofree char *path = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  GtkWidget *parent;
  AdwWindow *window = new_window (&parent);
  AdwAlertDialog *dialog;
  Done done;

  for (guint i = 0; i < 350; i++)
    g_string_append (text, "Just some text\nthat is not a header\n==========\n");
  path = temp_file ("many.txt", text->str, text->len);

  dialog = import (window, parent, path, &done, 20);
  g_assert_true (done.changed);
  rows = skipped_rows (dialog);
  g_assert_cmpuint (rows->len, ==, 301);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (rows, 0), "Line 6: "));
  g_assert_cmpstr (g_ptr_array_index (rows, 300), ==, "and 50 more");
  assert_contains (gtk_label_get_text (GTK_LABEL (find_descendant (adw_alert_dialog_get_extra_child (dialog),
                                                                   GTK_TYPE_LABEL))),
                   "350 entries were skipped");
  close_alert (window, dialog);

  destroy_window (window);
}

/* Not a file Epistle imports: an alert with the reason, nothing imported. */
static void
test_import_refused (void)
{
  g_autofree char *pdf = temp_file ("Letters.pdf", "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<<>>\nendobj\n", -1);
  g_autofree char *missing = g_build_filename (tmpdir, "gone.txt", NULL);
  GtkWidget *parent;
  AdwWindow *window = new_window (&parent);
  gint64 before = library_count ("");
  AdwAlertDialog *dialog;
  Done done;

  dialog = import (window, parent, pdf, &done, 20);
  g_assert_false (done.changed);
  g_assert_cmpstr (adw_alert_dialog_get_heading (dialog), ==, "Could Not Import");
  g_assert_true (g_str_has_prefix (adw_alert_dialog_get_body (dialog),
                                   "“Letters.pdf” is not a file Epistle can import: it is a PDF document."));
  g_assert_null (adw_alert_dialog_get_extra_child (dialog));
  close_alert (window, dialog);

  dialog = import (window, parent, missing, &done, 20);
  g_assert_false (done.changed);
  g_assert_cmpstr (adw_alert_dialog_get_body (dialog), ==,
                   "“gone.txt” is not a file Epistle can import: it does not exist.");
  close_alert (window, dialog);

  g_assert_cmpint (library_count (""), ==, before);
  destroy_window (window);
}

/* Another program holds the library's write lock past the busy timeout. */
static void
test_import_locked (void)
{
  g_autofree char *path = fixture_path ("readwise.csv");
  g_autoptr(EpistleLibrary) locker = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *parent;
  AdwWindow *window = new_window (&parent);
  gint64 before = library_count ("");
  AdwAlertDialog *dialog;
  Done done;

  locker = epistle_library_open (library_path, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_exec (epistle_library_get_handle (locker), "BEGIN IMMEDIATE", NULL, NULL, NULL),
                   ==, SQLITE_OK);

  dialog = import (window, parent, path, &done, 30);
  g_assert_false (done.changed);
  g_assert_cmpstr (adw_alert_dialog_get_heading (dialog), ==, "Quote Library Busy");
  assert_contains (adw_alert_dialog_get_body (dialog), "Another Epistle is using the quote library");
  close_alert (window, dialog);

  g_assert_cmpint (sqlite3_exec (epistle_library_get_handle (locker), "ROLLBACK", NULL, NULL, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (library_count (""), ==, before);
  destroy_window (window);
}

static void
wait_for_file (const char *path)
{
  WAIT_FOR (g_file_test (path, G_FILE_TEST_EXISTS));
  /* Let the worker's callback (the toast) run. */
  spin (100);
}

static void
test_export (void)
{
  g_autofree char *json_path = g_build_filename (tmpdir, "sources.json", NULL);
  g_autofree char *md_path = g_build_filename (tmpdir, "quotations.md", NULL);
  g_autofree char *bad_path = g_build_filename (tmpdir, "no-such-folder", "quotations.md", NULL);
  g_autoptr(GFile) json_file = g_file_new_for_path (json_path);
  g_autoptr(GFile) md_file = g_file_new_for_path (md_path);
  g_autoptr(GFile) bad_file = g_file_new_for_path (bad_path);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(EpistleLibrary) library = NULL;
  g_autofree char *markdown = NULL;
  g_auto(GStrv) lines = NULL;
  EpistleLibraryStats stats;
  GtkWidget *parent;
  AdwWindow *window = new_window (&parent);
  AdwAlertDialog *dialog;
  JsonNode *root;
  guint quote_lines = 0;

  library = epistle_library_open (library_path, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (epistle_library_get_stats (library, &stats, &error));
  g_assert_cmpint (stats.quotes, >, 0);
  g_assert_cmpint (stats.sources, >, 0);

  epistle_library_transfer_export (parent, library_path, EPISTLE_LIBRARY_EXPORT_CSL_JSON, json_file);
  wait_for_file (json_path);
  g_assert_true (json_parser_load_from_file (parser, json_path, &error));
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (root));
  g_assert_cmpint (json_array_get_length (json_node_get_array (root)), ==, stats.sources);
  for (guint i = 0; i < json_array_get_length (json_node_get_array (root)); i++)
    {
      JsonObject *item = json_array_get_object_element (json_node_get_array (root), i);

      g_assert_nonnull (item);
      g_assert_true (json_object_has_member (item, "type"));
    }

  epistle_library_transfer_export (parent, library_path, EPISTLE_LIBRARY_EXPORT_MARKDOWN, md_file);
  wait_for_file (md_path);
  g_assert_true (g_file_get_contents (md_path, &markdown, NULL, NULL));
  lines = g_strsplit (markdown, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    quote_lines += g_str_has_prefix (lines[i], "> ");
  g_assert_cmpuint (quote_lines, >=, stats.quotes);
  assert_contains (markdown, "> A spectre is haunting the blank page.");
  g_assert_null (adw_window_get_visible_dialog (window));

  /* Exporting again replaces the file whole. */
  g_assert_cmpint (g_unlink (json_path), ==, 0);
  epistle_library_transfer_export (parent, library_path, EPISTLE_LIBRARY_EXPORT_CSL_JSON, json_file);
  wait_for_file (json_path);

  /* A folder that is not there: an alert, no file. */
  epistle_library_transfer_export (parent, library_path, EPISTLE_LIBRARY_EXPORT_MARKDOWN, bad_file);
  dialog = wait_for_alert (window, 20);
  g_assert_cmpstr (adw_alert_dialog_get_heading (dialog), ==, "Could Not Export");
  assert_contains (adw_alert_dialog_get_body (dialog), "quotations.md");
  close_alert (window, dialog);
  g_assert_false (g_file_test (bad_path, G_FILE_TEST_EXISTS));

  destroy_window (window);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  tmpdir = g_dir_make_tmp ("epistle-transfer-XXXXXX", NULL);
  library_path = g_build_filename (tmpdir, "library.sqlite3", NULL);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  /* In order: each builds on the library the one before left. */
  g_test_add_func ("/epistle/library-transfer/import-kindle", test_import_kindle);
  g_test_add_func ("/epistle/library-transfer/import-broken", test_import_broken);
  g_test_add_func ("/epistle/library-transfer/import-many-skipped", test_import_many_skipped);
  g_test_add_func ("/epistle/library-transfer/import-refused", test_import_refused);
  g_test_add_func ("/epistle/library-transfer/import-locked", test_import_locked);
  g_test_add_func ("/epistle/library-transfer/export", test_export);

  ret = g_test_run ();
  test_remove_tree (tmpdir);
  g_free (library_path);
  g_free (tmpdir);
  return ret;
}
