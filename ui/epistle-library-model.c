/* SPDX-License-Identifier: GPL-3.0-or-later
 * epistle-library-model.c — the quote library's search results as a lazy
 * GListModel.  A search counts its matches and reads the first page in a
 * worker; the model then claims that many items, and an item whose page
 * has not been read yet is handed out empty, its page read in the worker
 * and the item filled when it comes.  Only pages near what was looked at
 * recently are kept. */

#include "config.h"

#include <glib/gi18n.h>

#include "epistle-library-model.h"
#include "epistle-starter.h"

/* Rows read at a time, and pages kept. */
#define PAGE_SIZE   50
#define MAX_PAGES   24
/* A search counts this far before its first results are shown; a longer
 * list grows to its full length when the whole count is in. */
#define FIRST_COUNT 1000

/* --------------------------------------------------------------------------
 * Items
 * ------------------------------------------------------------------------ */

struct _EpistleLibraryItem
{
  GObject    parent_instance;
  guint      position;
  GPtrArray *page;      /* holds the quote alive; NULL while loading */
  guint      index;     /* in @page */
};

G_DEFINE_FINAL_TYPE (EpistleLibraryItem, epistle_library_item, G_TYPE_OBJECT)

enum {
  ITEM_PROP_0,
  ITEM_PROP_QUOTE,
  ITEM_N_PROPS
};

static GParamSpec *item_properties[ITEM_N_PROPS];

static void
epistle_library_item_finalize (GObject *object)
{
  EpistleLibraryItem *self = EPISTLE_LIBRARY_ITEM (object);

  g_clear_pointer (&self->page, g_ptr_array_unref);
  G_OBJECT_CLASS (epistle_library_item_parent_class)->finalize (object);
}

