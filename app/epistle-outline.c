/* SPDX-License-Identifier: GPL-3.0-or-later
 * epistle-outline.c — the outline parser.  A scanner walks the lines with a
 * small state and keeps that state for every line, so an edit re-scans from
 * the last settled line above it until the state settles back to what it
 * was: typing re-reads a paragraph, not the book.  Section words and offsets
 * come from Fenwick trees over the lines.  The letter rules are in
 * epistle-outline-letter.c. */

#include "config.h"

#include <string.h>

#include "epistle-outline-private.h"
#include "epistle-text.h"

/* --------------------------------------------------------------------------
 * Lines and the scanner's state
 * ------------------------------------------------------------------------ */

static inline guint32
distance_to (guint line,
             guint target)
{
  return target == NONE ? 0 : (guint32) (line - target);
}

static inline guint
line_back (guint   line,
           guint32 distance)
{
  return distance == 0 ? NONE : line - distance;
}

static void
scanner_save (const Scanner *sc,
              guint          line,
              ScanState     *st)
{
  st->mode = sc->mode;
  st->fence_char = sc->fence_char;
  st->block = sc->block;
  st->block_flags = sc->block_flags;
  st->flags = sc->flags;
  st->pending = sc->pending;
  st->depth = sc->depth;
  st->paragraphs = sc->paragraphs;
  st->fence_length = sc->fence_length;
  st->block_start = distance_to (line, sc->block_start);
  st->intro_start = distance_to (line, sc->intro_start);
  st->intro_end = distance_to (line, sc->intro_end);
  st->span_start = distance_to (line, sc->span_start);
  st->span_intro_start = distance_to (line, sc->span_intro_start);
  st->span_intro_end = distance_to (line, sc->span_intro_end);
}

static void
scanner_load (Scanner         *sc,
              guint            line,
              const ScanState *st)
{
  sc->mode = st->mode;
  sc->fence_char = st->fence_char;
  sc->block = st->block;
  sc->block_flags = st->block_flags;
  sc->flags = st->flags;
  sc->pending = st->pending;
  sc->depth = st->depth;
  sc->paragraphs = st->paragraphs;
  sc->fence_length = st->fence_length;
  sc->block_start = line_back (line, st->block_start);
  sc->intro_start = line_back (line, st->intro_start);
  sc->intro_end = line_back (line, st->intro_end);
  sc->span_start = line_back (line, st->span_start);
  sc->span_intro_start = line_back (line, st->span_intro_start);
  sc->span_intro_end = line_back (line, st->span_intro_end);
}

static void
scanner_init (Scanner        *sc,
              EpistleOutline *self)
{
  static const ScanState initial = {
    .mode = MODE_TEXT,
    .flags = FLAG_HEAD | FLAG_FIRST_BLOCK,
  };

  sc->self = self;
  sc->out = g_array_new (FALSE, FALSE, sizeof (Record));
  scanner_load (sc, 0, &initial);
}

/* Nothing is open that an item found later would start before: the scan
 * may start here, and may stop here once the state is as before. */
static inline gboolean
state_is_settled (const ScanState *st)
{
  return st->block == BLOCK_NONE && st->pending == PENDING_NONE;
}

/* --------------------------------------------------------------------------
 * Fenwick trees: prefix sums over lines that stay cheap to update
 * ------------------------------------------------------------------------ */

static void
fenwick_add (Fenwick *f,
             guint    i,
             gint64   delta)
{
  for (guint k = i + 1; k <= f->n; k += k & -k)
    f->tree[k] += (guint64) delta;
}

/* The sum over [0, @i). */
static guint64
fenwick_prefix (const Fenwick *f,
                guint          i)
{
  guint64 sum = 0;

  for (guint k = MIN (i, f->n); k > 0; k -= k & -k)
    sum += f->tree[k];
  return sum;
}

static void
fenwick_build (EpistleOutline *self)
{
  guint n = self->n_lines;

  self->words.tree = g_renew (guint64, self->words.tree, n + 1);
  self->chars.tree = g_renew (guint64, self->chars.tree, n + 1);
  self->words.n = self->chars.n = n;
  self->words.tree[0] = self->chars.tree[0] = 0;

  for (guint k = 1; k <= n; k++)
    {
      self->words.tree[k] = self->lines[k - 1].words;
      self->chars.tree[k] = self->lines[k - 1].chars;
    }

  /* Each node hands its sum on to its parent: linear, not n log n. */
  for (guint k = 1; k <= n; k++)
    {
      guint parent = k + (k & -k);

      if (parent <= n)
        {
          self->words.tree[parent] += self->words.tree[k];
          self->chars.tree[parent] += self->chars.tree[k];
        }
    }
}

/* --------------------------------------------------------------------------
 * Splitting text into lines
 * ------------------------------------------------------------------------ */

/* Finds the end of the line starting at @p: LF, CR, CRLF or U+2029 (which
 * GtkTextBuffer also ends a line at).  Remembers where the next of each
 * kind is, so a text without CRs or U+2029 is searched for them once. */
typedef struct {
  const char *end;
  const char *next_lf;
  const char *next_cr;
  const char *next_ps;
} Splitter;

static void
splitter_init (Splitter   *sp,
               const char *text,
               gsize       length)
{
  sp->end = text + length;
  sp->next_lf = sp->next_cr = sp->next_ps = text;
}

static const char *
find_ps (const char *p,
         const char *end)
{
  while (p < end && (p = memchr (p, 0xE2, (gsize) (end - p))) != NULL)
    {
      if (end - p >= 3 && (guchar) p[1] == 0x80 && (guchar) p[2] == 0xA9)
        return p;
      p++;
    }
  return end;
}

