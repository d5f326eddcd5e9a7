/* inbox-conversation-list.h: a mailbox (or a search) as a GListModel of InboxConversation.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "inbox-store.h"

G_BEGIN_DECLS

#define INBOX_TYPE_CONVERSATION_LIST (inbox_conversation_list_get_type ())

G_DECLARE_FINAL_TYPE (InboxConversationList, inbox_conversation_list, INBOX, CONVERSATION_LIST, GObject)

InboxConversationList *inbox_conversation_list_new            (InboxStore            *store,
                                                               const char            *mailbox,
                                                               GError               **error);
InboxConversationList *inbox_conversation_list_new_for_search (InboxStore            *store,
                                                               const char            *query,
                                                               GError               **error);
const char            *inbox_conversation_list_get_mailbox    (InboxConversationList *self);
guint                  inbox_conversation_list_get_n_cached   (InboxConversationList *self);

G_END_DECLS
