/* inbox-account-watcher.h: one account's sync kept running on a thread of its own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "inbox-engine.h"

G_BEGIN_DECLS

#define INBOX_TYPE_ACCOUNT_WATCHER (inbox_account_watcher_get_type ())

G_DECLARE_FINAL_TYPE (InboxAccountWatcher, inbox_account_watcher, INBOX, ACCOUNT_WATCHER, GObject)

InboxAccountWatcher *inbox_account_watcher_new        (InboxSession             *session,
                                                       InboxStore               *store,
                                                       const InboxAccountConfig *config,
                                                       guint                     poll_seconds);
const char          *inbox_account_watcher_get_uid    (InboxAccountWatcher      *self);
InboxSyncer         *inbox_account_watcher_get_syncer (InboxAccountWatcher      *self);
gboolean             inbox_account_watcher_stop       (InboxAccountWatcher      *self,
                                                       gint64                    deadline);
void                 inbox_account_watcher_cancel     (InboxAccountWatcher      *self);

G_END_DECLS
