/* SPDX-License-Identifier: GPL-3.0-or-later
 * epistle-spell-adapter.c — keeps the misspelling underline of a buffer up
 * to date: text waiting to be checked is a set of ranges; batches of whole
 * lines go to a worker, starting where the Markdown state is known. */

#include "config.h"

#include <string.h>

#include <gtksourceview/gtksource.h>

#include "epistle-spell-adapter.h"

/* Characters per batch: ~0.2 ms of worker time, ~0.1 ms to copy. */
#define BATCH_CHARS 16384
/* Out of view, four batches at once: fewer trips through the main loop,
 * whose idle time GtkTextView's own layout of a fresh book takes first. */
#define BACKGROUND_BATCH_CHARS (4 * BATCH_CHARS)
/* The worker notes the scan state about this often (in bytes), at the
 * start of a paragraph where it can: an edit is then checked from a
 * checkpoint just before it to the one just after it, a few thousand
 * characters, and the state there tells whether what follows reads
 * differently now (a code fence typed or deleted). */
#define CHECKPOINT_BYTES 2048

typedef struct {
  gint64 start;
  gint64 end;
} Range;

/* The scan state at a line start, so a batch can begin there. */
typedef struct {
  gint64                offset;
  EpistleSpellScanState state;
} Checkpoint;

struct _EpistleSpellAdapter
{
  GObject              parent_instance;

  GtkTextView         *view;           /* weak */
  GtkTextBuffer       *buffer;
  EpistleSpellChecker *checker;
  EpistleWordList     *document_words;
  EpistleWordList     *ignored;
  GtkTextTag          *tag;
  char                *lang;
  gboolean             enabled;
  gboolean             busy;

  GArray              *unchecked;      /* Range, sorted, disjoint */
  GArray              *checkpoints;    /* Checkpoint, sorted; [0] is offset 0 */
  guint                idle_id;
  guint                generation;     /* bumped when every result becomes stale */

  /* the batch in the worker */
  gboolean             in_flight;
  gboolean             flight_stale;
  gboolean             flight_exact;   /* began at a checkpoint */
  gint64               flight_start;
  gint64               flight_end;

  /* the word being typed, not underlined until the cursor leaves it */
  gboolean             held;
  gint64               held_start;
  gint64               held_end;
  gboolean             typing;
  guint                user_action;    /* depth of begin/end-user-action */

  gint64               longest_step;   /* µs: the longest the checker held the main loop */
};

