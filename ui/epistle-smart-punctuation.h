/* SPDX-License-Identifier: GPL-3.0-or-later
 * epistle-smart-punctuation.h — typographic quotes, dashes and ellipses as
 * the writer types, each replacement its own undo step. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define EPISTLE_TYPE_SMART_PUNCTUATION (epistle_smart_punctuation_get_type ())
G_DECLARE_FINAL_TYPE (EpistleSmartPunctuation, epistle_smart_punctuation, EPISTLE, SMART_PUNCTUATION, GObject)

/* Watches @buffer (weakly); "enabled" switches it on and off. */
EpistleSmartPunctuation *epistle_smart_punctuation_new (GtkTextBuffer *buffer);

/* The replacement for typing @typed (", ', - or .) after @before (the text
 * of the line before the cursor, typed character included), or NULL.
 * @replace_chars is how many characters at the end of @before to replace.
 * Pure, for tests. */
const char *epistle_smart_punctuation_replacement (const char *before,
                                                   guint      *replace_chars);

G_END_DECLS
