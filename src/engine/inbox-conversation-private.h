/* inbox-conversation-private.h: building InboxConversation objects from the store.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "inbox-conversation.h"
#include "inbox-db.h"

G_BEGIN_DECLS

/* The columns inbox_conversation_new_from_row() reads, in this order, from "conversations c". */
#define INBOX_CONVERSATION_COLUMNS \
  "c.id, coalesce (c.custom_title, c.subject), c.snippet, c.participants, c.last_activity, " \
  "c.unread_count, c.message_count, c.has_attachment, c.folders, c.accounts, " \
  "EXISTS (SELECT 1 FROM messages sm WHERE sm.conversation_id = c.id AND sm.flags & 4)"

InboxConversation *inbox_conversation_new_from_row           (sqlite3_stmt      *stmt);
InboxConversation *inbox_conversation_new_placeholder         (void);
void               inbox_conversation_set_matching_message_ids (InboxConversation *self,
                                                                GStrv              message_ids);
void               inbox_conversation_take_content            (InboxConversation *self,
                                                                InboxConversation *fresh);

G_END_DECLS
