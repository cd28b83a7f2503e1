/* SPDX-License-Identifier: GPL-3.0-or-later
 * epistle-import-bibtex.c — reads BibTeX (and the common biblatex fields)
 * into CSL-JSON sources: @string macros, "#" concatenation, crossref, and
 * LaTeX accents and commands turned into Unicode. */

#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <glib/gi18n.h>

#include "epistle-import-private.h"

/* --------------------------------------------------------------------------
 * LaTeX to Unicode
 * ------------------------------------------------------------------------ */

typedef struct {
  const char *command;
  const char *text;
} Symbol;

static const Symbol letter_commands[] = {
  { "ss", "ß" }, { "SS", "SS" }, { "o", "ø" }, { "O", "Ø" }, { "aa", "å" }, { "AA", "Å" },
  { "ae", "æ" }, { "AE", "Æ" }, { "oe", "œ" }, { "OE", "Œ" }, { "l", "ł" }, { "L", "Ł" },
  { "i", "ı" }, { "j", "ȷ" }, { "dh", "ð" }, { "DH", "Ð" }, { "th", "þ" }, { "TH", "Þ" },
  { "ng", "ŋ" }, { "NG", "Ŋ" }, { "dj", "đ" }, { "DJ", "Đ" },
  { "S", "§" }, { "P", "¶" }, { "copyright", "©" }, { "textregistered", "®" },
  { "texttrademark", "™" }, { "textendash", "–" }, { "textemdash", "—" },
  { "ldots", "…" }, { "dots", "…" }, { "textellipsis", "…" },
  { "textquoteleft", "‘" }, { "textquoteright", "’" }, { "textquotedblleft", "“" },
  { "textquotedblright", "”" }, { "guillemotleft", "«" }, { "guillemotright", "»" },
  { "guillemetleft", "«" }, { "guillemetright", "»" }, { "textsection", "§" },
  { "pounds", "£" }, { "euro", "€" }, { "textdegree", "°" }, { "LaTeX", "LaTeX" },
  { "TeX", "TeX" }, { "textbackslash", "\\" }, { "textasciitilde", "~" },
  { "textunderscore", "_" }, { "textbar", "|" }, { "textless", "<" }, { "textgreater", ">" },
  { "slash", "/" }, { "quad", " " }, { "qquad", " " }, { "par", "\n\n" },
};

/* Accent commands and the combining mark each puts on the next letter. */
static const Symbol accents[] = {
  { "'", "\xCC\x81" }, { "`", "\xCC\x80" }, { "^", "\xCC\x82" }, { "\"", "\xCC\x88" },
  { "~", "\xCC\x83" }, { "=", "\xCC\x84" }, { ".", "\xCC\x87" }, { "c", "\xCC\xA7" },
  { "u", "\xCC\x86" }, { "v", "\xCC\x8C" }, { "H", "\xCC\x8B" }, { "k", "\xCC\xA8" },
  { "r", "\xCC\x8A" }, { "d", "\xCC\xA3" }, { "b", "\xCC\xB1" }, { "t", "\xCD\xA1" },
};

static const char *
lookup (const Symbol *table,
        guint         n,
        const char   *command,
        gsize         length)
{
  for (guint i = 0; i < n; i++)
    if (strlen (table[i].command) == length && memcmp (table[i].command, command, length) == 0)
      return table[i].text;
  return NULL;
}

static const char *
skip_blanks (const char *p,
             const char *end)
{
  while (p < end && g_ascii_isspace (*p))
    p++;
  return p;
}

