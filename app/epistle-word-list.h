/* SPDX-License-Identifier: GPL-3.0-or-later
 * epistle-word-list.h — a thread-safe set of words (a personal dictionary,
 * a document's own words, words ignored for a session), kept in a file. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define EPISTLE_TYPE_WORD_LIST (epistle_word_list_get_type ())
G_DECLARE_FINAL_TYPE (EpistleWordList, epistle_word_list, EPISTLE, WORD_LIST, GObject)

/* Words compare as written, except that ’ and ' are the same letter: a
 * list that holds “country’s” also holds “country's”. */
EpistleWordList  *epistle_word_list_new        (void);

/* Replaces the words with those of @path, one per line (blank lines and
 * surrounding white space ignored).  A missing file is an empty list. */
gboolean          epistle_word_list_load       (EpistleWordList  *self,
                                                const char       *path,
                                                GError          **error);
/* Writes the words to @path atomically, sorted, one per line.  With no
 * words and no existing file, writes nothing. */
gboolean          epistle_word_list_save       (EpistleWordList  *self,
                                                const char       *path,
                                                GError          **error);

/* TRUE when the word was not there before.  Emits ::changed then. */
gboolean          epistle_word_list_add        (EpistleWordList  *self,
                                                const char       *word,
                                                gssize            length);
gboolean          epistle_word_list_remove     (EpistleWordList  *self,
                                                const char       *word,
                                                gssize            length);
gboolean          epistle_word_list_contains   (EpistleWordList  *self,
                                                const char       *word,
                                                gssize            length);
guint             epistle_word_list_get_size   (EpistleWordList  *self);
/* The words, sorted (byte order of their UTF-8), NULL-terminated. */
char            **epistle_word_list_dup_words  (EpistleWordList  *self);
void              epistle_word_list_clear      (EpistleWordList  *self);

/* Where a document keeps its own words: "NAME.words" beside it. */
char             *epistle_word_list_path_for_document (const char *document_path);

G_END_DECLS
