/* SPDX-License-Identifier: GPL-3.0-or-later
 * test-window.c — the real window under Xvfb: open, edit, save round trips,
 * kept BOM and line endings, every bad-input message, drafts, punctuation,
 * spelling. */

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <sys/resource.h>

#include "epistle-application.h"
#include "epistle-buffer-copy.h"
#include "epistle-drafts.h"
#include "epistle-smart-punctuation.h"
#include "epistle-text.h"
#include "epistle-window.h"
#include "epistle-window-private.h"   /* the find bar's entries */
#include "ui-wait.h"

static EpistleApplication *app;
static char *tmpdir;



static char *
corpus_path (const char *name)
{
  const char *corpus = g_getenv ("EPISTLE_CORPUS");

  if (corpus == NULL)
    return g_build_filename (g_getenv ("EPISTLE_SRCDIR"), "..", "shared", "corpus", name, NULL);
  return g_build_filename (corpus, name, NULL);
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

/* The open letter @times over, with its line ends as @newline: a
 * manuscript long enough to be loaded in slices. */
static GString *
repeated_letter (guint       times,
                 const char *newline)
{
  g_autofree char *source = corpus_path ("open-letter.txt");
  g_autofree char *letter = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *joined = NULL;
  GString *big = g_string_new (NULL);

  g_assert_true (g_file_get_contents (source, &letter, NULL, NULL));
  lines = g_strsplit (letter, "\n", -1);
  joined = g_strjoinv (newline, lines);
  for (guint i = 0; i < times; i++)
    g_string_append (big, joined);
  return big;
}

static EpistleWindow *
open_window (const char *path)
{
  return ui_test_open_file (app, path);
}

static void
close_window (EpistleWindow *window)
{
  ui_test_close_window (window);
}

static GtkTextBuffer *
window_buffer (EpistleWindow *window)
{
  return GTK_TEXT_BUFFER (epistle_document_get_buffer (epistle_window_get_document (window)));
}

static gboolean
save_window (EpistleWindow *window)
{
  EpistleDocument *document = epistle_window_get_document (window);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.save", NULL);
  spin (5);
  WAIT_FOR (!epistle_document_get_busy (document));
  spin (20);
  return !epistle_document_get_modified (document);
}

static void
type_text (EpistleWindow *window,
           const char    *text)
{
  GtkTextBuffer *buffer = window_buffer (window);

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      char ch[8] = { 0 };

      g_unichar_to_utf8 (g_utf8_get_char (p), ch);
      gtk_text_buffer_begin_user_action (buffer);
      gtk_text_buffer_insert_interactive_at_cursor (buffer, ch, -1, TRUE);
      gtk_text_buffer_end_user_action (buffer);
      g_main_context_iteration (NULL, FALSE);
    }
  spin (10);
}

static char *
buffer_text (EpistleWindow *window)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (window_buffer (window), &start, &end);
  return gtk_text_iter_get_text (&start, &end);
}

/* ---------------------------------------------------------------- tests -- */

static void
test_roundtrip_open_letter (void)
{
  g_autofree char *source = corpus_path ("open-letter.txt");
  g_autofree char *original = NULL;
  g_autofree char *saved = NULL;
  g_autofree char *path = NULL;
  gsize length, saved_length;
  EpistleWindow *window;
  GtkTextBuffer *buffer;
  GtkTextIter iter;

  g_assert_true (g_file_get_contents (source, &original, &length, NULL));
  path = temp_file ("open-letter.txt", original, length);
  window = open_window (path);
  buffer = window_buffer (window);

  /* An edit in the middle, undone, then saved: the bytes are the same. */
  gtk_text_buffer_get_iter_at_offset (buffer, &iter, gtk_text_buffer_get_char_count (buffer) / 2);
  gtk_text_buffer_place_cursor (buffer, &iter);
  type_text (window, "inserted words ");
  g_assert_true (epistle_document_get_modified (epistle_window_get_document (window)));
  while (gtk_text_buffer_get_can_undo (buffer))
    gtk_text_buffer_undo (buffer);

  g_assert_true (save_window (window));
  g_assert_true (g_file_get_contents (path, &saved, &saved_length, NULL));
  g_assert_cmpmem (saved, saved_length, original, length);

  /* And an edit that stays is saved where it was made. */
  gtk_text_buffer_get_start_iter (buffer, &iter);
  gtk_text_buffer_place_cursor (buffer, &iter);
  type_text (window, "PS ");
  g_assert_true (save_window (window));
  g_clear_pointer (&saved, g_free);
  g_assert_true (g_file_get_contents (path, &saved, &saved_length, NULL));
  g_assert_cmpuint (saved_length, ==, length + 3);
  g_assert_true (g_str_has_prefix (saved, "PS "));
  g_assert_cmpmem (saved + 3, saved_length - 3, original, length);

  close_window (window);
}

static gboolean
type_while_saving (gpointer data)
{
  GtkTextBuffer *buffer = data;

  gtk_text_buffer_begin_user_action (buffer);
  gtk_text_buffer_insert_interactive_at_cursor (buffer, "Yours, Anna", -1, TRUE);
  gtk_text_buffer_end_user_action (buffer);
  return G_SOURCE_REMOVE;
}

static void
test_large_document_in_slices (void)
{
  g_autofree char *text = NULL;
  g_autofree char *saved = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GString) big = NULL;
  g_autoptr(GFile) file = NULL;
  EpistleWindow *window;
  EpistleDocument *document;
  gboolean saw_read_only_view = FALSE;
  gsize length;

  /* About 1.2 MB with CRLF line ends: loaded in several slices. */
  big = repeated_letter (40, "\r\n");
  path = temp_file ("manuscript.md", big->str, big->len);
  file = g_file_new_for_path (path);

  window = epistle_window_new (GTK_APPLICATION (app));
  document = epistle_window_get_document (window);
  gtk_window_present (GTK_WINDOW (window));
  epistle_window_load_file (window, file);
  while (epistle_document_get_busy (document))
    {
      if (epistle_document_get_loading (document) &&
          gtk_text_buffer_get_char_count (window_buffer (window)) > 0)
        {
          /* Part of the text is in: nobody may type into it yet. */
          saw_read_only_view |= !gtk_text_view_get_editable (GTK_TEXT_VIEW (epistle_window_get_view (window)));
        }
      g_main_context_iteration (NULL, TRUE);
    }
  g_assert_true (saw_read_only_view);
  g_assert_true (gtk_text_view_get_editable (GTK_TEXT_VIEW (epistle_window_get_view (window))));
  g_assert_false (epistle_document_get_modified (document));

  /* Whole, in order, and saved back byte for byte. */
  text = buffer_text (window);
  {
    g_autoptr(GString) expected = repeated_letter (40, "\n");

    g_assert_cmpuint (strlen (text), ==, expected->len);
    g_assert_true (g_str_equal (text, expected->str));
  }
  gtk_text_buffer_set_modified (window_buffer (window), TRUE);
  g_assert_true (save_window (window));
  g_assert_true (g_file_get_contents (path, &saved, &length, NULL));
  g_assert_cmpmem (saved, length, big->str, big->len);

  /* The save takes the text a slice at a time: a key typed between two
   * slices is in what is written, and the document is saved, not left
   * modified with a file that lacks the key. */
  {
    GtkTextIter iter;
    g_autofree char *now = NULL;
    g_auto(GStrv) lines = NULL;
    g_autofree char *crlf = NULL;

    gtk_text_buffer_get_end_iter (window_buffer (window), &iter);
    gtk_text_buffer_place_cursor (window_buffer (window), &iter);
    gtk_widget_activate_action (GTK_WIDGET (window), "win.save", NULL);
    /* Dispatched with the copy's first slice (same priority, added after it). */
    g_idle_add_full (GDK_PRIORITY_REDRAW + 1, type_while_saving, window_buffer (window), NULL);
    WAIT_FOR (!epistle_document_get_busy (document));
    g_assert_false (epistle_document_get_modified (document));

    now = buffer_text (window);
    g_assert_true (g_str_has_suffix (now, "Yours, Anna"));
    lines = g_strsplit (now, "\n", -1);
    crlf = g_strjoinv ("\r\n", lines);
    g_clear_pointer (&saved, g_free);
    g_assert_true (g_file_get_contents (path, &saved, &length, NULL));
    g_assert_cmpmem (saved, length, crlf, strlen (crlf));
  }
  close_window (window);
}

static void
test_bom_crlf_kept (void)
{
  const char contents[] = "\xEF\xBB\xBF" "Dear Ruge,\r\n\r\nThe letter\xC2\xA0goes on.\r\n";
  g_autofree char *path = temp_file ("bom-crlf.md", contents, sizeof contents - 1);
  g_autofree char *saved = NULL;
  g_autofree char *text = NULL;
  EpistleWindow *window = open_window (path);
  GtkTextBuffer *buffer = window_buffer (window);
  GtkTextIter end;
  gsize length;

  text = buffer_text (window);
  g_assert_cmpstr (text, ==, "Dear Ruge,\n\nThe letter\xC2\xA0goes on.\n");

  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_place_cursor (buffer, &end);
  type_text (window, "Yours,\nK.\n");
  g_assert_true (save_window (window));

  g_assert_true (g_file_get_contents (path, &saved, &length, NULL));
  g_assert_cmpstr (saved, ==, "\xEF\xBB\xBF" "Dear Ruge,\r\n\r\nThe letter\xC2\xA0goes on.\r\nYours,\r\nK.\r\n");
  close_window (window);
}

static void
test_utf16_and_legacy (void)
{
  /* "Café" in UTF-16 LE with a BOM, and in Windows-1252. */
  const char utf16[] = "\xFF\xFE" "C\0a\0f\0\xE9\0\n\0";
  const char legacy[] = "\x93" "Caf\xE9" "\x94\n";
  g_autofree char *p16 = temp_file ("utf16.txt", utf16, sizeof utf16 - 1);
  g_autofree char *p8 = temp_file ("legacy.txt", legacy, sizeof legacy - 1);
  g_autofree char *t16 = NULL;
  g_autofree char *t8 = NULL;
  g_autofree char *saved = NULL;
  EpistleWindow *w16 = open_window (p16);
  EpistleWindow *w8 = open_window (p8);
  gsize length;

  t16 = buffer_text (w16);
  g_assert_cmpstr (t16, ==, "Café\n");
  t8 = buffer_text (w8);
  g_assert_cmpstr (t8, ==, "“Café”\n");
  g_assert_nonnull (strstr (epistle_window_get_banner_text (w8), "1252"));

  /* Saved back in the encoding it came in. */
  gtk_text_buffer_set_modified (window_buffer (w8), TRUE);
  g_assert_true (save_window (w8));
  g_assert_true (g_file_get_contents (p8, &saved, &length, NULL));
  g_assert_cmpmem (saved, length, legacy, sizeof legacy - 1);

  close_window (w16);
  close_window (w8);
}

static void
test_unrepresentable_offers_utf8 (void)
{
  const char legacy[] = "Caf\xE9\n";
  g_autofree char *path = temp_file ("legacy-save.txt", legacy, sizeof legacy - 1);
  g_autofree char *after = NULL;
  EpistleWindow *window = open_window (path);
  EpistleDocument *document = epistle_window_get_document (window);
  GtkTextBuffer *buffer = window_buffer (window);
  GtkTextIter end;
  gsize length;

  /* "ā" has no place in Windows-1252: saving must not mangle it. */
  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_place_cursor (buffer, &end);
  type_text (window, "Tā");
  save_window (window);
  g_assert_true (epistle_document_get_modified (document));
  g_assert_nonnull (strstr (epistle_window_get_banner_text (window), "U+0101"));
  g_assert_true (g_file_get_contents (path, &after, &length, NULL));
  g_assert_cmpmem (after, length, legacy, sizeof legacy - 1);

  /* The banner's button saves it as UTF-8 instead. */
  g_signal_emit_by_name (window->banner, "button-clicked");
  spin (5);
  WAIT_FOR (!epistle_document_get_busy (document));
  spin (20);
  g_assert_false (epistle_document_get_modified (document));
  g_clear_pointer (&after, g_free);
  g_assert_true (g_file_get_contents (path, &after, &length, NULL));
  g_assert_cmpstr (after, ==, "Café\nTā");
  g_assert_cmpint (epistle_document_get_format (document)->encoding, ==, EPISTLE_ENCODING_UTF8);
  close_window (window);
}

static void
test_binary_refused (void)
{
  const char contents[] = "PK\x03\x04\0\0binary\0data";
  g_autofree char *path = temp_file ("archive.md", contents, sizeof contents - 1);
  EpistleWindow *window = open_window (path);
  g_autofree char *text = buffer_text (window);
  g_autofree char *after = NULL;
  gsize length;

  g_assert_nonnull (strstr (epistle_window_get_banner_text (window), "not a text document"));
  g_assert_null (epistle_document_get_file (epistle_window_get_document (window)));
  g_assert_cmpstr (text, ==, "");

  /* Nothing the window does can touch the refused file. */
  type_text (window, "hello");
  g_assert_true (g_file_get_contents (path, &after, &length, NULL));
  g_assert_cmpmem (after, length, contents, sizeof contents - 1);
  close_window (window);
}

