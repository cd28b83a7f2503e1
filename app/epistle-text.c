/* SPDX-License-Identifier: GPL-3.0-or-later
 * epistle-text.c — the word iterator and the text statistics behind the
 * status bar, epistle-cli and spelling: one linear pass, no allocation. */

#include "config.h"

#include "epistle-text.h"

#include <string.h>

/* Character classes, as bits so one lookup answers every question the
 * scanner asks about a code point. */
enum {
  CP_SPACE = 1 << 0,  /* white space: separates words, not in characters_no_spaces */
  CP_DASH  = 1 << 1,  /* em/en dash, horizontal bar: separates words */
  CP_BREAK = 1 << 2,  /* ends a line (always CP_SPACE too) */
  CP_ALPHA = 1 << 3,  /* letter */
  CP_DIGIT = 1 << 4,  /* any number: decimal digit, letter number, other number */
  CP_MARK  = 1 << 5,  /* combining mark: Mn, Mc, Me */
  CP_OPEN  = 1 << 6,  /* may open a quotation or bracket before a URL or path */
  CP_CLOSE = 1 << 7,  /* may close one after a URL or path (or end a sentence) */
  CP_PICTO = 1 << 8,  /* other symbol (So): emoji and their kin, never ASCII */
};

#define CP_SEPARATOR (CP_SPACE | CP_DASH)
#define CP_CORE      (CP_ALPHA | CP_DIGIT)

#define ZERO_WIDTH_JOINER 0x200D
#define BYTE_ORDER_MARK   0xFEFF

/* ASCII by table: the scanner looks up nearly every byte of a novel here. */
#define S_ CP_SPACE
#define B_ (CP_SPACE | CP_BREAK)
#define A_ CP_ALPHA
#define D_ CP_DIGIT
#define O_ CP_OPEN
#define C_ CP_CLOSE
/* Quotation marks, and the Markdown emphasis and code markers that wrap a
 * URL as often as brackets do, stand on either side. */
#define Q_ (CP_OPEN | CP_CLOSE)

static const guint8 ascii_classes[128] = {
  /* NUL … SI: \t \n \v \f \r.  \v is no space to g_unichar_isspace(),
   * but a vertical tab between two words separates them all the same. */
  0, 0, 0, 0, 0, 0, 0, 0, 0, S_, B_, S_, S_, B_, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  /* space ! " # $ % & ' ( ) * + , - . / */
  S_, C_, Q_, 0, 0, 0, 0, Q_, O_, C_, Q_, 0, C_, 0, C_, 0,
  /* 0 … 9 : ; < = > ? */
  D_, D_, D_, D_, D_, D_, D_, D_, D_, D_, C_, C_, O_, 0, C_, C_,
  /* @ A … O */
  0, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_,
  /* P … Z [ \ ] ^ _ */
  A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, O_, 0, C_, 0, Q_,
  /* ` a … o */
  Q_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_,
  /* p … z { | } ~ DEL */
  A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, O_, 0, C_, 0, 0,
};

#undef S_
#undef B_
#undef A_
#undef D_
#undef O_
#undef C_
#undef Q_

