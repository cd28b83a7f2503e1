/* SPDX-License-Identifier: GPL-3.0-or-later
 * epistle-import-zotero.c — reads the highlights, underlines and notes of
 * Zotero's reader from a copy of zotero.sqlite (Zotero 6 or newer), each
 * with its page label, its tags and its item's metadata as a CSL-JSON source.
 *
 * The database has no lines, so the "line" of every quote and of every
 * skipped entry is the annotation's itemID (itemAnnotations.itemID).
 *
 * What is imported, and what is not:
 *  - highlights (type 1) and underlines (5) with text become quotes; their
 *    comment is the note, their page label the "page" locator;
 *  - a note annotation (2) is a comment pinned beside the text: it is added
 *    to the note of the highlight or underline it sits by — on the same
 *    attachment, with the same page label (or, without page labels, in the
 *    same section), the one nearest to it (by the last part of the
 *    sortIndex: the height on a PDF page, the character offset in an EPUB).
 *    With no such highlight, or two equally near, it is skipped, reported;
 *  - images (3), drawings (4) and text boxes (6) quote nothing: reported;
 *  - annotations in Zotero's trash (the annotation, its attachment or its
 *    item in deletedItems) are reported rather than dropped silently, so
 *    that the count of the report matches what Zotero shows in the trash;
 *  - the source is the attachment's parent item; an attachment without a
 *    parent is its own source (a "document" with the attachment's title). */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "epistle-import-private.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

/* itemAnnotations.type */
enum {
  ANNOTATION_HIGHLIGHT = 1,
  ANNOTATION_NOTE      = 2,
  ANNOTATION_IMAGE     = 3,
  ANNOTATION_INK       = 4,
  ANNOTATION_UNDERLINE = 5,
  ANNOTATION_TEXT      = 6,
};

/* A note nearer than no highlight: when a note can be compared with none
 * of the highlights of its page (sort indexes of different shapes). */
#define FAR G_MAXINT64

typedef struct {
  const char *zotero;
  const char *csl;
} Mapping;

/* Zotero item types that have a CSL type of their own; others are
 * "document". */
static const Mapping item_types[] = {
  { "journalArticle",      "article-journal" },
  { "book",                "book" },
  { "bookSection",         "chapter" },
  { "webpage",             "webpage" },
  { "report",              "report" },
  { "thesis",              "thesis" },
  { "newspaperArticle",    "article-newspaper" },
  { "magazineArticle",     "article-magazine" },
  { "conferencePaper",     "paper-conference" },
  { "encyclopediaArticle", "entry-encyclopedia" },
  { "dictionaryEntry",     "entry-dictionary" },
  { "blogPost",            "post-weblog" },
};

/* Text fields.  Zotero stores a type's own name of a base field (an
 * item's "bookTitle" is its "publicationTitle"), so several map to one
 * CSL variable; an item has only one of them. */
static const Mapping text_fields[] = {
  { "title",             "title" },
  { "caseName",          "title" },
  { "nameOfAct",         "title" },
  { "subject",           "title" },
  { "shortTitle",        "title-short" },
  { "publicationTitle",  "container-title" },
  { "bookTitle",         "container-title" },
  { "proceedingsTitle",  "container-title" },
  { "websiteTitle",      "container-title" },
  { "blogTitle",         "container-title" },
  { "forumTitle",        "container-title" },
  { "encyclopediaTitle", "container-title" },
  { "dictionaryTitle",   "container-title" },
  { "programTitle",      "container-title" },
  { "publisher",         "publisher" },
  { "university",        "publisher" },
  { "institution",       "publisher" },
  { "company",           "publisher" },
  { "label",             "publisher" },
  { "distributor",       "publisher" },
  { "studio",            "publisher" },
  { "network",           "publisher" },
  { "place",             "publisher-place" },
  { "url",               "URL" },
  { "pages",             "page" },
  { "DOI",               "DOI" },
  { "ISBN",              "ISBN" },
  { "ISSN",              "ISSN" },
  { "volume",            "volume" },
  { "issue",             "issue" },
  { "edition",           "edition" },
  { "language",          "language" },
};

/* CSL name variables, in the order they are written. */
static const char * const name_variables[] = {
  "author", "editor", "translator", "container-author", "collection-editor",
  "reviewed-author", "director", "interviewer", "recipient", "composer",
  "performer", "producer", "script-writer", "guest", "contributor",
};

/* Zotero creator types; the main creator of each item type that has no
 * CSL variable of its own (an artwork's artist, a program's programmer…)
 * is its author, and any other is a contributor. */
