/* SPDX-License-Identifier: GPL-3.0-or-later
 * epistle-cli-history.c — `epistle-cli history`: a document's versions in
 * git — list, record, print, compare word by word, restore and sync them. */

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "epistle-cli.h"
#include "epistle-encoding.h"
#include "epistle-history.h"
#include "epistle-word-diff.h"

/* Versions asked of the engine at a time while paging through a log. */
#define LOG_PAGE 64
#define DEFAULT_CONTEXT_WORDS 8
#define SHORT_ID_LENGTH 8

typedef struct {
  gboolean  json;
  int       max;        /* log: -1 when not given, 0 for all   */
  int       context;    /* diff: -1 when not given             */
  char     *message;    /* snapshot                            */
  char     *tag;        /* snapshot                            */
} Options;

/* ---- output helpers ----------------------------------------------------- */

/* The members of one version's JSON object; words and word_delta are null
 * when the version's text cannot be read as text. */
static void
add_version_members (JsonBuilder          *builder,
                     const EpistleVersion *version)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (version->time);
  g_autofree char *iso = when != NULL ? g_date_time_format_iso8601 (when) : NULL;

  epistle_cli_json_string (builder, "id", version->id);
  epistle_cli_json_string (builder, "time", iso);
  epistle_cli_json_string (builder, "summary", version->summary);
  epistle_cli_json_string (builder, "message", version->message);
  epistle_cli_json_string (builder, "author", version->author);
  epistle_cli_json_string (builder, "path", version->path);
  json_builder_set_member_name (builder, "words");
  if (version->words >= 0)
    json_builder_add_int_value (builder, version->words);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "word_delta");
  if (version->words >= 0)
    json_builder_add_int_value (builder, version->word_delta);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "milestones");
  json_builder_begin_array (builder);
  for (guint i = 0; version->milestones != NULL && version->milestones[i] != NULL; i++)
    json_builder_add_string_value (builder, version->milestones[i]);
  json_builder_end_array (builder);
}

static void
add_version (JsonBuilder          *builder,
             const EpistleVersion *version)
{
  if (version == NULL)
    {
      json_builder_add_null_value (builder);
      return;
    }
  json_builder_begin_object (builder);
  add_version_members (builder, version);
  json_builder_end_object (builder);
}

static char *
format_count (gint64 n)
{
  /* Thousands grouped the way the locale does ("4,812"), as in the
   * messages the engine writes. */
  return g_strdup_printf ("%'" G_GINT64_FORMAT, n);
}

/* "+152", "−37" (a real minus sign, as in the engine's messages). */
static char *
format_delta (gint64 n)
{
  g_autofree char *count = format_count (n < 0 ? -n : n);

  return g_strconcat (n < 0 ? "−" : "+", count, NULL);
}

static char *
format_local_time (gint64 unix_time)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (unix_time);

  return when != NULL ? g_date_time_format (when, "%Y-%m-%d %H:%M") : g_strdup ("?");
}

/* @s padded with spaces on the left to @width characters. */
static char *
pad_left (const char *s,
          glong       width)
{
  glong pad = width - g_utf8_strlen (s, -1);

  return g_strdup_printf ("%*s%s", (int) MAX (pad, 0), "", s);
}

static void
print_milestones (const EpistleVersion *version)
{
  for (guint i = 0; version->milestones != NULL && version->milestones[i] != NULL; i++)
    printf ("  [%s]", version->milestones[i]);
}

/* "a1b2c3d4  Saved — 4,812 words, +152  [Sent to the editor]" */
static void
print_version_line (const EpistleVersion *version)
{
  printf ("%.*s  %s", SHORT_ID_LENGTH, version->id, version->summary);
  print_milestones (version);
  printf ("\n");
}

/* ---- opening ------------------------------------------------------------ */

static EpistleHistory *
open_history (const char  *file,
              GError     **error)
{
  if (g_file_test (file, G_FILE_TEST_IS_DIR))
    {
      g_autofree char *display = g_filename_display_name (file);

      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_ISDIR,
                   _("“%s” is a folder, not a document"), display);
      return NULL;
    }
  return epistle_history_open (file, NULL, error);
}

