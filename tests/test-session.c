/* SPDX-License-Identifier: GPL-3.0-or-later
 * test-session.c — the session file: round trip of entries and the clean
 * flag, first run without a file, damaged files and the default location. */

#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "epistle-atomic.h"
#include "epistle-session.h"

/* ---------------------------------------------------------------- helpers -- */

static void
rm_rf (const char *path)
{
  GStatBuf st;

  if (g_lstat (path, &st) != 0)
    return;

  if (S_ISDIR (st.st_mode))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          rm_rf (child);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

typedef struct {
  char *tmpdir;
  char *path;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->tmpdir = g_dir_make_tmp ("epistle-session-XXXXXX", &error);
  g_assert_no_error (error);
  /* In a folder that does not exist yet: save creates it. */
  f->path = g_build_filename (f->tmpdir, "state", "epistle", "session.ini", NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  rm_rf (f->tmpdir);
  g_free (f->tmpdir);
  g_free (f->path);
}

static const EpistleSessionEntry *
entry_at (EpistleSession *session,
          guint           i)
{
  GPtrArray *entries = epistle_session_get_entries (session);

  g_assert_cmpuint (i, <, entries->len);
  return g_ptr_array_index (entries, i);
}

static void
write_session_file (Fixture    *f,
                    const char *contents)
{
  g_autofree char *dir = g_path_get_dirname (f->path);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (f->path, contents, -1, &error);
  g_assert_no_error (error);
}

/* ------------------------------------------------------------------ tests -- */

static void
test_default_path (void)
{
  g_autoptr(EpistleSession) session = epistle_session_new (NULL);
  g_autofree char *expected = g_build_filename (g_get_user_state_dir (), "epistle", "session.ini", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (epistle_session_get_path (session), ==, expected);

  /* Saving creates $XDG_STATE_HOME/epistle (isolated by the test harness). */
  epistle_session_add_entry (session, "file:///a.md", NULL, 1, FALSE);
  g_assert_true (epistle_session_save (session, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (expected, G_FILE_TEST_IS_REGULAR));
}

static void
test_roundtrip (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(EpistleSession) session = epistle_session_new (f->path);
  g_autoptr(EpistleSession) loaded = epistle_session_new (f->path);
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = g_path_get_dirname (f->path);
  GStatBuf st;

  g_assert_cmpstr (epistle_session_get_path (session), ==, f->path);

  epistle_session_add_entry (session, "file:///home/w/open%20letter.md", "0b6f7c1e-6f4c-4bd2-9d0a-1f0c3a4e5b6d", 1234, TRUE);
  epistle_session_add_entry (session, NULL, "c5b1f0de-3f3d-47a1-8a66-0e4b8b0c2a11", 0, TRUE);
  epistle_session_add_entry (session, "file:///home/w/chapter%201.md", NULL, 98765432109LL, FALSE);
  epistle_session_add_entry (session, "file:///tmp/%E2%80%9Cq%E2%80%9D;x=1#frag", NULL, 5, FALSE);
  epistle_session_set_clean (session, FALSE);

  g_assert_true (epistle_session_save (session, &error));
  g_assert_no_error (error);

  g_assert_cmpint (g_stat (folder, &st), ==, 0);
  g_assert_cmpuint (st.st_mode & 0777, ==, 0700);

  g_assert_true (epistle_session_load (loaded, &error));
  g_assert_no_error (error);
  g_assert_false (epistle_session_get_clean (loaded));
  g_assert_cmpuint (epistle_session_get_entries (loaded)->len, ==, 4);

  g_assert_cmpstr (entry_at (loaded, 0)->uri, ==, "file:///home/w/open%20letter.md");
  g_assert_cmpstr (entry_at (loaded, 0)->draft_id, ==, "0b6f7c1e-6f4c-4bd2-9d0a-1f0c3a4e5b6d");
  g_assert_cmpint (entry_at (loaded, 0)->cursor, ==, 1234);
  g_assert_true (entry_at (loaded, 0)->modified);

  g_assert_null (entry_at (loaded, 1)->uri);
  g_assert_cmpstr (entry_at (loaded, 1)->draft_id, ==, "c5b1f0de-3f3d-47a1-8a66-0e4b8b0c2a11");
  g_assert_cmpint (entry_at (loaded, 1)->cursor, ==, 0);
  g_assert_true (entry_at (loaded, 1)->modified);

  g_assert_cmpstr (entry_at (loaded, 2)->uri, ==, "file:///home/w/chapter%201.md");
  g_assert_null (entry_at (loaded, 2)->draft_id);
  g_assert_cmpint (entry_at (loaded, 2)->cursor, ==, 98765432109LL);
  g_assert_false (entry_at (loaded, 2)->modified);

  g_assert_cmpstr (entry_at (loaded, 3)->uri, ==, "file:///tmp/%E2%80%9Cq%E2%80%9D;x=1#frag");

  /* The clean flag goes both ways, and a shorter session replaces a longer. */
  epistle_session_set_clean (session, TRUE);
  epistle_session_clear_entries (session);
  g_assert_cmpuint (epistle_session_get_entries (session)->len, ==, 0);
  epistle_session_add_entry (session, "file:///only.md", NULL, 3, FALSE);
  g_assert_true (epistle_session_save (session, &error));
  g_assert_no_error (error);

  g_assert_true (epistle_session_load (loaded, &error));
  g_assert_no_error (error);
  g_assert_true (epistle_session_get_clean (loaded));
  g_assert_cmpuint (epistle_session_get_entries (loaded)->len, ==, 1);
  g_assert_cmpstr (entry_at (loaded, 0)->uri, ==, "file:///only.md");
}

static void
on_saved (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
test_save_async (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(EpistleSession) session = epistle_session_new (f->path);
  g_autoptr(EpistleSession) loaded = epistle_session_new (f->path);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  epistle_session_add_entry (session, "file:///letter.md", "d1", 42, TRUE);
  epistle_session_set_clean (session, FALSE);
  epistle_session_save_async (session, NULL, on_saved, &result);

  /* The state was captured when the save was asked for: later changes
   * belong to the next save. */
  epistle_session_clear_entries (session);
  epistle_session_set_clean (session, TRUE);

  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (epistle_session_save_finish (result, &error));
  g_assert_no_error (error);

  g_assert_true (epistle_session_load (loaded, &error));
  g_assert_no_error (error);
  g_assert_false (epistle_session_get_clean (loaded));
  g_assert_cmpuint (epistle_session_get_entries (loaded)->len, ==, 1);
  g_assert_cmpstr (entry_at (loaded, 0)->uri, ==, "file:///letter.md");
  g_assert_cmpstr (entry_at (loaded, 0)->draft_id, ==, "d1");
  g_assert_cmpint (entry_at (loaded, 0)->cursor, ==, 42);
}

static void
test_file_format (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(EpistleSession) session = epistle_session_new (f->path);
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *uri0 = NULL;
  g_autofree char *draft0 = NULL;
  g_autofree char *uri1 = NULL;

  epistle_session_add_entry (session, "file:///a.md", "draft-a", 7, TRUE);
  epistle_session_add_entry (session, "file:///b.md", NULL, 0, FALSE);
  epistle_session_set_clean (session, TRUE);
  g_assert_true (epistle_session_save (session, &error));
  g_assert_no_error (error);

  /* The documented layout, which other tools (and older versions) read. */
  g_key_file_load_from_file (keyfile, f->path, G_KEY_FILE_NONE, &error);
  g_assert_no_error (error);
  uri0 = g_key_file_get_value (keyfile, "document0", "uri", NULL);
  draft0 = g_key_file_get_value (keyfile, "document0", "draft", NULL);
  uri1 = g_key_file_get_value (keyfile, "document1", "uri", NULL);
  g_assert_true (g_key_file_get_boolean (keyfile, "session", "clean", NULL));
  g_assert_cmpstr (uri0, ==, "file:///a.md");
  g_assert_cmpstr (draft0, ==, "draft-a");
  g_assert_cmpint (g_key_file_get_int64 (keyfile, "document0", "cursor", NULL), ==, 7);
  g_assert_true (g_key_file_get_boolean (keyfile, "document0", "modified", NULL));
  g_assert_cmpstr (uri1, ==, "file:///b.md");
  g_assert_false (g_key_file_has_key (keyfile, "document1", "draft", NULL));
  g_assert_false (g_key_file_has_group (keyfile, "document2"));
}

static void
test_missing_file (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(EpistleSession) session = epistle_session_new (f->path);
  g_autoptr(GError) error = NULL;

  /* Stale entries from before are dropped by load. */
  epistle_session_add_entry (session, "file:///stale.md", NULL, 0, FALSE);
  epistle_session_set_clean (session, FALSE);

  g_assert_true (epistle_session_load (session, &error));
  g_assert_no_error (error);
  g_assert_true (epistle_session_get_clean (session));
  g_assert_cmpuint (epistle_session_get_entries (session)->len, ==, 0);
  /* Loading does not create anything. */
  g_assert_false (g_file_test (f->path, G_FILE_TEST_EXISTS));
}

static void
test_corrupt_file (Fixture       *f,
                   gconstpointer  data)
{
  const char *corrupt[] = {
    "[session\nclean=true\n",                        /* unterminated group   */
    "clean=true\n[document0]\nuri=file:///a.md\n",   /* key before any group */
    "\x89PNG\r\n\x1a\n\x01\x02\x03 garbage",         /* not text at all      */
    "[session]\nclean=true\n[document0]\nuri=file:///\xFF\xFE.md\n", /* bad UTF-8 */
  };

  for (guint i = 0; i < G_N_ELEMENTS (corrupt); i++)
    {
      g_autoptr(EpistleSession) session = epistle_session_new (f->path);
      g_autoptr(GError) error = NULL;

      write_session_file (f, corrupt[i]);
      epistle_session_add_entry (session, "file:///stale.md", NULL, 0, FALSE);

      g_assert_false (epistle_session_load (session, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
      g_assert_nonnull (strstr (error->message, "session.ini"));
      /* Empty, and not clean: the file never said so. */
      g_assert_cmpuint (epistle_session_get_entries (session)->len, ==, 0);
      g_assert_false (epistle_session_get_clean (session));
    }
}

static void
test_clean_only_when_said (Fixture       *f,
                           gconstpointer  data)
{
  const struct {
    const char *contents;
    gboolean    clean;
  } cases[] = {
    { "[session]\nclean=true\n", TRUE },
    { "[session]\nclean=false\n", FALSE },
    { "[session]\n", FALSE },
    { "[session]\nclean=perhaps\n", FALSE },
    { "[document0]\nuri=file:///a.md\n", FALSE },
    { "", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(EpistleSession) session = epistle_session_new (f->path);
      g_autoptr(GError) error = NULL;

      write_session_file (f, cases[i].contents);
      g_assert_true (epistle_session_load (session, &error));
      g_assert_no_error (error);
      g_assert_cmpint (epistle_session_get_clean (session), ==, cases[i].clean);
    }
}

static void
test_lenient_entries (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(EpistleSession) session = epistle_session_new (f->path);
  g_autoptr(GError) error = NULL;

  /* Groups out of order (and a gap), a bad cursor, unknown groups/keys. */
  write_session_file (f,
                      "# written by hand\n"
                      "[session]\nclean=true\nfuture-key=1\n"
                      "[document10]\nuri=file:///ten.md\ncursor=10\n"
                      "[document2]\nuri=file:///two.md\ncursor=lots\nmodified=true\n"
                      "[window]\nwidth=800\n"
                      "[documentX]\nuri=file:///not-a-document.md\n"
                      "[document0]\ndraft=abc\n");

  g_assert_true (epistle_session_load (session, &error));
  g_assert_no_error (error);
  g_assert_true (epistle_session_get_clean (session));
  g_assert_cmpuint (epistle_session_get_entries (session)->len, ==, 3);

  g_assert_null (entry_at (session, 0)->uri);
  g_assert_cmpstr (entry_at (session, 0)->draft_id, ==, "abc");
  g_assert_cmpstr (entry_at (session, 1)->uri, ==, "file:///two.md");
  g_assert_cmpint (entry_at (session, 1)->cursor, ==, 0);
  g_assert_true (entry_at (session, 1)->modified);
  g_assert_cmpstr (entry_at (session, 2)->uri, ==, "file:///ten.md");
  g_assert_cmpint (entry_at (session, 2)->cursor, ==, 10);
}

static void
test_save_error (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *blocker = g_build_filename (f->tmpdir, "state", NULL);
  g_autoptr(EpistleSession) session = epistle_session_new (f->path);
  g_autoptr(GError) error = NULL;

  /* "state" is a file, so the session folder cannot be made (even by root). */
  g_assert_true (g_file_set_contents (blocker, "in the way", -1, NULL));

  g_assert_false (epistle_session_save (session, &error));
  g_assert_nonnull (error);
  g_assert_true (error->domain == G_IO_ERROR);
  g_assert_true (g_file_test (blocker, G_FILE_TEST_IS_REGULAR));
}

static void
test_save_is_atomic (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(EpistleSession) session = epistle_session_new (f->path);
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = g_path_get_dirname (f->path);
  g_autoptr(GDir) dir = NULL;
  const char *name;
  GStatBuf before, after;

  g_assert_true (epistle_session_save (session, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (f->path, &before), ==, 0);

  epistle_session_add_entry (session, "file:///a.md", NULL, 0, FALSE);
  g_assert_true (epistle_session_save (session, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (f->path, &after), ==, 0);

  /* Replaced (new inode), and nothing else left in the folder. */
  g_assert_cmpuint (before.st_ino, !=, after.st_ino);
  dir = g_dir_open (folder, 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_assert_cmpstr (name, ==, "session.ini");
}

int
main (int   argc,
      char *argv[])
{
  /* Each test gets its own $XDG_STATE_HOME, so nothing touches the real one. */
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/epistle/session/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  g_test_add_func ("/epistle/session/default-path", test_default_path);
  ADD ("save-async", test_save_async);
  ADD ("roundtrip", test_roundtrip);
  ADD ("file-format", test_file_format);
  ADD ("missing-file", test_missing_file);
  ADD ("corrupt-file", test_corrupt_file);
  ADD ("clean-only-when-said", test_clean_only_when_said);
  ADD ("lenient-entries", test_lenient_entries);
  ADD ("save-error", test_save_error);
  ADD ("save-is-atomic", test_save_is_atomic);

#undef ADD

  return g_test_run ();
}
