/* SPDX-License-Identifier: GPL-3.0-or-later
 * epistle-import-detect.c — tells Kindle clippings, CSL-JSON, BibTeX,
 * Readwise CSV and Zotero databases apart by what is in them, and runs
 * the right importer on a file. */

#include "config.h"

#include "epistle-import-detect.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

/* Text files larger than this are not quotations someone collected. */
#define MAX_TEXT_SIZE (256 * 1024 * 1024)

/* How sure a format's signs in the content make it; the strongest wins
 * unless the file's extension names another one that also fits. */
typedef enum {
  FIT_NONE   = 0,
  FIT_WEAK   = 1,
  FIT_STRONG = 2,
  FIT_SURE   = 3,
} Fit;

/* ---- lines ------------------------------------------------------------- */

typedef struct {
  const char *p;
  const char *end;
} Lines;

/* The next line without its "\n" or "\r\n"; FALSE at the end. */
static gboolean
next_line (Lines       *lines,
           const char **line,
           gsize       *length)
{
  const char *eol;

  if (lines->p >= lines->end)
    return FALSE;
  eol = memchr (lines->p, '\n', lines->end - lines->p);
  *line = lines->p;
  *length = (eol != NULL ? eol : lines->end) - lines->p;
  lines->p = eol != NULL ? eol + 1 : lines->end;
  if (*length > 0 && (*line)[*length - 1] == '\r')
    (*length)--;
  return TRUE;
}

static void
strip_line (const char **line,
            gsize       *length)
{
  /* A BOM can start any entry of a Kindle file (its files are appended). */
  if (*length >= 3 && memcmp (*line, "\xEF\xBB\xBF", 3) == 0)
    *line += 3, *length -= 3;
  while (*length > 0 && g_ascii_isspace (**line))
    (*line)++, (*length)--;
  while (*length > 0 && g_ascii_isspace ((*line)[*length - 1]))
    (*length)--;
}

/* Whether all @length bytes at @text are in @chars. */
static gboolean
all_in (const char *text,
        gsize       length,
        const char *chars)
{
  for (gsize i = 0; i < length; i++)
    if (strchr (chars, text[i]) == NULL || text[i] == '\0')
      return FALSE;
  return TRUE;
}

static gboolean
has_prefix (const char *line,
            gsize       length,
            const char *prefix)
{
  gsize n = strlen (prefix);

  return length >= n && memcmp (line, prefix, n) == 0;
}

/* ---- Kindle ------------------------------------------------------------- */

/* Words of the "- Your Highlight on page 12 | …" line in the languages
 * Kindles write (as the importer knows them), lower case. */
static const char * const kindle_words[] = {
  "highlight", "surlign", "markierung", "subrayado", "标注", "標註", "ハイライト",
  "evidenziazione", "destaque", "markering", "выделение", "하이라이트", "clip",
  "note", "notiz", "nota", "笔记", "筆記", "メモ", "notitie", "заметка", "메모",
  "bookmark", "signet", "lesezeichen", "marcador", "书签", "書籤", "ブックマーク",
  "segnalibro", "bladwijzer", "закладка", "북마크",
  NULL
};

/* Entries are a title line, a "- Your Highlight …" line, a blank line,
 * the text and a "==========" line. */
static Fit
fit_kindle (const char *text,
            gsize       length)
{
  Lines lines = { text, text + length };
  const char *line;
  gsize len;
  guint in_entry = 0;     /* non-blank lines seen in this entry */
  guint separators = 0;
  guint headers = 0;      /* entry header lines with a Kindle word */
  guint shaped = 0;       /* "- … | …" where the header should be */

  while (next_line (&lines, &line, &len))
    {
      strip_line (&line, &len);
      if (len >= 10 && all_in (line, len, "="))
        {
          separators++;
          in_entry = 0;
          continue;
        }
      if (in_entry == 0 && len == 0)
        continue;
      if (++in_entry != 2 || !has_prefix (line, len, "- "))
        continue;
      {
        g_autofree char *valid = g_utf8_make_valid (line, len);
        g_autofree char *lower = g_utf8_strdown (valid, -1);
        gboolean worded = FALSE;

        for (guint i = 0; kindle_words[i] != NULL && !worded; i++)
          worded = strstr (lower, kindle_words[i]) != NULL;
        headers += worded;
        shaped += !worded && strchr (lower, '|') != NULL;
      }
    }

  if (headers > 0 && separators > 0)
    return FIT_STRONG;
  if (shaped > 0 && separators > 0)
    return FIT_WEAK;
  /* One clipping whose "==========" line did not fit in the head. */
  if (headers > 0 && length >= EPISTLE_IMPORT_DETECT_HEAD_SIZE)
    return FIT_WEAK;
  return FIT_NONE;
}

