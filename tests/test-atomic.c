/* SPDX-License-Identifier: GPL-3.0-or-later
 * test-atomic.c — atomic file replacement: contents, permissions, symlinks,
 * errors that leave the old file alone, and SIGKILL at random moments. */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "epistle-atomic.h"

#define TEST_UMASK 022

/* ---------------------------------------------------------------- helpers -- */

static void
rm_rf (const char *path)
{
  GStatBuf st;

  if (g_lstat (path, &st) != 0)
    return;

  if (S_ISDIR (st.st_mode))
    {
      g_autoptr(GDir) dir = NULL;
      const char *name;

      /* A test may have left the folder read-only. */
      g_chmod (path, 0700);
      dir = g_dir_open (path, 0, NULL);
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

static char *
make_tmpdir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("epistle-atomic-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static guint
count_temp_files (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (epistle_atomic_is_temp_name (name))
      n++;

  return n;
}

static guint
remove_temp_files (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      if (epistle_atomic_is_temp_name (name))
        {
          g_autofree char *file = g_build_filename (path, name, NULL);

          g_assert_cmpint (g_unlink (file), ==, 0);
          n++;
        }
    }

  return n;
}

static guint
count_entries (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;

  return n;
}

static void
assert_file_contents (const char *path,
                      const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (contents, length, expected, strlen (expected));
}

static void
write_file (const char *path,
            const char *contents)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

static guint
file_mode (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_mode & 07777;
}

/* ------------------------------------------------------------------ tests -- */

static void
test_write_new (void)
{
  g_autofree char *dir = make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "letter.md", NULL);
  g_autoptr(GError) error = NULL;
  const char *text = "Dear Editor,\n";

  g_assert_true (epistle_atomic_write (path, text, strlen (text), &error));
  g_assert_no_error (error);

  assert_file_contents (path, text);
  /* A new file gets the usual mode: 0666 less the umask. */
  g_assert_cmpuint (file_mode (path), ==, 0666 & ~TEST_UMASK);
  g_assert_cmpuint (count_entries (dir), ==, 1);

  rm_rf (dir);
}

static void
test_write_empty (void)
{
  g_autofree char *dir = make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "empty.txt", NULL);
  g_autoptr(GError) error = NULL;

  write_file (path, "something");
  g_assert_true (epistle_atomic_write (path, NULL, 0, &error));
  g_assert_no_error (error);
  assert_file_contents (path, "");

  rm_rf (dir);
}

static void
test_replace (void)
{
  g_autofree char *dir = make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "letter.md", NULL);
  g_autoptr(GError) error = NULL;
  const char *text = "Second draft, longer than the first one.\n";
  GStatBuf before, after;

  write_file (path, "First draft.\n");
  g_assert_cmpint (g_stat (path, &before), ==, 0);

  g_assert_true (epistle_atomic_write (path, text, strlen (text), &error));
  g_assert_no_error (error);
  assert_file_contents (path, text);

  /* Replaced by rename, not rewritten in place. */
  g_assert_cmpint (g_stat (path, &after), ==, 0);
  g_assert_cmpuint (before.st_ino, !=, after.st_ino);

  g_assert_true (epistle_atomic_write (path, "short", 5, &error));
  g_assert_no_error (error);
  assert_file_contents (path, "short");

  g_assert_cmpuint (count_entries (dir), ==, 1);

  rm_rf (dir);
}

