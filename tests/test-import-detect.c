/* SPDX-License-Identifier: GPL-3.0-or-later
 * test-import-detect.c — telling import formats apart by content: every
 * fixture under any name, BOMs, CRLF, cut heads, look-alikes and junk; and
 * epistle_import_file() end to end, with its messages for what it refuses. */

#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "epistle-import-detect.h"

#define KINDLE   EPISTLE_IMPORT_FORMAT_KINDLE
#define CSL      EPISTLE_IMPORT_FORMAT_CSL_JSON
#define BIBTEX   EPISTLE_IMPORT_FORMAT_BIBTEX
#define READWISE EPISTLE_IMPORT_FORMAT_READWISE
#define ZOTERO   EPISTLE_IMPORT_FORMAT_ZOTERO
#define UNKNOWN  EPISTLE_IMPORT_FORMAT_UNKNOWN

static char *tmpdir;

static const struct {
  const char *name;
  EpistleImportFormat format;
} fixtures[] = {
  { "kindle-en.txt", KINDLE },
  { "kindle-intl.txt", KINDLE },
  { "kindle-broken.txt", KINDLE },
  { "csl.json", CSL },
  { "csl-single.json", CSL },
  { "library.bib", BIBTEX },
  { "readwise.csv", READWISE },
};

/* Names that point at another format than the content. */
static const char * const other_names[] = {
  "My Clippings.txt", "library.json", "refs.bib", "export.csv", "zotero.sqlite",
  "notes", "quotes.md", "UPPER.BIB",
};

/* ---------------------------------------------------------------- helpers -- */

static char *
fixture_path (const char *name)
{
  const char *srcdir = g_getenv ("EPISTLE_SRCDIR");

  g_assert_nonnull (srcdir);
  return g_build_filename (srcdir, "tests", "data", "import", name, NULL);
}

static GBytes *
load_fixture (const char *name)
{
  g_autofree char *path = fixture_path (name);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

static EpistleImportFormat
detect (GBytes     *bytes,
        const char *filename)
{
  gsize length;
  const guint8 *data = g_bytes_get_data (bytes, &length);

  return epistle_import_detect_format (data, length, filename);
}

static EpistleImportFormat
detect_string (const char *text,
               const char *filename)
{
  return epistle_import_detect_format ((const guint8 *) text, strlen (text), filename);
}

static void
assert_format (EpistleImportFormat got,
               EpistleImportFormat expected,
               const char         *what)
{
  if (got != expected)
    g_error ("%s: detected %s, expected %s", what,
             epistle_import_format_to_string (got), epistle_import_format_to_string (expected));
}

static char *
temp_file (const char *name,
           const void *contents,
           gssize      length)
{
  char *path = g_build_filename (tmpdir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);
  return path;
}

static GBytes *
with_crlf (GBytes *bytes)
{
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);
  GString *out = g_string_sized_new (length * 2);

  for (gsize i = 0; i < length; i++)
    {
      if (data[i] == '\n' && (i == 0 || data[i - 1] != '\r'))
        g_string_append_c (out, '\r');
      g_string_append_c (out, data[i]);
    }
  return g_string_free_to_bytes (out);
}

static GBytes *
with_bom (GBytes *bytes)
{
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);
  GString *out = g_string_new (NULL);

  if (length < 3 || memcmp (data, "\xEF\xBB\xBF", 3) != 0)
    g_string_append (out, "\xEF\xBB\xBF");
  g_string_append_len (out, data, length);
  return g_string_free_to_bytes (out);
}

/* Zotero's database, made from the SQL fixtures the importer's test uses. */
static char *
make_zotero_database (void)
{
  char *path = g_build_filename (tmpdir, "zotero.sqlite", NULL);

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      const char *scripts[] = { "zotero-schema.sql", "zotero-rows.sql" };
      sqlite3 *db = NULL;

      g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
      for (guint i = 0; i < G_N_ELEMENTS (scripts); i++)
        {
          g_autoptr(GBytes) sql = load_fixture (scripts[i]);
          g_autofree char *text = g_strndup (g_bytes_get_data (sql, NULL), g_bytes_get_size (sql));
          char *message = NULL;

          if (sqlite3_exec (db, text, NULL, NULL, &message) != SQLITE_OK)
            g_error ("%s: %s", scripts[i], message);
        }
      sqlite3_close (db);
    }
  return path;
}

/* ------------------------------------------------------------- detection -- */

