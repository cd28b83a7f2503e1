/* SPDX-License-Identifier: GPL-3.0-or-later */
/* first-text: start an editor and time how long until its window shows text,
 * then report the editor's peak resident memory (VmHWM) once it has settled. */

#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <glib.h>
#include <X11/Xatom.h>
#include <X11/Xlib.h>
#include <X11/Xutil.h>

/* Exit statuses: 0 measured, 1 no text in time / editor died, 2 usage or setup. */
#define EXIT_NO_TEXT 1
#define EXIT_SETUP   2

typedef struct
{
  double timeout_s;
  double settle_s;
  double interval_ms;
  int min_ink;
  int min_lines;
  int diff;
  const char *shot_cmd;
  const char *frames;
  gboolean verbose;
} Options;

typedef struct
{
  guint ink;         /* pixels clearly unlike the background */
  guint lines;       /* bands of rows that hold ink, separated by blank rows */
  guint width;
  guint height;
  gboolean painted;  /* the background is not the black of a never-drawn window */
  guint8 *rgb;       /* the region analysed, packed RGB, width x height */
} Ink;

static int
ignore_x_error (Display     *display,
                XErrorEvent *event)
{
  /* Windows come and go while we walk the tree; such errors are expected. */
  return 0;
}

static double
now_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static void
sleep_ms (double ms)
{
  struct timespec ts;

  if (ms <= 0)
    return;
  ts.tv_sec = (time_t) (ms / 1000);
  ts.tv_nsec = (long) ((ms - ts.tv_sec * 1000.0) * 1e6);
  while (nanosleep (&ts, &ts) != 0 && errno == EINTR)
    ;
}

/* Parent pid of @pid from /proc, or -1. */
static pid_t
parent_of (pid_t pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", (int) pid);
  g_autofree char *contents = NULL;
  const char *p;
  int ppid;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return -1;
  /* The command name may contain spaces and parentheses: skip past the last ')'. */
  p = strrchr (contents, ')');
  if (p == NULL || sscanf (p + 1, " %*c %d", &ppid) != 1)
    return -1;
  return ppid;
}

static gboolean
is_self_or_descendant (pid_t pid,
                       pid_t ancestor)
{
  int depth;

  for (depth = 0; pid > 1 && depth < 64; depth++)
    {
      if (pid == ancestor)
        return TRUE;
      pid = parent_of (pid);
    }
  return FALSE;
}

/* The "VmHWM:" figure of one process in KiB, or 0 when unreadable. */
static guint64
vm_hwm_kib (pid_t pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/status", (int) pid);
  g_autofree char *contents = NULL;
  const char *line;
  guint64 kib = 0;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return 0;
  line = strstr (contents, "\nVmHWM:");
  if (line != NULL)
    kib = g_ascii_strtoull (line + strlen ("\nVmHWM:"), NULL, 10);
  return kib;
}

/* Sum of VmHWM over @root and every process descending from it. */
static guint64
tree_vm_hwm_kib (pid_t  root,
                 guint *n_processes)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc", 0, NULL);
  const char *name;
  guint64 total = 0;

  *n_processes = 0;
  if (dir == NULL)
    return 0;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      char *end;
      gint64 pid = g_ascii_strtoll (name, &end, 10);

      if (*end != '\0' || pid <= 0)
        continue;
      if (is_self_or_descendant ((pid_t) pid, root))
        {
          total += vm_hwm_kib ((pid_t) pid);
          (*n_processes)++;
        }
    }
  return total;
}

static gboolean
window_pid (Display *display,
            Window   window,
            Atom     net_wm_pid,
            pid_t   *pid)
{
  Atom type = None;
  int format = 0;
  unsigned long n_items = 0, bytes_after = 0;
  unsigned char *data = NULL;
  gboolean found = FALSE;

  if (XGetWindowProperty (display, window, net_wm_pid, 0, 1, False, XA_CARDINAL,
                          &type, &format, &n_items, &bytes_after, &data) == Success &&
      type == XA_CARDINAL && format == 32 && n_items == 1 && data != NULL)
    {
      *pid = (pid_t) *(unsigned long *) (void *) data;
      found = TRUE;
    }
  if (data != NULL)
    XFree (data);
  return found;
}

/* Consider @window (and, one level down, its children, in case a window
 * manager reparented it) as the child's top-level; keep the largest viewable. */
