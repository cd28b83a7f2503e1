/* SPDX-License-Identifier: GPL-3.0-or-later
 * test-outline.c — the outline parser: one test per rule, the open letter
 * and War and Peace from the corpus, and random edits applied both to a
 * string and incrementally, which must always equal a full parse. */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "bench/bench-novel.h"
#include "epistle-outline.h"
#include "epistle-text.h"

/* --------------------------------------------------------------------------
 * Helpers
 * ------------------------------------------------------------------------ */

/* A line of a text as the engine splits it: LF, CR, CRLF or U+2029. */
typedef struct {
  char *content;
  char *ending;   /* "", "\n", "\r\n", "\r" or "\u2029" */
} TextLine;

static void
text_line_clear (gpointer data)
{
  TextLine *line = data;

  g_free (line->content);
  g_free (line->ending);
}

static GArray *
split_lines (const char *text)
{
  GArray *lines = g_array_new (FALSE, FALSE, sizeof (TextLine));
  const char *p = text;

  g_array_set_clear_func (lines, text_line_clear);
  for (;;)
    {
      const char *q = p;
      TextLine line;
      gsize sep = 0;

      /* Byte by byte: strncmp() per byte is slow under AddressSanitizer. */
      while (*q != '\0' && *q != '\n' && *q != '\r' &&
             !((guchar) q[0] == 0xE2 && (guchar) q[1] == 0x80 && (guchar) q[2] == 0xA9))
        q++;
      if (*q == '\r' && q[1] == '\n')
        sep = 2;
      else if (*q == '\n' || *q == '\r')
        sep = 1;
      else if (*q != '\0')
        sep = 3;

      line.content = g_strndup (p, q - p);
      line.ending = g_strndup (q, sep);
      g_array_append_val (lines, line);
      if (sep == 0)
        break;
      p = q + sep;
    }
  return lines;
}

static void
describe_items (GString   *out,
                GPtrArray *items)
{
  for (guint i = 0; i < items->len; i++)
    {
      const EpistleOutlineItem *item = g_ptr_array_index (items, i);

      for (guint l = 1; l < item->level; l++)
        g_string_append (out, "  ");
      g_string_append_printf (out, "%s %u-%u %s\n", epistle_outline_kind_to_string (item->kind),
                              item->line, item->end_line, item->title);
      describe_items (out, item->children);
    }
}

/* One item a line: indentation by level, kind, 0-based line range, title. */
static char *
describe (EpistleOutline *outline)
{
  GString *out = g_string_new (NULL);

  describe_items (out, epistle_outline_get_items (outline));
  return g_string_free (out, FALSE);
}

typedef struct {
  GArray  *lines;
  guint64 *words;     /* per line */
  guint64 *offsets;   /* character offset of each line's start, and of the end */
} Figures;

static void
figures_init (Figures    *f,
              const char *text)
{
  f->lines = split_lines (text);
  f->words = g_new0 (guint64, f->lines->len);
  f->offsets = g_new0 (guint64, f->lines->len + 1);
  for (guint i = 0; i < f->lines->len; i++)
    {
      const TextLine *line = &g_array_index (f->lines, TextLine, i);
      EpistleTextStats stats;

      epistle_text_stats_compute (line->content, -1, &stats);
      f->words[i] = stats.words;
      f->offsets[i + 1] = f->offsets[i] + g_utf8_strlen (line->content, -1) + g_utf8_strlen (line->ending, -1);
    }
}

static void
figures_clear (Figures *f)
{
  g_array_unref (f->lines);
  g_free (f->words);
  g_free (f->offsets);
}

/* Checks every item's figures against a count made the slow way, and the
 * tree's shape: levels, parents, children in order and inside the parent. */
static void
check_items (const Figures      *f,
             GPtrArray          *items,
             EpistleOutlineItem *parent,
             guint              *n_items)
{
  guint previous = 0;

  for (guint i = 0; i < items->len; i++)
    {
      EpistleOutlineItem *item = g_ptr_array_index (items, i);
      guint64 words = 0;

      g_assert_true (item->parent == parent);
      g_assert_cmpuint (item->level, ==, parent != NULL ? parent->level + 1 : 1);
      g_assert_cmpuint (item->line, >=, previous);
      g_assert_cmpuint (item->line, <, item->end_line);
      g_assert_cmpuint (item->end_line, <=, f->lines->len);
      g_assert_true (g_utf8_validate (item->title, -1, NULL));
      if (parent != NULL)
        {
          g_assert_cmpuint (item->line, >=, parent->line);
          g_assert_cmpuint (item->end_line, <=, parent->end_line);
        }
      g_assert_cmpuint (item->heading_level, ==,
                        item->kind == EPISTLE_OUTLINE_HEADING ? item->heading_level : 0);

      for (guint l = item->line; l < item->end_line; l++)
        words += f->words[l];
      g_assert_cmpuint (item->words, ==, words);
      g_assert_cmpuint (item->offset, ==, f->offsets[item->line]);
      g_assert_cmpuint (item->end_offset, ==, f->offsets[item->end_line]);

      previous = item->line;
      (*n_items)++;
      check_items (f, item->children, item, n_items);
    }
}

static void
check_figures (EpistleOutline *outline,
               const char     *text)
{
  Figures f;
  guint n_items = 0;

  figures_init (&f, text);
  g_assert_cmpuint (epistle_outline_get_n_lines (outline), ==, f.lines->len);
  check_items (&f, epistle_outline_get_items (outline), NULL, &n_items);
  g_assert_cmpuint (epistle_outline_get_n_items (outline), ==, n_items);
  figures_clear (&f);
}

static EpistleOutline *
parse (const char *text)
{
  EpistleOutline *outline = epistle_outline_new ();

  epistle_outline_set_text (outline, text, -1);
  return outline;
}

/* Types @text into an empty outline a character at a time, each keystroke
 * one replace_lines() of the line it changed (Enter splits the line), and
 * compares with a full parse of what has been typed after every one (for
 * a long text, after every line and every 97th keystroke). */
static void
check_typing (const char *text)
{
  g_autoptr(EpistleOutline) typed = epistle_outline_new ();
  g_autoptr(GString) sofar = g_string_new (NULL);
  g_autoptr(GString) last_line = g_string_new (NULL);
  const char *p = text;
  guint stride = strlen (text) > 4000 ? 97 : 1;
  guint keystrokes = 0;

  while (*p != '\0')
    {
      g_autoptr(EpistleOutline) full = NULL;
      const char *next = g_utf8_next_char (p);
      guint n_lines = epistle_outline_get_n_lines (typed);
      gboolean line_end = *p == '\n' || *p == '\r' || strncmp (p, "\u2029", 3) == 0;

      if (p[0] == '\r' && p[1] == '\n')
        next = p + 2;

      g_string_append_len (sofar, p, next - p);
      if (line_end)
        {
          g_autofree char *edit = g_strdup_printf ("%s%.*s", last_line->str, (int) (next - p), p);

          epistle_outline_replace_lines (typed, n_lines - 1, 1, edit, -1);
          g_string_truncate (last_line, 0);
        }
      else
        {
          g_string_append_len (last_line, p, next - p);
          epistle_outline_replace_lines (typed, n_lines - 1, 1, last_line->str, -1);
        }
      p = next;

      if (++keystrokes % stride != 0 && !line_end && *p != '\0')
        continue;
      full = parse (sofar->str);
      if (!epistle_outline_equal (typed, full))
        {
          g_autofree char *a = describe (typed);
          g_autofree char *b = describe (full);

          g_test_message ("after typing %s", sofar->str);
          g_assert_cmpstr (a, ==, b);
          g_assert_true (epistle_outline_equal (typed, full));
        }
    }
}