G_DEFINE_FINAL_TYPE (EpistleSpellAdapter, epistle_spell_adapter, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_LANGUAGE,
  PROP_ENABLED,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_CHECKED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void schedule (EpistleSpellAdapter *self);
static gboolean dispatch_batch (gpointer user_data);

/* ------------------------------------------------------------- ranges ---- */

static void
ranges_add (GArray *ranges,
            gint64  start,
            gint64  end)
{
  guint i = 0;

  if (start >= end)
    return;
  /* Skip ranges wholly before, then merge every range that touches. */
  while (i < ranges->len && g_array_index (ranges, Range, i).end < start)
    i++;
  while (i < ranges->len && g_array_index (ranges, Range, i).start <= end)
    {
      Range *r = &g_array_index (ranges, Range, i);

      start = MIN (start, r->start);
      end = MAX (end, r->end);
      g_array_remove_index (ranges, i);
    }
  g_array_insert_val (ranges, i, ((Range) { start, end }));
}

static void
ranges_remove (GArray *ranges,
               gint64  start,
               gint64  end)
{
  for (guint i = 0; i < ranges->len; )
    {
      Range *r = &g_array_index (ranges, Range, i);

      if (r->end <= start || r->start >= end)
        {
          i++;
          continue;
        }
      if (r->start < start && r->end > end)
        {
          Range tail = { end, r->end };

          r->end = start;
          g_array_insert_val (ranges, i + 1, tail);
          return;
        }
      if (r->start < start)
        r->end = start, i++;
      else if (r->end > end)
        r->start = end, i++;
      else
        g_array_remove_index (ranges, i);
    }
}

static gint64
shift_for_delete (gint64 x,
                  gint64 start,
                  gint64 end)
{
  if (x <= start)
    return x;
  if (x >= end)
    return x - (end - start);
  return start;
}

/* ------------------------------------------------------------- helpers --- */

static void
set_busy (EpistleSpellAdapter *self,
          gboolean             busy)
{
  if (self->busy == busy)
    return;
  self->busy = busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static gboolean
active (EpistleSpellAdapter *self)
{
  return self->enabled && self->lang != NULL && self->buffer != NULL;
}

static void
mark_all_unchecked (EpistleSpellAdapter *self)
{
  g_array_set_size (self->unchecked, 0);
  if (self->buffer != NULL)
    ranges_add (self->unchecked, 0, gtk_text_buffer_get_char_count (self->buffer));
  self->generation++;
  self->flight_stale = TRUE;
  self->held = FALSE;
  schedule (self);
}

static gint64
cursor_offset (EpistleSpellAdapter *self)
{
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_mark (self->buffer, &iter, gtk_text_buffer_get_insert (self->buffer));
  return gtk_text_iter_get_offset (&iter);
}

/* The word around @offset: back and forth to white space on its line. */
static void
word_bounds (EpistleSpellAdapter *self,
             gint64               from,
             gint64               to,
             gint64              *start,
             gint64              *end)
{
  GtkTextIter a, b;

  gtk_text_buffer_get_iter_at_offset (self->buffer, &a, from);
  gtk_text_buffer_get_iter_at_offset (self->buffer, &b, to);
  while (!gtk_text_iter_starts_line (&a))
    {
      GtkTextIter prev = a;

      gtk_text_iter_backward_char (&prev);
      if (g_unichar_isspace (gtk_text_iter_get_char (&prev)))
        break;
      a = prev;
    }
  while (!gtk_text_iter_ends_line (&b) && !g_unichar_isspace (gtk_text_iter_get_char (&b)))
    gtk_text_iter_forward_char (&b);
  *start = gtk_text_iter_get_offset (&a);
  *end = gtk_text_iter_get_offset (&b);
}

/* ------------------------------------------------------------- edits ----- */

static void
on_insert_text (EpistleSpellAdapter *self,
                GtkTextIter         *location,
                const char          *text,
                int                  length)
{
  gint64 p = gtk_text_iter_get_offset (location);
  gint64 n = g_utf8_strlen (text, length);

  for (guint i = 0; i < self->unchecked->len; i++)
    {
      Range *r = &g_array_index (self->unchecked, Range, i);

      if (r->start >= p)
        r->start += n;
      if (r->end >= p)
        r->end += n;
    }
  /* A checkpoint at p stays: the inserted text begins its line. */
  for (guint i = 0; i < self->checkpoints->len; i++)
    {
      Checkpoint *c = &g_array_index (self->checkpoints, Checkpoint, i);

      if (c->offset > p)
        c->offset += n;
    }
  if (self->in_flight)
    {
      if (p <= self->flight_start)
        self->flight_start += n, self->flight_end += n;
      else if (p < self->flight_end)
        self->flight_stale = TRUE;
    }
  if (self->held)
    {
      if (p <= self->held_start)
        self->held_start += n, self->held_end += n;
      else if (p <= self->held_end)
        self->held_end += n;
    }
  /* Typing (not loading, pasting or replacing): a short insert at the
   * cursor, in a user action. */
  self->typing = self->user_action > 0 && n < 32 && p == cursor_offset (self) &&
                 memchr (text, '\n', length) == NULL;
}

/* Whether @text, typed at the end of the word being written, only goes on
 * with that word: letters, digits, apostrophes, hyphens. */
static gboolean
continues_word (const char *text,
                int         length)
{
  for (const char *p = text; p < text + length; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isalnum (c) && !g_unichar_ismark (c) && c != '\'' && c != 0x2019 && c != '-')
        return FALSE;
    }
  return TRUE;
}

/* Whether the misspelling underline touches [@a, @b). */
static gboolean
underlined (EpistleSpellAdapter *self,
            gint64               a,
            gint64               b)
{
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_offset (self->buffer, &iter, a);
  if (gtk_text_iter_has_tag (&iter, self->tag))
    return TRUE;
  return gtk_text_iter_forward_to_tag_toggle (&iter, self->tag) && gtk_text_iter_get_offset (&iter) < b;
}

static void
on_insert_text_after (EpistleSpellAdapter *self,
                      GtkTextIter         *location,
                      const char          *text,
                      int                  length)
{
  gint64 end = gtk_text_iter_get_offset (location);
  gint64 start = end - g_utf8_strlen (text, length);
  gint64 a, b;

  word_bounds (self, start, end, &a, &b);
  ranges_add (self->unchecked, a, b);
  /* A letter typed at the end of the word being written: the word is
   * judged once the writer leaves it (a word being typed is not
   * underlined), so nothing is checked until then. A batch at every
   * letter copied the text around it to the worker and back for a
   * verdict nobody saw. A word that is underlined is checked at once:
   * the line goes as soon as the word is right. */
  if (self->typing && end == b && continues_word (text, length) && !underlined (self, a, b))
    {
      self->held = TRUE;
      self->held_start = a;
      self->held_end = b;
      return;
    }
  schedule (self);
}

static void
on_delete_range (EpistleSpellAdapter *self,
                 GtkTextIter         *start_iter,
                 GtkTextIter         *end_iter)
{
  gint64 p = gtk_text_iter_get_offset (start_iter);
  gint64 q = gtk_text_iter_get_offset (end_iter);

  for (guint i = 0; i < self->unchecked->len; )
    {
      Range *r = &g_array_index (self->unchecked, Range, i);

      r->start = shift_for_delete (r->start, p, q);
      r->end = shift_for_delete (r->end, p, q);
      if (r->start >= r->end)
        g_array_remove_index (self->unchecked, i);
      else
        i++;
    }
  {
    guint kept = 1;

    /* In place: a long deletion can take thousands of checkpoints. */
    for (guint i = 1; i < self->checkpoints->len; i++)
      {
        Checkpoint *c = &g_array_index (self->checkpoints, Checkpoint, i);

        if (c->offset > p && c->offset <= q)
          continue;
        if (c->offset > q)
          c->offset -= q - p;
        if (kept != i)
          g_array_index (self->checkpoints, Checkpoint, kept) = *c;
        kept++;
      }
    g_array_set_size (self->checkpoints, kept);
  }
  if (self->in_flight)
    {
      if (q <= self->flight_start)
        self->flight_start -= q - p, self->flight_end -= q - p;
      else if (p < self->flight_end)
        self->flight_stale = TRUE;
    }
  if (self->held)
    {
      self->held_start = shift_for_delete (self->held_start, p, q);
      self->held_end = shift_for_delete (self->held_end, p, q);
    }
  self->typing = self->user_action > 0 && q - p < 32;
}

static void
on_begin_user_action (EpistleSpellAdapter *self)
{
  self->user_action++;
}

static void
on_end_user_action (EpistleSpellAdapter *self)
{
  if (self->user_action > 0)
    self->user_action--;
}

static void
on_delete_range_after (EpistleSpellAdapter *self,
                       GtkTextIter         *start_iter,
                       GtkTextIter         *end_iter)
{
  gint64 p = gtk_text_iter_get_offset (start_iter);
  gint64 a, b;

  word_bounds (self, p, p, &a, &b);
  ranges_add (self->unchecked, a, b);
  schedule (self);
}

static void
on_cursor_moved (EpistleSpellAdapter *self)
{
  gint64 cursor;

  if (!self->held)
    return;
  cursor = cursor_offset (self);
  if (cursor >= self->held_start && cursor <= self->held_end)
    return;
  /* The cursor left the word: judge it now. */
  self->held = FALSE;
  self->typing = FALSE;
  ranges_add (self->unchecked, self->held_start, self->held_end);
  schedule (self);
}

/* ------------------------------------------------------------- batches --- */

typedef struct {
  EpistleSpellChecker   *checker;
  EpistleWordList       *document_words;
  EpistleWordList       *ignored;
  char                  *lang;
  char                  *text;
  gsize                  length;
  EpistleSpellScanState  state;
  guint                  generation;
  GArray                *found;       /* Range, char offsets in the batch */
  GArray                *marks;       /* Checkpoint, char offsets in the batch */
  gsize                  chunk_base;  /* byte offset of the part being checked */
  /* the conversion of byte offsets to characters, walked forwards */
  gsize                  byte_pos;
  gint64                 char_pos;
} Batch;

static void
batch_free (Batch *batch)
{
  g_clear_object (&batch->checker);
  g_clear_object (&batch->document_words);
  g_clear_object (&batch->ignored);
  g_free (batch->lang);
  g_free (batch->text);
  g_clear_pointer (&batch->found, g_array_unref);
  g_clear_pointer (&batch->marks, g_array_unref);
  g_free (batch);
}

static gint64
batch_char_offset (Batch *batch,
                   gsize  byte_offset)
{
  batch->char_pos += g_utf8_strlen (batch->text + batch->byte_pos, byte_offset - batch->byte_pos);
  batch->byte_pos = byte_offset;
  return batch->char_pos;
}

static void
batch_found (const EpistleMisspelling *m,
             gpointer                  user_data)
{
  Batch *batch = user_data;
  Range r;

  r.start = batch_char_offset (batch, batch->chunk_base + m->offset);
  r.end = batch_char_offset (batch, batch->chunk_base + m->offset + m->length);
  g_array_append_val (batch->found, r);
}

/* Where the part of @text from @from should end: a line start at least
 * CHECKPOINT_BYTES on, after a blank line if one comes soon (so that no
 * paragraph is cut), else after the next line break. */
static gsize
part_end (const char *text,
          gsize       length,
          gsize       from)
{
  gsize at = from + CHECKPOINT_BYTES;
  const char *nl;

  if (at >= length)
    return length;
  for (gsize i = at; i + 1 < length && i < at + CHECKPOINT_BYTES; i++)
    if (text[i] == '\n' && text[i + 1] == '\n')
      return i + 2;
  nl = memchr (text + at, '\n', length - at);
  return nl != NULL ? (gsize) (nl + 1 - text) : length;
}

static void
batch_thread (gpointer data,
              gpointer user_data)
{
  g_autoptr(GTask) task = data;
  Batch *batch = g_task_get_task_data (task);
  gsize pos = 0;

  /* Part by part, noting the state between them. */
  while (pos < batch->length)
    {
      gsize end = part_end (batch->text, batch->length, pos);

      batch->chunk_base = pos;
      epistle_spell_checker_check_text (batch->checker, batch->lang, batch->text + pos, end - pos,
                                        &batch->state, batch->document_words, batch->ignored,
                                        batch_found, batch);
      pos = end;
      if (pos < batch->length)
        {
          Checkpoint mark = { batch_char_offset (batch, pos), batch->state };

          g_array_append_val (batch->marks, mark);
        }
    }
  g_task_return_boolean (task, TRUE);
}

/* The spelling worker: one thread of its own, started once.  GTask's shared
 * pool starts a thread when its threads are busy (counting, the outline),
 * and the keystroke that asked for it waits on the main loop until the
 * thread is up: milliseconds on a loaded machine. */
static GThreadPool *
batch_pool (void)
{
  static GThreadPool *pool;

  if (g_once_init_enter_pointer (&pool))
    g_once_init_leave_pointer (&pool, g_thread_pool_new (batch_thread, NULL, 1, TRUE, NULL));
  return pool;
}

static guint
checkpoint_before (EpistleSpellAdapter *self,
                   gint64               offset)
{
  guint lo = 0, hi = self->checkpoints->len;

  /* The last checkpoint at or before @offset; [0] is at 0. */
  while (hi - lo > 1)
    {
      guint mid = (lo + hi) / 2;

      if (g_array_index (self->checkpoints, Checkpoint, mid).offset <= offset)
        lo = mid;
      else
        hi = mid;
    }
  return lo;
}

/* Records the states an exact batch over [@start, @offset) noted on its
 * way (@marks, offsets in the batch) and ended in. */
static void
set_checkpoints (EpistleSpellAdapter         *self,
                 gint64                       start,
                 gint64                       offset,
                 const EpistleSpellScanState *state,
                 GArray                      *marks)
{
  guint lo, hi;
  Checkpoint *c;
  GtkTextIter iter;

  /* The batch's own span: the states it noted replace those there. */
  lo = checkpoint_before (self, start) + 1;
  hi = lo;
  while (hi < self->checkpoints->len && g_array_index (self->checkpoints, Checkpoint, hi).offset < offset)
    hi++;
  g_array_remove_range (self->checkpoints, lo, hi - lo);
  for (guint k = 0; k < marks->len; k++)
    g_array_index (marks, Checkpoint, k).offset += start;
  g_array_insert_vals (self->checkpoints, lo, marks->data, marks->len);

  /* A state is only known at a line start (not at the end of a last
   * line that goes on). */
  gtk_text_buffer_get_iter_at_offset (self->buffer, &iter, offset);
  if (!gtk_text_iter_starts_line (&iter))
    return;
  hi = checkpoint_before (self, offset);
  c = &g_array_index (self->checkpoints, Checkpoint, hi);
  if (c->offset != offset)
    {
      g_array_insert_val (self->checkpoints, hi + 1, ((Checkpoint) { offset, *state }));
      return;
    }
  if (!epistle_spell_scan_state_equal (&c->state, state))
    {
      /* An edit opened or closed a fence or div: what follows reads
       * differently, up to the next checkpoint (and on, as batches find
       * the states differ there too). */
      gint64 next = hi + 1 < self->checkpoints->len
        ? g_array_index (self->checkpoints, Checkpoint, hi + 1).offset
        : gtk_text_buffer_get_char_count (self->buffer);

      c->state = *state;
      ranges_add (self->unchecked, offset, next);
    }
}

/* Makes the underlines in @r exactly @wanted (sorted, inside @r), touching
 * only what differs: every tag change makes GtkTextView lay the lines out
 * again, and a first pass over a book changes only its misspellings. */
static void
update_underlines (EpistleSpellAdapter *self,
                   Range                r,
                   GArray              *wanted)
{
  g_autoptr(GArray) present = g_array_new (FALSE, FALSE, sizeof (Range));
  GtkTextIter iter, a, b;
  guint i = 0, k = 0;

  /* The underlines there now. */
  gtk_text_buffer_get_iter_at_offset (self->buffer, &iter, r.start);
  if (gtk_text_iter_has_tag (&iter, self->tag) && !gtk_text_iter_starts_tag (&iter, self->tag))
    {
      Range p = { r.start, 0 };

      gtk_text_iter_forward_to_tag_toggle (&iter, self->tag);
      p.end = MIN (gtk_text_iter_get_offset (&iter), r.end);
      g_array_append_val (present, p);
    }
  while (gtk_text_iter_get_offset (&iter) < r.end)
    {
      Range p;

      if (!gtk_text_iter_starts_tag (&iter, self->tag) &&
          !gtk_text_iter_forward_to_tag_toggle (&iter, self->tag))
        break;
      if (!gtk_text_iter_starts_tag (&iter, self->tag))
        continue;
      p.start = gtk_text_iter_get_offset (&iter);
      if (p.start >= r.end)
        break;
      gtk_text_iter_forward_to_tag_toggle (&iter, self->tag);
      p.end = MIN (gtk_text_iter_get_offset (&iter), r.end);
      g_array_append_val (present, p);
    }

  /* Both in order: off where no longer wanted, then on where not yet
   * there (an underline that changes its extent comes off first). */
  {
    g_autoptr(GArray) on = g_array_new (FALSE, FALSE, sizeof (Range));

    while (i < present->len || k < wanted->len)
      {
        Range p = i < present->len ? g_array_index (present, Range, i) : (Range) { G_MAXINT64, G_MAXINT64 };
        Range w = k < wanted->len ? g_array_index (wanted, Range, k) : (Range) { G_MAXINT64, G_MAXINT64 };

        if (p.start == w.start && p.end == w.end)
          {
            i++, k++;
            continue;
          }
        if (p.start <= w.start)
          {
            gtk_text_buffer_get_iter_at_offset (self->buffer, &a, p.start);
            gtk_text_buffer_get_iter_at_offset (self->buffer, &b, p.end);
            gtk_text_buffer_remove_tag (self->buffer, self->tag, &a, &b);
            i++;
          }
        else
          {
            g_array_append_val (on, w);
            k++;
          }
      }
    for (guint j = 0; j < on->len; j++)
      {
        Range w = g_array_index (on, Range, j);

        gtk_text_buffer_get_iter_at_offset (self->buffer, &a, w.start);
        gtk_text_buffer_get_iter_at_offset (self->buffer, &b, w.end);
        gtk_text_buffer_apply_tag (self->buffer, self->tag, &a, &b);
      }
  }
}

static void
apply_batch (EpistleSpellAdapter *self,
             Batch               *batch)
{
  gint64 start = self->flight_start;
  gint64 end = self->flight_end;
  gint64 cursor = cursor_offset (self);
  guint f = 0;
  g_autoptr(GArray) todo = g_array_new (FALSE, FALSE, sizeof (Range));

  /* Only what is unchecked inside the batch changes: the rest is right. */
  for (guint i = 0; i < self->unchecked->len; i++)
    {
      Range r = g_array_index (self->unchecked, Range, i);

      if (r.end <= start || r.start >= end)
        continue;
      r.start = MAX (r.start, start);
      r.end = MIN (r.end, end);
      g_array_append_val (todo, r);
    }
  /* From a checkpoint, every line was read in its true state: all of the
   * batch is brought up to date, since an edit (a fence typed or deleted)
   * can change how the lines after it read. */
  if (self->flight_exact && todo->len > 0)
    {
      g_array_set_size (todo, 0);
      g_array_append_val (todo, ((Range) { start, end }));
    }

  for (guint i = 0; i < todo->len; i++)
    {
      Range r = g_array_index (todo, Range, i);

      /* A word the range only touches is judged whole. */
      for (guint k = 0; k < batch->found->len; k++)
        {
          Range w = g_array_index (batch->found, Range, k);

          w.start += start, w.end += start;
          if (w.start < r.start && w.end > r.start)
            r.start = w.start;
          if (w.start < r.end && w.end > r.end)
            r.end = w.end;
        }
      {
        g_autoptr(GArray) wanted = g_array_new (FALSE, FALSE, sizeof (Range));

        for (; f < batch->found->len; f++)
          {
            Range w = g_array_index (batch->found, Range, f);

            w.start += start, w.end += start;
            if (w.end <= r.start)
              continue;
            if (w.start >= r.end)
              break;
            if (self->typing && cursor >= w.start && cursor <= w.end)
              {
                self->held = TRUE;
                self->held_start = w.start;
                self->held_end = w.end;
                continue;
              }
            g_array_append_val (wanted, w);
          }
        update_underlines (self, r, wanted);
      }
      ranges_remove (self->unchecked, r.start, r.end);
      g_signal_emit (self, signals[SIGNAL_CHECKED], 0, r.start, r.end);
    }

  if (self->flight_exact)
    set_checkpoints (self, start, end, &batch->state, batch->marks);
}

static void
note_step (EpistleSpellAdapter *self,
           gint64               start)
{
  self->longest_step = MAX (self->longest_step, g_get_monotonic_time () - start);
}

static void
batch_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(EpistleSpellAdapter) self = user_data;
  Batch *batch = g_task_get_task_data (G_TASK (result));
  gint64 start = g_get_monotonic_time ();

  self->in_flight = FALSE;
  if (self->buffer != NULL && !self->flight_stale && batch->generation == self->generation && active (self))
    apply_batch (self, batch);
  /* The next batch at once, from this callback's priority: waiting for an
   * idle moment would wait behind GtkTextView's layout, a frame per batch.
   * While typing, the idle coalesces keystrokes instead. */
  if (self->buffer != NULL && !self->typing && self->idle_id == 0 && active (self))
    dispatch_batch (self);
  else
    schedule (self);
  note_step (self, start);
}

