/* SPDX-License-Identifier: GPL-3.0-or-later
 * epistle-library-transfer.c — the quote library's import and export in
 * the window: a file chooser, the reading, parsing and SQLite work in a
 * GTask thread, and an alert (or a toast) with the outcome. */

#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "epistle-atomic.h"
#include "epistle-import-detect.h"
#include "epistle-library.h"
#include "epistle-library-transfer.h"
#include "epistle-starter.h"

/* Skipped entries listed one by one; the rest are counted. */
#define MAX_SKIPPED_ROWS 300

/* ---- shared ------------------------------------------------------------ */

static GtkWindow *
parent_window (GtkWidget *parent)
{
  GtkRoot *root = gtk_widget_get_root (parent);

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

/* A simple alert on @parent's window; nothing when it has been closed. */
static void
show_alert (GtkWidget  *parent,
            const char *heading,
            const char *body)
{
  AdwDialog *dialog;

  if (parent_window (parent) == NULL)
    return;
  dialog = adw_alert_dialog_new (heading, body);
  adw_alert_dialog_add_response (ADW_ALERT_DIALOG (dialog), "close", _("_Close"));
  adw_alert_dialog_set_default_response (ADW_ALERT_DIALOG (dialog), "close");
  adw_alert_dialog_set_close_response (ADW_ALERT_DIALOG (dialog), "close");
  adw_dialog_present (dialog, parent);
}

static char *
display_name (GFile *file)
{
  g_autofree char *basename = g_file_get_basename (file);

  if (basename != NULL)
    return g_filename_display_name (basename);
  return g_file_get_parse_name (file);
}

/* ---- import: the worker ------------------------------------------------ */

typedef enum {
  STAGE_FILE,      /* reading and parsing the file */
  STAGE_LIBRARY,   /* opening the library and storing */
} ImportStage;

typedef struct {
  GtkWidget                  *parent;
  char                       *library_path;
  GFile                      *file;
  char                       *path;
  EpistleLibraryTransferDone  done;
  gpointer                    user_data;

  /* Filled by the worker. */
  ImportStage                 stage;
  EpistleImportFormat         format;
  EpistleLibraryImportReport  report;
  char                       *moved_aside;
} ImportJob;

static void
import_job_free (ImportJob *job)
{
  g_clear_object (&job->parent);
  g_free (job->library_path);
  g_clear_object (&job->file);
  g_free (job->path);
  epistle_library_import_report_clear (&job->report);
  g_free (job->moved_aside);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ImportJob, import_job_free)

static void
import_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ImportJob *job = task_data;
  g_autoptr(EpistleImportBatch) batch = NULL;
  g_autoptr(EpistleLibrary) library = NULL;
  GError *error = NULL;

  job->stage = STAGE_FILE;
  if (!epistle_import_file (job->path, &job->format, &batch, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  /* A connection of our own: the window's stays free for searches, and
   * WAL lets both be open.  An import may be the first use of the
   * library: it gets the starter quotations as the pane's would. */
  job->stage = STAGE_LIBRARY;
  library = epistle_starter_open_library (job->library_path, 0, &job->moved_aside, &error);
  if (library == NULL || !epistle_library_import (library, batch, &job->report, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

/* ---- import: the report ------------------------------------------------ */

static char *
quotations_phrase (guint n)
{
  /* Translators: part of "Imported %s and %s from …". */
  return g_strdup_printf (ngettext ("%u quotation", "%u quotations", n), n);
}

static char *
sources_phrase (guint n)
{
  /* Translators: part of "Imported %s and %s from …". */
  return g_strdup_printf (ngettext ("%u source", "%u sources", n), n);
}

/* "4 quotations and 2 sources", "2 sources"; NULL for none at all. */
static char *
quotations_and_sources (guint quotes,
                        guint sources)
{
  g_autofree char *q = quotes > 0 ? quotations_phrase (quotes) : NULL;
  g_autofree char *s = sources > 0 ? sources_phrase (sources) : NULL;

  if (q != NULL && s != NULL)
    /* Translators: "4 quotations and 2 sources". */
    return g_strdup_printf (_("%s and %s"), q, s);
  return g_strdup (q != NULL ? q : s);
}

static gboolean
report_changed (const EpistleLibraryImportReport *report)
{
  return report->quotes_imported + report->quotes_merged +
         report->sources_imported + report->sources_merged > 0;
}

static char *
report_body (ImportJob *job)
{
  const EpistleLibraryImportReport *r = &job->report;
  g_autofree char *name = display_name (job->file);
  const char *format = epistle_import_format_display_name (job->format);
  g_autofree char *imported = quotations_and_sources (r->quotes_imported, r->sources_imported);
  g_autofree char *present = quotations_and_sources (r->quotes_skipped, r->sources_skipped);
  GString *body = g_string_new (NULL);
  g_autoptr(GPtrArray) details = g_ptr_array_new_with_free_func (g_free);

  if (imported != NULL)
    /* Translators: "Imported 12 quotations and 3 sources from “My
     * Clippings.txt” (Kindle clippings)." */
    g_string_append_printf (body, _("Imported %s from “%s” (%s)."), imported, name, format);
  else if (r->quotes_merged + r->sources_merged + r->quotes_skipped + r->sources_skipped > 0)
    g_string_append_printf (body, _("Nothing new was found in “%s” (%s)."), name, format);
  else
    g_string_append_printf (body, _("Nothing could be imported from “%s” (%s)."), name, format);

  if (r->quotes_merged > 0)
    g_ptr_array_add (details,
                     g_strdup_printf (ngettext ("%u quotation was merged with one already in the library.",
                                                "%u quotations were merged with ones already in the library.",
                                                r->quotes_merged),
                                      r->quotes_merged));
  if (r->sources_merged > 0)
    g_ptr_array_add (details,
                     g_strdup_printf (ngettext ("%u source already in the library gained new details.",
                                                "%u sources already in the library gained new details.",
                                                r->sources_merged),
                                      r->sources_merged));
  if (present != NULL)
    /* Translators: %s is "4 quotations and 2 sources". */
    g_ptr_array_add (details, g_strdup_printf (_("Already in the library: %s."), present));
  /* Only news: on a second import the file's own repeats are old. */
  if (r->batch_merged > 0 && imported != NULL)
    g_ptr_array_add (details,
                     g_strdup_printf (ngettext ("%u repeated highlight in the file was merged into another.",
                                                "%u repeated highlights in the file were merged into others.",
                                                r->batch_merged),
                                      r->batch_merged));
  if (job->moved_aside != NULL)
    {
      g_autofree char *aside = g_filename_display_basename (job->moved_aside);

      g_ptr_array_add (details, g_strdup_printf (_("The damaged quote library was set aside as “%s”."), aside));
    }

  if (details->len > 0)
    {
      g_autofree char *joined = NULL;

      g_ptr_array_add (details, NULL);
      joined = g_strjoinv (" ", (char **) details->pdata);
      g_string_append_printf (body, "\n\n%s", joined);
    }
  return g_string_free (body, FALSE);
}

/* One skipped entry: where it is, small, over why it was skipped; or,
 * without @reason, just @where ("and 12 more"). */
static GtkWidget *
skipped_row (const char *where,
             const char *reason)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *label = gtk_label_new (where);

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_widget_add_css_class (label, reason != NULL ? "caption" : "body");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (box), label);

  if (reason != NULL)
    {
      label = gtk_label_new (reason);
      gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      /* Natural width for the dialog to grow to; it wraps when narrow. */
      gtk_label_set_max_width_chars (GTK_LABEL (label), 60);
      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_box_append (GTK_BOX (box), label);
    }
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  return row;
}

/* The skipped entries: a heading and a scrolled boxed list. */
static GtkWidget *
skipped_list (ImportJob *job)
{
  GArray *skipped = job->report.skipped;
  GtkWidget *box, *heading, *scrolled, *list;
  g_autofree char *title = NULL;

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  title = g_strdup_printf (ngettext ("%u entry was skipped", "%u entries were skipped", skipped->len),
                           skipped->len);
  heading = gtk_label_new (title);
  gtk_label_set_xalign (GTK_LABEL (heading), 0.0f);
  gtk_widget_add_css_class (heading, "heading");
  gtk_box_append (GTK_BOX (box), heading);

  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_widget_set_valign (list, GTK_ALIGN_START);
  gtk_accessible_update_property (GTK_ACCESSIBLE (list),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);

  for (guint i = 0; i < skipped->len && i < MAX_SKIPPED_ROWS; i++)
    {
      const EpistleImportSkip *skip = &g_array_index (skipped, EpistleImportSkip, i);
      g_autofree char *where = NULL;

      /* Zotero's entries are annotations, numbered by their itemID. */
      if (job->format == EPISTLE_IMPORT_FORMAT_ZOTERO)
        where = g_strdup_printf (_("Annotation %u"), skip->line);
      else
        where = g_strdup_printf (_("Line %u"), skip->line);
      gtk_list_box_append (GTK_LIST_BOX (list), skipped_row (where, skip->reason));
    }
  if (skipped->len > MAX_SKIPPED_ROWS)
    {
      guint more = skipped->len - MAX_SKIPPED_ROWS;
      g_autofree char *text = g_strdup_printf (ngettext ("and %u more", "and %u more", more), more);

      gtk_list_box_append (GTK_LIST_BOX (list), skipped_row (text, NULL));
    }

  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_propagate_natural_width (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 240);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), list);
  gtk_box_append (GTK_BOX (box), scrolled);
  return box;
}

static void
show_report (ImportJob *job)
{
  const EpistleLibraryImportReport *r = &job->report;
  g_autofree char *body = NULL;
  const char *heading;
  AdwDialog *dialog;

  if (parent_window (job->parent) == NULL)
    return;

  if (report_changed (r))
    heading = _("Import Complete");
  else if (r->quotes_skipped + r->sources_skipped > 0)
    heading = _("Nothing New to Import");
  else
    heading = _("Nothing Imported");

  body = report_body (job);
  dialog = adw_alert_dialog_new (heading, body);
  if (r->skipped != NULL && r->skipped->len > 0)
    adw_alert_dialog_set_extra_child (ADW_ALERT_DIALOG (dialog), skipped_list (job));
  adw_alert_dialog_add_response (ADW_ALERT_DIALOG (dialog), "close", _("_Close"));
  adw_alert_dialog_set_default_response (ADW_ALERT_DIALOG (dialog), "close");
  adw_alert_dialog_set_close_response (ADW_ALERT_DIALOG (dialog), "close");
  adw_dialog_present (dialog, job->parent);
}

static void
show_import_error (ImportJob    *job,
                   const GError *error)
{
  g_autofree char *name = display_name (job->file);
  g_autofree char *body = NULL;

  if (g_error_matches (error, EPISTLE_LIBRARY_ERROR, EPISTLE_LIBRARY_ERROR_LOCKED))
    {
      show_alert (job->parent, _("Quote Library Busy"),
                  _("Another Epistle is using the quote library. Close it, then import again; "
                    "nothing was imported."));
      return;
    }

  if (job->stage == STAGE_FILE)
    body = g_strdup (error->message);   /* it names the file */
  else
    /* Translators: %s is a file name, then the library's error message. */
    body = g_strdup_printf (_("Nothing from “%s” was imported. %s"), name, error->message);
  show_alert (job->parent, _("Could Not Import"), body);
}

static void
import_finish (ImportJob *job,
               gboolean   changed)
{
  if (job->done != NULL)
    job->done (changed, job->user_data);
}

static void
import_ready (GObject      *source_object,
              GAsyncResult *result,
              gpointer      user_data)
{
  ImportJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      show_import_error (job, error);
      import_finish (job, FALSE);
      return;
    }
  show_report (job);
  import_finish (job, report_changed (&job->report));
}

