/* SPDX-License-Identifier: GPL-3.0-or-later
 * epistle-version-view.c — the read-only comparison of a version.  The
 * merged text is the newer text with the removed words put back before
 * the words that replaced them; tags strike the removed words through and
 * underline the added ones.  The toolbar above says what is compared with
 * what and how much changed, and carries the commands (window actions). */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "epistle-version-view.h"
#include "epistle-view.h"

/* ---- the comparison ---------------------------------------------------- */

static void
append_piece (GString    *merged,
              guint      *chars,
              const char *text,
              gsize       start,
              gsize       end)
{
  if (end <= start)
    return;
  g_string_append_len (merged, text + start, end - start);
  *chars += g_utf8_strlen (text + start, end - start);
}

/* Changes a word apart read better as one: "[-I am writing to ask a
 * small-]{+Let me ask you one+}" rather than four changes around "ask".
 * Neighbouring hunks are joined when what separates them holds at most
 * one word, no line break, and is no longer than the edits on either
 * side (the "semantic" clean-up of diff libraries).  The totals of words
 * added and removed stay those of the minimal diff. */
static gsize
edit_size (const EpistleWordDiffHunk *h)
{
  return MAX (h->old_end - h->old_start, h->new_end - h->new_start);
}

static void
join_close_hunks (EpistleWordDiff *diff,
                  const char      *new_text)
{
  GArray *joined = g_array_sized_new (FALSE, FALSE, sizeof (EpistleWordDiffHunk), diff->hunks->len);

  for (guint i = 0; i < diff->hunks->len; i++)
    {
      const EpistleWordDiffHunk *h = &g_array_index (diff->hunks, EpistleWordDiffHunk, i);
      EpistleWordDiffHunk *last = joined->len > 0 ? &g_array_index (joined, EpistleWordDiffHunk, joined->len - 1) : NULL;

      if (last != NULL)
        {
          const char *gap = new_text + last->new_end;
          gsize gap_length = h->new_start - last->new_end;

          if (memchr (gap, '\n', gap_length) == NULL &&
              gap_length <= MAX (edit_size (last), edit_size (h)) &&
              epistle_word_diff_count_words (gap, gap_length) <= 1)
            {
              last->old_end = h->old_end;
              last->new_end = h->new_end;
              last->words_removed += h->words_removed;
              last->words_added += h->words_added;
              continue;
            }
        }
      g_array_append_val (joined, *h);
    }
  g_array_unref (diff->hunks);
  diff->hunks = joined;
}

EpistleComparison *
epistle_comparison_new (char  *old_text,
                        gsize  old_length,
                        char  *new_text,
                        gsize  new_length)
{
  EpistleComparison *c = g_new0 (EpistleComparison, 1);
  GString *merged = g_string_sized_new (new_length + 64);
  guint chars = 0;
  gsize new_pos = 0;

  c->old_text = old_text;
  c->old_length = old_length;
  c->new_text = new_text;
  c->new_length = new_length;
  c->diff = epistle_word_diff_compute (old_text, old_length, new_text, new_length);
  join_close_hunks (c->diff, new_text);
  c->spans = g_array_new (FALSE, FALSE, sizeof (EpistleComparisonSpan));
  c->hunk_starts = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint i = 0; i < c->diff->hunks->len; i++)
    {
      const EpistleWordDiffHunk *h = &g_array_index (c->diff->hunks, EpistleWordDiffHunk, i);
      EpistleComparisonSpan span = { 0, 0, FALSE };

      append_piece (merged, &chars, new_text, new_pos, h->new_start);
      g_array_append_val (c->hunk_starts, chars);
      if (h->old_end > h->old_start)
        {
          span.start = chars;
          append_piece (merged, &chars, old_text, h->old_start, h->old_end);
          span.end = chars;
          span.added = FALSE;
          g_array_append_val (c->spans, span);
        }
      if (h->new_end > h->new_start)
        {
          span.start = chars;
          append_piece (merged, &chars, new_text, h->new_start, h->new_end);
          span.end = chars;
          span.added = TRUE;
          g_array_append_val (c->spans, span);
        }
      new_pos = h->new_end;
    }
  append_piece (merged, &chars, new_text, new_pos, new_length);
  c->merged = g_string_free (merged, FALSE);
  return c;
}

