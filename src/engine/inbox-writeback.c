/* inbox-writeback.c: what the user did, replayed on the server.
 *
 * Actions change the store at once and queue a pending_actions row in the same transaction
 * (inbox-store-messages.c); each sync pass replays the queue here first, oldest first, and deletes a
 * row only once the server took it. A move whose copy the server did not name (no COPYUID) leaves
 * the copy under a negative placeholder UID; an action on it finds it by Message-ID and names it.
 * A refusal (the server's own error: a folder gone, a command refused) is undone in the store and
 * dropped, so the store shows what the server has; a network error stops the replay until the next
 * pass.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "inbox-camel-flags.h"
#include "inbox-store-private.h"
#include "inbox-writeback.h"

typedef struct {
  gint64 id;
  char *kind;
  char *folder_path;
  gint64 uid;
  guint set_flags;
  guint clear_flags;
  char *target_path;
  gint64 target_uid;  /* the copy's local placeholder, or 0 */
  gint64 account_id;
  char *message_id;   /* of the message it acts on, to find it when uid is still a placeholder */
} Action;

static void
action_free (Action *action)
{
  g_free (action->kind);
  g_free (action->folder_path);
  g_free (action->target_path);
  g_free (action->message_id);
  g_free (action);
}

typedef struct {
  const char *account_uid;
  GPtrArray *actions;
} ActionsRead;

static gboolean
read_actions (InboxDb   *db,
              gpointer   user_data,
              GError   **error)
{
  ActionsRead *read = user_data;
  sqlite3_stmt *stmt = inbox_db_prepare (db,
      "SELECT p.id, p.kind, p.folder_path, p.uid, p.set_flags, p.clear_flags, p.target_path, coalesce (p.target_uid, 0), "
      "  p.account_id, p.message_id "
      "FROM pending_actions p JOIN accounts a ON a.id = p.account_id WHERE a.uid = ? ORDER BY p.id", error);

  if (stmt == NULL)
    return FALSE;
  inbox_db_bind_text (stmt, 1, read->account_uid);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      Action *action = g_new0 (Action, 1);
      action->id = sqlite3_column_int64 (stmt, 0);
      action->kind = g_strdup (inbox_db_column_text (stmt, 1));
      action->folder_path = g_strdup (inbox_db_column_text (stmt, 2));
      action->uid = sqlite3_column_int64 (stmt, 3);
      action->set_flags = (guint) sqlite3_column_int (stmt, 4);
      action->clear_flags = (guint) sqlite3_column_int (stmt, 5);
      action->target_path = g_strdup ((const char *) sqlite3_column_text (stmt, 6));
      action->target_uid = sqlite3_column_int64 (stmt, 7);
      action->account_id = sqlite3_column_int64 (stmt, 8);
      action->message_id = g_strdup ((const char *) sqlite3_column_text (stmt, 9));
      g_ptr_array_add (read->actions, action);
    }
  sqlite3_reset (stmt);
  return TRUE;
}

typedef struct {
  gint64 id;
  const char *error;  /* NULL: done, delete it */
  const Action *action;
  gint64 new_uid;     /* the server's UID for the moved or copied message, when it said (COPYUID) */
  gboolean refused;   /* the server said no for good: undo it here, and drop it */
} ActionResult;

static gint64
folder_id_for (InboxStoreTxn *txn,
               gint64         account_id,
               const char    *path)
{
  sqlite3_stmt *stmt = inbox_db_prepare (txn->db, "SELECT id FROM folders WHERE account_id = ? AND path = ?", NULL);
  gint64 id = 0;

  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, account_id);
  inbox_db_bind_text (stmt, 2, path);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return id;
}

/* The server refused an action for good (a folder gone, a message it won't move): what the user
 * did is undone here, so that the store shows what the server has — the conversation comes back
 * where it was. The folders' sync state is forgotten, so the next pass lists them again. */
