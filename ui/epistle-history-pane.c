/* SPDX-License-Identifier: GPL-3.0-or-later
 * epistle-history-pane.c — the versions list.  Pages of versions are read
 * by epistle_history_log() in a worker (the walk reads commits and trees);
 * the list asks for the next page when it is scrolled near its end.  A row
 * is a summary line, a line with the time and the word delta, and the
 * milestones as badges; clicking it shows the version (win.show-version),
 * its menu offers comparisons and restoring. */

#include "config.h"

#include <glib/gi18n.h>

#include "epistle-history-pane.h"

#define PAGE_SIZE 50
/* Pixels from the end of the list at which the next page is read. */
#define LOAD_MARGIN 600

/* ---- items ------------------------------------------------------------- */

struct _EpistleVersionItem
{
  GObject         parent_instance;
  EpistleVersion *version;
};

G_DEFINE_FINAL_TYPE (EpistleVersionItem, epistle_version_item, G_TYPE_OBJECT)

static void
epistle_version_item_finalize (GObject *object)
{
  g_clear_pointer (&EPISTLE_VERSION_ITEM (object)->version, epistle_version_free);
  G_OBJECT_CLASS (epistle_version_item_parent_class)->finalize (object);
}

static void
epistle_version_item_class_init (EpistleVersionItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = epistle_version_item_finalize;
}

static void
epistle_version_item_init (EpistleVersionItem *self)
{
}

static EpistleVersionItem *
epistle_version_item_new (EpistleVersion *version)
{
  EpistleVersionItem *self = g_object_new (EPISTLE_TYPE_VERSION_ITEM, NULL);
  self->version = version;
  return self;
}

const EpistleVersion *
epistle_version_item_get_version (EpistleVersionItem *self)
{
  g_return_val_if_fail (EPISTLE_IS_VERSION_ITEM (self), NULL);
  return self->version;
}

/* ---- the pane ---------------------------------------------------------- */

struct _EpistleHistoryPane
{
  AdwBin          parent_instance;

  GtkStack       *stack;
  AdwStatusPage  *status;
  GtkLabel       *where_label;
  GtkListView    *list;
  GtkScrolledWindow *scroller;
  GListStore     *versions;
  GtkSingleSelection *selection;
  GtkWidget      *save_button;

  EpistleHistory *history;
  char           *unavailable;
  char           *marked;
  char           *shown;
  GCancellable   *cancellable;
  guint           generation;
  gboolean        loading;
  gboolean        at_end;
  char           *error;
  guint           clock_source;
};

G_DEFINE_FINAL_TYPE (EpistleHistoryPane, epistle_history_pane, ADW_TYPE_BIN)

char *
epistle_history_format_time (gint64 unix_time,
                             gint64 now)
{
  g_autoptr(GDateTime) then = g_date_time_new_from_unix_local (unix_time);
  g_autoptr(GDateTime) today = g_date_time_new_from_unix_local (now);
  gint64 seconds = now - unix_time;
  int days;

  if (then == NULL || today == NULL)
    return g_strdup ("");
  if (seconds < 60 && seconds > -60)
    return g_strdup (_("Just now"));
  if (seconds > 0 && seconds < 3600)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d minute ago", "%d minutes ago", seconds / 60),
                            (int) (seconds / 60));
  days = g_date_time_get_day_of_year (today) - g_date_time_get_day_of_year (then);
  if (g_date_time_get_year (then) == g_date_time_get_year (today) && days == 0)
    {
      g_autofree char *clock = g_date_time_format (then, "%H:%M");
      return g_strdup_printf (_("Today, %s"), clock);
    }
  if (g_date_time_get_year (then) == g_date_time_get_year (today) && days == 1)
    {
      g_autofree char *clock = g_date_time_format (then, "%H:%M");
      return g_strdup_printf (_("Yesterday, %s"), clock);
    }
  if (g_date_time_get_year (then) == g_date_time_get_year (today))
    {
      /* TRANSLATORS: a date this year with the time, see g_date_time_format() */
      g_autofree char *s = g_date_time_format (then, _("%e %B, %H:%M"));
      return g_strdup (g_strstrip (s));
    }
  {
    /* TRANSLATORS: a date in another year, see g_date_time_format() */
    g_autofree char *s = g_date_time_format (then, _("%e %B %Y"));
    return g_strdup (g_strstrip (s));
  }
}

