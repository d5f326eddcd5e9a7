/* inbox-store-outbox.c: the outbox table — mail on its way out, durable in every state.
 *
 * Queuing writes the whole message before anything is sent; each step of sending is recorded
 * before the next one starts (see InboxOutbox). A row is claimed by one process at a time: the
 * claim is one UPDATE on the writer, and SQLite's write lock keeps two processes (the app and
 * inbox-cli) from claiming the same row.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <unistd.h>

#include "inbox-store-outbox.h"
#include "inbox-store-private.h"

static const char * const state_names[] = {
  [INBOX_OUTBOX_QUEUED] = "queued",
  [INBOX_OUTBOX_SENDING] = "sending",
  [INBOX_OUTBOX_SENT_SMTP] = "sent-smtp",
  [INBOX_OUTBOX_SAVED_TO_SENT] = "saved-to-sent",
  [INBOX_OUTBOX_DONE] = "done",
  [INBOX_OUTBOX_FAILED] = "failed",
};

const char *
inbox_outbox_state_to_string (InboxOutboxState state)
{
  g_return_val_if_fail (state <= INBOX_OUTBOX_FAILED, "failed");
  return state_names[state];
}

static InboxOutboxState
state_from_string (const char *text)
{
  for (guint i = 0; i < G_N_ELEMENTS (state_names); i++)
    if (g_strcmp0 (text, state_names[i]) == 0)
      return i;
  return INBOX_OUTBOX_FAILED;
}

void
inbox_outbox_item_free (InboxOutboxItem *item)
{
  if (item == NULL)
    return;
  g_free (item->account_uid);
  g_free (item->message_id);
  g_free (item->error);
  g_free (item->subject);
  g_free (item->recipients);
  g_free (item);
}

#define ITEM_COLUMNS \
  "o.id, a.uid, o.message_id, o.state, o.send_at, o.scheduled, o.next_attempt, o.attempts, " \
  "o.owner_pid, o.error, o.subject, o.recipients"

static InboxOutboxItem *
item_from_row (sqlite3_stmt *stmt)
{
  InboxOutboxItem *item = g_new0 (InboxOutboxItem, 1);

  item->id = sqlite3_column_int64 (stmt, 0);
  item->account_uid = g_strdup (inbox_db_column_text (stmt, 1));
  item->message_id = g_strdup (inbox_db_column_text (stmt, 2));
  item->state = state_from_string (inbox_db_column_text (stmt, 3));
  item->send_at = sqlite3_column_int64 (stmt, 4);
  item->scheduled = sqlite3_column_int (stmt, 5) != 0;
  item->next_attempt = sqlite3_column_int64 (stmt, 6);
  item->attempts = (guint) sqlite3_column_int (stmt, 7);
  item->owner_pid = sqlite3_column_int64 (stmt, 8);
  item->error = g_strdup ((const char *) sqlite3_column_text (stmt, 9));
  item->subject = g_strdup (inbox_db_column_text (stmt, 10));
  item->recipients = g_strdup (inbox_db_column_text (stmt, 11));
  return item;
}

static gboolean
no_such_row (GError **error)
{
  g_set_error (error, INBOX_STORE_ERROR, INBOX_STORE_ERROR_NOT_FOUND,
               "That message is no longer waiting in the Outbox (it is being sent or was sent)");
  return FALSE;
}

/* --- queue ---------------------------------------------------------------------------------- */

typedef struct {
  const char *account_uid;
  GBytes *mime;
  const char *message_id;
  const char *subject;
  const char *recipients;
  gint64 send_at;
  gboolean scheduled;
  gint64 id;
} QueueJob;

static gboolean
queue_outgoing (InboxStoreTxn  *txn,
                gpointer        user_data,
                GError        **error)
{
  QueueJob *job = user_data;
  gsize size;
  gconstpointer data = g_bytes_get_data (job->mime, &size);
  gint64 account_id = inbox_store_txn_account_id (txn, job->account_uid, error);
  sqlite3_stmt *stmt;

  if (account_id <= 0)
    return FALSE;
  stmt = inbox_db_prepare (txn->db,
      "INSERT INTO outbox (account_id, message_id, send_at, scheduled, subject, recipients, mime, created) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, unixepoch ())", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, account_id);
  inbox_db_bind_text (stmt, 2, job->message_id);
  sqlite3_bind_int64 (stmt, 3, job->send_at);
  sqlite3_bind_int (stmt, 4, job->scheduled ? 1 : 0);
  inbox_db_bind_text (stmt, 5, job->subject != NULL ? job->subject : "");
  inbox_db_bind_text (stmt, 6, job->recipients != NULL ? job->recipients : "");
  sqlite3_bind_blob64 (stmt, 7, data, size, SQLITE_TRANSIENT);
  if (!inbox_db_step_done (txn->db, stmt, error))
    return FALSE;
  job->id = sqlite3_last_insert_rowid (inbox_db_handle (txn->db));
  return TRUE;
}

