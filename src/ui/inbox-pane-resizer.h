/* inbox-pane-resizer.h: a pane whose right edge can be dragged, its width kept in GSettings.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define INBOX_TYPE_PANE_RESIZER (inbox_pane_resizer_get_type ())

G_DECLARE_FINAL_TYPE (InboxPaneResizer, inbox_pane_resizer, INBOX, PANE_RESIZER, GObject)

InboxPaneResizer *inbox_pane_resizer_new       (GtkWidget  *pane,
                                                GSettings  *settings,
                                                const char *key,
                                                int         min_width,
                                                int         max_width);
void              inbox_pane_resizer_set_width (InboxPaneResizer *self,
                                                int               width);

G_END_DECLS
