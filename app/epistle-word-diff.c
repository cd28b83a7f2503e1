/* SPDX-License-Identifier: GPL-3.0-or-later
 * epistle-word-diff.c — word-level difference of two texts.
 *
 * The texts are cut into tokens: words (letters, digits, marks, with the
 * apostrophes inside them), runs of white space, and single other
 * characters.  What both texts share at their ends is set aside; the rest
 * is cut at lines that occur exactly once in each text and in the same
 * order in both (the longest such sequence, as "patience diff" does), and
 * each piece between two such anchors is compared token by token with
 * Myers's O(ND) algorithm in linear space (the "middle snake" recursion).
 * The edits become hunks in byte offsets of both texts. */

#include "config.h"

#include <limits.h>
#include <string.h>

#include "epistle-word-diff.h"

typedef struct {
  gsize   start;
  guint32 length;
  guint32 hash;
  guint8  word;       /* a word, as opposed to space or punctuation */
  guint8  newline;    /* white space holding a line break */
} Token;

typedef struct {
  const char *text;
  Token      *tokens;
  guint       n;
  guint8     *changed;   /* per token: deleted (old) or inserted (new) */
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

static void
tokenize (Side       *side,
          const char *text,
          gsize       length)
{
  gsize capacity = length / 4 + 16, n_tokens = 0;
  Token *tokens = g_new (Token, capacity);
  const char *end = text + length;
  const char *p = text;

  init_ascii_class ();
  while (p < end)
    {
      Token token = { (gsize) (p - text), 0, 0, 0, 0 };
      gsize n;
      guint cls = class_at (p, end, &n);
      const char *q = p + n;

      if (cls == C_WORD)
        {
          token.word = 1;
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
          token.newline = cls == C_NEWLINE;
          while (q < end)
            {
              gsize m;
              guint next = class_at (q, end, &m);

              if (next != C_SPACE && next != C_NEWLINE)
                break;
              token.newline |= next == C_NEWLINE;
              q += m;
            }
        }

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
  side->text = text;
  side->n = (guint) n_tokens;
  side->tokens = tokens;
  side->changed = g_new0 (guint8, side->n + 1);
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

/* ---------------------------------------------------------------- anchors */

typedef struct {
  guint   first;     /* first token */
  guint32 hash;
} Line;

/* Lines as token ranges: a line ends with white space holding a break. */
static GArray *
lines_of (const Side *side,
          guint       from,
          guint       to)
{
  GArray *lines = g_array_new (FALSE, FALSE, sizeof (Line));
  Line line = { from, 2166136261u };

  for (guint i = from; i < to; i++)
    {
      line.hash = (line.hash ^ side->tokens[i].hash) * 16777619u;
      if (side->tokens[i].newline)
        {
          g_array_append_val (lines, line);
          line.first = i + 1;
          line.hash = 2166136261u;
        }
    }
  if (line.first < to)
    g_array_append_val (lines, line);
  return lines;
}

static guint
line_end (GArray *lines,
          guint   i,
          guint   to)
{
  return i + 1 < lines->len ? g_array_index (lines, Line, i + 1).first : to;
}

static gboolean
same_line (const Side *a,
           GArray     *la,
           guint       i,
           guint       a_to,
           const Side *b,
           GArray     *lb,
           guint       j,
           guint       b_to)
{
  guint x = g_array_index (la, Line, i).first, xe = line_end (la, i, a_to);
  guint y = g_array_index (lb, Line, j).first, ye = line_end (lb, j, b_to);

  if (xe - x != ye - y)
    return FALSE;
  for (; x < xe; x++, y++)
    if (!same (a, x, b, y))
      return FALSE;
  return TRUE;
}

typedef struct {
  guint a;   /* line in the old text */
  guint b;   /* line in the new text */
} Pair;

/* The lines found once in each text, in the longest order they share. */
static GArray *
anchors (const Side *a,
         GArray     *la,
         guint       a_to,
         const Side *b,
         GArray     *lb,
         guint       b_to)
{
  g_autoptr(GHashTable) counts = g_hash_table_new (NULL, NULL);
  g_autoptr(GArray) pairs = g_array_new (FALSE, FALSE, sizeof (Pair));
  g_autofree guint *tails = NULL;
  g_autofree guint *prev = NULL;
  GArray *chain = g_array_new (FALSE, FALSE, sizeof (Pair));
  guint length = 0;

  /* Per hash: how often in a (low 16 bits), in b (high 16 bits), and where. */
  for (guint i = 0; i < la->len; i++)
    {
      gpointer key = GUINT_TO_POINTER (g_array_index (la, Line, i).hash | 1);
      guint v = GPOINTER_TO_UINT (g_hash_table_lookup (counts, key));

      g_hash_table_insert (counts, key, GUINT_TO_POINTER (MIN ((v & 0xffff) + 1, 2) | (v & ~0xffffu)));
    }
  for (guint j = 0; j < lb->len; j++)
    {
      gpointer key = GUINT_TO_POINTER (g_array_index (lb, Line, j).hash | 1);
      guint v = GPOINTER_TO_UINT (g_hash_table_lookup (counts, key));

      if ((v & 0xffff) == 0)
        continue;
      g_hash_table_insert (counts, key, GUINT_TO_POINTER ((v & 0xffff) | (MIN ((v >> 16) + 1, 2) << 16)));
    }
  {
    g_autoptr(GHashTable) where = g_hash_table_new (NULL, NULL);

    for (guint j = 0; j < lb->len; j++)
      {
        gpointer key = GUINT_TO_POINTER (g_array_index (lb, Line, j).hash | 1);

        if (GPOINTER_TO_UINT (g_hash_table_lookup (counts, key)) == (1 | (1 << 16)))
          g_hash_table_insert (where, key, GUINT_TO_POINTER (j + 1));
      }
    for (guint i = 0; i < la->len; i++)
      {
        gpointer key = GUINT_TO_POINTER (g_array_index (la, Line, i).hash | 1);
        guint j = GPOINTER_TO_UINT (g_hash_table_lookup (where, key));
        Pair pair = { i, j - 1 };

        if (j != 0 && same_line (a, la, i, a_to, b, lb, j - 1, b_to))
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
           gsize       length)
{
  return token < side->n ? side->tokens[token].start : length;
}

EpistleWordDiff *
epistle_word_diff_compute (const char *old_text,
                           gsize       old_length,
                           const char *new_text,
                           gsize       new_length)
{
  EpistleWordDiff *diff = g_new0 (EpistleWordDiff, 1);
  Side a = { 0, }, b = { 0, };
  Compare c;
  g_autofree int *fd = NULL;
  g_autofree int *bd = NULL;
  g_autoptr(GArray) la = NULL;
  g_autoptr(GArray) lb = NULL;
  g_autoptr(GArray) chain = NULL;
  guint lo = 0, a_hi, b_hi;
  guint ax, by;
  guint i, j;

  g_return_val_if_fail (old_text != NULL || old_length == 0, NULL);
  g_return_val_if_fail (new_text != NULL || new_length == 0, NULL);

  diff->hunks = g_array_new (FALSE, FALSE, sizeof (EpistleWordDiffHunk));
  tokenize (&a, old_text, old_length);
  tokenize (&b, new_text, new_length);

  /* What both share at the ends. */
  while (lo < a.n && lo < b.n && same (&a, lo, &b, lo))
    lo++;
  a_hi = a.n;
  b_hi = b.n;
  while (a_hi > lo && b_hi > lo && same (&a, a_hi - 1, &b, b_hi - 1))
    a_hi--, b_hi--;

  fd = g_new (int, (gsize) a.n + b.n + 3);
  bd = g_new (int, (gsize) a.n + b.n + 3);
  c = (Compare) { &a, &b, fd + b.n + 1, bd + b.n + 1 };

  /* The pieces between anchor lines, each compared on its own. */
  la = lines_of (&a, lo, a_hi);
  lb = lines_of (&b, lo, b_hi);
  chain = anchors (&a, la, a_hi, &b, lb, b_hi);
  ax = lo;
  by = lo;
  for (guint k = 0; k < chain->len; k++)
    {
      Pair pair = g_array_index (chain, Pair, k);
      guint a_first = g_array_index (la, Line, pair.a).first;
      guint b_first = g_array_index (lb, Line, pair.b).first;

      compare_seq (&c, (int) ax, (int) a_first, (int) by, (int) b_first);
      ax = line_end (la, pair.a, a_hi);
      by = line_end (lb, pair.b, b_hi);
    }
  compare_seq (&c, (int) ax, (int) a_hi, (int) by, (int) b_hi);

  /* The changed tokens as hunks. */
  i = j = 0;
  while (i < a.n || j < b.n)
    {
      EpistleWordDiffHunk hunk;
      guint i0 = i, j0 = j;

      if (i < a.n && j < b.n && !a.changed[i] && !b.changed[j])
        {
          i++, j++;
          continue;
        }
      while ((i < a.n && a.changed[i]) || (j < b.n && b.changed[j]))
        {
          while (i < a.n && a.changed[i])
            i++;
          while (j < b.n && b.changed[j])
            j++;
        }
      if (i == i0 && j == j0)
        {
          /* One text ended with the other's tokens unmarked: cannot
           * happen with a correct script; keep the loop finite. */
          g_warn_if_reached ();
          break;
        }
      hunk.old_start = offset_of (&a, i0, old_length);
      hunk.old_end = offset_of (&a, i, old_length);
      hunk.new_start = offset_of (&b, j0, new_length);
      hunk.new_end = offset_of (&b, j, new_length);
      hunk.words_removed = count_words (&a, i0, i);
      hunk.words_added = count_words (&b, j0, j);
      diff->words_removed += hunk.words_removed;
      diff->words_added += hunk.words_added;
      diff->tokens_removed += i - i0;
      diff->tokens_added += j - j0;
      g_array_append_val (diff->hunks, hunk);
    }

  g_free (a.tokens);
  g_free (a.changed);
  g_free (b.tokens);
  g_free (b.changed);
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
  g_free (side.tokens);
  g_free (side.changed);
  return n;
}

guint
_epistle_word_diff_reference_edit (const char *old_text,
                                   const char *new_text)
{
  Side a = { 0, }, b = { 0, };
  g_autofree guint *row = NULL;
  guint lcs;

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
  lcs = row[b.n];
  g_free (a.tokens);
  g_free (a.changed);
  g_free (b.tokens);
  g_free (b.changed);
  return a.n + b.n - 2 * lcs;
}
