/* SPDX-License-Identifier: GPL-3.0-or-later
 * epistle-cli-library.c — `epistle-cli library`: import files into the
 * quote library, search it as the pane does, export it, count it. */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "epistle-cli.h"
#include "epistle-import.h"
#include "epistle-library.h"

typedef gboolean (*ParseFunc) (const char *, gssize, EpistleImportBatch **, GError **);

/* ---- import ------------------------------------------------------------- */

static int
library_import (EpistleLibrary *library,
                char          **args,
                gboolean        json)
{
  static const struct {
    const char *name;
    ParseFunc   parse;
  } formats[] = {
    { "kindle", epistle_import_parse_kindle },
    { "csl-json", epistle_import_parse_csl_json },
    { "bibtex", epistle_import_parse_bibtex },
    { "readwise", epistle_import_parse_readwise },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(EpistleImportBatch) batch = NULL;
  g_autofree char *text = NULL;
  EpistleLibraryImportReport report = { 0, };
  ParseFunc parse = NULL;
  gboolean zotero;
  gsize length = 0;
  int status;

  if (args[0] == NULL || args[1] == NULL)
    return epistle_cli_fail (_("Usage: library import kindle|csl-json|bibtex|readwise|zotero FILE"));
  if (args[2] != NULL)
    return epistle_cli_fail (_("Only one file at a time"));
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    if (g_str_equal (args[0], formats[i].name))
      parse = formats[i].parse;
  /* Zotero's is a database, read from its path rather than as text. */
  zotero = g_str_equal (args[0], "zotero");
  if (parse == NULL && !zotero)
    return epistle_cli_fail (_("Unknown format “%s”: kindle, csl-json, bibtex, readwise or zotero"), args[0]);

  if (!zotero)
    {
      text = epistle_cli_read_text (args[1], &length, &error);
      if (text == NULL)
        return epistle_cli_fail ("%s", error->message);
    }
  if (zotero ? !epistle_import_parse_zotero (args[1], &batch, &error)
             : !parse (text, (gssize) length, &batch, &error))
    {
      g_autofree char *display = g_filename_display_name (args[1]);

      return epistle_cli_fail ("%s: %s", display, error->message);
    }
  if (!epistle_library_import (library, batch, &report, &error))
    return epistle_cli_fail ("%s", error->message);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      epistle_cli_json_string (builder, "file", args[1]);
      epistle_cli_json_string (builder, "format", args[0]);
      epistle_cli_json_int (builder, "quotes_imported", report.quotes_imported);
      epistle_cli_json_int (builder, "quotes_merged", report.quotes_merged + report.batch_merged);
      epistle_cli_json_int (builder, "quotes_already_present", report.quotes_skipped);
      epistle_cli_json_int (builder, "sources_imported", report.sources_imported);
      epistle_cli_json_int (builder, "sources_merged", report.sources_merged);
      epistle_cli_json_int (builder, "sources_already_present", report.sources_skipped);
      json_builder_set_member_name (builder, "skipped");
      json_builder_begin_array (builder);
      for (guint i = 0; i < report.skipped->len; i++)
        {
          const EpistleImportSkip *skip = &g_array_index (report.skipped, EpistleImportSkip, i);

          json_builder_begin_object (builder);
          epistle_cli_json_int (builder, "line", skip->line);
          epistle_cli_json_string (builder, "reason", skip->reason);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      epistle_cli_print_json (builder);
    }
  else
    {
      g_autofree char *display = g_filename_display_name (args[1]);

      printf (_("Imported %u quotes and %u sources; merged %u quotes and %u sources; "
                "%u quotes and %u sources were already in the library.\n"),
              report.quotes_imported, report.sources_imported,
              report.quotes_merged + report.batch_merged, report.sources_merged,
              report.quotes_skipped, report.sources_skipped);
      for (guint i = 0; i < report.skipped->len; i++)
        {
          const EpistleImportSkip *skip = &g_array_index (report.skipped, EpistleImportSkip, i);

          printf ("%s:%u: %s\n", display, skip->line, skip->reason);
        }
    }

  /* Entries left out of the file are findings, as misspellings are. */
  status = report.skipped->len > 0 ? EXIT_FINDINGS : EXIT_OK;
  epistle_library_import_report_clear (&report);
  return status;
}

/* ---- search ------------------------------------------------------------- */

static char *
one_line (const char *text,
          glong       max_chars)
{
  g_autofree char *flat = g_strdup (text);
  GString *out = g_string_new (NULL);
  glong n = 0;

  g_strdelimit (flat, "\r\n\t", ' ');
  for (const char *p = flat; *p != '\0' && n < max_chars; p = g_utf8_next_char (p), n++)
    g_string_append_unichar (out, g_utf8_get_char (p));
  if (g_utf8_strlen (flat, -1) > max_chars)
    g_string_append (out, "…");
  return g_string_free (out, FALSE);
}

static int
library_search (EpistleLibrary *library,
                char          **args,
                int             limit,
                gboolean        json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autofree char *query = NULL;
  gint64 total;

  if (args[0] == NULL)
    return epistle_cli_fail (_("No query given (try “--help”)"));
  if (limit < 0)
    return epistle_cli_fail (_("The limit cannot be negative"));
  query = g_strjoinv (" ", args);

  results = epistle_library_search (library, query, NULL, (guint) limit, 0, EPISTLE_LIBRARY_SEARCH_NONE, &error);
  if (results == NULL)
    return epistle_cli_fail ("%s", error->message);
  total = epistle_library_count (library, query, NULL, &error);
  if (total < 0)
    return epistle_cli_fail ("%s", error->message);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      epistle_cli_json_string (builder, "query", query);
      epistle_cli_json_int (builder, "total", total);
      json_builder_set_member_name (builder, "results");
      json_builder_begin_array (builder);
      for (guint i = 0; i < results->len; i++)
        {
          EpistleLibraryQuote *quote = g_ptr_array_index (results, i);

          json_builder_begin_object (builder);
          epistle_cli_json_int (builder, "id", quote->id);
          epistle_cli_json_string (builder, "text", quote->text);
          epistle_cli_json_string (builder, "author", quote->author);
          epistle_cli_json_string (builder, "title", quote->title);
          json_builder_set_member_name (builder, "year");
          if (quote->year != 0)
            json_builder_add_int_value (builder, quote->year);
          else
            json_builder_add_null_value (builder);
          epistle_cli_json_string (builder, "locator", quote->locator);
          epistle_cli_json_string (builder, "locator_label", quote->locator_label);
          epistle_cli_json_string (builder, "note", quote->note);
          json_builder_set_member_name (builder, "tags");
          json_builder_begin_array (builder);
          for (guint t = 0; quote->tags[t] != NULL; t++)
            json_builder_add_string_value (builder, quote->tags[t]);
          json_builder_end_array (builder);
          epistle_cli_json_int (builder, "use_count", quote->use_count);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      epistle_cli_print_json (builder);
      return EXIT_OK;
    }

  for (guint i = 0; i < results->len; i++)
    {
      EpistleLibraryQuote *quote = g_ptr_array_index (results, i);
      g_autofree char *text = one_line (quote->text, 100);
      g_autoptr(GString) where = g_string_new (NULL);

      if (quote->author != NULL)
        g_string_append (where, quote->author);
      if (quote->title != NULL)
        g_string_append_printf (where, "%s%s", where->len > 0 ? ", " : "", quote->title);
      if (quote->year != 0)
        g_string_append_printf (where, " (%d)", quote->year);
      if (quote->locator != NULL)
        g_string_append_printf (where, ", %s %s",
                                quote->locator_label != NULL ? quote->locator_label : "page",
                                quote->locator);
      printf ("%" G_GINT64_FORMAT "\t%s%s%s\n", quote->id, text,
              where->len > 0 ? " — " : "", where->str);
    }
  return EXIT_OK;
}

/* ---- export ------------------------------------------------------------- */

static int
library_export (EpistleLibrary *library,
                char          **args,
                gboolean        json)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;

  if (args[0] == NULL)
    return epistle_cli_fail (_("Usage: library export csl-json|markdown [OUT]"));
  if (args[1] != NULL && args[2] != NULL)
    return epistle_cli_fail (_("Only one output file"));
  if (g_str_equal (args[0], "csl-json"))
    out = epistle_library_export_csl_json (library, &error);
  else if (g_str_equal (args[0], "markdown"))
    out = epistle_library_export_markdown (library, &error);
  else
    return epistle_cli_fail (_("Unknown export format “%s”: csl-json or markdown"), args[0]);
  if (out == NULL)
    return epistle_cli_fail ("%s", error->message);

  if (args[1] == NULL)
    {
      if (json && g_str_equal (args[0], "markdown"))
        {
          g_autoptr(JsonBuilder) builder = json_builder_new ();

          json_builder_begin_object (builder);
          epistle_cli_json_string (builder, "markdown", out);
          json_builder_end_object (builder);
          epistle_cli_print_json (builder);
        }
      else
        {
          fputs (out, stdout);
          if (*out != '\0' && !g_str_has_suffix (out, "\n"))
            fputc ('\n', stdout);
        }
      return EXIT_OK;
    }

  if (!g_file_set_contents (args[1], out, -1, &error))
    return epistle_cli_fail ("%s", error->message);
  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      epistle_cli_json_string (builder, "file", args[1]);
      epistle_cli_json_string (builder, "format", args[0]);
      epistle_cli_json_int (builder, "bytes", (gint64) strlen (out));
      json_builder_end_object (builder);
      epistle_cli_print_json (builder);
    }
  return EXIT_OK;
}

