/* SPDX-License-Identifier: GPL-3.0-or-later
 * epistle-spell-scan.h — finds the words of a Markdown or plain-text
 * document that spelling should check, and the language each one is in. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define EPISTLE_SPELL_SCAN_MAX_DIVS 8
#define EPISTLE_SPELL_LANG_MAX      24

/* Where a scan stands at a line start: what the lines before it opened.
 * Plain data: copy it with `=`, compare it with
 * epistle_spell_scan_state_equal(), so a caller that re-checks part of a
 * document can tell whether an edit changed the state of what follows. */
typedef struct {
  guint8 at_start;          /* nothing scanned yet: front matter may open  */
  guint8 in_front_matter;   /* inside the YAML front matter               */
  guint8 fence_char;        /* '`' or '~' inside a fenced code block, or 0 */
  guint8 fence_len;         /* length of the opening fence                */
  guint8 n_divs;            /* open Pandoc `:::` divs (may exceed MAX)    */
  char   div_lang[EPISTLE_SPELL_SCAN_MAX_DIVS][EPISTLE_SPELL_LANG_MAX];
                            /* each open div's lang, "" when it sets none */
} EpistleSpellScanState;

typedef struct {
  gsize       offset;   /* byte offset of the word in the scanned text          */
  gsize       length;   /* length in bytes; may contain ' ’ and inner hyphens   */
  const char *lang;     /* NULL: the document's language; else the lang of the
                         * Pandoc span or div around the word (valid only
                         * during the callback)                                 */
} EpistleSpellToken;

typedef void (*EpistleSpellTokenFunc) (const EpistleSpellToken *token,
                                       gpointer                 user_data);

/* The state at the start of a document. */
void     epistle_spell_scan_state_init  (EpistleSpellScanState       *state);
gboolean epistle_spell_scan_state_equal (const EpistleSpellScanState *a,
                                         const EpistleSpellScanState *b);

/* Scans @text, which starts at a line start in the state @state, calls @func
 * for every word spelling should check, in order, and leaves in @state the
 * state after the text (at the next line start, when @text ends with a line
 * break).  @length -1 means NUL-terminated. */
void     epistle_spell_scan             (const char                  *text,
                                         gssize                       length,
                                         EpistleSpellScanState       *state,
                                         EpistleSpellTokenFunc        func,
                                         gpointer                     user_data);

/* The `lang:` value of the YAML front matter that opens @text (e.g. "en-GB",
 * quotes removed), or NULL when there is none.  Free with g_free(). */
char    *epistle_spell_scan_front_matter_lang (const char *text,
                                               gssize      length);

G_END_DECLS