static const Mapping creator_types[] = {
  { "author",         "author" },
  { "editor",         "editor" },
  { "translator",     "translator" },
  { "bookAuthor",     "container-author" },
  { "seriesEditor",   "collection-editor" },
  { "reviewedAuthor", "reviewed-author" },
  { "director",       "director" },
  { "interviewer",    "interviewer" },
  { "recipient",      "recipient" },
  { "composer",       "composer" },
  { "performer",      "performer" },
  { "castMember",     "performer" },
  { "producer",       "producer" },
  { "scriptwriter",   "script-writer" },
  { "guest",          "guest" },
  { "contributor",    "contributor" },
  { "artist",         "author" },
  { "cartographer",   "author" },
  { "interviewee",    "author" },
  { "inventor",       "author" },
  { "podcaster",      "author" },
  { "presenter",      "author" },
  { "programmer",     "author" },
  { "sponsor",        "author" },
};

/* The tables read; without them the file is not a Zotero 6+ database. */
static const char * const zotero_tables[] = {
  "items", "itemTypes", "fields", "itemData", "itemDataValues", "creators",
  "itemCreators", "creatorTypes", "itemAttachments", "tags", "itemTags",
  "deletedItems", NULL
};

typedef struct {
  gint64    id;
  gint64    attachment;
  gint64    source_item;   /* the attachment's parent, or the attachment */
  int       type;
  char     *text;
  char     *comment;
  char     *page_label;    /* "" when none */
  char     *sort_index;
  gint64    created;
  gboolean  deleted;
  gboolean  valid;         /* text and comment are UTF-8 */
  GString  *notes;         /* comments of the notes attached to it */
} Annotation;

static void
annotation_free (gpointer data)
{
  Annotation *annotation = data;

  g_free (annotation->text);
  g_free (annotation->comment);
  g_free (annotation->page_label);
  g_free (annotation->sort_index);
  if (annotation->notes != NULL)
    g_string_free (annotation->notes, TRUE);
  g_free (annotation);
}

typedef struct {
  sqlite3      *db;
  sqlite3_stmt *item;        /* key, type of an item */
  sqlite3_stmt *fields;      /* its fields */
  sqlite3_stmt *creators;    /* its creators */
  sqlite3_stmt *path;        /* an attachment's file */
  sqlite3_stmt *tags;        /* an annotation's tags */
  GHashTable   *sources;     /* item id → CSL-JSON, or NULL: no such item */
  int           rc;          /* the first error while reading, or SQLITE_OK */
  char         *message;     /* and what SQLite said about it */
} Reader;

static void
reader_clear (Reader *reader)
{
  g_clear_pointer (&reader->item, sqlite3_finalize);
  g_clear_pointer (&reader->fields, sqlite3_finalize);
  g_clear_pointer (&reader->creators, sqlite3_finalize);
  g_clear_pointer (&reader->path, sqlite3_finalize);
  g_clear_pointer (&reader->tags, sqlite3_finalize);
  g_clear_pointer (&reader->sources, g_hash_table_unref);
  g_clear_pointer (&reader->db, sqlite3_close);
  g_clear_pointer (&reader->message, g_free);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Reader, reader_clear)

/* Steps @stmt; FALSE when there is no row, remembering an error. */
static gboolean
reader_step (Reader       *reader,
             sqlite3_stmt *stmt)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    return TRUE;
  if (rc != SQLITE_DONE && reader->rc == SQLITE_OK)
    {
      reader->rc = rc;
      reader->message = g_strdup (sqlite3_errmsg (reader->db));
    }
  return FALSE;
}

static const char *
lookup (const Mapping *map,
        gsize          n,
        const char    *zotero)
{
  for (gsize i = 0; i < n; i++)
    if (g_str_equal (map[i].zotero, zotero))
      return map[i].csl;
  return NULL;
}

/* Metadata as text: valid UTF-8, trimmed; NULL when empty. */
static char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);
  int length = sqlite3_column_bytes (stmt, column);
  g_autofree char *valid = NULL;

  if (text == NULL)
    return NULL;
  valid = g_utf8_make_valid (text, length);
  g_strstrip (valid);
  return *valid != '\0' ? g_steal_pointer (&valid) : NULL;
}

/* Annotation text as the user wrote it; *valid is FALSE if not UTF-8. */
static char *
column_raw_text (sqlite3_stmt *stmt,
                 int           column,
                 gboolean     *valid)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);
  int length = sqlite3_column_bytes (stmt, column);

  if (text == NULL)
    return NULL;
  if (!g_utf8_validate_len (text, length, NULL))
    {
      *valid = FALSE;
      return NULL;
    }
  return _epistle_import_strip (text, length);
}