/* Parses @text, checks figures and typing, and compares the outline with
 * @expected (see describe()). */
static void
assert_outline (const char *text,
                const char *expected)
{
  g_autoptr(EpistleOutline) outline = parse (text);
  g_autofree char *got = describe (outline);

  g_assert_cmpstr (got, ==, expected);
  check_figures (outline, text);
  if (strlen (text) < 4000)
    check_typing (text);
}

/* --------------------------------------------------------------------------
 * Markdown
 * ------------------------------------------------------------------------ */

/* A first paragraph that is no title line, for tests of other rules. */
#define BODY "A body paragraph, long enough to be the body of a letter and not its title.\n\n"

static void
test_atx_heading (void)
{
  assert_outline ("# One\n\ntext\n\n## Two\nbody\n### Three\n###### Six\n",
                  "heading 0-9 One\n"
                  "  heading 4-9 Two\n"
                  "    heading 6-9 Three\n"
                  "      heading 7-9 Six\n");

  /* Up to three spaces of indentation; a tab after the hashes. */
  assert_outline ("   ## Indented\n#\tTabbed\n",
                  "heading 0-1 Indented\n"
                  "heading 1-3 Tabbed\n");

  /* Seven hashes are a paragraph. */
  assert_outline (BODY "####### Seven\n", "");
}

static void
test_atx_closing_hashes (void)
{
  g_autoptr(EpistleOutline) outline = parse ("## Title ##\n# Other #####   \n# Hash# \n### ###\n");
  g_autofree char *got = describe (outline);
  GPtrArray *items = epistle_outline_get_items (outline);

  g_assert_cmpstr (got, ==,
                   "heading 0-1 Title\n"
                   "heading 1-2 Other\n"
                   "heading 2-5 Hash#\n"
                   "  heading 3-5 \n");
  g_assert_cmpuint (((EpistleOutlineItem *) g_ptr_array_index (items, 0))->heading_level, ==, 2);
  check_typing ("## Title ##\n# Other #####   \n# Hash# \n### ###\n");
}

static void
test_atx_needs_space (void)
{
  assert_outline ("#hashtag\n#5 on the list\n\n#\n", "heading 3-5 \n");
  /* Four spaces make code, not a heading. */
  assert_outline ("    # Code\n", "");
}

static void
test_setext_heading (void)
{
  assert_outline ("Title\n=====\n\nPart\n---\ntext\n",
                  "heading 0-7 Title\n"
                  "  heading 3-7 Part\n");

  /* The paragraph's lines all make the title; one = is enough. */
  assert_outline ("A long\ntitle\n=\n", "heading 0-4 A long title\n");

  /* A list item does not become a heading. */
  assert_outline ("- item\n---\n", "");
}

static void
test_setext_rule (void)
{
  /* After a blank line, at the top, or after a heading, --- is a rule. */
  assert_outline (BODY "text\n\n---\nmore\n", "");
  assert_outline ("# H\n---\n", "heading 0-3 H\n");
  assert_outline ("===\n", "");
  /* "- - -" is always a rule; a rule ends a paragraph. */
  assert_outline (BODY "text\n- - -\n", "");
  assert_outline (BODY "text\n***\nnext\n===\n", "heading 4-7 next\n");
}

static void
test_front_matter (void)
{
  assert_outline ("---\ntitle: A letter\nlang: en-GB\n# not a heading\n---\n# Heading\n",
                  "heading 5-7 Heading\n");
  assert_outline ("---\ntitle: x\n...\nHeading\n===\n", "heading 3-6 Heading\n");

  /* Only at the very top, and not followed by a blank line (Pandoc). */
  assert_outline ("---\n\n# One\n", "heading 2-4 One\n");
  /* Lower down, "title: x" over --- is a Setext heading. */
  assert_outline ("\n---\ntitle: x\n---\n", "heading 2-5 title: x\n");
  assert_outline ("\xEF\xBB\xBF---\ntitle: x\n---\n# After\n", "heading 3-5 After\n");
}

static void
test_fenced_code (void)
{
  assert_outline ("```\n# not\n```\n# yes\n", "heading 3-5 yes\n");
  assert_outline ("~~~ python\n# not\n~~~\n# yes\n", "heading 3-5 yes\n");

  /* The closing fence is at least as long as the opening one, and of the
   * same character. */
  assert_outline ("````\n```\n# not\n~~~~\n# still not\n`````\n# yes\n", "heading 6-8 yes\n");

  /* A fence never closed runs to the end. */
  assert_outline ("# a\n```\n# b\n", "heading 0-4 a\n");

  /* Backticks in a backtick fence's info string: not a fence. */
  assert_outline ("``` a`b\n\n# yes\n", "title 0-1 ab\nheading 2-4 yes\n");

  /* A fence interrupts a paragraph, and so cannot be its Setext line. */
  assert_outline (BODY "text\n```\n===\n```\n", "");
}

static void
test_indented_code (void)
{
  assert_outline ("    # code\n\n\tCHAPTER I\n\n# yes\n", "heading 4-6 yes\n");

  /* Inside a paragraph an indented line just goes on with it. */
  assert_outline ("Title\n    goes on\n===\n", "heading 0-4 Title goes on\n");
}

/* --------------------------------------------------------------------------
 * Manuscripts
 * ------------------------------------------------------------------------ */

static void
test_divisions (void)
{
  assert_outline ("BOOK ONE: 1805\n\nCHAPTER I\n\ntext\n\nCHAPTER 12\n\nBOOK FIVE: 1806 - 07\n\n"
                  "Chapter XII\n\nFIRST EPILOGUE: 1813 - 20\n\nCHAPTER I\n\nSECOND EPILOGUE\n\nEPILOGUE\n\n"
                  "PROLOGUE\n",
                  "book 0-8 BOOK ONE: 1805\n"
                  "  chapter 2-6 CHAPTER I\n"
                  "  chapter 6-8 CHAPTER 12\n"
                  "book 8-12 BOOK FIVE: 1806 - 07\n"
                  "  chapter 10-12 Chapter XII\n"
                  "epilogue 12-16 FIRST EPILOGUE: 1813 - 20\n"
                  "  chapter 14-16 CHAPTER I\n"
                  "epilogue 16-18 SECOND EPILOGUE\n"
                  "epilogue 18-20 EPILOGUE\n"
                  "prologue 20-22 PROLOGUE\n");
}