void
epistle_comparison_free (EpistleComparison *c)
{
  if (c == NULL)
    return;
  g_free (c->old_text);
  g_free (c->new_text);
  g_free (c->merged);
  g_clear_pointer (&c->diff, epistle_word_diff_free);
  g_array_unref (c->spans);
  g_array_unref (c->hunk_starts);
  g_free (c);
}

char *
epistle_comparison_summary (const EpistleComparison *c)
{
  guint changes = c->diff->hunks->len;

  if (changes == 0)
    return g_strdup (_("No differences"));
  /* TRANSLATORS: "+152 words, −37, 12 changes" */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "+%'u words, −%'u, %'u change",
                                       "+%'u words, −%'u, %'u changes", changes),
                          c->diff->words_added, c->diff->words_removed, changes);
}

/* Byte offsets in the old and new texts of merged character @offset. */
static void
map_merged (const EpistleComparison *c,
            guint                    offset,
            gsize                   *old_pos,
            gsize                   *new_pos)
{
  gsize old_at = 0, new_at = 0;
  guint chars = 0;

  for (guint i = 0; i < c->diff->hunks->len; i++)
    {
      const EpistleWordDiffHunk *h = &g_array_index (c->diff->hunks, EpistleWordDiffHunk, i);
      guint same = g_utf8_strlen (c->new_text + new_at, h->new_start - new_at);
      guint removed = g_utf8_strlen (c->old_text + h->old_start, h->old_end - h->old_start);
      guint added = g_utf8_strlen (c->new_text + h->new_start, h->new_end - h->new_start);

      if (offset < chars + same)
        {
          gsize bytes = g_utf8_offset_to_pointer (c->new_text + new_at, offset - chars) - (c->new_text + new_at);
          *old_pos = old_at + bytes;
          *new_pos = new_at + bytes;
          return;
        }
      chars += same;
      if (offset < chars + removed + added)
        {
          *old_pos = h->old_start;
          *new_pos = h->new_start;
          return;
        }
      chars += removed + added;
      old_at = h->old_end;
      new_at = h->new_end;
    }
  {
    gsize len = c->new_length - new_at;
    guint rest = offset - chars;
    gsize bytes = MIN (len, (gsize) (g_utf8_offset_to_pointer (c->new_text + new_at, MIN (rest, g_utf8_strlen (c->new_text + new_at, len))) - (c->new_text + new_at)));
    *old_pos = old_at + bytes;
    *new_pos = new_at + bytes;
  }
}

/* Where the paragraph around @pos begins and ends ("\n\n" apart). */
static void
paragraph_bounds (const char *text,
                  gsize       length,
                  gsize       from,
                  gsize       to,
                  gsize      *start,
                  gsize      *end)
{
  gsize s = MIN (from, length), e = MIN (MAX (to, from), length);

  while (s > 0 && !(s >= 2 && text[s - 1] == '\n' && text[s - 2] == '\n'))
    s--;
  while (e < length && !(text[e] == '\n' && e + 1 < length && text[e + 1] == '\n'))
    e++;
  *start = s;
  *end = e;
}

/* An old offset's counterpart in the new text: unchanged text shifts,
 * an offset inside a hunk goes to the hunk's edge (@at_end: its end). */
static gsize
old_to_new (const EpistleComparison *c,
            gsize                    pos,
            gboolean                 at_end)
{
  gssize shift = 0;

  for (guint i = 0; i < c->diff->hunks->len; i++)
    {
      const EpistleWordDiffHunk *h = &g_array_index (c->diff->hunks, EpistleWordDiffHunk, i);
      if (pos < h->old_start || (pos == h->old_start && !at_end))
        break;
      if (pos < h->old_end || (pos == h->old_end && at_end && h->old_end == h->old_start))
        return at_end ? h->new_end : h->new_start;
      shift = (gssize) h->new_end - (gssize) h->old_end;
    }
  return (gsize) ((gssize) pos + shift);
}

