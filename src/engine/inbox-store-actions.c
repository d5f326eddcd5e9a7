/* inbox-store-actions.c: what the user does to conversations — read, star, archive, trash, spam,
 * move, label (a copy into a folder), delete forever, and moving back (Undo).
 *
 * Each changes the store at once and queues a pending_actions row in the same transaction, for
 * the syncer to replay on the server (inbox-writeback.c). A moved copy waits under a negative
 * placeholder UID until the server names it. A role the account lacks fails with "Mailboxes not
 * configured", never silently.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "inbox-conversations-private.h"
#include "inbox-store-private.h"

/* --- flags ---------------------------------------------------------------------------------- */

typedef struct {
  gint64 conversation_id;
  guint set;
  guint clear;
} SetFlags;

static gboolean
set_conversation_flags (InboxStoreTxn  *txn,
                        gpointer        user_data,
                        GError        **error)
{
  SetFlags *data = user_data;
  static const char * const statements[] = {
    /* The server learns it later: one queued action per IMAP copy that changes (before the update,
     * which would hide what changes). */
    "INSERT INTO pending_actions (account_id, kind, folder_path, uid, set_flags, clear_flags, created, message_id) "
    "SELECT f.account_id, 'flags', f.path, l.uid, ?2, ?3, strftime ('%s', 'now'), m.message_id "
    "FROM messages m JOIN message_locations l ON l.message_id = m.id JOIN folders f ON f.id = l.folder_id "
    "JOIN accounts a ON a.id = f.account_id "
    "WHERE m.conversation_id = ?1 AND a.kind = 'imap' AND ((l.flags | ?2) & ~?3) <> l.flags",
    "UPDATE message_locations SET flags = (flags | ?2) & ~?3 "
    "WHERE message_id IN (SELECT id FROM messages WHERE conversation_id = ?1)",
    "UPDATE messages SET flags = (flags | ?2) & ~?3 WHERE conversation_id = ?1",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (statements); i++)
    {
      sqlite3_stmt *stmt = inbox_db_prepare (txn->db, statements[i], error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, data->conversation_id);
      sqlite3_bind_int (stmt, 2, (int) data->set);
      sqlite3_bind_int (stmt, 3, (int) data->clear);
      if (!inbox_db_step_done (txn->db, stmt, error))
        return FALSE;
    }

  inbox_store_txn_touch_conversation (txn, data->conversation_id);
  return TRUE;
}

/* Sets and clears flags on every message of a conversation (mark read, star…): at once in the
 * store, and queued for the server in the same transaction (inbox-syncer.c replays the queue). */
gboolean
inbox_store_set_conversation_flags_sync (InboxStore  *self,
                                         gint64       conversation_id,
                                         guint        set,
                                         guint        clear,
                                         GError     **error)
{
  SetFlags data = { inbox_store_resolve_conversation (self, conversation_id), set, clear };

  return inbox_store_write_sync (self, set_conversation_flags, &data, error);
}

/* --- moves, copies and deletion ------------------------------------------------------------- */

typedef enum {
  TRANSFER_MOVE,
  TRANSFER_COPY,
  TRANSFER_DELETE,
} TransferKind;

typedef struct {
  gint64 conversation_id;
  TransferKind kind;
  const char *role;         /* the target by role… */
  const char *folder_path;  /* …or by path (in each account holding the conversation) */
  const char *from_role;    /* an undo: take only what is in this role's folder */
} TransferJob;

/* Which copies a transfer takes. To a role: archive takes what is in the Inbox; trash everything
 * not in Trash; junk what is not in Junk or Trash; inbox (not spam) what is in Junk. To a folder:
 * what is in the Inbox, a plain folder or the Archive. Copies (labels) take every message once;
 * deleting forever takes only what is in Trash or Junk. */
