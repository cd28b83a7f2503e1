/* SPDX-License-Identifier: GPL-3.0-or-later
 * epistle-window-spelling.c — the window's side of spelling: the language
 * and the document's words for the open file, the right-click menu, the
 * status-area menu and the misspelling actions. */

#include "config.h"

#include <glib/gi18n.h>

#include "epistle-application.h"
#include "epistle-spell-scan.h"
#include "epistle-window-private.h"

/* How much of the text the front matter may take. */
#define FRONT_MATTER_CHARS 4096

static EpistleSpellChecker *
get_checker (EpistleWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  static EpistleSpellChecker *fallback;

  if (EPISTLE_IS_APPLICATION (app))
    return epistle_application_get_spell_checker (EPISTLE_APPLICATION (app));
  /* A window without the application (some tests): one checker still. */
  if (fallback == NULL)
    fallback = epistle_spell_checker_new ();
  return fallback;
}

static EpistleDocState *
get_doc_state (EpistleWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  return EPISTLE_IS_APPLICATION (app) ? epistle_application_get_doc_state (EPISTLE_APPLICATION (app)) : NULL;
}

static void
doc_state_changed (EpistleWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (EPISTLE_IS_APPLICATION (app))
    epistle_application_doc_state_changed (EPISTLE_APPLICATION (app));
}

/* Remembers the language and the on/off choice with the document. */
static void
remember_choices (EpistleWindow *self)
{
  EpistleDocState *state = get_doc_state (self);

  if (state == NULL || self->spell_uri == NULL)
    return;
  epistle_doc_state_set_string (state, self->spell_uri, "spell-language", self->spell_remembered);
  epistle_doc_state_set_boolean (state, self->spell_uri, "spell-enabled",
                                 epistle_spell_adapter_get_enabled (self->spell));
  doc_state_changed (self);
}

static void
save_document_words (EpistleWindow *self)
{
  GFile *file = epistle_document_get_file (self->document);
  g_autofree char *path = NULL;
  g_autofree char *words_path = NULL;
  g_autoptr(GError) error = NULL;

  if (file == NULL || (path = g_file_get_path (file)) == NULL)
    return;
  words_path = epistle_word_list_path_for_document (path);
  if (!epistle_word_list_save (epistle_spell_adapter_get_document_words (self->spell), words_path, &error))
    {
      g_autofree char *message = g_strdup_printf (_("Could not save the document’s words: %s"), error->message);
      _epistle_window_toast (self, message);
    }
}

static void
update_language_menu (EpistleWindow *self)
{
  GPtrArray *languages = self->spell_languages;
  const char *lang = epistle_spell_adapter_get_language (self->spell);
  g_autofree char *name = NULL;

  g_menu_remove_all (self->spelling_languages);
  for (guint i = 0; languages != NULL && i < languages->len; i++)
    {
      EpistleSpellLanguage *language = g_ptr_array_index (languages, i);
      g_autoptr(GMenuItem) item = g_menu_item_new (language->name, NULL);

      g_menu_item_set_action_and_target (item, "win.spelling-language", "s", language->code);
      g_menu_append_item (self->spelling_languages, item);
    }

  if (!epistle_spell_adapter_get_enabled (self->spell))
    gtk_menu_button_set_label (self->spelling_button, _("Spelling Off"));
  else if (lang == NULL)
    gtk_menu_button_set_label (self->spelling_button, _("No Dictionary"));
  else
    {
      name = epistle_spell_language_name (lang);
      gtk_menu_button_set_label (self->spelling_button, name);
    }
}

static void
sync_actions (EpistleWindow *self)
{
  const char *lang = epistle_spell_adapter_get_language (self->spell);

  g_action_group_change_action_state (G_ACTION_GROUP (self), "check-spelling",
                                      g_variant_new_boolean (epistle_spell_adapter_get_enabled (self->spell)));
  g_simple_action_set_state (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self), "spelling-language")),
                             g_variant_new_string (lang != NULL ? lang : ""));
  update_language_menu (self);
}

typedef struct {
  EpistleSpellChecker *checker;
  char                *front;
  char                *remembered;
  char                *preferred;
  char                *lang;          /* out */
  gboolean             front_missing; /* out */
  GPtrArray           *languages;     /* out */
} LanguageJob;

