/* SPDX-License-Identifier: GPL-3.0-or-later
 * bench-history.c — the version history against the git command line, in
 * the same run on the same machine:
 *
 *   history-snapshot-novel   a version of the 3.2 MB novel after a one-word
 *                            edit, against `git commit -a` of the same edit
 *   history-word-diff-novel  the novel's first and last revisions compared
 *                            word by word, against `git diff --word-diff`
 *   history-log-first-page   opening a 10,000-version history and reading
 *   history-log-page-200     its first page of 50 (and the page after the
 *                            200th version); target 50 ms, no baseline
 *   history-repo-size-100    the store after 100 small edits and a repack,
 *                            against `git gc --aggressive` of the same repo
 *
 * git runs with HOME and the XDG folders in a temporary folder and without
 * the system configuration, so neither side reads the user's settings.
 * EPISTLE_BENCH_KEEP=1 keeps the repositories (in $TMPDIR) to look at. */

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "bench-novel.h"
#include "epistle-history.h"
#include "epistle-text.h"
#include "epistle-word-diff.h"

#define SNAPSHOT_RUNS   7
#define DIFF_RUNS       5
#define LOG_VERSIONS    10000
#define LOG_RUNS        7
#define LOG_PAGE        50
#define SIZE_SNAPSHOTS  100
/* The document of the size figure: a 300 KB chunk of the novel's first
 * revision (cut at a paragraph break), about a 50,000-word manuscript.
 * 0 takes the whole 3.2 MB revision instead: some 15 s more (git gc
 * --aggressive alone about 6 s) and 290 MB of loose objects in $TMPDIR. */
#define SIZE_CHUNK      (300 * 1024)

#define NAME            "Bench Writer"
#define EMAIL           "bench@example.org"
#define GIT_USER        "-c", "user.name=" NAME, "-c", "user.email=" EMAIL

static const char * const replacement_words[] = {
  "lantern", "orchard", "meadow", "harbour", "whisper", "granite", "velvet",
  "thimble", "saffron", "quarry", "bramble", "cinder", "juniper", "marble",
  "pebble", "tundra", "willow", "ember", "falcon", "lichen", "sorrel",
};

static double
ms_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

/* Runs git with @argv (NULL-terminated, without "git") in @dir; its
 * output in *@out when @out is not NULL, else thrown away.  Aborts when
 * git fails: a baseline that did not run measures nothing. */
static void
git_in (const char  *dir,
        const char **argv,
        char       **out)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  g_ptr_array_add (args, (char *) "git");
  for (guint i = 0; argv[i] != NULL; i++)
    g_ptr_array_add (args, (char *) argv[i]);
  g_ptr_array_add (args, NULL);
  if (!g_spawn_sync (dir, (char **) args->pdata, NULL,
                     G_SPAWN_SEARCH_PATH | (out == NULL ? G_SPAWN_STDOUT_TO_DEV_NULL : 0),
                     NULL, NULL, out, &err, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    {
      g_autofree char *line = g_strjoinv (" ", (char **) args->pdata);
      g_error ("%s (in %s): %s\n%s", line, dir, error->message, err != NULL ? err : "");
    }
}

/* The same, timed (ms), its output thrown away. */
static double
time_git (const char  *dir,
          const char **argv)
{
  gint64 start = g_get_monotonic_time ();

  git_in (dir, argv, NULL);
  return ms_since (start);
}

/* What `du -sb` counts of a repository: the sizes of its files. */
static guint64
tree_size (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;
  guint64 total = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      GStatBuf st;

      if (g_lstat (child, &st) != 0)
        continue;
      if (S_ISDIR (st.st_mode))
        total += tree_size (child);
      else if (S_ISREG (st.st_mode))
        total += st.st_size;
    }
  return total;
}

/* The sizes of the pack files under @repo/objects/pack. */
static guint64
packs_size (const char *repo)
{
  g_autofree char *pack = g_build_filename (repo, "objects", "pack", NULL);

  return tree_size (pack);
}

static gboolean
is_letter (char c)
{
  return g_ascii_isalpha (c);
}

/* Replaces the word (run of ASCII letters) at or after a random place in
 * @text with @word; a word equal to @word is passed over. */
