/* SPDX-License-Identifier: GPL-3.0-or-later
 * bench-library-data.c — the benchmarks' 100,000-quote library: sentences
 * of War and Peace (alone, then joined with their successors, so every
 * text is distinct) with 2,000 generated sources, one in ten tagged. */

#include "config.h"

#include <string.h>

#include "bench-library-data.h"

static const char * const families[] = {
  "Tolstoy", "Luxemburg", "Debs", "Zola", "Paine", "Douglass", "Marx", "Díaz-León",
  "Trotsky", "Wollstonecraft", "Thoreau", "Goldman", "Jaurès", "Herzen", "Garrison",
};

/* The novel's sentences, at least 30 characters each. */
static GPtrArray *
sentences_of (const char *text)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  const char *start = text;

  for (const char *p = text; *p != '\0'; p++)
    {
      if ((*p == '.' || *p == '!' || *p == '?') && (p[1] == ' ' || p[1] == '\n' || p[1] == '\0'))
        {
          g_autofree char *raw = g_strndup (start, p + 1 - start);
          g_auto(GStrv) words = g_strsplit_set (g_strstrip (raw), " \n\r\t", -1);
          g_autofree char *joined = NULL;
          g_autoptr(GPtrArray) kept = g_ptr_array_new ();

          for (guint i = 0; words[i] != NULL; i++)
            if (*words[i] != '\0')
              g_ptr_array_add (kept, words[i]);
          g_ptr_array_add (kept, NULL);
          joined = g_strjoinv (" ", (char **) kept->pdata);
          if (g_utf8_strlen (joined, -1) >= 30)
            g_ptr_array_add (out, g_steal_pointer (&joined));
          start = p + 1;
        }
    }
  return out;
}

static char *
source_json (guint i,
             char **words,
             guint n_words)
{
  return g_strdup_printf ("{\"id\":\"src%u\",\"type\":\"book\",\"title\":\"%s %s %s\","
                          "\"author\":[{\"family\":\"%s\",\"given\":\"Author %u\"}],"
                          "\"issued\":{\"date-parts\":[[%u]]},\"publisher\":\"Press %u\"}",
                          i, words[(i * 7) % n_words], words[(i * 13 + 1) % n_words],
                          words[(i * 31 + 2) % n_words],
                          families[i % G_N_ELEMENTS (families)], i, 1800 + i % 220, i % 97);
}

EpistleImportBatch *
epistle_bench_library_batch (const char *text)
{
  EpistleImportBatch *batch = epistle_import_batch_new ();
  g_autoptr(GPtrArray) sentences = NULL;
  g_autoptr(GPtrArray) source_items = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) title_words = NULL;
  guint n_title_words;

  sentences = sentences_of (text);
  title_words = g_strsplit ("Letters Essays Speeches Notes Revolution Freedom Labour Justice "
                            "Memoirs Press Rights Reason Liberty Commons Struggle Nation", " ", -1);
  n_title_words = g_strv_length (title_words);
  for (guint i = 0; i < EPISTLE_BENCH_LIBRARY_SOURCES; i++)
    g_ptr_array_add (source_items, source_json (i, title_words, n_title_words));

  /* Sentence i alone, then with its successor, and so on: distinct texts. */
  for (guint i = 0; batch->quotes->len < EPISTLE_BENCH_LIBRARY_QUOTES; i++)
    {
      guint n = sentences->len;
      guint first = i % n;
      guint span = 1 + i / n;
      GString *quote_text = g_string_new (g_ptr_array_index (sentences, first));
      EpistleImportQuote *quote = epistle_import_quote_new ();

      for (guint k = 1; k < span; k++)
        g_string_append_printf (quote_text, " %s", (char *) g_ptr_array_index (sentences, (first + k) % n));
      quote->text = g_string_free (quote_text, FALSE);
      quote->csl_json = g_strdup (g_ptr_array_index (source_items, i % EPISTLE_BENCH_LIBRARY_SOURCES));
      quote->locator = g_strdup_printf ("%u", 1 + i / EPISTLE_BENCH_LIBRARY_SOURCES);
      quote->locator_label = g_strdup ("page");
      if (i % 10 == 0)
        {
          quote->tags = g_new0 (char *, 2);
          quote->tags[0] = g_strdup_printf ("tag%u", i % 50);
        }
      quote->line = i + 1;
      g_ptr_array_add (batch->quotes, quote);
    }

  return batch;
}
