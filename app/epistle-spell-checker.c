/* SPDX-License-Identifier: GPL-3.0-or-later
 * epistle-spell-checker.c — enchant-2 dictionaries behind a per-language
 * cache, so a book's 20,000 distinct words cost 20,000 lookups, not 570,000. */

#include "config.h"

#include <enchant.h>
#include <glib/gi18n-lib.h>
#include <locale.h>
#include <string.h>

#include "epistle-spell-checker.h"

#define RIGHT_QUOTE "\xe2\x80\x99"   /* ’ */

typedef struct {
  char        *code;
  GMutex       mutex;       /* guards the backend: enchant is not thread-safe */
  EnchantDict *enchant;     /* NULL for a word dictionary                     */
  GHashTable  *words;       /* a word dictionary's words                      */
  GMutex       cache_mutex;
  GHashTable  *cache;       /* word → GINT_TO_POINTER (1 correct, 2 wrong)    */
  guint64      lookups;
} Dictionary;

struct _EpistleSpellChecker
{
  GObject          parent_instance;

  GMutex           mutex;          /* guards everything below */
  gboolean         use_enchant;
  EnchantBroker   *broker;
  GHashTable      *dictionaries;   /* code → Dictionary*, or &missing */
  EpistleWordList *personal;
};

G_DEFINE_FINAL_TYPE (EpistleSpellChecker, epistle_spell_checker, G_TYPE_OBJECT)

/* Marks a language enchant was asked for and could not load. */
static Dictionary missing;

static void
dictionary_free (gpointer data)
{
  Dictionary *dict = data;

  if (dict == NULL || dict == &missing)
    return;
  g_free (dict->code);
  g_clear_pointer (&dict->words, g_hash_table_unref);
  g_clear_pointer (&dict->cache, g_hash_table_unref);
  g_mutex_clear (&dict->mutex);
  g_mutex_clear (&dict->cache_mutex);
  /* The enchant dictionary is freed with its broker. */
  g_free (dict);
}

static Dictionary *
dictionary_new (const char *code)
{
  Dictionary *dict = g_new0 (Dictionary, 1);

  dict->code = g_strdup (code);
  g_mutex_init (&dict->mutex);
  g_mutex_init (&dict->cache_mutex);
  dict->cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return dict;
}

void
epistle_spell_language_free (EpistleSpellLanguage *language)
{
  if (language == NULL)
    return;
  g_free (language->code);
  g_free (language->name);
  g_free (language);
}

static void
epistle_spell_checker_finalize (GObject *object)
{
  EpistleSpellChecker *self = EPISTLE_SPELL_CHECKER (object);

  g_clear_pointer (&self->dictionaries, g_hash_table_unref);
  g_clear_pointer (&self->broker, enchant_broker_free);
  g_clear_object (&self->personal);
  g_mutex_clear (&self->mutex);
  G_OBJECT_CLASS (epistle_spell_checker_parent_class)->finalize (object);
}

static void
epistle_spell_checker_class_init (EpistleSpellCheckerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = epistle_spell_checker_finalize;
}

static void
epistle_spell_checker_init (EpistleSpellChecker *self)
{
  g_mutex_init (&self->mutex);
  self->use_enchant = TRUE;
  self->dictionaries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, dictionary_free);
  self->personal = epistle_word_list_new ();
}

EpistleSpellChecker *
epistle_spell_checker_new (void)
{
  return g_object_new (EPISTLE_TYPE_SPELL_CHECKER, NULL);
}

EpistleSpellChecker *
epistle_spell_checker_new_without_enchant (void)
{
  EpistleSpellChecker *self = g_object_new (EPISTLE_TYPE_SPELL_CHECKER, NULL);

  self->use_enchant = FALSE;
  return self;
}

/* "en-GB", "en_GB.UTF-8", "en_GB@euro" → "en_GB". */
static char *
normalize_code (const char *code)
{
  GString *out = g_string_new (NULL);

  for (const char *p = code; *p != '\0' && *p != '.' && *p != '@'; p++)
    g_string_append_c (out, *p == '-' ? '_' : *p);
  return g_string_free (out, FALSE);
}

