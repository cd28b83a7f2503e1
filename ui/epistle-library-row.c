/* SPDX-License-Identifier: GPL-3.0-or-later
 * epistle-library-row.c — one row of the quote library's list: up to three
 * lines of the quotation (the searched words in bold), its source and its
 * tags under it.  One widget that draws three Pango layouts: a list makes
 * a couple of hundred rows at a time (when a search widens from a few
 * results to many) and lays out only the ones it draws, so a row must be
 * cheap to make and cheaper still to fill. */

#include "config.h"

#include <adwaita.h>

#include "epistle-library-row.h"

#define QUOTE_LINES 3
#define LINE_GAP    3      /* pixels between the quote, the source and the tags */
#define CAPTION     0.85   /* the source and tags, relative to the quote */

struct _EpistleLibraryRow
{
  GtkWidget    parent_instance;

  char        *quote_markup;
  char        *source;
  char        *tags;
  /* Made when first drawn, filled again when the text or width changes. */
  PangoLayout *quote;
  PangoLayout *source_layout;
  PangoLayout *tags_layout;
  gboolean     dirty;
  int          laid_width;
  /* Pixel heights of a line, from the font's metrics (0: not known). */
  int          quote_line;
  int          caption_line;
};

G_DEFINE_FINAL_TYPE (EpistleLibraryRow, epistle_library_row, GTK_TYPE_WIDGET)

static void
ensure_metrics (EpistleLibraryRow *self)
{
  PangoContext *context;
  PangoFontMetrics *metrics;

  if (self->quote_line > 0)
    return;
  context = gtk_widget_get_pango_context (GTK_WIDGET (self));
  metrics = pango_context_get_metrics (context, NULL, NULL);
  self->quote_line = PANGO_PIXELS_CEIL (pango_font_metrics_get_height (metrics));
  if (self->quote_line <= 0)
    self->quote_line = PANGO_PIXELS_CEIL (pango_font_metrics_get_ascent (metrics) +
                                          pango_font_metrics_get_descent (metrics));
  self->caption_line = (int) (self->quote_line * CAPTION + 0.999);
  pango_font_metrics_unref (metrics);
}

static PangoLayout *
caption_layout (EpistleLibraryRow *self)
{
  PangoLayout *layout = pango_layout_new (gtk_widget_get_pango_context (GTK_WIDGET (self)));
  PangoAttrList *attrs = pango_attr_list_new ();

  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_attr_list_insert (attrs, pango_attr_scale_new (CAPTION));
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);
  return layout;
}

static void
ensure_layouts (EpistleLibraryRow *self,
                int                width)
{
  if (self->quote == NULL)
    {
      self->quote = pango_layout_new (gtk_widget_get_pango_context (GTK_WIDGET (self)));
      pango_layout_set_wrap (self->quote, PANGO_WRAP_WORD_CHAR);
      pango_layout_set_ellipsize (self->quote, PANGO_ELLIPSIZE_END);
      pango_layout_set_height (self->quote, -QUOTE_LINES);
      self->source_layout = caption_layout (self);
      self->tags_layout = caption_layout (self);
      self->dirty = TRUE;
    }
  if (!self->dirty && width == self->laid_width)
    return;
  pango_layout_set_width (self->quote, width * PANGO_SCALE);
  pango_layout_set_width (self->source_layout, width * PANGO_SCALE);
  pango_layout_set_width (self->tags_layout, width * PANGO_SCALE);
  if (self->dirty)
    {
      pango_layout_set_markup (self->quote, self->quote_markup != NULL ? self->quote_markup : "", -1);
      pango_layout_set_text (self->source_layout, self->source != NULL ? self->source : "", -1);
      pango_layout_set_text (self->tags_layout, self->tags != NULL ? self->tags : "", -1);
    }
  self->dirty = FALSE;
  self->laid_width = width;
}

/* The font changed (a theme, a scale): measure and lay out again. */
static void
epistle_library_row_css_changed (GtkWidget         *widget,
                                 GtkCssStyleChange *change)
{
  EpistleLibraryRow *self = EPISTLE_LIBRARY_ROW (widget);

  GTK_WIDGET_CLASS (epistle_library_row_parent_class)->css_changed (widget, change);
  g_clear_object (&self->quote);
  g_clear_object (&self->source_layout);
  g_clear_object (&self->tags_layout);
  self->quote_line = self->caption_line = 0;
  gtk_widget_queue_resize (widget);
}

