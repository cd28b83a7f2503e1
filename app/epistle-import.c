/* SPDX-License-Identifier: GPL-3.0-or-later
 * epistle-import.c — the import batch and what the importers share: input
 * checks, personal names ("Last, First", "First von Last") and CSL dates. */

#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <glib/gi18n.h>

#include "epistle-import-private.h"

/* --------------------------------------------------------------------------
 * Batches and quotes
 * ------------------------------------------------------------------------ */

static void
skip_clear (gpointer data)
{
  EpistleImportSkip *skip = data;

  g_clear_pointer (&skip->reason, g_free);
}

EpistleImportBatch *
epistle_import_batch_new (void)
{
  EpistleImportBatch *batch = g_new0 (EpistleImportBatch, 1);

  batch->quotes = g_ptr_array_new_with_free_func ((GDestroyNotify) epistle_import_quote_free);
  batch->sources = g_ptr_array_new_with_free_func (g_free);
  batch->skipped = g_array_new (FALSE, TRUE, sizeof (EpistleImportSkip));
  g_array_set_clear_func (batch->skipped, skip_clear);

  return batch;
}

void
epistle_import_batch_free (EpistleImportBatch *batch)
{
  if (batch == NULL)
    return;

  g_clear_pointer (&batch->quotes, g_ptr_array_unref);
  g_clear_pointer (&batch->sources, g_ptr_array_unref);
  g_clear_pointer (&batch->skipped, g_array_unref);
  g_free (batch);
}

EpistleImportQuote *
epistle_import_quote_new (void)
{
  return g_new0 (EpistleImportQuote, 1);
}

void
epistle_import_quote_free (EpistleImportQuote *quote)
{
  if (quote == NULL)
    return;

  g_free (quote->csl_json);
  g_free (quote->text);
  g_free (quote->note);
  g_free (quote->locator);
  g_free (quote->locator_label);
  g_strfreev (quote->tags);
  g_free (quote);
}

void
epistle_import_batch_skip (EpistleImportBatch *batch,
                           guint               line,
                           const char         *reason)
{
  EpistleImportSkip skip = { 0, };

  g_return_if_fail (batch != NULL);
  g_return_if_fail (reason != NULL);

  skip.line = line;
  skip.reason = g_strdup (reason);
  g_array_append_val (batch->skipped, skip);
}

void
_epistle_import_add_quote (EpistleImportBatch *batch,
                           EpistleImportQuote *quote)
{
  g_ptr_array_add (batch->quotes, quote);
}

/* --------------------------------------------------------------------------
 * Input
 * ------------------------------------------------------------------------ */

void
_epistle_import_set_not_format (GError     **error,
                                const char  *format,
                                const char  *why)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               /* Translators: "Not a BibTeX file: no @entry was found." */
               _("Not a %s file: %s"), format, why);
}

gboolean
_epistle_import_is_blank (const char *text,
                          gsize       length)
{
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isspace (text[i]))
      return FALSE;
  return TRUE;
}

gboolean
_epistle_import_begin (const char   *text,
                       gssize        length,
                       const char   *format,
                       const char  **out_text,
                       gsize        *out_length,
                       GError      **error)
{
  gsize len;

  if (text == NULL)
    length = 0;
  else if (length < 0)
    length = strlen (text);
  len = length;

  if (len >= 2 && (((guchar) text[0] == 0xFF && (guchar) text[1] == 0xFE) ||
                   ((guchar) text[0] == 0xFE && (guchar) text[1] == 0xFF)))
    {
      _epistle_import_set_not_format (error, format,
                                      _("the file is in UTF-16; it must be saved as UTF-8."));
      return FALSE;
    }

  if (len >= 3 && memcmp (text, "\xEF\xBB\xBF", 3) == 0)
    {
      text += 3;
      len -= 3;
    }

  if (len == 0 || _epistle_import_is_blank (text, len))
    {
      _epistle_import_set_not_format (error, format, _("the file is empty."));
      return FALSE;
    }

  *out_text = text;
  *out_length = len;
  return TRUE;
}

