/* SPDX-License-Identifier: GPL-3.0-or-later
 * test-view.c — the writing surface's cost per keystroke: typing in a long
 * paragraph lays it out (shapes its text with Pango) once per keystroke,
 * not once for GtkTextView's sizing and again for the cursor and the frame.
 *
 * The test program defines pango_layout_set_text() itself (it is linked
 * with its symbols exported), so GTK's calls come here first: each call is
 * one layout of one paragraph, counted when it is the paragraph typed in,
 * then handed on to Pango's own function. */

#include "config.h"

#include <dlfcn.h>
#include <string.h>

#include "test-util.h"
#include "ui-wait.h"

static EpistleApplication *app;
static char *tmpdir;

/* The paragraph being watched: its first bytes, and how many times GTK
 * gave Pango its text. */
static char  *watched_prefix;
static guint  watched_layouts;

void
pango_layout_set_text (PangoLayout *layout,
                       const char  *text,
                       int          length)
{
  static void (*real) (PangoLayout *, const char *, int);
  gsize n = length < 0 ? strlen (text) : (gsize) length;

  if (real == NULL)
    real = (void (*) (PangoLayout *, const char *, int)) dlsym (RTLD_NEXT, "pango_layout_set_text");
  g_assert_nonnull (real);
  if (watched_prefix != NULL && n >= strlen (watched_prefix) &&
      strncmp (text, watched_prefix, strlen (watched_prefix)) == 0)
    watched_layouts++;
  real (layout, text, length);
}

static guint paints;
static guint tag_changes;
static int   watched_line;

/* Counts the tag changes (underlines, highlighting) on the watched line. */
static void
count_tag_change (GtkTextBuffer *buffer,
                  GtkTextTag    *tag,
                  GtkTextIter   *start,
                  GtkTextIter   *end)
{
  if (gtk_text_iter_get_line (start) <= watched_line && gtk_text_iter_get_line (end) >= watched_line)
    tag_changes++;
}

static void
count_paint (GdkFrameClock *clock,
             guint         *counter)
{
  (*counter)++;
}

/* The open letter written to @name in the test folder (its path
 * returned), with its longest paragraph (a copy) and that paragraph's line. */
static char *
write_letter (const char  *name,
              char       **paragraph,
              guint       *line)
{
  g_autofree char *source = g_build_filename (g_getenv ("EPISTLE_CORPUS"), "open-letter.txt", NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  char *path = g_build_filename (tmpdir, name, NULL);
  guint longest = 0;

  g_assert_true (g_file_get_contents (source, &contents, NULL, NULL));
  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (strlen (lines[i]) > strlen (lines[longest]))
      longest = i;
  *paragraph = g_strdup (lines[longest]);
  *line = longest;
  return path;
}

/* The cursor in the middle of @paragraph (at @line), and a scroll to it. */
static void
jump_into_paragraph (GtkTextView *view,
                     const char  *paragraph,
                     guint        line)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_line_offset (buffer, &iter, line, g_utf8_strlen (paragraph, -1) / 2);
  gtk_text_buffer_place_cursor (buffer, &iter);
  gtk_text_view_scroll_to_mark (view, gtk_text_buffer_get_insert (buffer), 0, TRUE, 0, 0.5);
}

/* Typing into the longest paragraph of the open letter, as a Markdown
 * draft, with spelling and highlighting at work: each keystroke, up to the
 * frame that shows it and the idle work after, lays the paragraph out
 * once.  (GtkTextView alone lays it out twice: for its size, in a layout
 * it does not keep, and again for the cursor and the snapshot.) */