static void
test_read_only (void)
{
  g_autofree char *path = temp_file ("read-only.md", "Do not change me.\n", -1);
  g_autofree char *after = NULL;
  EpistleWindow *window;

  g_assert_cmpint (g_chmod (path, 0444), ==, 0);
  window = open_window (path);
  g_assert_true (epistle_document_get_read_only (epistle_window_get_document (window)));
  g_assert_nonnull (strstr (epistle_window_get_banner_text (window), "read-only"));

  type_text (window, "X");
  g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, "Do not change me.\n");
  close_window (window);
}

static void
test_changed_on_disk (void)
{
  g_autofree char *path = temp_file ("shared.md", "Version one.\n", -1);
  g_autofree char *after = NULL;
  EpistleWindow *window = open_window (path);
  EpistleDocument *document = epistle_window_get_document (window);

  spin (50);
  g_assert_true (g_file_set_contents (path, "Their version.\n", -1, NULL));
  WAIT_FOR (epistle_document_get_disk_state (document) == EPISTLE_DISK_STATE_CHANGED);
  g_assert_nonnull (strstr (epistle_window_get_banner_text (window), "changed by another program"));

  /* Saving must not overwrite their change silently. */
  type_text (window, "Mine: ");
  save_window (window);
  g_assert_true (epistle_document_get_modified (document));
  g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, "Their version.\n");

  /* "Keep Mine" makes the next save replace theirs. */
  epistle_document_keep_mine (document);
  g_assert_true (save_window (window));
  g_clear_pointer (&after, g_free);
  g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, "Mine: Version one.\n");

  close_window (window);
}

static void
test_deleted_on_disk (void)
{
  g_autofree char *path = temp_file ("deleted.md", "Still here.\n", -1);
  g_autofree char *after = NULL;
  EpistleWindow *window = open_window (path);
  EpistleDocument *document = epistle_window_get_document (window);

  spin (50);
  g_assert_cmpint (g_unlink (path), ==, 0);
  WAIT_FOR (epistle_document_get_disk_state (document) == EPISTLE_DISK_STATE_DELETED);
  g_assert_nonnull (strstr (epistle_window_get_banner_text (window), "deleted"));

  /* Saving puts it back. */
  gtk_text_buffer_set_modified (window_buffer (window), TRUE);
  g_assert_true (save_window (window));
  g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, "Still here.\n");
  close_window (window);
}

static void
test_missing_folder (void)
{
  g_autofree char *path = temp_file ("moving.md", "Words.\n", -1);
  g_autofree char *target = g_build_filename (tmpdir, "no-such-folder", "moving.md", NULL);
  g_autofree char *uri = g_filename_to_uri (target, NULL, NULL);
  EpistleWindow *window = open_window (path);
  EpistleDocument *document = epistle_window_get_document (window);

  type_text (window, "More ");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.save-as", "s", uri);
  spin (5);
  WAIT_FOR (!epistle_document_get_busy (document));
  spin (20);

  g_assert_true (epistle_document_get_modified (document));
  g_assert_false (g_file_test (target, G_FILE_TEST_EXISTS));
  g_assert_nonnull (strstr (epistle_window_get_banner_text (window), "no longer exists"));
  close_window (window);
}

static gboolean
in_recent_list (const char *uri)
{
  GList *items = gtk_recent_manager_get_items (gtk_recent_manager_get_default ());
  gboolean found = FALSE;

  for (GList *l = items; l != NULL; l = l->next)
    found |= g_str_equal (gtk_recent_info_get_uri (l->data), uri);
  g_list_free_full (items, (GDestroyNotify) gtk_recent_info_unref);
  return found;
}

/* A file named on the command line that is not there yet is a new, empty
 * document under that name: no error, a banner that says it is new,
 * editable, written there at the first save (and the banner gone). One in a
 * folder that is not there either opens the same way, and its save says
 * where the trouble is and keeps the text. */
static void
test_new_file_by_name (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "new-chapter.md", NULL);
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
  g_autofree char *xbel = NULL;
  g_autofree char *nowhere = g_build_filename (tmpdir, "no-folder-yet", "chapter-two.md", NULL);
  g_autofree char *title = NULL;
  g_autofree char *saved = NULL;
  EpistleWindow *window;
  EpistleDocument *document;

  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  /* The recent list, on for this test: the new file joins it once written. */
  g_object_set (gtk_settings_get_default (), "gtk-recent-files-enabled", TRUE, NULL);
  window = open_window (path);
  spin (200);
  g_assert_false (in_recent_list (uri));
  document = epistle_window_get_document (window);
  g_assert_nonnull (strstr (epistle_window_get_banner_text (window), "“new-chapter.md” is not on disk yet"));
  title = epistle_document_dup_title (document);
  g_assert_cmpstr (title, ==, "new-chapter.md");
  g_assert_true (gtk_text_view_get_editable (GTK_TEXT_VIEW (epistle_window_get_view (window))));
  g_assert_false (epistle_document_get_read_only (document));
  g_assert_cmpint (gtk_text_buffer_get_char_count (window_buffer (window)), ==, 0);
  g_assert_false (epistle_document_get_modified (document));

  type_text (window, "Chapter Two\n");
  g_assert_true (save_window (window));
  g_assert_true (g_file_get_contents (path, &saved, NULL, NULL));
  g_assert_cmpstr (saved, ==, "Chapter Two\n");
  g_assert_cmpstr (epistle_window_get_banner_text (window), ==, "");
  WAIT_FOR (in_recent_list (uri));
  /* Its file written now, not during a later test that limits file sizes. */
  xbel = g_build_filename (g_get_user_data_dir (), "recently-used.xbel", NULL);
  WAIT_FOR (g_file_test (xbel, G_FILE_TEST_EXISTS));
  spin (300);
  g_object_set (gtk_settings_get_default (), "gtk-recent-files-enabled", FALSE, NULL);
  close_window (window);

  window = open_window (nowhere);
  document = epistle_window_get_document (window);
  g_assert_nonnull (strstr (epistle_window_get_banner_text (window), "not on disk yet"));
  type_text (window, "Words.");
  g_assert_false (save_window (window));
  g_assert_true (epistle_document_get_modified (document));
  g_assert_nonnull (strstr (epistle_window_get_banner_text (window), "save it somewhere else"));
  close_window (window);
}

static void
test_failed_write (void)
{
  g_autofree char *path = temp_file ("big.md", "Short.\n", -1);
  g_autofree char *after = NULL;
  EpistleWindow *window = open_window (path);
  EpistleDocument *document = epistle_window_get_document (window);
  struct rlimit old, small = { 64, 64 };
  g_autoptr(GString) lots = g_string_new (NULL);

  for (int i = 0; i < 50; i++)
    g_string_append (lots, "A sentence that makes the letter longer. ");
  type_text (window, lots->str);

  /* Like a full disk: no write past 64 bytes succeeds. */
  signal (SIGXFSZ, SIG_IGN);
  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &old), ==, 0);
  small.rlim_max = old.rlim_max;
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &small), ==, 0);
  save_window (window);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &old), ==, 0);

  g_assert_true (epistle_document_get_modified (document));
  g_assert_nonnull (strstr (epistle_window_get_banner_text (window), "big.md"));
  g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, "Short.\n");
  close_window (window);
}

static void
test_untitled_autosaved (void)
{
  EpistleWindow *window = epistle_window_new (GTK_APPLICATION (app));
  EpistleDraftStore *drafts = epistle_application_get_drafts (app);
  EpistleDocument *document = epistle_window_get_document (window);
  g_autofree char *text = NULL;
  const char *id;

  gtk_window_present (GTK_WINDOW (window));
  type_text (window, "Dear Committee,\nAn untitled draft.");
  g_assert_null (epistle_document_get_file (document));

  /* autosave-delay is 1 s in this test */
  WAIT_FOR (epistle_document_get_draft_id (document) != NULL);
  id = epistle_document_get_draft_id (document);
  WAIT_FOR ((g_free (text), text = epistle_draft_store_load (drafts, id, NULL, NULL)) != NULL);
  g_assert_cmpstr (text, ==, "Dear Committee,\nAn untitled draft.");
  close_window (window);
}

static void
test_recovered_draft_survives_loading (void)
{
  g_autofree char *path = NULL;
  g_autofree char *draft_text = NULL;
  g_autofree char *on_disk = NULL;
  g_autofree char *text = NULL;
  g_autofree char *id = NULL;
  g_autoptr(GString) big = NULL;
  g_autoptr(GFile) file = NULL;
  EpistleDraftStore *drafts = epistle_application_get_drafts (app);
  EpistleWindow *window;
  EpistleDocument *document;

  /* A manuscript large enough to load in slices, and a draft of it. */
  big = repeated_letter (20, "\n");
  path = temp_file ("recovered.md", big->str, big->len);
  file = g_file_new_for_path (path);
  draft_text = g_strconcat ("Unsaved opening. ", big->str, NULL);
  id = epistle_draft_store_new_id (drafts);
  g_assert_true (epistle_draft_store_save (drafts, id, draft_text, -1, NULL, "recovered.md", 0, NULL));

  window = epistle_window_new (GTK_APPLICATION (app));
  document = epistle_window_get_document (window);
  gtk_window_present (GTK_WINDOW (window));
  epistle_window_recover (window, file, id, draft_text, 5);
  WAIT_FOR (!epistle_document_get_busy (document));
  spin (50);

  /* The draft's text is in the buffer, unsaved, and still on disk. */
  text = buffer_text (window);
  g_assert_true (g_str_equal (text, draft_text));
  g_assert_true (epistle_document_get_modified (document));
  g_assert_cmpstr (epistle_document_get_draft_id (document), ==, id);
  on_disk = epistle_draft_store_load (drafts, id, NULL, NULL);
  g_assert_nonnull (on_disk);
  g_assert_true (g_str_equal (on_disk, draft_text));
  g_assert_nonnull (strstr (epistle_window_get_banner_text (window), "recovered"));

  /* Saving makes the draft unnecessary. */
  g_assert_true (save_window (window));
  g_clear_pointer (&on_disk, g_free);
  on_disk = epistle_draft_store_load (drafts, id, NULL, NULL);
  g_assert_null (on_disk);
  close_window (window);
}

static void
test_reload_drops_draft (void)
{
  g_autofree char *path = temp_file ("reload.md", "On disk.\n", -1);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  EpistleDraftStore *drafts = epistle_application_get_drafts (app);
  EpistleWindow *window = open_window (path);
  EpistleDocument *document = epistle_window_get_document (window);
  g_autofree char *id = NULL;
  g_autofree char *on_disk = NULL;
  g_autofree char *text = NULL;

  type_text (window, "Typed, then thrown away. ");
  WAIT_FOR (epistle_document_get_draft_id (document) != NULL);
  id = g_strdup (epistle_document_get_draft_id (document));
  WAIT_FOR ((g_free (on_disk), on_disk = epistle_draft_store_load (drafts, id, NULL, NULL)) != NULL);

  /* Reload (as after "Review…" → Reload): the disk's text wins and the
   * draft must not come back after a crash. */
  epistle_window_load_file (window, file);
  WAIT_FOR (!epistle_document_get_busy (document));
  text = buffer_text (window);
  g_assert_cmpstr (text, ==, "On disk.\n");
  g_assert_null (epistle_document_get_draft_id (document));
  g_clear_pointer (&on_disk, g_free);
  spin (50);
  on_disk = epistle_draft_store_load (drafts, id, NULL, NULL);
  g_assert_null (on_disk);
  close_window (window);
}

static void
test_smart_punctuation_rules (void)
{
  guint n;

  g_assert_cmpstr (epistle_smart_punctuation_replacement ("\"", &n), ==, "“");
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpstr (epistle_smart_punctuation_replacement ("say \"", &n), ==, "“");
  g_assert_cmpstr (epistle_smart_punctuation_replacement ("“word\"", &n), ==, "”");
  g_assert_cmpstr (epistle_smart_punctuation_replacement ("don'", &n), ==, "’");
  g_assert_cmpstr (epistle_smart_punctuation_replacement ("(’", &n), ==, NULL);
  g_assert_cmpstr (epistle_smart_punctuation_replacement ("a '", &n), ==, "‘");
  g_assert_cmpstr (epistle_smart_punctuation_replacement ("word--", &n), ==, "—");
  g_assert_cmpuint (n, ==, 2);
  g_assert_null (epistle_smart_punctuation_replacement ("--", &n));   /* front matter / rules */
  g_assert_cmpstr (epistle_smart_punctuation_replacement ("wait...", &n), ==, "…");
  g_assert_cmpuint (n, ==, 3);
  g_assert_null (epistle_smart_punctuation_replacement ("use `a \"", &n));  /* code span */
  g_assert_cmpstr (epistle_smart_punctuation_replacement ("`a` \"", &n), ==, "“");
}

