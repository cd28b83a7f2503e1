/* SPDX-License-Identifier: GPL-3.0-or-later
 * test-import.c — the quote library's importers on hand-written fixtures
 * (tests/data/import/), each reproducing one quirk of its format: exact
 * quotes, sources, locators, merges and skipped entries with their lines. */

#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "epistle-import.h"
#include "test-util.h"

typedef gboolean (*ParseFunc) (const char *, gssize, EpistleImportBatch **, GError **);

/* ---------------------------------------------------------------- helpers -- */

static char *
load_fixture (const char *name,
              gsize      *length)
{
  const char *srcdir = g_getenv ("EPISTLE_SRCDIR");
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_assert_nonnull (srcdir);
  path = g_build_filename (srcdir, "tests", "data", "import", name, NULL);
  g_file_get_contents (path, &contents, length, &error);
  g_assert_no_error (error);
  return contents;
}

static EpistleImportBatch *
parse_fixture (ParseFunc   parse,
               const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  EpistleImportBatch *batch = NULL;
  gsize length;

  text = load_fixture (name, &length);
  g_assert_true (parse (text, length, &batch, &error));
  g_assert_no_error (error);
  g_assert_nonnull (batch);
  return batch;
}

static void
assert_not_format (ParseFunc   parse,
                   const char *text,
                   gssize      length,
                   const char *expected)
{
  g_autoptr(GError) error = NULL;
  EpistleImportBatch *batch = NULL;

  g_assert_false (parse (text, length, &batch, &error));
  g_assert_null (batch);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  if (strstr (error->message, expected) == NULL)
    g_error ("“%s” does not name “%s”", error->message, expected);
}