/* Puts the accent @mark on what follows @p: "E", "{E}", " E", "{\i}". */
static const char *
apply_accent (GString    *out,
              const char *p,
              const char *end,
              const char *mark)
{
  gboolean braced = FALSE;

  p = skip_blanks (p, end);
  if (p < end && *p == '{')
    {
      braced = TRUE;
      p = skip_blanks (p + 1, end);
    }
  if (p + 1 < end && *p == '\\' && (p[1] == 'i' || p[1] == 'j') &&
      (p + 2 == end || !g_ascii_isalpha (p[2])))
    {
      g_string_append_c (out, p[1]);   /* \'\i is í: the dot goes */
      p += 2;
    }
  else if (p < end && *p != '}' && *p != '\\')
    {
      const char *next = g_utf8_find_next_char (p, end);

      if (next == NULL)
        next = end;
      g_string_append_len (out, p, next - p);
      p = next;
    }
  g_string_append (out, mark);
  if (braced)
    {
      p = skip_blanks (p, end);
      if (p < end && *p == '}')
        p++;
    }
  return p;
}

/* The text of a field: braces dropped, commands and ligatures of LaTeX
 * turned into the characters they print, blanks collapsed.  No recursion,
 * so no nesting makes it run out of stack. */
static char *
latex_to_unicode (const char *text,
                  gsize       length)
{
  g_autoptr(GString) out = g_string_sized_new (length);
  const char *end = text + length;
  const char *p = text;
  char *normal;

  while (p < end)
    {
      char c = *p;

      if (c == '{' || c == '}' || c == '$')
        p++;
      else if (g_ascii_isspace (c))
        {
          p = skip_blanks (p, end);
          if (out->len > 0 && out->str[out->len - 1] != ' ')
            g_string_append_c (out, ' ');
        }
      else if (c == '~')
        {
          g_string_append (out, "\xC2\xA0");
          p++;
        }
      else if (c == '-')
        {
          if (end - p >= 3 && p[1] == '-' && p[2] == '-')
            {
              g_string_append (out, "—");
              p += 3;
            }
          else if (end - p >= 2 && p[1] == '-')
            {
              g_string_append (out, "–");
              p += 2;
            }
          else
            g_string_append_c (out, *p++);
        }
      else if (c == '`' && end - p >= 2 && p[1] == '`')
        {
          g_string_append (out, "“");
          p += 2;
        }
      else if (c == '\'' && end - p >= 2 && p[1] == '\'')
        {
          g_string_append (out, "”");
          p += 2;
        }
      else if (c == '\\' && p + 1 < end)
        {
          const char *name = p + 1;
          const char *q = name;
          const char *value;

          if (g_ascii_isalpha (*q))
            while (q < end && g_ascii_isalpha (*q))
              q++;
          else
            q++;

          if ((value = lookup (accents, G_N_ELEMENTS (accents), name, q - name)) != NULL)
            p = apply_accent (out, q, end, value);
          else if (g_ascii_isalpha (*name))
            {
              if ((value = lookup (letter_commands, G_N_ELEMENTS (letter_commands), name, q - name)) != NULL)
                g_string_append (out, value);
              /* Other commands (\emph, \textit, \url …) leave their argument. */
              p = q;
              /* TeX eats the blanks after a control word, unless "{}" ends it. */
              if (value != NULL)
                p = skip_blanks (p, end);
            }
          else
            {
              switch (*name)
                {
                case '\\':
                  g_string_append_c (out, ' ');
                  break;
                case '-':
                case '/':
                  break;   /* hyphenation hints */
                case ',':
                case ';':
                case ' ':
                  g_string_append_c (out, ' ');
                  break;
                default:
                  {
                    const char *next = g_utf8_find_next_char (name, end);

                    g_string_append_len (out, name, (next != NULL ? next : end) - name);
                    q = next != NULL ? next : end;
                  }
                  break;
                }
              p = q;
            }
        }
      else
        g_string_append_c (out, *p++);
    }

  normal = g_utf8_normalize (out->str, out->len, G_NORMALIZE_NFC);
  if (normal == NULL)
    return g_strdup ("");
  g_strstrip (normal);
  return normal;
}

/* URLs and DOIs: only braces and escapes ("\_", "\%") are undone; "~" and
 * "--" mean themselves there. */