static gboolean
is_digits (const char *p,
           gsize       n)
{
  for (gsize i = 0; i < n; i++)
    if (!g_ascii_isdigit (p[i]))
      return FALSE;
  return TRUE;
}

/* Zotero's dates are "YYYY-MM-DD what the user typed" ("2011-03-00 March
 * 2011"), with zeros for the parts it could not make out ("0000-00-00
 * Spring"); otherwise, and in a date put there by other means, the first
 * four-digit number of the text is taken as its year. */
static JsonNode *
date_node (const char *date)
{
  const char *text = date;

  if (strlen (date) >= 10 && is_digits (date, 4) && date[4] == '-' &&
      is_digits (date + 5, 2) && date[7] == '-' && is_digits (date + 8, 2) &&
      (date[10] == '\0' || date[10] == ' '))
    {
      int year = (int) g_ascii_strtoll (date, NULL, 10);
      int month = (int) g_ascii_strtoll (date + 5, NULL, 10);
      int day = (int) g_ascii_strtoll (date + 8, NULL, 10);

      if (year > 0)
        return _epistle_import_date_node (year, month, month >= 1 ? day : 0);
      text = date + 10;
    }

  for (const char *p = text; *p != '\0'; p++)
    if (is_digits (p, 4) && (p == text || !g_ascii_isdigit (p[-1])) && !g_ascii_isdigit (p[4]))
      return _epistle_import_date_node ((int) g_ascii_strtoll (p, NULL, 10), 0, 0);
  return NULL;
}

/* "YYYY-MM-DD HH:MM:SS", in UTC, as Zotero writes dateAdded; 0 if not. */
static gint64
parse_timestamp (const char *text)
{
  g_autoptr(GDateTime) when = NULL;

  if (text == NULL || strlen (text) < 19 ||
      !is_digits (text, 4) || text[4] != '-' || !is_digits (text + 5, 2) || text[7] != '-' ||
      !is_digits (text + 8, 2) || text[10] != ' ' || !is_digits (text + 11, 2) || text[13] != ':' ||
      !is_digits (text + 14, 2) || text[16] != ':' || !is_digits (text + 17, 2))
    return 0;
  when = g_date_time_new_utc ((int) g_ascii_strtoll (text, NULL, 10),
                              (int) g_ascii_strtoll (text + 5, NULL, 10),
                              (int) g_ascii_strtoll (text + 8, NULL, 10),
                              (int) g_ascii_strtoll (text + 11, NULL, 10),
                              (int) g_ascii_strtoll (text + 14, NULL, 10),
                              (double) g_ascii_strtoll (text + 17, NULL, 10));
  return when != NULL ? g_date_time_to_unix (when) : 0;
}

/* Better BibTeX (and Zotero's own CSL export) read a "Citation Key: X"
 * line of the Extra field as the item's citation key. */
static char *
extra_citation_key (const char *extra)
{
  g_auto(GStrv) lines = g_strsplit (extra, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);

      if (g_ascii_strncasecmp (line, "Citation Key:", 13) == 0)
        {
          char *key = g_strstrip (line + 13);

          if (*key != '\0')
            return g_strdup (key);
        }
    }
  return NULL;
}

/* A creator as a CSL name: a single-field name (fieldMode 1: an
 * institution, "Plato") is a literal. */
static JsonObject *
creator_name (sqlite3_stmt *stmt)
{
  g_autofree char *first = column_text (stmt, 0);
  g_autofree char *last = column_text (stmt, 1);
  JsonObject *name;

  if (first == NULL && last == NULL)
    return NULL;
  name = json_object_new ();
  if (sqlite3_column_int (stmt, 2) == 1)
    {
      g_autofree char *whole = first != NULL && last != NULL
        ? g_strdup_printf ("%s %s", first, last) : g_strdup (last != NULL ? last : first);

      json_object_set_string_member (name, "literal", whole);
    }
  else if (last == NULL)
    json_object_set_string_member (name, "family", first);
  else
    {
      json_object_set_string_member (name, "family", last);
      if (first != NULL)
        json_object_set_string_member (name, "given", first);
    }
  return name;
}