static const char *
splitter_next (Splitter   *sp,
               const char *p,
               guint      *sep_bytes,
               guint      *sep_chars)
{
  const char *stop;

  if (sp->next_lf < p)
    sp->next_lf = p;
  if (sp->next_lf != sp->end && *sp->next_lf != '\n')
    {
      sp->next_lf = memchr (sp->next_lf, '\n', (gsize) (sp->end - sp->next_lf));
      if (sp->next_lf == NULL)
        sp->next_lf = sp->end;
    }
  if (sp->next_cr < p)
    sp->next_cr = p;
  if (sp->next_cr != sp->end && *sp->next_cr != '\r')
    {
      sp->next_cr = memchr (sp->next_cr, '\r', (gsize) (sp->end - sp->next_cr));
      if (sp->next_cr == NULL)
        sp->next_cr = sp->end;
    }
  if (sp->next_ps < p)
    sp->next_ps = p;
  if (sp->next_ps != sp->end && (guchar) *sp->next_ps != 0xE2)
    sp->next_ps = find_ps (sp->next_ps, sp->end);
  else if (sp->next_ps != sp->end && !(sp->end - sp->next_ps >= 3 &&
                                       (guchar) sp->next_ps[1] == 0x80 &&
                                       (guchar) sp->next_ps[2] == 0xA9))
    sp->next_ps = find_ps (sp->next_ps + 1, sp->end);

  stop = MIN (sp->next_lf, MIN (sp->next_cr, sp->next_ps));
  if (stop == sp->end)
    {
      *sep_bytes = *sep_chars = 0;
    }
  else if (*stop == '\n')
    {
      *sep_bytes = *sep_chars = 1;
    }
  else if (*stop == '\r')
    {
      *sep_bytes = *sep_chars = (stop + 1 < sp->end && stop[1] == '\n') ? 2 : 1;
    }
  else
    {
      *sep_bytes = 3;
      *sep_chars = 1;
    }

  return stop;
}

guint32
_epistle_outline_count_words (const char *text,
                              gsize       length)
{
  EpistleWordIter iter;
  EpistleWord word;
  guint32 n = 0;

  epistle_word_iter_init (&iter, text, (gssize) length);
  while (epistle_word_iter_next (&iter, &word))
    n++;
  return n;
}

/* Characters of UTF-8 text: its bytes less the continuation bytes
 * (10xxxxxx), counted eight at a time. */
static guint32
count_chars (const char *text,
             gsize       length)
{
  const guchar *p = (const guchar *) text;
  const guchar *end = p + length;
  gsize continuation = 0;

  for (; end - p >= 8; p += 8)
    {
      guint64 x;

      memcpy (&x, p, 8);
      /* Bit 7 of each byte of x << 1 is bit 6 of that byte of x; the
       * multiplication then adds up the bytes' flags in the top byte. */
      x = (x & ~(x << 1) & G_GUINT64_CONSTANT (0x8080808080808080)) >> 7;
      continuation += (gsize) ((x * G_GUINT64_CONSTANT (0x0101010101010101)) >> 56);
    }
  for (; p < end; p++)
    continuation += (*p & 0xC0) == 0x80;

  return (guint32) (length - continuation);
}

/* Fills in what the scanner and the sums need to know about a line; the
 * words too unless @count_words_later. */
static void
line_init (Line       *line,
           const char *text,
           gsize       length,
           guint       ending,
           gboolean    owned,
           gboolean    count_words_later)
{
  memset (line, 0, sizeof *line);
  line->text = text;
  line->length = (guint32) length;
  line->words = length > 0 && !count_words_later ? _epistle_outline_count_words (text, length) : 0;
  line->chars = count_chars (text, length) + ending;
  line->ending = (guint8) ending;
  line->owned = owned;
}

static void
line_clear (Line *line)
{
  if (line->owned)
    g_free ((char *) line->text);
  line->text = NULL;
  line->owned = FALSE;
}

/* --------------------------------------------------------------------------
 * Markdown lines
 * ------------------------------------------------------------------------ */

/* Columns of indentation (tabs to the next multiple of 4); @first gets the
 * first character that is not a space. */
static guint
measure_indent (const char  *p,
                const char  *end,
                const char **first)
{
  guint columns = 0;

  for (; p < end && (*p == ' ' || *p == '\t'); p++)
    columns = *p == '\t' ? (columns + 4) & ~3u : columns + 1;

  *first = p;
  return columns;
}

static char *
strip_dup (const char *p,
           const char *end)
{
  p = epistle_md_skip_spaces (p, end);
  end = epistle_md_trim_end (p, end);
  return g_strndup (p, (gsize) (end - p));
}

static gboolean
is_dash_line (const char *p,
              const char *end,
              char        c)
{
  end = epistle_md_trim_end (p, end);
  return end - p == 3 && p[0] == c && p[1] == c && p[2] == c;
}

static gboolean
is_front_matter_start (const char *p,
                       const char *end)
{
  return is_dash_line (p, end, '-');
}

static gboolean
is_front_matter_end (const char *p,
                     const char *end)
{
  return is_dash_line (p, end, '-') || is_dash_line (p, end, '.');
}

static gboolean
is_fence_open (const char *p,
               const char *end,
               char       *fence_char,
               guint      *fence_length)
{
  gsize n;

  if (p >= end || (*p != '`' && *p != '~'))
    return FALSE;

  n = epistle_md_run_of (p, end, *p);
  if (n < 3)
    return FALSE;
  /* A backtick fence's info string holds no backtick (else it is code). */
  if (*p == '`' && memchr (p + n, '`', (gsize) (end - (p + n))) != NULL)
    return FALSE;

  *fence_char = *p;
  *fence_length = (guint) MIN (n, G_MAXUINT32);
  return TRUE;
}

static gboolean
is_fence_close (const char *t,
                const char *end,
                char        fence_char,
                guint       fence_length)
{
  const char *p;
  gsize n;

  if (measure_indent (t, end, &p) > 3 || p >= end || *p != fence_char)
    return FALSE;
  n = epistle_md_run_of (p, end, fence_char);
  return n >= fence_length && epistle_md_is_blank (p + n, end);
}

/* "# Title", "## Title ##"; "#Title" is not a heading. */
static gboolean
is_atx_heading (const char  *p,
                const char  *end,
                guint       *level,
                const char **title,
                const char **title_end)
{
  gsize n = epistle_md_run_of (p, end, '#');
  const char *q;
  const char *e;
  const char *h;

  if (n < 1 || n > 6)
    return FALSE;
  q = p + n;
  if (q < end && !epistle_md_is_space (*q))
    return FALSE;

  q = epistle_md_skip_spaces (q, end);
  e = epistle_md_trim_end (q, end);
  /* The optional closing sequence: hashes after a space, or only hashes. */
  h = e;
  while (h > q && h[-1] == '#')
    h--;
  if (h == q)
    e = q;
  else if (h < e && epistle_md_is_space (h[-1]))
    e = epistle_md_trim_end (q, h);

  *level = (guint) n;
  *title = q;
  *title_end = e;
  return TRUE;
}

static guint
setext_level (const char *p,
              const char *end)
{
  gsize n;

  if (p >= end || (*p != '=' && *p != '-'))
    return 0;
  n = epistle_md_run_of (p, end, *p);
  if (!epistle_md_is_blank (p + n, end))
    return 0;
  return *p == '=' ? 1 : 2;
}

