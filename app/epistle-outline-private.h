/* SPDX-License-Identifier: GPL-3.0-or-later
 * epistle-outline-private.h — what the outline's scanner (epistle-outline.c)
 * and its letter rules (epistle-outline-letter.c) share: the state kept for
 * every line, the scanner, the items it finds, small helpers on byte ranges. */
#pragma once

#include <string.h>

#include "epistle-markdown-line.h"
#include "epistle-outline.h"

G_BEGIN_DECLS

/* Items nest by rank: headings by level (1–6), books, prologues and
 * epilogues 1, parts 2, chapters 3; a letter's items beneath all of them. */
#define LETTER_RANK 7
#define MAX_RANK    LETTER_RANK

/* The scanner's reference to no line. */
#define NONE G_MAXUINT

/* --------------------------------------------------------------------------
 * Lines and the scanner's state
 * ------------------------------------------------------------------------ */

typedef enum {
  MODE_TEXT,
  MODE_MAYBE_FRONT_MATTER,  /* line 0 was "---": front matter unless line 1 is blank */
  MODE_FRONT_MATTER,
  MODE_FENCE,
} ScanMode;

typedef enum {
  BLOCK_NONE,
  BLOCK_PARAGRAPH,
  BLOCK_QUOTE,              /* > lines */
} BlockKind;

enum {
  BLOCK_LIST       = 1 << 0,  /* the paragraph starts with a list marker: no Setext */
  BLOCK_QUOTE_TEXT = 1 << 1,  /* the last > line had text: a plain line continues it */
};

enum {
  FLAG_MANUSCRIPT  = 1 << 0,  /* a division (BOOK, CHAPTER…) was seen: no letter from here */
  FLAG_HEAD        = 1 << 1,  /* in a letter's head: title, address, date, salutation */
  FLAG_FIRST_BLOCK = 1 << 2,  /* nothing but front matter so far: a title may come */
  FLAG_STRAIGHT    = 1 << 3,  /* the open span is in straight quotation marks */
};

typedef enum {
  PENDING_NONE,
  PENDING_SPAN,       /* a quotation open across paragraphs */
  PENDING_QUOTATION,  /* the last item is a quotation: an attribution may follow */
  PENDING_CLOSING,    /* the last item is a closing: a signature may follow */
} Pending;

/* What the scanner knows on reaching a line, as kept for every line.
 * Earlier lines are referred to by their distance back (0: none), so the
 * state of an unchanged line still compares equal after lines above it
 * were added or removed.  States are compared with memcmp(): no holes. */
typedef struct {
  guint8  mode;
  guint8  fence_char;
  guint8  block;
  guint8  block_flags;
  guint8  flags;
  guint8  pending;
  guint8  depth;            /* quotation marks open in a span */
  guint8  paragraphs;       /* paragraphs of the span so far */
  guint32 fence_length;
  guint32 block_start;
  guint32 intro_start;      /* the last paragraph, when it ends with ':' or ',' */
  guint32 intro_end;
  guint32 span_start;
  guint32 span_intro_start;
  guint32 span_intro_end;
} ScanState;

typedef struct {
  const char *text;         /* not NUL-terminated */
  guint32     length;       /* bytes, without the line end */
  guint32     words;
  guint32     chars;        /* characters, the line end included */
  guint8      ending;       /* characters of the line end: 0 for the last line, 1, or 2 (CRLF) */
  guint8      owned;        /* text was allocated for this line, not in the base text */
  guint8      reserved[2];
  ScanState   state;        /* on reaching the line */
} Line;

typedef enum {
  TITLE_FROM_TEXT,          /* the item's own words */
  TITLE_FROM_NAME,          /* a quotation's lead-in: "Eugene V. Debs once said," */
  TITLE_FROM_SOURCE,        /* a parenthesised source, after the name if there is one */
  TITLE_FROM_ATTRIBUTION,   /* an em-dash line */
} TitleFrom;

/* An item as the scanner finds it; the tree is built from these. */
typedef struct {
  guint   line;
  guint   own_end;          /* 0: the section runs to the next item of the same or a higher rank */
  guint8  kind;
  guint8  heading_level;
  guint8  rank;             /* nesting: 1–6 headings, books 1, parts 2, chapters 3, letter items 7 */
  guint8  title_from;
  char   *title;
} Record;

