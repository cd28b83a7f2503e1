/* SPDX-License-Identifier: GPL-3.0-or-later
 * epistle-outline-pane.c — the outline sidebar.  The engine's outline is
 * kept up to date edit by edit (only the touched lines are parsed again);
 * a tree of node objects mirrors it, and is reconciled in place so rows
 * keep their expansion and the list its scroll position while typing. */

#include "config.h"

#include <glib/gi18n.h>

#include "epistle-outline-pane.h"

/* ------------------------------------------------------------- nodes ---- */

struct _EpistleOutlineNode
{
  GObject             parent_instance;

  EpistleOutlineKind  kind;
  guint               heading_level;
  char               *title;
  guint               line;
  guint               end_line;
  guint64             offset;
  guint64             end_offset;
  guint64             words;
  GListStore         *children;
  EpistleOutlineNode *parent;         /* weak: the parent owns its children */
  gboolean            matches;        /* the filter: this node or a descendant */
};

G_DEFINE_FINAL_TYPE (EpistleOutlineNode, epistle_outline_node, G_TYPE_OBJECT)

enum {
  NODE_PROP_0,
  NODE_PROP_TITLE,
  NODE_PROP_WORDS,
  NODE_N_PROPS
};

static GParamSpec *node_properties[NODE_N_PROPS];

static void
epistle_outline_node_finalize (GObject *object)
{
  EpistleOutlineNode *self = EPISTLE_OUTLINE_NODE (object);

  g_free (self->title);
  g_clear_object (&self->children);
  G_OBJECT_CLASS (epistle_outline_node_parent_class)->finalize (object);
}

static void
epistle_outline_node_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  EpistleOutlineNode *self = EPISTLE_OUTLINE_NODE (object);

  switch (prop_id)
    {
    case NODE_PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case NODE_PROP_WORDS:
      g_value_set_uint64 (value, self->words);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
epistle_outline_node_class_init (EpistleOutlineNodeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = epistle_outline_node_finalize;
  object_class->get_property = epistle_outline_node_get_property;
  node_properties[NODE_PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  node_properties[NODE_PROP_WORDS] =
    g_param_spec_uint64 ("words", NULL, NULL, 0, G_MAXUINT64, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, NODE_N_PROPS, node_properties);
}

static void
epistle_outline_node_init (EpistleOutlineNode *self)
{
  self->children = g_list_store_new (EPISTLE_TYPE_OUTLINE_NODE);
}

EpistleOutlineKind
epistle_outline_node_get_kind (EpistleOutlineNode *self)
{
  g_return_val_if_fail (EPISTLE_IS_OUTLINE_NODE (self), 0);
  return self->kind;
}

const char *
epistle_outline_node_get_title (EpistleOutlineNode *self)
{
  g_return_val_if_fail (EPISTLE_IS_OUTLINE_NODE (self), NULL);
  return self->title;
}

guint
epistle_outline_node_get_line (EpistleOutlineNode *self)
{
  g_return_val_if_fail (EPISTLE_IS_OUTLINE_NODE (self), 0);
  return self->line;
}

guint64
epistle_outline_node_get_words (EpistleOutlineNode *self)
{
  g_return_val_if_fail (EPISTLE_IS_OUTLINE_NODE (self), 0);
  return self->words;
}

GListModel *
epistle_outline_node_get_children (EpistleOutlineNode *self)
{
  g_return_val_if_fail (EPISTLE_IS_OUTLINE_NODE (self), NULL);
  return G_LIST_MODEL (self->children);
}

/* Copies what may change without the node becoming another one. */
static void
node_update (EpistleOutlineNode       *node,
             const EpistleOutlineItem *item)
{
  node->kind = item->kind;
  node->heading_level = item->heading_level;
  node->line = item->line;
  node->end_line = item->end_line;
  node->offset = item->offset;
  node->end_offset = item->end_offset;
  if (g_strcmp0 (node->title, item->title) != 0)
    {
      g_free (node->title);
      node->title = g_strdup (item->title);
      g_object_notify_by_pspec (G_OBJECT (node), node_properties[NODE_PROP_TITLE]);
    }
  if (node->words != item->words)
    {
      node->words = item->words;
      g_object_notify_by_pspec (G_OBJECT (node), node_properties[NODE_PROP_WORDS]);
    }
}

/* One reconciliation: which rows were collapsed, noted before the first
 * node is put back into a store (its row is made anew, expanded). */
typedef struct {
  GtkTreeListModel *tree;
  GHashTable       *collapsed;   /* EpistleOutlineNode*, or NULL */
} Reconcile;

static void
note_collapsed (Reconcile *rc)
{
  guint n;

  if (rc->collapsed != NULL || rc->tree == NULL)
    return;
  rc->collapsed = g_hash_table_new (NULL, NULL);
  n = g_list_model_get_n_items (G_LIST_MODEL (rc->tree));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkTreeListRow) row = g_list_model_get_item (G_LIST_MODEL (rc->tree), i);

      if (gtk_tree_list_row_is_expandable (row) && !gtk_tree_list_row_get_expanded (row))
        g_hash_table_add (rc->collapsed, gtk_tree_list_row_get_item (row));
    }
  /* The set holds references taken by get_item: dropped in restore. */
}

/* Collapses again the rows of nodes that were collapsed before. */
static void
restore_collapsed (Reconcile *rc)
{
  GHashTableIter iter;
  gpointer node;

  if (rc->collapsed == NULL)
    return;
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (rc->tree)); i++)
    {
      g_autoptr(GtkTreeListRow) row = g_list_model_get_item (G_LIST_MODEL (rc->tree), i);
      g_autoptr(GObject) item = gtk_tree_list_row_get_item (row);

      if (g_hash_table_contains (rc->collapsed, item) && gtk_tree_list_row_get_expanded (row))
        gtk_tree_list_row_set_expanded (row, FALSE);
    }
  g_hash_table_iter_init (&iter, rc->collapsed);
  while (g_hash_table_iter_next (&iter, &node, NULL))
    g_object_unref (node);
  g_clear_pointer (&rc->collapsed, g_hash_table_unref);
}

static void reconcile (Reconcile          *rc,
                       GListStore         *store,
                       EpistleOutlineNode *parent,
                       GPtrArray          *items);

static EpistleOutlineNode *
node_new (Reconcile                *rc,
          const EpistleOutlineItem *item,
          EpistleOutlineNode       *parent)
{
  EpistleOutlineNode *node = g_object_new (EPISTLE_TYPE_OUTLINE_NODE, NULL);

  node->parent = parent;
  node_update (node, item);
  reconcile (rc, node->children, node, item->children);
  return node;
}

/* Updates the node at @index of @store in place.  A node that gains its
 * first child or loses its last is put back into the store, so the tree
 * model asks again whether its row can expand. */
static void
update_at (Reconcile          *rc,
           GListStore         *store,
           guint               index,
           EpistleOutlineItem *item)
{
  g_autoptr(EpistleOutlineNode) node = g_list_model_get_item (G_LIST_MODEL (store), index);
  gboolean had = g_list_model_get_n_items (G_LIST_MODEL (node->children)) > 0;
  gboolean has = item->children != NULL && item->children->len > 0;

  node_update (node, item);
  reconcile (rc, node->children, node, item->children);
  if (had != has)
    g_list_store_splice (store, index, 1, (gpointer *) &node, 1);
}

