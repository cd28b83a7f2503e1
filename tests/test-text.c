/* SPDX-License-Identifier: GPL-3.0-or-later
 * test-text.c — the word iterator and text statistics: edge cases of
 * Unicode text, word kinds with exact offsets, and the real open letter. */

#include "config.h"

#include <string.h>

#include "epistle-text.h"

typedef struct {
  gsize           offset;
  const char     *text;
  EpistleWordKind kind;
} ExpectedWord;

/* Compares every word of @text, in order, with @expected: offset, exact
 * bytes and kind. */
static void
assert_words (const char         *text,
              const ExpectedWord *expected,
              gsize               n_expected)
{
  EpistleWordIter iter;
  EpistleWord word;
  gsize i = 0;

  epistle_word_iter_init (&iter, text, -1);
  while (epistle_word_iter_next (&iter, &word))
    {
      g_autofree char *got = g_strndup (text + word.offset, word.length);

      if (i >= n_expected)
        g_error ("unexpected extra word “%s” at %" G_GSIZE_FORMAT, got, word.offset);

      g_assert_cmpstr (got, ==, expected[i].text);
      g_assert_cmpuint (word.offset, ==, expected[i].offset);
      g_assert_cmpuint (word.length, ==, strlen (expected[i].text));
      g_assert_cmpint (word.kind, ==, expected[i].kind);
      i++;
    }

  g_assert_cmpuint (i, ==, n_expected);
}

/* Compares the words of @text with the NULL-terminated @expected. */
static void
assert_word_texts (const char         *text,
                   const char * const *expected)
{
  EpistleWordIter iter;
  EpistleWord word;
  guint i = 0;

  epistle_word_iter_init (&iter, text, -1);
  while (epistle_word_iter_next (&iter, &word))
    {
      g_autofree char *got = g_strndup (text + word.offset, word.length);

      g_assert_nonnull (expected[i]);
      g_assert_cmpstr (got, ==, expected[i]);
      i++;
    }

  g_assert_null (expected[i]);
}

static void
assert_stats (const char *text,
              gssize      length,
              guint64     words,
              guint64     characters,
              guint64     characters_no_spaces,
              guint64     paragraphs,
              guint64     lines)
{
  EpistleTextStats stats;

  /* Poison the struct so a field left unset cannot pass by luck. */
  memset (&stats, 0xAB, sizeof stats);
  epistle_text_stats_compute (text, length, &stats);

  g_assert_cmpuint (stats.words, ==, words);
  g_assert_cmpuint (stats.characters, ==, characters);
  g_assert_cmpuint (stats.characters_no_spaces, ==, characters_no_spaces);
  g_assert_cmpuint (stats.paragraphs, ==, paragraphs);
  g_assert_cmpuint (stats.lines, ==, lines);
}

static void
test_empty (void)
{
  EpistleWordIter iter;
  EpistleWord word;

  assert_stats ("", -1, 0, 0, 0, 0, 0);
  assert_stats ("", 0, 0, 0, 0, 0, 0);
  assert_stats (NULL, 0, 0, 0, 0, 0, 0);

  epistle_word_iter_init (&iter, "", -1);
  g_assert_false (epistle_word_iter_next (&iter, &word));
  /* Exhausted stays exhausted. */
  g_assert_false (epistle_word_iter_next (&iter, &word));

  g_assert_cmpuint (epistle_text_reading_minutes (0), ==, 0);
}

static void
test_whitespace_only (void)
{
  /* space, tab, LF, NBSP, ideographic space, space, CRLF, PARAGRAPH
   * SEPARATOR, LF: five white-space characters, four line breaks. */
  assert_stats (" \t\n\u00a0\u3000 \r\n\u2029\n", -1, 0, 5, 0, 0, 4);
  assert_stats ("\n", -1, 0, 0, 0, 0, 1);
  assert_stats ("   ", -1, 0, 3, 0, 0, 1);
}

