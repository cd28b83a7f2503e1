/* SPDX-License-Identifier: GPL-3.0-or-later
 * epistle-outline-letter.c — the outline's letter rules: a letter's title,
 * salutation, quotations labelled by who the text says wrote them, closing
 * and postscript.  Each decision reads a paragraph and its neighbours only,
 * which is what lets the scanner re-read just the paragraphs an edit touched. */

#include "config.h"

#include <string.h>

#include "epistle-outline-private.h"

/* Letter structure, in the proportions letters are written in. */
#define TITLE_MAX_WORDS        15  /* "An Open Letter to Kim Jong Un"                 */
#define HEAD_MAX_WORDS         24  /* a block of the letter's head: address, date     */
#define HEAD_MAX_LINES          6
#define SALUTATION_MAX_WORDS   12  /* "To The Supreme Leader of The Korean People,"   */
#define NAME_LINE_MAX_WORDS     8  /* "Marshall Kim Jong Un,"                         */
#define CLOSING_MAX_WORDS       6  /* "Yours in solidarity and hope,"                 */
#define SIGNATURE_MAX_WORDS     8
#define SIGNATURE_MAX_LINES     4
#define ATTRIBUTION_MAX_LINES   3  /* "— Rosa Luxemburg, The Russian Revolution"      */
#define SPAN_MAX_PARAGRAPHS    24  /* a quotation running over several paragraphs     */
/* A quotation inside a paragraph is an item from this length on: the 40
 * words at which APA style sets a quotation as a block of its own. */
#define INLINE_QUOTATION_MIN_WORDS 40
#define FIRST_WORDS_CHARS      60  /* a quotation without attribution: its first words */
#define INTRO_MAX_LINES         8  /* how much of a lead-in paragraph is read back     */
#define NAME_MAX_WORDS          5

/* --------------------------------------------------------------------------
 * Characters and marks
 * ------------------------------------------------------------------------ */

static gboolean
starts_with_ci (const char *p,
                const char *end,
                const char *prefix)
{
  gsize n = strlen (prefix);

  return (gsize) (end - p) >= n && g_ascii_strncasecmp (p, prefix, n) == 0;
}

/* Whether the byte after a matched prefix ends a word. */
static inline gboolean
ends_word (const char *p,
           const char *end)
{
  return p >= end || !is_ascii_letter (*p);
}

typedef enum {
  MARK_NONE,
  MARK_OPEN,       /* “ « */
  MARK_CLOSE,      /* ” » */
  MARK_STRAIGHT,   /* " */
} Mark;

static inline Mark
mark_at (const char *p,
         const char *end,
         gsize      *length)
{
  guchar c = (guchar) *p;

  *length = 1;
  if (c == '"')
    return MARK_STRAIGHT;
  if (c == 0xE2 && end - p >= 3 && (guchar) p[1] == 0x80)
    {
      *length = 3;
      if ((guchar) p[2] == 0x9C)
        return MARK_OPEN;
      if ((guchar) p[2] == 0x9D)
        return MARK_CLOSE;
    }
  else if (c == 0xC2 && end - p >= 2)
    {
      *length = 2;
      if ((guchar) p[1] == 0xAB)
        return MARK_OPEN;
      if ((guchar) p[1] == 0xBB)
        return MARK_CLOSE;
    }
  *length = 1;
  return MARK_NONE;
}

/* Whether a line holds a mark that may open a quotation: " “ « */
static gboolean
has_opening_mark (const char *p,
                  gsize       length)
{
  const char *end = p + length;

  if (memchr (p, '"', length) != NULL)
    return TRUE;
  while (p < end && (p = memchr (p, 0xE2, (gsize) (end - p))) != NULL)
    {
      if (end - p >= 3 && (guchar) p[1] == 0x80 && (guchar) p[2] == 0x9C)
        return TRUE;
      p++;
    }
  return FALSE;
}

/* Whether the first character of [p, end) is an upper-case letter. */
static gboolean
starts_upper (const char *p,
              const char *end)
{
  gunichar c;

  if (p >= end)
    return FALSE;
  if ((guchar) *p < 0x80)
    return *p >= 'A' && *p <= 'Z';
  c = g_utf8_get_char_validated (p, end - p);
  return c != (gunichar) -1 && c != (gunichar) -2 && g_unichar_isupper (c);
}

/* --------------------------------------------------------------------------
 * Words and sentences: who a lead-in names
 * ------------------------------------------------------------------------ */

static const char * const greeting_words[] = {
  "dear", "dearest", "my dear", "to", "hi", "hello", "hey", "greetings",
  "good morning", "good afternoon", "good evening", "gentlemen", "sir",
  "madam", "ladies", "comrades", "friends", NULL
};

static const char * const closing_phrases[] = {
  "sincerely", "yours", "respectfully", "with respect", "regards",
  "best regards", "kind regards", "kindest regards", "warm regards",
  "warmest regards", "best wishes", "with best wishes", "all the best",
  "cordially", "faithfully", "love", "with love", "all my love", "much love",
  "in solidarity", "in friendship", "fraternally", "thank you", "thanks",
  "many thanks", "with thanks", "with gratitude", "gratefully", "cheers",
  "best", "warmly", "affectionately", "very truly yours", "ever yours",
  "your friend", "your servant", "your obedient servant", "with affection",
  "take care", "in peace", "peace", "with hope", "in hope", NULL
};

