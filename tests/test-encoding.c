/* SPDX-License-Identifier: GPL-3.0-or-later
 * test-encoding.c — encoding, BOM and line-ending detection, and the
 * byte-for-byte round trip of every supported kind of file. */

#include "config.h"

#include <string.h>

#include "epistle-encoding.h"

/* ---------------------------------------------------------------- helpers -- */

static void
assert_bytes_equal (GBytes       *bytes,
                    const guint8 *expected,
                    gsize         expected_length)
{
  gsize length;
  const guint8 *data = g_bytes_get_data (bytes, &length);

  g_assert_cmpmem (data, length, expected, expected_length);
}

/* Decodes @data, checks the detected format, encodes it again and checks
 * that the bytes come back exactly.  Returns the decoded text. */
static char *
roundtrip (const void      *data,
           gsize            length,
           EpistleEncoding  encoding,
           gboolean         bom,
           EpistleNewline   newline,
           gsize           *out_length)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) again = NULL;
  EpistleTextFormat format;
  char *text;
  gsize text_length = 0;

  text = epistle_decode (data, length, &format, &text_length, &error);
  g_assert_no_error (error);
  g_assert_nonnull (text);
  g_assert_true (g_utf8_validate_len (text, text_length, NULL));
  g_assert_cmpint (text[text_length], ==, '\0');

  g_assert_cmpint (format.encoding, ==, encoding);
  g_assert_cmpint (format.bom, ==, bom);
  g_assert_cmpint (format.newline, ==, newline);
  if (encoding == EPISTLE_ENCODING_LEGACY)
    g_assert_nonnull (format.charset);
  else
    g_assert_null (format.charset);

  if (newline != EPISTLE_NEWLINE_MIXED)
    g_assert_null (memchr (text, '\r', text_length));

  again = epistle_encode (text, text_length, &format, &error);
  g_assert_no_error (error);
  assert_bytes_equal (again, data, length);

  epistle_text_format_clear (&format);

  if (out_length != NULL)
    *out_length = text_length;

  return text;
}

/* UTF-8 → UTF-16 with the given byte order (and BOM). */
static GBytes *
to_utf16 (const char *utf8,
          gboolean    big_endian)
{
  g_autoptr(GError) error = NULL;
  g_autofree gunichar2 *units = NULL;
  glong n_units = 0;
  guint8 *out;

  units = g_utf8_to_utf16 (utf8, -1, NULL, &n_units, &error);
  g_assert_no_error (error);

  out = g_malloc (2 + n_units * 2);
  out[0] = big_endian ? 0xFE : 0xFF;
  out[1] = big_endian ? 0xFF : 0xFE;
  for (glong i = 0; i < n_units; i++)
    {
      guint8 hi = units[i] >> 8;
      guint8 lo = units[i] & 0xFF;

      out[2 + i * 2] = big_endian ? hi : lo;
      out[3 + i * 2] = big_endian ? lo : hi;
    }

  return g_bytes_new_take (out, 2 + n_units * 2);
}

static char *
replace_all (const char *text,
             const char *from,
             const char *to)
{
  g_auto(GStrv) parts = g_strsplit (text, from, -1);

  return g_strjoinv (to, parts);
}

static char *
read_corpus_letter (gsize *length)
{
  const char *corpus = g_getenv ("EPISTLE_CORPUS");
  g_autofree char *fallback = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  if (corpus == NULL)
    {
      const char *srcdir = g_getenv ("EPISTLE_SRCDIR");

      fallback = g_build_filename (srcdir != NULL ? srcdir : ".", "..", "shared", "corpus", NULL);
      corpus = fallback;
    }

  path = g_build_filename (corpus, "open-letter.txt", NULL);
  g_file_get_contents (path, &contents, length, &error);
  g_assert_no_error (error);

  return contents;
}

#define SAMPLE "Dear Editor,\n\nIt’s a “test” — with ümlauts.\nYours,\nA. Writer\n"

/* ------------------------------------------------------------------ tests -- */

static void
test_utf8_plain (void)
{
  g_autofree char *text = roundtrip (SAMPLE, strlen (SAMPLE),
                                     EPISTLE_ENCODING_UTF8, FALSE, EPISTLE_NEWLINE_LF, NULL);

  g_assert_cmpstr (text, ==, SAMPLE);
}

