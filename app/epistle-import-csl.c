/* SPDX-License-Identifier: GPL-3.0-or-later
 * epistle-import-csl.c — reads CSL-JSON (an array of items or one item)
 * into normalized sources: dates as numeric date-parts, names as CSL name
 * objects, items that are not usable skipped with their line. */

#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <glib/gi18n.h>

#include "epistle-import-private.h"

static const char * const name_variables[] = {
  "author", "editor", "translator", "container-author", "collection-editor",
  "composer", "director", "editorial-director", "illustrator", "interviewer",
  "original-author", "recipient", "reviewed-author", "chair", "compiler",
  "contributor", "curator", "executive-producer", "guest", "host", "narrator",
  "organizer", "performer", "producer", "script-writer", "series-creator",
  NULL
};

static const char * const date_variables[] = {
  "issued", "accessed", "original-date", "event-date", "submitted",
  "available-date", NULL
};

static const char * const name_parts[] = {
  "family", "given", "literal", "non-dropping-particle", "dropping-particle",
  "suffix", NULL
};

/* The line where each element of the top-level array starts (or the one
 * item, if the root is an object): JsonParser keeps no positions for nodes
 * it has built, so the text is walked once, strings and nesting skipped. */
static GArray *
element_lines (const char *text,
               gsize       length)
{
  GArray *lines = g_array_new (FALSE, FALSE, sizeof (guint));
  const char *end = text + length;
  gboolean in_string = FALSE;
  gboolean expecting = FALSE;
  gboolean array_root = FALSE;
  guint line = 1;
  int depth = 0;

  for (const char *p = text; p < end; p++)
    {
      char c = *p;

      if (c == '\n')
        {
          line++;
          continue;
        }
      if (in_string)
        {
          if (c == '\\')
            p++;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }
      if (g_ascii_isspace (c))
        continue;

      if (depth == 0)
        {
          if (c == '[')
            {
              array_root = TRUE;
              expecting = TRUE;
              depth = 1;
              continue;
            }
          g_array_append_val (lines, line);
          break;
        }
      if (depth == 1 && array_root && expecting && c != ']')
        {
          g_array_append_val (lines, line);
          expecting = FALSE;
        }
      if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        depth++;
      else if (c == ']' || c == '}')
        {
          if (--depth == 0)
            break;
        }
      else if (c == ',' && depth == 1)
        expecting = TRUE;
    }
  return lines;
}

/* --------------------------------------------------------------------------
 * Normalizing one item
 * ------------------------------------------------------------------------ */

static JsonNode *
normalize_name (JsonNode *node)
{
  g_autoptr(JsonObject) name = NULL;
  JsonObject *in;
  JsonNode *out;

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      const char *text = json_node_get_string (node);

      return _epistle_import_parse_name (text, strlen (text), NULL);
    }
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  in = json_node_get_object (node);
  name = json_object_new ();
  for (guint i = 0; name_parts[i] != NULL; i++)
    {
      JsonNode *part = json_object_get_member (in, name_parts[i]);
      g_autofree char *value = NULL;

      if (part == NULL || !JSON_NODE_HOLDS_VALUE (part) ||
          json_node_get_value_type (part) != G_TYPE_STRING)
        continue;
      value = g_strstrip (g_strdup (json_node_get_string (part)));
      if (*value != '\0')
        json_object_set_string_member (name, name_parts[i], value);
    }
  if (!json_object_has_member (name, "family") &&
      !json_object_has_member (name, "given") &&
      !json_object_has_member (name, "literal"))
    return NULL;
  for (const char *const *flag = (const char *const[]) { "comma-suffix", "static-ordering", "parse-names", NULL };
       *flag != NULL; flag++)
    {
      JsonNode *value = json_object_get_member (in, *flag);

      if (value != NULL && JSON_NODE_HOLDS_VALUE (value))
        json_object_set_member (name, *flag, json_node_copy (value));
    }

  out = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (out, name);
  return out;
}

static JsonNode *
normalize_names (JsonNode *node)
{
  g_autoptr(JsonArray) names = json_array_new ();
  JsonNode *out;

  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *in = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (in); i++)
        {
          JsonNode *name = normalize_name (json_array_get_element (in, i));

          if (name != NULL)
            json_array_add_element (names, name);
        }
    }
  else
    {
      JsonNode *name = normalize_name (node);

      if (name != NULL)
        json_array_add_element (names, name);
    }

  if (json_array_get_length (names) == 0)
    return NULL;
  out = json_node_new (JSON_NODE_ARRAY);
  json_node_set_array (out, names);
  return out;
}

/* A date part given as a number or as a string of digits; 0 when not. */
static gint64
date_part (JsonNode *node)
{
  gint64 n = 0;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return 0;
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      n = json_node_get_int (node);
      break;
    case G_TYPE_DOUBLE:
      {
        double d = json_node_get_double (node);

        n = d >= -9999 && d <= 9999 ? (gint64) d : 0;
      }
      break;
    case G_TYPE_STRING:
      {
        g_autofree char *text = g_strstrip (g_strdup (json_node_get_string (node)));

        if (!g_ascii_string_to_signed (text, 10, -9999, 9999, &n, NULL))
          n = _epistle_import_parse_month (text);
      }
      break;
    default:
      break;
    }
  return n >= -9999 && n <= 9999 ? n : 0;
}