/* ---- BibTeX ------------------------------------------------------------- */

static const char * const bibtex_types[] = {
  /* BibTeX */
  "article", "book", "booklet", "conference", "inbook", "incollection",
  "inproceedings", "manual", "mastersthesis", "misc", "phdthesis",
  "proceedings", "techreport", "unpublished",
  /* biblatex */
  "online", "electronic", "www", "report", "thesis", "collection", "reference",
  "periodical", "suppbook", "suppcollection", "suppperiodical", "mvbook",
  "mvcollection", "mvproceedings", "mvreference", "inreference", "dataset",
  "software", "patent", "letter", "movie", "music", "artwork", "audio",
  "image", "jurisdiction", "legislation", "legal", "standard", "video",
  "bookinbook",
  NULL
};

/* "@type{" or "@type(" at the start of a line, spaces allowed. */
static Fit
fit_bibtex (const char *text,
            gsize       length)
{
  Lines lines = { text, text + length };
  const char *line;
  gsize len;
  guint known = 0, other = 0;

  while (next_line (&lines, &line, &len))
    {
      g_autofree char *type = NULL;
      gsize i, start;

      strip_line (&line, &len);
      if (len < 3 || line[0] != '@')
        continue;
      for (i = start = 1; i < len && g_ascii_isalpha (line[i]); i++)
        ;
      if (i == start)
        continue;
      type = g_ascii_strdown (line + start, i - start);
      while (i < len && (line[i] == ' ' || line[i] == '\t'))
        i++;
      if (i >= len || (line[i] != '{' && line[i] != '('))
        continue;
      if (g_str_equal (type, "comment") || g_str_equal (type, "preamble") ||
          g_str_equal (type, "string"))
        continue;
      if (g_strv_contains (bibtex_types, type))
        known++;
      else
        other++;
    }

  return known > 0 ? FIT_STRONG : other > 0 ? FIT_WEAK : FIT_NONE;
}

/* ---- Readwise ----------------------------------------------------------- */

static const char * const readwise_columns[] = {
  "Book Title", "Book Author", "Amazon Book ID", "Note", "Color", "Tags",
  "Location Type", "Location", "Highlighted at", "Document tags",
  NULL
};

/* The first line names a "Highlight" column (any case, quoted or not). */
static Fit
fit_readwise (const char *text,
              gsize       length)
{
  Lines lines = { text, text + length };
  const char *line = NULL;
  gsize len = 0;
  gboolean highlight = FALSE;
  guint others = 0;
  gsize i = 0;

  while (next_line (&lines, &line, &len))
    {
      strip_line (&line, &len);
      if (len > 0)
        break;
    }
  if (len == 0)
    return FIT_NONE;

  while (i <= len)
    {
      g_autoptr(GString) field = g_string_new (NULL);
      g_autofree char *name = NULL;

      while (i < len && line[i] == ' ')
        i++;
      if (i < len && line[i] == '"')
        {
          for (i++; i < len; i++)
            {
              if (line[i] == '"' && i + 1 < len && line[i + 1] == '"')
                g_string_append_c (field, '"'), i++;
              else if (line[i] == '"')
                {
                  i++;
                  break;
                }
              else
                g_string_append_c (field, line[i]);
            }
          while (i < len && line[i] != ',')
            i++;
        }
      else
        for (; i < len && line[i] != ','; i++)
          g_string_append_c (field, line[i]);

      name = g_strstrip (g_strdup (field->str));
      if (g_ascii_strcasecmp (name, "Highlight") == 0)
        highlight = TRUE;
      for (guint c = 0; readwise_columns[c] != NULL; c++)
        others += g_ascii_strcasecmp (name, readwise_columns[c]) == 0;
      i++;   /* past the comma */
    }

  if (!highlight)
    return FIT_NONE;
  return others > 0 ? FIT_SURE : FIT_WEAK;
}

/* ---- CSL-JSON ----------------------------------------------------------- */

