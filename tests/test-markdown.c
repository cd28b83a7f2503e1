/* SPDX-License-Identifier: GPL-3.0-or-later
 * test-markdown.c — Epistle's Markdown highlighting
 * (resources/language-specs/epistle-markdown.lang) on a letter that uses
 * what writers use: each construct is recognised, and what only looks like
 * one (arithmetic, snake_case, an indented paragraph, a "#" in code) is
 * left alone. */

#include "config.h"

#include <string.h>

#include "epistle-application.h"
#include "epistle-document.h"

static const char letter[] =
  "---\n"
  "title: A letter to the editor\n"
  "date: 2026-11-27\n"
  "---\n"
  "\n"
  "# To the Editor\n"
  "\n"
  "Dear _Editor_,\n"
  "\n"
  "I read **your piece** with care, and *one* point in it, the 2 * 3 * 4 sum, "
  "needs a word. The file_name_here stays as it is.\n"
  "\n"
  "> It is a truth universally acknowledged.\n"
  "> — Jane Austen, *Pride and Prejudice*\n"
  "\n"
  "- first point\n"
  "- second point, see [the report](https://example.org/report \"Report\") and <https://example.org/plain>.\n"
  "1. numbered point\n"
  "\n"
  "Use `git log` to read it, or ``a `tick` inside``.\n"
  "\n"
  "    An indented paragraph, as manuscripts have them.\n"
  "\n"
  "```sh\n"
  "echo \"# not a heading\"\n"
  "```\n"
  "\n"
  "* * *\n"
  "\n"
  "Yours, with a footnote[^1] and ~~struck~~ words. Visit https://epistle.example/page, then \\*stars\\*.\n"
  "\n"
  "<!-- a note to self -->\n"
  "\n"
  "Second Part\n"
  "===========\n"
  "\n"
  "[^1]: The footnote.\n"
  "[ref]: https://example.org/ref\n";

typedef struct {
  EpistleDocument *document;
  GtkSourceBuffer *buffer;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GFile) file = g_file_new_for_path ("/nonexistent/letter.md");
  GtkTextIter start, end;

  f->document = epistle_document_new ();
  f->buffer = epistle_document_get_buffer (f->document);
  epistle_document_set_file (f->document, file);
  gtk_text_buffer_set_text (GTK_TEXT_BUFFER (f->buffer), letter, -1);
  gtk_text_buffer_get_bounds (GTK_TEXT_BUFFER (f->buffer), &start, &end);
  gtk_source_buffer_ensure_highlight (f->buffer, &start, &end);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->document);
}

/* The iter at the start of @needle (its first occurrence), plus @shift. */
static void
iter_at (Fixture     *f,
         const char  *needle,
         int          shift,
         GtkTextIter *iter)
{
  const char *at = strstr (letter, needle);

  g_assert_nonnull (at);
  gtk_text_buffer_get_iter_at_offset (GTK_TEXT_BUFFER (f->buffer), iter,
                                      (int) g_utf8_pointer_to_offset (letter, at) + shift);
}

/* Whether the characters of @needle from @shift for @length all carry
 * @class (or, with @expected FALSE, none of them does). */
static void
assert_class (Fixture    *f,
              const char *needle,
              int         shift,
              int         length,
              const char *class,
              gboolean    expected)
{
  GtkTextIter iter;

  iter_at (f, needle, shift, &iter);
  for (int i = 0; i < length; i++, gtk_text_iter_forward_char (&iter))
    if (gtk_source_buffer_iter_has_context_class (f->buffer, &iter, class) != expected)
      g_error ("'%s' at %d: %s %s", needle, shift + i, expected ? "lacks" : "has", class);
}

#define HAS(needle, class)          assert_class (f, needle, 0, (int) g_utf8_strlen (needle, -1), class, TRUE)
#define LACKS(needle, class)        assert_class (f, needle, 0, (int) g_utf8_strlen (needle, -1), class, FALSE)

static void
test_language (Fixture       *f,
               gconstpointer  data)
{
  GtkSourceLanguage *language = gtk_source_buffer_get_language (f->buffer);
  g_autoptr(GFile) plain = g_file_new_for_path ("/nonexistent/letter.txt");

  g_assert_nonnull (language);
  g_assert_cmpstr (gtk_source_language_get_id (language), ==, "epistle-markdown");
  g_assert_cmpstr (gtk_source_language_get_name (language), ==, "Markdown");
  /* Its styles reach Adwaita's colours through def: styles alone. */
  g_assert_cmpstr (gtk_source_language_get_style_fallback (language, "epistle-markdown:heading"), ==, "def:heading");

  /* Plain text on purpose: no highlighting. */
  epistle_document_set_file (f->document, plain);
  g_assert_null (gtk_source_buffer_get_language (f->buffer));
}

