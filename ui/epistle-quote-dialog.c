/* SPDX-License-Identifier: GPL-3.0-or-later
 * epistle-quote-dialog.c — adds a quotation to the library or edits one:
 * its text, its source (picked from the library, or made here), locator,
 * tags and note.  A library error is shown in the dialog, which stays open
 * with everything the user typed. */

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "epistle-application.h"
#include "epistle-quote-dialog.h"

/* ---------------------------------------------------------------------------
 * One entry of the source picker: a source of the library, or one of the
 * two choices above them.
 * ------------------------------------------------------------------------- */

typedef enum {
  ITEM_SOURCE,
  ITEM_NEW,
  ITEM_NONE,
} ItemKind;

#define EPISTLE_TYPE_QUOTE_SOURCE_ITEM (epistle_quote_source_item_get_type ())
G_DECLARE_FINAL_TYPE (EpistleQuoteSourceItem, epistle_quote_source_item, EPISTLE, QUOTE_SOURCE_ITEM, GObject)

struct _EpistleQuoteSourceItem
{
  GObject               parent_instance;

  ItemKind              kind;
  EpistleLibrarySource *source;   /* ITEM_SOURCE only */
  char                 *label;    /* "Author — Title (Year)" */
  char                 *key;      /* its authors, title and year folded: what a search matches */
};

G_DEFINE_FINAL_TYPE (EpistleQuoteSourceItem, epistle_quote_source_item, G_TYPE_OBJECT)

static void
epistle_quote_source_item_finalize (GObject *object)
{
  EpistleQuoteSourceItem *self = EPISTLE_QUOTE_SOURCE_ITEM (object);

  g_clear_pointer (&self->source, epistle_library_source_free);
  g_free (self->label);
  g_free (self->key);
  G_OBJECT_CLASS (epistle_quote_source_item_parent_class)->finalize (object);
}

static void
epistle_quote_source_item_class_init (EpistleQuoteSourceItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = epistle_quote_source_item_finalize;
}

static void
epistle_quote_source_item_init (EpistleQuoteSourceItem *self)
{
}

/* Lower case, accents dropped, every run of other characters one space:
 * "Díaz-León, ROSA" → "diaz leon rosa".  Both the sources and the query go
 * through it, so "luxem" finds "Luxemburg" and "diaz" finds "Díaz". */