/* Puts a complete message in the outbox, to go out at send_at (now + the undo delay, or a Send
 * later time). Returns the row's id, or 0 on error. */
gint64
inbox_store_queue_outgoing_sync (InboxStore   *self,
                                 const char   *account_uid,
                                 GBytes       *mime,
                                 const char   *message_id,
                                 const char   *subject,
                                 const char   *recipients,
                                 gint64        send_at,
                                 gboolean      scheduled,
                                 GError      **error)
{
  QueueJob job = { account_uid, mime, message_id, subject, recipients, send_at, scheduled, 0 };

  g_return_val_if_fail (INBOX_IS_STORE (self), 0);
  g_return_val_if_fail (mime != NULL && message_id != NULL, 0);

  if (!inbox_store_write_sync (self, queue_outgoing, &job, error))
    return 0;
  return job.id;
}

/* --- unqueue, retry ------------------------------------------------------------------------- */

typedef struct {
  gint64 id;
  GBytes *mime;
} UnqueueJob;

static gboolean
unqueue_outgoing (InboxStoreTxn  *txn,
                  gpointer        user_data,
                  GError        **error)
{
  UnqueueJob *job = user_data;
  sqlite3_stmt *stmt = inbox_db_prepare (txn->db,
      "DELETE FROM outbox WHERE id = ? AND state IN ('queued', 'failed') RETURNING mime", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, job->id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    job->mime = g_bytes_new (sqlite3_column_blob (stmt, 0), (gsize) sqlite3_column_bytes (stmt, 0));
  /* Step to the end: RETURNING's change is only complete then. */
  while (rc == SQLITE_ROW)
    rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return inbox_db_set_error (txn->db, rc, error);
  return job->mime != NULL || no_such_row (error);
}

/* Takes a message back out of the outbox (Undo send, unschedule, edit a failed one) and returns
 * its bytes, for the composer. Fails once sending has started: then it can't be taken back. */
GBytes *
inbox_store_unqueue_outgoing_sync (InboxStore  *self,
                                   gint64       id,
                                   GError     **error)
{
  UnqueueJob job = { id, NULL };

  g_return_val_if_fail (INBOX_IS_STORE (self), NULL);

  if (!inbox_store_write_sync (self, unqueue_outgoing, &job, error))
    {
      g_clear_pointer (&job.mime, g_bytes_unref);
      return NULL;
    }
  return job.mime;
}

static gboolean
retry_outgoing (InboxStoreTxn  *txn,
                gpointer        user_data,
                GError        **error)
{
  gint64 *id = user_data;

  if (!inbox_db_run_with_id (txn->db,
          "UPDATE outbox SET state = 'queued', error = NULL, next_attempt = 0, owner_pid = NULL, "
          "  send_at = min (send_at, unixepoch ()) WHERE id = ? AND state = 'failed'", *id, error))
    return FALSE;
  return sqlite3_changes (inbox_db_handle (txn->db)) > 0 || no_such_row (error);
}

static gboolean
send_now (InboxStoreTxn  *txn,
          gpointer        user_data,
          GError        **error)
{
  gint64 *id = user_data;

  if (!inbox_db_run_with_id (txn->db,
          "UPDATE outbox SET send_at = min (send_at, unixepoch ()), next_attempt = 0 WHERE id = ? AND state = 'queued'",
          *id, error))
    return FALSE;
  return sqlite3_changes (inbox_db_handle (txn->db)) > 0 || no_such_row (error);
}

/* A scheduled (or waiting) message goes at once ("Send now"). */
gboolean
inbox_store_send_now_sync (InboxStore  *self,
                           gint64       id,
                           GError     **error)
{
  g_return_val_if_fail (INBOX_IS_STORE (self), FALSE);

  return inbox_store_write_sync (self, send_now, &id, error);
}

/* Sends a failed message again ("Send again"). */
gboolean
inbox_store_retry_outgoing_sync (InboxStore  *self,
                                 gint64       id,
                                 GError     **error)
{
  g_return_val_if_fail (INBOX_IS_STORE (self), FALSE);

  return inbox_store_write_sync (self, retry_outgoing, &id, error);
}

static gboolean
skip_backoff (InboxStoreTxn  *txn,
              gpointer        user_data,
              GError        **error)
{
  return inbox_db_exec (txn->db, "UPDATE outbox SET next_attempt = 0 WHERE state = 'queued' AND next_attempt > 0", error);
}

/* Queued messages waiting out a backoff may go at once (the account is back, or a person asked). */
gboolean
inbox_store_outbox_skip_backoff_sync (InboxStore  *self,
                                      GError     **error)
{
  g_return_val_if_fail (INBOX_IS_STORE (self), FALSE);

  return inbox_store_write_sync (self, skip_backoff, NULL, error);
}

/* --- read ----------------------------------------------------------------------------------- */

typedef struct {
  gboolean include_done;
  GPtrArray *result;
} ListJob;

static gboolean
read_outbox (InboxDb   *db,
             gpointer   user_data,
             GError   **error)
{
  ListJob *job = user_data;
  sqlite3_stmt *stmt = inbox_db_prepare (db,
      "SELECT " ITEM_COLUMNS " FROM outbox o JOIN accounts a ON a.id = o.account_id "
      "WHERE ?1 OR o.state != 'done' ORDER BY o.send_at, o.id", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, job->include_done ? 1 : 0);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (job->result, item_from_row (stmt));
  sqlite3_reset (stmt);
  return TRUE;
}

/* What is in the outbox (oldest due first); done ones too with include_done. */
GPtrArray *
inbox_store_list_outbox_sync (InboxStore  *self,
                              gboolean     include_done,
                              GError     **error)
{
  g_autoptr(GPtrArray) result = g_ptr_array_new_with_free_func ((GDestroyNotify) inbox_outbox_item_free);
  ListJob job = { include_done, result };

  g_return_val_if_fail (INBOX_IS_STORE (self), NULL);

  if (!inbox_store_read (self, read_outbox, &job, error))
    return NULL;
  return g_steal_pointer (&result);
}

typedef struct {
  gint64 due;
} DueJob;

static gboolean
read_next_due (InboxDb   *db,
               gpointer   user_data,
               GError   **error)
{
  DueJob *job = user_data;
  sqlite3_stmt *stmt = inbox_db_prepare (db,
      "SELECT min (max (send_at, next_attempt)) FROM outbox WHERE state = 'queued'", error);

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    job->due = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return TRUE;
}

/* When the next queued message is due (unix time), or -1 when nothing waits. */
gint64
inbox_store_outbox_next_due_sync (InboxStore  *self,
                                  GError     **error)
{
  DueJob job = { -1 };

  g_return_val_if_fail (INBOX_IS_STORE (self), -1);

  if (!inbox_store_read (self, read_next_due, &job, error))
    return -1;
  return job.due;
}

typedef struct {
  gint64 id;
  GBytes *mime;
} MimeJob;

static gboolean
read_mime (InboxDb   *db,
           gpointer   user_data,
           GError   **error)
{
  MimeJob *job = user_data;
  sqlite3_stmt *stmt = inbox_db_prepare (db, "SELECT mime FROM outbox WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, job->id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    job->mime = g_bytes_new (sqlite3_column_blob (stmt, 0), (gsize) sqlite3_column_bytes (stmt, 0));
  sqlite3_reset (stmt);
  return job->mime != NULL || no_such_row (error);
}

GBytes *
inbox_store_get_outgoing_mime_sync (InboxStore  *self,
                                    gint64       id,
                                    GError     **error)
{
  MimeJob job = { id, NULL };

  g_return_val_if_fail (INBOX_IS_STORE (self), NULL);

  if (!inbox_store_read (self, read_mime, &job, error))
    return NULL;
  return job.mime;
}

/* --- where a message is on the server ------------------------------------------------------- */

typedef struct {
  const char *message_id;
  char *account_uid;
  char *folder_path;
  gint64 uid;
} LocateJob;

static gboolean
read_location (InboxDb   *db,
               gpointer   user_data,
               GError   **error)
{
  LocateJob *job = user_data;
  sqlite3_stmt *stmt = inbox_db_prepare (db,
      "SELECT a.uid, f.path, l.uid FROM messages m JOIN message_locations l ON l.message_id = m.id "
      "JOIN folders f ON f.id = l.folder_id JOIN accounts a ON a.id = m.account_id "
      "WHERE m.message_id = ? AND l.uid > 0 AND a.kind = 'imap' LIMIT 1", error);

  if (stmt == NULL)
    return FALSE;
  inbox_db_bind_text (stmt, 1, job->message_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      job->account_uid = g_strdup (inbox_db_column_text (stmt, 0));
      job->folder_path = g_strdup (inbox_db_column_text (stmt, 1));
      job->uid = sqlite3_column_int64 (stmt, 2);
    }
  sqlite3_reset (stmt);
  if (job->account_uid == NULL)
    g_set_error (error, INBOX_STORE_ERROR, INBOX_STORE_ERROR_NOT_FOUND,
                 "The message is not on a server yet (or no more)");
  return job->account_uid != NULL;
}

/* Where a message (by Message-ID) is on its IMAP server: the account, the folder, the UID. */
gboolean
inbox_store_locate_message_sync (InboxStore  *self,
                                 const char  *message_id,
                                 char       **account_uid,
                                 char       **folder_path,
                                 gint64      *uid,
                                 GError     **error)
{
  LocateJob job = { message_id, NULL, NULL, 0 };

  g_return_val_if_fail (INBOX_IS_STORE (self), FALSE);

  if (!inbox_store_read (self, read_location, &job, error))
    return FALSE;
  *account_uid = job.account_uid;
  *folder_path = job.folder_path;
  *uid = job.uid;
  return TRUE;
}

/* --- discard if someone replies ------------------------------------------------------------- */

typedef struct {
  gint64 id;
  const char *in_reply_to;
} DiscardJob;

static gboolean
set_discard_if_reply (InboxStoreTxn  *txn,
                      gpointer        user_data,
                      GError        **error)
{
  DiscardJob *job = user_data;
  sqlite3_stmt *stmt = inbox_db_prepare (txn->db,
      "UPDATE outbox SET discard_if_reply = 1, in_reply_to = ? WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  inbox_db_bind_text (stmt, 1, job->in_reply_to);
  sqlite3_bind_int64 (stmt, 2, job->id);
  return inbox_db_step_done (txn->db, stmt, error);
}

gboolean
inbox_store_set_discard_if_reply_sync (InboxStore  *self,
                                       gint64       id,
                                       const char  *in_reply_to,
                                       GError     **error)
{
  DiscardJob job = { id, in_reply_to };

  g_return_val_if_fail (INBOX_IS_STORE (self), FALSE);

  return inbox_store_write_sync (self, set_discard_if_reply, &job, error);
}

typedef struct {
  gint64 id;
  gboolean found;
} ReplyJob;

static gboolean
read_reply_since (InboxDb   *db,
                  gpointer   user_data,
                  GError   **error)
{
  ReplyJob *job = user_data;
  /* A message in the conversation of the one answered, newer than the scheduling, from an address
   * that is none of the accounts' or their aliases'. */
  sqlite3_stmt *stmt = inbox_db_prepare (db,
      "SELECT 1 FROM outbox o JOIN thread_ids t ON t.message_id = o.in_reply_to "
      "JOIN messages m ON m.conversation_id = t.conversation_id "
      "WHERE o.id = ? AND o.discard_if_reply AND m.date > o.created "
      "  AND m.from_address NOT IN (SELECT email FROM accounts WHERE email IS NOT NULL) "
      "  AND m.from_address NOT IN (SELECT address FROM identities) LIMIT 1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, job->id);
  job->found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  return TRUE;
}

/* Whether someone else answered in the conversation since the message was scheduled (only for a
 * row marked "discard if someone replies"). */
gboolean
inbox_store_has_reply_since_sync (InboxStore  *self,
                                  gint64       id,
                                  GError     **error)
{
  ReplyJob job = { id, FALSE };

  g_return_val_if_fail (INBOX_IS_STORE (self), FALSE);

  return inbox_store_read (self, read_reply_since, &job, error) && job.found;
}

/* --- the sender's steps --------------------------------------------------------------------- */

typedef struct {
  gint64 now;
  InboxOutboxItem *item;
} ClaimJob;

static gboolean
claim_outgoing (InboxStoreTxn  *txn,
                gpointer        user_data,
                GError        **error)
{
  ClaimJob *job = user_data;
  sqlite3_stmt *stmt = inbox_db_prepare (txn->db,
      "UPDATE outbox SET state = 'sending', attempts = attempts + 1, owner_pid = ?2 "
      "WHERE id = (SELECT id FROM outbox WHERE state = 'queued' AND send_at <= ?1 AND next_attempt <= ?1 "
      "            ORDER BY send_at, id LIMIT 1) RETURNING id", error);
  gint64 id = 0;
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, job->now);
  sqlite3_bind_int64 (stmt, 2, getpid ());
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  while (rc == SQLITE_ROW)
    rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return inbox_db_set_error (txn->db, rc, error);
  if (id == 0)
    return TRUE;

  stmt = inbox_db_prepare (txn->db,
      "SELECT " ITEM_COLUMNS " FROM outbox o JOIN accounts a ON a.id = o.account_id WHERE o.id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    job->item = item_from_row (stmt);
  sqlite3_reset (stmt);
  return TRUE;
}

/* Takes the next due queued message for this process and marks it 'sending' (recorded before
 * anything goes to the server). NULL with no error when nothing is due. */
InboxOutboxItem *
inbox_store_claim_outgoing_sync (InboxStore  *self,
                                 gint64       now,
                                 GError     **error)
{
  ClaimJob job = { now, NULL };

  g_return_val_if_fail (INBOX_IS_STORE (self), NULL);

  if (!inbox_store_write_sync (self, claim_outgoing, &job, error))
    {
      g_clear_pointer (&job.item, inbox_outbox_item_free);
      return NULL;
    }
  return job.item;
}

typedef struct {
  gint64 id;
  InboxOutboxState state;
  const char *error_text;
  gint64 next_attempt;
} StateJob;

static gboolean
set_state (InboxStoreTxn  *txn,
           gpointer        user_data,
           GError        **error)
{
  StateJob *job = user_data;
  gboolean settled = job->state == INBOX_OUTBOX_QUEUED || job->state == INBOX_OUTBOX_DONE ||
                     job->state == INBOX_OUTBOX_FAILED;
  sqlite3_stmt *stmt = inbox_db_prepare (txn->db,
      "UPDATE outbox SET state = ?2, error = ?3, next_attempt = ?4, "
      "  owner_pid = CASE WHEN ?5 THEN NULL ELSE owner_pid END, "
      "  finished = CASE WHEN ?2 = 'done' THEN unixepoch () ELSE NULL END WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, job->id);
  inbox_db_bind_text (stmt, 2, inbox_outbox_state_to_string (job->state));
  inbox_db_bind_text (stmt, 3, job->error_text);
  sqlite3_bind_int64 (stmt, 4, job->next_attempt);
  sqlite3_bind_int (stmt, 5, settled ? 1 : 0);
  return inbox_db_step_done (txn->db, stmt, error);
}

/* Records one step. Queued, done and failed rows belong to no process any more. error_text is
 * kept for the UI (a transient error stays on a re-queued row until the next attempt). */
gboolean
inbox_store_set_outgoing_state_sync (InboxStore        *self,
                                     gint64             id,
                                     InboxOutboxState   state,
                                     const char        *error_text,
                                     gint64             next_attempt,
                                     GError           **error)
{
  StateJob job = { id, state, error_text, next_attempt };

  g_return_val_if_fail (INBOX_IS_STORE (self), FALSE);

  return inbox_store_write_sync (self, set_state, &job, error);
}

typedef struct {
  gint64 id;
  gint64 from_pid;
} AdoptJob;

static gboolean
adopt_outgoing (InboxStoreTxn  *txn,
                gpointer        user_data,
                GError        **error)
{
  AdoptJob *job = user_data;
  sqlite3_stmt *stmt = inbox_db_prepare (txn->db,
      "UPDATE outbox SET owner_pid = ?3 WHERE id = ?1 AND owner_pid IS ?2", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, job->id);
  if (job->from_pid > 0)
    sqlite3_bind_int64 (stmt, 2, job->from_pid);
  else
    sqlite3_bind_null (stmt, 2);
  sqlite3_bind_int64 (stmt, 3, getpid ());
  if (!inbox_db_step_done (txn->db, stmt, error))
    return FALSE;
  return sqlite3_changes (inbox_db_handle (txn->db)) > 0 || no_such_row (error);
}

/* Takes over a row a dead process left between 'sending' and 'done' (only if from_pid still
 * owns it, so two survivors never both take it). */
gboolean
inbox_store_adopt_outgoing_sync (InboxStore  *self,
                                 gint64       id,
                                 gint64       from_pid,
                                 GError     **error)
{
  AdoptJob job = { id, from_pid };

  g_return_val_if_fail (INBOX_IS_STORE (self), FALSE);

  return inbox_store_write_sync (self, adopt_outgoing, &job, error);
}
