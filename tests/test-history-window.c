/* SPDX-License-Identifier: GPL-3.0-or-later
 * test-history-window.c — version history in the real window: saving
 * twice lists two versions; showing the older compares it word by word
 * with the text now (or with the version before it); restoring it is one
 * undo step and a third version; one paragraph can be brought back alone;
 * Save Version with a message; Save As carries the versions along. */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "epistle-application.h"
#include "epistle-window.h"
#include "epistle-window-private.h"
#include "test-util.h"
#include "ui-wait.h"

static EpistleApplication *app;
static char *tmpdir;

static GtkTextBuffer *
buffer_of (EpistleWindow *window)
{
  return GTK_TEXT_BUFFER (epistle_document_get_buffer (epistle_window_get_document (window)));
}

static char *
buffer_text (EpistleWindow *window)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer_of (window), &start, &end);
  return gtk_text_buffer_get_text (buffer_of (window), &start, &end, TRUE);
}

static void
type_over (EpistleWindow *window,
           const char    *text)
{
  GtkTextBuffer *buffer = buffer_of (window);
  GtkTextIter start, end;

  gtk_text_buffer_begin_user_action (buffer);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_delete (buffer, &start, &end);
  gtk_text_buffer_insert (buffer, &start, text, -1);
  gtk_text_buffer_end_user_action (buffer);
}

static void
wait_idle (EpistleWindow *window)
{
  EpistleDocument *document = epistle_window_get_document (window);

  WAIT_FOR (!epistle_document_get_busy (document) && epistle_window_get_history_jobs (window) == 0 &&
            !epistle_history_pane_get_loading (epistle_window_get_history_pane (window)));
}

static EpistleWindow *
open_text (const char *name,
           const char *text)
{
  EpistleWindow *window = ui_test_open_text (app, tmpdir, name, text);

  wait_idle (window);
  return window;
}

static void
close_window (EpistleWindow *window)
{
  wait_idle (window);
  ui_test_close_window (window);
}

static void
save (EpistleWindow *window)
{
  g_action_group_activate_action (G_ACTION_GROUP (window), "save", NULL);
  WAIT_FOR (!epistle_document_get_modified (epistle_window_get_document (window)));
  wait_idle (window);
}

static guint
n_versions (EpistleWindow *window)
{
  return g_list_model_get_n_items (epistle_history_pane_get_versions (epistle_window_get_history_pane (window)));
}

static const EpistleVersion *
version_at (EpistleWindow *window,
            guint          i)
{
  g_autoptr(EpistleVersionItem) item =
    g_list_model_get_item (epistle_history_pane_get_versions (epistle_window_get_history_pane (window)), i);
  g_assert_nonnull (item);
  /* The pane's store keeps the item (and so the version) alive. */
  return epistle_version_item_get_version (item);
}

static gboolean
showing_version (EpistleWindow *window)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (window->content_stack), "version") == 0 &&
         epistle_version_view_get_comparison (epistle_window_get_version_view (window)) != NULL &&
         !epistle_version_view_get_loading (epistle_window_get_version_view (window));
}

/* The merged text's words in the spans of one kind, joined by '|'. */
static char *
span_words (const EpistleComparison *c,
            gboolean                 added)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < c->spans->len; i++)
    {
      const EpistleComparisonSpan *span = &g_array_index (c->spans, EpistleComparisonSpan, i);
      const char *start = g_utf8_offset_to_pointer (c->merged, span->start);
      const char *end = g_utf8_offset_to_pointer (c->merged, span->end);
      if (span->added != added)
        continue;
      if (out->len > 0)
        g_string_append_c (out, '|');
      g_string_append_len (out, start, end - start);
    }
  return g_string_free (out, FALSE);
}