/* The first unchecked range in view, else the first one. */
static gboolean
next_range (EpistleSpellAdapter *self,
            Range               *out,
            gboolean            *visible)
{
  if (self->unchecked->len == 0)
    return FALSE;

  *visible = FALSE;
  if (self->view != NULL && gtk_widget_get_mapped (GTK_WIDGET (self->view)))
    {
      GdkRectangle rect;
      GtkTextIter a, b;
      gint64 vs, ve;

      gtk_text_view_get_visible_rect (self->view, &rect);
      gtk_text_view_get_iter_at_location (self->view, &a, rect.x, rect.y);
      gtk_text_view_get_iter_at_location (self->view, &b, rect.x + rect.width, rect.y + rect.height);
      gtk_text_iter_forward_line (&b);
      vs = gtk_text_iter_get_offset (&a);
      ve = gtk_text_iter_get_offset (&b);
      for (guint i = 0; i < self->unchecked->len; i++)
        {
          Range r = g_array_index (self->unchecked, Range, i);

          if (r.end > vs && r.start < ve)
            {
              out->start = MAX (r.start, vs);
              out->end = MIN (r.end, ve);
              *visible = TRUE;
              return TRUE;
            }
        }
    }
  *out = g_array_index (self->unchecked, Range, 0);
  return TRUE;
}

