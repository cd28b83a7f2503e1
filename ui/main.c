/* SPDX-License-Identifier: GPL-3.0-or-later
 * main.c — starts Epistle: translations, what GTK is told before it opens
 * the display, then the application. */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "epistle-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(EpistleApplication) app = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  epistle_ui_prepare_environment ();
  epistle_ui_prepare_theme ();

  app = epistle_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