static gboolean
same_node (EpistleOutlineNode       *node,
           const EpistleOutlineItem *item)
{
  return node->kind == item->kind && g_strcmp0 (node->title, item->title) == 0;
}

/* Sections moved: the same nodes, in another order.  Fills @order with
 * the old node for each new item; FALSE when it is not a reordering. */
static gboolean
find_reordering (GListStore *store,
                 guint       from,
                 GPtrArray  *items,
                 guint       n,
                 gpointer   *order)
{
  g_autofree gboolean *used = g_new0 (gboolean, n);
  guint moved = 0;

  for (guint i = 0; i < n; i++)
    {
      const EpistleOutlineItem *item = g_ptr_array_index (items, from + i);

      order[i] = NULL;
      for (guint j = 0; j < n && order[i] == NULL; j++)
        {
          g_autoptr(EpistleOutlineNode) node = g_list_model_get_item (G_LIST_MODEL (store), from + j);

          if (!used[j] && same_node (node, item))
            {
              used[j] = TRUE;
              order[i] = node;
              moved += i != j;
            }
        }
      if (order[i] == NULL)
        return FALSE;
    }
  return moved > 0;
}

/* Brings @store in line with @items: the unchanged start and end are
 * updated in place; in between, the same nodes in another order are put
 * back in that order (sections moved), as many nodes as before are updated
 * in place (a retitled heading stays the same row), else replaced. */
static void
reconcile (Reconcile          *rc,
           GListStore         *store,
           EpistleOutlineNode *parent,
           GPtrArray          *items)
{
  guint n_old = g_list_model_get_n_items (G_LIST_MODEL (store));
  guint n_new = items != NULL ? items->len : 0;
  guint prefix = 0, suffix = 0;

  while (prefix < n_old && prefix < n_new)
    {
      g_autoptr(EpistleOutlineNode) node = g_list_model_get_item (G_LIST_MODEL (store), prefix);

      if (!same_node (node, g_ptr_array_index (items, prefix)))
        break;
      prefix++;
    }
  while (suffix < n_old - prefix && suffix < n_new - prefix)
    {
      g_autoptr(EpistleOutlineNode) node = g_list_model_get_item (G_LIST_MODEL (store), n_old - 1 - suffix);

      if (!same_node (node, g_ptr_array_index (items, n_new - 1 - suffix)))
        break;
      suffix++;
    }

  if (n_old == n_new && n_old - prefix - suffix > 1)
    {
      guint n = n_old - prefix - suffix;
      g_autofree gpointer *order = g_new0 (gpointer, n);

      if (find_reordering (store, prefix, items, n, order))
        {
          note_collapsed (rc);
          for (guint i = 0; i < n; i++)
            g_object_ref (order[i]);
          g_list_store_splice (store, prefix, n, order, n);
          for (guint i = 0; i < n; i++)
            g_object_unref (order[i]);
        }
    }

  if (n_old - prefix - suffix == n_new - prefix - suffix)
    {
      /* Same count: every node stays, updated. */
      for (guint i = 0; i < n_new; i++)
        update_at (rc, store, i, g_ptr_array_index (items, i));
      return;
    }

  for (guint i = 0; i < prefix; i++)
    update_at (rc, store, i, g_ptr_array_index (items, i));
  for (guint i = 0; i < suffix; i++)
    update_at (rc, store, n_old - 1 - i, g_ptr_array_index (items, n_new - 1 - i));
  {
    guint n_added = n_new - prefix - suffix;
    g_autofree gpointer *added = g_new0 (gpointer, MAX (n_added, 1));

    for (guint i = 0; i < n_added; i++)
      added[i] = node_new (rc, g_ptr_array_index (items, prefix + i), parent);
    g_list_store_splice (store, prefix, n_old - prefix - suffix, added, n_added);
    for (guint i = 0; i < n_added; i++)
      g_object_unref (added[i]);
  }
}

/* -------------------------------------------------------------- pane ---- */

/* Texts longer than this are parsed in a worker on loading. */
#define SYNC_PARSE_CHARS 65536

typedef struct {
  guint  first_line;
  guint  n_removed;
  char  *text;
} PendingEdit;

static void
pending_edit_free (PendingEdit *edit)
{
  g_free (edit->text);
  g_free (edit);
}

struct _EpistleOutlinePane
{
  AdwBin               parent_instance;

  GtkSearchEntry      *search;
  GtkListView         *list;
  GtkStack            *stack;
  GtkTreeListModel    *tree;
  GtkCustomFilter     *filter;
  GtkFilterListModel  *filtered;
  GtkSingleSelection  *selection;
  GListStore          *nodes;

  EpistleOutline      *outline;
  GtkTextView         *view;          /* weak */
  GtkTextBuffer       *buffer;
  char                *filter_text;   /* casefolded, NULL when empty */
  gboolean             suspended;     /* the document is loading */
  /* Hidden: the outline is not kept (a manuscript's costs megabytes);
   * stale until it is shown or asked for again. */
  gboolean             dormant;
  gboolean             stale;

  /* the lines an edit is about to change, recorded before it happens */
  guint                edit_first_line;
  guint                edit_n_removed;

  guint                reconcile_source;
  guint                follow_source;

  /* a long text parsed in a worker; edits meanwhile wait for it */
  guint                parse_generation;
  gboolean             parsing;
  GPtrArray           *pending;       /* PendingEdit */
  EpistleOutlineNode  *current;       /* weak: in the tree */
  GtkWidget           *menu;          /* a row's right-click menu */
  gboolean             focus_on_map;  /* focus asked while still hidden */
  guint                scroll_tick;   /* scrolling to the current row, soon */
  guint                scroll_ticks;
};

G_DEFINE_FINAL_TYPE (EpistleOutlinePane, epistle_outline_pane, ADW_TYPE_BIN)

