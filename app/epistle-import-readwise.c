/* SPDX-License-Identifier: GPL-3.0-or-later
 * epistle-import-readwise.c — reads a Readwise CSV export: RFC 4180 fields
 * (quoted, with commas, doubled quotes and newlines), columns found by
 * their header name, one quote per row with its book as the source. */

#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <glib/gi18n.h>

#include "epistle-import-private.h"

enum {
  COL_HIGHLIGHT,
  COL_TITLE,
  COL_AUTHOR,
  COL_AMAZON_ID,
  COL_NOTE,
  COL_COLOR,
  COL_TAGS,
  COL_LOCATION_TYPE,
  COL_LOCATION,
  COL_HIGHLIGHTED_AT,
  COL_DOCUMENT_TAGS,
  N_COLUMNS
};

static const char * const column_names[N_COLUMNS] = {
  "Highlight", "Book Title", "Book Author", "Amazon Book ID", "Note", "Color",
  "Tags", "Location Type", "Location", "Highlighted at", "Document tags",
};

typedef struct {
  const char *text;
  const char *end;
  const char *p;
  guint       line;   /* of p */
} Csv;

/* Reads one record into @fields; FALSE at the end of the text, or with
 * *unterminated set when a quoted field never closes. */
static gboolean
read_record (Csv       *csv,
             GPtrArray *fields,
             gboolean  *unterminated)
{
  g_autoptr(GString) field = g_string_new (NULL);

  g_ptr_array_set_size (fields, 0);
  *unterminated = FALSE;
  if (csv->p >= csv->end)
    return FALSE;

  for (;;)
    {
      g_string_truncate (field, 0);
      if (csv->p < csv->end && *csv->p == '"')
        {
          csv->p++;
          for (;;)
            {
              const char *quote = memchr (csv->p, '"', csv->end - csv->p);

              if (quote == NULL)
                {
                  csv->line += _epistle_import_count_lines (csv->p, csv->end);
                  csv->p = csv->end;
                  *unterminated = TRUE;
                  return TRUE;
                }
              csv->line += _epistle_import_count_lines (csv->p, quote);
              g_string_append_len (field, csv->p, quote - csv->p);
              csv->p = quote + 1;
              if (csv->p < csv->end && *csv->p == '"')
                {
                  g_string_append_c (field, '"');
                  csv->p++;
                  continue;
                }
              break;
            }
        }
      /* The rest of the field, up to a comma or the end of the line
       * (after a closing quote, stray text is kept, as spreadsheets do). */
      while (csv->p < csv->end && *csv->p != ',' && *csv->p != '\n')
        {
          if (!(*csv->p == '\r' && (csv->p + 1 == csv->end || csv->p[1] == '\n')))
            g_string_append_c (field, *csv->p);
          csv->p++;
        }
      g_ptr_array_add (fields, g_strndup (field->str, field->len));
      if (csv->p >= csv->end)
        return TRUE;
      if (*csv->p == ',')
        {
          csv->p++;
          continue;
        }
      csv->p++;   /* '\n' */
      csv->line++;
      return TRUE;
    }
}

static const char *
column (GPtrArray *fields,
        const int *index,
        guint      which)
{
  const char *value;

  if (index[which] < 0 || (guint) index[which] >= fields->len)
    return NULL;
  value = g_ptr_array_index (fields, index[which]);
  return *value != '\0' ? value : NULL;
}

/* "Karl Marx, Friedrich Engels", "Marx, Karl", "Karl Marx and Friedrich
 * Engels", "Marx, Karl; Engels, Friedrich". */