static gsize
new_to_old (const EpistleComparison *c,
            gsize                    pos,
            gboolean                 at_end)
{
  gssize shift = 0;

  for (guint i = 0; i < c->diff->hunks->len; i++)
    {
      const EpistleWordDiffHunk *h = &g_array_index (c->diff->hunks, EpistleWordDiffHunk, i);
      if (pos < h->new_start || (pos == h->new_start && !at_end))
        break;
      if (pos < h->new_end || (pos == h->new_end && at_end && h->new_end == h->new_start))
        return at_end ? h->old_end : h->old_start;
      shift = (gssize) h->old_end - (gssize) h->new_end;
    }
  return (gsize) ((gssize) pos + shift);
}

gboolean
epistle_comparison_paragraph_at (const EpistleComparison *c,
                                 guint                    offset,
                                 gsize                   *old_start,
                                 gsize                   *old_end,
                                 gsize                   *new_start,
                                 gsize                   *new_end)
{
  gsize o, n, os, oe, ns, ne;

  map_merged (c, offset, &o, &n);
  paragraph_bounds (c->old_text, c->old_length, o, o, &os, &oe);
  /* Grow both ranges until each is whole paragraphs of its text. */
  for (guint round = 0; round < 8; round++)
    {
      gsize ns2, ne2, os2, oe2;
      ns = old_to_new (c, os, FALSE);
      ne = old_to_new (c, oe, TRUE);
      paragraph_bounds (c->new_text, c->new_length, ns, ne, &ns2, &ne2);
      os2 = new_to_old (c, ns2, FALSE);
      oe2 = new_to_old (c, ne2, TRUE);
      paragraph_bounds (c->old_text, c->old_length, MIN (os, os2), MAX (oe, oe2), &os2, &oe2);
      ns = ns2;
      ne = ne2;
      if (os2 == os && oe2 == oe)
        break;
      os = os2;
      oe = oe2;
    }
  if (oe - os == ne - ns && memcmp (c->old_text + os, c->new_text + ns, oe - os) == 0)
    return FALSE;
  *old_start = os;
  *old_end = oe;
  *new_start = ns;
  *new_end = ne;
  return TRUE;
}

/* ---- the widget -------------------------------------------------------- */

struct _EpistleVersionView
{
  AdwBin             parent_instance;

  GtkLabel          *title;
  GtkLabel          *subtitle;
  GtkLabel          *summary;
  GtkWidget         *compare_group;
  GtkWidget         *paragraph_button;
  EpistleView       *view;
  GtkTextBuffer     *buffer;
  GtkTextTag        *removed_tag;
  GtkTextTag        *added_tag;
  EpistleComparison *comparison;
  int                current;
  gsize              filled;       /* bytes of the merged text in the view */
  guint              fill_source;
};

G_DEFINE_FINAL_TYPE (EpistleVersionView, epistle_version_view, ADW_TYPE_BIN)

static void
update_tag_colours (EpistleVersionView *self)
{
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  GdkRGBA red, green, red_bg, green_bg;

  gdk_rgba_parse (&red, dark ? "#ff7b63" : "#c01c28");
  gdk_rgba_parse (&green, dark ? "#8ff0a4" : "#1b7a3a");
  gdk_rgba_parse (&red_bg, dark ? "rgba(224,27,36,0.22)" : "rgba(224,27,36,0.10)");
  gdk_rgba_parse (&green_bg, dark ? "rgba(46,194,126,0.22)" : "rgba(46,194,126,0.14)");
  g_object_set (self->removed_tag, "foreground-rgba", &red, "background-rgba", &red_bg,
                "strikethrough", TRUE, "strikethrough-rgba", &red, NULL);
  g_object_set (self->added_tag, "foreground-rgba", &green, "background-rgba", &green_bg,
                "underline", PANGO_UNDERLINE_SINGLE, "underline-rgba", &green, NULL);
}

void
epistle_version_view_clear (EpistleVersionView *self)
{
  g_clear_handle_id (&self->fill_source, g_source_remove);
  g_clear_pointer (&self->comparison, epistle_comparison_free);
  gtk_text_buffer_set_text (self->buffer, "", 0);
  self->current = -1;
  self->filled = 0;
}

/* The text goes into the view a slice at a time (a whole manuscript at
 * once would hold up the window), the colours once it is all there. */