/* CSL 1.0.2's item types. */
static const char * const csl_types[] = {
  "article", "article-journal", "article-magazine", "article-newspaper",
  "bill", "book", "broadcast", "chapter", "classic", "collection", "dataset",
  "document", "entry", "entry-dictionary", "entry-encyclopedia", "event",
  "figure", "graphic", "hearing", "interview", "legal_case", "legislation",
  "manuscript", "map", "motion_picture", "musical_score", "pamphlet",
  "paper-conference", "patent", "performance", "periodical",
  "personal_communication", "post", "post-weblog", "regulation", "report",
  "review", "review-book", "software", "song", "speech", "standard",
  "thesis", "treaty", "webpage",
  NULL
};

typedef struct {
  gboolean type;
  gboolean csl_type;     /* "type" is one of CSL's */
  guint    others;       /* of "title", "author", "issued", "id" */
} CslItem;

static gboolean
csl_item_fits (const CslItem *item)
{
  /* "type" and "author" alone are also a package.json; a real CSL type
   * or a second bibliographic key tells them apart. */
  return item->type && item->others > 0 && (item->csl_type || item->others > 1);
}

/* Reads the JSON string at *p (on its opening quote), up to @max bytes of
 * it kept in @out; leaves *p after the closing quote. */
static void
read_json_string (const char **p,
                  const char  *end,
                  GString     *out,
                  gsize        max)
{
  const char *s = *p + 1;

  g_string_truncate (out, 0);
  for (; s < end && *s != '"'; s++)
    {
      if (*s == '\\' && s + 1 < end)
        s++;
      if (out->len < max)
        g_string_append_c (out, *s);
    }
  *p = s < end ? s + 1 : end;
}

static const char *
skip_json_space (const char *p,
                 const char *end)
{
  while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
    p++;
  return p;
}

/* An object, or an array of objects, whose items have "type" and "title",
 * "author", "issued" or "id" keys.  A scan rather than a parse: the head
 * may end in the middle of the file. */
static Fit
fit_csl_json (const char *text,
              gsize       length)
{
  const char *p = skip_json_space (text, text + length);
  const char *end = text + length;
  g_autoptr(GString) key = g_string_new (NULL);
  g_autoptr(GString) value = g_string_new (NULL);
  char stack[64];
  guint depth = 0;
  guint item_depth;
  CslItem item = { 0, };
  gboolean in_item = FALSE;
  guint fitting = 0;

  if (p >= end || (*p != '[' && *p != '{'))
    return FIT_NONE;
  item_depth = *p == '{' ? 1 : 2;

  while (p < end)
    {
      switch (*p)
        {
        case '{':
        case '[':
          if (depth == G_N_ELEMENTS (stack))
            return FIT_NONE;
          stack[depth++] = *p;
          if (depth == item_depth)
            {
              if (*p != '{')
                return FIT_NONE;   /* an array of arrays, numbers… */
              memset (&item, 0, sizeof item);
              in_item = TRUE;
            }
          p++;
          break;

        case '}':
        case ']':
          if (depth == 0 || stack[depth - 1] != (*p == '}' ? '{' : '['))
            return FIT_NONE;
          if (depth == item_depth && in_item)
            {
              fitting += csl_item_fits (&item);
              in_item = FALSE;
            }
          depth--;
          p++;
          if (depth == 0)
            p = end;   /* what follows the value does not matter */
          break;

        case '"':
          read_json_string (&p, end, key, 32);
          if (depth == item_depth && in_item && stack[depth - 1] == '{')
            {
              const char *after = skip_json_space (p, end);

              if (after >= end || *after != ':')
                break;
              p = skip_json_space (after + 1, end);
              if (g_str_equal (key->str, "type"))
                {
                  item.type = TRUE;
                  if (p < end && *p == '"')
                    {
                      read_json_string (&p, end, value, 64);
                      item.csl_type = g_strv_contains (csl_types, value->str);
                    }
                }
              else if (g_str_equal (key->str, "title") || g_str_equal (key->str, "author") ||
                       g_str_equal (key->str, "issued") || g_str_equal (key->str, "id"))
                item.others++;
            }
          break;

        default:
          if (depth == 0)
            return FIT_NONE;
          p++;
          break;
        }
    }

  /* The head ended inside an item: judge what it holds so far. */
  if (in_item && csl_item_fits (&item))
    fitting++;
  return fitting > 0 ? FIT_SURE : FIT_NONE;
}