static const char * const speech_verbs[] = {
  "said", "says", "wrote", "writes", "written", "stated", "states", "declared",
  "declares", "proclaimed", "proclaims", "remarked", "remarks", "observed",
  "observes", "argued", "argues", "explained", "explains", "noted", "notes",
  "asked", "asks", "insisted", "insists", "warned", "warns", "added", "adds",
  "replied", "replies", "concluded", "concludes", "exclaimed", "exclaims",
  "told", "tells", "answered", "answers", "recalled", "recalls", "claimed",
  "claims", "put", "puts", "described", "describes", "commented", NULL
};

/* Words between a name and its verb: "Debs once said", "Biao arrogantly
 * proclaimed", "Marx has written". */
static const char * const name_verb_fillers[] = {
  "once", "also", "then", "later", "so", "has", "had", "have", "was", "is",
  "himself", "herself", "themselves", "always", "often", "ever", "again",
  "famously", "rightly", "aptly", NULL
};

/* Capitalised words that start a sentence but are not part of a name. */
static const char * const not_names[] = {
  "as", "and", "but", "so", "then", "when", "while", "yet", "or", "if", "in",
  "on", "at", "the", "a", "an", "recall", "here", "there", "now", "later",
  "once", "thus", "hence", "indeed", "also", "i", "we", "you", "he", "she",
  "it", "they", "this", "that", "these", "those", "one", "my", "our", "his",
  "her", "their", "its", "your", "what", "who", "for", "to", "of", "from", NULL
};

static const char * const pronouns[] = { "he", "she", "they", NULL };

static const char * const name_particles[] = {
  "de", "da", "di", "van", "von", "der", "den", "du", "la", "le", "bin", "ibn", "al", NULL
};

static const char * const abbreviations[] = {
  "Mr", "Mrs", "Ms", "Dr", "St", "Prof", "Gen", "Col", "Capt", "Lt", "Sgt",
  "Rev", "Hon", "Jr", "Sr", "No", "Vol", "vs", "cf", NULL
};

/* A word of running text, as written: "Trotsky," or "Luxemburg’s". */
typedef struct {
  const char *p;
  const char *end;        /* of the word as written */
  const char *core_end;   /* without trailing punctuation and a possessive ’s */
  guint8      clause_end; /* followed by , ; or : */
  guint8      possessive;
} Token;

static void
token_init (Token      *t,
            const char *p,
            const char *end)
{
  const char *e = end;

  t->p = p;
  t->end = end;
  t->clause_end = FALSE;
  t->possessive = FALSE;

  /* Trailing punctuation and closing marks. */
  for (;;)
    {
      if (e > p && strchr (",;:", e[-1]) != NULL)
        {
          t->clause_end = TRUE;
          e--;
        }
      else if (e > p && strchr (".!?)\"'", e[-1]) != NULL)
        e--;
      else if (e - p >= 3 && (guchar) e[-3] == 0xE2 && (guchar) e[-2] == 0x80 &&
               ((guchar) e[-1] == 0x9D || (guchar) e[-1] == 0x99))
        e -= 3;
      else
        break;
    }

  if (e - p > 2 && e[-1] == 's' && e[-2] == '\'')
    {
      t->possessive = TRUE;
      e -= 2;
    }
  else if (e - p > 4 && e[-1] == 's' && memcmp (e - 4, "\xE2\x80\x99", 3) == 0)
    {
      t->possessive = TRUE;
      e -= 4;
    }

  t->core_end = e;
}

static gboolean
token_is (const Token        *t,
          const char * const *list)
{
  return t->core_end > t->p && word_in_list (t->p, (gsize) (t->core_end - t->p), list);
}

static gboolean
token_is_capitalised (const Token *t)
{
  return starts_upper (t->p, t->core_end);
}

static gboolean
token_is_filler (const Token *t)
{
  gsize n = (gsize) (t->core_end - t->p);

  if (n == 0 || starts_upper (t->p, t->core_end))
    return FALSE;
  return token_is (t, name_verb_fillers) ||
         (n > 3 && t->core_end[-1] == 'y' && t->core_end[-2] == 'l');
}

/* An initial ("V.") or an abbreviation whose full stop ends no sentence. */
static gboolean
is_abbreviation (const char *s,
                 gsize       dot)
{
  gsize b = dot;

  while (b > 0 && s[b - 1] != ' ')
    b--;
  if (dot - b == 1 && g_ascii_isupper (s[b]))
    return TRUE;
  if (memchr (s + b, '.', dot - b) != NULL)
    return TRUE;  /* e.g., i.e. */
  for (guint i = 0; abbreviations[i] != NULL; i++)
    if (strlen (abbreviations[i]) == dot - b && memcmp (s + b, abbreviations[i], dot - b) == 0)
      return TRUE;
  return FALSE;
}

