/* SPDX-License-Identifier: GPL-3.0-or-later
 * epistle-cli.c — the command-line face of the engine: a table of
 * subcommands (stats; spell, outline, library and history in their own
 * files). */

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "epistle-encoding.h"
#include "epistle-text.h"

#include "epistle-cli.h"

typedef int (*CommandFunc) (int    argc,
                            char **argv);

typedef struct {
  const char  *name;
  const char  *summary;    /* marked with N_(), translated when shown */
  CommandFunc  run;
} Command;

static int cmd_stats (int    argc,
                      char **argv);

/* Add a row here for each new subcommand; dispatch, the command list in
 * --help and per-command help come with it. */
static const Command commands[] = {
  { "stats", N_("Count words, characters, paragraphs and reading time"), cmd_stats },
  { "spell", N_("Check the spelling of documents"), epistle_cli_spell },
  { "outline", N_("Print the outline of a document"), epistle_cli_outline },
  { "library", N_("Import, search and export the quote library"), epistle_cli_library },
  { "history", N_("List, compare, restore and sync the versions of a document"), epistle_cli_history },
};

int
epistle_cli_fail (const char *format,
                  ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_strdelimit (message, "\r\n", ' ');
  g_strchomp (message);
  fprintf (stderr, "%s: %s\n", g_get_prgname (), message);

  return EXIT_ERROR;
}

/* --------------------------------------------------------------------------
 * stats
 * ------------------------------------------------------------------------ */

char *
epistle_cli_read_text (const char  *path,
                       gsize       *length,
                       GError     **error)
{
  g_autofree char *contents = NULL;
  gsize size = 0;
  EpistleTextFormat format;
  char *text;

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_ISDIR,
                   _("“%s” is a folder, not a file"), display);
      return NULL;
    }

  if (!g_file_get_contents (path, &contents, &size, error))
    return NULL;

  text = epistle_decode ((const guint8 *) contents, size, &format, length, error);
  if (text == NULL)
    {
      g_autofree char *display = g_filename_display_name (path);

      /* Name the file: the decoder's message does not. */
      g_prefix_error (error, "%s: ", display);
      return NULL;
    }

  epistle_text_format_clear (&format);
  return text;
}

void
epistle_cli_print_json (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autofree char *json = NULL;

  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json = json_generator_to_data (generator, NULL);
  printf ("%s\n", json);
}

void
epistle_cli_json_int (JsonBuilder *builder,
                      const char  *name,
                      gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

void
epistle_cli_json_string (JsonBuilder *builder,
                         const char  *name,
                         const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
print_stats_json (const char             *display_name,
                  const EpistleTextStats *stats,
                  guint                   minutes)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *json = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "file");
  json_builder_add_string_value (builder, display_name);
  /* JSON numbers are doubles: exact up to 2^53 words, far beyond any book. */
  json_builder_set_member_name (builder, "words");
  json_builder_add_int_value (builder, (gint64) stats->words);
  json_builder_set_member_name (builder, "characters");
  json_builder_add_int_value (builder, (gint64) stats->characters);
  json_builder_set_member_name (builder, "characters_no_spaces");
  json_builder_add_int_value (builder, (gint64) stats->characters_no_spaces);
  json_builder_set_member_name (builder, "paragraphs");
  json_builder_add_int_value (builder, (gint64) stats->paragraphs);
  json_builder_set_member_name (builder, "lines");
  json_builder_add_int_value (builder, (gint64) stats->lines);
  json_builder_set_member_name (builder, "reading_minutes");
  json_builder_add_int_value (builder, minutes);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json = json_generator_to_data (generator, NULL);

  printf ("%s\n", json);
}

