/* SPDX-License-Identifier: GPL-3.0-or-later
 * epistle-starter.c — reading resources/library/starter.json: {"sources":
 * [CSL-JSON items with "id"], "quotes": [{"source", "text", "locator",
 * "locator-label", "tags"}]} into an import batch. */

#include "config.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "epistle-starter.h"
#include "epistle-starter-resources.h"

#define STARTER_PATH "/org/epistle/Epistle/library/starter.json"

static char *
optional_string (JsonObject *object,
                 const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return g_strdup (json_node_get_string (node));
}

gboolean
epistle_starter_parse (const char          *json,
                       gssize               length,
                       EpistleImportBatch **batch,
                       GError             **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(EpistleImportBatch) out = NULL;
  g_autoptr(GHashTable) sources = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  JsonObject *root;
  JsonArray *items, *quotes;

  g_return_val_if_fail (batch != NULL, FALSE);

  if (!json_parser_load_from_data (parser, json, length, error))
    return FALSE;
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)) ||
      !json_object_has_member ((root = json_node_get_object (json_parser_get_root (parser))), "sources") ||
      !json_object_has_member (root, "quotes") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (root, "sources")) ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (root, "quotes")))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "The starter library is not an object with \"sources\" and \"quotes\" arrays");
      return FALSE;
    }

  items = json_object_get_array_member (root, "sources");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonNode *node = json_array_get_element (items, i);
      const char *id;

      if (!JSON_NODE_HOLDS_OBJECT (node) ||
          (id = json_object_get_string_member_with_default (json_node_get_object (node), "id", NULL)) == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "Starter source %u has no id", i + 1);
          return FALSE;
        }
      g_hash_table_insert (sources, (gpointer) id, json_to_string (node, FALSE));
    }

  out = epistle_import_batch_new ();
  quotes = json_object_get_array_member (root, "quotes");
  for (guint i = 0; i < json_array_get_length (quotes); i++)
    {
      JsonNode *node = json_array_get_element (quotes, i);
      JsonObject *object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *source_id = object != NULL ? json_object_get_string_member_with_default (object, "source", NULL) : NULL;
      const char *csl = source_id != NULL ? g_hash_table_lookup (sources, source_id) : NULL;
      EpistleImportQuote *quote;

      if (csl == NULL || json_object_get_string_member_with_default (object, "text", NULL) == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "Starter quotation %u has no text or an unknown source", i + 1);
          return FALSE;
        }
      quote = epistle_import_quote_new ();
      quote->csl_json = g_strdup (csl);
      quote->text = optional_string (object, "text");
      quote->note = optional_string (object, "note");
      quote->locator = optional_string (object, "locator");
      quote->locator_label = optional_string (object, "locator-label");
      if (json_object_has_member (object, "tags") && JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "tags")))
        {
          JsonArray *tags = json_object_get_array_member (object, "tags");
          g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

          for (guint t = 0; t < json_array_get_length (tags); t++)
            g_strv_builder_add (builder, json_array_get_string_element (tags, t));
          quote->tags = g_strv_builder_end (builder);
        }
      quote->line = i + 1;
      g_ptr_array_add (out->quotes, quote);
    }
  *batch = g_steal_pointer (&out);
  return TRUE;
}

gboolean
epistle_starter_load (EpistleImportBatch **batch,
                      GError             **error)
{
  static gsize registered = 0;
  g_autoptr(GBytes) bytes = NULL;
  gsize size = 0;
  const char *data;

  if (g_once_init_enter (&registered))
    {
      epistle_starter_register_resource ();
      g_once_init_leave (&registered, 1);
    }
  bytes = g_resources_lookup_data (STARTER_PATH, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (bytes == NULL)
    return FALSE;
  data = g_bytes_get_data (bytes, &size);
  return epistle_starter_parse (data, (gssize) size, batch, error);
}

EpistleLibrary *
epistle_starter_open_library (const char  *path,
                              guint        busy_timeout_ms,
                              char       **moved_aside,
                              GError     **error)
{
  g_autoptr(EpistleLibrary) library = NULL;
  g_autoptr(EpistleImportBatch) batch = NULL;

  library = epistle_library_open (path, busy_timeout_ms, moved_aside, error);
  if (library == NULL)
    return NULL;
  if (epistle_library_was_created (library) &&
      (!epistle_starter_load (&batch, error) ||
       !epistle_library_import (library, batch, NULL, error)))
    return NULL;
  return g_steal_pointer (&library);
}
