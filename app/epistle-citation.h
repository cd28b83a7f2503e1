/* SPDX-License-Identifier: GPL-3.0-or-later
 * epistle-citation.h — a quotation from the library, formatted for the
 * letter: a Markdown block quote with its attribution line, an inline
 * quotation with an author-year reference, a Pandoc citation, a footnote;
 * and the plain-text forms of each for .txt documents. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  EPISTLE_CITATION_BLOCK,     /* > text / > — Author, *Title* (Year), p. 12   */
  EPISTLE_CITATION_INLINE,    /* “text” (Author Year, p. 12)                  */
  EPISTLE_CITATION_PANDOC,    /* > text / [@key, p. 12]                       */
  EPISTLE_CITATION_FOOTNOTE,  /* > text[^n] … [^n]: the full reference        */
} EpistleCitationStyle;

typedef struct {
  const char *text;           /* the quotation; paragraphs separated by blank lines */
  const char *csl_json;       /* its source, one CSL-JSON item; NULL: unknown */
  const char *locator;        /* "12", "12–14", or NULL */
  const char *locator_label;  /* CSL label: "page", "chapter", "location"…; NULL: page */
} EpistleCitationQuote;

/* The quotation in @style, ready to insert (ends with a newline for the
 * block forms, not for inline).  @plain_text: for .txt documents, without
 * Markdown (a block is indented, the title not starred, a footnote is [n]).
 * @footnote: the footnote's number. */
char                 *epistle_citation_format        (const EpistleCitationQuote *quote,
                                                      EpistleCitationStyle        style,
                                                      gboolean                    plain_text,
                                                      guint                       footnote);

/* The style a quotation gets when none is asked for: inline when it is one
 * paragraph of fewer than @block_words words, a block otherwise. */
EpistleCitationStyle  epistle_citation_default_style (const char *text,
                                                      guint       block_words);

/* "Rosa Luxemburg, *The Russian Revolution* (1918), p. 12" — the
 * attribution of a block (Markdown, or plain without the stars). */
char                 *epistle_citation_attribution   (const EpistleCitationQuote *quote,
                                                      gboolean                    plain_text);

G_END_DECLS