/* Where the sentence that ends at @e starts. */
static gsize
sentence_start (const char *s,
                gsize       e)
{
  gsize i = e;

  /* The sentence's own final punctuation. */
  while (i > 0 && strchr (" .!?:;,", s[i - 1]) != NULL)
    i--;

  for (; i > 1; i--)
    {
      gsize j = i - 1;

      if (s[j] != ' ')
        continue;
      /* Closing marks and brackets after the full stop. */
      while (j > 0)
        {
          if (s[j - 1] == ')' || s[j - 1] == '"' || s[j - 1] == '\'')
            j--;
          else if (j >= 3 && (guchar) s[j - 3] == 0xE2 && (guchar) s[j - 2] == 0x80 &&
                   ((guchar) s[j - 1] == 0x9D || (guchar) s[j - 1] == 0x99))
            j -= 3;
          else
            break;
        }
      if (j > 0 && strchr (".!?", s[j - 1]) != NULL && !is_abbreviation (s, j - 1))
        return i;
    }

  return 0;
}

static GArray *
tokenize (const char *s,
          gsize       start,
          gsize       end)
{
  GArray *tokens = g_array_new (FALSE, FALSE, sizeof (Token));
  const char *p = s + start;
  const char *e = s + end;

  while (p < e)
    {
      const char *w;
      Token t;

      p = epistle_md_skip_spaces (p, e);
      w = p;
      while (p < e && !epistle_md_is_space (*p))
        p++;
      if (p > w)
        {
          /* Opening marks and brackets are not part of the word. */
          while (w < p && strchr ("(\"'[", *w) != NULL)
            w++;
          if (p - w >= 3 && (guchar) w[0] == 0xE2 && (guchar) w[1] == 0x80 &&
              ((guchar) w[2] == 0x9C || (guchar) w[2] == 0x98))
            w += 3;
          if (w < p)
            {
              token_init (&t, w, p);
              g_array_append_val (tokens, t);
            }
        }
    }

  return tokens;
}

/* The name made of tokens [@first, @last], without leading words that
 * start sentences ("As Marx said" is Marx). */
static char *
name_of_tokens (GArray *tokens,
                guint   first,
                guint   last)
{
  Token *a = (Token *) (void *) tokens->data;

  while (first <= last && token_is (&a[first], not_names))
    first++;
  if (first > last)
    return NULL;
  return g_strndup (a[first].p, (gsize) (a[last].core_end - a[first].p));
}

/* The capitalised words that end at token @last, going back. */
static char *
name_ending_at (GArray *tokens,
                guint   last)
{
  Token *a = (Token *) (void *) tokens->data;
  guint first = last;

  if (!token_is_capitalised (&a[last]))
    return NULL;

  while (first > 0 && last - first + 1 < NAME_MAX_WORDS)
    {
      const Token *t = &a[first - 1];

      if (t->clause_end || t->possessive)
        break;
      if (token_is_capitalised (t) && !token_is (t, not_names))
        first--;
      else if (token_is (t, name_particles) && first >= 2 && token_is_capitalised (&a[first - 2]))
        first--;
      else
        break;
    }

  return name_of_tokens (tokens, first, last);
}

/* The name a sentence starts with: "Leon Trotsky, I think, best explains". */
static char *
leading_name (const char *s,
              gsize       start,
              gsize       end)
{
  g_autoptr(GArray) tokens = tokenize (s, start, end);
  Token *a = (Token *) (void *) tokens->data;
  guint first = 0;
  guint last;

  while (first < tokens->len && token_is (&a[first], not_names))
    first++;
  if (first >= tokens->len || !token_is_capitalised (&a[first]))
    return NULL;

  last = first;
  while (!a[last].clause_end && last + 1 < tokens->len && last - first + 1 < NAME_MAX_WORDS &&
         token_is_capitalised (&a[last + 1]))
    last++;

  return name_of_tokens (tokens, first, last);
}

/* Who a lead-in names: "Eugene V. Debs once said to our people," is
 * Eugene V. Debs; "Leon Trotsky … He wrote in 1938 …:" is Leon Trotsky;
 * "a quote from Rosa Luxemburg’s best work …:" is Rosa Luxemburg. */
static char *
lead_in_name (const char *s,
              gsize       length)
{
  g_autoptr(GArray) tokens = NULL;
  gsize start = sentence_start (s, length);
  Token *a;
  guint verb = 0;
  gboolean found = FALSE;

  tokens = tokenize (s, start, length);
  a = (Token *) (void *) tokens->data;

  for (guint i = tokens->len; i > 0; i--)
    {
      if (token_is (&a[i - 1], speech_verbs) && !token_is_capitalised (&a[i - 1]))
        {
          verb = i - 1;
          found = TRUE;
          break;
        }
    }

  if (found && verb > 0)
    {
      guint j = verb - 1;
      guint skipped = 0;

      while (j > 0 && skipped < 3 && token_is_filler (&a[j]))
        {
          j--;
          skipped++;
        }

      if (token_is (&a[j], pronouns) && (j == 0 || !token_is_capitalised (&a[j - 1])))
        {
          /* "He wrote": the name is in the sentence before. */
          if (start > 0)
            {
              gsize before = sentence_start (s, start);
              char *name = leading_name (s, before, start);

              if (name != NULL)
                return name;
            }
        }
      else if (!token_is_filler (&a[j]) && !a[j].clause_end && !a[j].possessive)
        {
          char *name = name_ending_at (tokens, j);

          if (name != NULL)
            return name;
        }
    }

  for (guint i = 0; i < tokens->len; i++)
    {
      if (a[i].possessive)
        {
          char *name = name_ending_at (tokens, i);

          if (name != NULL)
            return name;
        }
    }

  return NULL;
}