/* "1918", "1918-03", "1918-03-04", "1918/3/4"; else the first year-like
 * number in the text ("Spring 1918", "ca. 1850").  FALSE if none. */
static gboolean
parse_date_text (const char *text,
                 int        *year,
                 int        *month,
                 int        *day)
{
  const char *p = text;

  *year = *month = *day = 0;
  while (*p != '\0')
    {
      const char *q = p;
      int n = 0;

      if (!g_ascii_isdigit (*p))
        {
          p++;
          continue;
        }
      while (g_ascii_isdigit (*q) && q - p < 5)
        n = n * 10 + (*q++ - '0');
      if (q - p == 4 && !g_ascii_isdigit (*q))
        {
          *year = n;
          if ((*q == '-' || *q == '/') && g_ascii_isdigit (q[1]))
            {
              *month = (int) g_ascii_strtoll (q + 1, (char **) &q, 10);
              if ((*q == '-' || *q == '/') && g_ascii_isdigit (q[1]))
                *day = (int) g_ascii_strtoll (q + 1, NULL, 10);
            }
          if (*month < 1 || *month > 12)
            *month = *day = 0;
          if (*day < 1 || *day > 31)
            *day = 0;
          return TRUE;
        }
      while (g_ascii_isdigit (*q))
        q++;
      p = q;
    }
  return FALSE;
}

static JsonNode *
normalize_date (JsonNode *node)
{
  g_autoptr(JsonObject) date = json_object_new ();
  JsonNode *out;
  int year, month, day;

  if (JSON_NODE_HOLDS_VALUE (node))
    {
      if (json_node_get_value_type (node) == G_TYPE_STRING)
        {
          const char *raw = json_node_get_string (node);

          if (!parse_date_text (raw, &year, &month, &day))
            return NULL;
          out = _epistle_import_date_node (year, month, day);
          json_object_set_string_member (json_node_get_object (out), "raw", raw);
          return out;
        }
      year = (int) date_part (node);
      return year != 0 ? _epistle_import_date_node (year, 0, 0) : NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  {
    JsonObject *in = json_node_get_object (node);
    JsonNode *parts = json_object_get_member (in, "date-parts");
    const char *raw = json_object_get_string_member_with_default (in, "raw", NULL);
    const char *literal = json_object_get_string_member_with_default (in, "literal", NULL);
    g_autoptr(JsonArray) out_parts = json_array_new ();

    if (parts != NULL && JSON_NODE_HOLDS_ARRAY (parts))
      {
        JsonArray *list = json_node_get_array (parts);

        for (guint i = 0; i < json_array_get_length (list) && i < 2; i++)
          {
            JsonNode *one = json_array_get_element (list, i);
            g_autoptr(JsonArray) out_one = json_array_new ();

            if (!JSON_NODE_HOLDS_ARRAY (one))
              continue;
            for (guint j = 0; j < json_array_get_length (json_node_get_array (one)) && j < 3; j++)
              {
                gint64 n = date_part (json_array_get_element (json_node_get_array (one), j));

                /* month 1-12 (13-24 are seasons in CSL), day 1-31 */
                if (n == 0 || (j == 1 && (n < 1 || n > 24)) || (j == 2 && (n < 1 || n > 31)))
                  break;
                json_array_add_int_element (out_one, n);
              }
            if (json_array_get_length (out_one) > 0)
              json_array_add_array_element (out_parts, g_steal_pointer (&out_one));
          }
      }

    if (json_array_get_length (out_parts) == 0 &&
        ((raw != NULL && parse_date_text (raw, &year, &month, &day)) ||
         (literal != NULL && parse_date_text (literal, &year, &month, &day))))
      {
        g_autoptr(JsonNode) made = _epistle_import_date_node (year, month, day);

        json_array_unref (out_parts);
        out_parts = json_array_ref (json_object_get_array_member (json_node_get_object (made), "date-parts"));
      }

    if (json_array_get_length (out_parts) > 0)
      json_object_set_array_member (date, "date-parts", g_steal_pointer (&out_parts));
    if (raw != NULL && *raw != '\0')
      json_object_set_string_member (date, "raw", raw);
    if (literal != NULL && *literal != '\0')
      json_object_set_string_member (date, "literal", literal);
    for (const char *const *flag = (const char *const[]) { "season", "circa", NULL }; *flag != NULL; flag++)
      {
        JsonNode *value = json_object_get_member (in, *flag);

        if (value != NULL && JSON_NODE_HOLDS_VALUE (value))
          json_object_set_member (date, *flag, json_node_copy (value));
      }
  }

  if (json_object_get_size (date) == 0)
    return NULL;
  out = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (out, date);
  return out;
}

static gboolean
strv_contains (const char * const *list,
               const char         *word)
{
  return g_strv_contains (list, word);
}

/* Returns the normalized item, or NULL with *reason set. */
static JsonObject *
normalize_item (JsonNode    *node,
                const char **reason)
{
  g_autoptr(JsonObject) item = json_object_new ();
  JsonObjectIter iter;
  const char *member;
  JsonNode *value;
  JsonObject *in;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      *reason = _("The item is not a JSON object.");
      return NULL;
    }
  in = json_node_get_object (node);

  json_object_iter_init (&iter, in);
  while (json_object_iter_next (&iter, &member, &value))
    {
      if (strv_contains (name_variables, member))
        {
          JsonNode *names = normalize_names (value);

          if (names != NULL)
            json_object_set_member (item, member, names);
        }
      else if (strv_contains (date_variables, member))
        {
          JsonNode *date = normalize_date (value);

          if (date != NULL)
            json_object_set_member (item, member, date);
        }
      else if (g_str_equal (member, "type"))
        {
          if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_STRING ||
              *json_node_get_string (value) == '\0')
            {
              *reason = _("The item’s “type” is not a CSL type name.");
              return NULL;
            }
          json_object_set_string_member (item, "type", json_node_get_string (value));
        }
      else if (g_str_equal (member, "id"))
        {
          if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
            json_object_set_string_member (item, "id", json_node_get_string (value));
          else if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_INT64)
            {
              g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (value));

              json_object_set_string_member (item, "id", id);
            }
        }
      else if (g_str_equal (member, "title") || g_str_equal (member, "container-title"))
        {
          if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
            {
              g_autofree char *text = g_strstrip (g_strdup (json_node_get_string (value)));

              if (*text != '\0')
                json_object_set_string_member (item, member, text);
            }
          else if (!JSON_NODE_HOLDS_NULL (value))
            {
              *reason = g_str_equal (member, "title")
                ? _("The item’s “title” is not text.")
                : _("The item’s “container-title” is not text.");
              return NULL;
            }
        }
      else if (!JSON_NODE_HOLDS_NULL (value))
        json_object_set_member (item, member, json_node_copy (value));
    }

  if (!json_object_has_member (item, "title") && !json_object_has_member (item, "author") &&
      !json_object_has_member (item, "editor") && !json_object_has_member (item, "container-title"))
    {
      *reason = _("The item has no title, author or editor.");
      return NULL;
    }
  if (!json_object_has_member (item, "type"))
    json_object_set_string_member (item, "type", "document");

  return g_steal_pointer (&item);
}