static gboolean dispatch_batch_step (EpistleSpellAdapter *self);

static gboolean
dispatch_batch (gpointer user_data)
{
  EpistleSpellAdapter *self = user_data;
  gint64 start = g_get_monotonic_time ();
  gboolean ret = dispatch_batch_step (self);

  note_step (self, start);
  return ret;
}

static gboolean
dispatch_batch_step (EpistleSpellAdapter *self)
{
  g_autoptr(GTask) task = NULL;
  Checkpoint *checkpoint;
  gboolean visible;
  GtkTextIter a, b;
  gint64 until;
  guint next;
  Batch *batch;
  Range r;

  self->idle_id = 0;
  if (self->in_flight || !active (self))
    return G_SOURCE_REMOVE;
  if (!next_range (self, &r, &visible))
    {
      set_busy (self, FALSE);
      return G_SOURCE_REMOVE;
    }
  set_busy (self, TRUE);

  checkpoint = &g_array_index (self->checkpoints, Checkpoint, checkpoint_before (self, r.start));
  batch = g_new0 (Batch, 1);

  if (!visible || r.start - checkpoint->offset <= BATCH_CHARS)
    {
      /* From the checkpoint, where the Markdown state is known. */
      gtk_text_buffer_get_iter_at_offset (self->buffer, &a, checkpoint->offset);
      batch->state = checkpoint->state;
      self->flight_exact = TRUE;
    }
  else
    {
      /* Text in view far from any checkpoint: check it now as if the last
       * known state held, and again exactly when the pass from the top
       * gets there. */
      gtk_text_buffer_get_iter_at_offset (self->buffer, &a, r.start);
      gtk_text_iter_set_line_offset (&a, 0);
      batch->state = checkpoint->state;
      batch->state.at_start = FALSE;
      self->flight_exact = FALSE;
    }
  /* Text in view: all of it at once (a screenful), and the word being
   * typed just to the checkpoint after it.  Elsewhere one batch's worth:
   * the rest of a book in one go would be copied on the main loop, and
   * spoiled by the first keystroke while it is in the worker. */
  if (visible)
    until = self->typing ? r.end : MAX (gtk_text_iter_get_offset (&a) + BATCH_CHARS, r.end);
  else
    until = MIN (gtk_text_iter_get_offset (&a) + BACKGROUND_BATCH_CHARS, r.end);
  /* An exact batch ends on the next checkpoint when one is near, so that
   * the state it ends in can be compared with the one noted there. */
  next = checkpoint_before (self, until);
  if (g_array_index (self->checkpoints, Checkpoint, next).offset < until)
    next++;
  if (self->flight_exact && next < self->checkpoints->len &&
      g_array_index (self->checkpoints, Checkpoint, next).offset - until <= 2 * CHECKPOINT_BYTES)
    gtk_text_buffer_get_iter_at_offset (self->buffer, &b, g_array_index (self->checkpoints, Checkpoint, next).offset);
  else
    {
      gtk_text_buffer_get_iter_at_offset (self->buffer, &b, until);
      if (!gtk_text_iter_starts_line (&b))
        gtk_text_iter_forward_line (&b);
    }

  batch->checker = g_object_ref (self->checker);
  batch->document_words = g_object_ref (self->document_words);
  batch->ignored = g_object_ref (self->ignored);
  batch->lang = g_strdup (self->lang);
  batch->text = gtk_text_buffer_get_slice (self->buffer, &a, &b, TRUE);
  batch->length = strlen (batch->text);
  batch->generation = self->generation;
  batch->found = g_array_new (FALSE, FALSE, sizeof (Range));
  batch->marks = g_array_new (FALSE, FALSE, sizeof (Checkpoint));

  self->in_flight = TRUE;
  self->flight_stale = FALSE;
  self->flight_start = gtk_text_iter_get_offset (&a);
  self->flight_end = gtk_text_iter_get_offset (&b);

  task = g_task_new (NULL, NULL, batch_done, g_object_ref (self));
  g_task_set_source_tag (task, dispatch_batch);
  g_task_set_task_data (task, batch, (GDestroyNotify) batch_free);
  g_thread_pool_push (batch_pool (), g_steal_pointer (&task), NULL);
  return G_SOURCE_REMOVE;
}

