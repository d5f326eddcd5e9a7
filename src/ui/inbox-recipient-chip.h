/* inbox-recipient-chip.h: one recipient in an address field, as a chip.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "inbox-engine.h"

G_BEGIN_DECLS

#define INBOX_TYPE_RECIPIENT_CHIP (inbox_recipient_chip_get_type ())

G_DECLARE_FINAL_TYPE (InboxRecipientChip, inbox_recipient_chip, INBOX, RECIPIENT_CHIP, GtkWidget)

GtkWidget  *inbox_recipient_chip_new      (const InboxRecipient *recipient);
const char *inbox_recipient_chip_get_text (InboxRecipientChip   *self);
gboolean    inbox_recipient_chip_is_valid (InboxRecipientChip   *self);

G_END_DECLS
