/* SPDX-License-Identifier: GPL-3.0-or-later
 * epistle-import-kindle.c — reads a Kindle "My Clippings.txt": highlights
 * with their book, page or location and date, notes attached to the
 * highlight they annotate, re-highlights of one passage merged. */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <gio/gio.h>
#include <glib/gi18n.h>

#include "epistle-import-private.h"

/* Kindle writes headers of a few dozen bytes; looking at more than this
 * would only let a hostile line cost time. */
#define MAX_HEADER 512

/* At most this many numbers are looked at in one part of a header. */
#define MAX_NUMBERS 8

/* How many earlier highlights a highlight or a note is compared with:
 * the ones on its page, in practice. */
#define LOOK_BACK 64

typedef enum {
  KIND_UNKNOWN,
  KIND_HIGHLIGHT,
  KIND_NOTE,
  KIND_BOOKMARK,
} Kind;

typedef struct {
  gint64  start;
  gint64  end;
  char   *text;     /* as written: "180-183" */
} Range;

typedef struct {
  guint     line;
  guint     index;
  Kind      kind;
  char     *book;     /* the title line, the key of the book */
  char     *text;
  Range     page;     /* start < 0 when absent */
  Range     location;
  gint64    created;
  /* After merging: the winner of a group of re-highlights and the range
   * all of them covered, where their notes may sit. */
  gboolean  merged;
  gint64    span_start;
  gint64    span_end;
  GString  *note;
} Clip;

static void
clip_free (gpointer data)
{
  Clip *clip = data;

  g_free (clip->book);
  g_free (clip->text);
  g_free (clip->page.text);
  g_free (clip->location.text);
  if (clip->note != NULL)
    g_string_free (clip->note, TRUE);
  g_free (clip);
}

/* --------------------------------------------------------------------------
 * Header keywords.  The header is the line after the title:
 *   en  - Your Highlight on page 12 | Location 180-183 | Added on Monday, March 4, 2019 10:15:02 PM
 *   en  - Highlight Loc. 1520-24 | Added on Monday, March 4, 2019, 10:15 PM   (older Kindles)
 *   fr  - Votre surlignement sur la page 12 | emplacement 180-183 | Ajouté le lundi 4 mars 2019 22:15:02
 *   de  - Ihre Markierung auf Seite 12 | Position 180-183 | Hinzugefügt am Montag, 4. März 2019 22:15:02
 *   es  - Tu subrayado en la página 12 | posición 180-183 | Añadido el lunes, 4 de marzo de 2019 22:15:02
 *   zh  - 您在第 12 页（位置 #180-183）的标注 | 添加于 2019年3月4日星期一 下午10:15:02
 *   ja  - 12ページ|位置No. 180-183のハイライト |作成日: 2019年3月4日月曜日 22:15:02
 * Matching is on the lower-cased header.
 * ------------------------------------------------------------------------ */

static const char * const bookmark_words[] = {
  "bookmark", "signet", "lesezeichen", "marcador", "书签", "書籤", "ブックマーク",
  "segnalibro", "bladwijzer", "закладка", "북마크", NULL
};
static const char * const highlight_words[] = {
  "highlight", "surlign", "markierung", "subrayado", "标注", "標註", "ハイライト",
  "evidenziazione", "destaque", "markering", "выделение", "하이라이트",
  "your clip", "clip", NULL
};
static const char * const note_words[] = {
  "note", "notiz", "nota", "笔记", "筆記", "メモ", "notitie", "заметка", "메모", NULL
};
static const char * const page_words[] = {
  "page", "seite", "página", "pagina", "页", "頁", "ページ", "страница", "페이지", NULL
};
static const char * const location_words[] = {
  "location", "loc.", "emplacement", "position", "posición", "posizione", "posição",
  "位置", "locatie", "позиция", "위치", NULL
};
static const char * const added_words[] = {
  "added on", "ajouté le", "hinzugefügt am", "añadido el", "添加于", "添加於", "追加日",
  "作成日", "aggiunto il", "adicionado", "toegevoegd op", "добавлено", "추가", NULL
};

static const char *
find_any (const char         *haystack,
          const char * const *words,
          gsize              *word_length)
{
  const char *best = NULL;

  for (guint i = 0; words[i] != NULL; i++)
    {
      const char *hit = strstr (haystack, words[i]);

      if (hit != NULL && (best == NULL || hit < best))
        {
          best = hit;
          if (word_length != NULL)
            *word_length = strlen (words[i]);
        }
    }
  return best;
}