static char *
fold_for_search (const char *text)
{
  g_autofree char *lower = g_utf8_casefold (text != NULL ? text : "", -1);
  g_autofree char *decomposed = g_utf8_normalize (lower, -1, G_NORMALIZE_NFKD);
  GString *out = g_string_new (NULL);
  gboolean space = FALSE;

  for (const char *p = decomposed; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_ismark (c))
        continue;
      if (!g_unichar_isalnum (c))
        {
          space = TRUE;
          continue;
        }
      if (space && out->len > 0)
        g_string_append_c (out, ' ');
      space = FALSE;
      g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

static char *
source_label (const EpistleLibrarySource *source)
{
  GString *out = g_string_new (NULL);

  if (source->authors != NULL)
    g_string_append (out, source->authors);
  if (source->title != NULL)
    g_string_append_printf (out, "%s%s", out->len > 0 ? " — " : "", source->title);
  if (source->issued_year != 0)
    g_string_append_printf (out, out->len > 0 ? " (%d)" : "%d", source->issued_year);
  if (out->len == 0)
    g_string_append (out, _("Untitled source"));
  return g_string_free (out, FALSE);
}

/* Takes @source. */
static EpistleQuoteSourceItem *
source_item_new (ItemKind              kind,
                 EpistleLibrarySource *source)
{
  EpistleQuoteSourceItem *item = g_object_new (EPISTLE_TYPE_QUOTE_SOURCE_ITEM, NULL);

  item->kind = kind;
  item->source = source;
  switch (kind)
    {
    case ITEM_SOURCE:
      {
        g_autofree char *year = source->issued_year != 0 ? g_strdup_printf ("%d", source->issued_year) : NULL;
        g_autofree char *haystack = g_strjoin (" ", source->authors != NULL ? source->authors : "",
                                               source->title != NULL ? source->title : "",
                                               year != NULL ? year : "", NULL);

        item->label = source_label (source);
        item->key = fold_for_search (haystack);
      }
      break;
    case ITEM_NEW:
      item->label = g_strdup (_("New Source…"));
      break;
    case ITEM_NONE:
      item->label = g_strdup (_("No Source"));
      break;
    default:
      g_assert_not_reached ();
    }
  return item;
}

/* ---------------------------------------------------------------------------
 * The dialog
 * ------------------------------------------------------------------------- */

typedef enum {
  SOURCE_NONE,      /* the quotation has no source */
  SOURCE_EXISTING,  /* self->picked, a source of the library */
  SOURCE_NEW,       /* made from the source rows when saving */
} SourceMode;

/* The picker's first rows, above the sources. */
enum { POSITION_NEW, POSITION_NONE, N_SPECIAL_ITEMS };

struct _EpistleQuoteDialog
{
  AdwDialog                parent_instance;

  EpistleLibrary          *library;          /* borrowed: the application owns it */
  gint64                   quote_id;         /* 0 while adding */
  SourceMode               source_mode;
  EpistleQuoteSourceItem  *picked;           /* SOURCE_EXISTING */
  gboolean                 rows_from_source; /* the source rows hold a library source's fields */
  guint                    type_initial;     /* the type as shown before any change */

  GListStore              *sources;          /* EpistleQuoteSourceItem, every source */
  GtkCustomFilter         *filter;
  GtkFilterListModel      *filtered;
  GtkSingleSelection      *selection;        /* the specials, then the matching sources */
  char                    *query;            /* folded */
  GStrv                    query_words;
  GPtrArray               *type_ids;         /* CSL types, as type_row lists them */
  char                    *locator_label;    /* CSL: "page", "chapter"… */
  GMenu                   *locator_menu;

  AdwBanner               *banner;
  GtkButton               *save_button;
  GtkTextView             *text_view;
  AdwActionRow            *source_row;
  GtkMenuButton           *source_button;
  GtkPopover              *source_popover;
  GtkSearchEntry          *source_search;
  GtkListView             *source_list;
  AdwEntryRow             *authors_row;
  AdwEntryRow             *title_row;
  AdwEntryRow             *container_row;
  AdwEntryRow             *year_row;
  AdwEntryRow             *publisher_row;
  AdwEntryRow             *url_row;
  AdwComboRow             *type_row;
  AdwEntryRow             *locator_row;
  GtkMenuButton           *locator_label_button;
  AdwEntryRow             *tags_row;
  AdwEntryRow             *note_row;
};

G_DEFINE_FINAL_TYPE (EpistleQuoteDialog, epistle_quote_dialog, ADW_TYPE_DIALOG)

enum {
  PROP_0,
  PROP_LOCATOR_LABEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct {
  const char *id;
  const char *label;
} Choice;

/* The CSL item types a quotation's source is likely to be. */
static const Choice source_types[] = {
  { "book",              N_("Book") },
  { "chapter",           N_("Book Chapter") },
  { "article-journal",   N_("Journal Article") },
  { "article-magazine",  N_("Magazine Article") },
  { "article-newspaper", N_("Newspaper Article") },
  { "speech",            N_("Speech") },
  { "letter",            N_("Letter") },
  { "interview",         N_("Interview") },
  { "webpage",           N_("Web Page") },
  { "post-weblog",       N_("Blog Post") },
  { "report",            N_("Report") },
  { "thesis",            N_("Thesis") },
  { "manuscript",        N_("Manuscript") },
  { "broadcast",         N_("Broadcast") },
  { "document",          N_("Other Document") },
};

/* CSL locator labels. */
static const Choice locator_labels[] = {
  { "page",      N_("Page") },
  { "chapter",   N_("Chapter") },
  { "section",   N_("Section") },
  { "paragraph", N_("Paragraph") },
  { "location",  N_("Location") },
  { "line",      N_("Line") },
  { "verse",     N_("Verse") },
};

static GtkStringList *
choices_model (const Choice *choices,
               guint         n_choices,
               GPtrArray    *ids)
{
  GtkStringList *model = gtk_string_list_new (NULL);

  for (guint i = 0; i < n_choices; i++)
    {
      gtk_string_list_append (model, _(choices[i].label));
      g_ptr_array_add (ids, g_strdup (choices[i].id));
    }
  return model;
}

/* Where @id is among @ids; an id Epistle does not list (an imported
 * "folio", a "legal_case") is added as it is, so it is kept. */
static guint
choice_position (GPtrArray  *ids,
                 GListModel *model,
                 const char *id)
{
  guint i;

  if (g_ptr_array_find_with_equal_func (ids, id, g_str_equal, &i))
    return i;
  gtk_string_list_append (GTK_STRING_LIST (model), id);
  g_ptr_array_add (ids, g_strdup (id));
  return ids->len - 1;
}

static guint
choice_default (GPtrArray  *ids,
                const char *id)
{
  guint i;

  if (!g_ptr_array_find_with_equal_func (ids, id, g_str_equal, &i))
    g_assert_not_reached ();
  return i;
}

/* @text without the white space around it: Unicode's, so a selection
 * that is only no-break spaces counts as empty. */
static char *
strip_text (const char *text)
{
  const char *start = text != NULL ? text : "";
  const char *end = start + strlen (start);

  while (*start != '\0' && g_unichar_isspace (g_utf8_get_char (start)))
    start = g_utf8_next_char (start);
  while (end > start)
    {
      const char *previous = g_utf8_prev_char (end);

      if (!g_unichar_isspace (g_utf8_get_char (previous)))
        break;
      end = previous;
    }
  return g_strndup (start, end - start);
}

static GMenuItem *
locator_menu_item (const char *label,
                   const char *id)
{
  GMenuItem *item = g_menu_item_new (label, NULL);

  g_menu_item_set_action_and_target_value (item, "quote.locator-label", g_variant_new_string (id));
  return item;
}

/* The locator's label: a CSL label, shown in the locator row's menu. */
static void
set_locator_label (EpistleQuoteDialog *self,
                   const char         *id)
{
  const char *shown = id;

  if (id == NULL || *id == '\0')
    id = shown = "page";
  if (g_strcmp0 (id, self->locator_label) == 0)
    return;
  g_free (self->locator_label);
  self->locator_label = g_strdup (id);

  for (guint i = 0; i < G_N_ELEMENTS (locator_labels); i++)
    if (g_str_equal (locator_labels[i].id, id))
      shown = _(locator_labels[i].label);
  /* One Epistle does not list (an imported "folio") is offered as it is. */
  if (shown == id)
    {
      g_autoptr(GMenuItem) item = locator_menu_item (id, id);

      g_menu_append_item (self->locator_menu, item);
    }
  gtk_menu_button_set_label (self->locator_label_button, shown);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOCATOR_LABEL]);
}