enum {
  SIGNAL_UPDATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
kind_icon (EpistleOutlineKind kind)
{
  switch (kind)
    {
    case EPISTLE_OUTLINE_HEADING:    return "format-justify-left-symbolic";
    case EPISTLE_OUTLINE_BOOK:
    case EPISTLE_OUTLINE_PART:
    case EPISTLE_OUTLINE_PROLOGUE:
    case EPISTLE_OUTLINE_EPILOGUE:   return "view-paged-symbolic";
    case EPISTLE_OUTLINE_CHAPTER:    return "view-continuous-symbolic";
    case EPISTLE_OUTLINE_TITLE:      return "format-text-bold-symbolic";
    case EPISTLE_OUTLINE_SALUTATION: return "mail-message-new-symbolic";
    case EPISTLE_OUTLINE_QUOTATION:  return "media-view-subtitles-symbolic";
    case EPISTLE_OUTLINE_CLOSING:    return "mail-send-symbolic";
    case EPISTLE_OUTLINE_POSTSCRIPT: return "document-edit-symbolic";
    default:                         return "text-x-generic-symbolic";
    }
}

static const char *
kind_name (EpistleOutlineKind kind)
{
  switch (kind)
    {
    case EPISTLE_OUTLINE_HEADING:    return _("Heading");
    case EPISTLE_OUTLINE_BOOK:       return _("Book");
    case EPISTLE_OUTLINE_PART:       return _("Part");
    case EPISTLE_OUTLINE_CHAPTER:    return _("Chapter");
    case EPISTLE_OUTLINE_PROLOGUE:   return _("Prologue");
    case EPISTLE_OUTLINE_EPILOGUE:   return _("Epilogue");
    case EPISTLE_OUTLINE_TITLE:      return _("Title");
    case EPISTLE_OUTLINE_SALUTATION: return _("Salutation");
    case EPISTLE_OUTLINE_QUOTATION:  return _("Quotation");
    case EPISTLE_OUTLINE_CLOSING:    return _("Closing");
    case EPISTLE_OUTLINE_POSTSCRIPT: return _("Postscript");
    default:                         return "";
    }
}

static GListModel *
create_children (gpointer item,
                 gpointer user_data)
{
  EpistleOutlineNode *node = item;

  if (g_list_model_get_n_items (G_LIST_MODEL (node->children)) == 0)
    return NULL;
  return G_LIST_MODEL (g_object_ref (node->children));
}

/* ----------------------------------------------------------- syncing ---- */

static void
update_empty (EpistleOutlinePane *self)
{
  gboolean empty = g_list_model_get_n_items (G_LIST_MODEL (self->nodes)) == 0;

  gtk_stack_set_visible_child_name (self->stack, empty ? "empty" : "tree");
}

static gboolean follow_cursor (gpointer user_data);
static void wake_now (EpistleOutlinePane *self);
static void reload (EpistleOutlinePane *self,
                    gboolean            in_worker);

static void
reconcile_now (EpistleOutlinePane *self)
{
  g_clear_handle_id (&self->reconcile_source, g_source_remove);
  if (self->parsing)
    return;   /* the worker's outline replaces this one soon */
  {
    Reconcile rc = { self->tree, NULL };

    reconcile (&rc, self->nodes, NULL, epistle_outline_get_items (self->outline));
    restore_collapsed (&rc);
  }
  if (self->filter_text != NULL)
    epistle_outline_pane_set_filter (self, self->filter_text);
  update_empty (self);
  follow_cursor (self);
  g_signal_emit (self, signals[SIGNAL_UPDATED], 0);
}

static gboolean
reconcile_idle (gpointer user_data)
{
  EpistleOutlinePane *self = user_data;

  self->reconcile_source = 0;
  reconcile_now (self);
  return G_SOURCE_REMOVE;
}

/* Before the next frame, so the pane shows an edit in the frame that
 * shows the edit itself. */
static void
schedule_reconcile (EpistleOutlinePane *self)
{
  if (self->reconcile_source == 0)
    self->reconcile_source = g_idle_add_full (G_PRIORITY_HIGH_IDLE, reconcile_idle, self, NULL);
}

/* The text of lines [@first, @first + @n) without the final line end. */
static char *
get_lines (GtkTextBuffer *buffer,
           guint          first,
           guint          n)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_iter_at_line (buffer, &start, (int) first);
  gtk_text_buffer_get_iter_at_line (buffer, &end, (int) (first + n - 1));
  if (!gtk_text_iter_ends_line (&end))
    gtk_text_iter_forward_to_line_end (&end);
  return gtk_text_iter_get_slice (&start, &end);
}

/* Hands an edit to the outline, or keeps it for the outline being parsed. */
static void
apply_edit (EpistleOutlinePane *self,
            guint               first_line,
            guint               n_removed,
            char               *lines)
{
  if (self->parsing)
    {
      PendingEdit *edit = g_new0 (PendingEdit, 1);

      edit->first_line = first_line;
      edit->n_removed = n_removed;
      edit->text = lines;
      g_ptr_array_add (self->pending, edit);
      return;
    }
  epistle_outline_replace_lines (self->outline, first_line, n_removed, lines, -1);
  g_free (lines);
  schedule_reconcile (self);
}

static void
on_insert_text (GtkTextBuffer      *buffer,
                GtkTextIter        *location,
                const char         *text,
                int                 length,
                EpistleOutlinePane *self)
{
  self->edit_first_line = gtk_text_iter_get_line (location);
  self->edit_n_removed = 1;
}

static void
on_insert_text_after (GtkTextBuffer      *buffer,
                      GtkTextIter        *location,
                      const char         *text,
                      int                 length,
                      EpistleOutlinePane *self)
{
  guint last = gtk_text_iter_get_line (location);

  if (self->suspended || self->dormant)
    return;
  apply_edit (self, self->edit_first_line, self->edit_n_removed,
              get_lines (buffer, self->edit_first_line, last - self->edit_first_line + 1));
}

static void
on_delete_range (GtkTextBuffer      *buffer,
                 GtkTextIter        *start,
                 GtkTextIter        *end,
                 EpistleOutlinePane *self)
{
  self->edit_first_line = gtk_text_iter_get_line (start);
  self->edit_n_removed = gtk_text_iter_get_line (end) - self->edit_first_line + 1;
}

static void
on_delete_range_after (GtkTextBuffer      *buffer,
                       GtkTextIter        *start,
                       GtkTextIter        *end,
                       EpistleOutlinePane *self)
{
  if (self->suspended || self->dormant)
    return;
  apply_edit (self, self->edit_first_line, self->edit_n_removed, get_lines (buffer, self->edit_first_line, 1));
}

/* ------------------------------------------------------ the current ---- */

/* The row showing @node, or its nearest shown ancestor. */
static guint
row_of (EpistleOutlinePane *self,
        EpistleOutlineNode *node)
{
  GListModel *rows = G_LIST_MODEL (self->filtered);

  for (; node != NULL; node = node->parent)
    {
      guint n = g_list_model_get_n_items (rows);

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(GtkTreeListRow) row = g_list_model_get_item (rows, i);
          g_autoptr(GObject) item = gtk_tree_list_row_get_item (row);

          if (item == (GObject *) node)
            return i;
        }
    }
  return GTK_INVALID_LIST_POSITION;
}

/* The node for an engine item: the same path of child positions. */
static EpistleOutlineNode *
node_for_item (EpistleOutlinePane *self,
               EpistleOutlineItem *item)
{
  g_autoptr(GArray) path = g_array_new (FALSE, FALSE, sizeof (guint));
  GListModel *model = G_LIST_MODEL (self->nodes);
  EpistleOutlineNode *node = NULL;

  for (EpistleOutlineItem *it = item; it != NULL; it = it->parent)
    {
      GPtrArray *siblings = it->parent != NULL ? it->parent->children : epistle_outline_get_items (self->outline);
      guint index = 0;

      if (!g_ptr_array_find (siblings, it, &index))
        return NULL;
      g_array_prepend_val (path, index);
    }
  for (guint i = 0; i < path->len; i++)
    {
      g_autoptr(EpistleOutlineNode) child = g_list_model_get_item (model, g_array_index (path, guint, i));

      if (child == NULL)
        return NULL;
      node = child;
      model = G_LIST_MODEL (child->children);
    }
  return node;
}

/* The current row brought into view two frames on: the list scrolled in
 * the same cycle as it got its rows (a manuscript's outline arriving from
 * its worker) shows only its first row until it is scrolled by hand. */
