/* inbox-send-later.h: the composer's Send Later popover: presets, a typed phrase, a date.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define INBOX_TYPE_SEND_LATER (inbox_send_later_get_type ())

G_DECLARE_FINAL_TYPE (InboxSendLater, inbox_send_later, INBOX, SEND_LATER, GtkPopover)

void     inbox_send_later_set_can_discard      (InboxSendLater *self,
                                                gboolean        can_discard);
gboolean inbox_send_later_get_discard_if_reply (InboxSendLater *self);
char    *inbox_send_later_format_when          (gint64          unix_time);

G_END_DECLS