void
epistle_spell_checker_add_word_dictionary (EpistleSpellChecker *self,
                                           const char          *code,
                                           const char * const  *words)
{
  Dictionary *dict;
  g_autofree char *key = NULL;

  g_return_if_fail (EPISTLE_IS_SPELL_CHECKER (self));
  g_return_if_fail (code != NULL);

  key = normalize_code (code);
  dict = dictionary_new (key);
  dict->words = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; words != NULL && words[i] != NULL; i++)
    g_hash_table_add (dict->words, g_strdup (words[i]));

  g_mutex_lock (&self->mutex);
  g_hash_table_replace (self->dictionaries, g_steal_pointer (&key), dict);
  g_mutex_unlock (&self->mutex);
}

/* Called with self->mutex held. */
static EnchantBroker *
get_broker (EpistleSpellChecker *self)
{
  if (self->broker == NULL && self->use_enchant)
    self->broker = enchant_broker_init ();
  return self->broker;
}

static Dictionary *
get_dictionary (EpistleSpellChecker *self,
                const char          *code)
{
  Dictionary *dict;

  if (code == NULL)
    return NULL;

  g_mutex_lock (&self->mutex);
  dict = g_hash_table_lookup (self->dictionaries, code);
  if (dict == NULL)
    {
      EnchantBroker *broker = get_broker (self);
      EnchantDict *enchant = broker != NULL ? enchant_broker_request_dict (broker, code) : NULL;

      if (enchant != NULL)
        {
          dict = dictionary_new (code);
          dict->enchant = enchant;
        }
      else
        dict = &missing;
      g_hash_table_insert (self->dictionaries, g_strdup (code), dict);
    }
  g_mutex_unlock (&self->mutex);

  return dict == &missing ? NULL : dict;
}

/* ------------------------------------------------------------ languages -- */

static const struct { const char *code; const char *name; } language_names[] = {
  { "af", N_("Afrikaans") }, { "ar", N_("Arabic") }, { "be", N_("Belarusian") },
  { "bg", N_("Bulgarian") }, { "bn", N_("Bengali") }, { "br", N_("Breton") },
  { "ca", N_("Catalan") }, { "cs", N_("Czech") }, { "cy", N_("Welsh") },
  { "da", N_("Danish") }, { "de", N_("German") }, { "el", N_("Greek") },
  { "en", N_("English") }, { "eo", N_("Esperanto") }, { "es", N_("Spanish") },
  { "et", N_("Estonian") }, { "eu", N_("Basque") }, { "fa", N_("Persian") },
  { "fi", N_("Finnish") }, { "fo", N_("Faroese") }, { "fr", N_("French") },
  { "ga", N_("Irish") }, { "gd", N_("Scottish Gaelic") }, { "gl", N_("Galician") },
  { "gu", N_("Gujarati") }, { "he", N_("Hebrew") }, { "hi", N_("Hindi") },
  { "hr", N_("Croatian") }, { "hu", N_("Hungarian") }, { "hy", N_("Armenian") },
  { "id", N_("Indonesian") }, { "is", N_("Icelandic") }, { "it", N_("Italian") },
  { "ja", N_("Japanese") }, { "ka", N_("Georgian") }, { "kk", N_("Kazakh") },
  { "ko", N_("Korean") }, { "la", N_("Latin") }, { "lt", N_("Lithuanian") },
  { "lv", N_("Latvian") }, { "mk", N_("Macedonian") }, { "ml", N_("Malayalam") },
  { "mn", N_("Mongolian") }, { "mr", N_("Marathi") }, { "nb", N_("Norwegian Bokmål") },
  { "ne", N_("Nepali") }, { "nl", N_("Dutch") }, { "nn", N_("Norwegian Nynorsk") },
  { "oc", N_("Occitan") }, { "pa", N_("Punjabi") }, { "pl", N_("Polish") },
  { "pt", N_("Portuguese") }, { "ro", N_("Romanian") }, { "ru", N_("Russian") },
  { "sk", N_("Slovak") }, { "sl", N_("Slovenian") }, { "sq", N_("Albanian") },
  { "sr", N_("Serbian") }, { "sv", N_("Swedish") }, { "sw", N_("Swahili") },
  { "ta", N_("Tamil") }, { "te", N_("Telugu") }, { "th", N_("Thai") },
  { "tr", N_("Turkish") }, { "uk", N_("Ukrainian") }, { "ur", N_("Urdu") },
  { "uz", N_("Uzbek") }, { "vi", N_("Vietnamese") }, { "zh", N_("Chinese") },
};