static const char *
sources_for (const TransferJob *job)
{
  if (job->kind == TRANSFER_DELETE)
    return "f.role IN ('trash', 'junk')";
  if (job->kind == TRANSFER_COPY)
    return "l.folder_id = (SELECT min (l2.folder_id) FROM message_locations l2 JOIN folders f2 ON f2.id = l2.folder_id "
           "  WHERE l2.message_id = l.message_id AND f2.account_id = f.account_id) "
           "AND NOT EXISTS (SELECT 1 FROM message_locations l3 JOIN folders f3 ON f3.id = l3.folder_id "
           "  WHERE l3.message_id = l.message_id AND f3.account_id = f.account_id AND f3.path = ?3)";
  if (job->folder_path != NULL)
    return "f.role IN ('inbox', 'none', 'archive') AND f.path <> ?3";
  if (g_str_equal (job->role, "archive"))
    return "f.role = 'inbox'";
  if (g_str_equal (job->role, "trash"))
    return "f.role IN ('inbox', 'none', 'archive', 'junk', 'sent', 'drafts')";
  if (g_str_equal (job->role, "junk"))
    return "f.role IN ('inbox', 'none', 'archive')";
  return "f.role = 'junk'";
}

static gboolean
check_target (InboxStoreTxn      *txn,
              const TransferJob  *job,
              GError            **error)
{
  static const char * const names[][2] = {
    { "archive", "Archive" }, { "trash", "Trash" }, { "junk", "Junk (Spam)" }, { "inbox", "Inbox" },
  };
  sqlite3_stmt *stmt;
  const char *name = job->folder_path != NULL ? job->folder_path : job->role;
  int missing;

  if (job->kind == TRANSFER_DELETE)
    return TRUE;

  /* Every account holding the conversation needs the target, or the action fails plainly. */
  stmt = inbox_db_prepare (txn->db,
      "SELECT count(*) FROM (SELECT DISTINCT f.account_id FROM messages m "
      "  JOIN message_locations l ON l.message_id = m.id JOIN folders f ON f.id = l.folder_id "
      "  WHERE m.conversation_id = ?1) held "
      "WHERE NOT EXISTS (SELECT 1 FROM folders t WHERE t.account_id = held.account_id "
      "  AND (CASE WHEN ?3 IS NULL THEN t.role = ?2 ELSE t.path = ?3 END))", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, job->conversation_id);
  inbox_db_bind_text (stmt, 2, job->role);
  inbox_db_bind_text (stmt, 3, job->folder_path);
  missing = sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int (stmt, 0) : 0;
  sqlite3_reset (stmt);
  if (missing == 0)
    return TRUE;

  if (job->folder_path != NULL)
    g_set_error (error, INBOX_STORE_ERROR, INBOX_STORE_ERROR_NOT_FOUND, "There is no folder “%s” in that account", name);
  else
    {
      for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
        if (g_str_equal (names[i][0], job->role))
          name = names[i][1];
      g_set_error (error, INBOX_STORE_ERROR, INBOX_STORE_ERROR_NO_FOLDER_ROLE,
                   "Mailboxes not configured: no %s folder. Choose which folder is the %s folder under "
                   "Special Folders in Preferences (or with inbox-cli folder-role).", name, name);
    }
  return FALSE;
}

static gboolean
queue_transfer (InboxStoreTxn  *txn,
                const char     *kind,
                gint64          account_id,
                const char     *path,
                gint64          uid,
                const char     *target_path,
                gint64          target_uid,
                gint64          message_row,
                GError        **error)
{
  sqlite3_stmt *stmt = inbox_db_prepare (txn->db,
      "INSERT INTO pending_actions (account_id, kind, folder_path, uid, target_path, target_uid, created, message_id) "
      "VALUES (?, ?, ?, ?, ?, ?, strftime ('%s', 'now'), (SELECT message_id FROM messages WHERE id = ?))", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, account_id);
  inbox_db_bind_text (stmt, 2, kind);
  inbox_db_bind_text (stmt, 3, path);
  sqlite3_bind_int64 (stmt, 4, uid);
  inbox_db_bind_text (stmt, 5, target_path);
  if (target_uid != 0)
    sqlite3_bind_int64 (stmt, 6, target_uid);
  else
    sqlite3_bind_null (stmt, 6);
  sqlite3_bind_int64 (stmt, 7, message_row);
  return inbox_db_step_done (txn->db, stmt, error);
}

