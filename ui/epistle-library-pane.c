/* SPDX-License-Identifier: GPL-3.0-or-later
 * epistle-library-pane.c — the quote library in the sidebar.  The search
 * runs in the model's worker; rows show the quote with the searched words
 * in bold, its author, short title and year, and its tags.  What is done
 * with a quote (insert, edit, delete) is the window's business: the pane
 * activates the window's actions with the quote's id. */

#include "config.h"

#include <glib/gi18n.h>

#include "epistle-library-pane.h"
#include "epistle-library-row.h"
#include "epistle-window.h"

/* Words shown of a long quote, from a few before its first match: about
 * what the row's three lines hold. */
#define ROW_CONTEXT_WORDS 24

struct _EpistleLibraryPane
{
  AdwBin               parent_instance;

  /* template */
  GtkSearchEntry      *search_entry;
  GtkMenuButton       *filter_button;
  GtkPopover          *filter_popover;
  GtkFlowBox          *author_facets;
  GtkFlowBox          *tag_facets;
  GtkMenuButton       *menu_button;
  GtkWidget           *chips_box;
  GtkWidget           *author_chip;
  GtkLabel            *author_chip_label;
  GtkWidget           *tag_chip;
  GtkLabel            *tag_chip_label;
  GtkStack            *stack;
  GtkListView         *list_view;
  AdwStatusPage       *empty_page;
  GtkLabel            *count_label;

  EpistleLibraryModel *model;
  GtkSingleSelection  *selection;
  GCancellable        *facets_cancellable;
  char                *author;
  char                *tag;
  gboolean             started;
  gboolean             new_search;     /* not a refresh: back to the top */
  gboolean             told_moved_aside;

  /* The row a context menu was opened on. */
  GtkWidget           *menu;
  gint64               menu_quote_id;
  gint64               menu_source_id;
  char                *menu_author;
  GtkWidget           *drag_row;      /* weak */
};

G_DEFINE_FINAL_TYPE (EpistleLibraryPane, epistle_library_pane, ADW_TYPE_BIN)

/* ---------------------------------------------------------------- text ---- */

char *
epistle_library_pane_short_authors (const char *authors)
{
  g_auto(GStrv) names = NULL;
  g_autofree char *first = NULL;
  guint n;

  if (authors == NULL || *authors == '\0')
    return NULL;
  names = g_strsplit (authors, "; ", -1);
  n = g_strv_length (names);
  for (guint i = 0; i < n; i++)
    {
      /* "Luxemburg, Rosa" → "Luxemburg"; a literal name stays whole. */
      char *comma = strchr (names[i], ',');

      if (comma != NULL)
        *comma = '\0';
      g_strstrip (names[i]);
    }
  if (n == 1)
    return g_strdup (names[0]);
  if (n == 2)
    /* TRANSLATORS: two authors of one source, e.g. "Marx and Engels" */
    return g_strdup_printf (_("%s and %s"), names[0], names[1]);
  /* TRANSLATORS: three or more authors, e.g. "Marx et al." */
  return g_strdup_printf (_("%s et al."), names[0]);
}

/* "Zur russischen Revolution" from "Zur russischen Revolution: Eine kritische
 * Würdigung" — a title short enough for a row. */
static char *
short_title (const char *title)
{
  const char *colon;

  if (title == NULL)
    return NULL;
  colon = strstr (title, ": ");
  if (colon != NULL && colon > title)
    return g_strndup (title, colon - title);
  return g_strdup (title);
}

static char *
source_line (const EpistleLibraryQuote *quote)
{
  g_autoptr(GString) line = g_string_new (NULL);
  g_autofree char *authors = epistle_library_pane_short_authors (quote->author);
  g_autofree char *title = short_title (quote->title);

  if (authors != NULL)
    g_string_append (line, authors);
  if (title != NULL)
    g_string_append_printf (line, "%s%s", line->len > 0 ? " · " : "", title);
  if (quote->year > 0)
    g_string_append_printf (line, "%s%d", line->len > 0 ? " · " : "", quote->year);
  if (quote->locator != NULL && *quote->locator != '\0' &&
      (quote->locator_label == NULL || g_str_equal (quote->locator_label, "page")))
    /* TRANSLATORS: a page number after a source in the library's list */
    g_string_append_printf (line, _(", p. %s"), quote->locator);
  if (line->len == 0)
    g_string_append (line, _("No source"));
  return g_string_free (g_steal_pointer (&line), FALSE);
}