static void
update_page (EpistleHistoryPane *self)
{
  const char *page = "list";

  if (self->history == NULL)
    {
      adw_status_page_set_icon_name (self->status, "document-open-recent-symbolic");
      if (self->unavailable != NULL)
        {
          adw_status_page_set_title (self->status, _("No History"));
          adw_status_page_set_description (self->status, self->unavailable);
        }
      else
        {
          adw_status_page_set_title (self->status, _("Not Saved Yet"));
          adw_status_page_set_description (self->status,
                                           _("Save the letter to start keeping its versions."));
        }
      page = "status";
    }
  else if (self->error != NULL && g_list_model_get_n_items (G_LIST_MODEL (self->versions)) == 0)
    {
      adw_status_page_set_icon_name (self->status, "dialog-warning-symbolic");
      adw_status_page_set_title (self->status, _("The History Cannot Be Read"));
      adw_status_page_set_description (self->status, self->error);
      page = "status";
    }
  else if (!self->loading && g_list_model_get_n_items (G_LIST_MODEL (self->versions)) == 0)
    {
      adw_status_page_set_icon_name (self->status, "document-open-recent-symbolic");
      adw_status_page_set_title (self->status, _("No Versions Yet"));
      adw_status_page_set_description (self->status,
                                       _("Every save keeps a version of the letter. Save Version names one."));
      page = "status";
    }
  gtk_stack_set_visible_child_name (self->stack, page);
  gtk_widget_set_sensitive (self->save_button, self->history != NULL);
}

typedef struct {
  EpistleHistory *history;
  char           *after;
  guint           generation;
} PageJob;

static void
page_job_free (gpointer data)
{
  PageJob *job = data;
  epistle_history_free (job->history);
  g_free (job->after);
  g_free (job);
}

static void
page_thread (GTask        *task,
             gpointer      source,
             gpointer      data,
             GCancellable *cancellable)
{
  PageJob *job = data;
  GError *error = NULL;
  GPtrArray *page = epistle_history_log (job->history, job->after, PAGE_SIZE, &error);

  if (page == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, page, (GDestroyNotify) g_ptr_array_unref);
}

static void load_more (EpistleHistoryPane *self);
static void fill_view (EpistleHistoryPane *self);

static void
page_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  EpistleHistoryPane *self = EPISTLE_HISTORY_PANE (object);
  PageJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) page = g_task_propagate_pointer (G_TASK (result), &error);
  g_autoptr(GPtrArray) items = NULL;

  if (job->generation != self->generation)
    return;
  self->loading = FALSE;
  if (page == NULL)
    {
      g_set_str (&self->error, error->message);
      self->at_end = TRUE;
      update_page (self);
      return;
    }
  g_clear_pointer (&self->error, g_free);
  if (page->len < PAGE_SIZE)
    self->at_end = TRUE;

  items = g_ptr_array_new_with_free_func (g_object_unref);
  while (page->len > 0)
    g_ptr_array_add (items, epistle_version_item_new (g_ptr_array_steal_index (page, 0)));

  if (job->after == NULL)
    g_list_store_splice (self->versions, 0, g_list_model_get_n_items (G_LIST_MODEL (self->versions)),
                         items->pdata, items->len);
  else
    g_list_store_splice (self->versions, g_list_model_get_n_items (G_LIST_MODEL (self->versions)), 0,
                         items->pdata, items->len);
  epistle_history_pane_set_shown (self, self->shown);
  update_page (self);
  /* A short first page in a tall pane is followed by the next one once
   * the list has been laid out with it: the adjustment's ::changed.  Not
   * here, where its size is still that of the list without the page (so
   * every page would be read at once). */
}