/* Runs git in @cwd (asserting success); returns its output. */
static char *
run_git (const char  *cwd,
         const char **args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status = 0;

  g_ptr_array_add (argv, (char *) "git");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (cwd, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

static const char draft_a[] =
  "Dear Editor,\n\nThe river rose in the night and the town woke to water.\n\n"
  "We ask the council for a plan.\n\nYours,\nAnna\n";
static const char draft_b[] =
  "Dear Editor,\n\nThe river rose quickly in the night and the town woke to water.\n\n"
  "We ask the council for a plan.\n\nYours,\nAnna\n";
static const char draft_c[] =
  "Dear Editor,\n\nThe river rose quickly in the night and the whole town woke to cold water.\n\n"
  "We ask the council for a plan before the spring.\n\nYours,\nAnna\n";

/* The journey: save twice, two versions; the older shown against
 * the text now; Restore → its text, one undo step, a third version. */
static void
test_save_compare_restore (void)
{
  EpistleWindow *window = open_text ("flood.md", draft_a);
  g_autofree char *path = g_build_filename (tmpdir, "flood.md", NULL);
  const EpistleComparison *c;
  g_autofree char *older_id = NULL;
  g_autofree char *removed = NULL, *added = NULL, *text = NULL, *on_disk = NULL;
  GSettings *settings = window->settings;

  g_assert_cmpuint (n_versions (window), ==, 0);

  type_over (window, draft_b);
  save (window);
  WAIT_FOR (n_versions (window) == 1);
  type_over (window, draft_c);
  save (window);
  WAIT_FOR (n_versions (window) == 2);
  g_assert_cmpstr (version_at (window, 0)->summary, ==, "Saved — 29 words, +5");
  g_assert_cmpint (version_at (window, 1)->words, ==, 24);

  /* The older one, as the row's click does it, against the text now. */
  older_id = g_strdup (version_at (window, 1)->id);
  g_action_group_activate_action (G_ACTION_GROUP (window), "show-version", g_variant_new_string (older_id));
  WAIT_FOR (showing_version (window));
  c = epistle_version_view_get_comparison (epistle_window_get_version_view (window));
  g_assert_cmpstr (c->old_text, ==, draft_b);
  g_assert_cmpstr (c->new_text, ==, draft_c);
  removed = span_words (c, FALSE);
  added = span_words (c, TRUE);
  g_assert_cmpstr (removed, ==, "");
  g_assert_cmpstr (added, ==, "whole |cold | before the spring");
  g_assert_cmpuint (c->diff->words_added, ==, 5);
  g_assert_cmpuint (c->diff->hunks->len, ==, 3);
  /* It opens on the first change; F8 goes on to the next. */
  g_assert_cmpint (epistle_version_view_get_current_change (epistle_window_get_version_view (window)), ==, 0);
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "version-next-change"));
  g_action_group_activate_action (G_ACTION_GROUP (window), "version-next-change", NULL);
  g_assert_cmpint (epistle_version_view_get_current_change (epistle_window_get_version_view (window)), ==, 1);
  g_assert_true (gtk_text_view_get_editable (epistle_version_view_get_text_view (epistle_window_get_version_view (window))) == FALSE);

  /* With the version before it instead: the first version, against nothing. */
  g_settings_set_string (settings, "history-compare", "previous");
  WAIT_FOR (showing_version (window) &&
            strlen (epistle_version_view_get_comparison (epistle_window_get_version_view (window))->old_text) == 0);
  c = epistle_version_view_get_comparison (epistle_window_get_version_view (window));
  g_assert_cmpstr (c->new_text, ==, draft_b);
  g_settings_set_string (settings, "history-compare", "current");
  WAIT_FOR (showing_version (window) &&
            g_strcmp0 (epistle_version_view_get_comparison (epistle_window_get_version_view (window))->new_text, draft_c) == 0);

  /* Restore This Version (of the one shown). */
  g_action_group_activate_action (G_ACTION_GROUP (window), "restore-version", g_variant_new_string (""));
  WAIT_FOR (n_versions (window) == 3);
  wait_idle (window);
  g_assert_false (showing_version (window));
  text = buffer_text (window);
  g_assert_cmpstr (text, ==, draft_b);
  g_assert_true (g_file_get_contents (path, &on_disk, NULL, NULL));
  g_assert_cmpstr (on_disk, ==, draft_b);
  g_assert_true (g_str_has_prefix (version_at (window, 0)->summary, "Restored the version of "));
  g_assert_cmpint (version_at (window, 0)->word_delta, ==, -5);

  /* Any two versions: the first against the second (as "Compare with
   * Marked Version" asks for it). */
  {
    g_autofree char *newer = g_strdup (version_at (window, 1)->id);
    g_action_group_activate_action (G_ACTION_GROUP (window), "mark-version", g_variant_new_string (older_id));
    g_assert_cmpstr (epistle_history_pane_get_marked (epistle_window_get_history_pane (window)), ==, older_id);
    g_action_group_activate_action (G_ACTION_GROUP (window), "compare-versions",
                                    g_variant_new ("(ss)", older_id, newer));
    WAIT_FOR (showing_version (window) &&
              g_strcmp0 (epistle_version_view_get_comparison (epistle_window_get_version_view (window))->new_text, draft_c) == 0);
    c = epistle_version_view_get_comparison (epistle_window_get_version_view (window));
    g_assert_cmpstr (c->old_text, ==, draft_b);
    /* Not against the letter: no paragraph to put back into it. */
    g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "restore-version-paragraph"));
    g_action_group_activate_action (G_ACTION_GROUP (window), "close-version", NULL);
  }

  /* One undo step takes the whole restore back. */
  g_assert_true (gtk_text_buffer_get_can_undo (buffer_of (window)));
  gtk_text_buffer_undo (buffer_of (window));
  g_clear_pointer (&text, g_free);
  text = buffer_text (window);
  g_assert_cmpstr (text, ==, draft_c);

  /* Restoring over unsaved text keeps that text as a version first. */
  type_over (window, draft_a);
  g_action_group_activate_action (G_ACTION_GROUP (window), "restore-version", g_variant_new_string (older_id));
  WAIT_FOR (n_versions (window) == 5);
  wait_idle (window);
  g_assert_cmpstr (version_at (window, 1)->summary, ==, "Before restoring an earlier version");
  g_assert_true (g_str_has_prefix (version_at (window, 0)->summary, "Restored the version of "));
  g_clear_pointer (&text, g_free);
  text = buffer_text (window);
  g_assert_cmpstr (text, ==, draft_b);
  {
    g_autoptr(GBytes) kept = epistle_history_read (epistle_window_get_history (window), version_at (window, 1)->id, NULL);
    g_assert_nonnull (kept);
    g_assert_cmpmem (g_bytes_get_data (kept, NULL), g_bytes_get_size (kept), draft_a, strlen (draft_a));
  }

  close_window (window);
}

