/* SPDX-License-Identifier: GPL-3.0-or-later
 * test-spell.c — the spell checker with word dictionaries (no files): the
 * cache, the user's word lists, apostrophes, compounds, languages; and the
 * real hunspell dictionaries on the open letter. */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "epistle-spell-checker.h"
#include "epistle-word-list.h"

static const char * const english[] = {
  "the", "a", "well", "known", "ready", "made", "summit", "country", "country's",
  "don't", "letter", "dear", "friend", "Paris", "US", "is", "and", "in", "of",
  "written", "word", "words", "this", "that", "hello", "world", "colour", NULL
};
static const char * const german[] = { "guten", "tag", "und", "welt", NULL };

static EpistleSpellChecker *
make_checker (void)
{
  EpistleSpellChecker *checker = epistle_spell_checker_new_without_enchant ();

  epistle_spell_checker_add_word_dictionary (checker, "en_US", english);
  epistle_spell_checker_add_word_dictionary (checker, "de_DE", german);
  return checker;
}

static void
collect (const EpistleMisspelling *m,
         gpointer                  user_data)
{
  GPtrArray *out = user_data;
  const char *text = g_ptr_array_index (out, 0);

  g_ptr_array_add (out, g_strdup_printf ("%.*s@%" G_GSIZE_FORMAT "/%s",
                                         (int) m->length, text + m->offset, m->offset, m->lang));
}

/* The misspellings of @text as "word@offset/lang", joined with spaces. */
static char *
misspellings (EpistleSpellChecker *checker,
              const char          *lang,
              const char          *text,
              EpistleWordList     *document_words,
              EpistleWordList     *ignored)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new ();
  g_autoptr(GString) joined = g_string_new (NULL);
  guint count;

  g_ptr_array_add (out, (gpointer) text);
  count = epistle_spell_checker_check_text (checker, lang, text, -1, NULL, document_words, ignored, collect, out);
  g_assert_cmpuint (count, ==, out->len - 1);
  for (guint i = 1; i < out->len; i++)
    {
      char *item = g_ptr_array_index (out, i);

      if (joined->len > 0)
        g_string_append_c (joined, ' ');
      g_string_append (joined, item);
      g_free (item);
    }
  return g_string_free (g_steal_pointer (&joined), FALSE);
}

static void
test_basic (void)
{
  g_autoptr(EpistleSpellChecker) checker = make_checker ();
  g_autofree char *found = misspellings (checker, "en_US", "Dear friend, the leter is writen.", NULL, NULL);

  g_assert_cmpstr (found, ==, "leter@17/en_US writen@26/en_US");
  g_assert_true (epistle_spell_checker_check_word (checker, "en-US", "DEAR", -1, NULL, NULL));
  g_assert_true (epistle_spell_checker_check_word (checker, "en_US", "Paris", -1, NULL, NULL));
  g_assert_false (epistle_spell_checker_check_word (checker, "en_US", "paris", -1, NULL, NULL));
}

static void
test_cache (void)
{
  g_autoptr(EpistleSpellChecker) checker = make_checker ();
  g_autofree char *found = NULL;
  guint64 first;

  found = misspellings (checker, "en_US", "the the the word words wordz wordz the", NULL, NULL);
  g_assert_cmpstr (found, ==, "wordz@23/en_US wordz@29/en_US");
  /* Four distinct words: four lookups, not eight. */
  first = epistle_spell_checker_get_lookups (checker, "en_US");
  g_assert_cmpuint (first, ==, 4);
  g_clear_pointer (&found, g_free);
  found = misspellings (checker, "en_US", "wordz the words", NULL, NULL);
  g_assert_cmpuint (epistle_spell_checker_get_lookups (checker, "en_US"), ==, first);
}

static void
test_apostrophes (void)
{
  g_autoptr(EpistleSpellChecker) checker = make_checker ();
  g_autofree char *found = NULL;

  /* The dictionary knows only the straight forms. */
  found = misspellings (checker, "en_US", "don’t don't country’s country's Paris’s friend’s frend’s", NULL, NULL);
  g_assert_cmpstr (found, ==, "frend’s@57/en_US");
}