static gboolean
is_thematic_break (const char *p,
                   const char *end)
{
  char c = *p;
  guint n = 0;

  if (c != '*' && c != '-' && c != '_')
    return FALSE;
  for (; p < end; p++)
    {
      if (*p == c)
        n++;
      else if (!epistle_md_is_space (*p))
        return FALSE;
    }
  return n >= 3;
}

static gboolean
is_list_item (const char *p,
              const char *end)
{
  const char *q = p;

  if (p < end && (*p == '-' || *p == '*' || *p == '+'))
    return p + 1 == end || epistle_md_is_space (p[1]);

  while (q < end && q - p < 9 && g_ascii_isdigit (*q))
    q++;
  return q > p && q < end && (*q == '.' || *q == ')') && (q + 1 == end || epistle_md_is_space (q[1]));
}

/* --------------------------------------------------------------------------
 * Manuscript divisions: BOOK ONE: 1805, CHAPTER XII, PART TWO, EPILOGUE
 * ------------------------------------------------------------------------ */

static const char * const number_words[] = {
  "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
  "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
  "eighteen", "nineteen", "twenty", "thirty", "forty", "fifty", "sixty",
  "seventy", "eighty", "ninety", "hundred", NULL
};

static const char * const ordinal_words[] = {
  "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
  "ninth", "tenth", "final", NULL
};

/* A word the way headings set it: in capitals ("BOOK") or capitalised
 * ("Book"), never "book" or "bOOK". */
static gboolean
is_heading_word (const char *p,
                 gsize       n,
                 const char *lower)
{
  gboolean capitals = TRUE;
  gboolean capitalised = TRUE;

  if (n != strlen (lower) || g_ascii_strncasecmp (p, lower, n) != 0)
    return FALSE;

  for (gsize i = 0; i < n; i++)
    {
      gboolean upper = g_ascii_isupper (p[i]);

      capitals = capitals && upper;
      capitalised = capitalised && (i == 0 ? upper : !upper);
    }
  return capitals || capitalised;
}

static gsize
letters_at (const char *p,
            const char *end)
{
  const char *q = p;

  while (q < end && is_ascii_letter (*q))
    q++;
  return (gsize) (q - p);
}

/* 12, XII, xii, TWELVE, Twenty-One: returns its length, 0 if none. */
static gsize
number_at (const char *p,
           const char *end)
{
  const char *q = p;
  gsize n;

  while (q < end && g_ascii_isdigit (*q) && q - p < 5)
    q++;
  if (q > p)
    return (q < end && g_ascii_isdigit (*q)) ? 0 : (gsize) (q - p);

  n = letters_at (p, end);
  if (n == 0)
    return 0;

  if (strspn (p, "IVXLCDM") >= n || strspn (p, "ivxlcdm") >= n)
    return n;

  /* Number words, perhaps hyphenated ("Twenty-One"). */
  q = p;
  for (;;)
    {
      n = letters_at (q, end);
      if (n == 0 || !word_in_list (q, n, number_words))
        return 0;
      q += n;
      if (q + 1 < end && *q == '-' && is_ascii_letter (q[1]))
        q++;
      else
        return (gsize) (q - p);
    }
}

/* What may follow a division's number: nothing, ": 1805", ". Title",
 * " - 07", " (1805)". */
static gboolean
division_tail_ok (const char *p,
                  const char *end)
{
  const char *q = epistle_md_skip_spaces (p, end);

  if (q == end)
    return TRUE;
  if (q == p)
    return *q == ':' || *q == '.';
  return *q == ':' || *q == '.' || *q == '-' || *q == '(' || dash_at (q, end) > 0 ||
         (end - q >= 3 && (guchar) q[0] == 0xE2 && (guchar) q[1] == 0x80 && (guchar) q[2] == 0x93);
}

static gboolean
match_division (const char         *p,
                const char         *end,
                EpistleOutlineKind *kind)
{
  const char *q;
  gsize n;

  p = epistle_md_skip_spaces (p, end);
  end = epistle_md_trim_end (p, end);
  n = letters_at (p, end);
  if (n == 0)
    return FALSE;

  /* FIRST EPILOGUE, Second Epilogue */
  if (word_in_list (p, n, ordinal_words) && (g_ascii_isupper (p[0])) &&
      p + n < end && p[n] == ' ')
    {
      const char *w = epistle_md_skip_spaces (p + n, end);
      gsize m = letters_at (w, end);

      if (!is_heading_word (w, m, "epilogue") && !is_heading_word (w, m, "prologue"))
        return FALSE;
      if (!(g_ascii_isupper (p[1]) == g_ascii_isupper (w[1])))
        return FALSE;
      p = w;
      n = m;
    }

  if (is_heading_word (p, n, "epilogue") || is_heading_word (p, n, "prologue"))
    {
      *kind = g_ascii_tolower (p[0]) == 'e' ? EPISTLE_OUTLINE_EPILOGUE : EPISTLE_OUTLINE_PROLOGUE;
      return division_tail_ok (p + n, end);
    }

  if (is_heading_word (p, n, "book"))
    *kind = EPISTLE_OUTLINE_BOOK;
  else if (is_heading_word (p, n, "part"))
    *kind = EPISTLE_OUTLINE_PART;
  else if (is_heading_word (p, n, "chapter"))
    *kind = EPISTLE_OUTLINE_CHAPTER;
  else
    return FALSE;

  q = p + n;
  if (q >= end || *q != ' ')
    return FALSE;
  q = epistle_md_skip_spaces (q, end);
  n = number_at (q, end);
  return n > 0 && division_tail_ok (q + n, end);
}

/* --------------------------------------------------------------------------
 * Blocks
 * ------------------------------------------------------------------------ */

/* Loads lines [@start, @end) into @out, joined by spaces, trimmed, without
 * the > markers of a quotation block; @starts gets where each line starts. */
void
_epistle_outline_join_lines (EpistleOutline *self,
                             guint           start,
                             guint           end,
                             gboolean        quote,
                             GString        *out,
                             GArray         *starts)
{
  g_string_truncate (out, 0);
  if (starts != NULL)
    g_array_set_size (starts, 0);

  for (guint i = start; i < end; i++)
    {
      gsize length;
      const char *t = line_text (self, i, &length);
      const char *e = t + length;
      const char *p = epistle_md_skip_spaces (t, e);
      gsize pos;

      if (quote && p < e && *p == '>')
        p = epistle_md_skip_spaces (p + 1, e);
      e = epistle_md_trim_end (p, e);

      if (i > start)
        g_string_append_c (out, ' ');
      pos = out->len;
      if (starts != NULL)
        g_array_append_val (starts, pos);
      g_string_append_len (out, p, e - p);
    }
}

