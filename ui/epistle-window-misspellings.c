/* SPDX-License-Identifier: GPL-3.0-or-later
 * epistle-window-misspellings.c — the status area's misspellings button:
 * how many words are underlined, and a popover listing each distinct one
 * with its count, to visit it, or add or ignore it from there. */

#include "config.h"

#include <glib/gi18n.h>

#include "epistle-window-private.h"

/* Counting walks the underlines of the whole text: not on every change. */
#define REFRESH_DELAY_MS 400

typedef struct {
  const char *word;
  guint       count;
} Entry;

static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  const Entry *x = a, *y = b;

  if (x->count != y->count)
    return x->count > y->count ? -1 : 1;
  return g_utf8_collate (x->word, y->word);
}

static void
set_count (EpistleWindow *self,
           guint          total)
{
  g_autofree char *count = g_strdup_printf ("%u", total);
  g_autofree char *tooltip = NULL;

  gtk_label_set_label (self->misspellings_count, count);
  tooltip = total == 0 ? g_strdup (_("No misspellings"))
                       : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u misspelling", "%u misspellings", total), total);
  _epistle_set_tooltip_text (GTK_WIDGET (self->misspellings_button), tooltip);
}

static void
clear_list (EpistleWindow *self)
{
  g_hash_table_remove_all (self->misspellings_counts);
  gtk_string_list_splice (self->misspellings_model, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->misspellings_model)), NULL);
}

#define COUNT_SLICE_USEC 1000

static gboolean
count_idle (gpointer user_data)
{
  EpistleWindow *self = user_data;
  guint64 serial = epistle_document_get_change_serial (self->document);

  /* Edited meanwhile: the place kept may have moved; from the start. */
  if (serial != self->misspellings_count_serial)
    {
      self->misspellings_count_serial = serial;
      self->misspellings_count_offset = 0;
      self->misspellings_count_partial = 0;
    }
  if (!epistle_spell_adapter_count_step (self->spell, &self->misspellings_count_offset,
                                         &self->misspellings_count_partial, COUNT_SLICE_USEC))
    return G_SOURCE_CONTINUE;
  self->misspellings_count_source = 0;
  set_count (self, self->misspellings_count_partial);
  return G_SOURCE_REMOVE;
}

static void
start_counting (EpistleWindow *self)
{
  g_clear_handle_id (&self->misspellings_count_source, g_source_remove);
  self->misspellings_count_serial = epistle_document_get_change_serial (self->document);
  self->misspellings_count_offset = 0;
  self->misspellings_count_partial = 0;
  self->misspellings_count_source = g_idle_add_full (G_PRIORITY_LOW, count_idle, self, NULL);
}

