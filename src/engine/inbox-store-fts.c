/* inbox-store-fts.c: the store's full-text rows, as the writer adds them.
 *
 * Rows wait until the end of the transaction. FTS5 writes what it holds in memory to a new
 * segment at every statement savepoint, and SQLite opens one for every statement that may fail
 * halfway (an INSERT with a UNIQUE key, an upsert) once FTS5 is part of the transaction: inserted
 * between those, each message became segments of its own, to be merged again later. Inserted
 * last, a batch is one segment (docs/benchmarks.md).
 *
 * Rows are keyed by date (migration 013-search-key.sql), so that FTS5's own order is date order.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "inbox-search.h"
#include "inbox-store-private.h"

#define MAX_PENDING_FTS_BYTES (16 * 1024 * 1024)

typedef struct {
  gint64 row;
  char *columns[INBOX_FTS_COLUMNS];   /* subject, sender, recipients_to, recipients_cc, body, filenames */
} PendingFtsRow;

static void
pending_fts_row_free (PendingFtsRow *pending)
{
  for (guint i = 0; i < INBOX_FTS_COLUMNS; i++)
    g_free (pending->columns[i]);
  g_free (pending);
}

gboolean
inbox_store_txn_flush_fts (InboxStoreTxn  *txn,
                           GError        **error)
{
  sqlite3_stmt *stmt;

  if (txn->fts_rows == NULL || txn->fts_rows->len == 0)
    return TRUE;
  stmt = inbox_db_prepare (txn->db,
      "INSERT INTO message_fts (rowid, subject, sender, recipients_to, recipients_cc, body, filenames) "
      "VALUES (?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < txn->fts_rows->len; i++)
    {
      PendingFtsRow *pending = txn->fts_rows->pdata[i];

      sqlite3_bind_int64 (stmt, 1, pending->row);
      for (guint column = 0; column < INBOX_FTS_COLUMNS; column++)
        inbox_db_bind_text (stmt, 2 + (int) column, pending->columns[column]);
      if (!inbox_db_step_done (txn->db, stmt, error))
        return FALSE;
    }
  g_ptr_array_set_size (txn->fts_rows, 0);
  txn->fts_bytes = 0;
  return TRUE;
}

gboolean
inbox_store_txn_queue_fts_row (InboxStoreTxn  *txn,
                               gint64          row,
                               const char     *columns[INBOX_FTS_COLUMNS],
                               GError        **error)
{
  PendingFtsRow *pending = g_new0 (PendingFtsRow, 1);

  if (txn->fts_rows == NULL)
    txn->fts_rows = g_ptr_array_new_with_free_func ((GDestroyNotify) pending_fts_row_free);
  pending->row = row;
  for (guint i = 0; i < INBOX_FTS_COLUMNS; i++)
    {
      pending->columns[i] = g_strdup (columns[i] != NULL ? columns[i] : "");
      txn->fts_bytes += strlen (pending->columns[i]);
    }
  g_ptr_array_add (txn->fts_rows, pending);
  /* A batch of huge texts is not held whole in memory. */
  return txn->fts_bytes < MAX_PENDING_FTS_BYTES || inbox_store_txn_flush_fts (txn, error);
}

/* The key of a message's full-text row: its date in seconds × 2^20, plus the next number free
 * within that second (migration 013 says why). Returns G_MININT64 on error. */
gint64
inbox_store_txn_next_search_key (InboxStoreTxn  *txn,
                                 gint64          date,
                                 GError        **error)
{
  sqlite3_stmt *stmt = inbox_db_prepare (txn->db,
      "SELECT coalesce (max (search_key) + 1, ?1) FROM messages WHERE search_key BETWEEN ?1 AND ?2", error);
  gint64 first = CLAMP (date, -INBOX_SEARCH_KEY_MAX_DATE, INBOX_SEARCH_KEY_MAX_DATE) * INBOX_SEARCH_KEYS_PER_SECOND;
  gint64 key = G_MININT64;
  int rc;

  if (stmt == NULL)
    return G_MININT64;
  sqlite3_bind_int64 (stmt, 1, first);
  sqlite3_bind_int64 (stmt, 2, first + INBOX_SEARCH_KEYS_PER_SECOND - 1);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    key = sqlite3_column_int64 (stmt, 0);
  else
    inbox_db_set_error (txn->db, rc, error);
  sqlite3_reset (stmt);
  return key;
}
