/* SPDX-License-Identifier: GPL-3.0-or-later
 * test-history.c — versions of a document in real git repositories: the
 * managed store (snapshot, log, show, milestones, restore, Save As,
 * tracking in the folder, repacking) and the user's own work tree (only
 * the document committed, the rest of `git status` left as it was), and
 * the faults: locks, damaged objects, failed writes, nowhere to write.
 * Checked with the git command line wherever git has a say. */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "epistle-history.h"
#include "test-util.h"

static char *tmp_root;

typedef struct {
  char *dir;      /* a fresh folder for the test */
  char *store;    /* the managed store inside it */
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  (void) data;
  f->dir = g_dir_make_tmp ("epistle-history-XXXXXX", NULL);
  g_assert_nonnull (f->dir);
  f->store = g_build_filename (f->dir, "store", NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  (void) data;
  test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->store);
}

/* Runs git in @cwd; returns its output (asserting success). */
G_GNUC_NULL_TERMINATED static char *
git (const char *cwd,
     ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  char *out = NULL, *err = NULL;
  int status = 0;
  va_list args;
  const char *arg;

  g_ptr_array_add (argv, (char *) "git");
  va_start (args, cwd);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (cwd, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("git %s failed: %s", (char *) argv->pdata[1], err);
  g_free (err);
  return out;
}

static void
write_file (const char *path,
            const char *text)
{
  g_autoptr(GError) error = NULL;
  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
}

static char *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *text = NULL;
  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

static EpistleVersion *
snapshot (EpistleHistory *history,
          const char     *message)
{
  g_autoptr(GError) error = NULL;
  EpistleVersion *version = NULL;

  g_assert_true (epistle_history_snapshot (history, message, NULL, NULL, NULL, &version, &error));
  g_assert_no_error (error);
  return version;
}

static GPtrArray *
log_all (EpistleHistory *history)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *versions = epistle_history_log (history, NULL, 1000, &error);
  g_assert_no_error (error);
  return versions;
}

#define VERSION(a, i) ((EpistleVersion *) g_ptr_array_index ((a), (i)))

static char *
read_version (EpistleHistory *history,
              const char     *rev)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = epistle_history_read (history, rev, &error);
  g_assert_no_error (error);
  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static const char first_text[] =
  "Dear Editor,\n\nThe river rose in the night and the town woke to water.\n\nYours,\nAnna\n";
static const char second_text[] =
  "Dear Editor,\n\nThe river rose quickly in the night, and the whole town woke to cold water.\n\nYours,\nAnna\n";
static const char third_text[] =
  "Dear Editor,\n\nThe river rose in the night.\n\nYours,\nAnna\n";

/* Managed store: versions, their words, reading them back, no empty
 * versions, milestones, restoring. */