static void
test_blocks (Fixture       *f,
             gconstpointer  data)
{
  /* Front matter, on the first line only. */
  HAS ("title: A letter", "epistle-front-matter");
  HAS ("date: 2026-11-27\n---", "epistle-front-matter");
  LACKS ("# To the Editor", "epistle-front-matter");

  HAS ("# To the Editor", "epistle-heading");
  LACKS ("Dear", "epistle-heading");
  HAS ("===========", "epistle-heading");

  /* The quotation's marks, not its words. */
  assert_class (f, "> It is", 0, 1, "epistle-quote-marker", TRUE);
  LACKS ("It is a truth", "epistle-quote-marker");
  assert_class (f, "> — Jane", 0, 1, "epistle-quote-marker", TRUE);

  assert_class (f, "- first point", 0, 1, "epistle-list-marker", TRUE);
  LACKS ("first point", "epistle-list-marker");
  assert_class (f, "1. numbered", 0, 2, "epistle-list-marker", TRUE);
  /* A dash inside a sentence is no list. */
  LACKS ("second point, see", "epistle-list-marker");

  /* A fenced block is code, headings and all; an indented paragraph is
   * not code. */
  HAS ("echo \"# not a heading\"", "epistle-code-block");
  LACKS ("echo \"# not a heading\"", "epistle-heading");
  HAS ("```sh", "epistle-code-block");
  LACKS ("An indented paragraph", "epistle-code-block");
  LACKS ("* * *\n\nYours", "epistle-code-block");

  HAS ("* * *", "epistle-rule");
  LACKS ("* * *", "epistle-emphasis");
  LACKS ("* * *", "epistle-list-marker");

  HAS ("<!-- a note to self -->", "epistle-comment");
  HAS ("a note to self", "no-spell-check");
}

static void
test_inline (Fixture       *f,
             gconstpointer  data)
{
  HAS ("_Editor_", "epistle-emphasis");
  LACKS ("Dear ", "epistle-emphasis");
  HAS ("**your piece**", "epistle-strong");
  LACKS (" with care", "epistle-strong");
  HAS ("*one*", "epistle-emphasis");
  /* Arithmetic and snake_case are not emphasis. */
  LACKS ("2 * 3 * 4", "epistle-emphasis");
  LACKS ("file_name_here", "epistle-emphasis");
  HAS ("*Pride and Prejudice*", "epistle-emphasis");

  HAS ("`git log`", "epistle-code-span");
  HAS ("`git log`", "no-spell-check");
  LACKS (" to read it", "epistle-code-span");
  HAS ("``a `tick` inside``", "epistle-code-span");

  HAS ("[the report](https://example.org/report \"Report\")", "epistle-link");
  HAS ("https://example.org/report", "no-spell-check");
  LACKS ("the report", "no-spell-check");
  HAS ("<https://example.org/plain>", "epistle-address");
  /* A bare address ends before the comma that ends the clause. */
  HAS ("https://epistle.example/page", "epistle-address");
  LACKS (", then", "epistle-address");

  assert_class (f, "[^1] and", 0, 4, "epistle-footnote", TRUE);
  HAS ("~~struck~~", "epistle-strikethrough");
  LACKS (" words", "epistle-strikethrough");

  /* Escaped stars are no emphasis. */
  HAS ("\\*", "epistle-escape");
  LACKS ("stars", "epistle-emphasis");

  HAS ("[ref]: https://example.org/ref", "epistle-link-definition");
}

/* Typing into a fenced block's closing line ends it there, and the text
 * after it is prose again; deleting it again makes the rest code. */
static void
test_fence_edit (Fixture       *f,
                 gconstpointer  data)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (f->buffer);
  GtkTextIter iter, start, end;

  iter_at (f, "```\n\n* * *", 0, &iter);
  /* Remove the closing fence: everything after it becomes code. */
  {
    GtkTextIter fence_end = iter;

    gtk_text_iter_forward_chars (&fence_end, 4);
    gtk_text_buffer_delete (buffer, &iter, &fence_end);
  }
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_source_buffer_ensure_highlight (f->buffer, &start, &end);
  iter_at (f, "Yours, with", -4, &iter);
  g_assert_true (gtk_source_buffer_iter_has_context_class (f->buffer, &iter, "epistle-code-block"));

  /* And back. */
  iter_at (f, "```\n\n* * *", 0, &iter);
  gtk_text_buffer_insert (buffer, &iter, "```\n", -1);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_source_buffer_ensure_highlight (f->buffer, &start, &end);
  iter_at (f, "Yours, with", 0, &iter);
  g_assert_false (gtk_source_buffer_iter_has_context_class (f->buffer, &iter, "epistle-code-block"));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  gtk_source_init ();
  epistle_ui_register_resources ();

  g_test_add ("/epistle/markdown/language", Fixture, NULL, fixture_set_up, test_language, fixture_tear_down);
  g_test_add ("/epistle/markdown/blocks", Fixture, NULL, fixture_set_up, test_blocks, fixture_tear_down);
  g_test_add ("/epistle/markdown/inline", Fixture, NULL, fixture_set_up, test_inline, fixture_tear_down);
  g_test_add ("/epistle/markdown/fence-edit", Fixture, NULL, fixture_set_up, test_fence_edit, fixture_tear_down);
  return g_test_run ();
}