static void
test_division_case (void)
{
  /* Capitals and capitalised words; numbers as figures, Roman numerals
   * or words; a title after a colon, full stop or dash. */
  assert_outline ("Book One\n\nPart Two\n\nChapter Twenty-One\n\nChapter 3. The Ball\n\n"
                  "CHAPTER iv\n\nChapter 5 — Night\n\nSecond Epilogue\n",
                  "book 0-12 Book One\n"
                  "  part 2-12 Part Two\n"
                  "    chapter 4-6 Chapter Twenty-One\n"
                  "    chapter 6-8 Chapter 3. The Ball\n"
                  "    chapter 8-10 CHAPTER iv\n"
                  "    chapter 10-12 Chapter 5 — Night\n"
                  "epilogue 12-14 Second Epilogue\n");

  /* Not divisions: lower case, mixed case, words after the number, not
   * alone at the start of a paragraph, no number. */
  assert_outline (BODY "chapter one\n\ncHAPTER I\n\nPart two of the plan\n\nThe book\nCHAPTER I\n\n"
                  "CHAPTER\n\nBOOKS TWO\n\nChapter Ix\n\n- CHAPTER I\n", "");
}

static void
test_division_levels (void)
{
  /* Parts sit beneath a book, chapters beneath both; without books a part
   * is at the top; a prologue is at the top like a book. */
  assert_outline ("PROLOGUE\n\nPART ONE\n\nCHAPTER 1\n\nPART TWO\n\nCHAPTER 2\n",
                  "prologue 0-2 PROLOGUE\n"
                  "part 2-6 PART ONE\n"
                  "  chapter 4-6 CHAPTER 1\n"
                  "part 6-10 PART TWO\n"
                  "  chapter 8-10 CHAPTER 2\n");

  /* Markdown headings by their level around divisions. */
  assert_outline ("# Title\n\nBOOK ONE\n\n## Notes\n\nCHAPTER 1\n",
                  "heading 0-2 Title\n"
                  "book 2-8 BOOK ONE\n"
                  "  heading 4-8 Notes\n"
                  "    chapter 6-8 CHAPTER 1\n");
}

static void
test_division_no_letter (void)
{
  /* After a division, a manuscript's dialogue is not a letter's quotations
   * and a line ending with a comma is not a salutation. */
  assert_outline ("Title\n\nCHAPTER I\n\nDear John,\n\n“A wholly quoted line of dialogue.”\n\nSincerely,\n",
                  "title 0-1 Title\n"
                  "chapter 2-10 CHAPTER I\n");
}

/* --------------------------------------------------------------------------
 * Letters
 * ------------------------------------------------------------------------ */

static void
test_letter_title (void)
{
  assert_outline ("An Open Letter\n\nText of the letter, long enough to be the body of it and no heading.\n",
                  "title 0-1 An Open Letter\n");
  /* Only the first block, one line, not ending like a sentence. */
  assert_outline ("\n\nWhat is to be done?\n\nText.\n", "title 2-3 What is to be done?\n");
  assert_outline ("This is a sentence.\n\nText.\n", "");
  assert_outline ("A title\nover two lines\n\nText.\n", "");
  assert_outline ("# Heading\n\nNot a title\n", "heading 0-4 Heading\n");
  assert_outline ("---\ntitle: x\n---\nAfter front matter\n", "title 3-4 After front matter\n");
}

static void
test_letter_salutation (void)
{
  assert_outline ("A Letter\n\nTo The Editor,\n\nMarshall Kim Jong Un,\n\n"
                  "Greetings! I hope this finds you well; I write about the paper you published last week.\n\n"
                  "Anna Karenina,\n",
                  "title 0-1 A Letter\n"
                  "salutation 2-3 To The Editor,\n"
                  "salutation 4-5 Marshall Kim Jong Un,\n");

  /* Address and date blocks may come first; two salutations in a block. */
  assert_outline ("12 Rose Street,\nLondon\n\n3 March 2024\n\nTo the Board:\nDear Sir or Madam,\n\nBody.\n",
                  "salutation 5-6 To the Board:\n"
                  "salutation 6-7 Dear Sir or Madam,\n");

  /* "To be or not to be" is no salutation; nor is a sentence. */
  assert_outline ("Dear Anna\n\nTo be or not to be\n\nHello, this is a sentence.\n",
                  "salutation 0-1 Dear Anna\n");

  /* Beneath a heading the letter's head starts again. */
  assert_outline ("# Letters\n\n## To Anna\n\nDear Anna,\n\nI write to you because the weather has turned and the garden needs you.\n",
                  "heading 0-8 Letters\n"
                  "  heading 2-8 To Anna\n"
                  "    salutation 4-5 Dear Anna,\n");
}

static void
test_quotation_block (void)
{
  assert_outline ("Dear Anna,\n\nA long body paragraph, with more than enough words to end the letter's head here.\n\n"
                  "> Freedom is always the freedom\n> of the one who thinks differently.\n> — Rosa Luxemburg, The Russian Revolution (1918)\n\n"
                  "> Another quotation without any attribution at all, whose first words make its title.\n\n"
                  "> A third\nlazily continued\n\n— Leon Trotsky\n",
                  "salutation 0-1 Dear Anna,\n"
                  "quotation 4-7 Rosa Luxemburg, The Russian Revolution (1918)\n"
                  "quotation 8-9 Another quotation without any attribution at all, whose…\n"
                  "quotation 10-14 Leon Trotsky\n");
}

static void
test_quotation_paragraph (void)
{
  /* A paragraph wholly in quotation marks; dialogue is not one. */
  assert_outline ("Body text that is long enough to count as the body of a letter, not its head.\n\n"
                  "“A paragraph wholly in quotation marks is a quotation.”\n\n"
                  "“Not this one,” she said, “which is dialogue.”\n\n"
                  "\"Straight quotes count too.\"\n\n"
                  "« Et les guillemets. »\n",
                  "quotation 2-3 A paragraph wholly in quotation marks is a quotation.\n"
                  "quotation 6-7 Straight quotes count too.\n"
                  "quotation 8-9 Et les guillemets.\n");
}

static void
test_quotation_span (void)
{
  /* A quotation over paragraphs, closing at the end of the last; nested
   * marks inside; the continued paragraph may reopen with a mark. */
  assert_outline ("Leon Trotsky, I think, explains it best. He wrote in 1938:\n\n"
                  "“The Soviet Union emerged as a workers’ state.\n\n"
                  "It still remains a “degenerated” workers’ state.\n\n"
                  "“Such is the social diagnosis.” (The Revolution Betrayed).\n\n"
                  "After the quotation.\n",
                  "quotation 2-7 Leon Trotsky, The Revolution Betrayed\n");

  /* Never closed: not a quotation. */
  assert_outline ("Long body paragraph that ends the head of the letter for this example text.\n\n"
                  "“Open and never closed.\n\nNext paragraph.\n", "");
}