static void
test_compounds (void)
{
  g_autoptr(EpistleSpellChecker) checker = make_checker ();
  g_autofree char *found = NULL;

  found = misspellings (checker, "en_US", "well-known ready-made DPRK-US summit well-knwon", NULL, NULL);
  g_assert_cmpstr (found, ==, "DPRK@22/en_US knwon@42/en_US");
}

static void
test_skipped (void)
{
  g_autoptr(EpistleSpellChecker) checker = make_checker ();
  g_autofree char *found = NULL;

  /* Numbers, ordinals, words with digits, URLs, e-mail, paths, single
   * letters, code spans. */
  found = misspellings (checker, "en_US",
                        "the 1968 20th mp3 https://exmple.org/xyzzy me@exmple.org /usr/shre/qq x `codde` and/orr",
                        NULL, NULL);
  g_assert_cmpstr (found, ==, "orr@84/en_US");
}

static void
test_word_lists (void)
{
  g_autoptr(EpistleSpellChecker) checker = make_checker ();
  g_autoptr(EpistleWordList) doc = epistle_word_list_new ();
  g_autoptr(EpistleWordList) ignored = epistle_word_list_new ();
  const char *text = "Juche and Rodman and Luxemburg’s summit";
  g_autofree char *before = misspellings (checker, "en_US", text, NULL, NULL);
  g_autofree char *after = NULL;
  g_autofree char *other = NULL;

  g_assert_cmpstr (before, ==, "Juche@0/en_US Rodman@10/en_US Luxemburg’s@21/en_US");

  epistle_word_list_add (doc, "Juche", -1);
  epistle_word_list_add (ignored, "Rodman", -1);
  epistle_word_list_add (epistle_spell_checker_get_personal (checker), "Luxemburg", -1);
  after = misspellings (checker, "en_US", text, doc, ignored);
  g_assert_cmpstr (after, ==, "");

  /* Another document with its own (empty) lists still flags the words
   * that were only this document's or this session's. */
  other = misspellings (checker, "en_US", text, NULL, NULL);
  g_assert_cmpstr (other, ==, "Juche@0/en_US Rodman@10/en_US");
}