static Kind
header_kind (const char *header)
{
  /* Bookmarks first: "marcador" must not read as anything else. */
  if (find_any (header, bookmark_words, NULL) != NULL)
    return KIND_BOOKMARK;
  if (find_any (header, highlight_words, NULL) != NULL)
    return KIND_HIGHLIGHT;
  if (find_any (header, note_words, NULL) != NULL)
    return KIND_NOTE;
  return KIND_UNKNOWN;
}

/* Distance in bytes from the number at [start, end) to the nearest of
 * @words in @segment, or G_MAXSSIZE; *before tells whether it precedes. */
static gssize
keyword_distance (const char         *segment,
                  const char         *start,
                  const char         *end,
                  const char * const *words)
{
  gssize best = G_MAXSSIZE;

  for (guint i = 0; words[i] != NULL; i++)
    {
      gsize len = strlen (words[i]);

      for (const char *hit = strstr (segment, words[i]); hit != NULL; hit = strstr (hit + len, words[i]))
        {
          gssize d;

          if (hit + len <= start)
            d = start - (hit + len);
          else if (hit >= end)
            d = (hit - end) + 1;   /* "12ページ": after the number, a little further */
          else
            continue;
          best = MIN (best, d);
        }
    }
  return best;
}

static gint64
parse_number (const char  *p,
              const char  *end,
              const char **out_end)
{
  gint64 n = 0;

  while (p < end && g_ascii_isdigit (*p))
    {
      if (n < G_MAXINT32)
        n = n * 10 + (*p - '0');
      p++;
    }
  *out_end = p;
  return n;
}

/* Reads "180-183", "180 - 183", "1520-24" (the end written short, as old
 * Kindles do) at @p; returns where it ends. */
static const char *
parse_range (const char *p,
             const char *end,
             Range      *range)
{
  const char *start = p;
  const char *q;
  gint64 first = parse_number (p, end, &p);
  gint64 last = first;

  q = p;
  while (q < end && *q == ' ')
    q++;
  if (q < end && (*q == '-' || (end - q >= 3 && memcmp (q, "–", 3) == 0)))
    {
      q += *q == '-' ? 1 : 3;
      while (q < end && *q == ' ')
        q++;
      if (q < end && g_ascii_isdigit (*q))
        {
          const char *digits = q;
          gint64 second = parse_number (q, end, &q);
          gsize n_digits = q - digits;

          if (second < first && n_digits < (gsize) (p - start))
            {
              /* 1520-24 → 1520-1524 (a scale past @first changes
               * nothing more, and would overflow for long numbers) */
              gint64 scale = 1;

              for (gsize i = 0; i < n_digits && scale <= first; i++)
                scale *= 10;
              second += first - first % scale;
            }
          if (second >= first)
            last = second;
          p = q;
        }
    }

  range->start = first;
  range->end = last;
  g_free (range->text);
  if (last != first)
    range->text = g_strdup_printf ("%" G_GINT64_FORMAT "-%" G_GINT64_FORMAT, first, last);
  else
    range->text = g_strdup_printf ("%" G_GINT64_FORMAT, first);
  return p;
}

/* The numbers of one "|"-separated part go to the page or the location,
 * whichever word is nearest ("page 12", "位置 #180", "12ページ"). */
static void
parse_positions (char *segment,
                 Clip *clip)
{
  const char *end = segment + strlen (segment);
  const char *p = segment;
  guint n = 0;

  while (p < end && n < MAX_NUMBERS)
    {
      Range range = { -1, -1, NULL };
      const char *start;
      gssize to_page, to_location;

      if (!g_ascii_isdigit (*p))
        {
          p++;
          continue;
        }
      start = p;
      p = parse_range (p, end, &range);
      n++;

      to_page = keyword_distance (segment, start, p, page_words);
      to_location = keyword_distance (segment, start, p, location_words);
      if (to_location < G_MAXSSIZE && to_location <= to_page && clip->location.start < 0)
        {
          clip->location = range;
          continue;
        }
      if (to_page < G_MAXSSIZE && clip->page.start < 0)
        {
          clip->page = range;
          continue;
        }
      g_free (range.text);
    }
}

/* "Monday, March 4, 2019 10:15:02 PM", "Monday, 4 March 2019 22:15:02",
 * "2019年3月4日星期一 下午10:15:02" …: local time, as the Kindle shows it. */