/* The row's text without the spaces around it; NULL when that is empty. */
static char *
row_text (AdwEntryRow *row)
{
  char *text = strip_text (gtk_editable_get_text (GTK_EDITABLE (row)));

  if (*text == '\0')
    g_clear_pointer (&text, g_free);
  return text;
}

static void
set_row_text (AdwEntryRow *row,
              const char  *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
}

static char *
quotation_text (EpistleQuoteDialog *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  return strip_text (text);
}

/* "philosophy, Freedom , ,freedom" → philosophy, Freedom. */
static GStrv
tags_from_text (const char *text)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *tag = g_strstrip (parts[i]);

      if (*tag == '\0' || !g_hash_table_add (seen, g_utf8_casefold (tag, -1)))
        continue;
      g_strv_builder_add (builder, tag);
    }
  return g_strv_builder_end (builder);
}

/* ---- the source rows ---------------------------------------------------- */

static void
show_error (EpistleQuoteDialog *self,
            const char         *message)
{
  adw_banner_set_title (self->banner, message);
  adw_banner_set_revealed (self->banner, TRUE);
}

static void
set_source_mode (EpistleQuoteDialog *self,
                 SourceMode          mode)
{
  AdwEntryRow *rows[] = { self->authors_row, self->title_row, self->container_row,
                          self->year_row, self->publisher_row, self->url_row };

  self->source_mode = mode;
  if (mode != SOURCE_EXISTING)
    g_clear_object (&self->picked);
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    gtk_widget_set_visible (GTK_WIDGET (rows[i]), mode != SOURCE_NONE);
  gtk_widget_set_visible (GTK_WIDGET (self->type_row), mode != SOURCE_NONE);

  switch (mode)
    {
    case SOURCE_NONE:
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->source_row), _("None"));
      break;
    case SOURCE_NEW:
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->source_row), _("New source, added with the quotation"));
      break;
    case SOURCE_EXISTING:
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->source_row), self->picked->label);
      break;
    default:
      g_assert_not_reached ();
    }
}

/* Shows @source's fields in the rows (NULL: empty rows for a new one). */
static void
fill_source_rows (EpistleQuoteDialog         *self,
                  const EpistleLibrarySource *source)
{
  g_autofree char *year = NULL;
  guint type;

  if (source != NULL && source->issued_year != 0)
    year = g_strdup_printf ("%d", source->issued_year);
  set_row_text (self->authors_row, source != NULL ? source->authors : NULL);
  set_row_text (self->title_row, source != NULL ? source->title : NULL);
  set_row_text (self->container_row, source != NULL ? source->container_title : NULL);
  set_row_text (self->year_row, year);
  set_row_text (self->publisher_row, source != NULL ? source->publisher : NULL);
  set_row_text (self->url_row, source != NULL ? source->url : NULL);

  if (source != NULL && source->type != NULL)
    type = choice_position (self->type_ids, adw_combo_row_get_model (self->type_row), source->type);
  else if (source != NULL)
    type = choice_default (self->type_ids, "document");
  else
    type = choice_default (self->type_ids, "book");
  adw_combo_row_set_selected (self->type_row, type);
  self->type_initial = type;
  self->rows_from_source = source != NULL;
}

static gboolean
source_rows_empty (EpistleQuoteDialog *self)
{
  AdwEntryRow *rows[] = { self->authors_row, self->title_row, self->container_row,
                          self->year_row, self->publisher_row, self->url_row };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autofree char *text = row_text (rows[i]);

      if (text != NULL)
        return FALSE;
    }
  return TRUE;
}

static void
pick_item (EpistleQuoteDialog     *self,
           EpistleQuoteSourceItem *item)
{
  switch (item->kind)
    {
    case ITEM_NONE:
      set_source_mode (self, SOURCE_NONE);
      break;
    case ITEM_NEW:
      /* What was typed for a new source stays; a library source's fields
       * are no start for another one. */
      if (self->source_mode != SOURCE_NEW && self->rows_from_source)
        fill_source_rows (self, NULL);
      set_source_mode (self, SOURCE_NEW);
      break;
    case ITEM_SOURCE:
      if (self->picked != item)
        {
          g_set_object (&self->picked, item);
          fill_source_rows (self, item->source);
        }
      set_source_mode (self, SOURCE_EXISTING);
      break;
    default:
      g_assert_not_reached ();
    }
}

/* ---- CSL-JSON ------------------------------------------------------------ */

/* "Luxemburg, Rosa; Liebknecht, Karl" → [{family, given}, …]; a name
 * without a comma ("Rosa Luxemburg", "Amnesty International") is kept
 * whole as a literal. */
static JsonArray *
names_from_text (const char *text)
{
  JsonArray *names = json_array_new ();
  g_auto(GStrv) parts = g_strsplit (text, ";", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *part = g_strstrip (parts[i]);
      char *comma = strchr (part, ',');
      JsonObject *name;

      if (*part == '\0')
        continue;
      name = json_object_new ();
      if (comma != NULL)
        {
          *comma = '\0';
          g_strstrip (part);
          g_strstrip (comma + 1);
        }
      if (comma != NULL && *part != '\0')
        {
          json_object_set_string_member (name, "family", part);
          if (comma[1] != '\0')
            json_object_set_string_member (name, "given", comma + 1);
        }
      else
        json_object_set_string_member (name, "literal", comma != NULL ? comma + 1 : part);
      json_array_add_object_element (names, name);
    }
  return names;
}