/* A copy waits under a negative UID until the server gives it one; the next sync of the target
 * folder finds it there, and the placeholder leaves with the removals. */
static gint64
placeholder_uid (InboxStoreTxn  *txn,
                 gint64          folder_id,
                 GError        **error)
{
  sqlite3_stmt *stmt = inbox_db_prepare (txn->db,
      "SELECT min (0, coalesce (min (uid), 0)) - 1 FROM message_locations WHERE folder_id = ?", error);
  gint64 uid = -1;

  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, folder_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    uid = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return uid;
}

typedef struct {
  gint64 message_row;
  gint64 folder_id;
  gint64 uid;
  gint64 account_id;
  gint64 target_id;
  guint flags;
  gboolean imap;
  char *path;
  char *target_path;
} Source;

static void
source_clear (gpointer data)
{
  Source *source = data;
  g_free (source->path);
  g_free (source->target_path);
}

static gboolean
transfer_conversation (InboxStoreTxn  *txn,
                       gpointer        user_data,
                       GError        **error)
{
  TransferJob *job = user_data;
  g_autofree char *sql = g_strdup_printf (
      "SELECT l.message_id, l.folder_id, l.uid, f.account_id, l.flags, a.kind = 'imap', f.path, t.id, t.path "
      "FROM messages m JOIN message_locations l ON l.message_id = m.id JOIN folders f ON f.id = l.folder_id "
      "JOIN accounts a ON a.id = f.account_id "
      "LEFT JOIN folders t ON t.account_id = f.account_id AND (CASE WHEN ?3 IS NULL THEN t.role = ?2 ELSE t.path = ?3 END) "
      "WHERE m.conversation_id = ?1 AND %s", job->from_role != NULL ? "f.role = ?4" : sources_for (job));
  g_autoptr(GArray) sources = g_array_new (FALSE, TRUE, sizeof (Source));
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_array_set_clear_func (sources, source_clear);
  if (!check_target (txn, job, error))
    return FALSE;

  rc = sqlite3_prepare_v2 (inbox_db_handle (txn->db), sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return inbox_db_set_error (txn->db, rc, error);
  sqlite3_bind_int64 (stmt, 1, job->conversation_id);
  inbox_db_bind_text (stmt, 2, job->role);
  inbox_db_bind_text (stmt, 3, job->folder_path);
  if (job->from_role != NULL)
    inbox_db_bind_text (stmt, 4, job->from_role);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Source source = {
        sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 1), sqlite3_column_int64 (stmt, 2),
        sqlite3_column_int64 (stmt, 3), sqlite3_column_int64 (stmt, 7), (guint) sqlite3_column_int (stmt, 4),
        sqlite3_column_int (stmt, 5) != 0, g_strdup (inbox_db_column_text (stmt, 6)),
        g_strdup ((const char *) sqlite3_column_text (stmt, 8)),
      };
      g_array_append_val (sources, source);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return inbox_db_set_error (txn->db, rc, error);

  if (job->kind == TRANSFER_DELETE && sources->len == 0)
    {
      g_set_error (error, INBOX_STORE_ERROR, INBOX_STORE_ERROR_NOT_FOUND,
                   "Deleting forever works on mail in Trash or Spam: move the conversation to the Trash first");
      return FALSE;
    }

  for (guint i = 0; i < sources->len; i++)
    {
      Source *source = &g_array_index (sources, Source, i);
      static const char * const kinds[] = { "move", "copy", "delete" };
      gint64 uid = 0;

      if (job->kind != TRANSFER_DELETE && (uid = placeholder_uid (txn, source->target_id, error)) == 0)
        return FALSE;
      /* A source that is itself a placeholder (moved, not yet replayed) is queued all the same: the
       * replay of the earlier move gives it its real UID first. */
      if (source->imap && source->uid != 0 &&
          !queue_transfer (txn, kinds[job->kind], source->account_id, source->path, source->uid, source->target_path,
                           uid, source->message_row, error))
        return FALSE;

      if (job->kind == TRANSFER_DELETE)
        {
          if (!inbox_store_txn_remove_location (txn, source->folder_id, source->uid, error))
            return FALSE;
          continue;
        }

      stmt = inbox_db_prepare (txn->db, job->kind == TRANSFER_MOVE ?
          "UPDATE OR REPLACE message_locations SET folder_id = ?3, uid = ?4 WHERE folder_id = ?1 AND uid = ?2" :
          "INSERT OR IGNORE INTO message_locations (message_id, folder_id, uid, flags) VALUES (?5, ?3, ?4, ?6)", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, source->folder_id);
      sqlite3_bind_int64 (stmt, 2, source->uid);
      sqlite3_bind_int64 (stmt, 3, source->target_id);
      sqlite3_bind_int64 (stmt, 4, uid);
      if (job->kind == TRANSFER_COPY)
        {
          sqlite3_bind_int64 (stmt, 5, source->message_row);
          sqlite3_bind_int (stmt, 6, (int) source->flags);
        }
      if (!inbox_db_step_done (txn->db, stmt, error))
        return FALSE;
    }

  inbox_store_txn_touch_conversation (txn, job->conversation_id);
  return TRUE;
}

