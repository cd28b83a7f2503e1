/* SPDX-License-Identifier: GPL-3.0-or-later
 * epistle-doc-state.h — what Epistle remembers about each document between
 * runs (its spelling language, whether spelling is on): a key file in the
 * user's state folder, keyed by the document's URI, newest first, bounded. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _EpistleDocState EpistleDocState;

/* At most this many documents are remembered; the least recently used go. */
#define EPISTLE_DOC_STATE_MAX_DOCUMENTS 1000

/* @path defaults to $XDG_STATE_HOME/epistle/documents.ini when NULL. */
EpistleDocState *epistle_doc_state_new         (const char      *path);
void             epistle_doc_state_free        (EpistleDocState *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EpistleDocState, epistle_doc_state_free)

const char      *epistle_doc_state_get_path    (EpistleDocState *self);

/* Reads the file; a missing file remembers nothing.  A file that does not
 * parse is treated as empty and reported through @error. */
gboolean         epistle_doc_state_load        (EpistleDocState *self,
                                                GError         **error);
/* Atomic write, creating the folder when needed. */
gboolean         epistle_doc_state_save        (EpistleDocState *self,
                                                GError         **error);
/* The same, with the write in a worker; the state is captured now. */
void             epistle_doc_state_save_async  (EpistleDocState    *self,
                                                GAsyncReadyCallback callback,
                                                gpointer            user_data);
gboolean         epistle_doc_state_save_finish (GAsyncResult       *result,
                                                GError            **error);

/* NULL when nothing is remembered. */
char            *epistle_doc_state_get_string  (EpistleDocState *self,
                                                const char      *uri,
                                                const char      *key);
/* @value NULL forgets the key. */
void             epistle_doc_state_set_string  (EpistleDocState *self,
                                                const char      *uri,
                                                const char      *key,
                                                const char      *value);
gboolean         epistle_doc_state_get_boolean (EpistleDocState *self,
                                                const char      *uri,
                                                const char      *key,
                                                gboolean         fallback);
void             epistle_doc_state_set_boolean (EpistleDocState *self,
                                                const char      *uri,
                                                const char      *key,
                                                gboolean         value);
/* Save As: what was remembered for @from now belongs to @to as well. */
void             epistle_doc_state_copy        (EpistleDocState *self,
                                                const char      *from,
                                                const char      *to);
/* How many documents are remembered. */
guint            epistle_doc_state_get_n_documents (EpistleDocState *self);

G_END_DECLS
