/* SPDX-License-Identifier: GPL-3.0-or-later
 * epistle-word-diff.c — word-level difference of two texts.
 *
 * The texts are cut into tokens: words (letters, digits, marks, with the
 * apostrophes inside them), runs of white space, and single other
 * characters.  What both texts share at their ends is set aside; the rest
 * is cut at lines (ending with white space that holds a line break) that
 * occur exactly once in each text and in the same order in both (the
 * longest such sequence, as "patience diff" does), and each piece between
 * two such anchors is compared token by token with Myers's O(ND) algorithm
 * in linear space (the "middle snake" recursion).  The edits become hunks
 * in byte offsets of both texts.
 *
 * Only the pieces that differ are ever cut into tokens: the common ends
 * are found on the bytes (then settled to token boundaries with a few
 * tokens around the first and last difference), the lines are found and
 * matched on the bytes, and a piece between anchors whose bytes are the
 * same in both texts has no edit.  A stretch of text starting and ending
 * on token boundaries is cut into the same tokens alone as within the
 * whole text, so the result is the one the whole texts' tokens give. */

#include "config.h"

#include <limits.h>
#include <string.h>

#include "epistle-word-diff.h"

typedef struct {
  gsize   start;
  guint32 length;
  guint32 hash;
  guint8  word;       /* a word, as opposed to space or punctuation */
} Token;

typedef struct {
  const char *text;
  Token      *tokens;
  guint       n;
  guint8     *changed;   /* per token: deleted (old) or inserted (new) */
  gsize       capacity;  /* of tokens, and of changed less one */
} Side;

/* ------------------------------------------------------------------ tokens */

static gboolean
is_word_char (gunichar c)
{
  return g_unichar_isalnum (c) || g_unichar_ismark (c);
}

static guint32
hash_bytes (const char *p,
            gsize       length)
{
  guint32 h = 2166136261u;

  for (gsize i = 0; i < length; i++)
    h = (h ^ (guchar) p[i]) * 16777619u;
  return h;
}

/* The class of an ASCII byte: most of a manuscript is ASCII, and looking
 * its bytes up in a table is much cheaper than decoding them. */
enum { C_OTHER, C_WORD, C_SPACE, C_NEWLINE };

static guint8 ascii_class[128];

static void
init_ascii_class (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      for (guint c = 0; c < 128; c++)
        ascii_class[c] = g_ascii_isalnum (c) ? C_WORD
                       : c == '\n' ? C_NEWLINE
                       : g_ascii_isspace (c) ? C_SPACE
                       : C_OTHER;
      g_once_init_leave (&done, 1);
    }
}

/* The class of a character beyond ASCII at @p (and its length in @n). */
static guint
class_at_unicode (const char *p,
                  const char *end,
                  gsize      *n)
{
  gunichar c = g_utf8_get_char_validated (p, end - p);

  if (c == (gunichar) -1 || c == (gunichar) -2)
    {
      *n = 1;   /* not UTF-8: a byte of its own */
      return C_OTHER;
    }
  *n = g_utf8_next_char (p) - p;
  if (is_word_char (c))
    return C_WORD;
  if (g_unichar_isspace (c))
    return c == '\n' ? C_NEWLINE : C_SPACE;
  return C_OTHER;
}

/* The class of the character at @p (and its length in @n). */
static inline guint
class_at (const char *p,
          const char *end,
          gsize      *n)
{
  guchar b = (guchar) *p;

  if (G_LIKELY (b < 0x80))
    {
      *n = 1;
      return ascii_class[b];
    }
  return class_at_unicode (p, end, n);
}

static gboolean
apostrophe_at (const char *p,
               const char *end,
               gsize      *n)
{
  if (*p == '\'')
    {
      *n = 1;
      return TRUE;
    }
  if (end - p >= 3 && (guchar) p[0] == 0xe2 && (guchar) p[1] == 0x80 && (guchar) p[2] == 0x99)
    {
      *n = 3;   /* ’ */
      return TRUE;
    }
  return FALSE;
}

/* The end of the token starting at @p (a token boundary), and whether it
 * is a word. */