static void
read_page (EpistleHistoryPane *self,
           const char         *after)
{
  g_autoptr(GTask) task = NULL;
  PageJob *job;

  if (self->history == NULL)
    return;
  job = g_new0 (PageJob, 1);
  job->history = epistle_history_ref (self->history);
  job->after = g_strdup (after);
  job->generation = self->generation;
  self->loading = TRUE;
  task = g_task_new (self, self->cancellable, page_done, NULL);
  g_task_set_source_tag (task, read_page);
  g_task_set_task_data (task, job, page_job_free);
  g_task_run_in_thread (task, page_thread);
}

static void
load_more (EpistleHistoryPane *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->versions));
  g_autoptr(EpistleVersionItem) last = NULL;

  if (self->loading || self->at_end || self->history == NULL || n == 0)
    return;
  last = g_list_model_get_item (G_LIST_MODEL (self->versions), n - 1);
  read_page (self, last->version->id);
}

static void
on_scrolled (EpistleHistoryPane *self,
             GtkAdjustment      *adj)
{
  if (!gtk_widget_get_mapped (GTK_WIDGET (self->list)) || gtk_adjustment_get_page_size (adj) <= 0)
    return;
  if (gtk_adjustment_get_value (adj) + gtk_adjustment_get_page_size (adj) >=
      gtk_adjustment_get_upper (adj) - LOAD_MARGIN)
    load_more (self);
}

static void
fill_view (EpistleHistoryPane *self)
{
  if (!self->at_end)
    on_scrolled (self, gtk_scrolled_window_get_vadjustment (self->scroller));
}

void
epistle_history_pane_scroll_to_end (EpistleHistoryPane *self)
{
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (self->scroller);
  gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj));
}

void
epistle_history_pane_reload (EpistleHistoryPane *self)
{
  g_return_if_fail (EPISTLE_IS_HISTORY_PANE (self));

  self->generation++;
  self->at_end = FALSE;
  if (self->history == NULL)
    {
      g_list_store_remove_all (self->versions);
      self->loading = FALSE;
      update_page (self);
      return;
    }
  read_page (self, NULL);
  update_page (self);
}

void
epistle_history_pane_set_history (EpistleHistoryPane *self,
                                  EpistleHistory     *history,
                                  const char         *where,
                                  const char         *unavailable)
{
  g_return_if_fail (EPISTLE_IS_HISTORY_PANE (self));

  if (history != self->history)
    {
      g_clear_pointer (&self->history, epistle_history_free);
      if (history != NULL)
        self->history = epistle_history_ref (history);
      g_list_store_remove_all (self->versions);
      g_clear_pointer (&self->marked, g_free);
    }
  g_set_str (&self->unavailable, unavailable);
  gtk_label_set_label (self->where_label, where != NULL ? where : "");
  gtk_widget_set_visible (GTK_WIDGET (self->where_label), where != NULL);
  epistle_history_pane_reload (self);
}

const char *
epistle_history_pane_get_unavailable (EpistleHistoryPane *self)
{
  return self->history == NULL ? self->unavailable : NULL;
}

GListModel *
epistle_history_pane_get_versions (EpistleHistoryPane *self)
{
  return G_LIST_MODEL (self->versions);
}

gboolean
epistle_history_pane_get_loading (EpistleHistoryPane *self)
{
  return self->loading;
}

const char *
epistle_history_pane_get_marked (EpistleHistoryPane *self)
{
  return self->marked;
}

void
epistle_history_pane_set_marked (EpistleHistoryPane *self,
                                 const char         *id)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->versions));

  g_set_str (&self->marked, id);
  /* The rows show the mark: bind them again. */
  g_list_model_items_changed (G_LIST_MODEL (self->versions), 0, n, n);
  epistle_history_pane_set_shown (self, self->shown);
}