static guint
classify_other (gunichar c)
{
  switch (c)
    {
    /* Line and paragraph separators: GtkTextBuffer ends a line at U+2029 too,
     * so the status bar agrees with the editor's own line numbers. */
    case 0x2029:
      return CP_SPACE | CP_BREAK;

    case 0x0085: /* NEXT LINE */
    case 0x200B: /* ZERO WIDTH SPACE: an invisible word boundary */
      return CP_SPACE;

    case 0x2013: /* EN DASH */
    case 0x2014: /* EM DASH */
    case 0x2015: /* HORIZONTAL BAR */
    case 0x2E3A: /* TWO-EM DASH */
    case 0x2E3B: /* THREE-EM DASH */
      return CP_DASH;

    default:
      break;
    }

  switch (g_unichar_type (c))
    {
    case G_UNICODE_SPACE_SEPARATOR: /* includes U+00A0, U+2007, U+202F */
    case G_UNICODE_LINE_SEPARATOR:
    case G_UNICODE_PARAGRAPH_SEPARATOR:
      return CP_SPACE;

    case G_UNICODE_LOWERCASE_LETTER:
    case G_UNICODE_MODIFIER_LETTER:
    case G_UNICODE_OTHER_LETTER:
    case G_UNICODE_TITLECASE_LETTER:
    case G_UNICODE_UPPERCASE_LETTER:
      return CP_ALPHA;

    case G_UNICODE_DECIMAL_NUMBER:
    case G_UNICODE_LETTER_NUMBER:
    case G_UNICODE_OTHER_NUMBER:
      return CP_DIGIT;

    case G_UNICODE_SPACING_MARK:
    case G_UNICODE_ENCLOSING_MARK:
    case G_UNICODE_NON_SPACING_MARK:
      return CP_MARK;

    case G_UNICODE_OPEN_PUNCTUATION:
      return CP_OPEN;

    /* ’ closes a quotation but also opens one in some styles (and » opens
     * in German), so quotation marks may stand on either side. */
    case G_UNICODE_INITIAL_PUNCTUATION:
    case G_UNICODE_FINAL_PUNCTUATION:
      return CP_OPEN | CP_CLOSE;

    case G_UNICODE_CLOSE_PUNCTUATION:
    case G_UNICODE_OTHER_PUNCTUATION: /* … 。 ¡ and the like after a URL */
      return CP_CLOSE;

    case G_UNICODE_OTHER_SYMBOL:
      return CP_PICTO;

    default:
      return 0;
    }
}

static inline guint
classify (gunichar c)
{
  return c < 0x80 ? ascii_classes[c] : classify_other (c);
}

/* Decodes one code point without ever reading past @end.  Malformed or
 * truncated sequences decode to U+FFFD one byte at a time, so a damaged
 * file still gets counted instead of stopping the scan. */
