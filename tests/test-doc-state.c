/* SPDX-License-Identifier: GPL-3.0-or-later
 * test-doc-state.c — per-document memory: round trip through the file,
 * Save As copies, a damaged file, pruning of the least recently used. */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "epistle-doc-state.h"

static char *
temp_path (const char *name)
{
  g_autofree char *dir = g_dir_make_tmp ("epistle-doc-state-XXXXXX", NULL);

  g_assert_nonnull (dir);
  /* A folder that does not exist yet: saving must create it. */
  return g_build_filename (dir, "state", name, NULL);
}

static void
remove_file_and_folders (const char *path)
{
  g_autofree char *state = g_path_get_dirname (path);
  g_autofree char *top = g_path_get_dirname (state);

  g_unlink (path);
  g_rmdir (state);
  g_rmdir (top);
}

static void
test_round_trip (void)
{
  g_autofree char *path = temp_path ("documents.ini");
  g_autoptr(EpistleDocState) state = epistle_doc_state_new (path);
  g_autoptr(EpistleDocState) again = epistle_doc_state_new (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *lang = NULL;
  g_autofree char *other = NULL;
  const char *odd = "sftp://host/letters/[draft] 2.md";

  g_assert_true (epistle_doc_state_load (state, &error));   /* no file yet */
  g_assert_no_error (error);
  g_assert_cmpuint (epistle_doc_state_get_n_documents (state), ==, 0);

  epistle_doc_state_set_string (state, "file:///home/w/letter.md", "spell-language", "en_GB");
  epistle_doc_state_set_boolean (state, "file:///home/w/letter.md", "spell-enabled", FALSE);
  epistle_doc_state_set_string (state, odd, "spell-language", "de_DE");
  g_assert_true (epistle_doc_state_save (state, &error));
  g_assert_no_error (error);

  g_assert_true (epistle_doc_state_load (again, &error));
  g_assert_no_error (error);
  lang = epistle_doc_state_get_string (again, "file:///home/w/letter.md", "spell-language");
  g_assert_cmpstr (lang, ==, "en_GB");
  g_assert_false (epistle_doc_state_get_boolean (again, "file:///home/w/letter.md", "spell-enabled", TRUE));
  /* Unknown documents and keys give the fallback. */
  g_assert_true (epistle_doc_state_get_boolean (again, "file:///elsewhere.md", "spell-enabled", TRUE));
  g_assert_null (epistle_doc_state_get_string (again, "file:///elsewhere.md", "spell-language"));
  other = epistle_doc_state_get_string (again, odd, "spell-language");
  g_assert_cmpstr (other, ==, "de_DE");
  g_assert_cmpuint (epistle_doc_state_get_n_documents (again), ==, 2);

  /* Forgetting a key. */
  epistle_doc_state_set_string (again, odd, "spell-language", NULL);
  g_assert_null (epistle_doc_state_get_string (again, odd, "spell-language"));

  remove_file_and_folders (path);
}

static void
test_copy (void)
{
  g_autofree char *path = temp_path ("documents.ini");
  g_autoptr(EpistleDocState) state = epistle_doc_state_new (path);
  g_autofree char *copied = NULL;
  g_autofree char *kept = NULL;

  epistle_doc_state_set_string (state, "file:///a.md", "spell-language", "fr_FR");
  epistle_doc_state_copy (state, "file:///a.md", "file:///b.md");
  copied = epistle_doc_state_get_string (state, "file:///b.md", "spell-language");
  kept = epistle_doc_state_get_string (state, "file:///a.md", "spell-language");
  g_assert_cmpstr (copied, ==, "fr_FR");
  g_assert_cmpstr (kept, ==, "fr_FR");
  /* Nothing remembered: nothing copied. */
  epistle_doc_state_copy (state, "file:///none.md", "file:///c.md");
  g_assert_cmpuint (epistle_doc_state_get_n_documents (state), ==, 2);
}

static void
test_damaged (void)
{
  g_autofree char *path = temp_path ("documents.ini");
  g_autofree char *folder = g_path_get_dirname (path);
  g_autoptr(EpistleDocState) state = epistle_doc_state_new (path);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, "this is [not a key file\n\x01\x02", -1, NULL));
  g_assert_false (epistle_doc_state_load (state, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, path));
  /* Usable and empty afterwards; saving replaces the damaged file. */
  g_assert_cmpuint (epistle_doc_state_get_n_documents (state), ==, 0);
  epistle_doc_state_set_boolean (state, "file:///x.md", "spell-enabled", TRUE);
  g_clear_error (&error);
  g_assert_true (epistle_doc_state_save (state, &error));
  g_assert_no_error (error);
  g_assert_true (epistle_doc_state_load (state, &error));
  g_assert_true (epistle_doc_state_get_boolean (state, "file:///x.md", "spell-enabled", FALSE));
  remove_file_and_folders (path);
}

static void
test_prune (void)
{
  g_autofree char *path = temp_path ("documents.ini");
  g_autoptr(EpistleDocState) state = epistle_doc_state_new (path);
  g_autoptr(EpistleDocState) again = epistle_doc_state_new (path);
  g_autoptr(GString) data = g_string_new (NULL);
  g_autofree char *folder = g_path_get_dirname (path);
  g_autofree char *newest = NULL;

  /* A file with more documents than the bound, written by hand so that
   * each has its own "used" time: the oldest must go on saving. */
  for (guint i = 0; i < EPISTLE_DOC_STATE_MAX_DOCUMENTS + 50; i++)
    g_string_append_printf (data, "[file:///doc%u.md]\nused=%u\nspell-language=en_US\n\n", i, 1000 + i);
  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, data->str, data->len, NULL));
  g_assert_true (epistle_doc_state_load (state, NULL));
  g_assert_cmpuint (epistle_doc_state_get_n_documents (state), ==, EPISTLE_DOC_STATE_MAX_DOCUMENTS + 50);
  g_assert_true (epistle_doc_state_save (state, NULL));

  g_assert_true (epistle_doc_state_load (again, NULL));
  g_assert_cmpuint (epistle_doc_state_get_n_documents (again), ==, EPISTLE_DOC_STATE_MAX_DOCUMENTS);
  g_assert_null (epistle_doc_state_get_string (again, "file:///doc0.md", "spell-language"));
  g_assert_null (epistle_doc_state_get_string (again, "file:///doc49.md", "spell-language"));
  newest = epistle_doc_state_get_string (again, "file:///doc50.md", "spell-language");
  g_assert_cmpstr (newest, ==, "en_US");
  remove_file_and_folders (path);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/doc-state/round-trip", test_round_trip);
  g_test_add_func ("/doc-state/copy", test_copy);
  g_test_add_func ("/doc-state/damaged", test_damaged);
  g_test_add_func ("/doc-state/prune", test_prune);
  return g_test_run ();
}