static void
test_crlf (void)
{
  static const char * const words[] = { "One", "two", "Three", "four", "five", "six", NULL };

  /* Lines "One two", "", "Three four five", "six"; the final CRLF ends
   * the last line.  CR and LF are not characters. */
  assert_stats ("One two\r\n\r\nThree four five\r\nsix\r\n", -1, 6, 25, 22, 2, 4);
  assert_word_texts ("One two\r\n\r\nThree four five\r\nsix\r\n", words);

  /* Classic Mac OS line endings, and a mix of all three. */
  assert_stats ("a\rb\rc", -1, 3, 3, 3, 1, 3);
  assert_stats ("a\r\n\nb\r\rc", -1, 3, 3, 3, 3, 5);

  /* Where a line starts and ends. */
  assert_stats ("a", -1, 1, 1, 1, 1, 1);
  assert_stats ("a\n", -1, 1, 1, 1, 1, 1);
  assert_stats ("a\n\n", -1, 1, 1, 1, 1, 2);
  assert_stats ("a\nb", -1, 2, 2, 2, 1, 2);
}

static void
test_bom (void)
{
  static const ExpectedWord words[] = {
    { 3, "Hello", EPISTLE_WORD_PLAIN },
    { 10, "world", EPISTLE_WORD_PLAIN },
  };

  assert_stats ("\xEF\xBB\xBFHello, world", -1, 2, 12, 11, 1, 1);
  assert_words ("\xEF\xBB\xBFHello, world", words, G_N_ELEMENTS (words));

  /* A file that is nothing but a BOM is empty. */
  assert_stats ("\xEF\xBB\xBF", -1, 0, 0, 0, 0, 0);

  /* Inside the text U+FEFF is an invisible no-break: it joins, and is
   * not a character anyone sees. */
  assert_stats ("a\xEF\xBB\xBF" "b", -1, 1, 2, 2, 1, 1);
}

static void
test_nbsp (void)
{
  static const ExpectedWord words[] = {
    { 0, "Jong", EPISTLE_WORD_PLAIN },
    { 6, "Un", EPISTLE_WORD_PLAIN },
  };
  static const char * const spaced[] = {
    "Kim", "Jong", "Un", "10", "000", "m", "and", "more", "thin", "wide", NULL
  };

  /* NBSP (two bytes) separates words; it is a character, but a space. */
  assert_words ("Jong\u00a0Un", words, G_N_ELEMENTS (words));
  assert_stats ("Jong\u00a0Un", -1, 2, 7, 6, 1, 1);

  /* NARROW NBSP, FIGURE SPACE, ZERO WIDTH SPACE, THIN SPACE, IDEOGRAPHIC SPACE. */
  assert_word_texts ("Kim Jong\u00a0Un, 10\u202f000 m\u2007and\u200bmore\u2009thin\u3000wide", spaced);
  assert_stats ("a\u202fb\u2007c\u200bd", -1, 4, 7, 4, 1, 1);

  /* The blog footer of the open letter: NBSPs around a lone slash. */
  {
    static const char * const footer[] = { "Log", "Out", "Change", NULL };
    assert_word_texts ("Log\u00a0Out\u00a0/\u00a0 Change\u00a0)", footer);
  }
}

static void
test_combining (void)
{
  static const ExpectedWord words[] = {
    { 0, "cafe\u0301", EPISTLE_WORD_PLAIN },
    { 7, "re\u0301sume\u0301", EPISTLE_WORD_PLAIN },
  };

  /* e + COMBINING ACUTE is one character, and the accent stays in the
   * word even at its end. */
  assert_words ("cafe\u0301 re\u0301sume\u0301", words, G_N_ELEMENTS (words));
  assert_stats ("cafe\u0301 re\u0301sume\u0301", -1, 2, 11, 10, 1, 1);
  /* The same text precomposed counts the same. */
  assert_stats ("caf\u00e9 r\u00e9sum\u00e9", -1, 2, 11, 10, 1, 1);

  /* Stacked marks (Mn), a spacing mark (Mc: Devanagari ki), an enclosing
   * mark (Me: keycap one). */
  assert_stats ("a\u0300\u0301\u0302", -1, 1, 1, 1, 1, 1);
  assert_stats ("\u0915\u093f", -1, 1, 1, 1, 1, 1);
  assert_stats ("1\u20e3", -1, 1, 1, 1, 1, 1);

  /* A mark with no base shows on its own; it is not part of a word. */
  assert_stats ("\u0301a", -1, 1, 2, 2, 1, 1);
  {
    static const ExpectedWord stray[] = { { 2, "a", EPISTLE_WORD_PLAIN } };
    assert_words ("\u0301a", stray, G_N_ELEMENTS (stray));
  }
}

