/* SPDX-License-Identifier: GPL-3.0-or-later
 * epistle-library-search.c — search as you type: whatever the user typed
 * turned into a safe FTS5 query, ranked by relevance then use, filtered
 * by author and tag; the matched words found again in a quote's text for
 * highlighting; the authors and tags the filters offer. */

#include "config.h"

#include <string.h>

#include "epistle-library-private.h"

/* unicode61 takes letters, digits and private-use characters as parts of
 * words (and drops marks); so do we, so that no character the user types
 * reaches FTS5's query syntax unquoted. */
static gboolean
is_word_char (gunichar c)
{
  return g_unichar_isalnum (c) || g_unichar_ismark (c) ||
         g_unichar_type (c) == G_UNICODE_PRIVATE_USE;
}

/* The words of @text as byte ranges: pairs of offsets in @spans. */
static GArray *
split_words (const char *text)
{
  GArray *spans = g_array_new (FALSE, FALSE, sizeof (gsize));
  const char *p = text;

  while (*p != '\0')
    {
      gsize start, end;

      while (*p != '\0' && !is_word_char (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);
      start = p - text;
      while (*p != '\0' && is_word_char (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);
      end = p - text;
      if (end > start)
        {
          g_array_append_val (spans, start);
          g_array_append_val (spans, end);
        }
    }
  return spans;
}

char *
epistle_library_build_match (const char *query)
{
  g_autoptr(GArray) spans = NULL;
  g_autoptr(GString) match = g_string_new (NULL);
  guint n;

  if (query == NULL || !g_utf8_validate (query, -1, NULL))
    return NULL;
  spans = split_words (query);
  n = spans->len / 2;
  if (n == 0)
    return NULL;
  for (guint i = 0; i < n; i++)
    {
      gsize start = g_array_index (spans, gsize, 2 * i);
      gsize end = g_array_index (spans, gsize, 2 * i + 1);

      if (i > 0)
        g_string_append (match, " AND ");
      /* An FTS5 string: inner quotes doubled (none survive the split
       * above, but the quoting must not depend on it). */
      g_string_append_c (match, '"');
      for (gsize k = start; k < end; k++)
        {
          if (query[k] == '"')
            g_string_append_c (match, '"');
          g_string_append_c (match, query[k]);
        }
      g_string_append_c (match, '"');
      /* The word being typed is a prefix. */
      if (i == n - 1)
        g_string_append_c (match, '*');
    }
  return g_string_free (g_steal_pointer (&match), FALSE);
}

char *
epistle_library_snippet_to_markup (const char *snippet)
{
  GString *out = g_string_new (NULL);

  for (const char *p = snippet; p != NULL && *p != '\0';)
    {
      const char *mark = strpbrk (p, "\x02\x03");
      gsize length = mark != NULL ? (gsize) (mark - p) : strlen (p);
      g_autofree char *escaped = g_markup_escape_text (p, (gssize) length);

      g_string_append (out, escaped);
      if (mark == NULL)
        break;
      g_string_append (out, *mark == '\x02' ? "<b>" : "</b>");
      p = mark + 1;
    }
  return g_string_free (out, FALSE);
}

/* --------------------------------------------------------------------------
 * Highlighting
 * ------------------------------------------------------------------------ */

/* Whether the word @folded is one the query asks for: equal to one of its
 * words, or starting with the last (the one being typed) — what FTS5
 * matched, found again in the text. */
static gboolean
word_matches (const char *folded,
              GPtrArray  *terms)
{
  for (guint i = 0; i < terms->len; i++)
    {
      const char *term = g_ptr_array_index (terms, i);

      if (i == terms->len - 1 ? g_str_has_prefix (folded, term) : g_str_equal (folded, term))
        return TRUE;
    }
  return FALSE;
}

/* One word of a text, folded as the index folds it; most words are plain
 * ASCII, lowered without the Unicode machinery (a list row highlights a
 * few hundred words each time it is bound). */
static char *
fold_word (const char *word,
           gsize       length)
{
  g_autofree char *copy = NULL;

  for (gsize i = 0; i < length; i++)
    if ((guchar) word[i] >= 0x80)
      {
        copy = g_strndup (word, length);
        return _epistle_library_fold_text (copy);
      }
  return g_ascii_strdown (word, (gssize) length);
}

char *
epistle_library_highlight (const char *text,
                           const char *query,
                           guint       context_words)
{
  g_autoptr(GPtrArray) terms = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) query_spans = NULL;
  g_autoptr(GArray) spans = NULL;
  g_autofree gboolean *hit = NULL;
  GString *out;
  guint n, first_hit = G_MAXUINT, from = 0, to;

  g_return_val_if_fail (text != NULL, NULL);

  if (query != NULL && g_utf8_validate (query, -1, NULL))
    {
      query_spans = split_words (query);
      for (guint i = 0; i < query_spans->len / 2; i++)
        {
          gsize start = g_array_index (query_spans, gsize, 2 * i);
          gsize end = g_array_index (query_spans, gsize, 2 * i + 1);
          g_autofree char *word = g_strndup (query + start, end - start);
          char *folded = _epistle_library_fold_text (word);

          if (*folded != '\0')
            g_ptr_array_add (terms, folded);
          else
            g_free (folded);
        }
    }

  spans = split_words (text);
  n = spans->len / 2;
  hit = g_new0 (gboolean, n + 1);
  for (guint i = 0; i < n && terms->len > 0; i++)
    {
      gsize start = g_array_index (spans, gsize, 2 * i);
      gsize end = g_array_index (spans, gsize, 2 * i + 1);
      g_autofree char *folded = fold_word (text + start, end - start);

      hit[i] = word_matches (folded, terms);
      if (hit[i] && first_hit == G_MAXUINT)
        first_hit = i;
    }

  /* The window: the whole text when it is short enough, else
   * @context_words words from a little before the first match. */
  to = n;
  if (context_words > 0 && n > context_words)
    {
      if (first_hit != G_MAXUINT && first_hit >= context_words / 2)
        from = MIN (first_hit - context_words / 4, n - context_words);
      to = from + context_words;
    }

  out = g_string_new (NULL);
  if (from > 0)
    g_string_append (out, "…");
  for (guint i = from; i < to; i++)
    {
      gsize start = g_array_index (spans, gsize, 2 * i);
      gsize end = g_array_index (spans, gsize, 2 * i + 1);

      if (i == 0)   /* what comes before the first word: “, — */
        g_string_append_len (out, text, start);
      if (hit[i])
        g_string_append_c (out, '\x02');
      g_string_append_len (out, text + start, end - start);
      if (hit[i])
        g_string_append_c (out, '\x03');
      if (i + 1 < to)
        g_string_append_len (out, text + end, g_array_index (spans, gsize, 2 * (i + 1)) - end);
      else if (to == n)
        g_string_append (out, text + end);
    }
  if (n == 0)
    g_string_append (out, text);
  else if (to < n)
    g_string_append (out, "…");
  return g_string_free (out, FALSE);
}

/* --------------------------------------------------------------------------
 * Search
 * ------------------------------------------------------------------------ */

/* A single word of one or two characters. */
static gboolean
is_short_query (const char *query)
{
  glong chars = 0;
  guint words = 0;
  gboolean in_word = FALSE;

  for (const char *p = query; *p != '\0'; p = g_utf8_next_char (p))
    {
      gboolean word = is_word_char (g_utf8_get_char (p));

      if (word && !in_word)
        words++;
      if (word)
        chars++;
      in_word = word;
    }
  return words == 1 && chars <= 2;
}

/* Text counts most, then author and title, tags, the note last.  The
 * score is computed by bm25() in the select list, not as FTS5's rank
 * column: that one is evaluated again, with its per-query statistics
 * (a walk over every match), for each row it returns. */
#define BM25 "bm25 (quotes_fts, 1.0, 0.5, 1.0, 2.0, 1.5)"
/* Relevance is computed over the newest this many matches: bm25 costs
 * a few µs a match, and a common word in a 100,000-quote library matches
 * tens of thousands — which would take the search past the 5 ms a
 * keystroke may cost.  More words narrow it below the window. */
#define RANK_WINDOW 500

/* Quotes by that author (the source's authors exactly) and with that tag. */
#define FILTER_SQL                                                               \
  "(?6 IS NULL OR s.authors = ?6) AND"                                           \
  " (?7 IS NULL OR EXISTS (SELECT 1 FROM quote_tags qt JOIN tags t ON t.id = qt.tag_id" \
  "                       WHERE qt.quote_id = q.id AND t.name = ?7))"      \
  " AND (?8 = 0 OR q.source_id = ?8)"

#define RECENT_ORDER "coalesce (q.last_used, 0) DESC, q.created DESC, q.id DESC"

static gboolean
filter_is_set (const EpistleLibraryFilter *filter)
{
  return filter != NULL && (filter->author != NULL || filter->tag != NULL || filter->source_id != 0);
}

static void
bind_filter (sqlite3_stmt               *stmt,
             const EpistleLibraryFilter *filter)
{
  _epistle_library_bind_text (stmt, 6, filter != NULL ? filter->author : NULL);
  _epistle_library_bind_text (stmt, 7, filter != NULL ? filter->tag : NULL);
  sqlite3_bind_int64 (stmt, 8, filter != NULL ? filter->source_id : 0);
}

/* The rowid of the RANK_WINDOW-th newest quote matching @match, or 0 when
 * fewer match.  Looked up on its own: as a subquery of the ranked one it
 * costs a millisecond more. */
static gboolean
window_start (EpistleLibrary *self,
              const char     *match,
              gint64         *rowid,
              GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = _epistle_library_prepare (self,
                                   "SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?1"
                                   " ORDER BY rowid DESC LIMIT 1 OFFSET ?2",
                                   error);
  if (stmt == NULL)
    return FALSE;
  _epistle_library_bind_text (stmt, 1, match);
  sqlite3_bind_int (stmt, 2, RANK_WINDOW - 1);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _epistle_library_set_error (self, error, rc);
      return FALSE;
    }
  *rowid = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
  return TRUE;
}