void
_epistle_outline_emit (Scanner            *sc,
                       EpistleOutlineKind  kind,
                       guint               heading_level,
                       guint               line,
                       guint               own_end,
                       char               *title,
                       TitleFrom           from)
{
  Record r = { 0, };

  r.line = line;
  r.own_end = own_end;
  r.kind = kind;
  r.heading_level = heading_level;
  r.title_from = from;
  switch (kind)
    {
    case EPISTLE_OUTLINE_HEADING:
      r.rank = heading_level;
      break;
    case EPISTLE_OUTLINE_BOOK:
    case EPISTLE_OUTLINE_PROLOGUE:
    case EPISTLE_OUTLINE_EPILOGUE:
      r.rank = 1;
      break;
    case EPISTLE_OUTLINE_PART:
      r.rank = 2;
      break;
    case EPISTLE_OUTLINE_CHAPTER:
      r.rank = 3;
      break;
    default:
      r.rank = LETTER_RANK;
      break;
    }

  /* Titles come from the user's text, which may not be valid UTF-8. */
  if (g_utf8_validate (title, -1, NULL))
    r.title = title;
  else
    {
      r.title = g_utf8_make_valid (title, -1);
      g_free (title);
    }

  g_assert (sc->out->len == 0 || g_array_index (sc->out, Record, sc->out->len - 1).line <= line);
  g_array_append_val (sc->out, r);
}

void
_epistle_outline_clear_pending (Scanner *sc)
{
  sc->pending = PENDING_NONE;
  sc->depth = 0;
  sc->paragraphs = 0;
  sc->flags &= ~FLAG_STRAIGHT;
  sc->span_start = sc->span_intro_start = sc->span_intro_end = NONE;
}

typedef enum {
  BREAK_RULE,      /* a thematic break */
  BREAK_CODE,      /* a code block */
  BREAK_HEADING,   /* a heading or a division: a new section */
} BreakKind;

/* A block that is neither a paragraph nor a > block: it ends spans and
 * leaves no quotation waiting for an attribution. */
static void
interrupt (Scanner   *sc,
           BreakKind  kind)
{
  _epistle_outline_clear_pending (sc);
  sc->intro_start = sc->intro_end = NONE;

  switch (kind)
    {
    case BREAK_CODE:
      sc->flags &= ~(FLAG_FIRST_BLOCK | FLAG_HEAD);
      break;
    case BREAK_HEADING:
      sc->flags &= ~FLAG_FIRST_BLOCK;
      sc->flags |= FLAG_HEAD;
      break;
    case BREAK_RULE:
    default:
      break;
    }
}

static void
heading (Scanner *sc,
         guint    line,
         guint    level,
         char    *title)
{
  interrupt (sc, BREAK_HEADING);
  _epistle_outline_emit (sc, EPISTLE_OUTLINE_HEADING, level, line, 0, title, TITLE_FROM_TEXT);
}

static void
finish_paragraph (Scanner *sc,
                  guint    start,
                  guint    end,
                  guint8   block_flags)
{
  EpistleOutlineKind kind;
  gsize length;
  const char *t = line_text (sc->self, start, &length);

  if (!(block_flags & BLOCK_LIST) && match_division (t, t + length, &kind))
    {
      interrupt (sc, BREAK_HEADING);
      sc->flags |= FLAG_MANUSCRIPT;
      _epistle_outline_emit (sc, kind, 0, start, 0, strip_dup (t, t + length), TITLE_FROM_TEXT);
      return;
    }

  /* Past the first division the text is a manuscript, whose dialogue and
   * letters within are not the document's own letter structure. */
  if (sc->flags & FLAG_MANUSCRIPT)
    return;

  _epistle_outline_letter_paragraph (sc, start, end, block_flags);
}

static void
end_block (Scanner *sc,
           guint    line)
{
  guint start = sc->block_start;
  guint8 block = sc->block;
  guint8 block_flags = sc->block_flags;

  sc->block = BLOCK_NONE;
  sc->block_flags = 0;
  sc->block_start = NONE;

  if (block == BLOCK_PARAGRAPH)
    finish_paragraph (sc, start, line, block_flags);
  else if (block == BLOCK_QUOTE)
    _epistle_outline_letter_quote (sc, start, line);
}

static void
open_block (Scanner   *sc,
            BlockKind  block,
            guint      line,
            guint8     block_flags)
{
  sc->block = block;
  sc->block_start = line;
  sc->block_flags = block_flags;
}

/* The title of a Setext heading: its paragraph's lines, joined. */
static char *
setext_title (EpistleOutline *self,
              guint           start,
              guint           end)
{
  _epistle_outline_join_lines (self, start, end, FALSE, self->aux, NULL);
  return g_strndup (self->aux->str, self->aux->len);
}