static void
epistle_library_item_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  EpistleLibraryItem *self = EPISTLE_LIBRARY_ITEM (object);

  switch (prop_id)
    {
    case ITEM_PROP_QUOTE:
      g_value_set_pointer (value, (gpointer) epistle_library_item_get_quote (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
epistle_library_item_class_init (EpistleLibraryItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = epistle_library_item_finalize;
  object_class->get_property = epistle_library_item_get_property;

  item_properties[ITEM_PROP_QUOTE] =
    g_param_spec_pointer ("quote", NULL, NULL,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, ITEM_N_PROPS, item_properties);
}

static void
epistle_library_item_init (EpistleLibraryItem *self)
{
}

const EpistleLibraryQuote *
epistle_library_item_get_quote (EpistleLibraryItem *self)
{
  g_return_val_if_fail (EPISTLE_IS_LIBRARY_ITEM (self), NULL);

  if (self->page == NULL || self->index >= self->page->len)
    return NULL;
  return g_ptr_array_index (self->page, self->index);
}

guint
epistle_library_item_get_position (EpistleLibraryItem *self)
{
  g_return_val_if_fail (EPISTLE_IS_LIBRARY_ITEM (self), 0);
  return self->position;
}

/* Forgets the quote without a notification: see search_done(). */
static void
item_clear_page_quietly (EpistleLibraryItem *self)
{
  g_clear_pointer (&self->page, g_ptr_array_unref);
  self->index = 0;
}

static void
item_set_page (EpistleLibraryItem *self,
               GPtrArray          *page,
               guint               index)
{
  if (self->page == page && self->index == index)
    return;
  g_clear_pointer (&self->page, g_ptr_array_unref);
  self->page = page != NULL ? g_ptr_array_ref (page) : NULL;
  self->index = index;
  g_object_notify_by_pspec (G_OBJECT (self), item_properties[ITEM_PROP_QUOTE]);
}

/* --------------------------------------------------------------------------
 * The worker's connection
 * ------------------------------------------------------------------------ */

/* Two connections to the file: searches on one, pages read while the user
 * scrolls on the other, so that neither waits for the other (WAL lets
 * readers run side by side). */
typedef struct {
  gatomicrefcount  ref;
  GMutex           lock;
  char            *path;
  EpistleLibrary  *library;        /* searches, facets */
  EpistleLibrary  *pages;          /* page reads */
  char            *moved_aside;
} Connection;

static Connection *
connection_new (const char *path)
{
  Connection *conn = g_new0 (Connection, 1);

  g_atomic_ref_count_init (&conn->ref);
  g_mutex_init (&conn->lock);
  conn->path = g_strdup (path);
  return conn;
}

static Connection *
connection_ref (Connection *conn)
{
  g_atomic_ref_count_inc (&conn->ref);
  return conn;
}

static void
connection_unref (Connection *conn)
{
  if (!g_atomic_ref_count_dec (&conn->ref))
    return;
  g_clear_pointer (&conn->library, epistle_library_free);
  g_clear_pointer (&conn->pages, epistle_library_free);
  g_mutex_clear (&conn->lock);
  g_free (conn->moved_aside);
  g_free (conn->path);
  g_free (conn);
}

/* In a worker: the connection, opened (and a new library filled with the
 * starter quotations) the first time; tried again after a failure. */
static EpistleLibrary *
connection_get (Connection  *conn,
                GError     **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&conn->lock);

  if (conn->library == NULL)
    conn->library = epistle_starter_open_library (conn->path, 0, &conn->moved_aside, error);
  return conn->library;
}

/* The same for page reads (a search has opened the file before). */
static EpistleLibrary *
connection_get_pages (Connection  *conn,
                      GError     **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&conn->lock);

  if (conn->pages == NULL)
    conn->pages = epistle_library_open (conn->path, 0, NULL, error);
  return conn->pages;
}

/* --------------------------------------------------------------------------
 * The model
 * ------------------------------------------------------------------------ */

struct _EpistleLibraryModel
{
  GObject       parent_instance;

  Connection   *conn;
  char         *query;
  char         *author;
  char         *tag;

  guint         generation;     /* of the search the items belong to */
  GCancellable *cancellable;    /* that search's, and its pages' */
  guint         n_items;
  gint64        total;
  gboolean      loading;
  gboolean      counting;       /* the list will grow to the whole count */
  char         *error;

  GHashTable   *pages;          /* page number → GPtrArray of quotes */
  GHashTable   *pending;        /* page numbers being read */
  GHashTable   *wanted;         /* page numbers to read */
  guint         wanted_source;
  GHashTable   *items;          /* position → EpistleLibraryItem, handed out */
  GQueue        recent;         /* page numbers, the most recently wanted first */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (EpistleLibraryModel, epistle_library_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_LOADING,
  PROP_ERROR,
  PROP_TOTAL,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SEARCHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct {
  Connection *conn;
  guint       generation;
  char       *query;
  char       *author;
  char       *tag;
  guint       page;
  gboolean    want_total;
  /* results */
  gint64      count;
  gboolean    count_exact;
  gint64      total;
  GPtrArray  *quotes;
  char       *moved_aside;
} Request;

static void
request_free (Request *request)
{
  connection_unref (request->conn);
  g_free (request->query);
  g_free (request->author);
  g_free (request->tag);
  g_clear_pointer (&request->quotes, g_ptr_array_unref);
  g_free (request->moved_aside);
  g_free (request);
}

static Request *
request_new (EpistleLibraryModel *self,
             guint                page)
{
  Request *request = g_new0 (Request, 1);

  request->conn = connection_ref (self->conn);
  request->generation = self->generation;
  request->query = g_strdup (self->query);
  request->author = g_strdup (self->author);
  request->tag = g_strdup (self->tag);
  request->page = page;
  return request;
}

static void
set_loading (EpistleLibraryModel *self,
             gboolean             loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
set_error (EpistleLibraryModel *self,
           const char          *message)
{
  if (g_strcmp0 (self->error, message) == 0)
    return;
  g_free (self->error);
  self->error = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

/* Forgets the pages furthest from what was wanted lately. */
static void
trim_pages (EpistleLibraryModel *self)
{
  while (g_queue_get_length (&self->recent) > MAX_PAGES)
    {
      guint page = GPOINTER_TO_UINT (g_queue_pop_tail (&self->recent));

      g_hash_table_remove (self->pages, GUINT_TO_POINTER (page));
      /* Items no row holds go with their page; a row's item stays, so
       * that the next search still reaches it. */
      for (guint i = 0; i < PAGE_SIZE; i++)
        {
          gpointer position = GUINT_TO_POINTER (page * PAGE_SIZE + i);
          EpistleLibraryItem *item = g_hash_table_lookup (self->items, position);

          if (item != NULL && G_OBJECT (item)->ref_count == 1)
            g_hash_table_remove (self->items, position);
        }
    }
}

static void
touch_page (EpistleLibraryModel *self,
            guint                page)
{
  GList *link = g_queue_find (&self->recent, GUINT_TO_POINTER (page));

  if (link != NULL && link == self->recent.head)
    return;
  if (link != NULL)
    g_queue_delete_link (&self->recent, link);
  g_queue_push_head (&self->recent, GUINT_TO_POINTER (page));
  trim_pages (self);
}

static void
store_page (EpistleLibraryModel *self,
            guint                page,
            GPtrArray           *quotes)
{
  g_hash_table_replace (self->pages, GUINT_TO_POINTER (page), g_ptr_array_ref (quotes));
  for (guint i = 0; i < quotes->len; i++)
    {
      EpistleLibraryItem *item = g_hash_table_lookup (self->items, GUINT_TO_POINTER (page * PAGE_SIZE + i));

      if (item != NULL)
        item_set_page (item, quotes, i);
    }
  touch_page (self, page);
}

static void count_all (EpistleLibraryModel *self);

/* ---- reading a page ------------------------------------------------------ */

static void
read_page_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  Request *request = task_data;
  EpistleLibraryFilter filter = { request->author, request->tag, 0 };
  GError *error = NULL;
  EpistleLibrary *library;

  if (g_task_return_error_if_cancelled (task))
    return;
  library = connection_get_pages (request->conn, &error);
  if (library != NULL)
    request->quotes = epistle_library_search (library, request->query, &filter, PAGE_SIZE,
                                              request->page * PAGE_SIZE,
                                              EPISTLE_LIBRARY_SEARCH_NONE, &error);
  if (request->quotes == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
read_page_done (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  EpistleLibraryModel *self = EPISTLE_LIBRARY_MODEL (object);
  Request *request = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (request->generation != self->generation)
    return;
  g_hash_table_remove (self->pending, GUINT_TO_POINTER (request->page));
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_error (self, error->message);
      return;
    }
  store_page (self, request->page, request->quotes);
}

static void
start_read (EpistleLibraryModel *self,
            guint                page)
{
  g_autoptr(GTask) task = NULL;

  g_hash_table_add (self->pending, GUINT_TO_POINTER (page));
  task = g_task_new (self, self->cancellable, read_page_done, NULL);
  g_task_set_source_tag (task, start_read);
  g_task_set_task_data (task, request_new (self, page), (GDestroyNotify) request_free);
  g_task_run_in_thread (task, read_page_thread);
}

static gboolean
read_wanted (gpointer data)
{
  EpistleLibraryModel *self = data;
  GHashTableIter iter;
  gpointer page;

  self->wanted_source = 0;
  g_hash_table_iter_init (&iter, self->wanted);
  while (g_hash_table_iter_next (&iter, &page, NULL))
    if (!g_hash_table_contains (self->pending, page) && !g_hash_table_contains (self->pages, page))
      start_read (self, GPOINTER_TO_UINT (page));
  g_hash_table_remove_all (self->wanted);
  return G_SOURCE_REMOVE;
}

/* Pages are read a moment after they are asked for: a list binds rows well
 * past the ones it shows, and while a search is typed, each keystroke's
 * results replace the last before those rows are seen. */
#define READ_DELAY_MS 30

static void
read_page (EpistleLibraryModel *self,
           guint                page)
{
  if (g_hash_table_contains (self->pending, GUINT_TO_POINTER (page)))
    return;
  g_hash_table_add (self->wanted, GUINT_TO_POINTER (page));
  if (self->wanted_source == 0)
    self->wanted_source = g_timeout_add (READ_DELAY_MS, read_wanted, self);
}

/* ---- searching ----------------------------------------------------------- */

static void
search_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Request *request = task_data;
  EpistleLibraryFilter filter = { request->author, request->tag, 0 };
  GError *error = NULL;
  EpistleLibrary *library;

  /* A search typed over by the next keystroke is not run at all. */
  if (g_task_return_error_if_cancelled (task))
    return;
  library = connection_get (request->conn, &error);
  if (library == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  request->moved_aside = g_strdup (request->conn->moved_aside);
  {
    g_autofree char *match = epistle_library_build_match (request->query);

    /* The whole library, or one author's or tag's quotes: counted at once
     * (an index walk); words matching most of it: see FIRST_COUNT. */
    if (match == NULL)
      request->count = epistle_library_count (library, request->query, &filter, &error);
    else
      request->count = epistle_library_count_at_most (library, request->query, &filter, FIRST_COUNT + 1, &error);
    request->count_exact = match == NULL || request->count <= FIRST_COUNT;
  }
  if (request->count >= 0 && request->want_total)
    request->total = epistle_library_count (library, NULL, NULL, &error);
  if (request->count >= 0 && request->total >= 0)
    request->quotes = epistle_library_search (library, request->query, &filter, PAGE_SIZE, 0,
                                              EPISTLE_LIBRARY_SEARCH_NONE, &error);
  if (request->quotes == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
search_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  EpistleLibraryModel *self = EPISTLE_LIBRARY_MODEL (object);
  Request *request = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  GHashTableIter iter;
  gpointer key, value;
  guint removed, old_n, new_n;

  if (request->generation != self->generation)
    return;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      set_error (self, error->message);
      removed = self->n_items;
      self->n_items = 0;
      g_hash_table_remove_all (self->pages);
      g_hash_table_remove_all (self->items);
      g_queue_clear (&self->recent);
      set_loading (self, FALSE);
      if (removed > 0)
        {
          g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, 0);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
        }
      g_signal_emit (self, signals[SEARCHED], 0);
      return;
    }

  set_error (self, NULL);
  if (request->moved_aside != NULL && self->total < 0)
    g_object_set_data_full (G_OBJECT (self), "moved-aside", g_steal_pointer (&request->moved_aside), g_free);
  old_n = self->n_items;
  new_n = (guint) MIN (request->count, (gint64) G_MAXUINT);

  /* The items are slots: the item at a position stays the same object
   * from one search to the next and takes the new quote there (its rows
   * are bound again, not rebuilt), and only the difference in length is
   * an items-changed.  A search as you type thus costs the list nothing
   * but the rows it shows — where replacing every item would make GTK
   * rebuild a couple of hundred rows, and look for the items it tracks
   * among all the new ones, asking for every item of a large library. */
  g_hash_table_remove_all (self->pages);
  g_hash_table_remove_all (self->pending);
  g_queue_clear (&self->recent);
  g_hash_table_iter_init (&iter, self->items);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      guint position = GPOINTER_TO_UINT (key);

      if (position >= new_n)
        g_hash_table_iter_remove (&iter);
      else if (position >= PAGE_SIZE)
        {
          /* A row past the first page: the list keeps a couple of hundred
           * rows bound, a few of them shown, and after a new search it
           * shows the top.  Its page is read a moment later (not at all if
           * the next keystroke comes first) and the row is bound again
           * then; until then it is not told, so that a keystroke costs
           * the rows of one page, not two hundred. */
          item_clear_page_quietly (value);
          read_page (self, position / PAGE_SIZE);
        }
    }
  self->n_items = new_n;
  store_page (self, 0, request->quotes);
  if (request->want_total && self->total != request->total)
    {
      self->total = request->total;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL]);
    }
  set_loading (self, FALSE);
  if (new_n > old_n)
    g_list_model_items_changed (G_LIST_MODEL (self), old_n, 0, new_n - old_n);
  else if (new_n < old_n)
    g_list_model_items_changed (G_LIST_MODEL (self), new_n, old_n - new_n, 0);
  if (new_n != old_n)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
  self->counting = FALSE;
  if (!request->count_exact)
    count_all (self);
  g_signal_emit (self, signals[SEARCHED], 0);
}

/* ---- the whole count, after the first results ----------------------------- */

static void
count_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Request *request = task_data;
  EpistleLibraryFilter filter = { request->author, request->tag, 0 };
  GError *error = NULL;
  EpistleLibrary *library;

  if (g_task_return_error_if_cancelled (task))
    return;
  library = connection_get (request->conn, &error);
  if (library != NULL)
    request->count = epistle_library_count (library, request->query, &filter, &error);
  if (library == NULL || request->count < 0)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
count_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  EpistleLibraryModel *self = EPISTLE_LIBRARY_MODEL (object);
  Request *request = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  guint old_n = self->n_items;
  guint new_n;

  if (request->generation != self->generation ||
      !g_task_propagate_boolean (G_TASK (result), &error))
    return;
  new_n = (guint) MIN (request->count, (gint64) G_MAXUINT);
  self->counting = FALSE;
  if (new_n > old_n)
    {
      self->n_items = new_n;
      g_list_model_items_changed (G_LIST_MODEL (self), old_n, 0, new_n - old_n);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static void
count_all (EpistleLibraryModel *self)
{
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, count_done, NULL);

  self->counting = TRUE;
  g_task_set_source_tag (task, count_all);
  g_task_set_task_data (task, request_new (self, 0), (GDestroyNotify) request_free);
  g_task_run_in_thread (task, count_thread);
}

static void
search (EpistleLibraryModel *self,
        gboolean             want_total)
{
  g_autoptr(GTask) task = NULL;
  Request *request;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->generation++;
  /* The old results' rows will not be shown. */
  g_hash_table_remove_all (self->wanted);
  g_clear_handle_id (&self->wanted_source, g_source_remove);
  request = request_new (self, 0);
  request->want_total = want_total;
  set_loading (self, TRUE);

  task = g_task_new (self, self->cancellable, search_done, NULL);
  g_task_set_source_tag (task, search);
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);
  g_task_run_in_thread (task, search_thread);
}