static void
test_fixtures (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (fixtures); i++)
    {
      g_autoptr(GBytes) bytes = load_fixture (fixtures[i].name);

      assert_format (detect (bytes, fixtures[i].name), fixtures[i].format, fixtures[i].name);
      assert_format (detect (bytes, NULL), fixtures[i].format, fixtures[i].name);
    }
}

/* The name does not decide: BibTeX in a .txt, Kindle in a .csv… */
static void
test_wrong_names (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (fixtures); i++)
    {
      g_autoptr(GBytes) bytes = load_fixture (fixtures[i].name);

      for (guint n = 0; n < G_N_ELEMENTS (other_names); n++)
        {
          g_autofree char *what = g_strdup_printf ("%s named %s", fixtures[i].name, other_names[n]);

          assert_format (detect (bytes, other_names[n]), fixtures[i].format, what);
        }
    }

  assert_format (detect_string ("@article{key2020,\n  title = {A Title},\n  year = 2020,\n}\n", "refs.txt"),
                 BIBTEX, "BibTeX in a .txt");
  assert_format (detect_string ("  @Book( key,\n title = \"T\" )\n", "x.csv"), BIBTEX, "@Book( in a .csv");
  assert_format (detect_string ("Some Book (Doe, Jane)\n"
                                "- Your Highlight on Location 5-6 | Added on Monday, March 4, 2019 10:15:02 PM\n"
                                "\n"
                                "Text.\n"
                                "==========\n", "clippings.csv"),
                 KINDLE, "Kindle in a .csv");
}

static void
test_bom_and_crlf (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (fixtures); i++)
    {
      g_autoptr(GBytes) bytes = load_fixture (fixtures[i].name);
      g_autoptr(GBytes) bom = with_bom (bytes);
      g_autoptr(GBytes) crlf = with_crlf (bytes);
      g_autoptr(GBytes) both = with_crlf (bom);
      g_autofree char *what_bom = g_strconcat (fixtures[i].name, " with a BOM", NULL);
      g_autofree char *what_crlf = g_strconcat (fixtures[i].name, " with CRLF", NULL);
      g_autofree char *what_both = g_strconcat (fixtures[i].name, " with a BOM and CRLF", NULL);

      assert_format (detect (bom, NULL), fixtures[i].format, what_bom);
      assert_format (detect (crlf, NULL), fixtures[i].format, what_crlf);
      assert_format (detect (both, "file.txt"), fixtures[i].format, what_both);
    }

  /* A quoted "Highlight" column, any case, after a BOM, CRLF. */
  assert_format (detect_string ("\xEF\xBB\xBF\"HIGHLIGHT\",\"Title\"\r\n\"x\",\"y\"\r\n", NULL),
                 READWISE, "quoted upper-case Highlight column");
  assert_format (detect_string ("Highlight\nOne line\n", NULL), READWISE, "a lone Highlight column");
  assert_format (detect_string ("Title,Highlights\nx,y\n", NULL), UNKNOWN, "a Highlights column");
}

/* A cut head (detection sees only 64 KiB) still tells the format. */
static void
test_cut_head (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (fixtures); i++)
    {
      g_autoptr(GBytes) bytes = load_fixture (fixtures[i].name);
      gsize length;
      const guint8 *data = g_bytes_get_data (bytes, &length);
      g_autofree char *what = g_strconcat (fixtures[i].name, " cut in half", NULL);

      /* The fixtures are small: cut where a big file's head would end. */
      if (fixtures[i].format == CSL || fixtures[i].format == BIBTEX || fixtures[i].format == READWISE)
        assert_format (epistle_import_detect_format (data, length / 2, NULL), fixtures[i].format, what);
    }

  {
    /* 2,000 clippings: well past the head. */
    g_autoptr(GString) big = g_string_new (NULL);

    for (guint i = 0; i < 2000; i++)
      g_string_append_printf (big,
                              "Book %u (Doe, Jane)\n"
                              "- Your Highlight on page %u | Added on Monday, March 4, 2019 10:15:02 PM\n\n"
                              "A highlight long enough to make the file large, number %u.\n"
                              "==========\n", i, i, i);
    g_assert_cmpuint (big->len, >, EPISTLE_IMPORT_DETECT_HEAD_SIZE);
    assert_format (epistle_import_detect_format ((const guint8 *) big->str, big->len, NULL), KINDLE, "big Kindle");
    assert_format (epistle_import_detect_format ((const guint8 *) big->str, EPISTLE_IMPORT_DETECT_HEAD_SIZE, NULL),
                   KINDLE, "big Kindle head");
  }
}

