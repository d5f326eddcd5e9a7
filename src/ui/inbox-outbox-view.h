/* inbox-outbox-view.h: the Outbox and Send Later mailboxes: what waits to be sent, and what
 * could not be.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "inbox-mail-service.h"

G_BEGIN_DECLS

#define INBOX_TYPE_OUTBOX_VIEW (inbox_outbox_view_get_type ())

G_DECLARE_FINAL_TYPE (InboxOutboxView, inbox_outbox_view, INBOX, OUTBOX_VIEW, GtkWidget)

void inbox_outbox_view_show (InboxOutboxView  *self,
                             InboxMailService *service,
                             gboolean          scheduled);

G_END_DECLS