static char *
tags_line (const EpistleLibraryQuote *quote)
{
  g_autoptr(GString) line = g_string_new (NULL);

  for (guint i = 0; quote->tags[i] != NULL; i++)
    g_string_append_printf (line, "%s#%s", i > 0 ? "  " : "", quote->tags[i]);
  return g_string_free (g_steal_pointer (&line), FALSE);
}

/* ---------------------------------------------------------------- rows ---- */

static void
row_update (GtkWidget          *widget,
            EpistleLibraryItem *item,
            EpistleLibraryPane *self)
{
  EpistleLibraryRow *row = EPISTLE_LIBRARY_ROW (widget);
  const EpistleLibraryQuote *quote = item != NULL ? epistle_library_item_get_quote (item) : NULL;
  g_autofree char *snippet = NULL;
  g_autofree char *markup = NULL;
  g_autofree char *source = NULL;
  g_autofree char *tags = NULL;
  g_autofree char *spoken = NULL;

  if (quote == NULL)
    {
      epistle_library_row_set (row, "", _("Loading…"), NULL, _("Loading…"));
      return;
    }
  snippet = epistle_library_highlight (quote->text, epistle_library_model_get_query (self->model),
                                       ROW_CONTEXT_WORDS);
  markup = epistle_library_snippet_to_markup (snippet);
  source = source_line (quote);
  tags = tags_line (quote);
  spoken = g_strdup_printf ("%s — %s", quote->text, source);
  epistle_library_row_set (row, markup, source, tags, spoken);
}

static void
on_item_quote (EpistleLibraryItem *item,
               GParamSpec         *pspec,
               GtkWidget          *widget)
{
  row_update (widget, item, g_object_get_data (G_OBJECT (widget), "pane"));
}

/* The quote of the row's item now (a row past the first page may still
 * show the last search's quote for a moment; its item knows better). */
static gint64
row_quote_id (GtkWidget *widget)
{
  GtkListItem *list_item = g_object_get_data (G_OBJECT (widget), "list-item");
  EpistleLibraryItem *item = list_item != NULL ? gtk_list_item_get_item (list_item) : NULL;
  const EpistleLibraryQuote *quote = item != NULL ? epistle_library_item_get_quote (item) : NULL;

  return quote != NULL ? quote->id : 0;
}

static void
open_row_menu (EpistleLibraryPane *self,
               GtkWidget          *widget,
               double              x,
               double              y)
{
  GtkListItem *list_item = g_object_get_data (G_OBJECT (widget), "list-item");
  EpistleLibraryItem *item = gtk_list_item_get_item (list_item);
  const EpistleLibraryQuote *quote = item != NULL ? epistle_library_item_get_quote (item) : NULL;
  graphene_point_t point;
  GdkRectangle rect;

  if (quote == NULL)
    return;
  self->menu_quote_id = quote->id;
  self->menu_source_id = quote->source_id;
  g_free (self->menu_author);
  self->menu_author = g_strdup (quote->author);
  gtk_single_selection_set_selected (self->selection, gtk_list_item_get_position (list_item));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "library.delete-source", quote->source_id != 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "library.filter-author",
                                 quote->author != NULL && *quote->author != '\0');

  if (!gtk_widget_compute_point (widget, GTK_WIDGET (self), &GRAPHENE_POINT_INIT ((float) x, (float) y), &point))
    point = GRAPHENE_POINT_INIT (0, 0);
  rect = (GdkRectangle) { (int) point.x, (int) point.y, 1, 1 };
  gtk_popover_set_pointing_to (GTK_POPOVER (self->menu), &rect);
  gtk_popover_popup (GTK_POPOVER (self->menu));
}

/* The row under (@x, @y) of the list, or NULL.  The list's controllers
 * find it: rows are made by the hundred at each search, so they carry no
 * controllers of their own. */
static GtkWidget *
row_at (EpistleLibraryPane *self,
        double              x,
        double              y)
{
  GtkWidget *widget = gtk_widget_pick (GTK_WIDGET (self->list_view), x, y, GTK_PICK_DEFAULT);

  for (; widget != NULL && widget != GTK_WIDGET (self->list_view); widget = gtk_widget_get_parent (widget))
    if (g_object_get_data (G_OBJECT (widget), "row") != NULL)
      return widget;
  return NULL;
}

