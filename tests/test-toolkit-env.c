/* SPDX-License-Identifier: GPL-3.0-or-later
 * test-toolkit-env.c — what Epistle tells GTK before it opens the display:
 * with the cairo renderer forced, GL is never set up (no Mesa driver is
 * loaded) and windows still draw; with any other renderer, or none named,
 * GDK sets GL up as usual. GTK's settings are created with libadwaita's
 * empty stand-in theme, never with GTK's own (which libadwaita would
 * replace at once), and the environment is as it was once libadwaita
 * starts, so its style sheet applies. Each case runs in a process of its
 * own, since GDK and GTK read their environment once. */

#include "config.h"

#include <string.h>

#include "epistle-application.h"

/* Whether a Mesa GL driver is mapped into this process: GDK's GL set-up
 * loads one (libEGL_mesa through libglvnd, or GLX's); nothing else does. */
static gboolean
gl_driver_loaded (void)
{
  g_autofree char *maps = NULL;

  g_assert_true (g_file_get_contents ("/proc/self/maps", &maps, NULL, NULL));
  return strstr (maps, "libEGL_mesa") != NULL ||
         strstr (maps, "libGLX_mesa") != NULL ||
         strstr (maps, "libgallium") != NULL;
}

static void
set_or_unset (const char *name,
              const char *value)
{
  if (value != NULL)
    g_assert_true (g_setenv (name, value, TRUE));
  else
    g_unsetenv (name);
}

/* Prepares the environment as main() does, then opens the display. */
static GdkDisplay *
open_display_with (const char *renderer,
                   const char *disabled)
{
  set_or_unset ("GSK_RENDERER", renderer);
  set_or_unset ("GDK_DISABLE", disabled);
  g_assert_false (gl_driver_loaded ());
  epistle_ui_prepare_environment ();
  gtk_init ();
  return gdk_display_get_default ();
}

static void
on_after_paint (GdkFrameClock *clock,
                gpointer       data)
{
  *(guint *) data += 1;
}

