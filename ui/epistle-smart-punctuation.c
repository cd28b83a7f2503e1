/* SPDX-License-Identifier: GPL-3.0-or-later
 * epistle-smart-punctuation.c — replaces the character just typed after the
 * keystroke's own undo step, so one Ctrl+Z gives back the plain character. */

#include "config.h"

#include "epistle-smart-punctuation.h"

#define FENCE_SCAN_LIMIT 4000   /* lines looked back for an open ``` fence */

struct _EpistleSmartPunctuation
{
  GObject        parent_instance;
  GtkTextBuffer *buffer;       /* weak */
  GtkTextMark   *pending;      /* end of the character to look at */
  guint          idle_id;
  gboolean       enabled;
  gboolean       replacing;
};

G_DEFINE_FINAL_TYPE (EpistleSmartPunctuation, epistle_smart_punctuation, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ENABLED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
opens_quote (gunichar prev)
{
  return prev == 0 || g_unichar_isspace (prev) ||
         prev == '(' || prev == '[' || prev == '{' || prev == '<' ||
         prev == 0x2014 || prev == 0x2013 || prev == '-' || prev == '/' ||
         prev == 0x201C || prev == 0x2018 || prev == '*' || prev == '_' || prev == '>';
}

const char *
epistle_smart_punctuation_replacement (const char *before,
                                       guint      *replace_chars)
{
  const char *end;
  const char *last;
  gunichar typed, prev = 0;
  glong n_chars;
  guint backticks = 0;

  g_return_val_if_fail (before != NULL, NULL);
  g_return_val_if_fail (replace_chars != NULL, NULL);

  *replace_chars = 0;
  end = before + strlen (before);
  if (end == before)
    return NULL;

  /* Inside a `code span` (an odd number of backticks before us) the
   * writer means the characters literally. */
  for (const char *p = before; p < end; p++)
    if (*p == '`')
      backticks++;
  if (backticks % 2 == 1)
    return NULL;

  last = g_utf8_find_prev_char (before, end);
  typed = g_utf8_get_char (last);
  if (last > before)
    prev = g_utf8_get_char (g_utf8_find_prev_char (before, last));
  n_chars = g_utf8_strlen (before, -1);

  switch (typed)
    {
    case '"':
      *replace_chars = 1;
      return opens_quote (prev) ? "“" : "”";

    case '\'':
      *replace_chars = 1;
      /* After a letter it is an apostrophe (don’t) or a closing quote. */
      if (g_unichar_isalnum (prev))
        return "’";
      return opens_quote (prev) ? "‘" : "’";

    case '-':
      /* "--" becomes an em dash, but not at the start of a line, where
       * dashes build Markdown rules, lists and front matter fences. */
      if (prev == '-' && n_chars > 2)
        {
          *replace_chars = 2;
          return "—";
        }
      return NULL;

    case '.':
      if (n_chars >= 3 && g_str_has_suffix (before, "..."))
        {
          /* Four dots are not an ellipsis plus a dot the writer wants merged. */
          if (n_chars >= 4 && end[-4] == '.')
            return NULL;
          *replace_chars = 3;
          return "…";
        }
      return NULL;

    default:
      return NULL;
    }
}

static gboolean
inside_fenced_code (GtkTextIter *iter)
{
  GtkTextIter line = *iter;
  guint fences = 0;

  gtk_text_iter_set_line_offset (&line, 0);
  for (guint i = 0; i < FENCE_SCAN_LIMIT && gtk_text_iter_backward_line (&line); i++)
    {
      GtkTextIter probe = line;
      gunichar c0 = gtk_text_iter_get_char (&probe);

      if (c0 != '`' && c0 != '~')
        continue;
      if (gtk_text_iter_forward_char (&probe) && gtk_text_iter_get_char (&probe) == c0 &&
          gtk_text_iter_forward_char (&probe) && gtk_text_iter_get_char (&probe) == c0)
        fences++;
    }
  return fences % 2 == 1;
}

static gboolean
apply_pending (gpointer user_data)
{
  EpistleSmartPunctuation *self = user_data;
  GtkTextIter iter, line_start, from;
  g_autofree char *before = NULL;
  const char *replacement;
  guint replace_chars = 0;

  self->idle_id = 0;
  if (self->buffer == NULL || self->pending == NULL)
    return G_SOURCE_REMOVE;

  gtk_text_buffer_get_iter_at_mark (self->buffer, &iter, self->pending);
  gtk_text_buffer_delete_mark (self->buffer, self->pending);
  self->pending = NULL;

  line_start = iter;
  gtk_text_iter_set_line_offset (&line_start, 0);
  before = gtk_text_iter_get_slice (&line_start, &iter);
  replacement = epistle_smart_punctuation_replacement (before, &replace_chars);
  if (replacement == NULL || inside_fenced_code (&iter))
    return G_SOURCE_REMOVE;

  from = iter;
  gtk_text_iter_backward_chars (&from, (int) replace_chars);

  self->replacing = TRUE;
  gtk_text_buffer_begin_user_action (self->buffer);
  gtk_text_buffer_delete (self->buffer, &from, &iter);
  gtk_text_buffer_insert (self->buffer, &from, replacement, -1);
  gtk_text_buffer_end_user_action (self->buffer);
  self->replacing = FALSE;

  return G_SOURCE_REMOVE;
}

static void
on_insert_text_after (EpistleSmartPunctuation *self,
                      GtkTextIter             *location,
                      const char              *text,
                      int                      len,
                      GtkTextBuffer           *buffer)
{
  if (!self->enabled || self->replacing || len != 1)
    return;
  if (text[0] != '"' && text[0] != '\'' && text[0] != '-' && text[0] != '.')
    return;

  /* Replace after the keystroke's own user action has closed, so the
   * replacement is a separate undo step; high priority runs it before the
   * next key event is handled. */
  if (self->pending != NULL)
    gtk_text_buffer_move_mark (buffer, self->pending, location);
  else
    self->pending = gtk_text_buffer_create_mark (buffer, NULL, location, FALSE);
  if (self->idle_id == 0)
    self->idle_id = g_idle_add_full (G_PRIORITY_HIGH, apply_pending, self, NULL);
}

static void
epistle_smart_punctuation_dispose (GObject *object)
{
  EpistleSmartPunctuation *self = EPISTLE_SMART_PUNCTUATION (object);

  g_clear_handle_id (&self->idle_id, g_source_remove);
  if (self->buffer != NULL)
    {
      if (self->pending != NULL)
        gtk_text_buffer_delete_mark (self->buffer, self->pending);
      self->pending = NULL;
      g_signal_handlers_disconnect_by_data (self->buffer, self);
      g_object_remove_weak_pointer (G_OBJECT (self->buffer), (gpointer *) &self->buffer);
      self->buffer = NULL;
    }

  G_OBJECT_CLASS (epistle_smart_punctuation_parent_class)->dispose (object);
}

static void
epistle_smart_punctuation_get_property (GObject    *object,
                                        guint       prop_id,
                                        GValue     *value,
                                        GParamSpec *pspec)
{
  EpistleSmartPunctuation *self = EPISTLE_SMART_PUNCTUATION (object);

  switch (prop_id)
    {
    case PROP_ENABLED:
      g_value_set_boolean (value, self->enabled);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
epistle_smart_punctuation_set_property (GObject      *object,
                                        guint         prop_id,
                                        const GValue *value,
                                        GParamSpec   *pspec)
{
  EpistleSmartPunctuation *self = EPISTLE_SMART_PUNCTUATION (object);

  switch (prop_id)
    {
    case PROP_ENABLED:
      if (self->enabled != g_value_get_boolean (value))
        {
          self->enabled = g_value_get_boolean (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
epistle_smart_punctuation_class_init (EpistleSmartPunctuationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = epistle_smart_punctuation_dispose;
  object_class->get_property = epistle_smart_punctuation_get_property;
  object_class->set_property = epistle_smart_punctuation_set_property;

  properties[PROP_ENABLED] =
    g_param_spec_boolean ("enabled", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
epistle_smart_punctuation_init (EpistleSmartPunctuation *self)
{
  self->enabled = TRUE;
}

EpistleSmartPunctuation *
epistle_smart_punctuation_new (GtkTextBuffer *buffer)
{
  EpistleSmartPunctuation *self;

  g_return_val_if_fail (GTK_IS_TEXT_BUFFER (buffer), NULL);

  self = g_object_new (EPISTLE_TYPE_SMART_PUNCTUATION, NULL);
  self->buffer = buffer;
  g_object_add_weak_pointer (G_OBJECT (buffer), (gpointer *) &self->buffer);
  g_signal_connect_data (buffer, "insert-text", G_CALLBACK (on_insert_text_after), self,
                         NULL, G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  return self;
}
