/* SPDX-License-Identifier: GPL-3.0-or-later
 * test-quote-dialog.c — the add/edit quotation dialog under Xvfb, on a real
 * library: new and existing sources, editing, the Save button, errors. */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "epistle-application.h"
#include "epistle-library.h"
#include "epistle-quote-dialog.h"
#include "ui-wait.h"

static char *tmpdir;
static GtkWindow *window;



typedef struct {
  EpistleLibrary     *library;
  char               *path;
  EpistleQuoteDialog *dialog;
  gint64              saved_id;
  guint               saved_count;
  gboolean            closed;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  static guint n;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("library-%u.sqlite3", n++);

  f->path = g_build_filename (tmpdir, name, NULL);
  /* A short busy timeout, so a locked library fails fast. */
  f->library = epistle_library_open (f->path, 100, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->library);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  if (f->dialog != NULL)
    {
      if (!f->closed)
        adw_dialog_force_close (ADW_DIALOG (f->dialog));
      g_clear_object (&f->dialog);
    }
  spin (20);
  epistle_library_free (f->library);
  g_free (f->path);
}

static void
saved_cb (EpistleQuoteDialog *dialog,
          gint64              id,
          Fixture            *f)
{
  f->saved_id = id;
  f->saved_count++;
  /* Emitted before the dialog closes, as the window relies on. */
  g_assert_false (f->closed);
}

static void
closed_cb (AdwDialog *dialog,
           Fixture   *f)
{
  f->closed = TRUE;
}

static gpointer
child (Fixture    *f,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (f->dialog), EPISTLE_TYPE_QUOTE_DIALOG, name);

  g_assert_nonnull (object);
  return object;
}

/* Presents @dialog (floating, as the constructors return it) on the window. */
static void
present (Fixture            *f,
         EpistleQuoteDialog *dialog)
{
  g_assert_nonnull (dialog);
  /* Let the window settle after the last dialog closed. */
  spin (100);
  f->dialog = g_object_ref_sink (dialog);
  f->saved_id = 0;
  f->saved_count = 0;
  f->closed = FALSE;
  g_signal_connect (dialog, "saved", G_CALLBACK (saved_cb), f);
  g_signal_connect (dialog, "closed", G_CALLBACK (closed_cb), f);
  adw_dialog_present (ADW_DIALOG (dialog), GTK_WIDGET (window));
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (dialog)));
  /* The dialog takes the focus a couple of frames after it is shown, and
   * gives it to the quotation's text. */
  WAIT_FOR (gtk_widget_has_focus (child (f, "text_view")));
}

static GtkTextBuffer *
text_buffer (Fixture *f)
{
  return gtk_text_view_get_buffer (child (f, "text_view"));
}

static char *
dialog_text (Fixture *f)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (text_buffer (f), &start, &end);
  return gtk_text_iter_get_text (&start, &end);
}

static void
set_row (Fixture    *f,
         const char *name,
         const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (child (f, name)), text);
}

static const char *
row (Fixture    *f,
     const char *name)
{
  return gtk_editable_get_text (GTK_EDITABLE (child (f, name)));
}

/* The position of the item labelled @label in a string list. */
static guint
string_position (GListModel *model,
                 const char *label)
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    if (g_str_equal (gtk_string_list_get_string (GTK_STRING_LIST (model), i), label))
      return i;
  g_error ("No “%s” in the list", label);
}

static void
open_picker (Fixture *f)
{
  gtk_menu_button_popup (child (f, "source_button"));
  WAIT_FOR (gtk_widget_get_mapped (child (f, "source_popover")));
  spin (20);
}

static guint
picker_rows (Fixture *f)
{
  return g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (child (f, "source_list"))));
}

/* Types @query in the picker's search and presses Enter, as a user would. */
static void
pick_source_by_search (Fixture    *f,
                       const char *query)
{
  open_picker (f);
  gtk_editable_set_text (GTK_EDITABLE (child (f, "source_search")), query);
  g_signal_emit_by_name (child (f, "source_search"), "activate");
  WAIT_FOR (!gtk_widget_get_visible (child (f, "source_popover")));
  spin (20);
}