static void
on_list_secondary_click (GtkGestureClick *gesture,
                         int              n_press,
                         double           x,
                         double           y,
                         gpointer         user_data)
{
  EpistleLibraryPane *self = EPISTLE_LIBRARY_PANE (user_data);
  GtkWidget *row = row_at (self, x, y);
  graphene_point_t point;

  if (row == NULL)
    return;
  if (!gtk_widget_compute_point (GTK_WIDGET (self->list_view), row, &GRAPHENE_POINT_INIT ((float) x, (float) y), &point))
    point = GRAPHENE_POINT_INIT (0, 0);
  open_row_menu (self, row, point.x, point.y);
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

static GdkContentProvider *
on_drag_prepare (GtkDragSource *source,
                 double         x,
                 double         y,
                 gpointer       user_data)
{
  EpistleLibraryPane *self = EPISTLE_LIBRARY_PANE (user_data);
  GtkWidget *widget = row_at (self, x, y);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  gint64 id = widget != NULL ? row_quote_id (widget) : 0;
  g_autofree char *text = NULL;

  if (id == 0 || !EPISTLE_IS_WINDOW (root))
    return NULL;
  g_set_weak_pointer (&self->drag_row, widget);
  text = epistle_window_format_quote (EPISTLE_WINDOW (root), id, NULL, NULL);
  if (text == NULL)
    return NULL;
  return gdk_content_provider_new_typed (G_TYPE_STRING, text);
}

static void
on_drag_begin (GtkDragSource *source,
               GdkDrag       *drag,
               gpointer       user_data)
{
  EpistleLibraryPane *self = EPISTLE_LIBRARY_PANE (user_data);
  g_autoptr(GdkPaintable) icon = NULL;

  if (self->drag_row == NULL)
    return;
  icon = gtk_widget_paintable_new (self->drag_row);
  gtk_drag_source_set_icon (source, icon, 0, 0);
}

static void
on_setup (GtkSignalListItemFactory *factory,
          GtkListItem              *list_item,
          EpistleLibraryPane       *self)
{
  GtkWidget *box = epistle_library_row_new ();

  g_object_set_data (G_OBJECT (box), "row", GINT_TO_POINTER (TRUE));
  g_object_set_data (G_OBJECT (box), "pane", self);
  g_object_set_data (G_OBJECT (box), "list-item", list_item);
  gtk_list_item_set_child (list_item, box);
}

static void
on_bind (GtkSignalListItemFactory *factory,
         GtkListItem              *list_item,
         EpistleLibraryPane       *self)
{
  GtkWidget *widget = gtk_list_item_get_child (list_item);
  EpistleLibraryItem *item = gtk_list_item_get_item (list_item);

  row_update (widget, item, self);
  g_signal_connect_object (item, "notify::quote", G_CALLBACK (on_item_quote), widget, 0);
}

static void
on_unbind (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           EpistleLibraryPane       *self)
{
  GtkWidget *widget = gtk_list_item_get_child (list_item);
  EpistleLibraryItem *item = gtk_list_item_get_item (list_item);

  if (item != NULL)
    g_signal_handlers_disconnect_by_func (item, on_item_quote, widget);
}

/* ----------------------------------------------------------- the state ---- */

static void
update_state (EpistleLibraryPane *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  gint64 total = epistle_library_model_get_total (self->model);
  const char *error = epistle_library_model_get_error (self->model);
  g_autofree char *match = epistle_library_build_match (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  gboolean searching = match != NULL || self->author != NULL || self->tag != NULL;
  g_autofree char *count = NULL;

  if (error != NULL)
    {
      adw_status_page_set_icon_name (self->empty_page, "dialog-warning-symbolic");
      adw_status_page_set_title (self->empty_page, _("The Library Cannot Be Read"));
      adw_status_page_set_description (self->empty_page, error);
      gtk_stack_set_visible_child_name (self->stack, "empty");
    }
  else if (n == 0 && !epistle_library_model_get_loading (self->model))
    {
      if (searching)
        {
          adw_status_page_set_icon_name (self->empty_page, "edit-find-symbolic");
          adw_status_page_set_title (self->empty_page, _("No Quotations Found"));
          adw_status_page_set_description (self->empty_page,
                                           _("Try other words, or remove a filter"));
        }
      else
        {
          adw_status_page_set_icon_name (self->empty_page, "accessories-dictionary-symbolic");
          adw_status_page_set_title (self->empty_page, _("No Quotations Yet"));
          adw_status_page_set_description (self->empty_page,
                                           _("Add a selection from your letter, or import Kindle "
                                             "highlights, BibTeX, CSL-JSON, Readwise or Zotero"));
        }
      gtk_stack_set_visible_child_name (self->stack, "empty");
    }
  else
    gtk_stack_set_visible_child_name (self->stack, "list");

  if (error != NULL || total < 0)
    count = g_strdup ("");
  else if (epistle_library_model_get_counting (self->model))
    /* TRANSLATORS: while the matches of a short word are counted */
    count = g_strdup_printf (_("More than %u quotations"), n - 1);
  else if (searching)
    count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %" G_GINT64_FORMAT " quotation",
                                          "%u of %" G_GINT64_FORMAT " quotations", (gulong) total),
                             n, total);
  else
    count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u quotation", "%u quotations", n), n);
  gtk_label_set_text (self->count_label, count);
}