static gboolean
revert_action (InboxStoreTxn  *txn,
               const Action   *action,
               GError        **error)
{
  gint64 source = folder_id_for (txn, action->account_id, action->folder_path);
  gint64 target = action->target_path != NULL ? folder_id_for (txn, action->account_id, action->target_path) : 0;
  sqlite3_stmt *stmt;

  /* The conversation the message is in, to recompute its mailboxes. */
  stmt = inbox_db_prepare (txn->db,
      "SELECT m.conversation_id FROM message_locations l JOIN messages m ON m.id = l.message_id "
      "WHERE (l.folder_id = ?1 AND l.uid = ?2) OR (l.folder_id = ?3 AND l.uid = ?4)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, source);
  sqlite3_bind_int64 (stmt, 2, action->uid);
  sqlite3_bind_int64 (stmt, 3, target);
  sqlite3_bind_int64 (stmt, 4, action->target_uid);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    inbox_store_txn_touch_conversation (txn, sqlite3_column_int64 (stmt, 0));
  sqlite3_reset (stmt);

  if (g_str_equal (action->kind, "flags"))
    stmt = inbox_db_prepare (txn->db,
        "UPDATE message_locations SET flags = (flags | ?3) & ~?4 WHERE folder_id = ?1 AND uid = ?2", error);
  else if (g_str_equal (action->kind, "move"))
    stmt = inbox_db_prepare (txn->db,
        "UPDATE message_locations SET folder_id = ?1, uid = ?2 WHERE folder_id = ?5 AND uid = ?6", error);
  else if (g_str_equal (action->kind, "copy"))
    stmt = inbox_db_prepare (txn->db, "DELETE FROM message_locations WHERE folder_id = ?5 AND uid = ?6", error);
  else
    stmt = NULL;  /* a delete: the message comes back with the next listing of its folder */
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, source);
      sqlite3_bind_int64 (stmt, 2, action->uid);
      sqlite3_bind_int (stmt, 3, (int) action->clear_flags);
      sqlite3_bind_int (stmt, 4, (int) action->set_flags);
      sqlite3_bind_int64 (stmt, 5, target);
      sqlite3_bind_int64 (stmt, 6, action->target_uid);
      if (!inbox_db_step_done (txn->db, stmt, error))
        return FALSE;
    }
  else if (error != NULL && *error != NULL)
    return FALSE;
  stmt = inbox_db_prepare (txn->db, "UPDATE folders SET sync_state = NULL WHERE id IN (?1, ?2)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, source);
  sqlite3_bind_int64 (stmt, 2, target);
  return inbox_db_step_done (txn->db, stmt, error);
}

typedef struct {
  gint64 account_id;
  const char *path;
  gint64 placeholder;
  gint64 uid;
} Naming;

/* A copy's placeholder UID becomes the server's, in its location and in the actions queued on
 * it since (an undo, a flag), so that those reach the right message. */
static gboolean
name_placeholder (InboxStoreTxn  *txn,
                  gpointer        user_data,
                  GError        **error)
{
  const Naming *naming = user_data;
  static const char * const statements[] = {
    "UPDATE OR REPLACE message_locations SET uid = ?4 "
    "WHERE uid = ?3 AND folder_id = (SELECT id FROM folders WHERE account_id = ?1 AND path = ?2)",
    "UPDATE pending_actions SET uid = ?4 WHERE account_id = ?1 AND folder_path = ?2 AND uid = ?3",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (statements); i++)
    {
      sqlite3_stmt *stmt = inbox_db_prepare (txn->db, statements[i], error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, naming->account_id);
      inbox_db_bind_text (stmt, 2, naming->path);
      sqlite3_bind_int64 (stmt, 3, naming->placeholder);
      sqlite3_bind_int64 (stmt, 4, naming->uid);
      if (!inbox_db_step_done (txn->db, stmt, error))
        return FALSE;
    }
  return TRUE;
}

/* An action on a copy the server has not named for us yet (the move that made it did not
 * report COPYUID): find the copy in the folder by its Message-ID. Returns 0 if it is not there. */
