/* inbox-syncer-private.h: what the syncer's two files share (inbox-syncer.c, the account and the
 * Camel way; inbox-syncer-bulk.c, a folder on the bulk connection). Engine only.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <camel/camel.h>

#include "inbox-imap-fetch.h"
#include "inbox-ingest.h"
#include "inbox-store-private.h"
#include "inbox-syncer.h"

G_BEGIN_DECLS

/* The first batch of new mail is small, so the newest messages show at once; later ones grow to
 * large, because each commit (and each recompute of a conversation) costs the writer. */
#define FIRST_BATCH_SIZE 100
#define BATCH_SIZE 1000

typedef struct {
  char *full_name;
  const char *role;
  gint64 id;
} Folder;

struct _InboxSyncer
{
  GObject parent_instance;

  InboxSession *session;
  InboxStore *store;
  InboxAccountConfig *config;
  InboxSyncStats stats;
  GMainContext *context;    /* where "progress" and notifications are emitted */
  InboxSyncStatus status;   /* changed on that context only */
  char *error_message;
  char *progress_folder;    /* the progress properties: on that context only */
  guint progress_done;
  guint progress_total;

  /* Watching: the connection stays up between passes, with IDLE on INBOX. */
  CamelService *service;
  InboxImapFetch *fetch;    /* bulk bodies; NULL until needed, or when it failed this pass */
  GThread *bulk_connecting; /* connecting it beside Camel's connection, until joined */
  InboxImapFetch *bulk_connected;  /* what that thread made, or NULL with bulk_error */
  GError *bulk_error;
  GCancellable *bulk_cancellable;  /* that thread's: cancelled with the pass, or when dropped */
  GCancellable *bulk_pass;         /* the pass's, and the handler that passes its cancel on */
  gulong bulk_pass_handler;
  InboxStorePipeline *pipeline;
  gboolean fetch_failed;
  CamelFolder *inbox;
  Folder *inbox_entry;
  gulong inbox_changed_id;
  GMutex wake_lock;
  GCond wake;
  gboolean inbox_changed;
  gboolean full_requested;  /* the next pass covers every folder */
  gboolean folders_stale;   /* the next full pass lists the folders again (wake_lock) */
  GPtrArray *folders;       /* Folder: the last listing, while connected */
  gint64 folders_listed;    /* its monotonic time */
  guint poll_seconds;       /* between full passes while watching (wake_lock) */
  gint64 failing_since;     /* monotonic time of the first of a run of failed passes, or 0 */
  guint interruptions;      /* passes in a row cut off by a cancellation not ours (see watch) */
};

typedef struct {
  InboxParsedMessage *parsed;  /* NULL: a flag change or a removal */
  gint64 uid;
  guint flags;
  gboolean remove;
} Change;

typedef struct {
  InboxSyncer *self;
  Folder *folder;
  GPtrArray *changes;
  GHashTable *delivered;
  guint *fetched;
  guint to_fetch;
  gint64 cutoff;        /* messages received before it are outside the history window; 0: none */
} Bulk;

/* inbox-syncer.c */
void            inbox_syncer_change_free       (Change                      *change);
gboolean        inbox_syncer_flush_changes     (InboxSyncer                 *self,
                                                gint64                       folder_id,
                                                GPtrArray                   *changes,
                                                GError                     **error);
gboolean        inbox_syncer_flush_last        (InboxSyncer                 *self,
                                                gint64                       folder_id,
                                                GPtrArray                   *changes,
                                                const char                  *state_key,
                                                GError                     **error);
void            inbox_syncer_report_progress   (InboxSyncer                 *self,
                                                const char                  *folder,
                                                guint                        done,
                                                guint                        total);
InboxImapFetch *inbox_syncer_bulk_fetcher      (InboxSyncer                 *self,
                                                GCancellable                *cancellable);
gboolean        inbox_syncer_on_bulk_message   (gint64                       uid,
                                                guint                        flags,
                                                gint64                       internal_date,
                                                GBytes                      *message,
                                                gpointer                     user_data,
                                                GError                     **error);
gboolean        inbox_syncer_fetch_new         (InboxSyncer                 *self,
                                                CamelFolder                 *camel_folder,
                                                Folder                      *folder,
                                                GArray                      *wanted,
                                                GHashTable                  *wanted_flags,
                                                GPtrArray                   *changes,
                                                guint                       *fetched,
                                                guint                        to_fetch,
                                                GCancellable                *cancellable,
                                                GError                     **error);
gboolean        inbox_syncer_queue_removals    (InboxSyncer                 *self,
                                                Folder                      *folder,
                                                GHashTable                  *known,
                                                GHashTable                  *on_server,
                                                GPtrArray                   *changes,
                                                GError                     **error);

/* inbox-syncer-bulk.c */
gboolean        inbox_syncer_check_uidvalidity (InboxSyncer                 *self,
                                                Folder                      *folder,
                                                char                       **state_key,
                                                gboolean                    *unchanged,
                                                InboxImapFolderState        *since,
                                                InboxImapFolderState        *now,
                                                GCancellable                *cancellable,
                                                GError                     **error);
gboolean        inbox_syncer_sync_folder_bulk  (InboxSyncer                 *self,
                                                CamelFolder                 *camel_folder,
                                                Folder                      *folder,
                                                GHashTable                  *known,
                                                gint64                       cutoff,
                                                const char                  *state_key,
                                                const InboxImapFolderState  *since,
                                                const InboxImapFolderState  *now,
                                                gboolean                    *listed,
                                                GCancellable                *cancellable,
                                                GError                     **error);

/* inbox-syncer-folders.c */
void            inbox_syncer_folder_free       (Folder                      *folder);
gboolean        inbox_syncer_list_folders      (InboxSyncer                 *self,
                                                gboolean                     again,
                                                GCancellable                *cancellable,
                                                GError                     **error);

G_END_DECLS
