/* SPDX-License-Identifier: GPL-3.0-or-later
 * bench-outline.c — the outline engine on War and Peace, hard-wrapped and
 * with a line per paragraph, and on the open letter (where the letter
 * rules run on every paragraph): full parse, typing in the middle a
 * character at a time (each keystroke one replace_lines() of the edited
 * line), Enter and Backspace across a line end, and the outline's memory. */

#include "config.h"

#include <malloc.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <glib/gstdio.h>

#include "bench-novel.h"
#include "epistle-outline.h"
#include "epistle-text.h"

#define PARSE_RUNS  15
#define KEYSTROKES  3000
#define NEWLINES    300

static double
now_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* Sorts @values and returns the value at @percent. */
static double
percentile (double *values,
            guint   n,
            guint   percent)
{
  qsort (values, n, sizeof *values, compare_doubles);
  return values[MIN (n - 1, (n * percent) / 100)];
}

static char *
load_letter (void)
{
  const char *corpus = g_getenv ("EPISTLE_CORPUS");
  g_autofree char *path = g_build_filename (corpus != NULL ? corpus : ".", "open-letter.txt", NULL);
  char *contents = NULL;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    g_error ("Could not read %s (set EPISTLE_CORPUS)", path);
  return contents;
}

/* The text of line @n. */
static char *
nth_line (const char *text,
          guint       n)
{
  const char *p = text;
  const char *end;

  for (guint i = 0; i < n; i++)
    p = strchr (p, '\n') + 1;
  end = strchr (p, '\n');
  return end != NULL ? g_strndup (p, end - p) : g_strdup (p);
}

/* A line of prose near the middle: a line with at least 40 characters. */
static guint
middle_line (const char *text,
             guint       n_lines)
{
  for (guint line = n_lines / 2; line < n_lines; line++)
    {
      g_autofree char *content = nth_line (text, line);

      if (strlen (content) >= 40)
        return line;
    }
  g_error ("No prose line after the middle");
}

static gsize
heap_in_use (void)
{
  struct mallinfo2 info = mallinfo2 ();

  return info.uordblks + info.hblkhd;
}

