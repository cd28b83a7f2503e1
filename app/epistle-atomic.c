/* SPDX-License-Identifier: GPL-3.0-or-later
 * epistle-atomic.c — replaces a file so that a crash, a full disk or a kill
 * at any moment leaves either the old contents or the new, never a mix. */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "epistle-atomic.h"

#define TEMP_SUFFIX       ".epistle-tmp"
#define TEMP_RANDOM_LEN   6
/* Keeps ".NAME.XXXXXX.epistle-tmp" under NAME_MAX for long names. */
#define TEMP_MAX_BASE_LEN 200
#define MAX_SYMLINKS      40
/* Linux refuses single writes above ~2 GiB; stay well below. */
#define MAX_WRITE_CHUNK   (1 << 30)

static gboolean
set_errno_error (GError     **error,
                 const char  *path,
                 int          errsv)
{
  g_autofree char *name = g_filename_display_basename (path);

  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
               _("Could not save “%s”: %s"), name, g_strerror (errsv));
  return FALSE;
}

gboolean
epistle_atomic_is_temp_name (const char *name)
{
  g_return_val_if_fail (name != NULL, FALSE);

  return name[0] == '.' && g_str_has_suffix (name, TEMP_SUFFIX);
}

static char *
read_link (const char *path,
           int        *errsv)
{
  gsize size = 256;

  for (;;)
    {
      g_autofree char *buf = g_malloc (size);
      gssize n = readlink (path, buf, size);

      if (n < 0)
        {
          *errsv = errno;
          return NULL;
        }

      if ((gsize) n < size)
        {
          buf[n] = '\0';
          return g_steal_pointer (&buf);
        }

      size *= 2;
    }
}

/* Follows symlinks (relative ones from the link's folder) to the file that
 * is really written.  A dangling link resolves to the file it names, which
 * will then be created.  Returns NULL with *errsv set on failure. */
static char *
resolve_symlinks (const char *path,
                  int        *errsv)
{
  g_autofree char *current = g_strdup (path);

  for (guint i = 0; i <= MAX_SYMLINKS; i++)
    {
      g_autofree char *link = NULL;
      GStatBuf st;

      if (g_lstat (current, &st) != 0)
        {
          if (errno == ENOENT)
            return g_steal_pointer (&current);
          *errsv = errno;
          return NULL;
        }

      if (!S_ISLNK (st.st_mode))
        return g_steal_pointer (&current);

      link = read_link (current, errsv);
      if (link == NULL)
        return NULL;

      if (g_path_is_absolute (link))
        g_set_str (&current, link);
      else
        {
          g_autofree char *dir = g_path_get_dirname (current);
          char *joined = g_build_filename (dir, link, NULL);

          g_free (current);
          current = joined;
        }
    }

  *errsv = ELOOP;
  return NULL;
}

static int
open_temp_file (const char  *dir,
                const char  *base,
                mode_t       mode,
                char       **out_path,
                int         *errsv)
{
  static const char chars[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  g_autofree char *short_base = g_strndup (base, TEMP_MAX_BASE_LEN);

  for (guint attempt = 0; attempt < 100; attempt++)
    {
      g_autofree char *name = NULL;
      g_autofree char *path = NULL;
      char random[TEMP_RANDOM_LEN + 1];
      int fd;

      for (guint i = 0; i < TEMP_RANDOM_LEN; i++)
        random[i] = chars[g_random_int_range (0, sizeof chars - 1)];
      random[TEMP_RANDOM_LEN] = '\0';

      name = g_strdup_printf (".%s.%s" TEMP_SUFFIX, short_base, random);
      path = g_build_filename (dir, name, NULL);

      do
        fd = open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
      while (fd < 0 && errno == EINTR);

      if (fd >= 0)
        {
          *out_path = g_steal_pointer (&path);
          return fd;
        }

      if (errno != EEXIST)
        {
          *errsv = errno;
          return -1;
        }
    }

  *errsv = EEXIST;
  return -1;
}

static gboolean
write_all (int          fd,
           const void  *data,
           gsize        length,
           int         *errsv)
{
  const guint8 *p = data;

  while (length > 0)
    {
      gssize n = write (fd, p, MIN (length, (gsize) MAX_WRITE_CHUNK));

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          *errsv = errno;
          return FALSE;
        }

      if (n == 0)
        {
          /* No progress and no error: the device is full for our purposes. */
          *errsv = ENOSPC;
          return FALSE;
        }

      p += n;
      length -= n;
    }

  return TRUE;
}