static gboolean
scroll_tick (GtkWidget     *widget,
             GdkFrameClock *clock,
             gpointer       user_data)
{
  EpistleOutlinePane *self = EPISTLE_OUTLINE_PANE (widget);
  guint position;

  if (++self->scroll_ticks < 2)
    return G_SOURCE_CONTINUE;
  self->scroll_tick = 0;
  position = gtk_single_selection_get_selected (self->selection);
  if (position != GTK_INVALID_LIST_POSITION)
    gtk_list_view_scroll_to (self->list, position, GTK_LIST_SCROLL_NONE, NULL);
  return G_SOURCE_REMOVE;
}

static void
cancel_scroll (EpistleOutlinePane *self)
{
  if (self->scroll_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->scroll_tick);
  self->scroll_tick = 0;
}

static gboolean
follow_cursor (gpointer user_data)
{
  EpistleOutlinePane *self = user_data;
  EpistleOutlineItem *item;
  EpistleOutlineNode *node = NULL;
  GtkTextIter iter;
  guint position;

  self->follow_source = 0;
  if (self->buffer == NULL || self->reconcile_source != 0)
    return G_SOURCE_REMOVE;
  gtk_text_buffer_get_iter_at_mark (self->buffer, &iter, gtk_text_buffer_get_insert (self->buffer));
  item = epistle_outline_item_at_line (self->outline, gtk_text_iter_get_line (&iter));
  if (item != NULL)
    node = node_for_item (self, item);
  self->current = node;
  position = node != NULL ? row_of (self, node) : GTK_INVALID_LIST_POSITION;
  if (gtk_single_selection_get_selected (self->selection) != position)
    gtk_single_selection_set_selected (self->selection, position);
  if (position != GTK_INVALID_LIST_POSITION && gtk_widget_get_mapped (GTK_WIDGET (self)) && self->scroll_tick == 0)
    {
      self->scroll_ticks = 0;
      self->scroll_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), scroll_tick, NULL, NULL);
    }
  return G_SOURCE_REMOVE;
}

static void
on_cursor_moved (EpistleOutlinePane *self)
{
  if (self->follow_source == 0 && !self->suspended && !self->dormant)
    self->follow_source = g_idle_add_full (G_PRIORITY_HIGH_IDLE + 10, follow_cursor, self, NULL);
}

/* ------------------------------------------------------------ jumping ---- */

static void
jump_to (EpistleOutlinePane *self,
         EpistleOutlineNode *node)
{
  GtkTextIter iter;

  if (self->buffer == NULL || self->view == NULL)
    return;
  gtk_text_buffer_get_iter_at_line (self->buffer, &iter, (int) node->line);
  gtk_text_buffer_place_cursor (self->buffer, &iter);
  /* The item in the upper third, where the eye looks first. */
  gtk_text_view_scroll_to_mark (self->view, gtk_text_buffer_get_insert (self->buffer), 0.0, TRUE, 0.0, 0.3);
  gtk_widget_grab_focus (GTK_WIDGET (self->view));
}

void
epistle_outline_pane_activate_row (EpistleOutlinePane *self,
                                   guint               position)
{
  g_autoptr(GtkTreeListRow) row = NULL;
  g_autoptr(EpistleOutlineNode) node = NULL;

  g_return_if_fail (EPISTLE_IS_OUTLINE_PANE (self));

  row = g_list_model_get_item (G_LIST_MODEL (self->filtered), position);
  if (row == NULL)
    return;
  node = gtk_tree_list_row_get_item (row);
  jump_to (self, node);
}

static void
on_activate (GtkListView        *list,
             guint               position,
             EpistleOutlinePane *self)
{
  epistle_outline_pane_activate_row (self, position);
}

/* ------------------------------------------------------------ filter ---- */

static gboolean
mark_matches (GListModel *model,
              const char *needle)
{
  gboolean any = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(EpistleOutlineNode) node = g_list_model_get_item (model, i);
      g_autofree char *folded = g_utf8_casefold (node->title != NULL ? node->title : "", -1);
      gboolean below = mark_matches (G_LIST_MODEL (node->children), needle);

      node->matches = below || strstr (folded, needle) != NULL;
      any |= node->matches;
    }
  return any;
}

static gboolean
filter_row (gpointer item,
            gpointer user_data)
{
  EpistleOutlinePane *self = user_data;
  g_autoptr(EpistleOutlineNode) node = gtk_tree_list_row_get_item (item);

  return self->filter_text == NULL || node->matches;
}

