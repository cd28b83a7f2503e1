/* SPDX-License-Identifier: GPL-3.0-or-later
 * epistle-spell-scan.c — picks the words spelling should check out of a
 * Markdown or plain-text document: one linear pass, line by line, no allocation. */

#include "config.h"

#include "epistle-markdown-line.h"
#include "epistle-spell-scan.h"
#include "epistle-text.h"

#include <string.h>

/* Link text is scanned again for what it holds ([![alt](src)](url)), once
 * per level of nesting; deeper brackets are plain text, which keeps a line
 * of nothing but brackets from costing more than a few passes. */
#define MAX_INLINE_DEPTH 4

/* Backtick runs up to this length remember, per line, that no closing run
 * follows, so a line of stray backticks is searched once, not once each. */
#define TICK_MEMO_BITS 64

/* What the searches for closing brackets, backticks and the like may read
 * per line, in multiples of its length: real lines need a few (one per
 * level of nested brackets), and a line built to make every search run to
 * its end ("[](" a million times) stops recognising constructs instead of
 * taking quadratic time.  The slack keeps short lines exact. */
#define LOOKAHEAD_PER_BYTE 8
#define LOOKAHEAD_SLACK    4096

#define UTF8_BOM "\xEF\xBB\xBF"

typedef struct {
  const char            *base;       /* token offsets are relative to it */
  EpistleSpellTokenFunc  func;
  gpointer               user_data;
  gsize                  lookahead;  /* bytes the current line's searches may still read */
} Scanner;

/* The bytes where an inline construct may start; everything else is text
 * and the inline scan steps over it with one table lookup. */
static const guint8 inline_special[256] = {
  ['`'] = 1, ['<'] = 1, ['['] = 1, ['{'] = 1, ['&'] = 1, ['\\'] = 1,
};

/* --------------------------------------------------------------------------
 * Small helpers on [p, end) ranges of one line
 * ------------------------------------------------------------------------ */

static inline const char *
skip_bom (const char *p,
          const char *end)
{
  if (end - p >= 3 && memcmp (p, UTF8_BOM, 3) == 0)
    return p + 3;
  return p;
}

/* A line that is exactly @marker ("---" or "..."), trailing blanks allowed. */
static gboolean
is_marker_line (const char *p,
                const char *end,
                const char *marker)
{
  return end - p >= 3 && memcmp (p, marker, 3) == 0 && epistle_md_is_blank (p + 3, end);
}

/* Markdown lets a block marker be indented by up to three spaces; four
 * make an indented code block in CommonMark, but prose indents paragraphs
 * that way too, so such a line is simply not a marker.  NULL then. */
static const char *
skip_indent (const char *p,
             const char *end)
{
  guint n = 0;

  while (p < end && *p == ' ' && n < 4)
    {
      p++;
      n++;
    }

  return n < 4 ? p : NULL;
}

/* The line end after @p: the first \n or \r, or @end. */
static inline const char *
find_line_end (const char *p,
               const char *end)
{
  while (p < end && *p != '\n' && *p != '\r')
    p++;
  return p;
}

/* Steps over the line break at @p (\n, \r\n or \r), if any. */
static inline const char *
skip_line_break (const char *p,
                 const char *end)
{
  if (p < end && *p == '\r')
    p++;
  if (p < end && *p == '\n')
    p++;
  return p;
}

/* --------------------------------------------------------------------------
 * Attributes: {#id .class lang=de key="value"}
 * ------------------------------------------------------------------------ */

/* Copies the lang= value of the attributes [@p, @end) into @out, quotes
 * removed and trimmed, zero-padded so states compare byte for byte.  A
 * value too long for @out is dropped rather than cut into another tag. */