static inline const char *
scan_token (const char *p,
            const char *end,
            guint8     *word)
{
  gsize n;
  guint cls = class_at (p, end, &n);
  const char *q = p + n;

  *word = 0;
  if (cls == C_WORD)
    {
      *word = 1;
      while (q < end)
        {
          gsize m, k;
          guint next = class_at (q, end, &m);

          if (next == C_WORD)
            q += m;
          else if (apostrophe_at (q, end, &m) && q + m < end && class_at (q + m, end, &k) == C_WORD)
            /* country’s, don't: the apostrophe belongs to the word
             * when a letter follows it. */
            q += m;
          else
            break;
        }
    }
  else if (cls == C_SPACE || cls == C_NEWLINE)
    {
      while (q < end)
        {
          gsize m;
          guint next = class_at (q, end, &m);

          if (next != C_SPACE && next != C_NEWLINE)
            break;
          q += m;
        }
    }
  return q;
}

/* The tokens of @text between @from and @to, two token boundaries of the
 * whole text (offsets count from @text): the same tokens as there in the
 * whole text's.  @side's buffers are reused. */
static void
tokenize_range (Side       *side,
                const char *text,
                gsize       from,
                gsize       to)
{
  gsize capacity = side->capacity, n_tokens = 0;
  Token *tokens = side->tokens;
  const char *end = text + to;
  const char *p = text + from;

  init_ascii_class ();
  if (capacity < (to - from) / 4 + 16)
    {
      capacity = (to - from) / 4 + 16;
      tokens = g_renew (Token, tokens, capacity);
    }
  while (p < end)
    {
      Token token = { (gsize) (p - text), 0, 0, 0 };
      const char *q = scan_token (p, end, &token.word);

      token.length = (guint32) (q - p);
      token.hash = hash_bytes (p, token.length);
      if (G_UNLIKELY (n_tokens == capacity))
        {
          capacity *= 2;
          tokens = g_renew (Token, tokens, capacity);
        }
      tokens[n_tokens++] = token;
      p = q;
    }
  if (side->changed == NULL || side->capacity != capacity)
    {
      g_free (side->changed);
      side->changed = g_new (guint8, capacity + 1);
    }
  memset (side->changed, 0, n_tokens + 1);
  side->text = text;
  side->n = (guint) n_tokens;
  side->tokens = tokens;
  side->capacity = capacity;
}

static void
tokenize (Side       *side,
          const char *text,
          gsize       length)
{
  tokenize_range (side, text, 0, length);
}

static void
side_clear (Side *side)
{
  g_clear_pointer (&side->tokens, g_free);
  g_clear_pointer (&side->changed, g_free);
  side->capacity = 0;
}

static inline gboolean
same (const Side *a,
      guint       i,
      const Side *b,
      guint       j)
{
  const Token *x = &a->tokens[i];
  const Token *y = &b->tokens[j];

  return x->hash == y->hash && x->length == y->length &&
         memcmp (a->text + x->start, b->text + y->start, x->length) == 0;
}

/* ------------------------------------------------------------------ Myers */

typedef struct {
  const Side *a;
  const Side *b;
  int        *fd;   /* forward furthest x per diagonal, offset for negatives */
  int        *bd;
} Compare;

/* The middle snake of a[xoff, xlim) against b[yoff, ylim): a point on an
 * optimal path splitting the problem in two (Myers 1986, section 4b). */