/* One paragraph of an old version put back; the others stay as they are. */
static void
test_restore_paragraph (void)
{
  EpistleWindow *window = open_text ("paragraphs.md", draft_b);
  EpistleVersionView *view;
  const EpistleComparison *c;
  g_autofree char *text = NULL;
  const char *cold;
  GtkTextIter iter;
  GtkTextBuffer *merged;

  /* Nothing to save: the version is made of the file as it is. */
  g_action_group_activate_action (G_ACTION_GROUP (window), "save-version", g_variant_new_string ("Before the edits"));
  WAIT_FOR (n_versions (window) == 1);
  g_assert_cmpstr (version_at (window, 0)->summary, ==, "Before the edits");
  type_over (window, draft_c);
  save (window);
  WAIT_FOR (n_versions (window) == 2);

  g_action_group_activate_action (G_ACTION_GROUP (window), "show-version",
                                  g_variant_new_string (version_at (window, 1)->id));
  WAIT_FOR (showing_version (window));
  view = epistle_window_get_version_view (window);
  c = epistle_version_view_get_comparison (view);
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "restore-version-paragraph"));

  /* The cursor on "cold" in the second paragraph. */
  cold = strstr (c->merged, "cold");
  g_assert_nonnull (cold);
  merged = gtk_text_view_get_buffer (epistle_version_view_get_text_view (view));
  gtk_text_buffer_get_iter_at_offset (merged, &iter, (int) g_utf8_pointer_to_offset (c->merged, cold));
  gtk_text_buffer_place_cursor (merged, &iter);
  g_action_group_activate_action (G_ACTION_GROUP (window), "restore-version-paragraph", NULL);

  text = buffer_text (window);
  g_assert_cmpstr (text, ==,
                   "Dear Editor,\n\nThe river rose quickly in the night and the town woke to water.\n\n"
                   "We ask the council for a plan before the spring.\n\nYours,\nAnna\n");
  /* One undo step. */
  gtk_text_buffer_undo (buffer_of (window));
  g_clear_pointer (&text, g_free);
  text = buffer_text (window);
  g_assert_cmpstr (text, ==, draft_c);

  /* Escape leaves the comparison for the letter. */
  WAIT_FOR (showing_version (window));
  g_action_group_activate_action (G_ACTION_GROUP (window), "close-version", NULL);
  g_assert_false (showing_version (window));
  close_window (window);
}