static void
test_rtl (void)
{
  static const char * const arabic[] = { "مرحبا", "بالعالم", NULL };
  static const char * const hebrew[] = { "שָׁלוֹם", "עוֹלָם", NULL };
  static const ExpectedWord mixed[] = {
    { 0, "He", EPISTLE_WORD_PLAIN },
    { 3, "said", EPISTLE_WORD_PLAIN },
    { 10, "مرحبا", EPISTLE_WORD_PLAIN },
    { 23, "to", EPISTLE_WORD_PLAIN },
    { 26, "me", EPISTLE_WORD_PLAIN },
  };

  assert_word_texts ("مرحبا بالعالم", arabic);
  assert_stats ("مرحبا بالعالم", -1, 2, 13, 12, 1, 1);

  /* Hebrew with niqqud: 4 + 4 letters, the vowel points are marks. */
  assert_word_texts ("שָׁלוֹם עוֹלָם", hebrew);
  assert_stats ("שָׁלוֹם עוֹלָם", -1, 2, 9, 8, 1, 1);

  /* Arabic with harakat: five letters. */
  assert_stats ("مَرْحَبًا", -1, 1, 5, 5, 1, 1);

  /* Guillemets and the Arabic comma are trimmed; a RIGHT-TO-LEFT MARK is
   * invisible. */
  assert_words ("He said «مرحبا» to me", mixed, G_N_ELEMENTS (mixed));
  assert_stats ("\u200fمرحبا، نعم", -1, 2, 10, 9, 1, 1);
}

static void
test_emoji (void)
{
  static const ExpectedWord family[] = { { 19, "ok", EPISTLE_WORD_PLAIN } };
  static const ExpectedWord great[] = {
    { 0, "great", EPISTLE_WORD_PLAIN },
    { 10, "news", EPISTLE_WORD_PLAIN },
  };

  /* WOMAN ZWJ WOMAN ZWJ GIRL (18 bytes) is one family; a run of emoji
   * alone is not a word. */
  assert_words ("👩‍👩‍👧 ok", family, G_N_ELEMENTS (family));
  assert_stats ("👩‍👩‍👧 ok", -1, 1, 4, 3, 1, 1);

  /* Heart + VS16, thumbs up + skin tone, two flags (four regional
   * indicators), heart on fire (heart VS16 ZWJ fire), three spaces. */
  assert_stats ("❤️ 👍🏽 🇫🇷🇩🇪 ❤️‍🔥", -1, 0, 8, 5, 1, 1);

  /* Flag of Scotland: black flag + tag characters. */
  assert_stats ("\U0001F3F4\U000E0067\U000E0062\U000E0073\U000E0063\U000E0074\U000E007F", -1, 0, 1, 1, 1, 1);

  /* A ZWJ glues emoji only: after a letter it leaves the emoji alone. */
  assert_stats ("a\u200d👩", -1, 1, 2, 2, 1, 1);

  /* An emoji stuck to a word is trimmed like punctuation. */
  assert_words ("great👍 news", great, G_N_ELEMENTS (great));
}