static void
test_utf8_bom (void)
{
  const char *data = "\xEF\xBB\xBF" SAMPLE;
  g_autofree char *text = roundtrip (data, strlen (data),
                                     EPISTLE_ENCODING_UTF8, TRUE, EPISTLE_NEWLINE_LF, NULL);

  /* The BOM is not part of the text the user edits. */
  g_assert_cmpstr (text, ==, SAMPLE);
}

static void
test_utf8_double_bom (void)
{
  /* Only the first BOM is the mark; a second one is a character (U+FEFF). */
  const char *data = "\xEF\xBB\xBF\xEF\xBB\xBFword";
  g_autofree char *text = roundtrip (data, strlen (data),
                                     EPISTLE_ENCODING_UTF8, TRUE, EPISTLE_NEWLINE_LF, NULL);

  g_assert_cmpstr (text, ==, "\xEF\xBB\xBFword");
}

static void
test_utf16_bom (gconstpointer user_data)
{
  gboolean big_endian = GPOINTER_TO_INT (user_data);
  /* Includes a character outside the BMP (a surrogate pair in UTF-16). */
  const char *sample = SAMPLE "Emoji: \xF0\x9F\x93\x9C end\n";
  g_autoptr(GBytes) bytes = to_utf16 (sample, big_endian);
  gsize length;
  const guint8 *data = g_bytes_get_data (bytes, &length);
  g_autofree char *text = NULL;

  text = roundtrip (data, length,
                    big_endian ? EPISTLE_ENCODING_UTF16BE : EPISTLE_ENCODING_UTF16LE,
                    TRUE, EPISTLE_NEWLINE_LF, NULL);
  g_assert_cmpstr (text, ==, sample);
}

static void
test_utf16_crlf (void)
{
  g_autofree char *crlf = replace_all (SAMPLE, "\n", "\r\n");
  g_autoptr(GBytes) bytes = to_utf16 (crlf, FALSE);
  gsize length;
  const guint8 *data = g_bytes_get_data (bytes, &length);
  g_autofree char *text = NULL;

  text = roundtrip (data, length, EPISTLE_ENCODING_UTF16LE, TRUE, EPISTLE_NEWLINE_CRLF, NULL);
  g_assert_cmpstr (text, ==, SAMPLE);
}

static void
test_utf16_invalid (void)
{
  /* Odd length, a lone high surrogate, and a lone low surrogate. */
  static const guint8 odd[] = { 0xFF, 0xFE, 'a', 0, 'b' };
  static const guint8 lone_high[] = { 0xFF, 0xFE, 'a', 0, 0x3D, 0xD8, 'b', 0 };
  static const guint8 lone_low[] = { 0xFE, 0xFF, 0xDC, 0x00, 0, 'a' };
  static const guint8 truncated_pair[] = { 0xFF, 0xFE, 0x3D, 0xD8 };
  const struct { const guint8 *data; gsize length; } cases[] = {
    { odd, sizeof odd },
    { lone_high, sizeof lone_high },
    { lone_low, sizeof lone_low },
    { truncated_pair, sizeof truncated_pair },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      EpistleTextFormat format;
      g_autofree char *text = epistle_decode (cases[i].data, cases[i].length, &format, NULL, &error);

      g_assert_null (text);
      g_assert_error (error, EPISTLE_ENCODING_ERROR, EPISTLE_ENCODING_ERROR_INVALID);
    }
}

static void
test_crlf (void)
{
  g_autofree char *crlf = replace_all (SAMPLE, "\n", "\r\n");
  g_autofree char *text = roundtrip (crlf, strlen (crlf),
                                     EPISTLE_ENCODING_UTF8, FALSE, EPISTLE_NEWLINE_CRLF, NULL);

  g_assert_cmpstr (text, ==, SAMPLE);
}

static void
test_cr (void)
{
  g_autofree char *cr = replace_all (SAMPLE, "\n", "\r");
  g_autofree char *text = roundtrip (cr, strlen (cr),
                                     EPISTLE_ENCODING_UTF8, FALSE, EPISTLE_NEWLINE_CR, NULL);

  g_assert_cmpstr (text, ==, SAMPLE);
}