/* Save As: the versions go with the document to its new name. */
static void
test_save_as_carries_history (void)
{
  EpistleWindow *window = open_text ("draft.md", draft_a);
  g_autofree char *new_path = g_build_filename (tmpdir, "final.md", NULL);
  g_autofree char *uri = g_filename_to_uri (new_path, NULL, NULL);
  g_autofree char *repo = NULL;

  type_over (window, draft_b);
  save (window);
  type_over (window, draft_c);
  save (window);
  WAIT_FOR (n_versions (window) == 2);

  g_action_group_activate_action (G_ACTION_GROUP (window), "save-as", g_variant_new_string (uri));
  WAIT_FOR (g_file_test (new_path, G_FILE_TEST_EXISTS));
  wait_idle (window);
  WAIT_FOR (n_versions (window) == 3);
  g_assert_cmpstr (version_at (window, 0)->path, ==, "final.md");
  g_assert_cmpstr (version_at (window, 2)->path, ==, "draft.md");
  repo = epistle_history_dup_repository_path (epistle_window_get_history (window));
  g_assert_true (strstr (repo, "final.md-") != NULL);
  close_window (window);
}


/* A letter in the writer's own repository: the versions are its commits. */
static void
test_user_repository (void)
{
  g_autofree char *folder = g_build_filename (tmpdir, "work", NULL);
  g_autofree char *path = g_build_filename (folder, "letter.md", NULL);
  g_autofree char *other = g_build_filename (folder, "notes.txt", NULL);
  g_autoptr(GFile) file = NULL;
  g_autofree char *status_before = NULL, *status_after = NULL, *subject = NULL;
  EpistleWindow *window;

  g_mkdir (folder, 0755);
  g_free (run_git (folder, (const char *[]) { "init", "-q", "-b", "main", NULL }));
  g_assert_true (g_file_set_contents (path, draft_a, -1, NULL));
  g_assert_true (g_file_set_contents (other, "one\n", -1, NULL));
  g_free (run_git (folder, (const char *[]) { "add", ".", NULL }));
  g_free (run_git (folder, (const char *[]) { "commit", "-q", "-m", "Start", NULL }));
  g_assert_true (g_file_set_contents (other, "two, not staged\n", -1, NULL));
  status_before = run_git (folder, (const char *[]) { "status", "--porcelain", NULL });

  file = g_file_new_for_path (path);
  window = epistle_window_new (GTK_APPLICATION (app));
  gtk_window_present (GTK_WINDOW (window));
  epistle_window_load_file (window, file);
  wait_idle (window);
  /* Opened when first wanted: here, the History page shown. */
  g_assert_null (epistle_window_get_history (window));
  g_action_group_activate_action (G_ACTION_GROUP (window), "show-history", NULL);
  WAIT_FOR (epistle_window_get_history (window) != NULL);
  wait_idle (window);
  g_assert_cmpint (epistle_history_get_kind (epistle_window_get_history (window)), ==, EPISTLE_HISTORY_REPOSITORY);
  WAIT_FOR (n_versions (window) == 1);
  g_assert_cmpstr (version_at (window, 0)->summary, ==, "Start");

  type_over (window, draft_b);
  save (window);
  WAIT_FOR (n_versions (window) == 2);
  subject = run_git (folder, (const char *[]) { "log", "-1", "--format=%s", NULL });
  g_assert_cmpstr (subject, ==, "Saved — 24 words, +1\n");
  status_after = run_git (folder, (const char *[]) { "status", "--porcelain", NULL });
  g_assert_cmpstr (status_after, ==, status_before);
  close_window (window);
}