static void
test_apostrophe_curly (void)
{
  static const ExpectedWord words[] = {
    { 0, "your", EPISTLE_WORD_PLAIN },
    { 5, "country’s", EPISTLE_WORD_PLAIN },
    { 17, "history", EPISTLE_WORD_PLAIN },
    { 26, "the", EPISTLE_WORD_PLAIN },
    { 30, "workers", EPISTLE_WORD_PLAIN },   /* the closing ’ is trimmed */
    { 41, "state", EPISTLE_WORD_PLAIN },
    { 47, "and", EPISTLE_WORD_PLAIN },
    { 51, "the", EPISTLE_WORD_PLAIN },
    { 58, "cold", EPISTLE_WORD_PLAIN },      /* after the opening ‘ */
    { 63, "war", EPISTLE_WORD_PLAIN },
    { 70, "era", EPISTLE_WORD_PLAIN },
  };
  static const ExpectedWord decade[] = {
    { 0, "in", EPISTLE_WORD_PLAIN },
    { 3, "the", EPISTLE_WORD_PLAIN },
    { 7, "1930’s", EPISTLE_WORD_NUMBER },
  };

  assert_words ("your country’s history, the workers’ state and the ‘cold war’ era",
                words, G_N_ELEMENTS (words));
  assert_words ("in the 1930’s.", decade, G_N_ELEMENTS (decade));
}

static void
test_apostrophe_straight (void)
{
  static const char * const words[] = { "don't", "tis", "rock", "n", "roll", "o'clock", NULL };

  assert_word_texts ("don't 'tis rock 'n' roll, o'clock", words);
  assert_stats ("don't 'tis rock 'n' roll, o'clock", -1, 6, 33, 28, 1, 1);
}

static void
test_hyphenated (void)
{
  static const char * const words[] = {
    "a", "well-known", "DPRK-US", "summit", "ready-made", "and",
    "state-of-the-art", "well", "known", NULL
  };

  /* A lone hyphen is not a word; "--" typed for a dash separates. */
  assert_word_texts ("a well-known DPRK-US summit, ready-made - and state-of-the-art; well--known",
                     words);
}

static void
test_em_dash (void)
{
  static const ExpectedWord words[] = {
    { 0, "words", EPISTLE_WORD_PLAIN },
    { 8, "joined", EPISTLE_WORD_PLAIN },
    { 15, "by", EPISTLE_WORD_PLAIN },
    { 20, "dashes", EPISTLE_WORD_PLAIN },
    { 29, "here", EPISTLE_WORD_PLAIN },
    { 34, "1914", EPISTLE_WORD_NUMBER },
    { 41, "1918", EPISTLE_WORD_NUMBER },
    { 46, "a", EPISTLE_WORD_PLAIN },
    { 50, "b", EPISTLE_WORD_PLAIN },
  };

  /* EM DASH, EN DASH, HORIZONTAL BAR, EN DASH in a range, TWO-EM DASH. */
  assert_words ("words—joined by–dashes―here 1914–1918 a⸺b", words, G_N_ELEMENTS (words));
  /* Dashes are characters, and not white space. */
  assert_stats ("one — two", -1, 2, 9, 7, 1, 1);
}