static void
test_mixed (void)
{
  const char *cases[] = {
    "one\r\ntwo\nthree\r\n",
    "one\rtwo\nthree",
    "one\r\ntwo\rthree",
    "one\r\r\ntwo",          /* a lone CR right before a CRLF */
    "one\r\ntwo\r",          /* trailing lone CR */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = roundtrip (cases[i], strlen (cases[i]),
                                         EPISTLE_ENCODING_UTF8, FALSE, EPISTLE_NEWLINE_MIXED, NULL);

      /* Mixed line endings are left exactly as they are. */
      g_assert_cmpstr (text, ==, cases[i]);
    }
}

static void
test_no_newline (void)
{
  g_autofree char *text = roundtrip ("no line break", 13,
                                     EPISTLE_ENCODING_UTF8, FALSE, EPISTLE_NEWLINE_LF, NULL);
  g_autofree char *empty = roundtrip ("", 0, EPISTLE_ENCODING_UTF8, FALSE, EPISTLE_NEWLINE_LF, NULL);

  g_assert_cmpstr (text, ==, "no line break");
  g_assert_cmpstr (empty, ==, "");
}

static void
test_encode_normalizes_newlines (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) crlf = NULL;
  g_autoptr(GBytes) cr = NULL;
  g_autoptr(GBytes) lf = NULL;
  g_autoptr(GBytes) mixed = NULL;
  EpistleTextFormat format;
  /* Text pasted into the buffer may bring its own CRLF or CR. */
  const char *text = "a\nb\r\nc\rd";

  epistle_text_format_init (&format);

  format.newline = EPISTLE_NEWLINE_CRLF;
  crlf = epistle_encode (text, -1, &format, &error);
  g_assert_no_error (error);
  assert_bytes_equal (crlf, (const guint8 *) "a\r\nb\r\nc\r\nd", 10);

  format.newline = EPISTLE_NEWLINE_CR;
  cr = epistle_encode (text, -1, &format, &error);
  g_assert_no_error (error);
  assert_bytes_equal (cr, (const guint8 *) "a\rb\rc\rd", 7);

  format.newline = EPISTLE_NEWLINE_LF;
  lf = epistle_encode (text, -1, &format, &error);
  g_assert_no_error (error);
  assert_bytes_equal (lf, (const guint8 *) "a\nb\nc\nd", 7);

  format.newline = EPISTLE_NEWLINE_MIXED;
  mixed = epistle_encode (text, -1, &format, &error);
  g_assert_no_error (error);
  assert_bytes_equal (mixed, (const guint8 *) text, strlen (text));
}

static void
test_nbsp_combining (void)
{
  /* U+00A0 between words, "e" + U+0301 (combining acute), precomposed
   * U+00E9, U+202F narrow NBSP, U+FEFF inside text, a ZWJ emoji sequence. */
  const char *sample =
    "Kim\xC2\xA0Jong\xC2\xA0Un\n"
    "Caf" "e\xCC\x81" " vs caf\xC3\xA9\n"
    "10\xE2\x80\xAF%\n"
    "zero\xEF\xBB\xBFwidth\n"
    "\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x92\xBB\n";
  g_autofree char *crlf = replace_all (sample, "\n", "\r\n");
  g_autoptr(GBytes) utf16 = to_utf16 (sample, TRUE);
  gsize length;
  const guint8 *data = g_bytes_get_data (utf16, &length);
  g_autofree char *text1 = NULL;
  g_autofree char *text2 = NULL;
  g_autofree char *text3 = NULL;

  text1 = roundtrip (sample, strlen (sample), EPISTLE_ENCODING_UTF8, FALSE, EPISTLE_NEWLINE_LF, NULL);
  g_assert_cmpstr (text1, ==, sample);

  text2 = roundtrip (crlf, strlen (crlf), EPISTLE_ENCODING_UTF8, FALSE, EPISTLE_NEWLINE_CRLF, NULL);
  g_assert_cmpstr (text2, ==, sample);

  text3 = roundtrip (data, length, EPISTLE_ENCODING_UTF16BE, TRUE, EPISTLE_NEWLINE_LF, NULL);
  g_assert_cmpstr (text3, ==, sample);

  /* Not normalized: the decomposed and precomposed forms both survive. */
  g_assert_nonnull (strstr (text1, "e\xCC\x81"));
  g_assert_nonnull (strstr (text1, "\xC3\xA9"));
}