/* A long history is read a page at a time, as the list scrolls. */
static void
test_paging (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "long.md", NULL);
  g_autoptr(EpistleHistory) history = NULL;
  g_autoptr(GError) error = NULL;
  EpistleWindow *window;

  history = epistle_history_open (path, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 120; i++)
    {
      g_autofree char *text = g_strdup_printf ("Draft number %u of a long history.\n", i);
      g_assert_true (g_file_set_contents (path, text, -1, NULL));
      g_assert_true (epistle_history_snapshot (history, NULL, NULL, NULL, NULL, NULL, &error));
    }

  window = open_text ("long.md", "Draft number 119 of a long history.\n");
  /* The page is hidden and nothing was saved: the history is not even
   * opened.  Shown, the first pages are read, not all of them. */
  spin (200);
  g_assert_null (epistle_window_get_history (window));
  g_assert_cmpuint (n_versions (window), ==, 0);

  g_action_group_activate_action (G_ACTION_GROUP (window), "show-history", NULL);
  WAIT_FOR (n_versions (window) >= 50);
  spin (200);
  wait_idle (window);
  g_assert_cmpuint (n_versions (window), <, 120);
  while (n_versions (window) < 120)
    {
      guint before = n_versions (window);
      epistle_history_pane_scroll_to_end (epistle_window_get_history_pane (window));
      WAIT_FOR (n_versions (window) > before);
      wait_idle (window);
      spin (100);   /* laid out with the new rows: its end is further down */
    }
  g_assert_cmpstr (version_at (window, 119)->summary, ==, "Saved — 7 words");
  g_assert_cmpstr (version_at (window, 0)->summary, ==, "Saved — 7 words, +0");
  close_window (window);
}

/* A letter opened is not a reason to start git: its history is opened
 * by the first thing that needs it.  A command (here over the bus, the
 * page hidden) waits for the opening and then does its work. */
static void
test_opened_at_first_use (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "first-use.md", NULL);
  g_autoptr(EpistleHistory) history = NULL;
  g_autoptr(EpistleVersion) first = NULL;
  g_autoptr(GError) error = NULL;
  const EpistleComparison *c;
  EpistleWindow *window;

  history = epistle_history_open (path, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, draft_a, -1, NULL));
  g_assert_true (epistle_history_snapshot (history, NULL, NULL, NULL, NULL, &first, &error));
  g_assert_true (g_file_set_contents (path, draft_b, -1, NULL));
  g_assert_true (epistle_history_snapshot (history, NULL, NULL, NULL, NULL, NULL, &error));

  window = open_text ("first-use.md", draft_b);
  spin (100);
  g_assert_null (epistle_window_get_history (window));
  g_assert_cmpuint (epistle_window_get_history_jobs (window), ==, 0);
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "show-version"));

  g_action_group_activate_action (G_ACTION_GROUP (window), "show-version", g_variant_new_string (first->id));
  WAIT_FOR (showing_version (window));
  g_assert_nonnull (epistle_window_get_history (window));
  c = epistle_version_view_get_comparison (epistle_window_get_version_view (window));
  g_assert_cmpstr (c->old_text, ==, draft_a);
  g_assert_cmpstr (c->new_text, ==, draft_b);
  g_action_group_activate_action (G_ACTION_GROUP (window), "close-version", NULL);
  close_window (window);
}