/* ---- stats -------------------------------------------------------------- */

static int
library_stats (EpistleLibrary *library,
               char          **args,
               gboolean        json)
{
  g_autoptr(GError) error = NULL;
  EpistleLibraryStats stats;

  if (args[0] != NULL)
    return epistle_cli_fail (_("“stats” takes no argument"));
  if (!epistle_library_get_stats (library, &stats, &error))
    return epistle_cli_fail ("%s", error->message);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      epistle_cli_json_string (builder, "database", epistle_library_get_path (library));
      epistle_cli_json_int (builder, "quotes", stats.quotes);
      epistle_cli_json_int (builder, "sources", stats.sources);
      epistle_cli_json_int (builder, "tags", stats.tags);
      epistle_cli_json_int (builder, "size_bytes", stats.size_bytes);
      epistle_cli_json_int (builder, "schema_version", epistle_library_get_schema_version (library));
      json_builder_end_object (builder);
      epistle_cli_print_json (builder);
    }
  else
    {
      g_autofree char *size = g_format_size ((guint64) stats.size_bytes);
      g_autofree char *display = g_filename_display_name (epistle_library_get_path (library));

      printf ("%s %s\n", _("Database:"), display);
      printf ("%s %" G_GINT64_FORMAT "\n", _("Quotes:  "), stats.quotes);
      printf ("%s %" G_GINT64_FORMAT "\n", _("Sources: "), stats.sources);
      printf ("%s %" G_GINT64_FORMAT "\n", _("Tags:    "), stats.tags);
      printf ("%s %s\n", _("Size:    "), size);
    }
  return EXIT_OK;
}