static void
test_smart_punctuation_typing (void)
{
  EpistleWindow *window = epistle_window_new (GTK_APPLICATION (app));
  GtkTextBuffer *buffer = window_buffer (window);
  g_autofree char *text = NULL;
  g_autofree char *undone = NULL;

  gtk_window_present (GTK_WINDOW (window));
  type_text (window, "He said \"wait--no...\" and didn't.");
  text = buffer_text (window);
  g_assert_cmpstr (text, ==, "He said “wait—no…” and didn’t.");

  /* One Ctrl+Z right after a replacement gives back what was typed. */
  gtk_text_buffer_set_text (buffer, "", -1);
  type_text (window, "Wait...");
  g_clear_pointer (&text, g_free);
  text = buffer_text (window);
  g_assert_cmpstr (text, ==, "Wait…");
  gtk_text_buffer_undo (buffer);
  undone = buffer_text (window);
  g_assert_cmpstr (undone, ==, "Wait...");

  /* Inside a code span nothing changes. */
  gtk_text_buffer_set_text (buffer, "", -1);
  type_text (window, "`x \"y\"`");
  g_clear_pointer (&text, g_free);
  text = buffer_text (window);
  g_assert_cmpstr (text, ==, "`x \"y\"`");
  close_window (window);
}

static void
test_stats_agree_with_engine (void)
{
  g_autofree char *source = corpus_path ("open-letter.txt");
  g_autofree char *contents = NULL;
  g_autofree char *expected = NULL;
  EpistleTextStats stats;
  EpistleWindow *window;

  g_assert_true (g_file_get_contents (source, &contents, NULL, NULL));
  epistle_text_stats_compute (contents, -1, &stats);
  g_assert_cmpuint (stats.words, >, 4000);

  window = open_window (source);
  expected = g_strdup_printf ("%'" G_GUINT64_FORMAT " words", stats.words);
  WAIT_FOR (strstr (epistle_window_get_stats_text (window), expected) != NULL);
  close_window (window);
}

static void
test_find_replace_and_goto (void)
{
  g_autofree char *source = corpus_path ("open-letter.txt");
  g_autofree char *original = NULL;
  g_autofree char *replaced = NULL;
  g_autofree char *undone = NULL;
  g_autofree char *path = NULL;
  EpistleWindow *window;
  GtkTextBuffer *buffer;
  GtkTextIter iter;
  guint before = 0;

  g_assert_true (g_file_get_contents (source, &original, NULL, NULL));
  for (const char *p = original; (p = strstr (p, "Luxemburg")) != NULL; p++)
    before++;
  g_assert_cmpuint (before, >, 2);
  path = temp_file ("find.txt", original, -1);
  window = open_window (path);
  buffer = window_buffer (window);

  /* Go to line 10. */
  g_action_group_activate_action (G_ACTION_GROUP (window), "goto-line-number", g_variant_new_int32 (10));
  gtk_text_buffer_get_iter_at_mark (buffer, &iter, gtk_text_buffer_get_insert (buffer));
  g_assert_cmpint (gtk_text_iter_get_line (&iter), ==, 9);

  /* Find selects the first match and counts them all. */
  g_action_group_activate_action (G_ACTION_GROUP (window), "find-replace", NULL);
  gtk_editable_set_text (GTK_EDITABLE (window->search_entry), "Luxemburg");
  WAIT_FOR (window->search_context != NULL &&
            gtk_source_search_context_get_occurrences_count (window->search_context) == (int) before);
  g_assert_true (gtk_text_buffer_get_has_selection (buffer));

  /* Replace All is one undo step. */
  gtk_editable_set_text (GTK_EDITABLE (window->replace_entry), "Luxembourg");
  g_action_group_activate_action (G_ACTION_GROUP (window), "replace-all", NULL);
  replaced = buffer_text (window);
  g_assert_null (strstr (replaced, "Luxemburg"));
  g_assert_cmpuint (strlen (replaced), ==, strlen (original) + before);
  gtk_text_buffer_undo (buffer);
  undone = buffer_text (window);
  g_assert_cmpstr (undone, ==, original);
  close_window (window);
}

/* Replace All in the window gives what GtkSourceView's replace-all gives on
 * the same text with the same settings, for each option of the bar: plain
 * (any case), whole words with the case kept, a regular expression with a
 * group, and one whose matches are all empty (every line's start), which
 * replaces nothing. Replace All is pressed right after the search is typed,
 * before the entry's search-changed (a moment later) has come: what the
 * entry shows is what is replaced. */
typedef struct {
  const char *search;
  const char *replacement;
  gboolean    case_sensitive;
  gboolean    whole_words;
  gboolean    regex;
} ReplaceCase;

static char *
replace_all_with_gtksourceview (const char        *text,
                                const ReplaceCase *c)
{
  g_autoptr(GtkSourceBuffer) buffer = gtk_source_buffer_new (NULL);
  g_autoptr(GtkSourceSearchSettings) settings = gtk_source_search_settings_new ();
  g_autoptr(GtkSourceSearchContext) context = NULL;
  g_autoptr(GError) error = NULL;
  GtkTextIter start, end;

  gtk_text_buffer_set_text (GTK_TEXT_BUFFER (buffer), text, -1);
  gtk_source_search_settings_set_search_text (settings, c->search);
  gtk_source_search_settings_set_case_sensitive (settings, c->case_sensitive);
  gtk_source_search_settings_set_at_word_boundaries (settings, c->whole_words);
  gtk_source_search_settings_set_regex_enabled (settings, c->regex);
  context = gtk_source_search_context_new (buffer, settings);
  gtk_source_search_context_replace_all (context, c->replacement, -1, &error);
  g_assert_no_error (error);
  gtk_text_buffer_get_bounds (GTK_TEXT_BUFFER (buffer), &start, &end);
  return gtk_text_iter_get_text (&start, &end);
}

static void
test_replace_all_as_gtksourceview (void)
{
  static const ReplaceCase cases[] = {
    { "luxemburg", "Luxembourg", FALSE, FALSE, FALSE },
    { "the", "THE", TRUE, TRUE, FALSE },
    { "(\\w+)ing\\b", "\\1ed", FALSE, FALSE, TRUE },
    { "^", "> ", FALSE, FALSE, TRUE },
  };
  g_autofree char *source = corpus_path ("open-letter.txt");
  g_autofree char *original = NULL;
  g_autofree char *path = NULL;
  EpistleWindow *window;

  g_assert_true (g_file_get_contents (source, &original, NULL, NULL));
  path = temp_file ("replace-kinds.txt", original, -1);
  window = open_window (path);
  g_action_group_activate_action (G_ACTION_GROUP (window), "find-replace", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const ReplaceCase *c = &cases[i];
      g_autofree char *expected = replace_all_with_gtksourceview (original, c);
      g_autofree char *replaced = NULL;
      g_autofree char *undone = NULL;

      g_test_message ("%s → %s", c->search, c->replacement);
      if (c->search[0] != '^')
        g_assert_cmpstr (expected, !=, original);
      gtk_check_button_set_active (window->case_check, c->case_sensitive);
      gtk_check_button_set_active (window->word_check, c->whole_words);
      gtk_check_button_set_active (window->regex_check, c->regex);
      gtk_editable_set_text (GTK_EDITABLE (window->search_entry), c->search);
      gtk_editable_set_text (GTK_EDITABLE (window->replace_entry), c->replacement);
      g_action_group_activate_action (G_ACTION_GROUP (window), "replace-all", NULL);
      replaced = buffer_text (window);
      g_assert_cmpstr (replaced, ==, expected);
      gtk_text_buffer_undo (window_buffer (window));
      undone = buffer_text (window);
      g_assert_cmpstr (undone, ==, original);
    }
  close_window (window);
}

static void
copy_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  char **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = epistle_buffer_copy_finish (GTK_TEXT_BUFFER (object), result, &error);
  g_assert_no_error (error);
}

static gboolean
edit_while_copying (gpointer data)
{
  GtkTextBuffer *buffer = data;
  GtkTextIter iter;

  gtk_text_buffer_get_end_iter (buffer, &iter);
  gtk_text_buffer_insert (buffer, &iter, "Yours, Anna\n", -1);
  gtk_text_buffer_get_start_iter (buffer, &iter);
  gtk_text_buffer_insert (buffer, &iter, "Dear Editor,\n", -1);
  return G_SOURCE_REMOVE;
}

typedef struct {
  GtkTextBuffer  *buffer;
  char          **copy;
  guint           keys;
} KeepTyping;

static gboolean
keep_typing (gpointer data)
{
  KeepTyping *typing = data;
  GtkTextIter iter;

  if (*typing->copy != NULL)
    return G_SOURCE_REMOVE;
  gtk_text_buffer_get_end_iter (typing->buffer, &iter);
  gtk_text_buffer_insert (typing->buffer, &iter, "x", -1);
  typing->keys++;
  return G_SOURCE_CONTINUE;
}

/* The status area's count gets the text a slice at a time: an edit made
 * while the slices are being taken starts the copy again, so what the
 * worker counts is the text as it was at one moment. */
static void
test_buffer_copy_in_slices (void)
{
  g_autoptr(GtkTextBuffer) buffer = gtk_text_buffer_new (NULL);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *copy = NULL;
  g_autofree char *expected = NULL;
  GtkTextIter start, end;

  while (text->len < 600 * 1024)
    g_string_append (text, "The river rose in the night and the town woke to water. ");
  gtk_text_buffer_set_text (buffer, text->str, -1);

  epistle_buffer_copy_async (buffer, G_PRIORITY_DEFAULT_IDLE, NULL, copy_done, &copy);
  /* Dispatched with the copy's first slice (same priority, added after
   * it): the edits come once a slice of five is taken. */
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, edit_while_copying, buffer, NULL);
  WAIT_FOR (copy != NULL);

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  expected = gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
  g_assert_cmpuint (strlen (copy), ==, strlen (expected));
  g_assert_true (strcmp (copy, expected) == 0);

  /* Keys that keep coming (one after every slice) do not put the copy
   * off for good: after a few fresh starts it takes the rest at once. */
  g_clear_pointer (&copy, g_free);
  g_clear_pointer (&expected, g_free);
  epistle_buffer_copy_async (buffer, G_PRIORITY_DEFAULT_IDLE, NULL, copy_done, &copy);
  {
    KeepTyping typing = { buffer, &copy, 0 };

    g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, keep_typing, &typing, NULL);
    WAIT_FOR (copy != NULL);
    g_assert_cmpuint (typing.keys, >, 3);
    spin (10);   /* keep_typing sees the copy and stops */
  }
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  expected = gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
  g_assert_cmpuint (strlen (copy), ==, strlen (expected));
  g_assert_true (strcmp (copy, expected) == 0);
}

static void
test_preferences_reach_the_window (void)
{
  EpistleWindow *window = epistle_window_new (GTK_APPLICATION (app));
  GSettings *settings = epistle_application_get_settings (app);
  AdwStyleManager *style = adw_style_manager_get_default ();
  EpistleView *view = epistle_window_get_view (window);
  GtkSourceStyleScheme *scheme;

  gtk_window_present (GTK_WINDOW (window));

  g_settings_set_uint (settings, "column-width", 55);
  g_assert_cmpuint (epistle_view_get_column_width (view), ==, 55);
  g_settings_reset (settings, "column-width");
  g_assert_cmpuint (epistle_view_get_column_width (view), ==, 72);

  /* Dark style: the editor follows with the dark source scheme. */
  g_settings_set_string (settings, "style-variant", "dark");
  WAIT_FOR (adw_style_manager_get_dark (style));
  scheme = gtk_source_buffer_get_style_scheme (epistle_document_get_buffer (epistle_window_get_document (window)));
  g_assert_cmpstr (gtk_source_style_scheme_get_id (scheme), ==, "Adwaita-dark");
  g_settings_set_string (settings, "style-variant", "light");
  WAIT_FOR (!adw_style_manager_get_dark (style));
  scheme = gtk_source_buffer_get_style_scheme (epistle_document_get_buffer (epistle_window_get_document (window)));
  g_assert_cmpstr (gtk_source_style_scheme_get_id (scheme), ==, "Adwaita");
  g_settings_reset (settings, "style-variant");

  /* Smart punctuation can be switched off. */
  g_settings_set_boolean (settings, "smart-punctuation", FALSE);
  type_text (window, "\"plain\"");
  {
    g_autofree char *text = buffer_text (window);
    g_assert_cmpstr (text, ==, "\"plain\"");
  }
  g_settings_reset (settings, "smart-punctuation");
  close_window (window);
}