/* All the versions (@max 0) or the @max newest, paging through the engine. */
static GPtrArray *
collect_versions (EpistleHistory  *history,
                  const char      *after,
                  guint            max,
                  GError         **error)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func ((GDestroyNotify) epistle_version_free);
  g_autofree char *cursor = g_strdup (after);

  while (max == 0 || all->len < max)
    {
      guint want = max == 0 ? LOG_PAGE : MIN (LOG_PAGE, max - all->len);
      g_autoptr(GPtrArray) page = epistle_history_log (history, cursor, want, error);
      guint got;

      if (page == NULL)
        return NULL;
      got = page->len;
      if (got == 0)
        break;
      g_set_str (&cursor, ((EpistleVersion *) g_ptr_array_index (page, got - 1))->id);
      g_ptr_array_extend_and_steal (all, g_steal_pointer (&page));
      if (got < want)
        break;
    }
  return g_steal_pointer (&all);
}

/* The newest version, or NULL with an error when there is none. */
static EpistleVersion *
newest_version (EpistleHistory  *history,
                GError         **error)
{
  g_autoptr(GPtrArray) newest = epistle_history_log (history, NULL, 1, error);

  if (newest == NULL)
    return NULL;
  if (newest->len == 0)
    {
      g_set_error (error, EPISTLE_HISTORY_ERROR, EPISTLE_HISTORY_ERROR_NOT_FOUND,
                   _("The document has no versions yet (make one with “history snapshot”)"));
      return NULL;
    }
  return g_ptr_array_steal_index (newest, 0);
}

/* @version, just made, as the log shows it: with its word change against
 * the document's previous version (the engine's own figure compares with
 * HEAD's, which in a repository may be another document's). */
static void
reread_as_logged (EpistleHistory  *history,
                  EpistleVersion **version)
{
  g_autoptr(GPtrArray) newest = NULL;

  if (*version == NULL)
    return;
  newest = epistle_history_log (history, NULL, 1, NULL);
  if (newest != NULL && newest->len > 0 &&
      g_str_equal (((EpistleVersion *) g_ptr_array_index (newest, 0))->id, (*version)->id))
    {
      epistle_version_free (*version);
      *version = g_ptr_array_steal_index (newest, 0);
    }
}

/* ---- log ---------------------------------------------------------------- */

static int
history_log (EpistleHistory *history,
             const char     *file,
             const Options  *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) versions = NULL;
  g_autoptr(GPtrArray) deltas = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) counts = g_ptr_array_new_with_free_func (g_free);
  glong delta_width = 0, count_width = 0;

  versions = collect_versions (history, NULL, (guint) MAX (options->max, 0), &error);
  if (versions == NULL)
    return epistle_cli_fail ("%s", error->message);

  /* A mistyped name should not look like a document without versions. */
  if (versions->len == 0 && !g_file_test (file, G_FILE_TEST_EXISTS))
    {
      g_autofree char *display = g_filename_display_name (file);

      return epistle_cli_fail (_("“%s” does not exist and has no versions"), display);
    }

  if (options->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_array (builder);
      for (guint i = 0; i < versions->len; i++)
        add_version (builder, g_ptr_array_index (versions, i));
      json_builder_end_array (builder);
      epistle_cli_print_json (builder);
      return EXIT_OK;
    }

  /* The figures right-aligned in their columns. */
  for (guint i = 0; i < versions->len; i++)
    {
      const EpistleVersion *version = g_ptr_array_index (versions, i);
      char *delta = version->words >= 0 ? format_delta (version->word_delta) : g_strdup ("?");
      char *count = version->words >= 0 ? format_count (version->words) : g_strdup ("?");

      delta_width = MAX (delta_width, g_utf8_strlen (delta, -1));
      count_width = MAX (count_width, g_utf8_strlen (count, -1));
      g_ptr_array_add (deltas, delta);
      g_ptr_array_add (counts, count);
    }

  for (guint i = 0; i < versions->len; i++)
    {
      const EpistleVersion *version = g_ptr_array_index (versions, i);
      g_autofree char *time = format_local_time (version->time);
      g_autofree char *delta = pad_left (g_ptr_array_index (deltas, i), delta_width);
      g_autofree char *count = pad_left (g_ptr_array_index (counts, i), count_width);
      g_autofree char *words = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s word", "%s words",
                                                             (gulong) MAX (version->words, 0)),
                                                count);

      printf ("%.*s  %s  %s  %s  %s", SHORT_ID_LENGTH, version->id, time, delta, words,
              version->summary);
      print_milestones (version);
      printf ("\n");
    }
  return EXIT_OK;
}