/* Steps @stmt (bound), appending its quotes to @results. */
static gboolean
collect (EpistleLibrary             *self,
         sqlite3_stmt               *stmt,
         const char                 *query,
         EpistleLibrarySearchFlags   flags,
         GPtrArray                  *results,
         GError                    **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      EpistleLibraryQuote *quote = _epistle_library_quote_from_row (stmt);

      if (flags & EPISTLE_LIBRARY_SEARCH_SNIPPET)
        quote->snippet = epistle_library_highlight (quote->text, query, 24);
      g_ptr_array_add (results, quote);
    }
  if (rc != SQLITE_DONE)
    {
      _epistle_library_set_error (self, error, rc);
      return FALSE;
    }
  return TRUE;
}

static sqlite3_stmt *
prepare_bound (EpistleLibrary             *self,
               const char                 *sql,
               const char                 *match,
               const EpistleLibraryFilter *filter,
               gint64                      limit,
               gint64                      offset,
               GError                    **error)
{
  sqlite3_stmt *stmt = _epistle_library_prepare (self, sql, error);

  if (stmt == NULL)
    return NULL;
  if (match != NULL)
    _epistle_library_bind_text (stmt, 1, match);
  sqlite3_bind_int64 (stmt, 2, limit);
  sqlite3_bind_int64 (stmt, 3, offset);
  sqlite3_bind_int64 (stmt, 4, limit >= 0 ? offset + limit : -1);   /* newest-first inner pages */
  bind_filter (stmt, filter);
  return stmt;
}