static void
test_one_window_per_document (void)
{
  g_autofree char *path = temp_file ("once.md", "Once.\n", -1);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  EpistleWindow *first = epistle_application_open_file (app, file);
  EpistleWindow *second;

  WAIT_FOR (!epistle_document_get_busy (epistle_window_get_document (first)));
  second = epistle_application_open_file (app, file);
  g_assert_true (first == second);
  close_window (first);
}

/* What the window's first frame held. */
typedef struct {
  EpistleWindow *window;
  gint           chars;     /* -1: no frame drawn yet */
  gboolean       loading;   /* the rest of the text still to come */
} Shown;

static void
on_first_frame (GdkFrameClock *clock,
                Shown         *shown)
{
  if (shown->chars < 0)
    {
      shown->chars = gtk_text_buffer_get_char_count (window_buffer (shown->window));
      shown->loading = epistle_document_get_loading (epistle_window_get_document (shown->window));
    }
  g_signal_handlers_disconnect_by_func (clock, on_first_frame, shown);
}

static void
on_shown (GtkWidget  *widget,
          GParamSpec *pspec,
          Shown      *shown)
{
  if (gtk_widget_get_visible (widget))
    {
      g_signal_connect (gtk_widget_get_frame_clock (widget), "after-paint", G_CALLBACK (on_first_frame), shown);
      g_signal_handlers_disconnect_by_func (widget, on_shown, shown);
    }
}

/* Watches @window for what its first frame holds. */
static void
watch_first_frame (EpistleWindow *window,
                   Shown         *shown)
{
  shown->window = window;
  shown->chars = -1;
  shown->loading = FALSE;
  g_signal_connect (window, "notify::visible", G_CALLBACK (on_shown), shown);
}

/* Waits for @window's document to load and its first frame to be drawn.
 * It must not have been shown before its text is in. */
static void
wait_first_frame (EpistleWindow *window,
                  Shown         *shown)
{
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window)));
  WAIT_FOR (!epistle_document_get_busy (epistle_window_get_document (window)));
  /* Shown by the end of the load at the latest, not after the wait for a
   * slow disk (far longer than this spin). */
  spin (20);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  WAIT_FOR (shown->chars >= 0);
}

/* Opens @path as the application does and returns its window once loaded,
 * with what its first frame held in @shown. */
static EpistleWindow *
open_watching_shown (const char *path,
                     Shown      *shown)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  EpistleWindow *window = epistle_application_open_file (app, file);

  watch_first_frame (window, shown);
  wait_first_frame (window, shown);
  return window;
}

static void
test_shown_with_its_text (void)
{
  g_autofree char *source = corpus_path ("open-letter.txt");
  g_autofree char *letter = NULL;
  g_autofree char *letter_path = NULL;
  g_autofree char *big_path = NULL;
  g_autofree char *empty_path = NULL;
  g_autofree char *binary_path = temp_file ("shown-binary.md", "PK\003\004\000\000binary", 12);
  g_autoptr(GString) big = repeated_letter (40, "\n");
  EpistleWindow *window;
  Shown shown;

  /* The letter: the window's first frame already holds all of it. */
  g_assert_true (g_file_get_contents (source, &letter, NULL, NULL));
  letter_path = temp_file ("shown.md", letter, -1);
  window = open_watching_shown (letter_path, &shown);
  g_assert_cmpint (shown.chars, ==, g_utf8_strlen (letter, -1));
  close_window (window);

  /* A long manuscript: shown with its first page, before the rest is in. */
  big_path = temp_file ("shown-long.md", big->str, big->len);
  window = open_watching_shown (big_path, &shown);
  g_assert_cmpint (shown.chars, >, 0);
  g_assert_cmpint (shown.chars, <, gtk_text_buffer_get_char_count (window_buffer (window)));
  g_assert_true (shown.loading);
  close_window (window);

  /* A recovered draft over a letter: shown with the draft, never with the
   * file's text that the draft replaces. */
  {
    g_autofree char *draft = g_strconcat ("Unsaved opening. ", letter, NULL);
    g_autoptr(GFile) letter_file = g_file_new_for_path (letter_path);
    EpistleDraftStore *drafts = epistle_application_get_drafts (app);
    g_autofree char *id = epistle_draft_store_new_id (drafts);

    g_assert_true (epistle_draft_store_save (drafts, id, draft, -1, NULL, "shown.md", 0, NULL));
    window = epistle_window_new (GTK_APPLICATION (app));
    watch_first_frame (window, &shown);
    epistle_window_recover (window, letter_file, id, draft, 0);
    epistle_window_present_when_loaded (window);
    wait_first_frame (window, &shown);
    g_assert_cmpint (shown.chars, ==, g_utf8_strlen (draft, -1));
    close_window (window);
    epistle_draft_store_remove (drafts, id, NULL);
  }

  /* An empty file puts no page in: shown when its load ends. */
  empty_path = temp_file ("shown-empty.md", "", 0);
  window = open_watching_shown (empty_path, &shown);
  g_assert_cmpint (shown.chars, ==, 0);
  close_window (window);

  /* A failed load (a file that is not text): shown with its message. */
  window = open_watching_shown (binary_path, &shown);
  g_assert_cmpint (shown.chars, ==, 0);
  g_assert_true (adw_banner_get_revealed (window->banner));
  close_window (window);
}

static void
collect_shortcuts (GtkWidget  *widget,
                   GHashTable *titles)
{
  if (GTK_IS_SHORTCUTS_SHORTCUT (widget))
    {
      g_autofree char *title = NULL;
      g_autofree char *accel = NULL;

      g_object_get (widget, "title", &title, "accelerator", &accel, NULL);
      g_hash_table_insert (titles, g_steal_pointer (&title), g_steal_pointer (&accel));
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_shortcuts (child, titles);
}

/* The shortcuts window opens over the letter (laid out and drawn with no
 * warning from the toolkit: warnings are fatal here) and lists the keys
 * of every part, with the same accelerators the application sets. */
static void
test_shortcuts_window (void)
{
  g_autofree char *path = temp_file ("keys.md", "# Keys\n\nA letter.\n", -1);
  EpistleWindow *window = open_window (path);
  g_autoptr(GHashTable) titles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GListModel *toplevels = gtk_window_get_toplevels ();   /* GTK's own */
  GtkWindow *shortcuts = NULL;
  g_auto(GStrv) accels = NULL;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL);
  for (gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
       shortcuts == NULL && g_get_monotonic_time () < deadline;)
    {
      g_main_context_iteration (NULL, TRUE);
      for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
        {
          g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

          if (GTK_IS_SHORTCUTS_WINDOW (toplevel) && gtk_widget_get_mapped (GTK_WIDGET (toplevel)))
            shortcuts = toplevel;
        }
    }
  g_assert_nonnull (shortcuts);
  g_assert_true (gtk_window_get_transient_for (shortcuts) == GTK_WINDOW (window));
  spin (200);

  collect_shortcuts (GTK_WIDGET (shortcuts), titles);
  g_assert_cmpuint (g_hash_table_size (titles), >=, 30);
  accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "win.next-misspelling");
  g_assert_nonnull (accels[0]);
  g_assert_cmpstr (g_hash_table_lookup (titles, "Next misspelling"), ==, accels[0]);
  g_clear_pointer (&accels, g_strfreev);
  accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "win.show-history");
  g_assert_cmpstr (g_hash_table_lookup (titles, "Show the history"), ==, accels[0]);
  g_assert_true (g_hash_table_contains (titles, "Search the library"));
  g_assert_true (g_hash_table_contains (titles, "Go to the outline"));

  gtk_window_destroy (shortcuts);
  close_window (window);
}

/* The sidebars, the find bar and the menus stay out of the window
 * (unmeasured, unstyled, their icons unloaded) until first shown, then
 * stay in. */
static void
test_hidden_parts_wait (void)
{
  g_autofree char *path = temp_file ("parts.md", "# Parts\n\nA letter.\n", -1);
  EpistleWindow *window = open_window (path);
  GtkWidget *outline = adw_overlay_split_view_get_sidebar (window->outline_split);
  GtkWidget *sidebar = adw_overlay_split_view_get_sidebar (window->sidebar_split);
  GtkWidget *find_bar = gtk_revealer_get_child (window->search_revealer);
  g_autoptr(GSettings) settings = g_settings_new ("org.epistle.Epistle");
  GtkWidget *focus;

  spin (20);
  /* Menus: their popovers are built on first opening. */
  g_assert_null (gtk_menu_button_get_popover (window->menu_button));
  g_assert_null (gtk_menu_button_get_popover (window->spelling_button));
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (window->menu_button)));
  gtk_menu_button_popup (window->spelling_button);
  spin (20);
  g_assert_true (gtk_menu_button_get_menu_model (window->spelling_button) == window->spelling_menu);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (gtk_menu_button_get_popover (window->spelling_button))));
  gtk_menu_button_popdown (window->spelling_button);

  g_assert_false (gtk_widget_get_visible (outline));
  g_assert_false (gtk_widget_get_visible (sidebar));
  g_assert_false (gtk_widget_get_visible (find_bar));
  /* The version view (a page beside the editor) waits for a version to
   * show: test-history-window shows one. */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window->version_view)));
  /* The library pane is not even built yet. */
  g_assert_null (window->library_pane);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-outline", NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-sidebar", NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.find", NULL);
  spin (50);
  g_assert_true (gtk_widget_get_mapped (outline));
  g_assert_true (gtk_widget_get_mapped (sidebar));
  g_assert_true (gtk_widget_get_mapped (find_bar));
  g_assert_nonnull (window->library_pane);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (window->library_pane)));
  focus = gtk_window_get_focus (GTK_WINDOW (window));
  g_assert_nonnull (focus);
  g_assert_true (focus == GTK_WIDGET (window->search_entry) ||
                 gtk_widget_is_ancestor (focus, GTK_WIDGET (window->search_entry)));

  /* Hidden again: out of sight, but kept, ready for the next time. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-outline", NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-sidebar", NULL);
  g_assert_false (adw_overlay_split_view_get_show_sidebar (window->outline_split));
  g_assert_true (gtk_widget_get_visible (outline));
  g_assert_true (gtk_widget_get_visible (sidebar));
  close_window (window);
  g_settings_reset (settings, "show-outline");
  g_settings_reset (settings, "show-sidebar");
}

/* --------------------------------------------------------------- spelling */

static gboolean
has_misspelling (EpistleWindow *window,
                 const char    *word)
{
  g_autoptr(GHashTable) words = epistle_spell_adapter_collect (epistle_window_get_spell_adapter (window));

  return g_hash_table_contains (words, word);
}

static void
wait_spelling (EpistleWindow *window)
{
  EpistleSpellAdapter *spell = epistle_window_get_spell_adapter (window);

  WAIT_FOR (!_epistle_window_spelling_choosing (window));
  spin (20);
  WAIT_FOR (!epistle_spell_adapter_get_busy (spell));
}

static void
count_tag_lines (GtkTextBuffer *buffer,
                 GtkTextTag    *tag,
                 GtkTextIter   *start,
                 GtkTextIter   *end,
                 guint         *lines)
{
  *lines += gtk_text_iter_get_line (end) - gtk_text_iter_get_line (start) + 1;
}

/* A keystroke changes the tags (and so the layout) of the line typed in,
 * not of the lines around it: with the find bar never opened, and after
 * it was used and closed.  Opened again, the last search shows again. */