static void
refresh_now (EpistleWindow *self)
{
  EpistleSpellAdapter *spell = self->spell;
  g_autoptr(GHashTable) words = NULL;
  g_autoptr(GArray) entries = NULL;
  g_autoptr(GPtrArray) strings = NULL;
  g_autofree char *title = NULL;
  GHashTableIter iter;
  gpointer key, value;
  guint total = 0;
  gboolean active = epistle_spell_adapter_get_enabled (spell) &&
                    epistle_spell_adapter_get_language (spell) != NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->misspellings_button), active);
  if (!active)
    {
      g_clear_handle_id (&self->misspellings_count_source, g_source_remove);
      clear_list (self);
      gtk_popover_popdown (self->misspellings_popover);
      return;
    }
  /* Closed, only the count is shown: the words are gathered when the
   * popover opens (a novel has some two thousand distinct ones), and the
   * count is taken in slices of a millisecond between frames. */
  if (!gtk_widget_get_visible (GTK_WIDGET (self->misspellings_popover)))
    {
      start_counting (self);
      return;
    }
  g_clear_handle_id (&self->misspellings_count_source, g_source_remove);

  words = epistle_spell_adapter_collect (spell);
  entries = g_array_sized_new (FALSE, FALSE, sizeof (Entry), g_hash_table_size (words));
  g_hash_table_iter_init (&iter, words);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Entry entry = { key, GPOINTER_TO_UINT (value) };

      g_array_append_val (entries, entry);
      total += entry.count;
    }
  g_array_sort (entries, compare_entries);

  strings = g_ptr_array_new ();
  for (guint i = 0; i < entries->len; i++)
    g_ptr_array_add (strings, (gpointer) g_array_index (entries, Entry, i).word);
  g_ptr_array_add (strings, NULL);

  /* The counts the rows show, then the rows. */
  g_hash_table_remove_all (self->misspellings_counts);
  g_hash_table_iter_init (&iter, words);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (self->misspellings_counts, g_strdup (key), value);
  gtk_string_list_splice (self->misspellings_model, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->misspellings_model)),
                          (const char * const *) strings->pdata);

  set_count (self, total);

  if (total == 0)
    title = g_strdup (epistle_spell_adapter_get_busy (spell) ? _("Checking…") : _("Spelling"));
  else
    {
      /* TRANSLATORS: "12 misspellings of 7 words" */
      g_autofree char *misspellings = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u misspelling", "%u misspellings", total), total);

      title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s of %u word", "%s of %u words", entries->len),
                               misspellings, entries->len);
    }
  gtk_label_set_label (self->misspellings_title, title);
  gtk_label_set_label (self->misspellings_empty,
                       epistle_spell_adapter_get_busy (spell) ? _("Still checking the spelling…")
                                                              : _("No misspellings"));
  gtk_stack_set_visible_child_name (self->misspellings_stack, total > 0 ? "list" : "empty");
}

static gboolean
refresh_timeout (gpointer user_data)
{
  EpistleWindow *self = user_data;

  self->misspellings_source = 0;
  refresh_now (self);
  return G_SOURCE_REMOVE;
}

/* Counts again once checking has been quiet for a moment: while the
 * writer types, not at every word. */
void
_epistle_window_misspellings_changed (EpistleWindow *self)
{
  if (self->misspellings_counts == NULL)
    return;
  g_clear_handle_id (&self->misspellings_source, g_source_remove);
  g_clear_handle_id (&self->misspellings_count_source, g_source_remove);
  self->misspellings_source = g_timeout_add (REFRESH_DELAY_MS, refresh_timeout, self);
}

static void
on_spell_notify (EpistleWindow *self,
                 GParamSpec    *pspec)
{
  if (g_str_equal (pspec->name, "busy") && epistle_spell_adapter_get_busy (self->spell))
    return;   /* counted when checking is done */
  if (epistle_document_get_loading (self->document))
    return;   /* and not before the document is all there */
  _epistle_window_misspellings_changed (self);
}

static void
on_popover_show (EpistleWindow *self)
{
  g_clear_handle_id (&self->misspellings_source, g_source_remove);
  refresh_now (self);
}

static void
on_popover_closed (EpistleWindow *self)
{
  clear_list (self);
}

/* Opens the popover, counted afresh; FALSE when spelling is off. */
gboolean
_epistle_window_misspellings_popup (EpistleWindow *self)
{
  g_clear_handle_id (&self->misspellings_source, g_source_remove);
  refresh_now (self);
  if (!gtk_widget_get_visible (GTK_WIDGET (self->misspellings_button)))
    return FALSE;
  gtk_menu_button_popup (self->misspellings_button);
  return TRUE;
}