static void
test_kinds (void)
{
  static const char text[] =
    "In 1968, the 20th run took 3.5 s; 1,000 mp3 files (see https://example.org/a_(b), "
    "<www.gnome.org>. Mail name.surname@example.co.uk, or me@home. Edit /usr/share/doc, "
    "~/Documents/letter.md, C:\\Users\\me or ./run.sh and/or “https://x.org/path”. "
    "Not a URL: https:// nor /.";
  static const ExpectedWord words[] = {
    { 0, "In", EPISTLE_WORD_PLAIN },
    { 3, "1968", EPISTLE_WORD_NUMBER },
    { 9, "the", EPISTLE_WORD_PLAIN },
    { 13, "20th", EPISTLE_WORD_NUMBER },
    { 18, "run", EPISTLE_WORD_PLAIN },
    { 22, "took", EPISTLE_WORD_PLAIN },
    { 27, "3.5", EPISTLE_WORD_NUMBER },
    { 31, "s", EPISTLE_WORD_PLAIN },
    { 34, "1,000", EPISTLE_WORD_NUMBER },
    { 40, "mp3", EPISTLE_WORD_NUMBER },
    { 44, "files", EPISTLE_WORD_PLAIN },
    { 51, "see", EPISTLE_WORD_PLAIN },
    /* The bracket belongs to the URL; the comma after it does not. */
    { 55, "https://example.org/a_(b)", EPISTLE_WORD_URL },
    { 83, "www.gnome.org", EPISTLE_WORD_URL },
    { 99, "Mail", EPISTLE_WORD_PLAIN },
    { 104, "name.surname@example.co.uk", EPISTLE_WORD_EMAIL },
    { 132, "or", EPISTLE_WORD_PLAIN },
    { 135, "me@home", EPISTLE_WORD_PLAIN },     /* no domain: not an address */
    { 144, "Edit", EPISTLE_WORD_PLAIN },
    { 149, "/usr/share/doc", EPISTLE_WORD_PATH },
    { 165, "~/Documents/letter.md", EPISTLE_WORD_PATH },
    { 188, "C:\\Users\\me", EPISTLE_WORD_PATH },
    { 200, "or", EPISTLE_WORD_PLAIN },
    { 203, "./run.sh", EPISTLE_WORD_PATH },
    { 212, "and/or", EPISTLE_WORD_PLAIN },
    { 222, "https://x.org/path", EPISTLE_WORD_URL },
    { 245, "Not", EPISTLE_WORD_PLAIN },
    { 249, "a", EPISTLE_WORD_PLAIN },
    { 251, "URL", EPISTLE_WORD_PLAIN },
    { 256, "https", EPISTLE_WORD_PLAIN },       /* nothing after the scheme */
    { 265, "nor", EPISTLE_WORD_PLAIN },
  };

  assert_words (text, words, G_N_ELEMENTS (words));

  /* Trailing slashes are part of a path or URL; "--" inside a URL is not
   * a dash. */
  {
    static const ExpectedWord more[] = {
      { 1, "/etc/xdg/", EPISTLE_WORD_PATH },
      { 12, "http://a.example/x--y", EPISTLE_WORD_URL },
      { 35, "WWW.Example.org/", EPISTLE_WORD_URL },
    };
    assert_words ("(/etc/xdg/) http://a.example/x--y, WWW.Example.org/.", more, G_N_ELEMENTS (more));
  }
}

static void
test_reading_time (void)
{
  g_assert_cmpuint (EPISTLE_READING_WORDS_PER_MINUTE, ==, 230);
  g_assert_cmpuint (epistle_text_reading_minutes (0), ==, 0);
  g_assert_cmpuint (epistle_text_reading_minutes (1), ==, 1);
  g_assert_cmpuint (epistle_text_reading_minutes (229), ==, 1);
  g_assert_cmpuint (epistle_text_reading_minutes (230), ==, 1);
  g_assert_cmpuint (epistle_text_reading_minutes (231), ==, 2);
  g_assert_cmpuint (epistle_text_reading_minutes (4804), ==, 21);
  g_assert_cmpuint (epistle_text_reading_minutes (570000), ==, 2479);
  /* No wrap-around for absurd counts. */
  g_assert_cmpuint (epistle_text_reading_minutes (G_MAXUINT64), ==, G_MAXUINT);
}

static void
test_paragraphs (void)
{
  /* Blank lines may hold white space; 7 lines, 3 paragraphs. */
  assert_stats ("Dear Kim,\n\nFirst line\nsecond line.\n   \n\t\nLast.\n", -1,
                7, 40, 33, 3, 7);
  /* Leading blank lines do not make a paragraph. */
  assert_stats ("\n\n\nOnly\n", -1, 1, 4, 4, 1, 4);
}

