/* SPDX-License-Identifier: GPL-3.0-or-later
 * epistle-spell-adapter.h — checks a GtkTextBuffer with the engine's spell
 * checker in a worker, visible text first, and underlines what is wrong. */
#pragma once

#include <gtk/gtk.h>

#include "epistle-spell-checker.h"

G_BEGIN_DECLS

#define EPISTLE_TYPE_SPELL_ADAPTER (epistle_spell_adapter_get_type ())
G_DECLARE_FINAL_TYPE (EpistleSpellAdapter, epistle_spell_adapter, EPISTLE, SPELL_ADAPTER, GObject)

EpistleSpellAdapter *epistle_spell_adapter_new                (GtkTextView         *view,
                                                               EpistleSpellChecker *checker);

/* The dictionary language ("en_GB"); NULL checks nothing. */
void                 epistle_spell_adapter_set_language       (EpistleSpellAdapter *self,
                                                               const char          *code);
const char          *epistle_spell_adapter_get_language       (EpistleSpellAdapter *self);
void                 epistle_spell_adapter_set_enabled        (EpistleSpellAdapter *self,
                                                               gboolean             enabled);
gboolean             epistle_spell_adapter_get_enabled        (EpistleSpellAdapter *self);
/* TRUE while some text has not been checked yet.  The "checked" signal
 * (gint64 start, gint64 end) tells each range of characters as it is done. */
gboolean             epistle_spell_adapter_get_busy           (EpistleSpellAdapter *self);

/* The document's own words and the words ignored for this session. */
EpistleWordList     *epistle_spell_adapter_get_document_words (EpistleSpellAdapter *self);
EpistleWordList     *epistle_spell_adapter_get_ignored        (EpistleSpellAdapter *self);
EpistleSpellChecker *epistle_spell_adapter_get_checker        (EpistleSpellAdapter *self);

/* Checks the whole text again (after a dictionary changed). */
void                 epistle_spell_adapter_recheck_all        (EpistleSpellAdapter *self);

GtkTextTag          *epistle_spell_adapter_get_tag            (EpistleSpellAdapter *self);
/* The misspelled word at @iter, if there is one. */
gboolean             epistle_spell_adapter_get_word_at        (EpistleSpellAdapter *self,
                                                               const GtkTextIter   *iter,
                                                               GtkTextIter         *start,
                                                               GtkTextIter         *end);
/* Selects the next (or previous) misspelling after (before) the cursor,
 * wrapping around; FALSE when there is none. */
gboolean             epistle_spell_adapter_move_to_misspelling (EpistleSpellAdapter *self,
                                                                gboolean             forward);
/* Selects the next place after the selection where @word is underlined,
 * wrapping around; FALSE when it is underlined nowhere. */
gboolean             epistle_spell_adapter_move_to_word       (EpistleSpellAdapter *self,
                                                               const char          *word);
/* The longest single step (µs) the checker has run on the main loop:
 * choosing and copying a batch, or underlining its results (benchmarks). */
gint64               epistle_spell_adapter_get_longest_step   (EpistleSpellAdapter *self);
/* How many misspellings are underlined (cheaper than collecting them). */
guint                epistle_spell_adapter_count              (EpistleSpellAdapter *self);
gboolean             epistle_spell_adapter_count_step         (EpistleSpellAdapter *self,
                                                               int                 *offset,
                                                               guint               *count,
                                                               gint64               budget_usec);
/* Every distinct misspelled word with its count (word → GUINT_TO_POINTER). */
GHashTable          *epistle_spell_adapter_collect            (EpistleSpellAdapter *self);

G_END_DECLS