guint
_epistle_import_count_lines (const char *from,
                             const char *to)
{
  guint n = 0;

  for (const char *p = from; p < to; p++)
    {
      p = memchr (p, '\n', to - p);
      if (p == NULL)
        break;
      n++;
    }
  return n;
}

char *
_epistle_import_strip (const char *text,
                       gsize       length)
{
  const char *end = text + length;

  while (text < end && g_ascii_isspace (*text))
    text++;
  while (end > text && g_ascii_isspace (end[-1]))
    end--;
  return g_strndup (text, end - text);
}

/* --------------------------------------------------------------------------
 * Names
 * ------------------------------------------------------------------------ */

typedef struct {
  const char *start;
  gsize       length;
} Span;

static char *
convert_span (const Span            *words,
              guint                  n,
              EpistleImportTextFunc  convert)
{
  g_autoptr(GString) joined = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append_c (joined, ' ');
      g_string_append_len (joined, words[i].start, words[i].length);
    }

  if (convert != NULL)
    {
      g_autofree char *converted = convert (joined->str, joined->len);

      return _epistle_import_strip (converted, strlen (converted));
    }
  return _epistle_import_strip (joined->str, joined->len);
}

/* Splits [text, text+length) into words at blanks and ties outside braces. */
static GArray *
split_words (const char *text,
             gsize       length)
{
  GArray *words = g_array_new (FALSE, FALSE, sizeof (Span));
  const char *end = text + length;
  const char *p = text;

  while (p < end)
    {
      Span word;
      int depth = 0;

      while (p < end && (g_ascii_isspace (*p) || *p == '~'))
        p++;
      if (p >= end)
        break;
      word.start = p;
      while (p < end && (depth > 0 || !(g_ascii_isspace (*p) || *p == '~')))
        {
          if (*p == '{')
            depth++;
          else if (*p == '}' && depth > 0)
            depth--;
          else if (*p == '\\' && p + 1 < end)
            p++;
          p++;
        }
      word.length = p - word.start;
      g_array_append_val (words, word);
    }
  return words;
}

/* BibTeX's rule: a word of the "von" part starts with a lower-case letter. */
static gboolean
word_is_lower (const Span *word)
{
  gunichar c;

  if (word->length == 0 || word->start[0] == '{' || word->start[0] == '\\')
    return FALSE;
  c = g_utf8_get_char_validated (word->start, word->length);
  if (c == (gunichar) -1 || c == (gunichar) -2)
    return FALSE;
  return g_unichar_islower (c);
}

static void
set_part (JsonObject            *name,
          const char            *member,
          const Span            *words,
          guint                  n,
          EpistleImportTextFunc  convert)
{
  g_autofree char *value = NULL;

  if (n == 0)
    return;
  value = convert_span (words, n, convert);
  if (*value != '\0')
    json_object_set_string_member (name, member, value);
}

/* "von Last" from a list of words: the leading lower-case words are the
 * particle, but the last word is always the family name. */
static void
set_von_last (JsonObject            *name,
              const Span            *words,
              guint                  n,
              EpistleImportTextFunc  convert)
{
  guint von = 0;

  if (n == 0)   /* "{, Given}": no family name; words may be NULL */
    return;
  while (von + 1 < n && word_is_lower (&words[von]))
    von++;
  set_part (name, "non-dropping-particle", words, von, convert);
  set_part (name, "family", words + von, n - von, convert);
}

