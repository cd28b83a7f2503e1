/* SPDX-License-Identifier: GPL-3.0-or-later
 * test-drafts.c — the draft store: save/load/list/remove, metadata, order,
 * collection of orphans, concurrent saves and damaged entries. */

#include "config.h"

#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "epistle-atomic.h"
#include "epistle-drafts.h"

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
  char              *tmpdir;
  char              *dir;
  EpistleDraftStore *store;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->tmpdir = g_dir_make_tmp ("epistle-drafts-XXXXXX", &error);
  g_assert_no_error (error);
  /* A folder that does not exist yet: the store creates it on demand. */
  f->dir = g_build_filename (f->tmpdir, "data", "drafts", NULL);
  f->store = epistle_draft_store_new (f->dir);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  /* A worker thread may hold the last task reference for a moment after
   * the callback ran; the store must still go away, without leaking. */
  g_object_add_weak_pointer (G_OBJECT (f->store), (gpointer *) &f->store);
  g_object_unref (f->store);
  while (f->store != NULL && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_assert_null (f->store);

  rm_rf (f->tmpdir);
  g_free (f->tmpdir);
  g_free (f->dir);
}

static char *
draft_file (Fixture    *f,
            const char *id,
            const char *suffix)
{
  g_autofree char *name = g_strconcat (id, suffix, NULL);

  return g_build_filename (f->dir, name, NULL);
}

static void
save (Fixture    *f,
      const char *id,
      const char *text)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (epistle_draft_store_save (f->store, id, text, -1,
                                           "file:///home/w/letter.md", "letter.md",
                                           0, &error));
  g_assert_no_error (error);
}

static void
set_file_time (const char *path,
               gint64      usec)
{
  struct timespec times[2];

  times[0].tv_sec = times[1].tv_sec = usec / G_USEC_PER_SEC;
  times[0].tv_nsec = times[1].tv_nsec = (usec % G_USEC_PER_SEC) * 1000;
  g_assert_cmpint (utimensat (AT_FDCWD, path, times, 0), ==, 0);
}

/* Makes a draft look as if it had last been written @seconds ago. */
static void
age_draft (Fixture    *f,
           const char *id,
           gint64      seconds)
{
  g_autofree char *txt = draft_file (f, id, ".txt");
  g_autofree char *ini = draft_file (f, id, ".ini");
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  gint64 when = g_get_real_time () - seconds * G_USEC_PER_SEC;

  if (g_file_test (ini, G_FILE_TEST_EXISTS))
    {
      g_key_file_load_from_file (keyfile, ini, G_KEY_FILE_KEEP_COMMENTS, &error);
      g_assert_no_error (error);
      g_key_file_set_int64 (keyfile, "Draft", "modified", when);
      g_key_file_save_to_file (keyfile, ini, &error);
      g_assert_no_error (error);
      set_file_time (ini, when);
    }

  if (g_file_test (txt, G_FILE_TEST_EXISTS))
    set_file_time (txt, when);
}

static gboolean
draft_exists (Fixture    *f,
              const char *id)
{
  g_autofree char *txt = draft_file (f, id, ".txt");
  g_autofree char *ini = draft_file (f, id, ".ini");

  return g_file_test (txt, G_FILE_TEST_EXISTS) || g_file_test (ini, G_FILE_TEST_EXISTS);
}

static guint
count_temp_files (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;
  guint n = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (epistle_atomic_is_temp_name (name))
      n++;

  return n;
}

/* ------------------------------------------------------------------ tests -- */

static void
test_default_directory (void)
{
  g_autoptr(EpistleDraftStore) store = epistle_draft_store_new (NULL);
  g_autofree char *expected = g_build_filename (g_get_user_data_dir (), "epistle", "drafts", NULL);
  g_autofree char *prop = NULL;

  g_assert_cmpstr (epistle_draft_store_get_directory (store), ==, expected);
  g_object_get (store, "directory", &prop, NULL);
  g_assert_cmpstr (prop, ==, expected);
}

