/* inbox-outbox.h: sends what the outbox holds, exactly once, and keeps a copy in Sent.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "inbox-session.h"
#include "inbox-store.h"

G_BEGIN_DECLS

#define INBOX_TYPE_OUTBOX (inbox_outbox_get_type ())

G_DECLARE_FINAL_TYPE (InboxOutbox, inbox_outbox, INBOX, OUTBOX, GObject)

typedef struct {
  guint sent;        /* accepted by the SMTP server in this pass */
  guint deferred;    /* transient errors: queued again with a backoff */
  guint failed;      /* permanent errors: kept with the server's words */
  guint reconciled;  /* left by a process that died, settled in this pass */
} InboxOutboxStats;

InboxOutbox            *inbox_outbox_new       (InboxSession   *session,
                                                InboxStore     *store);
gboolean                inbox_outbox_run_sync  (InboxOutbox    *self,
                                                GCancellable   *cancellable,
                                                GError        **error);
const InboxOutboxStats *inbox_outbox_get_stats (InboxOutbox    *self);
char                  **inbox_outbox_dup_password_refused (InboxOutbox *self);
GBytes                 *inbox_outbox_fetch_message_sync (InboxOutbox   *self,
                                                         const char    *message_id,
                                                         GCancellable  *cancellable,
                                                         GError       **error);
gboolean                inbox_outbox_save_draft_sync (InboxOutbox   *self,
                                                      const char    *account_uid,
                                                      GBytes        *mime,
                                                      const char    *replaces_message_id,
                                                      GCancellable  *cancellable,
                                                      GError       **error);

G_END_DECLS