/* "New Source…", the picker's first row. */
static void
pick_new_source (Fixture *f)
{
  open_picker (f);
  g_signal_emit_by_name (child (f, "source_list"), "activate", 0);
  WAIT_FOR (!gtk_widget_get_visible (child (f, "source_popover")));
  spin (20);
}

static void
press_save (Fixture *f)
{
  g_assert_true (gtk_widget_get_sensitive (child (f, "save_button")));
  g_signal_emit_by_name (child (f, "save_button"), "clicked");
  spin (50);
}

static GPtrArray *
search (Fixture    *f,
        const char *query)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *found = epistle_library_search (f->library, query, NULL, 50, 0, EPISTLE_LIBRARY_SEARCH_NONE, &error);

  g_assert_no_error (error);
  return found;
}

static EpistleLibraryStats
stats (Fixture *f)
{
  EpistleLibraryStats s = { 0, };
  g_autoptr(GError) error = NULL;

  g_assert_true (epistle_library_get_stats (f->library, &s, &error));
  g_assert_no_error (error);
  return s;
}

static char *
sorted_tags (char **tags)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new ();

  for (guint i = 0; tags[i] != NULL; i++)
    g_ptr_array_add (list, tags[i]);
  g_ptr_array_sort_values (list, (GCompareFunc) g_strcmp0);
  g_ptr_array_add (list, NULL);
  return g_strjoinv (",", (char **) list->pdata);
}

static JsonObject *
parse_object (const char *json,
              JsonNode  **root)
{
  g_autoptr(GError) error = NULL;

  *root = json_from_string (json, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (*root));
  return json_node_get_object (*root);
}

static gint64
add_source (Fixture    *f,
            const char *csl_json)
{
  g_autoptr(GError) error = NULL;
  gint64 id = epistle_library_add_source (f->library, csl_json, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

/* ---------------------------------------------------------------- tests -- */

static void
test_add_new_source (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  g_autofree char *tags = NULL;
  EpistleLibraryQuote *quote;
  JsonObject *item;
  JsonArray *authors;
  JsonArray *date;
  EpistleLibraryStats s;

  present (f, epistle_quote_dialog_new_add (f->library,
             "  \n Freedom is always and exclusively freedom for the one who thinks differently.\n\n"
             "Not because of any fanatical concept of justice.\n  \n"));
  g_assert_cmpstr (adw_dialog_get_title (ADW_DIALOG (f->dialog)), ==, "Add to Library");
  g_assert_cmpstr (gtk_button_get_label (child (f, "save_button")), ==, "_Add");
  /* Trimmed; the paragraphs kept. */
  text = dialog_text (f);
  g_assert_cmpstr (text, ==,
                   "Freedom is always and exclusively freedom for the one who thinks differently.\n\n"
                   "Not because of any fanatical concept of justice.");
  /* No source yet: its rows are hidden. */
  g_assert_false (gtk_widget_get_visible (child (f, "title_row")));

  pick_new_source (f);
  g_assert_true (gtk_widget_get_visible (child (f, "authors_row")));
  g_assert_true (gtk_widget_get_visible (child (f, "type_row")));
  set_row (f, "authors_row", " Luxemburg, Rosa ; Amnesty International ;");
  set_row (f, "title_row", "The Russian Revolution");
  set_row (f, "container_row", "Selected Political Writings");
  set_row (f, "year_row", "1918");
  set_row (f, "publisher_row", "Monthly Review Press");
  set_row (f, "url_row", "https://www.marxists.org/archive/luxemburg/1918/russian-revolution/");
  adw_combo_row_set_selected (child (f, "type_row"),
                              string_position (adw_combo_row_get_model (child (f, "type_row")), "Book Chapter"));
  set_row (f, "locator_row", " 12 ");
  g_assert_cmpstr (gtk_menu_button_get_label (child (f, "locator_label_button")), ==, "Page");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->dialog), "quote.locator-label", "s", "chapter"));
  g_assert_cmpstr (gtk_menu_button_get_label (child (f, "locator_label_button")), ==, "Chapter");
  set_row (f, "tags_row", "revolution, Freedom, , freedom ,democracy,");
  set_row (f, "note_row", "Written in prison");

  press_save (f);
  g_assert_cmpuint (f->saved_count, ==, 1);
  WAIT_FOR (f->closed);

  s = stats (f);
  g_assert_cmpint (s.quotes, ==, 1);
  g_assert_cmpint (s.sources, ==, 1);

  found = search (f, "differently");
  g_assert_cmpuint (found->len, ==, 1);
  quote = found->pdata[0];
  g_assert_cmpint (quote->id, ==, f->saved_id);
  g_assert_cmpstr (quote->text, ==,
                   "Freedom is always and exclusively freedom for the one who thinks differently.\n\n"
                   "Not because of any fanatical concept of justice.");
  g_assert_cmpstr (quote->author, ==, "Luxemburg, Rosa; Amnesty International");
  g_assert_cmpstr (quote->title, ==, "The Russian Revolution");
  g_assert_cmpint (quote->year, ==, 1918);
  g_assert_cmpstr (quote->locator, ==, "12");
  g_assert_cmpstr (quote->locator_label, ==, "chapter");
  g_assert_cmpstr (quote->note, ==, "Written in prison");
  tags = sorted_tags (quote->tags);
  g_assert_cmpstr (tags, ==, "Freedom,democracy,revolution");

  /* The source as CSL-JSON: names split on the first comma, a literal
   * without one, the year as date-parts, a citation key. */
  item = parse_object (quote->csl_json, &root);
  g_assert_cmpstr (json_object_get_string_member (item, "type"), ==, "chapter");
  g_assert_cmpstr (json_object_get_string_member (item, "title"), ==, "The Russian Revolution");
  g_assert_cmpstr (json_object_get_string_member (item, "container-title"), ==, "Selected Political Writings");
  g_assert_cmpstr (json_object_get_string_member (item, "publisher"), ==, "Monthly Review Press");
  g_assert_cmpstr (json_object_get_string_member (item, "URL"), ==,
                   "https://www.marxists.org/archive/luxemburg/1918/russian-revolution/");
  g_assert_cmpstr (json_object_get_string_member (item, "id"), ==, "luxemburg1918");
  authors = json_object_get_array_member (item, "author");
  g_assert_cmpuint (json_array_get_length (authors), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (authors, 0), "family"), ==, "Luxemburg");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (authors, 0), "given"), ==, "Rosa");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (authors, 1), "literal"), ==, "Amnesty International");
  g_assert_false (json_object_has_member (json_array_get_object_element (authors, 1), "family"));
  date = json_array_get_array_element (json_object_get_array_member (json_object_get_object_member (item, "issued"), "date-parts"), 0);
  g_assert_cmpuint (json_array_get_length (date), ==, 1);
  g_assert_cmpint (json_array_get_int_element (date, 0), ==, 1918);
}