static void
test_invalid_utf8 (void)
{
  static const ExpectedWord words[] = {
    { 0, "ab\xff" "cd", EPISTLE_WORD_PLAIN },
    { 6, "ef", EPISTLE_WORD_PLAIN },
  };

  /* Malformed bytes count as one replacement character each, and a
   * truncated sequence at the very end is not read past. */
  assert_words ("ab\xff" "cd ef\xe2\x80", words, G_N_ELEMENTS (words));
  assert_stats ("ab\xff" "cd ef\xe2\x80", -1, 2, 10, 9, 1, 1);
  /* Overlong encodings and surrogates are malformed too. */
  assert_stats ("\xc0\xaf \xed\xa0\x80", -1, 0, 6, 5, 1, 1);
}

static void
test_length_bound (void)
{
  static const char source[] = "one two three";
  /* An exact-size copy without a terminating NUL: reading past @length
   * would be a heap overflow under AddressSanitizer. */
  g_autofree char *text = g_memdup2 (source, 7);
  static const ExpectedWord words[] = {
    { 0, "one", EPISTLE_WORD_PLAIN },
    { 4, "two", EPISTLE_WORD_PLAIN },
  };
  EpistleWordIter iter;
  EpistleWord word;
  gsize i = 0;

  assert_stats (text, 7, 2, 7, 6, 1, 1);

  epistle_word_iter_init (&iter, text, 7);
  while (epistle_word_iter_next (&iter, &word))
    {
      g_assert_cmpuint (i, <, G_N_ELEMENTS (words));
      g_assert_cmpuint (word.offset, ==, words[i].offset);
      g_assert_cmpuint (word.length, ==, strlen (words[i].text));
      i++;
    }
  g_assert_cmpuint (i, ==, G_N_ELEMENTS (words));

  /* A multi-byte character cut off by @length decodes as malformed
   * bytes, without a look at the byte after the end. */
  {
    g_autofree char *cut = g_memdup2 ("ab\xe2\x80\x94", 4);
    assert_stats (cut, 4, 1, 4, 4, 1, 1);
  }

  /* A URL cut off by @length stops there. */
  {
    g_autofree char *url = g_memdup2 ("https://example.org", 12);
    epistle_word_iter_init (&iter, url, 12);
    g_assert_true (epistle_word_iter_next (&iter, &word));
    g_assert_cmpuint (word.offset, ==, 0);
    g_assert_cmpuint (word.length, ==, 12);
    g_assert_cmpint (word.kind, ==, EPISTLE_WORD_URL);
    g_assert_false (epistle_word_iter_next (&iter, &word));
  }
}

/* ------------------------------------------------------------------------
 * The open letter
 * ---------------------------------------------------------------------- */

/* Expected statistics of ../shared/corpus/open-letter.txt (28,986 code
 * points, 79 LF, no BOM, no trailing newline).  Derived independently of
 * this C code by a short Python script that restates the rules with
 * unicodedata: split on white space (str.isspace, Zs/Zl/Zp, ZWSP) and on
 * – — ― ⸺ ⸻ and "--", trim leading characters that are not letters or
 * numbers (categories L*, N*) and trailing ones that are not letters,
 * numbers or marks, keep non-empty results; count code points minus line
 * breaks, marks after a base, ZWJ and variation selectors; split lines at
 * \r\n, \r, \n, U+2029.  Cross-checked by hand: splitting on ASCII white
 * space gives 4,812 tokens; minus the 13 free-standing en dashes, plus
 * the 5 words joined by NBSP ("Jong Un" and four "Log Out /") = 4,804.
 * `awk` over blank-line-separated blocks gives 40 paragraphs; `wc -l`
 * gives 79 newlines, and the last line has none, so 80 lines. */
#define LETTER_WORDS                4804
#define LETTER_CHARACTERS           28907   /* 28,986 code points - 79 LF */
#define LETTER_CHARACTERS_NO_SPACES 24118
#define LETTER_PARAGRAPHS           40
#define LETTER_LINES                80
#define LETTER_NUMBERS              18      /* words with a digit: 1938, 20th, 1930’s, No.29, 3,000, … */