/* ---- snapshot ----------------------------------------------------------- */

static int
history_snapshot (EpistleHistory *history,
                  const Options  *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EpistleVersion) version = NULL;
  g_autoptr(EpistleVersion) last = NULL;

  if (options->tag != NULL && *options->tag == '\0')
    return epistle_cli_fail (_("The milestone needs a name"));
  /* The milestone is given to the version afterwards: when nothing
   * changed, the engine would tag HEAD, which in a repository may be a
   * later commit of other files, where the document's log never shows it. */
  if (!epistle_history_snapshot (history, options->message, NULL, NULL, NULL, &version, &error))
    return epistle_cli_fail ("%s", error->message);
  if (version == NULL)
    {
      last = newest_version (history, &error);
      if (last == NULL)
        return epistle_cli_fail ("%s", error->message);
    }
  if (options->tag != NULL)
    {
      if (!epistle_history_add_milestone (history, version != NULL ? version->id : last->id,
                                          options->tag, &error))
        return epistle_cli_fail ("%s", error->message);
      /* Read again, with the milestone. */
      if (last != NULL)
        {
          g_clear_pointer (&last, epistle_version_free);
          last = newest_version (history, &error);
          if (last == NULL)
            return epistle_cli_fail ("%s", error->message);
        }
    }
  reread_as_logged (history, &version);

  if (options->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "changed");
      json_builder_add_boolean_value (builder, version != NULL);
      json_builder_set_member_name (builder, "version");
      add_version (builder, version != NULL ? version : last);
      json_builder_end_object (builder);
      epistle_cli_print_json (builder);
    }
  else if (version != NULL)
    print_version_line (version);
  else if (options->tag != NULL)
    printf (_("No changes since the last version; the milestone “%s” names %.*s\n"),
            options->tag, SHORT_ID_LENGTH, last->id);
  else
    printf ("%s\n", _("No changes since the last version"));
  return EXIT_OK;
}

/* ---- show --------------------------------------------------------------- */

static char *
decode_version (GBytes      *bytes,
                const char  *rev,
                gsize       *length,
                GError     **error)
{
  EpistleTextFormat format;
  char *text;

  text = epistle_decode (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                         &format, length, error);
  if (text == NULL)
    {
      /* Name the version: the decoder's message does not. */
      g_prefix_error (error, _("The version “%s”: "), rev);
      return NULL;
    }
  epistle_text_format_clear (&format);
  return text;
}

static int
history_show (EpistleHistory *history,
              const char     *rev,
              const Options  *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(EpistleVersion) version = NULL;
  gsize size = 0;
  const char *data;

  version = epistle_history_lookup (history, rev, &error);
  if (version == NULL)
    return epistle_cli_fail ("%s", error->message);
  bytes = epistle_history_read (history, version->id, &error);
  if (bytes == NULL)
    return epistle_cli_fail ("%s", error->message);

  if (options->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autofree char *text = decode_version (bytes, rev, NULL, &error);

      if (text == NULL)
        return epistle_cli_fail ("%s", error->message);
      json_builder_begin_object (builder);
      add_version_members (builder, version);
      epistle_cli_json_string (builder, "text", text);
      json_builder_end_object (builder);
      epistle_cli_print_json (builder);
      return EXIT_OK;
    }

  /* The bytes exactly as they were: encoding, BOM and line ends too. */
  data = g_bytes_get_data (bytes, &size);
  if ((size > 0 && fwrite (data, 1, size, stdout) != size) || fflush (stdout) != 0)
    return epistle_cli_fail (_("The version cannot be written out: %s"), g_strerror (errno));
  return EXIT_OK;
}

/* ---- diff --------------------------------------------------------------- */

/* One side of a comparison: a version, or the file as it is now. */
typedef struct {
  char   *label;     /* for the "---"/"+++" lines                */
  char   *id;        /* the version's id; NULL for the file      */
  char   *text;      /* UTF-8                                    */
  gsize   length;
} Side;