static char *
latex_verbatim (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '{' || *p == '}')
        continue;
      if (*p == '\\' && p[1] != '\0' && !g_ascii_isalpha (p[1]))
        p++;
      if (!g_ascii_isspace (*p))
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

/* --------------------------------------------------------------------------
 * The scanner
 * ------------------------------------------------------------------------ */

typedef struct {
  char       *key;
  char       *type;    /* lower case */
  GHashTable *fields;  /* lower-case name → raw value (LaTeX) */
  guint       line;
} Entry;

static void
entry_free (gpointer data)
{
  Entry *entry = data;

  g_free (entry->key);
  g_free (entry->type);
  g_clear_pointer (&entry->fields, g_hash_table_unref);
  g_free (entry);
}

typedef struct {
  const char *text;
  const char *end;
  const char *p;
  GHashTable *macros;      /* lower-case name → raw value */
  const char *error;       /* why the current entry failed */
  /* For counting lines without going back over the text. */
  const char *counted;
  guint       line;
} Scanner;

static guint
line_at (Scanner    *s,
         const char *at)
{
  if (at > s->counted)
    {
      s->line += _epistle_import_count_lines (s->counted, at);
      s->counted = at;
    }
  return s->line;
}

static gboolean
is_name_char (char c)
{
  return g_ascii_isalnum (c) || (c != '\0' && strchr ("_-:.+/'*!?&<>[]", c) != NULL);
}

static void
skip_space (Scanner *s)
{
  s->p = skip_blanks (s->p, s->end);
}

static char *
read_name (Scanner *s)
{
  const char *start = s->p;

  while (s->p < s->end && is_name_char (*s->p))
    s->p++;
  if (s->p == start)
    return NULL;
  return g_ascii_strdown (start, s->p - start);
}

/* From just after an opening brace to just after its closing one. */
static gboolean
skip_braced (Scanner     *s,
             const char **content_end)
{
  int depth = 1;

  while (s->p < s->end)
    {
      char c = *s->p++;

      if (c == '\\' && s->p < s->end)
        s->p++;
      else if (c == '{')
        depth++;
      else if (c == '}' && --depth == 0)
        {
          *content_end = s->p - 1;
          return TRUE;
        }
    }
  s->error = _("A brace is not closed.");
  return FALSE;
}

static gboolean
skip_quoted (Scanner     *s,
             const char **content_end)
{
  int depth = 0;

  while (s->p < s->end)
    {
      char c = *s->p++;

      if (c == '\\' && s->p < s->end)
        s->p++;
      else if (c == '{')
        depth++;
      else if (c == '}')
        {
          if (--depth < 0)
            {
              s->error = _("A closing brace has no opening one.");
              return FALSE;
            }
        }
      else if (c == '"' && depth == 0)
        {
          *content_end = s->p - 1;
          return TRUE;
        }
    }
  s->error = _("A quotation mark is not closed.");
  return FALSE;
}

static const char * const month_macros[] = {
  "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
};

/* value := part { "#" part }; part := {…} | "…" | number | macro */
static char *
read_value (Scanner *s)
{
  g_autoptr(GString) value = g_string_new (NULL);

  for (;;)
    {
      const char *start, *content_end;

      skip_space (s);
      if (s->p >= s->end)
        {
          s->error = _("The entry ends in the middle of a field.");
          return NULL;
        }
      start = s->p;
      if (*s->p == '{' || *s->p == '"')
        {
          gboolean brace = *s->p == '{';

          s->p++;
          if (!(brace ? skip_braced (s, &content_end) : skip_quoted (s, &content_end)))
            return NULL;
          g_string_append_len (value, start + 1, content_end - start - 1);
        }
      else if (g_ascii_isdigit (*s->p))
        {
          while (s->p < s->end && g_ascii_isdigit (*s->p))
            s->p++;
          g_string_append_len (value, start, s->p - start);
        }
      else
        {
          g_autofree char *macro = read_name (s);
          const char *expansion;

          if (macro == NULL)
            {
              s->error = _("A field has no value.");
              return NULL;
            }
          expansion = g_hash_table_lookup (s->macros, macro);
          if (expansion != NULL)
            g_string_append (value, expansion);
          else
            {
              for (guint m = 0; m < G_N_ELEMENTS (month_macros); m++)
                if (g_str_equal (macro, month_macros[m]))
                  {
                    g_string_append_printf (value, "%u", m + 1);
                    break;
                  }
              /* An undefined macro is empty, as in BibTeX. */
            }
        }

      skip_space (s);
      if (s->p < s->end && *s->p == '#')
        {
          s->p++;
          continue;
        }
      return g_string_free (g_steal_pointer (&value), FALSE);
    }
}