static void
import_start (ImportJob *job)
{
  g_autoptr(GTask) task = NULL;

  job->path = g_file_get_path (job->file);
  if (job->path == NULL)
    {
      g_autofree char *name = display_name (job->file);
      g_autofree char *body = g_strdup_printf (_("“%s” is not on this computer; copy it to a local folder first."), name);

      show_alert (job->parent, _("Could Not Import"), body);
      import_finish (job, FALSE);
      import_job_free (job);
      return;
    }

  task = g_task_new (NULL, NULL, import_ready, NULL);
  g_task_set_source_tag (task, import_start);
  g_task_set_name (task, "[epistle] library import");
  g_task_set_task_data (task, job, (GDestroyNotify) import_job_free);
  g_task_run_in_thread (task, import_thread);
}

/* ---- import: the file chooser ------------------------------------------ */

static void
import_file_chosen (GObject      *source_object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(ImportJob) job = user_data;
  g_autoptr(GError) error = NULL;

  job->file = gtk_file_dialog_open_finish (GTK_FILE_DIALOG (source_object), result, &error);
  if (job->file == NULL)
    {
      if (!g_error_matches (error, GTK_DIALOG_ERROR, GTK_DIALOG_ERROR_DISMISSED) &&
          !g_error_matches (error, GTK_DIALOG_ERROR, GTK_DIALOG_ERROR_CANCELLED))
        show_alert (job->parent, _("Could Not Import"), error->message);
      import_finish (job, FALSE);
      return;
    }
  import_start (g_steal_pointer (&job));
}