static void
parse_lang (const char *p,
            const char *end,
            char        out[EPISTLE_SPELL_LANG_MAX])
{
  memset (out, 0, EPISTLE_SPELL_LANG_MAX);

  while (p < end)
    {
      p = epistle_md_skip_spaces (p, end);

      /* Only a whole key: "data-lang=" or "xml:lang=" set nothing here. */
      if (end - p > 5 && memcmp (p, "lang=", 5) == 0)
        {
          const char *value = p + 5;
          const char *value_end;

          if (*value == '"' || *value == '\'')
            {
              char quote = *value++;

              value_end = value;
              while (value_end < end && *value_end != quote)
                value_end++;
            }
          else
            {
              value_end = value;
              while (value_end < end && !epistle_md_is_space (*value_end))
                value_end++;
            }

          value = epistle_md_skip_spaces (value, value_end);
          value_end = epistle_md_trim_end (value, value_end);

          if (value_end - value < EPISTLE_SPELL_LANG_MAX)
            memcpy (out, value, (gsize) (value_end - value));
          return;
        }

      /* Skip this attribute, a quoted value with its blanks included. */
      while (p < end && !epistle_md_is_space (*p))
        {
          if (*p == '"' || *p == '\'')
            {
              char quote = *p++;

              while (p < end && *p != quote)
                p++;
            }
          if (p < end)
            p++;
        }
    }
}

/* Whether {@p … @end} is a Pandoc attribute block ({#id}, {.class},
 * {key=value}, {-}, {=html}) rather than braces in prose ("{a, b}"). */
static gboolean
looks_like_attributes (const char *p,
                       const char *end)
{
  p = epistle_md_skip_spaces (p, end);
  if (p == end)
    return FALSE;
  if (*p == '#' || *p == '.' || *p == '=' || *p == '-')
    return TRUE;
  return memchr (p, '=', (gsize) (end - p)) != NULL;
}

/* --------------------------------------------------------------------------
 * Inline constructs
 * ------------------------------------------------------------------------ */

/* How far a search from @p may read: to @end, or less once the line has
 * spent its lookahead. */
static inline const char *
search_limit (const Scanner *sc,
              const char    *p,
              const char    *end)
{
  return (gsize) (end - p) > sc->lookahead ? p + sc->lookahead : end;
}

static inline void
spend_lookahead (Scanner    *sc,
                 const char *from,
                 const char *to)
{
  sc->lookahead -= MIN (sc->lookahead, (gsize) (to - from));
}

/* Finds @c in [@p, @end).  *@none_from remembers where a search over the
 * whole rest found none, so that every later one fails at once. */
static const char *
find_char (Scanner     *sc,
           const char  *p,
           const char  *end,
           char         c,
           const char **none_from)
{
  const char *limit;
  const char *found;

  if (*none_from != NULL && p >= *none_from)
    return NULL;

  limit = search_limit (sc, p, end);
  found = memchr (p, c, (gsize) (limit - p));
  spend_lookahead (sc, p, found != NULL ? found : limit);

  if (found == NULL && limit == end)
    *none_from = p;

  return found;
}

/* The next run of exactly @n backticks starting in [@p, @limit), or NULL;
 * runs are measured up to @end, so the limit never cuts one short. */
static const char *
find_backtick_run (const char *p,
                   const char *limit,
                   const char *end,
                   gsize       n)
{
  while (p < limit)
    {
      const char *tick = memchr (p, '`', (gsize) (limit - p));
      gsize run;

      if (tick == NULL)
        return NULL;

      run = epistle_md_run_of (tick, end, '`');
      if (run == n)
        return tick;
      p = tick + run;
    }

  return NULL;
}

/* The ']' closing a '[' just before @p, nested brackets and backslash
 * escapes considered, or NULL; @last_close is set to the last ']' seen. */
static const char *
find_close_bracket (const char  *p,
                    const char  *end,
                    const char **last_close)
{
  guint depth = 0;

  *last_close = NULL;

  for (; p < end; p++)
    {
      if (*p == '\\' && p + 1 < end)
        p++;
      else if (*p == '[')
        depth++;
      else if (*p == ']')
        {
          *last_close = p;
          if (depth == 0)
            return p;
          depth--;
        }
    }

  return NULL;
}

/* The ']' ending a link label ([ref]: labels hold no brackets), or NULL.
 * It stops at the next bracket, so no byte is searched twice. */