static const struct { const char *code; const char *name; } territory_names[] = {
  { "AR", N_("Argentina") }, { "AT", N_("Austria") }, { "AU", N_("Australia") },
  { "BE", N_("Belgium") }, { "BO", N_("Bolivia") }, { "BR", N_("Brazil") },
  { "BS", N_("Bahamas") }, { "BW", N_("Botswana") }, { "BZ", N_("Belize") },
  { "CA", N_("Canada") }, { "CH", N_("Switzerland") }, { "CL", N_("Chile") },
  { "CN", N_("China") }, { "CO", N_("Colombia") }, { "CR", N_("Costa Rica") },
  { "CU", N_("Cuba") }, { "DE", N_("Germany") }, { "DK", N_("Denmark") },
  { "DO", N_("Dominican Republic") }, { "EC", N_("Ecuador") }, { "ES", N_("Spain") },
  { "FR", N_("France") }, { "GB", N_("United Kingdom") }, { "GH", N_("Ghana") },
  { "GT", N_("Guatemala") }, { "HK", N_("Hong Kong") }, { "HN", N_("Honduras") },
  { "IE", N_("Ireland") }, { "IN", N_("India") }, { "IT", N_("Italy") },
  { "JM", N_("Jamaica") }, { "LI", N_("Liechtenstein") }, { "LU", N_("Luxembourg") },
  { "MX", N_("Mexico") }, { "NA", N_("Namibia") }, { "NG", N_("Nigeria") },
  { "NI", N_("Nicaragua") }, { "NL", N_("Netherlands") }, { "NZ", N_("New Zealand") },
  { "PA", N_("Panama") }, { "PE", N_("Peru") }, { "PH", N_("Philippines") },
  { "PR", N_("Puerto Rico") }, { "PT", N_("Portugal") }, { "PY", N_("Paraguay") },
  { "SG", N_("Singapore") }, { "SV", N_("El Salvador") }, { "TT", N_("Trinidad and Tobago") },
  { "TW", N_("Taiwan") }, { "US", N_("United States") }, { "UY", N_("Uruguay") },
  { "VE", N_("Venezuela") }, { "ZA", N_("South Africa") }, { "ZW", N_("Zimbabwe") },
};

char *
epistle_spell_language_name (const char *code)
{
  g_autofree char *norm = NULL;
  g_auto(GStrv) parts = NULL;
  const char *language = NULL;
  const char *territory = NULL;

  g_return_val_if_fail (code != NULL, NULL);

  norm = normalize_code (code);
  parts = g_strsplit (norm, "_", 2);
  for (guint i = 0; parts[0] != NULL && i < G_N_ELEMENTS (language_names); i++)
    if (g_ascii_strcasecmp (parts[0], language_names[i].code) == 0)
      language = g_dgettext (GETTEXT_PACKAGE, language_names[i].name);
  if (language == NULL)
    return g_strdup (code);
  if (parts[1] == NULL)
    return g_strdup (language);
  for (guint i = 0; i < G_N_ELEMENTS (territory_names); i++)
    if (g_ascii_strcasecmp (parts[1], territory_names[i].code) == 0)
      territory = g_dgettext (GETTEXT_PACKAGE, territory_names[i].name);
  /* TRANSLATORS: a spelling language, e.g. “English (United Kingdom)” */
  return g_strdup_printf (C_("spelling language", "%s (%s)"), language,
                          territory != NULL ? territory : parts[1]);
}

static void
collect_enchant_language (const char * const lang_tag,
                          const char * const provider_name,
                          const char * const provider_desc,
                          const char * const provider_file,
                          void              *user_data)
{
  GHashTable *codes = user_data;

  g_hash_table_add (codes, normalize_code (lang_tag));
}

static int
compare_languages (gconstpointer a,
                   gconstpointer b)
{
  const EpistleSpellLanguage *x = *(EpistleSpellLanguage * const *) a;
  const EpistleSpellLanguage *y = *(EpistleSpellLanguage * const *) b;

  return g_utf8_collate (x->name, y->name);
}