static void
test_kindle_variants (void)
{
  /* Localized headers, and one clipping cut before its separator. */
  assert_format (detect_string ("Briefe (Müller, Hans)\n"
                                "- Ihre Markierung auf Seite 33 | Position 501-503 | Hinzugefügt am Montag, 4. März 2019 22:15:02\n\n"
                                "Ein Brief.\n==========\n", NULL),
                 KINDLE, "German Kindle");
  assert_format (detect_string ("手紙の本 (山田太郎)\n"
                                "- 12ページ|位置No. 180-183のハイライト |作成日: 2019年3月4日月曜日 22:15:02\n\n"
                                "手紙は遠くの人への贈り物だ。\n==========\n", NULL),
                 KINDLE, "Japanese Kindle");
  /* A header in a language the list lacks still has Kindle's shape. */
  assert_format (detect_string ("Kirja (Virtanen, Aino)\n"
                                "- Korostuksesi sivulla 4 | Lisätty maanantaina 4. maaliskuuta 2019\n\n"
                                "Teksti.\n==========\n", NULL),
                 KINDLE, "Finnish Kindle");
  /* Separators alone, or a lone header line, are not enough. */
  assert_format (detect_string ("Chapter One\n==========\n\nIt was a dark night.\n", NULL), UNKNOWN,
                 "Setext-like underline");
  assert_format (detect_string ("- Your Highlight on page 3\n", NULL), UNKNOWN, "a lone header line");
}

/* Content that fits two formats: the name decides, else the stronger fit. */
static void
test_ties (void)
{
  const char *both =
    "A Book (Doe, Jane)\n"
    "- Your Highlight on page 3 | Added on Monday, March 4, 2019 10:15:02 PM\n"
    "\n"
    "@book{quoted,\n"
    "==========\n";

  assert_format (detect_string (both, "clippings.bib"), BIBTEX, "both, named .bib");
  assert_format (detect_string (both, "My Clippings.txt"), KINDLE, "both, named .txt");
  assert_format (detect_string (both, NULL), KINDLE, "both, no name");
  assert_format (detect_string (both, "both.json"), KINDLE, "both, named for neither");
}

