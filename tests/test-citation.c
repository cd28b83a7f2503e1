/* SPDX-License-Identifier: GPL-3.0-or-later
 * test-citation.c — formatting quotations for the letter: every style, in
 * Markdown and plain text, with sources the open letter quotes (Luxemburg's
 * The Russian Revolution, 1918; Trotsky's Transitional Program, 1938; the
 * Communist Manifesto, 1848). Locators here are test data. */

#include "config.h"

#include "epistle-citation.h"

#define LUXEMBURG \
  "{\"type\":\"book\",\"title\":\"The Russian Revolution\"," \
  "\"author\":[{\"family\":\"Luxemburg\",\"given\":\"Rosa\"}],\"issued\":{\"date-parts\":[[1918]]}}"
#define FREEDOM \
  "Freedom only for the supporters of the government, only for the members of one party – " \
  "however numerous they may be – is no freedom at all."

static char *
format (const char          *text,
        const char          *csl,
        const char          *locator,
        const char          *label,
        EpistleCitationStyle style,
        gboolean             plain)
{
  EpistleCitationQuote quote = { text, csl, locator, label };

  return epistle_citation_format (&quote, style, plain, 1);
}

static void
test_block (void)
{
  g_autofree char *md = format (FREEDOM, LUXEMBURG, "69", "page", EPISTLE_CITATION_BLOCK, FALSE);
  g_autofree char *txt = format (FREEDOM, LUXEMBURG, "69", "page", EPISTLE_CITATION_BLOCK, TRUE);

  g_assert_cmpstr (md, ==, "> " FREEDOM "\n> — Rosa Luxemburg, *The Russian Revolution* (1918), p. 69\n");
  g_assert_cmpstr (txt, ==, "    " FREEDOM "\n    — Rosa Luxemburg, The Russian Revolution (1918), p. 69\n");
}

static void
test_block_paragraphs (void)
{
  g_autofree char *md = format ("First paragraph,\nwrapped.\r\n\r\nSecond one.\n\n\n", LUXEMBURG, NULL, NULL,
                                EPISTLE_CITATION_BLOCK, FALSE);
  g_autofree char *txt = format ("First.\n\nSecond.", LUXEMBURG, NULL, NULL, EPISTLE_CITATION_BLOCK, TRUE);

  g_assert_cmpstr (md, ==, "> First paragraph,\n> wrapped.\n>\n> Second one.\n> — Rosa Luxemburg, *The Russian Revolution* (1918)\n");
  g_assert_cmpstr (txt, ==, "    First.\n\n    Second.\n    — Rosa Luxemburg, The Russian Revolution (1918)\n");
}

static void
test_inline (void)
{
  g_autofree char *plain = format (FREEDOM, LUXEMBURG, "69", "page", EPISTLE_CITATION_INLINE, FALSE);
  g_autofree char *nested = format ("the so-called “dictatorship\nof the proletariat” and \"more\"", LUXEMBURG, "12-14", NULL,
                                    EPISTLE_CITATION_INLINE, FALSE);

  g_assert_cmpstr (plain, ==, "“" FREEDOM "” (Luxemburg 1918, p. 69)");
  /* Inner double quotes become single; line breaks become spaces; a page
   * range takes pp. and an en dash. */
  g_assert_cmpstr (nested, ==, "“the so-called ‘dictatorship of the proletariat’ and ‘more’” (Luxemburg 1918, pp. 12–14)");
}

static void
test_pandoc (void)
{
  g_autofree char *md = format (FREEDOM, LUXEMBURG, "69", "page", EPISTLE_CITATION_PANDOC, FALSE);
  g_autofree char *keyed = format ("Text.", "{\"id\":\"rl-revolution\",\"type\":\"book\",\"title\":\"T\"}", NULL, NULL,
                                   EPISTLE_CITATION_PANDOC, FALSE);
  g_autofree char *txt = format (FREEDOM, LUXEMBURG, "69", "page", EPISTLE_CITATION_PANDOC, TRUE);

  g_assert_cmpstr (md, ==, "> " FREEDOM "\n\n[@luxemburg1918, p. 69]\n");
  g_assert_cmpstr (keyed, ==, "> Text.\n\n[@rl-revolution]\n");
  /* No Pandoc in a .txt: a plain block. */
  g_assert_cmpstr (txt, ==, "    " FREEDOM "\n    — Rosa Luxemburg, The Russian Revolution (1918), p. 69\n");
}

static void
test_footnote (void)
{
  g_autofree char *md = format (FREEDOM, LUXEMBURG, "69", "page", EPISTLE_CITATION_FOOTNOTE, FALSE);
  g_autofree char *txt = format (FREEDOM, LUXEMBURG, "69", "page", EPISTLE_CITATION_FOOTNOTE, TRUE);

  g_assert_cmpstr (md, ==, "> " FREEDOM "[^1]\n\n[^1]: Rosa Luxemburg, *The Russian Revolution* (1918), p. 69.\n");
  g_assert_cmpstr (txt, ==, "    " FREEDOM "[1]\n\n[1] Rosa Luxemburg, The Russian Revolution (1918), p. 69.\n");
}