static void
test_managed (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *doc = g_build_filename (f->dir, "letter.md", NULL);
  g_autoptr(EpistleHistory) history = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) versions = NULL;
  g_autoptr(EpistleVersion) v1 = NULL, v2 = NULL, v3 = NULL, none = NULL, restored = NULL;
  g_autofree char *repo = NULL;
  g_autofree char *text = NULL;
  g_autofree char *tags = NULL;
  g_autofree char *git_log = NULL;

  (void) data;
  history = epistle_history_open (doc, f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpint (epistle_history_get_kind (history), ==, EPISTLE_HISTORY_MANAGED);

  /* Nothing yet: an empty log, and no repository made for it. */
  versions = log_all (history);
  g_assert_cmpuint (versions->len, ==, 0);
  g_clear_pointer (&versions, g_ptr_array_unref);
  repo = epistle_history_dup_repository_path (history);
  g_assert_false (g_file_test (repo, G_FILE_TEST_EXISTS));
  g_assert_true (g_str_has_prefix (repo, f->store));

  write_file (doc, first_text);
  v1 = snapshot (history, NULL);
  g_assert_nonnull (v1);
  g_assert_cmpint (v1->words, ==, 16);
  g_assert_cmpint (v1->word_delta, ==, 16);
  g_assert_cmpstr (v1->summary, ==, "Saved — 16 words");

  /* The same text again is not a version. */
  g_assert_true (epistle_history_snapshot (history, NULL, NULL, NULL, NULL, &none, &error));
  g_assert_no_error (error);
  g_assert_null (none);

  write_file (doc, second_text);
  v2 = snapshot (history, NULL);
  g_assert_cmpint (v2->words, ==, 19);
  g_assert_cmpint (v2->word_delta, ==, 3);
  g_assert_cmpstr (v2->summary, ==, "Saved — 19 words, +3");

  write_file (doc, third_text);
  v3 = snapshot (history, "Cut the long sentence");
  g_assert_cmpint (v3->words, ==, 10);
  g_assert_cmpint (v3->word_delta, ==, -9);
  g_assert_cmpstr (v3->message, ==, "Cut the long sentence");

  g_assert_true (epistle_history_add_milestone (history, v2->id, "Sent to the editor", &error));
  g_assert_no_error (error);

  versions = log_all (history);
  g_assert_cmpuint (versions->len, ==, 3);
  g_assert_cmpstr (VERSION (versions, 0)->id, ==, v3->id);
  g_assert_cmpstr (VERSION (versions, 1)->id, ==, v2->id);
  g_assert_cmpstr (VERSION (versions, 2)->id, ==, v1->id);
  g_assert_cmpint (VERSION (versions, 0)->word_delta, ==, -9);
  g_assert_cmpint (VERSION (versions, 1)->word_delta, ==, 3);
  g_assert_cmpint (VERSION (versions, 2)->word_delta, ==, 16);
  g_assert_cmpuint (g_strv_length (VERSION (versions, 1)->milestones), ==, 1);
  g_assert_cmpstr (VERSION (versions, 1)->milestones[0], ==, "Sent to the editor");
  g_assert_cmpuint (g_strv_length (VERSION (versions, 0)->milestones), ==, 0);
  g_clear_pointer (&versions, g_ptr_array_unref);

  /* Paging: one at a time, after each. */
  versions = epistle_history_log (history, v3->id, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (versions->len, ==, 1);
  g_assert_cmpstr (VERSION (versions, 0)->id, ==, v2->id);
  g_assert_cmpint (VERSION (versions, 0)->word_delta, ==, 3);
  g_clear_pointer (&versions, g_ptr_array_unref);
  versions = epistle_history_log (history, v1->id, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (versions->len, ==, 0);
  g_clear_pointer (&versions, g_ptr_array_unref);

  text = read_version (history, v1->id);
  g_assert_cmpstr (text, ==, first_text);
  g_clear_pointer (&text, g_free);
  text = read_version (history, "HEAD~1");
  g_assert_cmpstr (text, ==, second_text);
  g_clear_pointer (&text, g_free);
  text = read_version (history, "Sent-to-the-editor");
  g_assert_cmpstr (text, ==, second_text);
  g_clear_pointer (&text, g_free);

  g_assert_null (epistle_history_read (history, "0123456789abcdef0123456789abcdef01234567", &error));
  g_assert_error (error, EPISTLE_HISTORY_ERROR, EPISTLE_HISTORY_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Restoring writes the old text and makes a new version on top. */
  g_assert_true (epistle_history_restore (history, v1->id, &restored, &error));
  g_assert_no_error (error);
  text = read_file (doc);
  g_assert_cmpstr (text, ==, first_text);
  g_assert_nonnull (restored);
  g_assert_true (g_str_has_prefix (restored->summary, "Restored the version of "));
  versions = log_all (history);
  g_assert_cmpuint (versions->len, ==, 4);
  g_assert_cmpstr (VERSION (versions, 3)->id, ==, v1->id);

  /* Any git reads it: the tag is annotated, the messages carry the count. */
  tags = git (repo, "for-each-ref", "--format=%(objecttype) %(refname:short) %(contents:subject)",
              "refs/tags", NULL);
  g_assert_cmpstr (tags, ==, "tag Sent-to-the-editor Sent to the editor\n");
  git_log = git (repo, "log", "--format=%s", NULL);
  g_assert_true (g_str_has_prefix (git_log, "Restored the version of "));
  g_assert_nonnull (strstr (git_log, "\nCut the long sentence\nSaved — 19 words, +3\nSaved — 16 words\n"));
  g_free (git (repo, "fsck", "--strict", NULL));
}

/* The same file opened again finds its versions; Save As carries them to
 * the new name, and the log follows the rename. */
static void
test_managed_rename (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *doc = g_build_filename (f->dir, "draft.md", NULL);
  g_autofree char *renamed = g_build_filename (f->dir, "final.md", NULL);
  g_autofree char *old_repo = NULL, *new_repo = NULL;
  g_autoptr(EpistleHistory) history = NULL;
  g_autoptr(EpistleHistory) again = NULL;
  g_autoptr(EpistleHistory) other = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) versions = NULL;
  g_autofree char *text = NULL;

  (void) data;
  history = epistle_history_open (doc, f->store, &error);
  g_assert_no_error (error);
  write_file (doc, first_text);
  epistle_version_free (snapshot (history, NULL));
  write_file (doc, second_text);
  epistle_version_free (snapshot (history, NULL));
  old_repo = epistle_history_dup_repository_path (history);
  g_clear_pointer (&history, epistle_history_free);

  again = epistle_history_open (doc, f->store, &error);
  g_assert_no_error (error);
  versions = log_all (again);
  g_assert_cmpuint (versions->len, ==, 2);
  g_clear_pointer (&versions, g_ptr_array_unref);

  /* Save As: the file is written under the new name, then the history. */
  write_file (renamed, third_text);
  g_assert_true (epistle_history_rename (again, renamed, &error));
  g_assert_no_error (error);
  new_repo = epistle_history_dup_repository_path (again);
  g_assert_cmpstr (new_repo, !=, old_repo);
  g_assert_false (g_file_test (old_repo, G_FILE_TEST_EXISTS));
  epistle_version_free (snapshot (again, NULL));

  versions = log_all (again);
  g_assert_cmpuint (versions->len, ==, 3);
  g_assert_cmpstr (VERSION (versions, 0)->path, ==, "final.md");
  g_assert_cmpstr (VERSION (versions, 1)->path, ==, "draft.md");
  g_assert_cmpstr (VERSION (versions, 2)->path, ==, "draft.md");
  text = read_version (again, VERSION (versions, 2)->id);
  g_assert_cmpstr (text, ==, first_text);
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&versions, g_ptr_array_unref);

  /* The new name opened afresh has them; the old name starts empty. */
  other = epistle_history_open (renamed, f->store, &error);
  g_assert_no_error (error);
  versions = log_all (other);
  g_assert_cmpuint (versions->len, ==, 3);
  g_clear_pointer (&versions, g_ptr_array_unref);
  g_clear_pointer (&other, epistle_history_free);
  other = epistle_history_open (doc, f->store, &error);
  g_assert_no_error (error);
  versions = log_all (other);
  g_assert_cmpuint (versions->len, ==, 0);
}

/* "Track in a Git Repository in This Folder": the versions so far move
 * into a work tree git sees as clean. */
static void
test_track_in_folder (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *folder = g_build_filename (f->dir, "book", NULL);
  g_autofree char *doc = g_build_filename (folder, "chapter.md", NULL);
  g_autofree char *other = g_build_filename (folder, "notes.txt", NULL);
  g_autoptr(EpistleHistory) history = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) versions = NULL;
  g_autofree char *status = NULL, *log = NULL, *path = NULL;

  (void) data;
  g_mkdir (folder, 0755);
  write_file (other, "not part of the history\n");
  history = epistle_history_open (doc, f->store, &error);
  g_assert_no_error (error);
  write_file (doc, first_text);
  epistle_version_free (snapshot (history, NULL));
  g_assert_true (epistle_history_add_milestone (history, NULL, "First", &error));
  write_file (doc, second_text);
  epistle_version_free (snapshot (history, NULL));

  g_assert_true (epistle_history_track_in_folder (history, &error));
  g_assert_no_error (error);
  g_assert_cmpint (epistle_history_get_kind (history), ==, EPISTLE_HISTORY_REPOSITORY);
  path = epistle_history_dup_path_in_repository (history);
  g_assert_cmpstr (path, ==, "chapter.md");

  status = git (folder, "status", "--porcelain", NULL);
  g_assert_cmpstr (status, ==, "?? notes.txt\n");
  log = git (folder, "log", "--format=%s%d", NULL);
  g_assert_cmpstr (log, ==, "Saved — 19 words, +3 (HEAD -> main)\nSaved — 16 words (tag: First)\n");

  write_file (doc, third_text);
  epistle_version_free (snapshot (history, NULL));
  versions = log_all (history);
  g_assert_cmpuint (versions->len, ==, 3);
  g_clear_pointer (&status, g_free);
  status = git (folder, "status", "--porcelain", NULL);
  g_assert_cmpstr (status, ==, "?? notes.txt\n");
}