GPtrArray *
epistle_spell_checker_list_languages (EpistleSpellChecker *self)
{
  g_autoptr(GHashTable) codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) epistle_spell_language_free);
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (EPISTLE_IS_SPELL_CHECKER (self), out);

  g_mutex_lock (&self->mutex);
  g_hash_table_iter_init (&iter, self->dictionaries);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (value != &missing)
      g_hash_table_add (codes, g_strdup (key));
  if (get_broker (self) != NULL)
    enchant_broker_list_dicts (self->broker, collect_enchant_language, codes);
  g_mutex_unlock (&self->mutex);

  g_hash_table_iter_init (&iter, codes);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      EpistleSpellLanguage *language = g_new0 (EpistleSpellLanguage, 1);

      language->code = g_strdup (key);
      language->name = epistle_spell_language_name (key);
      g_ptr_array_add (out, language);
    }
  g_ptr_array_sort (out, compare_languages);
  return out;
}

char *
epistle_spell_checker_resolve_language (EpistleSpellChecker *self,
                                        const char          *wanted)
{
  g_autofree char *code = NULL;
  g_autoptr(GPtrArray) languages = NULL;
  g_autofree char *prefix = NULL;
  const char *fallback = NULL;

  g_return_val_if_fail (EPISTLE_IS_SPELL_CHECKER (self), NULL);

  if (wanted == NULL || *wanted == '\0' || g_str_equal (wanted, "C") || g_str_equal (wanted, "POSIX"))
    return NULL;

  code = normalize_code (wanted);
  if (get_dictionary (self, code) != NULL)
    return g_steal_pointer (&code);

  /* "en" or an English we lack ("en_IN"): the first English we have,
   * preferring the United States as enchant does. */
  prefix = g_strndup (code, strcspn (code, "_"));
  languages = epistle_spell_checker_list_languages (self);
  for (guint i = 0; i < languages->len; i++)
    {
      EpistleSpellLanguage *language = g_ptr_array_index (languages, i);
      g_autofree char *lang_prefix = g_strndup (language->code, strcspn (language->code, "_"));

      if (g_ascii_strcasecmp (lang_prefix, prefix) != 0)
        continue;
      if (fallback == NULL || g_str_has_suffix (language->code, "_US"))
        fallback = language->code;
    }
  return fallback != NULL && get_dictionary (self, fallback) != NULL ? g_strdup (fallback) : NULL;
}

char *
epistle_spell_checker_choose_language (EpistleSpellChecker *self,
                                       const char          *front_matter_lang,
                                       const char          *remembered,
                                       const char          *preferred)
{
  const char * const *locales = g_get_language_names ();
  char *code;

  g_return_val_if_fail (EPISTLE_IS_SPELL_CHECKER (self), NULL);

  if ((code = epistle_spell_checker_resolve_language (self, front_matter_lang)) != NULL ||
      (code = epistle_spell_checker_resolve_language (self, remembered)) != NULL ||
      (code = epistle_spell_checker_resolve_language (self, preferred)) != NULL)
    return code;
  for (guint i = 0; locales[i] != NULL; i++)
    if ((code = epistle_spell_checker_resolve_language (self, locales[i])) != NULL)
      return code;
  return epistle_spell_checker_resolve_language (self, "en_US");
}

EpistleWordList *
epistle_spell_checker_get_personal (EpistleSpellChecker *self)
{
  g_return_val_if_fail (EPISTLE_IS_SPELL_CHECKER (self), NULL);
  return self->personal;
}

char *
epistle_spell_personal_words_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "epistle", "personal-words.txt", NULL);
}

/* ---------------------------------------------------------------- words -- */

/* Whether @word (NUL-terminated) is in a word dictionary, as hunspell would
 * answer: “Paris” needs “Paris”; “Dear” and “DEAR” are fine for “dear”. */
static gboolean
word_dictionary_check (Dictionary *dict,
                       const char *word)
{
  g_autofree char *lower = NULL;
  g_autofree char *title = NULL;
  gunichar first;

  if (g_hash_table_contains (dict->words, word))
    return TRUE;
  first = g_utf8_get_char (word);
  if (!g_unichar_isupper (first))
    return FALSE;
  lower = g_utf8_strdown (word, -1);
  if (g_hash_table_contains (dict->words, lower))
    return TRUE;
  /* ALL CAPS of a capitalized word: “PARIS”. */
  {
    char buf[6];
    int n = g_unichar_to_utf8 (g_unichar_totitle (g_utf8_get_char (lower)), buf);

    title = g_strdup_printf ("%.*s%s", n, buf, g_utf8_next_char (lower));
  }
  return g_hash_table_contains (dict->words, title);
}