static gint64
parse_added (const char *p)
{
  g_autoptr(GDateTime) when = NULL;
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  gboolean pm = FALSE, am = FALSE;

  while (*p != '\0')
    {
      if (g_ascii_isdigit (*p))
        {
          const char *q;
          gint64 n = parse_number (p, p + strlen (p), &q);

          if (*q == ':' && g_ascii_isdigit (q[1]))
            {
              hour = n;
              minute = parse_number (q + 1, q + strlen (q), &q);
              if (*q == ':' && g_ascii_isdigit (q[1]))
                second = parse_number (q + 1, q + strlen (q), &q);
            }
          else if (g_str_has_prefix (q, "年") || q - p == 4)
            year = n;
          else if (g_str_has_prefix (q, "月"))
            month = n;
          else if (g_str_has_prefix (q, "日") || day == 0)
            day = n;
          p = q;
        }
      else if (g_unichar_isalpha (g_utf8_get_char (p)))
        {
          const char *q = p;
          g_autofree char *word = NULL;

          while (*q != '\0' && g_unichar_isalpha (g_utf8_get_char (q)) &&
                 !g_str_has_prefix (q, "年") && !g_str_has_prefix (q, "月") && !g_str_has_prefix (q, "日"))
            q = g_utf8_next_char (q);
          if (q == p)
            q = g_utf8_next_char (p);
          word = g_strndup (p, q - p);
          if (g_str_equal (word, "pm") || strstr (word, "下午") != NULL || strstr (word, "午後") != NULL || strstr (word, "오후") != NULL)
            pm = TRUE;
          else if (g_str_equal (word, "am") || strstr (word, "上午") != NULL || strstr (word, "午前") != NULL || strstr (word, "오전") != NULL)
            am = TRUE;
          else if (month == 0)
            month = _epistle_import_parse_month (word);
          p = q;
        }
      else
        p = g_utf8_next_char (p);
    }

  if (pm && hour < 12)
    hour += 12;
  else if (am && hour == 12)
    hour = 0;
  if (year < 1970 || month < 1 || month > 12 || day < 1 || day > 31 ||
      hour > 23 || minute > 59 || second > 59)
    return 0;
  when = g_date_time_new_local (year, month, day, hour, minute, second);
  return when != NULL ? g_date_time_to_unix (when) : 0;
}

static Kind
parse_header (const char *line,
              gsize       length,
              Clip       *clip)
{
  g_autofree char *lower = NULL;
  g_auto(GStrv) segments = NULL;
  const char *end;
  Kind kind;

  if (length > MAX_HEADER)
    {
      end = g_utf8_find_prev_char (line, line + MAX_HEADER + 1);
      length = end != NULL ? (gsize) (end - line) : 0;
    }
  lower = g_utf8_strdown (line, length);
  kind = header_kind (lower);
  if (kind == KIND_UNKNOWN)
    return kind;

  segments = g_strsplit (lower, "|", 8);
  for (guint i = 0; segments[i] != NULL; i++)
    {
      gsize added_len = 0;
      const char *added = find_any (segments[i], added_words, &added_len);

      if (added != NULL)
        {
          clip->created = parse_added (added + added_len);
          continue;
        }
      parse_positions (segments[i], clip);
    }
  return kind;
}

/* --------------------------------------------------------------------------
 * Books
 * ------------------------------------------------------------------------ */

/* "Title (Author)": the author is in the last parentheses, whatever the
 * title holds ("Book (Vol. 2) (Smith, John)"); authors are split at ";". */
static char *
book_to_csl (const char *line)
{
  g_autoptr(JsonObject) item = json_object_new ();
  g_autofree char *title = NULL;
  gsize len = strlen (line);
  const char *open = NULL;

  if (len > 0 && line[len - 1] == ')')
    {
      int depth = 0;

      for (const char *p = line + len - 1; p >= line; p--)
        {
          if (*p == ')')
            depth++;
          else if (*p == '(' && --depth == 0)
            {
              open = p;
              break;
            }
        }
    }

  json_object_set_string_member (item, "type", "book");
  if (open != NULL && open > line)
    {
      JsonNode *authors = _epistle_import_parse_names (open + 1, line + len - 1 - (open + 1), ";", NULL);

      title = _epistle_import_strip (line, open - line);
      if (authors != NULL)
        json_object_set_member (item, "author", authors);
    }
  else
    title = g_strdup (line);

  if (*title != '\0')
    json_object_set_string_member (item, "title", title);
  return _epistle_import_to_json (item);
}