void
epistle_outline_pane_set_filter (EpistleOutlinePane *self,
                                 const char         *text)
{
  g_autofree char *folded = NULL;

  g_return_if_fail (EPISTLE_IS_OUTLINE_PANE (self));

  folded = text != NULL && *text != '\0' ? g_utf8_casefold (text, -1) : NULL;
  g_free (self->filter_text);
  self->filter_text = g_steal_pointer (&folded);
  if (self->filter_text != NULL)
    mark_matches (G_LIST_MODEL (self->nodes), self->filter_text);
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

static void
on_search_changed (GtkSearchEntry     *entry,
                   EpistleOutlinePane *self)
{
  epistle_outline_pane_set_filter (self, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

/* ----------------------------------------------------- moving sections ---- */

/* Moves the text of @node's section to the line start at @target, as one
 * undo step, and puts the cursor at its new start. */
static gboolean
move_section_to (EpistleOutlinePane *self,
                 EpistleOutlineNode *node,
                 guint64             target)
{
  GtkTextBuffer *buffer = self->buffer;
  GtkTextIter start, end, at;
  g_autofree char *text = NULL;
  gboolean ended_with_newline, adds_newline;
  gint64 new_start;

  if (buffer == NULL || (target > node->offset && target < node->end_offset) ||
      target == node->offset || target == node->end_offset)
    return FALSE;

  gtk_text_buffer_get_iter_at_offset (buffer, &start, (int) node->offset);
  gtk_text_buffer_get_iter_at_offset (buffer, &end, (int) node->end_offset);
  text = gtk_text_iter_get_slice (&start, &end);
  gtk_text_buffer_get_end_iter (buffer, &at);
  gtk_text_iter_backward_char (&at);
  ended_with_newline = gtk_text_iter_get_char (&at) == '\n';
  /* The last section may end without a line end: give it one to move. */
  adds_newline = !g_str_has_suffix (text, "\n");
  if (adds_newline)
    {
      char *with = g_strconcat (text, "\n", NULL);

      g_free (text);
      text = with;
    }

  gtk_text_buffer_begin_user_action (buffer);
  if (target > node->offset)
    {
      gboolean extra = FALSE;

      /* Insert first, then delete the earlier original: @target stays put. */
      gtk_text_buffer_get_iter_at_offset (buffer, &at, (int) target);
      if (gtk_text_iter_is_end (&at) && !ended_with_newline)
        {
          gtk_text_buffer_insert (buffer, &at, "\n", 1);
          extra = TRUE;
        }
      gtk_text_buffer_insert (buffer, &at, text, -1);
      gtk_text_buffer_get_iter_at_offset (buffer, &start, (int) node->offset);
      gtk_text_buffer_get_iter_at_offset (buffer, &end, (int) node->end_offset);
      gtk_text_buffer_delete (buffer, &start, &end);
      new_start = (gint64) target - (gint64) (node->end_offset - node->offset) + (extra ? 1 : 0);
    }
  else
    {
      gtk_text_buffer_delete (buffer, &start, &end);
      gtk_text_buffer_get_iter_at_offset (buffer, &at, (int) target);
      gtk_text_buffer_insert (buffer, &at, text, -1);
      new_start = (gint64) target;
    }
  /* The document ends as it did, with or without a line end. */
  gtk_text_buffer_get_end_iter (buffer, &end);
  start = end;
  if (!ended_with_newline && gtk_text_iter_backward_char (&start) && gtk_text_iter_get_char (&start) == '\n')
    gtk_text_buffer_delete (buffer, &start, &end);
  gtk_text_buffer_end_user_action (buffer);

  gtk_text_buffer_get_iter_at_offset (buffer, &at, (int) MAX (new_start, 0));
  gtk_text_buffer_place_cursor (buffer, &at);
  if (self->view != NULL)
    gtk_text_view_scroll_to_mark (self->view, gtk_text_buffer_get_insert (buffer), 0.0, TRUE, 0.0, 0.3);
  reconcile_now (self);
  return TRUE;
}

static EpistleOutlineNode *
sibling (EpistleOutlineNode *node,
         GListStore         *top,
         int                 step)
{
  GListModel *siblings = G_LIST_MODEL (node->parent != NULL ? node->parent->children : top);
  guint index = 0;

  if (!g_list_store_find (G_LIST_STORE (siblings), node, &index))
    return NULL;
  if ((step < 0 && index == 0) || index + step >= g_list_model_get_n_items (siblings))
    return NULL;
  {
    g_autoptr(EpistleOutlineNode) other = g_list_model_get_item (siblings, index + step);
    return other;   /* the store keeps it alive */
  }
}

gboolean
epistle_outline_pane_move_section (EpistleOutlinePane *self,
                                   gboolean            down)
{
  EpistleOutlineNode *node, *other;

  g_return_val_if_fail (EPISTLE_IS_OUTLINE_PANE (self), FALSE);

  wake_now (self);
  if (self->parsing)
    return FALSE;
  node = epistle_outline_pane_get_current (self);
  if (node == NULL || (other = sibling (node, self->nodes, down ? 1 : -1)) == NULL)
    return FALSE;
  return move_section_to (self, node, down ? other->end_offset : other->offset);
}

/* "## Title" → "### Title"; a Setext heading becomes ATX at its new
 * level (its underline line goes). */
static void
shift_heading (GtkTextBuffer      *buffer,
               EpistleOutlineNode *node,
               int                 delta)
{
  GtkTextIter start, end, after;
  g_autofree char *line = NULL;
  const char *p;
  guint indent = 0;

  gtk_text_buffer_get_iter_at_line (buffer, &start, (int) node->line);
  end = start;
  if (!gtk_text_iter_ends_line (&end))
    gtk_text_iter_forward_to_line_end (&end);
  line = gtk_text_iter_get_slice (&start, &end);
  p = line;
  while (*p == ' ' && indent < 3)
    p++, indent++;
  if (*p == '#')
    {
      gtk_text_iter_forward_chars (&start, (int) indent);
      if (delta > 0)
        gtk_text_buffer_insert (buffer, &start, "#", 1);
      else
        {
          after = start;
          gtk_text_iter_forward_char (&after);
          gtk_text_buffer_delete (buffer, &start, &after);
        }
      return;
    }
  /* Setext: the title line, then the underline on the next line. */
  {
    g_autofree char *hashes = g_strnfill (node->heading_level + delta, '#');
    g_autofree char *prefix = g_strconcat (hashes, " ", NULL);

    after = end;
    gtk_text_iter_forward_line (&after);
    if (!gtk_text_iter_ends_line (&after))
      gtk_text_iter_forward_to_line_end (&after);
    gtk_text_buffer_delete (buffer, &end, &after);
    gtk_text_buffer_get_iter_at_line (buffer, &start, (int) node->line);
    gtk_text_buffer_insert (buffer, &start, prefix, -1);
  }
}

static void
collect_headings (EpistleOutlineNode *node,
                  GPtrArray          *out)
{
  if (node->kind == EPISTLE_OUTLINE_HEADING)
    g_ptr_array_add (out, node);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (node->children)); i++)
    {
      g_autoptr(EpistleOutlineNode) child = g_list_model_get_item (G_LIST_MODEL (node->children), i);
      collect_headings (child, out);
    }
}

gboolean
epistle_outline_pane_shift_level (EpistleOutlinePane *self,
                                  int                 delta)
{
  g_autoptr(GPtrArray) headings = g_ptr_array_new ();
  EpistleOutlineNode *node;
  guint line;

  g_return_val_if_fail (EPISTLE_IS_OUTLINE_PANE (self), FALSE);

  wake_now (self);
  if (self->parsing)
    return FALSE;
  node = epistle_outline_pane_get_current (self);
  if (node == NULL || node->kind != EPISTLE_OUTLINE_HEADING || self->buffer == NULL)
    return FALSE;
  collect_headings (node, headings);
  for (guint i = 0; i < headings->len; i++)
    {
      EpistleOutlineNode *h = g_ptr_array_index (headings, i);
      int level = (int) h->heading_level + delta;

      if (level < 1 || level > 6)
        return FALSE;
    }
  line = node->line;
  gtk_text_buffer_begin_user_action (self->buffer);
  /* Bottom up, so the lines above keep their numbers. */
  for (guint i = headings->len; i > 0; i--)
    shift_heading (self->buffer, g_ptr_array_index (headings, i - 1), delta);
  gtk_text_buffer_end_user_action (self->buffer);
  {
    GtkTextIter iter;

    gtk_text_buffer_get_iter_at_line (self->buffer, &iter, (int) line);
    gtk_text_buffer_place_cursor (self->buffer, &iter);
  }
  reconcile_now (self);
  return TRUE;
}

/* -------------------------------------------------------------- rows ---- */

static void
update_row_labels (GtkWidget          *box,
                   EpistleOutlineNode *node)
{
  GtkWidget *icon = gtk_widget_get_first_child (box);
  GtkWidget *title = gtk_widget_get_next_sibling (icon);
  GtkWidget *words = gtk_widget_get_next_sibling (title);
  g_autofree char *count = g_strdup_printf ("%'" G_GUINT64_FORMAT, node->words);
  g_autofree char *label = NULL;

  gtk_image_set_from_icon_name (GTK_IMAGE (icon), kind_icon (node->kind));
  gtk_label_set_label (GTK_LABEL (title), node->title);
  gtk_label_set_label (GTK_LABEL (words), count);
  /* TRANSLATORS: an outline row for screen readers: "Chapter: CHAPTER I, 2,301 words" */
  label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s: %s, %s word", "%s: %s, %s words", node->words),
                           kind_name (node->kind), node->title, count);
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static void
on_node_notify (EpistleOutlineNode *node,
                GParamSpec         *pspec,
                GtkWidget          *box)
{
  update_row_labels (box, node);
}

static GdkContentProvider *
on_drag_prepare (GtkDragSource *source,
                 double         x,
                 double         y,
                 GtkListItem   *item)
{
  GtkTreeListRow *row = gtk_list_item_get_item (item);
  g_autoptr(EpistleOutlineNode) node = NULL;

  if (row == NULL)
    return NULL;
  node = gtk_tree_list_row_get_item (row);
  return gdk_content_provider_new_typed (EPISTLE_TYPE_OUTLINE_NODE, node);
}

static gboolean
on_drop (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         GtkListItem   *item)
{
  GtkWidget *widget = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (target));
  EpistleOutlinePane *self = EPISTLE_OUTLINE_PANE (gtk_widget_get_ancestor (widget, EPISTLE_TYPE_OUTLINE_PANE));
  EpistleOutlineNode *dragged = g_value_get_object (value);
  GtkTreeListRow *row = gtk_list_item_get_item (item);
  g_autoptr(EpistleOutlineNode) onto = NULL;
  gboolean after;

  if (self == NULL || row == NULL || dragged == NULL)
    return FALSE;
  onto = gtk_tree_list_row_get_item (row);
  /* The lower half of a row: after its section; the upper: before it. */
  after = y > gtk_widget_get_height (widget) / 2.0;
  return epistle_outline_pane_drop (self, dragged, onto, after);
}