static void
middle_snake (Compare *c,
              int      xoff,
              int      xlim,
              int      yoff,
              int      ylim,
              int     *xmid,
              int     *ymid)
{
  int *fd = c->fd, *bd = c->bd;
  int dmin = xoff - ylim, dmax = xlim - yoff;
  int fmid = xoff - yoff, bmid = xlim - ylim;
  int fmin = fmid, fmax = fmid, bmin = bmid, bmax = bmid;
  gboolean odd = ((fmid - bmid) & 1) != 0;

  fd[fmid] = xoff;
  bd[bmid] = xlim;
  for (;;)
    {
      /* One step forward on every diagonal in reach. */
      if (fmin > dmin)
        fd[--fmin - 1] = -1;
      else
        ++fmin;
      if (fmax < dmax)
        fd[++fmax + 1] = -1;
      else
        --fmax;
      for (int d = fmax; d >= fmin; d -= 2)
        {
          int tlo = fd[d - 1], thi = fd[d + 1];
          int x = tlo >= thi ? tlo + 1 : thi;
          int y = x - d;

          while (x < xlim && y < ylim && same (c->a, x, c->b, y))
            x++, y++;
          fd[d] = x;
          if (odd && bmin <= d && d <= bmax && bd[d] <= x)
            {
              *xmid = x;
              *ymid = y;
              return;
            }
        }
      /* And one backward. */
      if (bmin > dmin)
        bd[--bmin - 1] = INT_MAX;
      else
        ++bmin;
      if (bmax < dmax)
        bd[++bmax + 1] = INT_MAX;
      else
        --bmax;
      for (int d = bmax; d >= bmin; d -= 2)
        {
          int tlo = bd[d - 1], thi = bd[d + 1];
          int x = tlo < thi ? tlo : thi - 1;
          int y = x - d;

          while (x > xoff && y > yoff && same (c->a, x - 1, c->b, y - 1))
            x--, y--;
          bd[d] = x;
          if (!odd && fmin <= d && d <= fmax && x <= fd[d])
            {
              *xmid = x;
              *ymid = y;
              return;
            }
        }
    }
}

static void
compare_seq (Compare *c,
             int      xoff,
             int      xlim,
             int      yoff,
             int      ylim)
{
  Side *a = (Side *) c->a, *b = (Side *) c->b;
  int xmid, ymid;

  while (xoff < xlim && yoff < ylim && same (a, xoff, b, yoff))
    xoff++, yoff++;
  while (xlim > xoff && ylim > yoff && same (a, xlim - 1, b, ylim - 1))
    xlim--, ylim--;

  if (xoff == xlim)
    {
      for (int y = yoff; y < ylim; y++)
        b->changed[y] = 1;
      return;
    }
  if (yoff == ylim)
    {
      for (int x = xoff; x < xlim; x++)
        a->changed[x] = 1;
      return;
    }
  middle_snake (c, xoff, xlim, yoff, ylim, &xmid, &ymid);
  compare_seq (c, xoff, xmid, yoff, ymid);
  compare_seq (c, xmid, xlim, ymid, ylim);
}

/* ------------------------------------------------------------ common ends */

static inline guint64
load64 (const char *p)
{
  guint64 v;

  memcpy (&v, p, sizeof v);
  return v;
}

/* How many bytes @a and @b share at their start, at most @max. */
static gsize
common_prefix_bytes (const char *a,
                     const char *b,
                     gsize       max)
{
  gsize n = 0;

  while (n + 8 <= max && load64 (a + n) == load64 (b + n))
    n += 8;
  while (n < max && a[n] == b[n])
    n++;
  return n;
}

/* How many bytes the texts ending at @a_end and @b_end share at their
 * end, at most @max. */
static gsize
common_suffix_bytes (const char *a_end,
                     const char *b_end,
                     gsize       max)
{
  gsize n = 0;

  while (n + 8 <= max && load64 (a_end - n - 8) == load64 (b_end - n - 8))
    n += 8;
  while (n < max && a_end[-(gssize) n - 1] == b_end[-(gssize) n - 1])
    n++;
  return n;
}

/* Whether a token surely starts at @s (0 < @s < the text's length), seen
 * from the two bytes around it alone: white space before, something else
 * after.  ASCII bytes always start characters, white space is never part
 * of a word or a mark, and a run of it ends where something else begins. */
static inline gboolean
breaks_at (const char *text,
           gsize       s)
{
  guchar before = (guchar) text[s - 1], after = (guchar) text[s];

  return before < 0x80 && after < 0x80 &&
         (ascii_class[before] == C_SPACE || ascii_class[before] == C_NEWLINE) &&
         (ascii_class[after] == C_WORD || ascii_class[after] == C_OTHER);
}