static GtkFileFilter *
import_filter (void)
{
  static const char * const suffixes[] = { "txt", "json", "bib", "csv", "sqlite" };
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Quotations and references"));
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    gtk_file_filter_add_suffix (filter, suffixes[i]);
  return filter;
}

void
epistle_library_transfer_import (GtkWidget                  *parent,
                                 const char                 *library_path,
                                 GFile                      *file,
                                 EpistleLibraryTransferDone  done,
                                 gpointer                    user_data)
{
  g_autoptr(GtkFileDialog) dialog = NULL;
  g_autoptr(GListStore) filters = NULL;
  g_autoptr(GtkFileFilter) quotations = NULL;
  g_autoptr(GtkFileFilter) all = NULL;
  ImportJob *job;

  g_return_if_fail (GTK_IS_WIDGET (parent));
  g_return_if_fail (library_path != NULL);
  g_return_if_fail (file == NULL || G_IS_FILE (file));

  job = g_new0 (ImportJob, 1);
  job->parent = g_object_ref (parent);
  job->library_path = g_strdup (library_path);
  job->done = done;
  job->user_data = user_data;

  if (file != NULL)
    {
      job->file = g_object_ref (file);
      import_start (job);
      return;
    }

  quotations = import_filter ();
  all = gtk_file_filter_new ();
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  filters = g_list_store_new (GTK_TYPE_FILE_FILTER);
  g_list_store_append (filters, quotations);
  g_list_store_append (filters, all);

  dialog = gtk_file_dialog_new ();
  gtk_file_dialog_set_title (dialog, _("Import Quotations"));
  gtk_file_dialog_set_accept_label (dialog, _("_Import"));
  gtk_file_dialog_set_filters (dialog, G_LIST_MODEL (filters));
  gtk_file_dialog_set_default_filter (dialog, quotations);
  gtk_file_dialog_open (dialog, parent_window (parent), NULL, import_file_chosen, job);
}