static void
test_pick_existing_source (Fixture       *f,
                           gconstpointer  data)
{
  const char *luxemburg_json =
    "{\"id\":\"luxemburg1918\",\"type\":\"book\",\"title\":\"The Russian Revolution\","
    "\"author\":[{\"family\":\"Luxemburg\",\"given\":\"Rosa\"}],\"issued\":{\"date-parts\":[[1918]]}}";
  const char *diaz_json =
    "{\"id\":\"diaz1892\",\"type\":\"book\",\"title\":\"Memorias\","
    "\"author\":[{\"family\":\"Díaz\",\"given\":\"Porfirio\"}],\"issued\":{\"date-parts\":[[1892]]}}";
  g_autoptr(EpistleLibrarySource) after = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;
  gint64 luxemburg, diaz;
  EpistleLibraryQuote *quote;
  EpistleLibraryStats s;

  /* Hundreds of sources, none of them a match for the queries below. */
  for (guint i = 0; i < 300; i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"type\":\"book\",\"title\":\"Collected Essays %u\","
                                               "\"author\":[{\"family\":\"Writer%u\",\"given\":\"Ann\"}]}", i, i);
      add_source (f, json);
    }
  luxemburg = add_source (f, luxemburg_json);
  diaz = add_source (f, diaz_json);

  present (f, epistle_quote_dialog_new_add (f->library, "The masses are the decisive element."));
  open_picker (f);
  /* Every source and the two choices above them. */
  g_assert_cmpuint (picker_rows (f), ==, 302 + 2);
  gtk_popover_popdown (child (f, "source_popover"));
  spin (20);

  pick_source_by_search (f, "luxem");
  g_assert_true (gtk_widget_get_visible (child (f, "title_row")));
  g_assert_cmpstr (row (f, "authors_row"), ==, "Luxemburg, Rosa");
  g_assert_cmpstr (row (f, "title_row"), ==, "The Russian Revolution");
  g_assert_cmpstr (row (f, "year_row"), ==, "1918");
  g_assert_cmpstr (adw_action_row_get_subtitle (child (f, "source_row")), ==,
                   "Luxemburg, Rosa — The Russian Revolution (1918)");
  press_save (f);
  WAIT_FOR (f->closed);

  found = search (f, "decisive");
  g_assert_cmpuint (found->len, ==, 1);
  quote = found->pdata[0];
  g_assert_cmpint (quote->source_id, ==, luxemburg);
  g_assert_cmpint (quote->id, ==, f->saved_id);
  /* Attached, not copied; and left exactly as it was. */
  s = stats (f);
  g_assert_cmpint (s.sources, ==, 302);
  after = epistle_library_get_source (f->library, luxemburg, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (after->csl_json, ==, luxemburg_json);
  g_clear_pointer (&found, g_ptr_array_unref);
  g_clear_object (&f->dialog);

  /* Accents ignored both ways, and several words narrow it down. */
  present (f, epistle_quote_dialog_new_add (f->library, "Poor Mexico, so far from God."));
  open_picker (f);
  gtk_editable_set_text (GTK_EDITABLE (child (f, "source_search")), "diaz");
  WAIT_FOR (picker_rows (f) == 2 + 1);
  gtk_editable_set_text (GTK_EDITABLE (child (f, "source_search")), "MEMORIAS Díaz 1892");
  WAIT_FOR (picker_rows (f) == 2 + 1);
  gtk_editable_set_text (GTK_EDITABLE (child (f, "source_search")), "diaz revolution");
  WAIT_FOR (picker_rows (f) == 2);
  gtk_popover_popdown (child (f, "source_popover"));
  spin (20);

  pick_source_by_search (f, "diaz");
  g_assert_cmpstr (row (f, "authors_row"), ==, "Díaz, Porfirio");
  press_save (f);
  WAIT_FOR (f->closed);
  found = search (f, "mexico");
  g_assert_cmpuint (found->len, ==, 1);
  quote = found->pdata[0];
  g_assert_cmpint (quote->source_id, ==, diaz);
  g_assert_cmpint (stats (f).sources, ==, 302);
}

