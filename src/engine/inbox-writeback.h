/* inbox-writeback.h: what the user did, replayed on the server. Engine-internal (the syncer's).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <camel/camel.h>

#include "inbox-account.h"
#include "inbox-store.h"

G_BEGIN_DECLS

typedef void (*InboxWritebackRefused) (const char *message,
                                       gpointer    data);

gboolean inbox_writeback_replay_sync (InboxStore                *inbox_store,
                                      const InboxAccountConfig  *config,
                                      CamelStore                *store,
                                      InboxWritebackRefused      refused,
                                      gpointer                   refused_data,
                                      guint                     *written_back,
                                      GCancellable              *cancellable,
                                      GError                   **error);

G_END_DECLS