static void
bench_text (const char *label,
            char       *text)
{
  gsize length = strlen (text);
  g_autoptr(EpistleOutline) outline = NULL;
  g_autoptr(EpistleOutline) full = NULL;
  g_autoptr(GString) line = NULL;
  g_autofree char *content = NULL;
  static const char typed[] = "And so the old prince typed on, one letter at a time. ";
  double parse[PARSE_RUNS];
  double words[PARSE_RUNS];
  double *keys = g_new (double, KEYSTROKES);
  double *enters = g_new (double, 2 * NEWLINES);
  gsize heap_before;
  gsize heap_after;
  guint n_lines;
  guint target;
  gsize column;

  /* Memory: what one outline of the text keeps, measured on the heap. */
  malloc_trim (0);
  heap_before = heap_in_use ();
  outline = epistle_outline_new ();
  epistle_outline_set_text (outline, text, length);
  heap_after = heap_in_use ();

  /* Full parse, against counting the words as the status bar does (the
   * same tokenizer, which the parse has to run over every line). */
  for (guint i = 0; i < PARSE_RUNS; i++)
    {
      EpistleTextStats stats;
      double t0 = now_ms ();

      epistle_outline_set_text (outline, text, length);
      parse[i] = now_ms () - t0;

      t0 = now_ms ();
      epistle_text_stats_compute (text, length, &stats);
      words[i] = now_ms () - t0;
    }

  /* Typing in the middle of a line in the middle of the book. */
  n_lines = epistle_outline_get_n_lines (outline);
  target = middle_line (text, n_lines);
  content = nth_line (text, target);
  line = g_string_new (content);
  column = strlen (content) / 2;
  while (column > 0 && line->str[column - 1] != ' ')
    column--;

  for (guint i = 0; i < KEYSTROKES; i++)
    {
      double t0;

      g_string_insert_c (line, column++, typed[i % (sizeof typed - 1)]);
      t0 = now_ms ();
      epistle_outline_replace_lines (outline, target, 1, line->str, line->len);
      keys[i] = now_ms () - t0;
    }

  /* Enter and Backspace at the typing position. */
  for (guint i = 0; i < NEWLINES; i++)
    {
      g_autofree char *split = g_strdup_printf ("%.*s\n%s", (int) column, line->str, line->str + column);
      double t0 = now_ms ();

      epistle_outline_replace_lines (outline, target, 1, split, -1);
      enters[2 * i] = now_ms () - t0;
      t0 = now_ms ();
      epistle_outline_replace_lines (outline, target, 2, line->str, line->len);
      enters[2 * i + 1] = now_ms () - t0;
    }

  /* What was typed must leave the outline a full parse would give. */
  {
    g_autoptr(GString) edited = g_string_sized_new (length + KEYSTROKES);
    const char *p = text;

    for (guint i = 0; i < target; i++)
      p = strchr (p, '\n') + 1;
    g_string_append_len (edited, text, p - text);
    g_string_append (edited, line->str);
    p = strchr (p, '\n');
    if (p != NULL)
      g_string_append (edited, p);

    full = epistle_outline_new ();
    epistle_outline_set_text (full, edited->str, edited->len);
    if (!epistle_outline_equal (outline, full))
      g_error ("The outline after typing differs from a full parse");
  }

  {
    double parse_ms = percentile (parse, PARSE_RUNS, 50);
    double words_ms = percentile (words, PARSE_RUNS, 50);

    printf ("BENCH outline-full-parse-%s %.2f ms baseline=%.2f ratio=%.2f\n",
            label, parse_ms, words_ms, parse_ms / words_ms);
    printf ("BENCH outline-keystroke-median-%s %.4f ms\n", label, percentile (keys, KEYSTROKES, 50));
    printf ("BENCH outline-keystroke-p99-%s %.4f ms\n", label, percentile (keys, KEYSTROKES, 99));
    printf ("BENCH outline-keystroke-max-%s %.4f ms\n", label, percentile (keys, KEYSTROKES, 100));
    printf ("BENCH outline-newline-median-%s %.4f ms\n", label, percentile (enters, 2 * NEWLINES, 50));
    printf ("BENCH outline-newline-p99-%s %.4f ms\n", label, percentile (enters, 2 * NEWLINES, 99));
    printf ("BENCH outline-memory-%s %" G_GSIZE_FORMAT " KiB baseline=%" G_GSIZE_FORMAT " ratio=%.2f\n",
            label, (heap_after - heap_before) / 1024, length / 1024,
            (double) (heap_after - heap_before) / (double) length);
    printf ("BENCH outline-items-%s %u items\n", label, epistle_outline_get_n_items (outline));
    printf ("BENCH outline-lines-%s %u lines\n", label, n_lines);
    fflush (stdout);
  }

  g_free (keys);
  g_free (enters);
  g_free (text);
}

/* The novel, cloned from the corpus bundle into the benchmark cache. */
static char *
novel (gboolean one_line)
{
  const char *cache = g_getenv ("EPISTLE_BENCH_CACHE");
  g_autofree char *tmp = cache == NULL ? g_build_filename (g_get_tmp_dir (), "epistle-bench-outline", NULL) : NULL;
  char *text = epistle_bench_novel_text (cache != NULL ? cache : tmp, one_line);

  if (text == NULL)
    g_error ("Could not clone the novel (set EPISTLE_CORPUS)");
  return text;
}

int
main (int   argc,
      char *argv[])
{
  bench_text ("war-and-peace", novel (FALSE));
  bench_text ("war-and-peace-paragraphs", novel (TRUE));
  bench_text ("open-letter", load_letter ());
  return 0;
}