static int
fsync_retry (int fd)
{
  int res;

  do
    res = fsync (fd);
  while (res != 0 && errno == EINTR);

  return res;
}

/* Makes the rename itself durable.  Some file systems refuse to fsync a
 * folder (EINVAL); the data is already safe then, so errors are ignored. */
static void
fsync_folder (const char *dir)
{
  int fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

  if (fd >= 0)
    {
      (void) fsync_retry (fd);
      close (fd);
    }
}

gboolean
epistle_atomic_write (const char  *path,
                      const void  *data,
                      gsize        length,
                      GError     **error)
{
  g_autofree char *target = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *tmp_path = NULL;
  GStatBuf st;
  gboolean exists = FALSE;
  int errsv = 0;
  int fd;

  g_return_val_if_fail (path != NULL && *path != '\0', FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  target = resolve_symlinks (path, &errsv);
  if (target == NULL)
    return set_errno_error (error, path, errsv);

  if (g_stat (target, &st) == 0)
    {
      if (S_ISDIR (st.st_mode))
        return set_errno_error (error, path, EISDIR);

      if (!S_ISREG (st.st_mode))
        {
          g_autofree char *name = g_filename_display_basename (path);

          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                       _("Could not save “%s”: it is not a regular file"), name);
          return FALSE;
        }

      exists = TRUE;
    }
  else if (errno != ENOENT)
    return set_errno_error (error, path, errno);

  dir = g_path_get_dirname (target);
  base = g_path_get_basename (target);

  /* A new file gets 0666 less the umask, like any other new file; an
   * existing one keeps its own mode, set below with fchmod. */
  fd = open_temp_file (dir, base, exists ? 0600 : 0666, &tmp_path, &errsv);
  if (fd < 0)
    return set_errno_error (error, path, errsv);

  if (exists)
    {
      /* Keep the owner when someone else's file is saved (best effort:
       * only root can give a file away), then the mode, which must come
       * after fchown because chown clears the set-id bits. */
      if (st.st_uid != geteuid () || st.st_gid != getegid ())
        (void) !fchown (fd, st.st_uid, st.st_gid);

      if (fchmod (fd, st.st_mode & 07777) != 0)
        {
          errsv = errno;
          goto failed;
        }
    }

  if (!write_all (fd, data, length, &errsv))
    goto failed;

  if (fsync_retry (fd) != 0)
    {
      errsv = errno;
      goto failed;
    }

  if (close (fd) != 0 && errno != EINTR)
    {
      /* Linux closes the descriptor even when close() fails. */
      fd = -1;
      errsv = errno;
      goto failed;
    }
  fd = -1;

  if (g_rename (tmp_path, target) != 0)
    {
      errsv = errno;
      goto failed;
    }

  fsync_folder (dir);

  return TRUE;

failed:
  if (fd >= 0)
    close (fd);
  g_unlink (tmp_path);
  return set_errno_error (error, path, errsv);
}

typedef struct {
  char   *path;
  GBytes *bytes;
} WriteData;

static void
write_data_free (WriteData *wd)
{
  g_free (wd->path);
  g_bytes_unref (wd->bytes);
  g_free (wd);
}

static void
atomic_write_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  WriteData *wd = task_data;
  GError *error = NULL;
  gconstpointer data;
  gsize length;

  if (g_task_return_error_if_cancelled (task))
    return;

  data = g_bytes_get_data (wd->bytes, &length);
  if (epistle_atomic_write (wd->path, data, length, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
epistle_atomic_write_async (const char          *path,
                            GBytes              *bytes,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  WriteData *wd;

  g_return_if_fail (path != NULL && *path != '\0');
  g_return_if_fail (bytes != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  wd = g_new0 (WriteData, 1);
  wd->path = g_strdup (path);
  wd->bytes = g_bytes_ref (bytes);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, epistle_atomic_write_async);
  g_task_set_name (task, "[epistle] atomic write");
  /* Once the write has started, report what really happened to the file
   * even if the caller cancels meanwhile. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, wd, (GDestroyNotify) write_data_free);
  g_task_run_in_thread (task, atomic_write_thread);
}

gboolean
epistle_atomic_write_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == epistle_atomic_write_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