/* One question to the backend.  @word is NUL-terminated. */
static gboolean
backend_check (Dictionary *dict,
               const char *word,
               gsize       length)
{
  gboolean ok;

  g_mutex_lock (&dict->mutex);
  dict->lookups++;
  if (dict->enchant != NULL)
    ok = enchant_dict_check (dict->enchant, word, length) == 0;
  else
    ok = word_dictionary_check (dict, word);
  g_mutex_unlock (&dict->mutex);
  return ok;
}

/* @word with every @from (a UTF-8 sequence) written as @to. */
static char *
replace_all (const char *word,
             const char *from,
             const char *to)
{
  g_auto(GStrv) parts = g_strsplit (word, from, -1);

  return g_strjoinv (to, parts);
}

/* The dictionary's answer with the apostrophe and possessive rules; @word
 * is NUL-terminated. */
static gboolean
dictionary_accepts (Dictionary *dict,
                    const char *word,
                    gsize       length)
{
  gboolean has_right = strstr (word, RIGHT_QUOTE) != NULL;
  gboolean has_straight = memchr (word, '\'', length) != NULL;

  if (backend_check (dict, word, length))
    return TRUE;
  if (has_right || has_straight)
    {
      g_autofree char *other = has_right ? replace_all (word, RIGHT_QUOTE, "'")
                                         : replace_all (word, "'", RIGHT_QUOTE);

      if (backend_check (dict, other, strlen (other)))
        return TRUE;

      /* A known word's possessive: “Trotsky’s” when “Trotsky” is known. */
      if (length > 2 && g_str_has_suffix (word, "'s"))
        {
          g_autofree char *stem = g_strndup (word, length - 2);
          return dictionary_accepts (dict, stem, length - 2);
        }
      if (length > 4 && g_str_has_suffix (word, RIGHT_QUOTE "s"))
        {
          g_autofree char *stem = g_strndup (word, length - 4);
          return dictionary_accepts (dict, stem, length - 4);
        }
    }
  return FALSE;
}

static gboolean
lists_contain (EpistleSpellChecker *self,
               EpistleWordList     *document_words,
               EpistleWordList     *ignored,
               const char          *word,
               gsize                length)
{
  if ((ignored != NULL && epistle_word_list_contains (ignored, word, length)) ||
      (document_words != NULL && epistle_word_list_contains (document_words, word, length)) ||
      epistle_word_list_contains (self->personal, word, length))
    return TRUE;

  /* “Juche’s” when “Juche” is one of the user's words. */
  if (length > 2 && word[length - 2] == '\'' && word[length - 1] == 's')
    return lists_contain (self, document_words, ignored, word, length - 2);
  if (length > 4 && word[length - 1] == 's' && memcmp (word + length - 4, RIGHT_QUOTE, 3) == 0)
    return lists_contain (self, document_words, ignored, word, length - 4);
  return FALSE;
}

static gboolean
check_word_in (EpistleSpellChecker *self,
               Dictionary          *dict,
               const char          *word,
               gsize                length,
               EpistleWordList     *document_words,
               EpistleWordList     *ignored)
{
  char stack[128];
  g_autofree char *heap = NULL;
  char *key;
  gpointer cached;
  gboolean ok;

  if (lists_contain (self, document_words, ignored, word, length))
    return TRUE;
  if (dict == NULL)
    return TRUE;

  if (length < sizeof stack)
    key = stack;
  else
    key = heap = g_malloc (length + 1);
  memcpy (key, word, length);
  key[length] = '\0';

  g_mutex_lock (&dict->cache_mutex);
  cached = g_hash_table_lookup (dict->cache, key);
  g_mutex_unlock (&dict->cache_mutex);
  if (cached != NULL)
    return GPOINTER_TO_INT (cached) == 1;

  ok = dictionary_accepts (dict, key, length);

  g_mutex_lock (&dict->cache_mutex);
  g_hash_table_insert (dict->cache, g_strndup (word, length), GINT_TO_POINTER (ok ? 1 : 2));
  g_mutex_unlock (&dict->cache_mutex);
  return ok;
}