static void
language_job_free (LanguageJob *job)
{
  g_clear_object (&job->checker);
  g_free (job->front);
  g_free (job->remembered);
  g_free (job->preferred);
  g_free (job->lang);
  g_clear_pointer (&job->languages, g_ptr_array_unref);
  g_free (job);
}

/* Loading a hunspell dictionary takes tens of milliseconds: not on the
 * main loop, and not before the first frame. */
static void
language_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  LanguageJob *job = task_data;
  g_autofree char *front_code = NULL;

  job->lang = epistle_spell_checker_choose_language (job->checker, job->front, job->remembered, job->preferred);
  front_code = job->front != NULL ? epistle_spell_checker_resolve_language (job->checker, job->front) : NULL;
  job->front_missing = job->front != NULL && front_code == NULL;
  job->languages = epistle_spell_checker_list_languages (job->checker);
  g_task_return_boolean (task, TRUE);
}

static gboolean
run_language_job (gpointer data)
{
  GTask *task = data;
  EpistleWindow *self = g_task_get_source_object (task);

  /* Closed, or another choice asked for, meanwhile: nothing to load (and
   * no worker left in a dictionary library as the program exits). */
  if (self->spell == NULL || g_task_get_task_data (task) != self->spell_job)
    g_task_return_boolean (task, FALSE);
  else
    g_task_run_in_thread (task, language_thread);
  return G_SOURCE_REMOVE;
}

static void
language_done (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  EpistleWindow *self = EPISTLE_WINDOW (object);
  LanguageJob *job = g_task_get_task_data (G_TASK (result));

  if (self->spell == NULL || g_task_get_task_data (G_TASK (result)) != self->spell_job)
    return;   /* the window closed, or a newer choice is on its way */
  self->spell_job = NULL;

  g_clear_pointer (&self->spell_languages, g_ptr_array_unref);
  self->spell_languages = g_steal_pointer (&job->languages);
  g_clear_pointer (&self->spell_missing, g_free);
  if (job->front_missing)
    self->spell_missing = g_strdup (job->front);
  else if (job->lang == NULL)
    self->spell_missing = g_strdup (job->preferred[0] != '\0' ? job->preferred : g_get_language_names ()[0]);
  epistle_spell_adapter_set_language (self->spell, job->lang);
  sync_actions (self);
  _epistle_window_update_banner (self);
}

/* Language and document words for the document now in the window. */
void
_epistle_window_spelling_document_changed (EpistleWindow *self)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (epistle_document_get_buffer (self->document));
  EpistleWordList *words = epistle_spell_adapter_get_document_words (self->spell);
  GFile *file = epistle_document_get_file (self->document);
  g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;
  g_autofree char *head = NULL;
  g_autoptr(GTask) task = NULL;
  LanguageJob *job;
  GtkTextIter start, end;

  /* What was chosen for this document the last time it was open. */
  g_clear_pointer (&self->spell_uri, g_free);
  self->spell_uri = file != NULL ? g_file_get_uri (file) : NULL;
  if (self->spell_uri != NULL && get_doc_state (self) != NULL)
    {
      EpistleDocState *state = get_doc_state (self);
      gboolean enabled = epistle_doc_state_get_boolean (state, self->spell_uri, "spell-enabled", TRUE);

      g_free (self->spell_remembered);
      self->spell_remembered = epistle_doc_state_get_string (state, self->spell_uri, "spell-language");
      epistle_spell_adapter_set_enabled (self->spell, enabled);
      g_action_group_change_action_state (G_ACTION_GROUP (self), "check-spelling", g_variant_new_boolean (enabled));
    }

  if (path != NULL)
    {
      g_autofree char *words_path = epistle_word_list_path_for_document (path);
      g_autoptr(GError) error = NULL;

      if (!epistle_word_list_load (words, words_path, &error))
        {
          g_autofree char *message = g_strdup_printf (_("Could not read the document’s words: %s"), error->message);
          _epistle_window_toast (self, message);
        }
    }

  gtk_text_buffer_get_start_iter (buffer, &start);
  gtk_text_buffer_get_iter_at_offset (buffer, &end, FRONT_MATTER_CHARS);
  head = gtk_text_buffer_get_slice (buffer, &start, &end, TRUE);

  job = g_new0 (LanguageJob, 1);
  job->checker = g_object_ref (get_checker (self));
  job->front = epistle_spell_scan_front_matter_lang (head, -1);
  g_set_str (&self->spell_front, job->front);
  job->remembered = g_strdup (self->spell_remembered);
  job->preferred = g_settings_get_string (self->settings, "spell-language");
  self->spell_job = job;

  task = g_task_new (self, NULL, language_done, NULL);
  g_task_set_source_tag (task, _epistle_window_spelling_document_changed);
  g_task_set_task_data (task, job, (GDestroyNotify) language_job_free);
  /* A window still to be shown: its first frame before the dictionary,
   * whose loading would take a core from it. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    g_idle_add_full (G_PRIORITY_LOW, run_language_job, g_steal_pointer (&task), g_object_unref);
  else
    g_task_run_in_thread (task, language_thread);
}

/* Saved under a new name: what was chosen for the old name (or for the
 * untitled document) goes with the new one. */