/* ---- detection ---------------------------------------------------------- */

static EpistleImportFormat
format_for_name (const char *filename)
{
  static const struct {
    const char *suffix;
    EpistleImportFormat format;
  } names[] = {
    { ".txt", EPISTLE_IMPORT_FORMAT_KINDLE },
    { ".json", EPISTLE_IMPORT_FORMAT_CSL_JSON },
    { ".bib", EPISTLE_IMPORT_FORMAT_BIBTEX },
    { ".bibtex", EPISTLE_IMPORT_FORMAT_BIBTEX },
    { ".csv", EPISTLE_IMPORT_FORMAT_READWISE },
    { ".sqlite", EPISTLE_IMPORT_FORMAT_ZOTERO },
  };
  g_autofree char *base = NULL;
  g_autofree char *lower = NULL;

  if (filename == NULL)
    return EPISTLE_IMPORT_FORMAT_UNKNOWN;
  base = g_path_get_basename (filename);
  lower = g_ascii_strdown (base, -1);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_str_has_suffix (lower, names[i].suffix))
      return names[i].format;
  return EPISTLE_IMPORT_FORMAT_UNKNOWN;
}

static gboolean
starts_with (const guint8 *head,
             gsize         length,
             const void   *magic,
             gsize         magic_length)
{
  return length >= magic_length && memcmp (head, magic, magic_length) == 0;
}

/* What the file is; for UNKNOWN, @why (may be NULL) says what it seems to
 * be instead, as the end of "“x” is not a file Epistle can import: …". */
static EpistleImportFormat
detect (const guint8  *head,
        gsize          length,
        const char    *filename,
        const char   **why)
{
  const char *text = (const char *) head;
  Fit fits[EPISTLE_IMPORT_FORMAT_ZOTERO + 1] = { FIT_NONE, };
  EpistleImportFormat best = EPISTLE_IMPORT_FORMAT_UNKNOWN;
  EpistleImportFormat named;
  const char *dummy;

  if (why == NULL)
    why = &dummy;
  *why = NULL;

  if (starts_with (head, length, "SQLite format 3", 16))
    return EPISTLE_IMPORT_FORMAT_ZOTERO;
  if (starts_with (head, length, "%PDF-", 5))
    {
      *why = _("it is a PDF document. To bring in what you highlighted in a PDF, import Zotero’s database (zotero.sqlite) or your Kindle’s “My Clippings.txt”.");
      return EPISTLE_IMPORT_FORMAT_UNKNOWN;
    }
  if (starts_with (head, length, "PK\3\4", 4))
    {
      *why = _("it is a ZIP archive, such as an e-book or an office document.");
      return EPISTLE_IMPORT_FORMAT_UNKNOWN;
    }
  if (starts_with (head, length, "\xFF\xFE", 2) || starts_with (head, length, "\xFE\xFF", 2))
    {
      *why = _("it is in UTF-16; save it as UTF-8 and try again.");
      return EPISTLE_IMPORT_FORMAT_UNKNOWN;
    }

  if (starts_with (head, length, "\xEF\xBB\xBF", 3))
    text += 3, length -= 3;
  if (all_in (text, length, " \t\r\n"))
    {
      *why = _("it is empty.");
      return EPISTLE_IMPORT_FORMAT_UNKNOWN;
    }

  fits[EPISTLE_IMPORT_FORMAT_CSL_JSON] = fit_csl_json (text, length);
  fits[EPISTLE_IMPORT_FORMAT_KINDLE] = fit_kindle (text, length);
  fits[EPISTLE_IMPORT_FORMAT_BIBTEX] = fit_bibtex (text, length);
  fits[EPISTLE_IMPORT_FORMAT_READWISE] = fit_readwise (text, length);

  /* The name settles it among formats the content fits… */
  named = format_for_name (filename);
  if (named != EPISTLE_IMPORT_FORMAT_UNKNOWN && fits[named] != FIT_NONE)
    return named;

  /* …else the strongest fit; on a tie the first in this order, from the
   * most to the least particular shape. */
  {
    static const EpistleImportFormat order[] = {
      EPISTLE_IMPORT_FORMAT_CSL_JSON, EPISTLE_IMPORT_FORMAT_READWISE,
      EPISTLE_IMPORT_FORMAT_KINDLE, EPISTLE_IMPORT_FORMAT_BIBTEX,
    };

    for (guint i = 0; i < G_N_ELEMENTS (order); i++)
      if (fits[order[i]] > fits[best])
        best = order[i];
  }

  if (best == EPISTLE_IMPORT_FORMAT_UNKNOWN)
    {
      if (*text == '[' || *text == '{')
        *why = _("it is JSON, but not a list of CSL-JSON references.");
      else if (memchr (text, '\0', length) != NULL)
        *why = _("it is not a text file.");
      else
        *why = _("it is not Kindle clippings, CSL-JSON, BibTeX, a Readwise CSV export or a Zotero database.");
    }
  return best;
}