static char *
load_letter (gsize *length)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  char *contents = NULL;
  const char *corpus = g_getenv ("EPISTLE_CORPUS");
  const char *srcdir = g_getenv ("EPISTLE_SRCDIR");

  if (corpus != NULL)
    dir = g_strdup (corpus);
  else
    dir = g_build_filename (srcdir != NULL ? srcdir : ".", "..", "shared", "corpus", NULL);

  path = g_build_filename (dir, "open-letter.txt", NULL);
  /* A missing corpus is a failure, not a skip: these numbers are the
   * contract the status bar and epistle-cli are held to. */
  g_file_get_contents (path, &contents, length, &error);
  g_assert_no_error (error);

  return contents;
}

static void
test_corpus_letter (void)
{
  gsize length;
  g_autofree char *text = load_letter (&length);
  EpistleTextStats stats;
  EpistleWordIter iter;
  EpistleWord word;
  guint64 words = 0;

  assert_stats (text, length, LETTER_WORDS, LETTER_CHARACTERS,
                LETTER_CHARACTERS_NO_SPACES, LETTER_PARAGRAPHS, LETTER_LINES);
  /* NUL-terminated and length-delimited calls agree. */
  assert_stats (text, -1, LETTER_WORDS, LETTER_CHARACTERS,
                LETTER_CHARACTERS_NO_SPACES, LETTER_PARAGRAPHS, LETTER_LINES);

  /* The iterator and the statistics share one definition of a word. */
  epistle_word_iter_init (&iter, text, length);
  while (epistle_word_iter_next (&iter, &word))
    words++;
  g_assert_cmpuint (words, ==, LETTER_WORDS);

  epistle_text_stats_compute (text, length, &stats);
  g_assert_cmpuint (epistle_text_reading_minutes (stats.words), ==, 21);
}

static void
test_corpus_tokens (void)
{
  gsize length;
  g_autofree char *text = load_letter (&length);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  EpistleWordIter iter;
  EpistleWord word;
  guint numbers = 0;
  guint special = 0;
  static const struct {
    const char *word;
    guint       count;
  } expected[] = {
    { "country’s", 6 },        /* curly apostrophe inside the word */
    { "Gorbachev’s", 2 },
    { "well-known", 1 },
    { "DPRK-US", 1 },
    { "Lenin-Trotsky", 1 },
    { "Marxism-Leninism", 1 },
    { "De-Stalinization", 1 },  /* quoted: “De-Stalinization” */
    { "1930’s", 1 },
    { "20th", 3 },
    { "No.29", 1 },
    { "3,000", 1 },             /* from “~3,000” */
    { "Jong", 8 },              /* “Kim Jong\u00a0Un” in the title */
    { "Un", 5 },
    { "s", 1 },                 /* the “%s” of the comment form */
    { "workers", 8 },           /* “workers’ state”: trailing ’ trimmed */
  };

  epistle_word_iter_init (&iter, text, length);
  while (epistle_word_iter_next (&iter, &word))
    {
      char *key = g_strndup (text + word.offset, word.length);
      guint count = GPOINTER_TO_UINT (g_hash_table_lookup (seen, key));

      if (word.kind == EPISTLE_WORD_NUMBER)
        numbers++;
      else if (word.kind != EPISTLE_WORD_PLAIN)
        special++;

      /* No word keeps a quotation mark, bracket or sentence punctuation:
       * each starts with a letter or digit and ends with one (or a mark). */
      g_assert_true (g_unichar_isalnum (g_utf8_get_char (key)));
      {
        gunichar last = g_utf8_get_char (g_utf8_prev_char (key + word.length));
        g_assert_true (g_unichar_isalnum (last) || g_unichar_ismark (last));
      }

      g_hash_table_replace (seen, key, GUINT_TO_POINTER (count + 1));
    }

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      guint count = GPOINTER_TO_UINT (g_hash_table_lookup (seen, expected[i].word));

      if (count != expected[i].count)
        g_error ("“%s”: expected %u, got %u", expected[i].word, expected[i].count, count);
    }

  /* Split or untrimmed forms must not appear ("s" alone is counted once
   * above: no “country’s” lost its ending). */
  g_assert_false (g_hash_table_contains (seen, "US"));
  g_assert_false (g_hash_table_contains (seen, "known"));
  g_assert_false (g_hash_table_contains (seen, "DPRK-US,"));
  g_assert_false (g_hash_table_contains (seen, "Jong\u00a0Un"));

  g_assert_cmpuint (numbers, ==, LETTER_NUMBERS);
  /* The letter has no URL, e-mail address or path. */
  g_assert_cmpuint (special, ==, 0);
}