/* Nowhere to keep versions: the letter still saves, the page says why. */
static void
test_unavailable (void)
{
  g_autofree char *store = g_build_filename (g_get_user_data_dir (), "epistle", "history", NULL);
  g_autofree char *aside = g_strconcat (store, ".aside", NULL);
  g_autofree char *path = g_build_filename (tmpdir, "nowhere.md", NULL);
  g_autofree char *on_disk = NULL;
  EpistleWindow *window;
  GtkWidget *focus;

  g_assert_cmpint (g_rename (store, aside), ==, 0);
  g_assert_true (g_file_set_contents (store, "in the way\n", -1, NULL));

  window = open_text ("nowhere.md", draft_a);
  type_over (window, draft_b);
  save (window);
  g_assert_true (g_file_get_contents (path, &on_disk, NULL, NULL));
  g_assert_cmpstr (on_disk, ==, draft_b);
  g_assert_cmpuint (n_versions (window), ==, 0);
  focus = gtk_widget_get_first_child (GTK_WIDGET (epistle_window_get_history_pane (window)));
  g_assert_nonnull (focus);
  g_assert_true (epistle_history_pane_get_unavailable (epistle_window_get_history_pane (window)) != NULL);
  g_assert_nonnull (strstr (epistle_history_pane_get_unavailable (epistle_window_get_history_pane (window)), store));
  close_window (window);

  g_unlink (store);
  g_assert_cmpint (g_rename (aside, store), ==, 0);
}

/* Copy Text puts a version's text on the clipboard; "Track in a Git
 * Repository in This Folder" moves the versions into the folder's own
 * repository, where git sees them and the letter is clean. */
static void
test_copy_and_track (void)
{
  g_autofree char *folder = g_build_filename (tmpdir, "book", NULL);
  g_autofree char *name = g_build_filename ("book", "chapter.md", NULL);
  g_autofree char *log = NULL, *status = NULL;
  EpistleWindow *window;
  GdkClipboard *clipboard;
  GdkContentProvider *content;
  GValue value = G_VALUE_INIT;

  g_mkdir (folder, 0755);
  window = open_text (name, draft_a);
  type_over (window, draft_b);
  save (window);
  type_over (window, draft_c);
  save (window);
  WAIT_FOR (n_versions (window) == 2);

  g_action_group_activate_action (G_ACTION_GROUP (window), "copy-version-text",
                                  g_variant_new_string (version_at (window, 1)->id));
  wait_idle (window);
  clipboard = gtk_widget_get_clipboard (GTK_WIDGET (window));
  content = gdk_clipboard_get_content (clipboard);
  g_assert_nonnull (content);
  g_value_init (&value, G_TYPE_STRING);
  g_assert_true (gdk_content_provider_get_value (content, &value, NULL));
  g_assert_cmpstr (g_value_get_string (&value), ==, draft_b);
  g_value_unset (&value);

  g_assert_cmpint (epistle_history_get_kind (epistle_window_get_history (window)), ==, EPISTLE_HISTORY_MANAGED);
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "track-history-in-folder"));
  g_action_group_activate_action (G_ACTION_GROUP (window), "track-history-in-folder", NULL);
  WAIT_FOR (epistle_history_get_kind (epistle_window_get_history (window)) == EPISTLE_HISTORY_REPOSITORY);
  wait_idle (window);
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "track-history-in-folder"));
  log = run_git (folder, (const char *[]) { "log", "--format=%s", NULL });
  g_assert_cmpstr (log, ==, "Saved — 29 words, +5\nSaved — 24 words\n");
  status = run_git (folder, (const char *[]) { "status", "--porcelain", NULL });
  g_assert_cmpstr (status, ==, "");
  WAIT_FOR (n_versions (window) == 2);
  close_window (window);
}

