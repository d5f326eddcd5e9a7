/* inbox-store-private.h: how engine parts read and write the store. Not for front ends.
 *
 * Writes run as jobs on the store's one writer thread, each in one transaction. Reads borrow
 * a connection of their own (WAL: they never block the writer, and the writer never blocks them).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "inbox-ingest.h"
#include "inbox-store.h"

G_BEGIN_DECLS

typedef struct {
  InboxStore *store;
  InboxDb *db;
  GHashTable *dirty_conversations;  /* gint64* set: recomputed before commit */
  GPtrArray *changes;               /* InboxStoreChange*, emitted after commit */
  GHashTable *contacts;             /* address → what this transaction adds to it; written before commit */
  GPtrArray *fts_rows;              /* full-text rows to insert, last before commit (inbox-store-messages.c) */
  gsize fts_bytes;
} InboxStoreTxn;

typedef gboolean (*InboxStoreWriteFunc) (InboxStoreTxn  *txn,
                                         gpointer        user_data,
                                         GError        **error);
typedef gboolean (*InboxStoreReadFunc)  (InboxDb        *db,
                                         gpointer        user_data,
                                         GError        **error);

gboolean inbox_store_txn_flush_contacts  (InboxStoreTxn        *txn,
                                          GError              **error);
/* Full-text rows (inbox-store-fts.c): subject, sender, recipients_to, recipients_cc, body, filenames. */
#define INBOX_FTS_COLUMNS 6

gint64   inbox_store_txn_next_search_key (InboxStoreTxn       *txn,
                                          gint64               date,
                                          GError             **error);
gboolean inbox_store_txn_queue_fts_row   (InboxStoreTxn        *txn,
                                          gint64                row,
                                          const char           *columns[INBOX_FTS_COLUMNS],
                                          GError              **error);
gboolean inbox_store_txn_flush_fts       (InboxStoreTxn        *txn,
                                          GError              **error);
gboolean inbox_store_write_sync          (InboxStore           *self,
                                          InboxStoreWriteFunc   func,
                                          gpointer              user_data,
                                          GError              **error);
void     inbox_store_write_async         (InboxStore           *self,
                                          InboxStoreWriteFunc   func,
                                          gpointer              user_data,
                                          GDestroyNotify        user_data_free,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              callback_data);
gboolean inbox_store_write_finish        (InboxStore           *self,
                                          GAsyncResult         *result,
                                          GError              **error);
/* Runs on the writer thread when a queued job is done; error is NULL on success. */
typedef void (*InboxStoreDoneFunc) (GError   *error,
                                    gpointer  user_data);

void     inbox_store_write_queue         (InboxStore           *self,
                                          InboxStoreWriteFunc   func,
                                          gpointer              user_data,
                                          InboxStoreDoneFunc    done,
                                          gpointer              done_data);
/* A pipeline keeps a few write jobs in flight: the caller prepares the next batch (parsing,
 * fetching) while the writer stores the last ones. */
typedef struct _InboxStorePipeline InboxStorePipeline;

InboxStorePipeline *inbox_store_pipeline_new  (InboxStore           *store);
gboolean            inbox_store_pipeline_push (InboxStorePipeline   *pipeline,
                                               InboxStoreWriteFunc   func,
                                               gpointer              user_data,
                                               GDestroyNotify        user_data_free,
                                               GError              **error);
gboolean            inbox_store_pipeline_wait (InboxStorePipeline   *pipeline,
                                               GError              **error);
void                inbox_store_pipeline_free (InboxStorePipeline   *pipeline);

gboolean inbox_store_read                (InboxStore           *self,
                                          InboxStoreReadFunc    func,
                                          gpointer              user_data,
                                          GError              **error);

void     inbox_store_txn_touch_conversation (InboxStoreTxn     *txn,
                                             gint64             conversation_id);

void     inbox_store_change_free         (InboxStoreChange     *change);

void     inbox_context_defer             (GMainContext         *context,
                                          GSourceFunc           func,
                                          gpointer              data,
                                          GDestroyNotify        destroy);

G_END_DECLS

G_BEGIN_DECLS

typedef struct {
  gint64 message_row;      /* messages.id */
  gint64 conversation_id;
  gboolean added;          /* FALSE: the message was already stored (a new location at most) */
} InboxAddResult;

gint64   inbox_store_txn_ensure_account (InboxStoreTxn             *txn,
                                         const char                *name,
                                         const char                *email,
                                         const char                *kind,
                                         GError                   **error);
gint64   inbox_store_txn_ensure_folder  (InboxStoreTxn             *txn,
                                         gint64                     account_id,
                                         const char                *path,
                                         const char                *role,
                                         GError                   **error);
gint64   inbox_store_txn_account_id     (InboxStoreTxn             *txn,
                                         const char                *account_uid,
                                         GError                   **error);
gboolean inbox_store_txn_set_location_flags (InboxStoreTxn         *txn,
                                             gint64                 folder_id,
                                             gint64                 uid,
                                             guint                  flags,
                                             GError               **error);
gboolean inbox_store_txn_remove_location (InboxStoreTxn            *txn,
                                          gint64                    folder_id,
                                          gint64                    uid,
                                          GError                  **error);
gboolean inbox_store_txn_empty_folder    (InboxStoreTxn            *txn,
                                          gint64                    folder_id,
                                          GError                  **error);
gboolean inbox_store_txn_add_message    (InboxStoreTxn             *txn,
                                         gint64                     account_id,
                                         gint64                     folder_id,
                                         gint64                     uid,
                                         guint                      flags,
                                         const InboxParsedMessage  *parsed,
                                         InboxAddResult            *result,
                                         GError                   **error);

void     inbox_context_defer             (GMainContext         *context,
                                          GSourceFunc           func,
                                          gpointer              data,
                                          GDestroyNotify        destroy);

G_END_DECLS