void
_epistle_window_spelling_renamed (EpistleWindow *self)
{
  GFile *file = epistle_document_get_file (self->document);
  g_autofree char *uri = file != NULL ? g_file_get_uri (file) : NULL;
  EpistleDocState *state = get_doc_state (self);

  if (uri != NULL && state != NULL && g_strcmp0 (uri, self->spell_uri) != 0)
    {
      if (self->spell_uri != NULL)
        epistle_doc_state_copy (state, self->spell_uri, uri);
      else
        {
          g_set_str (&self->spell_uri, uri);
          remember_choices (self);
        }
      doc_state_changed (self);
    }
  _epistle_window_spelling_document_changed (self);
}

/* The front matter's lang: may have been edited: choose again if so. */
static gboolean
front_matter_timeout (gpointer user_data)
{
  EpistleWindow *self = user_data;
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (epistle_document_get_buffer (self->document));
  g_autofree char *head = NULL;
  g_autofree char *front = NULL;
  GtkTextIter start, end;

  self->spell_front_source = 0;
  gtk_text_buffer_get_start_iter (buffer, &start);
  gtk_text_buffer_get_iter_at_offset (buffer, &end, FRONT_MATTER_CHARS);
  head = gtk_text_buffer_get_slice (buffer, &start, &end, TRUE);
  front = epistle_spell_scan_front_matter_lang (head, -1);
  if (g_strcmp0 (front, self->spell_front) != 0 && !epistle_document_get_loading (self->document))
    _epistle_window_spelling_document_changed (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_front_matter_check (EpistleWindow *self,
                             int            offset)
{
  if (offset > FRONT_MATTER_CHARS || epistle_document_get_loading (self->document))
    return;
  g_clear_handle_id (&self->spell_front_source, g_source_remove);
  self->spell_front_source = g_timeout_add (500, front_matter_timeout, self);
}

static void
on_insert_text (GtkTextBuffer *buffer,
                GtkTextIter   *location,
                const char    *text,
                int            length,
                EpistleWindow *self)
{
  schedule_front_matter_check (self, gtk_text_iter_get_offset (location));
}

static void
on_delete_range (GtkTextBuffer *buffer,
                 GtkTextIter   *start,
                 GtkTextIter   *end,
                 EpistleWindow *self)
{
  schedule_front_matter_check (self, gtk_text_iter_get_offset (start));
}

/* TRUE while the document's language is being chosen. */
gboolean
_epistle_window_spelling_choosing (EpistleWindow *self)
{
  return self->spell_job != NULL;
}

char *
_epistle_window_spelling_banner (EpistleWindow *self)
{
  g_autoptr(GPtrArray) languages = NULL;
  g_autoptr(GString) names = NULL;
  g_autofree char *wanted = NULL;

  if (self->spell_missing == NULL || !epistle_spell_adapter_get_enabled (self->spell))
    return NULL;
  languages = self->spell_languages != NULL ? g_ptr_array_ref (self->spell_languages)
                                            : g_ptr_array_new ();
  names = g_string_new (NULL);
  for (guint i = 0; i < languages->len; i++)
    {
      if (i > 0)
        g_string_append (names, ", ");
      g_string_append (names, ((EpistleSpellLanguage *) g_ptr_array_index (languages, i))->name);
    }
  wanted = epistle_spell_language_name (self->spell_missing);
  if (languages->len == 0)
    return g_strdup_printf (_("No spelling dictionary for %s is installed, nor any other"), wanted);
  if (epistle_spell_adapter_get_language (self->spell) != NULL)
    {
      g_autofree char *used = epistle_spell_language_name (epistle_spell_adapter_get_language (self->spell));

      return g_strdup_printf (_("No spelling dictionary for %s; checking in %s. Installed: %s"),
                              wanted, used, names->str);
    }
  return g_strdup_printf (_("No spelling dictionary for %s. Installed: %s"), wanted, names->str);
}

/* ------------------------------------------------------------ actions ---- */

static void
move_to_misspelling (EpistleWindow *self,
                     gboolean       forward)
{
  if (!epistle_spell_adapter_move_to_misspelling (self->spell, forward))
    _epistle_window_toast (self, epistle_spell_adapter_get_busy (self->spell)
                                 ? _("Still checking the spelling…") : _("No misspellings"));
}

static void
action_next_misspelling (GSimpleAction *action,
                         GVariant      *param,
                         gpointer       user_data)
{
  move_to_misspelling (user_data, TRUE);
}

static void
action_previous_misspelling (GSimpleAction *action,
                             GVariant      *param,
                             gpointer       user_data)
{
  move_to_misspelling (user_data, FALSE);
}

static void
action_check_spelling (GSimpleAction *action,
                       GVariant      *state,
                       gpointer       user_data)
{
  EpistleWindow *self = user_data;

  if (g_variant_get_boolean (state) == epistle_spell_adapter_get_enabled (self->spell))
    {
      g_simple_action_set_state (action, state);
      return;
    }
  g_simple_action_set_state (action, state);
  epistle_spell_adapter_set_enabled (self->spell, g_variant_get_boolean (state));
  remember_choices (self);
  update_language_menu (self);
  _epistle_window_update_banner (self);
}

static void
action_spelling_language (GSimpleAction *action,
                          GVariant      *state,
                          gpointer       user_data)
{
  EpistleWindow *self = user_data;
  const char *code = g_variant_get_string (state, NULL);
  g_autofree char *resolved = epistle_spell_checker_resolve_language (get_checker (self), code);

  if (resolved == NULL)
    return;
  g_simple_action_set_state (action, g_variant_new_string (resolved));
  g_set_str (&self->spell_remembered, resolved);
  g_clear_pointer (&self->spell_missing, g_free);
  epistle_spell_adapter_set_language (self->spell, resolved);
  epistle_spell_adapter_set_enabled (self->spell, TRUE);
  remember_choices (self);
  sync_actions (self);
  _epistle_window_update_banner (self);
}

/* The word the right-click menu is about, between two marks. */
static char *
menu_word (EpistleWindow *self)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (epistle_document_get_buffer (self->document));
  GtkTextIter start, end;

  if (self->spell_word_start == NULL)
    return NULL;
  gtk_text_buffer_get_iter_at_mark (buffer, &start, self->spell_word_start);
  gtk_text_buffer_get_iter_at_mark (buffer, &end, self->spell_word_end);
  return gtk_text_iter_get_slice (&start, &end);
}

static void
action_spelling_correct (GSimpleAction *action,
                         GVariant      *param,
                         gpointer       user_data)
{
  EpistleWindow *self = user_data;
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (epistle_document_get_buffer (self->document));
  GtkTextIter start, end;

  if (self->spell_word_start == NULL)
    return;
  gtk_text_buffer_get_iter_at_mark (buffer, &start, self->spell_word_start);
  gtk_text_buffer_get_iter_at_mark (buffer, &end, self->spell_word_end);
  /* One undo step. */
  gtk_text_buffer_begin_user_action (buffer);
  gtk_text_buffer_delete (buffer, &start, &end);
  gtk_text_buffer_insert (buffer, &start, g_variant_get_string (param, NULL), -1);
  gtk_text_buffer_end_user_action (buffer);
}

static void
action_spelling_add (GSimpleAction *action,
                     GVariant      *param,
                     gpointer       user_data)
{
  EpistleWindow *self = user_data;
  const char *word = g_variant_get_string (param, NULL);
  EpistleSpellChecker *checker = get_checker (self);
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (*word == '\0')
    return;
  if (epistle_word_list_add (epistle_spell_checker_get_personal (checker), word, -1) &&
      EPISTLE_IS_APPLICATION (app))
    epistle_application_save_personal_words (EPISTLE_APPLICATION (app));
}

static void
action_spelling_add_document (GSimpleAction *action,
                              GVariant      *param,
                              gpointer       user_data)
{
  EpistleWindow *self = user_data;
  const char *word = g_variant_get_string (param, NULL);

  if (*word != '\0' && epistle_word_list_add (epistle_spell_adapter_get_document_words (self->spell), word, -1))
    save_document_words (self);
}

static void
action_spelling_ignore (GSimpleAction *action,
                        GVariant      *param,
                        gpointer       user_data)
{
  EpistleWindow *self = user_data;
  const char *word = g_variant_get_string (param, NULL);

  if (*word != '\0')
    epistle_word_list_add (epistle_spell_adapter_get_ignored (self->spell), word, -1);
}

/* ------------------------------------------------------- context menu ---- */

/* Fills the view's extra menu for the misspelling at @iter, if any. */
static void
fill_context_menu_at (EpistleWindow     *self,
                      const GtkTextIter *iter)
{
  GtkTextView *view = GTK_TEXT_VIEW (self->view);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  g_autoptr(GMenu) suggestions = g_menu_new ();
  g_autoptr(GMenu) commands = g_menu_new ();
  g_auto(GStrv) list = NULL;
  g_autofree char *word = NULL;
  GtkTextIter start, end;

  g_menu_remove_all (self->spell_menu);
  if (!epistle_spell_adapter_get_word_at (self->spell, iter, &start, &end))
    return;

  if (self->spell_word_start == NULL)
    {
      self->spell_word_start = gtk_text_buffer_create_mark (buffer, NULL, &start, TRUE);
      self->spell_word_end = gtk_text_buffer_create_mark (buffer, NULL, &end, FALSE);
    }
  gtk_text_buffer_move_mark (buffer, self->spell_word_start, &start);
  gtk_text_buffer_move_mark (buffer, self->spell_word_end, &end);

  word = menu_word (self);
  /* Suggestions take a few milliseconds with hunspell: once, on demand. */
  list = epistle_spell_checker_suggest (get_checker (self), epistle_spell_adapter_get_language (self->spell), word, -1);
  for (guint i = 0; list[i] != NULL; i++)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (list[i], NULL);

      g_menu_item_set_action_and_target (item, "win.spelling-correct", "s", list[i]);
      g_menu_append_item (suggestions, item);
    }
  if (list[0] == NULL)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (_("No Suggestions"), "win.spelling-none");
      g_menu_append_item (suggestions, item);
    }

  {
    g_autoptr(GMenuItem) add = g_menu_item_new (_("_Add to Dictionary"), NULL);
    g_autoptr(GMenuItem) add_doc = g_menu_item_new (_("Add to This _Document’s Words"), NULL);
    g_autoptr(GMenuItem) ignore = g_menu_item_new (_("_Ignore All"), NULL);

    g_menu_item_set_action_and_target (add, "win.spelling-add", "s", word);
    g_menu_item_set_action_and_target (add_doc, "win.spelling-add-document", "s", word);
    g_menu_item_set_action_and_target (ignore, "win.spelling-ignore", "s", word);
    g_menu_append_item (commands, add);
    g_menu_append_item (commands, add_doc);
    g_menu_append_item (commands, ignore);
  }
  g_menu_append_section (self->spell_menu, NULL, G_MENU_MODEL (suggestions));
  g_menu_append_section (self->spell_menu, NULL, G_MENU_MODEL (commands));
}