/* ---- GListModel ---------------------------------------------------------- */

static GType
get_item_type (GListModel *model)
{
  return EPISTLE_TYPE_LIBRARY_ITEM;
}

static guint
get_n_items (GListModel *model)
{
  return EPISTLE_LIBRARY_MODEL (model)->n_items;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  EpistleLibraryModel *self = EPISTLE_LIBRARY_MODEL (model);
  EpistleLibraryItem *item;
  guint page = position / PAGE_SIZE;
  GPtrArray *quotes;

  if (position >= self->n_items)
    return NULL;
  item = g_hash_table_lookup (self->items, GUINT_TO_POINTER (position));
  if (item == NULL)
    {
      item = g_object_new (EPISTLE_TYPE_LIBRARY_ITEM, NULL);
      item->position = position;
      g_hash_table_insert (self->items, GUINT_TO_POINTER (position), item);
    }
  quotes = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page));
  if (quotes != NULL)
    {
      item_set_page (item, quotes, position % PAGE_SIZE);
      touch_page (self, page);
    }
  else
    read_page (self, page);
  /* touch_page may have dropped the item from the table, not the object. */
  return g_object_ref (item);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

/* ---- GObject ------------------------------------------------------------- */

static void
epistle_library_model_dispose (GObject *object)
{
  EpistleLibraryModel *self = EPISTLE_LIBRARY_MODEL (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->wanted_source, g_source_remove);
  G_OBJECT_CLASS (epistle_library_model_parent_class)->dispose (object);
}