void
epistle_history_pane_set_shown (EpistleHistoryPane *self,
                                const char         *id)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->versions));

  if (id != self->shown)
    g_set_str (&self->shown, id);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(EpistleVersionItem) item = g_list_model_get_item (G_LIST_MODEL (self->versions), i);
      if (id != NULL && g_strcmp0 (item->version->id, id) == 0)
        {
          gtk_single_selection_set_selected (self->selection, i);
          return;
        }
    }
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
}

void
epistle_history_pane_focus (EpistleHistoryPane *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->list));
}

/* ---- rows -------------------------------------------------------------- */

static GMenuModel *
row_menu (EpistleHistoryPane *self,
          const char         *id)
{
  GMenu *menu = g_menu_new ();
  GMenu *section = g_menu_new ();
  GMenuItem *item;

#define ADD(label, action, target) \
  item = g_menu_item_new (label, NULL); \
  g_menu_item_set_action_and_target_value (item, action, target); \
  g_menu_append_item (section, item); \
  g_object_unref (item)

  ADD (_("Compare with _Current Text"), "win.compare-versions", g_variant_new ("(ss)", id, ""));
  ADD (_("Compare with _Previous Version"), "win.compare-versions", g_variant_new ("(ss)", "", id));
  if (self->marked != NULL && g_strcmp0 (self->marked, id) != 0)
    {
      ADD (_("Compare with _Marked Version"), "win.compare-versions", g_variant_new ("(ss)", self->marked, id));
    }
  ADD (_("_Mark for Comparison"), "win.mark-version", g_variant_new_string (id));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (section));
  g_object_unref (section);
  section = g_menu_new ();
  ADD (_("Name as _Milestone…"), "win.name-milestone", g_variant_new_string (id));
  ADD (_("Copy _Text"), "win.copy-version-text", g_variant_new_string (id));
  ADD (_("_Restore This Version"), "win.restore-version", g_variant_new_string (id));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (section));
  g_object_unref (section);
#undef ADD
  return G_MENU_MODEL (menu);
}

static void
on_menu_closed (GtkPopover *popover)
{
  g_idle_add_once ((GSourceOnceFunc) gtk_widget_unparent, popover);
}

static void
popup_row_menu (EpistleHistoryPane *self,
                GtkWidget          *row,
                double              x,
                double              y)
{
  EpistleVersionItem *item = g_object_get_data (G_OBJECT (row), "item");
  g_autoptr(GMenuModel) model = NULL;
  GtkWidget *popover;

  if (item == NULL)
    return;
  model = row_menu (self, item->version->id);
  popover = gtk_popover_menu_new_from_model (model);
  gtk_widget_set_parent (popover, row);
  gtk_popover_set_has_arrow (GTK_POPOVER (popover), FALSE);
  gtk_popover_set_pointing_to (GTK_POPOVER (popover), &(GdkRectangle) { (int) x, (int) y, 1, 1 });
  g_signal_connect (popover, "closed", G_CALLBACK (on_menu_closed), NULL);
  gtk_popover_popup (GTK_POPOVER (popover));
}

static void
on_row_pressed (GtkGestureClick *gesture,
                int              n_press,
                double           x,
                double           y,
                gpointer         user_data)
{
  GtkWidget *row = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));
  EpistleHistoryPane *self = EPISTLE_HISTORY_PANE (gtk_widget_get_ancestor (row, EPISTLE_TYPE_HISTORY_PANE));

  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  popup_row_menu (self, row, x, y);
}