/* A token boundary of @text at or before @x, and not before @floor (a
 * token boundary itself). */
static gsize
break_before (const char *text,
              gsize       length,
              gsize       x,
              gsize       floor)
{
  if (x >= length)
    return length;
  for (gsize s = x; s > floor; s--)
    if (breaks_at (text, s))
      return s;
  return floor;
}

/* The offset where the first token differing between the texts starts
 * (the same in both): the tokens before it are the same. */
static gsize
token_prefix (const char *a,
              gsize       a_length,
              const char *b,
              gsize       b_length)
{
  gsize p = common_prefix_bytes (a, b, MIN (a_length, b_length));
  gsize s = p > 0 ? p - 1 : 0;

  /* Back to a boundary inside what both share, then token by token. */
  while (s > 0 && !breaks_at (a, s))
    s--;
  while (s < a_length && s < b_length)
    {
      guint8 word;
      gsize n = (gsize) (scan_token (a + s, a + a_length, &word) - (a + s));
      gsize m = (gsize) (scan_token (b + s, b + b_length, &word) - (b + s));

      if (n != m || memcmp (a + s, b + s, n) != 0)
        break;
      s += n;
    }
  return s;
}

typedef struct {
  Side  a;
  Side  b;
  int  *fd;
  int  *bd;
  gsize diagonals;
  EpistleWordDiff *diff;
} Work;

/* Where the tokens the texts share at their end start in each (not before
 * @lo, where the first difference is): the same tokens as matching the
 * whole texts' tokens from their ends would find. */
static void
token_suffix (Work       *w,
              const char *a,
              gsize       a_length,
              const char *b,
              gsize       b_length,
              gsize       lo,
              gsize      *a_hi,
              gsize      *b_hi)
{
  gsize k = common_suffix_bytes (a + a_length, b + b_length, MIN (a_length, b_length) - lo);
  gsize t = 0, ra, rb;
  guint i, j;

  /* A boundary in the shared bytes, the same in both: the last t bytes
   * are the same tokens in both texts. */
  for (gsize s = a_length - k + 1; s < a_length; s++)
    if (breaks_at (a, s))
      {
        t = a_length - s;
        break;
      }
  /* Before it, the tokens from a boundary before the first byte that
   * differs, matched from the end: no token holding that byte can match,
   * so the run of matches stops inside these. */
  ra = break_before (a, a_length, a_length - k, lo);
  rb = break_before (b, b_length, b_length - k, lo);
  tokenize_range (&w->a, a, ra, a_length - t);
  tokenize_range (&w->b, b, rb, b_length - t);
  i = w->a.n;
  j = w->b.n;
  while (i > 0 && j > 0 && same (&w->a, i - 1, &w->b, j - 1))
    i--, j--;
  *a_hi = i < w->a.n ? w->a.tokens[i].start : a_length - t;
  *b_hi = j < w->b.n ? w->b.tokens[j].start : b_length - t;
}

/* ---------------------------------------------------------------- anchors */

typedef struct {
  gsize   *starts;   /* n + 1: each line's first byte, then the end */
  guint64 *hashes;
  guint    n;
} Lines;

static inline guint64
mix64 (guint64 h,
       guint64 v)
{
  h ^= v * G_GUINT64_CONSTANT (0x9e3779b97f4a7c15);
  h = (h << 27) | (h >> 37);
  return h * G_GUINT64_CONSTANT (0xff51afd7ed558ccd);
}

static guint64
hash_line (const char *p,
           gsize       n)
{
  guint64 h = n;

  for (; n >= 8; p += 8, n -= 8)
    h = mix64 (h, load64 (p));
  if (n > 0)
    {
      guint64 v = 0;

      memcpy (&v, p, n);
      h = mix64 (h, v);
    }
  h ^= h >> 31;
  h *= G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  h ^= h >> 29;
  return h;
}

/* The lines of @text between @from and @to (token boundaries): a line
 * ends with the run of white space holding a line break, as the token
 * holding it does. */
