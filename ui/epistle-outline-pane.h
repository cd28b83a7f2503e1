/* SPDX-License-Identifier: GPL-3.0-or-later
 * epistle-outline-pane.h — the outline sidebar: the document's headings,
 * divisions and letter parts as a tree that follows the cursor, jumps on
 * click, filters by title and moves whole sections. */
#pragma once

#include <adwaita.h>

#include "epistle-outline.h"

G_BEGIN_DECLS

#define EPISTLE_TYPE_OUTLINE_NODE (epistle_outline_node_get_type ())
G_DECLARE_FINAL_TYPE (EpistleOutlineNode, epistle_outline_node, EPISTLE, OUTLINE_NODE, GObject)

EpistleOutlineKind  epistle_outline_node_get_kind     (EpistleOutlineNode *self);
const char         *epistle_outline_node_get_title    (EpistleOutlineNode *self);
guint               epistle_outline_node_get_line     (EpistleOutlineNode *self);
guint64             epistle_outline_node_get_words    (EpistleOutlineNode *self);
/* The node's children (EpistleOutlineNode), never NULL. */
GListModel         *epistle_outline_node_get_children (EpistleOutlineNode *self);

#define EPISTLE_TYPE_OUTLINE_PANE (epistle_outline_pane_get_type ())
G_DECLARE_FINAL_TYPE (EpistleOutlinePane, epistle_outline_pane, EPISTLE, OUTLINE_PANE, AdwBin)

GtkWidget      *epistle_outline_pane_new             (void);
/* The editor whose buffer the pane outlines and moves around in. */
void            epistle_outline_pane_set_view        (EpistleOutlinePane *self,
                                                      GtkTextView        *view);
/* TRUE while a long text is being parsed in a worker. */
gboolean        epistle_outline_pane_get_busy        (EpistleOutlinePane *self);
/* While TRUE (the pane hidden) the outline is not kept; it is parsed again
 * when set back, or when anything asks for it. */
void            epistle_outline_pane_set_dormant     (EpistleOutlinePane *self,
                                                      gboolean            dormant);
/* While TRUE (a document loading in slices) edits are not followed; a
 * reload follows. */
void            epistle_outline_pane_set_suspended   (EpistleOutlinePane *self,
                                                      gboolean            suspended);

EpistleOutline *epistle_outline_pane_get_outline     (EpistleOutlinePane *self);
/* The rows shown (GtkTreeListRow), after the filter. */
GListModel     *epistle_outline_pane_get_rows        (EpistleOutlinePane *self);
/* The top-level nodes. */
GListModel     *epistle_outline_pane_get_nodes       (EpistleOutlinePane *self);
/* The node highlighted as holding the cursor, or NULL. */
EpistleOutlineNode *epistle_outline_pane_get_current (EpistleOutlinePane *self);
/* Puts the keyboard in the tree, on the current item's row. */
void            epistle_outline_pane_focus           (EpistleOutlinePane *self);
/* Jumps to the row at @position, as a click or Enter does. */
void            epistle_outline_pane_activate_row    (EpistleOutlinePane *self,
                                                      guint               position);
void            epistle_outline_pane_set_filter      (EpistleOutlinePane *self,
                                                      const char         *text);
/* Moves the current node's section (with its subsections) before its
 * previous sibling (@down FALSE) or after its next one, as one undo step;
 * FALSE when there is no such sibling. */
gboolean        epistle_outline_pane_move_section    (EpistleOutlinePane *self,
                                                      gboolean            down);
/* What dropping @dragged's row on @onto's does: its section moves before
 * @onto's section, or after it (with its subsections) when @after. */
gboolean        epistle_outline_pane_drop            (EpistleOutlinePane *self,
                                                      EpistleOutlineNode *dragged,
                                                      EpistleOutlineNode *onto,
                                                      gboolean            after);
/* Promotes (@delta -1) or demotes (+1) the headings of the current node's
 * section; FALSE when it is not a heading or would leave levels 1–6. */
gboolean        epistle_outline_pane_shift_level     (EpistleOutlinePane *self,
                                                      int                 delta);

G_END_DECLS