static void
print_stats_text (const char             *display_name,
                  const EpistleTextStats *stats,
                  guint                   minutes)
{
  g_autofree char *words = g_strdup_printf ("%" G_GUINT64_FORMAT, stats->words);
  g_autofree char *characters = g_strdup_printf ("%" G_GUINT64_FORMAT, stats->characters);
  g_autofree char *no_spaces = g_strdup_printf ("%" G_GUINT64_FORMAT, stats->characters_no_spaces);
  g_autofree char *paragraphs = g_strdup_printf ("%" G_GUINT64_FORMAT, stats->paragraphs);
  g_autofree char *lines = g_strdup_printf ("%" G_GUINT64_FORMAT, stats->lines);
  g_autofree char *reading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                           "%u minute", "%u minutes",
                                                           minutes),
                                              minutes);
  const struct {
    const char *label;
    const char *value;
  } rows[] = {
    { _("File:"), display_name },
    { _("Words:"), words },
    { _("Characters:"), characters },
    { _("Characters without spaces:"), no_spaces },
    { _("Paragraphs:"), paragraphs },
    { _("Lines:"), lines },
    { _("Reading time:"), reading },
  };
  glong width = 0;

  /* Pad by characters, not bytes, so translated labels line up too. */
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    width = MAX (width, g_utf8_strlen (rows[i].label, -1));

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      glong pad = width - g_utf8_strlen (rows[i].label, -1);

      printf ("%s%*s %s\n", rows[i].label, (int) pad, "", rows[i].value);
    }
}

static int
cmd_stats (int    argc,
           char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) files = NULL;
  g_autofree char *text = NULL;
  g_autofree char *display_name = NULL;
  g_autofree char *summary = NULL;
  gboolean json = FALSE;
  EpistleTextStats stats;
  gsize length = 0;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the figures as JSON"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, N_("FILE") },
    G_OPTION_ENTRY_NULL
  };

  context = g_option_context_new (NULL);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  summary = g_strdup_printf (_("Counts the words, characters, paragraphs and lines of a "
                               "document, and its reading time at %d words a minute, "
                               "as the status bar does."),
                             EPISTLE_READING_WORDS_PER_MINUTE);
  g_option_context_set_summary (context, summary);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return epistle_cli_fail ("%s", error->message);

  if (files == NULL || files[0] == NULL)
    return epistle_cli_fail (_("No file given (try “--help”)"));
  if (files[1] != NULL)
    return epistle_cli_fail (_("Only one file at a time, got %u"), g_strv_length (files));

  display_name = g_filename_display_name (files[0]);

  text = epistle_cli_read_text (files[0], &length, &error);
  if (text == NULL)
    return epistle_cli_fail ("%s", error->message);

  epistle_text_stats_compute (text, length, &stats);

  if (json)
    print_stats_json (display_name, &stats, epistle_text_reading_minutes (stats.words));
  else
    print_stats_text (display_name, &stats, epistle_text_reading_minutes (stats.words));

  return EXIT_OK;
}

/* --------------------------------------------------------------------------
 * Dispatch
 * ------------------------------------------------------------------------ */

static void
print_usage (FILE *stream)
{
  int width = 0;

  fprintf (stream, "%s\n  %s\n\n", _("Usage:"), _("epistle-cli COMMAND [OPTION…] [ARGUMENT…]"));
  fprintf (stream, "%s\n", _("Commands:"));

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    width = MAX (width, (int) strlen (commands[i].name));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (stream, "  %-*s  %s\n", width, commands[i].name, _(commands[i].summary));

  fprintf (stream, "\n%s\n", _("Options:"));
  fprintf (stream, "  %-13s  %s\n", "-h, --help", _("Show this help"));
  fprintf (stream, "  %-13s  %s\n", "--version", _("Show the version"));
  fprintf (stream, "\n%s\n", _("Run “epistle-cli COMMAND --help” for the options of a command."));
}

int
main (int   argc,
      char *argv[])
{
  const char *name;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (argc < 2)
    {
      g_set_prgname ("epistle-cli");
      return epistle_cli_fail (_("No command given (try “--help”)"));
    }

  name = argv[1];

  if (g_str_equal (name, "--help") || g_str_equal (name, "-h") || g_str_equal (name, "help"))
    {
      g_set_prgname ("epistle-cli");
      print_usage (stdout);
      return EXIT_OK;
    }

  if (g_str_equal (name, "--version"))
    {
      printf ("epistle-cli %s\n", PACKAGE_VERSION);
      return EXIT_OK;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (g_str_equal (name, commands[i].name))
        {
          g_autofree char *prgname = g_strconcat ("epistle-cli ", commands[i].name, NULL);

          /* The command's own help and errors then read
           * "epistle-cli stats …"; argv[1] stands in for argv[0]. */
          g_set_prgname (prgname);
          return commands[i].run (argc - 1, argv + 1);
        }
    }

  g_set_prgname ("epistle-cli");
  if (name[0] == '-')
    return epistle_cli_fail (_("Unknown option “%s” (try “--help”)"), name);
  else
    return epistle_cli_fail (_("Unknown command “%s” (try “--help”)"), name);
}