static void
test_quotation_attribution (void)
{
  const char *text =
    "Long body paragraph that ends the head of the letter for this example text.\n\n"
    "Eugene V. Debs once said to our people:\n\n"
    "“If it had not been for the discontent of a few fellows, you would still be living in caves.”\n\n"
    "Mr. Brown wrote to me last week:\n\n"
    "“Come and see us.”\n\n"
    "It is said, as Rosa Luxemburg’s pamphlet puts it:\n\n"
    "“Freedom is always the freedom of the one who thinks differently.”\n\n"
    "“A quotation with its source after it.”\n\n"
    "(The Russian Revolution, 1918)\n\n"
    "“A quotation with an em dash.”\n"
    "— Rosa Luxemburg\n\n"
    "This website says:\n\n"
    "“No name in the lead-in: the title is the first words.”\n";

  assert_outline (text,
                  "quotation 4-5 Eugene V. Debs\n"
                  "quotation 8-9 Mr. Brown\n"
                  "quotation 12-13 Rosa Luxemburg\n"
                  "quotation 14-17 The Russian Revolution, 1918\n"
                  "quotation 18-20 Rosa Luxemburg\n"
                  "quotation 23-24 No name in the lead-in: the title is the first words.\n");
}

static void
test_quotation_inline (void)
{
  /* A quotation of forty words or more inside a paragraph, introduced by
   * a comma or colon and naming whom it quotes; shorter ones, fragments
   * and the writer's own imagined speech are not items. */
  assert_outline ("Long body paragraph that ends the head of the letter for this example text.\n\n"
                  "A socialist named Eugene V. Debs once said to our people, “If it had not been for the "
                  "discontent of a few fellows who had not been satisfied with their conditions, you would "
                  "still be living in caves. Intelligent discontent is the mainspring of civilization. "
                  "Progress is born of agitation. It is agitation or stagnation.” If you want socialism, "
                  "let them speak.\n\n"
                  "Kim Jong Il says, “Our socialist society is a genuinely democratic society.” Short.\n\n"
                  "You could say to the masses, “We have fallen behind decades economically due to the "
                  "blockade, and in the years when my father and grandfather ruled, somewhere along the "
                  "way we became a society that made many mistakes, suppressed real democracy and human "
                  "rights, and silently imprisoned dissidents.”\n\n"
                  "Hard-wrapped, Marx wrote: “The philosophers have only\n"
                  "interpreted the world, in various ways; the point, however, is to change it, and to "
                  "change it\n"
                  "we need forty words or more in this quotation to make it count as a long one, so here "
                  "they are.” (Theses on Feuerbach) And more.\n",
                  "quotation 2-3 Eugene V. Debs\n"
                  "quotation 8-11 Marx, Theses on Feuerbach\n");
}

static void
test_closing (void)
{
  assert_outline ("Dear Anna,\n\nA long body paragraph, with more than enough words to end the letter's head here.\n\n"
                  "Sincerely,\n\nJohn Smith\nLondon\n\nP.S. Do write soon.\n",
                  "salutation 0-1 Dear Anna,\n"
                  "closing 4-9 Sincerely, John Smith\n"
                  "postscript 9-11 P.S. Do write soon.\n");

  assert_outline ("A long body paragraph, with more than enough words to end the letter's head here.\n\n"
                  "Yours in solidarity,\nRosa\n\nPS: one more thing.\n\nP.P.S. And another.\n",
                  "closing 2-5 Yours in solidarity, Rosa\n"
                  "postscript 5-7 PS: one more thing.\n"
                  "postscript 7-9 P.P.S. And another.\n");

  assert_outline ("A long body paragraph, with more than enough words to end the letter's head here.\n\n"
                  "With respect,\n\nRespectfully\n\nBest wishes to your family.\n",
                  "closing 2-8 With respect, Respectfully\n");

  /* Not closings or postscripts. */
  assert_outline ("A long body paragraph, with more than enough words to end the letter's head here.\n\n"
                  "Yours is the kingdom, and the power, and the glory, for ever and ever,\n\n"
                  "PSA: tests\n\nPS4\n", "");
}

/* Titles without Markdown's inline markup: emphasis, code, link targets,
 * a hard line break's backslash; snake_case words keep their underscore. */
static void
test_plain_titles (void)
{
  assert_outline ("# The *draft* you `deleted`\n\n## See [the notes](https://example.org/notes) on __style__\n\n"
                  "## a_b_c\n",
                  "heading 0-6 The draft you deleted\n"
                  "  heading 2-4 See the notes on style\n"
                  "  heading 4-6 a_b_c\n");
  assert_outline ("A long body paragraph, with more than enough words to end the letter's head here.\n\n"
                  "Sincerely,\n\nA *fellow* writer\\\n",
                  "closing 2-6 Sincerely, A fellow writer\n");
}

static void
test_crlf (void)
{
  g_autoptr(EpistleOutline) outline = NULL;
  GPtrArray *items;
  EpistleOutlineItem *item;
  const char *text = "# One\r\nbody\r\n\r\nTwo\r\n===\r\n\u2029# Three\rx";

  assert_outline (text,
                  "heading 0-3 One\n"
                  "heading 3-6 Two\n"
                  "heading 6-8 Three\n");

  /* CRLF counts two characters, as GtkTextBuffer does. */
  outline = parse (text);
  items = epistle_outline_get_items (outline);
  item = g_ptr_array_index (items, 1);
  g_assert_cmpuint (item->offset, ==, 5 + 2 + 4 + 2 + 2);
  item = g_ptr_array_index (items, 2);
  g_assert_cmpuint (item->end_offset, ==, g_utf8_strlen (text, -1));
}

static void
test_figures (void)
{
  g_autoptr(EpistleOutline) outline = parse ("Intro words here.\n# Héllo wörld\nOne two three.\n## Sub\nfour\n");
  GPtrArray *items = epistle_outline_get_items (outline);
  EpistleOutlineItem *h1 = g_ptr_array_index (items, 0);
  EpistleOutlineItem *h2 = g_ptr_array_index (h1->children, 0);

  g_assert_cmpuint (h1->line, ==, 1);
  g_assert_cmpuint (h1->offset, ==, 18);
  g_assert_cmpuint (h1->end_line, ==, 6);
  g_assert_cmpuint (h1->words, ==, 2 + 3 + 1 + 1);
  g_assert_cmpuint (h2->words, ==, 2);
  g_assert_cmpuint (h2->end_offset, ==, g_utf8_strlen ("Intro words here.\n# Héllo wörld\nOne two three.\n## Sub\nfour\n", -1));
  g_assert_true (h2->parent == h1);
  g_assert_cmpuint (h2->level, ==, 2);
  g_assert_cmpuint (epistle_outline_get_n_items (outline), ==, 2);
  g_assert_cmpuint (epistle_outline_get_n_lines (outline), ==, 6);

  g_assert_null (epistle_outline_item_at_line (outline, 0));
  g_assert_true (epistle_outline_item_at_line (outline, 1) == h1);
  g_assert_true (epistle_outline_item_at_line (outline, 2) == h1);
  g_assert_true (epistle_outline_item_at_line (outline, 3) == h2);
  g_assert_true (epistle_outline_item_at_line (outline, 5) == h2);
  g_assert_null (epistle_outline_item_at_line (outline, 6));
}

