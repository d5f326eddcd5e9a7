/* inbox-conversation.h: one conversation, as a row of a list shows it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define INBOX_TYPE_CONVERSATION (inbox_conversation_get_type ())

G_DECLARE_FINAL_TYPE (InboxConversation, inbox_conversation, INBOX, CONVERSATION, GObject)

gint64              inbox_conversation_get_id                (InboxConversation *self);
const char         *inbox_conversation_get_subject           (InboxConversation *self);
const char         *inbox_conversation_get_snippet           (InboxConversation *self);
const char * const *inbox_conversation_get_participant_names (InboxConversation *self);
const char * const *inbox_conversation_get_participant_addresses (InboxConversation *self);
gint64              inbox_conversation_get_last_activity     (InboxConversation *self);
guint               inbox_conversation_get_unread_count      (InboxConversation *self);
guint               inbox_conversation_get_message_count     (InboxConversation *self);
gboolean            inbox_conversation_get_has_attachment    (InboxConversation *self);
gboolean            inbox_conversation_get_starred           (InboxConversation *self);
const char * const *inbox_conversation_get_folders            (InboxConversation *self);
const char * const *inbox_conversation_get_accounts           (InboxConversation *self);
const char * const *inbox_conversation_get_matching_message_ids (InboxConversation *self);

G_END_DECLS