static inline gsize
decode_char (const guchar *p,
             const guchar *end,
             gunichar     *out)
{
  guchar c = p[0];
  gsize avail = (gsize) (end - p);
  gunichar cp;
  gsize len;
  gsize i;

  if (c < 0x80)
    {
      *out = c;
      return 1;
    }

  if (c >= 0xC2 && c <= 0xDF)
    {
      len = 2;
      cp = c & 0x1F;
    }
  else if (c >= 0xE0 && c <= 0xEF)
    {
      len = 3;
      cp = c & 0x0F;
    }
  else if (c >= 0xF0 && c <= 0xF4)
    {
      len = 4;
      cp = c & 0x07;
    }
  else
    goto invalid;

  if (avail < len)
    goto invalid;

  for (i = 1; i < len; i++)
    {
      if ((p[i] & 0xC0) != 0x80)
        goto invalid;
      cp = (cp << 6) | (p[i] & 0x3F);
    }

  /* Overlong forms, surrogates and values past U+10FFFF. */
  if ((len == 3 && cp < 0x800) ||
      (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
      (cp >= 0xD800 && cp <= 0xDFFF))
    goto invalid;

  *out = cp;
  return len;

invalid:
  *out = 0xFFFD;
  return 1;
}

/* Decodes and classifies the code point at @p; returns its length. */
static inline gsize
next_char (const guchar *p,
           const guchar *end,
           gunichar     *c,
           guint        *cls)
{
  gsize len;

  if (G_LIKELY (*p < 0x80))
    {
      *c = *p;
      *cls = ascii_classes[*p];
      return 1;
    }

  len = decode_char (p, end, c);
  *cls = classify_other (*c);
  return len;
}

/* The start of the code point that ends at @p (which is after @start). */
static inline const guchar *
prev_char_start (const guchar *start,
                 const guchar *p)
{
  const guchar *q = p - 1;

  /* At most three continuation bytes belong to one code point; a longer
   * run is malformed and decode_char() reads it one byte at a time. */
  while (q > start && p - q < 4 && (*q & 0xC0) == 0x80)
    q--;

  if (q != p - 1)
    {
      gunichar c;

      if (q + decode_char (q, p, &c) != p)
        q = p - 1;
    }

  return q;
}

/* --------------------------------------------------------------------------
 * Characters, lines and paragraphs
 * ------------------------------------------------------------------------ */

/* Follows the scan code point by code point; the word iterator feeds it
 * when it runs for epistle_text_stats_compute(), so the whole text is read
 * once for words and characters alike. */
typedef struct {
  guint64  characters;
  guint64  characters_no_spaces;
  guint64  paragraphs;
  guint64  breaks;
  gunichar prev;
  /* Plain bytes rather than bit-fields: they change on every character. */
  guint8   seen_text;          /* anything besides a leading BOM */
  guint8   last_was_break;
  guint8   has_base;           /* a combining mark has something to sit on */
  guint8   pictograph;         /* the last character was an emoji (or like one) */
  guint8   after_zwj;          /* a ZWJ after an emoji glues the next one on */
  guint8   open_flag;          /* first half of a regional-indicator pair seen */
  guint8   line_has_text;
  guint8   prev_line_blank;
} CharCounter;

static void
char_counter_init (CharCounter *cc)
{
  *cc = (CharCounter) { 0 };
  cc->prev_line_blank = TRUE;
}

/* Code points nobody sees as a character of their own: joiners and
 * direction marks, variation selectors, tag characters (subdivision flags),
 * the soft hyphen and a stray U+FEFF. */
static inline gboolean
is_invisible (gunichar c)
{
  return (c >= 0x200C && c <= 0x200F) ||
         (c >= 0x202A && c <= 0x202E) ||
         (c >= 0x2060 && c <= 0x2069) ||
         (c >= 0xFE00 && c <= 0xFE0F) ||
         (c >= 0xE0000 && c <= 0xE007F) ||
         (c >= 0xE0100 && c <= 0xE01EF) ||
         c == 0x00AD || c == 0x034F || c == BYTE_ORDER_MARK;
}

static inline void
char_counter_feed (CharCounter *cc,
                   gunichar     c,
                   guint        cls,
                   gsize        offset)
{
  gboolean counted;
  gboolean zwj_glue;

  /* The common case, an ASCII character on a line. */
  if (c < 0x80 && !(cls & CP_BREAK))
    {
      cc->seen_text = TRUE;
      cc->last_was_break = FALSE;
      cc->has_base = TRUE;
      cc->pictograph = FALSE;
      cc->after_zwj = FALSE;
      cc->open_flag = FALSE;
      cc->prev = c;
      cc->characters++;
      if (!(cls & CP_SPACE))
        {
          cc->characters_no_spaces++;
          if (!cc->line_has_text)
            {
              cc->line_has_text = TRUE;
              if (cc->prev_line_blank)
                cc->paragraphs++;
            }
        }
      return;
    }

  /* A byte order mark is a file-format artefact, not text. */
  if (c == BYTE_ORDER_MARK && offset == 0)
    return;

  cc->seen_text = TRUE;

  if (cls & CP_BREAK)
    {
      /* CRLF is one line break. */
      if (c == '\n' && cc->prev == '\r')
        {
          cc->prev = c;
          return;
        }

      cc->breaks++;
      cc->prev_line_blank = !cc->line_has_text;
      cc->line_has_text = FALSE;
      cc->has_base = FALSE;
      cc->pictograph = FALSE;
      cc->after_zwj = FALSE;
      cc->open_flag = FALSE;
      cc->last_was_break = TRUE;
      cc->prev = c;
      return;
    }

  cc->last_was_break = FALSE;
  cc->prev = c;

  if (!(cls & CP_SPACE) && !cc->line_has_text)
    {
      cc->line_has_text = TRUE;
      if (cc->prev_line_blank)
        cc->paragraphs++;
    }

  zwj_glue = cc->after_zwj;
  cc->after_zwj = FALSE;

  /* Marks, joiners, selectors and modifiers extend the character before
   * them and leave its emoji-ness as it was. */
  if (cls & CP_MARK)
    {
      /* A mark at the start of a line has no base and shows on its own. */
      counted = !cc->has_base;
    }
  else if (c == ZERO_WIDTH_JOINER)
    {
      /* Only emoji join into one picture (❤️‍🔥 is ❤ VS16 ZWJ 🔥); a ZWJ
       * between letters shapes them but they stay letters. */
      counted = FALSE;
      cc->after_zwj = cc->pictograph;
    }
  else if (is_invisible (c))
    {
      counted = FALSE;
      cc->after_zwj = zwj_glue;
    }
  else if (c >= 0x1F3FB && c <= 0x1F3FF)
    {
      /* Skin-tone modifiers change the emoji before them. */
      counted = !cc->has_base;
    }
  else if (c >= 0x1F1E6 && c <= 0x1F1FF)
    {
      /* Regional indicators pair up into one flag. */
      counted = !cc->open_flag;
      cc->open_flag = !cc->open_flag;
      cc->pictograph = TRUE;
    }
  else if (zwj_glue && (cls & CP_PICTO))
    {
      /* 👩‍👩‍👧 is one family, not three people. */
      counted = FALSE;
      cc->open_flag = FALSE;
    }
  else
    {
      counted = TRUE;
      cc->open_flag = FALSE;
      cc->pictograph = (cls & CP_PICTO) != 0;
    }

  if (counted)
    {
      cc->characters++;
      if (!(cls & CP_SPACE))
        cc->characters_no_spaces++;
    }

  cc->has_base = TRUE;
}

/* --------------------------------------------------------------------------
 * URLs, e-mail addresses and paths
 * ------------------------------------------------------------------------ */

static inline gboolean
is_ascii_alpha (guchar c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static inline gboolean
is_ascii_alnum (guchar c)
{
  return is_ascii_alpha (c) || (c >= '0' && c <= '9');
}

/* Looks for a "www." URL or a path at the start of a chunk, after any
 * opening quotation marks or brackets.  These have to be known before the
 * chunk is scanned, because the scan splits plain words at "--" and a URL
 * or path keeps its "--"; "scheme://" is recognised by the scan itself when
 * it reaches the colon, so an ordinary word is not read twice.
 * Sets @start to where a URL or path would begin and, for a match, @body to
 * the first byte after its prefix ("www.", "/", "~/", "C:\\"). */
static EpistleWordKind
detect_prefix (const guchar  *p,
               const guchar  *end,
               const guchar **start,
               const guchar **body)
{
  gsize avail;

  while (p < end)
    {
      gunichar c;
      gsize len = decode_char (p, end, &c);

      if (!(classify (c) & CP_OPEN) && c != BYTE_ORDER_MARK)
        break;
      p += len;
    }

  *start = p;
  avail = (gsize) (end - p);

  /* Nearly every chunk starts with a letter that is not a w. */
  if (avail < 2 || (is_ascii_alpha (p[0]) && p[0] != 'w' && p[0] != 'W' && p[1] != ':'))
    return EPISTLE_WORD_PLAIN;

  if (avail >= 4 && g_ascii_strncasecmp ((const char *) p, "www.", 4) == 0)
    {
      *body = p + 4;
      return EPISTLE_WORD_URL;
    }

  /* /usr/share, /.config */
  if (p[0] == '/' && (is_ascii_alnum (p[1]) || p[1] == '.' || p[1] == '_' || p[1] >= 0x80))
    {
      *body = p + 1;
      return EPISTLE_WORD_PATH;
    }

  /* ~/Documents, ./run.sh, ../notes */
  if ((p[0] == '~' || p[0] == '.') && p[1] == '/')
    {
      *body = p + 2;
      return EPISTLE_WORD_PATH;
    }
  if (avail >= 3 && p[0] == '.' && p[1] == '.' && p[2] == '/')
    {
      *body = p + 3;
      return EPISTLE_WORD_PATH;
    }

  /* C:\Users, D:/letters */
  if (avail >= 3 && is_ascii_alpha (p[0]) && p[1] == ':' && (p[2] == '\\' || p[2] == '/'))
    {
      *body = p + 3;
      return EPISTLE_WORD_PATH;
    }

  /* \\server\share */
  if (avail >= 3 && p[0] == '\\' && p[1] == '\\' && is_ascii_alnum (p[2]))
    {
      *body = p + 2;
      return EPISTLE_WORD_PATH;
    }

  return EPISTLE_WORD_PLAIN;
}

/* Whether [@start, @colon) is a URI scheme (RFC 3986: a letter, then
 * letters, digits, "+", "-" and "."). */
static gboolean
is_scheme (const guchar *start,
           const guchar *colon)
{
  const guchar *q;

  if (start >= colon || !is_ascii_alpha (*start))
    return FALSE;

  for (q = start + 1; q < colon; q++)
    if (!is_ascii_alnum (*q) && *q != '+' && *q != '-' && *q != '.')
      return FALSE;

  return TRUE;
}

/* Whether the bracket closing @span_end has no partner inside the span, so
 * it belongs to the sentence: "(see https://example.org)" but
 * "https://en.wikipedia.org/wiki/Epistle_(letter)". */
static gboolean
closing_bracket_is_unmatched (const guchar *start,
                              const guchar *close)
{
  guchar open_c = *close == ')' ? '(' : *close == ']' ? '[' : '{';
  int depth = 0;
  const guchar *q;

  for (q = start; q < close; q++)
    {
      if (*q == open_c)
        depth++;
      else if (*q == *close && depth > 0)
        depth--;
    }

  return depth == 0;
}

/* Trims the sentence punctuation that follows a URL or path. */
static const guchar *
trim_special_end (const guchar *start,
                  const guchar *end)
{
  while (end > start)
    {
      const guchar *q = prev_char_start (start, end);
      gunichar c;

      decode_char (q, end, &c);

      if (c == '/' || c == '\\' || !(classify (c) & CP_CLOSE))
        break;
      if ((c == ')' || c == ']' || c == '}') && !closing_bracket_is_unmatched (start, q))
        break;

      end = q;
    }

  return end;
}

/* local@domain.tld: one '@', a dot inside the domain, and a letter or digit
 * right after the '@' and after the last dot.  The span already starts and
 * ends with a letter or digit. */
static gboolean
looks_like_email (const guchar *start,
                  const guchar *end)
{
  const guchar *at = NULL;
  const guchar *last_dot = NULL;
  const guchar *q;

  for (q = start; q < end; q++)
    {
      if (*q == '@')
        {
          if (at != NULL)
            return FALSE;
          at = q;
        }
      else if (*q == '.' && at != NULL)
        {
          last_dot = q;
        }
    }

  if (at == NULL || at == start || last_dot == NULL)
    return FALSE;

  if (!(is_ascii_alnum (at[1]) || at[1] >= 0x80) || last_dot == at + 1)
    return FALSE;

  return last_dot + 1 < end && (is_ascii_alnum (last_dot[1]) || last_dot[1] >= 0x80);
}

/* --------------------------------------------------------------------------
 * Words
 * ------------------------------------------------------------------------ */

void
epistle_word_iter_init (EpistleWordIter *iter,
                        const char      *text,
                        gssize           length)
{
  g_return_if_fail (iter != NULL);
  g_return_if_fail (text != NULL || length <= 0);

  if (text == NULL)
    {
      text = "";
      length = 0;
    }

  iter->text = text;
  iter->length = length < 0 ? strlen (text) : (gsize) length;
  iter->pos = 0;
}

/* The scanner behind both public entry points.  A "chunk" is a maximal run
 * without separators; the word is the chunk with leading and trailing
 * punctuation trimmed (for a URL or path, only sentence punctuation).
 * Every byte of the text passes through the two scanning loops below
 * exactly once, and @cc, when given, sees every code point on the way. */
static gboolean
word_iter_next_internal (EpistleWordIter *iter,
                         EpistleWord     *word,
                         CharCounter     *cc)
{
  const guchar *text = (const guchar *) iter->text;
  const guchar *end = text + iter->length;
  const guchar *p = text + iter->pos;

  while (p < end)
    {
      const guchar *chunk_end;
      const guchar *first_core = NULL;
      const guchar *core_end = NULL;
      const guchar *special_start = NULL;
      const guchar *special_body = NULL;
      EpistleWordKind special;
      gboolean has_digit = FALSE;
      gboolean has_at = FALSE;
      gboolean split_at_hyphens = FALSE;

      /* Separators between chunks. */
      while (p < end)
        {
          gunichar c;
          guint cls;
          gsize len = next_char (p, end, &c, &cls);

          if (!(cls & CP_SEPARATOR))
            break;
          if (cc != NULL)
            char_counter_feed (cc, c, cls, (gsize) (p - text));
          p += len;
        }

      if (p >= end)
        break;

      special = detect_prefix (p, end, &special_start, &special_body);

      /* The chunk. */
      while (p < end)
        {
          gunichar c;
          guint cls;
          gsize len = next_char (p, end, &c, &cls);

          if (cls & CP_SEPARATOR)
            break;

          /* "--" is how plain text types a dash; a URL or path keeps it. */
          if (c == '-' && special == EPISTLE_WORD_PLAIN && p + 1 < end && p[1] == '-')
            {
              split_at_hyphens = TRUE;
              break;
            }

          if (cc != NULL)
            char_counter_feed (cc, c, cls, (gsize) (p - text));

          if (cls & CP_CORE)
            {
              if (first_core == NULL)
                first_core = p;
              core_end = p + len;
              if (cls & CP_DIGIT)
                has_digit = TRUE;
            }
          else if ((cls & CP_MARK) && core_end == p)
            {
              /* Marks stay with the letter they modify: "café" written
               * as e + U+0301 keeps its accent at the end of a word. */
              core_end = p + len;
            }
          else if (c == '@')
            {
              has_at = TRUE;
            }
          else if (c == ':' && special == EPISTLE_WORD_PLAIN &&
                   end - p > 3 && p[1] == '/' && p[2] == '/' &&
                   is_scheme (special_start, p))
            {
              special = EPISTLE_WORD_URL;
              special_body = p + 3;
            }

          p += len;
        }

      chunk_end = p;

      if (split_at_hyphens)
        {
          while (p < end && *p == '-')
            {
              if (cc != NULL)
                char_counter_feed (cc, '-', 0, (gsize) (p - text));
              p++;
            }
        }

      iter->pos = (gsize) (p - text);

      /* Punctuation alone ("/", "…", ")") is not a word. */
      if (first_core == NULL)
        continue;

      if (special != EPISTLE_WORD_PLAIN)
        {
          const guchar *special_end = trim_special_end (special_start, chunk_end);

          /* Something must follow the prefix: "https://" alone is not a URL. */
          if (core_end > special_body && core_end <= special_end)
            {
              word->offset = (gsize) (special_start - text);
              word->length = (gsize) (special_end - special_start);
              word->kind = special;
              return TRUE;
            }
        }

      word->offset = (gsize) (first_core - text);
      word->length = (gsize) (core_end - first_core);

      if (has_at && looks_like_email (first_core, core_end))
        word->kind = EPISTLE_WORD_EMAIL;
      else if (has_digit)
        word->kind = EPISTLE_WORD_NUMBER;
      else
        word->kind = EPISTLE_WORD_PLAIN;

      return TRUE;
    }

  iter->pos = iter->length;
  return FALSE;
}

gboolean
epistle_word_iter_next (EpistleWordIter *iter,
                        EpistleWord     *word)
{
  g_return_val_if_fail (iter != NULL, FALSE);
  g_return_val_if_fail (word != NULL, FALSE);

  return word_iter_next_internal (iter, word, NULL);
}

/* --------------------------------------------------------------------------
 * Statistics
 * ------------------------------------------------------------------------ */

void
epistle_text_stats_compute (const char       *text,
                            gssize            length,
                            EpistleTextStats *stats)
{
  EpistleWordIter iter;
  EpistleWord word;
  CharCounter cc;
  guint64 words = 0;

  g_return_if_fail (stats != NULL);
  g_return_if_fail (text != NULL || length <= 0);

  epistle_word_iter_init (&iter, text, length);
  char_counter_init (&cc);

  while (word_iter_next_internal (&iter, &word, &cc))
    words++;

  stats->words = words;
  stats->characters = cc.characters;
  stats->characters_no_spaces = cc.characters_no_spaces;
  stats->paragraphs = cc.paragraphs;
  /* A trailing line break ends the last line; it does not start another. */
  stats->lines = cc.seen_text ? cc.breaks + (cc.last_was_break ? 0 : 1) : 0;
}

guint
epistle_text_reading_minutes (guint64 words)
{
  guint64 minutes = words / EPISTLE_READING_WORDS_PER_MINUTE +
                    (words % EPISTLE_READING_WORDS_PER_MINUTE != 0 ? 1 : 0);

  return (guint) MIN (minutes, (guint64) G_MAXUINT);
}