static void
side_clear (Side *side)
{
  g_clear_pointer (&side->label, g_free);
  g_clear_pointer (&side->id, g_free);
  g_clear_pointer (&side->text, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Side, side_clear)

static gboolean
side_from_version (Side            *side,
                   EpistleHistory  *history,
                   const char      *rev,
                   GError         **error)
{
  g_autoptr(EpistleVersion) version = epistle_history_lookup (history, rev, error);
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *time = NULL;

  if (version == NULL)
    return FALSE;
  bytes = epistle_history_read (history, version->id, error);
  if (bytes == NULL)
    return FALSE;
  side->text = decode_version (bytes, rev, &side->length, error);
  if (side->text == NULL)
    return FALSE;
  time = format_local_time (version->time);
  side->label = g_strdup_printf ("%.*s  %s  %s", SHORT_ID_LENGTH, version->id, time, version->summary);
  side->id = g_strdup (version->id);
  return TRUE;
}

static gboolean
side_from_file (Side        *side,
                const char  *file,
                GError     **error)
{
  g_autofree char *display = g_filename_display_name (file);

  side->text = epistle_cli_read_text (file, &side->length, error);
  if (side->text == NULL)
    return FALSE;
  side->label = g_strdup_printf (_("%s (now)"), display);
  return TRUE;
}

/* Context is counted in runs of characters between white space: from
 * @end back to the start of the @n-th such word before it, not before
 * @limit.  ASCII white space never occurs inside a UTF-8 sequence, so the
 * result is a character boundary. */
static gsize
context_start (const char *text,
               gsize       limit,
               gsize       end,
               guint       n)
{
  gsize p = end;

  for (guint i = 0; i < n && p > limit; i++)
    {
      while (p > limit && g_ascii_isspace (text[p - 1]))
        p--;
      while (p > limit && !g_ascii_isspace (text[p - 1]))
        p--;
    }
  return p;
}

/* From @start forward to the end of the @n-th word after it, not past @limit. */
static gsize
context_end (const char *text,
             gsize       start,
             gsize       limit,
             guint       n)
{
  gsize p = start;

  for (guint i = 0; i < n && p < limit; i++)
    {
      while (p < limit && g_ascii_isspace (text[p]))
        p++;
      while (p < limit && !g_ascii_isspace (text[p]))
        p++;
    }
  return p;
}

/* Line and column (both from 1, the column in characters) of @offset,
 * counting on from an earlier position so a whole diff costs one pass. */
typedef struct {
  const char *text;
  gsize       offset;
  guint       line;
  gsize       line_start;
} Position;

static void
position_advance (Position *pos,
                  gsize     offset)
{
  for (; pos->offset < offset; pos->offset++)
    if (pos->text[pos->offset] == '\n')
      {
        pos->line++;
        pos->line_start = pos->offset + 1;
      }
}

static glong
position_column (const Position *pos)
{
  return g_utf8_strlen (pos->text + pos->line_start, (gssize) (pos->offset - pos->line_start)) + 1;
}

/* stdout, remembering whether the last thing written ended a line. */
typedef struct {
  gboolean at_line_start;
} Output;

static void
output_write (Output     *out,
              const char *text,
              gsize       length)
{
  if (length == 0)
    return;
  fwrite (text, 1, length, stdout);
  out->at_line_start = text[length - 1] == '\n';
}

static void
output_change (Output     *out,
               const char *open,
               const char *text,
               gsize       length,
               const char *close)
{
  if (length == 0)
    return;
  fputs (open, stdout);
  fwrite (text, 1, length, stdout);
  fputs (close, stdout);
  out->at_line_start = FALSE;
}

static void
print_diff_text (const Side            *old_side,
                 const Side            *new_side,
                 const EpistleWordDiff *diff,
                 guint                  context)
{
  const char *old_text = old_side->text, *new_text = new_side->text;
  Position old_pos = { old_text, 0, 1, 0 }, new_pos = { new_text, 0, 1, 0 };
  GArray *hunks = diff->hunks;
  g_autofree char *added = format_count (diff->words_added);
  g_autofree char *removed = format_count (diff->words_removed);
  g_autofree char *words_added = NULL;
  g_autofree char *changes = NULL;
  Output out = { TRUE };
  guint i = 0;

  printf ("--- %s\n+++ %s\n", old_side->label, new_side->label);

  while (i < hunks->len)
    {
      const EpistleWordDiffHunk *first = &g_array_index (hunks, EpistleWordDiffHunk, i);
      const EpistleWordDiffHunk *end;
      gsize previous_end = i > 0 ? g_array_index (hunks, EpistleWordDiffHunk, i - 1).old_end : 0;
      gsize from = context_start (old_text, previous_end, first->old_start, context);
      gsize next_start, to;
      guint last = i;

      /* Changes whose context would meet are shown as one group, with
       * the text between them. */
      while (last + 1 < hunks->len)
        {
          const EpistleWordDiffHunk *a = &g_array_index (hunks, EpistleWordDiffHunk, last);
          const EpistleWordDiffHunk *b = &g_array_index (hunks, EpistleWordDiffHunk, last + 1);

          if (context_end (old_text, a->old_end, b->old_start, context) <
              context_start (old_text, a->old_end, b->old_start, context))
            break;
          last++;
        }

      position_advance (&old_pos, first->old_start);
      position_advance (&new_pos, first->new_start);
      printf ("@@ -%u:%ld +%u:%ld @@\n", old_pos.line, position_column (&old_pos),
              new_pos.line, position_column (&new_pos));
      out.at_line_start = TRUE;

      output_write (&out, old_text + from, first->old_start - from);
      for (guint k = i; k <= last; k++)
        {
          const EpistleWordDiffHunk *hunk = &g_array_index (hunks, EpistleWordDiffHunk, k);

          if (k > i)
            {
              gsize common = g_array_index (hunks, EpistleWordDiffHunk, k - 1).old_end;

              output_write (&out, old_text + common, hunk->old_start - common);
            }
          output_change (&out, "[-", old_text + hunk->old_start, hunk->old_end - hunk->old_start, "-]");
          output_change (&out, "{+", new_text + hunk->new_start, hunk->new_end - hunk->new_start, "+}");
        }

      end = &g_array_index (hunks, EpistleWordDiffHunk, last);
      next_start = last + 1 < hunks->len
                   ? g_array_index (hunks, EpistleWordDiffHunk, last + 1).old_start
                   : old_side->length;
      to = context_end (old_text, end->old_end, next_start, context);
      output_write (&out, old_text + end->old_end, to - end->old_end);
      if (!out.at_line_start)
        printf ("\n");
      i = last + 1;
    }

  words_added = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "+%s word", "+%s words",
                                              diff->words_added),
                                 added);
  changes = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u change", "%u changes", hunks->len),
                             hunks->len);
  printf ("%s, −%s, %s\n", words_added, removed, changes);
}