/* Minutes of editing: the letter is saved and becomes a version; with no
 * edit since, nothing happens; with versions at save turned off, saving
 * makes none, but the timer still does. */
static void
test_timer (void)
{
  EpistleWindow *window = open_text ("timed.md", draft_a);
  g_autofree char *path = g_build_filename (tmpdir, "timed.md", NULL);
  g_autofree char *on_disk = NULL;
  GSettings *settings = window->settings;

  _epistle_window_history_timer_fired (window);
  wait_idle (window);
  g_assert_cmpuint (n_versions (window), ==, 0);

  type_over (window, draft_b);
  _epistle_window_history_timer_fired (window);
  WAIT_FOR (!epistle_document_get_modified (epistle_window_get_document (window)));
  WAIT_FOR (n_versions (window) == 1);
  g_assert_true (g_file_get_contents (path, &on_disk, NULL, NULL));
  g_assert_cmpstr (on_disk, ==, draft_b);

  _epistle_window_history_timer_fired (window);
  wait_idle (window);
  g_assert_cmpuint (n_versions (window), ==, 1);

  g_settings_set_boolean (settings, "history-snapshot-on-save", FALSE);
  type_over (window, draft_c);
  save (window);
  spin (100);
  wait_idle (window);
  g_assert_cmpuint (n_versions (window), ==, 1);
  _epistle_window_history_timer_fired (window);
  WAIT_FOR (n_versions (window) == 2);
  g_settings_set_boolean (settings, "history-snapshot-on-save", TRUE);
  close_window (window);
}

/* Changes a word apart are shown as one; further apart, as two. */
static void
test_comparison_joins_close_changes (void)
{
  g_autoptr(EpistleComparison) c = NULL;
  g_autoptr(EpistleComparison) d = NULL;
  g_autofree char *removed = NULL, *added = NULL, *summary = NULL;

  c = epistle_comparison_new (g_strdup ("I am writing to ask a small favor of you.\n"), 42,
                              g_strdup ("Let me ask you one favor of you.\n"), 33);
  g_assert_cmpuint (c->diff->hunks->len, ==, 1);
  removed = span_words (c, FALSE);
  added = span_words (c, TRUE);
  g_assert_cmpstr (removed, ==, "I am writing to ask a small");
  g_assert_cmpstr (added, ==, "Let me ask you one");
  g_assert_cmpstr (c->merged, ==, "I am writing to ask a smallLet me ask you one favor of you.\n");
  /* The totals are the minimal diff's: "ask" is neither added nor removed. */
  g_assert_cmpuint (c->diff->words_removed, ==, 6);
  g_assert_cmpuint (c->diff->words_added, ==, 4);
  summary = epistle_comparison_summary (c);
  g_assert_cmpstr (summary, ==, "+4 words, −6, 1 change");

  d = epistle_comparison_new (g_strdup ("The red house by the old mill.\n"), 31,
                              g_strdup ("The blue house by the new mill.\n"), 32);
  g_assert_cmpuint (d->diff->hunks->len, ==, 2);
}

/* Sync with a Git Server…: the address asked once (a bare repository
 * here), the versions sent; the next time the address is filled in. */