/* A search's results are in: the first is selected and shown (a refresh
 * after an edit keeps the place). */
static void
on_searched (EpistleLibraryPane *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->model));

  if (self->new_search && n > 0)
    {
      gtk_single_selection_set_selected (self->selection, 0);
      gtk_list_view_scroll_to (self->list_view, 0, GTK_LIST_SCROLL_NONE, NULL);
    }
  self->new_search = FALSE;
  update_state (self);

  /* A damaged library was moved aside when the pane opened it: say where
   * the old one is, once. */
  if (!self->told_moved_aside && epistle_library_model_get_moved_aside (self->model) != NULL)
    {
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

      self->told_moved_aside = TRUE;
      if (EPISTLE_IS_WINDOW (root))
        epistle_window_tell_library_moved_aside (EPISTLE_WINDOW (root),
                                                 epistle_library_model_get_moved_aside (self->model));
    }
}

static void
run_search (EpistleLibraryPane *self)
{
  EpistleLibraryFilter filter = { self->author, self->tag, 0 };

  self->started = TRUE;
  self->new_search = TRUE;
  epistle_library_model_set_query (self->model,
                                   gtk_editable_get_text (GTK_EDITABLE (self->search_entry)),
                                   &filter);
}

static void
update_chips (EpistleLibraryPane *self)
{
  g_autofree char *author = epistle_library_pane_short_authors (self->author);
  g_autofree char *tag = self->tag != NULL ? g_strdup_printf ("#%s", self->tag) : NULL;

  gtk_label_set_text (self->author_chip_label, author != NULL ? author : "");
  gtk_widget_set_tooltip_text (self->author_chip, self->author);
  gtk_widget_set_visible (self->author_chip, self->author != NULL);
  gtk_label_set_text (self->tag_chip_label, tag != NULL ? tag : "");
  gtk_widget_set_visible (self->tag_chip, self->tag != NULL);
  gtk_widget_set_visible (self->chips_box, self->author != NULL || self->tag != NULL);
}

/* --------------------------------------------------------- callbacks ---- */

static void
on_search_changed (EpistleLibraryPane *self)
{
  /* The entry reports a change as it is set up, long before the pane is
   * shown: the library is not opened for that. */
  if (!self->started)
    return;
  /* Already searched for (set_query() searches at once). */
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)),
                 epistle_library_model_get_query (self->model)) == 0)
    return;
  run_search (self);
}

static void
activate_position (EpistleLibraryPane *self,
                   guint               position)
{
  g_autoptr(EpistleLibraryItem) item = g_list_model_get_item (G_LIST_MODEL (self->model), position);
  const EpistleLibraryQuote *quote = item != NULL ? epistle_library_item_get_quote (item) : NULL;

  if (quote == NULL)
    return;
  gtk_widget_activate_action (GTK_WIDGET (self), "win.insert-quote", "x", quote->id);
}

