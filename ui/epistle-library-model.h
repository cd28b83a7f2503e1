/* SPDX-License-Identifier: GPL-3.0-or-later
 * epistle-library-model.h — the quote library's search results as a
 * GListModel that reads SQLite lazily, a page at a time, in a worker:
 * 100,000 quotes scroll without being loaded. */
#pragma once

#include <gio/gio.h>

#include "epistle-library.h"

G_BEGIN_DECLS

#define EPISTLE_TYPE_LIBRARY_ITEM (epistle_library_item_get_type ())
G_DECLARE_FINAL_TYPE (EpistleLibraryItem, epistle_library_item, EPISTLE, LIBRARY_ITEM, GObject)

/* The quote at this position, or NULL while its page is being read
 * (then "notify::quote" follows). */
const EpistleLibraryQuote *epistle_library_item_get_quote    (EpistleLibraryItem *self);
guint                      epistle_library_item_get_position (EpistleLibraryItem *self);

#define EPISTLE_TYPE_LIBRARY_MODEL (epistle_library_model_get_type ())
G_DECLARE_FINAL_TYPE (EpistleLibraryModel, epistle_library_model, EPISTLE, LIBRARY_MODEL, GObject)

/* Reads the library at @path (NULL: the default) on its own connection,
 * opened in the worker — a new library gets the starter quotations. */
EpistleLibraryModel *epistle_library_model_new        (const char          *path);
/* Searches; the items change when the first page has arrived, then
 * "searched" is emitted.  Items are slots: the item at a position stays
 * the same object across searches and takes the new quote ("notify::quote"). */
void                 epistle_library_model_set_query  (EpistleLibraryModel *self,
                                                       const char          *query,
                                                       const EpistleLibraryFilter *filter);
/* Searches again (the library changed). */
void                 epistle_library_model_refresh    (EpistleLibraryModel *self);
const char          *epistle_library_model_get_query  (EpistleLibraryModel *self);
const char          *epistle_library_model_get_author (EpistleLibraryModel *self);
const char          *epistle_library_model_get_tag    (EpistleLibraryModel *self);
/* TRUE from a search until its first page is in. */
gboolean             epistle_library_model_get_loading (EpistleLibraryModel *self);
/* TRUE while the list has the first 1,001 of more results and the rest
 * are being counted ("notify::n-items" follows). */
gboolean             epistle_library_model_get_counting (EpistleLibraryModel *self);
/* Why the last search failed (the library could not be opened…), or NULL. */
const char          *epistle_library_model_get_error  (EpistleLibraryModel *self);
/* A damaged library moved aside at opening: its new name, or NULL. */
const char          *epistle_library_model_get_moved_aside (EpistleLibraryModel *self);
/* How many quotes the whole library holds (known after the first search). */
gint64               epistle_library_model_get_total  (EpistleLibraryModel *self);
/* Pages read and kept, for tests and the memory benchmark. */
guint                epistle_library_model_get_pages_cached (EpistleLibraryModel *self);
/* The worker's connection, for calls that must not wait for the main
 * thread's (facets); NULL before the first search finished. */
void                 epistle_library_model_list_facets_async (EpistleLibraryModel *self,
                                                              GCancellable        *cancellable,
                                                              GAsyncReadyCallback  callback,
                                                              gpointer             user_data);
/* Two arrays of EpistleLibraryFacet*: authors, tags. */
gboolean             epistle_library_model_list_facets_finish (EpistleLibraryModel *self,
                                                               GAsyncResult        *result,
                                                               GPtrArray          **authors,
                                                               GPtrArray          **tags,
                                                               GError             **error);

G_END_DECLS