/* The first ~60 characters of a quotation, cut at a word. */
static char *
first_words (const char *p,
             const char *end)
{
  const char *q;
  const char *cut;
  guint n = 0;

  for (;;)
    {
      gsize len;

      p = epistle_md_skip_spaces (p, end);
      if (p < end && mark_at (p, end, &len) != MARK_NONE && mark_at (p, end, &len) != MARK_CLOSE)
        p += len;
      else if (p < end && (*p == '>' || *p == '\''))
        p++;
      else if (end - p >= 3 && memcmp (p, "\xE2\x80\x98", 3) == 0)
        p += 3;
      else
        break;
    }
  /* and the closing mark of a short one. */
  for (;;)
    {
      end = epistle_md_trim_end (p, end);
      if (end > p && (end[-1] == '"' || end[-1] == '\''))
        end--;
      else if (end - p >= 3 && (guchar) end[-3] == 0xE2 && (guchar) end[-2] == 0x80 &&
               ((guchar) end[-1] == 0x9D || (guchar) end[-1] == 0x99))
        end -= 3;
      else if (end - p >= 2 && (guchar) end[-2] == 0xC2 && (guchar) end[-1] == 0xBB)
        end -= 2;
      else
        break;
    }

  for (q = p; q < end && n < FIRST_WORDS_CHARS; n++)
    q = MIN (end, g_utf8_next_char (q));
  if (q >= end)
    return g_strndup (p, (gsize) (end - p));

  cut = q;
  while (cut > p && !epistle_md_is_space (*cut))
    cut--;
  if (cut == p)
    cut = q;
  while (cut > p && (epistle_md_is_space (cut[-1]) || strchr (",;:-", cut[-1]) != NULL))
    cut--;

  return g_strdup_printf ("%.*s…", (int) (cut - p), p);
}

/* --------------------------------------------------------------------------
 * Quotation marks
 * ------------------------------------------------------------------------ */

typedef enum {
  TAIL_NONE,         /* nothing after the quotation */
  TAIL_SOURCE,       /* (The USSR and Problems of The Transitional Epoch). */
  TAIL_ATTRIBUTION,  /* — Rosa Luxemburg */
  TAIL_OTHER,        /* more text: the quotation is only part of the paragraph */
} TailKind;

/* What follows a quotation's closing mark up to the end of its paragraph. */
static TailKind
tail_kind (const char  *p,
           const char  *end,
           const char **what,
           const char **what_end)
{
  gsize dash;

  while (p < end && (epistle_md_is_space (*p) || strchr (".,;", *p) != NULL))
    p++;
  if (p >= end)
    return TAIL_NONE;

  if (*p == '(')
    {
      const char *q = p;
      int depth = 0;

      for (; q < end; q++)
        {
          if (*q == '(')
            depth++;
          else if (*q == ')' && --depth == 0)
            break;
        }
      if (q >= end)
        return TAIL_OTHER;

      *what = epistle_md_skip_spaces (p + 1, q);
      *what_end = epistle_md_trim_end (*what, q);
      while (*what_end > *what && strchr (".,;", (*what_end)[-1]) != NULL)
        (*what_end)--;
      for (q++; q < end && (epistle_md_is_space (*q) || strchr (".,;", *q) != NULL); q++)
        ;
      return q == end && *what_end > *what ? TAIL_SOURCE : TAIL_OTHER;
    }

  dash = dash_at (p, end);
  if (dash > 0)
    {
      *what = epistle_md_skip_spaces (p + dash, end);
      *what_end = epistle_md_trim_end (*what, end);
      while (*what_end > *what && (*what_end)[-1] == '.')
        (*what_end)--;
      return *what_end > *what ? TAIL_ATTRIBUTION : TAIL_OTHER;
    }

  return TAIL_OTHER;
}

typedef enum {
  MARKS_OPEN,           /* the quotation goes on past the paragraph */
  MARKS_CLOSED_AT_END,  /* closed, with nothing after but a source or attribution */
  MARKS_CLOSED_INSIDE,  /* closed, and the paragraph goes on: dialogue, not a quotation */
} MarksEnd;

/* Follows the quotation marks of a paragraph from @depth open ones (curly
 * or guillemets) or an open straight quotation.  A continued paragraph
 * reopens the quotation with a mark of its own, which does not nest. */
static MarksEnd
follow_marks (const char *s,
              gsize       length,
              gboolean    straight,
              guint      *depth,
              gsize      *close_end)
{
  const char *p = s;
  const char *end = s + length;
  guint d = *depth;
  gsize len;

  if (d > 0)
    {
      Mark m;

      p = epistle_md_skip_spaces (p, end);
      m = p < end ? mark_at (p, end, &len) : MARK_NONE;
      if ((straight && m == MARK_STRAIGHT) || (!straight && m == MARK_OPEN))
        p += len;
    }

  while (p < end)
    {
      Mark m = mark_at (p, end, &len);
      gboolean closed = FALSE;

      if (straight && m == MARK_STRAIGHT)
        {
          d = !d;
          closed = d == 0;
        }
      else if (!straight && m == MARK_OPEN)
        {
          d = MIN (d + 1, 255u);
        }
      else if (!straight && m == MARK_CLOSE && d > 0)
        {
          d--;
          closed = d == 0;
        }

      p += len;
      if (closed)
        {
          const char *what;
          const char *what_end;

          *close_end = (gsize) (p - s);
          *depth = 0;
          return tail_kind (p, end, &what, &what_end) == TAIL_OTHER ?
                 MARKS_CLOSED_INSIDE : MARKS_CLOSED_AT_END;
        }
    }

  *depth = d;
  return MARKS_OPEN;
}

