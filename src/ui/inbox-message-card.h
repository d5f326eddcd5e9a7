/* inbox-message-card.h: one message of a conversation, collapsed to a line or open.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "inbox-engine.h"

G_BEGIN_DECLS

#define INBOX_TYPE_MESSAGE_CARD (inbox_message_card_get_type ())

G_DECLARE_FINAL_TYPE (InboxMessageCard, inbox_message_card, INBOX, MESSAGE_CARD, GtkWidget)

GtkWidget    *inbox_message_card_new          (InboxStore       *store,
                                               gint64            conversation_id,
                                               InboxMessage     *message,
                                               gboolean          expanded);
InboxMessage *inbox_message_card_get_message  (InboxMessageCard *self);
gboolean      inbox_message_card_get_expanded (InboxMessageCard *self);
void          inbox_message_card_set_expanded (InboxMessageCard *self,
                                               gboolean          expanded);
/* For tests: the web view showing the HTML part, or NULL. */
GtkWidget    *inbox_message_card_get_web_view (InboxMessageCard *self);

G_END_DECLS
