/* SPDX-License-Identifier: GPL-3.0-or-later
 * epistle-application.h — the application: windows, settings, the draft
 * store and the session that brings unsaved work back after a crash. */
#pragma once

#include <adwaita.h>

#include "epistle-doc-state.h"
#include "epistle-drafts.h"
#include "epistle-library.h"
#include "epistle-spell-checker.h"
#include "epistle-window.h"

G_BEGIN_DECLS

#define EPISTLE_TYPE_APPLICATION (epistle_application_get_type ())
G_DECLARE_FINAL_TYPE (EpistleApplication, epistle_application, EPISTLE, APPLICATION, AdwApplication)

/* Registers the GResource bundle once; every class with a template calls it. */
void                epistle_ui_register_resources      (void);
/* Before GTK opens the display: leaves GL alone when the environment
 * forces the cairo renderer (GSK_RENDERER=cairo). */
void                epistle_ui_prepare_environment     (void);
/* Before the application starts (main()): GTK's settings are to be created
 * with libadwaita's empty stand-in theme, not with GTK's own theme, which
 * libadwaita would replace at once. Then, before libadwaita starts: creates
 * the settings so, and restores the environment. */
void                epistle_ui_prepare_theme           (void);
void                epistle_ui_settle_theme            (void);

EpistleApplication *epistle_application_new            (void);
GSettings          *epistle_application_get_settings   (EpistleApplication *self);
EpistleDraftStore  *epistle_application_get_drafts     (EpistleApplication *self);
EpistleLibrary     *epistle_application_get_library    (EpistleApplication *self,
                                                        GError            **error);
char               *epistle_application_take_library_moved_aside (EpistleApplication *self);
/* The spell checker all windows share, with the personal words loaded. */
EpistleSpellChecker *epistle_application_get_spell_checker   (EpistleApplication *self);
/* Writes the personal words back to their file. */
void                 epistle_application_save_personal_words (EpistleApplication *self);
/* What is remembered about each document (its spelling language…), and
 * the call that writes it back soon after a change. */
EpistleDocState     *epistle_application_get_doc_state       (EpistleApplication *self);
void                 epistle_application_doc_state_changed   (EpistleApplication *self);
/* Records the open documents in the session file (debounced). */
void                epistle_application_session_changed (EpistleApplication *self);
/* A window's "save changes?" was cancelled: the application keeps running. */
void                epistle_application_quit_cancelled (EpistleApplication *self);
/* The window showing @file, if any. */
EpistleWindow      *epistle_application_find_window    (EpistleApplication *self,
                                                        GFile              *file);
/* Opens @file in its own window, or presents the window that has it. */
EpistleWindow      *epistle_application_open_file      (EpistleApplication *self,
                                                        GFile              *file);

G_END_DECLS