/* --------------------------------------------------------------------------
 * The paragraph rules
 * ------------------------------------------------------------------------ */

static void
load_paragraph (EpistleOutline *self,
                guint           start,
                guint           end,
                gboolean        quote)
{
  _epistle_outline_join_lines (self, start, end, quote, self->para, self->para_lines);
}

/* The line of the loaded paragraph that holds byte @pos. */
static guint
paragraph_line_at (EpistleOutline *self,
                   guint           start,
                   gsize           pos)
{
  guint lo = 0;
  guint hi = self->para_lines->len;

  while (hi - lo > 1)
    {
      guint mid = (lo + hi) / 2;

      if (g_array_index (self->para_lines, gsize, mid) <= pos)
        lo = mid;
      else
        hi = mid;
    }
  return start + lo;
}

/* A block of a letter's head: an address, a date, salutations; short
 * lines, none of them a sentence of the body. */
static gboolean
is_head_block (EpistleOutline *self,
               guint           start,
               guint           end)
{
  guint words = 0;

  if (end - start > HEAD_MAX_LINES)
    return FALSE;
  for (guint i = start; i < end; i++)
    {
      if (self->lines[i].words > SALUTATION_MAX_WORDS)
        return FALSE;
      words += self->lines[i].words;
    }
  return words <= HEAD_MAX_WORDS;
}

static gboolean
is_greeting (const char *p,
             const char *end)
{
  for (guint i = 0; greeting_words[i] != NULL; i++)
    if (starts_with_ci (p, end, greeting_words[i]) && ends_word (p + strlen (greeting_words[i]), end))
      return TRUE;
  return FALSE;
}

/* "Sincerely,", "Yours in struggle,", "With respect," */
static gboolean
is_closing (const char *p,
            const char *end,
            guint       words)
{
  if (words == 0 || words > CLOSING_MAX_WORDS)
    return FALSE;

  for (guint i = 0; closing_phrases[i] != NULL; i++)
    {
      const char *q = p + strlen (closing_phrases[i]);

      if (!starts_with_ci (p, end, closing_phrases[i]) || !ends_word (q, end))
        continue;
      if (end[-1] == ',')
        return TRUE;
      /* The phrase alone: "Sincerely" or "With respect." */
      while (q < end && strchr (".!", *q) != NULL)
        q++;
      if (q == end)
        return TRUE;
    }
  return FALSE;
}

/* "P.S.", "PS:", "P.P.S." */
static gboolean
is_postscript (const char *p,
               const char *end)
{
  if (p >= end || *p != 'P')
    return FALSE;
  p++;
  for (;;)
    {
      if (p < end && *p == '.')
        p++;
      if (p < end && *p == ' ')
        p++;
      if (p < end && *p == 'P')
        p++;
      else
        break;
    }
  if (p >= end || *p != 'S')
    return FALSE;
  p++;
  return p == end || *p == '.' || *p == ':' || *p == ' ' || *p == ',';
}

static gboolean
is_salutation (const char *p,
               const char *end,
               guint       words,
               gboolean    alone)
{
  char last;

  if (p >= end || words == 0 || words > SALUTATION_MAX_WORDS)
    return FALSE;
  last = end[-1];

  if (is_greeting (p, end))
    {
      /* "To be or not to be" is no salutation; "To the Editor," is. */
      if (starts_with_ci (p, end, "to") && ends_word (p + 2, end))
        return last == ',' || last == ':' || (p + 2 < end && p[2] == ':');
      return last != '.' && last != '?' && last != ';';
    }

  /* A name line of its own: "Marshall Kim Jong Un," */
  return alone && words <= NAME_LINE_MAX_WORDS && last == ',';
}

static gboolean
is_title (const char *p,
          const char *end,
          guint       words)
{
  if (p >= end || words == 0 || words > TITLE_MAX_WORDS)
    return FALSE;
  if (strchr (".,;:", end[-1]) != NULL)
    return FALSE;
  return !is_greeting (p, end) && !is_closing (p, end, words) && !is_postscript (p, end);
}

/* The title of a quotation: its attribution, or who the lead-in names and
 * the source after it, or else its first words.  Takes @name. */