static void
assert_binary (const void *data,
               gsize       length)
{
  g_autoptr(GError) error = NULL;
  EpistleTextFormat format;
  g_autofree char *text = epistle_decode (data, length, &format, NULL, &error);

  g_assert_null (text);
  g_assert_error (error, EPISTLE_ENCODING_ERROR, EPISTLE_ENCODING_ERROR_BINARY);
  g_assert_nonnull (strstr (error->message, "binary"));
}

static void
test_binary (void)
{
  static const guint8 png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 0x0D };
  static const guint8 utf8_nul[] = { 'a', 'b', 0, 'c' };
  static const guint8 bom_nul[] = { 0xEF, 0xBB, 0xBF, 'a', 0 };
  static const guint8 utf16_nul[] = { 0xFF, 0xFE, 'a', 0, 0, 0, 'b', 0 };
  /* UTF-16 without a BOM is not supported: its NUL bytes make it binary. */
  static const guint8 utf16_no_bom[] = { 'a', 0, 'b', 0 };

  assert_binary (png, sizeof png);
  assert_binary (utf8_nul, sizeof utf8_nul);
  assert_binary (bom_nul, sizeof bom_nul);
  assert_binary (utf16_nul, sizeof utf16_nul);
  assert_binary (utf16_no_bom, sizeof utf16_no_bom);
}