GPtrArray *
epistle_library_search (EpistleLibrary             *self,
                        const char                 *query,
                        const EpistleLibraryFilter *filter,
                        guint                       limit,
                        guint                       offset,
                        EpistleLibrarySearchFlags   flags,
                        GError                    **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(sqlite3_stmt) tail = NULL;
  g_autofree char *match = NULL;
  gint64 want = limit > 0 ? (gint64) limit : -1;
  const char *sql;

  g_return_val_if_fail (self != NULL, NULL);
  locker = g_mutex_locker_new (&self->mutex);
  match = epistle_library_build_match (query);
  results = g_ptr_array_new_with_free_func ((GDestroyNotify) epistle_library_quote_free);

  if (match == NULL)
    sql = "SELECT " QUOTE_COLUMNS " FROM quotes q"
          " LEFT JOIN sources s ON s.id = q.source_id"
          " WHERE " FILTER_SQL
          " ORDER BY " RECENT_ORDER " LIMIT ?2 OFFSET ?3";
  else if (filter_is_set (filter))
    /* The quotes of one author or tag are few next to the library: every
     * match that passes the filter is ranked. */
    sql = "SELECT " QUOTE_COLUMNS ", " BM25 " AS score"
          " FROM quotes_fts JOIN quotes q ON q.id = quotes_fts.rowid"
          " LEFT JOIN sources s ON s.id = q.source_id"
          " WHERE quotes_fts MATCH ?1 AND " FILTER_SQL
          " ORDER BY score, " RECENT_ORDER " LIMIT ?2 OFFSET ?3";
  else if (is_short_query (query))
    /* One or two letters match most of a large library: relevance among
     * tens of thousands means nothing and costs ~50 ms to compute, so the
     * newest matching quotes are shown until a third letter is typed —
     * FTS5 walks its doclist backwards and stops at the page. */
    sql = "SELECT " QUOTE_COLUMNS " FROM"
          " (SELECT rowid AS id FROM quotes_fts WHERE quotes_fts MATCH ?1"
          "  ORDER BY rowid DESC LIMIT ?4) h"
          " JOIN quotes q ON q.id = h.id"
          " LEFT JOIN sources s ON s.id = q.source_id"
          " ORDER BY h.id DESC LIMIT ?2 OFFSET ?3";
  else
    {
      gint64 first_rowid = 0;
      gint64 ranked_want = want, tail_want = 0, tail_offset = 0;

      /* The newest RANK_WINDOW matches are ranked; any older ones follow
       * them, newest first, so that every match is listed once, pages
       * agree with each other and the count holds. */
      if (!window_start (self, match, &first_rowid, error))
        return NULL;
      if (first_rowid > 0)
        {
          gint64 end = want < 0 ? G_MAXINT64 : (gint64) offset + want;

          ranked_want = (gint64) offset >= RANK_WINDOW ? 0 : MIN (end, RANK_WINDOW) - (gint64) offset;
          tail_offset = MAX ((gint64) offset - RANK_WINDOW, 0);
          tail_want = want < 0 ? -1 : want - ranked_want;
        }
      if (ranked_want != 0)
        {
          stmt = prepare_bound (self,
                                /* Every row of the window scored, sorted with
                                 * its tie-breaks, and only the page's rows
                                 * read whole. */
                                "SELECT " QUOTE_COLUMNS " FROM"
                                " (SELECT h.id AS id, h.score AS score,"
                                "         coalesce (r.last_used, 0) AS used, r.created AS created"
                                "  FROM (SELECT rowid AS id, " BM25 " AS score FROM quotes_fts"
                                "        WHERE quotes_fts MATCH ?1 AND rowid >= ?5) h"
                                "  JOIN quotes r ON r.id = h.id"
                                "  ORDER BY score, used DESC, created DESC, id DESC"
                                "  LIMIT ?2 OFFSET ?3) p"
                                " JOIN quotes q ON q.id = p.id"
                                " LEFT JOIN sources s ON s.id = q.source_id"
                                " ORDER BY p.score, p.used DESC, p.created DESC, p.id DESC",
                                match, NULL, ranked_want, offset, error);
          if (stmt == NULL)
            return NULL;
          sqlite3_bind_int64 (stmt, 5, first_rowid);
          if (!collect (self, stmt, query, flags, results, error))
            return NULL;
        }
      if (tail_want != 0)
        {
          tail = prepare_bound (self,
                                "SELECT " QUOTE_COLUMNS " FROM"
                                " (SELECT rowid AS id FROM quotes_fts WHERE quotes_fts MATCH ?1"
                                "  AND rowid < ?5 ORDER BY rowid DESC LIMIT ?4) h"
                                " JOIN quotes q ON q.id = h.id"
                                " LEFT JOIN sources s ON s.id = q.source_id"
                                " ORDER BY h.id DESC LIMIT ?2 OFFSET ?3",
                                match, NULL, tail_want, tail_offset, error);
          if (tail == NULL)
            return NULL;
          sqlite3_bind_int64 (tail, 5, first_rowid);
          if (!collect (self, tail, query, flags, results, error))
            return NULL;
        }
      return g_steal_pointer (&results);
    }

  stmt = prepare_bound (self, sql, match, filter, want, offset, error);
  if (stmt == NULL || !collect (self, stmt, query, flags, results, error))
    return NULL;
  return g_steal_pointer (&results);
}