static void
epistle_library_model_finalize (GObject *object)
{
  EpistleLibraryModel *self = EPISTLE_LIBRARY_MODEL (object);

  g_queue_clear (&self->recent);
  g_clear_pointer (&self->pages, g_hash_table_unref);
  g_clear_pointer (&self->pending, g_hash_table_unref);
  g_clear_pointer (&self->wanted, g_hash_table_unref);
  g_clear_pointer (&self->items, g_hash_table_unref);
  g_clear_pointer (&self->conn, connection_unref);
  g_free (self->query);
  g_free (self->author);
  g_free (self->tag);
  g_free (self->error);
  G_OBJECT_CLASS (epistle_library_model_parent_class)->finalize (object);
}

static void
epistle_library_model_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  EpistleLibraryModel *self = EPISTLE_LIBRARY_MODEL (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_ERROR:
      g_value_set_string (value, self->error);
      break;
    case PROP_TOTAL:
      g_value_set_int64 (value, self->total);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->n_items);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
epistle_library_model_class_init (EpistleLibraryModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = epistle_library_model_dispose;
  object_class->finalize = epistle_library_model_finalize;
  object_class->get_property = epistle_library_model_get_property;

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR] =
    g_param_spec_string ("error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TOTAL] =
    g_param_spec_int64 ("total", NULL, NULL, -1, G_MAXINT64, -1,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A search (or refresh) finished: the items hold its results, or
   * "error" says why there are none. */
  signals[SEARCHED] = g_signal_new ("searched", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
epistle_library_model_init (EpistleLibraryModel *self)
{
  self->total = -1;
  self->query = g_strdup ("");
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
  self->pending = g_hash_table_new (NULL, NULL);
  self->wanted = g_hash_table_new (NULL, NULL);
  self->items = g_hash_table_new_full (NULL, NULL, NULL, g_object_unref);
  g_queue_init (&self->recent);
}

EpistleLibraryModel *
epistle_library_model_new (const char *path)
{
  EpistleLibraryModel *self = g_object_new (EPISTLE_TYPE_LIBRARY_MODEL, NULL);

  self->conn = connection_new (path);
  return self;
}

void
epistle_library_model_set_query (EpistleLibraryModel        *self,
                                 const char                 *query,
                                 const EpistleLibraryFilter *filter)
{
  g_return_if_fail (EPISTLE_IS_LIBRARY_MODEL (self));

  g_free (self->query);
  self->query = g_strdup (query != NULL ? query : "");
  g_free (self->author);
  self->author = g_strdup (filter != NULL ? filter->author : NULL);
  g_free (self->tag);
  self->tag = g_strdup (filter != NULL ? filter->tag : NULL);
  search (self, self->total < 0);
}

void
epistle_library_model_refresh (EpistleLibraryModel *self)
{
  g_return_if_fail (EPISTLE_IS_LIBRARY_MODEL (self));
  search (self, TRUE);
}

const char *
epistle_library_model_get_query (EpistleLibraryModel *self)
{
  g_return_val_if_fail (EPISTLE_IS_LIBRARY_MODEL (self), NULL);
  return self->query;
}

const char *
epistle_library_model_get_author (EpistleLibraryModel *self)
{
  g_return_val_if_fail (EPISTLE_IS_LIBRARY_MODEL (self), NULL);
  return self->author;
}

const char *
epistle_library_model_get_tag (EpistleLibraryModel *self)
{
  g_return_val_if_fail (EPISTLE_IS_LIBRARY_MODEL (self), NULL);
  return self->tag;
}

gboolean
epistle_library_model_get_counting (EpistleLibraryModel *self)
{
  g_return_val_if_fail (EPISTLE_IS_LIBRARY_MODEL (self), FALSE);
  return self->counting;
}

gboolean
epistle_library_model_get_loading (EpistleLibraryModel *self)
{
  g_return_val_if_fail (EPISTLE_IS_LIBRARY_MODEL (self), FALSE);
  return self->loading;
}

const char *
epistle_library_model_get_error (EpistleLibraryModel *self)
{
  g_return_val_if_fail (EPISTLE_IS_LIBRARY_MODEL (self), NULL);
  return self->error;
}

const char *
epistle_library_model_get_moved_aside (EpistleLibraryModel *self)
{
  g_return_val_if_fail (EPISTLE_IS_LIBRARY_MODEL (self), NULL);
  return g_object_get_data (G_OBJECT (self), "moved-aside");
}

gint64
epistle_library_model_get_total (EpistleLibraryModel *self)
{
  g_return_val_if_fail (EPISTLE_IS_LIBRARY_MODEL (self), -1);
  return self->total;
}

guint
epistle_library_model_get_pages_cached (EpistleLibraryModel *self)
{
  g_return_val_if_fail (EPISTLE_IS_LIBRARY_MODEL (self), 0);
  return g_hash_table_size (self->pages);
}

/* ---- facets ------------------------------------------------------------- */

typedef struct {
  GPtrArray *authors;
  GPtrArray *tags;
} Facets;

static void
facets_free (Facets *facets)
{
  g_clear_pointer (&facets->authors, g_ptr_array_unref);
  g_clear_pointer (&facets->tags, g_ptr_array_unref);
  g_free (facets);
}

static void
facets_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Connection *conn = task_data;
  g_autoptr(GError) error = NULL;
  Facets *facets = g_new0 (Facets, 1);
  EpistleLibrary *library = connection_get (conn, &error);

  if (library != NULL)
    facets->authors = epistle_library_list_facets (library, EPISTLE_LIBRARY_FACET_AUTHOR, 12, &error);
  if (facets->authors != NULL)
    facets->tags = epistle_library_list_facets (library, EPISTLE_LIBRARY_FACET_TAG, 24, &error);
  if (facets->tags == NULL)
    {
      facets_free (facets);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, facets, (GDestroyNotify) facets_free);
}

void
epistle_library_model_list_facets_async (EpistleLibraryModel *self,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (EPISTLE_IS_LIBRARY_MODEL (self));
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, epistle_library_model_list_facets_async);
  g_task_set_task_data (task, connection_ref (self->conn), (GDestroyNotify) connection_unref);
  g_task_run_in_thread (task, facets_thread);
}

gboolean
epistle_library_model_list_facets_finish (EpistleLibraryModel  *self,
                                          GAsyncResult         *result,
                                          GPtrArray           **authors,
                                          GPtrArray           **tags,
                                          GError              **error)
{
  Facets *facets;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  facets = g_task_propagate_pointer (G_TASK (result), error);
  if (facets == NULL)
    return FALSE;
  *authors = g_steal_pointer (&facets->authors);
  *tags = g_steal_pointer (&facets->tags);
  facets_free (facets);
  return TRUE;
}