static void
change_word (GString    *text,
             GRand      *rand,
             const char *word)
{
  gsize n = strlen (word);

  for (;;)
    {
      gsize start = g_rand_int_range (rand, 0, (gint32) text->len);
      gsize end;

      while (start < text->len && !is_letter (text->str[start]))
        start++;
      while (start > 0 && is_letter (text->str[start - 1]))
        start--;
      for (end = start; end < text->len && is_letter (text->str[end]); end++)
        ;
      if (end == start || (end - start == n && memcmp (text->str + start, word, n) == 0))
        continue;
      g_string_erase (text, start, end - start);
      g_string_insert (text, start, word);
      return;
    }
}

/* Inserts " @word" after a random word of @text. */
static void
insert_word (GString    *text,
             GRand      *rand,
             const char *word)
{
  gsize at = g_rand_int_range (rand, 0, (gint32) text->len);
  g_autofree char *spaced = g_strconcat (" ", word, NULL);

  while (at < text->len && !is_letter (text->str[at]))
    at++;
  while (at < text->len && is_letter (text->str[at]))
    at++;
  g_string_insert (text, at, spaced);
}

static const char *
random_word (GRand *rand)
{
  return replacement_words[g_rand_int_range (rand, 0, G_N_ELEMENTS (replacement_words))];
}

static void
write_file (const char *path,
            GString    *text)
{
  g_autoptr(GError) error = NULL;

  if (!g_file_set_contents (path, text->str, text->len, &error))
    g_error ("%s", error->message);
}

/* The managed history of @doc: a temporary folder inside somebody's git
 * work tree would make the benchmark commit into that repository instead,
 * so that is refused before any version is made. */
static EpistleHistory *
open_managed (const char *doc,
              const char *store)
{
  g_autoptr(GError) error = NULL;
  EpistleHistory *history = epistle_history_open (doc, store, &error);

  g_assert_no_error (error);
  if (epistle_history_get_kind (history) != EPISTLE_HISTORY_MANAGED)
    {
      g_autofree char *repo = epistle_history_dup_repository_path (history);
      g_error ("%s is inside the git work tree of %s: set TMPDIR to a folder outside any repository",
               doc, repo);
    }
  return history;
}

static void
snapshot (EpistleHistory *history)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EpistleVersion) version = NULL;

  if (!epistle_history_snapshot (history, NULL, NULL, NAME, EMAIL, &version, &error))
    g_error ("snapshot: %s", error->message);
  if (version == NULL)
    g_error ("snapshot: the edit made no version");
}

/* "4,812" whatever the locale. */
static char *
grouped (gint64 n)
{
  g_autofree char *digits = g_strdup_printf ("%" G_GINT64_FORMAT, ABS (n));
  GString *s = g_string_new (n < 0 ? "-" : "");
  gsize len = strlen (digits);

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (s, ',');
      g_string_append_c (s, digits[i]);
    }
  return g_string_free (s, FALSE);
}

/* ---- 1. a version of the novel after a one-word edit ------------------- */

static void
bench_snapshot (const char *tmp,
                const char *novel)
{
  g_autofree char *doc_dir = g_build_filename (tmp, "snapshot-doc", NULL);
  g_autofree char *doc = g_build_filename (doc_dir, "war_and_peace.txt", NULL);
  g_autofree char *store = g_build_filename (tmp, "snapshot-store", NULL);
  g_autofree char *git_dir = g_build_filename (tmp, "snapshot-git", NULL);
  g_autofree char *git_file = g_build_filename (git_dir, "war_and_peace.txt", NULL);
  g_autoptr(EpistleHistory) history = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ours = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) git = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GRand) rand = g_rand_new_with_seed (1805);
  GString *text = g_string_new (novel);
  double ours_ms, git_ms;

  g_mkdir_with_parents (doc_dir, 0700);
  write_file (doc, text);
  history = open_managed (doc, store);
  snapshot (history);

  {
    const char *init[] = { "init", "-q", "-b", "main", git_dir, NULL };
    const char *add[] = { "add", "war_and_peace.txt", NULL };
    const char *commit[] = { GIT_USER, "commit", "-q", "-m", "First", NULL };

    git_in (tmp, init, NULL);
    write_file (git_file, text);
    git_in (git_dir, add, NULL);
    git_in (git_dir, commit, NULL);
  }

  for (guint run = 0; run < SNAPSHOT_RUNS; run++)
    {
      const char *commit[] = { GIT_USER, "commit", "-q", "-a", "-m", "msg", NULL };
      gint64 start;
      double ms;

      /* The same edit on both sides, on disk before either clock starts. */
      change_word (text, rand, random_word (rand));
      write_file (doc, text);
      write_file (git_file, text);

      start = g_get_monotonic_time ();
      snapshot (history);
      ms = ms_since (start);
      g_array_append_val (ours, ms);

      ms = time_git (git_dir, commit);
      g_array_append_val (git, ms);
    }

  ours_ms = epistle_bench_percentile (ours, 50);
  git_ms = epistle_bench_percentile (git, 50);
  printf ("BENCH history-snapshot-novel %.2f ms baseline=%.2f ratio=%.2f\n",
          ours_ms, git_ms, ours_ms / git_ms);
  g_string_free (text, TRUE);
}