static void
print_diff_json (const char            *file,
                 const Side            *old_side,
                 const Side            *new_side,
                 const EpistleWordDiff *diff)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  epistle_cli_json_string (builder, "file", file);
  epistle_cli_json_string (builder, "old_id", old_side->id);
  epistle_cli_json_string (builder, "new_id", new_side->id);
  epistle_cli_json_int (builder, "words_added", diff->words_added);
  epistle_cli_json_int (builder, "words_removed", diff->words_removed);
  json_builder_set_member_name (builder, "hunks");
  json_builder_begin_array (builder);
  for (guint i = 0; i < diff->hunks->len; i++)
    {
      const EpistleWordDiffHunk *hunk = &g_array_index (diff->hunks, EpistleWordDiffHunk, i);
      g_autofree char *old_part = g_strndup (old_side->text + hunk->old_start, hunk->old_end - hunk->old_start);
      g_autofree char *new_part = g_strndup (new_side->text + hunk->new_start, hunk->new_end - hunk->new_start);

      json_builder_begin_object (builder);
      epistle_cli_json_int (builder, "old_start", (gint64) hunk->old_start);
      epistle_cli_json_int (builder, "old_end", (gint64) hunk->old_end);
      epistle_cli_json_int (builder, "new_start", (gint64) hunk->new_start);
      epistle_cli_json_int (builder, "new_end", (gint64) hunk->new_end);
      epistle_cli_json_string (builder, "old_text", old_part);
      epistle_cli_json_string (builder, "new_text", new_part);
      epistle_cli_json_int (builder, "words_added", hunk->words_added);
      epistle_cli_json_int (builder, "words_removed", hunk->words_removed);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  epistle_cli_print_json (builder);
}

