/* inbox-message.h: one message of a conversation, as the reader shows it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define INBOX_TYPE_MESSAGE (inbox_message_get_type ())

G_DECLARE_FINAL_TYPE (InboxMessage, inbox_message, INBOX, MESSAGE, GObject)

const char         *inbox_message_get_message_id     (InboxMessage *self);
const char         *inbox_message_get_subject        (InboxMessage *self);
const char         *inbox_message_get_from_name      (InboxMessage *self);
const char         *inbox_message_get_from_address   (InboxMessage *self);
const char * const *inbox_message_get_to             (InboxMessage *self);
const char * const *inbox_message_get_cc             (InboxMessage *self);
gint64              inbox_message_get_date           (InboxMessage *self);
const char * const *inbox_message_get_folders        (InboxMessage *self);
guint               inbox_message_get_flags          (InboxMessage *self);
gboolean            inbox_message_get_has_attachment (InboxMessage *self);
const char         *inbox_message_get_snippet        (InboxMessage *self);
const char         *inbox_message_get_parse_error    (InboxMessage *self);

G_END_DECLS
