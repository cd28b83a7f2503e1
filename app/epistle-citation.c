/* SPDX-License-Identifier: GPL-3.0-or-later
 * epistle-citation.c — formatting a quotation and its source (a CSL-JSON
 * item) for insertion into a letter. */

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "epistle-citation.h"
#include "epistle-text.h"

/* ------------------------------------------------------------ source ---- */

typedef struct {
  JsonObject *item;           /* NULL: no source */
  JsonParser *parser;
} Source;

static void
source_init (Source     *source,
             const char *csl_json)
{
  JsonNode *root;

  source->item = NULL;
  source->parser = NULL;
  if (csl_json == NULL)
    return;
  source->parser = json_parser_new ();
  if (!json_parser_load_from_data (source->parser, csl_json, -1, NULL))
    return;
  root = json_parser_get_root (source->parser);
  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    source->item = json_node_get_object (root);
}

static void
source_clear (Source *source)
{
  g_clear_object (&source->parser);
  source->item = NULL;
}

static const char *
get_string (JsonObject *object,
            const char *member)
{
  JsonNode *node;

  if (object == NULL || !json_object_has_member (object, member))
    return NULL;
  node = json_object_get_member (object, member);
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return *json_node_get_string (node) != '\0' ? json_node_get_string (node) : NULL;
}

/* "Rosa Luxemburg", "W. E. B. Du Bois", "Ludwig van Beethoven"; @family_only
 * for author-year references ("Luxemburg", "van Beethoven"). */
static char *
name_to_string (JsonObject *name,
                gboolean    family_only)
{
  const char *literal = get_string (name, "literal");
  const char *family = get_string (name, "family");
  const char *given = get_string (name, "given");
  const char *dropping = get_string (name, "dropping-particle");
  const char *non_dropping = get_string (name, "non-dropping-particle");
  g_autoptr(GString) out = g_string_new (NULL);

  if (literal != NULL)
    return g_strdup (literal);
  if (family == NULL)
    return given != NULL ? g_strdup (given) : NULL;
  if (!family_only && given != NULL)
    g_string_append_printf (out, "%s ", given);
  if (!family_only && dropping != NULL)
    g_string_append_printf (out, "%s ", dropping);
  if (non_dropping != NULL)
    g_string_append_printf (out, "%s ", non_dropping);
  g_string_append (out, family);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Authors (else editors) as prose: "A", "A and B", "A, B and C"; short
 * (for references): "A", "A and B", "A et al.". NULL when there are none. */
static char *
authors_to_string (JsonObject *item,
                   gboolean    short_form)
{
  JsonArray *names = NULL;
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint k = 0; k < 2 && names == NULL; k++)
    {
      const char *role = k == 0 ? "author" : "editor";

      if (item != NULL && json_object_has_member (item, role) &&
          JSON_NODE_HOLDS_ARRAY (json_object_get_member (item, role)))
        names = json_object_get_array_member (item, role);
    }
  for (guint i = 0; names != NULL && i < json_array_get_length (names); i++)
    {
      JsonNode *node = json_array_get_element (names, i);
      char *name = JSON_NODE_HOLDS_OBJECT (node) ? name_to_string (json_node_get_object (node), short_form) : NULL;

      if (name != NULL)
        g_ptr_array_add (parts, name);
    }
  if (parts->len == 0)
    return NULL;
  if (short_form && parts->len > 2)
    return g_strdup_printf ("%s et al.", (char *) g_ptr_array_index (parts, 0));
  for (guint i = 0; i < parts->len; i++)
    {
      if (i > 0)
        g_string_append (out, i == parts->len - 1 ? " and " : ", ");
      g_string_append (out, g_ptr_array_index (parts, i));
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* The year of "issued": date-parts (numbers or strings), else the first
 * four-digit run of "raw" or "literal". */
static char *
year_of (JsonObject *item)
{
  JsonObject *issued = NULL;
  const char *text;

  if (item != NULL && json_object_has_member (item, "issued") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (item, "issued")))
    issued = json_object_get_object_member (item, "issued");
  if (issued == NULL)
    return NULL;
  if (json_object_has_member (issued, "date-parts") &&
      JSON_NODE_HOLDS_ARRAY (json_object_get_member (issued, "date-parts")))
    {
      JsonArray *parts = json_object_get_array_member (issued, "date-parts");
      JsonNode *first = json_array_get_length (parts) > 0 ? json_array_get_element (parts, 0) : NULL;

      if (first != NULL && JSON_NODE_HOLDS_ARRAY (first) && json_array_get_length (json_node_get_array (first)) > 0)
        {
          JsonNode *year = json_array_get_element (json_node_get_array (first), 0);

          if (JSON_NODE_HOLDS_VALUE (year) && json_node_get_value_type (year) == G_TYPE_STRING)
            return g_strdup (json_node_get_string (year));
          if (JSON_NODE_HOLDS_VALUE (year))
            return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (year));
        }
    }
  text = get_string (issued, "raw");
  if (text == NULL)
    text = get_string (issued, "literal");
  for (const char *p = text; p != NULL && *p != '\0'; p++)
    if (g_ascii_isdigit (p[0]) && g_ascii_isdigit (p[1]) && g_ascii_isdigit (p[2]) && g_ascii_isdigit (p[3]) &&
        !g_ascii_isdigit (p[4]))
      return g_strndup (p, 4);
  return text != NULL ? g_strdup (text) : NULL;
}

