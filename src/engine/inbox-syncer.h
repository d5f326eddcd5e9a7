/* inbox-syncer.h: one account's IMAP mail into the store.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "inbox-account.h"
#include "inbox-session.h"
#include "inbox-store.h"

G_BEGIN_DECLS

#define INBOX_TYPE_SYNCER (inbox_syncer_get_type ())

G_DECLARE_FINAL_TYPE (InboxSyncer, inbox_syncer, INBOX, SYNCER, GObject)

typedef enum {
  INBOX_SYNC_STATUS_IDLE,
  INBOX_SYNC_STATUS_SYNCING,
  INBOX_SYNC_STATUS_ERROR,                  /* the last pass failed; the next one retries */
  INBOX_SYNC_STATUS_AUTHENTICATION_FAILED,  /* the password no longer works: re-add the account */
  INBOX_SYNC_STATUS_DISCONNECTED,           /* unreachable for 30 minutes: offer Reconnect */
  INBOX_SYNC_STATUS_CERTIFICATE_UNTRUSTED,  /* the server's certificate is not the one trusted: to review */
} InboxSyncStatus;

typedef struct {
  guint folders;
  guint added;        /* messages new to the store */
  guint flags;        /* flag changes from the server */
  guint removed;      /* locations gone from the server (expunged or moved away) */
  guint written_back; /* queued actions the server took */
  guint bulk;         /* of the added, how many came through the bulk fetch */
  guint unchanged;    /* folders not listed, as EXAMINE showed nothing changed since the last sync */
  guint incremental;  /* folders not listed whole: only what changed since the last sync was asked for */
  gboolean listed;    /* the folder list was asked of the server (not a watching syncer's steady poll) */
} InboxSyncStats;

InboxSyncer          *inbox_syncer_new       (InboxSession              *session,
                                              InboxStore                *store,
                                              const InboxAccountConfig  *config);
gboolean              inbox_syncer_sync_sync (InboxSyncer               *self,
                                              GCancellable              *cancellable,
                                              GError                   **error);
gboolean              inbox_syncer_poll_sync (InboxSyncer               *self,
                                              GCancellable              *cancellable,
                                              GError                   **error);
gboolean              inbox_syncer_watch_sync (InboxSyncer              *self,
                                               guint                     poll_seconds,
                                               GCancellable             *cancellable,
                                               GError                  **error);
void                  inbox_syncer_set_poll_interval (InboxSyncer       *self,
                                                      guint              seconds);
void                  inbox_syncer_wake      (InboxSyncer               *self);
void                  inbox_syncer_wake_full (InboxSyncer               *self);
const InboxSyncStats *inbox_syncer_get_stats (InboxSyncer               *self);
InboxSyncStatus       inbox_syncer_get_status (InboxSyncer              *self);
const char           *inbox_syncer_get_error_message (InboxSyncer       *self);
gboolean              inbox_syncer_get_progress (InboxSyncer            *self,
                                                 const char            **folder,
                                                 guint                  *done,
                                                 guint                  *total);

G_END_DECLS