gint64
epistle_library_count_at_most (EpistleLibrary             *self,
                               const char                 *query,
                               const EpistleLibraryFilter *filter,
                               gint64                      at_most,
                               GError                    **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *match = NULL;
  g_autofree char *sql = NULL;
  const char *rows;
  int rc;

  g_return_val_if_fail (self != NULL, -1);
  locker = g_mutex_locker_new (&self->mutex);
  match = epistle_library_build_match (query);
  if (match == NULL && !filter_is_set (filter))
    rows = "SELECT 1 FROM quotes";
  else if (match == NULL)
    rows = "SELECT 1 FROM quotes q LEFT JOIN sources s ON s.id = q.source_id WHERE " FILTER_SQL;
  else if (!filter_is_set (filter))
    rows = "SELECT 1 FROM quotes_fts WHERE quotes_fts MATCH ?1";
  else
    rows = "SELECT 1 FROM quotes_fts JOIN quotes q ON q.id = quotes_fts.rowid"
           " LEFT JOIN sources s ON s.id = q.source_id"
           " WHERE quotes_fts MATCH ?1 AND " FILTER_SQL;
  /* Counting stops at the bound: a letter or two match most of a large
   * library, and walking all of that is what a keystroke cannot wait for. */
  if (at_most >= 0)
    sql = g_strdup_printf ("SELECT count(*) FROM (%s LIMIT ?9)", rows);
  else
    sql = g_strdup_printf ("SELECT count(*) %s", rows + strlen ("SELECT 1 "));
  stmt = _epistle_library_prepare (self, sql, error);
  if (stmt == NULL)
    return -1;
  if (match != NULL)
    _epistle_library_bind_text (stmt, 1, match);
  if (filter_is_set (filter))
    bind_filter (stmt, filter);
  if (at_most >= 0)
    sqlite3_bind_int64 (stmt, 9, at_most);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      _epistle_library_set_error (self, error, rc);
      return -1;
    }
  return sqlite3_column_int64 (stmt, 0);
}