static void
test_typing_touches_one_line (void)
{
  g_autofree char *source = corpus_path ("open-letter.txt");
  g_autofree char *original = NULL;
  g_autofree char *path = NULL;
  EpistleWindow *window;
  GtkTextBuffer *buffer;
  GtkTextIter iter;
  guint lines = 0;

  g_assert_true (g_file_get_contents (source, &original, NULL, NULL));
  /* Hard-wrapped at 60 columns, as manuscripts often are: many short
   * lines around the cursor. */
  {
    guint column = 0;

    for (char *p = original; *p != '\0'; p++)
      {
        column = *p == '\n' ? 0 : column + 1;
        if (*p == ' ' && column > 60)
          {
            *p = '\n';
            column = 0;
          }
      }
  }
  path = temp_file ("one-line.txt", original, -1);
  window = open_window (path);
  buffer = window_buffer (window);
  wait_spelling (window);
  g_signal_connect (buffer, "apply-tag", G_CALLBACK (count_tag_lines), &lines);
  g_signal_connect (buffer, "remove-tag", G_CALLBACK (count_tag_lines), &lines);
  /* Nothing searched for, nothing to highlight: no search at work (its
   * highlighting takes its tag off the visible lines at every frame). */
  g_assert_null (window->search_context);

  gtk_text_buffer_get_iter_at_line (buffer, &iter, 150);
  gtk_text_buffer_place_cursor (buffer, &iter);
  type_text (window, "and ");
  wait_spelling (window);
  g_assert_cmpuint (lines, <=, 4);

  g_action_group_activate_action (G_ACTION_GROUP (window), "find", NULL);
  gtk_editable_set_text (GTK_EDITABLE (window->search_entry), "the");
  WAIT_FOR (window->search_context != NULL &&
            gtk_source_search_context_get_occurrences_count (window->search_context) > 10);
  g_signal_emit_by_name (window->search_entry, "stop-search");
  g_assert_false (gtk_revealer_get_reveal_child (window->search_revealer));
  g_assert_null (window->search_context);

  gtk_text_buffer_get_iter_at_line (buffer, &iter, 200);
  gtk_text_buffer_place_cursor (buffer, &iter);
  spin (50);
  lines = 0;
  type_text (window, "and ");
  wait_spelling (window);
  g_assert_cmpuint (lines, <=, 4);

  g_action_group_activate_action (G_ACTION_GROUP (window), "find", NULL);
  WAIT_FOR (window->search_context != NULL &&
            gtk_source_search_context_get_occurrences_count (window->search_context) > 10);
  g_signal_emit_by_name (window->search_entry, "stop-search");
  g_signal_handlers_disconnect_by_data (buffer, &lines);
  close_window (window);
}

static const char *
position_text (EpistleWindow *window)
{
  return gtk_inscription_get_text (window->position_label);
}

/* Waits for the window's next frame to be drawn. */
static void
wait_frame (EpistleWindow *window)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  gint64 frame = gdk_frame_clock_get_frame_counter (clock);

  gtk_widget_queue_draw (GTK_WIDGET (window->view));
  WAIT_FOR (gdk_frame_clock_get_frame_counter (clock) > frame);
}

/* The status bar's line and column: shown at once when the cursor is
 * moved; while the writer types, the frames that draw the keys leave the
 * status bar alone (a change there made the renderer repaint everything
 * from the typed line down to it), and the position shows once typing
 * pauses — after keys, an undo, a deletion. */
static void
test_position_after_typing (void)
{
  g_autofree char *source = corpus_path ("open-letter.txt");
  EpistleWindow *window = open_window (source);
  GtkTextBuffer *buffer = window_buffer (window);
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_line_offset (buffer, &iter, 10, 0);
  gtk_text_buffer_place_cursor (buffer, &iter);
  g_assert_cmpstr (position_text (window), ==, "Ln 11, Col 1");
  spin (400);

  for (const char *p = "Dear"; *p != '\0'; p++)
    {
      char key[2] = { *p, 0 };

      gtk_text_buffer_begin_user_action (buffer);
      gtk_text_buffer_insert_interactive_at_cursor (buffer, key, -1, TRUE);
      gtk_text_buffer_end_user_action (buffer);
      wait_frame (window);
      g_assert_cmpstr (position_text (window), ==, "Ln 11, Col 1");
    }
  WAIT_FOR (g_strcmp0 (position_text (window), "Ln 11, Col 5") == 0);

  /* Moved by the writer: shown in the same frame. */
  gtk_text_buffer_get_iter_at_line_offset (buffer, &iter, 12, 3);
  gtk_text_buffer_place_cursor (buffer, &iter);
  g_assert_cmpstr (position_text (window), ==, "Ln 13, Col 4");

  /* An undo takes the cursor back to where the keys were typed. */
  g_assert_true (gtk_text_buffer_get_can_undo (buffer));
  gtk_text_buffer_undo (buffer);
  gtk_text_buffer_get_iter_at_mark (buffer, &iter, gtk_text_buffer_get_insert (buffer));
  g_assert_cmpint (gtk_text_iter_get_line (&iter), ==, 10);
  {
    g_autofree char *expected = g_strdup_printf ("Ln 11, Col %d", gtk_text_iter_get_line_offset (&iter) + 1);

    WAIT_FOR (g_strcmp0 (position_text (window), expected) == 0);
  }

  /* Deleting at the cursor, a key at a time. */
  gtk_text_buffer_get_iter_at_line_offset (buffer, &iter, 12, 3);
  gtk_text_buffer_place_cursor (buffer, &iter);
  gtk_text_buffer_begin_user_action (buffer);
  gtk_text_buffer_backspace (buffer, &iter, TRUE, TRUE);
  gtk_text_buffer_end_user_action (buffer);
  wait_frame (window);
  g_assert_cmpstr (position_text (window), ==, "Ln 13, Col 4");
  WAIT_FOR (g_strcmp0 (position_text (window), "Ln 13, Col 3") == 0);

  close_window (window);
}

/* In a window narrow enough that opening the sidebar narrows the text
 * column itself, every paragraph above the cursor wraps into more lines:
 * the line being written stays in view.  When the writer has scrolled
 * away from the cursor to read, the view is not pulled back to it. */
static void
test_cursor_kept_in_view (void)
{
  g_autoptr(GString) text = repeated_letter (3, "\n");
  g_autofree char *path = temp_file ("kept-in-view.md", text->str, text->len);
  EpistleWindow *window = open_window (path);
  GtkTextView *view = GTK_TEXT_VIEW (epistle_window_get_view (window));
  GtkTextBuffer *buffer = window_buffer (window);
  GtkTextIter iter;
  int wide, narrow;

  gtk_window_set_default_size (GTK_WINDOW (window), 900, 800);
  g_action_group_change_action_state (G_ACTION_GROUP (window), "show-sidebar", g_variant_new_boolean (FALSE));
  spin (300);
  wide = gtk_widget_get_width (GTK_WIDGET (view));
  /* The cursor low in the view, in the middle of the manuscript. */
  gtk_text_buffer_get_iter_at_line_offset (buffer, &iter, gtk_text_buffer_get_line_count (buffer) / 2, 200);
  gtk_text_buffer_place_cursor (buffer, &iter);
  gtk_text_view_scroll_to_mark (view, gtk_text_buffer_get_insert (buffer), 0, TRUE, 0, 0.97);
  spin (300);
  g_assert_true (ui_cursor_in_view (view));

  g_action_group_change_action_state (G_ACTION_GROUP (window), "show-sidebar", g_variant_new_boolean (TRUE));
  spin (700);
  narrow = gtk_widget_get_width (GTK_WIDGET (view));
  /* The column itself narrowed: the text was wrapped again. */
  g_assert_cmpint (narrow, <, wide);
  g_assert_cmpint (gtk_text_view_get_left_margin (view), <, (wide - narrow) / 2);
  g_assert_true (ui_cursor_in_view (view));

  g_action_group_change_action_state (G_ACTION_GROUP (window), "show-sidebar", g_variant_new_boolean (FALSE));
  spin (700);
  g_assert_true (ui_cursor_in_view (view));

  /* Scrolled away to read: opening the sidebar leaves the view there. */
  gtk_text_buffer_get_start_iter (buffer, &iter);
  gtk_text_view_scroll_to_iter (view, &iter, 0, TRUE, 0, 0);
  spin (300);
  g_assert_false (ui_cursor_in_view (view));
  g_action_group_change_action_state (G_ACTION_GROUP (window), "show-sidebar", g_variant_new_boolean (TRUE));
  spin (700);
  g_assert_false (ui_cursor_in_view (view));

  g_action_group_change_action_state (G_ACTION_GROUP (window), "show-sidebar", g_variant_new_boolean (FALSE));
  close_window (window);
}

/* The window underlines exactly what the engine finds in the letter. */
static void
test_spelling_open_letter (void)
{
  g_autofree char *source = corpus_path ("open-letter.txt");
  g_autofree char *contents = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GHashTable) words = NULL;
  g_autoptr(EpistleSpellChecker) checker = epistle_spell_checker_new ();
  EpistleWindow *window;
  guint total = 0, expected;
  GHashTableIter iter;
  gpointer key, value;

  g_assert_true (g_file_get_contents (source, &contents, NULL, NULL));
  path = temp_file ("spelling-letter.txt", contents, -1);
  window = open_window (path);
  wait_spelling (window);
  g_assert_cmpstr (epistle_spell_adapter_get_language (epistle_window_get_spell_adapter (window)), ==, "en_US");

  words = epistle_spell_adapter_collect (epistle_window_get_spell_adapter (window));
  g_hash_table_iter_init (&iter, words);
  while (g_hash_table_iter_next (&iter, &key, &value))
    total += GPOINTER_TO_UINT (value);
  expected = epistle_spell_checker_check_text (checker, "en_US", contents, -1, NULL, NULL, NULL, NULL, NULL);
  g_assert_cmpuint (expected, >, 0);
  g_assert_cmpuint (total, ==, expected);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (words, "Rodman")), ==, 1);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (words, "untrampled")), ==, 1);
  g_assert_false (g_hash_table_contains (words, "country’s"));
  close_window (window);
}

/* A misspelling typed gets its underline once the cursor leaves the word;
 * F7 visits it; switching spelling off removes every underline. */
static void
test_spelling_typing (void)
{
  g_autofree char *path = temp_file ("spelling-typing.md", "", 0);
  EpistleWindow *window = open_window (path);
  GtkTextBuffer *buffer = window_buffer (window);
  GtkTextIter start, end;
  g_autofree char *selected = NULL;

  gtk_widget_grab_focus (GTK_WIDGET (epistle_window_get_view (window)));
  type_text (window, "Dear frend, the lettr");
  wait_spelling (window);
  g_assert_true (has_misspelling (window, "frend"));
  /* Still being typed: not underlined yet. */
  g_assert_false (has_misspelling (window, "lettr"));
  type_text (window, " is here");
  wait_spelling (window);
  g_assert_true (has_misspelling (window, "lettr"));

  /* Letters typed at the end of a word start no check: the word is judged
   * once the writer leaves it. */
  type_text (window, " al");
  wait_spelling (window);
  gtk_text_buffer_begin_user_action (buffer);
  gtk_text_buffer_insert_interactive_at_cursor (buffer, "m", -1, TRUE);
  gtk_text_buffer_end_user_action (buffer);
  g_assert_false (epistle_spell_adapter_get_busy (epistle_window_get_spell_adapter (window)));
  type_text (window, "ost thre");
  wait_spelling (window);
  g_assert_false (has_misspelling (window, "thre"));
  type_text (window, " ");
  wait_spelling (window);
  g_assert_true (has_misspelling (window, "thre"));

  /* A word put right with the cursor still in it loses its line at once. */
  {
    GtkTextIter iter;
    g_autofree char *text = buffer_text (window);

    gtk_text_buffer_get_iter_at_offset (buffer, &iter,
                                        (int) g_utf8_pointer_to_offset (text, strstr (text, "frend")) + 2);
    gtk_text_buffer_place_cursor (buffer, &iter);
    type_text (window, "i");
    wait_spelling (window);
    g_assert_false (has_misspelling (window, "friend"));
    g_assert_false (has_misspelling (window, "frend"));
  }

  gtk_text_buffer_get_start_iter (buffer, &start);
  gtk_text_buffer_place_cursor (buffer, &start);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.next-misspelling", NULL);
  g_assert_true (gtk_text_buffer_get_selection_bounds (buffer, &start, &end));
  selected = gtk_text_iter_get_slice (&start, &end);
  g_assert_cmpstr (selected, ==, "lettr");

  gtk_text_buffer_get_start_iter (buffer, &start);
  gtk_text_buffer_place_cursor (buffer, &start);
  g_action_group_change_action_state (G_ACTION_GROUP (window), "check-spelling", g_variant_new_boolean (FALSE));
  g_assert_false (has_misspelling (window, "lettr"));
  g_action_group_change_action_state (G_ACTION_GROUP (window), "check-spelling", g_variant_new_boolean (TRUE));
  wait_spelling (window);
  g_assert_true (has_misspelling (window, "lettr"));
  close_window (window);
}

/* "Add to This Document's Words" removes the underline and writes the
 * words file beside the document; another document does not inherit it. */
static void
test_spelling_document_words (void)
{
  g_autofree char *path = temp_file ("juche.md", "The Juche idea, said Rodman.\n", -1);
  g_autofree char *other_path = temp_file ("other.md", "Juche again.\n", -1);
  g_autofree char *words_path = g_strconcat (path, ".words", NULL);
  g_autofree char *words = NULL;
  EpistleWindow *window = open_window (path);
  EpistleWindow *other;

  wait_spelling (window);
  g_assert_true (has_misspelling (window, "Juche"));
  g_assert_true (has_misspelling (window, "Rodman"));
  g_action_group_activate_action (G_ACTION_GROUP (window), "spelling-add-document", g_variant_new_string ("Juche"));
  wait_spelling (window);
  g_assert_false (has_misspelling (window, "Juche"));
  g_assert_true (has_misspelling (window, "Rodman"));
  g_assert_true (g_file_get_contents (words_path, &words, NULL, NULL));
  g_assert_cmpstr (words, ==, "Juche\n");

  other = open_window (other_path);
  wait_spelling (other);
  g_assert_true (has_misspelling (other, "Juche"));

  /* Ignore All is for this window only, and writes nothing. */
  g_action_group_activate_action (G_ACTION_GROUP (window), "spelling-ignore", g_variant_new_string ("Rodman"));
  wait_spelling (window);
  g_assert_false (has_misspelling (window, "Rodman"));
  g_free (words);
  g_assert_true (g_file_get_contents (words_path, &words, NULL, NULL));
  g_assert_cmpstr (words, ==, "Juche\n");

  close_window (other);
  close_window (window);

  /* Opened again, the document still knows its word. */
  window = open_window (path);
  wait_spelling (window);
  g_assert_false (has_misspelling (window, "Juche"));
  close_window (window);
}