static void
on_menu_button (GtkButton *button)
{
  GtkWidget *row = gtk_widget_get_parent (gtk_widget_get_parent (GTK_WIDGET (button)));
  EpistleHistoryPane *self = EPISTLE_HISTORY_PANE (gtk_widget_get_ancestor (row, EPISTLE_TYPE_HISTORY_PANE));
  graphene_point_t point;

  if (!gtk_widget_compute_point (GTK_WIDGET (button), row, &GRAPHENE_POINT_INIT (0, 0), &point))
    point = GRAPHENE_POINT_INIT (0, 0);
  popup_row_menu (self, row, point.x + gtk_widget_get_width (GTK_WIDGET (button)) / 2.0,
                  point.y + gtk_widget_get_height (GTK_WIDGET (button)));
}

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           gpointer                  user_data)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *bottom = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *summary = gtk_label_new (NULL);
  GtkWidget *menu = gtk_button_new_from_icon_name ("view-more-symbolic");
  GtkWidget *when = gtk_label_new (NULL);
  GtkWidget *delta = gtk_label_new (NULL);
  GtkWidget *badges = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  GtkWidget *mark = gtk_image_new_from_icon_name ("emblem-important-symbolic");
  GtkGesture *click = gtk_gesture_click_new ();

  gtk_widget_add_css_class (row, "epistle-version-row");
  gtk_widget_set_margin_top (row, 8);
  gtk_widget_set_margin_bottom (row, 8);
  gtk_widget_set_margin_start (row, 10);
  gtk_widget_set_margin_end (row, 4);

  gtk_label_set_xalign (GTK_LABEL (summary), 0);
  gtk_label_set_ellipsize (GTK_LABEL (summary), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (summary, TRUE);
  gtk_widget_add_css_class (summary, "heading");
  gtk_widget_set_tooltip_text (mark, _("Marked for comparison"));
  gtk_widget_set_visible (mark, FALSE);
  gtk_button_set_has_frame (GTK_BUTTON (menu), FALSE);
  gtk_widget_set_valign (menu, GTK_ALIGN_START);
  gtk_widget_set_tooltip_text (menu, _("Version Menu"));
  gtk_widget_add_css_class (menu, "flat");
  gtk_widget_add_css_class (menu, "circular");
  g_signal_connect (menu, "clicked", G_CALLBACK (on_menu_button), NULL);
  gtk_box_append (GTK_BOX (top), summary);
  gtk_box_append (GTK_BOX (top), mark);
  gtk_box_append (GTK_BOX (top), menu);

  gtk_label_set_xalign (GTK_LABEL (when), 0);
  gtk_label_set_ellipsize (GTK_LABEL (when), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (when, "dim-label");
  gtk_widget_add_css_class (when, "caption");
  gtk_widget_add_css_class (delta, "caption");
  gtk_widget_add_css_class (delta, "numeric");
  gtk_box_append (GTK_BOX (bottom), when);
  gtk_box_append (GTK_BOX (bottom), delta);
  gtk_widget_set_margin_end (bottom, 8);

  gtk_widget_set_visible (badges, FALSE);
  gtk_box_append (GTK_BOX (row), top);
  gtk_box_append (GTK_BOX (row), bottom);
  gtk_box_append (GTK_BOX (row), badges);

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
  g_signal_connect (click, "pressed", G_CALLBACK (on_row_pressed), NULL);
  gtk_widget_add_controller (row, GTK_EVENT_CONTROLLER (click));

  g_object_set_data (G_OBJECT (row), "summary", summary);
  g_object_set_data (G_OBJECT (row), "when", when);
  g_object_set_data (G_OBJECT (row), "delta", delta);
  g_object_set_data (G_OBJECT (row), "badges", badges);
  g_object_set_data (G_OBJECT (row), "mark", mark);
  gtk_list_item_set_child (list_item, row);
}

static char *
format_delta (gint64 delta)
{
  if (delta == 0)
    return g_strdup (_("no change in words"));
  if (delta > 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "+%'" G_GINT64_FORMAT " word", "+%'" G_GINT64_FORMAT " words",
                                         (gulong) delta), delta);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "−%'" G_GINT64_FORMAT " word", "−%'" G_GINT64_FORMAT " words",
                                       (gulong) -delta), -delta);
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *list_item,
          gpointer                  user_data)
{
  EpistleHistoryPane *self = user_data;
  GtkWidget *row = gtk_list_item_get_child (list_item);
  EpistleVersionItem *item = gtk_list_item_get_item (list_item);
  const EpistleVersion *v = item->version;
  GtkWidget *badges = g_object_get_data (G_OBJECT (row), "badges");
  GtkWidget *delta = g_object_get_data (G_OBJECT (row), "delta");
  GtkWidget *child;
  g_autofree char *when = epistle_history_format_time (v->time, g_get_real_time () / G_USEC_PER_SEC);
  g_autofree char *delta_text = format_delta (v->word_delta);
  g_autofree char *a11y = NULL;

  g_object_set_data (G_OBJECT (row), "item", item);
  gtk_label_set_label (g_object_get_data (G_OBJECT (row), "summary"), v->summary);
  gtk_widget_set_tooltip_text (g_object_get_data (G_OBJECT (row), "summary"),
                               g_strcmp0 (v->summary, v->message) != 0 ? v->message : NULL);
  gtk_label_set_label (g_object_get_data (G_OBJECT (row), "when"), when);
  gtk_label_set_label (GTK_LABEL (delta), delta_text);
  gtk_widget_set_visible (delta, v->words >= 0);
  gtk_widget_remove_css_class (delta, "success");
  gtk_widget_remove_css_class (delta, "error");
  gtk_widget_remove_css_class (delta, "dim-label");
  gtk_widget_add_css_class (delta, v->word_delta > 0 ? "success" : v->word_delta < 0 ? "error" : "dim-label");
  gtk_widget_set_visible (g_object_get_data (G_OBJECT (row), "mark"), g_strcmp0 (self->marked, v->id) == 0);

  while ((child = gtk_widget_get_first_child (badges)) != NULL)
    gtk_box_remove (GTK_BOX (badges), child);
  for (guint i = 0; v->milestones != NULL && v->milestones[i] != NULL; i++)
    {
      GtkWidget *badge = gtk_label_new (v->milestones[i]);
      gtk_label_set_ellipsize (GTK_LABEL (badge), PANGO_ELLIPSIZE_END);
      gtk_widget_add_css_class (badge, "epistle-milestone");
      gtk_widget_set_tooltip_text (badge, _("Milestone"));
      gtk_box_append (GTK_BOX (badges), badge);
    }
  gtk_widget_set_visible (badges, v->milestones != NULL && v->milestones[0] != NULL);

  a11y = g_strdup_printf ("%s, %s, %s", v->summary, when, delta_text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
}

static void
unbind_row (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            gpointer                  user_data)
{
  g_object_set_data (G_OBJECT (gtk_list_item_get_child (list_item)), "item", NULL);
}

static void
on_activate (EpistleHistoryPane *self,
             guint               position)
{
  g_autoptr(EpistleVersionItem) item = g_list_model_get_item (G_LIST_MODEL (self->versions), position);

  if (item != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.show-version", "s", item->version->id);
}

/* "5 minutes ago" grows older: the rows are bound again every minute
 * while the list is on screen. */
static gboolean
refresh_times (gpointer data)
{
  EpistleHistoryPane *self = data;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->versions));

  g_list_model_items_changed (G_LIST_MODEL (self->versions), 0, n, n);
  epistle_history_pane_set_shown (self, self->shown);
  return G_SOURCE_CONTINUE;
}