static char *
quotation_title (char        *name,
                 const char  *tail,
                 const char  *tail_end,
                 const char  *first,
                 const char  *first_end,
                 TitleFrom   *from)
{
  const char *what = NULL;
  const char *what_end = NULL;
  TailKind kind = tail != NULL ? tail_kind (tail, tail_end, &what, &what_end) : TAIL_NONE;
  char *title;

  if (kind == TAIL_ATTRIBUTION)
    {
      g_free (name);
      *from = TITLE_FROM_ATTRIBUTION;
      return g_strndup (what, (gsize) (what_end - what));
    }

  if (kind == TAIL_SOURCE && name != NULL)
    {
      *from = TITLE_FROM_SOURCE;
      title = g_strdup_printf ("%s, %.*s", name, (int) (what_end - what), what);
      g_free (name);
      return title;
    }
  if (kind == TAIL_SOURCE)
    {
      *from = TITLE_FROM_SOURCE;
      return g_strndup (what, (gsize) (what_end - what));
    }
  if (name != NULL)
    {
      *from = TITLE_FROM_NAME;
      return name;
    }

  *from = TITLE_FROM_TEXT;
  return first_words (first, first_end);
}

/* Who the lead-in paragraph [@start, @end) names, if anyone. */
static char *
intro_name (EpistleOutline *self,
            guint           start,
            guint           end)
{
  if (start == NONE)
    return NULL;
  _epistle_outline_join_lines (self, MAX (start, end > INTRO_MAX_LINES ? end - INTRO_MAX_LINES : 0), end,
              FALSE, self->aux, NULL);
  return lead_in_name (self->aux->str, self->aux->len);
}

/* Loads the beginning of the quotation of lines [@line, @limit) into aux:
 * its own lines only, or an edit elsewhere would change its title. */
static void
load_first_words (EpistleOutline *self,
                  guint           line,
                  guint           limit,
                  gboolean        quote)
{
  guint end = line;

  while (end < limit && end - line < 4)
    {
      gsize length;
      const char *t = line_text (self, end, &length);

      if (epistle_md_is_blank (t, t + length))
        break;
      end++;
    }
  _epistle_outline_join_lines (self, line, end, quote, self->aux, NULL);
}

/* Emits a quotation of lines [@start, @end) that is a whole paragraph or
 * more; @tail is what follows its closing mark (NULL for a > block). */
static TitleFrom
emit_block_quotation (Scanner    *sc,
                      guint       start,
                      guint       end,
                      guint       intro_start,
                      guint       intro_end,
                      const char *tail,
                      const char *tail_end,
                      gboolean    quote)
{
  EpistleOutline *self = sc->self;
  TitleFrom from;
  char *name;
  char *title;
  g_autofree char *tail_copy = tail != NULL ? g_strndup (tail, (gsize) (tail_end - tail)) : NULL;

  name = intro_name (self, intro_start, intro_end);
  load_first_words (self, start, end, quote);
  title = quotation_title (name,
                           tail_copy, tail_copy != NULL ? tail_copy + strlen (tail_copy) : NULL,
                           self->aux->str, self->aux->str + self->aux->len, &from);
  _epistle_outline_emit (sc, EPISTLE_OUTLINE_QUOTATION, 0, start, end, title, from);
  return from;
}

/* Long quotations inside a paragraph: ‘Debs once said to our people, “If
 * it had not been …”’. */
static void
find_inline_quotations (Scanner *sc,
                        guint    start)
{
  EpistleOutline *self = sc->self;
  const char *s = self->para->str;
  gsize length = self->para->len;
  gsize pos = 0;

  while (pos < length)
    {
      gsize len;
      Mark m = mark_at (s + pos, s + length, &len);

      if (m == MARK_OPEN || m == MARK_STRAIGHT)
        {
          gsize before = pos;
          gsize close = 0;
          guint depth = 0;

          if (before > 0 && s[before - 1] == ' ')
            before--;

          if (before > 0 && (s[before - 1] == ',' || s[before - 1] == ':') &&
              starts_upper (s + pos + len, s + length))
            {
              MarksEnd r = follow_marks (s + pos, length - pos, m == MARK_STRAIGHT, &depth, &close);

              if (r != MARKS_OPEN)
                {
                  gsize close_mark = pos + close - (m == MARK_STRAIGHT ? 1 : len);

                  close += pos;
                  if (_epistle_outline_count_words (s + pos + len, close_mark - pos - len) >= INLINE_QUOTATION_MIN_WORDS)
                    {
                      const char *tail = epistle_md_skip_spaces (s + close, s + length);
                      const char *tail_end = NULL;
                      TitleFrom from;
                      char *title;

                      /* A source in brackets right after it belongs to it,
                       * not the sentence that may go on after that. */
                      if (*tail == '(' && (tail_end = memchr (tail, ')', (gsize) (s + length - tail))) != NULL)
                        tail_end++;
                      else
                        tail = NULL;
                      title = quotation_title (lead_in_name (s, before), tail, tail_end,
                                               s + pos + len, s + close_mark, &from);

                      /* Inside a paragraph only a quotation whose author or
                       * source the text names is one: the writer's own
                       * imagined speech (‘You could say, “…”’) is not. */
                      if (from != TITLE_FROM_TEXT)
                        _epistle_outline_emit (sc, EPISTLE_OUTLINE_QUOTATION, 0,
                              paragraph_line_at (self, start, pos),
                              paragraph_line_at (self, start, close - 1) + 1,
                              title, from);
                      else
                        g_free (title);
                      pos = close;
                      continue;
                    }
                }
            }
        }

      pos += len;
    }
}

