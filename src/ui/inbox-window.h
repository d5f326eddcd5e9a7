/* inbox-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "inbox-conversation-view.h"
#include "inbox-mail-service.h"

G_BEGIN_DECLS

#define INBOX_TYPE_WINDOW (inbox_window_get_type ())

G_DECLARE_FINAL_TYPE (InboxWindow, inbox_window, INBOX, WINDOW, AdwApplicationWindow)

InboxWindow *inbox_window_new            (AdwApplication   *application,
                                          InboxMailService *service);
void         inbox_window_show_mail      (InboxWindow      *self);
InboxWindow *inbox_window_find            (GtkApplication   *app);
void         inbox_window_show_message   (InboxWindow      *self,
                                          const char       *message);
void         inbox_window_compose_mailto (InboxWindow      *self,
                                          const char       *uri);
void         inbox_window_add_undo_toast (InboxWindow      *self,
                                          AdwToast         *toast);
void         inbox_window_add_toast      (InboxWindow      *self,
                                          AdwToast         *toast);
gboolean     inbox_window_select_mailbox (InboxWindow      *self,
                                          const char       *mailbox);

/* For tests. */
GtkListView           *inbox_window_get_list_view         (InboxWindow *self);
InboxConversationView *inbox_window_get_conversation_view (InboxWindow *self);

G_END_DECLS