static void
test_new_id (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *a = epistle_draft_store_new_id (f->store);
  g_autofree char *b = epistle_draft_store_new_id (f->store);

  g_assert_true (g_uuid_string_is_valid (a));
  g_assert_true (g_uuid_string_is_valid (b));
  g_assert_cmpstr (a, !=, b);
}

static void
test_save_load (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *id = epistle_draft_store_new_id (f->store);
  g_autofree char *txt = draft_file (f, id, ".txt");
  g_autofree char *ini = draft_file (f, id, ".ini");
  g_autofree char *text = NULL;
  g_autoptr(EpistleDraftInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  const char *letter = "Dear Comrade,\n\nIt’s been a while.\xC2\xA0Yours,\n";
  gint64 before = g_get_real_time ();
  GStatBuf st;

  g_assert_false (g_file_test (f->dir, G_FILE_TEST_EXISTS));

  g_assert_true (epistle_draft_store_save (f->store, id, letter, -1,
                                           "file:///home/w/open%20letter.md",
                                           "open letter.md", 42, &error));
  g_assert_no_error (error);

  /* The folder is private, and both halves are there. */
  g_assert_cmpint (g_stat (f->dir, &st), ==, 0);
  g_assert_cmpuint (st.st_mode & 0777, ==, 0700);
  g_assert_true (g_file_test (txt, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (ini, G_FILE_TEST_IS_REGULAR));

  text = epistle_draft_store_load (f->store, id, &info, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, letter);
  g_assert_nonnull (info);
  g_assert_cmpstr (info->id, ==, id);
  g_assert_cmpstr (info->uri, ==, "file:///home/w/open%20letter.md");
  g_assert_cmpstr (info->title, ==, "open letter.md");
  g_assert_cmpint (info->cursor, ==, 42);
  g_assert_cmpint (info->modified, >=, before);
  g_assert_cmpint (info->modified, <=, g_get_real_time ());

  /* Saving again replaces the text. */
  g_clear_pointer (&text, g_free);
  save (f, id, "shorter");
  text = epistle_draft_store_load (f->store, id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, "shorter");

  g_assert_cmpuint (count_temp_files (f->dir), ==, 0);
}

static void
test_save_with_length (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  /* Only the first @length bytes are the draft. */
  g_assert_true (epistle_draft_store_save (f->store, "abc", "hello world", 5,
                                           NULL, NULL, 0, &error));
  g_assert_no_error (error);
  text = epistle_draft_store_load (f->store, "abc", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, "hello");
}

static void
test_metadata_roundtrip (Fixture       *f,
                         gconstpointer  data)
{
  const struct {
    const char *uri;
    const char *title;
    gint64      cursor;
  } cases[] = {
    { NULL, "Untitled Letter", 0 },
    { "file:///tmp/a%20b/%E2%80%9Cq%E2%80%9D.md", "“Quoted” title = #1 ; [x]", 123456789012LL },
    { "sftp://host/home/w/letter.txt", "line\nbreak\tand\\backslash  ", 7 },
    { "file:///x.md", NULL, 1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *id = epistle_draft_store_new_id (f->store);
      g_autofree char *text = NULL;
      g_autoptr(EpistleDraftInfo) info = NULL;
      g_autoptr(GError) error = NULL;

      g_assert_true (epistle_draft_store_save (f->store, id, "text", -1, cases[i].uri,
                                               cases[i].title, cases[i].cursor, &error));
      g_assert_no_error (error);

      text = epistle_draft_store_load (f->store, id, &info, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (info->uri, ==, cases[i].uri);
      g_assert_cmpstr (info->title, ==, cases[i].title);
      g_assert_cmpint (info->cursor, ==, cases[i].cursor);
    }
}

static void
test_list_newest_first (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GPtrArray) empty = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) list2 = NULL;
  const char *ids[] = { "first", "second", "third" };

  /* No folder yet: an empty list, not an error. */
  empty = epistle_draft_store_list (f->store);
  g_assert_cmpuint (empty->len, ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      save (f, ids[i], ids[i]);
      /* Make the order unambiguous whatever the clock's resolution. */
      age_draft (f, ids[i], 100 - i * 10);
    }

  list = epistle_draft_store_list (f->store);
  g_assert_cmpuint (list->len, ==, 3);
  g_assert_cmpstr (((EpistleDraftInfo *) list->pdata[0])->id, ==, "third");
  g_assert_cmpstr (((EpistleDraftInfo *) list->pdata[1])->id, ==, "second");
  g_assert_cmpstr (((EpistleDraftInfo *) list->pdata[2])->id, ==, "first");
  g_assert_cmpstr (((EpistleDraftInfo *) list->pdata[0])->uri, ==, "file:///home/w/letter.md");
  g_assert_cmpstr (((EpistleDraftInfo *) list->pdata[0])->title, ==, "letter.md");

  /* Writing the oldest again makes it the newest. */
  save (f, "first", "again");
  list2 = epistle_draft_store_list (f->store);
  g_assert_cmpuint (list2->len, ==, 3);
  g_assert_cmpstr (((EpistleDraftInfo *) list2->pdata[0])->id, ==, "first");
  g_assert_cmpstr (((EpistleDraftInfo *) list2->pdata[1])->id, ==, "third");
}

static void
test_remove (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  save (f, "gone", "text");
  save (f, "stays", "text");
  g_assert_true (draft_exists (f, "gone"));

  g_assert_true (epistle_draft_store_remove (f->store, "gone", &error));
  g_assert_no_error (error);
  g_assert_false (draft_exists (f, "gone"));
  g_assert_true (draft_exists (f, "stays"));

  text = epistle_draft_store_load (f->store, "gone", NULL, &error);
  g_assert_null (text);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Removing it again is not an error. */
  g_assert_true (epistle_draft_store_remove (f->store, "gone", &error));
  g_assert_no_error (error);

  list = epistle_draft_store_list (f->store);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (((EpistleDraftInfo *) list->pdata[0])->id, ==, "stays");
}

static void
test_invalid_id (Fixture       *f,
                 gconstpointer  data)
{
  const char *bad[] = { "../../etc/passwd", "a/b", ".hidden", "", "x y" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *text = epistle_draft_store_load (f->store, bad[i], NULL, &error);

      g_assert_null (text);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
      g_clear_error (&error);

      g_assert_false (epistle_draft_store_remove (f->store, bad[i], &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    }
}

static void
test_broken_entries_skipped (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(EpistleDraftInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *garbage_ini = NULL;
  g_autofree char *no_modified_ini = NULL;
  g_autofree char *no_text_txt = NULL;
  g_autofree char *no_meta_ini = NULL;
  g_autofree char *odd = NULL;

  save (f, "good", "good text");
  save (f, "garbage", "text");
  save (f, "nomodified", "text");
  save (f, "notext", "text");
  save (f, "nometa", "recover me");

  garbage_ini = draft_file (f, "garbage", ".ini");
  g_assert_true (g_file_set_contents (garbage_ini, "[Draft\nthis is = not\x01 a key file\n", -1, NULL));
  no_modified_ini = draft_file (f, "nomodified", ".ini");
  g_assert_true (g_file_set_contents (no_modified_ini, "[Draft]\nuri=file:///x\nmodified=yesterday\n", -1, NULL));
  no_text_txt = draft_file (f, "notext", ".txt");
  g_assert_cmpint (g_unlink (no_text_txt), ==, 0);
  no_meta_ini = draft_file (f, "nometa", ".ini");
  g_assert_cmpint (g_unlink (no_meta_ini), ==, 0);
  /* Files that are not drafts at all. */
  odd = g_build_filename (f->dir, "README", NULL);
  g_assert_true (g_file_set_contents (odd, "hello", -1, NULL));

  list = epistle_draft_store_list (f->store);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (((EpistleDraftInfo *) list->pdata[0])->id, ==, "good");

  /* The text of a draft whose metadata is gone can still be recovered. */
  text = epistle_draft_store_load (f->store, "nometa", &info, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, "recover me");
  g_assert_cmpstr (info->id, ==, "nometa");
  g_assert_null (info->uri);
  g_assert_cmpint (info->modified, >, 0);
}

static void
test_collect (Fixture       *f,
              gconstpointer  data)
{
  const char * const keep[] = { "kept-old", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *stray_old = g_build_filename (f->dir, ".orphan-old.txt.AbC123.epistle-tmp", NULL);
  g_autofree char *stray_new = g_build_filename (f->dir, ".young.ini.XyZ789.epistle-tmp", NULL);
  g_autofree char *other = NULL;
  g_autofree char *half_ini = NULL;
  guint removed;

  save (f, "kept-old", "listed in the session");
  save (f, "orphan-old", "nobody wants me");
  save (f, "young", "written a moment ago");
  save (f, "half-old", "text without metadata");
  half_ini = draft_file (f, "half-old", ".ini");
  g_assert_cmpint (g_unlink (half_ini), ==, 0);

  age_draft (f, "kept-old", 2 * 3600);
  age_draft (f, "orphan-old", 2 * 3600);
  age_draft (f, "half-old", 2 * 3600);

  g_assert_true (g_file_set_contents (stray_old, "partial", -1, NULL));
  set_file_time (stray_old, g_get_real_time () - (gint64) 2 * 3600 * G_USEC_PER_SEC);
  g_assert_true (g_file_set_contents (stray_new, "in progress", -1, NULL));
  other = g_build_filename (f->dir, "notes.md", NULL);
  g_assert_true (g_file_set_contents (other, "not ours", -1, NULL));
  set_file_time (other, g_get_real_time () - (gint64) 2 * 3600 * G_USEC_PER_SEC);

  removed = epistle_draft_store_collect (f->store, keep, 3600, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (removed, ==, 2);

  g_assert_true (draft_exists (f, "kept-old"));
  g_assert_true (draft_exists (f, "young"));
  g_assert_false (draft_exists (f, "orphan-old"));
  g_assert_false (draft_exists (f, "half-old"));
  g_assert_false (g_file_test (stray_old, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (stray_new, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (other, G_FILE_TEST_EXISTS));

  /* With no age limit and nothing kept, every draft and temp file goes. */
  removed = epistle_draft_store_collect (f->store, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (removed, ==, 2);
  g_assert_false (draft_exists (f, "kept-old"));
  g_assert_false (draft_exists (f, "young"));
  g_assert_cmpuint (count_temp_files (f->dir), ==, 0);
  g_assert_true (g_file_test (other, G_FILE_TEST_EXISTS));
}

static void
test_collect_missing_folder (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (epistle_draft_store_collect (f->store, NULL, 0, &error), ==, 0);
  g_assert_no_error (error);
}

typedef struct {
  const char *name;
  gboolean    ok;
  guint       count;
  GError     *error;
  gboolean    done;
} AsyncState;

static void
save_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  AsyncState *state = user_data;

  state->ok = epistle_draft_store_save_finish (EPISTLE_DRAFT_STORE (source), result, &state->error);
  state->done = TRUE;
  g_main_context_wakeup (NULL);
}

static void
collect_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  AsyncState *state = user_data;

  state->count = epistle_draft_store_collect_finish (EPISTLE_DRAFT_STORE (source), result, &state->error);
  state->ok = state->error == NULL;
  state->done = TRUE;
  g_main_context_wakeup (NULL);
}

static void
test_async (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static ("async draft", 11);
  g_autoptr(EpistleDraftInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  const char * const keep[] = { "other", NULL };
  AsyncState state = { 0 };

  epistle_draft_store_save_async (f->store, "async", bytes, "file:///a.md", "a.md", 3,
                                  NULL, save_done, &state);
  while (!state.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (state.error);
  g_assert_true (state.ok);

  text = epistle_draft_store_load (f->store, "async", &info, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, "async draft");
  g_assert_cmpint (info->cursor, ==, 3);

  memset (&state, 0, sizeof state);
  epistle_draft_store_collect_async (f->store, keep, 0, NULL, collect_done, &state);
  while (!state.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (state.error);
  g_assert_cmpuint (state.count, ==, 1);
  g_assert_false (draft_exists (f, "async"));
}

#define N_THREADS       8
#define SAVES_PER_THREAD 25
#define TEXT_SIZE       (64 * 1024)

typedef struct {
  EpistleDraftStore *store;
  guint              n;
} Worker;

static char *
worker_text (guint n,
             guint round)
{
  char *text = g_malloc (TEXT_SIZE + 1);

  /* Each writer fills the whole text with its own letter, so any mix of
   * two writers (or a truncation) shows. */
  memset (text, 'A' + n, TEXT_SIZE);
  text[TEXT_SIZE] = '\0';
  /* The round number in the first bytes tells versions apart. */
  memcpy (text, &"0123456789"[round % 10], 1);
  return text;
}

static void
assert_draft_consistent (EpistleDraftStore *store,
                         const char        *id)
{
  g_autoptr(EpistleDraftInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = epistle_draft_store_load (store, id, &info, &error);
  guint writer;

  g_assert_no_error (error);
  g_assert_cmpuint (strlen (text), ==, TEXT_SIZE);

  /* Text and metadata come from the same save: the cursor is the writer. */
  writer = info->cursor;
  g_assert_cmpuint (writer, <, N_THREADS);
  for (gsize i = 1; i < TEXT_SIZE; i++)
    if (text[i] != (char) ('A' + writer))
      g_error ("draft %s: byte %" G_GSIZE_FORMAT " is '%c', writer was %u",
               id, i, text[i], writer);
}

static gpointer
worker_thread (gpointer data)
{
  Worker *w = data;
  g_autofree char *own_id = g_strdup_printf ("thread%u", w->n);
  g_autofree char *title = g_strdup_printf ("thread %u", w->n);

  for (guint round = 0; round < SAVES_PER_THREAD; round++)
    {
      g_autofree char *text = worker_text (w->n, round);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) list = NULL;

      /* Every thread also writes one shared draft. */
      if (!epistle_draft_store_save (w->store, round % 2 ? "shared" : own_id, text, TEXT_SIZE,
                                     NULL, title, w->n, &error))
        g_error ("save failed: %s", error->message);

      list = epistle_draft_store_list (w->store);
      g_assert_cmpuint (list->len, >=, 1);

      /* Whatever is read meanwhile is a whole text with its own metadata. */
      if (round > 0)
        assert_draft_consistent (w->store, "shared");
    }

  return NULL;
}

static void
test_concurrent_saves (Fixture       *f,
                       gconstpointer  data)
{
  GThread *threads[N_THREADS];
  Worker workers[N_THREADS];
  g_autoptr(GPtrArray) list = NULL;

  for (guint i = 0; i < N_THREADS; i++)
    {
      workers[i].store = f->store;
      workers[i].n = i;
      threads[i] = g_thread_new ("saver", worker_thread, &workers[i]);
    }

  for (guint i = 0; i < N_THREADS; i++)
    g_thread_join (threads[i]);

  list = epistle_draft_store_list (f->store);
  g_assert_cmpuint (list->len, ==, N_THREADS + 1);

  for (guint i = 0; i < N_THREADS; i++)
    {
      g_autofree char *id = g_strdup_printf ("thread%u", i);

      assert_draft_consistent (f->store, id);
    }
  assert_draft_consistent (f->store, "shared");

  g_assert_cmpuint (count_temp_files (f->dir), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  /* Each test gets its own $XDG_DATA_HOME, so nothing touches the real one. */
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/epistle/drafts/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  g_test_add_func ("/epistle/drafts/default-directory", test_default_directory);
  ADD ("new-id", test_new_id);
  ADD ("save-load", test_save_load);
  ADD ("save-with-length", test_save_with_length);
  ADD ("metadata-roundtrip", test_metadata_roundtrip);
  ADD ("list-newest-first", test_list_newest_first);
  ADD ("remove", test_remove);
  ADD ("invalid-id", test_invalid_id);
  ADD ("broken-entries-skipped", test_broken_entries_skipped);
  ADD ("collect", test_collect);
  ADD ("collect-missing-folder", test_collect_missing_folder);
  ADD ("async", test_async);
  ADD ("concurrent-saves", test_concurrent_saves);

#undef ADD

  return g_test_run ();
}