static void
scan_line (Scanner *sc,
           guint    i)
{
  EpistleOutline *self = sc->self;
  gsize length;
  const char *t = line_text (self, i, &length);
  const char *end = t + length;
  const char *p;
  const char *title;
  const char *title_end;
  char fence_char;
  guint fence_length;
  guint level;

  switch (sc->mode)
    {
    case MODE_FRONT_MATTER:
      if (is_front_matter_end (t, end))
        sc->mode = MODE_TEXT;
      return;

    case MODE_MAYBE_FRONT_MATTER:
      /* Pandoc's rule: front matter is not followed by a blank line; else
       * line 0 was a thematic break. */
      if (epistle_md_is_blank (t, end))
        sc->mode = MODE_TEXT;
      else
        sc->mode = is_front_matter_end (t, end) ? MODE_TEXT : MODE_FRONT_MATTER;
      return;

    case MODE_FENCE:
      if (is_fence_close (t, end, sc->fence_char, sc->fence_length))
        {
          sc->mode = MODE_TEXT;
          sc->fence_char = 0;
          sc->fence_length = 0;
        }
      return;

    default:
      break;
    }

  if (measure_indent (t, end, &p) >= 4)
    {
      if (p == end)
        {
          end_block (sc, i);
          return;
        }
      /* A paragraph goes on; elsewhere this is indented code. */
      if (sc->block == BLOCK_PARAGRAPH ||
          (sc->block == BLOCK_QUOTE && (sc->block_flags & BLOCK_QUOTE_TEXT)))
        return;
      end_block (sc, i);
      interrupt (sc, BREAK_CODE);
      return;
    }

  if (p == end)
    {
      end_block (sc, i);
      return;
    }

  if (i == 0 && is_front_matter_start (p, end) && p == t)
    {
      sc->mode = MODE_MAYBE_FRONT_MATTER;
      return;
    }

  if (is_fence_open (p, end, &fence_char, &fence_length))
    {
      end_block (sc, i);
      interrupt (sc, BREAK_CODE);
      sc->mode = MODE_FENCE;
      sc->fence_char = (guint8) fence_char;
      sc->fence_length = fence_length;
      return;
    }

  if (is_atx_heading (p, end, &level, &title, &title_end))
    {
      end_block (sc, i);
      heading (sc, i, level, g_strndup (title, (gsize) (title_end - title)));
      return;
    }

  if (sc->block == BLOCK_PARAGRAPH && !(sc->block_flags & BLOCK_LIST) &&
      (level = setext_level (p, end)) != 0)
    {
      guint start = sc->block_start;

      sc->block = BLOCK_NONE;
      sc->block_flags = 0;
      sc->block_start = NONE;
      heading (sc, start, level, setext_title (self, start, i));
      return;
    }

  if (is_thematic_break (p, end))
    {
      end_block (sc, i);
      interrupt (sc, BREAK_RULE);
      return;
    }

  if (*p == '>')
    {
      if (sc->block != BLOCK_QUOTE)
        {
          end_block (sc, i);
          open_block (sc, BLOCK_QUOTE, i, 0);
        }
      if (epistle_md_is_blank (p + 1, end))
        sc->block_flags &= ~BLOCK_QUOTE_TEXT;
      else
        sc->block_flags |= BLOCK_QUOTE_TEXT;
      return;
    }

  /* A paragraph goes on, or a > paragraph lazily. */
  if (sc->block == BLOCK_PARAGRAPH ||
      (sc->block == BLOCK_QUOTE && (sc->block_flags & BLOCK_QUOTE_TEXT)))
    return;

  end_block (sc, i);
  open_block (sc, BLOCK_PARAGRAPH, i, is_list_item (p, end) ? BLOCK_LIST : 0);
}

static void
scan_finish (Scanner *sc)
{
  end_block (sc, sc->self->n_lines);
  _epistle_outline_clear_pending (sc);
}

/* --------------------------------------------------------------------------
 * Records and the tree
 * ------------------------------------------------------------------------ */

static void
record_clear (gpointer data)
{
  Record *r = data;

  g_clear_pointer (&r->title, g_free);
}

static gboolean
record_equal (const Record *a,
              const Record *b)
{
  return a->line == b->line && a->own_end == b->own_end && a->kind == b->kind &&
         a->heading_level == b->heading_level && a->rank == b->rank &&
         a->title_from == b->title_from && g_strcmp0 (a->title, b->title) == 0;
}

/* The index of the first record at or after @line. */
static guint
records_lower_bound (GArray *records,
                     guint   line)
{
  guint lo = 0;
  guint hi = records->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (records, Record, mid).line < line)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* Replaces the records of lines [@start, @end) with @fresh (emptying it);
 * returns whether they differ. */
static gboolean
splice_records (EpistleOutline *self,
                guint           start,
                guint           end,
                GArray         *fresh)
{
  guint lo = records_lower_bound (self->records, start);
  guint hi = records_lower_bound (self->records, end);
  gboolean changed = hi - lo != fresh->len;

  for (guint i = 0; !changed && i < fresh->len; i++)
    changed = !record_equal (&g_array_index (self->records, Record, lo + i),
                             &g_array_index (fresh, Record, i));

  if (!changed)
    {
      g_array_set_size (fresh, 0);
      return FALSE;
    }

  g_array_remove_range (self->records, lo, hi - lo);
  /* The records move over; fresh must not free their titles. */
  g_array_insert_vals (self->records, lo, fresh->data, fresh->len);
  g_array_set_clear_func (fresh, NULL);
  g_array_set_size (fresh, 0);
  g_array_set_clear_func (fresh, record_clear);
  return TRUE;
}

static void
item_free (gpointer data)
{
  EpistleOutlineItem *item = data;

  g_free (item->title);
  g_ptr_array_unref (item->children);
  g_free (item);
}

static void
fill_numbers (EpistleOutline     *self,
              EpistleOutlineItem *item)
{
  item->offset = fenwick_prefix (&self->chars, item->line);
  item->end_offset = fenwick_prefix (&self->chars, item->end_line);
  item->words = fenwick_prefix (&self->words, item->end_line) - fenwick_prefix (&self->words, item->line);
}

/* Whether @r ends the section of an open item: one of the same or a
 * higher rank does; and a prologue holds no parts or chapters (those
 * after it begin the book), where an epilogue has chapters of its own
 * but no parts. */
static gboolean
closes (const Record       *r,
        EpistleOutlineKind  open_kind,
        guint               open_rank)
{
  if (open_rank >= r->rank)
    return TRUE;
  if (open_kind == EPISTLE_OUTLINE_PROLOGUE)
    return r->kind == EPISTLE_OUTLINE_PART || r->kind == EPISTLE_OUTLINE_CHAPTER;
  if (open_kind == EPISTLE_OUTLINE_EPILOGUE)
    return r->kind == EPISTLE_OUTLINE_PART;
  return FALSE;
}


/* A title as the pane shows it: Markdown's inline markup gone (emphasis
 * marks, code ticks, link targets) and a hard line break's backslash. */
static char *
plain_title (const char *title)
{
  GString *out = g_string_sized_new (strlen (title));
  const char *p = title;

  while (*p != '\0')
    {
      if (*p == '*' || *p == '`')
        {
          p++;
          continue;
        }
      if (*p == '_' && (p == title || !g_ascii_isalnum (p[-1]) || !g_ascii_isalnum (p[1])))
        {
          p++;
          continue;
        }
      if (*p == '[')
        {
          const char *close = strstr (p, "](");
          const char *end = close != NULL ? strchr (close, ')') : NULL;

          if (end != NULL && memchr (p + 1, '\n', (gsize) (close - p)) == NULL)
            {
              g_string_append_len (out, p + 1, close - p - 1);
              p = end + 1;
              continue;
            }
        }
      g_string_append_c (out, *p++);
    }
  while (out->len > 0 && (out->str[out->len - 1] == '\\' || g_ascii_isspace (out->str[out->len - 1])))
    g_string_truncate (out, out->len - 1);
  while (out->len > 0 && g_ascii_isspace (out->str[0]))
    g_string_erase (out, 0, 1);
  if (out->len == 0)
    {
      /* Nothing but markup: the title as written. */
      g_string_free (out, TRUE);
      return g_strdup (title);
    }
  return g_string_free (out, FALSE);
}

