/* inbox-conversations-private.h: threading messages into conversations, and keeping each
 * conversation's summary and list rows current. Runs inside write transactions only.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "inbox-ingest.h"
#include "inbox-store-private.h"

G_BEGIN_DECLS

gint64   inbox_threading_assign   (InboxStoreTxn             *txn,
                                   const InboxParsedMessage  *parsed,
                                   GError                   **error);
gboolean inbox_conversations_flush (InboxStoreTxn            *txn,
                                    GError                  **error);

G_END_DECLS