static void
consider_window (Display           *display,
                 Window             window,
                 Atom               net_wm_pid,
                 pid_t              child,
                 int                depth,
                 Window            *best,
                 XWindowAttributes *best_attrs)
{
  XWindowAttributes attrs;
  pid_t pid;

  if (window_pid (display, window, net_wm_pid, &pid) &&
      is_self_or_descendant (pid, child) &&
      XGetWindowAttributes (display, window, &attrs) &&
      attrs.map_state == IsViewable &&
      attrs.width * attrs.height > best_attrs->width * best_attrs->height)
    {
      *best = window;
      *best_attrs = attrs;
    }

  if (depth == 0)
    {
      Window root_return, parent_return, *children = NULL;
      unsigned int n_children = 0, i;

      if (XQueryTree (display, window, &root_return, &parent_return, &children, &n_children))
        {
          for (i = 0; i < n_children; i++)
            consider_window (display, children[i], net_wm_pid, child, depth + 1, best, best_attrs);
          if (children != NULL)
            XFree (children);
        }
    }
}

static Window
find_child_window (Display           *display,
                   Atom               net_wm_pid,
                   pid_t              child,
                   XWindowAttributes *attrs)
{
  Window root = DefaultRootWindow (display);
  Window root_return, parent_return, *children = NULL;
  unsigned int n_children = 0, i;
  Window best = None;

  memset (attrs, 0, sizeof *attrs);
  if (!XQueryTree (display, root, &root_return, &parent_return, &children, &n_children))
    return None;
  for (i = 0; i < n_children; i++)
    consider_window (display, children[i], net_wm_pid, child, 0, &best, attrs);
  if (children != NULL)
    XFree (children);
  return best;
}

static guint
mask_shift (unsigned long mask)
{
  guint shift = 0;

  while (mask != 0 && (mask & 1) == 0)
    {
      mask >>= 1;
      shift++;
    }
  return shift;
}

/* Grab the central column of @window (x 25..75 %, y 20..80 %: clear of the
 * header bar, the status bar and side panes) and measure its ink. */
static gboolean
measure_ink (Display                 *display,
             Window                   window,
             const XWindowAttributes *attrs,
             int                      diff,
             Ink                     *ink)
{
  int screen_w = DisplayWidth (display, DefaultScreen (display));
  int screen_h = DisplayHeight (display, DefaultScreen (display));
  int x0 = attrs->width / 4, x1 = attrs->width * 3 / 4;
  int y0 = attrs->height / 5, y1 = attrs->height * 4 / 5;
  Window unused;
  int abs_x, abs_y, x, y, w, h;
  g_autofree guint *histogram = NULL;
  g_autofree guint8 *rgb = NULL;
  guint best_bin = 0, rshift, gshift, bshift, i;
  int bg_r, bg_g, bg_b;
  gboolean in_band = FALSE;
  XImage *image;

  g_clear_pointer (&ink->rgb, g_free);
  memset (ink, 0, sizeof *ink);

  /* XGetImage needs the rectangle on screen: clip to the root window. */
  if (!XTranslateCoordinates (display, window, DefaultRootWindow (display), 0, 0,
                              &abs_x, &abs_y, &unused))
    return FALSE;
  x0 = MAX (x0, -abs_x);
  y0 = MAX (y0, -abs_y);
  x1 = MIN (x1, screen_w - abs_x);
  y1 = MIN (y1, screen_h - abs_y);
  w = x1 - x0;
  h = y1 - y0;
  if (w < 8 || h < 8)
    return FALSE;

  image = XGetImage (display, window, x0, y0, (unsigned) w, (unsigned) h, AllPlanes, ZPixmap);
  if (image == NULL)
    return FALSE;

  rshift = mask_shift (image->red_mask);
  gshift = mask_shift (image->green_mask);
  bshift = mask_shift (image->blue_mask);
  rgb = g_new (guint8, (gsize) w * h * 3);
  histogram = g_new0 (guint, 4096);

  for (y = 0; y < h; y++)
    for (x = 0; x < w; x++)
      {
        unsigned long pixel = XGetPixel (image, x, y);
        guint8 *p = rgb + ((gsize) y * w + x) * 3;

        p[0] = (guint8) ((pixel & image->red_mask) >> rshift);
        p[1] = (guint8) ((pixel & image->green_mask) >> gshift);
        p[2] = (guint8) ((pixel & image->blue_mask) >> bshift);
        histogram[(p[0] >> 4) << 8 | (p[1] >> 4) << 4 | (p[2] >> 4)]++;
      }
  XDestroyImage (image);

  /* The dominant colour is the background. */
  for (i = 1; i < 4096; i++)
    if (histogram[i] > histogram[best_bin])
      best_bin = i;
  bg_r = (int) ((best_bin >> 8) << 4) + 8;
  bg_g = (int) (((best_bin >> 4) & 15) << 4) + 8;
  bg_b = (int) ((best_bin & 15) << 4) + 8;
  ink->painted = best_bin != 0;

  for (y = 0; y < h; y++)
    {
      guint row_ink = 0;

      for (x = 0; x < w; x++)
        {
          const guint8 *p = rgb + ((gsize) y * w + x) * 3;
          int d = MAX (ABS (p[0] - bg_r), MAX (ABS (p[1] - bg_g), ABS (p[2] - bg_b)));

          if (d > diff)
            row_ink++;
        }
      ink->ink += row_ink;
      /* A row with a few ink pixels belongs to a line of text (or a widget). */
      if (row_ink >= 3 && !in_band)
        {
          ink->lines++;
          in_band = TRUE;
        }
      else if (row_ink < 3)
        in_band = FALSE;
    }
  ink->width = (guint) w;
  ink->height = (guint) h;
  ink->rgb = g_steal_pointer (&rgb);
  return TRUE;
}

