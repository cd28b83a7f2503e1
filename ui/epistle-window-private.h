/* SPDX-License-Identifier: GPL-3.0-or-later
 * epistle-window-private.h — the window's instance struct, shared by the
 * files that implement it by concern (core, statistics, find and go to). */
#pragma once

#include <gtksourceview/gtksource.h>

#include "epistle-history-pane.h"
#include "epistle-smart-punctuation.h"
#include "epistle-library-pane.h"
#include "epistle-outline-pane.h"
#include "epistle-spell-adapter.h"
#include "epistle-text.h"
#include "epistle-version-view.h"
#include "epistle-window.h"

G_BEGIN_DECLS

#define LARGE_DOCUMENT_BYTES (256 * 1024)

typedef enum {
  BANNER_NONE,
  BANNER_LOAD_ERROR,
  BANNER_CHANGED_ON_DISK,
  BANNER_DELETED_ON_DISK,
  BANNER_SAVE_ERROR,
  BANNER_UNREPRESENTABLE,
  BANNER_READ_ONLY,
  BANNER_RECOVERED,
  BANNER_ENCODING,
  BANNER_NEW_FILE,
  BANNER_SPELLING,
} BannerKind;

struct _EpistleWindow
{
  AdwApplicationWindow     parent_instance;

  /* template */
  AdwToastOverlay         *toast_overlay;
  AdwWindowTitle          *window_title;
  GtkWidget               *modified_dot;
  AdwBanner               *banner;
  GtkRevealer             *search_revealer;
  GtkSearchEntry          *search_entry;
  GtkLabel                *search_count;
  GtkToggleButton         *replace_toggle;
  GtkEntry                *replace_entry;
  GtkCheckButton          *case_check;
  GtkCheckButton          *word_check;
  GtkCheckButton          *regex_check;
  AdwOverlaySplitView     *outline_split;
  EpistleOutlinePane      *outline_pane;
  AdwOverlaySplitView     *sidebar_split;
  AdwViewStack            *sidebar_stack;
  AdwBin                  *library_slot;
  EpistleLibraryPane      *library_pane;      /* NULL until first needed */
  EpistleHistoryPane      *history_pane;
  GtkStack                *content_stack;
  EpistleVersionView      *version_view;
  EpistleView             *view;
  GtkLabel                *stats_label;
  GtkInscription          *position_label;
  GtkMenuButton           *spelling_button;
  GtkMenuButton           *menu_button;
  GMenuModel              *primary_menu;
  GMenuModel              *spelling_menu;
  GtkMenuButton           *misspellings_button;
  GtkLabel                *misspellings_count;
  GtkPopover              *misspellings_popover;
  GtkLabel                *misspellings_title;
  GtkStack                *misspellings_stack;
  GtkListView             *misspellings_list;
  GtkLabel                *misspellings_empty;
  GMenu                   *spelling_languages;
  GMenu                   *recent_section;
  GMenu                   *view_menu;        /* the editor's extra menu */
  AdwToast                *library_undo_toast;  /* weak: the last "deleted" toast */
  char                    *library_notice;      /* the last word about the library's file */

  EpistleDocument         *document;
  GSettings               *settings;
  EpistleSmartPunctuation *smart_punctuation;
  GtkSourceSearchSettings *search_settings;
  GtkSourceSearchContext  *search_context;
  GtkSourceStyleSchemeManager *schemes;

  /* banners */
  BannerKind               banner_kind;
  char                    *load_error;
  char                    *save_error;
  gboolean                 save_error_offers_save_as;
  char                    *encoding_notice;
  gboolean                 recovered;
  gboolean                 encoding_dismissed;
  gboolean                 new_file_dismissed;

  /* statistics, computed in a worker */
  guint                    stats_source;
  guint                    position_source;   /* the line and column, once typing pauses */
  guint64                  position_serial;   /* the text's change serial at the last cursor move */
  guint                    stats_generation;
  GCancellable            *stats_cancellable;  /* the text being copied for counting */
  guint64                  stats_serial;      /* change serial the document figures are for */
  EpistleTextStats         doc_stats;
  gboolean                 doc_stats_valid;
  char                    *stats_text;

  /* drafts */
  guint                    draft_source;
  char                    *draft_writing_id;  /* non-NULL while a draft write runs */
  gboolean                 draft_dirty;
  char                    *pending_draft;     /* recovered text to put over the loaded file */
  gint64                   pending_cursor;
  gboolean                 close_confirmed;
  gboolean                 pristine;
  guint                    recent_source;
  gboolean                 present_waiting;  /* to be shown once its text is in */
  guint                    present_source;   /* shows it then, or if loading is slow */
  gulong                   present_handler;  /* on the buffer: its first page is in */

  /* spelling */
  EpistleSpellAdapter     *spell;
  GMenu                   *spell_menu;        /* the view's right-click extra menu */
  GtkTextMark             *spell_word_start;  /* the word that menu is about      */
  GtkTextMark             *spell_word_end;
  char                    *spell_missing;     /* a language asked for and not installed */
  char                    *spell_remembered;  /* the language chosen for this document  */
  gboolean                 spell_dismissed;
  gpointer                 spell_job;         /* the language choice in a worker */
  GPtrArray               *spell_languages;   /* installed, EpistleSpellLanguage */
  char                    *spell_uri;         /* the document these settings are for */
  char                    *spell_front;       /* the front matter's lang: when last read */
  guint                    spell_front_source;
  GtkStringList           *misspellings_model;  /* distinct words, most frequent first */
  GHashTable              *misspellings_counts; /* word → count */
  guint                    misspellings_source;
  /* the count in the status area, taken a slice at a time */
  guint                    misspellings_count_source;
  int                      misspellings_count_offset;
  guint                    misspellings_count_partial;
  guint64                  misspellings_count_serial;