static void
test_word_list_file (void)
{
  g_autoptr(EpistleWordList) list = epistle_word_list_new ();
  g_autoptr(EpistleWordList) again = epistle_word_list_new ();
  g_autofree char *dir = g_dir_make_tmp ("epistle-words-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "letter.md.words", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) words = NULL;

  /* Nothing to save and no file: no file appears. */
  g_assert_true (epistle_word_list_save (list, path, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  g_assert_true (epistle_word_list_add (list, "Rodman", -1));
  g_assert_true (epistle_word_list_add (list, "Juche", -1));
  g_assert_true (epistle_word_list_add (list, "Luxemburg’s", -1));
  g_assert_false (epistle_word_list_add (list, "Juche", -1));
  g_assert_false (epistle_word_list_add (list, "Luxemburg's", -1));
  g_assert_true (epistle_word_list_save (list, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "Juche\nLuxemburg’s\nRodman\n");

  g_assert_true (epistle_word_list_load (again, path, &error));
  g_assert_no_error (error);
  words = epistle_word_list_dup_words (again);
  g_assert_cmpuint (g_strv_length (words), ==, 3);
  g_assert_true (epistle_word_list_contains (again, "Luxemburg's", -1));
  g_assert_true (epistle_word_list_remove (again, "Rodman", -1));
  g_assert_false (epistle_word_list_contains (again, "Rodman", -1));

  /* A missing file is an empty list; a binary one is an error. */
  g_assert_true (g_file_set_contents (path, "ab\xff\xfe", 4, NULL));
  g_assert_false (epistle_word_list_load (again, path, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_unlink (path);
  g_assert_true (epistle_word_list_load (again, path, &error));
  g_assert_cmpuint (epistle_word_list_get_size (again), ==, 0);
  g_rmdir (dir);

  {
    g_autofree char *p = epistle_word_list_path_for_document ("/home/a/letter.md");
    g_assert_cmpstr (p, ==, "/home/a/letter.md.words");
  }
}

static void
test_languages (void)
{
  g_autoptr(EpistleSpellChecker) checker = make_checker ();
  g_autoptr(GPtrArray) languages = epistle_spell_checker_list_languages (checker);
  g_autofree char *a = NULL, *b = NULL, *c = NULL, *d = NULL, *e = NULL;
  g_autofree char *en_gb = epistle_spell_language_name ("en-GB");
  g_autofree char *de = epistle_spell_language_name ("de");
  g_autofree char *unknown = epistle_spell_language_name ("xx_YY");

  g_assert_cmpuint (languages->len, ==, 2);
  g_assert_cmpstr (((EpistleSpellLanguage *) g_ptr_array_index (languages, 0))->name, ==, "English (United States)");
  g_assert_cmpstr (((EpistleSpellLanguage *) g_ptr_array_index (languages, 1))->name, ==, "German (Germany)");
  g_assert_cmpstr (en_gb, ==, "English (United Kingdom)");
  g_assert_cmpstr (de, ==, "German");
  g_assert_cmpstr (unknown, ==, "xx_YY");

  a = epistle_spell_checker_resolve_language (checker, "en");
  b = epistle_spell_checker_resolve_language (checker, "en-GB");   /* not installed: another English */
  c = epistle_spell_checker_resolve_language (checker, "de_DE.UTF-8");
  d = epistle_spell_checker_resolve_language (checker, "fr");
  g_assert_cmpstr (a, ==, "en_US");
  g_assert_cmpstr (b, ==, "en_US");
  g_assert_cmpstr (c, ==, "de_DE");
  g_assert_null (d);

  /* Front matter first, then the remembered choice, then the preference. */
  e = epistle_spell_checker_choose_language (checker, "de", "en_US", "en_US");
  g_assert_cmpstr (e, ==, "de_DE");
  g_free (e);
  e = epistle_spell_checker_choose_language (checker, NULL, "fr", "de-DE");
  g_assert_cmpstr (e, ==, "de_DE");
}

static void
test_spans (void)
{
  g_autoptr(EpistleSpellChecker) checker = make_checker ();
  g_autofree char *found = NULL;

  found = misspellings (checker, "en_US",
                        "Hello [Guten Tag]{lang=de} world. [Bonjour]{lang=fr} Tagg\n"
                        "::: {lang=de}\nGuten Welt und Tagg\n:::\nthe welt\n",
                        NULL, NULL);
  /* German words pass in the German span and div; French has no
   * dictionary, so it is left alone; "Tagg" is wrong in both languages and
   * "welt" is not English. */
  g_assert_cmpstr (found, ==, "Tagg@53/en_US Tagg@87/de_DE welt@100/en_US");
}

static void
test_abbreviation (void)
{
  g_autoptr(EpistleSpellChecker) checker = epistle_spell_checker_new_without_enchant ();
  static const char * const words[] = { "etc.", "and", "so", "on", NULL };
  g_autofree char *found = NULL;

  epistle_spell_checker_add_word_dictionary (checker, "en_GB", words);
  /* “etc.” is listed with its period; “etc” alone is not a word. */
  found = misspellings (checker, "en_GB", "and so on, etc. and etc", NULL, NULL);
  g_assert_cmpstr (found, ==, "etc@20/en_GB");
}

static void
test_suggest (void)
{
  g_autoptr(EpistleSpellChecker) checker = make_checker ();
  g_auto(GStrv) suggestions = epistle_spell_checker_suggest (checker, "en_US", "wrod", -1);
  g_auto(GStrv) none = epistle_spell_checker_suggest (checker, "en_US", "qqqqqqqq", -1);

  g_assert_nonnull (suggestions);
  g_assert_cmpstr (suggestions[0], ==, "word");
  g_assert_cmpuint (g_strv_length (suggestions), <=, EPISTLE_SPELL_MAX_SUGGESTIONS);
  g_assert_nonnull (none);
  g_assert_null (none[0]);
}

static void
test_threads_worker (gpointer data,
                     gpointer user_data)
{
  EpistleSpellChecker *checker = user_data;
  g_autofree char *found = misspellings (checker, "en_US", "the leter of the wordz is well-known", NULL, NULL);

  g_assert_cmpstr (found, ==, "leter@4/en_US wordz@17/en_US");
}

static void
test_threads (void)
{
  g_autoptr(EpistleSpellChecker) checker = make_checker ();
  GThreadPool *pool = g_thread_pool_new (test_threads_worker, checker, 4, FALSE, NULL);

  for (guint i = 0; i < 64; i++)
    g_thread_pool_push (pool, GUINT_TO_POINTER (i + 1), NULL);
  g_thread_pool_free (pool, FALSE, TRUE);
}

static void
count_word (const EpistleMisspelling *m,
            gpointer                  user_data)
{
  GHashTable *counts = user_data;
  const char *text = g_hash_table_lookup (counts, "");
  char *word = g_strndup (text + m->offset, m->length);

  g_hash_table_insert (counts, word, GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts, word)) + 1));
}

/* The open letter with the real en_US hunspell dictionary.  The list was
 * made by reading the letter: the names hunspell does not know (Kim Jong
 * Un's and Kim Jong Il's, Juche, Rodman, Luxemburg, Lin Biao, Mao
 * Tse-tung), the DPRK, two derived words it lacks (Stalinization,
 * Stalinists), lower-case “utopian”, and the author's slip “untrampled”.
 * Not on it: country’s and the other ’s forms of known words, well-known
 * compounds (“DPRK-US” flags only DPRK), numbers, years and “20th”. */
static void
test_open_letter (void)
{
  static const struct { const char *word; guint count; } expected[] = {
    { "Biao", 1 }, { "Biao’s", 1 }, { "DPRK", 20 }, { "DPRK’s", 1 }, { "Il", 6 },
    { "Jong", 8 }, { "Juche", 1 }, { "Luxemburg", 2 }, { "Luxemburg’s", 1 },
    { "Rodman", 1 }, { "Stalinists", 1 }, { "Stalinization", 1 }, { "Tse", 1 },
    { "Un", 5 }, { "tung", 1 }, { "untrampled", 1 }, { "utopian", 1 },
  };
  g_autoptr(EpistleSpellChecker) checker = epistle_spell_checker_new ();
  g_autoptr(GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *path = g_build_filename (g_getenv ("EPISTLE_CORPUS"), "open-letter.txt", NULL);
  g_autofree char *text = NULL;
  g_autofree char *lang = NULL;
  gsize length;
  guint total = 0, reported;

  g_assert_true (g_file_get_contents (path, &text, &length, NULL));
  lang = epistle_spell_checker_resolve_language (checker, "en_US");
  if (lang == NULL)
    {
      /* The build root installs hunspell-en-us; without it this test
       * cannot say anything. */
      g_test_fail_printf ("no en_US dictionary: install hunspell-en-us");
      return;
    }
  g_hash_table_insert (counts, g_strdup (""), text);
  reported = epistle_spell_checker_check_text (checker, lang, text, length, NULL, NULL, NULL, count_word, counts);
  {
    gpointer key = NULL;

    /* The text is ours; the key was the table's. */
    g_hash_table_steal_extended (counts, "", &key, NULL);
    g_free (key);
  }

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      guint got = GPOINTER_TO_UINT (g_hash_table_lookup (counts, expected[i].word));

      if (got != expected[i].count)
        g_error ("“%s”: expected %u, got %u", expected[i].word, expected[i].count, got);
      total += got;
    }
  if (g_hash_table_size (counts) != G_N_ELEMENTS (expected))
    {
      GHashTableIter iter;
      gpointer key;

      g_hash_table_iter_init (&iter, counts);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        g_printerr ("reported: %s\n", (char *) key);
      g_error ("%u distinct words reported, %u expected", g_hash_table_size (counts), (guint) G_N_ELEMENTS (expected));
    }
  g_assert_cmpuint (reported, ==, total);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/epistle/spell/basic", test_basic);
  g_test_add_func ("/epistle/spell/cache", test_cache);
  g_test_add_func ("/epistle/spell/apostrophes", test_apostrophes);
  g_test_add_func ("/epistle/spell/compounds", test_compounds);
  g_test_add_func ("/epistle/spell/skipped", test_skipped);
  g_test_add_func ("/epistle/spell/word-lists", test_word_lists);
  g_test_add_func ("/epistle/spell/word-list-file", test_word_list_file);
  g_test_add_func ("/epistle/spell/languages", test_languages);
  g_test_add_func ("/epistle/spell/spans", test_spans);
  g_test_add_func ("/epistle/spell/abbreviation", test_abbreviation);
  g_test_add_func ("/epistle/spell/suggest", test_suggest);
  g_test_add_func ("/epistle/spell/threads", test_threads);
  g_test_add_func ("/epistle/spell/open-letter", test_open_letter);

  return g_test_run ();
}