/* --------------------------------------------------------------------------
 * Entries
 * ------------------------------------------------------------------------ */

typedef struct {
  const char *start;
  gsize       length;
} Line;

static gboolean
is_separator (const Line *line)
{
  const char *p = line->start;
  const char *end = p + line->length;

  while (end > p && g_ascii_isspace (end[-1]))
    end--;
  if (end - p != 10)
    return FALSE;
  for (; p < end; p++)
    if (*p != '=')
      return FALSE;
  return TRUE;
}

static void
strip_bom_and_blanks (const char **p,
                      gsize       *length)
{
  for (;;)
    {
      if (*length >= 3 && memcmp (*p, "\xEF\xBB\xBF", 3) == 0)
        {
          *p += 3;
          *length -= 3;
        }
      else if (*length > 0 && g_ascii_isspace (**p))
        {
          (*p)++;
          (*length)--;
        }
      else
        break;
    }
  while (*length > 0 && g_ascii_isspace ((*p)[*length - 1]))
    (*length)--;
}

/* Reads one entry: a title, a header, a blank line and the text.
 * Returns NULL and reports it when it is not a clipping. */
static Clip *
parse_entry (EpistleImportBatch *batch,
             const Line         *lines,
             guint               n_lines,
             guint               first_line,
             gboolean           *recognized)
{
  g_autoptr(GString) text = g_string_new (NULL);
  const char *title;
  gsize title_len;
  guint i = 0;
  Clip *clip;

  while (i < n_lines && _epistle_import_is_blank (lines[i].start, lines[i].length))
    i++;
  if (i == n_lines)
    return NULL;   /* an empty entry: the file's end, or "==========" twice */

  for (guint j = i; j < n_lines; j++)
    if (!g_utf8_validate_len (lines[j].start, lines[j].length, NULL))
      {
        epistle_import_batch_skip (batch, first_line + i,
                                   _("The clipping is not valid UTF-8 text."));
        return NULL;
      }

  clip = g_new0 (Clip, 1);
  clip->line = first_line + i;
  clip->page.start = clip->location.start = -1;

  title = lines[i].start;
  title_len = lines[i].length;
  strip_bom_and_blanks (&title, &title_len);
  clip->book = g_strndup (title, title_len);
  i++;

  if (i == n_lines ||
      (clip->kind = parse_header (lines[i].start, lines[i].length, clip)) == KIND_UNKNOWN)
    {
      epistle_import_batch_skip (batch, clip->line,
                                 _("The entry has no “- Your Highlight …” line after its title."));
      clip_free (clip);
      return NULL;
    }
  *recognized = TRUE;
  i++;

  for (; i < n_lines; i++)
    {
      if (text->len > 0 || !_epistle_import_is_blank (lines[i].start, lines[i].length))
        {
          if (text->len > 0)
            g_string_append_c (text, '\n');
          g_string_append_len (text, lines[i].start, lines[i].length);
        }
    }
  clip->text = _epistle_import_strip (text->str, text->len);
  if (clip->book[0] == '\0')
    {
      epistle_import_batch_skip (batch, clip->line, _("The clipping has no book title."));
      clip_free (clip);
      return NULL;
    }
  return clip;
}

/* --------------------------------------------------------------------------
 * Merging re-highlights and attaching notes
 * ------------------------------------------------------------------------ */

static gboolean
clip_has_location (const Clip *clip)
{
  return clip->location.start >= 0;
}

static const Range *
clip_position (const Clip *clip)
{
  return clip_has_location (clip) ? &clip->location : &clip->page;
}

static int
compare_position (gconstpointer a,
                  gconstpointer b)
{
  const Clip *x = *(Clip * const *) a;
  const Clip *y = *(Clip * const *) b;
  int c = strcmp (x->book, y->book);

  if (c != 0)
    return c;
  if (clip_has_location (x) != clip_has_location (y))
    return clip_has_location (x) ? -1 : 1;
  if (clip_position (x)->start != clip_position (y)->start)
    return clip_position (x)->start < clip_position (y)->start ? -1 : 1;
  return x->index < y->index ? -1 : x->index > y->index;
}

static int
compare_index (gconstpointer a,
               gconstpointer b)
{
  const Clip *x = *(Clip * const *) a;
  const Clip *y = *(Clip * const *) b;

  return x->index < y->index ? -1 : x->index > y->index;
}