static void
test_not_importable (void)
{
  static const guint8 zeros[4096] = { 0, };
  g_autoptr(GRand) rand = g_rand_new_with_seed (20250101);
  guint8 junk[8192];

  assert_format (epistle_import_detect_format (NULL, 0, NULL), UNKNOWN, "nothing");
  assert_format (detect_string ("", "My Clippings.txt"), UNKNOWN, "empty");
  assert_format (detect_string ("\xEF\xBB\xBF", "x.txt"), UNKNOWN, "a BOM only");
  assert_format (detect_string (" \r\n\t\n", "x.bib"), UNKNOWN, "blank");
  assert_format (epistle_import_detect_format (zeros, sizeof zeros, "x.txt"), UNKNOWN, "zeros");
  for (guint round = 0; round < 50; round++)
    {
      for (guint i = 0; i < sizeof junk; i++)
        junk[i] = g_rand_int_range (rand, 0, 256);
      assert_format (epistle_import_detect_format (junk, sizeof junk, "junk.txt"), UNKNOWN, "binary junk");
    }
  assert_format (detect_string ("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "x.txt"),
                 UNKNOWN, "a PDF");
  assert_format (detect_string ("PK\3\4\x14\0\0\0", "book.epub"), UNKNOWN, "a ZIP");
  assert_format (epistle_import_detect_format ((const guint8 *) "\xFF\xFE" "H\0i\0g\0h\0", 10, "x.csv"),
                 UNKNOWN, "UTF-16");
  assert_format (detect_string ("Dear Sir,\n\nthis is a letter, not a list of quotations.\n", "letter.txt"),
                 UNKNOWN, "a letter");
  assert_format (detect_string ("someone@example.org wrote {this}\n", NULL), UNKNOWN, "an address");

  /* JSON that is not CSL-JSON, even in a .json file. */
  assert_format (detect_string ("{\"name\": \"epistle\", \"type\": \"module\", \"author\": \"me\"}", "package.json"),
                 UNKNOWN, "package.json");
  assert_format (detect_string ("[1, 2, 3]", "numbers.json"), UNKNOWN, "numbers");
  assert_format (detect_string ("[{\"title\": \"No type\"}]", "x.json"), UNKNOWN, "no type");
  assert_format (detect_string ("{\"items\": [{\"type\": \"book\", \"title\": \"Nested\"}]}", "x.json"),
                 UNKNOWN, "items nested deeper");
  assert_format (detect_string ("[\n  {\"type\": \"book\", \"title\": \"T\"}\n]", "x.json"), CSL, "minimal CSL");
  assert_format (detect_string ("[{\"id\": \"x\", \"type\": \"unheard-of\", \"title\": \"T\"}]", NULL),
                 CSL, "an unknown type with two CSL keys");
  assert_format (detect_string ("[{\"note\": \"a \\\"type\\\": \\\"book\\\" inside\", \"type\": \"book\", \"id\": \"k\"}",
                                NULL),
                 CSL, "escaped quotes, cut array");
  assert_format (detect_string ("[\"type\", \"book\", \"title\"]", NULL), UNKNOWN, "strings, not keys");
}

static void
test_names (void)
{
  static const struct {
    EpistleImportFormat format;
    const char *name;
  } names[] = {
    { KINDLE, "kindle" }, { CSL, "csl-json" }, { BIBTEX, "bibtex" },
    { READWISE, "readwise" }, { ZOTERO, "zotero" }, { UNKNOWN, "unknown" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_assert_cmpstr (epistle_import_format_to_string (names[i].format), ==, names[i].name);
      g_assert_nonnull (epistle_import_format_display_name (names[i].format));
    }
  g_assert_cmpstr (epistle_import_format_display_name (KINDLE), ==, "Kindle clippings");
  g_assert_cmpstr (epistle_import_format_display_name (READWISE), ==, "Readwise CSV");
}

static void
test_zotero (void)
{
  g_autofree char *path = make_zotero_database ();
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  assert_format (epistle_import_detect_format ((const guint8 *) contents, length, NULL), ZOTERO, "zotero.sqlite");
  assert_format (epistle_import_detect_format ((const guint8 *) contents, 16, "x.txt"), ZOTERO, "SQLite magic");
  assert_format (epistle_import_detect_format ((const guint8 *) "SQLite format 3", 15, NULL), UNKNOWN,
                 "SQLite magic without its NUL");
}

/* ------------------------------------------------------------ import file -- */

static void
assert_imports (const char         *path,
                EpistleImportFormat format,
                guint               quotes,
                guint               sources,
                guint               skipped)
{
  g_autoptr(EpistleImportBatch) batch = NULL;
  g_autoptr(GError) error = NULL;
  EpistleImportFormat got = UNKNOWN;

  g_assert_true (epistle_import_file (path, &got, &batch, &error));
  g_assert_no_error (error);
  assert_format (got, format, path);
  g_assert_nonnull (batch);
  g_assert_cmpuint (batch->quotes->len, ==, quotes);
  g_assert_cmpuint (batch->sources->len, ==, sources);
  g_assert_cmpuint (batch->skipped->len, ==, skipped);
}

static void
test_import_file (void)
{
  static const struct {
    const char *name;
    EpistleImportFormat format;
    guint quotes, sources, skipped;
  } expected[] = {
    { "kindle-en.txt", KINDLE, 4, 0, 3 },
    { "kindle-intl.txt", KINDLE, 5, 0, 0 },
    { "kindle-broken.txt", KINDLE, 1, 0, 2 },
    { "csl.json", CSL, 0, 4, 3 },
    { "csl-single.json", CSL, 0, 1, 0 },
    { "library.bib", BIBTEX, 0, 6, 1 },
    { "readwise.csv", READWISE, 3, 0, 2 },
  };
  g_autofree char *zotero = make_zotero_database ();

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autofree char *path = fixture_path (expected[i].name);
      g_autoptr(GBytes) bytes = load_fixture (expected[i].name);
      g_autoptr(GBytes) crlf = with_crlf (bytes);
      g_autofree char *renamed = g_strdup_printf ("renamed-%u.dat", i);
      g_autofree char *copy = temp_file (renamed, g_bytes_get_data (crlf, NULL), g_bytes_get_size (crlf));

      assert_imports (path, expected[i].format, expected[i].quotes, expected[i].sources, expected[i].skipped);
      /* Under another name and with CRLF: the same. */
      assert_imports (copy, expected[i].format, expected[i].quotes, expected[i].sources, expected[i].skipped);
      g_unlink (copy);
    }

  /* Zotero's annotations: 7 quotes, 8 bad annotations (see zotero-rows.sql). */
  {
    g_autoptr(EpistleImportBatch) batch = NULL;
    g_autoptr(GError) error = NULL;
    EpistleImportFormat got = UNKNOWN;

    g_assert_true (epistle_import_file (zotero, &got, &batch, &error));
    g_assert_no_error (error);
    assert_format (got, ZOTERO, zotero);
    g_assert_cmpuint (batch->quotes->len, ==, 7);
    g_assert_cmpuint (batch->skipped->len, ==, 8);
  }
}

static void
assert_refused (const char         *path,
                int                 code,
                EpistleImportFormat format,
                const char         *message)
{
  g_autoptr(EpistleImportBatch) batch = NULL;
  g_autoptr(GError) error = NULL;
  EpistleImportFormat got = KINDLE;

  g_assert_false (epistle_import_file (path, &got, &batch, &error));
  g_assert_null (batch);
  g_assert_error (error, G_IO_ERROR, code);
  assert_format (got, format, path);
  g_test_message ("%s", error->message);
  if (!g_str_has_prefix (error->message, message))
    g_error ("“%s” does not start with “%s”", error->message, message);
}

static void
test_import_file_refused (void)
{
  g_autofree char *pdf = temp_file ("Letters.pdf", "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<<>>\nendobj\n", -1);
  g_autofree char *missing = g_build_filename (tmpdir, "missing.txt", NULL);
  g_autofree char *empty = temp_file ("My Clippings.txt", "", 0);
  g_autofree char *json = temp_file ("package.json", "{\"name\": \"x\", \"version\": \"1.0\"}\n", -1);
  g_autofree char *letter = temp_file ("letter.txt", "Dear Sir,\n\nI write to you.\n", -1);
  g_autofree char *utf16 = temp_file ("utf16.csv", "\xFF\xFE" "H\0i\0", 6);
  g_autofree char *not_zotero = temp_file ("other.sqlite", "SQLite format 3\0garbage that is not a database", 46);

  assert_refused (pdf, G_IO_ERROR_INVALID_DATA, UNKNOWN,
                  "“Letters.pdf” is not a file Epistle can import: it is a PDF document.");
  assert_refused (missing, G_IO_ERROR_NOT_FOUND, UNKNOWN,
                  "“missing.txt” is not a file Epistle can import: it does not exist.");
  assert_refused (tmpdir, G_IO_ERROR_IS_DIRECTORY, UNKNOWN, "");
  assert_refused (empty, G_IO_ERROR_INVALID_DATA, UNKNOWN,
                  "“My Clippings.txt” is not a file Epistle can import: it is empty.");
  assert_refused (json, G_IO_ERROR_INVALID_DATA, UNKNOWN,
                  "“package.json” is not a file Epistle can import: it is JSON, but not");
  assert_refused (letter, G_IO_ERROR_INVALID_DATA, UNKNOWN,
                  "“letter.txt” is not a file Epistle can import: it is not Kindle clippings");
  assert_refused (utf16, G_IO_ERROR_INVALID_DATA, UNKNOWN,
                  "“utf16.csv” is not a file Epistle can import: it is in UTF-16");
  /* Detected, but the importer finds nothing it can use. */
  assert_refused (not_zotero, G_IO_ERROR_INVALID_DATA, ZOTERO, "“other.sqlite” cannot be imported. ");
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("epistle-detect-XXXXXX", NULL);
  g_assert_nonnull (tmpdir);

  g_test_add_func ("/epistle/import-detect/fixtures", test_fixtures);
  g_test_add_func ("/epistle/import-detect/wrong-names", test_wrong_names);
  g_test_add_func ("/epistle/import-detect/bom-and-crlf", test_bom_and_crlf);
  g_test_add_func ("/epistle/import-detect/cut-head", test_cut_head);
  g_test_add_func ("/epistle/import-detect/kindle-variants", test_kindle_variants);
  g_test_add_func ("/epistle/import-detect/ties", test_ties);
  g_test_add_func ("/epistle/import-detect/not-importable", test_not_importable);
  g_test_add_func ("/epistle/import-detect/names", test_names);
  g_test_add_func ("/epistle/import-detect/zotero", test_zotero);
  g_test_add_func ("/epistle/import-detect/import-file", test_import_file);
  g_test_add_func ("/epistle/import-detect/import-file-refused", test_import_file_refused);

  ret = g_test_run ();

  {
    g_autoptr(GDir) dir = g_dir_open (tmpdir, 0, NULL);
    const char *name;

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *path = g_build_filename (tmpdir, name, NULL);
        g_unlink (path);
      }
    g_rmdir (tmpdir);
    g_free (tmpdir);
  }
  return ret;
}
