/* SPDX-License-Identifier: GPL-3.0-or-later
 * epistle-cli-spell.c — `epistle-cli spell`: FILE:LINE:COLUMN: WORD for each
 * misspelling, exit 1 when there are any, so it can guard a manuscript in CI. */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "epistle-cli.h"
#include "epistle-spell-checker.h"
#include "epistle-word-list.h"

typedef struct {
  EpistleSpellChecker *checker;
  const char          *display_name;
  const char          *text;
  gboolean             suggest;
  JsonBuilder         *json;       /* NULL: print lines */
  /* Where the last misspelling was, so line and column are counted in one
   * pass over the text. */
  gsize                pos;
  guint                line;       /* 1-based */
  gsize                line_start;
} SpellReport;

static void
advance_to (SpellReport *report,
            gsize        offset)
{
  const char *text = report->text;

  for (gsize i = report->pos; i < offset; i++)
    {
      if (text[i] == '\n' || (text[i] == '\r' && text[i + 1] != '\n'))
        {
          report->line++;
          report->line_start = i + 1;
        }
    }
  report->pos = offset;
}

static void
on_misspelling (const EpistleMisspelling *m,
                gpointer                  user_data)
{
  SpellReport *report = user_data;
  g_autofree char *word = g_strndup (report->text + m->offset, m->length);
  g_auto(GStrv) suggestions = NULL;
  glong column;

  advance_to (report, m->offset);
  column = g_utf8_strlen (report->text + report->line_start, m->offset - report->line_start) + 1;
  if (report->suggest)
    suggestions = epistle_spell_checker_suggest (report->checker, m->lang, word, -1);

  if (report->json != NULL)
    {
      JsonBuilder *b = report->json;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "line");
      json_builder_add_int_value (b, report->line);
      json_builder_set_member_name (b, "column");
      json_builder_add_int_value (b, column);
      json_builder_set_member_name (b, "word");
      json_builder_add_string_value (b, word);
      json_builder_set_member_name (b, "lang");
      json_builder_add_string_value (b, m->lang);
      if (suggestions != NULL)
        {
          json_builder_set_member_name (b, "suggestions");
          json_builder_begin_array (b);
          for (guint i = 0; suggestions[i] != NULL; i++)
            json_builder_add_string_value (b, suggestions[i]);
          json_builder_end_array (b);
        }
      json_builder_end_object (b);
      return;
    }

  if (suggestions != NULL && suggestions[0] != NULL)
    {
      g_autofree char *joined = g_strjoinv (", ", suggestions);
      printf ("%s:%u:%ld: %s → %s\n", report->display_name, report->line, column, word, joined);
    }
  else
    printf ("%s:%u:%ld: %s\n", report->display_name, report->line, column, word);
}

static const char *
installed_list (EpistleSpellChecker *checker,
                GString             *out)
{
  g_autoptr(GPtrArray) languages = epistle_spell_checker_list_languages (checker);

  for (guint i = 0; i < languages->len; i++)
    {
      EpistleSpellLanguage *language = g_ptr_array_index (languages, i);

      if (i > 0)
        g_string_append (out, ", ");
      g_string_append (out, language->code);
    }
  if (out->len == 0)
    g_string_append (out, _("none"));
  return out->str;
}