/* ---- 2. the first and last revisions compared word by word ------------- */

static void
bench_word_diff (const char *clone,
                 const char *first,
                 const char *last,
                 const char *first_text,
                 const char *last_text)
{
  g_autoptr(GArray) ours = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) git = g_array_new (FALSE, FALSE, sizeof (double));
  const char *diff[] = { "diff", "--word-diff=porcelain", first, last, "--", "war_and_peace.txt", NULL };
  gsize first_length = strlen (first_text), last_length = strlen (last_text);
  guint hunks = 0, added = 0, removed = 0;
  double ours_ms, git_ms;

  for (guint run = 0; run < DIFF_RUNS; run++)
    {
      EpistleWordDiff *result;
      gint64 start = g_get_monotonic_time ();
      double ms;

      result = epistle_word_diff_compute (first_text, first_length, last_text, last_length);
      ms = ms_since (start);
      g_array_append_val (ours, ms);
      hunks = result->hunks->len;
      added = result->words_added;
      removed = result->words_removed;
      epistle_word_diff_free (result);

      ms = time_git (clone, diff);
      g_array_append_val (git, ms);
    }
  g_assert_cmpuint (hunks, >, 0);

  ours_ms = epistle_bench_percentile (ours, 50);
  git_ms = epistle_bench_percentile (git, 50);
  printf ("# word diff: %u hunks, %u words removed, %u added\n", hunks, removed, added);
  printf ("BENCH history-word-diff-novel %.2f ms baseline=%.2f ratio=%.2f\n",
          ours_ms, git_ms, ours_ms / git_ms);
}

/* ---- 3. the log of a 10,000-version history ---------------------------- */

static void
write_stream (GOutputStream *out,
              const char    *data,
              gsize          length)
{
  g_autoptr(GError) error = NULL;

  if (!g_output_stream_write_all (out, data, length, NULL, NULL, &error))
    g_error ("git fast-import: %s", error->message);
}

static void
write_data (GOutputStream *out,
            const char    *data,
            gsize          length)
{
  g_autofree char *header = g_strdup_printf ("data %" G_GSIZE_FORMAT "\n", length);

  write_stream (out, header, strlen (header));
  write_stream (out, data, length);
  write_stream (out, "\n", 1);
}

/* Versions 2 to @n of the letter, as Epistle's snapshots would have made
 * them ten minutes apart, fed to `git fast-import` on top of the first one
 * (made by Epistle); a milestone on every 1,000th. */