static void
build_tree (EpistleOutline *self)
{
  EpistleOutlineItem *stack[MAX_RANK + 1];
  guint ranks[MAX_RANK + 1];
  guint own_ends[MAX_RANK + 1];
  guint depth = 0;

  g_ptr_array_set_size (self->items, 0);
  g_ptr_array_set_size (self->all_items, 0);

  for (guint i = 0; i < self->records->len; i++)
    {
      const Record *r = &g_array_index (self->records, Record, i);
      EpistleOutlineItem *item;

      while (depth > 0 && closes (r, stack[depth - 1]->kind, ranks[depth - 1]))
        {
          depth--;
          stack[depth]->end_line = own_ends[depth] != 0 ? own_ends[depth] : r->line;
        }

      item = g_new0 (EpistleOutlineItem, 1);
      item->kind = r->kind;
      item->heading_level = r->heading_level;
      item->title = plain_title (r->title);
      item->line = r->line;
      item->children = g_ptr_array_new ();
      item->parent = depth > 0 ? stack[depth - 1] : NULL;
      item->level = depth + 1;

      g_ptr_array_add (item->parent != NULL ? item->parent->children : self->items, item);
      g_ptr_array_add (self->all_items, item);

      g_assert (depth <= MAX_RANK);
      stack[depth] = item;
      ranks[depth] = r->rank;
      own_ends[depth] = r->own_end;
      depth++;
    }

  while (depth > 0)
    {
      depth--;
      stack[depth]->end_line = own_ends[depth] != 0 ? own_ends[depth] : self->n_lines;
    }

  for (guint i = 0; i < self->all_items->len; i++)
    fill_numbers (self, g_ptr_array_index (self->all_items, i));
}

/* Line @line gained @words words and @chars characters, and no item
 * changed: only the figures move. */
static void
shift_numbers (EpistleOutline *self,
               guint           line,
               gint64          words,
               gint64          chars)
{
  for (guint i = 0; i < self->all_items->len; i++)
    {
      EpistleOutlineItem *item = g_ptr_array_index (self->all_items, i);

      if (item->line <= line && line < item->end_line)
        item->words += (guint64) words;
      if (item->line > line)
        item->offset += (guint64) chars;
      if (item->end_line > line)
        item->end_offset += (guint64) chars;
    }
}

/* --------------------------------------------------------------------------
 * Scanning
 * ------------------------------------------------------------------------ */

/* Scans from the last settled line at or before @first until, past
 * @edit_end, the state is settled and what it was before the edit.
 * Returns whether any item changed. */
static gboolean
rescan (EpistleOutline *self,
        guint           first,
        guint           edit_end)
{
  Scanner sc;
  guint start = first;
  guint stop = self->n_lines;
  gboolean changed;

  while (start > 0 && !state_is_settled (&self->lines[start].state))
    start--;

  scanner_init (&sc, self);
  g_array_set_clear_func (sc.out, record_clear);
  scanner_load (&sc, start, &self->lines[start].state);

  for (guint i = start; i < self->n_lines; i++)
    {
      ScanState st;

      scan_line (&sc, i);
      if (i + 1 == self->n_lines)
        break;

      scanner_save (&sc, i + 1, &st);
      if (i + 1 >= edit_end && state_is_settled (&st) &&
          (sc.intro_start == NONE || sc.intro_start >= edit_end) &&
          memcmp (&st, &self->lines[i + 1].state, sizeof st) == 0)
        {
          stop = i + 1;
          break;
        }
      self->lines[i + 1].state = st;
    }

  if (stop == self->n_lines)
    scan_finish (&sc);

  changed = splice_records (self, start, stop, sc.out);
  g_array_unref (sc.out);
  return changed;
}

static void
full_scan (EpistleOutline *self)
{
  Scanner sc;

  scanner_init (&sc, self);
  g_array_set_clear_func (sc.out, record_clear);
  for (guint i = 0; i < self->n_lines; i++)
    {
      scanner_save (&sc, i, &self->lines[i].state);
      scan_line (&sc, i);
    }
  scan_finish (&sc);

  g_array_set_size (self->records, 0);
  g_array_append_vals (self->records, sc.out->data, sc.out->len);
  g_array_set_clear_func (sc.out, NULL);
  g_array_unref (sc.out);
}

/* --------------------------------------------------------------------------
 * Public API
 * ------------------------------------------------------------------------ */

EpistleOutline *
epistle_outline_new (void)
{
  EpistleOutline *self = g_new0 (EpistleOutline, 1);

  self->records = g_array_new (FALSE, FALSE, sizeof (Record));
  g_array_set_clear_func (self->records, record_clear);
  self->items = g_ptr_array_new ();
  self->all_items = g_ptr_array_new_with_free_func (item_free);
  self->para = g_string_new (NULL);
  self->para_lines = g_array_new (FALSE, FALSE, sizeof (gsize));
  self->aux = g_string_new (NULL);
  epistle_outline_set_text (self, "", 0);
  return self;
}

static void
clear_lines (EpistleOutline *self)
{
  for (guint i = 0; i < self->n_lines; i++)
    line_clear (&self->lines[i]);
  self->n_lines = 0;
}

void
epistle_outline_free (EpistleOutline *self)
{
  if (self == NULL)
    return;

  clear_lines (self);
  g_free (self->lines);
  g_free (self->base);
  g_free (self->words.tree);
  g_free (self->chars.tree);
  g_array_unref (self->records);
  g_ptr_array_unref (self->items);
  g_ptr_array_unref (self->all_items);
  g_string_free (self->para, TRUE);
  g_array_unref (self->para_lines);
  g_string_free (self->aux, TRUE);
  g_free (self);
}