static void
schedule (EpistleSpellAdapter *self)
{
  if (!active (self))
    return;
  if (self->unchecked->len == 0 && !self->in_flight)
    {
      set_busy (self, FALSE);
      return;
    }
  /* Busy as soon as something waits, even behind a batch in the worker. */
  set_busy (self, TRUE);
  if (self->idle_id != 0 || self->in_flight)
    return;
  /* Below redrawing and GtkTextView's own layout. */
  self->idle_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, dispatch_batch, self, NULL);
}

/* ------------------------------------------------------------- public ---- */

static void
on_word_list_changed (EpistleSpellAdapter *self)
{
  epistle_spell_adapter_recheck_all (self);
}

/* The style scheme's look for misspelled words where it has one (a
 * coloured wavy line), else an error underline in the theme's colour. */
static void
apply_scheme_style (EpistleSpellAdapter *self)
{
  GtkSourceStyleScheme *scheme = NULL;
  GtkSourceStyle *style = NULL;

  if (GTK_SOURCE_IS_BUFFER (self->buffer))
    scheme = gtk_source_buffer_get_style_scheme (GTK_SOURCE_BUFFER (self->buffer));
  if (scheme != NULL)
    style = gtk_source_style_scheme_get_style (scheme, "def:misspelled-word");
  g_object_set (self->tag,
                "underline", PANGO_UNDERLINE_ERROR,
                "underline-rgba-set", FALSE,
                NULL);
  if (style != NULL)
    {
      PangoUnderline underline;

      gtk_source_style_apply (style, self->tag);
      /* A scheme that gives only a colour still means a wavy line. */
      g_object_get (self->tag, "underline", &underline, NULL);
      if (underline == PANGO_UNDERLINE_NONE)
        g_object_set (self->tag, "underline", PANGO_UNDERLINE_ERROR, NULL);
    }
}