static void
epistle_library_row_measure (GtkWidget      *widget,
                             GtkOrientation  orientation,
                             int             for_size,
                             int            *minimum,
                             int            *natural,
                             int            *minimum_baseline,
                             int            *natural_baseline)
{
  EpistleLibraryRow *self = EPISTLE_LIBRARY_ROW (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = *natural = 0;
      return;
    }
  /* Every row the same height, whatever it says: three lines of the
   * quotation, the source, the tags — known without laying anything out. */
  ensure_metrics (self);
  *minimum = *natural = QUOTE_LINES * self->quote_line + 2 * (LINE_GAP + self->caption_line);
}

static void
append_at (GtkSnapshot   *snapshot,
           PangoLayout   *layout,
           int            y,
           const GdkRGBA *color)
{
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (0, (float) y));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

static void
epistle_library_row_snapshot (GtkWidget   *widget,
                              GtkSnapshot *snapshot)
{
  EpistleLibraryRow *self = EPISTLE_LIBRARY_ROW (widget);
  AdwStyleManager *style = adw_style_manager_get_default ();
  GdkRGBA color, dim, accent;
  PangoRectangle quote_extent;
  int y;

  ensure_metrics (self);
  ensure_layouts (self, gtk_widget_get_width (widget));
  gtk_widget_get_color (widget, &color);
  dim = color;
  dim.alpha *= 0.55f;
  accent = *adw_style_manager_get_accent_color_rgba (style);
  if (adw_style_manager_get_dark (style))
    {
      /* The accent as text on a dark background: lighter. */
      accent.red = 0.4f + 0.6f * accent.red;
      accent.green = 0.4f + 0.6f * accent.green;
      accent.blue = 0.4f + 0.6f * accent.blue;
    }

  gtk_snapshot_append_layout (snapshot, self->quote, &color);
  /* The source right under the quotation's last line: a short quotation
   * leaves the row's spare room at the bottom, not between its words and
   * where they come from. */
  pango_layout_get_pixel_extents (self->quote, NULL, &quote_extent);
  y = CLAMP (quote_extent.height, self->quote_line, QUOTE_LINES * self->quote_line) + LINE_GAP;
  append_at (snapshot, self->source_layout, y, &dim);
  if (self->tags != NULL && *self->tags != '\0')
    append_at (snapshot, self->tags_layout, y + self->caption_line + LINE_GAP, &accent);
}

static void
epistle_library_row_finalize (GObject *object)
{
  EpistleLibraryRow *self = EPISTLE_LIBRARY_ROW (object);

  g_clear_object (&self->quote);
  g_clear_object (&self->source_layout);
  g_clear_object (&self->tags_layout);
  g_free (self->quote_markup);
  g_free (self->source);
  g_free (self->tags);
  G_OBJECT_CLASS (epistle_library_row_parent_class)->finalize (object);
}

static void
epistle_library_row_class_init (EpistleLibraryRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = epistle_library_row_finalize;
  widget_class->measure = epistle_library_row_measure;
  widget_class->snapshot = epistle_library_row_snapshot;
  widget_class->css_changed = epistle_library_row_css_changed;
  gtk_widget_class_set_css_name (widget_class, "epistle-library-row");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LABEL);
}

static void
epistle_library_row_init (EpistleLibraryRow *self)
{
  g_signal_connect_object (adw_style_manager_get_default (), "notify::accent-color",
                           G_CALLBACK (gtk_widget_queue_draw), self, G_CONNECT_SWAPPED);
}

GtkWidget *
epistle_library_row_new (void)
{
  return g_object_new (EPISTLE_TYPE_LIBRARY_ROW, NULL);
}

void
epistle_library_row_set (EpistleLibraryRow *self,
                         const char        *quote_markup,
                         const char        *source,
                         const char        *tags,
                         const char        *accessible_text)
{
  g_return_if_fail (EPISTLE_IS_LIBRARY_ROW (self));

  if (g_strcmp0 (self->quote_markup, quote_markup) == 0 &&
      g_strcmp0 (self->source, source) == 0 &&
      g_strcmp0 (self->tags, tags) == 0)
    return;
  g_free (self->quote_markup);
  self->quote_markup = g_strdup (quote_markup);
  g_free (self->source);
  self->source = g_strdup (source);
  g_free (self->tags);
  self->tags = g_strdup (tags);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible_text != NULL ? accessible_text : "", -1);
  /* Same height whatever it says: only drawn again. */
  self->dirty = TRUE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const char *
epistle_library_row_get_source (EpistleLibraryRow *self)
{
  g_return_val_if_fail (EPISTLE_IS_LIBRARY_ROW (self), NULL);
  return self->source;
}