gboolean
epistle_spell_checker_check_word (EpistleSpellChecker *self,
                                  const char          *lang,
                                  const char          *word,
                                  gssize               length,
                                  EpistleWordList     *document_words,
                                  EpistleWordList     *ignored)
{
  g_autofree char *code = NULL;

  g_return_val_if_fail (EPISTLE_IS_SPELL_CHECKER (self), TRUE);
  g_return_val_if_fail (word != NULL, TRUE);

  if (length < 0)
    length = strlen (word);
  if (lang == NULL)
    return TRUE;
  code = normalize_code (lang);
  return check_word_in (self, get_dictionary (self, code), word, length, document_words, ignored);
}

/* ----------------------------------------------------------------- text -- */

typedef struct {
  EpistleSpellChecker    *self;
  const char             *text;          /* what is being scanned   */
  const char             *text_end;
  Dictionary             *dict;          /* the document's language */
  const char             *lang;
  EpistleWordList        *document_words;
  EpistleWordList        *ignored;
  EpistleMisspellingFunc  func;
  gpointer                user_data;
  guint                   count;
  /* The last span/div language looked up, so a long German div costs one
   * resolution, not one per word. */
  char                   *span_tag;
  char                   *span_code;
  Dictionary             *span_dict;
  /* the dictionary of the token being split into words */
  Dictionary             *run_dict;
  const char             *run_lang;
} CheckText;

static gboolean
is_hyphen_at (const char *p,
              const char *end,
              gsize      *len)
{
  if (*p == '-')
    {
      *len = 1;
      return TRUE;
    }
  /* U+2010 HYPHEN, U+2011 NON-BREAKING HYPHEN */
  if (end - p >= 3 && (guchar) p[0] == 0xe2 && (guchar) p[1] == 0x80 &&
      ((guchar) p[2] == 0x90 || (guchar) p[2] == 0x91))
    {
      *len = 3;
      return TRUE;
    }
  return FALSE;
}

static void
report (CheckText  *ct,
        const char *lang,
        gsize       offset,
        gsize       length)
{
  EpistleMisspelling m = { offset, length, lang };

  ct->count++;
  if (ct->func != NULL)
    ct->func (&m, ct->user_data);
}

/* A run of letters joined by apostrophes and hyphens, at @offset. */
static void
check_compound (CheckText  *ct,
                Dictionary *dict,
                const char *lang,
                const char *text,
                gsize       offset,
                gsize       length)
{
  const char *word = text + offset;
  const char *end = word + length;
  const char *part = word;
  gboolean has_hyphen = FALSE;
  gsize hlen;

  /* A single letter (“a”, “I”, the “e” of “e.g.”) is never flagged. */
  if (g_utf8_strlen (word, length) < 2)
    return;
  for (const char *p = word; p < end; p++)
    if (is_hyphen_at (p, end, &hlen))
      {
        has_hyphen = TRUE;
        break;
      }

  if (check_word_in (ct->self, dict, word, length, ct->document_words, ct->ignored))
    return;
  /* An abbreviation the dictionary lists with its period: “etc.”. */
  if (!has_hyphen && ct->text_end - end > 0 && *end == '.' && length < 64)
    {
      char with_period[72];

      memcpy (with_period, word, length);
      with_period[length] = '.';
      if (check_word_in (ct->self, dict, with_period, length + 1, ct->document_words, ct->ignored))
        return;
    }
  if (!has_hyphen)
    {
      report (ct, lang, offset, length);
      return;
    }

  /* “well-known” the dictionary lacks as a whole is fine when its parts are
   * words; in “DPRK-US” only the part it lacks is wrong. */
  for (const char *p = word; p <= end; )
    {
      if (p == end || is_hyphen_at (p, end, &hlen))
        {
          gsize plen = (gsize) (p - part);

          if (plen > 0 && g_utf8_strlen (part, plen) >= 2 &&
              !check_word_in (ct->self, dict, part, plen, ct->document_words, ct->ignored))
            report (ct, lang, (gsize) (part - text), plen);
          if (p == end)
            break;
          p += hlen;
          part = p;
        }
      else
        p++;
    }
}