/* {"date-parts": [[1918]]}, or the text as a literal date ("c. 1918"). */
static JsonObject *
issued_from_text (const char *text)
{
  JsonObject *issued = json_object_new ();
  const char *p = text[0] == '-' ? text + 1 : text;
  gboolean year = *p != '\0' && strlen (p) <= 6;

  for (; *p != '\0' && year; p++)
    year = g_ascii_isdigit (*p);
  if (year)
    {
      JsonArray *parts = json_array_new ();
      JsonArray *date = json_array_new ();

      json_array_add_int_element (date, g_ascii_strtoll (text, NULL, 10));
      json_array_add_array_element (parts, date);
      json_object_set_array_member (issued, "date-parts", parts);
    }
  else
    json_object_set_string_member (issued, "literal", text);
  return issued;
}

static gboolean
citation_key_taken (EpistleQuoteDialog *self,
                    const char         *key)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->sources));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(EpistleQuoteSourceItem) item = g_list_model_get_item (G_LIST_MODEL (self->sources), i);

      if (g_strcmp0 (item->source->citation_key, key) == 0)
        return TRUE;
    }
  return FALSE;
}

/* "luxemburg1918", then "luxemburg1918a"… — what a Pandoc citation uses. */
static char *
new_citation_key (EpistleQuoteDialog *self)
{
  g_autofree char *authors = row_text (self->authors_row);
  g_autofree char *title = row_text (self->title_row);
  g_autofree char *year = row_text (self->year_row);
  g_autofree char *name = NULL;
  g_autofree char *folded = NULL;
  GString *key;
  gsize base;

  if (authors != NULL)
    {
      /* The first author's family name, or the first word of a literal. */
      name = g_strndup (authors, strcspn (authors, ";,"));
    }
  folded = fold_for_search (name != NULL ? name : title);
  key = g_string_new_len (folded, strcspn (folded, " "));
  if (key->len == 0)
    g_string_assign (key, "source");
  for (const char *p = year; p != NULL && *p != '\0'; p++)
    if (g_ascii_isdigit (*p))
      g_string_append_c (key, *p);

  base = key->len;
  for (guint n = 0; citation_key_taken (self, key->str); n++)
    {
      g_string_truncate (key, base);
      if (n < 26)
        g_string_append_c (key, 'a' + n);
      else
        g_string_append_printf (key, "%u", n);
    }
  return g_string_free (key, FALSE);
}

static void
set_string_member (JsonObject *item,
                   const char *member,
                   const char *value)
{
  if (value != NULL)
    json_object_set_string_member (item, member, value);
  else
    json_object_remove_member (item, member);
}

/* The CSL-JSON item the rows describe.  For a library source, its stored
 * item with only the members whose row was changed replaced (a date with
 * a month, a name with a particle, an ISBN stay as they were); NULL when
 * nothing was changed. */
static char *
source_json (EpistleQuoteDialog         *self,
             const EpistleLibrarySource *original)
{
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *year_was = NULL;
  g_autofree char *authors = row_text (self->authors_row);
  g_autofree char *year = row_text (self->year_row);
  JsonObject *item;
  gboolean changed = original == NULL;
  guint type = adw_combo_row_get_selected (self->type_row);
  struct {
    AdwEntryRow *row;
    const char  *member;
    const char  *was;
  } strings[] = {
    { self->title_row,     "title",           original != NULL ? original->title : NULL },
    { self->container_row, "container-title", original != NULL ? original->container_title : NULL },
    { self->publisher_row, "publisher",       original != NULL ? original->publisher : NULL },
    { self->url_row,       "URL",             original != NULL ? original->url : NULL },
  };

  if (original != NULL && original->csl_json != NULL)
    root = json_from_string (original->csl_json, NULL);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_clear_pointer (&root, json_node_unref);
      root = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (root, json_object_new ());
    }
  item = json_node_get_object (root);

  for (guint i = 0; i < G_N_ELEMENTS (strings); i++)
    {
      g_autofree char *value = row_text (strings[i].row);

      if (original != NULL && g_strcmp0 (value, strings[i].was) == 0)
        continue;
      changed = TRUE;
      set_string_member (item, strings[i].member, value);
    }

  if (original == NULL || g_strcmp0 (authors, original->authors) != 0)
    {
      /* The library shows the editors of an item without authors. */
      const char *role = original != NULL && !json_object_has_member (item, "author") &&
                         json_object_has_member (item, "editor") ? "editor" : "author";

      changed = TRUE;
      if (authors != NULL)
        json_object_set_array_member (item, role, names_from_text (authors));
      else
        json_object_remove_member (item, role);
    }

  if (original != NULL && original->issued_year != 0)
    year_was = g_strdup_printf ("%d", original->issued_year);
  if (original == NULL || g_strcmp0 (year, year_was) != 0)
    {
      changed = TRUE;
      if (year != NULL)
        json_object_set_object_member (item, "issued", issued_from_text (year));
      else
        json_object_remove_member (item, "issued");
    }

  if ((original == NULL || type != self->type_initial) && type < self->type_ids->len)
    {
      changed = TRUE;
      json_object_set_string_member (item, "type", g_ptr_array_index (self->type_ids, type));
    }

  if (original == NULL)
    {
      g_autofree char *key = new_citation_key (self);

      json_object_set_string_member (item, "id", key);
    }

  return changed ? json_to_string (root, FALSE) : NULL;
}