static void
add_creators (Reader     *reader,
              JsonObject *item,
              gint64      item_id)
{
  JsonArray *names[G_N_ELEMENTS (name_variables)] = { NULL, };

  sqlite3_reset (reader->creators);
  sqlite3_bind_int64 (reader->creators, 1, item_id);
  while (reader_step (reader, reader->creators))
    {
      g_autofree char *type = column_text (reader->creators, 3);
      const char *variable = type != NULL ? lookup (creator_types, G_N_ELEMENTS (creator_types), type) : "author";
      JsonObject *name = creator_name (reader->creators);

      if (name == NULL)
        continue;
      if (variable == NULL)
        variable = "contributor";
      for (guint v = 0; v < G_N_ELEMENTS (name_variables); v++)
        if (g_str_equal (name_variables[v], variable))
          {
            if (names[v] == NULL)
              names[v] = json_array_new ();
            json_array_add_object_element (names[v], name);
            name = NULL;
            break;
          }
      g_clear_pointer (&name, json_object_unref);
    }

  for (guint v = 0; v < G_N_ELEMENTS (name_variables); v++)
    if (names[v] != NULL)
      json_object_set_array_member (item, name_variables[v], names[v]);
}

/* "storage:Letter.pdf" → "Letter.pdf": an untitled attachment's name. */
static char *
attachment_file_name (Reader *reader,
                      gint64  item_id)
{
  g_autofree char *path = NULL;
  const char *colon;

  sqlite3_reset (reader->path);
  sqlite3_bind_int64 (reader->path, 1, item_id);
  if (!reader_step (reader, reader->path) || (path = column_text (reader->path, 0)) == NULL)
    return NULL;
  colon = g_str_has_prefix (path, "storage:") || g_str_has_prefix (path, "attachments:")
    ? strchr (path, ':') + 1 : path;
  return g_path_get_basename (colon);
}

/* The item as a CSL-JSON item; NULL when there is no such item. */
static char *
build_source (Reader *reader,
              gint64  item_id)
{
  g_autoptr(JsonObject) item = json_object_new ();
  g_autofree char *key = NULL;
  g_autofree char *type = NULL;
  g_autofree char *date = NULL;
  g_autofree char *accessed = NULL;
  g_autofree char *citation_key = NULL;
  const char *csl_type;

  sqlite3_reset (reader->item);
  sqlite3_bind_int64 (reader->item, 1, item_id);
  if (!reader_step (reader, reader->item))
    return NULL;
  key = column_text (reader->item, 0);
  type = column_text (reader->item, 1);
  csl_type = type != NULL ? lookup (item_types, G_N_ELEMENTS (item_types), type) : NULL;
  json_object_set_string_member (item, "type", csl_type != NULL ? csl_type : "document");

  sqlite3_reset (reader->fields);
  sqlite3_bind_int64 (reader->fields, 1, item_id);
  while (reader_step (reader, reader->fields))
    {
      g_autofree char *field = column_text (reader->fields, 0);
      g_autofree char *value = column_text (reader->fields, 1);
      const char *variable;

      if (field == NULL || value == NULL)
        continue;
      if (g_str_equal (field, "date"))
        g_set_str (&date, value);
      else if (g_str_equal (field, "accessDate"))
        g_set_str (&accessed, value);
      else if (g_str_equal (field, "extra"))
        {
          g_autofree char *from_extra = extra_citation_key (value);

          if (from_extra != NULL)
            g_set_str (&citation_key, from_extra);
        }
      else if (g_str_equal (field, "citationKey"))
        {
          /* Zotero 7's own field; a key in Extra is the one Better
           * BibTeX users cite with, and wins. */
          if (citation_key == NULL)
            citation_key = g_steal_pointer (&value);
        }
      else if ((variable = lookup (text_fields, G_N_ELEMENTS (text_fields), field)) != NULL &&
               !json_object_has_member (item, variable))
        json_object_set_string_member (item, variable, value);
    }

  if (!json_object_has_member (item, "title") && g_strcmp0 (type, "attachment") == 0)
    {
      g_autofree char *name = attachment_file_name (reader, item_id);

      if (name != NULL)
        json_object_set_string_member (item, "title", name);
    }

  add_creators (reader, item, item_id);

  if (date != NULL)
    {
      JsonNode *issued = date_node (date);

      if (issued != NULL)
        json_object_set_member (item, "issued", issued);
    }
  if (accessed != NULL)
    {
      JsonNode *node = date_node (accessed);

      if (node != NULL)
        json_object_set_member (item, "accessed", node);
    }

  if (citation_key != NULL)
    json_object_set_string_member (item, "id", citation_key);
  else if (key != NULL)
    {
      g_autofree char *id = g_strconcat ("zotero-", key, NULL);

      json_object_set_string_member (item, "id", id);
    }

  return _epistle_import_to_json (item);
}