static void
epistle_spell_adapter_dispose (GObject *object)
{
  EpistleSpellAdapter *self = EPISTLE_SPELL_ADAPTER (object);

  g_clear_handle_id (&self->idle_id, g_source_remove);
  if (self->buffer != NULL)
    {
      GtkTextIter a, b;

      g_signal_handlers_disconnect_by_data (self->buffer, self);
      gtk_text_buffer_get_bounds (self->buffer, &a, &b);
      gtk_text_buffer_remove_tag (self->buffer, self->tag, &a, &b);
    }
  if (self->checker != NULL)
    g_signal_handlers_disconnect_by_data (epistle_spell_checker_get_personal (self->checker), self);
  g_clear_object (&self->buffer);
  g_clear_weak_pointer (&self->view);
  G_OBJECT_CLASS (epistle_spell_adapter_parent_class)->dispose (object);
}

static void
epistle_spell_adapter_finalize (GObject *object)
{
  EpistleSpellAdapter *self = EPISTLE_SPELL_ADAPTER (object);

  g_clear_object (&self->checker);
  g_clear_object (&self->document_words);
  g_clear_object (&self->ignored);
  g_free (self->lang);
  g_array_unref (self->unchecked);
  g_array_unref (self->checkpoints);
  G_OBJECT_CLASS (epistle_spell_adapter_parent_class)->finalize (object);
}

