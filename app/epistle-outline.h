/* SPDX-License-Identifier: GPL-3.0-or-later
 * epistle-outline.h — the outline of a document: Markdown headings,
 * manuscript divisions (BOOK ONE, CHAPTER I…), and the structure of a
 * letter (title, salutation, quotations with their attribution, closing,
 * postscript), as a tree.  Incremental: an edit re-parses the lines it
 * touched, and the tree always equals a full parse of the same text. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  EPISTLE_OUTLINE_HEADING,     /* Markdown ATX or Setext heading          */
  EPISTLE_OUTLINE_BOOK,        /* BOOK ONE: 1805, Book Two                */
  EPISTLE_OUTLINE_PART,        /* PART TWO: beneath a book if one is open */
  EPISTLE_OUTLINE_CHAPTER,     /* CHAPTER I, CHAPTER 12, Chapter XII      */
  EPISTLE_OUTLINE_PROLOGUE,    /* PROLOGUE, Prologue: 1799                */
  EPISTLE_OUTLINE_EPILOGUE,    /* EPILOGUE, FIRST EPILOGUE: 1813 - 20     */
  EPISTLE_OUTLINE_TITLE,       /* a letter's title line                   */
  EPISTLE_OUTLINE_SALUTATION,  /* "Dear …,", "To …,", a name line + comma */
  EPISTLE_OUTLINE_QUOTATION,   /* a > block, paragraphs wholly in “ ”, or
                                  a quotation of 40 words or more inside a
                                  paragraph (‘Debs said, “If it had…”’)   */
  EPISTLE_OUTLINE_CLOSING,     /* "Sincerely," … with the signature       */
  EPISTLE_OUTLINE_POSTSCRIPT,  /* "P.S."                                  */
} EpistleOutlineKind;

typedef struct _EpistleOutlineItem EpistleOutlineItem;

struct _EpistleOutlineItem
{
  EpistleOutlineKind  kind;
  guint               level;       /* depth in the tree, 1 at the top       */
  guint               heading_level; /* 1–6 for headings, 0 otherwise       */
  char               *title;       /* heading text without the markup; for a
                                      quotation its attribution, else its
                                      first words                          */
  guint               line;        /* 0-based line where the item starts     */
  guint               end_line;    /* first line after its section (its
                                      subsections included).  A heading's or
                                      division's section runs to the next
                                      item of its rank or higher; a closing's
                                      or postscript's to the next item; a
                                      title's, salutation's or quotation's
                                      is its own lines (a quotation's with
                                      the attribution line after it)        */
  guint64             offset;      /* character offset of `line`'s start    */
  guint64             end_offset;  /* character offset of `end_line`'s start
                                      (or the text's length)                */
  guint64             words;       /* words of the section, subsections
                                      included, counted as epistle_text      */
  GPtrArray          *children;    /* EpistleOutlineItem*, in text order     */
  EpistleOutlineItem *parent;      /* NULL for top-level items              */
};

typedef struct _EpistleOutline EpistleOutline;

EpistleOutline *epistle_outline_new          (void);
void            epistle_outline_free         (EpistleOutline *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EpistleOutline, epistle_outline_free)

/* Parses the whole text (UTF-8; LF, CRLF or CR line ends; @length -1 for
 * NUL-terminated). */
void            epistle_outline_set_text     (EpistleOutline *self,
                                              const char     *text,
                                              gssize          length);

/* An edit: lines [@first_line, @first_line + @n_removed) of the text as it
 * was are replaced by the lines of @text (which holds whole lines: the
 * content of the new lines, separated by line ends, without a final line
 * end; "" is one empty line).  The last new line keeps the line end of the
 * last replaced one.  With @n_removed 0 the lines are inserted before
 * @first_line, or after the last line when @first_line is the number of
 * lines, with LF line ends.  Re-parses only what the edit can change
 * (the lines themselves, a Setext underline's paragraph, everything a
 * fence opened or closed affects) and brings the tree up to date.  Item
 * pointers from before the call are invalid afterwards. */
void            epistle_outline_replace_lines (EpistleOutline *self,
                                               guint           first_line,
                                               guint           n_removed,
                                               const char     *text,
                                               gssize          length);

guint           epistle_outline_get_n_lines  (EpistleOutline *self);
/* The top-level items, in text order (EpistleOutlineItem*). */
GPtrArray      *epistle_outline_get_items    (EpistleOutline *self);
/* How many items there are, at every depth. */
guint           epistle_outline_get_n_items  (EpistleOutline *self);

/* The innermost item whose section holds @line, or NULL when none does
 * (before the first item, or in a letter between its items' own lines). */
EpistleOutlineItem *epistle_outline_item_at_line (EpistleOutline *self,
                                                  guint           line);

/* TRUE when two outlines have the same items (kind, levels, title, lines,
 * offsets, words) in the same tree shape: incremental == full parse. */
gboolean        epistle_outline_equal        (EpistleOutline *a,
                                              EpistleOutline *b);

/* "chapter", "quotation", … (the JSON "kind" values). */
const char     *epistle_outline_kind_to_string (EpistleOutlineKind kind);

/* `epistle-cli outline`: indented text, one item a line: two spaces per
 * level below the top, then "TITLE (KIND, line LINE, WORDS words)" with
 * the 1-based line (not translated: scripts read it); or JSON: an array
 * of objects with kind, level, title, line (1-based), words, children. */
char           *epistle_outline_to_text      (EpistleOutline *self);
char           *epistle_outline_to_json      (EpistleOutline *self);

G_END_DECLS