static void
import_versions (const char *repo,
                 const char *name,
                 const char *first_commit,
                 const char *letter,
                 guint       n)
{
  const char *argv[] = { "git", "--git-dir", repo, "fast-import", "--quiet", NULL };
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (1869);
  GOutputStream *in;
  GString *text = g_string_new (letter);
  EpistleTextStats stats;
  gint64 words, previous;
  const gint64 epoch = 1735689600;   /* 1 January 2025 */

  epistle_text_stats_compute (text->str, text->len, &stats);
  previous = words = (gint64) stats.words;

  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDIN_PIPE, &error);
  g_assert_no_error (error);
  in = g_subprocess_get_stdin_pipe (process);

  for (guint v = 2; v <= n; v++)
    {
      g_autofree char *head = NULL;
      g_autofree char *message = NULL;
      g_autofree char *count = NULL;
      g_autofree char *delta = NULL;
      guint kind = g_rand_int_range (rand, 0, 10);
      gint64 when = epoch + v * 600;

      /* Mostly a changed word; sometimes a word more. */
      if (kind < 8)
        change_word (text, rand, random_word (rand));
      else
        {
          insert_word (text, rand, random_word (rand));
          words++;
        }
      count = grouped (words);
      delta = grouped (ABS (words - previous));
      message = g_strdup_printf ("Saved — %s words, %s%s\n\nEpistle-Words: %" G_GINT64_FORMAT "\n",
                                 count, words >= previous ? "+" : "−", delta, words);
      previous = words;

      head = g_strdup_printf ("commit refs/heads/main\nmark :%u\n"
                              "author " NAME " <" EMAIL "> %" G_GINT64_FORMAT " +0000\n"
                              "committer " NAME " <" EMAIL "> %" G_GINT64_FORMAT " +0000\n",
                              v, when, when);
      write_stream (in, head, strlen (head));
      write_data (in, message, strlen (message));
      if (v == 2)
        {
          g_autofree char *from = g_strdup_printf ("from %s\n", first_commit);
          write_stream (in, from, strlen (from));
        }
      {
        g_autofree char *modify = g_strdup_printf ("M 100644 inline %s\n", name);
        write_stream (in, modify, strlen (modify));
      }
      write_data (in, text->str, text->len);

      if (v % 1000 == 0)
        {
          g_autofree char *tag = g_strdup_printf ("tag Draft-%u\nfrom :%u\n"
                                                  "tagger " NAME " <" EMAIL "> %" G_GINT64_FORMAT " +0000\n",
                                                  v / 1000, v, when);
          g_autofree char *label = g_strdup_printf ("Draft %u\n", v / 1000);
          write_stream (in, tag, strlen (tag));
          write_data (in, label, strlen (label));
        }
    }
  if (!g_output_stream_close (in, NULL, &error) || !g_subprocess_wait_check (process, NULL, &error))
    g_error ("git fast-import: %s", error->message);
  g_string_free (text, TRUE);
}

static GPtrArray *
open_and_log (const char  *doc,
              const char  *store,
              const char  *after,
              double      *ms)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EpistleHistory) history = NULL;
  GPtrArray *page;
  gint64 start = g_get_monotonic_time ();

  history = epistle_history_open (doc, store, &error);
  g_assert_no_error (error);
  page = epistle_history_log (history, after, LOG_PAGE, &error);
  *ms = ms_since (start);
  g_assert_no_error (error);
  return page;
}

static void
bench_log (const char *tmp,
           const char *letter)
{
  g_autofree char *doc_dir = g_build_filename (tmp, "log-doc", NULL);
  g_autofree char *doc = g_build_filename (doc_dir, "open-letter.txt", NULL);
  g_autofree char *store = g_build_filename (tmp, "log-store", NULL);
  g_autofree char *repo = epistle_history_managed_path (doc, store);
  g_autofree char *first_commit = NULL;
  g_autofree char *page_200 = NULL;
  g_autofree char *version_201 = NULL;
  g_autoptr(GArray) first = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) next = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GError) error = NULL;
  gint64 start;
  double build_ms, first_ms, next_ms;

  g_mkdir_with_parents (doc_dir, 0700);
  if (!g_file_set_contents (doc, letter, -1, &error))
    g_error ("%s", error->message);

  start = g_get_monotonic_time ();
  {
    g_autoptr(EpistleHistory) history = open_managed (doc, store);
    g_autoptr(EpistleVersion) version = NULL;
    g_autofree char *used = NULL;

    if (!epistle_history_snapshot (history, NULL, NULL, NAME, EMAIL, &version, &error))
      g_error ("snapshot: %s", error->message);
    first_commit = g_strdup (version->id);
    used = epistle_history_dup_repository_path (history);
    g_assert_cmpstr (used, ==, repo);
  }
  import_versions (repo, "open-letter.txt", first_commit, letter, LOG_VERSIONS);
  build_ms = ms_since (start);
  printf ("# log: %u versions of the open letter made in %.0f ms (git fast-import)\n",
          LOG_VERSIONS, build_ms);

  {
    g_autoptr(EpistleHistory) history = open_managed (doc, store);
    g_autoptr(GPtrArray) versions = NULL;
    EpistleVersion *newest, *v200;

    versions = epistle_history_log (history, NULL, 201, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (versions->len, ==, 201);
    newest = g_ptr_array_index (versions, 0);
    v200 = g_ptr_array_index (versions, 199);
    g_assert_true (g_str_has_prefix (newest->summary, "Saved — "));
    g_assert_cmpint (newest->words, >, 0);
    g_assert_cmpstr (newest->milestones[0], ==, "Draft 10");
    page_200 = g_strdup (v200->id);
    version_201 = g_strdup (((EpistleVersion *) g_ptr_array_index (versions, 200))->id);
  }

  for (guint run = 0; run < LOG_RUNS; run++)
    {
      g_autoptr(GPtrArray) page = NULL;
      g_autoptr(GPtrArray) after = NULL;
      double ms;

      page = open_and_log (doc, store, NULL, &ms);
      g_assert_cmpuint (page->len, ==, LOG_PAGE);
      g_array_append_val (first, ms);

      after = open_and_log (doc, store, page_200, &ms);
      g_assert_cmpuint (after->len, ==, LOG_PAGE);
      g_assert_cmpstr (((EpistleVersion *) g_ptr_array_index (after, 0))->id, ==, version_201);
      g_array_append_val (next, ms);
    }

  first_ms = epistle_bench_percentile (first, 50);
  next_ms = epistle_bench_percentile (next, 50);
  printf ("BENCH history-log-first-page %.2f ms\n", first_ms);
  printf ("BENCH history-log-page-200 %.2f ms\n", next_ms);
}