static void
on_search_activate (EpistleLibraryPane *self)
{
  guint position = gtk_single_selection_get_selected (self->selection);

  if (position == GTK_INVALID_LIST_POSITION)
    position = 0;
  activate_position (self, position);
}

static void
on_stop_search (EpistleLibraryPane *self)
{
  if (*gtk_editable_get_text (GTK_EDITABLE (self->search_entry)) != '\0')
    {
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
      return;
    }
  /* Escape in an empty search: back to the letter. */
  gtk_widget_activate_action (GTK_WIDGET (self), "win.focus-editor", NULL);
}

static void
on_list_activate (EpistleLibraryPane *self,
                  guint               position)
{
  activate_position (self, position);
}

static void
on_author_chip_clicked (EpistleLibraryPane *self)
{
  epistle_library_pane_set_author (self, NULL);
}

static void
on_tag_chip_clicked (EpistleLibraryPane *self)
{
  epistle_library_pane_set_tag (self, NULL);
}

static void
on_model_changed (EpistleLibraryPane *self)
{
  update_state (self);
}

/* Down from the search entry goes into the results. */
static gboolean
on_search_key (GtkEventControllerKey *controller,
               guint                  keyval,
               guint                  keycode,
               GdkModifierType        state,
               EpistleLibraryPane    *self)
{
  if (keyval != GDK_KEY_Down && keyval != GDK_KEY_KP_Down)
    return FALSE;
  if (g_list_model_get_n_items (G_LIST_MODEL (self->model)) == 0)
    return FALSE;
  {
    guint position = gtk_single_selection_get_selected (self->selection);

    if (position == GTK_INVALID_LIST_POSITION)
      position = 0;
    gtk_list_view_scroll_to (self->list_view, position, GTK_LIST_SCROLL_FOCUS | GTK_LIST_SCROLL_SELECT, NULL);
  }
  return TRUE;
}

/* ------------------------------------------------------------ facets ---- */

static void
on_facet_clicked (GtkButton          *button,
                  EpistleLibraryPane *self)
{
  const char *author = g_object_get_data (G_OBJECT (button), "author");
  const char *tag = g_object_get_data (G_OBJECT (button), "tag");

  gtk_popover_popdown (self->filter_popover);
  if (author != NULL)
    epistle_library_pane_set_author (self, author);
  else if (tag != NULL)
    epistle_library_pane_set_tag (self, tag);
}

static void
fill_facets (EpistleLibraryPane *self,
             GtkFlowBox         *box,
             GPtrArray          *facets,
             gboolean            authors)
{
  gtk_flow_box_remove_all (box);
  for (guint i = 0; i < facets->len; i++)
    {
      EpistleLibraryFacet *facet = g_ptr_array_index (facets, i);
      g_autofree char *name = authors ? epistle_library_pane_short_authors (facet->name)
                                      : g_strdup_printf ("#%s", facet->name);
      g_autofree char *tooltip = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s: %" G_GINT64_FORMAT " quotation",
                                                               "%s: %" G_GINT64_FORMAT " quotations",
                                                               (gulong) facet->count),
                                                  facet->name, facet->count);
      GtkWidget *button = gtk_button_new_with_label (name);

      gtk_widget_add_css_class (button, "epistle-chip");
      gtk_widget_set_tooltip_text (button, tooltip);
      g_object_set_data_full (G_OBJECT (button), authors ? "author" : "tag", g_strdup (facet->name), g_free);
      g_signal_connect (button, "clicked", G_CALLBACK (on_facet_clicked), self);
      gtk_flow_box_append (box, button);
    }
  if (facets->len == 0)
    {
      GtkWidget *none = gtk_label_new (authors ? _("No authors yet") : _("No tags yet"));

      gtk_widget_add_css_class (none, "dim-label");
      gtk_flow_box_append (box, none);
    }
}

static void
facets_ready (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(EpistleLibraryPane) self = user_data;
  g_autoptr(GPtrArray) authors = NULL;
  g_autoptr(GPtrArray) tags = NULL;
  g_autoptr(GError) error = NULL;

  if (!epistle_library_model_list_facets_finish (EPISTLE_LIBRARY_MODEL (object), result,
                                                 &authors, &tags, &error))
    return;
  fill_facets (self, self->author_facets, authors, TRUE);
  fill_facets (self, self->tag_facets, tags, FALSE);
}

