/* SPDX-License-Identifier: GPL-3.0-or-later
 * epistle-spell-checker.h — spelling over enchant-2: languages, dictionaries,
 * a word-result cache, the user's words, suggestions.  Thread-safe. */
#pragma once

#include <glib-object.h>

#include "epistle-spell-scan.h"
#include "epistle-word-list.h"

G_BEGIN_DECLS

#define EPISTLE_TYPE_SPELL_CHECKER (epistle_spell_checker_get_type ())
G_DECLARE_FINAL_TYPE (EpistleSpellChecker, epistle_spell_checker, EPISTLE, SPELL_CHECKER, GObject)

#define EPISTLE_SPELL_MAX_SUGGESTIONS 8

typedef struct {
  char *code;   /* the dictionary's tag: "en_GB"            */
  char *name;   /* for people: "English (United Kingdom)"  */
} EpistleSpellLanguage;

void                  epistle_spell_language_free (EpistleSpellLanguage *language);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EpistleSpellLanguage, epistle_spell_language_free)

/* Words of a text a check reports: byte offset and length in the text, and
 * the dictionary language it was checked in. */
typedef struct {
  gsize       offset;
  gsize       length;
  const char *lang;
} EpistleMisspelling;

typedef void (*EpistleMisspellingFunc) (const EpistleMisspelling *misspelling,
                                        gpointer                  user_data);

/* Dictionaries come from enchant-2 (hunspell, aspell, … whatever is
 * installed).  Dictionaries added with _add_word_dictionary() come first. */
EpistleSpellChecker  *epistle_spell_checker_new              (void);
/* The same with enchant switched off: only added dictionaries exist. */
EpistleSpellChecker  *epistle_spell_checker_new_without_enchant (void);

/* A dictionary that knows exactly @words (and their Capitalized and UPPER
 * forms), for tests and for languages no provider has. */
void                  epistle_spell_checker_add_word_dictionary (EpistleSpellChecker *self,
                                                                 const char          *code,
                                                                 const char * const  *words);

/* Installed languages, sorted by name; element type EpistleSpellLanguage. */
GPtrArray            *epistle_spell_checker_list_languages   (EpistleSpellChecker *self);
/* The people's name of a language tag ("en-GB", "en_GB", "de"). */
char                 *epistle_spell_language_name            (const char          *code);
/* The installed dictionary that best serves @wanted ("en-GB", "en_GB.UTF-8",
 * "en" → "en_US" or another English one), or NULL. */
char                 *epistle_spell_checker_resolve_language (EpistleSpellChecker *self,
                                                              const char          *wanted);
/* The language for a document: its front matter `lang`, else @remembered,
 * else @preferred, else the user's locale, else English — the first that
 * has a dictionary.  NULL when no dictionary is installed at all. */
char                 *epistle_spell_checker_choose_language  (EpistleSpellChecker *self,
                                                              const char          *front_matter_lang,
                                                              const char          *remembered,
                                                              const char          *preferred);

/* The personal dictionary (all documents); empty until loaded from
 * epistle_spell_personal_words_path() by whoever owns the checker. */
EpistleWordList      *epistle_spell_checker_get_personal     (EpistleSpellChecker *self);
/* $XDG_DATA_HOME/epistle/personal-words.txt */
char                 *epistle_spell_personal_words_path      (void);

/* Whether one word (no hyphen splitting) is correct in @lang: in @ignored,
 * @document_words or the personal list, or known to the dictionary, where
 * ’ and ' are the same letter and a known word's ’s / 's form is accepted.
 * Dictionary answers are cached per language.  An unknown @lang accepts
 * every word. */
gboolean              epistle_spell_checker_check_word       (EpistleSpellChecker *self,
                                                              const char          *lang,
                                                              const char          *word,
                                                              gssize               length,
                                                              EpistleWordList     *document_words,
                                                              EpistleWordList     *ignored);

/* Checks @text (Markdown or plain, starting at a line start in @state; see
 * epistle-spell-scan.h) and calls @func for each misspelling, in order.  A
 * hyphenated compound is correct when the whole or every part is; else each
 * wrong part is reported on its own.  Words in a span or div of another
 * language are checked in that language when a dictionary serves it, and
 * are not checked when none does.  Returns the number of misspellings. */
guint                 epistle_spell_checker_check_text       (EpistleSpellChecker    *self,
                                                              const char             *lang,
                                                              const char             *text,
                                                              gssize                  length,
                                                              EpistleSpellScanState  *state,
                                                              EpistleWordList        *document_words,
                                                              EpistleWordList        *ignored,
                                                              EpistleMisspellingFunc  func,
                                                              gpointer                user_data);

typedef void (*EpistleSpellWordFunc) (gsize    offset,
                                      gsize    length,
                                      gpointer user_data);

/* The words a check judges in one scanner token of @text: runs of letters
 * joined by apostrophes and hyphens (“and/or” is two).  Byte offsets in
 * @text.  For tools that must tokenize exactly as the checker does. */
void                  epistle_spell_token_for_each_word      (const char              *text,
                                                              const EpistleSpellToken *token,
                                                              EpistleSpellWordFunc     func,
                                                              gpointer                 user_data);

/* Up to EPISTLE_SPELL_MAX_SUGGESTIONS corrections, best first (NULL-terminated;
 * empty when there are none). */
char                **epistle_spell_checker_suggest          (EpistleSpellChecker *self,
                                                              const char          *lang,
                                                              const char          *word,
                                                              gssize               length);

/* How many times the dictionary of @lang was consulted (cache misses). */
guint64               epistle_spell_checker_get_lookups      (EpistleSpellChecker *self,
                                                              const char          *lang);

G_END_DECLS