/* ---- 4. the store after 100 small edits -------------------------------- */

static void
bench_size (const char *tmp,
            const char *first_revision)
{
  g_autofree char *doc_dir = g_build_filename (tmp, "size-doc", NULL);
  g_autofree char *doc = g_build_filename (doc_dir, "manuscript.txt", NULL);
  g_autofree char *store = g_build_filename (tmp, "size-store", NULL);
  g_autofree char *copy = g_build_filename (tmp, "size-git.git", NULL);
  g_autofree char *repo = NULL;
  g_autoptr(EpistleHistory) history = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (1812);
  g_autoptr(GPtrArray) versions = NULL;
  GString *text;
  guint64 loose, ours, git;
  gint64 start;
  double snapshots_ms, repack_ms, gc_ms;

  if (SIZE_CHUNK > 0 && strlen (first_revision) > SIZE_CHUNK)
    {
      const char *cut = strstr (first_revision + SIZE_CHUNK, "\n\n");
      gsize length = cut != NULL ? (gsize) (cut - first_revision) + 1 : strlen (first_revision);

      text = g_string_new_len (first_revision, length);
    }
  else
    text = g_string_new (first_revision);

  g_mkdir_with_parents (doc_dir, 0700);
  write_file (doc, text);
  history = open_managed (doc, store);
  snapshot (history);
  start = g_get_monotonic_time ();
  for (guint i = 0; i < SIZE_SNAPSHOTS; i++)
    {
      guint edits = g_rand_int_range (rand, 1, 4);

      for (guint e = 0; e < edits; e++)
        change_word (text, rand, random_word (rand));
      write_file (doc, text);
      snapshot (history);
    }
  snapshots_ms = ms_since (start);
  versions = epistle_history_log (history, NULL, 2 * SIZE_SNAPSHOTS, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (versions->len, ==, SIZE_SNAPSHOTS + 1);

  repo = epistle_history_dup_repository_path (history);
  loose = tree_size (repo);
  {
    const char *argv[] = { "cp", "-a", repo, copy, NULL };
    int status = 0;

    if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, &error) ||
        !g_spawn_check_wait_status (status, &error))
      g_error ("cp: %s", error->message);
  }

  start = g_get_monotonic_time ();
  if (!epistle_history_repack (history, 0, &error))
    g_error ("repack: %s", error->message);
  repack_ms = ms_since (start);
  ours = tree_size (repo);
  g_clear_pointer (&versions, g_ptr_array_unref);
  versions = epistle_history_log (history, NULL, 2 * SIZE_SNAPSHOTS, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (versions->len, ==, SIZE_SNAPSHOTS + 1);

  {
    const char *gc[] = { "gc", "-q", "--aggressive", "--prune=now", NULL };
    gc_ms = time_git (copy, gc);
  }
  git = tree_size (copy);

  printf ("# size: %u snapshots of a %" G_GSIZE_FORMAT "-byte text in %.0f ms; "
          "repack %.0f ms, git gc --aggressive %.0f ms; packs %" G_GUINT64_FORMAT
          " bytes, git's %" G_GUINT64_FORMAT "\n",
          SIZE_SNAPSHOTS, text->len, snapshots_ms, repack_ms, gc_ms, packs_size (repo), packs_size (copy));
  printf ("BENCH history-repo-size-100-loose %" G_GUINT64_FORMAT " bytes\n", loose);
  printf ("BENCH history-repo-size-100 %" G_GUINT64_FORMAT " bytes baseline=%" G_GUINT64_FORMAT
          " ratio=%.2f\n", ours, git, (double) ours / git);
  g_string_free (text, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  const char *corpus = g_getenv ("EPISTLE_CORPUS");
  g_autofree char *tmp = g_dir_make_tmp ("epistle-bench-history-XXXXXX", NULL);
  g_autofree char *home = g_build_filename (tmp, "home", NULL);
  g_autofree char *config = g_build_filename (tmp, "config", NULL);
  g_autofree char *data = g_build_filename (tmp, "data", NULL);
  g_autofree char *bundle = g_build_filename (corpus != NULL ? corpus : ".", "war-and-peace-history.bundle", NULL);
  g_autofree char *letter_path = g_build_filename (corpus != NULL ? corpus : ".", "open-letter.txt", NULL);
  g_autofree char *clone = g_build_filename (tmp, "wap", NULL);
  g_autofree char *log = NULL;
  g_autofree char *first_text = NULL;
  g_autofree char *last_text = NULL;
  g_autofree char *letter = NULL;
  g_auto(GStrv) revisions = NULL;
  guint n;

  (void) argc;
  (void) argv;
  if (!g_file_test (bundle, G_FILE_TEST_EXISTS) || !g_file_get_contents (letter_path, &letter, NULL, NULL))
    {
      fprintf (stderr, "bench-history: the corpus ($EPISTLE_CORPUS) is not available\n");
      return 77;
    }
  /* Before libgit2 reads any configuration: neither side sees the user's. */
  g_mkdir_with_parents (home, 0700);
  g_mkdir_with_parents (config, 0700);
  g_mkdir_with_parents (data, 0700);
  g_setenv ("HOME", home, TRUE);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  g_setenv ("XDG_DATA_HOME", data, TRUE);
  g_setenv ("GIT_CONFIG_NOSYSTEM", "1", TRUE);
  g_unsetenv ("GIT_DIR");
  g_unsetenv ("GIT_WORK_TREE");
  g_unsetenv ("GIT_INDEX_FILE");

  {
    const char *argv_clone[] = { "-c", "init.defaultBranch=main", "clone", "--quiet", bundle, clone, NULL };
    const char *argv_log[] = { "log", "--reverse", "--format=%H", NULL };

    git_in (tmp, argv_clone, NULL);
    git_in (clone, argv_log, &log);
  }
  revisions = g_strsplit (g_strstrip (log), "\n", -1);
  n = g_strv_length (revisions);
  g_assert_cmpuint (n, >=, 2);
  {
    g_autofree char *first_rev = g_strdup_printf ("%s:war_and_peace.txt", revisions[0]);
    g_autofree char *last_rev = g_strdup_printf ("%s:war_and_peace.txt", revisions[n - 1]);
    const char *show_first[] = { "show", first_rev, NULL };
    const char *show_last[] = { "show", last_rev, NULL };

    git_in (clone, show_first, &first_text);
    git_in (clone, show_last, &last_text);
  }

  bench_snapshot (tmp, last_text);
  bench_word_diff (clone, revisions[0], revisions[n - 1], first_text, last_text);
  bench_log (tmp, letter);
  bench_size (tmp, first_text);

  if (g_getenv ("EPISTLE_BENCH_KEEP") != NULL)
    printf ("# the repositories are kept in %s\n", tmp);
  else
    epistle_bench_remove_tree (tmp);
  return 0;
}