static void
test_legacy_1252 (void)
{
  /* “Smart quotes”, an en dash, the euro sign, é and a NBSP as Windows-1252
   * bytes, with CRLF line endings as such files usually have. */
  static const guint8 data[] = {
    0x93, 'H', 'i', 0x94, ' ', 0x96, ' ', 0x80, '5', ' ', 'c', 'a', 'f', 0xE9,
    0xA0, '!', '\r', '\n', 'b', 'y', 'e', '\r', '\n',
  };
  g_autoptr(GError) error = NULL;
  EpistleTextFormat format;
  g_autofree char *text = NULL;

  text = roundtrip (data, sizeof data, EPISTLE_ENCODING_LEGACY, FALSE, EPISTLE_NEWLINE_CRLF, NULL);
  g_assert_cmpstr (text, ==, "“Hi” – €5 café\xC2\xA0!\nbye\n");

  g_free (epistle_decode (data, sizeof data, &format, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (format.charset, ==, "WINDOWS-1252");
  g_assert_cmpstr (epistle_text_format_describe (&format), ==, "Western (Windows-1252)");
  epistle_text_format_clear (&format);
  g_assert_null (format.charset);
}

static void
test_legacy_latin1 (void)
{
  g_autoptr(GError) error = NULL;
  EpistleTextFormat format;
  g_autofree char *text = NULL;
  guint8 data[255];

  /* Every byte but NUL; 0x81 etc. are undefined in Windows-1252, so only
   * ISO-8859-1 can hold this file, and it must round-trip all of it. */
  for (guint i = 0; i < sizeof data; i++)
    data[i] = i + 1;

  text = roundtrip (data, sizeof data, EPISTLE_ENCODING_LEGACY, FALSE, EPISTLE_NEWLINE_MIXED, NULL);
  g_assert_cmpuint (g_utf8_strlen (text, -1), ==, 255);

  g_free (epistle_decode (data, sizeof data, &format, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (format.charset, ==, "ISO-8859-1");
  g_assert_cmpstr (epistle_text_format_describe (&format), ==, "Western (ISO-8859-1)");
  epistle_text_format_clear (&format);
}

static void
test_invalid_utf8_with_bom (void)
{
  static const guint8 data[] = { 0xEF, 0xBB, 0xBF, 'a', 0xFF, 'b' };
  g_autoptr(GError) error = NULL;
  EpistleTextFormat format;
  g_autofree char *text = epistle_decode (data, sizeof data, &format, NULL, &error);

  g_assert_null (text);
  g_assert_error (error, EPISTLE_ENCODING_ERROR, EPISTLE_ENCODING_ERROR_INVALID);
}

static void
test_unrepresentable (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  EpistleTextFormat format;

  epistle_text_format_init (&format);
  format.encoding = EPISTLE_ENCODING_LEGACY;
  format.charset = g_strdup ("WINDOWS-1252");

  /* Everything Windows-1252 has is fine… */
  bytes = epistle_encode ("“quoted” €", -1, &format, &error);
  g_assert_no_error (error);
  assert_bytes_equal (bytes, (const guint8 *) "\x93quoted\x94 \x80", 10);

  /* …a character it lacks is refused, by name and line. */
  g_clear_pointer (&bytes, g_bytes_unref);
  bytes = epistle_encode ("first line\nKim Jong Un (김정은)\n", -1, &format, &error);
  g_assert_null (bytes);
  g_assert_error (error, EPISTLE_ENCODING_ERROR, EPISTLE_ENCODING_ERROR_UNREPRESENTABLE);
  g_assert_nonnull (strstr (error->message, "김"));
  g_assert_nonnull (strstr (error->message, "U+AE40"));
  g_assert_nonnull (strstr (error->message, "line 2"));
  g_clear_error (&error);

  /* ISO-8859-1 has no euro sign. */
  g_set_str (&format.charset, "ISO-8859-1");
  bytes = epistle_encode ("price: 5\xE2\x82\xAC", -1, &format, &error);
  g_assert_null (bytes);
  g_assert_error (error, EPISTLE_ENCODING_ERROR, EPISTLE_ENCODING_ERROR_UNREPRESENTABLE);
  g_assert_nonnull (strstr (error->message, "€"));

  epistle_text_format_clear (&format);
}

static void
test_encode_invalid_utf8 (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  EpistleTextFormat format;

  epistle_text_format_init (&format);
  bytes = epistle_encode ("bad \xC3 byte", -1, &format, &error);
  g_assert_null (bytes);
  g_assert_error (error, EPISTLE_ENCODING_ERROR, EPISTLE_ENCODING_ERROR_INVALID);
}

static void
test_format_copy_describe (void)
{
  EpistleTextFormat a;
  EpistleTextFormat b;

  epistle_text_format_init (&a);
  g_assert_cmpint (a.encoding, ==, EPISTLE_ENCODING_UTF8);
  g_assert_false (a.bom);
  g_assert_cmpint (a.newline, ==, EPISTLE_NEWLINE_LF);
  g_assert_null (a.charset);
  g_assert_cmpstr (epistle_text_format_describe (&a), ==, "UTF-8");

  a.encoding = EPISTLE_ENCODING_UTF16LE;
  g_assert_cmpstr (epistle_text_format_describe (&a), ==, "UTF-16 (little endian)");
  a.encoding = EPISTLE_ENCODING_UTF16BE;
  g_assert_cmpstr (epistle_text_format_describe (&a), ==, "UTF-16 (big endian)");

  a.encoding = EPISTLE_ENCODING_LEGACY;
  a.newline = EPISTLE_NEWLINE_CR;
  a.charset = g_strdup ("WINDOWS-1252");
  epistle_text_format_copy (&b, &a);
  g_assert_cmpint (b.encoding, ==, EPISTLE_ENCODING_LEGACY);
  g_assert_cmpint (b.newline, ==, EPISTLE_NEWLINE_CR);
  g_assert_cmpstr (b.charset, ==, "WINDOWS-1252");
  g_assert_true (b.charset != a.charset);
  epistle_text_format_clear (&a);
  g_assert_cmpstr (epistle_text_format_describe (&b), ==, "Western (Windows-1252)");
  epistle_text_format_clear (&b);

  g_assert_cmpstr (epistle_newline_describe (EPISTLE_NEWLINE_LF), ==, "Unix/Linux (LF)");
  g_assert_cmpstr (epistle_newline_describe (EPISTLE_NEWLINE_CRLF), ==, "Windows (CRLF)");
  g_assert_cmpstr (epistle_newline_describe (EPISTLE_NEWLINE_CR), ==, "Classic Mac OS (CR)");
  g_assert_cmpstr (epistle_newline_describe (EPISTLE_NEWLINE_MIXED), ==, "Mixed");
}

static void
test_corpus (void)
{
  gsize length = 0;
  g_autofree char *letter = read_corpus_letter (&length);
  g_autofree char *text = NULL;
  gsize text_length = 0;

  g_assert_cmpuint (length, >, 20000);
  text = roundtrip (letter, length, EPISTLE_ENCODING_UTF8, FALSE, EPISTLE_NEWLINE_LF, &text_length);
  g_assert_cmpmem (text, text_length, letter, length);
  /* The title has a NBSP in "Jong Un"; it must still be one. */
  g_assert_nonnull (strstr (text, "Jong\xC2\xA0Un"));
}

static void
test_corpus_crlf_bom (void)
{
  gsize length = 0;
  g_autofree char *letter = read_corpus_letter (&length);
  g_autofree char *crlf = replace_all (letter, "\n", "\r\n");
  g_autofree char *data = g_strconcat ("\xEF\xBB\xBF", crlf, NULL);
  g_autoptr(GBytes) utf16 = to_utf16 (crlf, FALSE);
  g_autofree char *text = NULL;
  g_autofree char *text16 = NULL;
  gsize text_length = 0;
  gsize utf16_length;
  const guint8 *utf16_data = g_bytes_get_data (utf16, &utf16_length);

  text = roundtrip (data, strlen (data), EPISTLE_ENCODING_UTF8, TRUE, EPISTLE_NEWLINE_CRLF, &text_length);
  g_assert_cmpmem (text, text_length, letter, length);

  text16 = roundtrip (utf16_data, utf16_length, EPISTLE_ENCODING_UTF16LE, TRUE,
                      EPISTLE_NEWLINE_CRLF, &text_length);
  g_assert_cmpmem (text16, text_length, letter, length);
}

static void
test_large (void)
{
  gsize length = 0;
  g_autofree char *letter = read_corpus_letter (&length);
  g_autofree char *crlf = replace_all (letter, "\n", "\r\n");
  g_autoptr(GString) big = g_string_new ("\xEF\xBB\xBF");
  g_autofree char *text = NULL;
  gint64 start;
  gint64 elapsed;

  /* About the size of the War and Peace corpus file (3.2 MB). */
  while (big->len < 3200 * 1024)
    g_string_append (big, crlf);

  start = g_get_monotonic_time ();
  text = roundtrip (big->str, big->len, EPISTLE_ENCODING_UTF8, TRUE, EPISTLE_NEWLINE_CRLF, NULL);
  elapsed = g_get_monotonic_time () - start;

  /* Timing is reported, not asserted: these machines drift. */
  g_test_message ("decode + encode of %" G_GSIZE_FORMAT " bytes: %.1f ms",
                  big->len, elapsed / 1000.0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/epistle/encoding/utf8-roundtrip", test_utf8_plain);
  g_test_add_func ("/epistle/encoding/utf8-bom-roundtrip", test_utf8_bom);
  g_test_add_func ("/epistle/encoding/utf8-double-bom", test_utf8_double_bom);
  g_test_add_data_func ("/epistle/encoding/utf16le-bom-roundtrip", GINT_TO_POINTER (FALSE), test_utf16_bom);
  g_test_add_data_func ("/epistle/encoding/utf16be-bom-roundtrip", GINT_TO_POINTER (TRUE), test_utf16_bom);
  g_test_add_func ("/epistle/encoding/utf16-crlf-roundtrip", test_utf16_crlf);
  g_test_add_func ("/epistle/encoding/utf16-invalid", test_utf16_invalid);
  g_test_add_func ("/epistle/encoding/crlf-roundtrip", test_crlf);
  g_test_add_func ("/epistle/encoding/cr-roundtrip", test_cr);
  g_test_add_func ("/epistle/encoding/mixed-untouched", test_mixed);
  g_test_add_func ("/epistle/encoding/no-newline", test_no_newline);
  g_test_add_func ("/epistle/encoding/encode-normalizes-newlines", test_encode_normalizes_newlines);
  g_test_add_func ("/epistle/encoding/nbsp-combining-preserved", test_nbsp_combining);
  g_test_add_func ("/epistle/encoding/binary-refused", test_binary);
  g_test_add_func ("/epistle/encoding/legacy-1252-roundtrip", test_legacy_1252);
  g_test_add_func ("/epistle/encoding/legacy-latin1-fallback", test_legacy_latin1);
  g_test_add_func ("/epistle/encoding/invalid-utf8-with-bom", test_invalid_utf8_with_bom);
  g_test_add_func ("/epistle/encoding/unrepresentable", test_unrepresentable);
  g_test_add_func ("/epistle/encoding/encode-invalid-utf8", test_encode_invalid_utf8);
  g_test_add_func ("/epistle/encoding/format-copy-describe", test_format_copy_describe);
  g_test_add_func ("/epistle/encoding/corpus-roundtrip", test_corpus);
  g_test_add_func ("/epistle/encoding/corpus-crlf-bom-roundtrip", test_corpus_crlf_bom);
  g_test_add_func ("/epistle/encoding/large-document", test_large);

  return g_test_run ();
}