static const char *
find_label_end (const char *p,
                const char *end)
{
  for (; p < end; p++)
    {
      if (*p == '\\' && p + 1 < end)
        p++;
      else if (*p == ']')
        return p;
      else if (*p == '[')
        return NULL;
    }

  return NULL;
}

/* The ')' ending a link destination and title (url "title"), or NULL.
 * URLs keep balanced parentheses (…/Epistle_(letter)) and a title may
 * hold any, so both are stepped over. */
static const char *
find_close_paren (const char *p,
                  const char *end)
{
  const char *start = p;
  guint depth = 0;
  gboolean in_title = FALSE;

  for (; p < end; p++)
    {
      if (*p == '\\' && p + 1 < end)
        p++;
      else if (in_title)
        in_title = *p != '"';
      else if (*p == '"' && p > start && epistle_md_is_space (p[-1]))
        in_title = TRUE;
      else if (*p == '(')
        depth++;
      else if (*p == ')')
        {
          if (depth == 0)
            return p;
          depth--;
        }
    }

  return NULL;
}

/* The end of an HTML comment whose "<!--" ends at @p: just past the
 * "-->", or NULL. */
static const char *
find_comment_end (const char *p,
                  const char *end)
{
  const char *q = p;

  while (q < end)
    {
      const char *gt = memchr (q, '>', (gsize) (end - q));

      if (gt == NULL)
        return NULL;
      if (gt - p >= 2 && gt[-1] == '-' && gt[-2] == '-')
        return gt + 1;
      q = gt + 1;
    }

  return NULL;
}

/* The ';' ending an HTML entity at @p (&amp; &#8217; &#x2019;), or NULL:
 * "nbsp" or "eacute" are markup, not words. */
static const char *
find_entity_end (const char *p,
                 const char *end)
{
  const char *q = p + 1;
  const char *name;

  if (q < end && *q == '#')
    {
      gboolean hex;

      q++;
      hex = q < end && (*q == 'x' || *q == 'X');
      if (hex)
        q++;
      name = q;
      while (q < end && q - name < 7 &&
             (hex ? g_ascii_isxdigit (*q) : g_ascii_isdigit (*q)))
        q++;
      if (q == name)
        return NULL;
    }
  else
    {
      name = q;
      if (q >= end || !g_ascii_isalpha (*q))
        return NULL;
      while (q < end && q - name < 32 && g_ascii_isalnum (*q))
        q++;
      /* "AT&T;" is a company, not an entity. */
      if (q - name < 2)
        return NULL;
    }

  return q < end && *q == ';' ? q : NULL;
}

/* Runs the word iterator over text that is all prose and reports its
 * plain words; numbers, URLs, addresses and paths are no spelling. */
static void
emit_words (const Scanner *sc,
            const char    *start,
            const char    *end,
            const char    *lang)
{
  EpistleWordIter iter;
  EpistleWord word;

  if (start >= end)
    return;

  epistle_word_iter_init (&iter, start, end - start);
  while (epistle_word_iter_next (&iter, &word))
    {
      EpistleSpellToken token;

      if (word.kind != EPISTLE_WORD_PLAIN)
        continue;

      token.offset = (gsize) (start - sc->base) + word.offset;
      token.length = word.length;
      token.lang = lang;
      sc->func (&token, sc->user_data);
    }
}

/* Scans [@p, @end), part of one line, for the inline constructs that are
 * not prose (code spans, link targets, tags, attributes) and hands the
 * text between them to the word iterator.  Constructs are found by
 * searches that stop at the line end and draw on the line's lookahead;
 * the *_from memos below make a failed search final for the rest of the
 * range, where that is exact. */
