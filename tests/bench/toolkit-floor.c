/* SPDX-License-Identifier: GPL-3.0-or-later
 * toolkit-floor.c — the least a GNOME 48 editor can do before its text
 * shows, for the start-up benchmark to set beside Epistle and GNOME Text
 * Editor: a unique AdwApplication that opens the file it is given into a
 * GtkSourceView (Epistle's window size, word wrap) under a header bar, and
 * nothing else — no settings, no recovery, no panes, no spelling.  It reads
 * the file on the main loop before the window is shown, so its first frame
 * already holds the text.
 *
 * Usage: toolkit-floor FILE */

#include <adwaita.h>
#include <gtksourceview/gtksource.h>

static void
floor_open (GApplication  *app,
            GFile        **files,
            int            n_files,
            const char    *hint)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gsize length = 0;
  GtkWidget *window, *toolbar, *scroller, *view;

  if (!g_file_load_contents (files[0], NULL, &text, &length, NULL, &error))
    {
      g_printerr ("toolkit-floor: %s\n", error->message);
      return;
    }

  window = adw_application_window_new (GTK_APPLICATION (app));
  toolbar = adw_toolbar_view_new ();
  scroller = gtk_scrolled_window_new ();
  view = gtk_source_view_new ();

  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), text, (int) length);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), view);
  adw_toolbar_view_add_top_bar (ADW_TOOLBAR_VIEW (toolbar), adw_header_bar_new ());
  adw_toolbar_view_set_content (ADW_TOOLBAR_VIEW (toolbar), scroller);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), toolbar);
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 800);
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AdwApplication) app = NULL;

  if (argc != 2)
    {
      g_printerr ("usage: toolkit-floor FILE\n");
      return 2;
    }

  /* What Epistle's main() does (epistle_ui_prepare_environment()): with
   * the cairo renderer forced, GDK need not set GL up. */
  if (g_strcmp0 (g_getenv ("GSK_RENDERER"), "cairo") == 0 && g_getenv ("GDK_DISABLE") == NULL)
    g_setenv ("GDK_DISABLE", "gl", TRUE);
  /* And what its start-up does (epistle_ui_prepare_theme() and
   * epistle_ui_settle_theme()): GTK's settings are made with libadwaita's
   * empty stand-in theme, so GTK's own, which libadwaita would replace at
   * once, is never parsed. */
  if (g_getenv ("GTK_THEME") == NULL)
    {
      g_setenv ("GTK_THEME", "Adwaita-empty", TRUE);
      if (gtk_init_check ())
        gtk_settings_get_default ();
      g_unsetenv ("GTK_THEME");
    }

  app = adw_application_new ("org.epistle.ToolkitFloor", G_APPLICATION_HANDLES_OPEN);
  g_signal_connect (app, "open", G_CALLBACK (floor_open), NULL);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
