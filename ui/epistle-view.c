/* SPDX-License-Identifier: GPL-3.0-or-later
 * epistle-view.c — keeps the text in a readable column by adjusting the
 * side margins on every size change (keeping the line being written in
 * view when the column changes width); the font comes from a CSS provider.
 * After an edit it lays out the cursor's paragraph once, fully, before
 * GtkTextView validates it (see epistle_view_queue_layout_cursor_line). */

#include "config.h"

#include "epistle-view.h"

#define MIN_SIDE_MARGIN 24

/* One provider for every view: the font is an application-wide preference. */
static GtkCssProvider *font_css;

struct _EpistleView
{
  GtkSourceView   parent_instance;
  guint           column_width;
  int             char_width;     /* Pango units, cached per font */
  int             allocated_width; /* at the last size_allocate */
  guint           keep_cursor_tick;
  guint           keep_cursor_frames;  /* since the width changed */
  guint           keep_cursor_settled; /* frames in a row with it in view */
  GSignalGroup   *buffer_signals;
  guint           layout_cursor_line_idle;
};

G_DEFINE_FINAL_TYPE (EpistleView, epistle_view, GTK_SOURCE_TYPE_VIEW)

enum {
  PROP_0,
  PROP_COLUMN_WIDTH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static int
epistle_view_measure_char_width (EpistleView *self)
{
  PangoContext *context;
  PangoFontMetrics *metrics;

  if (self->char_width > 0)
    return self->char_width;

  context = gtk_widget_get_pango_context (GTK_WIDGET (self));
  metrics = pango_context_get_metrics (context, NULL, NULL);
  /* Prose is mostly lower-case letters; the approximate char width
   * matches what people mean by "72 characters a line". */
  self->char_width = pango_font_metrics_get_approximate_char_width (metrics);
  pango_font_metrics_unref (metrics);
  if (self->char_width <= 0)
    self->char_width = 8 * PANGO_SCALE;
  return self->char_width;
}

/* A column of another width (a sidebar shown or hidden, the window
 * resized) wraps every paragraph again. GtkTextView keeps the top
 * paragraph in place, so the text below it moves, often the cursor's line
 * out of view: a line being written is brought back into view. The lines
 * between are laid out at the new width over the next frames, moving the
 * cursor again (and GtkTextView moves the scroll position itself as the
 * lines above are laid out), so it is checked at each frame until it has
 * stayed in view for a few, half a second at most. A cursor out of view
 * before (the writer scrolled away to read) is left where it is. */
#define KEEP_CURSOR_FRAMES 30
#define KEEP_CURSOR_SETTLED 4

/* The cursor's rectangle and the visible one, in buffer coordinates. */
static void
epistle_view_get_cursor_rects (EpistleView  *self,
                                 GdkRectangle *cursor,
                                 GdkRectangle *visible)
{
  GtkTextView *view = GTK_TEXT_VIEW (self);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter insert;

  gtk_text_buffer_get_iter_at_mark (buffer, &insert, gtk_text_buffer_get_insert (buffer));
  gtk_text_view_get_visible_rect (view, visible);
  gtk_text_view_get_iter_location (view, &insert, cursor);
}

static gboolean
epistle_view_keep_cursor_in_view (GtkWidget     *widget,
                                  GdkFrameClock *clock,
                                  gpointer       data)
{
  EpistleView *self = EPISTLE_VIEW (widget);
  GtkAdjustment *vadjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (widget));
  GdkRectangle visible, cursor;
  int shift = 0;

  epistle_view_get_cursor_rects (self, &cursor, &visible);
  if (cursor.y + cursor.height > visible.y + visible.height)
    shift = cursor.y + cursor.height - (visible.y + visible.height);
  else if (cursor.y < visible.y)
    shift = cursor.y - visible.y;

  if (shift != 0)
    {
      gtk_adjustment_set_value (vadjustment, gtk_adjustment_get_value (vadjustment) + shift);
      self->keep_cursor_settled = 0;
    }
  else if (++self->keep_cursor_settled >= KEEP_CURSOR_SETTLED)
    goto done;
  if (++self->keep_cursor_frames >= KEEP_CURSOR_FRAMES)
    goto done;
  return G_SOURCE_CONTINUE;

done:
  self->keep_cursor_tick = 0;
  return G_SOURCE_REMOVE;
}

static void
epistle_view_keep_cursor_stop (EpistleView *self)
{
  if (self->keep_cursor_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->keep_cursor_tick);
  self->keep_cursor_tick = 0;
}

/* TRUE when the cursor's line is (at least partly) in view. */
static gboolean
epistle_view_cursor_in_view (EpistleView *self)
{
  GdkRectangle visible, cursor;

  epistle_view_get_cursor_rects (self, &cursor, &visible);
  return cursor.y + cursor.height > visible.y && cursor.y < visible.y + visible.height;
}