/* Works whose title is a part of something else: “Title”, *Container*. */
static gboolean
is_part (const char *type)
{
  static const char *parts[] = {
    "article", "article-journal", "article-magazine", "article-newspaper", "chapter",
    "entry", "entry-dictionary", "entry-encyclopedia", "paper-conference", "post",
    "post-weblog", "speech", "webpage", "song",
  };

  for (guint i = 0; type != NULL && i < G_N_ELEMENTS (parts); i++)
    if (g_str_equal (type, parts[i]))
      return TRUE;
  return FALSE;
}

/* "p. 12", "pp. 12–14", "ch. 3", "loc. 1520"; "" without a locator. */
static char *
locator_to_string (const char *locator,
                   const char *label)
{
  static const struct { const char *label; const char *one; const char *many; } labels[] = {
    { "page", "p.", "pp." }, { "chapter", "ch.", "chs." }, { "location", "loc.", "locs." },
    { "section", "sec.", "secs." }, { "paragraph", "para.", "paras." }, { "line", "l.", "ll." },
    { "verse", "v.", "vv." }, { "volume", "vol.", "vols." }, { "folio", "fol.", "fols." },
  };
  gboolean range;

  if (locator == NULL || *locator == '\0')
    return g_strdup ("");
  if (label == NULL)
    label = "page";
  range = strpbrk (locator, "-,") != NULL || strstr (locator, "–") != NULL;
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_str_equal (label, labels[i].label))
      {
        g_autofree char *dashed = NULL;
        g_auto(GStrv) pieces = g_strsplit (locator, "-", -1);

        /* Ranges take an en dash. */
        dashed = g_strjoinv ("–", pieces);
        return g_strdup_printf ("%s %s", range ? labels[i].many : labels[i].one, dashed);
      }
  return g_strdup_printf ("%s %s", label, locator);
}

/* ------------------------------------------------------------- pieces ---- */