static void
test_edit (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(EpistleLibraryQuote) edited = NULL;
  g_autoptr(EpistleLibrarySource) source = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *tags = NULL;
  EpistleQuoteDialog *missing;
  JsonObject *item;
  JsonArray *date;
  char *quote_tags[] = { (char *) "revolution", (char *) "freedom", NULL };
  EpistleLibraryQuote add = { 0, };
  gint64 source_id, id;

  source_id = add_source (f,
    "{\"id\":\"lux1918\",\"type\":\"book\",\"title\":\"The Russian Revolution\",\"ISBN\":\"978-0-00-000000-0\","
    "\"author\":[{\"family\":\"Luxemburg\",\"given\":\"Rosa\"}],\"issued\":{\"date-parts\":[[1918,9]]}}");
  add.source_id = source_id;
  add.text = (char *) "Freedom only for the supporters of the government is no freedom at all.";
  add.locator = (char *) "12";
  add.locator_label = (char *) "page";
  add.note = (char *) "The famous one";
  add.tags = quote_tags;
  id = epistle_library_add_quote (f->library, &add, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);

  present (f, epistle_quote_dialog_new_edit (f->library, id, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (adw_dialog_get_title (ADW_DIALOG (f->dialog)), ==, "Edit Quotation");
  g_assert_cmpstr (gtk_button_get_label (child (f, "save_button")), ==, "_Save");
  text = dialog_text (f);
  g_assert_cmpstr (text, ==, add.text);
  g_assert_cmpstr (row (f, "locator_row"), ==, "12");
  g_assert_cmpstr (row (f, "note_row"), ==, "The famous one");
  g_assert_cmpstr (row (f, "title_row"), ==, "The Russian Revolution");
  g_assert_cmpstr (row (f, "authors_row"), ==, "Luxemburg, Rosa");
  g_assert_true (gtk_widget_get_visible (child (f, "title_row")));

  gtk_text_buffer_set_text (text_buffer (f), "Freedom only for the supporters of the government,\n\n"
                                             "only for the members of one party, is no freedom at all.", -1);
  set_row (f, "tags_row", "freedom, democracy");
  set_row (f, "locator_row", "14–15");
  g_assert_cmpstr (gtk_menu_button_get_label (child (f, "locator_label_button")), ==, "Page");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->dialog), "quote.locator-label", "s", "section"));
  set_row (f, "title_row", "The Russian Revolution and Other Writings");
  press_save (f);
  g_assert_cmpuint (f->saved_count, ==, 1);
  g_assert_cmpint (f->saved_id, ==, id);
  WAIT_FOR (f->closed);

  edited = epistle_library_get_quote (f->library, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (edited->text, ==, "Freedom only for the supporters of the government,\n\n"
                                     "only for the members of one party, is no freedom at all.");
  g_assert_cmpstr (edited->locator, ==, "14–15");
  g_assert_cmpstr (edited->locator_label, ==, "section");
  g_assert_cmpstr (edited->note, ==, "The famous one");
  g_assert_cmpint (edited->source_id, ==, source_id);
  tags = sorted_tags (edited->tags);
  g_assert_cmpstr (tags, ==, "democracy,freedom");
  g_assert_cmpstr (edited->title, ==, "The Russian Revolution and Other Writings");

  /* Only the title was replaced in the stored item: the month, the ISBN,
   * the key and the names are as they were. */
  source = epistle_library_get_source (f->library, source_id, &error);
  g_assert_no_error (error);
  item = parse_object (source->csl_json, &root);
  g_assert_cmpstr (json_object_get_string_member (item, "title"), ==, "The Russian Revolution and Other Writings");
  g_assert_cmpstr (json_object_get_string_member (item, "ISBN"), ==, "978-0-00-000000-0");
  g_assert_cmpstr (json_object_get_string_member (item, "id"), ==, "lux1918");
  g_assert_cmpstr (json_object_get_string_member (item, "type"), ==, "book");
  date = json_array_get_array_element (json_object_get_array_member (json_object_get_object_member (item, "issued"), "date-parts"), 0);
  g_assert_cmpuint (json_array_get_length (date), ==, 2);
  g_assert_cmpint (json_array_get_int_element (date, 1), ==, 9);
  g_assert_cmpint (stats (f).sources, ==, 1);

  /* A quote that is not there. */
  missing = epistle_quote_dialog_new_edit (f->library, id + 100, &error);
  g_assert_null (missing);
  g_assert_error (error, EPISTLE_LIBRARY_ERROR, EPISTLE_LIBRARY_ERROR_NOT_FOUND);
}