static void
epistle_spell_adapter_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  EpistleSpellAdapter *self = EPISTLE_SPELL_ADAPTER (object);

  switch (prop_id)
    {
    case PROP_LANGUAGE:
      g_value_set_string (value, self->lang);
      break;
    case PROP_ENABLED:
      g_value_set_boolean (value, self->enabled);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
epistle_spell_adapter_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  EpistleSpellAdapter *self = EPISTLE_SPELL_ADAPTER (object);

  switch (prop_id)
    {
    case PROP_LANGUAGE:
      epistle_spell_adapter_set_language (self, g_value_get_string (value));
      break;
    case PROP_ENABLED:
      epistle_spell_adapter_set_enabled (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
epistle_spell_adapter_class_init (EpistleSpellAdapterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = epistle_spell_adapter_dispose;
  object_class->finalize = epistle_spell_adapter_finalize;
  object_class->get_property = epistle_spell_adapter_get_property;
  object_class->set_property = epistle_spell_adapter_set_property;

  properties[PROP_LANGUAGE] =
    g_param_spec_string ("language", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ENABLED] =
    g_param_spec_boolean ("enabled", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The characters [start, end) have been checked and underlined. */
  signals[SIGNAL_CHECKED] = g_signal_new ("checked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_INT64);
}

static void
epistle_spell_adapter_init (EpistleSpellAdapter *self)
{
  Checkpoint first = { 0 };

  self->enabled = TRUE;
  self->unchecked = g_array_new (FALSE, FALSE, sizeof (Range));
  self->checkpoints = g_array_new (FALSE, FALSE, sizeof (Checkpoint));
  epistle_spell_scan_state_init (&first.state);
  g_array_append_val (self->checkpoints, first);
  self->document_words = epistle_word_list_new ();
  self->ignored = epistle_word_list_new ();
}

EpistleSpellAdapter *
epistle_spell_adapter_new (GtkTextView         *view,
                           EpistleSpellChecker *checker)
{
  EpistleSpellAdapter *self;
  GtkTextTagTable *table;

  g_return_val_if_fail (GTK_IS_TEXT_VIEW (view), NULL);
  g_return_val_if_fail (EPISTLE_IS_SPELL_CHECKER (checker), NULL);

  self = g_object_new (EPISTLE_TYPE_SPELL_ADAPTER, NULL);
  g_set_weak_pointer (&self->view, view);
  self->buffer = g_object_ref (gtk_text_view_get_buffer (view));
  self->checker = g_object_ref (checker);

  table = gtk_text_buffer_get_tag_table (self->buffer);
  self->tag = gtk_text_tag_table_lookup (table, "epistle-misspelled");
  if (self->tag == NULL)
    self->tag = gtk_text_buffer_create_tag (self->buffer, "epistle-misspelled",
                                            "underline", PANGO_UNDERLINE_ERROR,
                                            NULL);
  apply_scheme_style (self);
  if (GTK_SOURCE_IS_BUFFER (self->buffer))
    g_signal_connect_swapped (self->buffer, "notify::style-scheme", G_CALLBACK (apply_scheme_style), self);

  g_signal_connect_swapped (self->buffer, "insert-text", G_CALLBACK (on_insert_text), self);
  g_signal_connect_swapped (self->buffer, "delete-range", G_CALLBACK (on_delete_range), self);
  g_signal_connect_data (self->buffer, "insert-text", G_CALLBACK (on_insert_text_after), self,
                         NULL, G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  g_signal_connect_data (self->buffer, "delete-range", G_CALLBACK (on_delete_range_after), self,
                         NULL, G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  g_signal_connect_swapped (self->buffer, "notify::cursor-position", G_CALLBACK (on_cursor_moved), self);
  g_signal_connect_swapped (self->buffer, "begin-user-action", G_CALLBACK (on_begin_user_action), self);
  g_signal_connect_swapped (self->buffer, "end-user-action", G_CALLBACK (on_end_user_action), self);
  g_signal_connect_swapped (self->document_words, "changed", G_CALLBACK (on_word_list_changed), self);
  g_signal_connect_swapped (self->ignored, "changed", G_CALLBACK (on_word_list_changed), self);
  g_signal_connect_swapped (epistle_spell_checker_get_personal (checker), "changed",
                            G_CALLBACK (on_word_list_changed), self);

  ranges_add (self->unchecked, 0, gtk_text_buffer_get_char_count (self->buffer));
  return self;
}

void
epistle_spell_adapter_set_language (EpistleSpellAdapter *self,
                                    const char          *code)
{
  g_return_if_fail (EPISTLE_IS_SPELL_ADAPTER (self));

  if (g_strcmp0 (self->lang, code) == 0)
    return;
  g_free (self->lang);
  self->lang = g_strdup (code);
  mark_all_unchecked (self);
  if (!active (self))
    epistle_spell_adapter_recheck_all (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LANGUAGE]);
}

const char *
epistle_spell_adapter_get_language (EpistleSpellAdapter *self)
{
  g_return_val_if_fail (EPISTLE_IS_SPELL_ADAPTER (self), NULL);
  return self->lang;
}

void
epistle_spell_adapter_set_enabled (EpistleSpellAdapter *self,
                                   gboolean             enabled)
{
  g_return_if_fail (EPISTLE_IS_SPELL_ADAPTER (self));

  enabled = !!enabled;
  if (self->enabled == enabled)
    return;
  self->enabled = enabled;
  epistle_spell_adapter_recheck_all (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENABLED]);
}

gboolean
epistle_spell_adapter_get_enabled (EpistleSpellAdapter *self)
{
  g_return_val_if_fail (EPISTLE_IS_SPELL_ADAPTER (self), FALSE);
  return self->enabled;
}

gboolean
epistle_spell_adapter_get_busy (EpistleSpellAdapter *self)
{
  g_return_val_if_fail (EPISTLE_IS_SPELL_ADAPTER (self), FALSE);
  return self->busy;
}

EpistleWordList *
epistle_spell_adapter_get_document_words (EpistleSpellAdapter *self)
{
  g_return_val_if_fail (EPISTLE_IS_SPELL_ADAPTER (self), NULL);
  return self->document_words;
}

EpistleWordList *
epistle_spell_adapter_get_ignored (EpistleSpellAdapter *self)
{
  g_return_val_if_fail (EPISTLE_IS_SPELL_ADAPTER (self), NULL);
  return self->ignored;
}

EpistleSpellChecker *
epistle_spell_adapter_get_checker (EpistleSpellAdapter *self)
{
  g_return_val_if_fail (EPISTLE_IS_SPELL_ADAPTER (self), NULL);
  return self->checker;
}

void
epistle_spell_adapter_recheck_all (EpistleSpellAdapter *self)
{
  g_return_if_fail (EPISTLE_IS_SPELL_ADAPTER (self));

  if (self->buffer == NULL)
    return;
  if (!active (self))
    {
      GtkTextIter a, b;

      /* Off: no underline, nothing waiting. */
      gtk_text_buffer_get_bounds (self->buffer, &a, &b);
      gtk_text_buffer_remove_tag (self->buffer, self->tag, &a, &b);
      g_array_set_size (self->unchecked, 0);
      self->generation++;
      self->held = FALSE;
      set_busy (self, FALSE);
      return;
    }
  mark_all_unchecked (self);
}

GtkTextTag *
epistle_spell_adapter_get_tag (EpistleSpellAdapter *self)
{
  g_return_val_if_fail (EPISTLE_IS_SPELL_ADAPTER (self), NULL);
  return self->tag;
}

gboolean
epistle_spell_adapter_get_word_at (EpistleSpellAdapter *self,
                                   const GtkTextIter   *iter,
                                   GtkTextIter         *start,
                                   GtkTextIter         *end)
{
  GtkTextIter a = *iter, b = *iter;

  g_return_val_if_fail (EPISTLE_IS_SPELL_ADAPTER (self), FALSE);

  /* Right after the word counts too: a click just past its last letter. */
  if (!gtk_text_iter_has_tag (&a, self->tag))
    {
      if (!gtk_text_iter_ends_tag (&a, self->tag))
        return FALSE;
      gtk_text_iter_backward_char (&a);
      b = a;
    }
  if (!gtk_text_iter_starts_tag (&a, self->tag))
    gtk_text_iter_backward_to_tag_toggle (&a, self->tag);
  gtk_text_iter_forward_to_tag_toggle (&b, self->tag);
  if (start != NULL)
    *start = a;
  if (end != NULL)
    *end = b;
  return TRUE;
}

gboolean
epistle_spell_adapter_move_to_misspelling (EpistleSpellAdapter *self,
                                           gboolean             forward)
{
  GtkTextIter iter, sel, start, end;

  g_return_val_if_fail (EPISTLE_IS_SPELL_ADAPTER (self), FALSE);

  if (self->buffer == NULL)
    return FALSE;
  gtk_text_buffer_get_selection_bounds (self->buffer, &iter, &sel);
  if (forward)
    {
      iter = sel;
      if (gtk_text_iter_has_tag (&iter, self->tag) && !gtk_text_iter_starts_tag (&iter, self->tag))
        gtk_text_iter_forward_to_tag_toggle (&iter, self->tag);
      if (!gtk_text_iter_starts_tag (&iter, self->tag) &&
          !gtk_text_iter_forward_to_tag_toggle (&iter, self->tag))
        {
          /* Wrap around to the top. */
          gtk_text_buffer_get_start_iter (self->buffer, &iter);
          if (!gtk_text_iter_starts_tag (&iter, self->tag) &&
              !gtk_text_iter_forward_to_tag_toggle (&iter, self->tag))
            return FALSE;
        }
    }
  else
    {
      if (gtk_text_iter_has_tag (&iter, self->tag) && !gtk_text_iter_starts_tag (&iter, self->tag))
        gtk_text_iter_backward_to_tag_toggle (&iter, self->tag);
      /* Back to the end of the previous word, then to its start. */
      if (!gtk_text_iter_backward_to_tag_toggle (&iter, self->tag))
        {
          gtk_text_buffer_get_end_iter (self->buffer, &iter);
          if (!gtk_text_iter_backward_to_tag_toggle (&iter, self->tag))
            return FALSE;
        }
      if (!gtk_text_iter_starts_tag (&iter, self->tag))
        gtk_text_iter_backward_to_tag_toggle (&iter, self->tag);
    }
  if (!epistle_spell_adapter_get_word_at (self, &iter, &start, &end))
    return FALSE;
  gtk_text_buffer_select_range (self->buffer, &start, &end);
  if (self->view != NULL)
    gtk_text_view_scroll_to_iter (self->view, &start, 0.1, FALSE, 0, 0);
  return TRUE;
}

gboolean
epistle_spell_adapter_move_to_word (EpistleSpellAdapter *self,
                                    const char          *word)
{
  GtkTextIter cursor, iter, start, end;
  gboolean wrapped = FALSE;

  g_return_val_if_fail (EPISTLE_IS_SPELL_ADAPTER (self), FALSE);
  g_return_val_if_fail (word != NULL, FALSE);

  if (self->buffer == NULL)
    return FALSE;
  /* From the end of the selection, so that visiting again goes on. */
  gtk_text_buffer_get_selection_bounds (self->buffer, NULL, &cursor);
  iter = cursor;
  for (;;)
    {
      if (!gtk_text_iter_starts_tag (&iter, self->tag) &&
          !gtk_text_iter_forward_to_tag_toggle (&iter, self->tag))
        {
          if (wrapped)
            return FALSE;
          wrapped = TRUE;
          gtk_text_buffer_get_start_iter (self->buffer, &iter);
          continue;
        }
      if (wrapped && gtk_text_iter_compare (&iter, &cursor) > 0)
        return FALSE;
      if (!gtk_text_iter_starts_tag (&iter, self->tag))
        continue;   /* at the end of a misspelling: on to the next start */
      start = iter;
      end = iter;
      gtk_text_iter_forward_to_tag_toggle (&end, self->tag);
      {
        g_autofree char *text = gtk_text_iter_get_slice (&start, &end);

        if (g_str_equal (text, word))
          break;
      }
      iter = end;
    }
  gtk_text_buffer_select_range (self->buffer, &start, &end);
  if (self->view != NULL)
    gtk_text_view_scroll_to_iter (self->view, &start, 0.1, FALSE, 0, 0);
  return TRUE;
}

gint64
epistle_spell_adapter_get_longest_step (EpistleSpellAdapter *self)
{
  g_return_val_if_fail (EPISTLE_IS_SPELL_ADAPTER (self), 0);
  return self->longest_step;
}

guint
epistle_spell_adapter_count (EpistleSpellAdapter *self)
{
  int offset = 0;
  guint n = 0;

  g_return_val_if_fail (EPISTLE_IS_SPELL_ADAPTER (self), 0);

  epistle_spell_adapter_count_step (self, &offset, &n, -1);
  return n;
}

/* Counting walks every underline of the text: a novel has thousands, a few
 * milliseconds' worth.  This goes on from *@offset (0 at first), adds to
 * *@count, and stops once @budget_usec have passed (-1: never), keeping
 * its place in *@offset; TRUE when the end of the text is reached. */
gboolean
epistle_spell_adapter_count_step (EpistleSpellAdapter *self,
                                  int                 *offset,
                                  guint               *count,
                                  gint64               budget_usec)
{
  gint64 deadline = budget_usec >= 0 ? g_get_monotonic_time () + budget_usec : G_MAXINT64;
  GtkTextIter iter;
  guint steps = 0;

  g_return_val_if_fail (EPISTLE_IS_SPELL_ADAPTER (self), TRUE);
  g_return_val_if_fail (offset != NULL && count != NULL, TRUE);

  if (self->buffer == NULL)
    return TRUE;
  gtk_text_buffer_get_iter_at_offset (self->buffer, &iter, *offset);
  /* A place kept is a toggle already counted; the start is not. */
  if (*offset == 0 && gtk_text_iter_starts_tag (&iter, self->tag))
    (*count)++;
  while (gtk_text_iter_forward_to_tag_toggle (&iter, self->tag))
    {
      if (gtk_text_iter_starts_tag (&iter, self->tag))
        (*count)++;
      /* The clock every 64 toggles; every one when there is no time. */
      if ((++steps % 64 == 0 || budget_usec == 0) && g_get_monotonic_time () >= deadline)
        {
          *offset = gtk_text_iter_get_offset (&iter);
          return FALSE;
        }
    }
  *offset = gtk_text_buffer_get_char_count (self->buffer);
  return TRUE;
}

GHashTable *
epistle_spell_adapter_collect (EpistleSpellAdapter *self)
{
  GHashTable *words = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GtkTextIter iter;

  g_return_val_if_fail (EPISTLE_IS_SPELL_ADAPTER (self), words);

  if (self->buffer == NULL)
    return words;
  gtk_text_buffer_get_start_iter (self->buffer, &iter);
  while (gtk_text_iter_starts_tag (&iter, self->tag) || gtk_text_iter_forward_to_tag_toggle (&iter, self->tag))
    {
      GtkTextIter end = iter;
      char *word;

      if (!gtk_text_iter_starts_tag (&iter, self->tag))
        continue;
      gtk_text_iter_forward_to_tag_toggle (&end, self->tag);
      word = gtk_text_iter_get_slice (&iter, &end);
      g_hash_table_insert (words, word, GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (words, word)) + 1));
      iter = end;
    }
  return words;
}