typedef struct {
  const char      *text;
  gsize            length;
  EpistleTextStats stats;
} ThreadJob;

static gpointer
compute_in_thread (gpointer data)
{
  ThreadJob *job = data;

  for (guint i = 0; i < 20; i++)
    epistle_text_stats_compute (job->text, job->length, &job->stats);

  return NULL;
}

static void
test_corpus_threads (void)
{
  gsize length;
  g_autofree char *text = load_letter (&length);
  ThreadJob jobs[4];
  GThread *threads[G_N_ELEMENTS (jobs)];

  /* The status bar counts in a worker while the CLI or spelling may
   * count elsewhere: no shared state may leak between computations. */
  for (guint i = 0; i < G_N_ELEMENTS (jobs); i++)
    {
      jobs[i] = (ThreadJob) { text, length, { 0 } };
      threads[i] = g_thread_new ("stats", compute_in_thread, &jobs[i]);
    }

  for (guint i = 0; i < G_N_ELEMENTS (jobs); i++)
    {
      g_thread_join (threads[i]);
      g_assert_cmpuint (jobs[i].stats.words, ==, LETTER_WORDS);
      g_assert_cmpuint (jobs[i].stats.characters, ==, LETTER_CHARACTERS);
      g_assert_cmpuint (jobs[i].stats.characters_no_spaces, ==, LETTER_CHARACTERS_NO_SPACES);
      g_assert_cmpuint (jobs[i].stats.paragraphs, ==, LETTER_PARAGRAPHS);
      g_assert_cmpuint (jobs[i].stats.lines, ==, LETTER_LINES);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/epistle/text/empty", test_empty);
  g_test_add_func ("/epistle/text/whitespace-only", test_whitespace_only);
  g_test_add_func ("/epistle/text/crlf", test_crlf);
  g_test_add_func ("/epistle/text/bom", test_bom);
  g_test_add_func ("/epistle/text/nbsp", test_nbsp);
  g_test_add_func ("/epistle/text/combining", test_combining);
  g_test_add_func ("/epistle/text/rtl", test_rtl);
  g_test_add_func ("/epistle/text/emoji-zwj", test_emoji);
  g_test_add_func ("/epistle/text/apostrophe-curly", test_apostrophe_curly);
  g_test_add_func ("/epistle/text/apostrophe-straight", test_apostrophe_straight);
  g_test_add_func ("/epistle/text/hyphenated", test_hyphenated);
  g_test_add_func ("/epistle/text/em-dash", test_em_dash);
  g_test_add_func ("/epistle/text/kinds", test_kinds);
  g_test_add_func ("/epistle/text/reading-time", test_reading_time);
  g_test_add_func ("/epistle/text/paragraphs", test_paragraphs);
  g_test_add_func ("/epistle/text/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/epistle/text/length-bound", test_length_bound);
  g_test_add_func ("/epistle/text/corpus/open-letter", test_corpus_letter);
  g_test_add_func ("/epistle/text/corpus/open-letter-tokens", test_corpus_tokens);
  g_test_add_func ("/epistle/text/corpus/threads", test_corpus_threads);

  return g_test_run ();
}
