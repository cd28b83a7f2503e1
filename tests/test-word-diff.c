/* SPDX-License-Identifier: GPL-3.0-or-later
 * test-word-diff.c — the word-level difference: exact small cases, and
 * for thousands of random edits of the open letter, applying the diff to
 * the old text gives the new text byte for byte, with the words counted
 * as the edit changed them. */

#include "config.h"

#include <string.h>

#include "epistle-word-diff.h"

static EpistleWordDiff *
diff_of (const char *a,
         const char *b)
{
  EpistleWordDiff *diff = epistle_word_diff_compute (a, strlen (a), b, strlen (b));
  g_autofree char *applied = epistle_word_diff_apply (diff, a, strlen (a), b);

  g_assert_cmpstr (applied, ==, b);
  return diff;
}

static void
test_small (void)
{
  g_autoptr(EpistleWordDiff) same = diff_of ("Dear friends,\n\nHello.\n", "Dear friends,\n\nHello.\n");
  g_autoptr(EpistleWordDiff) word = diff_of ("The quick brown fox jumps.", "The quick red fox jumps.");
  g_autoptr(EpistleWordDiff) added = diff_of ("Freedom is always freedom.",
                                              "Freedom is always and exclusively freedom.");
  g_autoptr(EpistleWordDiff) removed = diff_of ("It is the workers’ own letter.", "It is the letter.");
  g_autoptr(EpistleWordDiff) empty = diff_of ("", "A whole new letter.");
  g_autoptr(EpistleWordDiff) gone = diff_of ("All of it.", "");
  const EpistleWordDiffHunk *h;

  g_assert_cmpuint (same->hunks->len, ==, 0);

  g_assert_cmpuint (word->hunks->len, ==, 1);
  h = &g_array_index (word->hunks, EpistleWordDiffHunk, 0);
  g_assert_cmpuint (h->old_start, ==, 10);
  g_assert_cmpuint (h->old_end, ==, 15);     /* "brown" */
  g_assert_cmpuint (h->new_start, ==, 10);
  g_assert_cmpuint (h->new_end, ==, 13);     /* "red" */
  g_assert_cmpuint (word->words_removed, ==, 1);
  g_assert_cmpuint (word->words_added, ==, 1);

  g_assert_cmpuint (added->hunks->len, ==, 1);
  g_assert_cmpuint (added->words_added, ==, 2);
  g_assert_cmpuint (added->words_removed, ==, 0);

  /* "workers’" is one word with its apostrophe. */
  g_assert_cmpuint (removed->words_removed, ==, 2);
  g_assert_cmpuint (removed->words_added, ==, 0);

  g_assert_cmpuint (empty->words_added, ==, 4);
  g_assert_cmpuint (gone->words_removed, ==, 3);

  g_assert_cmpuint (epistle_word_diff_count_words ("Don’t stop — it’s 1918, isn't it?", -1), ==, 6);
}

static char *
read_letter (void)
{
  const char *corpus = g_getenv ("EPISTLE_CORPUS");
  g_autofree char *path = g_build_filename (corpus != NULL ? corpus : "../shared/corpus", "open-letter.txt", NULL);
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return text;
}

/* A random edit of @text: words replaced, deleted, inserted, a paragraph
 * moved, punctuation changed — what revising a letter does. */
static char *
mutate (GRand      *rand,
        const char *text)
{
  static const char *words[] = { "freedom", "the", "letter", "Juche", "workers’", "—", ",", "revolution",
                                 "and", "\n\n", "Luxemburg", "«", "»", "1918", "democracy" };
  GString *s = g_string_new (text);
  guint edits = g_rand_int_range (rand, 1, 12);

  for (guint e = 0; e < edits && s->len > 0; e++)
    {
      gsize at = g_rand_int_range (rand, 0, (gint32) s->len);
      gsize span = g_rand_int_range (rand, 1, 40);

      /* Stay on character boundaries. */
      while (at > 0 && (s->str[at] & 0xc0) == 0x80)
        at--;
      span = MIN (span, s->len - at);
      while (at + span < s->len && (s->str[at + span] & 0xc0) == 0x80)
        span++;
      switch (g_rand_int_range (rand, 0, 4))
        {
        case 0:
          g_string_erase (s, at, span);
          break;
        case 1:
          g_string_insert (s, at, words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))]);
          break;
        case 2:
          g_string_erase (s, at, span);
          g_string_insert (s, at, words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))]);
          break;
        default:
          {
            /* Move a piece elsewhere. */
            g_autofree char *piece = g_strndup (s->str + at, span);
            gsize to;

            g_string_erase (s, at, span);
            to = s->len > 0 ? g_rand_int_range (rand, 0, (gint32) s->len) : 0;
            while (to > 0 && (s->str[to] & 0xc0) == 0x80)
              to--;
            g_string_insert (s, to, piece);
          }
        }
    }
  return g_string_free (s, FALSE);
}