static void
scan_inline (Scanner    *sc,
             const char *p,
             const char *end,
             const char *lang,
             guint       depth)
{
  const char *seg = p;                 /* start of the text not yet emitted */
  guint64 unclosed_ticks = 0;          /* run lengths with no closing run left */
  const char *no_gt_from = NULL;
  const char *no_brace_from = NULL;
  const char *no_bracket_from = NULL;
  const char *no_comment_end_from = NULL;

  while (p < end)
    {
      if (!inline_special[(guchar) *p])
        {
          p++;
          continue;
        }

      switch (*p)
        {
        case '\\':
          /* An escaped \` \[ \< is a literal character. */
          p += (p + 1 < end && g_ascii_ispunct (p[1])) ? 2 : 1;
          break;

        case '`':
          {
            gsize n = epistle_md_run_of (p, end, '`');
            const char *close = NULL;

            if (n >= TICK_MEMO_BITS || !(unclosed_ticks & (G_GUINT64_CONSTANT (1) << n)))
              {
                const char *limit = search_limit (sc, p + n, end);

                close = find_backtick_run (p + n, limit, end, n);
                spend_lookahead (sc, p + n, close != NULL ? close : limit);
                if (close == NULL && limit == end && n < TICK_MEMO_BITS)
                  unclosed_ticks |= G_GUINT64_CONSTANT (1) << n;
              }

            /* An unmatched run is literal text. */
            if (close == NULL)
              {
                p += n;
                break;
              }

            emit_words (sc, seg, p, lang);
            p = seg = close + n;
          }
          break;

        case '<':
          {
            const char *tag_end = NULL;

            if (end - p >= 4 && memcmp (p, "<!--", 4) == 0)
              {
                if (no_comment_end_from == NULL)
                  {
                    const char *limit = search_limit (sc, p + 4, end);

                    tag_end = find_comment_end (p + 4, limit);
                    spend_lookahead (sc, p + 4, tag_end != NULL ? tag_end : limit);
                    if (tag_end == NULL && limit == end)
                      no_comment_end_from = p;
                  }
              }
            else if (p + 1 < end && (g_ascii_isalpha (p[1]) || p[1] == '/' || p[1] == '!'))
              {
                const char *gt = find_char (sc, p + 1, end, '>', &no_gt_from);

                if (gt != NULL)
                  tag_end = gt + 1;
              }

            /* A lone '<' ("a < b") is text. */
            if (tag_end == NULL)
              {
                p++;
                break;
              }

            emit_words (sc, seg, p, lang);
            p = seg = tag_end;
          }
          break;

        case '&':
          {
            const char *semi = find_entity_end (p, end);

            if (semi == NULL)
              {
                p++;
                break;
              }

            emit_words (sc, seg, p, lang);
            p = seg = semi + 1;
          }
          break;

        case '{':
          {
            const char *brace = find_char (sc, p + 1, end, '}', &no_brace_from);

            if (brace == NULL || !looks_like_attributes (p + 1, brace))
              {
                p++;
                break;
              }

            /* "# Title {#id}": attributes after a heading or a word. */
            emit_words (sc, seg, p, lang);
            p = seg = brace + 1;
          }
          break;

        case '[':
          {
            const char *close = NULL;
            const char *after;
            const char *construct_end = NULL;
            const char *inner_lang = lang;
            char span_lang[EPISTLE_SPELL_LANG_MAX];

            if (depth < MAX_INLINE_DEPTH && (no_bracket_from == NULL || p < no_bracket_from))
              {
                const char *limit = search_limit (sc, p + 1, end);
                const char *last_close;

                close = find_close_bracket (p + 1, limit, &last_close);
                spend_lookahead (sc, p + 1, close != NULL ? close : limit);

                /* No ']' after the last one seen closes any '[' after it. */
                if (close == NULL && limit == end)
                  no_bracket_from = last_close != NULL ? last_close : p;
              }

            if (close == NULL)
              {
                p++;
                break;
              }

            after = close + 1;

            if (after < end && *after == '(')
              {
                /* [text](target "title"), ![alt](src) */
                const char *limit = search_limit (sc, after + 1, end);
                const char *paren = find_close_paren (after + 1, limit);

                spend_lookahead (sc, after + 1, paren != NULL ? paren : limit);
                if (paren != NULL)
                  construct_end = paren + 1;
              }
            else if (after < end && *after == '[')
              {
                /* [text][ref], [text][] */
                const char *label_end = find_label_end (after + 1, end);

                if (label_end != NULL)
                  construct_end = label_end + 1;
              }
            else if (after < end && *after == '{')
              {
                /* [Guten Tag]{lang=de}: a Pandoc span */
                const char *brace = find_char (sc, after + 1, end, '}', &no_brace_from);

                if (brace != NULL)
                  {
                    parse_lang (after + 1, brace, span_lang);
                    if (span_lang[0] != '\0')
                      inner_lang = span_lang;
                    construct_end = brace + 1;
                  }
              }

            if (construct_end == NULL)
              {
                if (p[1] == '^')
                  {
                    /* [^note]: a footnote's label, not prose. */
                    emit_words (sc, seg, p, lang);
                    p = seg = after;
                    break;
                  }

                /* Plain brackets hold text, but they still bound words:
                 * "[text](http://…" without its ')' is no single word. */
                construct_end = after;
              }

            emit_words (sc, seg, p, lang);
            scan_inline (sc, p + 1, close, inner_lang, depth + 1);
            p = seg = construct_end;
          }
          break;

        default:
          g_assert_not_reached ();
        }
    }

  emit_words (sc, seg, end, lang);
}