gboolean
epistle_import_parse_csl_json (const char          *text,
                               gssize               length,
                               EpistleImportBatch **out_batch,
                               GError             **error)
{
  g_autoptr(EpistleImportBatch) batch = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GArray) lines = NULL;
  const char *format = "CSL-JSON";
  JsonNode *root;
  const char *p;
  gsize len;

  g_return_val_if_fail (out_batch != NULL, FALSE);

  if (!_epistle_import_begin (text, length, format, &p, &len, error))
    return FALSE;
  if (len > G_MAXSSIZE || !json_parser_load_from_data (parser, p, len, &local_error))
    {
      _epistle_import_set_not_format (error, format,
                                      local_error != NULL ? local_error->message : _("the file is too large."));
      return FALSE;
    }

  root = json_parser_get_root (parser);
  lines = element_lines (p, len);
  batch = epistle_import_batch_new ();

  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    {
      const char *reason = NULL;
      g_autoptr(JsonObject) item = normalize_item (root, &reason);

      if (item == NULL)
        {
          _epistle_import_set_not_format (error, format, reason);
          return FALSE;
        }
      g_ptr_array_add (batch->sources, _epistle_import_to_json (item));
    }
  else if (root != NULL && JSON_NODE_HOLDS_ARRAY (root))
    {
      JsonArray *items = json_node_get_array (root);
      guint n_objects = 0;

      for (guint i = 0; i < json_array_get_length (items); i++)
        {
          JsonNode *node = json_array_get_element (items, i);
          guint line = i < lines->len ? g_array_index (lines, guint, i) : 0;
          const char *reason = NULL;
          g_autoptr(JsonObject) item = normalize_item (node, &reason);

          n_objects += JSON_NODE_HOLDS_OBJECT (node);
          if (item == NULL)
            {
              epistle_import_batch_skip (batch, line, reason);
              continue;
            }
          g_ptr_array_add (batch->sources, _epistle_import_to_json (item));
        }
      if (json_array_get_length (items) > 0 && n_objects == 0)
        {
          _epistle_import_set_not_format (error, format, _("the array holds no item objects."));
          return FALSE;
        }
    }
  else
    {
      _epistle_import_set_not_format (error, format,
                                      _("expected an array of items or one item object."));
      return FALSE;
    }

  *out_batch = g_steal_pointer (&batch);
  return TRUE;
}
