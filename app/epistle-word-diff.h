/* SPDX-License-Identifier: GPL-3.0-or-later
 * epistle-word-diff.h — the difference between two drafts word by word:
 * prose paragraphs are single long lines, so line diffs say nothing.  The
 * texts are cut into words, runs of white space and punctuation marks; a
 * minimal edit script is found (Myers) after trimming what both share at
 * the ends and anchoring on paragraphs that occur once in each, so that a
 * 3 MB manuscript with a few edits compares in milliseconds. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  gsize  old_start;      /* byte offsets of the replaced text in the old text */
  gsize  old_end;
  gsize  new_start;      /* and of what replaces it in the new one */
  gsize  new_end;
  guint  words_removed;  /* words (not spaces or punctuation) in each */
  guint  words_added;
} EpistleWordDiffHunk;

typedef struct {
  GArray *hunks;         /* EpistleWordDiffHunk, in order, never touching */
  guint   words_added;
  guint   words_removed;
  guint   tokens_added;  /* words, spaces and marks: the size of the edit */
  guint   tokens_removed;
} EpistleWordDiff;

/* The hunks that turn @old_text into @new_text (both UTF-8). */
EpistleWordDiff *epistle_word_diff_compute (const char      *old_text,
                                            gsize            old_length,
                                            const char      *new_text,
                                            gsize            new_length);
/* @old_text with the hunks applied, taking the new words from @new_text:
 * equal to @new_text for the texts the diff was computed on. */
char            *epistle_word_diff_apply   (const EpistleWordDiff *diff,
                                            const char      *old_text,
                                            gsize            old_length,
                                            const char      *new_text);
void             epistle_word_diff_free    (EpistleWordDiff *diff);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EpistleWordDiff, epistle_word_diff_free)

/* The number of words in @text as the diff counts them. */
guint            epistle_word_diff_count_words (const char *text,
                                                gssize      length);

/* For tests: the size of a minimal edit (tokens removed plus added),
 * found by the textbook O(N·M) table — slow, independent of the above. */
guint            _epistle_word_diff_reference_edit (const char *old_text,
                                                    const char *new_text);

G_END_DECLS