static void
test_random_edits_apply (void)
{
  g_autofree char *letter = read_letter ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (1918);
  gsize length = strlen (letter);

  for (guint round = 0; round < 2000; round++)
    {
      /* Parts of the letter, so that thousands of rounds stay quick. */
      gsize from = g_rand_int_range (rand, 0, (gint32) (length / 2));
      gsize size = g_rand_int_range (rand, 200, 6000);
      g_autofree char *old_text = NULL;
      g_autofree char *new_text = NULL;
      g_autofree char *applied = NULL;
      g_autoptr(EpistleWordDiff) diff = NULL;
      guint old_words, new_words;

      while (from > 0 && (letter[from] & 0xc0) == 0x80)
        from--;
      size = MIN (size, length - from);
      while (from + size < length && (letter[from + size] & 0xc0) == 0x80)
        size++;
      old_text = g_strndup (letter + from, size);
      new_text = mutate (rand, old_text);
      diff = epistle_word_diff_compute (old_text, strlen (old_text), new_text, strlen (new_text));
      applied = epistle_word_diff_apply (diff, old_text, strlen (old_text), new_text);
      g_assert_cmpstr (applied, ==, new_text);

      /* The counts add up: old words − removed + added = new words. */
      old_words = epistle_word_diff_count_words (old_text, -1);
      new_words = epistle_word_diff_count_words (new_text, -1);
      g_assert_cmpint ((gint64) old_words - diff->words_removed + diff->words_added, ==, new_words);
      /* Minimal: as small as the textbook table says (on the smaller
       * pieces; the table is quadratic). */
      if (size < 1500)
        g_assert_cmpuint (diff->tokens_removed + diff->tokens_added, ==,
                          _epistle_word_diff_reference_edit (old_text, new_text));
      /* Hunks are in order and never touch. */
      for (guint k = 1; k < diff->hunks->len; k++)
        {
          const EpistleWordDiffHunk *p = &g_array_index (diff->hunks, EpistleWordDiffHunk, k - 1);
          const EpistleWordDiffHunk *h = &g_array_index (diff->hunks, EpistleWordDiffHunk, k);

          g_assert_cmpuint (p->old_end, <, h->old_start);
          g_assert_cmpuint (p->new_end, <, h->new_start);
        }
    }
}

/* The whole letter, one word changed in a paragraph: one hunk of one word,
 * found through the anchors. */
static void
test_letter_one_word (void)
{
  g_autofree char *letter = read_letter ();
  g_autoptr(GString) edited = g_string_new (letter);
  const char *at = strstr (letter, "Luxemburg ");   /* the word alone, not “Luxemburg’s” */
  g_autoptr(EpistleWordDiff) diff = NULL;
  g_autofree char *applied = NULL;
  const EpistleWordDiffHunk *h;

  g_assert_nonnull (at);
  g_string_erase (edited, at - letter, strlen ("Luxemburg"));
  g_string_insert (edited, at - letter, "Liebknecht");
  diff = epistle_word_diff_compute (letter, strlen (letter), edited->str, edited->len);
  g_assert_cmpuint (diff->hunks->len, ==, 1);
  h = &g_array_index (diff->hunks, EpistleWordDiffHunk, 0);
  g_assert_cmpuint (h->old_start, ==, (gsize) (at - letter));
  g_assert_cmpuint (h->old_end - h->old_start, ==, strlen ("Luxemburg"));
  g_assert_cmpuint (diff->words_added, ==, 1);
  g_assert_cmpuint (diff->words_removed, ==, 1);
  applied = epistle_word_diff_apply (diff, letter, strlen (letter), edited->str);
  g_assert_cmpstr (applied, ==, edited->str);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/epistle/word-diff/small", test_small);
  g_test_add_func ("/epistle/word-diff/random-edits-apply", test_random_edits_apply);
  g_test_add_func ("/epistle/word-diff/letter-one-word", test_letter_one_word);
  return g_test_run ();
}
