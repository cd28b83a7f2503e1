/* SPDX-License-Identifier: GPL-3.0-or-later
 * epistle-application.c — windows, actions and accelerators, and the session
 * file that tells a crash from a clean quit so unsaved text comes back. */

#include "config.h"

#include <glib/gi18n.h>

#include "epistle-application.h"
#include "epistle-starter.h"
#include "epistle-resources.h"
#include "epistle-preferences-dialog.h"
#include "epistle-session.h"


#define ORPHAN_DRAFT_AGE (3 * 24 * 60 * 60)   /* seconds */

struct _EpistleApplication
{
  AdwApplication     parent_instance;

  GSettings         *settings;
  EpistleDraftStore *drafts;
  EpistleSession    *session;
  EpistleSpellChecker *spell_checker;
  EpistleDocState     *doc_state;
  EpistleLibrary      *library;
  char                *library_moved_aside;
  guint                doc_state_source;
  gboolean             doc_state_writing;
  gboolean             doc_state_dirty;
  guint              session_source;
  guint              collect_source;
  gboolean           session_handled;
  gboolean           session_writing;
  gboolean           session_dirty;
  gboolean           quitting;
};

G_DEFINE_FINAL_TYPE (EpistleApplication, epistle_application, ADW_TYPE_APPLICATION)

#define MAIN_THREAD_BUSY_MS 500
/* libadwaita's stand-in for GTK's theme (see epistle_ui_prepare_theme()). */
#define STAND_IN_THEME "Adwaita-empty"

/* ------------------------------------------------------------ session ---- */

/* Records the open windows in the session object. */
static void
epistle_application_capture_session (EpistleApplication *self,
                                     gboolean            clean)
{
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (self));

  /* After the last window closes keep the entries it left: they are the
   * documents to reopen next time. */
  if (windows != NULL)
    {
      epistle_session_clear_entries (self->session);
      /* gtk_application_get_windows() is most recently focused first;
       * store them oldest first so restoring keeps their order. */
      for (GList *l = g_list_last (windows); l != NULL; l = l->prev)
        {
          EpistleWindow *window;
          EpistleDocument *document;
          GFile *file;
          g_autofree char *uri = NULL;

          if (!EPISTLE_IS_WINDOW (l->data))
            continue;
          window = l->data;
          document = epistle_window_get_document (window);
          file = epistle_document_get_file (document);
          uri = file ? g_file_get_uri (file) : NULL;
          if (uri == NULL && epistle_document_get_draft_id (document) == NULL)
            continue;
          epistle_session_add_entry (self->session, uri,
                                     epistle_document_get_draft_id (document),
                                     epistle_window_get_cursor_offset (window),
                                     epistle_document_get_modified (document));
        }
    }

  epistle_session_set_clean (self->session, clean);
}

static void epistle_application_write_session (EpistleApplication *self);

static void
session_written (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(EpistleApplication) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!epistle_session_save_finish (result, &error))
    g_message ("Could not write the session file: %s", error->message);

  self->session_writing = FALSE;
  if (self->session_dirty)
    epistle_application_write_session (self);
}

/* Writes the session in a worker (its fsyncs must not stall typing), one
 * write at a time so that they land in order. */
static void
epistle_application_write_session (EpistleApplication *self)
{
  g_clear_handle_id (&self->session_source, g_source_remove);
  if (self->session == NULL)
    return;

  if (self->session_writing)
    {
      self->session_dirty = TRUE;
      return;
    }

  self->session_dirty = FALSE;
  self->session_writing = TRUE;
  epistle_application_capture_session (self, FALSE);
  epistle_session_save_async (self->session, NULL, session_written, g_object_ref (self));
}

static gboolean
session_timeout (gpointer user_data)
{
  EpistleApplication *self = user_data;

  self->session_source = 0;
  epistle_application_write_session (self);
  return G_SOURCE_REMOVE;
}