static JsonObject *
csl_item (const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  g_assert_nonnull (json);
  node = json_from_string (json, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_object_ref (json_node_get_object (node));
}

static void
assert_member (JsonObject *item,
               const char *member,
               const char *expected)
{
  if (expected == NULL)
    {
      g_assert_false (json_object_has_member (item, member));
      return;
    }
  g_assert_true (json_object_has_member (item, member));
  g_assert_cmpstr (json_object_get_string_member (item, member), ==, expected);
}

static guint
n_names (JsonObject *item,
         const char *variable)
{
  return json_array_get_length (json_object_get_array_member (item, variable));
}

/* Checks name @i of @variable; NULL parts must be absent. */
static void
assert_name (JsonObject *item,
             const char *variable,
             guint       i,
             const char *family,
             const char *given,
             const char *particle)
{
  JsonArray *names;
  JsonObject *name;

  g_assert_true (json_object_has_member (item, variable));
  names = json_object_get_array_member (item, variable);
  g_assert_cmpuint (i, <, json_array_get_length (names));
  name = json_array_get_object_element (names, i);
  assert_member (name, "family", family);
  assert_member (name, "given", given);
  assert_member (name, "non-dropping-particle", particle);
}

static void
assert_literal_name (JsonObject *item,
                     const char *variable,
                     guint       i,
                     const char *literal)
{
  JsonObject *name = json_array_get_object_element (json_object_get_array_member (item, variable), i);

  assert_member (name, "literal", literal);
  g_assert_false (json_object_has_member (name, "family"));
}

/* date-parts of @variable as "1918-3-4". */
static char *
date_string (JsonObject *item,
             const char *variable)
{
  JsonObject *date = json_object_get_object_member (item, variable);
  JsonArray *parts;
  GString *out = g_string_new (NULL);

  if (!json_object_has_member (date, "date-parts"))
    return g_string_free (out, FALSE);
  parts = json_array_get_array_element (json_object_get_array_member (date, "date-parts"), 0);
  for (guint i = 0; i < json_array_get_length (parts); i++)
    g_string_append_printf (out, "%s%" G_GINT64_FORMAT, i ? "-" : "", json_array_get_int_element (parts, i));
  return g_string_free (out, FALSE);
}

static void
assert_date (JsonObject *item,
             const char *variable,
             const char *expected)
{
  g_autofree char *date = date_string (item, variable);

  g_assert_cmpstr (date, ==, expected);
}

static gint64
local_time (int year, int month, int day, int hour, int minute, int second)
{
  g_autoptr(GDateTime) when = g_date_time_new_local (year, month, day, hour, minute, second);

  return g_date_time_to_unix (when);
}

/* ----------------------------------------------------------------- kindle -- */

/* kindle-en.txt: UTF-8 BOM and CRLF; each entry's quirk is described in
 * the script comments that wrote it and again here, by its first line:
 *   1  highlight, page 12 and location 180-183, "Title (Vol. 2) (Smith, John)"
 *   6  note at location 183: the note of entry 1
 *  11  bookmark: skipped silently
 *  16  highlight at location 1520-1525, British date order
 *  21  re-highlight at 1519-1527, longer: merged with 16, this text kept
 *  26  empty highlight: reported
 *  31  two authors split at ";", "LOCATION 10-12 | PAGE 3" in odd case, 12:05 AM
 *  36  old header "- Highlight Loc. 1520-24", "First Last" author, two lines
 *  42  note where no highlight is: reported
 *  47  not a clipping: reported
 *  50  an exact duplicate of 1 (title after a stray BOM): merged */
static void
test_kindle_english (void)
{
  g_autoptr(EpistleImportBatch) batch = parse_fixture (epistle_import_parse_kindle, "kindle-en.txt");
  g_autoptr(JsonObject) long_letter = NULL;
  g_autoptr(JsonObject) freedom = NULL;
  g_autoptr(JsonObject) manifesto = NULL;
  g_autoptr(JsonObject) afar = NULL;
  EpistleImportQuote *q;

  g_assert_cmpuint (batch->quotes->len, ==, 4);
  g_assert_cmpuint (batch->merged, ==, 2);
  g_assert_cmpuint (batch->sources->len, ==, 0);
  g_assert_cmpuint (batch->skipped->len, ==, 3);
  test_assert_skipped (batch, 26, "empty");
  test_assert_skipped (batch, 42, "not at the place of any highlight");
  test_assert_skipped (batch, 47, "“- Your Highlight …”");

  q = test_quote_at (batch, 0);
  test_assert_quote (q, 1, "Every letter is written twice: once to the one who reads it, once to oneself.",
                "Use this in the opening paragraph.", "12", "page");
  g_assert_cmpint (q->created, ==, local_time (2019, 3, 4, 22, 15, 2));
  g_assert_null (q->tags);
  long_letter = csl_item (q->csl_json);
  assert_member (long_letter, "type", "book");
  assert_member (long_letter, "title", "The Long Letter (Vol. 2)");
  g_assert_cmpuint (n_names (long_letter, "author"), ==, 1);
  assert_name (long_letter, "author", 0, "Smith", "John", NULL);

  q = test_quote_at (batch, 1);
  test_assert_quote (q, 21, "Freedom is always and exclusively the freedom of the one who writes otherwise, in every letter.",
                NULL, "1519-1527", "location");
  g_assert_cmpint (q->created, ==, local_time (2019, 3, 4, 22, 16, 10));
  freedom = csl_item (q->csl_json);
  assert_member (freedom, "title", "The Practice of Freedom");
  assert_name (freedom, "author", 0, "Arden", "Rosa", NULL);

  q = test_quote_at (batch, 2);
  test_assert_quote (q, 31, "A spectre is haunting the blank page.", NULL, "3", "page");
  g_assert_cmpint (q->created, ==, local_time (2019, 1, 1, 0, 5, 0));
  manifesto = csl_item (q->csl_json);
  assert_member (manifesto, "title", "A Manifesto for Writers");
  g_assert_cmpuint (n_names (manifesto, "author"), ==, 2);
  assert_name (manifesto, "author", 0, "Marx", "Karl", NULL);
  assert_name (manifesto, "author", 1, "Engels", "Friedrich", NULL);

  q = test_quote_at (batch, 3);
  test_assert_quote (q, 36, "Two paragraphs of one quotation,\nkept as two lines.", NULL, "1520-1524", "location");
  g_assert_cmpint (q->created, ==, local_time (2013, 6, 2, 19, 30, 0));
  afar = csl_item (q->csl_json);
  assert_member (afar, "title", "Letters From Afar");
  assert_name (afar, "author", 0, "Byron", "Ada", NULL);
}

/* kindle-intl.txt: LF, no BOM; one book per language, lines:
 *   1 fr highlight "Votre surlignement sur la page 7 | emplacement 95-97"
 *   6 fr note "Votre note … emplacement 97"
 *  11 de highlight "Ihre Markierung auf Seite 33 | Position 501-503"
 *  16 de bookmark "Ihr Lesezeichen"
 *  21 es highlight "Tu subrayado en la posición 220-224"
 *  26 es note "Tu nota en la posición 224"
 *  31 zh highlight "您在第 12 页（位置 #180-183）的标注", 下午 (PM)
 *  36 zh note "您在第 12 页（位置 #183）的笔记"
 *  41 ja highlight "12ページ|位置No. 180-183のハイライト", 作成日
 *  46 ja bookmark "…のブックマーク"
 *  51 ja note "位置No. 183のメモ" */
static void
test_kindle_localized (void)
{
  g_autoptr(EpistleImportBatch) batch = parse_fixture (epistle_import_parse_kindle, "kindle-intl.txt");
  struct {
    guint line;
    const char *text, *note, *locator, *label, *family, *given;
    int hour, minute, second;
  } expected[] = {
    { 1, "On écrit toujours pour quelqu’un.", "Belle ouverture.", "7", "page", "Dupont", "Marie", 22, 15, 2 },
    { 11, "Ein Brief ist ein Gespräch mit einem Abwesenden.", NULL, "33", "page", "Müller", "Hans", 22, 15, 2 },
    { 21, "Escribir una carta es pensar en voz baja.", "Para el capítulo dos.", "220-224", "location",
      "García Márquez", "Gabriela", 22, 15, 2 },
    { 31, "信是写给远方的人的。", "好句子。", "12", "page", "王小明", NULL, 22, 15, 2 },
    { 41, "手紙は遠くの人への贈り物だ。", "大事。", "12", "page", "山田太郎", NULL, 22, 15, 2 },
  };

  g_assert_cmpuint (batch->quotes->len, ==, G_N_ELEMENTS (expected));
  g_assert_cmpuint (batch->skipped->len, ==, 0);
  g_assert_cmpuint (batch->merged, ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      EpistleImportQuote *q = test_quote_at (batch, i);
      g_autoptr(JsonObject) item = csl_item (q->csl_json);

      test_assert_quote (q, expected[i].line, expected[i].text, expected[i].note,
                    expected[i].locator, expected[i].label);
      assert_name (item, "author", 0, expected[i].family, expected[i].given, NULL);
      g_assert_cmpint (q->created, ==, local_time (2019, 3, 4, expected[i].hour,
                                                     expected[i].minute, expected[i].second));
    }
}

/* A note written before its highlight still finds it; page-only (PDF)
 * highlights merge only when one text holds the other, and a note on a
 * page goes to the highlight made nearest in time. */
static void
test_kindle_pages_and_order (void)
{
  const char *text =
    "Pdf Book (Roe, Richard)\n"                                                  /* 1 */
    "- Your Note on page 5 | Added on Friday, May 3, 2024 9:01:05 AM\n\n"
    "Note first.\n==========\n"
    "Pdf Book (Roe, Richard)\n"                                                  /* 6 */
    "- Your Highlight on page 5 | Added on Friday, May 3, 2024 8:59:00 AM\n\n"
    "First passage of page five.\n==========\n"
    "Pdf Book (Roe, Richard)\n"                                                  /* 11 */
    "- Your Highlight on page 5 | Added on Friday, May 3, 2024 8:59:30 AM\n\n"
    "Another passage.\n==========\n"
    "Pdf Book (Roe, Richard)\n"                                                  /* 16 */
    "- Your Highlight on page 5 | Added on Friday, May 3, 2024 9:01:00 AM\n\n"
    "First passage of page five. And more.\n==========";
  g_autoptr(EpistleImportBatch) batch = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (epistle_import_parse_kindle (text, -1, &batch, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (batch->merged, ==, 1);
  g_assert_cmpuint (batch->quotes->len, ==, 2);
  g_assert_cmpuint (batch->skipped->len, ==, 0);
  test_assert_quote (test_quote_at (batch, 0), 11, "Another passage.", NULL, "5", "page");
  test_assert_quote (test_quote_at (batch, 1), 16, "First passage of page five. And more.", "Note first.", "5", "page");
  g_assert_cmpint (test_quote_at (batch, 1)->created, ==, local_time (2024, 5, 3, 9, 1, 0));
}

static void
test_kindle_broken (void)
{
  g_autoptr(EpistleImportBatch) batch = parse_fixture (epistle_import_parse_kindle, "kindle-broken.txt");

  g_assert_cmpuint (batch->quotes->len, ==, 1);
  test_assert_quote (test_quote_at (batch, 0), 1, "Fine text.", NULL, "5-6", "location");
  g_assert_cmpuint (batch->skipped->len, ==, 2);
  test_assert_skipped (batch, 6, "UTF-8");
  test_assert_skipped (batch, 11, "UTF-8");

  assert_not_format (epistle_import_parse_kindle, "Dear Sir,\n\nthis is a letter.\n", -1, "Kindle");
  assert_not_format (epistle_import_parse_kindle, "", 0, "empty");
  assert_not_format (epistle_import_parse_kindle, "\xFF\xFE" "a\0b\0", 6, "UTF-16");
  assert_not_format (epistle_import_parse_kindle, "@book{x, title={Y}}\n", -1, "Kindle");
}

/* --------------------------------------------------------------- csl-json -- */

static void
test_csl_json (void)
{
  g_autoptr(EpistleImportBatch) batch = parse_fixture (epistle_import_parse_csl_json, "csl.json");
  g_autoptr(JsonObject) arden = NULL;
  g_autoptr(JsonObject) beethoven = NULL;
  g_autoptr(JsonObject) raw = NULL;
  g_autoptr(JsonObject) literal = NULL;
  JsonObject *name;

  g_assert_cmpuint (batch->quotes->len, ==, 0);
  g_assert_cmpuint (batch->sources->len, ==, 4);
  g_assert_cmpuint (batch->skipped->len, ==, 3);
  test_assert_skipped (batch, 32, "not a JSON object");
  test_assert_skipped (batch, 33, "“title” is not text");
  test_assert_skipped (batch, 34, "no title, author or editor");

  arden = csl_item (g_ptr_array_index (batch->sources, 0));
  assert_member (arden, "id", "arden1918");
  assert_member (arden, "type", "book");
  assert_member (arden, "title", "The Practice of Freedom");
  assert_member (arden, "publisher", "Open Letters Press");
  assert_name (arden, "author", 0, "Arden", "Rosa", NULL);
  assert_date (arden, "issued", "1918");

  beethoven = csl_item (g_ptr_array_index (batch->sources, 1));
  assert_member (beethoven, "type", "article-journal");
  assert_member (beethoven, "title", "Letters to an Immortal Beloved");
  assert_member (beethoven, "container-title", "Journal of Letters");
  assert_member (beethoven, "page", "12-14");
  g_assert_cmpuint (n_names (beethoven, "author"), ==, 3);
  assert_name (beethoven, "author", 0, "Beethoven", "Ludwig", "van");
  assert_name (beethoven, "author", 1, "Gogh", "Vincent", NULL);
  name = json_array_get_object_element (json_object_get_array_member (beethoven, "author"), 1);
  assert_member (name, "dropping-particle", "van");
  assert_literal_name (beethoven, "author", 2, "The Letter Society");
  assert_date (beethoven, "issued", "1812-7-6");

  raw = csl_item (g_ptr_array_index (batch->sources, 2));
  assert_member (raw, "id", "42");
  assert_member (raw, "type", "chapter");
  assert_name (raw, "editor", 0, "Doe", "Jane", NULL);
  assert_date (raw, "issued", "2019-3-4");
  assert_member (json_object_get_object_member (raw, "issued"), "raw", "2019-03-04");
  assert_date (raw, "accessed", "1918");
  assert_member (json_object_get_object_member (raw, "accessed"), "literal", "Spring 1918");

  literal = csl_item (g_ptr_array_index (batch->sources, 3));
  assert_member (literal, "type", "webpage");
  assert_member (json_object_get_object_member (literal, "issued"), "literal", "n.d.");
  g_assert_false (json_object_has_member (json_object_get_object_member (literal, "issued"), "date-parts"));
}

static void
test_csl_json_single (void)
{
  g_autoptr(EpistleImportBatch) batch = parse_fixture (epistle_import_parse_csl_json, "csl-single.json");
  g_autoptr(JsonObject) item = NULL;
  g_autoptr(EpistleImportBatch) empty = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (batch->sources->len, ==, 1);
  item = csl_item (g_ptr_array_index (batch->sources, 0));
  assert_member (item, "title", "One Item");
  assert_date (item, "issued", "2001-2");

  /* An empty array is CSL-JSON with nothing in it. */
  g_assert_true (epistle_import_parse_csl_json ("[]", -1, &empty, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (empty->sources->len, ==, 0);

  assert_not_format (epistle_import_parse_csl_json, "this is not json", -1, "CSL-JSON");
  assert_not_format (epistle_import_parse_csl_json, "[1, 2, \"three\"]", -1, "no item objects");
  assert_not_format (epistle_import_parse_csl_json, "{\"foo\": 1}", -1, "no title");
  assert_not_format (epistle_import_parse_csl_json, "3", -1, "CSL-JSON");
  assert_not_format (epistle_import_parse_csl_json, "[{\"title\": \"\xff\"}]", -1, "CSL-JSON");
}

/* ----------------------------------------------------------------- bibtex -- */

static JsonObject *
source_with_id (EpistleImportBatch *batch,
                const char         *id)
{
  for (guint i = 0; i < batch->sources->len; i++)
    {
      JsonObject *item = csl_item (g_ptr_array_index (batch->sources, i));

      if (g_strcmp0 (json_object_get_string_member_with_default (item, "id", NULL), id) == 0)
        return item;
      json_object_unref (item);
    }
  g_error ("no source “%s”", id);
  return NULL;
}

static void
test_bibtex (void)
{
  g_autoptr(EpistleImportBatch) batch = parse_fixture (epistle_import_parse_bibtex, "library.bib");
  g_autoptr(JsonObject) arden = NULL;
  g_autoptr(JsonObject) mueller = NULL;
  g_autoptr(JsonObject) chapter = NULL;
  g_autoptr(JsonObject) collected = NULL;
  g_autoptr(JsonObject) thesis = NULL;
  g_autoptr(JsonObject) site = NULL;
  JsonObject *name;

  g_assert_cmpuint (batch->quotes->len, ==, 0);
  g_assert_cmpuint (batch->sources->len, ==, 6);
  g_assert_cmpuint (batch->skipped->len, ==, 1);
  test_assert_skipped (batch, 54, "not followed by “,”");

  arden = source_with_id (batch, "arden1918");
  assert_member (arden, "type", "book");
  assert_member (arden, "title", "The Practice of Émile's Freedom");
  assert_member (arden, "publisher", "Open Letters Press and Sons");
  assert_member (arden, "publisher-place", "Berlin");
  assert_member (arden, "page", "12-14");
  assert_date (arden, "issued", "1918-3");
  g_assert_cmpuint (n_names (arden, "author"), ==, 2);
  assert_name (arden, "author", 0, "Arden", "Rosa", NULL);
  assert_name (arden, "author", 1, "Humboldt", "Karl", "von");

  mueller = source_with_id (batch, "mueller1918");
  assert_member (mueller, "type", "article-journal");
  assert_member (mueller, "title", "Canton Speech — a Letter");
  assert_member (mueller, "container-title", "Journal of Open Letters");
  assert_member (mueller, "volume", "3");
  assert_member (mueller, "issue", "2");
  assert_member (mueller, "page", "101-120");
  assert_member (mueller, "DOI", "10.1000/xyz_123");
  assert_member (mueller, "URL", "https://example.org/~mueller/letter");
  assert_date (mueller, "issued", "1918-6");
  g_assert_cmpuint (n_names (mueller, "author"), ==, 3);
  assert_name (mueller, "author", 0, "Müller", "Hans", NULL);
  assert_name (mueller, "author", 1, "Garçon", "François", NULL);
  assert_name (mueller, "author", 2, "Straße", "Anna", NULL);

  chapter = source_with_id (batch, "chapter1");
  assert_member (chapter, "type", "chapter");
  assert_member (chapter, "title", "A Chapter\u00A0on Letters");
  assert_member (chapter, "container-title", "Collected Letters");   /* from crossref */
  assert_member (chapter, "publisher", "Small Press");
  assert_member (chapter, "page", "1-20");
  assert_date (chapter, "issued", "2001");
  assert_name (chapter, "author", 0, "Doe", "Jane", NULL);
  assert_name (chapter, "editor", 0, "Cruz", "Juana", "de la");

  collected = source_with_id (batch, "collected");
  assert_member (collected, "type", "book");
  g_assert_false (json_object_has_member (collected, "author"));
  assert_name (collected, "editor", 0, "Cruz", "Juana", "de la");
  assert_literal_name (collected, "editor", 1, "World Letter Organization");

  thesis = source_with_id (batch, "thesis1");
  assert_member (thesis, "type", "thesis");
  assert_member (thesis, "genre", "PhD thesis");
  assert_member (thesis, "publisher", "University of Letters");
  assert_name (thesis, "author", 0, "Beethoven", "Ludwig", "van");
  assert_name (thesis, "author", 1, "Davis", "Sammy", NULL);
  name = json_array_get_object_element (json_object_get_array_member (thesis, "author"), 1);
  assert_member (name, "suffix", "Jr.");

  site = source_with_id (batch, "site");
  assert_member (site, "type", "webpage");
  assert_member (site, "URL", "http://example.org");
  assert_date (site, "issued", "2019-5-6");
}

/* The LaTeX of titles, one construct at a time. */
static void
test_bibtex_latex (void)
{
  struct { const char *latex, *text; } cases[] = {
    { "{\\'E}cole", "École" },
    { "\\'{E}cole", "École" },
    { "Sch\\\"on \\\"o", "Schön ö" },
    { "Fran\\c{c}ais \\c c", "Français ç" },
    { "Stra\\ss e und \\ss{}", "Straße und ß" },
    { "1914--1918 --- war", "1914–1918 — war" },
    { "A~B", "A\u00A0B" },
    { "na\\\"{\\i}ve \\'\\i", "naïve í" },
    { "\\v{S}koda \\u{a} \\H{o} \\k{e} \\r{a} \\~n \\^o \\`e \\=a \\.z", "Škoda ă ő ę å ñ ô è ā ż" },
    { "{\\o}re {\\AE}sir \\oe{}uvre \\l{}\\'od\\'z", "øre Æsir œuvre łódź" },
    { "100\\% \\& \\$5 \\#1 \\_x", "100% & $5 #1 _x" },
    { "``Quoted'' \\emph{and} \\textbf{bold}", "“Quoted” and bold" },
    { "{{{Nested {braces}}}}", "Nested braces" },
    { "Line\n   break", "Line break" },
    { "$E=mc^2$", "E=mc^2" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *bib = g_strdup_printf ("@misc{k%u, title = {%s}}", i, cases[i].latex);
      g_autoptr(EpistleImportBatch) batch = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonObject) item = NULL;

      g_assert_true (epistle_import_parse_bibtex (bib, -1, &batch, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (batch->sources->len, ==, 1);
      item = csl_item (g_ptr_array_index (batch->sources, 0));
      g_assert_cmpstr (json_object_get_string_member (item, "title"), ==, cases[i].text);
      assert_member (item, "type", "document");
    }
}

static void
test_bibtex_broken (void)
{
  const char *text =
    "@book{good, title = {Good}, year = 2000}\n"      /* 1 */
    "@book{nokey}\n"                                   /* 2: no fields, no title */
    "@book{, title = {No key}}\n"                      /* 3 */
    "@book{quote, title = \"Unclosed}\n"               /* 4 */
    "@book{bad, title = {Bad \xff}}\n"                 /* 6 */
    "@book{noeq, title {x}}\n"                         /* 6 */
    "@article{last, title = \"Last\" # {, really}, month = dec, year = \"1999\"}\n";  /* 7 */
  g_autoptr(EpistleImportBatch) batch = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) last = NULL;

  g_assert_true (epistle_import_parse_bibtex (text, -1, &batch, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (batch->sources->len, ==, 2);
  test_assert_skipped (batch, 2, "no title, author or editor");
  test_assert_skipped (batch, 3, "no citation key");
  test_assert_skipped (batch, 4, "");
  test_assert_skipped (batch, 5, "UTF-8");
  test_assert_skipped (batch, 6, "“=”");
  g_assert_cmpuint (batch->skipped->len, ==, 5);
  last = source_with_id (batch, "last");
  assert_member (last, "title", "Last, really");
  assert_date (last, "issued", "1999-12");

  assert_not_format (epistle_import_parse_bibtex, "Just prose, no entries at all.\n", -1, "BibTeX");
  assert_not_format (epistle_import_parse_bibtex, "   \n\n", -1, "empty");
}

/* --------------------------------------------------------------- readwise -- */

static void
test_readwise (void)
{
  g_autoptr(EpistleImportBatch) batch = parse_fixture (epistle_import_parse_readwise, "readwise.csv");
  g_autoptr(JsonObject) letter = NULL;
  g_autoptr(JsonObject) afar = NULL;
  g_autoptr(JsonObject) manifesto = NULL;
  const char * const tags[] = { "favorite", "opening", "letters", NULL };
  EpistleImportQuote *q;

  g_assert_cmpuint (batch->quotes->len, ==, 3);
  g_assert_cmpuint (batch->skipped->len, ==, 2);
  test_assert_skipped (batch, 7, "empty");
  test_assert_skipped (batch, 9, "not closed");

  q = test_quote_at (batch, 0);
  test_assert_quote (q, 2, "A letter, sent, is a promise kept.", NULL, "1520", "location");
  g_assert_true (g_strv_equal ((const char * const *) q->tags, tags));
  g_assert_cmpint (q->created, ==, 1551737702);   /* 2019-03-04 22:15:02 UTC */
  letter = csl_item (q->csl_json);
  assert_member (letter, "type", "book");
  assert_member (letter, "title", "The Long Letter");
  g_assert_cmpuint (n_names (letter, "author"), ==, 1);
  assert_name (letter, "author", 0, "Smith", "John", NULL);

  q = test_quote_at (batch, 1);
  test_assert_quote (q, 3, "She wrote: \"Dear friend,\"\nand then stopped.\n\nA second paragraph.",
                "My note, with a comma", "42", "page");
  g_assert_null (q->tags);
  g_assert_cmpint (q->created, ==, 1577934245);   /* 2020-01-02 03:04:05 UTC */
  afar = csl_item (q->csl_json);
  assert_member (afar, "type", "document");
  assert_name (afar, "author", 0, "Byron", "Ada", NULL);
  assert_name (afar, "author", 1, "Babbage", "Charles", NULL);

  q = test_quote_at (batch, 2);
  test_assert_quote (q, 8, "Plain highlight", NULL, NULL, NULL);
  g_assert_cmpint (q->created, ==, 0);
  manifesto = csl_item (q->csl_json);
  g_assert_cmpuint (n_names (manifesto, "author"), ==, 2);
  assert_name (manifesto, "author", 0, "Marx", "Karl", NULL);
  assert_name (manifesto, "author", 1, "Engels", "Friedrich", NULL);
}

/* Columns in another order, CRLF line ends, a BOM, a bad row. */
static void
test_readwise_columns (void)
{
  const char *text =
    "\xEF\xBB\xBF" "Book Author,Location,Highlight,Book Title\r\n"
    "Jane Doe,7,\"Line one\r\nline two\",Some Book\r\n"
    "Jane Doe,8,\"Bad \xff\",Some Book\r\n"
    "Jane Doe,9,Last one,Some Book";
  g_autoptr(EpistleImportBatch) batch = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) item = NULL;

  g_assert_true (epistle_import_parse_readwise (text, -1, &batch, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (batch->quotes->len, ==, 2);
  test_assert_quote (test_quote_at (batch, 0), 2, "Line one\r\nline two", NULL, "7", "location");
  test_assert_quote (test_quote_at (batch, 1), 5, "Last one", NULL, "9", "location");
  test_assert_skipped (batch, 4, "UTF-8");
  item = csl_item (test_quote_at (batch, 1)->csl_json);
  assert_member (item, "title", "Some Book");
  assert_name (item, "author", 0, "Doe", "Jane", NULL);

  assert_not_format (epistle_import_parse_readwise, "Title,Author\nA,B\n", -1, "“Highlight”");
  assert_not_format (epistle_import_parse_readwise, "\"Highlight", -1, "Readwise");
}

/* ----------------------------------------------------------- hostile input -- */

static void
test_hostile (void)
{
  ParseFunc parsers[] = {
    epistle_import_parse_kindle, epistle_import_parse_bibtex,
    epistle_import_parse_csl_json, epistle_import_parse_readwise,
  };
  const gsize huge = 8 * 1024 * 1024;
  g_autofree char *line = g_malloc (huge);
  g_autofree char *nested = g_malloc (huge);
  const char nul[] = "Book (A)\n- Your Highlight on Location 1 | Added on\n\n\0\0\0\n==========\n@x{\0}\n";
  gint64 start = g_get_monotonic_time ();

  /* One huge line of text, and one huge nest of brackets and braces. */
  memset (line, 'a', huge);
  for (gsize i = 0; i < huge; i++)
    nested[i] = "{[(\"@"[i % 5];

  for (guint i = 0; i < G_N_ELEMENTS (parsers); i++)
    {
      const char *inputs[] = { line, nested, nul };
      gsize lengths[] = { huge, huge, sizeof nul - 1 };

      for (guint j = 0; j < G_N_ELEMENTS (inputs); j++)
        {
          g_autoptr(EpistleImportBatch) batch = NULL;
          g_autoptr(GError) error = NULL;

          if (parsers[i] (inputs[j], lengths[j], &batch, &error))
            g_assert_nonnull (batch);
          else
            g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
        }
    }
  /* Linear time: eight parses of 8 MB well within the test's timeout. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 20 * G_USEC_PER_SEC);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/epistle/import/kindle/english", test_kindle_english);
  g_test_add_func ("/epistle/import/kindle/localized", test_kindle_localized);
  g_test_add_func ("/epistle/import/kindle/pages-and-order", test_kindle_pages_and_order);
  g_test_add_func ("/epistle/import/kindle/broken", test_kindle_broken);
  g_test_add_func ("/epistle/import/csl-json/array", test_csl_json);
  g_test_add_func ("/epistle/import/csl-json/single", test_csl_json_single);
  g_test_add_func ("/epistle/import/bibtex/library", test_bibtex);
  g_test_add_func ("/epistle/import/bibtex/latex", test_bibtex_latex);
  g_test_add_func ("/epistle/import/bibtex/broken", test_bibtex_broken);
  g_test_add_func ("/epistle/import/readwise/export", test_readwise);
  g_test_add_func ("/epistle/import/readwise/columns", test_readwise_columns);
  g_test_add_func ("/epistle/import/hostile", test_hostile);

  return g_test_run ();
}
