/* SPDX-License-Identifier: GPL-3.0-or-later
 * epistle-cli-outline.c — `epistle-cli outline`: the outline of a document
 * (headings, BOOK/CHAPTER divisions, a letter's parts) as an indented list,
 * or as JSON for scripts. */

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "epistle-cli.h"
#include "epistle-outline.h"

int
epistle_cli_outline (int    argc,
                     char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EpistleOutline) outline = NULL;
  g_auto(GStrv) files = NULL;
  g_autofree char *text = NULL;
  g_autofree char *out = NULL;
  gboolean json = FALSE;
  gsize length = 0;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the outline as JSON"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, N_("FILE") },
    G_OPTION_ENTRY_NULL
  };

  context = g_option_context_new (NULL);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Prints the outline of a document: Markdown headings, "
                                  "divisions like BOOK ONE or CHAPTER XII, and a letter’s "
                                  "title, salutation, quotations, closing and postscript, "
                                  "each with its line and the words of its section."));

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return epistle_cli_fail ("%s", error->message);

  if (files == NULL || files[0] == NULL)
    return epistle_cli_fail (_("No file given (try “--help”)"));
  if (files[1] != NULL)
    return epistle_cli_fail (_("Only one file at a time, got %u"), g_strv_length (files));

  text = epistle_cli_read_text (files[0], &length, &error);
  if (text == NULL)
    return epistle_cli_fail ("%s", error->message);

  outline = epistle_outline_new ();
  epistle_outline_set_text (outline, text, (gssize) length);

  out = json ? epistle_outline_to_json (outline) : epistle_outline_to_text (outline);
  fputs (out, stdout);

  return EXIT_OK;
}
