/* SPDX-License-Identifier: GPL-3.0-or-later
 * epistle-document.h — one open document: its buffer, its file, the format
 * it came in, asynchronous loading and crash-safe saving, disk watching. */
#pragma once

#include <gtksourceview/gtksource.h>

#include "epistle-encoding.h"

G_BEGIN_DECLS

#define EPISTLE_DOCUMENT_ERROR (epistle_document_error_quark ())

typedef enum {
  EPISTLE_DOCUMENT_ERROR_CHANGED_ON_DISK,  /* saving would overwrite someone else's change */
  EPISTLE_DOCUMENT_ERROR_UNTITLED,         /* no file yet: use Save As                    */
  EPISTLE_DOCUMENT_ERROR_BUSY,             /* a load or save is already running           */
  EPISTLE_DOCUMENT_ERROR_NOT_LOCAL,        /* the file has no local path                  */
} EpistleDocumentError;

typedef enum {
  EPISTLE_DISK_STATE_IN_SYNC,
  EPISTLE_DISK_STATE_CHANGED,      /* the file changed on disk since we loaded or saved it */
  EPISTLE_DISK_STATE_DELETED,      /* the file disappeared from disk                     */
} EpistleDiskState;

typedef enum {
  EPISTLE_SAVE_FLAGS_NONE = 0,
  EPISTLE_SAVE_FLAGS_OVERWRITE_CHANGES = 1 << 0,  /* "Keep Mine": replace a changed file */
} EpistleSaveFlags;

#define EPISTLE_TYPE_DOCUMENT (epistle_document_get_type ())
G_DECLARE_FINAL_TYPE (EpistleDocument, epistle_document, EPISTLE, DOCUMENT, GObject)

GQuark                   epistle_document_error_quark   (void);

EpistleDocument         *epistle_document_new           (void);
GtkSourceBuffer         *epistle_document_get_buffer    (EpistleDocument   *self);
GFile                   *epistle_document_get_file      (EpistleDocument   *self);
char                    *epistle_document_dup_title     (EpistleDocument   *self);
char                    *epistle_document_dup_subtitle  (EpistleDocument   *self);
gboolean                 epistle_document_get_modified  (EpistleDocument   *self);
gboolean                 epistle_document_get_read_only (EpistleDocument   *self);
gboolean                 epistle_document_get_on_disk   (EpistleDocument   *self);
gboolean                 epistle_document_get_busy      (EpistleDocument   *self);
/* TRUE while a loaded text is still going into the buffer (busy too). */
gboolean                 epistle_document_get_loading   (EpistleDocument   *self);
EpistleDiskState         epistle_document_get_disk_state (EpistleDocument  *self);
const EpistleTextFormat *epistle_document_get_format    (EpistleDocument   *self);
/* Grows on every change to the text; lets savers know if the text they
 * wrote is still what the buffer holds. */
guint64                  epistle_document_get_change_serial (EpistleDocument *self);

const char              *epistle_document_get_draft_id  (EpistleDocument   *self);
void                     epistle_document_set_draft_id  (EpistleDocument   *self,
                                                         const char        *draft_id);

/* Replaces the text without an undo step (templates, recovered drafts). */
void                     epistle_document_set_text      (EpistleDocument   *self,
                                                         const char        *text,
                                                         gboolean           modified);
/* Sets the file without loading it (a recovered draft of an existing file). */
void                     epistle_document_set_file      (EpistleDocument   *self,
                                                         GFile             *file);
/* Treat the current disk contents as seen: the next save replaces them. */
void                     epistle_document_keep_mine     (EpistleDocument   *self);
/* Switches the format to UTF-8 (keeping BOM-less and the line endings). */
void                     epistle_document_use_utf8      (EpistleDocument   *self);

void                     epistle_document_load_async    (EpistleDocument    *self,
                                                         GFile              *file,
                                                         GCancellable       *cancellable,
                                                         GAsyncReadyCallback callback,
                                                         gpointer            user_data);
gboolean                 epistle_document_load_finish   (EpistleDocument    *self,
                                                         GAsyncResult       *result,
                                                         GError            **error);

/* Saves to @file, or to the document's own file when @file is NULL. */
void                     epistle_document_save_async    (EpistleDocument    *self,
                                                         GFile              *file,
                                                         EpistleSaveFlags    flags,
                                                         GCancellable       *cancellable,
                                                         GAsyncReadyCallback callback,
                                                         gpointer            user_data);
gboolean                 epistle_document_save_finish   (EpistleDocument    *self,
                                                         GAsyncResult       *result,
                                                         GError            **error);

G_END_DECLS
