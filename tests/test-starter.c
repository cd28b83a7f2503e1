/* SPDX-License-Identifier: GPL-3.0-or-later
 * test-starter.c — the starter quote library compiled into Epistle: it
 * loads, every quotation has a complete source (author, title, year) and
 * every source is used; a damaged file is refused with a reason. */

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "epistle-starter.h"

static void
test_complete (void)
{
  g_autoptr(EpistleImportBatch) batch = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) titles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_assert_true (epistle_starter_load (&batch, &error));
  g_assert_no_error (error);
  /* "A few dozen", each of them whole. */
  g_assert_cmpuint (batch->quotes->len, >=, 24);
  for (guint i = 0; i < batch->quotes->len; i++)
    {
      EpistleImportQuote *quote = g_ptr_array_index (batch->quotes, i);
      g_autoptr(JsonNode) node = json_from_string (quote->csl_json, NULL);
      JsonObject *item;
      JsonArray *parts;

      g_assert_nonnull (node);
      item = json_node_get_object (node);
      g_assert_true (g_utf8_validate (quote->text, -1, NULL));
      g_assert_cmpuint (strlen (quote->text), >, 20);
      g_assert_nonnull (json_object_get_string_member_with_default (item, "title", NULL));
      g_assert_true (json_object_has_member (item, "author"));
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (item, "author")), >, 0);
      parts = json_object_get_array_member (json_object_get_object_member (item, "issued"), "date-parts");
      g_assert_cmpint (json_array_get_int_element (json_array_get_array_element (parts, 0), 0), >, 1700);
      g_assert_cmpint (json_array_get_int_element (json_array_get_array_element (parts, 0), 0), <, 1929);
      g_hash_table_add (titles, g_strdup (json_object_get_string_member (item, "title")));
    }
  /* Writers the issue names are there. */
  g_assert_true (g_hash_table_contains (titles, "West India Emancipation"));
  g_assert_true (g_hash_table_contains (titles, "Statement to the Court"));
  g_assert_true (g_hash_table_contains (titles, "Common Sense"));
  g_assert_true (g_hash_table_contains (titles, "J'accuse…! Lettre au Président de la République"));
  g_assert_true (g_hash_table_contains (titles, "Zur russischen Revolution"));
  g_assert_true (g_hash_table_contains (titles, "Brief an Arnold Ruge, Kreuznach, im September 1843"));
  g_assert_cmpuint (g_hash_table_size (titles), ==, 16);   /* every source used */
}

static void
test_damaged (void)
{
  static const char *bad[] = {
    "not json",
    "[]",
    "{\"sources\": [], \"quotes\": {}}",
    "{\"sources\": [{\"title\": \"no id\"}], \"quotes\": []}",
    "{\"sources\": [{\"id\": \"a\"}], \"quotes\": [{\"source\": \"b\", \"text\": \"x\"}]}",
    "{\"sources\": [{\"id\": \"a\"}], \"quotes\": [{\"source\": \"a\"}]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(EpistleImportBatch) batch = NULL;
      g_autoptr(GError) error = NULL;

      g_assert_false (epistle_starter_parse (bad[i], -1, &batch, &error));
      g_assert_nonnull (error);
      g_assert_null (batch);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/starter/complete", test_complete);
  g_test_add_func ("/starter/damaged", test_damaged);
  return g_test_run ();
}
