/* SPDX-License-Identifier: GPL-3.0-or-later
 * test-spell-scan.c — which words of a Markdown document spelling checks:
 * one path per construct, scanning in pieces, and the real open letter. */

#include "config.h"

#include <string.h>

#include "epistle-spell-scan.h"
#include "epistle-text.h"

typedef struct {
  gsize  offset;
  gsize  length;
  char  *lang;
} Token;

typedef struct {
  GArray *tokens;
  gsize   shift;   /* where the scanned piece starts in the whole text */
} Collector;

static void
token_clear (gpointer data)
{
  Token *token = data;

  g_clear_pointer (&token->lang, g_free);
}

static GArray *
token_array_new (void)
{
  GArray *tokens = g_array_new (FALSE, FALSE, sizeof (Token));

  g_array_set_clear_func (tokens, token_clear);
  return tokens;
}

static void
collect_token (const EpistleSpellToken *token,
               gpointer                 user_data)
{
  Collector *collector = user_data;
  Token copy = {
    .offset = collector->shift + token->offset,
    .length = token->length,
    .lang = g_strdup (token->lang),
  };

  g_assert_cmpuint (token->length, >, 0);
  g_array_append_val (collector->tokens, copy);
}

/* Scans @text (a piece starting at @shift of a whole) in @state into @tokens. */
static void
scan_into (GArray                *tokens,
           const char            *text,
           gssize                 length,
           gsize                  shift,
           EpistleSpellScanState *state)
{
  Collector collector = { tokens, shift };

  epistle_spell_scan (text, length, state, collect_token, &collector);
}

static GArray *
scan_text (const char            *text,
           gssize                 length,
           EpistleSpellScanState *state_out)
{
  GArray *tokens = token_array_new ();
  EpistleSpellScanState state;

  epistle_spell_scan_state_init (&state);
  scan_into (tokens, text, length, 0, &state);
  if (state_out != NULL)
    *state_out = state;

  return tokens;
}

/* The tokens as "word word|lang …": one string, so a failure shows the
 * whole difference at once. */