static void
test_sources (void)
{
  static const struct {
    const char *csl;
    const char *locator;
    const char *label;
    const char *attribution;
    const char *reference;
  } cases[] = {
    /* A chapter: its title in quotes, the book in italics. */
    { "{\"type\":\"chapter\",\"title\":\"The USSR and Problems of the Transitional Epoch\","
      "\"container-title\":\"The Death Agony of Capitalism and the Tasks of the Fourth International\","
      "\"author\":[{\"family\":\"Trotsky\",\"given\":\"Leon\"}],\"issued\":{\"date-parts\":[[\"1938\"]]}}",
      NULL, NULL,
      "Leon Trotsky, “The USSR and Problems of the Transitional Epoch”, "
      "*The Death Agony of Capitalism and the Tasks of the Fourth International* (1938)",
      "(Trotsky 1938)" },
    /* Two authors; a date from "raw". */
    { "{\"type\":\"book\",\"title\":\"Manifesto of the Communist Party\",\"author\":["
      "{\"family\":\"Marx\",\"given\":\"Karl\"},{\"family\":\"Engels\",\"given\":\"Friedrich\"}],"
      "\"issued\":{\"raw\":\"February 1848\"}}",
      "2", "chapter",
      "Karl Marx and Friedrich Engels, *Manifesto of the Communist Party* (1848), ch. 2",
      "(Marx and Engels 1848, ch. 2)" },
    /* Three: et al. in references; particles; a literal name. */
    { "{\"type\":\"book\",\"title\":\"Letters\",\"author\":[{\"family\":\"Beethoven\",\"given\":\"Ludwig\","
      "\"non-dropping-particle\":\"van\"},{\"literal\":\"Anonymous\"},{\"family\":\"Smith\"}]}",
      "1520", "location",
      "Ludwig van Beethoven, Anonymous and Smith, *Letters*, loc. 1520",
      "(van Beethoven et al., loc. 1520)" },
    /* No author: the title stands in. No source at all: the text alone. */
    { "{\"type\":\"webpage\",\"title\":\"On Drafts\",\"issued\":{\"date-parts\":[[2020,5]]}}",
      NULL, NULL, "“On Drafts” (2020)", "(On Drafts 2020)" },
    { NULL, "4", NULL, "p. 4", "(p. 4)" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      EpistleCitationQuote quote = { "Words.", cases[i].csl, cases[i].locator, cases[i].label };
      g_autofree char *attribution = epistle_citation_attribution (&quote, FALSE);
      g_autofree char *inline_form = epistle_citation_format (&quote, EPISTLE_CITATION_INLINE, FALSE, 1);
      g_autofree char *expected = g_strdup_printf ("“Words.” %s", cases[i].reference);

      g_assert_cmpstr (attribution, ==, cases[i].attribution);
      g_assert_cmpstr (inline_form, ==, expected);
    }
}

static void
test_broken_source (void)
{
  /* Not JSON, or JSON of the wrong shape: the quotation still goes in. */
  g_autofree char *a = format ("Words.", "{not json", NULL, NULL, EPISTLE_CITATION_BLOCK, FALSE);
  g_autofree char *b = format ("Words.", "[1,2]", NULL, NULL, EPISTLE_CITATION_INLINE, FALSE);
  g_autofree char *c = format ("Words.", "{\"author\":\"Luxemburg\",\"issued\":{\"date-parts\":\"x\"}}", NULL, NULL,
                               EPISTLE_CITATION_BLOCK, FALSE);

  g_assert_cmpstr (a, ==, "> Words.\n");
  g_assert_cmpstr (b, ==, "“Words.”");
  g_assert_cmpstr (c, ==, "> Words.\n");
}

static void
test_default_style (void)
{
  g_assert_cmpint (epistle_citation_default_style ("A short line.", 40), ==, EPISTLE_CITATION_INLINE);
  g_assert_cmpint (epistle_citation_default_style (FREEDOM, 20), ==, EPISTLE_CITATION_BLOCK);
  g_assert_cmpint (epistle_citation_default_style (FREEDOM, 40), ==, EPISTLE_CITATION_INLINE);
  g_assert_cmpint (epistle_citation_default_style ("One.\n\nTwo.", 40), ==, EPISTLE_CITATION_BLOCK);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/citation/block", test_block);
  g_test_add_func ("/citation/block-paragraphs", test_block_paragraphs);
  g_test_add_func ("/citation/inline", test_inline);
  g_test_add_func ("/citation/pandoc", test_pandoc);
  g_test_add_func ("/citation/footnote", test_footnote);
  g_test_add_func ("/citation/sources", test_sources);
  g_test_add_func ("/citation/broken-source", test_broken_source);
  g_test_add_func ("/citation/default-style", test_default_style);
  return g_test_run ();
}