/* --------------------------------------------------------------------------
 * Lines
 * ------------------------------------------------------------------------ */

#define NOT_KEY_START "\"'[{#|>&*!%@`"

/* Where a front matter line's value starts: after "key:" (and "- " of a
 * list item), or the start of the text when there is no key.  Sets
 * @skip when the key is one whose value is no prose (lang, date). */
static const char *
front_matter_value (const char *p,
                    const char *end,
                    gboolean   *skip)
{
  const char *q;

  *skip = FALSE;

  p = epistle_md_skip_spaces (p, end);
  if (p < end && *p == '-' && (p + 1 == end || epistle_md_is_space (p[1])))
    p = epistle_md_skip_spaces (p + 1, end);

  /* Quoted scalars, flow collections, comments and block indicators do
   * not start a plain key. */
  if (p == end || memchr (NOT_KEY_START, *p, sizeof NOT_KEY_START - 1) != NULL)
    return p;

  for (q = p; q < end; q++)
    {
      if (*q == ':' && (q + 1 == end || epistle_md_is_space (q[1])))
        {
          const char *key_end = epistle_md_trim_end (p, q);
          gsize key_len = (gsize) (key_end - p);

          if (key_len == 0)
            return p;

          if (key_len == 4 && (memcmp (p, "lang", 4) == 0 || memcmp (p, "date", 4) == 0))
            *skip = TRUE;

          return q + 1;
        }
    }

  return p;
}

static const char *
current_div_lang (const EpistleSpellScanState *state)
{
  guint i = MIN (state->n_divs, EPISTLE_SPELL_SCAN_MAX_DIVS);

  /* Divs without a lang inherit the one around them. */
  while (i-- > 0)
    {
      if (state->div_lang[i][0] != '\0')
        return state->div_lang[i];
    }

  return NULL;
}

static gboolean
open_code_fence (EpistleSpellScanState *state,
                 const char            *p,
                 const char            *end)
{
  char c = *p;
  gsize n;

  if (c != '`' && c != '~')
    return FALSE;

  n = epistle_md_run_of (p, end, c);
  if (n < 3)
    return FALSE;

  /* "```code```" on one line is an inline code span, not a fence. */
  if (c == '`' && memchr (p + n, '`', (gsize) (end - p - n)) != NULL)
    return FALSE;

  state->fence_char = (guint8) c;
  state->fence_len = (guint8) MIN (n, G_MAXUINT8);
  return TRUE;
}

static gboolean
closes_code_fence (const EpistleSpellScanState *state,
                   const char                  *p,
                   const char                  *end)
{
  gsize n = epistle_md_run_of (p, end, (char) state->fence_char);

  return n >= 3 && n >= state->fence_len && epistle_md_is_blank (p + n, end);
}

