/* SPDX-License-Identifier: GPL-3.0-or-later
 * epistle-preferences-dialog.h — font, spacing, column, style, smart
 * punctuation, drafts and session preferences, bound to GSettings. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define EPISTLE_TYPE_PREFERENCES_DIALOG (epistle_preferences_dialog_get_type ())
G_DECLARE_FINAL_TYPE (EpistlePreferencesDialog, epistle_preferences_dialog, EPISTLE, PREFERENCES_DIALOG, AdwPreferencesDialog)

AdwDialog *epistle_preferences_dialog_new (GSettings *settings);

G_END_DECLS