static gboolean
file_has_line (const char *path,
               const char *line)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return FALSE;
  lines = g_strsplit (contents, "\n", -1);
  return g_strv_contains ((const char * const *) lines, line);
}

/* "Add to Dictionary" is for every document: the word loses its underline
 * in the window it was added from and in windows opened after, and lands
 * in the personal word list on disk. */
static void
test_spelling_personal_words (void)
{
  g_autofree char *path = temp_file ("personal.md", "Dear Quuxle, the letter.\n", -1);
  g_autofree char *other_path = temp_file ("personal-other.md", "Quuxle wrote back.\n", -1);
  g_autofree char *personal_path = epistle_spell_personal_words_path ();
  EpistleWindow *window = open_window (path);
  EpistleWindow *other;

  wait_spelling (window);
  g_assert_true (has_misspelling (window, "Quuxle"));
  g_action_group_activate_action (G_ACTION_GROUP (window), "spelling-add", g_variant_new_string ("Quuxle"));
  wait_spelling (window);
  g_assert_false (has_misspelling (window, "Quuxle"));

  other = open_window (other_path);
  wait_spelling (other);
  g_assert_false (has_misspelling (other, "Quuxle"));

  /* Written in a worker. */
  WAIT_FOR (file_has_line (personal_path, "Quuxle"));

  close_window (other);
  close_window (window);
}

/* The right-click menu offers suggestions; choosing one replaces the
 * word, and one undo brings the misspelling back. */
static void
test_spelling_suggestion_replaces (void)
{
  g_autofree char *path = temp_file ("suggest.md", "Dear frend,\n", -1);
  EpistleWindow *window = open_window (path);
  GtkTextView *view = GTK_TEXT_VIEW (epistle_window_get_view (window));
  GtkTextBuffer *buffer = window_buffer (window);
  GMenuModel *menu, *section;
  GdkRectangle rect;
  GtkTextIter iter, start, end;
  g_autofree char *text = NULL;
  int wx, wy;
  gboolean offers_friend = FALSE;

  wait_spelling (window);
  spin (100);
  gtk_text_buffer_get_iter_at_offset (buffer, &iter, 7);   /* inside "frend" */
  gtk_text_view_get_iter_location (view, &iter, &rect);
  gtk_text_view_buffer_to_window_coords (view, GTK_TEXT_WINDOW_WIDGET, rect.x, rect.y + rect.height / 2, &wx, &wy);
  menu = _epistle_window_spelling_menu_at (window, wx, wy);
  g_assert_cmpint (g_menu_model_get_n_items (menu), ==, 2);
  section = g_menu_model_get_item_link (menu, 0, G_MENU_LINK_SECTION);
  for (int i = 0; i < g_menu_model_get_n_items (section); i++)
    {
      g_autoptr(GVariant) target = g_menu_model_get_item_attribute_value (section, i, G_MENU_ATTRIBUTE_TARGET, G_VARIANT_TYPE_STRING);

      if (target != NULL && g_str_equal (g_variant_get_string (target, NULL), "friend"))
        offers_friend = TRUE;
    }
  g_object_unref (section);
  g_assert_true (offers_friend);

  g_action_group_activate_action (G_ACTION_GROUP (window), "spelling-correct", g_variant_new_string ("friend"));
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  g_assert_cmpstr (text, ==, "Dear friend,\n");
  wait_spelling (window);
  g_assert_false (has_misspelling (window, "frend"));

  gtk_text_buffer_undo (buffer);
  g_free (text);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  g_assert_cmpstr (text, ==, "Dear frend,\n");
  close_window (window);
}

/* The language chosen for a document and spelling switched off come back
 * when it is opened again, and are written to the state file. */
static void
test_spelling_remembered (void)
{
  g_autofree char *path = temp_file ("remember.md", "The colour of the sky.\n", -1);
  g_autofree char *other_path = temp_file ("remember-other.md", "The colour of the sea.\n", -1);
  g_autofree char *state_path = g_build_filename (g_get_user_state_dir (), "epistle", "documents.ini", NULL);
  g_autofree char *state = NULL;
  EpistleWindow *window = open_window (path);
  EpistleWindow *other;

  wait_spelling (window);
  g_assert_cmpstr (epistle_spell_adapter_get_language (epistle_window_get_spell_adapter (window)), ==, "en_US");
  g_assert_true (has_misspelling (window, "colour"));
  g_action_group_change_action_state (G_ACTION_GROUP (window), "spelling-language", g_variant_new_string ("en-GB"));
  wait_spelling (window);
  g_assert_cmpstr (epistle_spell_adapter_get_language (epistle_window_get_spell_adapter (window)), ==, "en_GB");
  g_assert_false (has_misspelling (window, "colour"));
  close_window (window);

  window = open_window (path);
  wait_spelling (window);
  g_assert_cmpstr (epistle_spell_adapter_get_language (epistle_window_get_spell_adapter (window)), ==, "en_GB");
  /* Another document keeps the preference. */
  other = open_window (other_path);
  wait_spelling (other);
  g_assert_cmpstr (epistle_spell_adapter_get_language (epistle_window_get_spell_adapter (other)), ==, "en_US");
  g_assert_true (has_misspelling (other, "colour"));
  close_window (other);

  g_action_group_change_action_state (G_ACTION_GROUP (window), "check-spelling", g_variant_new_boolean (FALSE));
  close_window (window);
  window = open_window (path);
  wait_spelling (window);
  g_assert_false (epistle_spell_adapter_get_enabled (epistle_window_get_spell_adapter (window)));
  g_assert_false (g_variant_get_boolean (g_action_group_get_action_state (G_ACTION_GROUP (window), "check-spelling")));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window->misspellings_button)));

  /* Written soon after, for the next run. */
  spin (500);
  g_assert_true (g_file_get_contents (state_path, &state, NULL, NULL));
  g_assert_nonnull (strstr (state, "spell-language=en_GB"));
  g_assert_nonnull (strstr (state, "spell-enabled=false"));
  g_action_group_change_action_state (G_ACTION_GROUP (window), "check-spelling", g_variant_new_boolean (TRUE));
  close_window (window);
}

/* Editing the front matter's lang: switches the dictionary. */
static void
test_spelling_front_matter_edit (void)
{
  g_autofree char *path = temp_file ("front.md", "The colour of the sky.\n", -1);
  EpistleWindow *window = open_window (path);
  GtkTextBuffer *buffer = window_buffer (window);
  GtkTextIter start;

  wait_spelling (window);
  g_assert_true (has_misspelling (window, "colour"));
  gtk_text_buffer_get_start_iter (buffer, &start);
  gtk_text_buffer_begin_user_action (buffer);
  gtk_text_buffer_insert (buffer, &start, "---\nlang: en-GB\n---\n", -1);
  gtk_text_buffer_end_user_action (buffer);
  WAIT_FOR (g_strcmp0 (epistle_spell_adapter_get_language (epistle_window_get_spell_adapter (window)), "en_GB") == 0);
  wait_spelling (window);
  g_assert_false (has_misspelling (window, "colour"));
  close_window (window);
}

static char *
model_words (EpistleWindow *window)
{
  GListModel *model = G_LIST_MODEL (window->misspellings_model);
  g_autoptr(GString) words = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);

      g_string_append_printf (words, "%s%s", i > 0 ? " " : "", gtk_string_object_get_string (item));
    }
  return g_string_free (g_steal_pointer (&words), FALSE);
}

static char *
selected_text (EpistleWindow *window,
               int           *offset)
{
  GtkTextIter start, end;

  if (!gtk_text_buffer_get_selection_bounds (window_buffer (window), &start, &end))
    return NULL;
  *offset = gtk_text_iter_get_offset (&start);
  return gtk_text_iter_get_slice (&start, &end);
}

/* A fence typed in the middle of a letter turns what follows into code,
 * which spelling leaves alone; deleting the fence brings the underlines
 * back. The lines around are far apart, so that the check of the edit
 * does not reach them by itself. */
static void
test_spelling_fence_edit (void)
{
  g_autoptr(GString) text = g_string_new ("Dear Anna,\n\n");
  g_autofree char *path = NULL;
  EpistleWindow *window;
  GtkTextBuffer *buffer;
  GtkTextIter iter, end;
  guint fence_line;

  for (guint i = 0; i < 400; i++)
    g_string_append (text, "The river rose in the night and the town woke to water.\n");
  fence_line = 2 + 400;
  for (guint i = 0; i < 400; i++)
    g_string_append (text, "The ferryman said the curent was too strong to cross.\n");
  g_string_append (text, "Yours, Tom\n");
  path = temp_file ("fence.md", text->str, text->len);
  window = open_window (path);
  buffer = window_buffer (window);

  wait_spelling (window);
  g_assert_true (has_misspelling (window, "curent"));

  gtk_text_buffer_get_iter_at_line (buffer, &iter, fence_line);
  gtk_text_buffer_place_cursor (buffer, &iter);
  gtk_text_buffer_begin_user_action (buffer);
  gtk_text_buffer_insert_interactive_at_cursor (buffer, "```\n", -1, TRUE);
  gtk_text_buffer_end_user_action (buffer);
  wait_spelling (window);
  g_assert_false (has_misspelling (window, "curent"));

  gtk_text_buffer_get_iter_at_line (buffer, &iter, fence_line);
  end = iter;
  gtk_text_iter_forward_line (&end);
  gtk_text_buffer_begin_user_action (buffer);
  gtk_text_buffer_delete_interactive (buffer, &iter, &end, TRUE);
  gtk_text_buffer_end_user_action (buffer);
  wait_spelling (window);
  g_assert_true (has_misspelling (window, "curent"));
  close_window (window);
}

/* The misspellings popover lists each distinct word with its count, most
 * frequent first; clicking a row visits each place in turn; Ignore All
 * from a row takes it off the list. */
static void
test_spelling_misspellings_list (void)
{
  g_autofree char *path = temp_file ("list.md", "Dear frend, the lettr is here; frend again.\n", -1);
  EpistleWindow *window = open_window (path);
  g_autofree char *words = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *third = NULL;
  int a = -1, b = -1, c = -1;
  GtkTextIter start;

  wait_spelling (window);
  g_action_group_activate_action (G_ACTION_GROUP (window), "show-misspellings", NULL);
  WAIT_FOR (gtk_widget_get_visible (GTK_WIDGET (window->misspellings_popover)));
  words = model_words (window);
  g_assert_cmpstr (words, ==, "frend lettr");
  g_assert_cmpstr (gtk_label_get_label (window->misspellings_count), ==, "3");
  g_assert_cmpstr (gtk_label_get_label (window->misspellings_title), ==, "3 misspellings of 2 words");

  gtk_text_buffer_get_start_iter (window_buffer (window), &start);
  gtk_text_buffer_place_cursor (window_buffer (window), &start);
  g_signal_emit_by_name (window->misspellings_list, "activate", 0);
  first = selected_text (window, &a);
  g_signal_emit_by_name (window->misspellings_list, "activate", 0);
  second = selected_text (window, &b);
  g_signal_emit_by_name (window->misspellings_list, "activate", 0);
  third = selected_text (window, &c);
  g_assert_cmpstr (first, ==, "frend");
  g_assert_cmpstr (second, ==, "frend");
  g_assert_cmpstr (third, ==, "frend");
  g_assert_cmpint (a, ==, 5);
  g_assert_cmpint (b, ==, 31);
  g_assert_cmpint (c, ==, 5);   /* round again */
  g_assert_false (_epistle_window_misspellings_visit (window, "absent"));

  g_action_group_activate_action (G_ACTION_GROUP (window), "spelling-ignore", g_variant_new_string ("frend"));
  wait_spelling (window);
  g_free (words);
  WAIT_FOR (strcmp ((words = model_words (window)), "lettr") == 0 || (g_free (words), FALSE));
  g_assert_cmpstr (gtk_label_get_label (window->misspellings_count), ==, "1");
  gtk_popover_popdown (window->misspellings_popover);
  close_window (window);
}

