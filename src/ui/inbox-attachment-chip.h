/* inbox-attachment-chip.h: one attachment of a message: type icon, name and size.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "inbox-engine.h"

G_BEGIN_DECLS

#define INBOX_TYPE_ATTACHMENT_CHIP (inbox_attachment_chip_get_type ())

G_DECLARE_FINAL_TYPE (InboxAttachmentChip, inbox_attachment_chip, INBOX, ATTACHMENT_CHIP, GtkWidget)

GtkWidget *inbox_attachment_chip_new     (const InboxAttachmentInfo *info,
                                          const char                *message_id);
void       inbox_attachment_chip_save_to (InboxAttachmentChip       *self,
                                          GFile                     *file);

G_END_DECLS