static gint64
find_placeholder_uid (InboxStore    *store,
                      CamelFolder   *folder,
                      Action        *action,
                      GCancellable  *cancellable)
{
  g_autofree char *header = NULL;
  GPtrArray *uids;
  guint64 hash;
  gint64 found = 0;

  if (action->message_id == NULL || !camel_folder_refresh_info_sync (folder, cancellable, NULL))
    return 0;
  header = g_strdup_printf ("<%s>", action->message_id);
  hash = camel_folder_search_util_hash_message_id (header, TRUE);
  uids = camel_folder_summary_get_array (camel_folder_get_folder_summary (folder));
  for (guint i = 0; uids != NULL && i < uids->len && found == 0; i++)
    {
      g_autoptr(CamelMessageInfo) info = camel_folder_get_message_info (folder, uids->pdata[i]);

      if (info != NULL && camel_message_info_get_message_id (info) == hash)
        found = g_ascii_strtoll (uids->pdata[i], NULL, 10);
    }
  if (uids != NULL)
    camel_folder_summary_free_array (uids);  /* its UIDs are Camel's shared strings */
  if (found > 0)
    {
      Naming naming = { action->account_id, action->folder_path, action->uid, found };

      if (!inbox_store_write_sync (store, name_placeholder, &naming, NULL))
        return 0;
    }
  return found;
}