static void
test_keeps_permissions (void)
{
  g_autofree char *dir = make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "private.md", NULL);
  g_autoptr(GError) error = NULL;
  const guint modes[] = { 0600, 0640, 0604, 0755, 0444 };

  write_file (path, "old");

  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    {
      g_assert_cmpint (g_chmod (path, modes[i]), ==, 0);
      g_assert_true (epistle_atomic_write (path, "new", 3, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (file_mode (path), ==, modes[i]);
      assert_file_contents (path, "new");
    }

  rm_rf (dir);
}

static void
test_keeps_owner (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  if (geteuid () != 0)
    {
      g_test_skip ("only root can give a file to another user");
      return;
    }

  dir = make_tmpdir ();
  path = g_build_filename (dir, "theirs.md", NULL);
  write_file (path, "old");
  g_assert_cmpint (chown (path, 4321, 4321), ==, 0);

  g_assert_true (epistle_atomic_write (path, "new", 3, &error));
  g_assert_no_error (error);

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpuint (st.st_uid, ==, 4321);
  g_assert_cmpuint (st.st_gid, ==, 4321);
  assert_file_contents (path, "new");

  rm_rf (dir);
}

static void
test_follows_symlink (void)
{
  g_autofree char *dir = make_tmpdir ();
  g_autofree char *real_dir = g_build_filename (dir, "real", NULL);
  g_autofree char *target = g_build_filename (real_dir, "letter.md", NULL);
  g_autofree char *link1 = g_build_filename (dir, "link1.md", NULL);
  g_autofree char *link2 = g_build_filename (dir, "link2.md", NULL);
  g_autofree char *read_back = NULL;
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  g_assert_cmpint (g_mkdir (real_dir, 0700), ==, 0);
  write_file (target, "old");
  g_assert_cmpint (g_chmod (target, 0640), ==, 0);
  /* link2 → link1 (absolute) → real/letter.md (relative). */
  g_assert_cmpint (symlink ("real/letter.md", link1), ==, 0);
  g_assert_cmpint (symlink (link1, link2), ==, 0);

  g_assert_true (epistle_atomic_write (link2, "new text", 8, &error));
  g_assert_no_error (error);

  /* The links are still links, the target got the text and kept its mode. */
  g_assert_cmpint (g_lstat (link1, &st), ==, 0);
  g_assert_true (S_ISLNK (st.st_mode));
  g_assert_cmpint (g_lstat (link2, &st), ==, 0);
  g_assert_true (S_ISLNK (st.st_mode));
  read_back = g_file_read_link (link1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (read_back, ==, "real/letter.md");

  assert_file_contents (target, "new text");
  assert_file_contents (link2, "new text");
  g_assert_cmpuint (file_mode (target), ==, 0640);
  g_assert_cmpuint (count_temp_files (dir), ==, 0);
  g_assert_cmpuint (count_temp_files (real_dir), ==, 0);

  rm_rf (dir);
}

static void
test_dangling_symlink (void)
{
  g_autofree char *dir = make_tmpdir ();
  g_autofree char *link = g_build_filename (dir, "link.md", NULL);
  g_autofree char *target = g_build_filename (dir, "created.md", NULL);
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  g_assert_cmpint (symlink ("created.md", link), ==, 0);

  g_assert_true (epistle_atomic_write (link, "hello", 5, &error));
  g_assert_no_error (error);

  g_assert_cmpint (g_lstat (link, &st), ==, 0);
  g_assert_true (S_ISLNK (st.st_mode));
  assert_file_contents (target, "hello");

  rm_rf (dir);
}

static void
test_symlink_loop (void)
{
  g_autofree char *dir = make_tmpdir ();
  g_autofree char *a = g_build_filename (dir, "a", NULL);
  g_autofree char *b = g_build_filename (dir, "b", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (symlink ("b", a), ==, 0);
  g_assert_cmpint (symlink ("a", b), ==, 0);

  g_assert_false (epistle_atomic_write (a, "x", 1, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TOO_MANY_LINKS);
  g_assert_cmpuint (count_entries (dir), ==, 2);

  rm_rf (dir);
}

static void
test_missing_folder (void)
{
  g_autofree char *dir = make_tmpdir ();
  g_autofree char *missing = g_build_filename (dir, "no-such-folder", NULL);
  g_autofree char *path = g_build_filename (missing, "letter.md", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_false (epistle_atomic_write (path, "text", 4, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_true (g_str_has_prefix (error->message, "Could not save “letter.md”: "));

  /* Nothing created: neither the folder nor anything in the parent. */
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_entries (dir), ==, 0);

  rm_rf (dir);
}

static void
test_parent_is_file (void)
{
  g_autofree char *dir = make_tmpdir ();
  g_autofree char *file = g_build_filename (dir, "notes.txt", NULL);
  g_autofree char *path = g_build_filename (file, "letter.md", NULL);
  g_autoptr(GError) error = NULL;

  write_file (file, "a regular file");

  /* Fails for root too, unlike permission checks. */
  g_assert_false (epistle_atomic_write (path, "text", 4, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY);
  g_assert_nonnull (strstr (error->message, "letter.md"));

  assert_file_contents (file, "a regular file");
  g_assert_cmpuint (count_entries (dir), ==, 1);

  rm_rf (dir);
}

static void
test_target_is_directory (void)
{
  g_autofree char *dir = make_tmpdir ();
  g_autofree char *sub = g_build_filename (dir, "letter.md", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir (sub, 0700), ==, 0);

  g_assert_false (epistle_atomic_write (sub, "text", 4, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY);
  g_assert_true (g_file_test (sub, G_FILE_TEST_IS_DIR));
  g_assert_cmpuint (count_entries (dir), ==, 1);

  rm_rf (dir);
}

static void
test_read_only_folder (void)
{
  g_autofree char *dir = make_tmpdir ();
  g_autofree char *locked = g_build_filename (dir, "locked", NULL);
  g_autofree char *path = g_build_filename (locked, "letter.md", NULL);
  g_autofree char *probe = g_build_filename (locked, "probe", NULL);
  g_autoptr(GError) error = NULL;
  int fd;

  g_assert_cmpint (g_mkdir (locked, 0700), ==, 0);
  write_file (path, "the old letter");
  g_assert_cmpint (g_chmod (locked, 0555), ==, 0);

  /* Root (with CAP_DAC_OVERRIDE) writes into read-only folders anyway;
   * see /epistle/atomic/write-fails-keeps-old for a failure root gets too. */
  fd = open (probe, O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd >= 0)
    {
      close (fd);
      g_unlink (probe);
      if (geteuid () == 0)
        {
          g_test_skip ("running as root: a read-only folder does not stop root");
          rm_rf (dir);
          return;
        }
      g_assert_not_reached ();
    }

  g_assert_false (epistle_atomic_write (path, "new", 3, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_assert_true (g_str_has_prefix (error->message, "Could not save “letter.md”: "));

  assert_file_contents (path, "the old letter");
  g_assert_cmpuint (count_entries (locked), ==, 1);

  rm_rf (dir);
}

/* A write that fails half-way (the file-size limit stands in for a full
 * disk; it stops root too): the old file must be intact and no temporary
 * file left behind. */
static void
test_write_fails_keeps_old (void)
{
  g_autofree char *dir = make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "letter.md", NULL);
  g_autofree char *big = NULL;
  g_autoptr(GError) error = NULL;
  struct rlimit saved, limited;
  void (*saved_handler) (int);
  gboolean ok;

  write_file (path, "the old letter");

  big = g_malloc (1024 * 1024);
  memset (big, 'x', 1024 * 1024);

  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &saved), ==, 0);
  limited = saved;
  limited.rlim_cur = 64 * 1024;
  saved_handler = signal (SIGXFSZ, SIG_IGN);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limited), ==, 0);

  ok = epistle_atomic_write (path, big, 1024 * 1024, &error);

  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &saved), ==, 0);
  signal (SIGXFSZ, saved_handler);

  g_assert_false (ok);
  g_assert_nonnull (error);
  g_assert_true (error->domain == G_IO_ERROR);
  g_assert_true (g_str_has_prefix (error->message, "Could not save “letter.md”: "));
  g_test_message ("%s", error->message);

  assert_file_contents (path, "the old letter");
  g_assert_cmpuint (count_temp_files (dir), ==, 0);
  g_assert_cmpuint (count_entries (dir), ==, 1);

  rm_rf (dir);
}

static void
test_temp_name (void)
{
  g_assert_true (epistle_atomic_is_temp_name (".letter.md.a1B2c3.epistle-tmp"));
  g_assert_false (epistle_atomic_is_temp_name ("letter.md"));
  g_assert_false (epistle_atomic_is_temp_name (".hidden"));
  g_assert_false (epistle_atomic_is_temp_name ("letter.epistle-tmp"));
}

static void
fill_pattern (guint8  *data,
              gsize    length,
              guint32  seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);

  for (gsize i = 0; i < length; i++)
    data[i] = g_rand_int (rand) & 0xFF;
}

#define TORN_ROUNDS 50
#define A_SIZE      (2 * 1024 * 1024)
#define B_SIZE      (3 * 1024 * 1024)

/* A child writes A, B, A, B… to one file as fast as it can; the parent
 * kills it with SIGKILL at random moments and checks each time that the
 * file is exactly A or exactly B, never cut short or a mix. */
static void
test_torn_write (void)
{
  g_autofree char *dir = make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "manuscript.md", NULL);
  g_autofree guint8 *a = g_malloc (A_SIZE);
  g_autofree guint8 *b = g_malloc (B_SIZE);
  g_autoptr(GError) error = NULL;
  guint seen_a = 0, seen_b = 0, strays = 0;

  fill_pattern (a, A_SIZE, 1);
  fill_pattern (b, B_SIZE, 2);

  g_assert_true (epistle_atomic_write (path, a, A_SIZE, &error));
  g_assert_no_error (error);

  for (guint round = 0; round < TORN_ROUNDS; round++)
    {
      g_autofree char *contents = NULL;
      gsize length = 0;
      guint temps;
      int status = 0;
      pid_t pid;

      pid = fork ();
      g_assert_cmpint (pid, >=, 0);

      if (pid == 0)
        {
          for (guint i = 0; ; i++)
            {
              /* B first: the file starts out as A. */
              gboolean write_b = i % 2 == 0;

              if (!epistle_atomic_write (path, write_b ? b : a, write_b ? B_SIZE : A_SIZE, NULL))
                _exit (3);
            }
        }

      /* From "before the first write started" to "many writes in". */
      g_usleep (g_random_int_range (0, 20000));
      g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      g_assert_true (WIFSIGNALED (status));
      g_assert_cmpint (WTERMSIG (status), ==, SIGKILL);

      g_file_get_contents (path, &contents, &length, &error);
      g_assert_no_error (error);

      if (length == A_SIZE && memcmp (contents, a, A_SIZE) == 0)
        seen_a++;
      else if (length == B_SIZE && memcmp (contents, b, B_SIZE) == 0)
        seen_b++;
      else
        g_error ("round %u: the file is neither A nor B (%" G_GSIZE_FORMAT " bytes)",
                 round, length);

      /* A kill can leave at most the one temporary file being written. */
      temps = count_temp_files (dir);
      g_assert_cmpuint (temps, <=, 1);
      strays += remove_temp_files (dir);
    }

  g_test_message ("%u rounds: %u times A, %u times B, %u stray temporary files collected",
                  TORN_ROUNDS, seen_a, seen_b, strays);
  /* The kills must really have landed at different moments. */
  g_assert_cmpuint (seen_a + seen_b, ==, TORN_ROUNDS);
  g_assert_cmpuint (seen_b, >, 0);

  g_assert_cmpuint (count_entries (dir), ==, 1);
  rm_rf (dir);
}

typedef struct {
  GError   *error;
  gboolean  ok;
  gboolean  done;
} AsyncResult;

static void
write_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  AsyncResult *res = user_data;

  res->ok = epistle_atomic_write_finish (result, &res->error);
  res->done = TRUE;
  g_main_context_wakeup (NULL);
}