static void
test_item_at_line_letter (void)
{
  g_autoptr(EpistleOutline) outline = parse ("# Letter\n\nDear Anna,\n\nA long body paragraph, with more than enough words to end the letter's head here.\n\n> Quoted.\n\nMore body.\n");
  EpistleOutlineItem *heading = g_ptr_array_index (epistle_outline_get_items (outline), 0);
  EpistleOutlineItem *salutation = g_ptr_array_index (heading->children, 0);
  EpistleOutlineItem *quotation = g_ptr_array_index (heading->children, 1);

  g_assert_true (epistle_outline_item_at_line (outline, 2) == salutation);
  /* Between a letter's items: the heading around them. */
  g_assert_true (epistle_outline_item_at_line (outline, 4) == heading);
  g_assert_true (epistle_outline_item_at_line (outline, 6) == quotation);
  g_assert_true (epistle_outline_item_at_line (outline, 8) == heading);
}

static void
test_replace_lines_api (void)
{
  g_autoptr(EpistleOutline) outline = parse ("a\r\nb\nc");
  g_autoptr(EpistleOutline) full = NULL;

  /* Insert before a line, after the last, replace several. */
  epistle_outline_replace_lines (outline, 1, 0, "# X\nY", -1);
  full = parse ("a\r\n# X\nY\nb\nc");
  g_assert_true (epistle_outline_equal (outline, full));
  check_figures (outline, "a\r\n# X\nY\nb\nc");

  epistle_outline_replace_lines (outline, 5, 0, "## End", -1);
  check_figures (outline, "a\r\n# X\nY\nb\nc\n## End");
  g_clear_pointer (&full, epistle_outline_free);
  full = parse ("a\r\n# X\nY\nb\nc\n## End");
  g_assert_true (epistle_outline_equal (outline, full));

  epistle_outline_replace_lines (outline, 0, 6, "", 0);
  check_figures (outline, "");
  g_assert_cmpuint (epistle_outline_get_n_items (outline), ==, 0);
  g_assert_cmpuint (epistle_outline_get_n_lines (outline), ==, 1);

  /* An empty text is one empty line. */
  g_clear_pointer (&full, epistle_outline_free);
  full = parse ("");
  g_assert_cmpuint (epistle_outline_get_n_lines (full), ==, 1);
  g_assert_true (epistle_outline_equal (outline, full));
}

static void
test_text_and_json (void)
{
  g_autoptr(EpistleOutline) outline = parse ("# A \"quoted\" title\n\nOne two.\n\n## Sub\n");
  g_autofree char *text = epistle_outline_to_text (outline);
  g_autofree char *json = epistle_outline_to_json (outline);

  g_assert_cmpstr (text, ==,
                   "A \"quoted\" title (heading, line 1, 6 words)\n"
                   "  Sub (heading, line 5, 1 words)\n");
  g_assert_nonnull (strstr (json, "\"title\" : \"A \\\"quoted\\\" title\""));
  g_assert_nonnull (strstr (json, "\"kind\" : \"heading\""));
  g_assert_nonnull (strstr (json, "\"line\" : 5"));
  g_assert_nonnull (strstr (json, "\"children\" : []"));
  g_assert_cmpstr (epistle_outline_kind_to_string (EPISTLE_OUTLINE_QUOTATION), ==, "quotation");
  g_assert_cmpstr (epistle_outline_kind_to_string (EPISTLE_OUTLINE_EPILOGUE), ==, "epilogue");
}

/* --------------------------------------------------------------------------
 * The corpus
 * ------------------------------------------------------------------------ */

static char *
corpus_path (const char *name)
{
  const char *corpus = g_getenv ("EPISTLE_CORPUS");

  if (corpus == NULL)
    return NULL;
  return g_build_filename (corpus, name, NULL);
}

/* The open letter has no headings.  Reading it: a title line; two
 * salutation lines ("To …," and a name line with a comma); Trotsky's
 * quotation, introduced by "He wrote in 1938 …:" after "Leon Trotsky, I
 * think, best explains …", running over two paragraphs and closing with
 * its source in brackets; Luxemburg's, introduced by "… Rosa Luxemburg’s
 * best work, The Russian Revolution (1918) …:", over six paragraphs; the
 * one "This website says correctly of freedom and socialism:" introduces,
 * whose name the page lost, so its first words; and Debs's, 42 words in
 * mid-paragraph after "Eugene V. Debs once said to our people,".  The
 * letter has no closing or postscript: it ends with "change the world."
 * and the blog page's comment form.  Shorter quotations in running text
 * (Kim Jong Il's 27 words, Lin Biao's, Marx's fragment) and the writer's
 * own imagined speeches ("They said in their actions, “…”", "You alone
 * can say to the masses, “…”"), which name no one, are not items. */
static void
test_open_letter (void)
{
  g_autofree char *path = corpus_path ("open-letter.txt");
  g_autofree char *text = NULL;
  g_autoptr(EpistleOutline) outline = NULL;
  g_autofree char *got = NULL;
  GPtrArray *items;

  if (path == NULL || !g_file_get_contents (path, &text, NULL, NULL))
    {
      g_test_skip ("EPISTLE_CORPUS/open-letter.txt is not there");
      return;
    }

  outline = parse (text);
  got = describe (outline);
  g_assert_cmpstr (got, ==,
                   "title 0-1 An Open Letter to Kim Jong\u00a0Un\n"
                   "salutation 2-3 To The Supreme Leader of The Korean People,\n"
                   "salutation 4-5 Marshall Kim Jong Un,\n"
                   "quotation 12-15 Leon Trotsky, The USSR and Problems of The Transitional Epoch\n"
                   "quotation 22-33 Rosa Luxemburg\n"
                   "quotation 40-41 In hitherto existing Socialist states, like the Soviet Union…\n"
                   "quotation 52-53 Eugene V. Debs\n");
  check_figures (outline, text);

  items = epistle_outline_get_items (outline);
  for (guint i = 3; i < items->len; i++)
    g_assert_cmpint (((EpistleOutlineItem *) g_ptr_array_index (items, i))->kind, ==, EPISTLE_OUTLINE_QUOTATION);

  /* Typing it in from scratch ends with the same outline. */
  check_typing (text);
}

/* `grep -c '^CHAPTER [0-9IVXLC]*$' war_and_peace.txt` gives 365. */
#define NOVEL_CHAPTERS 365

static guint
grep_chapters (const char *text)
{
  g_autoptr(GArray) lines = split_lines (text);
  guint n = 0;

  for (guint i = 0; i < lines->len; i++)
    {
      const char *line = g_array_index (lines, TextLine, i).content;

      if (g_str_has_prefix (line, "CHAPTER ") && line[8] != '\0' &&
          strspn (line + 8, "0123456789IVXLC") == strlen (line + 8))
        n++;
    }
  return n;
}