static const char *
source_for (Reader *reader,
            gint64  item_id)
{
  gpointer csl;

  if (!g_hash_table_lookup_extended (reader->sources, &item_id, NULL, &csl))
    {
      csl = build_source (reader, item_id);
      g_hash_table_insert (reader->sources, g_memdup2 (&item_id, sizeof item_id), csl);
    }
  return csl;
}

static char **
annotation_tags (Reader *reader,
                 gint64  id)
{
  g_autoptr(GPtrArray) tags = g_ptr_array_new_with_free_func (g_free);

  sqlite3_reset (reader->tags);
  sqlite3_bind_int64 (reader->tags, 1, id);
  while (reader_step (reader, reader->tags))
    {
      char *tag = column_text (reader->tags, 0);

      if (tag != NULL)
        g_ptr_array_add (tags, tag);
    }
  if (tags->len == 0)
    return NULL;
  g_ptr_array_add (tags, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&tags), FALSE);
}

/* --------------------------------------------------------------------------
 * Notes beside highlights
 * ------------------------------------------------------------------------ */

/* The numbers of a sortIndex: "00002|000792|00521" is a PDF's page index,
 * character offset and height on the page; "00003|00001234" an EPUB's
 * section and character offset.  Returns how many (at most 4). */
static guint
sort_parts (const char *sort_index,
            gint64      parts[4])
{
  guint n = 0;

  for (const char *p = sort_index; p != NULL && *p != '\0' && n < 4; )
    {
      const char *end = strchr (p, '|');
      gsize len = end != NULL ? (gsize) (end - p) : strlen (p);

      if (len == 0 || len > 12 || !is_digits (p, len))
        return 0;
      parts[n++] = g_ascii_strtoll (p, NULL, 10);
      p = end != NULL ? end + 1 : NULL;
    }
  return n;
}

/* How far apart two annotations of one page are, or FAR. */
static gint64
distance (const Annotation *a,
          const Annotation *b)
{
  gint64 pa[4], pb[4];
  guint na = sort_parts (a->sort_index, pa);
  guint nb = sort_parts (b->sort_index, pb);

  if (na == 0 || na != nb || pa[0] != pb[0])
    return FAR;
  return ABS (pa[na - 1] - pb[nb - 1]);
}

/* The highlight @note sits beside, from the highlights of its attachment;
 * NULL with *ambiguous set when two are equally near. */
static Annotation *
find_annotated (GPtrArray        *highlights,
                const Annotation *note,
                gboolean         *ambiguous)
{
  Annotation *best = NULL;
  gint64 best_distance = FAR;
  guint n_candidates = 0;

  *ambiguous = FALSE;
  for (guint i = 0; highlights != NULL && i < highlights->len; i++)
    {
      Annotation *highlight = g_ptr_array_index (highlights, i);
      gint64 d;

      if (!g_str_equal (highlight->page_label, note->page_label))
        continue;
      d = distance (highlight, note);
      /* Without page labels, only the same section or page will do. */
      if (*note->page_label == '\0' && d == FAR)
        continue;
      n_candidates++;
      if (best == NULL || d < best_distance)
        {
          best = highlight;
          best_distance = d;
          *ambiguous = FALSE;
        }
      else if (d == best_distance)
        *ambiguous = TRUE;
    }
  if (*ambiguous || (best_distance == FAR && n_candidates > 1))
    {
      *ambiguous = TRUE;
      return NULL;
    }
  return best;
}

/* --------------------------------------------------------------------------
 * Opening
 * ------------------------------------------------------------------------ */

static void
set_not_zotero (GError    **error,
                const char *why)
{
  _epistle_import_set_not_format (error, _("Zotero database"), why);
}

/* Reads the start of the file: a missing or unreadable file is an I/O
 * error, anything but an SQLite database is not Zotero's. */
static gboolean
check_header (const char  *path,
              GError     **error)
{
  static const char magic[16] = "SQLite format 3";
  char header[sizeof magic];
  gssize n;
  int saved_errno;
  int fd;

  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      saved_errno = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not read the Zotero database: %s."), g_strerror (saved_errno));
      return FALSE;
    }
  do
    n = read (fd, header, sizeof header);
  while (n < 0 && errno == EINTR);
  saved_errno = errno;
  g_close (fd, NULL);

  if (n < 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not read the Zotero database: %s."), g_strerror (saved_errno));
      return FALSE;
    }
  if (n == 0)
    {
      set_not_zotero (error, _("the file is empty."));
      return FALSE;
    }
  if ((gsize) n < sizeof magic || memcmp (header, magic, sizeof magic) != 0)
    {
      set_not_zotero (error, _("the file is not an SQLite database."));
      return FALSE;
    }
  return TRUE;
}