EpistleImportFormat
epistle_import_detect_format (const guint8 *head,
                              gsize         length,
                              const char   *filename)
{
  g_return_val_if_fail (head != NULL || length == 0, EPISTLE_IMPORT_FORMAT_UNKNOWN);

  return detect (head, MIN (length, EPISTLE_IMPORT_DETECT_HEAD_SIZE), filename, NULL);
}

const char *
epistle_import_format_to_string (EpistleImportFormat format)
{
  switch (format)
    {
    case EPISTLE_IMPORT_FORMAT_KINDLE:   return "kindle";
    case EPISTLE_IMPORT_FORMAT_CSL_JSON: return "csl-json";
    case EPISTLE_IMPORT_FORMAT_BIBTEX:   return "bibtex";
    case EPISTLE_IMPORT_FORMAT_READWISE: return "readwise";
    case EPISTLE_IMPORT_FORMAT_ZOTERO:   return "zotero";
    case EPISTLE_IMPORT_FORMAT_UNKNOWN:
    default:                             return "unknown";
    }
}

const char *
epistle_import_format_display_name (EpistleImportFormat format)
{
  switch (format)
    {
    case EPISTLE_IMPORT_FORMAT_KINDLE:   return _("Kindle clippings");
    case EPISTLE_IMPORT_FORMAT_CSL_JSON: return _("CSL-JSON");
    case EPISTLE_IMPORT_FORMAT_BIBTEX:   return _("BibTeX");
    case EPISTLE_IMPORT_FORMAT_READWISE: return _("Readwise CSV");
    case EPISTLE_IMPORT_FORMAT_ZOTERO:   return _("Zotero annotations");
    case EPISTLE_IMPORT_FORMAT_UNKNOWN:
    default:                             return _("Unknown format");
    }
}

/* ---- importing a file --------------------------------------------------- */

static void
set_not_importable (GError    **error,
                    GIOErrorEnum code,
                    const char *path,
                    const char *why)
{
  g_autofree char *name = g_filename_display_basename (path);

  /* Translators: the first %s is a file name, the second why it cannot be
   * imported ("it is empty.", "it is a PDF document…"). */
  g_set_error (error, G_IO_ERROR, code, _("“%s” is not a file Epistle can import: %s"), name, why);
}

static void
set_errno_error (GError    **error,
                 const char *path,
                 int         saved_errno)
{
  g_autofree char *why = NULL;

  if (saved_errno == ENOENT)
    why = g_strdup (_("it does not exist."));
  else if (saved_errno == EACCES || saved_errno == EPERM)
    why = g_strdup (_("you do not have permission to read it."));
  else
    /* Translators: %s is the system's reason, "Input/output error". */
    why = g_strdup_printf (_("it cannot be read (%s)."), g_strerror (saved_errno));
  set_not_importable (error, g_io_error_from_errno (saved_errno), path, why);
}

/* Reads up to @size bytes; FALSE (errno set) on a read error. */
static gboolean
read_up_to (int     fd,
            guint8 *buffer,
            gsize   size,
            gsize  *got)
{
  *got = 0;
  while (*got < size)
    {
      gssize n = read (fd, buffer + *got, size - *got);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return FALSE;
      if (n == 0)
        break;
      *got += n;
    }
  return TRUE;
}