static void
check_novel_outline (EpistleOutline *outline)
{
  static const char * const books[] = {
    "BOOK ONE: 1805", "BOOK TWO: 1805", "BOOK THREE: 1805", "BOOK FOUR: 1806",
    "BOOK FIVE: 1806 - 07", "BOOK SIX: 1808 - 10", "BOOK SEVEN: 1810 - 11",
    "BOOK EIGHT: 1811 - 12", "BOOK NINE: 1812", "BOOK TEN: 1812", "BOOK ELEVEN: 1812",
    "BOOK TWELVE: 1812", "BOOK THIRTEEN: 1812", "BOOK FOURTEEN: 1812",
    "BOOK FIFTEEN: 1812 - 13", "FIRST EPILOGUE: 1813 - 20", "SECOND EPILOGUE",
  };
  GPtrArray *items = epistle_outline_get_items (outline);
  EpistleOutlineItem *title = g_ptr_array_index (items, 0);
  guint chapters = 0;

  /* The title line, then the 15 books and 2 epilogues at the top level. */
  g_assert_cmpuint (items->len, ==, 1 + G_N_ELEMENTS (books));
  g_assert_cmpint (title->kind, ==, EPISTLE_OUTLINE_TITLE);
  g_assert_cmpstr (title->title, ==, "WAg AND PEACE");

  for (guint i = 0; i < G_N_ELEMENTS (books); i++)
    {
      EpistleOutlineItem *book = g_ptr_array_index (items, i + 1);

      g_assert_cmpstr (book->title, ==, books[i]);
      g_assert_cmpint (book->kind, ==, i < 15 ? EPISTLE_OUTLINE_BOOK : EPISTLE_OUTLINE_EPILOGUE);
      g_assert_cmpuint (book->level, ==, 1);
      g_assert_cmpuint (book->children->len, >, 0);

      /* Every chapter beneath a book or epilogue, and nothing else. */
      for (guint c = 0; c < book->children->len; c++)
        {
          EpistleOutlineItem *chapter = g_ptr_array_index (book->children, c);

          g_assert_cmpint (chapter->kind, ==, EPISTLE_OUTLINE_CHAPTER);
          g_assert_cmpuint (chapter->level, ==, 2);
          g_assert_cmpuint (chapter->children->len, ==, 0);
          g_assert_true (g_str_has_prefix (chapter->title, "CHAPTER "));
          chapters++;
        }
    }

  g_assert_cmpuint (chapters, ==, NOVEL_CHAPTERS);
  g_assert_cmpuint (epistle_outline_get_n_items (outline), ==, 1 + G_N_ELEMENTS (books) + NOVEL_CHAPTERS);
  g_assert_cmpstr (((EpistleOutlineItem *) g_ptr_array_index (((EpistleOutlineItem *) g_ptr_array_index (items, 1))->children, 0))->title, ==, "CHAPTER 1");
}

/* The novel in a temporary clone (see tests/bench/bench-novel.c), shared
 * by the tests of this run and removed at the end; NULL without git or the
 * corpus bundle. */
static char *novel_cache;

static char *
load_novel_shape (gboolean one_line)
{
  if (novel_cache == NULL)
    novel_cache = g_dir_make_tmp ("epistle-outline-XXXXXX", NULL);
  return epistle_bench_novel_text (novel_cache, one_line);
}

static char *
load_novel (void)
{
  return load_novel_shape (FALSE);
}

static void
test_war_and_peace (void)
{
  g_autofree char *text = load_novel ();
  g_autofree char *paragraphs = NULL;
  g_autoptr(EpistleOutline) outline = NULL;
  g_autoptr(EpistleOutline) joined = NULL;
  EpistleTextStats stats;
  guint64 words = 0;
  GPtrArray *items;

  if (text == NULL)
    {
      g_test_skip ("no git or no EPISTLE_CORPUS/war-and-peace-history.bundle");
      return;
    }

  g_assert_cmpuint (grep_chapters (text), ==, NOVEL_CHAPTERS);

  outline = parse (text);
  check_novel_outline (outline);
  check_figures (outline, text);

  /* The sections cover the book after the title: their words add up. */
  epistle_text_stats_compute (text, -1, &stats);
  items = epistle_outline_get_items (outline);
  for (guint i = 0; i < items->len; i++)
    words += ((EpistleOutlineItem *) g_ptr_array_index (items, i))->words;
  /* and "By Leo Tolstoy/Tolstoi", between the title and BOOK ONE. */
  g_assert_cmpuint (words + 3, ==, stats.words);

  /* The same book with a line per paragraph. */
  paragraphs = load_novel_shape (TRUE);
  joined = parse (paragraphs);
  check_novel_outline (joined);
  check_figures (joined, paragraphs);
}

/* Edits in the middle of the novel, each checked against a full parse. */
static void
test_war_and_peace_edits (void)
{
  g_autofree char *text = load_novel ();
  g_autoptr(EpistleOutline) outline = NULL;
  g_autoptr(GArray) lines = NULL;
  guint middle;
  struct {
    int         delta;     /* lines from the middle */
    guint       n_removed;
    const char *replacement;
  } edits[] = {
    { 0, 1, "# A heading typed into the middle" },
    { 2, 0, "CHAPTER CXX" },
    { 2, 1, "" },
    { 5, 0, "```" },
    { 9, 0, "```" },
    { 12, 1, "Underlined" },
    { 13, 0, "===" },
    { -3, 2, "BOOK SIXTEEN: 1900" },
    { 0, 0, "“An open quotation mark" },
    { 1, 1, "—" },
  };

  if (text == NULL)
    {
      g_test_skip ("no git or no EPISTLE_CORPUS/war-and-peace-history.bundle");
      return;
    }

  outline = parse (text);
  lines = split_lines (text);
  middle = lines->len / 2;

  for (guint e = 0; e < G_N_ELEMENTS (edits); e++)
    {
      g_autoptr(EpistleOutline) full = NULL;
      g_autoptr(GString) edited = g_string_new (NULL);
      guint first = middle + edits[e].delta;
      TextLine inserted = { g_strdup (edits[e].replacement), g_strdup ("\n") };

      epistle_outline_replace_lines (outline, first, edits[e].n_removed, edits[e].replacement, -1);

      if (edits[e].n_removed == 0)
        g_array_insert_val (lines, first, inserted);
      else
        {
          TextLine *line = &g_array_index (lines, TextLine, first);

          g_free (line->content);
          line->content = inserted.content;
          g_free (inserted.ending);
          g_array_remove_range (lines, first + 1, edits[e].n_removed - 1);
        }

      for (guint i = 0; i < lines->len; i++)
        {
          const TextLine *line = &g_array_index (lines, TextLine, i);

          g_string_append (edited, line->content);
          g_string_append (edited, line->ending);
        }
      full = parse (edited->str);
      g_assert_true (epistle_outline_equal (outline, full));
    }
}

/* --------------------------------------------------------------------------
 * Random edits: incremental equals a full parse, always
 * ------------------------------------------------------------------------ */