gboolean
epistle_outline_pane_drop (EpistleOutlinePane *self,
                           EpistleOutlineNode *dragged,
                           EpistleOutlineNode *onto,
                           gboolean            after)
{
  g_return_val_if_fail (EPISTLE_IS_OUTLINE_PANE (self), FALSE);
  g_return_val_if_fail (EPISTLE_IS_OUTLINE_NODE (dragged) && EPISTLE_IS_OUTLINE_NODE (onto), FALSE);

  if (onto == dragged || self->parsing)
    return FALSE;
  return move_section_to (self, dragged, after ? onto->end_offset : onto->offset);
}

/* The row menu, made the first time it is wanted (not at start-up). */
static void
ensure_menu (EpistleOutlinePane *self)
{
  g_autoptr(GMenu) menu = NULL;
  g_autoptr(GMenu) move = NULL;
  g_autoptr(GMenu) level = NULL;

  if (self->menu != NULL)
    return;
  menu = g_menu_new ();
  move = g_menu_new ();
  level = g_menu_new ();
  g_menu_append (move, _("Move Section _Up"), "win.outline-move-section(false)");
  g_menu_append (move, _("Move Section _Down"), "win.outline-move-section(true)");
  g_menu_append (level, _("_Promote"), "win.outline-shift-level(-1)");
  g_menu_append (level, _("D_emote"), "win.outline-shift-level(1)");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (move));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (level));
  self->menu = gtk_popover_menu_new_from_model (G_MENU_MODEL (menu));
  gtk_popover_set_has_arrow (GTK_POPOVER (self->menu), FALSE);
  gtk_widget_set_halign (self->menu, GTK_ALIGN_START);
  gtk_widget_set_parent (self->menu, GTK_WIDGET (self));
}

/* Right-click on a row: the cursor goes to its item (so the commands act
 * on it), then the menu of what can be done with its section. */
static void
on_row_menu (GtkGestureClick *gesture,
             int              n_press,
             double           x,
             double           y,
             GtkListItem     *item)
{
  GtkWidget *widget = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));
  EpistleOutlinePane *self = EPISTLE_OUTLINE_PANE (gtk_widget_get_ancestor (widget, EPISTLE_TYPE_OUTLINE_PANE));
  GtkTreeListRow *row = gtk_list_item_get_item (item);
  g_autoptr(EpistleOutlineNode) node = NULL;
  graphene_point_t point;
  GdkRectangle rect = { 0, 0, 1, 1 };
  GtkTextIter iter;

  if (self == NULL || row == NULL || self->buffer == NULL)
    return;
  node = gtk_tree_list_row_get_item (row);
  gtk_text_buffer_get_iter_at_line (self->buffer, &iter, (int) node->line);
  gtk_text_buffer_place_cursor (self->buffer, &iter);
  if (self->view != NULL)
    gtk_text_view_scroll_to_mark (self->view, gtk_text_buffer_get_insert (self->buffer), 0.0, TRUE, 0.0, 0.3);
  if (gtk_widget_compute_point (widget, GTK_WIDGET (self), &GRAPHENE_POINT_INIT (x, y), &point))
    {
      rect.x = (int) point.x;
      rect.y = (int) point.y;
    }
  ensure_menu (self);
  gtk_popover_set_pointing_to (GTK_POPOVER (self->menu), &rect);
  gtk_popover_popup (GTK_POPOVER (self->menu));
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

/* The whole title, when the row had to shorten it. */
static gboolean
on_title_tooltip (GtkWidget  *label,
                  int         x,
                  int         y,
                  gboolean    keyboard,
                  GtkTooltip *tooltip,
                  gpointer    user_data)
{
  if (!pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (label))))
    return FALSE;
  gtk_tooltip_set_text (tooltip, gtk_label_get_label (GTK_LABEL (label)));
  return TRUE;
}

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           EpistleOutlinePane       *self)
{
  GtkWidget *expander = gtk_tree_expander_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *icon = gtk_image_new ();
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *words = gtk_label_new (NULL);
  GtkDragSource *drag = gtk_drag_source_new ();
  GtkDropTarget *drop = gtk_drop_target_new (EPISTLE_TYPE_OUTLINE_NODE, GDK_ACTION_MOVE);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (title, TRUE);
  gtk_widget_set_has_tooltip (title, TRUE);
  g_signal_connect (title, "query-tooltip", G_CALLBACK (on_title_tooltip), NULL);
  gtk_widget_add_css_class (words, "dim-label");
  gtk_widget_add_css_class (words, "numeric");
  gtk_widget_add_css_class (words, "caption");
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), words);
  gtk_tree_expander_set_child (GTK_TREE_EXPANDER (expander), box);
  gtk_tree_expander_set_indent_for_icon (GTK_TREE_EXPANDER (expander), TRUE);
  gtk_list_item_set_child (item, expander);

  gtk_drag_source_set_actions (drag, GDK_ACTION_MOVE);
  g_signal_connect (drag, "prepare", G_CALLBACK (on_drag_prepare), item);
  gtk_widget_add_controller (expander, GTK_EVENT_CONTROLLER (drag));
  g_signal_connect (drop, "drop", G_CALLBACK (on_drop), item);
  gtk_widget_add_controller (expander, GTK_EVENT_CONTROLLER (drop));

  {
    GtkGesture *click = gtk_gesture_click_new ();

    gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
    g_signal_connect (click, "pressed", G_CALLBACK (on_row_menu), item);
    gtk_widget_add_controller (expander, GTK_EVENT_CONTROLLER (click));
  }
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          EpistleOutlinePane       *self)
{
  GtkWidget *expander = gtk_list_item_get_child (item);
  GtkWidget *box = gtk_tree_expander_get_child (GTK_TREE_EXPANDER (expander));
  GtkTreeListRow *row = gtk_list_item_get_item (item);
  g_autoptr(EpistleOutlineNode) node = gtk_tree_list_row_get_item (row);

  gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (expander), row);
  update_row_labels (box, node);
  g_signal_connect_object (node, "notify", G_CALLBACK (on_node_notify), box, 0);
  g_object_set_data (G_OBJECT (item), "epistle-node", node);
}

static void
unbind_row (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            EpistleOutlinePane       *self)
{
  GtkWidget *expander = gtk_list_item_get_child (item);
  GtkWidget *box = gtk_tree_expander_get_child (GTK_TREE_EXPANDER (expander));
  EpistleOutlineNode *node = g_object_get_data (G_OBJECT (item), "epistle-node");

  if (node != NULL)
    g_signal_handlers_disconnect_by_data (node, box);
  g_object_set_data (G_OBJECT (item), "epistle-node", NULL);
  gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (expander), NULL);
}