void
epistle_application_session_changed (EpistleApplication *self)
{
  g_return_if_fail (EPISTLE_IS_APPLICATION (self));

  if (!self->session_handled || self->session_source != 0)
    return;
  self->session_source = g_timeout_add (300, session_timeout, self);
}

static void
collect_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  guint n = epistle_draft_store_collect_finish (EPISTLE_DRAFT_STORE (object), result, &error);

  if (error != NULL)
    g_debug ("Collecting old drafts failed: %s", error->message);
  else if (n > 0)
    g_debug ("Collected %u orphaned drafts", n);
}

static gboolean
collect_orphans (gpointer user_data)
{
  EpistleApplication *self = user_data;
  g_autoptr(GPtrArray) keep = g_ptr_array_new_with_free_func (g_free);

  self->collect_source = 0;
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
    if (EPISTLE_IS_WINDOW (l->data))
      {
        const char *id = epistle_document_get_draft_id (epistle_window_get_document (l->data));
        if (id != NULL)
          g_ptr_array_add (keep, g_strdup (id));
      }
  g_ptr_array_add (keep, NULL);

  epistle_draft_store_collect_async (self->drafts, (const char * const *) keep->pdata,
                                     ORPHAN_DRAFT_AGE, NULL, collect_done, NULL);
  return G_SOURCE_REMOVE;
}

static EpistleWindow *
new_window (EpistleApplication *self)
{
  EpistleWindow *window = epistle_window_new (GTK_APPLICATION (self));
  return window;
}

/* Reopens what the last run had open.  After a crash every document comes
 * back with its draft; after a clean quit, only when the setting asks. */
static guint
epistle_application_restore_session (EpistleApplication *self,
                                     gboolean            files_requested)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *entries;
  gboolean crashed;
  guint restored = 0;

  if (!epistle_session_load (self->session, &error))
    g_warning ("The session file could not be read: %s", error->message);

  crashed = !epistle_session_get_clean (self->session);
  entries = epistle_session_get_entries (self->session);

  if (!crashed && (files_requested || !g_settings_get_boolean (self->settings, "restore-session")))
    return 0;

  for (guint i = 0; i < entries->len; i++)
    {
      EpistleSessionEntry *entry = g_ptr_array_index (entries, i);
      g_autoptr(GFile) file = entry->uri ? g_file_new_for_uri (entry->uri) : NULL;
      g_autofree char *draft = NULL;
      EpistleWindow *window;

      if (entry->draft_id != NULL)
        draft = epistle_draft_store_load (self->drafts, entry->draft_id, NULL, NULL);
      if (file == NULL && draft == NULL)
        continue;
      if (file != NULL && draft == NULL && !g_file_query_exists (file, NULL))
        continue;
      if (file != NULL && epistle_application_find_window (self, file) != NULL)
        continue;

      window = new_window (self);
      epistle_window_recover (window, file, draft ? entry->draft_id : NULL, draft, entry->cursor);
      epistle_window_present_when_loaded (window);
      restored++;
    }

  return restored;
}

static void
epistle_application_begin_session (EpistleApplication *self,
                                   gboolean            files_requested)
{
  guint restored;

  if (self->session_handled)
    return;

  restored = epistle_application_restore_session (self, files_requested);
  self->session_handled = TRUE;

  /* From now on a crash must be told from a clean quit. */
  epistle_application_write_session (self);
  if (restored == 0)
    g_debug ("No documents to restore");

  self->collect_source = g_timeout_add_seconds (10, collect_orphans, self);
}

/* --------------------------------------------------------- open/activate -- */