gboolean
epistle_import_file (const char           *path,
                     EpistleImportFormat  *format_out,
                     EpistleImportBatch  **batch,
                     GError              **error)
{
  g_autoptr(GError) local = NULL;
  g_autofree guint8 *data = NULL;
  EpistleImportFormat format;
  const char *why = NULL;
  struct stat st;
  gsize got;
  gboolean ok;
  int fd;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (batch != NULL && *batch == NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (format_out != NULL)
    *format_out = EPISTLE_IMPORT_FORMAT_UNKNOWN;

  fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK, 0);
  if (fd < 0)
    {
      set_errno_error (error, path, errno);
      return FALSE;
    }
  if (fstat (fd, &st) != 0)
    {
      int saved_errno = errno;

      close (fd);
      set_errno_error (error, path, saved_errno);
      return FALSE;
    }
  /* Reading a FIFO or a device could wait forever. */
  if (!S_ISREG (st.st_mode))
    {
      close (fd);
      set_not_importable (error, S_ISDIR (st.st_mode) ? G_IO_ERROR_IS_DIRECTORY : G_IO_ERROR_NOT_REGULAR_FILE,
                          path, S_ISDIR (st.st_mode) ? _("it is a folder.") : _("it is not a regular file."));
      return FALSE;
    }

  data = g_malloc (MIN ((gsize) st.st_size, (gsize) EPISTLE_IMPORT_DETECT_HEAD_SIZE) + 1);
  if (!read_up_to (fd, data, MIN ((gsize) st.st_size, (gsize) EPISTLE_IMPORT_DETECT_HEAD_SIZE), &got))
    {
      int saved_errno = errno;

      close (fd);
      set_errno_error (error, path, saved_errno);
      return FALSE;
    }

  format = detect (data, got, path, &why);
  if (format_out != NULL)
    *format_out = format;
  if (format == EPISTLE_IMPORT_FORMAT_UNKNOWN)
    {
      close (fd);
      set_not_importable (error, G_IO_ERROR_INVALID_DATA, path, why);
      return FALSE;
    }

  if (format == EPISTLE_IMPORT_FORMAT_ZOTERO)
    {
      close (fd);
      ok = epistle_import_parse_zotero (path, batch, &local);
    }
  else
    {
      gsize size = got;

      if (st.st_size > MAX_TEXT_SIZE)
        {
          g_autofree char *size_text = g_format_size (st.st_size);
          g_autofree char *reason = NULL;

          close (fd);
          /* Translators: %s is a size, "300 MB". */
          reason = g_strdup_printf (_("at %s it is too large to be a file of quotations."), size_text);
          set_not_importable (error, G_IO_ERROR_INVALID_DATA, path, reason);
          return FALSE;
        }
      /* The rest of it, as long as fstat said it was. */
      if ((gsize) st.st_size > got)
        {
          gsize more;

          data = g_realloc (data, (gsize) st.st_size + 1);
          if (!read_up_to (fd, data + size, (gsize) st.st_size - size, &more))
            {
              int saved_errno = errno;

              close (fd);
              set_errno_error (error, path, saved_errno);
              return FALSE;
            }
          size += more;
          data = g_realloc (data, size + 1);
        }
      close (fd);
      data[size] = '\0';

      switch (format)
        {
        case EPISTLE_IMPORT_FORMAT_KINDLE:
          ok = epistle_import_parse_kindle ((const char *) data, size, batch, &local);
          break;
        case EPISTLE_IMPORT_FORMAT_CSL_JSON:
          ok = epistle_import_parse_csl_json ((const char *) data, size, batch, &local);
          break;
        case EPISTLE_IMPORT_FORMAT_BIBTEX:
          ok = epistle_import_parse_bibtex ((const char *) data, size, batch, &local);
          break;
        case EPISTLE_IMPORT_FORMAT_READWISE:
          ok = epistle_import_parse_readwise ((const char *) data, size, batch, &local);
          break;
        case EPISTLE_IMPORT_FORMAT_UNKNOWN:
        case EPISTLE_IMPORT_FORMAT_ZOTERO:
        default:
          g_assert_not_reached ();
        }
    }

  if (!ok)
    {
      g_autofree char *name = g_filename_display_basename (path);

      g_clear_pointer (batch, epistle_import_batch_free);
      /* Translators: "“x.txt” cannot be imported. Not a Kindle clippings
       * file: the file is empty." */
      g_set_error (error, G_IO_ERROR,
                   local->domain == G_IO_ERROR ? local->code : G_IO_ERROR_INVALID_DATA,
                   _("“%s” cannot be imported. %s"), name, local->message);
      return FALSE;
    }
  return TRUE;
}