static void
run_shot_cmd (const Options *options,
              const char    *stage)
{
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "/bin/sh", "-c", options->shot_cmd, "sh", stage, NULL };
  int status = 0;

  if (options->shot_cmd == NULL)
    return;
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                     NULL, NULL, &status, &error))
    g_printerr ("first-text: --shot-cmd failed: %s\n", error->message);
}

static void
save_frame (const Options *options,
            const Ink     *ink,
            const char    *stage)
{
  g_autofree char *path = NULL;
  FILE *file;

  if (options->frames == NULL || ink->rgb == NULL)
    return;
  path = g_strdup_printf ("%s-%s.ppm", options->frames, stage);
  file = fopen (path, "wb");
  if (file == NULL)
    {
      g_printerr ("first-text: cannot write %s: %s\n", path, g_strerror (errno));
      return;
    }
  fprintf (file, "P6\n%u %u\n255\n", ink->width, ink->height);
  fwrite (ink->rgb, 3, (gsize) ink->width * ink->height, file);
  fclose (file);
}

static void
stop_child (pid_t child)
{
  int i, status;

  /* The child leads its own process group: end it and anything it started. */
  kill (-child, SIGTERM);
  for (i = 0; i < 200; i++)
    {
      if (waitpid (child, &status, WNOHANG) == child)
        {
          kill (-child, SIGKILL);
          return;
        }
      sleep_ms (10);
    }
  kill (-child, SIGKILL);
  waitpid (child, &status, 0);
}