static char *
string_member (JsonObject *item,
               const char *member)
{
  JsonNode *node = item != NULL ? json_object_get_member (item, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return g_strdup (json_node_get_string (node));
}

/* The source as the library now has it: the rows' fields and @csl_json. */
static EpistleLibrarySource *
source_from_rows (EpistleQuoteDialog *self,
                  gint64              id,
                  const char         *csl_json)
{
  EpistleLibrarySource *source = g_new0 (EpistleLibrarySource, 1);
  g_autoptr(JsonNode) root = json_from_string (csl_json, NULL);
  g_autofree char *year = row_text (self->year_row);
  JsonObject *item = root != NULL && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;

  source->id = id;
  source->csl_json = g_strdup (csl_json);
  source->authors = row_text (self->authors_row);
  source->title = row_text (self->title_row);
  source->container_title = row_text (self->container_row);
  source->publisher = row_text (self->publisher_row);
  source->url = row_text (self->url_row);
  source->issued_year = year != NULL ? (int) g_ascii_strtoll (year, NULL, 10) : 0;
  source->type = string_member (item, "type");
  source->citation_key = string_member (item, "id");
  source->page = string_member (item, "page");
  return source;
}

/* Makes @source (taken) the picked one, in place of @old in the list
 * (NULL: a new source, added to it). */
static void
adopt_source (EpistleQuoteDialog     *self,
              EpistleLibrarySource   *source,
              EpistleQuoteSourceItem *old)
{
  g_autoptr(EpistleQuoteSourceItem) item = source_item_new (ITEM_SOURCE, source);
  guint position;

  if (old != NULL && g_list_store_find (self->sources, old, &position))
    g_list_store_splice (self->sources, position, 1, (gpointer *) &item, 1);
  else
    g_list_store_append (self->sources, item);
  g_set_object (&self->picked, item);
  self->rows_from_source = TRUE;
  self->type_initial = adw_combo_row_get_selected (self->type_row);
  set_source_mode (self, SOURCE_EXISTING);
}

/* Writes the source the rows describe; @source_id: its id, 0 for none. */
static gboolean
save_source (EpistleQuoteDialog *self,
             gint64             *source_id,
             GError            **error)
{
  const EpistleLibrarySource *original = NULL;
  g_autofree char *csl_json = NULL;
  gint64 id;

  *source_id = 0;
  if (self->source_mode == SOURCE_NONE)
    return TRUE;
  /* Nothing to recognise a work by: the quotation goes in without one. */
  if (self->source_mode == SOURCE_NEW && source_rows_empty (self))
    return TRUE;

  if (self->source_mode == SOURCE_EXISTING)
    original = self->picked->source;
  csl_json = source_json (self, original);

  if (original != NULL)
    {
      id = original->id;
      if (csl_json != NULL)
        {
          if (!epistle_library_update_source (self->library, id, csl_json, error))
            return FALSE;
          adopt_source (self, source_from_rows (self, id, csl_json), self->picked);
        }
      *source_id = id;
      return TRUE;
    }

  id = epistle_library_add_source (self->library, csl_json, error);
  if (id == 0)
    return FALSE;
  /* It is in the library now: should the quotation fail, saving again
   * must not add the source a second time. */
  adopt_source (self, source_from_rows (self, id, csl_json), NULL);
  *source_id = id;
  return TRUE;
}

/* ---- saving -------------------------------------------------------------- */

static gint64
save (EpistleQuoteDialog *self,
      GError            **error)
{
  g_autofree char *text = quotation_text (self);
  g_autofree char *note = row_text (self->note_row);
  g_autofree char *locator = row_text (self->locator_row);
  g_auto(GStrv) tags = tags_from_text (gtk_editable_get_text (GTK_EDITABLE (self->tags_row)));
  EpistleLibraryQuote quote = { 0, };
  gint64 source_id;

  if (!save_source (self, &source_id, error))
    return 0;

  quote.id = self->quote_id;
  quote.source_id = source_id;
  quote.text = text;
  quote.note = note;
  quote.locator = locator;
  if (locator != NULL)
    quote.locator_label = self->locator_label;
  quote.tags = tags;

  if (self->quote_id == 0)
    return epistle_library_add_quote (self->library, &quote, error);
  if (!epistle_library_update_quote (self->library, &quote, error))
    return 0;
  return self->quote_id;
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  EpistleQuoteDialog *self = EPISTLE_QUOTE_DIALOG (widget);
  g_autoptr(GError) error = NULL;
  gint64 id;

  id = save (self, &error);
  if (id == 0)
    {
      g_autofree char *message = g_strdup_printf (_("Not saved: %s"), error->message);

      show_error (self, message);
      return;
    }
  adw_banner_set_revealed (self->banner, FALSE);
  g_object_ref (self);
  g_signal_emit (self, signals[SAVED], 0, id);
  adw_dialog_close (ADW_DIALOG (self));
  g_object_unref (self);
}

static void
update_save_enabled (EpistleQuoteDialog *self)
{
  g_autofree char *text = quotation_text (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "quote.save", *text != '\0');
}

static void
cancel_clicked_cb (EpistleQuoteDialog *self)
{
  adw_dialog_close (ADW_DIALOG (self));
}

/* ---- the source picker --------------------------------------------------- */

static gboolean
source_matches (gpointer item,
                gpointer user_data)
{
  EpistleQuoteSourceItem *source = item;
  EpistleQuoteDialog *self = user_data;

  for (guint i = 0; self->query_words != NULL && self->query_words[i] != NULL; i++)
    if (strstr (source->key, self->query_words[i]) == NULL)
      return FALSE;
  return TRUE;
}

static void
select_position (EpistleQuoteDialog *self,
                 guint               position)
{
  gtk_single_selection_set_selected (self->selection, position);
  if (position != GTK_INVALID_LIST_POSITION)
    gtk_list_view_scroll_to (self->source_list, position, GTK_LIST_SCROLL_NONE, NULL);
}

/* Filters the sources by the search's words and selects the first match,
 * ready for Enter. */
static void
refilter (EpistleQuoteDialog *self)
{
  g_autofree char *query = fold_for_search (gtk_editable_get_text (GTK_EDITABLE (self->source_search)));

  if (g_strcmp0 (query, self->query) == 0)
    return;
  g_free (self->query);
  self->query = g_steal_pointer (&query);
  g_clear_pointer (&self->query_words, g_strfreev);
  if (*self->query != '\0')
    self->query_words = g_strsplit (self->query, " ", -1);
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);

  if (self->query_words != NULL && g_list_model_get_n_items (G_LIST_MODEL (self->filtered)) > 0)
    select_position (self, N_SPECIAL_ITEMS);
  else
    select_position (self, GTK_INVALID_LIST_POSITION);
}

