/* inbox-sidebar.h: the mailboxes across accounts, then each account with its folders.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "inbox-mail-service.h"

G_BEGIN_DECLS

#define INBOX_TYPE_SIDEBAR (inbox_sidebar_get_type ())

G_DECLARE_FINAL_TYPE (InboxSidebar, inbox_sidebar, INBOX, SIDEBAR, GtkWidget)

void        inbox_sidebar_set_service      (InboxSidebar     *self,
                                            InboxMailService *service);
void        inbox_sidebar_refresh_counts   (InboxSidebar     *self);
gboolean    inbox_sidebar_select_mailbox   (InboxSidebar     *self,
                                            const char       *mailbox);
const char *inbox_sidebar_get_mailbox      (InboxSidebar     *self);
void        inbox_sidebar_popup_account_menu (InboxSidebar   *self,
                                              const char     *account_uid,
                                              double          x,
                                              double          y);

G_END_DECLS