/* name = value {, name = value} up to @close; NULL on error. */
static GHashTable *
read_fields (Scanner *s,
             char     close)
{
  g_autoptr(GHashTable) fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (;;)
    {
      g_autofree char *name = NULL;
      char *value;

      skip_space (s);
      if (s->p >= s->end)
        {
          s->error = _("The entry is not closed.");
          return NULL;
        }
      if (*s->p == close)
        {
          s->p++;
          return g_steal_pointer (&fields);
        }
      if (*s->p == ',')
        {
          s->p++;
          continue;
        }
      name = read_name (s);
      if (name == NULL)
        {
          s->error = _("A field name was expected.");
          return NULL;
        }
      skip_space (s);
      if (s->p >= s->end || *s->p != '=')
        {
          s->error = _("A field name is not followed by “=”.");
          return NULL;
        }
      s->p++;
      value = read_value (s);
      if (value == NULL)
        return NULL;
      /* The first of two equal fields wins, as in BibTeX. */
      if (!g_hash_table_contains (fields, name))
        g_hash_table_insert (fields, g_steal_pointer (&name), value);
      else
        g_free (value);
      skip_space (s);
      if (s->p < s->end && *s->p != ',' && *s->p != close)
        {
          s->error = _("A field is not followed by “,”: is a brace or a quotation mark not closed?");
          return NULL;
        }
    }
}

/* After an error, go on at the next "@" that starts a line. */
static void
recover (Scanner    *s,
         const char *entry_start)
{
  const char *p = entry_start + 1;

  while (p < s->end)
    {
      const char *at = memchr (p, '@', s->end - p);
      const char *q;

      if (at == NULL)
        break;
      for (q = at; q > s->text && (q[-1] == ' ' || q[-1] == '\t'); q--)
        ;
      if (q == s->text || q[-1] == '\n' || q[-1] == '\r')
        {
          s->p = at;
          return;
        }
      p = at + 1;
    }
  s->p = s->end;
}

/* --------------------------------------------------------------------------
 * BibTeX to CSL
 * ------------------------------------------------------------------------ */

static const Symbol type_map[] = {
  { "article", "article-journal" }, { "book", "book" }, { "mvbook", "book" },
  { "booklet", "pamphlet" }, { "inbook", "chapter" }, { "incollection", "chapter" },
  { "inproceedings", "paper-conference" }, { "conference", "paper-conference" },
  { "proceedings", "book" }, { "collection", "book" }, { "manual", "report" },
  { "mastersthesis", "thesis" }, { "phdthesis", "thesis" }, { "thesis", "thesis" },
  { "techreport", "report" }, { "report", "report" }, { "unpublished", "manuscript" },
  { "online", "webpage" }, { "electronic", "webpage" }, { "www", "webpage" },
  { "webpage", "webpage" }, { "misc", "document" }, { "periodical", "periodical" },
  { "patent", "patent" }, { "letter", "personal_communication" },
  { "newspaper", "article-newspaper" }, { "magazine", "article-magazine" },
  { "dataset", "dataset" }, { "software", "software" }, { "reference", "entry-encyclopedia" },
  { "inreference", "entry-encyclopedia" },
};