static void
on_list_mapped (EpistleHistoryPane *self)
{
  fill_view (self);
  if (self->clock_source == 0)
    {
      refresh_times (self);
      self->clock_source = g_timeout_add_seconds (60, refresh_times, self);
    }
}

static void
on_list_unmapped (EpistleHistoryPane *self)
{
  g_clear_handle_id (&self->clock_source, g_source_remove);
}

static void
epistle_history_pane_dispose (GObject *object)
{
  EpistleHistoryPane *self = EPISTLE_HISTORY_PANE (object);

  g_clear_handle_id (&self->clock_source, g_source_remove);

  g_cancellable_cancel (self->cancellable);
  self->generation++;
  G_OBJECT_CLASS (epistle_history_pane_parent_class)->dispose (object);
}

static void
epistle_history_pane_finalize (GObject *object)
{
  EpistleHistoryPane *self = EPISTLE_HISTORY_PANE (object);

  g_clear_pointer (&self->history, epistle_history_free);
  g_clear_object (&self->versions);
  g_clear_object (&self->cancellable);
  g_free (self->unavailable);
  g_free (self->marked);
  g_free (self->shown);
  g_free (self->error);
  G_OBJECT_CLASS (epistle_history_pane_parent_class)->finalize (object);
}

static void
epistle_history_pane_class_init (EpistleHistoryPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = epistle_history_pane_dispose;
  object_class->finalize = epistle_history_pane_finalize;
  gtk_widget_class_set_css_name (GTK_WIDGET_CLASS (klass), "epistle-history-pane");
}