/* A work tree with other work in progress: staged, modified, untracked,
 * another branch.  Only the document's path changes in git's eyes. */
static void
test_user_repository (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *folder = g_build_filename (f->dir, "work", NULL);
  g_autofree char *sub = g_build_filename (folder, "letters", NULL);
  g_autofree char *doc = g_build_filename (sub, "ruge.md", NULL);
  g_autofree char *words = g_build_filename (sub, "ruge.md.words", NULL);
  g_autofree char *a = g_build_filename (folder, "a.txt", NULL);
  g_autofree char *b = g_build_filename (folder, "b.txt", NULL);
  g_autofree char *c = g_build_filename (folder, "c.txt", NULL);
  g_autoptr(EpistleHistory) history = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) versions = NULL;
  g_autoptr(EpistleVersion) v = NULL;
  g_autofree char *before = NULL, *after = NULL, *log = NULL, *branches_before = NULL;
  g_autofree char *branches_after = NULL, *cached = NULL, *path = NULL, *store_listing = NULL;
  g_autofree char *names = NULL;

  (void) data;
  g_mkdir_with_parents (sub, 0755);
  g_free (git (folder, "init", "-q", "-b", "trunk", NULL));
  write_file (a, "a1\n");
  write_file (b, "b1\n");
  write_file (doc, first_text);
  g_free (git (folder, "add", ".", NULL));
  g_free (git (folder, "commit", "-q", "-m", "Start", NULL));
  g_free (git (folder, "branch", "elsewhere", NULL));
  /* Work in progress: a staged change, an unstaged one, a new file, and a
   * staged-then-modified one. */
  write_file (a, "a2 staged\n");
  g_free (git (folder, "add", "a.txt", NULL));
  write_file (a, "a3 staged then modified\n");
  write_file (b, "b2 modified\n");
  write_file (c, "untracked\n");

  history = epistle_history_open (doc, f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpint (epistle_history_get_kind (history), ==, EPISTLE_HISTORY_REPOSITORY);
  path = epistle_history_dup_path_in_repository (history);
  g_assert_cmpstr (path, ==, "letters/ruge.md");

  before = git (folder, "status", "--porcelain", NULL);
  branches_before = git (folder, "for-each-ref", "--format=%(refname) %(objectname)", "refs/heads/elsewhere", NULL);
  g_assert_cmpstr (before, ==, "MM a.txt\n M b.txt\n?? c.txt\n");

  write_file (doc, second_text);
  write_file (words, "Juche\n");
  v = snapshot (history, NULL);
  g_assert_cmpint (v->word_delta, ==, 3);

  after = git (folder, "status", "--porcelain", NULL);
  g_assert_cmpstr (after, ==, before);
  branches_after = git (folder, "for-each-ref", "--format=%(refname) %(objectname)", "refs/heads/elsewhere", NULL);
  g_assert_cmpstr (branches_after, ==, branches_before);
  cached = git (folder, "diff", "--cached", "--name-only", NULL);
  g_assert_cmpstr (cached, ==, "a.txt\n");
  log = git (folder, "log", "--format=%s", "trunk", NULL);
  g_assert_cmpstr (log, ==, "Saved — 19 words, +3\nStart\n");
  names = git (folder, "show", "--name-only", "--format=", "HEAD", NULL);
  g_assert_cmpstr (names, ==, "letters/ruge.md\nletters/ruge.md.words\n");
  g_clear_pointer (&after, g_free);
  after = git (folder, "show", "HEAD:a.txt", NULL);
  g_assert_cmpstr (after, ==, "a1\n");

  /* The Start commit (made by git) counts as a version too. */
  versions = log_all (history);
  g_assert_cmpuint (versions->len, ==, 2);
  g_assert_cmpstr (VERSION (versions, 1)->summary, ==, "Start");
  g_assert_cmpint (VERSION (versions, 1)->words, ==, 16);

  /* Nothing kept in Epistle's own store for it. */
  g_assert_false (g_file_test (f->store, G_FILE_TEST_EXISTS));
  (void) store_listing;

  /* Another letter in the same repository: its word delta is against its
   * own last version, not against the commit HEAD happens to be. */
  {
    g_autofree char *other = g_build_filename (folder, "other.md", NULL);
    g_autoptr(EpistleHistory) other_history = NULL;
    g_autoptr(EpistleVersion) first = NULL, second = NULL;

    write_file (other, "Just four words here.\n");
    other_history = epistle_history_open (other, f->store, &error);
    g_assert_no_error (error);
    first = snapshot (other_history, NULL);
    g_assert_cmpint (first->words, ==, 4);
    g_assert_cmpint (first->word_delta, ==, 4);
    g_assert_cmpstr (first->summary, ==, "Saved — 4 words");
    write_file (doc, third_text);
    epistle_version_free (snapshot (history, NULL));
    write_file (other, "Just five words here now.\n");
    second = snapshot (other_history, NULL);
    g_assert_cmpint (second->word_delta, ==, 1);
    g_assert_cmpstr (second->summary, ==, "Saved — 5 words, +1");
    g_clear_pointer (&versions, g_ptr_array_unref);
    versions = log_all (history);
    g_assert_cmpuint (versions->len, ==, 3);
    g_assert_cmpint (VERSION (versions, 0)->word_delta, ==, -9);
  }

  /* A document in a folder git ignores is not committed there. */
  {
    g_autofree char *ignore = g_build_filename (folder, ".gitignore", NULL);
    g_autofree char *build = g_build_filename (folder, "build", NULL);
    g_autofree char *ignored = g_build_filename (build, "scratch.md", NULL);
    g_autoptr(EpistleHistory) ignored_history = NULL;
    g_autofree char *head_before = git (folder, "rev-parse", "HEAD", NULL);
    g_autofree char *head_after = NULL;

    write_file (ignore, "/build/\n");
    g_mkdir (build, 0755);
    write_file (ignored, first_text);
    ignored_history = epistle_history_open (ignored, f->store, &error);
    g_assert_no_error (error);
    g_assert_cmpint (epistle_history_get_kind (ignored_history), ==, EPISTLE_HISTORY_MANAGED);
    epistle_version_free (snapshot (ignored_history, NULL));
    head_after = git (folder, "rev-parse", "HEAD", NULL);
    g_assert_cmpstr (head_after, ==, head_before);
  }
}