#define FILL_SLICE (128 * 1024)

static gboolean
scroll_to_cursor (GtkWidget     *widget,
                  GdkFrameClock *clock,
                  gpointer       data)
{
  GtkTextView *view = GTK_TEXT_VIEW (widget);

  gtk_text_view_scroll_to_mark (view, gtk_text_buffer_get_insert (gtk_text_view_get_buffer (view)),
                                0.1, TRUE, 0.0, 0.3);
  return G_SOURCE_REMOVE;
}

static gboolean
fill_slice (gpointer data)
{
  EpistleVersionView *self = data;
  const EpistleComparison *c = self->comparison;
  gsize total = strlen (c->merged);
  gsize end = MIN (total, self->filled + FILL_SLICE);
  GtkTextIter start, stop, at;

  /* Whole characters only. */
  while (end < total && (c->merged[end] & 0xC0) == 0x80)
    end++;
  gtk_text_buffer_get_end_iter (self->buffer, &at);
  gtk_text_buffer_insert (self->buffer, &at, c->merged + self->filled, (int) (end - self->filled));
  self->filled = end;
  if (end < total)
    return G_SOURCE_CONTINUE;

  self->fill_source = 0;
  for (guint i = 0; i < c->spans->len; i++)
    {
      const EpistleComparisonSpan *span = &g_array_index (c->spans, EpistleComparisonSpan, i);
      gtk_text_buffer_get_iter_at_offset (self->buffer, &start, span->start);
      gtk_text_buffer_get_iter_at_offset (self->buffer, &stop, span->end);
      gtk_text_buffer_apply_tag (self->buffer, span->added ? self->added_tag : self->removed_tag, &start, &stop);
    }
  /* Open on the first change, scrolled to once the new text is laid out. */
  gtk_text_buffer_get_start_iter (self->buffer, &at);
  gtk_text_buffer_place_cursor (self->buffer, &at);
  if (c->hunk_starts->len > 0)
    {
      epistle_version_view_step_change (self, TRUE);
      gtk_widget_add_tick_callback (GTK_WIDGET (self->view), scroll_to_cursor, NULL, NULL);
    }
  return G_SOURCE_REMOVE;
}

void
epistle_version_view_set_busy (EpistleVersionView *self,
                               const char         *title)
{
  gtk_label_set_label (self->title, title);
  gtk_label_set_label (self->subtitle, _("Comparing…"));
  gtk_label_set_label (self->summary, "");
}

gboolean
epistle_version_view_get_loading (EpistleVersionView *self)
{
  return self->fill_source != 0;
}

void
epistle_version_view_show (EpistleVersionView *self,
                           const char         *title,
                           const char         *subtitle,
                           EpistleComparison  *comparison,
                           gboolean            against_current)
{
  g_autofree char *summary = NULL;

  epistle_version_view_clear (self);
  self->comparison = comparison;
  gtk_label_set_label (self->title, title);
  gtk_label_set_label (self->subtitle, subtitle);
  summary = epistle_comparison_summary (comparison);
  gtk_label_set_label (self->summary, summary);
  gtk_widget_set_visible (self->paragraph_button, against_current);

  if (fill_slice (self) == G_SOURCE_CONTINUE)
    self->fill_source = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, fill_slice, self, NULL);
}

gboolean
epistle_version_view_step_change (EpistleVersionView *self,
                                  gboolean            forward)
{
  GtkTextIter iter;
  GtkTextMark *insert = gtk_text_buffer_get_insert (self->buffer);
  guint cursor, n;
  int target = -1;

  if (self->comparison == NULL || (n = self->comparison->hunk_starts->len) == 0)
    return FALSE;
  gtk_text_buffer_get_iter_at_mark (self->buffer, &iter, insert);
  cursor = gtk_text_iter_get_offset (&iter);
  if (forward)
    {
      for (guint i = 0; i < n; i++)
        if (g_array_index (self->comparison->hunk_starts, guint, i) > cursor ||
            (self->current < 0 && g_array_index (self->comparison->hunk_starts, guint, i) == cursor))
          {
            target = i;
            break;
          }
    }
  else
    {
      for (int i = (int) n - 1; i >= 0; i--)
        if (g_array_index (self->comparison->hunk_starts, guint, i) < cursor)
          {
            target = i;
            break;
          }
    }
  if (target < 0)
    return FALSE;
  self->current = target;
  gtk_text_buffer_get_iter_at_offset (self->buffer, &iter, g_array_index (self->comparison->hunk_starts, guint, target));
  gtk_text_buffer_place_cursor (self->buffer, &iter);
  gtk_text_view_scroll_to_mark (GTK_TEXT_VIEW (self->view), insert, 0.1, TRUE, 0.0, 0.3);
  return TRUE;
}