/* The count in the status area is taken a slice at a time (a novel has
 * thousands of underlines): slices of any size add up to the whole, and
 * the label shows it once the popover is closed and checking is done. */
static void
test_spelling_count_in_slices (void)
{
  g_autoptr(GString) text = g_string_new ("Dear friend,\n\n");
  g_autofree char *path = NULL;
  EpistleWindow *window;
  EpistleSpellAdapter *spell;
  guint whole, sliced = 0, steps = 0;
  int offset = 0;

  for (guint i = 0; i < 700; i++)
    g_string_append_printf (text, "The lettr %u was sent, wrritten by hand.%s", i, i % 7 == 6 ? "\n\n" : " ");
  path = temp_file ("many.md", text->str, -1);
  window = open_window (path);
  spell = epistle_window_get_spell_adapter (window);
  wait_spelling (window);

  whole = epistle_spell_adapter_count (spell);
  g_assert_cmpuint (whole, ==, 1400);
  while (!epistle_spell_adapter_count_step (spell, &offset, &sliced, 0))
    steps++;
  g_assert_cmpuint (steps, >=, 2 * 1400 - 1);
  g_assert_cmpuint (sliced, ==, whole);

  WAIT_FOR (g_strcmp0 (gtk_label_get_label (window->misspellings_count), "1400") == 0);
  close_window (window);
}

/* Shift+F10 (the menu key) offers the suggestions for the word at the
 * cursor, as a right-click does. */
static void
test_spelling_menu_key (void)
{
  g_autofree char *path = temp_file ("menu-key.md", "Dear frend,\n", -1);
  EpistleWindow *window = open_window (path);
  GtkTextBuffer *buffer = window_buffer (window);
  GMenuModel *menu;
  GtkTextIter iter;

  wait_spelling (window);
  gtk_text_buffer_get_iter_at_offset (buffer, &iter, 1);   /* in "Dear" */
  gtk_text_buffer_place_cursor (buffer, &iter);
  menu = _epistle_window_spelling_menu_at_cursor (window);
  g_assert_cmpint (g_menu_model_get_n_items (menu), ==, 0);
  gtk_text_buffer_get_iter_at_offset (buffer, &iter, 7);   /* in "frend" */
  gtk_text_buffer_place_cursor (buffer, &iter);
  menu = _epistle_window_spelling_menu_at_cursor (window);
  g_assert_cmpint (g_menu_model_get_n_items (menu), ==, 2);
  close_window (window);
}

/* The underline takes the style scheme's misspelled-word look when the
 * scheme has one, in light and dark. */
static void
test_spelling_scheme_style (void)
{
  g_autofree char *path = temp_file ("scheme.md", "Dear frend,\n", -1);
  EpistleWindow *window = open_window (path);
  GtkSourceBuffer *buffer = epistle_document_get_buffer (epistle_window_get_document (window));
  GtkTextTag *tag = epistle_spell_adapter_get_tag (epistle_window_get_spell_adapter (window));
  GtkSourceStyleScheme *scheme = gtk_source_buffer_get_style_scheme (buffer);
  GtkSourceStyle *style;
  PangoUnderline underline;
  gboolean rgba_set;

  g_assert_nonnull (scheme);
  style = gtk_source_style_scheme_get_style (scheme, "def:misspelled-word");
  g_test_message ("scheme %s: %s misspelled-word style", gtk_source_style_scheme_get_id (scheme),
                  style != NULL ? "has a" : "has no");
  g_object_get (tag, "underline", &underline, "underline-rgba-set", &rgba_set, NULL);
  g_assert_cmpint (underline, ==, PANGO_UNDERLINE_ERROR);
  if (style != NULL)
    {
      g_autofree char *color = NULL;
      gboolean color_set = FALSE;
      GdkRGBA *tag_color = NULL;
      GdkRGBA expected;

      g_object_get (style, "underline-color", &color, "underline-color-set", &color_set, NULL);
      g_assert_true (rgba_set == color_set);
      if (color_set)
        {
          g_assert_true (gdk_rgba_parse (&expected, color));
          g_object_get (tag, "underline-rgba", &tag_color, NULL);
          g_assert_true (gdk_rgba_equal (tag_color, &expected));
          gdk_rgba_free (tag_color);
        }
    }
  else
    g_assert_false (rgba_set);

  /* A scheme with the style (as some third-party schemes have): its colour
   * reaches the underline; back to Adwaita, the colour goes. */
  {
    g_autofree char *dir = g_build_filename (tmpdir, "styles", NULL);
    g_autofree char *file = g_build_filename (dir, "epistle-test.xml", NULL);
    GtkSourceStyleSchemeManager *manager = gtk_source_style_scheme_manager_get_default ();
    GdkRGBA *tag_color = NULL;
    GdkRGBA magenta;

    g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
    g_assert_true (g_file_set_contents (file,
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<style-scheme id=\"epistle-test\" name=\"Test\" version=\"1.0\" parent-scheme=\"Adwaita\">\n"
      "  <style name=\"def:misspelled-word\" underline=\"error\" underline-color=\"#ff00ff\"/>\n"
      "</style-scheme>\n", -1, NULL));
    gtk_source_style_scheme_manager_prepend_search_path (manager, dir);
    gtk_source_buffer_set_style_scheme (buffer, gtk_source_style_scheme_manager_get_scheme (manager, "epistle-test"));
    g_object_get (tag, "underline-rgba-set", &rgba_set, "underline-rgba", &tag_color, NULL);
    g_assert_true (rgba_set);
    g_assert_true (gdk_rgba_parse (&magenta, "#ff00ff"));
    g_assert_true (gdk_rgba_equal (tag_color, &magenta));
    gdk_rgba_free (tag_color);
    gtk_source_buffer_set_style_scheme (buffer, scheme);
    g_object_get (tag, "underline-rgba-set", &rgba_set, NULL);
    g_assert_true (rgba_set == (style != NULL));
  }
  close_window (window);
}

/* ---------------------------------------------------------------- outline */

static EpistleOutlinePane *
outline_pane (EpistleWindow *window)
{
  return window->outline_pane;
}