static void
pick_position (EpistleQuoteDialog *self,
               guint               position)
{
  g_autoptr(EpistleQuoteSourceItem) item = g_list_model_get_item (G_LIST_MODEL (self->selection), position);

  if (item == NULL)
    return;
  gtk_popover_popdown (self->source_popover);
  pick_item (self, item);
  if (item->kind == ITEM_NEW)
    gtk_widget_grab_focus (GTK_WIDGET (self->authors_row));
}

static void
source_popover_show_cb (EpistleQuoteDialog *self)
{
  guint position = POSITION_NONE;

  gtk_editable_set_text (GTK_EDITABLE (self->source_search), "");
  refilter (self);
  /* The current choice is where the list opens. */
  if (self->source_mode == SOURCE_NEW)
    position = POSITION_NEW;
  else if (self->picked != NULL && g_list_store_find (self->sources, self->picked, &position))
    position += N_SPECIAL_ITEMS;
  select_position (self, position);
  gtk_widget_grab_focus (GTK_WIDGET (self->source_search));
}

static void
source_search_changed_cb (EpistleQuoteDialog *self)
{
  refilter (self);
}

static void
source_search_activate_cb (EpistleQuoteDialog *self)
{
  guint position;

  /* Enter may come before the search's delay has run out. */
  refilter (self);
  position = gtk_single_selection_get_selected (self->selection);
  if (position != GTK_INVALID_LIST_POSITION)
    pick_position (self, position);
}

static void
source_search_stop_cb (EpistleQuoteDialog *self)
{
  gtk_popover_popdown (self->source_popover);
}

static void
source_list_activate_cb (EpistleQuoteDialog *self,
                         guint               position)
{
  pick_position (self, position);
}

/* Up and Down move through the list while typing goes on in the search. */
static gboolean
source_search_key_cb (EpistleQuoteDialog    *self,
                      guint                  keyval,
                      guint                  keycode,
                      GdkModifierType        state,
                      GtkEventControllerKey *controller)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->selection));
  guint position = gtk_single_selection_get_selected (self->selection);

  switch (keyval)
    {
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      position = position == GTK_INVALID_LIST_POSITION ? 0 : MIN (position + 1, n - 1);
      break;
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      position = position == GTK_INVALID_LIST_POSITION || position == 0 ? 0 : position - 1;
      break;
    default:
      return GDK_EVENT_PROPAGATE;
    }
  if (n > 0)
    select_position (self, position);
  return GDK_EVENT_STOP;
}

static void
source_item_setup_cb (GtkSignalListItemFactory *factory,
                      GtkListItem              *list_item,
                      gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *icon = gtk_image_new ();
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_item_set_child (list_item, box);
  gtk_list_item_set_focusable (list_item, FALSE);
}

static void
source_item_bind_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *list_item,
                     gpointer                  user_data)
{
  EpistleQuoteSourceItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *icon = gtk_widget_get_first_child (box);
  GtkWidget *label = gtk_widget_get_next_sibling (icon);

  gtk_image_set_from_icon_name (GTK_IMAGE (icon), item->kind == ITEM_NEW ? "list-add-symbolic" : "window-close-symbolic");
  gtk_widget_set_visible (icon, item->kind != ITEM_SOURCE);
  gtk_label_set_text (GTK_LABEL (label), item->label);
  gtk_widget_set_tooltip_text (box, item->kind == ITEM_SOURCE ? item->label : NULL);
}

static void
load_sources (EpistleQuoteDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sources = epistle_library_list_sources (self->library, &error);
  g_autoptr(GPtrArray) items = NULL;

  if (sources == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The sources could not be read: %s"), error->message);

      show_error (self, message);
      return;
    }
  items = g_ptr_array_new_full (sources->len, g_object_unref);
  for (guint i = 0; i < sources->len; i++)
    g_ptr_array_add (items, source_item_new (ITEM_SOURCE, g_steal_pointer (&sources->pdata[i])));
  g_list_store_splice (self->sources, 0, g_list_model_get_n_items (G_LIST_MODEL (self->sources)),
                       items->pdata, items->len);
}