static void
lines_of (Lines      *lines,
          const char *text,
          gsize       from,
          gsize       to)
{
  gsize capacity = (to - from) / 48 + 16, n = 0;
  const char *end = text + to;
  const char *p = text + from;

  lines->starts = g_new (gsize, capacity + 1);
  lines->hashes = g_new (guint64, capacity);
  while (p < end)
    {
      const char *q = memchr (p, '\n', (gsize) (end - p));

      if (q == NULL)
        q = end;
      else
        for (q++; q < end; )
          {
            gsize m;
            guint cls = class_at (q, end, &m);

            if (cls != C_SPACE && cls != C_NEWLINE)
              break;
            q += m;
          }
      if (G_UNLIKELY (n == capacity))
        {
          capacity *= 2;
          lines->starts = g_renew (gsize, lines->starts, capacity + 1);
          lines->hashes = g_renew (guint64, lines->hashes, capacity);
        }
      lines->starts[n] = (gsize) (p - text);
      lines->hashes[n] = hash_line (p, (gsize) (q - p));
      n++;
      p = q;
    }
  lines->starts[n] = to;
  lines->n = (guint) n;
}

static void
lines_clear (Lines *lines)
{
  g_clear_pointer (&lines->starts, g_free);
  g_clear_pointer (&lines->hashes, g_free);
}

static inline gboolean
same_line (const char  *a,
           const Lines *la,
           guint        i,
           const char  *b,
           const Lines *lb,
           guint        j)
{
  gsize n = la->starts[i + 1] - la->starts[i];

  return la->hashes[i] == lb->hashes[j] && n == lb->starts[j + 1] - lb->starts[j] &&
         memcmp (a + la->starts[i], b + lb->starts[j], n) == 0;
}

typedef struct {
  guint a;   /* line in the old text */
  guint b;   /* line in the new text */
} Pair;

/* A distinct line of the old text: how often it occurs in each (two for
 * more than once), and where. */
typedef struct {
  guint32 a_line;   /* its first occurrence in the old text */
  guint32 b_line;   /* and its last in the new one */
  guint8  a_count;  /* 0 for an empty slot */
  guint8  b_count;
} Slot;

/* The lines found once in each text, in the longest order they share. */
static GArray *
anchors (const char  *a,
         const Lines *la,
         const char  *b,
         const Lines *lb)
{
  gsize size = 16, mask;
  g_autofree Slot *slots = NULL;
  g_autofree guint32 *slot_of = NULL;
  g_autoptr(GArray) pairs = g_array_new (FALSE, FALSE, sizeof (Pair));
  g_autofree guint *tails = NULL;
  g_autofree guint *prev = NULL;
  GArray *chain = g_array_new (FALSE, FALSE, sizeof (Pair));
  guint length = 0;

  if (la->n == 0 || lb->n == 0)
    return chain;
  while (size < (gsize) la->n * 2)
    size *= 2;
  mask = size - 1;
  slots = g_new0 (Slot, size);
  slot_of = g_new (guint32, la->n);

  for (guint i = 0; i < la->n; i++)
    {
      gsize s = (gsize) la->hashes[i] & mask;

      for (;; s = (s + 1) & mask)
        {
          Slot *slot = &slots[s];

          if (slot->a_count == 0)
            {
              slot->a_line = i;
              slot->a_count = 1;
              break;
            }
          if (same_line (a, la, slot->a_line, a, la, i))
            {
              slot->a_count = 2;
              break;
            }
        }
      slot_of[i] = (guint32) s;
    }
  for (guint j = 0; j < lb->n; j++)
    {
      gsize s = (gsize) lb->hashes[j] & mask;

      for (;; s = (s + 1) & mask)
        {
          Slot *slot = &slots[s];

          if (slot->a_count == 0)
            break;
          if (same_line (a, la, slot->a_line, b, lb, j))
            {
              slot->b_count = MIN (slot->b_count + 1, 2);
              slot->b_line = j;
              break;
            }
        }
    }
  for (guint i = 0; i < la->n; i++)
    {
      const Slot *slot = &slots[slot_of[i]];

      if (slot->a_count == 1 && slot->b_count == 1)
        {
          Pair pair = { i, slot->b_line };

          g_array_append_val (pairs, pair);
        }
    }

  /* Longest increasing run of b among the pairs (in a order): patience. */
  tails = g_new (guint, pairs->len + 1);
  prev = g_new (guint, pairs->len + 1);
  for (guint k = 0; k < pairs->len; k++)
    {
      guint bk = g_array_index (pairs, Pair, k).b;
      guint lo = 0, hi = length;

      while (lo < hi)
        {
          guint mid = (lo + hi) / 2;

          if (g_array_index (pairs, Pair, tails[mid]).b < bk)
            lo = mid + 1;
          else
            hi = mid;
        }
      prev[k] = lo > 0 ? tails[lo - 1] : G_MAXUINT;
      tails[lo] = k;
      if (lo == length)
        length++;
    }
  if (length > 0)
    {
      g_array_set_size (chain, length);
      for (guint k = tails[length - 1], i = length; i > 0; k = prev[k])
        g_array_index (chain, Pair, --i) = g_array_index (pairs, Pair, k);
    }
  return chain;
}