static void
test_save_needs_text (Fixture       *f,
                      gconstpointer  data)
{
  GtkWidget *save;

  present (f, epistle_quote_dialog_new_add (f->library, "  \n\t "));
  save = child (f, "save_button");
  g_assert_false (gtk_widget_get_sensitive (save));

  gtk_text_buffer_set_text (text_buffer (f), "x", -1);
  g_assert_true (gtk_widget_get_sensitive (save));
  gtk_text_buffer_set_text (text_buffer (f), " \n \n\u00a0\t", -1);
  g_assert_false (gtk_widget_get_sensitive (save));
  gtk_text_buffer_set_text (text_buffer (f), "", -1);
  g_assert_false (gtk_widget_get_sensitive (save));

  /* Ctrl+Enter's action does nothing either. */
  gtk_widget_activate_action (GTK_WIDGET (f->dialog), "quote.save", NULL);
  spin (20);
  g_assert_false (f->closed);
  g_assert_cmpuint (f->saved_count, ==, 0);
  g_assert_cmpint (stats (f).quotes, ==, 0);

  /* Typed, it saves; through the action as Ctrl+Enter would. */
  gtk_text_buffer_set_text (text_buffer (f), "Typed by hand.", -1);
  g_assert_true (gtk_widget_get_sensitive (save));
  gtk_widget_activate_action (GTK_WIDGET (f->dialog), "quote.save", NULL);
  WAIT_FOR (f->closed);
  g_assert_cmpuint (f->saved_count, ==, 1);
  g_assert_cmpint (stats (f).quotes, ==, 1);
  g_clear_object (&f->dialog);

  /* No selection at all: an empty dialog. */
  present (f, epistle_quote_dialog_new_add (f->library, NULL));
  g_assert_false (gtk_widget_get_sensitive (child (f, "save_button")));
}