static void
fill_context_menu (EpistleWindow *self,
                   double         x,
                   double         y)
{
  GtkTextView *view = GTK_TEXT_VIEW (self->view);
  GtkTextIter iter;
  int bx, by;

  gtk_text_view_window_to_buffer_coords (view, GTK_TEXT_WINDOW_WIDGET, x, y, &bx, &by);
  gtk_text_view_get_iter_at_location (view, &iter, bx, by);
  fill_context_menu_at (self, &iter);
}

/* Shift+F10 and the Menu key: the same menu, for the word at the cursor. */
static gboolean
on_menu_key (GtkWidget *widget,
             GVariant  *args,
             gpointer   user_data)
{
  EpistleWindow *self = user_data;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->view));
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_mark (buffer, &iter, gtk_text_buffer_get_insert (buffer));
  fill_context_menu_at (self, &iter);
  gtk_widget_activate_action (widget, "menu.popup", NULL);
  return TRUE;
}

static void
on_right_click (GtkGestureClick *gesture,
                int              n_press,
                double           x,
                double           y,
                EpistleWindow   *self)
{
  fill_context_menu (self, x, y);
}

/* What the menu key at the cursor puts in the menu (tests). */
GMenuModel *
_epistle_window_spelling_menu_at_cursor (EpistleWindow *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->view));
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_mark (buffer, &iter, gtk_text_buffer_get_insert (buffer));
  fill_context_menu_at (self, &iter);
  return G_MENU_MODEL (self->spell_menu);
}