static gboolean
same_group (const Clip *group,
            const Clip *next)
{
  if (strcmp (group->book, next->book) != 0 ||
      clip_has_location (group) != clip_has_location (next) ||
      clip_position (next)->start < 0)
    return FALSE;
  if (clip_position (next)->start > group->span_end)
    return FALSE;
  /* Locations are a few words apart, so overlapping ones are one passage;
   * a page holds many highlights, so there one text must hold the other. */
  if (clip_has_location (next))
    return TRUE;
  return strstr (group->text, next->text) != NULL || strstr (next->text, group->text) != NULL;
}

/* Sorted by book and position, overlapping highlights are neighbours: one
 * sweep keeps the longest text of each run, looking back over the runs
 * that may still overlap (one for locations, which never overlap once
 * merged; a few for pages).  Returns the winners, sorted. */
static GPtrArray *
merge_highlights (GPtrArray *highlights,
                  guint     *merged)
{
  GPtrArray *winners = g_ptr_array_new ();

  g_ptr_array_sort (highlights, compare_position);
  for (guint i = 0; i < highlights->len; i++)
    {
      Clip *clip = g_ptr_array_index (highlights, i);
      const Range *pos = clip_position (clip);
      gboolean folded = FALSE;

      clip->span_start = pos->start;
      clip->span_end = pos->end;
      for (guint back = 0; back < MIN (winners->len, LOOK_BACK) && !folded; back++)
        {
          guint slot = winners->len - 1 - back;
          Clip *group = g_ptr_array_index (winners, slot);
          Clip *keep, *drop;

          if (strcmp (group->book, clip->book) != 0 ||
              clip_has_location (group) != clip_has_location (clip))
            break;
          if (!same_group (group, clip))
            {
              if (clip_has_location (clip))
                break;
              continue;
            }
          keep = strlen (clip->text) > strlen (group->text) ? clip : group;
          drop = keep == clip ? group : clip;
          keep->span_start = MIN (group->span_start, clip->span_start);
          keep->span_end = MAX (group->span_end, clip->span_end);
          drop->merged = TRUE;
          (*merged)++;
          winners->pdata[slot] = keep;
          folded = TRUE;
        }
      if (!folded)
        g_ptr_array_add (winners, clip);
    }
  return winners;
}

static Clip *
find_annotated (GPtrArray  *winners,
                const Clip *note)
{
  const Range *pos = clip_position (note);
  gint64 at = pos->start;
  guint lo = 0, hi = winners->len;
  Clip *best = NULL;

  if (at < 0)
    return NULL;

  /* The last winner before or at the note, in the sort order. */
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      const Clip *w = g_ptr_array_index (winners, mid);
      int c = strcmp (w->book, note->book);

      if (c == 0 && clip_has_location (w) != clip_has_location (note))
        c = clip_has_location (w) ? -1 : 1;
      if (c == 0)
        c = w->span_start <= at ? -1 : 1;
      if (c < 0)
        lo = mid + 1;
      else
        hi = mid;
    }

  /* Highlights of one page all hold a note on that page: the one made
   * nearest in time to the note is the one it annotates. */
  for (guint i = lo, n = 0; i > 0 && n < LOOK_BACK; i--, n++)
    {
      Clip *w = g_ptr_array_index (winners, i - 1);

      if (strcmp (w->book, note->book) != 0 || clip_has_location (w) != clip_has_location (note))
        break;
      if (w->span_start <= at && at <= w->span_end &&
          (best == NULL || ABS (w->created - note->created) < ABS (best->created - note->created)))
        best = w;
    }
  return best;
}

static void
emit_quote (EpistleImportBatch *batch,
            GHashTable         *books,
            Clip               *clip)
{
  EpistleImportQuote *quote = epistle_import_quote_new ();
  const char *csl = g_hash_table_lookup (books, clip->book);

  if (csl == NULL)
    {
      csl = book_to_csl (clip->book);
      g_hash_table_insert (books, g_strdup (clip->book), (char *) csl);
    }
  quote->csl_json = g_strdup (csl);
  quote->text = g_steal_pointer (&clip->text);
  if (clip->note != NULL)
    quote->note = g_string_free (g_steal_pointer (&clip->note), FALSE);
  if (clip->page.start >= 0)
    {
      quote->locator = g_steal_pointer (&clip->page.text);
      quote->locator_label = g_strdup ("page");
    }
  else if (clip->location.start >= 0)
    {
      quote->locator = g_steal_pointer (&clip->location.text);
      quote->locator_label = g_strdup ("location");
    }
  quote->created = clip->created;
  quote->line = clip->line;
  _epistle_import_add_quote (batch, quote);
}

