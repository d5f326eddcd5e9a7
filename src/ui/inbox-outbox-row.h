/* inbox-outbox-row.h: one message in the Outbox or Send Later: its subject, to whom, when or why
 * not, and what can be done with it (Send Again, Send Now, Edit).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "inbox-mail-service.h"

G_BEGIN_DECLS

#define INBOX_TYPE_OUTBOX_ROW (inbox_outbox_row_get_type ())

G_DECLARE_FINAL_TYPE (InboxOutboxRow, inbox_outbox_row, INBOX, OUTBOX_ROW, AdwActionRow)

GtkWidget *inbox_outbox_row_new    (const InboxOutboxItem *item);
gint64     inbox_outbox_row_get_id (InboxOutboxRow        *self);

G_END_DECLS