static char *
outline_rows (EpistleWindow *window)
{
  GListModel *rows = epistle_outline_pane_get_rows (outline_pane (window));
  g_autoptr(GString) out = g_string_new (NULL);

  /* What the pane shows once it has caught up with the text (it does so
   * before the next frame; the test's loop may not have drawn one yet). */
  epistle_outline_pane_get_current (outline_pane (window));

  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(GtkTreeListRow) row = g_list_model_get_item (rows, i);
      g_autoptr(EpistleOutlineNode) node = gtk_tree_list_row_get_item (row);

      g_string_append_printf (out, "%s%*s%s", i > 0 ? "|" : "", (int) (gtk_tree_list_row_get_depth (row) * 2), "",
                              epistle_outline_node_get_title (node));
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* The pane's outline, kept up to date edit by edit, equals a parse of the
 * whole text. */
static void
assert_outline_current (EpistleWindow *window)
{
  g_autofree char *text = buffer_text (window);
  g_autoptr(EpistleOutline) full = epistle_outline_new ();

  epistle_outline_set_text (full, text, -1);
  g_assert_true (epistle_outline_equal (epistle_outline_pane_get_outline (outline_pane (window)), full));
}

static void
place_cursor_at_line (EpistleWindow *window,
                      int            line)
{
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_line (window_buffer (window), &iter, line);
  gtk_text_buffer_place_cursor (window_buffer (window), &iter);
}

static void
count_updates (EpistleOutlinePane *pane,
               guint              *count)
{
  (*count)++;
}

/* Hidden, the outline is not kept: typing does not touch it.  Shown, it is
 * brought up to date at once; asked for while hidden (a command), too. */
static void
test_outline_dormant_while_hidden (void)
{
  g_autofree char *path = temp_file ("dormant.md", "# One\nbody one\n", -1);
  EpistleWindow *window = open_window (path);
  g_autofree char *rows = NULL;
  guint updates = 0;
  GtkTextIter iter;

  g_assert_false (g_variant_get_boolean (g_action_group_get_action_state (G_ACTION_GROUP (window), "show-outline")));
  g_signal_connect (outline_pane (window), "updated", G_CALLBACK (count_updates), &updates);
  gtk_text_buffer_get_end_iter (window_buffer (window), &iter);
  gtk_text_buffer_place_cursor (window_buffer (window), &iter);
  type_text (window, "\n# Two\nbody two\n");
  spin (20);
  g_assert_cmpuint (updates, ==, 0);

  g_action_group_change_action_state (G_ACTION_GROUP (window), "show-outline", g_variant_new_boolean (TRUE));
  WAIT_FOR (updates > 0);
  rows = outline_rows (window);
  g_assert_cmpstr (rows, ==, "One|Two");
  assert_outline_current (window);

  /* Typing while shown keeps it current. */
  updates = 0;
  type_text (window, "\n# Three\n");
  WAIT_FOR (updates > 0);
  g_free (rows);
  rows = outline_rows (window);
  g_assert_cmpstr (rows, ==, "One|Two|Three");

  /* Hidden again: forgotten; asked for, parsed there and then. */
  g_action_group_change_action_state (G_ACTION_GROUP (window), "show-outline", g_variant_new_boolean (FALSE));
  updates = 0;
  type_text (window, "\n# Four\n");
  spin (20);
  g_assert_cmpuint (updates, ==, 0);
  g_free (rows);
  rows = outline_rows (window);
  g_assert_cmpuint (updates, ==, 1);
  g_assert_cmpstr (rows, ==, "One|Two|Three|Four");
  assert_outline_current (window);
  close_window (window);
}

static GtkWidget *
find_list_view (GtkWidget *widget)
{
  if (GTK_IS_LIST_VIEW (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_list_view (child);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static guint
rows_on_screen (GtkWidget *list)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (list); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (gtk_widget_get_mapped (child) && gtk_widget_get_height (child) > 0)
      n++;
  return n;
}

/* A manuscript's outline, shown with the cursor deep in the text, arrives
 * from its worker while the pane is on screen: the pane shows its rows
 * (not only the first), the current chapter among them. */
static void
test_outline_shown_on_manuscript (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *path = NULL;
  EpistleWindow *window;
  GtkWidget *list;
  EpistleOutlineNode *current;
  GtkTextIter iter;

  for (guint i = 1; i <= 120; i++)
    {
      if (i % 12 == 1)
        g_string_append_printf (text, "# Book %u\n\n", i / 12 + 1);
      g_string_append_printf (text, "## Chapter %u\n\n", i);
      for (guint j = 0; j < 6; j++)
        g_string_append (text, "The river rose in the night and the town woke to water; the council met "
                               "at dawn and the letter was read aloud to everyone who had come.\n\n");
    }
  g_assert_cmpuint (text->len, >, 65536);
  path = temp_file ("manuscript.md", text->str, -1);
  window = open_window (path);
  gtk_text_buffer_get_end_iter (window_buffer (window), &iter);
  gtk_text_buffer_place_cursor (window_buffer (window), &iter);
  spin (100);

  /* As on a desktop: the sidebar slides in while the outline arrives. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", TRUE, NULL);
  g_action_group_change_action_state (G_ACTION_GROUP (window), "show-outline", g_variant_new_boolean (TRUE));
  WAIT_FOR (!epistle_outline_pane_get_busy (outline_pane (window)) &&
            g_list_model_get_n_items (epistle_outline_pane_get_nodes (outline_pane (window))) == 10);
  spin (600);
  list = find_list_view (GTK_WIDGET (outline_pane (window)));
  g_assert_nonnull (list);
  g_assert_cmpuint (rows_on_screen (list), >=, 8);
  current = epistle_outline_pane_get_current (outline_pane (window));
  g_assert_cmpstr (epistle_outline_node_get_title (current), ==, "Chapter 120");
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  g_action_group_change_action_state (G_ACTION_GROUP (window), "show-outline", g_variant_new_boolean (FALSE));
  close_window (window);
}

/* Clicking an item puts the cursor at its line; the highlighted item
 * follows the cursor; typing a heading adds it to the tree at once. */
static void
test_outline_jump_and_follow (void)
{
  g_autofree char *path = temp_file ("outline.md",
                                     "# One\nbody one\n\n## Two\nbody two\n\n# Three\nbody three\n", -1);
  EpistleWindow *window = open_window (path);
  g_autofree char *rows = NULL;
  GtkTextIter iter;
  EpistleOutlineNode *current;

  g_action_group_change_action_state (G_ACTION_GROUP (window), "show-outline", g_variant_new_boolean (TRUE));
  spin (50);
  rows = outline_rows (window);
  g_assert_cmpstr (rows, ==, "One|  Two|Three");

  epistle_outline_pane_activate_row (outline_pane (window), 1);
  gtk_text_buffer_get_iter_at_mark (window_buffer (window), &iter, gtk_text_buffer_get_insert (window_buffer (window)));
  g_assert_cmpint (gtk_text_iter_get_line (&iter), ==, 3);
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (epistle_window_get_view (window))));

  place_cursor_at_line (window, 7);
  current = epistle_outline_pane_get_current (outline_pane (window));
  g_assert_nonnull (current);
  g_assert_cmpstr (epistle_outline_node_get_title (current), ==, "Three");
  place_cursor_at_line (window, 4);
  current = epistle_outline_pane_get_current (outline_pane (window));
  g_assert_cmpstr (epistle_outline_node_get_title (current), ==, "Two");

  /* Typing: the tree follows, and still equals a full parse. */
  gtk_text_buffer_get_end_iter (window_buffer (window), &iter);
  gtk_text_buffer_place_cursor (window_buffer (window), &iter);
  type_text (window, "\n## Four\nmore words here\n");
  spin (20);
  g_free (rows);
  rows = outline_rows (window);
  g_assert_cmpstr (rows, ==, "One|  Two|Three|  Four");
  assert_outline_current (window);

  /* A filter narrows the rows, keeping the parents of what matches. */
  epistle_outline_pane_set_filter (outline_pane (window), "fou");
  g_free (rows);
  rows = outline_rows (window);
  g_assert_cmpstr (rows, ==, "Three|  Four");
  epistle_outline_pane_set_filter (outline_pane (window), NULL);
  close_window (window);
}

/* Alt+Down moves a whole section (heading, body, subsections) below the
 * next one; one undo puts it back; a collapsed row stays collapsed while
 * the text changes elsewhere. */
static void
test_outline_move_section (void)
{
  const char *original = "# One\nbody one\n## Two\nbody two\n# Three\nbody three\n";
  g_autofree char *path = temp_file ("move.md", original, -1);
  EpistleWindow *window = open_window (path);
  g_autofree char *text = NULL;
  g_autofree char *rows = NULL;
  GListModel *list;

  place_cursor_at_line (window, 0);
  g_assert_true (epistle_outline_pane_move_section (outline_pane (window), TRUE));
  text = buffer_text (window);
  g_assert_cmpstr (text, ==, "# Three\nbody three\n# One\nbody one\n## Two\nbody two\n");
  assert_outline_current (window);
  /* Already last: nothing below to swap with. */
  g_assert_false (epistle_outline_pane_move_section (outline_pane (window), TRUE));

  gtk_text_buffer_undo (window_buffer (window));
  g_free (text);
  text = buffer_text (window);
  g_assert_cmpstr (text, ==, original);
  spin (20);
  assert_outline_current (window);

  /* Dropping "Three" on the upper half of "One" puts it first; dropping
   * "One" on the lower half of "Three" then puts it back after. */
  epistle_outline_pane_get_current (outline_pane (window));
  {
    GListModel *nodes = epistle_outline_pane_get_nodes (outline_pane (window));
    g_autoptr(EpistleOutlineNode) one = g_list_model_get_item (nodes, 0);
    g_autoptr(EpistleOutlineNode) three = g_list_model_get_item (nodes, 1);

    g_assert_cmpstr (epistle_outline_node_get_title (three), ==, "Three");
    g_assert_true (epistle_outline_pane_drop (outline_pane (window), three, one, FALSE));
    g_free (text);
    text = buffer_text (window);
    g_assert_cmpstr (text, ==, "# Three\nbody three\n# One\nbody one\n## Two\nbody two\n");
    assert_outline_current (window);
  }
  {
    GListModel *nodes = epistle_outline_pane_get_nodes (outline_pane (window));
    g_autoptr(EpistleOutlineNode) three = g_list_model_get_item (nodes, 0);
    g_autoptr(EpistleOutlineNode) one = g_list_model_get_item (nodes, 1);

    g_assert_true (epistle_outline_pane_drop (outline_pane (window), three, one, TRUE));
    g_free (text);
    text = buffer_text (window);
    g_assert_cmpstr (text, ==, original);
  }

  /* Demote "One": it and its subsection go one level down. */
  place_cursor_at_line (window, 0);
  g_assert_true (epistle_outline_pane_shift_level (outline_pane (window), 1));
  g_free (text);
  text = buffer_text (window);
  g_assert_cmpstr (text, ==, "## One\nbody one\n### Two\nbody two\n# Three\nbody three\n");
  gtk_text_buffer_undo (window_buffer (window));

  /* Collapse "One", edit the text elsewhere: it stays collapsed. */
  spin (20);
  list = epistle_outline_pane_get_rows (outline_pane (window));
  {
    g_autoptr(GtkTreeListRow) row = g_list_model_get_item (list, 0);
    gtk_tree_list_row_set_expanded (row, FALSE);
  }
  place_cursor_at_line (window, 5);
  type_text (window, "more ");
  spin (20);
  rows = outline_rows (window);
  g_assert_cmpstr (rows, ==, "One|Three");

  /* Moved, it is still the same row, still collapsed; so after undo. */
  place_cursor_at_line (window, 0);
  g_assert_true (epistle_outline_pane_move_section (outline_pane (window), TRUE));
  g_free (rows);
  rows = outline_rows (window);
  g_assert_cmpstr (rows, ==, "Three|One");
  gtk_text_buffer_undo (window_buffer (window));
  spin (20);
  g_free (rows);
  rows = outline_rows (window);
  g_assert_cmpstr (rows, ==, "One|Three");
  close_window (window);
}

/* The open letter and the novel's first book both get an outline in the
 * window, and the novel loads with the pane open. */
static void
test_outline_open_letter (void)
{
  g_autofree char *source = corpus_path ("open-letter.txt");
  g_autofree char *contents = NULL;
  g_autofree char *path = NULL;
  g_autoptr(EpistleOutline) expected = epistle_outline_new ();
  EpistleWindow *window;

  g_assert_true (g_file_get_contents (source, &contents, NULL, NULL));
  path = temp_file ("outline-letter.txt", contents, -1);
  window = open_window (path);
  spin (50);
  epistle_outline_set_text (expected, contents, -1);
  g_assert_cmpuint (epistle_outline_get_n_items (expected), >, 5);
  g_assert_true (epistle_outline_equal (epistle_outline_pane_get_outline (outline_pane (window)), expected));
  g_assert_cmpuint (g_list_model_get_n_items (epistle_outline_pane_get_nodes (outline_pane (window))), ==,
                    epistle_outline_get_items (expected)->len);
  close_window (window);
}

/* A manuscript is outlined in a worker; what is typed meanwhile is not
 * lost to the outline. */
static void
test_outline_long_document (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *path = NULL;
  EpistleWindow *window;
  GtkTextIter iter;

  for (guint i = 0; i < 40; i++)
    {
      g_autoptr(GString) letter = repeated_letter (1, "\n");

      g_string_append_printf (text, "# Part %u\n\n", i + 1);
      g_string_append_len (text, letter->str, MIN (letter->len, 4000));
      g_string_append (text, "\n\n");
    }
  path = temp_file ("outline-long.md", text->str, text->len);
  window = open_window (path);
  gtk_text_buffer_get_start_iter (window_buffer (window), &iter);
  gtk_text_buffer_place_cursor (window_buffer (window), &iter);
  g_assert_true (epistle_outline_pane_get_busy (outline_pane (window)));
  type_text (window, "# Foreword\n\nA few words.\n\n");
  WAIT_FOR (!epistle_outline_pane_get_busy (outline_pane (window)));
  spin (20);
  assert_outline_current (window);
  {
    g_autoptr(EpistleOutlineNode) first = g_list_model_get_item (epistle_outline_pane_get_nodes (outline_pane (window)), 0);

    g_assert_cmpstr (epistle_outline_node_get_title (first), ==, "Foreword");
  }
  g_assert_cmpuint (g_list_model_get_n_items (epistle_outline_pane_get_nodes (outline_pane (window))), ==, 41);
  close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = NULL;
  int ret;

  tmpdir = g_dir_make_tmp ("epistle-ui-XXXXXX", NULL);
  data_home = g_build_filename (tmpdir, "data", NULL);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_setenv ("XDG_STATE_HOME", data_home, TRUE);

  app = ui_test_application_new (&argc, &argv);
  g_settings_set_uint (epistle_application_get_settings (app), "autosave-delay", 1);

  g_test_add_func ("/epistle/window/roundtrip-open-letter", test_roundtrip_open_letter);
  g_test_add_func ("/epistle/window/large-document-in-slices", test_large_document_in_slices);
  g_test_add_func ("/epistle/window/bom-crlf-kept", test_bom_crlf_kept);
  g_test_add_func ("/epistle/window/utf16-and-legacy", test_utf16_and_legacy);
  g_test_add_func ("/epistle/window/unrepresentable-offers-utf8", test_unrepresentable_offers_utf8);
  g_test_add_func ("/epistle/window/binary-refused", test_binary_refused);
  g_test_add_func ("/epistle/window/read-only", test_read_only);
  g_test_add_func ("/epistle/window/changed-on-disk", test_changed_on_disk);
  g_test_add_func ("/epistle/window/deleted-on-disk", test_deleted_on_disk);
  g_test_add_func ("/epistle/window/missing-folder", test_missing_folder);
  g_test_add_func ("/epistle/window/failed-write", test_failed_write);
  g_test_add_func ("/epistle/window/untitled-autosaved", test_untitled_autosaved);
  g_test_add_func ("/epistle/window/recovered-draft-survives-loading", test_recovered_draft_survives_loading);
  g_test_add_func ("/epistle/window/reload-drops-draft", test_reload_drops_draft);
  g_test_add_func ("/epistle/window/smart-punctuation-rules", test_smart_punctuation_rules);
  g_test_add_func ("/epistle/window/smart-punctuation-typing", test_smart_punctuation_typing);
  g_test_add_func ("/epistle/window/stats-agree-with-engine", test_stats_agree_with_engine);
  g_test_add_func ("/epistle/window/find-replace-and-goto", test_find_replace_and_goto);
  g_test_add_func ("/epistle/window/new-file-by-name", test_new_file_by_name);
  g_test_add_func ("/epistle/window/replace-all-as-gtksourceview", test_replace_all_as_gtksourceview);
  g_test_add_func ("/epistle/window/typing-touches-one-line", test_typing_touches_one_line);
  g_test_add_func ("/epistle/window/position-after-typing", test_position_after_typing);
  g_test_add_func ("/epistle/window/cursor-kept-in-view", test_cursor_kept_in_view);
  g_test_add_func ("/epistle/window/buffer-copy-in-slices", test_buffer_copy_in_slices);
  g_test_add_func ("/epistle/window/preferences-reach-the-window", test_preferences_reach_the_window);
  g_test_add_func ("/epistle/window/one-window-per-document", test_one_window_per_document);
  g_test_add_func ("/epistle/window/shown-with-its-text", test_shown_with_its_text);
  g_test_add_func ("/epistle/window/hidden-parts-wait", test_hidden_parts_wait);
  g_test_add_func ("/epistle/window/shortcuts-window", test_shortcuts_window);
  g_test_add_func ("/epistle/window/spelling-open-letter", test_spelling_open_letter);
  g_test_add_func ("/epistle/window/spelling-typing", test_spelling_typing);
  g_test_add_func ("/epistle/window/spelling-document-words", test_spelling_document_words);
  g_test_add_func ("/epistle/window/spelling-personal-words", test_spelling_personal_words);
  g_test_add_func ("/epistle/window/spelling-suggestion-replaces", test_spelling_suggestion_replaces);
  g_test_add_func ("/epistle/window/spelling-remembered", test_spelling_remembered);
  g_test_add_func ("/epistle/window/spelling-front-matter-edit", test_spelling_front_matter_edit);
  g_test_add_func ("/epistle/window/spelling-fence-edit", test_spelling_fence_edit);
  g_test_add_func ("/epistle/window/spelling-misspellings-list", test_spelling_misspellings_list);
  g_test_add_func ("/epistle/window/spelling-count-in-slices", test_spelling_count_in_slices);
  g_test_add_func ("/epistle/window/spelling-menu-key", test_spelling_menu_key);
  g_test_add_func ("/epistle/window/spelling-scheme-style", test_spelling_scheme_style);
  g_test_add_func ("/epistle/window/outline-dormant-while-hidden", test_outline_dormant_while_hidden);
  g_test_add_func ("/epistle/window/outline-shown-on-manuscript", test_outline_shown_on_manuscript);
  g_test_add_func ("/epistle/window/outline-jump-and-follow", test_outline_jump_and_follow);
  g_test_add_func ("/epistle/window/outline-move-section", test_outline_move_section);
  g_test_add_func ("/epistle/window/outline-open-letter", test_outline_open_letter);
  g_test_add_func ("/epistle/window/outline-long-document", test_outline_long_document);

  ret = g_test_run ();
  g_application_release (G_APPLICATION (app));
  return ret;
}