/* A rename made with git is followed by the log. */
static void
test_user_repository_rename (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *folder = g_build_filename (f->dir, "work", NULL);
  g_autofree char *old_doc = g_build_filename (folder, "old.md", NULL);
  g_autofree char *doc = g_build_filename (folder, "new.md", NULL);
  g_autoptr(EpistleHistory) history = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) versions = NULL;
  g_autofree char *text = NULL;

  (void) data;
  g_mkdir_with_parents (folder, 0755);
  g_free (git (folder, "init", "-q", "-b", "main", NULL));
  write_file (old_doc, first_text);
  g_free (git (folder, "add", ".", NULL));
  g_free (git (folder, "commit", "-q", "-m", "First", NULL));
  g_free (git (folder, "mv", "old.md", "new.md", NULL));
  g_free (git (folder, "commit", "-q", "-m", "Renamed", NULL));
  history = epistle_history_open (doc, f->store, &error);
  g_assert_no_error (error);
  write_file (doc, second_text);
  epistle_version_free (snapshot (history, NULL));

  versions = log_all (history);
  g_assert_cmpuint (versions->len, ==, 3);
  g_assert_cmpstr (VERSION (versions, 1)->summary, ==, "Renamed");
  g_assert_cmpstr (VERSION (versions, 2)->path, ==, "old.md");
  text = read_version (history, VERSION (versions, 2)->id);
  g_assert_cmpstr (text, ==, first_text);
}