static gboolean
is_word_char (gunichar c)
{
  switch (g_unichar_type (c))
    {
    case G_UNICODE_LOWERCASE_LETTER:
    case G_UNICODE_MODIFIER_LETTER:
    case G_UNICODE_OTHER_LETTER:
    case G_UNICODE_TITLECASE_LETTER:
    case G_UNICODE_UPPERCASE_LETTER:
    case G_UNICODE_SPACING_MARK:
    case G_UNICODE_ENCLOSING_MARK:
    case G_UNICODE_NON_SPACING_MARK:
      return TRUE;
    default:
      return FALSE;
    }
}

static gboolean
is_joiner (gunichar c)
{
  return c == '\'' || c == 0x2019 || c == '-' || c == 0x2010 || c == 0x2011;
}

static void
on_run (gsize    offset,
        gsize    length,
        gpointer user_data)
{
  CheckText *ct = user_data;

  check_compound (ct, ct->run_dict, ct->run_lang, ct->text, offset, length);
}

void
epistle_spell_token_for_each_word (const char              *text,
                                   const EpistleSpellToken *token,
                                   EpistleSpellWordFunc     func,
                                   gpointer                 user_data)
{
  const char *p, *end, *run = NULL, *run_end = NULL;

  /* Word counting keeps “and/or” and “end.Start” whole; spelling checks
   * the runs of letters in them (joined by apostrophes and hyphens). */
  p = text + token->offset;
  end = p + token->length;
  while (p <= end)
    {
      gunichar c = p < end ? g_utf8_get_char (p) : 0;
      const char *next = p < end ? g_utf8_next_char (p) : end + 1;

      if (p < end && is_word_char (c))
        {
          if (run == NULL)
            run = p;
          run_end = next;
        }
      else if (p < end && run != NULL && is_joiner (c) && next < end && is_word_char (g_utf8_get_char (next)))
        {
          /* inside the run */
        }
      else if (run != NULL)
        {
          func ((gsize) (run - text), (gsize) (run_end - run), user_data);
          run = NULL;
        }
      p = next;
    }
}

static void
on_token (const EpistleSpellToken *token,
          gpointer                 user_data)
{
  CheckText *ct = user_data;
  Dictionary *dict = ct->dict;
  const char *lang = ct->lang;

  if (token->lang != NULL)
    {
      if (ct->span_tag == NULL || !g_str_equal (ct->span_tag, token->lang))
        {
          g_free (ct->span_tag);
          g_free (ct->span_code);
          ct->span_tag = g_strdup (token->lang);
          ct->span_code = epistle_spell_checker_resolve_language (ct->self, token->lang);
          ct->span_dict = ct->span_code != NULL ? get_dictionary (ct->self, ct->span_code) : NULL;
        }
      /* No dictionary for the span's language: its words are not ours to
       * judge. */
      if (ct->span_dict == NULL)
        return;
      dict = ct->span_dict;
      lang = ct->span_code;
    }
  if (dict == NULL)
    return;

  ct->run_dict = dict;
  ct->run_lang = lang;
  epistle_spell_token_for_each_word (ct->text, token, on_run, ct);
}

guint
epistle_spell_checker_check_text (EpistleSpellChecker    *self,
                                  const char             *lang,
                                  const char             *text,
                                  gssize                  length,
                                  EpistleSpellScanState  *state,
                                  EpistleWordList        *document_words,
                                  EpistleWordList        *ignored,
                                  EpistleMisspellingFunc  func,
                                  gpointer                user_data)
{
  g_autofree char *code = NULL;
  EpistleSpellScanState local_state;
  CheckText ct = { 0 };

  g_return_val_if_fail (EPISTLE_IS_SPELL_CHECKER (self), 0);
  g_return_val_if_fail (text != NULL, 0);

  if (length < 0)
    length = strlen (text);
  if (state == NULL)
    {
      epistle_spell_scan_state_init (&local_state);
      state = &local_state;
    }
  code = lang != NULL ? normalize_code (lang) : NULL;

  ct.self = self;
  ct.text = text;
  ct.text_end = text + length;
  ct.dict = get_dictionary (self, code);
  ct.lang = code;
  ct.document_words = document_words;
  ct.ignored = ignored;
  ct.func = func;
  ct.user_data = user_data;
  epistle_spell_scan (text, length, state, on_token, &ct);
  g_free (ct.span_tag);
  g_free (ct.span_code);
  return ct.count;
}