static EpistleQuoteSourceItem *
find_source (EpistleQuoteDialog *self,
             gint64              id)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->sources));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(EpistleQuoteSourceItem) item = g_list_model_get_item (G_LIST_MODEL (self->sources), i);

      if (item->source->id == id)
        return g_steal_pointer (&item);
    }
  return NULL;
}

/* ---- the class ----------------------------------------------------------- */

static void
epistle_quote_dialog_dispose (GObject *object)
{
  EpistleQuoteDialog *self = EPISTLE_QUOTE_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), EPISTLE_TYPE_QUOTE_DIALOG);
  if (self->filter != NULL)
    gtk_custom_filter_set_filter_func (self->filter, NULL, NULL, NULL);
  g_clear_object (&self->selection);
  g_clear_object (&self->filtered);
  g_clear_object (&self->filter);
  g_clear_object (&self->sources);
  g_clear_object (&self->picked);
  G_OBJECT_CLASS (epistle_quote_dialog_parent_class)->dispose (object);
}

static void
epistle_quote_dialog_finalize (GObject *object)
{
  EpistleQuoteDialog *self = EPISTLE_QUOTE_DIALOG (object);

  g_free (self->query);
  g_strfreev (self->query_words);
  g_ptr_array_unref (self->type_ids);
  g_free (self->locator_label);
  g_clear_object (&self->locator_menu);
  G_OBJECT_CLASS (epistle_quote_dialog_parent_class)->finalize (object);
}

static void
epistle_quote_dialog_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  EpistleQuoteDialog *self = EPISTLE_QUOTE_DIALOG (object);

  switch (prop_id)
    {
    case PROP_LOCATOR_LABEL:
      g_value_set_string (value, self->locator_label);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
epistle_quote_dialog_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  EpistleQuoteDialog *self = EPISTLE_QUOTE_DIALOG (object);

  switch (prop_id)
    {
    case PROP_LOCATOR_LABEL:
      set_locator_label (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
epistle_quote_dialog_class_init (EpistleQuoteDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = epistle_quote_dialog_dispose;
  object_class->finalize = epistle_quote_dialog_finalize;
  object_class->get_property = epistle_quote_dialog_get_property;
  object_class->set_property = epistle_quote_dialog_set_property;

  /* What the locator counts, as a CSL label: "page", "chapter"… */
  properties[PROP_LOCATOR_LABEL] =
    g_param_spec_string ("locator-label", NULL, NULL, "page",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * EpistleQuoteDialog::saved:
   * @quote_id: the quotation's id
   *
   * The quotation was written to the library; the dialog closes next.
   */
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  epistle_ui_register_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/epistle-quote-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, EpistleQuoteDialog, banner);
  gtk_widget_class_bind_template_child (widget_class, EpistleQuoteDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, EpistleQuoteDialog, text_view);
  gtk_widget_class_bind_template_child (widget_class, EpistleQuoteDialog, source_row);
  gtk_widget_class_bind_template_child (widget_class, EpistleQuoteDialog, source_button);
  gtk_widget_class_bind_template_child (widget_class, EpistleQuoteDialog, source_popover);
  gtk_widget_class_bind_template_child (widget_class, EpistleQuoteDialog, source_search);
  gtk_widget_class_bind_template_child (widget_class, EpistleQuoteDialog, source_list);
  gtk_widget_class_bind_template_child (widget_class, EpistleQuoteDialog, authors_row);
  gtk_widget_class_bind_template_child (widget_class, EpistleQuoteDialog, title_row);
  gtk_widget_class_bind_template_child (widget_class, EpistleQuoteDialog, container_row);
  gtk_widget_class_bind_template_child (widget_class, EpistleQuoteDialog, year_row);
  gtk_widget_class_bind_template_child (widget_class, EpistleQuoteDialog, publisher_row);
  gtk_widget_class_bind_template_child (widget_class, EpistleQuoteDialog, url_row);
  gtk_widget_class_bind_template_child (widget_class, EpistleQuoteDialog, type_row);
  gtk_widget_class_bind_template_child (widget_class, EpistleQuoteDialog, locator_row);
  gtk_widget_class_bind_template_child (widget_class, EpistleQuoteDialog, locator_label_button);
  gtk_widget_class_bind_template_child (widget_class, EpistleQuoteDialog, tags_row);
  gtk_widget_class_bind_template_child (widget_class, EpistleQuoteDialog, note_row);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, source_popover_show_cb);
  gtk_widget_class_bind_template_callback (widget_class, source_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, source_search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, source_search_stop_cb);
  gtk_widget_class_bind_template_callback (widget_class, source_list_activate_cb);

  gtk_widget_class_install_action (widget_class, "quote.save", NULL, save_action);
  gtk_widget_class_install_property_action (widget_class, "quote.locator-label", "locator-label");
}

static void
epistle_quote_dialog_init (EpistleQuoteDialog *self)
{
  g_autoptr(GListStore) specials = g_list_store_new (EPISTLE_TYPE_QUOTE_SOURCE_ITEM);
  g_autoptr(GListStore) parts = g_list_store_new (G_TYPE_LIST_MODEL);
  g_autoptr(EpistleQuoteSourceItem) new_item = source_item_new (ITEM_NEW, NULL);
  g_autoptr(EpistleQuoteSourceItem) none_item = source_item_new (ITEM_NONE, NULL);
  g_autoptr(GtkStringList) types = NULL;
  GtkListItemFactory *factory;
  GtkEventController *keys;
  GtkShortcutController *shortcuts;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->type_ids = g_ptr_array_new_with_free_func (g_free);
  types = choices_model (source_types, G_N_ELEMENTS (source_types), self->type_ids);
  adw_combo_row_set_model (self->type_row, G_LIST_MODEL (types));
  self->locator_menu = g_menu_new ();
  for (guint i = 0; i < G_N_ELEMENTS (locator_labels); i++)
    {
      g_autoptr(GMenuItem) item = locator_menu_item (_(locator_labels[i].label), locator_labels[i].id);

      g_menu_append_item (self->locator_menu, item);
    }
  gtk_menu_button_set_menu_model (self->locator_label_button, G_MENU_MODEL (self->locator_menu));
  set_locator_label (self, "page");

  /* The picker: "New Source…" and "No Source", then the sources that
   * match what is typed in its search. */
  self->sources = g_list_store_new (EPISTLE_TYPE_QUOTE_SOURCE_ITEM);
  self->filter = gtk_custom_filter_new (source_matches, self, NULL);
  self->filtered = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->sources)),
                                              GTK_FILTER (g_object_ref (self->filter)));
  g_list_store_append (specials, new_item);
  g_list_store_append (specials, none_item);
  g_list_store_append (parts, specials);
  g_list_store_append (parts, self->filtered);
  self->selection = gtk_single_selection_new (G_LIST_MODEL (gtk_flatten_list_model_new (G_LIST_MODEL (g_steal_pointer (&parts)))));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  gtk_list_view_set_model (self->source_list, GTK_SELECTION_MODEL (self->selection));
  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (source_item_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (source_item_bind_cb), NULL);
  gtk_list_view_set_factory (self->source_list, factory);
  g_object_unref (factory);

  /* Before the entry's own Up and Down, which would only move its cursor. */
  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (source_search_key_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->source_search), keys);

  /* Ctrl+Enter saves from anywhere, the text view included, which would
   * otherwise take it as a new line. */
  shortcuts = GTK_SHORTCUT_CONTROLLER (gtk_shortcut_controller_new ());
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (shortcuts), GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (shortcuts,
    gtk_shortcut_new (gtk_alternative_trigger_new (gtk_keyval_trigger_new (GDK_KEY_Return, GDK_CONTROL_MASK),
                                                   gtk_keyval_trigger_new (GDK_KEY_KP_Enter, GDK_CONTROL_MASK)),
                      gtk_named_action_new ("quote.save")));
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (shortcuts));

  g_signal_connect_object (gtk_text_view_get_buffer (self->text_view), "changed",
                           G_CALLBACK (update_save_enabled), self, G_CONNECT_SWAPPED);
  fill_source_rows (self, NULL);
  set_source_mode (self, SOURCE_NONE);
  update_save_enabled (self);
}