static const char *
field (Entry      *entry,
       const char *name)
{
  const char *value = g_hash_table_lookup (entry->fields, name);

  return value != NULL && *value != '\0' ? value : NULL;
}

static void
set_text (JsonObject *item,
          const char *member,
          const char *raw)
{
  g_autofree char *text = NULL;

  if (raw == NULL)
    return;
  text = latex_to_unicode (raw, strlen (raw));
  if (*text != '\0')
    json_object_set_string_member (item, member, text);
}

static void
set_names (JsonObject *item,
           const char *member,
           const char *raw)
{
  JsonNode *names;

  if (raw == NULL)
    return;
  names = _epistle_import_parse_names (raw, strlen (raw), " and ", latex_to_unicode);
  if (names != NULL)
    json_object_set_member (item, member, names);
}

static void
set_issued (JsonObject *item,
            Entry      *entry)
{
  const char *date = field (entry, "date");
  const char *year = field (entry, "year");
  const char *month = field (entry, "month");
  g_autofree char *year_text = NULL;
  g_autofree char *month_text = NULL;
  guint64 y = 0;
  int m = 0, d = 0;

  if (date != NULL)
    {
      /* biblatex: 1918, 1918-03, 1918-03-04 */
      g_autofree char *text = latex_to_unicode (date, strlen (date));
      g_auto(GStrv) parts = g_strsplit (text, "-", 4);

      if (parts[0] != NULL && g_ascii_string_to_unsigned (parts[0], 10, 1, 9999, &y, NULL))
        {
          if (parts[1] != NULL)
            m = _epistle_import_parse_month (parts[1]);
          if (m != 0 && parts[2] != NULL)
            {
              guint64 day;

              if (g_ascii_string_to_unsigned (parts[2], 10, 1, 31, &day, NULL))
                d = (int) day;
            }
          json_object_set_member (item, "issued", _epistle_import_date_node ((int) y, m, d));
          return;
        }
    }

  if (year == NULL)
    return;
  year_text = latex_to_unicode (year, strlen (year));
  if (!g_ascii_string_to_unsigned (year_text, 10, 1, 9999, &y, NULL))
    {
      /* "forthcoming", "1918/19": kept as the words they are */
      g_autoptr(JsonObject) literal = json_object_new ();

      if (*year_text == '\0')
        return;
      json_object_set_string_member (literal, "literal", year_text);
      json_object_set_object_member (item, "issued", g_steal_pointer (&literal));
      return;
    }
  if (month != NULL)
    {
      month_text = latex_to_unicode (month, strlen (month));
      m = _epistle_import_parse_month (month_text);
    }
  json_object_set_member (item, "issued", _epistle_import_date_node ((int) y, m, 0));
}

