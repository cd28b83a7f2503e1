/* SPDX-License-Identifier: GPL-3.0-or-later
 * epistle-view.h — the writing surface: a GtkSourceView that keeps its text
 * in a readable column centred in wide windows, styled from the preferences. */
#pragma once

#include <gtksourceview/gtksource.h>

G_BEGIN_DECLS

#define EPISTLE_TYPE_VIEW (epistle_view_get_type ())
G_DECLARE_FINAL_TYPE (EpistleView, epistle_view, EPISTLE, VIEW, GtkSourceView)

GtkWidget *epistle_view_new              (void);
/* Width of the text column, in average characters of the current font. */
void       epistle_view_set_column_width (EpistleView *self,
                                          guint        chars);
guint      epistle_view_get_column_width (EpistleView *self);
/* Font and line height, applied through a per-view CSS provider. */
void       epistle_view_set_font         (EpistleView *self,
                                          const char  *font_name,
                                          double       line_height);

G_END_DECLS