/* The first allocation gives the column its width. A scroll to the cursor
 * asked for before it (a go-to-line sent right after opening, before the
 * window is shown) was worked out for lines wrapped at no width at all;
 * laid out at the real width they push the cursor out of view, so it is
 * brought back as after a width change. A cursor at the very start needs
 * nothing. */
static gboolean
epistle_view_cursor_at_start (EpistleView *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  GtkTextIter insert;

  gtk_text_buffer_get_iter_at_mark (buffer, &insert, gtk_text_buffer_get_insert (buffer));
  return gtk_text_iter_is_start (&insert);
}

static void
epistle_view_size_allocate (GtkWidget *widget,
                            int        width,
                            int        height,
                            int        baseline)
{
  EpistleView *self = EPISTLE_VIEW (widget);
  int column = PANGO_PIXELS (epistle_view_measure_char_width (self) * (int) self->column_width);
  int margin = MAX (MIN_SIDE_MARGIN, (width - column) / 2);

  if (gtk_widget_get_mapped (widget) &&
      ((self->allocated_width > 0 && width != self->allocated_width && epistle_view_cursor_in_view (self)) ||
       (self->allocated_width == 0 && width > 0 && !epistle_view_cursor_at_start (self))))
    {
      self->keep_cursor_frames = 0;
      self->keep_cursor_settled = 0;
      if (self->keep_cursor_tick == 0)
        self->keep_cursor_tick = gtk_widget_add_tick_callback (widget, epistle_view_keep_cursor_in_view, NULL, NULL);
    }
  self->allocated_width = width;

  /* Only touch the margins when they change: setting them re-lays out
   * every line, which is costly in a long manuscript. */
  if (gtk_text_view_get_left_margin (GTK_TEXT_VIEW (self)) != margin)
    gtk_text_view_set_left_margin (GTK_TEXT_VIEW (self), margin);
  if (gtk_text_view_get_right_margin (GTK_TEXT_VIEW (self)) != margin)
    gtk_text_view_set_right_margin (GTK_TEXT_VIEW (self), margin);

  GTK_WIDGET_CLASS (epistle_view_parent_class)->size_allocate (widget, width, height, baseline);
}

static gboolean
epistle_view_layout_cursor_line (gpointer data)
{
  EpistleView *self = data;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  GtkTextIter insert;
  GdkRectangle location;

  self->layout_cursor_line_idle = 0;
  gtk_text_buffer_get_iter_at_mark (buffer, &insert, gtk_text_buffer_get_insert (buffer));
  /* Asks for a full layout of the cursor's paragraph, which GtkTextView
   * keeps in its line cache. */
  gtk_text_view_get_iter_location (GTK_TEXT_VIEW (self), &insert, &location);
  return G_SOURCE_REMOVE;
}

/* The buffer's signals after which GtkTextView lays lines out again. */
static const char * const relayout_signals[] = { "changed", "apply-tag", "remove-tag" };

/* After an edit GtkTextView lays out the edited paragraph for its size
 * alone (a layout it does not keep), then again in full for the input
 * method's cursor spot and the snapshot: the whole paragraph is shaped
 * twice per keystroke, most of what a keystroke costs in a long paragraph.
 * A full layout of the cursor's paragraph asked for first, before
 * GtkTextView's own validation (which runs at GTK_PRIORITY_RESIZE - 2), is
 * kept in its line cache and serves the sizing, the cursor spot and the
 * snapshot alike. GtkTextView lays the cursor's paragraph out in full
 * after every edit anyway (for the cursor spot, in view or not), so this
 * adds no work when the edit was elsewhere. */