static void
on_filter_popover_show (EpistleLibraryPane *self)
{
  g_cancellable_cancel (self->facets_cancellable);
  g_clear_object (&self->facets_cancellable);
  self->facets_cancellable = g_cancellable_new ();
  epistle_library_model_list_facets_async (self->model, self->facets_cancellable,
                                           facets_ready, g_object_ref (self));
}

/* ----------------------------------------------------------- actions ---- */

static void
library_insert_as (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  EpistleLibraryPane *self = EPISTLE_LIBRARY_PANE (widget);

  gtk_widget_activate_action (widget, "win.insert-quote-as", "(xs)", self->menu_quote_id,
                              g_variant_get_string (param, NULL));
}

static void
library_forward (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  EpistleLibraryPane *self = EPISTLE_LIBRARY_PANE (widget);
  /* library.edit → win.edit-quote, and so on. */
  const char *target = g_str_equal (action_name, "library.edit") ? "win.edit-quote"
                     : g_str_equal (action_name, "library.delete") ? "win.delete-quote"
                     : g_str_equal (action_name, "library.copy") ? "win.copy-quote"
                     : "win.delete-source";
  gint64 id = g_str_equal (target, "win.delete-source") ? self->menu_source_id : self->menu_quote_id;

  gtk_widget_activate_action (widget, target, "x", id);
}

static void
library_filter_author (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  EpistleLibraryPane *self = EPISTLE_LIBRARY_PANE (widget);
  g_autofree char *author = g_strdup (self->menu_author);

  epistle_library_pane_set_author (self, author);
}

static GMenuModel *
row_menu_model (void)
{
  GMenu *menu = g_menu_new ();
  GMenu *insert = g_menu_new ();
  GMenu *change = g_menu_new ();
  struct { const char *label, *style; } styles[] = {
    { N_("Insert as _Block Quote"), "block" },
    { N_("Insert _Inline"), "inline" },
    { N_("Insert with _Pandoc Citation"), "pandoc" },
    { N_("Insert with _Footnote"), "footnote" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (styles); i++)
    {
      g_autofree char *detailed = g_strdup_printf ("library.insert-as::%s", styles[i].style);

      g_menu_append (insert, _(styles[i].label), detailed);
    }
  g_menu_append (insert, _("_Copy"), "library.copy");
  g_menu_append (change, _("Only Quotations by This _Author"), "library.filter-author");
  g_menu_append (change, _("_Edit…"), "library.edit");
  g_menu_append (change, _("_Delete"), "library.delete");
  g_menu_append (change, _("Delete _Source and Its Quotations"), "library.delete-source");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (insert));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (change));
  g_object_unref (insert);
  g_object_unref (change);
  return G_MENU_MODEL (menu);
}

/* Shift+F10 or the Menu key on a row. */
static void
library_row_menu (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  EpistleLibraryPane *self = EPISTLE_LIBRARY_PANE (widget);
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (widget));

  for (; focus != NULL && focus != widget; focus = gtk_widget_get_parent (focus))
    if (g_object_get_data (G_OBJECT (focus), "row") != NULL)
      {
        open_row_menu (self, focus, 12, 12);
        return;
      }
  /* The focus is on the list item around the row. */
  focus = gtk_root_get_focus (gtk_widget_get_root (widget));
  if (focus != NULL && gtk_widget_get_first_child (focus) != NULL &&
      g_object_get_data (G_OBJECT (gtk_widget_get_first_child (focus)), "row") != NULL)
    open_row_menu (self, gtk_widget_get_first_child (focus), 12, 12);
}

static void
library_delete_selected (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param)
{
  EpistleLibraryPane *self = EPISTLE_LIBRARY_PANE (widget);
  gint64 id = epistle_library_pane_get_selected_id (self);

  /* Delete in the search entry edits the text. */
  if (id == 0 || gtk_widget_has_focus (GTK_WIDGET (self->search_entry)) ||
      gtk_widget_is_ancestor (gtk_root_get_focus (gtk_widget_get_root (widget)), GTK_WIDGET (self->search_entry)))
    return;
  gtk_widget_activate_action (widget, "win.delete-quote", "x", id);
}

/* ------------------------------------------------------------ GObject ---- */