static void
test_sync_dialog (void)
{
  g_autofree char *bare = g_build_filename (tmpdir, "server.git", NULL);
  g_autofree char *log = NULL;
  EpistleWindow *window = open_text ("synced.md", draft_a);
  AdwDialog *dialog;
  GtkEditable *entry;

  g_free (run_git (tmpdir, (const char *[]) { "init", "-q", "--bare", "-b", "main", bare, NULL }));
  type_over (window, draft_b);
  save (window);
  WAIT_FOR (n_versions (window) == 1);

  g_action_group_activate_action (G_ACTION_GROUP (window), "sync-history", NULL);
  WAIT_FOR (adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window)) != NULL);
  dialog = adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window));
  entry = g_object_get_data (G_OBJECT (dialog), "message");
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, "");
  gtk_editable_set_text (entry, bare);
  g_signal_emit_by_name (dialog, "response::save", "save");
  adw_dialog_force_close (dialog);
  wait_idle (window);
  log = run_git (tmpdir, (const char *[]) { "--git-dir", bare, "log", "--format=%s", "main", NULL });
  g_assert_cmpstr (log, ==, "Saved — 24 words\n");

  /* The server is remembered. */
  g_action_group_activate_action (G_ACTION_GROUP (window), "sync-history", NULL);
  WAIT_FOR (adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window)) != NULL);
  dialog = adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window));
  entry = g_object_get_data (G_OBJECT (dialog), "message");
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, bare);
  adw_dialog_force_close (dialog);
  close_window (window);
}

/* A new letter saved for the first time is its first version. */
static void
test_new_letter_first_save (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "new-letter.md", NULL);
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
  EpistleWindow *window = epistle_window_new (GTK_APPLICATION (app));

  gtk_window_present (GTK_WINDOW (window));
  type_over (window, draft_a);
  g_assert_null (epistle_window_get_history (window));
  g_action_group_activate_action (G_ACTION_GROUP (window), "save-as", g_variant_new_string (uri));
  WAIT_FOR (g_file_test (path, G_FILE_TEST_EXISTS));
  WAIT_FOR (epistle_window_get_history (window) != NULL);
  wait_idle (window);
  WAIT_FOR (n_versions (window) == 1);
  g_assert_cmpstr (version_at (window, 0)->summary, ==, "Saved — 23 words");
  close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = NULL;
  g_autofree char *home = NULL;
  g_autofree char *gitconfig = NULL;
  int ret;

  tmpdir = g_dir_make_tmp ("epistle-history-ui-XXXXXX", NULL);
  data_home = g_build_filename (tmpdir, "data", NULL);
  home = g_build_filename (tmpdir, "home", NULL);
  g_mkdir (home, 0700);
  gitconfig = g_build_filename (home, ".gitconfig", NULL);
  g_assert_true (g_file_set_contents (gitconfig, "[user]\n\tname = Anna Writer\n\temail = anna@example.org\n", -1, NULL));
  g_setenv ("HOME", home, TRUE);
  g_setenv ("GIT_CONFIG_NOSYSTEM", "1", TRUE);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_setenv ("XDG_STATE_HOME", data_home, TRUE);

  app = ui_test_application_new (&argc, &argv);

  g_test_add_func ("/epistle/history-window/comparison-joins-close-changes", test_comparison_joins_close_changes);
  g_test_add_func ("/epistle/history-window/save-compare-restore", test_save_compare_restore);
  g_test_add_func ("/epistle/history-window/restore-paragraph", test_restore_paragraph);
  g_test_add_func ("/epistle/history-window/save-as", test_save_as_carries_history);
  g_test_add_func ("/epistle/history-window/new-letter-first-save", test_new_letter_first_save);
  g_test_add_func ("/epistle/history-window/user-repository", test_user_repository);
  g_test_add_func ("/epistle/history-window/paging", test_paging);
  g_test_add_func ("/epistle/history-window/opened-at-first-use", test_opened_at_first_use);
  g_test_add_func ("/epistle/history-window/timer", test_timer);
  g_test_add_func ("/epistle/history-window/sync-dialog", test_sync_dialog);
  g_test_add_func ("/epistle/history-window/copy-and-track", test_copy_and_track);
  g_test_add_func ("/epistle/history-window/unavailable", test_unavailable);

  ret = g_test_run ();
  g_application_release (G_APPLICATION (app));
  test_remove_tree (tmpdir);
  return ret;
}