static int
history_diff (EpistleHistory *history,
              const char     *file,
              char          **revs,
              const Options  *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EpistleWordDiff) diff = NULL;
  g_auto(Side) old_side = { NULL, };
  g_auto(Side) new_side = { NULL, };
  guint n_revs = revs != NULL ? g_strv_length (revs) : 0;

  if (n_revs == 0)
    {
      g_autoptr(EpistleVersion) last = newest_version (history, &error);

      if (last == NULL || !side_from_version (&old_side, history, last->id, &error))
        return epistle_cli_fail ("%s", error->message);
    }
  else if (!side_from_version (&old_side, history, revs[0], &error))
    return epistle_cli_fail ("%s", error->message);

  if (n_revs == 2 ? !side_from_version (&new_side, history, revs[1], &error)
                  : !side_from_file (&new_side, file, &error))
    return epistle_cli_fail ("%s", error->message);

  diff = epistle_word_diff_compute (old_side.text, old_side.length, new_side.text, new_side.length);

  if (options->json)
    print_diff_json (file, &old_side, &new_side, diff);
  else if (diff->hunks->len > 0)
    print_diff_text (&old_side, &new_side, diff,
                     options->context >= 0 ? (guint) options->context : DEFAULT_CONTEXT_WORDS);

  /* As diff(1): differences are findings. */
  return diff->hunks->len > 0 ? EXIT_FINDINGS : EXIT_OK;
}

/* ---- restore ------------------------------------------------------------ */

static int
history_restore (EpistleHistory *history,
                 const char     *file,
                 const char     *rev,
                 const Options  *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EpistleVersion) saved = NULL;
  g_autoptr(EpistleVersion) version = NULL;
  g_autoptr(EpistleVersion) target = NULL;

  /* Checked before anything is written, so a mistyped revision changes
   * nothing. */
  target = epistle_history_lookup (history, rev, &error);
  if (target == NULL)
    return epistle_cli_fail ("%s", error->message);

  /* The engine writes the old text over the file as it is: what was
   * written since the last version becomes a version first, so that
   * nothing typed is lost (as sync does before it exchanges anything). */
  if (g_file_test (file, G_FILE_TEST_EXISTS) &&
      !epistle_history_snapshot (history, NULL, NULL, NULL, NULL, &saved, &error))
    return epistle_cli_fail ("%s", error->message);

  if (!epistle_history_restore (history, target->id, &version, &error))
    return epistle_cli_fail ("%s", error->message);
  reread_as_logged (history, &version);

  if (options->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "restored");
      add_version (builder, target);
      epistle_cli_json_string (builder, "saved_first", saved != NULL ? saved->id : NULL);
      json_builder_set_member_name (builder, "version");
      add_version (builder, version);
      json_builder_end_object (builder);
      epistle_cli_print_json (builder);
      return EXIT_OK;
    }

  if (saved != NULL)
    printf (_("The text on disk was kept first as %.*s\n"), SHORT_ID_LENGTH, saved->id);
  if (version != NULL)
    print_version_line (version);
  else
    printf (_("The document already is the version %.*s\n"), SHORT_ID_LENGTH, target->id);
  return EXIT_OK;
}

/* ---- sync --------------------------------------------------------------- */

/* The server's newest version as this computer last saw it, read before
 * the sync so the versions sent can be counted; NULL before a first sync. */
static char *
last_seen_on_server (EpistleHistory *history)
{
  g_autofree char *repository = epistle_history_dup_repository_path (history);
  g_autofree char *head_file = g_build_filename (repository, "HEAD", NULL);
  g_autofree char *head = NULL;
  g_autofree char *tracking = NULL;
  g_autoptr(EpistleVersion) version = NULL;

  /* The engine keeps it in refs/remotes/origin/BRANCH, for HEAD's branch. */
  if (!g_file_get_contents (head_file, &head, NULL, NULL) ||
      !g_str_has_prefix (head, "ref: refs/heads/"))
    return NULL;
  g_strchomp (head);
  tracking = g_strconcat ("refs/remotes/origin/", head + strlen ("ref: refs/heads/"), NULL);
  version = epistle_history_lookup (history, tracking, NULL);
  return version != NULL ? g_strdup (version->id) : NULL;
}