static void
test_library_error (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) found = NULL;
  g_autofree char *text = NULL;
  sqlite3 *other = NULL;
  AdwBanner *banner;
  EpistleLibraryQuote *quote;

  present (f, epistle_quote_dialog_new_add (f->library, "Written while the library was locked."));
  banner = child (f, "banner");
  g_assert_false (adw_banner_get_revealed (banner));
  pick_new_source (f);
  set_row (f, "authors_row", "Liebknecht, Karl");
  set_row (f, "title_row", "Despite Everything");
  set_row (f, "tags_row", "locks");

  /* Another program holds the write lock past the library's timeout. */
  g_assert_cmpint (sqlite3_open (f->path, &other), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (other, "BEGIN EXCLUSIVE", NULL, NULL, NULL), ==, SQLITE_OK);

  press_save (f);
  g_assert_true (adw_banner_get_revealed (banner));
  g_assert_nonnull (strstr (adw_banner_get_title (banner), "in use by another program"));
  g_assert_false (f->closed);
  g_assert_cmpuint (f->saved_count, ==, 0);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (f->dialog)));
  /* Nothing typed is lost. */
  text = dialog_text (f);
  g_assert_cmpstr (text, ==, "Written while the library was locked.");
  g_assert_cmpstr (row (f, "authors_row"), ==, "Liebknecht, Karl");
  g_assert_cmpstr (row (f, "title_row"), ==, "Despite Everything");
  g_assert_cmpstr (row (f, "tags_row"), ==, "locks");

  /* Once it is free, saving again works, and adds one source only. */
  g_assert_cmpint (sqlite3_exec (other, "ROLLBACK", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (other);
  press_save (f);
  WAIT_FOR (f->closed);
  g_assert_cmpuint (f->saved_count, ==, 1);
  g_assert_false (adw_banner_get_revealed (banner));
  g_assert_cmpint (stats (f).sources, ==, 1);
  g_assert_cmpint (stats (f).quotes, ==, 1);
  found = search (f, "locked");
  g_assert_cmpuint (found->len, ==, 1);
  quote = found->pdata[0];
  g_assert_cmpstr (quote->author, ==, "Liebknecht, Karl");
  g_assert_cmpstr (quote->title, ==, "Despite Everything");
  g_assert_cmpstr (quote->tags[0], ==, "locks");
}

/* The new source is written, then the quotation fails: saving again
 * attaches the quotation to that source rather than adding it twice. */
static void
test_error_after_new_source (Fixture       *f,
                             gconstpointer  data)
{
  sqlite3 *db = epistle_library_get_handle (f->library);
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GPtrArray) sources = NULL;
  g_autoptr(GError) error = NULL;
  AdwBanner *banner;
  EpistleLibraryQuote *quote;

  present (f, epistle_quote_dialog_new_add (f->library, "Half of it was written."));
  banner = child (f, "banner");
  pick_new_source (f);
  set_row (f, "authors_row", "Zetkin, Clara");
  set_row (f, "title_row", "Reminiscences");
  g_assert_cmpint (sqlite3_exec (db, "CREATE TEMP TRIGGER refuse BEFORE INSERT ON main.quotes "
                                     "BEGIN SELECT RAISE (ABORT, 'refused for the test'); END;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  press_save (f);
  g_assert_true (adw_banner_get_revealed (banner));
  g_assert_nonnull (strstr (adw_banner_get_title (banner), "refused for the test"));
  g_assert_false (f->closed);
  g_assert_cmpint (stats (f).sources, ==, 1);
  g_assert_cmpint (stats (f).quotes, ==, 0);
  /* The source is now the library's, shown as picked. */
  g_assert_cmpstr (adw_action_row_get_subtitle (child (f, "source_row")), ==, "Zetkin, Clara — Reminiscences");

  g_assert_cmpint (sqlite3_exec (db, "DROP TRIGGER refuse", NULL, NULL, NULL), ==, SQLITE_OK);
  press_save (f);
  WAIT_FOR (f->closed);
  g_assert_cmpint (stats (f).sources, ==, 1);
  g_assert_cmpint (stats (f).quotes, ==, 1);
  sources = epistle_library_list_sources (f->library, &error);
  g_assert_no_error (error);
  found = search (f, "written");
  g_assert_cmpuint (found->len, ==, 1);
  quote = found->pdata[0];
  g_assert_cmpint (quote->source_id, ==, ((EpistleLibrarySource *) sources->pdata[0])->id);
  g_assert_cmpstr (quote->author, ==, "Zetkin, Clara");
}

/* Real key presses through the X server, as a user makes them. */
static void
press_keys (const char *keys)
{
  g_autofree char *command = g_strdup_printf ("xdotool key --delay 40 %s", keys);
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  spin (150);
}

static void
test_keyboard (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_find_program_in_path ("xdotool");
  EpistleLibraryQuote *quote;
  gint64 russian;

  if (path == NULL)
    {
      g_test_skip ("xdotool is not installed");
      return;
    }
  add_source (f, "{\"type\":\"book\",\"title\":\"Reform or Revolution\",\"author\":[{\"family\":\"Luxemburg\",\"given\":\"Rosa\"}]}");
  russian = add_source (f, "{\"type\":\"book\",\"title\":\"The Russian Revolution\",\"author\":[{\"family\":\"Luxemburg\",\"given\":\"Rosa\"}]}");

  present (f, epistle_quote_dialog_new_add (f->library, "Those who do not move do not notice their chains."));
  /* Keys go to the window under the pointer: there is no window manager. */
  g_assert_true (g_spawn_command_line_sync ("xdotool mousemove 20 20", NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  spin (100);

  /* Open the picker from its row, type, move down to the second match, pick it. */
  gtk_widget_grab_focus (child (f, "source_button"));
  press_keys ("space");
  WAIT_FOR (gtk_widget_get_mapped (child (f, "source_popover")));
  g_assert_true (gtk_widget_get_state_flags (child (f, "source_search")) & GTK_STATE_FLAG_FOCUS_WITHIN);
  press_keys ("r e v o l");
  WAIT_FOR (picker_rows (f) == 2 + 2);
  press_keys ("Down Return");
  WAIT_FOR (!gtk_widget_get_visible (child (f, "source_popover")));
  g_assert_cmpstr (row (f, "title_row"), ==, "The Russian Revolution");

  /* Ctrl+Enter in the text saves, and adds no new line. */
  gtk_widget_grab_focus (child (f, "text_view"));
  press_keys ("ctrl+Return");
  WAIT_FOR (f->closed);
  found = search (f, "chains");
  g_assert_cmpuint (found->len, ==, 1);
  quote = found->pdata[0];
  g_assert_cmpstr (quote->text, ==, "Those who do not move do not notice their chains.");
  g_assert_cmpint (quote->source_id, ==, russian);
  g_clear_object (&f->dialog);
  spin (300);

  /* Escape cancels: nothing is written. */
  present (f, epistle_quote_dialog_new_add (f->library, "Never saved."));
  press_keys ("Escape");
  WAIT_FOR (f->closed);
  g_assert_cmpuint (f->saved_count, ==, 0);
  g_assert_cmpint (stats (f).quotes, ==, 1);
}

/* EPISTLE_SHOT_DIR=DIR: pictures of the dialog in light and dark, and of
 * the source picker, for checking the layout by eye. */
static void
shoot (const char *dir,
       const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *command = g_strdup_printf ("import -window root -crop 1000x860+0+0 %s", path);
  g_autoptr(GError) error = NULL;

  spin (600);
  g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_test_message ("screenshot: %s", path);
}

static void
test_screenshots (Fixture       *f,
                  gconstpointer  data)
{
  const char *dir = g_getenv ("EPISTLE_SHOT_DIR");
  AdwStyleManager *style = adw_style_manager_get_default ();

  if (dir == NULL)
    {
      g_test_skip ("EPISTLE_SHOT_DIR is not set");
      return;
    }
  add_source (f, "{\"type\":\"book\",\"title\":\"The Russian Revolution\",\"author\":[{\"family\":\"Luxemburg\",\"given\":\"Rosa\"}],\"issued\":{\"date-parts\":[[1918]]}}");
  add_source (f, "{\"type\":\"book\",\"title\":\"Reform or Revolution\",\"author\":[{\"family\":\"Luxemburg\",\"given\":\"Rosa\"}],\"issued\":{\"date-parts\":[[1900]]}}");
  add_source (f, "{\"type\":\"book\",\"title\":\"Memorias\",\"author\":[{\"family\":\"Díaz\",\"given\":\"Porfirio\"}],\"issued\":{\"date-parts\":[[1892]]}}");
  add_source (f, "{\"type\":\"speech\",\"title\":\"Letter from Birmingham Jail\",\"author\":[{\"family\":\"King\",\"given\":\"Martin Luther\"}],\"issued\":{\"date-parts\":[[1963]]}}");

  for (guint dark = 0; dark < 2; dark++)
    {
      g_autofree char *name = g_strdup_printf ("quote-dialog-%s.png", dark ? "dark" : "light");
      g_autofree char *details = g_strdup_printf ("quote-dialog-details-%s.png", dark ? "dark" : "light");
      g_autofree char *picker = g_strdup_printf ("quote-dialog-picker-%s.png", dark ? "dark" : "light");

      adw_style_manager_set_color_scheme (style, dark ? ADW_COLOR_SCHEME_FORCE_DARK : ADW_COLOR_SCHEME_FORCE_LIGHT);
      present (f, epistle_quote_dialog_new_add (f->library,
                 "Freedom only for the supporters of the government, only for the members of one party — "
                 "however numerous they may be — is no freedom at all. Freedom is always and exclusively "
                 "freedom for the one who thinks differently.\n\nNot because of any fanatical concept of justice."));
      pick_source_by_search (f, "russian");
      set_row (f, "locator_row", "69");
      set_row (f, "tags_row", "freedom, dissent");
      if (dark)
        {
          AdwBanner *banner = child (f, "banner");

          adw_banner_set_title (banner, "Not saved: The quote library is in use by another program (waited 5.0 s); close it and try again");
          adw_banner_set_revealed (banner, TRUE);
        }
      shoot (dir, name);
      gtk_widget_grab_focus (child (f, "note_row"));
      set_row (f, "note_row", "From the prison in Breslau");
      shoot (dir, details);
      open_picker (f);
      gtk_editable_set_text (GTK_EDITABLE (child (f, "source_search")), "lux");
      spin (200);
      shoot (dir, picker);
      gtk_popover_popdown (child (f, "source_popover"));
      adw_dialog_force_close (ADW_DIALOG (f->dialog));
      g_clear_object (&f->dialog);
      spin (100);
    }
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  tmpdir = g_dir_make_tmp ("epistle-quote-dialog-XXXXXX", NULL);
  g_setenv ("XDG_DATA_HOME", tmpdir, TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  epistle_ui_register_resources ();

  window = GTK_WINDOW (adw_window_new ());
  gtk_window_set_default_size (window, 1000, 860);
  gtk_window_present (window);
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (window)));

#define ADD(path, func) \
  g_test_add ("/epistle/quote-dialog/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("add-new-source", test_add_new_source);
  ADD ("pick-existing-source", test_pick_existing_source);
  ADD ("edit", test_edit);
  ADD ("save-needs-text", test_save_needs_text);
  ADD ("library-error", test_library_error);
  ADD ("error-after-new-source", test_error_after_new_source);
  ADD ("keyboard", test_keyboard);
  ADD ("screenshots", test_screenshots);
#undef ADD

  ret = g_test_run ();

  gtk_window_destroy (window);
  {
    g_autoptr(GFile) dir = g_file_new_for_path (tmpdir);
    g_autoptr(GFileEnumerator) children = g_file_enumerate_children (dir, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                                                     G_FILE_QUERY_INFO_NONE, NULL, NULL);
    GFileInfo *info;

    while (children != NULL && (info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
      {
        g_autofree char *path = g_build_filename (tmpdir, g_file_info_get_name (info), NULL);

        g_remove (path);
        g_object_unref (info);
      }
  }
  g_rmdir (tmpdir);
  g_free (tmpdir);
  return ret;
}