typedef struct {
  guint64 *tree;            /* 1-based */
  guint    n;
} Fenwick;

struct _EpistleOutline
{
  char       *base;         /* the text of the last full parse; unedited lines point into it */
  Line       *lines;
  guint       n_lines;      /* at least 1: an empty text is one empty line */
  guint       lines_allocated;
  Fenwick     words;        /* words of each line */
  Fenwick     chars;        /* characters of each line, line end included */
  GArray     *records;      /* Record, by line */
  GPtrArray  *items;        /* the top level, borrowed from all_items */
  GPtrArray  *all_items;    /* every item in text order; owns them */
  GString    *para;         /* scratch: the paragraph the letter rules look at */
  GArray     *para_lines;   /* scratch: where each of its lines starts in para */
  GString    *aux;          /* scratch: a lead-in, or a quotation's first words */
};

/* The scanner walks lines with absolute line numbers (NONE for none). */
typedef struct {
  EpistleOutline *self;
  GArray         *out;      /* Record, in text order */
  guint8          mode;
  guint8          fence_char;
  guint8          block;
  guint8          block_flags;
  guint8          flags;
  guint8          pending;
  guint8          depth;
  guint8          paragraphs;
  guint           fence_length;
  guint           block_start;
  guint           intro_start;
  guint           intro_end;
  guint           span_start;
  guint           span_intro_start;
  guint           span_intro_end;
} Scanner;

/* The text of a line, without the byte order mark of the first. */
static inline const char *
line_text (EpistleOutline *self,
           guint           i,
           gsize          *length)
{
  const Line *line = &self->lines[i];

  if (i == 0 && line->length >= 3 && memcmp (line->text, "\xEF\xBB\xBF", 3) == 0)
    {
      *length = line->length - 3;
      return line->text + 3;
    }

  *length = line->length;
  return line->text;
}

/* --------------------------------------------------------------------------
 * Small helpers on [p, end) ranges
 * ------------------------------------------------------------------------ */

static inline gboolean
is_ascii_letter (char c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static inline gboolean
word_in_list (const char         *p,
              gsize               n,
              const char * const *list)
{
  for (guint i = 0; list[i] != NULL; i++)
    if (strlen (list[i]) == n && g_ascii_strncasecmp (p, list[i], n) == 0)
      return TRUE;
  return FALSE;
}

/* Em dash, horizontal bar, en dash, or "--": what an attribution starts with.
 * Returns the length of the dash, 0 if there is none. */
static inline gsize
dash_at (const char *p,
         const char *end)
{
  if (end - p >= 3 && (guchar) p[0] == 0xE2 && (guchar) p[1] == 0x80 &&
      ((guchar) p[2] == 0x94 || (guchar) p[2] == 0x95 || (guchar) p[2] == 0x93))
    return 3;
  if (end - p >= 2 && p[0] == '-' && p[1] == '-')
    return epistle_md_run_of (p, end, '-');
  return 0;
}

/* --------------------------------------------------------------------------
 * Shared between the scanner and the letter rules
 * ------------------------------------------------------------------------ */

guint32 _epistle_outline_count_words     (const char         *text,
                                          gsize               length);
void    _epistle_outline_join_lines      (EpistleOutline     *self,
                                          guint               start,
                                          guint               end,
                                          gboolean            quote,
                                          GString            *out,
                                          GArray             *starts);
void    _epistle_outline_emit            (Scanner            *sc,
                                          EpistleOutlineKind  kind,
                                          guint               heading_level,
                                          guint               line,
                                          guint               own_end,
                                          char               *title,
                                          TitleFrom           from);
void    _epistle_outline_clear_pending   (Scanner            *sc);

/* epistle-outline-letter.c: the letter rules for a finished paragraph or
 * > block of lines [@start, @end). */
void    _epistle_outline_letter_paragraph (Scanner           *sc,
                                           guint              start,
                                           guint              end,
                                           guint8             block_flags);
void    _epistle_outline_letter_quote     (Scanner           *sc,
                                           guint              start,
                                           guint              end);

G_END_DECLS