static gboolean
has_table (sqlite3    *db,
           const char *name,
           int        *rc)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  *rc = sqlite3_prepare_v2 (db,
                            "SELECT 1 FROM sqlite_schema"
                            " WHERE type IN ('table', 'view') AND name = ?1 COLLATE NOCASE",
                            -1, &stmt, NULL);
  if (*rc != SQLITE_OK)
    return FALSE;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  *rc = sqlite3_step (stmt);
  if (*rc == SQLITE_ROW)
    {
      *rc = SQLITE_OK;
      return TRUE;
    }
  if (*rc == SQLITE_DONE)
    *rc = SQLITE_OK;
  return FALSE;
}

/* A Zotero database, but SQLite cannot read all of it. */
static void
set_damaged (GError    **error,
             const char *message)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               _("The Zotero database is damaged: %s."), message);
}

/* Zotero keeps zotero.sqlite locked while it runs (an exclusive lock on
 * the rollback journal), so even a read-only connection would wait and
 * fail with "database is locked"; and the user may hand us a copy taken
 * with its -journal or -wal beside it, or one on read-only media.
 * "immutable=1" tells SQLite that nobody changes the file: it takes no
 * lock, never rolls back a hot journal, never creates a -shm or -wal, and
 * with SQLITE_OPEN_READONLY can write nothing at all.  The price is that
 * pages only in a -wal file (Zotero does not use WAL) or a write under
 * way while we read are not seen — which is why the user imports a copy.
 * "mode=ro" alone was not chosen: it waits on Zotero's lock, and in WAL
 * mode creates the -shm file beside the database. */