static gboolean
on_move_key (GtkWidget *widget,
             GVariant  *args,
             gpointer   user_data)
{
  EpistleOutlinePane *self = EPISTLE_OUTLINE_PANE (widget);
  int what = g_variant_get_int32 (args);

  switch (what)
    {
    case 0: epistle_outline_pane_move_section (self, FALSE); break;
    case 1: epistle_outline_pane_move_section (self, TRUE); break;
    case 2: epistle_outline_pane_shift_level (self, -1); break;
    default: epistle_outline_pane_shift_level (self, 1); break;
    }
  return TRUE;
}

void
epistle_outline_pane_focus (EpistleOutlinePane *self)
{
  guint position;

  g_return_if_fail (EPISTLE_IS_OUTLINE_PANE (self));

  /* Just shown: the rows exist once the sidebar is on screen. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->focus_on_map = TRUE;
      return;
    }
  self->focus_on_map = FALSE;
  epistle_outline_pane_get_current (self);
  position = gtk_single_selection_get_selected (self->selection);
  if (position == GTK_INVALID_LIST_POSITION)
    position = 0;
  if (g_list_model_get_n_items (G_LIST_MODEL (self->filtered)) == 0)
    {
      gtk_widget_grab_focus (GTK_WIDGET (self->search));
      return;
    }
  gtk_list_view_scroll_to (self->list, position, GTK_LIST_SCROLL_FOCUS, NULL);
  gtk_widget_grab_focus (GTK_WIDGET (self->list));
}

/* Escape: back to the text, where it was. */
static gboolean
on_escape (GtkWidget *widget,
           GVariant  *args,
           gpointer   user_data)
{
  EpistleOutlinePane *self = EPISTLE_OUTLINE_PANE (widget);

  if (self->view == NULL)
    return FALSE;
  gtk_widget_grab_focus (GTK_WIDGET (self->view));
  return TRUE;
}

/* ------------------------------------------------------------ object ---- */

static void
epistle_outline_pane_dispose (GObject *object)
{
  EpistleOutlinePane *self = EPISTLE_OUTLINE_PANE (object);

  g_clear_handle_id (&self->reconcile_source, g_source_remove);
  g_clear_handle_id (&self->follow_source, g_source_remove);
  cancel_scroll (self);
  if (self->buffer != NULL)
    g_signal_handlers_disconnect_by_data (self->buffer, self);
  g_clear_object (&self->buffer);
  g_clear_weak_pointer (&self->view);
  g_clear_pointer (&self->menu, gtk_widget_unparent);
  self->current = NULL;
  G_OBJECT_CLASS (epistle_outline_pane_parent_class)->dispose (object);
}

static void
epistle_outline_pane_finalize (GObject *object)
{
  EpistleOutlinePane *self = EPISTLE_OUTLINE_PANE (object);

  g_clear_object (&self->nodes);
  g_clear_object (&self->filtered);
  g_clear_pointer (&self->outline, epistle_outline_free);
  g_clear_pointer (&self->pending, g_ptr_array_unref);
  g_free (self->filter_text);
  G_OBJECT_CLASS (epistle_outline_pane_parent_class)->finalize (object);
}

static gboolean
focus_idle (gpointer user_data)
{
  EpistleOutlinePane *self = user_data;

  if (self->focus_on_map)
    epistle_outline_pane_focus (self);
  return G_SOURCE_REMOVE;
}

static void
epistle_outline_pane_map (GtkWidget *widget)
{
  EpistleOutlinePane *self = EPISTLE_OUTLINE_PANE (widget);

  GTK_WIDGET_CLASS (epistle_outline_pane_parent_class)->map (widget);
  /* After this frame's layout, when the rows have their widgets. */
  if (self->focus_on_map)
    g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, focus_idle, g_object_ref (self), g_object_unref);
}

static void
epistle_outline_pane_unmap (GtkWidget *widget)
{
  cancel_scroll (EPISTLE_OUTLINE_PANE (widget));
  GTK_WIDGET_CLASS (epistle_outline_pane_parent_class)->unmap (widget);
}

static void
epistle_outline_pane_size_allocate (GtkWidget *widget,
                                    int        width,
                                    int        height,
                                    int        baseline)
{
  EpistleOutlinePane *self = EPISTLE_OUTLINE_PANE (widget);

  GTK_WIDGET_CLASS (epistle_outline_pane_parent_class)->size_allocate (widget, width, height, baseline);
  if (self->menu != NULL)
    gtk_popover_present (GTK_POPOVER (self->menu));
}

static void
epistle_outline_pane_class_init (EpistleOutlinePaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = epistle_outline_pane_dispose;
  object_class->finalize = epistle_outline_pane_finalize;
  widget_class->size_allocate = epistle_outline_pane_size_allocate;
  widget_class->map = epistle_outline_pane_map;
  widget_class->unmap = epistle_outline_pane_unmap;

  /* In the outline, Alt+arrows move sections; in the editor they move
   * lines, as GtkSourceView has them. */
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Up, GDK_ALT_MASK, on_move_key, "i", 0);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Down, GDK_ALT_MASK, on_move_key, "i", 1);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Left, GDK_ALT_MASK, on_move_key, "i", 2);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Right, GDK_ALT_MASK, on_move_key, "i", 3);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Escape, 0, on_escape, NULL);
  gtk_widget_class_set_css_name (widget_class, "epistle-outline");

  /* The rows now show the text as it is (benchmarks and tests). */
  signals[SIGNAL_UPDATED] = g_signal_new ("updated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
epistle_outline_pane_init (EpistleOutlinePane *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *empty = adw_status_page_new ();
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  self->outline = epistle_outline_new ();
  self->pending = g_ptr_array_new_with_free_func ((GDestroyNotify) pending_edit_free);
  self->nodes = g_list_store_new (EPISTLE_TYPE_OUTLINE_NODE);
  self->tree = gtk_tree_list_model_new (G_LIST_MODEL (g_object_ref (self->nodes)), FALSE, TRUE,
                                        create_children, NULL, NULL);
  self->filter = gtk_custom_filter_new (filter_row, self, NULL);
  self->filtered = gtk_filter_list_model_new (G_LIST_MODEL (self->tree), GTK_FILTER (self->filter));
  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->filtered)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);

  self->search = GTK_SEARCH_ENTRY (gtk_search_entry_new ());
  gtk_search_entry_set_placeholder_text (self->search, _("Filter Outline"));
  gtk_widget_set_margin_start (GTK_WIDGET (self->search), 6);
  gtk_widget_set_margin_end (GTK_WIDGET (self->search), 6);
  gtk_widget_set_margin_top (GTK_WIDGET (self->search), 6);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->search), 6);
  g_signal_connect (self->search, "search-changed", G_CALLBACK (on_search_changed), self);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->search));

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row), self);
  self->list = GTK_LIST_VIEW (gtk_list_view_new (GTK_SELECTION_MODEL (self->selection), factory));
  gtk_list_view_set_single_click_activate (self->list, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "navigation-sidebar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Outline"), -1);
  g_signal_connect (self->list, "activate", G_CALLBACK (on_activate), self);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->list));
  gtk_widget_set_vexpand (scroller, TRUE);

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (empty), "view-list-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (empty), _("No Outline Yet"));
  adw_status_page_set_description (ADW_STATUS_PAGE (empty),
                                   _("Headings, chapters, the salutation, quotations and the closing of your letter appear here."));
  gtk_widget_add_css_class (empty, "compact");

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_stack_add_named (self->stack, scroller, "tree");
  gtk_stack_add_named (self->stack, empty, "empty");
  gtk_widget_set_vexpand (GTK_WIDGET (self->stack), TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->stack));
  adw_bin_set_child (ADW_BIN (self), box);
  update_empty (self);
}

