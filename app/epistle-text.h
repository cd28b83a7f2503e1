/* SPDX-License-Identifier: GPL-3.0-or-later
 * epistle-text.h — UTF-8 word iteration and text statistics shared by
 * everything that counts or checks words (status bar, epistle-cli, spelling). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  EPISTLE_WORD_PLAIN,     /* letters, with inner apostrophes / hyphens   */
  EPISTLE_WORD_NUMBER,    /* 1968, 20th, 3.5, 1,000, words with digits   */
  EPISTLE_WORD_URL,       /* https://…, www.…                            */
  EPISTLE_WORD_EMAIL,     /* name@example.org                            */
  EPISTLE_WORD_PATH,      /* /usr/share/…, ~/Documents, C:\…             */
} EpistleWordKind;

typedef struct {
  gsize           offset;   /* byte offset of the word in the text */
  gsize           length;   /* length in bytes                     */
  EpistleWordKind kind;
} EpistleWord;

/* Iterates over the words of a UTF-8 text.  Words are separated by every
 * Unicode white space character (U+00A0 included) and by em/en dashes;
 * leading/trailing punctuation is not part of a word; apostrophes (' and ’)
 * and hyphens between letters are.  Stack-allocated, no cleanup needed. */
typedef struct {
  const char *text;
  gsize       length;
  gsize       pos;
} EpistleWordIter;

void     epistle_word_iter_init (EpistleWordIter *iter,
                                 const char      *text,
                                 gssize           length);
gboolean epistle_word_iter_next (EpistleWordIter *iter,
                                 EpistleWord     *word);

typedef struct {
  guint64 words;
  guint64 characters;              /* user-perceived characters, line breaks excluded */
  guint64 characters_no_spaces;    /* the same without any white space              */
  guint64 paragraphs;              /* runs of non-blank lines                        */
  guint64 lines;
} EpistleTextStats;

void     epistle_text_stats_compute (const char       *text,
                                     gssize            length,
                                     EpistleTextStats *stats);

/* The reading speed behind epistle_text_reading_minutes(): an adult's
 * silent reading of non-fiction, as word processors usually assume. */
#define EPISTLE_READING_WORDS_PER_MINUTE 230

/* Reading time in whole minutes (rounded up, 0 only for 0 words). */
guint    epistle_text_reading_minutes (guint64 words);

G_END_DECLS