EpistleWindow *
epistle_application_find_window (EpistleApplication *self,
                                 GFile              *file)
{
  g_return_val_if_fail (EPISTLE_IS_APPLICATION (self), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
    {
      GFile *other;

      if (!EPISTLE_IS_WINDOW (l->data))
        continue;
      other = epistle_document_get_file (epistle_window_get_document (l->data));
      if (other != NULL && g_file_equal (other, file))
        return l->data;
    }
  return NULL;
}

EpistleWindow *
epistle_application_open_file (EpistleApplication *self,
                               GFile              *file)
{
  EpistleWindow *window;

  g_return_val_if_fail (EPISTLE_IS_APPLICATION (self), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  window = epistle_application_find_window (self, file);
  if (window == NULL)
    {
      window = new_window (self);
      epistle_window_load_file (window, file);
    }
  epistle_window_present_when_loaded (window);
  return window;
}

static void
epistle_application_activate (GApplication *app)
{
  EpistleApplication *self = EPISTLE_APPLICATION (app);
  GtkWindow *window;

  epistle_application_begin_session (self, FALSE);

  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (window == NULL)
    {
      window = GTK_WINDOW (new_window (self));
      epistle_window_new_letter (EPISTLE_WINDOW (window));
    }
  gtk_window_present (window);
}

static void
epistle_application_open (GApplication  *app,
                          GFile        **files,
                          int            n_files,
                          const char    *hint)
{
  EpistleApplication *self = EPISTLE_APPLICATION (app);

  epistle_application_begin_session (self, n_files > 0);
  for (int i = 0; i < n_files; i++)
    epistle_application_open_file (self, files[i]);
}

/* ------------------------------------------------------------ actions ---- */

static void
action_open_uri (GSimpleAction *action,
                 GVariant      *param,
                 gpointer       user_data)
{
  EpistleApplication *self = user_data;
  const char *arg = g_variant_get_string (param, NULL);
  g_autoptr(GFile) file = NULL;

  epistle_application_begin_session (self, TRUE);
  file = strstr (arg, "://") != NULL ? g_file_new_for_uri (arg) : g_file_new_for_commandline_arg (arg);
  epistle_application_open_file (self, file);
}

static void
action_new_letter (GSimpleAction *action,
                   GVariant      *param,
                   gpointer       user_data)
{
  EpistleApplication *self = user_data;
  EpistleWindow *window = new_window (self);

  epistle_window_new_letter (window);
  gtk_window_present (GTK_WINDOW (window));
}

/* The window dialogs belong to: the focused one, else any. */
static GtkWindow *
dialog_parent (EpistleApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (self));

  if (window == NULL && windows != NULL)
    window = windows->data;
  return window;
}

static void
action_preferences (GSimpleAction *action,
                    GVariant      *param,
                    gpointer       user_data)
{
  EpistleApplication *self = user_data;
  GtkWindow *window = dialog_parent (self);
  AdwDialog *dialog = epistle_preferences_dialog_new (self->settings);

  adw_dialog_present (dialog, window ? GTK_WIDGET (window) : NULL);
}

static void
action_about (GSimpleAction *action,
              GVariant      *param,
              gpointer       user_data)
{
  EpistleApplication *self = user_data;
  GtkWindow *window = dialog_parent (self);
  static const char *developers[] = { "The Epistle developers", NULL };
  AdwDialog *about;

  about = adw_about_dialog_new ();
  adw_about_dialog_set_application_name (ADW_ABOUT_DIALOG (about), _("Epistle"));
  adw_about_dialog_set_application_icon (ADW_ABOUT_DIALOG (about), APP_ID);
  adw_about_dialog_set_developer_name (ADW_ABOUT_DIALOG (about), _("The Epistle developers"));
  adw_about_dialog_set_version (ADW_ABOUT_DIALOG (about), PACKAGE_VERSION);
  adw_about_dialog_set_comments (ADW_ABOUT_DIALOG (about),
                                 _("Write long letters and manuscripts, with your sources at hand and every draft kept."));
  adw_about_dialog_set_website (ADW_ABOUT_DIALOG (about), "https://github.com/epistle-editor/epistle");
  adw_about_dialog_set_issue_url (ADW_ABOUT_DIALOG (about), "https://github.com/epistle-editor/epistle/issues");
  adw_about_dialog_set_license_type (ADW_ABOUT_DIALOG (about), GTK_LICENSE_GPL_3_0);
  adw_about_dialog_set_developers (ADW_ABOUT_DIALOG (about), developers);
  adw_about_dialog_set_copyright (ADW_ABOUT_DIALOG (about), "© 2026 The Epistle developers");
  adw_about_dialog_set_translator_credits (ADW_ABOUT_DIALOG (about), _("translator-credits"));
  adw_dialog_present (about, window ? GTK_WIDGET (window) : NULL);
}

static void
action_quit (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  EpistleApplication *self = user_data;
  g_autoptr(GList) windows = NULL;

  /* Remember what is open before the windows close one by one; each
   * window asks about its own unsaved changes. */
  epistle_application_write_session (self);
  self->quitting = TRUE;
  windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
}

void
epistle_application_quit_cancelled (EpistleApplication *self)
{
  g_return_if_fail (EPISTLE_IS_APPLICATION (self));

  /* Windows closed from now on are closed one by one, not by Quit. */
  self->quitting = FALSE;
}

static void
on_window_removed (EpistleApplication *self,
                   GtkWindow          *window)
{
  /* Closing one of several windows drops it from the session; the last
   * window closing is quitting, and leaves the list for next time. */
  if (gtk_application_get_windows (GTK_APPLICATION (self)) != NULL && !self->quitting)
    epistle_application_session_changed (self);
}

static void
on_window_added (EpistleApplication *self,
                 GtkWindow          *window)
{
  self->quitting = FALSE;
  epistle_application_session_changed (self);
}

/* ------------------------------------------------------------- styles ---- */

static gboolean
style_variant_to_color_scheme (GValue   *value,
                               GVariant *variant,
                               gpointer  user_data)
{
  const char *style = g_variant_get_string (variant, NULL);

  if (g_str_equal (style, "light"))
    g_value_set_enum (value, ADW_COLOR_SCHEME_FORCE_LIGHT);
  else if (g_str_equal (style, "dark"))
    g_value_set_enum (value, ADW_COLOR_SCHEME_FORCE_DARK);
  else
    g_value_set_enum (value, ADW_COLOR_SCHEME_DEFAULT);
  return TRUE;
}

/* ------------------------------------------------------------ lifecycle -- */

static void
epistle_application_startup (GApplication *app)
{
  EpistleApplication *self = EPISTLE_APPLICATION (app);
  static const GActionEntry entries[] = {
    { "open", action_open_uri, "s" },
    { "new-letter", action_new_letter },
    { "preferences", action_preferences },
    { "about", action_about },
    { "quit", action_quit },
  };
  static const struct { const char *action; const char *accels[3]; } accels[] = {
    { "app.new-letter", { "<Control>n", NULL } },
    { "app.preferences", { "<Control>comma", NULL } },
    { "app.quit", { "<Control>q", NULL } },
    { "win.open", { "<Control>o", NULL } },
    { "win.save", { "<Control>s", NULL } },
    { "win.save-as::", { "<Control><Shift>s", NULL } },
    { "win.close", { "<Control>w", NULL } },
    { "win.find", { "<Control>f", NULL } },
    { "win.find-replace", { "<Control>h", NULL } },
    { "win.find-next", { "<Control>g", NULL } },
    { "win.find-previous", { "<Control><Shift>g", NULL } },
    { "win.goto-line", { "<Control>i", "<Control>l", NULL } },
    { "win.show-outline", { "F9", NULL } },
    { "win.focus-outline", { "<Control><Shift>o", NULL } },
    { "win.show-sidebar", { "<Shift>F9", NULL } },
    { "win.focus-library", { "<Control><Shift>l", NULL } },
    { "win.add-selection-to-library", { "<Control><Alt>l", NULL } },
    { "win.show-help-overlay", { "<Control>question", NULL } },
    { "win.next-misspelling", { "F7", NULL } },
    { "win.previous-misspelling", { "<Shift>F7", NULL } },
    { "win.show-misspellings", { "<Control>F7", NULL } },
    { "win.save-version-dialog", { "<Control><Alt>s", NULL } },
    { "win.show-history", { "<Control><Alt>h", NULL } },
  };
  g_autoptr(GAction) smart = NULL;

  /* Before libadwaita starts (in the parent's start-up), which reads
   * GTK_THEME. */
  epistle_ui_settle_theme ();
  G_APPLICATION_CLASS (epistle_application_parent_class)->startup (app);
  gtk_source_init ();

  g_set_application_name (_("Epistle"));
  gtk_window_set_default_icon_name (APP_ID);

  self->settings = g_settings_new ("org.epistle.Epistle");
  self->drafts = epistle_draft_store_new (NULL);
  self->session = epistle_session_new (NULL);

  g_settings_bind_with_mapping (self->settings, "style-variant",
                                adw_style_manager_get_default (), "color-scheme",
                                G_SETTINGS_BIND_GET,
                                style_variant_to_color_scheme, NULL, NULL, NULL);

  g_action_map_add_action_entries (G_ACTION_MAP (self), entries, G_N_ELEMENTS (entries), self);
  smart = g_settings_create_action (self->settings, "smart-punctuation");
  g_action_map_add_action (G_ACTION_MAP (self), smart);

  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self), accels[i].action, accels[i].accels);

  g_signal_connect (self, "window-removed", G_CALLBACK (on_window_removed), NULL);
  g_signal_connect (self, "window-added", G_CALLBACK (on_window_added), NULL);
}