static JsonNode *
parse_authors (const char *text)
{
  gsize len = strlen (text);
  g_auto(GStrv) parts = NULL;
  gboolean all_full = TRUE;
  JsonArray *names;
  JsonNode *node;

  if (strchr (text, ';') != NULL)
    return _epistle_import_parse_names (text, len, ";", NULL);
  if (strstr (text, " and ") != NULL || strstr (text, " & ") != NULL)
    {
      g_autofree char *ands = g_strdup (text);
      char *amp;

      while ((amp = strstr (ands, " & ")) != NULL)
        memcpy (amp, " ; ", 3);
      if (strchr (ands, ';') != NULL && strstr (ands, " and ") == NULL)
        return _epistle_import_parse_names (ands, strlen (ands), ";", NULL);
      return _epistle_import_parse_names (text, len, " and ", NULL);
    }
  if (strchr (text, ',') == NULL)
    return _epistle_import_parse_names (text, len, ";", NULL);

  /* Commas: a list of full names, or one "Last, First". */
  parts = g_strsplit (text, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_strstrip (parts[i]);
      if (strchr (parts[i], ' ') == NULL)
        all_full = FALSE;
    }
  if (!all_full)
    return _epistle_import_parse_names (text, len, ";", NULL);

  names = json_array_new ();
  for (guint i = 0; parts[i] != NULL; i++)
    {
      JsonNode *name = _epistle_import_parse_name (parts[i], strlen (parts[i]), NULL);

      if (name != NULL)
        json_array_add_element (names, name);
    }
  node = json_node_new (JSON_NODE_ARRAY);
  json_node_take_array (node, names);
  return node;
}

static char *
source_csl (const char *title,
            const char *author,
            const char *amazon_id)
{
  g_autoptr(JsonObject) item = json_object_new ();

  json_object_set_string_member (item, "type", amazon_id != NULL ? "book" : "document");
  if (title != NULL)
    json_object_set_string_member (item, "title", title);
  if (author != NULL)
    {
      JsonNode *authors = parse_authors (author);

      if (authors != NULL)
        json_object_set_member (item, "author", authors);
    }
  return _epistle_import_to_json (item);
}

static void
add_tags (GPtrArray  *tags,
          const char *list)
{
  g_auto(GStrv) parts = NULL;

  if (list == NULL)
    return;
  parts = g_strsplit (list, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *tag = g_strstrip (parts[i]);
      gboolean seen = FALSE;

      if (*tag == '\0')
        continue;
      for (guint j = 0; j < tags->len && !seen; j++)
        seen = g_str_equal (g_ptr_array_index (tags, j), tag);
      if (!seen)
        g_ptr_array_add (tags, g_strdup (tag));
    }
}

static gint64
parse_timestamp (const char *text)
{
  g_autofree char *iso = g_strstrip (g_strdup (text));
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) when = NULL;
  char *space = strchr (iso, ' ');

  if (space != NULL)
    *space = 'T';
  when = g_date_time_new_from_iso8601 (iso, utc);
  return when != NULL ? g_date_time_to_unix (when) : 0;
}