int
epistle_cli_spell (int    argc,
                   char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EpistleSpellChecker) checker = NULL;
  g_autoptr(EpistleWordList) extra = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autofree char *personal_path = NULL;
  g_auto(GStrv) files = NULL;
  g_autofree char *lang_option = NULL;
  g_auto(GStrv) dicts = NULL;
  gboolean json = FALSE;
  gboolean suggest = FALSE;
  guint total = 0;
  const GOptionEntry entries[] = {
    { "lang", 'l', 0, G_OPTION_ARG_STRING, &lang_option,
      N_("Check in this language (e.g. en-GB), whatever the documents say"), N_("LANG") },
    { "dict", 'd', 0, G_OPTION_ARG_FILENAME_ARRAY, &dicts,
      N_("Also accept the words in this file (one per line; may be repeated)"), N_("FILE") },
    { "suggest", 's', 0, G_OPTION_ARG_NONE, &suggest, N_("Suggest corrections"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the misspellings as JSON"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, N_("FILE…") },
    G_OPTION_ENTRY_NULL
  };

  context = g_option_context_new (NULL);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Prints FILE:LINE:COLUMN: WORD for each misspelling. A document’s "
                                  "own words (the file NAME.words beside it) and the personal "
                                  "dictionary are accepted; the language comes from --lang, else "
                                  "the document’s front matter “lang:”, else the locale. Exits "
                                  "with 1 when there are misspellings, 0 when there are none."));

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return epistle_cli_fail ("%s", error->message);
  if (files == NULL || files[0] == NULL)
    return epistle_cli_fail (_("No file given (try “--help”)"));

  checker = epistle_spell_checker_new ();
  personal_path = epistle_spell_personal_words_path ();
  if (!epistle_word_list_load (epistle_spell_checker_get_personal (checker), personal_path, &error))
    return epistle_cli_fail ("%s", error->message);

  extra = epistle_word_list_new ();
  for (guint i = 0; dicts != NULL && dicts[i] != NULL; i++)
    {
      g_autoptr(EpistleWordList) list = epistle_word_list_new ();
      g_auto(GStrv) words = NULL;

      if (!g_file_test (dicts[i], G_FILE_TEST_IS_REGULAR))
        return epistle_cli_fail (_("No word list at “%s”"), dicts[i]);
      if (!epistle_word_list_load (list, dicts[i], &error))
        return epistle_cli_fail ("%s", error->message);
      words = epistle_word_list_dup_words (list);
      for (guint j = 0; words[j] != NULL; j++)
        epistle_word_list_add (extra, words[j], -1);
    }

  if (lang_option != NULL)
    {
      g_autofree char *code = epistle_spell_checker_resolve_language (checker, lang_option);

      if (code == NULL)
        {
          g_autoptr(GString) installed = g_string_new (NULL);
          return epistle_cli_fail (_("No dictionary for “%s” (installed: %s)"),
                                   lang_option, installed_list (checker, installed));
        }
    }

  if (json)
    {
      builder = json_builder_new ();
      json_builder_begin_array (builder);
    }

  for (guint i = 0; files[i] != NULL; i++)
    {
      g_autofree char *text = NULL;
      g_autofree char *display_name = g_filename_display_name (files[i]);
      g_autofree char *front = NULL;
      g_autofree char *lang = NULL;
      g_autofree char *words_path = NULL;
      g_autoptr(EpistleWordList) document_words = epistle_word_list_new ();
      g_auto(GStrv) extra_words = NULL;
      SpellReport report = { 0 };
      gsize length = 0;

      text = epistle_cli_read_text (files[i], &length, &error);
      if (text == NULL)
        return epistle_cli_fail ("%s", error->message);

      words_path = epistle_word_list_path_for_document (files[i]);
      if (!epistle_word_list_load (document_words, words_path, &error))
        return epistle_cli_fail ("%s", error->message);
      extra_words = epistle_word_list_dup_words (extra);
      for (guint j = 0; extra_words[j] != NULL; j++)
        epistle_word_list_add (document_words, extra_words[j], -1);

      front = epistle_spell_scan_front_matter_lang (text, length);
      lang = epistle_spell_checker_choose_language (checker, lang_option != NULL ? lang_option : front, NULL, NULL);
      if (lang == NULL)
        {
          g_autoptr(GString) installed = g_string_new (NULL);
          return epistle_cli_fail (_("%s: no dictionary for its language (installed: %s)"),
                                   display_name, installed_list (checker, installed));
        }

      report.checker = checker;
      report.display_name = display_name;
      report.text = text;
      report.suggest = suggest;
      report.json = builder;
      report.line = 1;

      if (builder != NULL)
        {
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "file");
          json_builder_add_string_value (builder, display_name);
          json_builder_set_member_name (builder, "lang");
          json_builder_add_string_value (builder, lang);
          json_builder_set_member_name (builder, "misspellings");
          json_builder_begin_array (builder);
        }
      total += epistle_spell_checker_check_text (checker, lang, text, length, NULL,
                                                 document_words, NULL, on_misspelling, &report);
      if (builder != NULL)
        {
          json_builder_end_array (builder);
          json_builder_end_object (builder);
        }
    }

  if (builder != NULL)
    {
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *data = NULL;

      json_builder_end_array (builder);
      root = json_builder_get_root (builder);
      json_generator_set_root (generator, root);
      json_generator_set_pretty (generator, TRUE);
      data = json_generator_to_data (generator, NULL);
      printf ("%s\n", data);
    }

  return total > 0 ? EXIT_FINDINGS : EXIT_OK;
}