int
epistle_version_view_get_current_change (EpistleVersionView *self)
{
  return self->current;
}

guint
epistle_version_view_get_cursor (EpistleVersionView *self)
{
  GtkTextIter iter;
  gtk_text_buffer_get_iter_at_mark (self->buffer, &iter, gtk_text_buffer_get_insert (self->buffer));
  return gtk_text_iter_get_offset (&iter);
}

const EpistleComparison *
epistle_version_view_get_comparison (EpistleVersionView *self)
{
  return self->comparison;
}

GtkTextView *
epistle_version_view_get_text_view (EpistleVersionView *self)
{
  return GTK_TEXT_VIEW (self->view);
}

static void
epistle_version_view_finalize (GObject *object)
{
  EpistleVersionView *self = EPISTLE_VERSION_VIEW (object);

  g_clear_handle_id (&self->fill_source, g_source_remove);
  g_clear_pointer (&self->comparison, epistle_comparison_free);
  G_OBJECT_CLASS (epistle_version_view_parent_class)->finalize (object);
}

static void
epistle_version_view_class_init (EpistleVersionViewClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = epistle_version_view_finalize;
  gtk_widget_class_set_css_name (widget_class, "epistle-version-view");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.close-version", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F8, 0, "win.version-next-change", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F8, GDK_SHIFT_MASK, "win.version-previous-change", NULL);
}

static GtkWidget *
icon_button (const char *icon,
             const char *tooltip,
             const char *action)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  return button;
}

static GtkWidget *
compare_toggle (const char *label,
                const char *target)
{
  GtkWidget *button = gtk_toggle_button_new_with_mnemonic (label);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.history-compare");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", target);
  return button;
}