/* How many of @versions (newest first) are newer than the commit @seen. */
static guint
count_newer (EpistleHistory *history,
             GPtrArray      *versions,
             const char     *seen)
{
  g_autoptr(GPtrArray) older = NULL;

  if (seen == NULL)
    return versions->len;
  for (guint i = 0; i < versions->len; i++)
    if (g_str_equal (((EpistleVersion *) g_ptr_array_index (versions, i))->id, seen))
      return i;
  /* @seen is a commit of other files: the versions up to it are those
   * older than it. */
  older = collect_versions (history, seen, 0, NULL);
  if (older == NULL || older->len > versions->len)
    return versions->len;
  return versions->len - older->len;
}

static int
history_sync (EpistleHistory *history,
              const char     *remote,
              const Options  *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) versions = NULL;
  g_autoptr(EpistleVersion) before = NULL;
  g_autofree char *seen = last_seen_on_server (history);
  EpistleSyncResult result = EPISTLE_SYNC_UP_TO_DATE;
  const char *name = NULL;
  guint count = 0;

  /* What the newest version was before (a pull counts what came after). */
  {
    g_autoptr(GPtrArray) newest = epistle_history_log (history, NULL, 1, NULL);

    if (newest != NULL && newest->len > 0)
      before = g_ptr_array_steal_index (newest, 0);
  }

  if (!epistle_history_sync (history, remote, &result, &error))
    return epistle_cli_fail ("%s", error->message);

  versions = collect_versions (history, NULL, 0, &error);
  if (versions == NULL)
    return epistle_cli_fail ("%s", error->message);

  switch (result)
    {
    case EPISTLE_SYNC_UP_TO_DATE:
      name = "up-to-date";
      break;
    case EPISTLE_SYNC_PUSHED:
      name = "pushed";
      count = count_newer (history, versions, seen);
      break;
    case EPISTLE_SYNC_PULLED:
      name = "pulled";
      count = count_newer (history, versions, before != NULL ? before->id : NULL);
      break;
    default:
      g_assert_not_reached ();
    }

  if (options->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      epistle_cli_json_string (builder, "result", name);
      epistle_cli_json_int (builder, "versions", count);
      json_builder_set_member_name (builder, "newest");
      add_version (builder, versions->len > 0 ? g_ptr_array_index (versions, 0) : NULL);
      json_builder_end_object (builder);
      epistle_cli_print_json (builder);
      return EXIT_OK;
    }

  if (result == EPISTLE_SYNC_UP_TO_DATE)
    printf ("%s\n", _("Up to date"));
  else if (result == EPISTLE_SYNC_PUSHED)
    printf (g_dngettext (GETTEXT_PACKAGE,
                         "Sent %u version to the server\n",
                         "Sent %u versions to the server\n", count),
            count);
  else
    printf (g_dngettext (GETTEXT_PACKAGE,
                         "Brought the document up to date with the server (%u new version)\n",
                         "Brought the document up to date with the server (%u new versions)\n", count),
            count);
  return EXIT_OK;
}

/* ---- dispatch ----------------------------------------------------------- */