GtkWidget *
epistle_outline_pane_new (void)
{
  return g_object_new (EPISTLE_TYPE_OUTLINE_PANE, NULL);
}

void
epistle_outline_pane_set_view (EpistleOutlinePane *self,
                               GtkTextView        *view)
{
  g_return_if_fail (EPISTLE_IS_OUTLINE_PANE (self));
  g_return_if_fail (GTK_IS_TEXT_VIEW (view));

  g_set_weak_pointer (&self->view, view);
  if (self->buffer != NULL)
    g_signal_handlers_disconnect_by_data (self->buffer, self);
  g_set_object (&self->buffer, gtk_text_view_get_buffer (view));
  g_signal_connect (self->buffer, "insert-text", G_CALLBACK (on_insert_text), self);
  g_signal_connect_after (self->buffer, "insert-text", G_CALLBACK (on_insert_text_after), self);
  g_signal_connect (self->buffer, "delete-range", G_CALLBACK (on_delete_range), self);
  g_signal_connect_after (self->buffer, "delete-range", G_CALLBACK (on_delete_range_after), self);
  g_signal_connect_swapped (self->buffer, "notify::cursor-position", G_CALLBACK (on_cursor_moved), self);
  reload (self, TRUE);
}

static void
parse_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  EpistleOutline *outline = epistle_outline_new ();

  epistle_outline_set_text (outline, task_data, -1);
  g_task_return_pointer (task, outline, (GDestroyNotify) epistle_outline_free);
}

static void
parse_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  EpistleOutlinePane *self = EPISTLE_OUTLINE_PANE (object);
  EpistleOutline *outline = g_task_propagate_pointer (G_TASK (result), NULL);

  if (GPOINTER_TO_UINT (user_data) != self->parse_generation || outline == NULL)
    {
      g_clear_pointer (&outline, epistle_outline_free);
      return;   /* a newer parse is on its way */
    }
  epistle_outline_free (self->outline);
  self->outline = outline;
  self->parsing = FALSE;
  /* What was typed while the worker parsed, in order. */
  for (guint i = 0; i < self->pending->len; i++)
    {
      PendingEdit *edit = g_ptr_array_index (self->pending, i);

      epistle_outline_replace_lines (self->outline, edit->first_line, edit->n_removed, edit->text, -1);
    }
  g_ptr_array_set_size (self->pending, 0);
  reconcile_now (self);
}

/* Parses the whole text again; a manuscript in a worker when @in_worker. */
static void
reload (EpistleOutlinePane *self,
        gboolean            in_worker)
{
  g_autoptr(GTask) task = NULL;
  char *text;
  GtkTextIter start, end;

  if (self->buffer == NULL)
    return;
  self->parse_generation++;
  g_ptr_array_set_size (self->pending, 0);
  if (self->dormant || self->suspended)
    {
      self->parsing = FALSE;
      self->stale = TRUE;
      return;
    }
  self->stale = FALSE;
  gtk_text_buffer_get_bounds (self->buffer, &start, &end);
  text = gtk_text_buffer_get_text (self->buffer, &start, &end, TRUE);
  if (!in_worker || gtk_text_buffer_get_char_count (self->buffer) <= SYNC_PARSE_CHARS)
    {
      self->parsing = FALSE;
      epistle_outline_set_text (self->outline, text, -1);
      g_free (text);
      reconcile_now (self);
      return;
    }
  /* A manuscript: parsed off the main loop, the pane as it was meanwhile. */
  self->parsing = TRUE;
  task = g_task_new (self, NULL, parse_done, GUINT_TO_POINTER (self->parse_generation));
  g_task_set_source_tag (task, reload);
  g_task_set_task_data (task, text, g_free);
  g_task_run_in_thread (task, parse_thread);
}

/* Asked for while hidden (a command, a test): kept from now on, and up to
 * date before the answer, parsed here even when long. */
static void
wake_now (EpistleOutlinePane *self)
{
  self->dormant = FALSE;
  if (self->stale && !self->suspended)
    reload (self, FALSE);
}

void
epistle_outline_pane_set_dormant (EpistleOutlinePane *self,
                                  gboolean            dormant)
{
  g_return_if_fail (EPISTLE_IS_OUTLINE_PANE (self));

  if (self->dormant == !!dormant)
    return;
  self->dormant = !!dormant;
  if (dormant)
    {
      /* Forget the outline (and any parse on its way) until shown again;
       * the rows stay, so expanded and collapsed sections are kept. */
      g_clear_handle_id (&self->reconcile_source, g_source_remove);
      g_clear_handle_id (&self->follow_source, g_source_remove);
      self->parse_generation++;
      self->parsing = FALSE;
      g_ptr_array_set_size (self->pending, 0);
      epistle_outline_free (self->outline);
      self->outline = epistle_outline_new ();
      self->stale = TRUE;
    }
  else if (self->stale)
    reload (self, TRUE);
}

gboolean
epistle_outline_pane_get_busy (EpistleOutlinePane *self)
{
  g_return_val_if_fail (EPISTLE_IS_OUTLINE_PANE (self), FALSE);
  return self->parsing;
}

void
epistle_outline_pane_set_suspended (EpistleOutlinePane *self,
                                    gboolean            suspended)
{
  g_return_if_fail (EPISTLE_IS_OUTLINE_PANE (self));

  if (self->suspended == !!suspended)
    return;
  self->suspended = !!suspended;
  if (!suspended)
    reload (self, TRUE);
}

EpistleOutline *
epistle_outline_pane_get_outline (EpistleOutlinePane *self)
{
  g_return_val_if_fail (EPISTLE_IS_OUTLINE_PANE (self), NULL);
  wake_now (self);
  return self->outline;
}

GListModel *
epistle_outline_pane_get_rows (EpistleOutlinePane *self)
{
  g_return_val_if_fail (EPISTLE_IS_OUTLINE_PANE (self), NULL);
  wake_now (self);
  return G_LIST_MODEL (self->filtered);
}

GListModel *
epistle_outline_pane_get_nodes (EpistleOutlinePane *self)
{
  g_return_val_if_fail (EPISTLE_IS_OUTLINE_PANE (self), NULL);
  wake_now (self);
  return G_LIST_MODEL (self->nodes);
}

EpistleOutlineNode *
epistle_outline_pane_get_current (EpistleOutlinePane *self)
{
  g_return_val_if_fail (EPISTLE_IS_OUTLINE_PANE (self), NULL);
  wake_now (self);
  /* Up to date with the text and the cursor, whatever is still queued. */
  g_clear_handle_id (&self->follow_source, g_source_remove);
  if (self->reconcile_source != 0)
    reconcile_now (self);
  else
    follow_cursor (self);
  return self->current;
}