char *
epistle_citation_attribution (const EpistleCitationQuote *quote,
                              gboolean                    plain_text)
{
  Source source;
  g_autofree char *authors = NULL;
  g_autofree char *year = NULL;
  g_autofree char *where = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  const char *title, *container, *type;
  const char *italic = plain_text ? "" : "*";

  g_return_val_if_fail (quote != NULL, NULL);

  source_init (&source, quote->csl_json);
  authors = authors_to_string (source.item, FALSE);
  year = year_of (source.item);
  title = get_string (source.item, "title");
  container = get_string (source.item, "container-title");
  type = get_string (source.item, "type");
  where = locator_to_string (quote->locator, quote->locator_label);

  if (authors != NULL)
    g_string_append (out, authors);
  if (title != NULL)
    {
      if (out->len > 0)
        g_string_append (out, ", ");
      if (is_part (type))
        {
          g_string_append_printf (out, "“%s”", title);
          if (container != NULL)
            g_string_append_printf (out, ", %s%s%s", italic, container, italic);
        }
      else
        g_string_append_printf (out, "%s%s%s", italic, title, italic);
    }
  if (year != NULL)
    g_string_append_printf (out, out->len > 0 ? " (%s)" : "%s", year);
  if (*where != '\0')
    g_string_append_printf (out, out->len > 0 ? ", %s" : "%s", where);
  source_clear (&source);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* (Luxemburg 1918, p. 12) without the parentheses; the short title when
 * there is no author. */
static char *
reference (const EpistleCitationQuote *quote)
{
  Source source;
  g_autofree char *authors = NULL;
  g_autofree char *year = NULL;
  g_autofree char *where = NULL;
  g_autoptr(GString) out = g_string_new (NULL);

  source_init (&source, quote->csl_json);
  authors = authors_to_string (source.item, TRUE);
  year = year_of (source.item);
  where = locator_to_string (quote->locator, quote->locator_label);
  if (authors != NULL)
    g_string_append (out, authors);
  else if (get_string (source.item, "title") != NULL)
    g_string_append (out, get_string (source.item, "title"));
  if (year != NULL)
    g_string_append_printf (out, out->len > 0 ? " %s" : "%s", year);
  if (*where != '\0')
    g_string_append_printf (out, out->len > 0 ? ", %s" : "%s", where);
  source_clear (&source);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* The Pandoc citation key: the item's id, else family name and year in
 * lower-case ASCII ("luxemburg1918"). */
static char *
citation_key (const EpistleCitationQuote *quote)
{
  Source source;
  g_autoptr(GString) key = g_string_new (NULL);
  const char *id;

  source_init (&source, quote->csl_json);
  id = get_string (source.item, "id");
  if (id != NULL)
    g_string_append (key, id);
  else
    {
      g_autofree char *family = authors_to_string (source.item, TRUE);
      g_autofree char *year = year_of (source.item);
      const char *base = family != NULL ? family : get_string (source.item, "title");
      g_autofree char *ascii = base != NULL ? g_str_to_ascii (base, "C") : g_strdup ("source");

      for (const char *p = ascii; *p != '\0' && *p != ' '; p++)
        if (g_ascii_isalnum (*p))
          g_string_append_c (key, g_ascii_tolower (*p));
      if (year != NULL)
        g_string_append (key, year);
    }
  source_clear (&source);
  return g_string_free (g_steal_pointer (&key), FALSE);
}

/* The paragraphs of the quotation, trimmed, empty ones dropped. */
static GPtrArray *
paragraphs_of (const char *text)
{
  GPtrArray *paragraphs = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *normal = NULL;
  g_auto(GStrv) pieces = NULL;

  /* CRLF to LF, then split on blank lines. */
  normal = g_strdup (text != NULL ? text : "");
  {
    char *w = normal;

    for (const char *r = normal; *r != '\0'; r++)
      if (*r != '\r')
        *w++ = *r;
    *w = '\0';
  }
  pieces = g_regex_split_simple ("\\n[ \\t]*\\n", normal, 0, 0);
  for (guint i = 0; pieces[i] != NULL; i++)
    {
      char *p = g_strstrip (pieces[i]);

      if (*p != '\0')
        g_ptr_array_add (paragraphs, g_strdup (p));
    }
  return paragraphs;
}

/* Double quotation marks inside an inline quotation become single ones. */
static char *
inner_quotes (const char *text)
{
  GString *out = g_string_new (NULL);
  gboolean open = TRUE;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == 0x201C)
        g_string_append (out, "‘");
      else if (c == 0x201D)
        g_string_append (out, "’");
      else if (c == '"')
        {
          g_string_append (out, open ? "‘" : "’");
          open = !open;
        }
      else
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

/* The paragraphs, each line after @prefix, a @separator line between
 * paragraphs; @last_suffix after the last line (a footnote mark). */
static void
append_block (GString    *out,
              GPtrArray  *paragraphs,
              const char *prefix,
              const char *separator,
              const char *last_suffix)
{
  for (guint i = 0; i < paragraphs->len; i++)
    {
      g_auto(GStrv) lines = g_strsplit (g_ptr_array_index (paragraphs, i), "\n", -1);

      if (i > 0)
        g_string_append_printf (out, "%s\n", separator);
      for (guint l = 0; lines[l] != NULL; l++)
        {
          g_string_append_printf (out, "%s%s", prefix, g_strstrip (lines[l]));
          if (i == paragraphs->len - 1 && lines[l + 1] == NULL && last_suffix != NULL)
            g_string_append (out, last_suffix);
          g_string_append_c (out, '\n');
        }
    }
}

char *
epistle_citation_format (const EpistleCitationQuote *quote,
                         EpistleCitationStyle        style,
                         gboolean                    plain_text,
                         guint                       footnote)
{
  g_autoptr(GPtrArray) paragraphs = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  const char *prefix = plain_text ? "    " : "> ";
  const char *separator = plain_text ? "" : ">";

  g_return_val_if_fail (quote != NULL, NULL);

  paragraphs = paragraphs_of (quote->text);
  if (plain_text && style == EPISTLE_CITATION_PANDOC)
    style = EPISTLE_CITATION_BLOCK;   /* no Pandoc in a .txt */

  switch (style)
    {
    case EPISTLE_CITATION_INLINE:
      {
        g_autofree char *joined = NULL;
        g_autofree char *inner = NULL;
        g_autofree char *ref = reference (quote);
        g_auto(GStrv) words = NULL;

        g_ptr_array_add (paragraphs, NULL);
        joined = g_strjoinv (" ", (char **) paragraphs->pdata);
        g_ptr_array_remove_index (paragraphs, paragraphs->len - 1);
        /* One line: the text's own line breaks become spaces. */
        words = g_strsplit_set (joined, "\n", -1);
        g_free (joined);
        joined = g_strjoinv (" ", words);
        inner = inner_quotes (joined);
        g_string_append_printf (out, "“%s”", inner);
        if (*ref != '\0')
          g_string_append_printf (out, " (%s)", ref);
        break;
      }
    case EPISTLE_CITATION_PANDOC:
      {
        g_autofree char *key = citation_key (quote);
        g_autofree char *where = locator_to_string (quote->locator, quote->locator_label);

        append_block (out, paragraphs, prefix, separator, NULL);
        g_string_append_printf (out, "\n[@%s%s%s]\n", key, *where != '\0' ? ", " : "", where);
        break;
      }
    case EPISTLE_CITATION_FOOTNOTE:
      {
        g_autofree char *mark = plain_text ? g_strdup_printf ("[%u]", footnote)
                                           : g_strdup_printf ("[^%u]", footnote);
        g_autofree char *full = epistle_citation_attribution (quote, plain_text);

        append_block (out, paragraphs, prefix, separator, mark);
        g_string_append_printf (out, "\n%s%s %s.\n", mark, plain_text ? "" : ":", full);
        break;
      }
    case EPISTLE_CITATION_BLOCK:
    default:
      {
        g_autofree char *attribution = epistle_citation_attribution (quote, plain_text);

        append_block (out, paragraphs, prefix, separator, NULL);
        if (*attribution != '\0')
          g_string_append_printf (out, "%s— %s\n", prefix, attribution);
        break;
      }
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

EpistleCitationStyle
epistle_citation_default_style (const char *text,
                                guint       block_words)
{
  g_autoptr(GPtrArray) paragraphs = paragraphs_of (text);
  EpistleTextStats stats;

  if (paragraphs->len != 1)
    return EPISTLE_CITATION_BLOCK;
  epistle_text_stats_compute (g_ptr_array_index (paragraphs, 0), -1, &stats);
  return stats.words < block_words ? EPISTLE_CITATION_INLINE : EPISTLE_CITATION_BLOCK;
}