/* Detached HEAD, an unborn branch, a bare repository: each said plainly,
 * nothing written. */
static void
test_user_repository_refusals (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *folder = g_build_filename (f->dir, "work", NULL);
  g_autofree char *doc = g_build_filename (folder, "letter.md", NULL);
  g_autofree char *bare = g_build_filename (f->dir, "bare.git", NULL);
  g_autofree char *in_bare = g_build_filename (bare, "letter.md", NULL);
  g_autofree char *head = NULL;
  g_autoptr(EpistleHistory) history = NULL;
  g_autoptr(GError) error = NULL;

  (void) data;
  g_mkdir_with_parents (folder, 0755);
  g_free (git (folder, "init", "-q", "-b", "main", NULL));
  write_file (doc, first_text);

  history = epistle_history_open (doc, f->store, &error);
  g_assert_no_error (error);
  g_assert_false (epistle_history_snapshot (history, NULL, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, EPISTLE_HISTORY_ERROR, EPISTLE_HISTORY_ERROR_UNBORN);
  g_assert_nonnull (strstr (error->message, "“main”"));
  g_clear_error (&error);

  g_free (git (folder, "add", ".", NULL));
  g_free (git (folder, "commit", "-q", "-m", "First", NULL));
  g_free (git (folder, "checkout", "-q", "--detach", NULL));
  head = git (folder, "rev-parse", "HEAD", NULL);
  write_file (doc, second_text);
  g_assert_false (epistle_history_snapshot (history, NULL, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, EPISTLE_HISTORY_ERROR, EPISTLE_HISTORY_ERROR_DETACHED);
  g_clear_error (&error);
  g_free (head);
  head = git (folder, "log", "--format=%s", "main", NULL);
  g_assert_cmpstr (head, ==, "First\n");
  g_clear_pointer (&history, epistle_history_free);

  g_free (git (f->dir, "init", "-q", "--bare", bare, NULL));
  history = epistle_history_open (in_bare, f->store, &error);
  g_assert_null (history);
  g_assert_error (error, EPISTLE_HISTORY_ERROR, EPISTLE_HISTORY_ERROR_BARE);
}

typedef struct {
  char *path;
  guint delay_ms;
} LaterUnlink;

static gpointer
unlink_later (gpointer data)
{
  LaterUnlink *later = data;
  g_usleep (later->delay_ms * 1000);
  g_unlink (later->path);
  return NULL;
}

/* index.lock from another git: waited for, then reported; nothing changes. */
static void
test_index_lock (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *folder = g_build_filename (f->dir, "work", NULL);
  g_autofree char *doc = g_build_filename (folder, "letter.md", NULL);
  g_autofree char *lock = g_build_filename (folder, ".git", "index.lock", NULL);
  g_autofree char *log = NULL;
  g_autoptr(EpistleHistory) history = NULL;
  g_autoptr(GError) error = NULL;
  LaterUnlink later;
  GThread *thread;

  (void) data;
  g_mkdir_with_parents (folder, 0755);
  g_free (git (folder, "init", "-q", "-b", "main", NULL));
  write_file (doc, first_text);
  g_free (git (folder, "add", ".", NULL));
  g_free (git (folder, "commit", "-q", "-m", "First", NULL));
  history = epistle_history_open (doc, f->store, &error);
  g_assert_no_error (error);

  write_file (doc, second_text);
  write_file (lock, "");
  g_assert_false (epistle_history_snapshot (history, NULL, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, EPISTLE_HISTORY_ERROR, EPISTLE_HISTORY_ERROR_LOCKED);
  g_assert_nonnull (strstr (error->message, "index.lock"));
  g_clear_error (&error);
  log = git (folder, "log", "--format=%s", NULL);
  g_assert_cmpstr (log, ==, "First\n");
  g_clear_pointer (&log, g_free);

  /* A lock that goes away while we wait does not stop the version. */
  later.path = lock;
  later.delay_ms = 300;
  thread = g_thread_new ("unlock", unlink_later, &later);
  epistle_version_free (snapshot (history, NULL));
  g_thread_join (thread);
  log = git (folder, "log", "--format=%s", NULL);
  g_assert_cmpstr (log, ==, "Saved — 19 words, +3\nFirst\n");
}

/* A damaged object makes only that version unreadable. */
static void
test_corrupt_object (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *doc = g_build_filename (f->dir, "letter.md", NULL);
  g_autoptr(EpistleHistory) history = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) versions = NULL;
  g_autoptr(EpistleVersion) v1 = NULL, v2 = NULL, v3 = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *repo = NULL, *blob = NULL, *object = NULL, *text = NULL;

  (void) data;
  history = epistle_history_open (doc, f->store, &error);
  g_assert_no_error (error);
  write_file (doc, first_text);
  v1 = snapshot (history, NULL);
  write_file (doc, second_text);
  v2 = snapshot (history, NULL);
  write_file (doc, third_text);
  v3 = snapshot (history, NULL);

  repo = epistle_history_dup_repository_path (history);
  blob = git (repo, "rev-parse", "HEAD~1:letter.md", NULL);
  g_strchomp (blob);
  object = g_strdup_printf ("%s/objects/%.2s/%s", repo, blob, blob + 2);
  g_assert_true (g_file_test (object, G_FILE_TEST_EXISTS));
  g_chmod (object, 0644);
  write_file (object, "this is not a zlib stream");

  bytes = epistle_history_read (history, v2->id, &error);
  g_assert_null (bytes);
  g_assert_error (error, EPISTLE_HISTORY_ERROR, EPISTLE_HISTORY_ERROR_CORRUPT);
  g_clear_error (&error);

  versions = log_all (history);
  g_assert_cmpuint (versions->len, ==, 3);
  text = read_version (history, v1->id);
  g_assert_cmpstr (text, ==, first_text);
  g_clear_pointer (&text, g_free);
  text = read_version (history, v3->id);
  g_assert_cmpstr (text, ==, third_text);
}

/* A write that fails half way (the file size limit standing in for a
 * full disk) leaves the document and the repository as they were. */
static void
test_failed_write (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *doc = g_build_filename (f->dir, "letter.md", NULL);
  g_autoptr(EpistleHistory) history = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) versions = NULL;
  g_autoptr(GString) big = g_string_new (NULL);
  g_autofree char *repo = NULL, *head_before = NULL, *head_after = NULL, *text = NULL;
  struct rlimit saved, limited;
  gboolean ok;

  (void) data;
  history = epistle_history_open (doc, f->store, &error);
  g_assert_no_error (error);
  write_file (doc, first_text);
  epistle_version_free (snapshot (history, NULL));
  repo = epistle_history_dup_repository_path (history);
  head_before = git (repo, "rev-parse", "HEAD", NULL);

  /* Text that does not compress below the limit. */
  for (guint i = 0; big->len < 256 * 1024; i++)
    g_string_append_printf (big, "%08x ", g_random_int ());
  write_file (doc, big->str);

  signal (SIGXFSZ, SIG_IGN);
  getrlimit (RLIMIT_FSIZE, &saved);
  limited = saved;
  limited.rlim_cur = 64 * 1024;
  setrlimit (RLIMIT_FSIZE, &limited);
  ok = epistle_history_snapshot (history, NULL, NULL, NULL, NULL, NULL, &error);
  setrlimit (RLIMIT_FSIZE, &saved);

  g_assert_false (ok);
  g_assert_nonnull (error);
  g_assert_true (error->code == EPISTLE_HISTORY_ERROR_NO_SPACE || error->code == EPISTLE_HISTORY_ERROR_FAILED);
  g_clear_error (&error);
  head_after = git (repo, "rev-parse", "HEAD", NULL);
  g_assert_cmpstr (head_after, ==, head_before);
  text = read_file (doc);
  g_assert_cmpstr (text, ==, big->str);
  versions = log_all (history);
  g_assert_cmpuint (versions->len, ==, 1);
  g_free (git (repo, "fsck", NULL));

  /* With room again, the version is made. */
  epistle_version_free (snapshot (history, NULL));
  g_clear_pointer (&versions, g_ptr_array_unref);
  versions = log_all (history);
  g_assert_cmpuint (versions->len, ==, 2);
}

/* Nowhere to keep versions: said why; the document is untouched. */
static void
test_unavailable (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *doc = g_build_filename (f->dir, "letter.md", NULL);
  g_autofree char *blocker = g_build_filename (f->dir, "not-a-folder", NULL);
  g_autofree char *store = g_build_filename (blocker, "history", NULL);
  g_autoptr(EpistleHistory) history = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  (void) data;
  write_file (blocker, "a file where the store's folder would go\n");
  write_file (doc, first_text);
  history = epistle_history_open (doc, store, &error);
  g_assert_no_error (error);
  g_assert_false (epistle_history_snapshot (history, NULL, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, EPISTLE_HISTORY_ERROR, EPISTLE_HISTORY_ERROR_UNAVAILABLE);
  g_assert_nonnull (strstr (error->message, blocker));
  text = read_file (doc);
  g_assert_cmpstr (text, ==, first_text);
}

static guint
count_loose (const char *repo)
{
  g_autofree char *objects = g_build_filename (repo, "objects", NULL);
  g_autoptr(GDir) dir = g_dir_open (objects, 0, NULL);
  const char *name;
  guint n = 0;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *sub = g_build_filename (objects, name, NULL);
      g_autoptr(GDir) subdir = NULL;
      if (strlen (name) != 2)
        continue;
      subdir = g_dir_open (sub, 0, NULL);
      while (subdir != NULL && g_dir_read_name (subdir) != NULL)
        n++;
    }
  return n;
}

/* Repacking keeps every version, drops the loose copies, and git agrees. */
static void
test_repack (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *doc = g_build_filename (f->dir, "letter.md", NULL);
  g_autoptr(EpistleHistory) history = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) versions = NULL;
  g_autofree char *repo = NULL, *count = NULL;
  g_autoptr(GString) text = g_string_new (NULL);

  (void) data;
  history = epistle_history_open (doc, f->store, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 2000; i++)
    g_string_append_printf (text, "Sentence %u of the letter goes on a while. ", i);
  for (guint i = 0; i < 12; i++)
    {
      g_autofree char *word = g_strdup_printf ("edit%u", i);
      gsize at = g_random_int_range (0, text->len - 1);
      g_string_insert (text, at, word);
      write_file (doc, text->str);
      epistle_version_free (snapshot (history, NULL));
      g_ptr_array_insert (texts, 0, g_strdup (text->str));
    }
  g_assert_true (epistle_history_add_milestone (history, "HEAD~3", "Draft", &error));
  repo = epistle_history_dup_repository_path (history);
  g_assert_cmpuint (count_loose (repo), >=, 36);

  /* Below the threshold nothing happens. */
  g_assert_true (epistle_history_repack (history, 1000, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_loose (repo), >=, 36);

  g_assert_true (epistle_history_repack (history, 10, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_loose (repo), ==, 0);
  g_free (git (repo, "fsck", "--strict", "--no-dangling", NULL));
  count = git (repo, "count-objects", "-v", NULL);
  g_assert_nonnull (strstr (count, "\npacks: 1\n"));

  versions = log_all (history);
  g_assert_cmpuint (versions->len, ==, texts->len);
  for (guint i = 0; i < versions->len; i++)
    {
      g_autofree char *read = read_version (history, VERSION (versions, i)->id);
      g_assert_cmpstr (read, ==, g_ptr_array_index (texts, i));
    }
  g_assert_cmpstr (VERSION (versions, 3)->milestones[0], ==, "Draft");

  /* A second repack after more versions leaves one pack again. */
  write_file (doc, "short now\n");
  epistle_version_free (snapshot (history, NULL));
  g_assert_true (epistle_history_repack (history, 1, &error));
  g_assert_no_error (error);
  g_clear_pointer (&count, g_free);
  count = git (repo, "count-objects", "-v", NULL);
  g_assert_nonnull (strstr (count, "\npacks: 1\n"));
  g_assert_nonnull (strstr (count, "count: 0\n"));
  g_free (git (repo, "fsck", "--strict", NULL));
}


/* In the writer's repository only loose objects are packed: no pack of
 * theirs is removed, git status is as it was, every version reads. */
static void
test_user_repository_repack (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *folder = g_build_filename (f->dir, "work", NULL);
  g_autofree char *doc = g_build_filename (folder, "letter.md", NULL);
  g_autofree char *other = g_build_filename (folder, "other.txt", NULL);
  g_autofree char *gitdir = g_build_filename (folder, ".git", NULL);
  g_autofree char *status_before = NULL, *status_after = NULL, *count = NULL, *staged = NULL;
  g_autoptr(EpistleHistory) history = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) versions = NULL;
  g_autoptr(GString) text = g_string_new (NULL);

  (void) data;
  g_mkdir_with_parents (folder, 0755);
  g_free (git (folder, "init", "-q", "-b", "main", NULL));
  for (guint i = 0; i < 2000; i++)
    g_string_append_printf (text, "Sentence %u of the letter goes on a while. ", i);
  write_file (doc, text->str);
  write_file (other, "one\n");
  g_free (git (folder, "add", ".", NULL));
  g_free (git (folder, "commit", "-q", "-m", "Start", NULL));
  /* A pack of the user's own, and a staged blob only the index keeps. */
  g_free (git (folder, "repack", "-q", "-a", "-d", NULL));
  write_file (other, "two, staged\n");
  g_free (git (folder, "add", "other.txt", NULL));
  status_before = git (folder, "status", "--porcelain", NULL);

  history = epistle_history_open (doc, f->store, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 8; i++)
    {
      g_autofree char *word = g_strdup_printf ("edit%u ", i);
      g_string_insert (text, g_random_int_range (0, text->len - 1), word);
      write_file (doc, text->str);
      epistle_version_free (snapshot (history, NULL));
    }
  g_assert_cmpuint (count_loose (gitdir), >=, 24);
  g_assert_true (epistle_history_repack (history, 10, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_loose (gitdir), ==, 0);
  count = git (folder, "count-objects", "-v", NULL);
  g_assert_nonnull (strstr (count, "\npacks: 2\n"));
  g_free (git (folder, "fsck", "--strict", NULL));
  status_after = git (folder, "status", "--porcelain", NULL);
  g_assert_cmpstr (status_after, ==, status_before);
  staged = git (folder, "show", ":other.txt", NULL);
  g_assert_cmpstr (staged, ==, "two, staged\n");
  versions = log_all (history);
  g_assert_cmpuint (versions->len, ==, 9);
  for (guint i = 0; i < versions->len; i++)
    {
      g_autoptr(GBytes) bytes = epistle_history_read (history, VERSION (versions, i)->id, &error);
      g_assert_no_error (error);
    }
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *gitconfig = NULL;

  g_test_init (&argc, &argv, NULL);

  /* A home of our own: git's identity for the commits, no user config. */
  tmp_root = g_dir_make_tmp ("epistle-history-home-XXXXXX", NULL);
  g_setenv ("HOME", tmp_root, TRUE);
  g_setenv ("XDG_CONFIG_HOME", tmp_root, TRUE);
  g_setenv ("GIT_CONFIG_NOSYSTEM", "1", TRUE);
  g_unsetenv ("GIT_DIR");
  gitconfig = g_build_filename (tmp_root, ".gitconfig", NULL);
  write_file (gitconfig, "[user]\n\tname = Anna Writer\n\temail = anna@example.org\n[init]\n\tdefaultBranch = main\n");

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/epistle/history/managed", test_managed);
  ADD ("/epistle/history/managed-rename", test_managed_rename);
  ADD ("/epistle/history/track-in-folder", test_track_in_folder);
  ADD ("/epistle/history/user-repository", test_user_repository);
  ADD ("/epistle/history/user-repository-rename", test_user_repository_rename);
  ADD ("/epistle/history/user-repository-refusals", test_user_repository_refusals);
  ADD ("/epistle/history/index-lock", test_index_lock);
  ADD ("/epistle/history/corrupt-object", test_corrupt_object);
  ADD ("/epistle/history/failed-write", test_failed_write);
  ADD ("/epistle/history/unavailable", test_unavailable);
  ADD ("/epistle/history/repack", test_repack);
  ADD ("/epistle/history/user-repository-repack", test_user_repository_repack);
#undef ADD

  {
    int status = g_test_run ();
    test_remove_tree (tmp_root);
    g_free (tmp_root);
    return status;
  }
}