static char *
entry_to_csl (Entry       *entry,
              const char **reason)
{
  g_autoptr(JsonObject) item = json_object_new ();
  const char *type = lookup (type_map, G_N_ELEMENTS (type_map), entry->type, strlen (entry->type));
  const char *container;
  const char *value;
  gboolean article = g_str_equal (entry->type, "article");

  json_object_set_string_member (item, "id", entry->key);
  json_object_set_string_member (item, "type", type != NULL ? type : "document");

  set_text (item, "title", field (entry, "title"));
  set_names (item, "author", field (entry, "author"));
  set_names (item, "editor", field (entry, "editor"));
  set_names (item, "translator", field (entry, "translator"));

  container = field (entry, "journaltitle");
  if (container == NULL)
    container = field (entry, "journal");
  if (container == NULL)
    container = field (entry, "booktitle");
  set_text (item, "container-title", container);

  value = field (entry, "publisher");
  if (value == NULL)
    value = field (entry, "school");
  if (value == NULL)
    value = field (entry, "institution");
  if (value == NULL)
    value = field (entry, "organization");
  set_text (item, "publisher", value);
  value = field (entry, "address");
  set_text (item, "publisher-place", value != NULL ? value : field (entry, "location"));

  set_issued (item, entry);

  if ((value = field (entry, "pages")) != NULL)
    {
      g_autofree char *pages = latex_to_unicode (value, strlen (value));
      g_auto(GStrv) parts = g_strsplit (pages, "–", -1);
      g_autofree char *joined = g_strjoinv ("-", parts);

      if (*joined != '\0')
        json_object_set_string_member (item, "page", joined);
    }

  set_text (item, "volume", field (entry, "volume"));
  set_text (item, article ? "issue" : "number", field (entry, "number"));
  if (article)
    set_text (item, "issue", field (entry, "issue"));
  set_text (item, "edition", field (entry, "edition"));
  set_text (item, "collection-title", field (entry, "series"));
  set_text (item, "chapter-number", field (entry, "chapter"));
  set_text (item, "note", field (entry, "note"));
  set_text (item, "abstract", field (entry, "abstract"));
  set_text (item, "language", field (entry, "language"));
  set_text (item, "ISBN", field (entry, "isbn"));
  set_text (item, "ISSN", field (entry, "issn"));
  set_text (item, "genre", field (entry, "type"));
  if (!json_object_has_member (item, "genre"))
    {
      if (g_str_equal (entry->type, "phdthesis"))
        json_object_set_string_member (item, "genre", "PhD thesis");
      else if (g_str_equal (entry->type, "mastersthesis"))
        json_object_set_string_member (item, "genre", "Master’s thesis");
    }
  for (guint i = 0; i < 2; i++)
    {
      const char *name = i == 0 ? "url" : "doi";

      if ((value = field (entry, name)) != NULL)
        {
          g_autofree char *verbatim = latex_verbatim (value);

          if (*verbatim != '\0')
            json_object_set_string_member (item, i == 0 ? "URL" : "DOI", verbatim);
        }
    }

  if (!json_object_has_member (item, "title") && !json_object_has_member (item, "author") &&
      !json_object_has_member (item, "editor"))
    {
      *reason = _("The entry has no title, author or editor.");
      return NULL;
    }
  return _epistle_import_to_json (item);
}

/* crossref: what the entry lacks comes from the one it names, the
 * parent's title becoming its book title (BibTeX does one level). */
static void
resolve_crossref (Entry      *entry,
                  GHashTable *by_key)
{
  const char *ref = field (entry, "crossref");
  g_autofree char *ref_key = NULL;
  GHashTableIter iter;
  gpointer name, value;
  Entry *parent;

  if (ref == NULL)
    return;
  ref_key = g_utf8_casefold (ref, -1);
  g_strstrip (ref_key);
  parent = g_hash_table_lookup (by_key, ref_key);
  if (parent == NULL || parent == entry)
    return;

  g_hash_table_iter_init (&iter, parent->fields);
  while (g_hash_table_iter_next (&iter, &name, &value))
    {
      if (g_str_equal (name, "crossref") || g_hash_table_contains (entry->fields, name))
        continue;
      g_hash_table_insert (entry->fields, g_strdup (name), g_strdup (value));
    }
  if (!g_hash_table_contains (entry->fields, "booktitle") && field (parent, "title") != NULL)
    g_hash_table_insert (entry->fields, g_strdup ("booktitle"), g_strdup (field (parent, "title")));
}