JsonNode *
_epistle_import_parse_name (const char            *text,
                            gsize                  length,
                            EpistleImportTextFunc  convert)
{
  g_autoptr(JsonObject) name = NULL;
  g_autoptr(GArray) commas = g_array_new (FALSE, FALSE, sizeof (gsize));
  const char *end = text + length;
  JsonNode *node;
  int depth = 0;

  while (text < end && (g_ascii_isspace (*text) || *text == '~'))
    text++;
  while (end > text && (g_ascii_isspace (end[-1]) || end[-1] == '~' || end[-1] == ','))
    end--;
  length = end - text;
  if (length == 0)
    return NULL;

  /* "and others" is BibTeX's "et al.", not a person. */
  if (length == 6 && g_ascii_strncasecmp (text, "others", 6) == 0)
    return NULL;

  name = json_object_new ();

  /* {World Health Organization}: one institution, never split. */
  if (text[0] == '{' && end[-1] == '}')
    {
      const char *p;

      for (p = text; p < end; p++)
        {
          if (*p == '\\' && p + 1 < end)
            p++;
          else if (*p == '{')
            depth++;
          else if (*p == '}' && --depth == 0)
            break;
        }
      if (p == end - 1)
        {
          Span inner = { text + 1, length - 2 };
          set_part (name, "literal", &inner, 1, convert);
          goto done;
        }
      depth = 0;
    }

  for (gsize i = 0; i < length; i++)
    {
      if (text[i] == '\\' && i + 1 < length)
        i++;
      else if (text[i] == '{')
        depth++;
      else if (text[i] == '}' && depth > 0)
        depth--;
      else if (text[i] == ',' && depth == 0)
        g_array_append_val (commas, i);
    }

  if (commas->len == 0)
    {
      /* First von Last */
      g_autoptr(GArray) words = split_words (text, length);
      const Span *w = (const Span *) (const void *) words->data;
      guint n = words->len;
      guint first_lower = n;
      guint last_lower = n;

      for (guint i = 0; i + 1 < n; i++)
        if (word_is_lower (&w[i]))
          {
            if (first_lower == n)
              first_lower = i;
            last_lower = i;
          }

      if (first_lower == n)
        {
          set_part (name, "given", w, n - 1, convert);
          set_part (name, "family", w + n - 1, 1, convert);
        }
      else
        {
          set_part (name, "given", w, first_lower, convert);
          set_part (name, "non-dropping-particle", w + first_lower, last_lower - first_lower + 1, convert);
          set_part (name, "family", w + last_lower + 1, n - last_lower - 1, convert);
        }
    }
  else
    {
      /* von Last, First  or  von Last, Jr, First */
      gsize c1 = g_array_index (commas, gsize, 0);
      gsize c2 = commas->len > 1 ? g_array_index (commas, gsize, 1) : length;
      g_autoptr(GArray) last = split_words (text, c1);
      g_autoptr(GArray) first = NULL;

      set_von_last (name, (const Span *) (const void *) last->data, last->len, convert);
      if (commas->len > 1)
        {
          g_autoptr(GArray) jr = split_words (text + c1 + 1, c2 - c1 - 1);

          set_part (name, "suffix", (const Span *) (const void *) jr->data, jr->len, convert);
          first = split_words (text + c2 + 1, length - c2 - 1);
        }
      else
        first = split_words (text + c1 + 1, length - c1 - 1);
      set_part (name, "given", (const Span *) (const void *) first->data, first->len, convert);
    }

done:
  if (json_object_get_size (name) == 0)
    return NULL;
  if (!json_object_has_member (name, "family") && !json_object_has_member (name, "literal"))
    {
      /* "Plato," or a lone particle: what there is is the name. */
      g_autofree char *only = g_strdup (json_object_get_string_member_with_default (name, "given",
                                        json_object_get_string_member_with_default (name, "non-dropping-particle", "")));
      json_object_remove_member (name, "given");
      json_object_remove_member (name, "non-dropping-particle");
      json_object_set_string_member (name, "family", only);
    }
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, name);
  return node;
}

/* Where the separator " and " (any case, any blanks) starts at @p, the
 * offset just after it; 0 otherwise. */
static gsize
match_and (const char *p,
           const char *end)
{
  const char *q = p;

  if (q >= end || !g_ascii_isspace (*q))
    return 0;
  while (q < end && g_ascii_isspace (*q))
    q++;
  if (end - q < 4 || g_ascii_strncasecmp (q, "and", 3) != 0 || !g_ascii_isspace (q[3]))
    return 0;
  return q + 4 - p;
}