static gboolean
transfer (InboxStore   *self,
          TransferJob  *job,
          GError      **error)
{
  job->conversation_id = inbox_store_resolve_conversation (self, job->conversation_id);
  return inbox_store_write_sync (self, transfer_conversation, job, error);
}

/* Archive, trash, spam or "not spam" (role "archive", "trash", "junk" or "inbox"): the copies
 * move in the store at once, and the moves are queued for the server in the same transaction.
 * A role the account has no folder for fails with "Mailboxes not configured". */
gboolean
inbox_store_move_conversation_sync (InboxStore  *self,
                                    gint64       conversation_id,
                                    const char  *role,
                                    GError     **error)
{
  TransferJob job = { conversation_id, TRANSFER_MOVE, role, NULL, NULL };

  g_return_val_if_fail (INBOX_IS_STORE (self), FALSE);
  g_return_val_if_fail (g_strv_contains ((const char *[]) { "archive", "trash", "junk", "inbox", NULL }, role), FALSE);

  return transfer (self, &job, error);
}

/* The undo of archive, trash or spam: what is in that role's folder goes back to the Inbox,
 * queued for the server like any move. (Mail trashed from Sent comes back to the Inbox too.) */
gboolean
inbox_store_move_conversation_back_sync (InboxStore  *self,
                                         gint64       conversation_id,
                                         const char  *from_role,
                                         GError     **error)
{
  TransferJob job = { conversation_id, TRANSFER_MOVE, "inbox", NULL, from_role };

  g_return_val_if_fail (INBOX_IS_STORE (self), FALSE);
  g_return_val_if_fail (g_strv_contains ((const char *[]) { "archive", "trash", "junk", NULL }, from_role), FALSE);

  return transfer (self, &job, error);
}

/* Moves the conversation out of the Inbox, plain folders and Archive into a folder (by path). */
gboolean
inbox_store_move_conversation_to_folder_sync (InboxStore  *self,
                                              gint64       conversation_id,
                                              const char  *folder_path,
                                              GError     **error)
{
  TransferJob job = { conversation_id, TRANSFER_MOVE, NULL, folder_path };

  g_return_val_if_fail (INBOX_IS_STORE (self), FALSE);
  return transfer (self, &job, error);
}

/* Labels the conversation with a folder (the folder model of labels): each message is copied there. */
gboolean
inbox_store_copy_conversation_to_folder_sync (InboxStore  *self,
                                              gint64       conversation_id,
                                              const char  *folder_path,
                                              GError     **error)
{
  TransferJob job = { conversation_id, TRANSFER_COPY, NULL, folder_path };

  g_return_val_if_fail (INBOX_IS_STORE (self), FALSE);
  return transfer (self, &job, error);
}

/* Deletes forever what of the conversation is in Trash or Junk (and only that). */
gboolean
inbox_store_delete_conversation_sync (InboxStore  *self,
                                      gint64       conversation_id,
                                      GError     **error)
{
  TransferJob job = { conversation_id, TRANSFER_DELETE, NULL, NULL };

  g_return_val_if_fail (INBOX_IS_STORE (self), FALSE);
  return transfer (self, &job, error);
}

