/* inbox-conversation-view.h: the messages of one conversation, oldest to newest.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "inbox-engine.h"

G_BEGIN_DECLS

#define INBOX_TYPE_CONVERSATION_VIEW (inbox_conversation_view_get_type ())

G_DECLARE_FINAL_TYPE (InboxConversationView, inbox_conversation_view, INBOX, CONVERSATION_VIEW, GtkWidget)

void    inbox_conversation_view_set_store   (InboxConversationView *self,
                                             InboxStore            *store);
void    inbox_conversation_view_show        (InboxConversationView *self,
                                             InboxConversation     *conversation);
void    inbox_conversation_view_clear       (InboxConversationView *self);
gint64  inbox_conversation_view_get_conversation_id (InboxConversationView *self);
gboolean   inbox_conversation_view_take_composer (InboxConversationView *self,
                                                  GtkWidget             *composer,
                                                  gint64                 conversation_id);
GtkWidget *inbox_conversation_view_get_composer  (InboxConversationView *self);
/* For tests: the message cards, oldest first. */
GList  *inbox_conversation_view_get_cards   (InboxConversationView *self);

G_END_DECLS