gboolean
epistle_import_parse_readwise (const char          *text,
                               gssize               length,
                               EpistleImportBatch **out_batch,
                               GError             **error)
{
  g_autoptr(EpistleImportBatch) batch = NULL;
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) sources = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  const char *format = _("Readwise CSV");
  int index[N_COLUMNS];
  gboolean unterminated;
  Csv csv = { 0, };
  gsize len;

  g_return_val_if_fail (out_batch != NULL, FALSE);

  if (!_epistle_import_begin (text, length, format, &csv.text, &len, error))
    return FALSE;
  csv.end = csv.text + len;
  csv.p = csv.text;
  csv.line = 1;

  for (guint i = 0; i < N_COLUMNS; i++)
    index[i] = -1;
  if (read_record (&csv, fields, &unterminated) && !unterminated)
    for (guint f = 0; f < fields->len; f++)
      {
        g_autofree char *name = g_strstrip (g_strdup (g_ptr_array_index (fields, f)));

        for (guint i = 0; i < N_COLUMNS; i++)
          if (index[i] < 0 && g_ascii_strcasecmp (name, column_names[i]) == 0)
            index[i] = f;
      }
  if (index[COL_HIGHLIGHT] < 0)
    {
      _epistle_import_set_not_format (error, format,
                                      _("the first line does not name a “Highlight” column."));
      return FALSE;
    }

  batch = epistle_import_batch_new ();
  for (;;)
    {
      guint line = csv.line;
      const char *start = csv.p;
      g_autoptr(GPtrArray) tags = NULL;
      EpistleImportQuote *quote;
      const char *highlight, *title, *author, *amazon_id, *value;
      g_autofree char *key = NULL;
      gboolean blank = TRUE;
      char *csl;

      if (!read_record (&csv, fields, &unterminated))
        break;
      if (unterminated)
        {
          epistle_import_batch_skip (batch, line, _("A quoted field is not closed."));
          break;
        }
      if (!g_utf8_validate_len (start, csv.p - start, NULL))
        {
          epistle_import_batch_skip (batch, line, _("The row is not valid UTF-8 text."));
          continue;
        }
      for (guint f = 0; f < fields->len && blank; f++)
        blank = _epistle_import_is_blank (g_ptr_array_index (fields, f),
                                          strlen (g_ptr_array_index (fields, f)));
      if (blank)
        continue;

      highlight = column (fields, index, COL_HIGHLIGHT);
      if (highlight == NULL || _epistle_import_is_blank (highlight, strlen (highlight)))
        {
          epistle_import_batch_skip (batch, line, _("The highlight is empty."));
          continue;
        }

      quote = epistle_import_quote_new ();
      quote->line = line;
      quote->text = _epistle_import_strip (highlight, strlen (highlight));
      if ((value = column (fields, index, COL_NOTE)) != NULL &&
          !_epistle_import_is_blank (value, strlen (value)))
        quote->note = _epistle_import_strip (value, strlen (value));

      title = column (fields, index, COL_TITLE);
      author = column (fields, index, COL_AUTHOR);
      amazon_id = column (fields, index, COL_AMAZON_ID);
      if (title != NULL || author != NULL)
        {
          key = g_strdup_printf ("%s\x1f%s\x1f%s", title ? title : "", author ? author : "",
                                 amazon_id ? amazon_id : "");
          csl = g_hash_table_lookup (sources, key);
          if (csl == NULL)
            {
              csl = source_csl (title, author, amazon_id);
              g_hash_table_insert (sources, g_steal_pointer (&key), csl);
            }
          quote->csl_json = g_strdup (csl);
        }

      if ((value = column (fields, index, COL_LOCATION)) != NULL)
        {
          const char *type = column (fields, index, COL_LOCATION_TYPE);
          const char *label = NULL;

          if (type == NULL || g_ascii_strcasecmp (type, "location") == 0)
            label = "location";
          else if (g_ascii_strcasecmp (type, "page") == 0)
            label = "page";
          else if (g_ascii_strcasecmp (type, "chapter") == 0)
            label = "chapter";
          /* "order", "time", "offset": a position in an article or a
           * podcast, no locator a citation can use. */
          if (label != NULL)
            {
              quote->locator = g_strstrip (g_strdup (value));
              quote->locator_label = g_strdup (label);
            }
        }

      if ((value = column (fields, index, COL_HIGHLIGHTED_AT)) != NULL)
        quote->created = parse_timestamp (value);

      tags = g_ptr_array_new ();
      add_tags (tags, column (fields, index, COL_TAGS));
      add_tags (tags, column (fields, index, COL_DOCUMENT_TAGS));
      if (tags->len > 0)
        {
          g_ptr_array_add (tags, NULL);
          quote->tags = (char **) g_ptr_array_free (g_steal_pointer (&tags), FALSE);
        }
      else
        g_clear_pointer (&tags, g_ptr_array_unref);

      _epistle_import_add_quote (batch, quote);
    }

  *out_batch = g_steal_pointer (&batch);
  return TRUE;
}