static void
epistle_version_view_init (EpistleVersionView *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *head = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *controls = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *titles = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *group = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *restore = gtk_button_new_with_mnemonic (_("_Restore This Version"));
  GtkWidget *copy = icon_button ("edit-copy-symbolic", _("Copy the Text of This Version"), "win.copy-version-text");
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *bin = adw_breakpoint_bin_new ();
  AdwBreakpoint *narrow;
  GValue vertical = G_VALUE_INIT, end = G_VALUE_INIT, hidden = G_VALUE_INIT, short_label = G_VALUE_INIT;

  self->current = -1;
  gtk_widget_add_css_class (bar, "epistle-version-bar");
  gtk_box_append (GTK_BOX (head), icon_button ("go-previous-symbolic", _("Back to the Letter (Escape)"), "win.close-version"));

  self->title = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->title, 0);
  gtk_label_set_ellipsize (self->title, PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (GTK_WIDGET (self->title), "heading");
  self->subtitle = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->subtitle, 0);
  gtk_label_set_ellipsize (self->subtitle, PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (GTK_WIDGET (self->subtitle), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (self->subtitle), "caption");
  self->summary = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->summary, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->summary), "caption");
  gtk_widget_add_css_class (GTK_WIDGET (self->summary), "numeric");
  gtk_box_append (GTK_BOX (line), GTK_WIDGET (self->subtitle));
  gtk_box_append (GTK_BOX (line), GTK_WIDGET (self->summary));
  gtk_box_append (GTK_BOX (titles), GTK_WIDGET (self->title));
  gtk_box_append (GTK_BOX (titles), line);
  gtk_widget_set_hexpand (titles, TRUE);
  gtk_widget_set_valign (titles, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (head), titles);
  gtk_widget_set_hexpand (head, TRUE);

  gtk_widget_add_css_class (group, "linked");
  gtk_widget_set_valign (group, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (group), compare_toggle (_("With _Now"), "current"));
  gtk_box_append (GTK_BOX (group), compare_toggle (_("With _Before"), "previous"));
  gtk_widget_set_tooltip_text (group, _("Compare with the text now, or with the version before this one"));
  self->compare_group = group;
  gtk_box_append (GTK_BOX (controls), group);

  gtk_box_append (GTK_BOX (controls), icon_button ("go-up-symbolic", _("Previous Change (Shift+F8)"), "win.version-previous-change"));
  gtk_box_append (GTK_BOX (controls), icon_button ("go-down-symbolic", _("Next Change (F8)"), "win.version-next-change"));
  gtk_actionable_set_action_target (GTK_ACTIONABLE (copy), "s", "");
  gtk_box_append (GTK_BOX (controls), copy);
  self->paragraph_button = icon_button ("edit-undo-symbolic", _("Restore the Paragraph at the Cursor"), "win.restore-version-paragraph");
  gtk_box_append (GTK_BOX (controls), self->paragraph_button);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (restore), "win.restore-version");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (restore), "s", "");
  gtk_widget_add_css_class (restore, "suggested-action");
  gtk_widget_set_valign (restore, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (controls), restore);

  gtk_box_append (GTK_BOX (bar), head);
  gtk_box_append (GTK_BOX (bar), controls);

  self->view = EPISTLE_VIEW (epistle_view_new ());
  gtk_text_view_set_editable (GTK_TEXT_VIEW (self->view), FALSE);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (self->view), GTK_WRAP_WORD_CHAR);
  gtk_widget_add_css_class (GTK_WIDGET (self->view), "epistle-editor");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Version compared word by word"), -1);
  {
    /* The paragraph under the pointer, from the right-click menu too. */
    g_autoptr(GMenu) extra = g_menu_new ();
    g_menu_append (extra, _("Restore This _Paragraph in the Letter"), "win.restore-version-paragraph");
    gtk_text_view_set_extra_menu (GTK_TEXT_VIEW (self->view), G_MENU_MODEL (extra));
  }
  self->buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->view));
  self->removed_tag = gtk_text_buffer_create_tag (self->buffer, "removed", NULL);
  self->added_tag = gtk_text_buffer_create_tag (self->buffer, "added", NULL);
  update_tag_colours (self);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (update_tag_colours), self, G_CONNECT_SWAPPED);

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->view));
  gtk_widget_set_vexpand (scroller, TRUE);

  gtk_box_append (GTK_BOX (box), bar);
  gtk_box_append (GTK_BOX (box), scroller);

  /* Narrow: the commands go on a line of their own, shorter. */
  gtk_widget_set_size_request (bin, 300, 200);
  adw_breakpoint_bin_set_child (ADW_BREAKPOINT_BIN (bin), box);
  narrow = adw_breakpoint_new (adw_breakpoint_condition_parse ("max-width: 780sp"));
  g_value_init (&vertical, GTK_TYPE_ORIENTATION);
  g_value_set_enum (&vertical, GTK_ORIENTATION_VERTICAL);
  g_value_init (&end, GTK_TYPE_ALIGN);
  g_value_set_enum (&end, GTK_ALIGN_END);
  g_value_init (&hidden, G_TYPE_BOOLEAN);
  g_value_set_boolean (&hidden, FALSE);
  g_value_init (&short_label, G_TYPE_STRING);
  g_value_set_string (&short_label, _("_Restore"));
  adw_breakpoint_add_setter (narrow, G_OBJECT (bar), "orientation", &vertical);
  adw_breakpoint_add_setter (narrow, G_OBJECT (controls), "halign", &end);
  adw_breakpoint_add_setter (narrow, G_OBJECT (copy), "visible", &hidden);
  adw_breakpoint_add_setter (narrow, G_OBJECT (restore), "label", &short_label);
  adw_breakpoint_bin_add_breakpoint (ADW_BREAKPOINT_BIN (bin), narrow);
  g_value_unset (&short_label);
  adw_bin_set_child (ADW_BIN (self), bin);
}

void
epistle_version_view_set_compare_visible (EpistleVersionView *self,
                                          gboolean            visible)
{
  gtk_widget_set_visible (self->compare_group, visible);
}