static EpistleQuoteDialog *
quote_dialog_new (EpistleLibrary *library,
                  gint64          quote_id)
{
  EpistleQuoteDialog *self = g_object_new (EPISTLE_TYPE_QUOTE_DIALOG,
                                           "title", quote_id == 0 ? _("Add to Library") : _("Edit Quotation"),
                                           NULL);

  self->library = library;
  self->quote_id = quote_id;
  gtk_button_set_label (self->save_button, quote_id == 0 ? _("_Add") : _("_Save"));
  load_sources (self);
  return self;
}

EpistleQuoteDialog *
epistle_quote_dialog_new_add (EpistleLibrary *library,
                              const char     *text)
{
  EpistleQuoteDialog *self;

  g_return_val_if_fail (library != NULL, NULL);

  self = quote_dialog_new (library, 0);
  if (text != NULL)
    {
      g_autofree char *trimmed = strip_text (text);

      gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view), trimmed, -1);
    }
  return self;
}

EpistleQuoteDialog *
epistle_quote_dialog_new_edit (EpistleLibrary *library,
                               gint64          quote_id,
                               GError        **error)
{
  g_autoptr(EpistleLibraryQuote) quote = NULL;
  g_autoptr(EpistleLibrarySource) source = NULL;
  g_autoptr(EpistleQuoteSourceItem) item = NULL;
  g_autofree char *tags = NULL;
  EpistleQuoteDialog *self;

  g_return_val_if_fail (library != NULL, NULL);
  g_return_val_if_fail (quote_id > 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  quote = epistle_library_get_quote (library, quote_id, error);
  if (quote == NULL)
    return NULL;
  if (quote->source_id != 0)
    {
      source = epistle_library_get_source (library, quote->source_id, error);
      if (source == NULL)
        return NULL;
    }

  self = quote_dialog_new (library, quote_id);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view), quote->text, -1);
  set_row_text (self->note_row, quote->note);
  set_row_text (self->locator_row, quote->locator);
  set_locator_label (self, quote->locator_label);
  tags = g_strjoinv (", ", quote->tags);
  set_row_text (self->tags_row, tags);

  if (source != NULL)
    {
      item = find_source (self, source->id);
      /* Not listed (the list could not be read): it is the one read just now. */
      if (item == NULL)
        {
          item = source_item_new (ITEM_SOURCE, g_steal_pointer (&source));
          g_list_store_append (self->sources, item);
        }
      pick_item (self, item);
    }
  return self;
}