/* ---------------------------------------------------------- suggestions -- */

/* Levenshtein distance, for the suggestions of a word dictionary. */
static guint
edit_distance (const char *a,
               const char *b)
{
  glong la = g_utf8_strlen (a, -1), lb = g_utf8_strlen (b, -1);
  g_autofree gunichar *ua = g_utf8_to_ucs4_fast (a, -1, NULL);
  g_autofree gunichar *ub = g_utf8_to_ucs4_fast (b, -1, NULL);
  g_autofree guint *row = g_new (guint, lb + 1);

  for (glong j = 0; j <= lb; j++)
    row[j] = j;
  for (glong i = 1; i <= la; i++)
    {
      guint diag = row[0];

      row[0] = i;
      for (glong j = 1; j <= lb; j++)
        {
          guint up = row[j];
          guint cost = g_unichar_tolower (ua[i - 1]) == g_unichar_tolower (ub[j - 1]) ? 0 : 1;

          row[j] = MIN (MIN (row[j] + 1, row[j - 1] + 1), diag + cost);
          diag = up;
        }
    }
  return row[lb];
}

typedef struct {
  guint  distance;
  char  *word;
} Candidate;

static int
compare_candidates (gconstpointer a,
                    gconstpointer b)
{
  const Candidate *x = a, *y = b;

  if (x->distance != y->distance)
    return x->distance < y->distance ? -1 : 1;
  return strcmp (x->word, y->word);
}

char **
epistle_spell_checker_suggest (EpistleSpellChecker *self,
                               const char          *lang,
                               const char          *word,
                               gssize               length)
{
  g_autofree char *code = NULL;
  g_autofree char *key = NULL;
  GPtrArray *out = g_ptr_array_new ();
  Dictionary *dict;

  g_return_val_if_fail (EPISTLE_IS_SPELL_CHECKER (self), NULL);
  g_return_val_if_fail (word != NULL, NULL);

  if (length < 0)
    length = strlen (word);
  key = g_strndup (word, length);
  code = lang != NULL ? normalize_code (lang) : NULL;
  dict = get_dictionary (self, code);

  if (dict != NULL && dict->enchant != NULL)
    {
      size_t n = 0;
      char **list;

      g_mutex_lock (&dict->mutex);
      list = enchant_dict_suggest (dict->enchant, key, length, &n);
      for (size_t i = 0; list != NULL && i < n && out->len < EPISTLE_SPELL_MAX_SUGGESTIONS; i++)
        g_ptr_array_add (out, g_strdup (list[i]));
      if (list != NULL)
        enchant_dict_free_string_list (dict->enchant, list);
      g_mutex_unlock (&dict->mutex);
    }
  else if (dict != NULL)
    {
      g_autoptr(GArray) candidates = g_array_new (FALSE, FALSE, sizeof (Candidate));
      GHashTableIter iter;
      gpointer w;

      g_mutex_lock (&dict->mutex);
      g_hash_table_iter_init (&iter, dict->words);
      while (g_hash_table_iter_next (&iter, &w, NULL))
        {
          Candidate c = { edit_distance (key, w), w };

          if (c.distance <= 2)
            g_array_append_val (candidates, c);
        }
      g_mutex_unlock (&dict->mutex);
      g_array_sort (candidates, compare_candidates);
      for (guint i = 0; i < candidates->len && out->len < EPISTLE_SPELL_MAX_SUGGESTIONS; i++)
        g_ptr_array_add (out, g_strdup (g_array_index (candidates, Candidate, i).word));
    }

  g_ptr_array_add (out, NULL);
  return (char **) g_ptr_array_free (out, FALSE);
}

guint64
epistle_spell_checker_get_lookups (EpistleSpellChecker *self,
                                   const char          *lang)
{
  g_autofree char *code = NULL;
  Dictionary *dict;
  guint64 n;

  g_return_val_if_fail (EPISTLE_IS_SPELL_CHECKER (self), 0);

  code = lang != NULL ? normalize_code (lang) : NULL;
  dict = get_dictionary (self, code);
  if (dict == NULL)
    return 0;
  g_mutex_lock (&dict->mutex);
  n = dict->lookups;
  g_mutex_unlock (&dict->mutex);
  return n;
}