static void
epistle_library_pane_dispose (GObject *object)
{
  EpistleLibraryPane *self = EPISTLE_LIBRARY_PANE (object);

  g_cancellable_cancel (self->facets_cancellable);
  g_clear_object (&self->facets_cancellable);
  g_clear_pointer (&self->menu, gtk_widget_unparent);
  g_clear_weak_pointer (&self->drag_row);
  gtk_widget_dispose_template (GTK_WIDGET (self), EPISTLE_TYPE_LIBRARY_PANE);
  g_clear_object (&self->selection);
  g_clear_object (&self->model);
  G_OBJECT_CLASS (epistle_library_pane_parent_class)->dispose (object);
}

static void
epistle_library_pane_finalize (GObject *object)
{
  EpistleLibraryPane *self = EPISTLE_LIBRARY_PANE (object);

  g_free (self->author);
  g_free (self->tag);
  g_free (self->menu_author);
  G_OBJECT_CLASS (epistle_library_pane_parent_class)->finalize (object);
}

static void
epistle_library_pane_class_init (EpistleLibraryPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = epistle_library_pane_dispose;
  object_class->finalize = epistle_library_pane_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/epistle/Epistle/ui/epistle-library-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, EpistleLibraryPane, search_entry);
  gtk_widget_class_bind_template_child (widget_class, EpistleLibraryPane, filter_button);
  gtk_widget_class_bind_template_child (widget_class, EpistleLibraryPane, filter_popover);
  gtk_widget_class_bind_template_child (widget_class, EpistleLibraryPane, author_facets);
  gtk_widget_class_bind_template_child (widget_class, EpistleLibraryPane, tag_facets);
  gtk_widget_class_bind_template_child (widget_class, EpistleLibraryPane, menu_button);
  gtk_widget_class_bind_template_child (widget_class, EpistleLibraryPane, chips_box);
  gtk_widget_class_bind_template_child (widget_class, EpistleLibraryPane, author_chip);
  gtk_widget_class_bind_template_child (widget_class, EpistleLibraryPane, author_chip_label);
  gtk_widget_class_bind_template_child (widget_class, EpistleLibraryPane, tag_chip);
  gtk_widget_class_bind_template_child (widget_class, EpistleLibraryPane, tag_chip_label);
  gtk_widget_class_bind_template_child (widget_class, EpistleLibraryPane, stack);
  gtk_widget_class_bind_template_child (widget_class, EpistleLibraryPane, list_view);
  gtk_widget_class_bind_template_child (widget_class, EpistleLibraryPane, empty_page);
  gtk_widget_class_bind_template_child (widget_class, EpistleLibraryPane, count_label);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search);
  gtk_widget_class_bind_template_callback (widget_class, on_list_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_author_chip_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_tag_chip_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_popover_show);

  gtk_widget_class_install_action (widget_class, "library.insert-as", "s", library_insert_as);
  gtk_widget_class_install_action (widget_class, "library.edit", NULL, library_forward);
  gtk_widget_class_install_action (widget_class, "library.delete", NULL, library_forward);
  gtk_widget_class_install_action (widget_class, "library.copy", NULL, library_forward);
  gtk_widget_class_install_action (widget_class, "library.delete-source", NULL, library_forward);
  gtk_widget_class_install_action (widget_class, "library.filter-author", NULL, library_filter_author);
  gtk_widget_class_install_action (widget_class, "library.row-menu", NULL, library_row_menu);
  gtk_widget_class_install_action (widget_class, "library.delete-selected", NULL, library_delete_selected);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK, "library.row-menu", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Menu, 0, "library.row-menu", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "library.delete-selected", NULL);

  gtk_widget_class_set_css_name (widget_class, "epistle-library-pane");
}