static char *
format_tokens (const char *text,
               GArray     *tokens)
{
  g_autoptr(GString) out = g_string_new (NULL);
  gsize previous_end = 0;

  for (guint i = 0; i < tokens->len; i++)
    {
      const Token *token = &g_array_index (tokens, Token, i);

      /* In order and never overlapping. */
      g_assert_cmpuint (token->offset, >=, previous_end);
      previous_end = token->offset + token->length;

      if (i > 0)
        g_string_append_c (out, ' ');
      g_string_append_len (out, text + token->offset, token->length);
      if (token->lang != NULL)
        g_string_append_printf (out, "|%s", token->lang);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
assert_tokens (const char *text,
               const char *expected)
{
  g_autoptr(GArray) tokens = scan_text (text, -1, NULL);
  g_autofree char *got = format_tokens (text, tokens);

  g_assert_cmpstr (got, ==, expected);
}

static void
assert_token_at (GArray     *tokens,
                 guint       index,
                 gsize       offset,
                 gsize       length,
                 const char *lang)
{
  const Token *token;

  g_assert_cmpuint (index, <, tokens->len);
  token = &g_array_index (tokens, Token, index);
  g_assert_cmpuint (token->offset, ==, offset);
  g_assert_cmpuint (token->length, ==, length);
  g_assert_cmpstr (token->lang, ==, lang);
}

static void
assert_same_tokens (GArray *a,
                    GArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);

  for (guint i = 0; i < a->len; i++)
    {
      const Token *x = &g_array_index (a, Token, i);
      const Token *y = &g_array_index (b, Token, i);

      g_assert_cmpuint (x->offset, ==, y->offset);
      g_assert_cmpuint (x->length, ==, y->length);
      g_assert_cmpstr (x->lang, ==, y->lang);
    }
}

/* --------------------------------------------------------------------------
 * Plain text and line breaks
 * ------------------------------------------------------------------------ */

static void
test_empty (void)
{
  EpistleSpellScanState state;
  EpistleSpellScanState initial;
  g_autoptr(GArray) tokens = token_array_new ();

  epistle_spell_scan_state_init (&state);
  initial = state;

  scan_into (tokens, "", -1, 0, &state);
  scan_into (tokens, "", 0, 0, &state);
  scan_into (tokens, NULL, 0, 0, &state);
  g_assert_cmpuint (tokens->len, ==, 0);

  /* Nothing scanned: front matter may still open. */
  g_assert_true (state.at_start);
  g_assert_true (epistle_spell_scan_state_equal (&state, &initial));

  assert_tokens ("\n\n\r\n   \n", "");
  assert_tokens ("--- … — 1968 ***", "");
}

static void
test_plain (void)
{
  /* The word iterator's rules carry over: inner hyphens and apostrophes
   * stay, NBSP separates, and numbers, URLs, addresses and paths are no
   * spelling. */
  assert_tokens ("Hello, world! The well-known country’s DPRK-US summit in 1968, "
                 "the 20th time; see https://example.org or me@example.org in "
                 "/usr/share/doc.\n",
                 "Hello world The well-known country’s DPRK-US summit in "
                 "the time see or in");
  assert_tokens ("Kim Jong\u00a0Un’s “quoted” ‘words’ (in brackets)",
                 "Kim Jong Un’s quoted words in brackets");
}

static void
test_line_endings (void)
{
  g_autoptr(GArray) tokens = NULL;
  g_autoptr(GArray) fenced = NULL;

  /* LF, CRLF and a lone CR each end a line; offsets stay exact. */
  tokens = scan_text ("one\r\ntwo\rthree\nfour", -1, NULL);
  g_assert_cmpuint (tokens->len, ==, 4);
  assert_token_at (tokens, 0, 0, 3, NULL);
  assert_token_at (tokens, 1, 5, 3, NULL);
  assert_token_at (tokens, 2, 9, 5, NULL);
  assert_token_at (tokens, 3, 15, 4, NULL);

  /* Markers followed by \r\n or \r are still markers. */
  fenced = scan_text ("```\r\ncode\r\n```\r\nafter\r\n", -1, NULL);
  g_assert_cmpuint (fenced->len, ==, 1);
  assert_token_at (fenced, 0, 16, 5, NULL);

  assert_tokens ("```\rcode\r```\rafter", "after");
  assert_tokens ("---\r\ntitle: Hi\r\nlang: de\r\n---\r\nBody\r\n", "Hi Body");
  assert_tokens ("---\rtitle: Hi\r...\rBody", "Hi Body");
  assert_tokens ("::: {lang=de}\r\nWort\r\n:::\r\nword", "Wort|de word");
}

/* --------------------------------------------------------------------------
 * YAML front matter
 * ------------------------------------------------------------------------ */

static void
test_front_matter (void)
{
  EpistleSpellScanState state;
  g_autoptr(GArray) tokens = NULL;

  assert_tokens ("---\n"
                 "title: A Letter to Friends\n"
                 "author: Jane Doe\n"
                 "subtitle: \"On *Travel* and `code`\"\n"
                 "---\n"
                 "Body text.\n",
                 "A Letter to Friends Jane Doe On Travel and Body text");

  /* "..." closes as well; trailing blanks are fine on both fences. */
  assert_tokens ("---  \ntitle: One\n... \t\nTwo\n", "One Two");

  /* The closing fence is no token, and after it "key: value" is prose. */
  assert_tokens ("---\ntitle: x\n---\nNote: this\n", "x Note this");

  /* A BOM before the opening fence is no text. */
  assert_tokens ("\xEF\xBB\xBF---\ntitle: Bom\n---\nBody", "Bom Body");

  /* Unclosed: front matter to the end, and the state says so. */
  tokens = scan_text ("---\ntitle: Open\n", -1, &state);
  g_assert_true (state.in_front_matter);
  g_assert_false (state.at_start);
  g_assert_cmpuint (tokens->len, ==, 1);
}

static void
test_front_matter_skipped_keys (void)
{
  /* lang and date hold codes and dates, not words; keys are never words. */
  assert_tokens ("---\n"
                 "lang: en-GB\n"
                 "date: March 3, 2024\n"
                 "place: Ocean Beach\n"
                 "lang : \"de\"\n"
                 "---\n"
                 "Text\n",
                 "Ocean Beach Text");

  /* Only the exact keys: "language" and "dates" are ordinary. */
  assert_tokens ("---\nlanguage: Latin\ndates: Monday\n---\n", "Latin Monday");
}

static void
test_front_matter_list (void)
{
  assert_tokens ("---\n"
                 "tags:\n"
                 "  - poetry\n"
                 "  - travel notes\n"
                 "-  solo\n"
                 "keywords: [alpha, beta]\n"
                 "authors:\n"
                 "  - name: Jane Roe\n"
                 "    lang: fr\n"
                 "---\n",
                 "poetry travel notes solo alpha beta Jane Roe");
}

static void
test_front_matter_not_first (void)
{
  EpistleSpellScanState state;
  g_autoptr(GArray) tokens = NULL;

  /* Only the very first line can open front matter. */
  assert_tokens ("\n---\ntitle: Hello\n---\n", "title Hello");
  assert_tokens ("Intro\n---\nlang: de\n", "Intro lang de");
  assert_tokens ("----\ntitle: x\n", "title x");
  assert_tokens (" ---\ntitle: x\n", "title x");

  tokens = scan_text ("Intro\n", -1, &state);
  g_assert_false (state.at_start);
  g_assert_false (state.in_front_matter);

  /* A later piece in that state opens none either. */
  g_array_set_size (tokens, 0);
  scan_into (tokens, "---\ntitle: x\n", -1, 0, &state);
  g_assert_false (state.in_front_matter);
  g_assert_cmpuint (tokens->len, ==, 2);
}

static void
test_front_matter_lang (void)
{
  static const struct {
    const char *text;
    const char *lang;
  } cases[] = {
    { "---\nlang: en-GB\n---\nText", "en-GB" },
    { "---\ntitle: x\nlang: \"de-CH\"\n---\n", "de-CH" },
    { "---\nlang: 'fr'  \n---", "fr" },
    { "---\r\nlang:   pt-BR # Brazil\r\n---\r\n", "pt-BR" },
    { "---\rlang : it\r...\r", "it" },
    { "\xEF\xBB\xBF---\nlang: en\n---\n", "en" },
    { "---\ntitle: no lang\n", NULL },                  /* unclosed, none */
    { "---\nlang: es\n", "es" },                        /* unclosed, as the scan reads it */
    { "---\ntitle: x\n---\nlang: de\n", NULL },         /* after the front matter */
    { "Title\n---\nlang: de\n---\n", NULL },            /* not at the top */
    { "\n---\nlang: de\n---\n", NULL },
    { "---\n  lang: de\n---\n", NULL },                 /* a nested key */
    { "---\nlanguage: de\n---\n", NULL },
    { "---\nlang:\n---\n", NULL },
    { "---\nlang: \"\"\n---\n", NULL },
    { "lang: de\n", NULL },
    { "", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *lang = epistle_spell_scan_front_matter_lang (cases[i].text, -1);

      g_test_message ("case %u", i);
      g_assert_cmpstr (lang, ==, cases[i].lang);
    }

  g_assert_null (epistle_spell_scan_front_matter_lang (NULL, 0));

  /* @length bounds the text: the lang line is cut off, or cut short. */
  {
    const char *text = "---\nlang: de-AT\n---\n";
    g_autofree char *none = epistle_spell_scan_front_matter_lang (text, 4);
    g_autofree char *cut = epistle_spell_scan_front_matter_lang (text, 12);

    g_assert_null (none);
    g_assert_cmpstr (cut, ==, "de");
  }
}

/* --------------------------------------------------------------------------
 * Fenced code blocks
 * ------------------------------------------------------------------------ */

static void
test_fenced_code (void)
{
  EpistleSpellScanState state;
  g_autoptr(GArray) tokens = NULL;

  assert_tokens ("Before\n"
                 "```c\n"
                 "int misspeled = 1;\n"
                 "```\n"
                 "After\n",
                 "Before After");

  /* Tildes, an info string, a longer closing fence; a shorter one or one
   * of the other character does not close. */
  assert_tokens ("~~~~ {.python}\n"
                 "x = 1\n"
                 "~~~\n"
                 "```\n"
                 "still code\n"
                 "~~~~~  \n"
                 "End\n",
                 "End");

  /* Text after the fence characters makes no closing fence. */
  assert_tokens ("```\ncode\n``` not closing\nmore\n```\nYes\n", "Yes");

  /* Up to three spaces of indentation, on either fence; four is prose. */
  assert_tokens ("   ```\nhidden\n   ```\nshown\n", "shown");
  assert_tokens ("    ```\nword\n", "word");

  /* A backtick fence's info string holds no backtick: that is a code span. */
  assert_tokens ("```a```b\nnext\n", "b next");
  /* Two characters are no fence. */
  assert_tokens ("``\ntwo\n``\n", "two");

  /* Unclosed: code to the end, and the state carries it on. */
  tokens = scan_text ("Text\n````\nnever\nclosed\n", -1, &state);
  g_assert_cmpuint (tokens->len, ==, 1);
  g_assert_cmpint (state.fence_char, ==, '`');
  g_assert_cmpuint (state.fence_len, ==, 4);

  g_array_set_size (tokens, 0);
  scan_into (tokens, "```\nstill\n````\nout\n", -1, 0, &state);
  g_assert_cmpuint (tokens->len, ==, 1);
  g_assert_cmpint (state.fence_char, ==, 0);

  /* Nothing inside a fence is a marker: no div, no front matter. */
  assert_tokens ("```\n::: {lang=de}\n```\nword\n", "word");
}

/* --------------------------------------------------------------------------
 * Pandoc divs
 * ------------------------------------------------------------------------ */

static void
test_div (void)
{
  assert_tokens ("::: {lang=de}\n"
                 "Guten Tag\n"
                 ":::\n"
                 "Hello\n"
                 "::: {.note lang=\"fr-CA\"}\n"
                 "Bonjour\n"
                 ":::\n"
                 "::: {lang=de .x}\n"
                 "Hallo\n"
                 "::::::\n"
                 "::: warning\n"
                 "Careful\n"
                 ":::\n"
                 ":::: {lang=es} ::::\n"
                 "Hola\n"
                 "::::\n",
                 "Guten|de Tag|de Hello Bonjour|fr-CA Hallo|de Careful Hola|es");

  /* Not a div: a sentence after the colons, or two colons. */
  assert_tokens ("::: This is prose\n:: two\n", "This is prose two");

  /* A stray closing fence closes nothing and is no word. */
  assert_tokens (":::\nText\n", "Text");
}

static void
test_div_nested (void)
{
  assert_tokens ("::: {lang=de}\n"
                 "Eins\n"
                 "::: note\n"
                 "Zwei\n"
                 "::: {lang=fr}\n"
                 "Trois\n"
                 ":::\n"
                 "Vier\n"
                 ":::\n"
                 "Fünf\n"
                 ":::\n"
                 "Six\n",
                 "Eins|de Zwei|de Trois|fr Vier|de Fünf|de Six");
}

static void
test_div_deep (void)
{
  g_autoptr(GString) doc = g_string_new (NULL);
  EpistleSpellScanState state;
  g_autoptr(GArray) tokens = NULL;
  g_autofree char *got = NULL;

  /* Eight divs are tracked: de, six without a lang, it.  The ninth and
   * tenth (fr) are only counted and inherit the innermost tracked lang. */
  g_string_append (doc, "::: {lang=de}\n");
  for (guint i = 1; i < EPISTLE_SPELL_SCAN_MAX_DIVS - 1; i++)
    g_string_append (doc, "::: plain\n");
  g_string_append (doc, "::: {lang=it}\nProfondo\n");
  g_string_append (doc, "::: plain\n::: {lang=fr}\nTief\n");

  tokens = scan_text (doc->str, -1, &state);
  g_assert_cmpuint (state.n_divs, ==, EPISTLE_SPELL_SCAN_MAX_DIVS + 2);

  g_string_append (doc, ":::\n:::\n:::\nWieder\n");
  for (guint i = 0; i < EPISTLE_SPELL_SCAN_MAX_DIVS - 1; i++)
    g_string_append (doc, ":::\n");
  g_string_append (doc, "Oben\n");

  g_clear_pointer (&tokens, g_array_unref);
  tokens = scan_text (doc->str, -1, &state);
  got = format_tokens (doc->str, tokens);
  g_assert_cmpstr (got, ==, "Profondo|it Tief|it Wieder|de Oben");
  g_assert_cmpuint (state.n_divs, ==, 0);
}

/* --------------------------------------------------------------------------
 * Inline constructs
 * ------------------------------------------------------------------------ */

static void
test_code_span (void)
{
  assert_tokens ("Use `misspeled code` here, and ``a ` tick`` too.\n",
                 "Use here and too");

  /* A closing run must have exactly the opening length. */
  assert_tokens ("``x` y`` `a``b` end\n", "end");
  assert_tokens ("glued`code`words\n", "glued words");

  /* An unmatched run is literal text, and spans stay on their line. */
  assert_tokens ("a ` alone stays\n", "a alone stays");
  assert_tokens ("start `open\nclose` end\n", "start open close end");
  assert_tokens ("``` fence``` and `` lone\n", "and lone");
}

static void
test_link (void)
{
  assert_tokens ("See [the manual](https://example.org/a_(b) \"Some Titel (x)\") now.\n",
                 "See the manual now");
  assert_tokens ("[Click *here*](http://example.org) or [there](<rel/pathh>).\n",
                 "Click here or there");
  assert_tokens ("Empty [link]() ok\n", "Empty link ok");

  /* Without a closing parenthesis it is no link: the URL still is a URL. */
  assert_tokens ("Unclosed [text](http://example.org continues\n",
                 "Unclosed text continues");

  /* Brackets in prose are prose. */
  assert_tokens ("Brackets [as in prose] stay, [nested [ones]] too\n",
                 "Brackets as in prose stay nested ones too");
}

static void
test_image (void)
{
  assert_tokens ("An ![alt text](img/pic_file.png \"Titel\") here.\n",
                 "An alt text here");
  /* An image inside a link. */
  assert_tokens ("[![Badge](badgee.svg)](https://ci.example.org)\n", "Badge");
}

static void
test_reference_link (void)
{
  assert_tokens ("Read [the docs][docsreff] and [more][] and [Shortcut].\n",
                 "Read the docs and more and Shortcut");
}

static void
test_reference_definition (void)
{
  assert_tokens ("[docsreff]: https://example.org/docs \"Docs Titel\"\n"
                 "   [othr]: <http://x> 'Misspeled'\n"
                 "Text\n",
                 "Text");

  /* Four spaces: not a definition. */
  assert_tokens ("    [label]: word\n", "label word");

  /* A footnote definition's text is prose; its label and the reference
   * to it are not. */
  assert_tokens ("[^notte]: The footnote text.\nA claim[^notte] here.\n",
                 "The footnote text A claim here");
}

static void
test_html_tag (void)
{
  assert_tokens ("Some <span class=\"x\">styled</span> text, <em>really</em>.\n",
                 "Some styled text really");
  assert_tokens ("<!-- a comment > with gt -->Visible <br/>done <!DOCTYPE html>\n",
                 "Visible done");

  /* A tag stays on its line: "<b" without '>' is text. */
  assert_tokens ("so a <b\nc> d\n", "so a b c d");

  /* A comment over several lines is checked: the state has no room for it. */
  assert_tokens ("<!-- open\nclose -->\n", "open close");
}

static void
test_autolink (void)
{
  assert_tokens ("Mail <jane.doe@example.org> or visit <https://example.org/Misspeled>.\n",
                 "Mail or visit");
}

static void
test_lone_angle (void)
{
  assert_tokens ("if a < b and b > c then <3 or <\n", "if a b and b c then or");
}

static void
test_span_lang (void)
{
  assert_tokens ("She said [Guten Tag]{lang=de} and [bonjour]{.fr lang=\"fr-CA\"}, "
                 "[hola]{lang='es'} and [Grüezi]{lang=\"de-CH\"} and [plain]{.smallcaps}.\n",
                 "She said Guten|de Tag|de and bonjour|fr-CA hola|es and Grüezi|de-CH and plain");

  /* A span inside a div overrides the div's lang; one without a lang
   * inherits it. */
  assert_tokens ("::: {lang=de}\nEin [mot]{lang=fr} und [Wort]{.x} hier\n:::\n",
                 "Ein|de mot|fr und|de Wort|de hier|de");

  /* A span's text may hold other constructs. */
  assert_tokens ("[Ein `code` und *Wort*]{lang=de} end\n", "Ein|de und|de Wort|de end");

  /* Only the whole key counts. */
  assert_tokens ("[Wort]{data-lang=de}\n", "Wort");
}

static void
test_attributes (void)
{
  assert_tokens ("# Title {#intro .unnumbered}\n"
                 "## Other {-}\n"
                 "Text {=html} and `x`{.rust} and set {a, b} stays\n"
                 "An image ![Pic](p.png){width=50%} here\n",
                 "Title Other Text and and set a b stays An image Pic here");
}

static void
test_emphasis (void)
{
  g_autoptr(GArray) tokens = NULL;

  assert_tokens ("*word* **bold** _it_ __strong__ ***both*** ~~gone~~ *two words* **Note:**\n",
                 "word bold it strong both gone two words Note");

  tokens = scan_text ("**bold** _it_", -1, NULL);
  g_assert_cmpuint (tokens->len, ==, 2);
  assert_token_at (tokens, 0, 2, 4, NULL);
  assert_token_at (tokens, 1, 10, 2, NULL);
}

static void
test_escape (void)
{
  /* Escaped markers open nothing. */
  assert_tokens ("Not \\`code\\` here, \\[not a link\\] and \\<b\\> too\n",
                 "Not code here not a link and b too");
}

static void
test_entity (void)
{
  assert_tokens ("Fish &amp; chips, tea&nbsp;time, it&#8217;s &#x2019; AT&T; ok\n",
                 "Fish chips tea time it s AT&T ok");
}

static void
test_block_text (void)
{
  /* Headings, quotes and list items are text; their markers are no words. */
  assert_tokens ("# Heading One\n"
                 "> Quoted words\n"
                 "> > deeper\n"
                 "- list item\n"
                 "1. numbered item\n"
                 "* star item\n"
                 "+ plus item\n"
                 "- [x] done task\n"
                 "    indented prose\n"
                 "| a | table |\n"
                 "|---|---|\n"
                 "Setext\n"
                 "======\n",
                 "Heading One Quoted words deeper list item numbered item star item "
                 "plus item x done task indented prose a table Setext");
}

/* --------------------------------------------------------------------------
 * State
 * ------------------------------------------------------------------------ */

static const char pieces_doc[] =
  "---\r\n"
  "title: Pieces of a Letter\n"
  "lang: en\n"
  "keywords:\n"
  "  - split\n"
  "...\n"
  "Intro line with `code` and [link](http://x.example).\n"
  "```python\n"
  "ignored words\n"
  "```\n"
  "::: {lang=de}\n"
  "Deutsch [français]{lang=fr}\r\n"
  "::: note\n"
  "Innen\n"
  "~~~~\n"
  ":::\n"
  "~~~~~\n"
  ":::\r"
  "Aussen\n"
  ":::\n"
  "\n"
  "End <b>bold</b> of it\r"
  "::: {lang=it}\n"
  "unclosed div";

static void
test_pieces (void)
{
  gsize length = strlen (pieces_doc);
  EpistleSpellScanState whole_state;
  g_autoptr(GArray) whole = scan_text (pieces_doc, -1, &whole_state);
  g_autoptr(GArray) starts = g_array_new (FALSE, FALSE, sizeof (gsize));
  g_autofree char *got = format_tokens (pieces_doc, whole);

  g_assert_cmpstr (got, ==,
                   "Pieces of a Letter split Intro line with and link "
                   "Deutsch|de français|fr Innen|de Aussen|de End bold of it "
                   "unclosed|it div|it");

  /* Every line start: after \n, after \r not followed by \n. */
  for (gsize i = 0; i < length; i++)
    {
      if (pieces_doc[i] == '\n' || (pieces_doc[i] == '\r' && pieces_doc[i + 1] != '\n'))
        {
          gsize start = i + 1;

          g_array_append_val (starts, start);
        }
    }
  g_assert_cmpuint (starts->len, ==, 23);

  /* Two pieces, split at each line start in turn. */
  for (guint k = 0; k < starts->len; k++)
    {
      gsize split = g_array_index (starts, gsize, k);
      g_autoptr(GArray) tokens = token_array_new ();
      EpistleSpellScanState state;

      epistle_spell_scan_state_init (&state);
      scan_into (tokens, pieces_doc, split, 0, &state);
      scan_into (tokens, pieces_doc + split, length - split, split, &state);

      g_test_message ("split at %" G_GSIZE_FORMAT, split);
      assert_same_tokens (tokens, whole);
      g_assert_true (epistle_spell_scan_state_equal (&state, &whole_state));
    }

  /* One piece per line, each with a state copied from the last. */
  {
    g_autoptr(GArray) tokens = token_array_new ();
    EpistleSpellScanState state;
    gsize from = 0;

    epistle_spell_scan_state_init (&state);
    for (guint k = 0; k <= starts->len; k++)
      {
        gsize to = k < starts->len ? g_array_index (starts, gsize, k) : length;
        EpistleSpellScanState copy = state;

        scan_into (tokens, pieces_doc + from, to - from, from, &copy);
        state = copy;
        from = to;
      }

    assert_same_tokens (tokens, whole);
    g_assert_true (epistle_spell_scan_state_equal (&state, &whole_state));
  }
}

static void
test_state_equal (void)
{
  EpistleSpellScanState a;
  EpistleSpellScanState b;
  EpistleSpellScanState c;
  g_autoptr(GArray) tokens = token_array_new ();

  epistle_spell_scan_state_init (&a);
  epistle_spell_scan_state_init (&b);
  g_assert_true (epistle_spell_scan_state_equal (&a, &b));

  /* Garbage past a lang's terminator, in langs of closed divs and in
   * fence_len outside a fence means nothing. */
  memset (&a, 0xAA, sizeof a);
  memset (&b, 0x55, sizeof b);
  a.at_start = b.at_start = FALSE;
  a.in_front_matter = b.in_front_matter = FALSE;
  a.fence_char = b.fence_char = 0;
  a.n_divs = b.n_divs = 2;
  strcpy (a.div_lang[0], "de");
  strcpy (b.div_lang[0], "de");
  a.div_lang[1][0] = b.div_lang[1][0] = '\0';
  g_assert_true (epistle_spell_scan_state_equal (&a, &b));

  c = a;
  g_assert_true (epistle_spell_scan_state_equal (&a, &c));

  strcpy (c.div_lang[0], "fr");
  g_assert_false (epistle_spell_scan_state_equal (&a, &c));
  c = a;
  strcpy (c.div_lang[1], "x");
  g_assert_false (epistle_spell_scan_state_equal (&a, &c));
  c = a;
  c.n_divs = 1;
  g_assert_false (epistle_spell_scan_state_equal (&a, &c));
  c = a;
  c.at_start = TRUE;
  g_assert_false (epistle_spell_scan_state_equal (&a, &c));
  c = a;
  c.in_front_matter = TRUE;
  g_assert_false (epistle_spell_scan_state_equal (&a, &c));
  c = a;
  c.fence_char = '~';
  c.fence_len = 3;
  b = c;
  g_assert_false (epistle_spell_scan_state_equal (&a, &c));
  g_assert_true (epistle_spell_scan_state_equal (&b, &c));
  b.fence_len = 4;
  g_assert_false (epistle_spell_scan_state_equal (&b, &c));

  /* Past the tracked divs only the count matters. */
  a.n_divs = c.n_divs = EPISTLE_SPELL_SCAN_MAX_DIVS + 3;
  c = a;
  for (guint i = 0; i < EPISTLE_SPELL_SCAN_MAX_DIVS; i++)
    {
      strcpy (a.div_lang[i], "nl");
      strcpy (c.div_lang[i], "nl");
    }
  g_assert_true (epistle_spell_scan_state_equal (&a, &c));

  /* States reached by scanning: the same lang by other attributes is the
   * same state; a closed div leaves nothing behind. */
  epistle_spell_scan_state_init (&a);
  epistle_spell_scan_state_init (&b);
  scan_into (tokens, "::: {lang=de}\n", -1, 0, &a);
  scan_into (tokens, "::: {.x lang=\"de\" #id}\n", -1, 0, &b);
  g_assert_true (epistle_spell_scan_state_equal (&a, &b));
  epistle_spell_scan_state_init (&c);
  scan_into (tokens, "::: {lang=fr}\n", -1, 0, &c);
  g_assert_false (epistle_spell_scan_state_equal (&a, &c));

  scan_into (tokens, ":::\n", -1, 0, &a);
  epistle_spell_scan_state_init (&b);
  scan_into (tokens, "Text\n", -1, 0, &b);
  g_assert_true (epistle_spell_scan_state_equal (&a, &b));
  g_assert_cmpint (memcmp (&a, &b, sizeof a), ==, 0);
}

static void
test_length_bound (void)
{
  const char text[] = "alpha beta gamma";
  g_autofree char *exact = g_memdup2 (text, strlen (text));
  g_autoptr(GArray) tokens = NULL;
  g_autofree char *got = NULL;

  /* No terminator after the buffer: the sanitizers catch an overread. */
  tokens = scan_text (exact, strlen (text), NULL);
  got = format_tokens (exact, tokens);
  g_assert_cmpstr (got, ==, "alpha beta gamma");

  g_clear_pointer (&tokens, g_array_unref);
  g_clear_pointer (&got, g_free);
  tokens = scan_text (text, 8, NULL);
  got = format_tokens (text, tokens);
  g_assert_cmpstr (got, ==, "alpha be");

  /* Constructs cut off by @length are not looked for past it. */
  g_clear_pointer (&tokens, g_array_unref);
  g_clear_pointer (&got, g_free);
  tokens = scan_text ("one `two` three", 8, NULL);
  got = format_tokens ("one `two` three", tokens);
  g_assert_cmpstr (got, ==, "one two");
}

/* A line of @unit repeated to @size bytes, then " final". */
static char *
repeat_line (const char *unit,
             gsize       size)
{
  g_autoptr(GString) line = g_string_sized_new (size + 8);

  while (line->len < size)
    g_string_append (line, unit);
  g_string_append (line, " final");

  return g_string_free (g_steal_pointer (&line), FALSE);
}

static void
test_pathological (void)
{
  static const char * const units[] = {
    "[](", "[", "]", "<a", "{", "[^a]{", "[a][b", "[a](x \"[", "<!--", "&amp",
  };
  const gsize size = 1 << 18;

  /* Lines built so that every search for a closing bracket, backtick or
   * quote runs to their end: a quadratic scan takes minutes here (and
   * times the test out), a linear one milliseconds. */
  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    {
      g_autofree char *line = repeat_line (units[i], size);
      g_autoptr(GArray) tokens = scan_text (line, -1, NULL);
      const Token *last;

      g_test_message ("unit %s", units[i]);
      g_assert_cmpuint (tokens->len, >=, 1);
      last = &g_array_index (tokens, Token, tokens->len - 1);
      g_assert_cmpuint (last->offset, ==, strlen (line) - 5);
    }

  /* Deeply nested brackets, and backtick runs of ever new lengths. */
  {
    g_autoptr(GString) line = g_string_new (NULL);
    g_autoptr(GArray) tokens = NULL;
    g_autofree char *got = NULL;

    for (gsize i = 0; i < size / 2; i++)
      g_string_append_c (line, '[');
    g_string_append (line, "deep");
    for (gsize i = 0; i < size / 2; i++)
      g_string_append_c (line, ']');

    for (gsize run = 1; line->len < 2 * size; run++)
      {
        for (gsize k = 0; k < run; k++)
          g_string_append_c (line, '`');
        g_string_append_c (line, ' ');
      }
    g_string_append (line, "final");

    tokens = scan_text (line->str, -1, NULL);
    got = format_tokens (line->str, tokens);
    g_assert_cmpstr (got, ==, "deep final");
  }
}

/* --------------------------------------------------------------------------
 * The real open letter
 * ------------------------------------------------------------------------ */

static void
test_corpus_letter (void)
{
  const char *corpus = g_getenv ("EPISTLE_CORPUS");
  const char *srcdir = g_getenv ("EPISTLE_SRCDIR");
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) tokens = NULL;
  g_autoptr(GArray) expected = token_array_new ();
  EpistleWordIter iter;
  EpistleWord word;
  gsize length;

  /* Run by hand, outside meson test: the corpus next to the checkout. */
  if (corpus != NULL)
    dir = g_strdup (corpus);
  else
    dir = g_build_filename (srcdir != NULL ? srcdir : ".", "..", "shared", "corpus", NULL);

  path = g_build_filename (dir, "open-letter.txt", NULL);
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("open-letter.txt is missing");
      return;
    }

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  /* Exactly as long as the file, so an overread shows under ASan. */
  text = g_memdup2 (contents, length);

  /* The letter is plain text: no fences, divs, code, links, tags or
   * entities, so every plain word is a token and nothing else is. */
  epistle_word_iter_init (&iter, text, length);
  while (epistle_word_iter_next (&iter, &word))
    {
      if (word.kind == EPISTLE_WORD_PLAIN)
        {
          Token token = { word.offset, word.length, NULL };

          g_array_append_val (expected, token);
        }
    }

  tokens = scan_text (text, length, NULL);
  g_assert_cmpuint (tokens->len, >, 4000);
  assert_same_tokens (tokens, expected);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/epistle/spell-scan/empty", test_empty);
  g_test_add_func ("/epistle/spell-scan/plain", test_plain);
  g_test_add_func ("/epistle/spell-scan/line-endings", test_line_endings);
  g_test_add_func ("/epistle/spell-scan/front-matter", test_front_matter);
  g_test_add_func ("/epistle/spell-scan/front-matter-skipped-keys", test_front_matter_skipped_keys);
  g_test_add_func ("/epistle/spell-scan/front-matter-list", test_front_matter_list);
  g_test_add_func ("/epistle/spell-scan/front-matter-not-first", test_front_matter_not_first);
  g_test_add_func ("/epistle/spell-scan/front-matter-lang", test_front_matter_lang);
  g_test_add_func ("/epistle/spell-scan/fenced-code", test_fenced_code);
  g_test_add_func ("/epistle/spell-scan/div", test_div);
  g_test_add_func ("/epistle/spell-scan/div-nested", test_div_nested);
  g_test_add_func ("/epistle/spell-scan/div-deep", test_div_deep);
  g_test_add_func ("/epistle/spell-scan/code-span", test_code_span);
  g_test_add_func ("/epistle/spell-scan/link", test_link);
  g_test_add_func ("/epistle/spell-scan/image", test_image);
  g_test_add_func ("/epistle/spell-scan/reference-link", test_reference_link);
  g_test_add_func ("/epistle/spell-scan/reference-definition", test_reference_definition);
  g_test_add_func ("/epistle/spell-scan/html-tag", test_html_tag);
  g_test_add_func ("/epistle/spell-scan/autolink", test_autolink);
  g_test_add_func ("/epistle/spell-scan/lone-angle", test_lone_angle);
  g_test_add_func ("/epistle/spell-scan/span-lang", test_span_lang);
  g_test_add_func ("/epistle/spell-scan/attributes", test_attributes);
  g_test_add_func ("/epistle/spell-scan/emphasis", test_emphasis);
  g_test_add_func ("/epistle/spell-scan/escape", test_escape);
  g_test_add_func ("/epistle/spell-scan/entity", test_entity);
  g_test_add_func ("/epistle/spell-scan/block-text", test_block_text);
  g_test_add_func ("/epistle/spell-scan/pieces", test_pieces);
  g_test_add_func ("/epistle/spell-scan/state-equal", test_state_equal);
  g_test_add_func ("/epistle/spell-scan/length-bound", test_length_bound);
  g_test_add_func ("/epistle/spell-scan/pathological", test_pathological);
  g_test_add_func ("/epistle/spell-scan/corpus/open-letter", test_corpus_letter);

  return g_test_run ();
}