  /* history */
  EpistleHistory          *history;
  char                    *history_path;       /* the file the history is for */
  char                    *history_where;      /* what the pane says of its place */
  gboolean                 history_pane_unavailable;
  guint                    history_generation;
  guint                    history_jobs;       /* running in workers */
  GQueue                   history_queue;      /* Job: waiting for the one running */
  gboolean                 history_queue_busy;
  guint                    history_timer;
  guint64                  history_serial;     /* change serial at the last version */
  char                    *history_last_error;
  char                    *history_pending_message;   /* for the version after the save */
  char                    *history_pending_milestone;
  char                    *history_restore_after_save;  /* a version to restore once saved */
  gboolean                 history_pending_force;
  gboolean                 history_pending_explicit;
  gboolean                 history_save_as;
  gboolean                 history_opening;    /* a JOB_OPEN is queued or running */
  gboolean                 history_deferred;   /* opened at its first use, not at loading */
  gboolean                 history_disposed;
  char                    *shown_version;      /* the version the comparison is about */
  char                    *compare_old;        /* what is compared ("": see compare()) */
  char                    *compare_new;
  guint64                  compare_generation;
  guint64                  compare_buffer_serial;
  guint64                  compare_serial;     /* the buffer's serial the comparison is of */
  gboolean                 compare_against_current;
};

/* epistle-window.c */
void _epistle_window_toast                 (EpistleWindow *self,
                                            const char    *message);
void _epistle_window_update_banner         (EpistleWindow *self);
void _epistle_set_tooltip_text             (GtkWidget     *widget,
                                            const char    *text);

/* epistle-window-misspellings.c */
void        _epistle_window_init_misspellings         (EpistleWindow *self);
void        _epistle_window_dispose_misspellings      (EpistleWindow *self);
void        _epistle_window_misspellings_changed      (EpistleWindow *self);
gboolean    _epistle_window_misspellings_popup        (EpistleWindow *self);
gboolean    _epistle_window_misspellings_visit        (EpistleWindow *self,
                                                       const char    *word);

/* epistle-window-spelling.c */
void        _epistle_window_init_spelling             (EpistleWindow *self);
void        _epistle_window_dispose_spelling          (EpistleWindow *self);
void        _epistle_window_init_library              (EpistleWindow *self);
EpistleLibraryPane *_epistle_window_ensure_library_pane (EpistleWindow *self);
void        _epistle_window_dispose_library           (EpistleWindow *self);
void        _epistle_window_spelling_document_changed (EpistleWindow *self);
void        _epistle_window_spelling_renamed          (EpistleWindow *self);
char       *_epistle_window_spelling_banner           (EpistleWindow *self);
gboolean    _epistle_window_spelling_choosing         (EpistleWindow *self);
GMenuModel *_epistle_window_spelling_menu_at_cursor   (EpistleWindow *self);
GMenuModel *_epistle_window_spelling_menu_at          (EpistleWindow *self,
                                                       double         x,
                                                       double         y);

/* epistle-window-history.c */
void        _epistle_window_init_history              (EpistleWindow *self);
void        _epistle_window_dispose_history           (EpistleWindow *self);
void        _epistle_window_finalize_history          (EpistleWindow *self);
void        _epistle_window_history_document_changed  (EpistleWindow *self);
void        _epistle_window_history_save_as           (EpistleWindow *self);
void        _epistle_window_history_saved             (EpistleWindow *self);
void        _epistle_window_history_timer_fired       (EpistleWindow *self);

/* epistle-window-stats.c */
void _epistle_window_schedule_stats        (EpistleWindow *self,
                                            gboolean       text_changed);
void _epistle_window_update_position       (EpistleWindow *self);
void _epistle_window_position_typed        (EpistleWindow *self);
void _epistle_window_cursor_moved          (EpistleWindow *self);

/* epistle-window-search.c */
void _epistle_window_init_search           (EpistleWindow  *self);
void _epistle_window_class_init_search     (GtkWidgetClass *widget_class);
void _epistle_window_action_find           (GSimpleAction  *action,
                                            GVariant       *param,
                                            gpointer        user_data);
void _epistle_window_action_find_next      (GSimpleAction  *action,
                                            GVariant       *param,
                                            gpointer        user_data);
void _epistle_window_action_find_previous  (GSimpleAction  *action,
                                            GVariant       *param,
                                            gpointer        user_data);
void _epistle_window_action_replace        (GSimpleAction  *action,
                                            GVariant       *param,
                                            gpointer        user_data);
void _epistle_window_action_replace_all    (GSimpleAction  *action,
                                            GVariant       *param,
                                            gpointer        user_data);
void _epistle_window_action_goto_line      (GSimpleAction  *action,
                                            GVariant       *param,
                                            gpointer        user_data);
void _epistle_window_action_goto_line_number (GSimpleAction *action,
                                              GVariant      *param,
                                              gpointer       user_data);

G_END_DECLS