static void
action_show_misspellings (GSimpleAction *action,
                          GVariant      *param,
                          gpointer       user_data)
{
  EpistleWindow *self = user_data;

  if (!_epistle_window_misspellings_popup (self))
    _epistle_window_toast (self, epistle_spell_adapter_get_enabled (self->spell)
                                 ? _("No spelling dictionary") : _("Spelling is off"));
}

/* What a right-click at (@x, @y) of the view puts in its menu (tests). */
GMenuModel *
_epistle_window_spelling_menu_at (EpistleWindow *self,
                                  double         x,
                                  double         y)
{
  fill_context_menu (self, x, y);
  return G_MENU_MODEL (self->spell_menu);
}

void
_epistle_window_init_spelling (EpistleWindow *self)
{
  static const GActionEntry entries[] = {
    { "next-misspelling", action_next_misspelling },
    { "previous-misspelling", action_previous_misspelling },
    { "check-spelling", NULL, NULL, "true", action_check_spelling },
    { "spelling-language", NULL, "s", "''", action_spelling_language },
    { "spelling-correct", action_spelling_correct, "s" },
    { "spelling-add", action_spelling_add, "s" },
    { "spelling-add-document", action_spelling_add_document, "s" },
    { "spelling-ignore", action_spelling_ignore, "s" },
    { "show-misspellings", action_show_misspellings },
  };
  GtkEventController *keys;
  GtkGesture *click;

  g_action_map_add_action_entries (G_ACTION_MAP (self), entries, G_N_ELEMENTS (entries), self);
  self->spell = epistle_spell_adapter_new (GTK_TEXT_VIEW (self->view), get_checker (self));

  self->spell_menu = g_menu_new ();
  gtk_text_view_set_extra_menu (GTK_TEXT_VIEW (self->view), G_MENU_MODEL (self->spell_menu));
  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
  g_signal_connect (click, "pressed", G_CALLBACK (on_right_click), self);
  gtk_widget_add_controller (GTK_WIDGET (self->view), GTK_EVENT_CONTROLLER (click));
  keys = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
                                        gtk_shortcut_new (gtk_alternative_trigger_new (gtk_keyval_trigger_new (GDK_KEY_F10, GDK_SHIFT_MASK),
                                                                                       gtk_keyval_trigger_new (GDK_KEY_Menu, 0)),
                                                          gtk_callback_action_new (on_menu_key, self, NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self->view), keys);

  g_signal_connect_object (epistle_document_get_buffer (self->document), "insert-text",
                           G_CALLBACK (on_insert_text), self, G_CONNECT_AFTER);
  g_signal_connect_object (epistle_document_get_buffer (self->document), "delete-range",
                           G_CALLBACK (on_delete_range), self, 0);

  update_language_menu (self);
}

void
_epistle_window_dispose_spelling (EpistleWindow *self)
{
  g_clear_handle_id (&self->spell_front_source, g_source_remove);
  g_clear_pointer (&self->spell_uri, g_free);
  g_clear_pointer (&self->spell_front, g_free);
  g_clear_object (&self->spell);
  g_clear_object (&self->spell_menu);
  g_clear_pointer (&self->spell_missing, g_free);
  g_clear_pointer (&self->spell_remembered, g_free);
  g_clear_pointer (&self->spell_languages, g_ptr_array_unref);
  self->spell_job = NULL;
}