static void
test_one_layout_per_keystroke (void)
{
  g_autofree char *paragraph = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  EpistleWindow *window;
  GtkTextBuffer *buffer;
  GtkWidget *view;
  GdkFrameClock *clock;
  guint line = 0;

  path = write_letter ("letter.md", &paragraph, &line);
  g_assert_cmpuint (strlen (paragraph), >, 400);

  window = ui_test_open_file (app, path);
  buffer = GTK_TEXT_BUFFER (epistle_document_get_buffer (epistle_window_get_document (window)));
  view = GTK_WIDGET (epistle_window_get_view (window));
  gtk_widget_grab_focus (view);

  /* The cursor in the middle of the paragraph, the paragraph in view. */
  spin (200);
  jump_into_paragraph (GTK_TEXT_VIEW (view), paragraph, line);
  /* Highlighting, the first spelling pass and the statistics settle (on a
   * loaded machine the window may get its size only now: see
   * scroll-before-first-allocation). */
  spin (1500);
  WAIT_FOR (ui_cursor_in_view (GTK_TEXT_VIEW (view)));

  clock = gtk_widget_get_frame_clock (view);
  g_signal_connect (clock, "after-paint", G_CALLBACK (count_paint), &paints);
  watched_prefix = g_strndup (paragraph, 40);
  watched_line = line;
  g_signal_connect (buffer, "apply-tag", G_CALLBACK (count_tag_change), NULL);
  g_signal_connect (buffer, "remove-tag", G_CALLBACK (count_tag_change), NULL);

  for (guint i = 0; i < 12; i++)
    {
      guint before = paints;

      watched_layouts = 0;
      tag_changes = 0;
      /* What a key press does: the view's insert-at-cursor keybinding. */
      g_signal_emit_by_name (view, "insert-at-cursor", i % 4 == 3 ? " " : "e");
      WAIT_FOR (paints > before);
      /* The idle work after the frame: the input method's cursor spot,
       * spelling. */
      spin (60);
      g_test_message ("keystroke %u: %u layouts of the paragraph, %u tag changes on it",
                      i, watched_layouts, tag_changes);
      /* A word judged misspelled (or no longer) when a space ends it: its
       * underline changes the paragraph, which is laid out once more
       * (or not, when the underline came before the paragraph's layout). */
      g_assert_cmpuint (watched_layouts, >=, 1);
      g_assert_cmpuint (watched_layouts, <=, tag_changes > 0 ? 2 : 1);
    }

  g_clear_pointer (&watched_prefix, g_free);
  g_signal_handlers_disconnect_by_func (clock, count_paint, &paints);
  g_signal_handlers_disconnect_by_func (buffer, count_tag_change, NULL);
  ui_test_close_window (window);
  file = g_file_new_for_path (path);
  g_file_delete (file, NULL, NULL);
}

/* A scroll to the cursor asked for before the window has its size (a
 * go-to-line sent right after opening) lands on the
 * cursor once the window is shown: it was worked out for lines wrapped at
 * no width, and the lines laid out at the column's real width pushed the
 * cursor 1,800 px out of view in the open letter. */
static void
test_scroll_before_first_allocation (void)
{
  g_autofree char *paragraph = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  EpistleWindow *window;
  GtkWidget *view;
  guint line = 0;

  path = write_letter ("jump.md", &paragraph, &line);
  g_assert_cmpuint (line, >, 20);

  file = g_file_new_for_path (path);
  window = epistle_window_new (GTK_APPLICATION (app));
  epistle_window_load_file (window, file);
  WAIT_FOR (!epistle_document_get_busy (epistle_window_get_document (window)));
  view = GTK_WIDGET (epistle_window_get_view (window));
  g_assert_cmpint (gtk_widget_get_width (view), ==, 0);

  jump_into_paragraph (GTK_TEXT_VIEW (view), paragraph, line);
  gtk_window_present (GTK_WINDOW (window));
  WAIT_FOR (gtk_widget_get_width (view) > 0);
  spin (1000);
  g_assert_true (ui_cursor_in_view (GTK_TEXT_VIEW (view)));
  ui_test_close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = NULL;
  int ret;

  tmpdir = g_dir_make_tmp ("epistle-view-XXXXXX", NULL);
  data_home = g_build_filename (tmpdir, "data", NULL);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_setenv ("XDG_STATE_HOME", data_home, TRUE);

  app = ui_test_application_new (&argc, &argv);

  g_test_add_func ("/epistle/view/one-layout-per-keystroke", test_one_layout_per_keystroke);
  g_test_add_func ("/epistle/view/scroll-before-first-allocation", test_scroll_before_first_allocation);

  ret = g_test_run ();
  g_application_release (G_APPLICATION (app));
  g_clear_object (&app);
  test_remove_tree (tmpdir);   /* the letter, drafts and session */
  g_free (tmpdir);
  return ret;
}