/* -------------------------------------------------------------- rows ---- */

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           EpistleWindow            *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *word = gtk_label_new (NULL);
  GtkWidget *count = gtk_label_new (NULL);
  GtkWidget *more = gtk_menu_button_new ();

  gtk_label_set_xalign (GTK_LABEL (word), 0);
  gtk_label_set_ellipsize (GTK_LABEL (word), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (word, TRUE);
  gtk_widget_add_css_class (count, "dim-label");
  gtk_widget_add_css_class (count, "numeric");
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (more), "view-more-symbolic");
  gtk_widget_add_css_class (more, "flat");
  gtk_widget_set_valign (more, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (more), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Add or Ignore"), -1);
  gtk_box_append (GTK_BOX (box), word);
  gtk_box_append (GTK_BOX (box), count);
  gtk_box_append (GTK_BOX (box), more);
  gtk_list_item_set_child (item, box);
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          EpistleWindow            *self)
{
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *word = gtk_widget_get_first_child (box);
  GtkWidget *count = gtk_widget_get_next_sibling (word);
  GtkWidget *more = gtk_widget_get_next_sibling (count);
  const char *text = gtk_string_object_get_string (gtk_list_item_get_item (item));
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (self->misspellings_counts, text));
  g_autofree char *number = g_strdup_printf ("%u", n);
  g_autofree char *label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s, %u time", "%s, %u times", n), text, n);
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenuItem) add = g_menu_item_new (_("_Add to Dictionary"), NULL);
  g_autoptr(GMenuItem) add_doc = g_menu_item_new (_("Add to This _Document’s Words"), NULL);
  g_autoptr(GMenuItem) ignore = g_menu_item_new (_("_Ignore All"), NULL);

  gtk_label_set_label (GTK_LABEL (word), text);
  gtk_label_set_label (GTK_LABEL (count), number);
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);

  g_menu_item_set_action_and_target (add, "win.spelling-add", "s", text);
  g_menu_item_set_action_and_target (add_doc, "win.spelling-add-document", "s", text);
  g_menu_item_set_action_and_target (ignore, "win.spelling-ignore", "s", text);
  g_menu_append_item (menu, add);
  g_menu_append_item (menu, add_doc);
  g_menu_append_item (menu, ignore);
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (more), G_MENU_MODEL (menu));
}

/* Each click on a row visits the next place the word is underlined. */
static void
on_row_activate (GtkListView   *list,
                 guint          position,
                 EpistleWindow *self)
{
  g_autoptr(GtkStringObject) item = g_list_model_get_item (G_LIST_MODEL (self->misspellings_model), position);

  if (item != NULL)
    _epistle_window_misspellings_visit (self, gtk_string_object_get_string (item));
}

gboolean
_epistle_window_misspellings_visit (EpistleWindow *self,
                                    const char    *word)
{
  return epistle_spell_adapter_move_to_word (self->spell, word);
}

void
_epistle_window_init_misspellings (EpistleWindow *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkNoSelection *selection;

  self->misspellings_counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->misspellings_model = gtk_string_list_new (NULL);
  selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->misspellings_model)));
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), self);
  gtk_list_view_set_factory (self->misspellings_list, factory);
  gtk_list_view_set_model (self->misspellings_list, GTK_SELECTION_MODEL (selection));
  g_object_unref (factory);
  g_object_unref (selection);
  g_signal_connect (self->misspellings_list, "activate", G_CALLBACK (on_row_activate), self);
  g_signal_connect_swapped (self->misspellings_popover, "show", G_CALLBACK (on_popover_show), self);
  g_signal_connect_swapped (self->misspellings_popover, "closed", G_CALLBACK (on_popover_closed), self);
  g_signal_connect_object (self->spell, "notify::busy", G_CALLBACK (on_spell_notify), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->spell, "notify::enabled", G_CALLBACK (on_spell_notify), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->spell, "notify::language", G_CALLBACK (on_spell_notify), self, G_CONNECT_SWAPPED);
}

void
_epistle_window_dispose_misspellings (EpistleWindow *self)
{
  g_clear_handle_id (&self->misspellings_source, g_source_remove);
  g_clear_handle_id (&self->misspellings_count_source, g_source_remove);
  g_clear_pointer (&self->misspellings_counts, g_hash_table_unref);
  g_clear_object (&self->misspellings_model);
}