/* Handles a Pandoc div fence at @p: "::: {lang=de}", "::: note" or a
 * closing ":::".  FALSE when the line is no fence and so is text. */
static gboolean
handle_div_fence (EpistleSpellScanState *state,
                  const char            *p,
                  const char            *end)
{
  char lang[EPISTLE_SPELL_LANG_MAX];
  gsize n = epistle_md_run_of (p, end, ':');
  const char *q;

  if (n < 3)
    return FALSE;

  q = epistle_md_skip_spaces (p + n, end);

  if (q == end)
    {
      /* A stray closing fence closes nothing; it has no words either. */
      if (state->n_divs > 0)
        {
          state->n_divs--;
          if (state->n_divs < EPISTLE_SPELL_SCAN_MAX_DIVS)
            memset (state->div_lang[state->n_divs], 0, EPISTLE_SPELL_LANG_MAX);
        }
      return TRUE;
    }

  if (*q == '{')
    {
      const char *brace = memchr (q, '}', (gsize) (end - q));

      if (brace == NULL)
        return FALSE;
      parse_lang (q + 1, brace, lang);
      q = brace + 1;
    }
  else
    {
      /* A bare word is the div's class. */
      memset (lang, 0, sizeof lang);
      while (q < end && !epistle_md_is_space (*q))
        q++;
    }

  /* Attributes may be followed by more colons: "::: note :::". */
  q = epistle_md_skip_spaces (q, end);
  q += epistle_md_run_of (q, end, ':');
  if (!epistle_md_is_blank (q, end))
    return FALSE;

  if (state->n_divs < EPISTLE_SPELL_SCAN_MAX_DIVS)
    memcpy (state->div_lang[state->n_divs], lang, EPISTLE_SPELL_LANG_MAX);
  if (state->n_divs < G_MAXUINT8)
    state->n_divs++;

  return TRUE;
}

/* Scans the line [@start, @end) (its break excluded) in @state and moves
 * @state on to the next line. */
static void
scan_line (Scanner               *sc,
           EpistleSpellScanState *state,
           const char            *start,
           const char            *end)
{
  gsize length = (gsize) (end - start);
  const char *p;

  /* Each line gets its own lookahead, so how a line is scanned never
   * depends on the lines before it (or on where a piece started). */
  sc->lookahead = MIN (length, G_MAXSIZE / (2 * LOOKAHEAD_PER_BYTE)) * LOOKAHEAD_PER_BYTE +
                  LOOKAHEAD_SLACK;

  if (state->at_start)
    {
      state->at_start = FALSE;
      if (is_marker_line (skip_bom (start, end), end, "---"))
        {
          state->in_front_matter = TRUE;
          return;
        }
    }

  if (state->in_front_matter)
    {
      gboolean skip;

      if (is_marker_line (start, end, "---") || is_marker_line (start, end, "..."))
        {
          state->in_front_matter = FALSE;
          return;
        }

      p = front_matter_value (start, end, &skip);
      if (!skip)
        scan_inline (sc, p, end, NULL, 0);
      return;
    }

  p = skip_indent (start, end);

  if (state->fence_char != 0)
    {
      if (p != NULL && closes_code_fence (state, p, end))
        {
          state->fence_char = 0;
          state->fence_len = 0;
        }
      return;
    }

  if (p != NULL && p < end)
    {
      if (open_code_fence (state, p, end))
        return;

      if (*p == ':' && handle_div_fence (state, p, end))
        return;

      if (*p == '[')
        {
          const char *label_end = find_label_end (p + 1, end);

          if (label_end != NULL && label_end + 1 < end && label_end[1] == ':')
            {
              /* "[^note]: text" defines a footnote, whose text is prose;
               * "[ref]: url "title"" defines a link target, which is not. */
              if (p[1] == '^')
                scan_inline (sc, label_end + 2, end, current_div_lang (state), 0);
              return;
            }
        }
    }

  scan_inline (sc, start, end, current_div_lang (state), 0);
}

/* --------------------------------------------------------------------------
 * Public API
 * ------------------------------------------------------------------------ */

