/* inbox-recipient-entry.h: an address field (To, Cc, Bcc) whose addresses become chips.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "inbox-engine.h"

G_BEGIN_DECLS

#define INBOX_TYPE_RECIPIENT_ENTRY (inbox_recipient_entry_get_type ())

G_DECLARE_FINAL_TYPE (InboxRecipientEntry, inbox_recipient_entry, INBOX, RECIPIENT_ENTRY, GtkWidget)

void      inbox_recipient_entry_set_store     (InboxRecipientEntry *self,
                                               InboxStore          *store);
char     *inbox_recipient_entry_dup_text      (InboxRecipientEntry *self);
void      inbox_recipient_entry_set_text      (InboxRecipientEntry *self,
                                               const char          *text);
gboolean  inbox_recipient_entry_check         (InboxRecipientEntry *self,
                                               GError             **error);
guint     inbox_recipient_entry_get_n_chips   (InboxRecipientEntry *self);
GtkEntry *inbox_recipient_entry_get_entry     (InboxRecipientEntry *self);

G_END_DECLS