/* ---- export ------------------------------------------------------------ */

typedef struct {
  GtkWidget                  *parent;
  char                       *library_path;
  EpistleLibraryExportFormat  format;
  GFile                      *file;
  char                       *path;
  gint64                      count;    /* quotes or sources written */
} ExportJob;

static void
export_job_free (ExportJob *job)
{
  g_clear_object (&job->parent);
  g_free (job->library_path);
  g_clear_object (&job->file);
  g_free (job->path);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ExportJob, export_job_free)

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportJob *job = task_data;
  g_autoptr(EpistleLibrary) library = NULL;
  g_autofree char *data = NULL;
  EpistleLibraryStats stats;
  GError *error = NULL;

  library = epistle_library_open (job->library_path, 0, NULL, &error);
  if (library == NULL || !epistle_library_get_stats (library, &stats, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  if (job->format == EPISTLE_LIBRARY_EXPORT_CSL_JSON)
    {
      data = epistle_library_export_csl_json (library, &error);
      job->count = stats.sources;
    }
  else
    {
      data = epistle_library_export_markdown (library, &error);
      job->count = stats.quotes;
    }
  if (data == NULL || !epistle_atomic_write (job->path, data, strlen (data), &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static AdwToastOverlay *
find_toast_overlay (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      AdwToastOverlay *found;

      if (ADW_IS_TOAST_OVERLAY (child))
        return ADW_TOAST_OVERLAY (child);
      if ((found = find_toast_overlay (child)) != NULL)
        return found;
    }
  return NULL;
}

static void
export_ready (GObject      *source_object,
              GAsyncResult *result,
              gpointer      user_data)
{
  ExportJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *name = display_name (job->file);
  g_autofree char *message = NULL;
  GtkWidget *overlay;
  GtkWindow *window;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_autofree char *body = NULL;

      if (g_error_matches (error, EPISTLE_LIBRARY_ERROR, EPISTLE_LIBRARY_ERROR_LOCKED))
        body = g_strdup (_("Another Epistle is using the quote library. Close it, then export again."));
      else if (error->domain == G_IO_ERROR)
        body = g_strdup (error->message);   /* the atomic write names the file */
      else
        /* Translators: %s is a file name, then the library's error message. */
        body = g_strdup_printf (_("“%s” was not written. %s"), name, error->message);
      show_alert (job->parent, _("Could Not Export"), body);
      return;
    }

  /* The nearest overlay around @parent, else the window's own. */
  window = parent_window (job->parent);
  if (window == NULL)
    return;
  overlay = gtk_widget_get_ancestor (job->parent, ADW_TYPE_TOAST_OVERLAY);
  if (overlay == NULL)
    overlay = (GtkWidget *) find_toast_overlay (GTK_WIDGET (window));
  if (overlay == NULL)
    return;

  if (job->format == EPISTLE_LIBRARY_EXPORT_CSL_JSON)
    /* Translators: "Exported 3 sources to “Quotations.json”". */
    message = g_strdup_printf (ngettext ("Exported %u source to “%s”", "Exported %u sources to “%s”",
                                         (gulong) job->count),
                               (guint) job->count, name);
  else
    message = g_strdup_printf (ngettext ("Exported %u quotation to “%s”", "Exported %u quotations to “%s”",
                                         (gulong) job->count),
                               (guint) job->count, name);
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (message));
}

static void
export_start (ExportJob *job)
{
  g_autoptr(GTask) task = NULL;

  job->path = g_file_get_path (job->file);
  if (job->path == NULL)
    {
      g_autofree char *name = display_name (job->file);
      g_autofree char *body = g_strdup_printf (_("“%s” is not on this computer; choose a local folder."), name);

      show_alert (job->parent, _("Could Not Export"), body);
      export_job_free (job);
      return;
    }

  task = g_task_new (NULL, NULL, export_ready, NULL);
  g_task_set_source_tag (task, export_start);
  g_task_set_name (task, "[epistle] library export");
  g_task_set_task_data (task, job, (GDestroyNotify) export_job_free);
  g_task_run_in_thread (task, export_thread);
}

static void
export_file_chosen (GObject      *source_object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(ExportJob) job = user_data;
  g_autoptr(GError) error = NULL;

  job->file = gtk_file_dialog_save_finish (GTK_FILE_DIALOG (source_object), result, &error);
  if (job->file == NULL)
    {
      if (!g_error_matches (error, GTK_DIALOG_ERROR, GTK_DIALOG_ERROR_DISMISSED) &&
          !g_error_matches (error, GTK_DIALOG_ERROR, GTK_DIALOG_ERROR_CANCELLED))
        show_alert (job->parent, _("Could Not Export"), error->message);
      return;
    }
  export_start (g_steal_pointer (&job));
}

void
epistle_library_transfer_export (GtkWidget                  *parent,
                                 const char                 *library_path,
                                 EpistleLibraryExportFormat  format,
                                 GFile                      *file)
{
  g_autoptr(GtkFileDialog) dialog = NULL;
  g_autoptr(GListStore) filters = NULL;
  g_autoptr(GtkFileFilter) filter = NULL;
  gboolean csl = format == EPISTLE_LIBRARY_EXPORT_CSL_JSON;
  ExportJob *job;

  g_return_if_fail (GTK_IS_WIDGET (parent));
  g_return_if_fail (library_path != NULL);
  g_return_if_fail (format == EPISTLE_LIBRARY_EXPORT_CSL_JSON || format == EPISTLE_LIBRARY_EXPORT_MARKDOWN);
  g_return_if_fail (file == NULL || G_IS_FILE (file));

  job = g_new0 (ExportJob, 1);
  job->parent = g_object_ref (parent);
  job->library_path = g_strdup (library_path);
  job->format = format;

  if (file != NULL)
    {
      job->file = g_object_ref (file);
      export_start (job);
      return;
    }

  filter = gtk_file_filter_new ();
  if (csl)
    {
      gtk_file_filter_set_name (filter, _("CSL-JSON"));
      gtk_file_filter_add_suffix (filter, "json");
      gtk_file_filter_add_mime_type (filter, "application/vnd.citationstyles.csl+json");
    }
  else
    {
      gtk_file_filter_set_name (filter, _("Markdown"));
      gtk_file_filter_add_suffix (filter, "md");
      gtk_file_filter_add_suffix (filter, "markdown");
      gtk_file_filter_add_mime_type (filter, "text/markdown");
    }
  filters = g_list_store_new (GTK_TYPE_FILE_FILTER);
  g_list_store_append (filters, filter);

  dialog = gtk_file_dialog_new ();
  gtk_file_dialog_set_title (dialog, csl ? _("Export Sources as CSL-JSON")
                                         : _("Export Quotations as Markdown"));
  gtk_file_dialog_set_accept_label (dialog, _("_Export"));
  gtk_file_dialog_set_filters (dialog, G_LIST_MODEL (filters));
  gtk_file_dialog_set_default_filter (dialog, filter);
  /* Translators: file names offered when exporting the quote library. */
  gtk_file_dialog_set_initial_name (dialog, csl ? _("Quotation Sources.json") : _("Quotations.md"));
  gtk_file_dialog_save (dialog, parent_window (parent), NULL, export_file_chosen, job);
}