static gboolean
write_action_result (InboxStoreTxn  *txn,
                     gpointer        user_data,
                     GError        **error)
{
  ActionResult *result = user_data;
  sqlite3_stmt *stmt;

  if (result->refused)
    return revert_action (txn, result->action, error) &&
           inbox_db_run_with_id (txn->db, "DELETE FROM pending_actions WHERE id = ?", result->id, error);
  if (result->error == NULL && result->new_uid > 0 && result->action->target_uid < 0)
    {
      Naming naming = { result->action->account_id, result->action->target_path, result->action->target_uid, result->new_uid };

      if (!name_placeholder (txn, &naming, error))
        return FALSE;
    }

  stmt = inbox_db_prepare (txn->db, result->error == NULL ?
      "DELETE FROM pending_actions WHERE id = ?1" :
      "UPDATE pending_actions SET attempts = attempts + 1, error = ?2 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, result->id);
  if (result->error != NULL)
    inbox_db_bind_text (stmt, 2, result->error);
  return inbox_db_step_done (txn->db, stmt, error);
}

static CamelFolder *
open_folder (CamelStore    *store,
             GHashTable    *folders,
             const char    *path,
             GCancellable  *cancellable,
             GError       **error)
{
  CamelFolder *folder = g_hash_table_lookup (folders, path);

  if (folder != NULL)
    return folder;
  folder = camel_store_get_folder_sync (store, path, 0, cancellable, error);
  /* Camel's summary must know the UIDs the actions name. */
  if (folder != NULL && !camel_folder_refresh_info_sync (folder, cancellable, error))
    g_clear_object (&folder);
  if (folder != NULL)
    g_hash_table_insert (folders, g_strdup (path), folder);
  return folder;
}

/* Replays the account's queued actions on the server, oldest first, each once: a row is deleted
 * only after the server took it. A message the server no longer has makes its action moot (the
 * server wins). A failure leaves the rest queued, with the error on the row, and stops. */
/* Whether the server said no for good (a folder gone, a command refused), rather than not
 * answering (network, timeout): only then is the action undone rather than retried. */
static gboolean
is_refusal (const GError *error)
{
  if (error->domain == G_IO_ERROR || error->domain == G_RESOLVER_ERROR || error->domain == G_TLS_ERROR)
    return FALSE;
  if (error->domain == CAMEL_SERVICE_ERROR)
    return FALSE;  /* unavailable, not connected, can't authenticate: all for later */
  return error->domain == CAMEL_STORE_ERROR || error->domain == CAMEL_FOLDER_ERROR ||
         g_str_has_prefix (g_quark_to_string (error->domain), "camel-imapx-server-error");
}

/* Replays the account's queued actions on its server, oldest first, each row deleted once the
 * server took it; a refusal is undone and said through refused; a network error stops the replay
 * (the rest wait for the next pass). written_back counts what the server took. */
gboolean
inbox_writeback_replay_sync (InboxStore                *inbox_store,
                             const InboxAccountConfig  *config,
                             CamelStore                *store,
                             InboxWritebackRefused      refused,
                             gpointer                   refused_data,
                             guint                     *written_back,
                             GCancellable              *cancellable,
                             GError                   **error)
{
  g_autoptr(GPtrArray) actions = g_ptr_array_new_with_free_func ((GDestroyNotify) action_free);
  g_autoptr(GHashTable) folders = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  ActionsRead read = { config->uid, actions };

  if (!inbox_store_read (inbox_store, read_actions, &read, error))
    return FALSE;

  for (guint i = 0; i < actions->len; i++)
    {
      Action *action = actions->pdata[i];
      g_autoptr(GError) action_error = NULL;
      CamelFolder *folder = open_folder (store, folders, action->folder_path, cancellable, &action_error);
      g_autofree char *uid = NULL;

      if (folder != NULL && action->uid < 0)
        action->uid = find_placeholder_uid (inbox_store, folder, action, cancellable);
      uid = g_strdup_printf ("%" G_GINT64_FORMAT, action->uid);
      ActionResult result = { action->id, NULL, action, 0 };
      gboolean ok = folder != NULL;

      if (ok && g_str_equal (action->kind, "flags"))
        {
          guint32 mask = camel_flags_from (action->set_flags | action->clear_flags);
          g_autoptr(CamelMessageInfo) info = camel_folder_get_message_info (folder, uid);
          if (info != NULL)
            {
              camel_folder_set_message_flags (folder, uid, mask, camel_flags_from (action->set_flags));
              ok = camel_folder_synchronize_sync (folder, FALSE, cancellable, &action_error);
            }
        }
      else if (ok && (g_str_equal (action->kind, "move") || g_str_equal (action->kind, "copy")))
        {
          /* MOVE (or COPY and EXPUNGE) as the server offers; a copy (a label) leaves the original. */
          gboolean move = g_str_equal (action->kind, "move");
          CamelFolder *target = open_folder (store, folders, action->target_path, cancellable, &action_error);
          g_autoptr(GPtrArray) uids = g_ptr_array_new ();
          g_autoptr(GPtrArray) transferred = NULL;
          g_autoptr(CamelMessageInfo) info = camel_folder_get_message_info (folder, uid);

          g_ptr_array_add (uids, uid);
          ok = target != NULL;
          if (ok && info != NULL)
            ok = camel_folder_transfer_messages_to_sync (folder, uids, target, move, &transferred, cancellable, &action_error) &&
                 camel_folder_synchronize_sync (folder, move, cancellable, &action_error);
          if (ok && transferred != NULL && transferred->len == 1 && transferred->pdata[0] != NULL)
            result.new_uid = g_ascii_strtoll (transferred->pdata[0], NULL, 10);
        }
      else if (ok && g_str_equal (action->kind, "delete"))
        {
          g_autoptr(CamelMessageInfo) info = camel_folder_get_message_info (folder, uid);

          if (info != NULL)
            {
              camel_folder_delete_message (folder, uid);
              ok = camel_folder_synchronize_sync (folder, TRUE, cancellable, &action_error);
            }
        }
      else if (ok)
        {
          /* Never drop what the user did because this version does not know it. */
          g_set_error (&action_error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "Unknown queued action “%s”", action->kind);
          ok = FALSE;
        }

      if (!ok)
        {
          result.error = action_error->message;
          result.refused = is_refusal (action_error);
        }
      if (!inbox_store_write_sync (inbox_store, write_action_result, &result, error))
        return FALSE;
      if (result.refused)
        {
          /* Said once (the window shows it as a toast), and the pass goes on with the next action. */
          g_autofree char *text = g_strdup_printf ("The server refused a change, so it was undone here: %s",
                                                   action_error->message);

          g_warning ("%s (%s)", text, config->email);
          if (refused != NULL)
            refused (text, refused_data);
          continue;
        }
      /* The actions still to replay in this pass were read before the copy was named. */
      for (guint j = i + 1; ok && result.new_uid > 0 && action->target_uid < 0 && j < actions->len; j++)
        {
          Action *later = actions->pdata[j];

          if (later->uid == action->target_uid && g_strcmp0 (later->folder_path, action->target_path) == 0)
            later->uid = result.new_uid;
        }
      if (!ok)
        {
          g_propagate_prefixed_error (error, g_steal_pointer (&action_error), "Cannot write a change back to the server: ");
          return FALSE;
        }
      (*written_back)++;
    }

  return TRUE;
}