gboolean
epistle_import_parse_kindle (const char          *text,
                             gssize               length,
                             EpistleImportBatch **out_batch,
                             GError             **error)
{
  g_autoptr(EpistleImportBatch) batch = NULL;
  g_autoptr(GPtrArray) clips = g_ptr_array_new_with_free_func (clip_free);
  g_autoptr(GPtrArray) highlights = g_ptr_array_new ();
  g_autoptr(GPtrArray) notes = g_ptr_array_new ();
  g_autoptr(GPtrArray) winners = NULL;
  g_autoptr(GHashTable) books = NULL;
  g_autoptr(GArray) lines = g_array_new (FALSE, FALSE, sizeof (Line));
  const char *format = _("Kindle “My Clippings.txt”");
  gboolean recognized = FALSE;
  const char *p, *end;
  guint entry_line = 1;
  gsize len;

  g_return_val_if_fail (out_batch != NULL, FALSE);

  if (!_epistle_import_begin (text, length, format, &p, &len, error))
    return FALSE;
  end = p + len;
  batch = epistle_import_batch_new ();

  /* Entries are the lines between "==========" lines. */
  for (guint line_no = 1; ; line_no++)
    {
      const char *nl = p < end ? memchr (p, '\n', end - p) : NULL;
      Line line = { p, (nl != NULL ? nl : end) - p };
      gboolean last = nl == NULL;

      if (line.length > 0 && line.start[line.length - 1] == '\r')
        line.length--;

      if (!last || line.length > 0)
        {
          if (is_separator (&line))
            {
              Clip *clip = parse_entry (batch, (const Line *) (const void *) lines->data, lines->len, entry_line, &recognized);

              if (clip != NULL)
                {
                  clip->index = clips->len;
                  g_ptr_array_add (clips, clip);
                }
              g_array_set_size (lines, 0);
              entry_line = line_no + 1;
            }
          else
            g_array_append_val (lines, line);
        }
      if (last)
        break;
      p = nl + 1;
    }
  if (lines->len > 0)
    {
      /* A last entry without its "==========" (a truncated file). */
      Clip *clip = parse_entry (batch, (const Line *) (const void *) lines->data, lines->len, entry_line, &recognized);

      if (clip != NULL)
        {
          clip->index = clips->len;
          g_ptr_array_add (clips, clip);
        }
    }

  if (!recognized)
    {
      _epistle_import_set_not_format (error, format,
                                      _("no entry has a title line followed by a “- Your Highlight …” line."));
      return FALSE;
    }

  for (guint i = 0; i < clips->len; i++)
    {
      Clip *clip = g_ptr_array_index (clips, i);

      switch (clip->kind)
        {
        case KIND_HIGHLIGHT:
          if (clip->text[0] == '\0')
            epistle_import_batch_skip (batch, clip->line, _("The highlight is empty."));
          else
            g_ptr_array_add (highlights, clip);
          break;
        case KIND_NOTE:
          if (clip->text[0] == '\0')
            epistle_import_batch_skip (batch, clip->line, _("The note is empty."));
          else
            g_ptr_array_add (notes, clip);
          break;
        case KIND_BOOKMARK:
        case KIND_UNKNOWN:
        default:
          break;   /* a bookmark marks a place, it quotes nothing */
        }
    }

  winners = merge_highlights (highlights, &batch->merged);

  for (guint i = 0; i < notes->len; i++)
    {
      Clip *note = g_ptr_array_index (notes, i);
      Clip *target = find_annotated (winners, note);

      if (target == NULL)
        {
          epistle_import_batch_skip (batch, note->line,
                                     _("The note is not at the place of any highlight of its book."));
          continue;
        }
      if (target->note == NULL)
        target->note = g_string_new (note->text);
      else
        g_string_append_printf (target->note, "\n\n%s", note->text);
    }

  g_ptr_array_sort (winners, compare_index);
  books = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; i < winners->len; i++)
    emit_quote (batch, books, g_ptr_array_index (winners, i));

  *out_batch = g_steal_pointer (&batch);
  return TRUE;
}