int
main (int    argc,
      char **argv)
{
  Options options = {
    .timeout_s = 30,
    .settle_s = 1.5,
    .interval_ms = 5,
    .min_ink = 400,
    .min_lines = 2,
    .diff = 64,
    .shot_cmd = NULL,
    .frames = NULL,
    .verbose = FALSE,
  };
  GOptionEntry entries[] = {
    { "timeout", 't', 0, G_OPTION_ARG_DOUBLE, &options.timeout_s, "Give up after SECONDS (30)", "SECONDS" },
    { "settle", 's', 0, G_OPTION_ARG_DOUBLE, &options.settle_s, "Wait SECONDS after the text shows before reading VmHWM (1.5)", "SECONDS" },
    { "interval", 'i', 0, G_OPTION_ARG_DOUBLE, &options.interval_ms, "Poll every MS milliseconds (5)", "MS" },
    { "min-ink", 0, 0, G_OPTION_ARG_INT, &options.min_ink, "Ink pixels that count as text (400)", "N" },
    { "min-lines", 0, 0, G_OPTION_ARG_INT, &options.min_lines, "Bands of inked rows that count as text (2)", "N" },
    { "diff", 0, 0, G_OPTION_ARG_INT, &options.diff, "Channel difference from the background that makes ink (64)", "N" },
    { "shot-cmd", 0, 0, G_OPTION_ARG_STRING, &options.shot_cmd, "Run sh -c CMD with $1 = blank (window drawn, no text yet) and = text (text detected)", "CMD" },
    { "frames", 0, 0, G_OPTION_ARG_FILENAME, &options.frames, "Save the region analysed as PREFIX-blank.ppm (first drawn frame without text) and PREFIX-text.ppm", "PREFIX" },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &options.verbose, "Log every poll to stderr", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  Display *display;
  Atom net_wm_pid;
  double start, deadline, fired_at = -1, next_poll;
  gboolean seen_mapped = FALSE, seen_blank = FALSE;
  guint polls = 0, n_processes = 0;
  guint64 hwm;
  Ink ink = { 0 };
  pid_t child;
  int status;

  setlocale (LC_ALL, "");
  context = g_option_context_new ("-- COMMAND [ARG…]");
  g_option_context_set_summary (context,
                                "Start COMMAND, print the milliseconds until its window shows text\n"
                                "(first-text-ms N) and, after settling, the peak RSS of it and its\n"
                                "descendants (vmhwm-kib N).");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("first-text: %s\n", error->message);
      return EXIT_SETUP;
    }
  if (argc > 1 && g_str_equal (argv[1], "--"))
    {
      argv++;
      argc--;
    }
  if (argc < 2)
    {
      g_printerr ("first-text: no command given (first-text [OPTION…] -- COMMAND [ARG…])\n");
      return EXIT_SETUP;
    }

  display = XOpenDisplay (NULL);
  if (display == NULL)
    {
      g_printerr ("first-text: cannot open X display “%s”\n", g_getenv ("DISPLAY") ? g_getenv ("DISPLAY") : "");
      return EXIT_SETUP;
    }
  XSetErrorHandler (ignore_x_error);
  net_wm_pid = XInternAtom (display, "_NET_WM_PID", False);

  start = now_ms ();
  child = fork ();
  if (child < 0)
    {
      g_printerr ("first-text: fork failed: %s\n", g_strerror (errno));
      return EXIT_SETUP;
    }
  if (child == 0)
    {
      setpgid (0, 0);
      /* Our stdout carries the figures: the editor's own output goes to stderr. */
      dup2 (STDERR_FILENO, STDOUT_FILENO);
      close (ConnectionNumber (display));
      execvp (argv[1], argv + 1);
      fprintf (stderr, "first-text: cannot run %s: %s\n", argv[1], strerror (errno));
      _exit (127);
    }
  setpgid (child, child);

  deadline = start + options.timeout_s * 1000;
  next_poll = start;
  while (fired_at < 0)
    {
      XWindowAttributes attrs;
      Window window;
      double poll_start;

      if (waitpid (child, &status, WNOHANG) == child)
        {
          g_printerr ("first-text: %s exited (%s %d) before its window showed text\n", argv[1],
                      WIFEXITED (status) ? "status" : "signal",
                      WIFEXITED (status) ? WEXITSTATUS (status) : WTERMSIG (status));
          kill (-child, SIGKILL);
          return EXIT_NO_TEXT;
        }
      if (now_ms () > deadline)
        {
          g_printerr ("first-text: timeout: no text in %s's window after %.0f s "
                      "(window %s, last poll: %u ink pixels in %u bands)\n",
                      argv[1], options.timeout_s, seen_mapped ? "mapped" : "never mapped",
                      ink.ink, ink.lines);
          stop_child (child);
          return EXIT_NO_TEXT;
        }

      next_poll += options.interval_ms;
      poll_start = now_ms ();
      polls++;
      window = find_child_window (display, net_wm_pid, child, &attrs);
      if (window != None && measure_ink (display, window, &attrs, options.diff, &ink))
        {
          if (options.verbose)
            g_printerr ("first-text: %8.1f ms window 0x%lx %dx%d: %u ink pixels in %u bands\n",
                        poll_start - start, window, attrs.width, attrs.height, ink.ink, ink.lines);
          if (ink.ink >= (guint) options.min_ink && ink.lines >= (guint) options.min_lines)
            fired_at = poll_start;
          else if (ink.painted && !seen_blank)
            {
              /* Drawn, but no text yet: what the detector must not fire on. */
              save_frame (&options, &ink, "blank");
              run_shot_cmd (&options, "blank");
              seen_blank = TRUE;
            }
          seen_mapped = TRUE;
        }
      if (fired_at < 0)
        sleep_ms (next_poll - now_ms ());
      if (next_poll < now_ms ())
        next_poll = now_ms ();
    }

  printf ("first-text-ms %.1f\n", fired_at - start);
  fflush (stdout);
  if (options.verbose)
    g_printerr ("first-text: text after %.1f ms (%u polls): %u ink pixels in %u bands of a %ux%u region\n",
                fired_at - start, polls, ink.ink, ink.lines, ink.width, ink.height);
  save_frame (&options, &ink, "text");
  run_shot_cmd (&options, "text");
  g_clear_pointer (&ink.rgb, g_free);

  sleep_ms (options.settle_s * 1000);
  if (waitpid (child, &status, WNOHANG) == child)
    {
      g_printerr ("first-text: %s exited while settling\n", argv[1]);
      return EXIT_NO_TEXT;
    }
  hwm = tree_vm_hwm_kib (child, &n_processes);
  printf ("vmhwm-kib %" G_GUINT64_FORMAT "\n", hwm);
  printf ("processes %u\n", n_processes);
  fflush (stdout);

  stop_child (child);
  XCloseDisplay (display);
  return 0;
}
