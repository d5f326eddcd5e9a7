/* inbox-conversation-pane.h: the middle pane: a mailbox's (or a search's) conversations, paged
 * from the store, with the search bar above them; the Outbox and Send Later in their place.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "inbox-mail-service.h"

G_BEGIN_DECLS

#define INBOX_TYPE_CONVERSATION_PANE (inbox_conversation_pane_get_type ())

G_DECLARE_FINAL_TYPE (InboxConversationPane, inbox_conversation_pane, INBOX, CONVERSATION_PANE, GtkWidget)

void          inbox_conversation_pane_set_service        (InboxConversationPane  *self,
                                                          InboxMailService       *service,
                                                          GSettings              *settings);
gboolean      inbox_conversation_pane_show_mailbox       (InboxConversationPane  *self,
                                                          const char             *mailbox,
                                                          const char             *title,
                                                          GError                **error);
const char   *inbox_conversation_pane_get_mailbox        (InboxConversationPane  *self);
void          inbox_conversation_pane_start_search       (InboxConversationPane  *self);
void          inbox_conversation_pane_clear_search       (InboxConversationPane  *self);

guint         inbox_conversation_pane_count_selected     (InboxConversationPane  *self);
GPtrArray    *inbox_conversation_pane_get_selected       (InboxConversationPane  *self,
                                                          guint                   limit);
GArray       *inbox_conversation_pane_get_selected_ids   (InboxConversationPane  *self,
                                                          guint                   limit);
void          inbox_conversation_pane_select_relative    (InboxConversationPane  *self,
                                                          int                     delta);
void          inbox_conversation_pane_unselect_for_move  (InboxConversationPane  *self);
void          inbox_conversation_pane_move_failed        (InboxConversationPane  *self);
void          inbox_conversation_pane_move_undone        (InboxConversationPane  *self,
                                                          GArray                 *ids);

GtkListView  *inbox_conversation_pane_get_list_view      (InboxConversationPane  *self);

G_END_DECLS