/* ------------------------------------------------------------------ diff */

static guint
count_words (const Side *side,
             guint       from,
             guint       to)
{
  guint n = 0;

  for (guint i = from; i < to; i++)
    n += side->tokens[i].word;
  return n;
}

static gsize
offset_of (const Side *side,
           guint       token,
           gsize       end)
{
  return token < side->n ? side->tokens[token].start : end;
}

/* The hunks between @a_from and @a_to of the old text and @b_from and
 * @b_to of the new (token boundaries both), appended to the diff. */
static void
diff_piece (Work       *w,
            const char *old_text,
            gsize       a_from,
            gsize       a_to,
            const char *new_text,
            gsize       b_from,
            gsize       b_to)
{
  EpistleWordDiff *diff = w->diff;
  Side *a = &w->a, *b = &w->b;
  Compare c;
  guint i, j;

  if (a_to - a_from == b_to - b_from && memcmp (old_text + a_from, new_text + b_from, a_to - a_from) == 0)
    return;
  tokenize_range (a, old_text, a_from, a_to);
  tokenize_range (b, new_text, b_from, b_to);
  if (w->diagonals < (gsize) a->n + b->n + 3)
    {
      w->diagonals = (gsize) a->n + b->n + 3;
      g_free (w->fd);
      g_free (w->bd);
      w->fd = g_new (int, w->diagonals);
      w->bd = g_new (int, w->diagonals);
    }
  c = (Compare) { a, b, w->fd + b->n + 1, w->bd + b->n + 1 };
  compare_seq (&c, 0, (int) a->n, 0, (int) b->n);

  /* The changed tokens as hunks. */
  i = j = 0;
  while (i < a->n || j < b->n)
    {
      EpistleWordDiffHunk hunk;
      guint i0 = i, j0 = j;

      if (i < a->n && j < b->n && !a->changed[i] && !b->changed[j])
        {
          i++, j++;
          continue;
        }
      while ((i < a->n && a->changed[i]) || (j < b->n && b->changed[j]))
        {
          while (i < a->n && a->changed[i])
            i++;
          while (j < b->n && b->changed[j])
            j++;
        }
      if (i == i0 && j == j0)
        {
          /* One text ended with the other's tokens unmarked: cannot
           * happen with a correct script; keep the loop finite. */
          g_warn_if_reached ();
          break;
        }
      hunk.old_start = offset_of (a, i0, a_to);
      hunk.old_end = offset_of (a, i, a_to);
      hunk.new_start = offset_of (b, j0, b_to);
      hunk.new_end = offset_of (b, j, b_to);
      hunk.words_removed = count_words (a, i0, i);
      hunk.words_added = count_words (b, j0, j);
      diff->words_removed += hunk.words_removed;
      diff->words_added += hunk.words_added;
      diff->tokens_removed += i - i0;
      diff->tokens_added += j - j0;
      g_array_append_val (diff->hunks, hunk);
    }
}