static const char *snippets[] = {
  "#", "# ", "## Heading\n", "###### Six ##\n", "\n", "\n\n", "\r\n", "\r", "\u2029",
  "```\n", "```", "~~~~\n", "````\n", "===\n", "=", "---\n", "-", "- item\n", "***\n", "    ",
  "\t", "> ", ">", "“", "”", "\"", "«", "»", "CHAPTER IV\n\n", "BOOK TWO: 1806\n", "PART ONE",
  "EPILOGUE\n", "Sincerely,\n", "Yours,", "P.S. ", "PS:", "Dear Anna,\n", "To the Editor,\n",
  "— Rosa Luxemburg\n", "(The Russian Revolution, 1918)", "He wrote:", " said, “", "Trotsky ",
  " ", "word ", "words and more words ", "é", "’", ".", ",", ":", "---\ntitle: x\n---\n",
  "Title\n", "\xEF\xBB\xBF",
};

static const char seed_text[] =
  "---\ntitle: A letter\n---\nAn Open Letter\n\nTo the Editor,\n\nMarshall Kim,\n\n"
  "A body paragraph long enough to close the head of the letter, with many words in it.\n\n"
  "Leon Trotsky, I think, explains it. He wrote:\n\n“The first paragraph of a quotation.\n\n"
  "Its second paragraph.” (The Revolution Betrayed)\n\n# Heading One\n\nSome text\nover lines.\n\n"
  "Setext\n------\n\n```\n# code\n```\n\n> Quoted\n> — Rosa Luxemburg\n\n"
  "Debs once said, “If it had not been for the discontent of a few fellows who had not been "
  "satisfied with their conditions, you would still be living in caves. Intelligent discontent "
  "is the mainspring of civilization. Progress is born of agitation.” And so on.\n\n"
  "Sincerely,\n\nJohn\n\nP.S. Write.\n\nBOOK ONE: 1805\n\nCHAPTER I\n\n“Dialogue,” he said.\n\n"
  "CHAPTER II\r\n\r\nMore text.\r\n";

/* A position in @s at a character boundary. */
static gsize
random_position (GRand      *rand,
                 const char *s,
                 gsize       length)
{
  gsize pos = g_rand_int_range (rand, 0, (gint32) length + 1);

  while (pos > 0 && pos < length && (s[pos] & 0xC0) == 0x80)
    pos--;
  return pos;
}

/* Applies the change from @old to @new as replace_lines() calls the way
 * an editor would: the lines that differ, sometimes with a margin of
 * unchanged lines, sometimes as an insertion of whole lines. */
static void
apply_diff (EpistleOutline *outline,
            GRand          *rand,
            const char     *old,
            const char     *new)
{
  g_autoptr(GArray) a = split_lines (old);
  g_autoptr(GArray) b = split_lines (new);
  g_autoptr(GString) text = g_string_new (NULL);
  guint prefix = 0;
  guint suffix = 0;
  guint removed;
  guint added;

#define LINE_EQ(x, y) (g_str_equal ((x)->content, (y)->content) && g_str_equal ((x)->ending, (y)->ending))
  while (prefix < a->len && prefix < b->len &&
         LINE_EQ (&g_array_index (a, TextLine, prefix), &g_array_index (b, TextLine, prefix)))
    prefix++;
  while (suffix < a->len - prefix && suffix < b->len - prefix &&
         LINE_EQ (&g_array_index (a, TextLine, a->len - 1 - suffix),
                  &g_array_index (b, TextLine, b->len - 1 - suffix)))
    suffix++;
#undef LINE_EQ

  if (prefix == a->len && prefix == b->len)
    return;

  /* Lines inserted whole, each ending with LF, before an unchanged line. */
  if (prefix + suffix == a->len && suffix > 0 && g_rand_boolean (rand))
    {
      gboolean lf = TRUE;

      for (guint i = prefix; i < b->len - suffix; i++)
        lf = lf && g_str_equal (g_array_index (b, TextLine, i).ending, "\n");
      if (lf)
        {
          for (guint i = prefix; i < b->len - suffix; i++)
            {
              if (i > prefix)
                g_string_append_c (text, '\n');
              g_string_append (text, g_array_index (b, TextLine, i).content);
            }
          epistle_outline_replace_lines (outline, prefix, 0, text->str, -1);
          return;
        }
    }

  /* Sometimes a wider edit than needed. */
  if (prefix > 0 && g_rand_int_range (rand, 0, 4) == 0)
    prefix -= g_rand_int_range (rand, 1, MIN (prefix, 3) + 1);
  if (suffix > 0 && g_rand_int_range (rand, 0, 4) == 0)
    suffix -= g_rand_int_range (rand, 1, MIN (suffix, 3) + 1);

  /* Both ranges hold a line, and their last lines end alike (the last new
   * line takes the line end of the last replaced one). */
  while (suffix > 0 &&
         (a->len - suffix == prefix || b->len - suffix == prefix ||
          !g_str_equal (g_array_index (a, TextLine, a->len - suffix - 1).ending,
                        g_array_index (b, TextLine, b->len - suffix - 1).ending)))
    suffix--;

  removed = a->len - suffix - prefix;
  added = b->len - suffix - prefix;
  g_assert_cmpuint (removed, >, 0);
  g_assert_cmpuint (added, >, 0);

  for (guint i = prefix; i < prefix + added; i++)
    {
      const TextLine *line = &g_array_index (b, TextLine, i);

      g_string_append (text, line->content);
      if (i + 1 < prefix + added)
        g_string_append (text, line->ending);
    }
  epistle_outline_replace_lines (outline, prefix, removed, text->str, text->len);
}

/* The byte range of a whole section: a random heading or division line
 * and everything up to the next one (or a random run of lines). */
static void
random_section (GRand      *rand,
                const char *s,
                gsize      *start,
                gsize      *end)
{
  g_autoptr(GArray) lines = split_lines (s);
  gsize *offsets = g_new (gsize, lines->len + 1);
  guint first = g_rand_int_range (rand, 0, lines->len);
  guint last;

  offsets[0] = 0;
  for (guint i = 0; i < lines->len; i++)
    {
      const TextLine *line = &g_array_index (lines, TextLine, i);

      offsets[i + 1] = offsets[i] + strlen (line->content) + strlen (line->ending);
    }

  /* Back to a line that starts a section, if there is one. */
  for (guint i = first + 1; i > 0; i--)
    {
      const char *c = g_array_index (lines, TextLine, i - 1).content;

      if (c[0] == '#' || g_str_has_prefix (c, "CHAPTER") || g_str_has_prefix (c, "BOOK"))
        {
          first = i - 1;
          break;
        }
    }
  for (last = first + 1; last < lines->len; last++)
    {
      const char *c = g_array_index (lines, TextLine, last).content;

      if (c[0] == '#' || g_str_has_prefix (c, "CHAPTER") || g_str_has_prefix (c, "BOOK"))
        break;
    }
  if (last - first > 12)
    last = first + g_rand_int_range (rand, 1, 13);

  *start = offsets[first];
  *end = offsets[last];
  g_free (offsets);
}