/* A line after a quotation that names its author or source. */
static gboolean
amend_attribution (Scanner *sc,
                   guint    start,
                   guint    end)
{
  EpistleOutline *self = sc->self;
  const char *what;
  const char *what_end;
  const char *p;
  TailKind kind;
  Record *r;

  load_paragraph (self, start, end, FALSE);
  p = self->para->str;
  if (*p != '(' && dash_at (p, p + self->para->len) == 0)
    return FALSE;
  kind = tail_kind (p, p + self->para->len, &what, &what_end);
  if (kind != TAIL_SOURCE && kind != TAIL_ATTRIBUTION)
    return FALSE;

  g_assert (sc->out->len > 0);
  r = &g_array_index (sc->out, Record, sc->out->len - 1);
  g_assert (r->kind == EPISTLE_OUTLINE_QUOTATION);

  if (kind == TAIL_ATTRIBUTION)
    {
      g_free (r->title);
      r->title = g_strndup (what, (gsize) (what_end - what));
      r->title_from = TITLE_FROM_ATTRIBUTION;
    }
  else if (r->title_from == TITLE_FROM_TEXT)
    {
      g_free (r->title);
      r->title = g_strndup (what, (gsize) (what_end - what));
      r->title_from = TITLE_FROM_SOURCE;
    }
  else if (r->title_from == TITLE_FROM_NAME)
    {
      char *title = g_strdup_printf ("%s, %.*s", r->title, (int) (what_end - what), what);

      g_free (r->title);
      r->title = title;
      r->title_from = TITLE_FROM_SOURCE;
    }

  if (!g_utf8_validate (r->title, -1, NULL))
    {
      char *valid = g_utf8_make_valid (r->title, -1);

      g_free (r->title);
      r->title = valid;
    }
  r->own_end = end;
  return TRUE;
}

static gboolean
starts_with_opening_mark (const char *p,
                          const char *end,
                          gboolean   *straight)
{
  gsize len;
  Mark m = p < end ? mark_at (p, end, &len) : MARK_NONE;

  *straight = m == MARK_STRAIGHT;
  return m == MARK_OPEN || m == MARK_STRAIGHT;
}

static void
continue_span (Scanner *sc,
               guint    end)
{
  EpistleOutline *self = sc->self;
  guint depth = sc->depth;
  gsize close = 0;
  MarksEnd r;

  r = follow_marks (self->para->str, self->para->len, (sc->flags & FLAG_STRAIGHT) != 0, &depth, &close);
  if (r == MARKS_CLOSED_AT_END)
    {
      guint start = sc->span_start;
      guint intro_start = sc->span_intro_start;
      guint intro_end = sc->span_intro_end;
      TitleFrom from;

      _epistle_outline_clear_pending (sc);
      from = emit_block_quotation (sc, start, end, intro_start, intro_end,
                                   self->para->str + close, self->para->str + self->para->len, FALSE);
      sc->pending = from == TITLE_FROM_ATTRIBUTION ? PENDING_NONE : PENDING_QUOTATION;
    }
  else if (r == MARKS_OPEN && sc->paragraphs + 1 < SPAN_MAX_PARAGRAPHS)
    {
      sc->paragraphs++;
      sc->depth = (guint8) depth;
    }
  else
    {
      /* Closed in mid-paragraph (dialogue), or never closed. */
      _epistle_outline_clear_pending (sc);
    }
}

/* "He wrote in 1938 of Stalinism in the USSR:" introduces what follows. */
static void
set_intro (Scanner *sc,
           guint    start,
           guint    end)
{
  gsize length;
  const char *t = line_text (sc->self, end - 1, &length);
  const char *last = epistle_md_trim_end (t, t + length);

  if (last > t && (last[-1] == ':' || last[-1] == ','))
    {
      sc->intro_start = start;
      sc->intro_end = end;
    }
}