/* A window with a label gets drawn: the display works without GL. */
static void
assert_window_draws (void)
{
  GtkWidget *window = gtk_window_new ();
  guint paints = 0;
  gint64 deadline;

  gtk_window_set_child (GTK_WINDOW (window), gtk_label_new ("Dear friend,"));
  gtk_window_present (GTK_WINDOW (window));
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (gtk_native_get_surface (GTK_NATIVE (window)) == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (gtk_native_get_surface (GTK_NATIVE (window)));
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint", G_CALLBACK (on_after_paint), &paints);
  gtk_widget_queue_draw (window);
  while (paints == 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (paints, >, 0);
  g_assert_true (gtk_widget_get_mapped (window));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
assert_gl_left_alone (GdkDisplay *display)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (gl_driver_loaded ());
  g_assert_false (gdk_display_prepare_gl (display, &error));
  g_assert_nonnull (error);
  assert_window_draws ();
  g_assert_false (gl_driver_loaded ());
}

static void
assert_gl_set_up (GdkDisplay *display)
{
  g_autoptr(GError) error = NULL;

  /* GDK set GL up while it opened the display, before any window. */
  g_assert_true (gl_driver_loaded ());
  g_assert_true (gdk_display_prepare_gl (display, &error));
  g_assert_no_error (error);
}

/* Runs the calling test case again in a process of its own. */
static void
run_in_subprocess (void)
{
  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* One case: the environment before, GDK_DISABLE after (NULL: unset), and
 * whether GL is to be left alone. */
typedef struct {
  const char *path;
  const char *renderer;
  const char *disabled;
  const char *expected;
  gboolean    gl_left_alone;
} Case;

static const Case cases[] = {
  { "/epistle/toolkit-env/cairo-forced", "cairo", NULL, "gl", TRUE },
  /* What the environment already disables stays disabled; gl is added once. */
  { "/epistle/toolkit-env/cairo-forced-with-other-disables", "Cairo", "vulkan", "vulkan,gl", TRUE },
  { "/epistle/toolkit-env/gl-already-disabled", "cairo", "vulkan, GL", "vulkan, GL", TRUE },
  /* GTK's own choice of renderer: GL is set up, as in any GTK application. */
  { "/epistle/toolkit-env/no-renderer-named", NULL, NULL, NULL, FALSE },
  { "/epistle/toolkit-env/gl-renderer-named", "ngl", NULL, NULL, FALSE },
};

static void
test_case (gconstpointer data)
{
  const Case *c = data;
  GdkDisplay *display;

  if (!g_test_subprocess ())
    {
      run_in_subprocess ();
      return;
    }
  display = open_display_with (c->renderer, c->disabled);
  g_assert_cmpstr (g_getenv ("GDK_DISABLE"), ==, c->expected);
  /* Preparing twice changes nothing more. */
  epistle_ui_prepare_environment ();
  g_assert_cmpstr (g_getenv ("GDK_DISABLE"), ==, c->expected);
  if (c->gl_left_alone)
    assert_gl_left_alone (display);
  else
    assert_gl_set_up (display);
}

static int
natural_height (GtkWidget *widget)
{
  int height;

  g_object_ref_sink (widget);
  gtk_widget_measure (widget, GTK_ORIENTATION_VERTICAL, -1, NULL, &height, NULL, NULL);
  g_object_unref (widget);
  return height;
}

/* A button is as tall as its label under the empty stand-in theme; any
 * real theme (GTK's own, libadwaita's) gives it padding. */
static gboolean
buttons_unstyled (void)
{
  return natural_height (gtk_button_new_with_label ("Sincerely")) ==
         natural_height (gtk_label_new ("Sincerely"));
}

/* libadwaita's style sheet is in force: its .title-1 heading is larger
 * than body text. */
static gboolean
adwaita_styles_applied (void)
{
  GtkWidget *title = gtk_label_new ("Sincerely");

  gtk_widget_add_css_class (title, "title-1");
  return natural_height (title) > natural_height (gtk_label_new ("Sincerely")) &&
         !buttons_unstyled ();
}

/* The settings GTK creates read the stand-in; the environment is restored
 * before libadwaita starts, which then styles everything. */
static void
test_theme_stand_in (void)
{
  if (!g_test_subprocess ())
    {
      run_in_subprocess ();
      return;
    }
  g_unsetenv ("GTK_THEME");
  epistle_ui_prepare_theme ();
  g_assert_cmpstr (g_getenv ("GTK_THEME"), ==, "Adwaita-empty");
  epistle_ui_settle_theme ();
  g_assert_null (g_getenv ("GTK_THEME"));
  g_assert_true (buttons_unstyled ());
  /* Settling twice changes nothing more. */
  epistle_ui_settle_theme ();
  g_assert_null (g_getenv ("GTK_THEME"));
  adw_init ();
  g_assert_true (adwaita_styles_applied ());
}

/* The same through the application, as main() starts it: its start-up
 * settles the theme before libadwaita's. */
static void
test_theme_application (void)
{
  g_autoptr(EpistleApplication) app = NULL;

  if (!g_test_subprocess ())
    {
      run_in_subprocess ();
      return;
    }
  g_unsetenv ("GTK_THEME");
  epistle_ui_prepare_theme ();
  app = epistle_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  g_assert_null (g_getenv ("GTK_THEME"));
  g_assert_true (adwaita_styles_applied ());
}

/* A theme the user names is theirs: left in the environment, and GTK's
 * settings load it. */
static void
test_theme_user_kept (void)
{
  if (!g_test_subprocess ())
    {
      run_in_subprocess ();
      return;
    }
  g_assert_true (g_setenv ("GTK_THEME", "Default", TRUE));
  epistle_ui_prepare_theme ();
  g_assert_cmpstr (g_getenv ("GTK_THEME"), ==, "Default");
  epistle_ui_settle_theme ();
  g_assert_cmpstr (g_getenv ("GTK_THEME"), ==, "Default");
  gtk_init ();
  g_assert_false (buttons_unstyled ());
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_test_add_data_func (cases[i].path, &cases[i], test_case);
  g_test_add_func ("/epistle/toolkit-env/theme-stand-in", test_theme_stand_in);
  g_test_add_func ("/epistle/toolkit-env/theme-through-application", test_theme_application);
  g_test_add_func ("/epistle/toolkit-env/theme-user-kept", test_theme_user_kept);
  return g_test_run ();
}