static void
test_async (void)
{
  g_autofree char *dir = make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "letter.md", NULL);
  g_autofree char *bad = g_build_filename (dir, "missing", "letter.md", NULL);
  g_autoptr(GBytes) bytes = g_bytes_new_static ("async text", 10);
  AsyncResult res = { NULL, FALSE, FALSE };

  epistle_atomic_write_async (path, bytes, NULL, write_done, &res);
  while (!res.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (res.error);
  g_assert_true (res.ok);
  assert_file_contents (path, "async text");

  res.done = FALSE;
  epistle_atomic_write_async (bad, bytes, NULL, write_done, &res);
  while (!res.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (res.ok);
  g_assert_error (res.error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&res.error);

  rm_rf (dir);
}

static void
test_async_cancelled (void)
{
  g_autofree char *dir = make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "letter.md", NULL);
  g_autoptr(GBytes) bytes = g_bytes_new_static ("text", 4);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  AsyncResult res = { NULL, FALSE, FALSE };

  g_cancellable_cancel (cancellable);
  epistle_atomic_write_async (path, bytes, cancellable, write_done, &res);
  while (!res.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (res.ok);
  g_assert_error (res.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&res.error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  umask (TEST_UMASK);

  g_test_init (&argc, &argv, NULL);

  /* Forking tests first, before any worker thread exists. */
  g_test_add_func ("/epistle/atomic/torn-write", test_torn_write);
  g_test_add_func ("/epistle/atomic/write-new", test_write_new);
  g_test_add_func ("/epistle/atomic/write-empty", test_write_empty);
  g_test_add_func ("/epistle/atomic/replace", test_replace);
  g_test_add_func ("/epistle/atomic/keeps-permissions", test_keeps_permissions);
  g_test_add_func ("/epistle/atomic/keeps-owner", test_keeps_owner);
  g_test_add_func ("/epistle/atomic/follows-symlink", test_follows_symlink);
  g_test_add_func ("/epistle/atomic/dangling-symlink", test_dangling_symlink);
  g_test_add_func ("/epistle/atomic/symlink-loop", test_symlink_loop);
  g_test_add_func ("/epistle/atomic/missing-folder", test_missing_folder);
  g_test_add_func ("/epistle/atomic/parent-is-file", test_parent_is_file);
  g_test_add_func ("/epistle/atomic/target-is-directory", test_target_is_directory);
  g_test_add_func ("/epistle/atomic/read-only-folder", test_read_only_folder);
  g_test_add_func ("/epistle/atomic/write-fails-keeps-old", test_write_fails_keeps_old);
  g_test_add_func ("/epistle/atomic/temp-name", test_temp_name);
  g_test_add_func ("/epistle/atomic/async", test_async);
  g_test_add_func ("/epistle/atomic/async-cancelled", test_async_cancelled);

  return g_test_run ();
}