JsonNode *
_epistle_import_parse_names (const char            *text,
                             gsize                  length,
                             const char            *separator,
                             EpistleImportTextFunc  convert)
{
  g_autoptr(JsonArray) names = json_array_new ();
  gboolean word_and = g_str_equal (separator, " and ");
  gsize sep_len = strlen (separator);
  const char *end = text + length;
  const char *start = text;
  const char *p = text;
  JsonNode *node;
  int depth = 0;

  for (;;)
    {
      gsize skip = 0;

      if (p < end)
        {
          if (*p == '\\' && p + 1 < end)
            {
              p += 2;
              continue;
            }
          if (*p == '{')
            depth++;
          else if (*p == '}' && depth > 0)
            depth--;
          else if (depth == 0)
            {
              if (word_and)
                skip = match_and (p, end);
              else if ((gsize) (end - p) >= sep_len && memcmp (p, separator, sep_len) == 0)
                skip = sep_len;
            }
          if (skip == 0)
            {
              p++;
              continue;
            }
        }

      {
        JsonNode *name = _epistle_import_parse_name (start, p - start, convert);

        if (name != NULL)
          json_array_add_element (names, name);
      }
      if (p >= end)
        break;
      p += skip;
      start = p;
    }

  if (json_array_get_length (names) == 0)
    return NULL;
  node = json_node_new (JSON_NODE_ARRAY);
  json_node_set_array (node, names);
  return node;
}

/* --------------------------------------------------------------------------
 * Dates and JSON
 * ------------------------------------------------------------------------ */

JsonNode *
_epistle_import_date_node (int year,
                           int month,
                           int day)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "date-parts");
  json_builder_begin_array (builder);
  json_builder_begin_array (builder);
  json_builder_add_int_value (builder, year);
  if (month >= 1 && month <= 12)
    {
      json_builder_add_int_value (builder, month);
      if (day >= 1 && day <= 31)
        json_builder_add_int_value (builder, day);
    }
  json_builder_end_array (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* Month names as Kindle and BibTeX write them (English first; the others
 * for localized "Added on" lines), lower case. */
static const char * const month_names[][12] = {
  { "january", "february", "march", "april", "may", "june", "july",
    "august", "september", "october", "november", "december" },
  { "janvier", "février", "mars", "avril", "mai", "juin", "juillet",
    "août", "septembre", "octobre", "novembre", "décembre" },
  { "januar", "februar", "märz", "april", "mai", "juni", "juli",
    "august", "september", "oktober", "november", "dezember" },
  { "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio",
    "agosto", "septiembre", "octubre", "noviembre", "diciembre" },
};

int
_epistle_import_parse_month (const char *text)
{
  g_autofree char *word = NULL;
  gsize len;
  char *dot;

  if (text == NULL)
    return 0;
  word = g_utf8_strdown (text, -1);
  g_strstrip (word);
  if ((dot = strchr (word, '.')) != NULL && dot[1] == '\0')
    *dot = '\0';
  len = strlen (word);
  if (len == 0)
    return 0;

  if (g_ascii_isdigit (word[0]))
    {
      guint64 n;

      if (!g_ascii_string_to_unsigned (word, 10, 1, 12, &n, NULL))
        return 0;
      return (int) n;
    }

  for (guint lang = 0; lang < G_N_ELEMENTS (month_names); lang++)
    for (int m = 0; m < 12; m++)
      if (strcmp (word, month_names[lang][m]) == 0)
        return m + 1;

  /* English abbreviations: "Jan", "Sept". */
  if (g_str_equal (word, "sept"))
    return 9;
  if (len == 3)
    for (int m = 0; m < 12; m++)
      if (strncmp (word, month_names[0][m], 3) == 0)
        return m + 1;

  return 0;
}

char *
_epistle_import_to_json (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (node, object);
  return json_to_string (node, FALSE);
}