int
epistle_cli_history (int    argc,
                     char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EpistleHistory) history = NULL;
  g_autofree char *message = NULL;
  g_autofree char *tag = NULL;
  g_auto(GStrv) rest = NULL;
  Options options = { FALSE, -1, -1, NULL, NULL };
  const char *command;
  const char *file;
  guint n_args;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &options.json, N_("Print the result as JSON"), NULL },
    { "max", 0, 0, G_OPTION_ARG_INT, &options.max, N_("log: at most N versions, newest first (default all)"), "N" },
    { "message", 'm', 0, G_OPTION_ARG_STRING, &message, N_("snapshot: describe the version (default: its words and their change)"), N_("MESSAGE") },
    { "tag", 0, 0, G_OPTION_ARG_STRING, &tag, N_("snapshot: name the version a milestone"), N_("NAME") },
    { "context", 0, 0, G_OPTION_ARG_INT, &options.context, N_("diff: words shown around each change (default 8)"), "N" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &rest, NULL, N_("COMMAND [ARGUMENT…] FILE") },
    G_OPTION_ENTRY_NULL
  };

  context = g_option_context_new (NULL);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Every saved draft of a document as a version in git: in the "
                                  "repository the document is in, or else in Epistle’s own store.  "
                                  "Commands:\n"
                                  "  log [--max N] FILE                       the versions, newest first\n"
                                  "  snapshot [-m MESSAGE] [--tag NAME] FILE  record the document as it is now\n"
                                  "  show REV FILE                            print a version, byte for byte\n"
                                  "  diff [--context N] [REV_A [REV_B]] FILE  compare word by word\n"
                                  "  restore REV FILE                         make a version the document again\n"
                                  "  sync [REMOTE] FILE                       exchange versions with a git server\n"
                                  "\n"
                                  "REV is a version’s id (its first 8 digits will do), a milestone, or a git "
                                  "revision such as HEAD~2.\n"
                                  "\n"
                                  "diff compares the last version with the file, REV_A with the file, or REV_A "
                                  "with REV_B.  Each change reads [-removed-]{+added+}, with N words around it; "
                                  "changes close together form one group, headed by a line "
                                  "“@@ -LINE:COLUMN +LINE:COLUMN @@” giving where its first change is in the "
                                  "old and in the new text.  A last line counts the words added and removed and "
                                  "the changes.  The exit status is 1 when the texts differ, 0 when they do not.  "
                                  "With --json, the hunks’ offsets are in bytes of the texts decoded to UTF-8.\n"
                                  "\n"
                                  "restore first keeps the text on disk as a version when it has changed.  "
                                  "sync remembers the server: REMOTE is needed the first time only."));

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return epistle_cli_fail ("%s", error->message);
  options.message = message;
  options.tag = tag;

  if (rest == NULL || rest[0] == NULL)
    return epistle_cli_fail (_("No history command given (try “--help”)"));
  command = rest[0];
  n_args = g_strv_length (rest) - 1;

  if (!g_str_equal (command, "log") && !g_str_equal (command, "snapshot") &&
      !g_str_equal (command, "show") && !g_str_equal (command, "diff") &&
      !g_str_equal (command, "restore") && !g_str_equal (command, "sync"))
    return epistle_cli_fail (_("Unknown history command “%s” (try “--help”)"), command);

  /* Options belong to one command each: elsewhere they are mistakes. */
  if (options.max != -1 && !g_str_equal (command, "log"))
    return epistle_cli_fail (_("“--max” is an option of “log” only"));
  if ((message != NULL || tag != NULL) && !g_str_equal (command, "snapshot"))
    return epistle_cli_fail (_("“--message” and “--tag” are options of “snapshot” only"));
  if (options.context != -1 && !g_str_equal (command, "diff"))
    return epistle_cli_fail (_("“--context” is an option of “diff” only"));
  if (options.max < -1 || options.context < -1)
    return epistle_cli_fail (_("A count cannot be negative"));

  if (n_args == 0)
    return epistle_cli_fail (_("No file given (try “--help”)"));
  if ((g_str_equal (command, "log") || g_str_equal (command, "snapshot")) && n_args != 1)
    return epistle_cli_fail (_("Usage: history %s FILE (one file at a time)"), command);
  if ((g_str_equal (command, "show") || g_str_equal (command, "restore")) && n_args != 2)
    return epistle_cli_fail (_("Usage: history %s REV FILE"), command);
  if (g_str_equal (command, "diff") && n_args > 3)
    return epistle_cli_fail (_("Usage: history diff [REV_A [REV_B]] FILE"));
  if (g_str_equal (command, "sync") && n_args > 2)
    return epistle_cli_fail (_("Usage: history sync [REMOTE] FILE"));

  /* The document comes last, after the revisions or the server. */
  file = rest[n_args];
  history = open_history (file, &error);
  if (history == NULL)
    return epistle_cli_fail ("%s", error->message);

  if (g_str_equal (command, "log"))
    return history_log (history, file, &options);
  if (g_str_equal (command, "snapshot"))
    return history_snapshot (history, &options);
  if (g_str_equal (command, "show"))
    return history_show (history, rest[1], &options);
  if (g_str_equal (command, "diff"))
    {
      /* The revisions, without the file. */
      g_auto(GStrv) revs = g_new0 (char *, n_args);

      for (guint i = 0; i + 1 < n_args; i++)
        revs[i] = g_strdup (rest[1 + i]);
      return history_diff (history, file, revs, &options);
    }
  if (g_str_equal (command, "restore"))
    return history_restore (history, file, rest[1], &options);
  return history_sync (history, n_args == 2 ? rest[1] : NULL, &options);
}
