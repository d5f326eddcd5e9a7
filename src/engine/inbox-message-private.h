/* inbox-message-private.h: building InboxMessage objects from the store.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "inbox-db.h"
#include "inbox-message.h"

G_BEGIN_DECLS

/* The columns inbox_message_new_from_row() reads, in this order, from "messages m".
 * Lists are joined with the unit separator (0x1f), which no header can contain. */
#define INBOX_MESSAGE_COLUMNS \
  "m.message_id, m.subject, m.from_name, m.from_address, " \
  "(SELECT group_concat (CASE WHEN a.name <> '' THEN a.name || ' <' || a.address || '>' ELSE a.address END, char (31)) " \
  "   FROM message_addresses a WHERE a.message_id = m.id AND a.kind = 'to'), " \
  "(SELECT group_concat (CASE WHEN a.name <> '' THEN a.name || ' <' || a.address || '>' ELSE a.address END, char (31)) " \
  "   FROM message_addresses a WHERE a.message_id = m.id AND a.kind = 'cc'), " \
  "m.date, " \
  "(SELECT group_concat (f.path, char (31)) FROM message_locations l JOIN folders f ON f.id = l.folder_id " \
  "   WHERE l.message_id = m.id), " \
  "m.flags, m.has_attachment, m.snippet, m.parse_error"

InboxMessage *inbox_message_new_from_row (sqlite3_stmt *stmt);

G_END_DECLS