static void
epistle_view_queue_layout_cursor_line (EpistleView *self)
{
  if (self->layout_cursor_line_idle != 0 || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;
  self->layout_cursor_line_idle =
    g_idle_add_full (GTK_PRIORITY_RESIZE - 3, epistle_view_layout_cursor_line, self, NULL);
  g_source_set_static_name (g_main_context_find_source_by_id (NULL, self->layout_cursor_line_idle),
                            "[epistle] layout cursor line");
}

static void
epistle_view_unmap (GtkWidget *widget)
{
  EpistleView *self = EPISTLE_VIEW (widget);

  g_clear_handle_id (&self->layout_cursor_line_idle, g_source_remove);
  epistle_view_keep_cursor_stop (self);
  GTK_WIDGET_CLASS (epistle_view_parent_class)->unmap (widget);
}

static void
epistle_view_dispose (GObject *object)
{
  EpistleView *self = EPISTLE_VIEW (object);

  g_clear_handle_id (&self->layout_cursor_line_idle, g_source_remove);
  g_clear_object (&self->buffer_signals);
  G_OBJECT_CLASS (epistle_view_parent_class)->dispose (object);
}

static void
epistle_view_css_changed (GtkWidget         *widget,
                          GtkCssStyleChange *change)
{
  EPISTLE_VIEW (widget)->char_width = 0;
  GTK_WIDGET_CLASS (epistle_view_parent_class)->css_changed (widget, change);
  gtk_widget_queue_resize (widget);
}

static void
epistle_view_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  EpistleView *self = EPISTLE_VIEW (object);

  switch (prop_id)
    {
    case PROP_COLUMN_WIDTH:
      g_value_set_uint (value, self->column_width);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
epistle_view_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  EpistleView *self = EPISTLE_VIEW (object);

  switch (prop_id)
    {
    case PROP_COLUMN_WIDTH:
      epistle_view_set_column_width (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
epistle_view_class_init (EpistleViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = epistle_view_dispose;
  object_class->get_property = epistle_view_get_property;
  object_class->set_property = epistle_view_set_property;

  widget_class->size_allocate = epistle_view_size_allocate;
  widget_class->unmap = epistle_view_unmap;
  widget_class->css_changed = epistle_view_css_changed;

  properties[PROP_COLUMN_WIDTH] =
    g_param_spec_uint ("column-width", NULL, NULL,
                       20, 400, 72,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

}

static void
epistle_view_init (EpistleView *self)
{
  self->column_width = 72;
  gtk_widget_add_css_class (GTK_WIDGET (self), "epistle-editor");
  /* Room above the first line and below the last, inside the scrolled
   * area, so the end of a letter can be read away from the window edge. */
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (self), 24);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (self), 96);

  /* An edit, or a tag changed (an underline, highlighting), lays the
   * lines it touches out again. */
  self->buffer_signals = g_signal_group_new (GTK_TYPE_TEXT_BUFFER);
  for (guint i = 0; i < G_N_ELEMENTS (relayout_signals); i++)
    g_signal_group_connect_object (self->buffer_signals, relayout_signals[i],
                                   G_CALLBACK (epistle_view_queue_layout_cursor_line), self,
                                   G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  g_object_bind_property (self, "buffer", self->buffer_signals, "target", G_BINDING_SYNC_CREATE);
}

GtkWidget *
epistle_view_new (void)
{
  return g_object_new (EPISTLE_TYPE_VIEW, NULL);
}

void
epistle_view_set_column_width (EpistleView *self,
                               guint        chars)
{
  g_return_if_fail (EPISTLE_IS_VIEW (self));

  chars = CLAMP (chars, 20, 400);
  if (self->column_width == chars)
    return;
  self->column_width = chars;
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COLUMN_WIDTH]);
}

guint
epistle_view_get_column_width (EpistleView *self)
{
  g_return_val_if_fail (EPISTLE_IS_VIEW (self), 0);
  return self->column_width;
}

static void
append_font_css (GString                    *css,
                 const PangoFontDescription *desc)
{
  PangoFontMask mask = pango_font_description_get_set_fields (desc);

  if (mask & PANGO_FONT_MASK_FAMILY)
    g_string_append_printf (css, "font-family: \"%s\";", pango_font_description_get_family (desc));
  if (mask & PANGO_FONT_MASK_SIZE)
    {
      double size = (double) pango_font_description_get_size (desc) / PANGO_SCALE;
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      g_ascii_formatd (buf, sizeof buf, "%.2f", size);
      g_string_append_printf (css, "font-size: %s%s;", buf,
                              pango_font_description_get_size_is_absolute (desc) ? "px" : "pt");
    }
  if (mask & PANGO_FONT_MASK_WEIGHT)
    g_string_append_printf (css, "font-weight: %d;", (int) pango_font_description_get_weight (desc));
  if (mask & PANGO_FONT_MASK_STYLE)
    {
      PangoStyle style = pango_font_description_get_style (desc);
      g_string_append_printf (css, "font-style: %s;",
                              style == PANGO_STYLE_ITALIC ? "italic" :
                              style == PANGO_STYLE_OBLIQUE ? "oblique" : "normal");
    }
}

void
epistle_view_set_font (EpistleView *self,
                       const char  *font_name,
                       double       line_height)
{
  g_autoptr(PangoFontDescription) desc = NULL;
  g_autoptr(GString) css = g_string_new ("textview.epistle-editor {");
  char lh[G_ASCII_DTOSTR_BUF_SIZE];

  g_return_if_fail (EPISTLE_IS_VIEW (self));

  desc = pango_font_description_from_string (font_name != NULL ? font_name : "Serif 13");
  append_font_css (css, desc);
  g_ascii_formatd (lh, sizeof lh, "%.2f", CLAMP (line_height, 1.0, 3.0));
  g_string_append_printf (css, "line-height: %s; }", lh);

  if (font_css == NULL)
    {
      font_css = gtk_css_provider_new ();
      gtk_style_context_add_provider_for_display (gtk_widget_get_display (GTK_WIDGET (self)),
                                                  GTK_STYLE_PROVIDER (font_css),
                                                  GTK_STYLE_PROVIDER_PRIORITY_APPLICATION + 1);
    }
  gtk_css_provider_load_from_string (font_css, css->str);
  self->char_width = 0;
  gtk_widget_queue_resize (GTK_WIDGET (self));
}