gboolean
epistle_import_parse_bibtex (const char          *text,
                             gssize               length,
                             EpistleImportBatch **out_batch,
                             GError             **error)
{
  g_autoptr(EpistleImportBatch) batch = NULL;
  g_autoptr(GHashTable) macros = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (entry_free);
  g_autoptr(GHashTable) by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const char *format = "BibTeX";
  gboolean recognized = FALSE;
  Scanner s = { 0, };
  gsize len;

  g_return_val_if_fail (out_batch != NULL, FALSE);

  if (!_epistle_import_begin (text, length, format, &s.text, &len, error))
    return FALSE;
  s.end = s.text + len;
  s.p = s.counted = s.text;
  s.line = 1;
  s.macros = macros;
  batch = epistle_import_batch_new ();

  while (s.p < s.end)
    {
      const char *at = memchr (s.p, '@', s.end - s.p);
      g_autofree char *type = NULL;
      char open, close;
      guint line;

      if (at == NULL)
        break;
      s.p = at + 1;
      skip_space (&s);
      type = read_name (&s);
      skip_space (&s);
      if (type == NULL || s.p >= s.end || (*s.p != '{' && *s.p != '('))
        continue;   /* an "@" in free text */
      recognized = TRUE;
      open = *s.p++;
      close = open == '{' ? '}' : ')';
      line = line_at (&s, at);
      s.error = NULL;

      if (g_str_equal (type, "comment") || g_str_equal (type, "preamble"))
        {
          const char *content_end;

          if (open == '{')
            {
              if (!skip_braced (&s, &content_end))
                {
                  epistle_import_batch_skip (batch, line, s.error);
                  recover (&s, at);
                }
            }
          else
            {
              const char *paren = memchr (s.p, ')', s.end - s.p);

              s.p = paren != NULL ? paren + 1 : s.end;
            }
          continue;
        }

      if (g_str_equal (type, "string"))
        {
          g_autoptr(GHashTable) fields = read_fields (&s, close);
          GHashTableIter iter;
          gpointer name, value;

          if (fields == NULL)
            {
              epistle_import_batch_skip (batch, line, s.error);
              recover (&s, at);
              continue;
            }
          if (!g_utf8_validate_len (at, s.p - at, NULL))
            {
              epistle_import_batch_skip (batch, line, _("The entry is not valid UTF-8 text."));
              continue;
            }
          g_hash_table_iter_init (&iter, fields);
          while (g_hash_table_iter_next (&iter, &name, &value))
            {
              g_hash_table_iter_steal (&iter);
              g_hash_table_replace (macros, name, value);
            }
          continue;
        }

      {
        const char *key_start;
        g_autoptr(GHashTable) fields = NULL;
        Entry *entry;

        skip_space (&s);
        key_start = s.p;
        while (s.p < s.end && *s.p != ',' && *s.p != close && !g_ascii_isspace (*s.p))
          s.p++;
        if (s.p == key_start)
          {
            epistle_import_batch_skip (batch, line, _("The entry has no citation key."));
            recover (&s, at);
            continue;
          }
        entry = g_new0 (Entry, 1);
        entry->key = g_strndup (key_start, s.p - key_start);
        entry->type = g_steal_pointer (&type);
        entry->line = line;

        fields = read_fields (&s, close);
        if (fields == NULL)
          {
            epistle_import_batch_skip (batch, line, s.error);
            entry_free (entry);
            recover (&s, at);
            continue;
          }
        if (!g_utf8_validate_len (at, s.p - at, NULL))
          {
            epistle_import_batch_skip (batch, line, _("The entry is not valid UTF-8 text."));
            entry_free (entry);
            continue;
          }
        entry->fields = g_steal_pointer (&fields);
        g_ptr_array_add (entries, entry);
        g_hash_table_insert (by_key, g_utf8_casefold (entry->key, -1), entry);
      }
    }

  if (!recognized)
    {
      _epistle_import_set_not_format (error, format, _("no “@type{key, …}” entry was found."));
      return FALSE;
    }

  for (guint i = 0; i < entries->len; i++)
    resolve_crossref (g_ptr_array_index (entries, i), by_key);

  for (guint i = 0; i < entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (entries, i);
      const char *reason = NULL;
      char *csl = entry_to_csl (entry, &reason);

      if (csl == NULL)
        epistle_import_batch_skip (batch, entry->line, reason);
      else
        g_ptr_array_add (batch->sources, csl);
    }

  *out_batch = g_steal_pointer (&batch);
  return TRUE;
}