static void
epistle_application_shutdown (GApplication *app)
{
  EpistleApplication *self = EPISTLE_APPLICATION (app);

  /* A clean quit: say so, so the next start does not mistake it for a crash.
   * A write still running in the worker must land first. */
  if (self->session_handled)
    {
      gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
      g_autoptr(GError) error = NULL;

      g_clear_handle_id (&self->session_source, g_source_remove);
      while (self->session_writing && g_get_monotonic_time () < deadline)
        g_main_context_iteration (NULL, TRUE);
      epistle_application_capture_session (self, TRUE);
      if (!epistle_session_save (self->session, &error))
        g_message ("Could not write the session file: %s", error->message);
    }
  g_clear_handle_id (&self->collect_source, g_source_remove);

  /* A language chosen in the last moments is remembered all the same. */
  if (self->doc_state != NULL && (self->doc_state_source != 0 || self->doc_state_dirty))
    {
      g_autoptr(GError) error = NULL;

      g_clear_handle_id (&self->doc_state_source, g_source_remove);
      if (!epistle_doc_state_save (self->doc_state, &error))
        g_message ("Could not remember the documents' settings: %s", error->message);
    }

  G_APPLICATION_CLASS (epistle_application_parent_class)->shutdown (app);
}

static void
epistle_application_finalize (GObject *object)
{
  EpistleApplication *self = EPISTLE_APPLICATION (object);

  g_clear_object (&self->spell_checker);
  g_clear_handle_id (&self->doc_state_source, g_source_remove);
  g_clear_pointer (&self->doc_state, epistle_doc_state_free);
  g_clear_pointer (&self->library, epistle_library_free);
  g_free (self->library_moved_aside);
  g_clear_handle_id (&self->session_source, g_source_remove);
  g_clear_pointer (&self->session, epistle_session_free);
  g_clear_object (&self->drafts);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (epistle_application_parent_class)->finalize (object);
}

