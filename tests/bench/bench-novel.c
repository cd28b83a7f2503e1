/* SPDX-License-Identifier: GPL-3.0-or-later
 * bench-novel.c — the novel for benchmarks and long tests (see the header). */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "bench-novel.h"

void
epistle_bench_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        epistle_bench_remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

/* Joins the lines of each paragraph with a space; blank lines stay
 * paragraph breaks.  One pass (g_strsplit's strstr is slow under ASan). */
static char *
one_line_paragraphs (const char *text)
{
  GString *out = g_string_sized_new (strlen (text));
  const char *p = text;

  while (*p != '\0')
    {
      const char *end = strchr (p, '\n');
      gsize length = end != NULL ? (gsize) (end - p) : strlen (p);

      while (length > 0 && g_ascii_isspace (p[length - 1]))
        length--;
      if (length == 0)
        g_string_append (out, p == text ? "" : "\n\n");
      else
        {
          if (out->len > 0 && out->str[out->len - 1] != '\n')
            g_string_append_c (out, ' ');
          g_string_append_len (out, p, length);
        }
      if (end == NULL)
        break;
      p = end + 1;
    }
  return g_string_free (out, FALSE);
}

char *
epistle_bench_novel_text (const char *cache,
                          gboolean    one_line)
{
  g_autofree char *repo = g_build_filename (cache, "wap", NULL);
  g_autofree char *source = g_build_filename (repo, "war_and_peace.txt", NULL);
  g_autofree char *contents = NULL;

  if (!g_file_test (source, G_FILE_TEST_EXISTS))
    {
      const char *corpus = g_getenv ("EPISTLE_CORPUS");
      g_autofree char *bundle = g_build_filename (corpus != NULL ? corpus : ".",
                                                  "war-and-peace-history.bundle", NULL);
      const char *argv[] = { "git", "-c", "init.defaultBranch=main", "clone", "--quiet", bundle, repo, NULL };
      int status = 0;

      if (!g_file_test (bundle, G_FILE_TEST_EXISTS))
        return NULL;
      g_mkdir_with_parents (cache, 0755);
      if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, NULL) ||
          !g_spawn_check_wait_status (status, NULL))
        return NULL;
    }
  if (!g_file_get_contents (source, &contents, NULL, NULL))
    return NULL;
  return one_line ? one_line_paragraphs (contents) : g_steal_pointer (&contents);
}

char *
epistle_bench_novel_file (const char *cache,
                          gboolean    one_line)
{
  g_autofree char *text = epistle_bench_novel_text (cache, one_line);
  char *target = g_build_filename (cache, one_line ? "war_and_peace-paragraphs.txt" : "war_and_peace.txt", NULL);

  if (text == NULL)
    g_error ("Could not clone the novel from $EPISTLE_CORPUS/war-and-peace-history.bundle");
  if (!g_file_set_contents (target, text, -1, NULL))
    g_error ("Could not write %s", target);
  return target;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

double
epistle_bench_percentile (GArray *times,
                          double  p)
{
  guint index;

  g_return_val_if_fail (times != NULL && times->len > 0, 0);
  g_array_sort (times, compare_double);
  index = (guint) (p / 100.0 * (times->len - 1) + 0.5);
  return g_array_index (times, double, MIN (index, times->len - 1));
}
