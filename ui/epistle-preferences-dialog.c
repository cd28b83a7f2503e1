/* SPDX-License-Identifier: GPL-3.0-or-later
 * epistle-preferences-dialog.c — every row is bound straight to its
 * GSettings key, so windows follow changes as they are made. */

#include "config.h"

#include <glib/gi18n.h>

#include "epistle-application.h"
#include "epistle-preferences-dialog.h"

struct _EpistlePreferencesDialog
{
  AdwPreferencesDialog  parent_instance;

  GSettings            *settings;
  GtkFontDialogButton  *font_button;
  GtkFontDialogButton  *monospace_font_button;
  AdwSwitchRow         *monospace_row;
  AdwSpinRow           *line_spacing_row;
  AdwSpinRow           *column_width_row;
  AdwComboRow          *style_row;
  AdwSwitchRow         *smart_punctuation_row;
  AdwComboRow          *quote_style_row;
  AdwSpinRow           *quote_block_words_row;
  AdwSpinRow           *autosave_row;
  AdwSwitchRow         *restore_session_row;
  AdwSwitchRow         *snapshot_on_save_row;
  AdwSpinRow           *snapshot_minutes_row;
  AdwEntryRow          *author_name_row;
  AdwEntryRow          *author_email_row;
};

G_DEFINE_FINAL_TYPE (EpistlePreferencesDialog, epistle_preferences_dialog, ADW_TYPE_PREFERENCES_DIALOG)

/* The choices of a string key, in the order of its combo row's items. */
static const char *style_ids[] = { "follow", "light", "dark", NULL };
static const char *quote_style_ids[] = { "auto", "block", "inline", "pandoc", "footnote", NULL };

static gboolean
font_get (GValue   *value,
          GVariant *variant,
          gpointer  user_data)
{
  g_value_take_boxed (value, pango_font_description_from_string (g_variant_get_string (variant, NULL)));
  return TRUE;
}

static GVariant *
font_set (const GValue       *value,
          const GVariantType *type,
          gpointer            user_data)
{
  PangoFontDescription *desc = g_value_get_boxed (value);
  g_autofree char *name = desc ? pango_font_description_to_string (desc) : g_strdup ("Serif 13");

  return g_variant_new_string (name);
}

static gboolean
choice_get (GValue   *value,
            GVariant *variant,
            gpointer  user_data)
{
  const char * const *ids = user_data;
  const char *id = g_variant_get_string (variant, NULL);

  for (guint i = 0; ids[i] != NULL; i++)
    if (g_str_equal (id, ids[i]))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }
  g_value_set_uint (value, 0);
  return TRUE;
}

static GVariant *
choice_set (const GValue       *value,
            const GVariantType *type,
            gpointer            user_data)
{
  const char * const *ids = user_data;
  guint n = g_strv_length ((char **) ids);
  guint i = g_value_get_uint (value);

  return g_variant_new_string (ids[MIN (i, n - 1)]);
}

/* The threshold matters only when the form is chosen by length. */
static gboolean
automatic_style (GBinding     *binding,
                 const GValue *from,
                 GValue       *to,
                 gpointer      user_data)
{
  g_value_set_boolean (to, g_value_get_uint (from) == 0);
  return TRUE;
}

static void
epistle_preferences_dialog_finalize (GObject *object)
{
  EpistlePreferencesDialog *self = EPISTLE_PREFERENCES_DIALOG (object);

  g_clear_object (&self->settings);
  G_OBJECT_CLASS (epistle_preferences_dialog_parent_class)->finalize (object);
}

static void
epistle_preferences_dialog_class_init (EpistlePreferencesDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = epistle_preferences_dialog_finalize;
  epistle_ui_register_resources ();

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/epistle-preferences-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, EpistlePreferencesDialog, font_button);
  gtk_widget_class_bind_template_child (widget_class, EpistlePreferencesDialog, monospace_font_button);
  gtk_widget_class_bind_template_child (widget_class, EpistlePreferencesDialog, monospace_row);
  gtk_widget_class_bind_template_child (widget_class, EpistlePreferencesDialog, line_spacing_row);
  gtk_widget_class_bind_template_child (widget_class, EpistlePreferencesDialog, column_width_row);
  gtk_widget_class_bind_template_child (widget_class, EpistlePreferencesDialog, style_row);
  gtk_widget_class_bind_template_child (widget_class, EpistlePreferencesDialog, smart_punctuation_row);
  gtk_widget_class_bind_template_child (widget_class, EpistlePreferencesDialog, quote_style_row);
  gtk_widget_class_bind_template_child (widget_class, EpistlePreferencesDialog, quote_block_words_row);
  gtk_widget_class_bind_template_child (widget_class, EpistlePreferencesDialog, autosave_row);
  gtk_widget_class_bind_template_child (widget_class, EpistlePreferencesDialog, restore_session_row);
  gtk_widget_class_bind_template_child (widget_class, EpistlePreferencesDialog, snapshot_on_save_row);
  gtk_widget_class_bind_template_child (widget_class, EpistlePreferencesDialog, snapshot_minutes_row);
  gtk_widget_class_bind_template_child (widget_class, EpistlePreferencesDialog, author_name_row);
  gtk_widget_class_bind_template_child (widget_class, EpistlePreferencesDialog, author_email_row);
}

static void
epistle_preferences_dialog_init (EpistlePreferencesDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

AdwDialog *
epistle_preferences_dialog_new (GSettings *settings)
{
  EpistlePreferencesDialog *self;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (EPISTLE_TYPE_PREFERENCES_DIALOG, NULL);
  self->settings = g_object_ref (settings);

  g_settings_bind_with_mapping (settings, "font", self->font_button, "font-desc",
                                G_SETTINGS_BIND_DEFAULT, font_get, font_set, NULL, NULL);
  g_settings_bind_with_mapping (settings, "monospace-font", self->monospace_font_button, "font-desc",
                                G_SETTINGS_BIND_DEFAULT, font_get, font_set, NULL, NULL);
  g_settings_bind (settings, "use-monospace", self->monospace_row, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "line-spacing", self->line_spacing_row, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "column-width", self->column_width_row, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (settings, "style-variant", self->style_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, choice_get, choice_set, style_ids, NULL);
  g_settings_bind_with_mapping (settings, "quote-style", self->quote_style_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, choice_get, choice_set, quote_style_ids, NULL);
  g_settings_bind (settings, "quote-block-words", self->quote_block_words_row, "value", G_SETTINGS_BIND_DEFAULT);
  g_object_bind_property_full (self->quote_style_row, "selected", self->quote_block_words_row, "sensitive",
                               G_BINDING_SYNC_CREATE, automatic_style, NULL, NULL, NULL);
  g_settings_bind (settings, "smart-punctuation", self->smart_punctuation_row, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "autosave-delay", self->autosave_row, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "restore-session", self->restore_session_row, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "history-snapshot-on-save", self->snapshot_on_save_row, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "history-snapshot-minutes", self->snapshot_minutes_row, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "history-author-name", self->author_name_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "history-author-email", self->author_email_row, "text", G_SETTINGS_BIND_DEFAULT);

  return ADW_DIALOG (self);
}