static sqlite3 *
open_immutable (const char  *path,
                GError     **error)
{
  g_autofree char *absolute = g_canonicalize_filename (path, NULL);
  g_autofree char *escaped = g_uri_escape_string (absolute, "/", FALSE);
  g_autofree char *uri = g_strconcat ("file://", escaped, "?immutable=1", NULL);
  sqlite3 *db = NULL;
  int rc;

  rc = sqlite3_open_v2 (uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Could not open the Zotero database: %s."),
                   db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
      sqlite3_close (db);
      return NULL;
    }
  /* The file is not ours: its schema may not run functions with side
   * effects, nor write to the shadow tables of virtual tables. */
  sqlite3_db_config (db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
  sqlite3_db_config (db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
  return db;
}

static gboolean
check_tables (sqlite3  *db,
              GError  **error)
{
  gboolean missing = FALSE;
  int rc;

  for (guint i = 0; zotero_tables[i] != NULL && !missing; i++)
    {
      missing = !has_table (db, zotero_tables[i], &rc);
      if (rc != SQLITE_OK)
        {
          set_damaged (error, sqlite3_errmsg (db));
          return FALSE;
        }
    }
  if (missing)
    {
      set_not_zotero (error, _("the SQLite database does not have Zotero’s tables."));
      return FALSE;
    }
  if (!has_table (db, "itemAnnotations", &rc))
    {
      if (rc != SQLITE_OK)
        set_damaged (error, sqlite3_errmsg (db));
      else
        set_not_zotero (error, _("the database has no annotations table; Zotero 6 or newer is needed."));
      return FALSE;
    }
  return TRUE;
}

static gboolean
prepare (Reader        *reader,
         const char    *sql,
         sqlite3_stmt **stmt,
         GError       **error)
{
  if (sqlite3_prepare_v2 (reader->db, sql, -1, stmt, NULL) != SQLITE_OK)
    {
      /* A table without the columns of Zotero 6 and newer. */
      g_autofree char *why = g_strdup_printf (_("the database’s tables are not those of Zotero 6 or newer (%s)."),
                                              sqlite3_errmsg (reader->db));

      set_not_zotero (error, why);
      return FALSE;
    }
  return TRUE;
}

/* --------------------------------------------------------------------------
 * Reading
 * ------------------------------------------------------------------------ */

static guint
annotation_line (gint64 id)
{
  return id <= 0 ? 0 : id >= G_MAXUINT ? G_MAXUINT : (guint) id;
}

static GPtrArray *
read_annotations (Reader  *reader,
                  GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) annotations = g_ptr_array_new_with_free_func (annotation_free);

  /* In reading order: by attachment, then as Zotero sorts them. */
  if (!prepare (reader,
                "SELECT a.itemID, a.parentItemID, a.type, a.text, a.comment, a.pageLabel,"
                "       a.sortIndex, i.dateAdded, att.parentItemID,"
                "       EXISTS (SELECT 1 FROM deletedItems d"
                "                WHERE d.itemID IN (a.itemID, a.parentItemID, att.parentItemID))"
                "  FROM itemAnnotations a"
                "  LEFT JOIN items i ON i.itemID = a.itemID"
                "  LEFT JOIN itemAttachments att ON att.itemID = a.parentItemID"
                " ORDER BY a.parentItemID, a.sortIndex, a.itemID",
                &stmt, error))
    return NULL;

  while (reader_step (reader, stmt))
    {
      Annotation *annotation = g_new0 (Annotation, 1);
      g_autofree char *page_label = NULL;
      g_autofree char *added = NULL;

      annotation->valid = TRUE;
      annotation->id = sqlite3_column_int64 (stmt, 0);
      annotation->attachment = sqlite3_column_int64 (stmt, 1);
      annotation->type = sqlite3_column_int (stmt, 2);
      annotation->text = column_raw_text (stmt, 3, &annotation->valid);
      annotation->comment = column_raw_text (stmt, 4, &annotation->valid);
      page_label = column_text (stmt, 5);
      annotation->page_label = g_strdup (page_label != NULL ? page_label : "");
      annotation->sort_index = column_text (stmt, 6);
      added = column_text (stmt, 7);
      annotation->created = parse_timestamp (added);
      annotation->source_item = sqlite3_column_type (stmt, 8) != SQLITE_NULL
        ? sqlite3_column_int64 (stmt, 8) : annotation->attachment;
      annotation->deleted = sqlite3_column_int (stmt, 9) != 0;
      g_ptr_array_add (annotations, annotation);
    }
  if (reader->rc != SQLITE_OK)
    {
      set_damaged (error, reader->message);
      return NULL;
    }
  return g_steal_pointer (&annotations);
}

static void
skip (EpistleImportBatch *batch,
      const Annotation   *annotation,
      const char         *reason)
{
  epistle_import_batch_skip (batch, annotation_line (annotation->id), reason);
}

/* Sorts the annotations out: highlights to quote (returned, in order),
 * notes attached to them, the rest reported. */
static GPtrArray *
sort_out (EpistleImportBatch *batch,
          GPtrArray          *annotations)
{
  GPtrArray *quoted = g_ptr_array_new ();
  g_autoptr(GPtrArray) notes = g_ptr_array_new ();
  g_autoptr(GHashTable) by_attachment =
    g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, (GDestroyNotify) g_ptr_array_unref);

  for (guint i = 0; i < annotations->len; i++)
    {
      Annotation *annotation = g_ptr_array_index (annotations, i);
      GPtrArray *list;

      if (annotation->deleted)
        {
          skip (batch, annotation, _("The annotation, its attachment or its item is in Zotero’s trash."));
          continue;
        }
      if (!annotation->valid)
        {
          skip (batch, annotation, _("The annotation is not valid UTF-8 text."));
          continue;
        }
      switch (annotation->type)
        {
        case ANNOTATION_HIGHLIGHT:
        case ANNOTATION_UNDERLINE:
          if (annotation->text == NULL || *annotation->text == '\0')
            {
              skip (batch, annotation, annotation->type == ANNOTATION_HIGHLIGHT
                    ? _("The highlight has no text.") : _("The underline has no text."));
              break;
            }
          g_ptr_array_add (quoted, annotation);
          list = g_hash_table_lookup (by_attachment, &annotation->attachment);
          if (list == NULL)
            {
              list = g_ptr_array_new ();
              g_hash_table_insert (by_attachment, &annotation->attachment, list);
            }
          g_ptr_array_add (list, annotation);
          break;
        case ANNOTATION_NOTE:
          if (annotation->comment == NULL || *annotation->comment == '\0')
            skip (batch, annotation, _("The note is empty."));
          else
            g_ptr_array_add (notes, annotation);
          break;
        case ANNOTATION_IMAGE:
          skip (batch, annotation, _("The annotation is an image; only text can be quoted."));
          break;
        case ANNOTATION_INK:
          skip (batch, annotation, _("The annotation is a drawing; only text can be quoted."));
          break;
        case ANNOTATION_TEXT:
          skip (batch, annotation,
                _("The annotation is a text box; only highlights, underlines and notes are imported."));
          break;
        default:
          {
            g_autofree char *reason = g_strdup_printf (_("The annotation is of an unknown kind (type %d)."),
                                                       annotation->type);

            skip (batch, annotation, reason);
          }
          break;
        }
    }

  /* Notes come last, so that a note sorted before its highlight finds it. */
  for (guint i = 0; i < notes->len; i++)
    {
      Annotation *note = g_ptr_array_index (notes, i);
      gboolean ambiguous;
      Annotation *target = find_annotated (g_hash_table_lookup (by_attachment, &note->attachment),
                                           note, &ambiguous);

      if (target == NULL)
        {
          skip (batch, note, ambiguous
                ? _("A note between highlights: two are as near to it, so it was attached to neither.")
                : _("A note without a highlight to attach it to: none is on its page."));
          continue;
        }
      if (target->notes == NULL)
        target->notes = g_string_new (note->comment);
      else
        g_string_append_printf (target->notes, "\n\n%s", note->comment);
    }
  return quoted;
}