/* ---- dispatch ----------------------------------------------------------- */

int
epistle_cli_library (int    argc,
                     char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EpistleLibrary) library = NULL;
  g_autofree char *db = NULL;
  g_autofree char *moved = NULL;
  g_auto(GStrv) rest = NULL;
  gboolean json = FALSE;
  int limit = 20;
  const char *command;
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, N_("The library database (default: $EPISTLE_LIBRARY, or the user’s)"), N_("PATH") },
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, N_("search: at most N results (default 20, 0 for all)"), "N" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the result as JSON"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &rest, NULL, N_("COMMAND [ARGUMENT…]") },
    G_OPTION_ENTRY_NULL
  };

  context = g_option_context_new (NULL);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("The quote library.  Commands:\n"
                                  "  import kindle|csl-json|bibtex|readwise|zotero FILE\n"
                                  "  search [--limit N] QUERY\n"
                                  "  export csl-json|markdown [OUT]\n"
                                  "  stats"));

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return epistle_cli_fail ("%s", error->message);
  if (rest == NULL || rest[0] == NULL)
    return epistle_cli_fail (_("No library command given (try “--help”)"));
  command = rest[0];
  if (!g_str_equal (command, "import") && !g_str_equal (command, "search") &&
      !g_str_equal (command, "export") && !g_str_equal (command, "stats"))
    return epistle_cli_fail (_("Unknown library command “%s” (try “--help”)"), command);
  library = epistle_library_open (db, 0, &moved, &error);
  if (library == NULL)
    return epistle_cli_fail ("%s", error->message);
  if (moved != NULL)
    {
      g_autofree char *display = g_filename_display_name (moved);

      /* Not an error: a fresh library is open.  The user must know. */
      fprintf (stderr, "%s: %s\n", g_get_prgname (),
               _("the library was damaged and has been moved aside; a new one was started"));
      fprintf (stderr, "%s: %s %s\n", g_get_prgname (), _("the damaged file is"), display);
    }

  if (g_str_equal (command, "import"))
    return library_import (library, rest + 1, json);
  if (g_str_equal (command, "search"))
    return library_search (library, rest + 1, limit, json);
  if (g_str_equal (command, "export"))
    return library_export (library, rest + 1, json);
  return library_stats (library, rest + 1, json);
}
