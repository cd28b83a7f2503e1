/* SPDX-License-Identifier: GPL-3.0-or-later
 * epistle-version-view.h — a version of the document compared word by
 * word with another text (the current one, the version before it, any
 * other version), read-only: words removed struck through in red, words
 * added underlined in green, in the letter's own font and column. */
#pragma once

#include <adwaita.h>

#include "epistle-word-diff.h"

G_BEGIN_DECLS

/* What the view shows, computed in a worker: both texts, their diff,
 * and the merged text with the spans of removed and added words. */
typedef struct {
  guint start;      /* characters in the merged text */
  guint end;
  gboolean added;   /* FALSE: removed words */
} EpistleComparisonSpan;

typedef struct {
  char            *old_text;
  gsize            old_length;
  char            *new_text;
  gsize            new_length;
  EpistleWordDiff *diff;
  char            *merged;
  GArray          *spans;       /* EpistleComparisonSpan, in order */
  GArray          *hunk_starts; /* guint: each hunk's first character in merged */
} EpistleComparison;

/* Takes both texts (UTF-8, NUL-terminated). */
EpistleComparison *epistle_comparison_new  (char              *old_text,
                                            gsize              old_length,
                                            char              *new_text,
                                            gsize              new_length);
void               epistle_comparison_free (EpistleComparison *comparison);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EpistleComparison, epistle_comparison_free)

/* The paragraph of the old text around merged character @offset, and the
 * bytes of the new text it corresponds to: putting old[*old_start,
 * *old_end) in place of new[*new_start, *new_end) brings that paragraph
 * back.  FALSE when @offset is in no changed paragraph. */
gboolean epistle_comparison_paragraph_at (const EpistleComparison *comparison,
                                          guint                    offset,
                                          gsize                   *old_start,
                                          gsize                   *old_end,
                                          gsize                   *new_start,
                                          gsize                   *new_end);

#define EPISTLE_TYPE_VERSION_VIEW (epistle_version_view_get_type ())
G_DECLARE_FINAL_TYPE (EpistleVersionView, epistle_version_view, EPISTLE, VERSION_VIEW, AdwBin)

/* Shows @comparison (taken) under @title with @subtitle. */
void        epistle_version_view_show        (EpistleVersionView *self,
                                              const char         *title,
                                              const char         *subtitle,
                                              EpistleComparison  *comparison,
                                              gboolean            against_current);
void        epistle_version_view_clear       (EpistleVersionView *self);
/* TRUE while a long text is still going into the view. */
gboolean    epistle_version_view_get_loading (EpistleVersionView *self);
const EpistleComparison *epistle_version_view_get_comparison (EpistleVersionView *self);
GtkTextView *epistle_version_view_get_text_view (EpistleVersionView *self);
/* Moves to the next (or previous) change; FALSE when there is none. */
gboolean    epistle_version_view_step_change (EpistleVersionView *self,
                                              gboolean            forward);
/* The change the cursor is in or last moved to (-1: none). */
int         epistle_version_view_get_current_change (EpistleVersionView *self);
/* The merged-text character the cursor is at. */
guint       epistle_version_view_get_cursor  (EpistleVersionView *self);
void        epistle_version_view_set_busy    (EpistleVersionView *self,
                                              const char         *title);

/* The With Now / With Before switch (not for two chosen versions). */
void        epistle_version_view_set_compare_visible (EpistleVersionView *self,
                                                      gboolean            visible);

/* "+152 words, −37, 12 changes" */
char       *epistle_comparison_summary       (const EpistleComparison *comparison);

G_END_DECLS
