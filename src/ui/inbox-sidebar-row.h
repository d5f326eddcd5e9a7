/* inbox-sidebar-row.h: a mailbox, a folder or an account's heading in the sidebar.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "inbox-engine.h"

G_BEGIN_DECLS

#define INBOX_TYPE_SIDEBAR_ROW (inbox_sidebar_row_get_type ())

G_DECLARE_FINAL_TYPE (InboxSidebarRow, inbox_sidebar_row, INBOX, SIDEBAR_ROW, GtkListBoxRow)

GtkWidget  *inbox_sidebar_row_new_mailbox (const char      *mailbox,
                                           const char      *title,
                                           const char      *icon_name,
                                           guint            depth);
GtkWidget  *inbox_sidebar_row_new_account (const char      *account_uid,
                                           const char      *title);
const char *inbox_sidebar_row_get_mailbox (InboxSidebarRow *self);
const char *inbox_sidebar_row_get_title   (InboxSidebarRow *self);
const char *inbox_sidebar_row_get_account (InboxSidebarRow *self);
void        inbox_sidebar_row_set_count   (InboxSidebarRow *self,
                                           gint64           count);
void        inbox_sidebar_row_set_status  (InboxSidebarRow *self,
                                           InboxSyncStatus  status,
                                           const char      *message);

void         inbox_sidebar_row_set_progress  (InboxSidebarRow *self,
                                             const char      *folder,
                                             guint            done,
                                             guint            total);

G_END_DECLS