void
epistle_spell_scan_state_init (EpistleSpellScanState *state)
{
  g_return_if_fail (state != NULL);

  /* Zeroed as a whole, so unused lang bytes never differ between states. */
  memset (state, 0, sizeof *state);
  state->at_start = TRUE;
}

gboolean
epistle_spell_scan_state_equal (const EpistleSpellScanState *a,
                                const EpistleSpellScanState *b)
{
  guint n;

  g_return_val_if_fail (a != NULL, FALSE);
  g_return_val_if_fail (b != NULL, FALSE);

  if (!a->at_start != !b->at_start ||
      !a->in_front_matter != !b->in_front_matter ||
      a->fence_char != b->fence_char ||
      a->n_divs != b->n_divs)
    return FALSE;

  if (a->fence_char != 0 && a->fence_len != b->fence_len)
    return FALSE;

  /* Only the langs of open divs matter, and only up to their terminator:
   * a state copied from elsewhere may hold anything past it. */
  n = MIN (a->n_divs, EPISTLE_SPELL_SCAN_MAX_DIVS);
  for (guint i = 0; i < n; i++)
    {
      if (strncmp (a->div_lang[i], b->div_lang[i], EPISTLE_SPELL_LANG_MAX) != 0)
        return FALSE;
    }

  return TRUE;
}

void
epistle_spell_scan (const char            *text,
                    gssize                 length,
                    EpistleSpellScanState *state,
                    EpistleSpellTokenFunc  func,
                    gpointer               user_data)
{
  Scanner sc;
  const char *p;
  const char *end;

  g_return_if_fail (text != NULL || length <= 0);
  g_return_if_fail (state != NULL);
  g_return_if_fail (func != NULL);

  if (text == NULL)
    return;

  sc.base = text;
  sc.func = func;
  sc.user_data = user_data;
  sc.lookahead = 0;   /* set per line */

  p = text;
  end = text + (length < 0 ? strlen (text) : (gsize) length);

  while (p < end)
    {
      const char *line_end = find_line_end (p, end);

      scan_line (&sc, state, p, line_end);
      p = skip_line_break (line_end, end);
    }
}

char *
epistle_spell_scan_front_matter_lang (const char *text,
                                      gssize      length)
{
  const char *p;
  const char *end;
  const char *line_end;

  g_return_val_if_fail (text != NULL || length <= 0, NULL);

  if (text == NULL)
    return NULL;

  p = text;
  end = text + (length < 0 ? strlen (text) : (gsize) length);

  line_end = find_line_end (p, end);
  if (!is_marker_line (skip_bom (p, end), line_end, "---"))
    return NULL;

  for (p = skip_line_break (line_end, end); p < end; p = skip_line_break (line_end, end))
    {
      const char *value;
      const char *value_end;

      line_end = find_line_end (p, end);

      if (is_marker_line (p, line_end, "---") || is_marker_line (p, line_end, "..."))
        break;

      /* Only a top-level key: an indented one belongs to another mapping. */
      if (line_end - p < 5 || memcmp (p, "lang", 4) != 0)
        continue;
      value = epistle_md_skip_spaces (p + 4, line_end);
      if (value == line_end || *value != ':')
        continue;
      value = epistle_md_skip_spaces (value + 1, line_end);

      if (value < line_end && (*value == '"' || *value == '\''))
        {
          const char *close = memchr (value + 1, *value, (gsize) (line_end - value - 1));

          value_end = close != NULL ? close : line_end;
          value++;
        }
      else
        {
          /* " # …" starts a YAML comment after a plain value. */
          for (value_end = value; value_end < line_end; value_end++)
            {
              if (*value_end == '#' && value_end > value && epistle_md_is_space (value_end[-1]))
                break;
            }
        }

      value = epistle_md_skip_spaces (value, value_end);
      value_end = epistle_md_trim_end (value, value_end);

      return value < value_end ? g_strndup (value, (gsize) (value_end - value)) : NULL;
    }

  return NULL;
}
