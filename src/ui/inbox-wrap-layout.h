/* inbox-wrap-layout.h: lays children out in lines like words, wrapping when a line is full.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define INBOX_TYPE_WRAP_LAYOUT (inbox_wrap_layout_get_type ())

G_DECLARE_FINAL_TYPE (InboxWrapLayout, inbox_wrap_layout, INBOX, WRAP_LAYOUT, GtkLayoutManager)

GtkLayoutManager *inbox_wrap_layout_new (void);

G_END_DECLS
