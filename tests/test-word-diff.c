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

static char *
run_git (const char *dir,
         const char *args)
{
  g_autofree char *command = g_strdup_printf ("git -C '%s' %s", dir, args);
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status = 0;

  g_assert_true (g_spawn_command_line_sync (command, &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

/* Words of a stretch of text as the diff counts them, into @counts. */
static void
add_words (GHashTable *counts,
           const char *text,
           gsize       length,
           int         sign)
{
  const char *end = text + length;
  const char *p = text;

  while (p < end)
    {
      const char *start;

      while (p < end && !g_unichar_isalnum (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);
      start = p;
      while (p < end && (g_unichar_isalnum (g_utf8_get_char (p)) || g_unichar_ismark (g_utf8_get_char (p)) ||
                         ((*p == '\'' || g_str_has_prefix (p, "’")) && p + 1 < end &&
                          g_unichar_isalnum (g_utf8_get_char (g_utf8_next_char (p))))))
        p = g_utf8_next_char (p);
      if (p > start)
        {
          g_autofree char *word = g_strndup (start, p - start);
          int n = GPOINTER_TO_INT (g_hash_table_lookup (counts, word)) + sign;

          if (n == 0)
            g_hash_table_remove (counts, word);
          else
            g_hash_table_replace (counts, g_steal_pointer (&word), GINT_TO_POINTER (n));
        }
    }
}

/* The twelve real revisions of the novel: for each step, the words our
 * diff says were removed, and those it says were added, are the ones
 * git's word diff says (as multisets: the renamed characters' counts). */
static void
test_corpus_revisions (void)
{
  const char *corpus = g_getenv ("EPISTLE_CORPUS");
  g_autofree char *bundle = g_build_filename (corpus != NULL ? corpus : "../shared/corpus",
                                              "war-and-peace-history.bundle", NULL);
  g_autofree char *dir = g_dir_make_tmp ("epistle-word-diff-XXXXXX", NULL);
  g_autofree char *clone = g_build_filename (dir, "wap", NULL);
  g_autofree char *command = g_strdup_printf ("git clone -q '%s' '%s'", bundle, clone);
  g_autofree char *log = NULL;
  g_auto(GStrv) revisions = NULL;
  guint n, renamed = 0;

  if (!g_file_test (bundle, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("the corpus bundle is not available");
      return;
    }
  g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL));
  log = run_git (clone, "log --reverse --format=%H");
  revisions = g_strsplit (g_strstrip (log), "\n", -1);
  n = g_strv_length (revisions);
  g_assert_cmpuint (n, ==, 12);

  for (guint r = 1; r < n; r++)
    {
      g_autofree char *old_args = g_strdup_printf ("show %s:war_and_peace.txt", revisions[r - 1]);
      g_autofree char *new_args = g_strdup_printf ("show %s:war_and_peace.txt", revisions[r]);
      g_autofree char *diff_args = g_strdup_printf ("diff --word-diff=porcelain %s %s", revisions[r - 1], revisions[r]);
      g_autofree char *old_text = run_git (clone, old_args);
      g_autofree char *new_text = run_git (clone, new_args);
      g_autofree char *git = run_git (clone, diff_args);
      g_autoptr(GHashTable) ours_removed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_autoptr(GHashTable) ours_added = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_autoptr(GHashTable) git_removed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_autoptr(GHashTable) git_added = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_autoptr(EpistleWordDiff) diff = NULL;
      g_auto(GStrv) lines = g_strsplit (git, "\n", -1);
      GHashTableIter iter;
      gpointer key, value;

      diff = epistle_word_diff_compute (old_text, strlen (old_text), new_text, strlen (new_text));
      for (guint k = 0; k < diff->hunks->len; k++)
        {
          const EpistleWordDiffHunk *h = &g_array_index (diff->hunks, EpistleWordDiffHunk, k);

          add_words (ours_removed, old_text + h->old_start, h->old_end - h->old_start, 1);
          add_words (ours_added, new_text + h->new_start, h->new_end - h->new_start, 1);
        }
      for (guint k = 0; lines[k] != NULL; k++)
        if (lines[k][0] == '-' && !g_str_has_prefix (lines[k], "---"))
          add_words (git_removed, lines[k] + 1, strlen (lines[k] + 1), 1);
        else if (lines[k][0] == '+' && !g_str_has_prefix (lines[k], "+++"))
          add_words (git_added, lines[k] + 1, strlen (lines[k] + 1), 1);

      g_assert_cmpuint (g_hash_table_size (ours_removed) + g_hash_table_size (ours_added), >, 0);
      /* A renamed character (a word whose count changed by two or more)
       * is removed and added as often as git says; any other word, ours
       * removes and adds no more often than git (which aligns within its
       * line hunks, and churns a little more). */
      for (guint side = 0; side < 2; side++)
        {
          GHashTable *shown = side == 0 ? git_removed : git_added;

          g_hash_table_iter_init (&iter, shown);
          while (g_hash_table_iter_next (&iter, &key, &value))
            {
              int git_minus = GPOINTER_TO_INT (g_hash_table_lookup (git_removed, key));
              int git_plus = GPOINTER_TO_INT (g_hash_table_lookup (git_added, key));
              int our_minus = GPOINTER_TO_INT (g_hash_table_lookup (ours_removed, key));
              int our_plus = GPOINTER_TO_INT (g_hash_table_lookup (ours_added, key));

              if (ABS (git_plus - git_minus) >= 2)
                {
                  if (our_minus != git_minus || our_plus != git_plus)
                    g_error ("revision %u, “%s”: git −%d +%d, ours −%d +%d", r, (char *) key,
                             git_minus, git_plus, our_minus, our_plus);
                  renamed++;
                }
              else if (our_minus > git_minus || our_plus > git_plus)
                g_error ("revision %u, “%s” moved: git −%d +%d, ours −%d +%d", r, (char *) key,
                         git_minus, git_plus, our_minus, our_plus);
            }
        }
      /* And ours reports nothing git does not. */
      g_hash_table_iter_init (&iter, ours_removed);
      while (g_hash_table_iter_next (&iter, &key, &value))
        g_assert_true (g_hash_table_contains (git_removed, key));
      g_hash_table_iter_init (&iter, ours_added);
      while (g_hash_table_iter_next (&iter, &key, &value))
        g_assert_true (g_hash_table_contains (git_added, key));
      /* Applying gives the revision. */
      {
        g_autofree char *applied = epistle_word_diff_apply (diff, old_text, strlen (old_text), new_text);

        g_assert_true (g_str_equal (applied, new_text));
      }
    }
  g_assert_cmpuint (renamed, >=, 11);
  {
    g_autofree char *rm = g_strdup_printf ("rm -rf '%s'", dir);

    g_spawn_command_line_sync (rm, NULL, NULL, NULL, NULL);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/epistle/word-diff/small", test_small);
  g_test_add_func ("/epistle/word-diff/random-edits-apply", test_random_edits_apply);
  g_test_add_func ("/epistle/word-diff/letter-one-word", test_letter_one_word);
  g_test_add_func ("/epistle/word-diff/corpus-revisions", test_corpus_revisions);
  return g_test_run ();
}