static void
epistle_application_class_init (EpistleApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = epistle_application_finalize;
  app_class->startup = epistle_application_startup;
  app_class->shutdown = epistle_application_shutdown;
  app_class->activate = epistle_application_activate;
  app_class->open = epistle_application_open;
}

static void
epistle_application_init (EpistleApplication *self)
{
}

void
epistle_ui_register_resources (void)
{
  static gsize once = 0;

  if (g_once_init_enter (&once))
    {
      epistle_register_resource ();
      g_once_init_leave (&once, 1);
    }
}

/* GDK sets up GL (EGL or GLX) as it opens an X11 display, to choose the
 * window visual for GL drawing, whatever renderer the windows then use.
 * When the environment forces GTK's cairo renderer (GSK_RENDERER=cairo: a
 * machine without a GPU, remote X, Xvfb), nothing ever draws with GL, and
 * that set-up is wasted; on such machines it is Mesa's software driver
 * starting threads and a shader cache, the largest single cost of start-up
 * (~95 ms of a 330 ms start under Xvfb). So GL is added to GDK_DISABLE in
 * that case; with GTK's own choice of renderer nothing changes. */
void
epistle_ui_prepare_environment (void)
{
  const char *renderer = g_getenv ("GSK_RENDERER");
  const char *disabled = g_getenv ("GDK_DISABLE");
  g_auto(GStrv) parts = NULL;
  g_autofree char *value = NULL;

  if (renderer == NULL || g_ascii_strcasecmp (renderer, "cairo") != 0)
    return;
  if (disabled == NULL || *disabled == '\0')
    {
      g_setenv ("GDK_DISABLE", "gl", TRUE);
      return;
    }
  parts = g_strsplit_set (disabled, ", ", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    if (g_ascii_strcasecmp (parts[i], "gl") == 0)
      return;
  value = g_strconcat (disabled, ",gl", NULL);
  g_setenv ("GDK_DISABLE", value, TRUE);
}

/* GTK's settings, when created, parse GTK's own default theme (a large
 * style sheet: ~20 ms of every start here), and libadwaita replaces that
 * theme at once with its empty stand-in, "Adwaita-empty", before it adds
 * its own style sheet. GTK_THEME names the theme for that first parse, so
 * it is set to the stand-in until the settings exist
 * (epistle_ui_settle_theme(), at start-up) and then removed again, for
 * libadwaita and for every program Epistle starts. A GTK_THEME the user
 * set is left as it is: libadwaita then leaves the styling to it. */
static gboolean theme_stand_in;

void
epistle_ui_prepare_theme (void)
{
  if (g_getenv ("GTK_THEME") != NULL)
    return;
  g_setenv ("GTK_THEME", STAND_IN_THEME, TRUE);
  theme_stand_in = TRUE;
}

void
epistle_ui_settle_theme (void)
{
  if (!theme_stand_in)
    return;
  theme_stand_in = FALSE;
  if (gtk_init_check ())
    gtk_settings_get_default ();
  g_unsetenv ("GTK_THEME");
}

EpistleApplication *
epistle_application_new (void)
{
  epistle_ui_register_resources ();
  return g_object_new (EPISTLE_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", RESOURCE_PATH,
                       NULL);
}

GSettings *
epistle_application_get_settings (EpistleApplication *self)
{
  g_return_val_if_fail (EPISTLE_IS_APPLICATION (self), NULL);
  return self->settings;
}

/* The quote library for the main thread's short calls (one quote read,
 * inserted, edited, deleted), opened the first time it is wanted — the
 * pane reads it on a connection of its own in a worker. */
EpistleLibrary *
epistle_application_get_library (EpistleApplication  *self,
                                 GError             **error)
{
  g_return_val_if_fail (EPISTLE_IS_APPLICATION (self), NULL);

  /* The main thread waits for another program's write lock half a second
   * at most (reads never wait, in WAL mode): then the user is told. */
  if (self->library == NULL)
    self->library = epistle_starter_open_library (NULL, MAIN_THREAD_BUSY_MS, &self->library_moved_aside, error);
  return self->library;
}

/* A damaged library moved aside when it was opened: its new name, once
 * (whoever shows it to the user takes it). */
char *
epistle_application_take_library_moved_aside (EpistleApplication *self)
{
  g_return_val_if_fail (EPISTLE_IS_APPLICATION (self), NULL);
  return g_steal_pointer (&self->library_moved_aside);
}

EpistleDraftStore *
epistle_application_get_drafts (EpistleApplication *self)
{
  g_return_val_if_fail (EPISTLE_IS_APPLICATION (self), NULL);
  return self->drafts;
}

EpistleSpellChecker *
epistle_application_get_spell_checker (EpistleApplication *self)
{
  g_return_val_if_fail (EPISTLE_IS_APPLICATION (self), NULL);

  if (self->spell_checker == NULL)
    {
      g_autofree char *path = epistle_spell_personal_words_path ();
      g_autoptr(GError) error = NULL;

      /* One checker for every window, so they share the word cache.  The
       * personal list is a few kilobytes: read it here, once. */
      self->spell_checker = epistle_spell_checker_new ();
      if (!epistle_word_list_load (epistle_spell_checker_get_personal (self->spell_checker), path, &error))
        g_warning ("Could not read the personal dictionary: %s", error->message);
    }
  return self->spell_checker;
}

void
epistle_application_save_personal_words (EpistleApplication *self)
{
  g_autofree char *path = epistle_spell_personal_words_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_return_if_fail (EPISTLE_IS_APPLICATION (self));

  g_mkdir_with_parents (dir, 0700);
  if (self->spell_checker != NULL &&
      !epistle_word_list_save (epistle_spell_checker_get_personal (self->spell_checker), path, &error))
    {
      GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
      g_autofree char *message = g_strdup_printf (_("Could not save the personal dictionary: %s"), error->message);

      if (EPISTLE_IS_WINDOW (window))
        epistle_window_show_toast (EPISTLE_WINDOW (window), message);
      else
        g_warning ("%s", message);
    }
}

EpistleDocState *
epistle_application_get_doc_state (EpistleApplication *self)
{
  g_return_val_if_fail (EPISTLE_IS_APPLICATION (self), NULL);

  if (self->doc_state == NULL)
    {
      g_autoptr(GError) error = NULL;

      /* A few kilobytes, read once, when the first document asks. */
      self->doc_state = epistle_doc_state_new (NULL);
      if (!epistle_doc_state_load (self->doc_state, &error))
        g_message ("What was remembered about documents is lost: %s", error->message);
    }
  return self->doc_state;
}

static void write_doc_state (EpistleApplication *self);

static void
doc_state_written (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(EpistleApplication) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!epistle_doc_state_save_finish (result, &error))
    g_message ("Could not remember the documents' settings: %s", error->message);
  self->doc_state_writing = FALSE;
  if (self->doc_state_dirty)
    write_doc_state (self);
}

/* One write at a time, in a worker, so they land in order. */
static void
write_doc_state (EpistleApplication *self)
{
  g_clear_handle_id (&self->doc_state_source, g_source_remove);
  if (self->doc_state == NULL)
    return;
  if (self->doc_state_writing)
    {
      self->doc_state_dirty = TRUE;
      return;
    }
  self->doc_state_dirty = FALSE;
  self->doc_state_writing = TRUE;
  epistle_doc_state_save_async (self->doc_state, doc_state_written, g_object_ref (self));
}

static gboolean
doc_state_timeout (gpointer user_data)
{
  EpistleApplication *self = user_data;

  self->doc_state_source = 0;
  write_doc_state (self);
  return G_SOURCE_REMOVE;
}

void
epistle_application_doc_state_changed (EpistleApplication *self)
{
  g_return_if_fail (EPISTLE_IS_APPLICATION (self));

  if (self->doc_state_source == 0)
    self->doc_state_source = g_timeout_add (300, doc_state_timeout, self);
}