void
epistle_outline_set_text (EpistleOutline *self,
                          const char     *text,
                          gssize          length)
{
  EpistleWordIter iter;
  EpistleWord word;
  Splitter sp;
  const char *p;
  guint n = 0;
  guint line;
  guint sep_bytes;
  guint sep_chars;

  g_return_if_fail (self != NULL);
  g_return_if_fail (text != NULL || length <= 0);

  if (text == NULL)
    text = "";
  if (length < 0)
    length = (gssize) strlen (text);

  clear_lines (self);
  g_free (self->base);
  self->base = g_malloc ((gsize) length + 1);
  memcpy (self->base, text, (gsize) length);
  self->base[length] = '\0';
  if (self->lines_allocated > 1024 && (gsize) length / 16 < self->lines_allocated)
    {
      /* Do not keep a novel's line array for a letter. */
      g_clear_pointer (&self->lines, g_free);
      self->lines_allocated = 0;
    }

  splitter_init (&sp, self->base, (gsize) length);
  for (p = self->base; ; )
    {
      const char *stop = splitter_next (&sp, p, &sep_bytes, &sep_chars);

      if (n == self->lines_allocated)
        {
          /* A novel has a line every 50 bytes or so. */
          self->lines_allocated = MAX (self->lines_allocated * 2, (guint) MIN ((gsize) length / 48 + 16, G_MAXUINT / 2));
          self->lines = g_renew (Line, self->lines, self->lines_allocated);
        }
      line_init (&self->lines[n++], p, (gsize) (stop - p), sep_chars, FALSE, TRUE);
      if (sep_bytes == 0)
        break;
      p = stop + sep_bytes;
    }
  self->n_lines = n;

  /* The words in one pass over the text, as the status bar counts them:
   * a word never runs over a line end, which separates words. */
  epistle_word_iter_init (&iter, self->base, length);
  line = 0;
  while (epistle_word_iter_next (&iter, &word))
    {
      const char *w = self->base + word.offset;

      while (w >= self->lines[line].text + self->lines[line].length)
        line++;
      self->lines[line].words++;
    }

  fenwick_build (self);
  full_scan (self);
  build_tree (self);
}

void
epistle_outline_replace_lines (EpistleOutline *self,
                               guint           first_line,
                               guint           n_removed,
                               const char     *text,
                               gssize          length)
{
  g_autofree char *joined = NULL;
  g_autofree guint64 *old_figures = NULL;
  Splitter sp;
  Line *fresh;
  const char *p;
  guint n_new = 0;
  guint sep_bytes;
  guint sep_chars;
  guint last_ending;
  ScanState entry;
  gint64 delta;
  gboolean changed;

  g_return_if_fail (self != NULL);
  g_return_if_fail (text != NULL || length <= 0);
  g_return_if_fail (first_line <= self->n_lines);
  g_return_if_fail (n_removed <= self->n_lines - first_line);

  if (text == NULL)
    text = "";
  if (length < 0)
    length = (gssize) strlen (text);

  if (n_removed == 0)
    {
      /* Inserted lines end with LF: the line they are inserted before (or
       * after, at the end) joins the edit, so every line keeps its end. */
      const Line *next = &self->lines[MIN (first_line, self->n_lines - 1)];

      if (first_line < self->n_lines)
        joined = g_strdup_printf ("%.*s\n%.*s", (int) length, text, (int) next->length, next->text);
      else
        {
          first_line = self->n_lines - 1;
          joined = g_strdup_printf ("%.*s\n%.*s", (int) next->length, next->text, (int) length, text);
        }
      text = joined;
      length = (gssize) strlen (joined);
      n_removed = 1;
    }

  /* The new lines. */
  splitter_init (&sp, text, (gsize) length);
  for (p = text; ; n_new++)
    {
      const char *stop = splitter_next (&sp, p, &sep_bytes, &sep_chars);

      if (sep_bytes == 0)
        break;
      p = stop + sep_bytes;
    }
  n_new++;

  last_ending = self->lines[first_line + n_removed - 1].ending;
  fresh = g_new (Line, n_new);
  splitter_init (&sp, text, (gsize) length);
  p = text;
  for (guint i = 0; i < n_new; i++)
    {
      const char *stop = splitter_next (&sp, p, &sep_bytes, &sep_chars);

      line_init (&fresh[i], g_strndup (p, (gsize) (stop - p)), (gsize) (stop - p),
                 i + 1 < n_new ? sep_chars : last_ending, TRUE, FALSE);
      p = stop + sep_bytes;
    }

  entry = self->lines[first_line].state;
  delta = (gint64) n_new - (gint64) n_removed;

  if (delta == 0)
    {
      old_figures = g_new (guint64, 2 * n_new);
      for (guint i = 0; i < n_new; i++)
        {
          old_figures[2 * i] = self->lines[first_line + i].words;
          old_figures[2 * i + 1] = self->lines[first_line + i].chars;
        }
    }

  for (guint i = first_line; i < first_line + n_removed; i++)
    line_clear (&self->lines[i]);

  if (delta != 0)
    {
      guint n = self->n_lines - n_removed + n_new;

      if (n > self->lines_allocated)
        {
          self->lines_allocated = MAX (n, self->lines_allocated + self->lines_allocated / 4 + 16);
          self->lines = g_renew (Line, self->lines, self->lines_allocated);
        }
      memmove (&self->lines[first_line + n_new], &self->lines[first_line + n_removed],
               (self->n_lines - first_line - n_removed) * sizeof (Line));
      self->n_lines = n;
    }
  memcpy (&self->lines[first_line], fresh, n_new * sizeof (Line));
  g_free (fresh);
  self->lines[first_line].state = entry;

  if (delta == 0)
    {
      for (guint i = 0; i < n_new; i++)
        {
          const Line *line = &self->lines[first_line + i];

          fenwick_add (&self->words, first_line + i, (gint64) line->words - (gint64) old_figures[2 * i]);
          fenwick_add (&self->chars, first_line + i, (gint64) line->chars - (gint64) old_figures[2 * i + 1]);
        }
    }
  else
    {
      guint lo = records_lower_bound (self->records, first_line);
      guint hi = records_lower_bound (self->records, first_line + n_removed);

      fenwick_build (self);

      /* The records of the replaced lines go (the scan finds them again);
       * those after move with their lines. */
      g_array_remove_range (self->records, lo, hi - lo);
      for (guint i = lo; i < self->records->len; i++)
        {
          Record *r = &g_array_index (self->records, Record, i);

          r->line = (guint) ((gint64) r->line + delta);
          if (r->own_end != 0)
            r->own_end = (guint) ((gint64) r->own_end + delta);
        }
    }

  changed = rescan (self, first_line, first_line + n_new);

  if (delta != 0 || changed)
    build_tree (self);
  else if (n_new <= 4)
    {
      for (guint i = 0; i < n_new; i++)
        {
          const Line *line = &self->lines[first_line + i];

          shift_numbers (self, first_line + i,
                         (gint64) line->words - (gint64) old_figures[2 * i],
                         (gint64) line->chars - (gint64) old_figures[2 * i + 1]);
        }
    }
  else
    {
      for (guint i = 0; i < self->all_items->len; i++)
        fill_numbers (self, g_ptr_array_index (self->all_items, i));
    }
}