EpistleWordDiff *
epistle_word_diff_compute (const char *old_text,
                           gsize       old_length,
                           const char *new_text,
                           gsize       new_length)
{
  EpistleWordDiff *diff;
  Work w = { { 0, }, };
  Lines la = { 0, }, lb = { 0, };
  g_autoptr(GArray) chain = NULL;
  gsize lo, a_hi, b_hi, ax, by;

  g_return_val_if_fail (old_text != NULL || old_length == 0, NULL);
  g_return_val_if_fail (new_text != NULL || new_length == 0, NULL);

  init_ascii_class ();
  diff = g_new0 (EpistleWordDiff, 1);
  diff->hunks = g_array_new (FALSE, FALSE, sizeof (EpistleWordDiffHunk));
  if (old_text == NULL)
    old_text = "";
  if (new_text == NULL)
    new_text = "";
  w.diff = diff;

  /* What both share at the ends. */
  lo = token_prefix (old_text, old_length, new_text, new_length);
  token_suffix (&w, old_text, old_length, new_text, new_length, lo, &a_hi, &b_hi);

  /* The pieces between anchor lines, each compared on its own. */
  lines_of (&la, old_text, lo, a_hi);
  lines_of (&lb, new_text, lo, b_hi);
  chain = anchors (old_text, &la, new_text, &lb);
  ax = lo;
  by = lo;
  for (guint k = 0; k < chain->len; k++)
    {
      Pair pair = g_array_index (chain, Pair, k);

      diff_piece (&w, old_text, ax, la.starts[pair.a], new_text, by, lb.starts[pair.b]);
      ax = la.starts[pair.a + 1];
      by = lb.starts[pair.b + 1];
    }
  diff_piece (&w, old_text, ax, a_hi, new_text, by, b_hi);

  lines_clear (&la);
  lines_clear (&lb);
  side_clear (&w.a);
  side_clear (&w.b);
  g_free (w.fd);
  g_free (w.bd);
  return diff;
}

char *
epistle_word_diff_apply (const EpistleWordDiff *diff,
                         const char            *old_text,
                         gsize                  old_length,
                         const char            *new_text)
{
  GString *out = g_string_sized_new (old_length + 16);
  gsize at = 0;

  g_return_val_if_fail (diff != NULL, NULL);

  for (guint k = 0; k < diff->hunks->len; k++)
    {
      const EpistleWordDiffHunk *hunk = &g_array_index (diff->hunks, EpistleWordDiffHunk, k);

      g_string_append_len (out, old_text + at, (gssize) (hunk->old_start - at));
      g_string_append_len (out, new_text + hunk->new_start, (gssize) (hunk->new_end - hunk->new_start));
      at = hunk->old_end;
    }
  g_string_append_len (out, old_text + at, (gssize) (old_length - at));
  return g_string_free (out, FALSE);
}

void
epistle_word_diff_free (EpistleWordDiff *diff)
{
  if (diff == NULL)
    return;
  g_clear_pointer (&diff->hunks, g_array_unref);
  g_free (diff);
}

guint
epistle_word_diff_count_words (const char *text,
                               gssize      length)
{
  Side side = { 0, };
  guint n;

  if (length < 0)
    length = (gssize) strlen (text);
  tokenize (&side, text, (gsize) length);
  n = count_words (&side, 0, side.n);
  side_clear (&side);
  return n;
}

guint
_epistle_word_diff_reference_edit (const char *old_text,
                                   const char *new_text)
{
  Side a = { 0, }, b = { 0, };
  g_autofree guint *row = NULL;
  guint edit;

  tokenize (&a, old_text, strlen (old_text));
  tokenize (&b, new_text, strlen (new_text));
  /* One row of the LCS table at a time. */
  row = g_new0 (guint, b.n + 1);
  for (guint i = 1; i <= a.n; i++)
    {
      guint diag = 0;

      for (guint j = 1; j <= b.n; j++)
        {
          guint up = row[j];

          row[j] = same (&a, i - 1, &b, j - 1) ? diag + 1 : MAX (row[j], row[j - 1]);
          diag = up;
        }
    }
  edit = a.n + b.n - 2 * row[b.n];
  side_clear (&a);
  side_clear (&b);
  return edit;
}