static void
emit_quote (EpistleImportBatch *batch,
            Reader             *reader,
            Annotation         *annotation)
{
  EpistleImportQuote *quote = epistle_import_quote_new ();
  const char *csl = source_for (reader, annotation->source_item);
  gboolean has_comment = annotation->comment != NULL && *annotation->comment != '\0';

  quote->csl_json = g_strdup (csl);
  quote->text = g_steal_pointer (&annotation->text);
  if (has_comment && annotation->notes != NULL)
    quote->note = g_strdup_printf ("%s\n\n%s", annotation->comment, annotation->notes->str);
  else if (has_comment)
    quote->note = g_steal_pointer (&annotation->comment);
  else if (annotation->notes != NULL)
    quote->note = g_string_free (g_steal_pointer (&annotation->notes), FALSE);
  if (*annotation->page_label != '\0')
    {
      quote->locator = g_strdup (annotation->page_label);
      quote->locator_label = g_strdup ("page");
    }
  quote->tags = annotation_tags (reader, annotation->id);
  quote->created = annotation->created;
  quote->line = annotation_line (annotation->id);
  _epistle_import_add_quote (batch, quote);
}

gboolean
epistle_import_parse_zotero (const char          *path,
                             EpistleImportBatch **out_batch,
                             GError             **error)
{
  g_auto(Reader) reader = { 0, };
  g_autoptr(EpistleImportBatch) batch = NULL;
  g_autoptr(GPtrArray) annotations = NULL;
  g_autoptr(GPtrArray) quoted = NULL;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (out_batch != NULL, FALSE);

  if (!check_header (path, error))
    return FALSE;
  reader.db = open_immutable (path, error);
  if (reader.db == NULL || !check_tables (reader.db, error))
    return FALSE;

  if (!prepare (&reader,
                "SELECT i.key, t.typeName FROM items i"
                "  LEFT JOIN itemTypes t ON t.itemTypeID = i.itemTypeID"
                " WHERE i.itemID = ?1",
                &reader.item, error) ||
      !prepare (&reader,
                "SELECT f.fieldName, v.value FROM itemData d"
                "  JOIN fields f ON f.fieldID = d.fieldID"
                "  JOIN itemDataValues v ON v.valueID = d.valueID"
                " WHERE d.itemID = ?1 ORDER BY d.fieldID",
                &reader.fields, error) ||
      !prepare (&reader,
                "SELECT c.firstName, c.lastName, c.fieldMode, t.creatorType FROM itemCreators ic"
                "  JOIN creators c ON c.creatorID = ic.creatorID"
                "  LEFT JOIN creatorTypes t ON t.creatorTypeID = ic.creatorTypeID"
                " WHERE ic.itemID = ?1 ORDER BY ic.orderIndex",
                &reader.creators, error) ||
      !prepare (&reader, "SELECT path FROM itemAttachments WHERE itemID = ?1", &reader.path, error) ||
      !prepare (&reader,
                "SELECT t.name FROM itemTags it JOIN tags t ON t.tagID = it.tagID"
                " WHERE it.itemID = ?1 ORDER BY t.name",
                &reader.tags, error))
    return FALSE;

  annotations = read_annotations (&reader, error);
  if (annotations == NULL)
    return FALSE;

  batch = epistle_import_batch_new ();
  reader.sources = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  quoted = sort_out (batch, annotations);
  for (guint i = 0; i < quoted->len; i++)
    emit_quote (batch, &reader, g_ptr_array_index (quoted, i));

  if (reader.rc != SQLITE_OK)
    {
      set_damaged (error, reader.message);
      return FALSE;
    }

  *out_batch = g_steal_pointer (&batch);
  return TRUE;
}