static void
epistle_library_pane_init (EpistleLibraryPane *self)
{
  GtkListItemFactory *factory;
  GtkEventController *keys;
  GtkGesture *click;
  GtkDragSource *drag;
  g_autoptr(GMenuModel) menu = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->model = epistle_library_model_new (NULL);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->model)));
  gtk_single_selection_set_autoselect (self->selection, TRUE);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (on_setup), self);
  g_signal_connect (factory, "bind", G_CALLBACK (on_bind), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (on_unbind), self);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);

  g_signal_connect_object (self->model, "searched", G_CALLBACK (on_searched), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "notify::loading", G_CALLBACK (on_model_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "notify::error", G_CALLBACK (on_model_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "notify::total", G_CALLBACK (on_model_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "notify::n-items", G_CALLBACK (on_model_changed), self, G_CONNECT_SWAPPED);

  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
  g_signal_connect (click, "pressed", G_CALLBACK (on_list_secondary_click), self);
  gtk_widget_add_controller (GTK_WIDGET (self->list_view), GTK_EVENT_CONTROLLER (click));
  drag = gtk_drag_source_new ();
  gtk_drag_source_set_actions (drag, GDK_ACTION_COPY);
  g_signal_connect (drag, "prepare", G_CALLBACK (on_drag_prepare), self);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (on_drag_begin), self);
  gtk_widget_add_controller (GTK_WIDGET (self->list_view), GTK_EVENT_CONTROLLER (drag));

  keys = gtk_event_controller_key_new ();
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_search_key), self);
  gtk_widget_add_controller (GTK_WIDGET (self->search_entry), keys);
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self->list_view));

  menu = row_menu_model ();
  self->menu = gtk_popover_menu_new_from_model (menu);
  gtk_popover_set_has_arrow (GTK_POPOVER (self->menu), FALSE);
  gtk_popover_set_position (GTK_POPOVER (self->menu), GTK_POS_BOTTOM);
  gtk_widget_set_halign (self->menu, GTK_ALIGN_START);
  gtk_widget_set_parent (self->menu, GTK_WIDGET (self));

  update_chips (self);
  update_state (self);
}

/* -------------------------------------------------------------- API ---- */

EpistleLibraryModel *
epistle_library_pane_get_model (EpistleLibraryPane *self)
{
  g_return_val_if_fail (EPISTLE_IS_LIBRARY_PANE (self), NULL);
  return self->model;
}

void
epistle_library_pane_start (EpistleLibraryPane *self)
{
  g_return_if_fail (EPISTLE_IS_LIBRARY_PANE (self));
  if (!self->started)
    run_search (self);
}

void
epistle_library_pane_refresh (EpistleLibraryPane *self)
{
  g_return_if_fail (EPISTLE_IS_LIBRARY_PANE (self));
  if (!self->started)
    return;
  epistle_library_model_refresh (self->model);
}

void
epistle_library_pane_focus_search (EpistleLibraryPane *self)
{
  g_return_if_fail (EPISTLE_IS_LIBRARY_PANE (self));
  epistle_library_pane_start (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
}

void
epistle_library_pane_set_query (EpistleLibraryPane *self,
                                const char         *query)
{
  g_return_if_fail (EPISTLE_IS_LIBRARY_PANE (self));
  /* Searched at once, not after the entry's typing delay — nor for the
   * empty text the entry passes through (it reports that at once). */
  g_signal_handlers_block_by_func (self->search_entry, on_search_changed, self);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), query != NULL ? query : "");
  g_signal_handlers_unblock_by_func (self->search_entry, on_search_changed, self);
  run_search (self);
}

void
epistle_library_pane_set_author (EpistleLibraryPane *self,
                                 const char         *author)
{
  g_return_if_fail (EPISTLE_IS_LIBRARY_PANE (self));
  if (g_strcmp0 (self->author, author) == 0)
    return;
  g_free (self->author);
  self->author = g_strdup (author);
  update_chips (self);
  run_search (self);
}

void
epistle_library_pane_set_tag (EpistleLibraryPane *self,
                              const char         *tag)
{
  g_return_if_fail (EPISTLE_IS_LIBRARY_PANE (self));
  if (g_strcmp0 (self->tag, tag) == 0)
    return;
  g_free (self->tag);
  self->tag = g_strdup (tag);
  update_chips (self);
  run_search (self);
}

gint64
epistle_library_pane_get_selected_id (EpistleLibraryPane *self)
{
  EpistleLibraryItem *item;
  const EpistleLibraryQuote *quote;

  g_return_val_if_fail (EPISTLE_IS_LIBRARY_PANE (self), 0);
  item = gtk_single_selection_get_selected_item (self->selection);
  quote = item != NULL ? epistle_library_item_get_quote (item) : NULL;
  return quote != NULL ? quote->id : 0;
}