static void
random_edit (GRand   *rand,
             GString *s)
{
  int what = g_rand_int_range (rand, 0, 100);

  if (what < 45 || s->len == 0)
    {
      /* Type or paste a snippet. */
      const char *snippet = snippets[g_rand_int_range (rand, 0, G_N_ELEMENTS (snippets))];
      g_string_insert (s, random_position (rand, s->str, s->len), snippet);
    }
  else if (what < 70)
    {
      /* Delete a few characters, or a lot. */
      gsize a = random_position (rand, s->str, s->len);
      gsize n = g_rand_int_range (rand, 0, 10) == 0 ? g_rand_int_range (rand, 0, 400) : g_rand_int_range (rand, 1, 6);
      gsize b = MIN (s->len, a + n);

      while (b < s->len && (s->str[b] & 0xC0) == 0x80)
        b++;
      g_string_erase (s, a, b - a);
    }
  else if (what < 80)
    {
      /* Cut a whole section. */
      gsize a;
      gsize b;

      random_section (rand, s->str, &a, &b);
      g_string_erase (s, a, b - a);
    }
  else if (what < 90 && s->len < 20000)
    {
      /* Copy a whole section and paste it at the start of a line. */
      g_autofree char *copy = NULL;
      gsize a;
      gsize b;
      gsize at;

      random_section (rand, s->str, &a, &b);
      copy = g_strndup (s->str + a, b - a);
      random_section (rand, s->str, &at, &b);
      g_string_insert (s, at, copy);
    }
  else
    {
      /* Type a word one character at a time, somewhere. */
      gsize at = random_position (rand, s->str, s->len);
      g_string_insert (s, at, "x");
    }
}

static void
test_random_edits (void)
{
  const char *env = g_getenv ("EPISTLE_OUTLINE_SEED");
  /* A fixed seed, so a failure reproduces; EPISTLE_OUTLINE_SEED picks
   * another, and the round and edit are in the failure message (with
   * EPISTLE_OUTLINE_DUMP=DIR, the texts before and after the edit are
   * written there too).  -m thorough runs ten times as many rounds. */
  guint32 seed = env != NULL ? (guint32) g_ascii_strtoull (env, NULL, 10) : 20240611;
  guint rounds = g_test_thorough () ? 100 : 10;
  guint edits_per_round = 800;

  g_test_message ("seed %u", seed);

  for (guint round = 0; round < rounds; round++)
    {
      g_autoptr(GRand) rand = g_rand_new_with_seed (seed + round);
      g_autoptr(GString) s = g_string_new (seed_text);
      g_autoptr(EpistleOutline) outline = parse (s->str);

      for (guint e = 0; e < edits_per_round; e++)
        {
          g_autoptr(EpistleOutline) full = NULL;
          g_autofree char *before = g_strdup (s->str);

          /* Keep the documents rich, and to a size where each edit is
           * checked fast: paste the seed text back into a short one. */
          if (s->len < 1500)
            {
              gsize at;
              gsize end;

              random_section (rand, s->str, &at, &end);
              g_string_insert (s, at, seed_text);
            }
          else
            random_edit (rand, s);
          if (s->len > 30000)
            g_string_truncate (s, random_position (rand, s->str, 20000));

          apply_diff (outline, rand, before, s->str);
          full = parse (s->str);
          if (!epistle_outline_equal (outline, full))
            {
              g_autofree char *a = describe (outline);
              g_autofree char *b = describe (full);

              g_test_message ("seed %u, round %u, edit %u; before:\n%s\nafter:\n%s",
                              seed, round, e, before, s->str);
              if (g_getenv ("EPISTLE_OUTLINE_DUMP") != NULL)
                {
                  g_autofree char *path_before = g_build_filename (g_getenv ("EPISTLE_OUTLINE_DUMP"), "before.txt", NULL);
                  g_autofree char *path_after = g_build_filename (g_getenv ("EPISTLE_OUTLINE_DUMP"), "after.txt", NULL);

                  g_file_set_contents (path_before, before, -1, NULL);
                  g_file_set_contents (path_after, s->str, -1, NULL);
                }
              g_assert_cmpstr (a, ==, b);
              g_assert_true (epistle_outline_equal (outline, full));
            }
          if (e % 100 == 0)
            check_figures (outline, s->str);
        }
      g_test_message ("round %u: %" G_GSIZE_FORMAT " bytes, %u lines, %u items at the end",
                      round, s->len, epistle_outline_get_n_lines (outline),
                      epistle_outline_get_n_items (outline));
    }
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/epistle/outline/atx-heading", test_atx_heading);
  g_test_add_func ("/epistle/outline/atx-closing-hashes", test_atx_closing_hashes);
  g_test_add_func ("/epistle/outline/atx-needs-space", test_atx_needs_space);
  g_test_add_func ("/epistle/outline/setext-heading", test_setext_heading);
  g_test_add_func ("/epistle/outline/setext-or-rule", test_setext_rule);
  g_test_add_func ("/epistle/outline/front-matter", test_front_matter);
  g_test_add_func ("/epistle/outline/fenced-code", test_fenced_code);
  g_test_add_func ("/epistle/outline/indented-code", test_indented_code);
  g_test_add_func ("/epistle/outline/divisions", test_divisions);
  g_test_add_func ("/epistle/outline/division-case", test_division_case);
  g_test_add_func ("/epistle/outline/division-levels", test_division_levels);
  g_test_add_func ("/epistle/outline/division-no-letter", test_division_no_letter);
  g_test_add_func ("/epistle/outline/letter-title", test_letter_title);
  g_test_add_func ("/epistle/outline/letter-salutation", test_letter_salutation);
  g_test_add_func ("/epistle/outline/quotation-block", test_quotation_block);
  g_test_add_func ("/epistle/outline/quotation-paragraph", test_quotation_paragraph);
  g_test_add_func ("/epistle/outline/quotation-span", test_quotation_span);
  g_test_add_func ("/epistle/outline/quotation-attribution", test_quotation_attribution);
  g_test_add_func ("/epistle/outline/quotation-inline", test_quotation_inline);
  g_test_add_func ("/epistle/outline/closing-postscript", test_closing);
  g_test_add_func ("/epistle/outline/plain-titles", test_plain_titles);
  g_test_add_func ("/epistle/outline/crlf", test_crlf);
  g_test_add_func ("/epistle/outline/figures", test_figures);
  g_test_add_func ("/epistle/outline/item-at-line", test_item_at_line_letter);
  g_test_add_func ("/epistle/outline/replace-lines", test_replace_lines_api);
  g_test_add_func ("/epistle/outline/text-and-json", test_text_and_json);
  g_test_add_func ("/epistle/outline/open-letter", test_open_letter);
  g_test_add_func ("/epistle/outline/war-and-peace", test_war_and_peace);
  g_test_add_func ("/epistle/outline/war-and-peace-edits", test_war_and_peace_edits);
  g_test_add_func ("/epistle/outline/random-edits", test_random_edits);

  ret = g_test_run ();
  if (novel_cache != NULL)
    epistle_bench_remove_tree (novel_cache);
  return ret;
}