static void
epistle_history_pane_init (EpistleHistoryPane *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *menu_button = gtk_menu_button_new ();
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GMenu) menu = g_menu_new ();
  GtkWidget *save;

  self->cancellable = g_cancellable_new ();
  self->versions = g_list_store_new (EPISTLE_TYPE_VERSION_ITEM);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->versions)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row), self);
  self->list = GTK_LIST_VIEW (gtk_list_view_new (GTK_SELECTION_MODEL (self->selection), factory));
  gtk_list_view_set_single_click_activate (self->list, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "navigation-sidebar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Versions"), -1);
  g_signal_connect_swapped (self->list, "activate", G_CALLBACK (on_activate), self);

  self->scroller = GTK_SCROLLED_WINDOW (gtk_scrolled_window_new ());
  gtk_scrolled_window_set_policy (self->scroller, GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (self->scroller, GTK_WIDGET (self->list));
  g_signal_connect_swapped (gtk_scrolled_window_get_vadjustment (self->scroller), "value-changed",
                            G_CALLBACK (on_scrolled), self);
  g_signal_connect_swapped (gtk_scrolled_window_get_vadjustment (self->scroller), "changed",
                            G_CALLBACK (on_scrolled), self);
  g_signal_connect_swapped (self->list, "map", G_CALLBACK (on_list_mapped), self);
  g_signal_connect_swapped (self->list, "unmap", G_CALLBACK (on_list_unmapped), self);

  self->status = ADW_STATUS_PAGE (adw_status_page_new ());
  gtk_widget_add_css_class (GTK_WIDGET (self->status), "compact");
  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->stack), TRUE);
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->scroller), "list");
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->status), "status");

  self->where_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->where_label, 0);
  gtk_label_set_wrap (self->where_label, TRUE);
  gtk_label_set_wrap_mode (self->where_label, PANGO_WRAP_WORD_CHAR);
  gtk_widget_add_css_class (GTK_WIDGET (self->where_label), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (self->where_label), "caption");
  gtk_widget_set_hexpand (GTK_WIDGET (self->where_label), TRUE);

  save = gtk_button_new_with_mnemonic (_("Save _Version…"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (save), "win.save-version-dialog");
  self->save_button = save;
  g_menu_append (menu, _("_Track in a Git Repository in This Folder"), "win.track-history-in-folder");
  g_menu_append (menu, _("_Sync with Git Server…"), "win.sync-history");
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (menu_button), G_MENU_MODEL (menu));
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (menu_button), "view-more-symbolic");
  gtk_widget_set_tooltip_text (menu_button, _("History Menu"));
  /* The place on a line of its own: the pane may be narrow. */
  gtk_widget_set_hexpand (save, TRUE);
  gtk_box_append (GTK_BOX (bar), save);
  gtk_box_append (GTK_BOX (bar), menu_button);
  gtk_widget_set_margin_start (bar, 8);
  gtk_widget_set_margin_end (bar, 8);
  gtk_widget_set_margin_top (bar, 4);
  gtk_widget_set_margin_bottom (bar, 8);
  gtk_widget_set_margin_start (GTK_WIDGET (self->where_label), 10);
  gtk_widget_set_margin_end (GTK_WIDGET (self->where_label), 10);
  gtk_widget_set_margin_top (GTK_WIDGET (self->where_label), 6);

  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->stack));
  gtk_box_append (GTK_BOX (box), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->where_label));
  gtk_box_append (GTK_BOX (box), bar);
  adw_bin_set_child (ADW_BIN (self), box);
  update_page (self);
}