gint64
epistle_library_count (EpistleLibrary             *self,
                       const char                 *query,
                       const EpistleLibraryFilter *filter,
                       GError                    **error)
{
  return epistle_library_count_at_most (self, query, filter, -1, error);
}

/* --------------------------------------------------------------------------
 * Facets
 * ------------------------------------------------------------------------ */

void
epistle_library_facet_free (EpistleLibraryFacet *facet)
{
  if (facet == NULL)
    return;
  g_free (facet->name);
  g_free (facet);
}

GPtrArray *
epistle_library_list_facets (EpistleLibrary          *self,
                             EpistleLibraryFacetKind  kind,
                             guint                    limit,
                             GError                 **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GPtrArray) facets = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (self != NULL, NULL);
  locker = g_mutex_locker_new (&self->mutex);
  if (kind == EPISTLE_LIBRARY_FACET_AUTHOR)
    stmt = _epistle_library_prepare (self,
                                     "SELECT s.authors, count(*) AS n FROM quotes q JOIN sources s ON s.id = q.source_id"
                                     " WHERE s.authors IS NOT NULL AND s.authors != ''"
                                     " GROUP BY s.authors ORDER BY n DESC, s.authors LIMIT ?1",
                                     error);
  else
    stmt = _epistle_library_prepare (self,
                                     "SELECT t.name, count(*) AS n FROM quote_tags qt JOIN tags t ON t.id = qt.tag_id"
                                     " GROUP BY t.id ORDER BY n DESC, t.name LIMIT ?1",
                                     error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, limit > 0 ? (gint64) limit : -1);
  facets = g_ptr_array_new_with_free_func ((GDestroyNotify) epistle_library_facet_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      EpistleLibraryFacet *facet = g_new0 (EpistleLibraryFacet, 1);

      facet->name = _epistle_library_column_text (stmt, 0);
      facet->count = sqlite3_column_int64 (stmt, 1);
      g_ptr_array_add (facets, facet);
    }
  if (rc != SQLITE_DONE)
    {
      _epistle_library_set_error (self, error, rc);
      return NULL;
    }
  return g_steal_pointer (&facets);
}
