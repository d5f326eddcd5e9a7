/* inbox-conversation-row.h: one row of the conversation list.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "inbox-engine.h"

G_BEGIN_DECLS

#define INBOX_TYPE_CONVERSATION_ROW (inbox_conversation_row_get_type ())

G_DECLARE_FINAL_TYPE (InboxConversationRow, inbox_conversation_row, INBOX, CONVERSATION_ROW, GtkWidget)

GtkWidget *inbox_conversation_row_new              (void);
void       inbox_conversation_row_set_conversation (InboxConversationRow *self,
                                                    InboxConversation    *conversation,
                                                    gboolean              subject_first);
void       inbox_conversation_row_set_compact      (InboxConversationRow *self,
                                                    gboolean              compact);
char      *inbox_format_relative_time              (gint64                time,
                                                    gint64                now,
                                                    gboolean              use_24h);

G_END_DECLS