guint
epistle_outline_get_n_lines (EpistleOutline *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_lines;
}

GPtrArray *
epistle_outline_get_items (EpistleOutline *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->items;
}

guint
epistle_outline_get_n_items (EpistleOutline *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->all_items->len;
}

EpistleOutlineItem *
epistle_outline_item_at_line (EpistleOutline *self,
                              guint           line)
{
  GPtrArray *level;
  EpistleOutlineItem *found = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  level = self->items;
  for (;;)
    {
      EpistleOutlineItem *item;
      guint lo = 0;
      guint hi = level->len;

      /* The last item that starts at or before the line. */
      while (lo < hi)
        {
          guint mid = lo + (hi - lo) / 2;

          if (((EpistleOutlineItem *) g_ptr_array_index (level, mid))->line <= line)
            lo = mid + 1;
          else
            hi = mid;
        }
      if (lo == 0)
        break;

      item = g_ptr_array_index (level, lo - 1);
      if (line >= item->end_line)
        break;
      found = item;
      level = item->children;
    }

  return found;
}

static gboolean
items_equal (GPtrArray *a,
             GPtrArray *b)
{
  if (a->len != b->len)
    return FALSE;

  for (guint i = 0; i < a->len; i++)
    {
      const EpistleOutlineItem *x = g_ptr_array_index (a, i);
      const EpistleOutlineItem *y = g_ptr_array_index (b, i);

      if (x->kind != y->kind || x->level != y->level || x->heading_level != y->heading_level ||
          g_strcmp0 (x->title, y->title) != 0 || x->line != y->line || x->end_line != y->end_line ||
          x->offset != y->offset || x->end_offset != y->end_offset || x->words != y->words ||
          (x->parent == NULL) != (y->parent == NULL) ||
          !items_equal (x->children, y->children))
        return FALSE;
    }
  return TRUE;
}

gboolean
epistle_outline_equal (EpistleOutline *a,
                       EpistleOutline *b)
{
  g_return_val_if_fail (a != NULL, FALSE);
  g_return_val_if_fail (b != NULL, FALSE);

  return items_equal (a->items, b->items);
}

const char *
epistle_outline_kind_to_string (EpistleOutlineKind kind)
{
  switch (kind)
    {
    case EPISTLE_OUTLINE_HEADING:    return "heading";
    case EPISTLE_OUTLINE_BOOK:       return "book";
    case EPISTLE_OUTLINE_PART:       return "part";
    case EPISTLE_OUTLINE_CHAPTER:    return "chapter";
    case EPISTLE_OUTLINE_PROLOGUE:   return "prologue";
    case EPISTLE_OUTLINE_EPILOGUE:   return "epilogue";
    case EPISTLE_OUTLINE_TITLE:      return "title";
    case EPISTLE_OUTLINE_SALUTATION: return "salutation";
    case EPISTLE_OUTLINE_QUOTATION:  return "quotation";
    case EPISTLE_OUTLINE_CLOSING:    return "closing";
    case EPISTLE_OUTLINE_POSTSCRIPT: return "postscript";
    default:                         return "unknown";
    }
}

static void
append_text (GString   *out,
             GPtrArray *items)
{
  for (guint i = 0; i < items->len; i++)
    {
      const EpistleOutlineItem *item = g_ptr_array_index (items, i);

      for (guint l = 1; l < item->level; l++)
        g_string_append (out, "  ");
      g_string_append_printf (out, "%s (%s, line %u, %" G_GUINT64_FORMAT " words)\n",
                              item->title, epistle_outline_kind_to_string (item->kind),
                              item->line + 1, item->words);
      append_text (out, item->children);
    }
}

char *
epistle_outline_to_text (EpistleOutline *self)
{
  GString *out;

  g_return_val_if_fail (self != NULL, NULL);

  out = g_string_new (NULL);
  append_text (out, self->items);
  return g_string_free (out, FALSE);
}

static void
append_json_string (GString    *out,
                    const char *s)
{
  g_string_append_c (out, '"');
  for (const guchar *p = (const guchar *) s; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '"':  g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default:
          if (*p < 0x20)
            g_string_append_printf (out, "\\u%04x", *p);
          else
            g_string_append_c (out, (char) *p);
          break;
        }
    }
  g_string_append_c (out, '"');
}

static void
append_json (GString   *out,
             GPtrArray *items,
             guint      indent)
{
  if (items->len == 0)
    {
      g_string_append (out, "[]");
      return;
    }

  g_string_append (out, "[\n");
  for (guint i = 0; i < items->len; i++)
    {
      const EpistleOutlineItem *item = g_ptr_array_index (items, i);
      guint pad = indent + 2;

      g_string_append_printf (out, "%*s{\n", (int) pad, "");
      g_string_append_printf (out, "%*s\"kind\" : \"%s\",\n", (int) pad + 2, "",
                              epistle_outline_kind_to_string (item->kind));
      g_string_append_printf (out, "%*s\"level\" : %u,\n", (int) pad + 2, "", item->level);
      g_string_append_printf (out, "%*s\"title\" : ", (int) pad + 2, "");
      append_json_string (out, item->title);
      g_string_append (out, ",\n");
      g_string_append_printf (out, "%*s\"line\" : %u,\n", (int) pad + 2, "", item->line + 1);
      g_string_append_printf (out, "%*s\"words\" : %" G_GUINT64_FORMAT ",\n", (int) pad + 2, "", item->words);
      g_string_append_printf (out, "%*s\"children\" : ", (int) pad + 2, "");
      append_json (out, item->children, pad + 2);
      g_string_append_printf (out, "\n%*s}%s\n", (int) pad, "", i + 1 < items->len ? "," : "");
    }
  g_string_append_printf (out, "%*s]", (int) indent, "");
}

char *
epistle_outline_to_json (EpistleOutline *self)
{
  GString *out;

  g_return_val_if_fail (self != NULL, NULL);

  out = g_string_new (NULL);
  append_json (out, self->items, 0);
  g_string_append_c (out, '\n');
  return g_string_free (out, FALSE);
}