/* The letter rules for a paragraph of lines [@start, @end). */
void
_epistle_outline_letter_paragraph (Scanner *sc,
                                   guint    start,
                                   guint    end,
                                   guint8   block_flags)
{
  EpistleOutline *self = sc->self;
  guint intro_start = sc->intro_start;
  guint intro_end = sc->intro_end;
  guint n_lines = end - start;
  guint words = self->lines[start].words;
  gboolean straight;
  gsize length;
  const char *t = line_text (self, start, &length);
  const char *e = t + length;
  const char *p = epistle_md_skip_spaces (t, e);
  gboolean marks = FALSE;

  e = epistle_md_trim_end (p, e);
  sc->intro_start = sc->intro_end = NONE;

  if (sc->pending == PENDING_SPAN)
    {
      load_paragraph (self, start, end, FALSE);
      continue_span (sc, end);
      return;
    }

  if (sc->pending == PENDING_QUOTATION)
    {
      _epistle_outline_clear_pending (sc);
      if (n_lines <= ATTRIBUTION_MAX_LINES && amend_attribution (sc, start, end))
        return;
    }
  else if (sc->pending == PENDING_CLOSING)
    {
      _epistle_outline_clear_pending (sc);
      if (n_lines <= SIGNATURE_MAX_LINES && words > 0 && words <= SIGNATURE_MAX_WORDS &&
          !is_postscript (p, e) && !starts_with_opening_mark (p, e, &straight))
        {
          Record *r = &g_array_index (sc->out, Record, sc->out->len - 1);
          char *title;

          g_assert (r->kind == EPISTLE_OUTLINE_CLOSING);
          title = g_strdup_printf ("%s %.*s", r->title, (int) (e - p), p);
          g_free (r->title);
          r->title = g_utf8_make_valid (title, -1);
          g_free (title);
          return;
        }
    }

  if (starts_with_opening_mark (p, e, &straight))
    {
      guint depth = 0;
      gsize close = 0;
      MarksEnd r;

      load_paragraph (self, start, end, FALSE);
      r = follow_marks (self->para->str, self->para->len, straight, &depth, &close);
      if (r == MARKS_CLOSED_AT_END)
        {
          TitleFrom from;

          sc->flags &= ~(FLAG_HEAD | FLAG_FIRST_BLOCK);
          from = emit_block_quotation (sc, start, end, intro_start, intro_end,
                                       self->para->str + close,
                                       self->para->str + self->para->len, FALSE);
          sc->pending = from == TITLE_FROM_ATTRIBUTION ? PENDING_NONE : PENDING_QUOTATION;
          return;
        }
      if (r == MARKS_OPEN)
        {
          sc->flags &= ~(FLAG_HEAD | FLAG_FIRST_BLOCK);
          sc->pending = PENDING_SPAN;
          sc->depth = (guint8) depth;
          sc->paragraphs = 1;
          if (straight)
            sc->flags |= FLAG_STRAIGHT;
          sc->span_start = start;
          sc->span_intro_start = intro_start;
          sc->span_intro_end = intro_end;
          return;
        }
      /* Closed inside: dialogue, a paragraph like any other. */
    }

  if (sc->flags & FLAG_FIRST_BLOCK)
    {
      sc->flags &= ~FLAG_FIRST_BLOCK;
      if (n_lines == 1 && !(block_flags & BLOCK_LIST) && is_title (p, e, words))
        {
          _epistle_outline_emit (sc, EPISTLE_OUTLINE_TITLE, 0, start, end, g_strndup (p, (gsize) (e - p)), TITLE_FROM_TEXT);
          return;
        }
    }

  if (sc->flags & FLAG_HEAD)
    {
      if (is_head_block (self, start, end))
        {
          for (guint i = start; i < end; i++)
            {
              const char *lt = line_text (self, i, &length);
              const char *le = lt + length;
              const char *lp = epistle_md_skip_spaces (lt, le);

              le = epistle_md_trim_end (lp, le);
              if (is_salutation (lp, le, self->lines[i].words, n_lines == 1))
                _epistle_outline_emit (sc, EPISTLE_OUTLINE_SALUTATION, 0, i, i + 1,
                      g_strndup (lp, (gsize) (le - lp)), TITLE_FROM_TEXT);
            }
          set_intro (sc, start, end);
          return;
        }
      sc->flags &= ~FLAG_HEAD;
    }

  if (!(block_flags & BLOCK_LIST) && is_closing (p, e, words))
    {
      char *title;

      if (n_lines > 1)
        {
          const char *st = line_text (self, start + 1, &length);
          const char *se = st + length;

          st = epistle_md_skip_spaces (st, se);
          se = epistle_md_trim_end (st, se);
          title = g_strdup_printf ("%.*s %.*s", (int) (e - p), p, (int) (se - st), st);
        }
      else
        title = g_strndup (p, (gsize) (e - p));

      _epistle_outline_emit (sc, EPISTLE_OUTLINE_CLOSING, 0, start, 0, title, TITLE_FROM_TEXT);
      if (n_lines == 1)
        sc->pending = PENDING_CLOSING;
      return;
    }

  if (is_postscript (p, e))
    {
      load_paragraph (self, start, end, FALSE);
      _epistle_outline_emit (sc, EPISTLE_OUTLINE_POSTSCRIPT, 0, start, 0,
            first_words (self->para->str, self->para->str + self->para->len), TITLE_FROM_TEXT);
      return;
    }

  for (guint i = start; i < end && !marks; i++)
    marks = has_opening_mark (self->lines[i].text, self->lines[i].length);
  if (marks)
    {
      load_paragraph (self, start, end, FALSE);
      find_inline_quotations (sc, start);
    }

  set_intro (sc, start, end);
}

void
_epistle_outline_letter_quote (Scanner *sc,
                               guint    start,
                               guint    end)
{
  EpistleOutline *self = sc->self;
  guint intro_start = sc->intro_start;
  guint intro_end = sc->intro_end;
  const char *last;
  const char *last_end;
  TitleFrom from;

  if (sc->flags & FLAG_MANUSCRIPT)
    return;

  _epistle_outline_clear_pending (sc);
  sc->intro_start = sc->intro_end = NONE;
  sc->flags &= ~(FLAG_HEAD | FLAG_FIRST_BLOCK);

  /* "> — Rosa Luxemburg, The Russian Revolution (1918)" as its last line. */
  load_paragraph (self, start, end, TRUE);
  last = self->para->str + g_array_index (self->para_lines, gsize, self->para_lines->len - 1);
  last_end = self->para->str + self->para->len;
  if (*last != '(' && dash_at (last, last_end) == 0)
    last = last_end = NULL;

  from = emit_block_quotation (sc, start, end, intro_start, intro_end, last, last_end, TRUE);
  sc->pending = from == TITLE_FROM_ATTRIBUTION ? PENDING_NONE : PENDING_QUOTATION;
}
