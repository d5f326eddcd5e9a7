/* inbox-syncer-folders.c: an account's folders as a full pass sees them: listed through Camel
 * (LIST, with SPECIAL-USE where the server has it), their roles (from SPECIAL-USE, else from the
 * names servers use), written to the store, and kept between a watching syncer's polls.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "inbox-importer.h"
#include "inbox-syncer-private.h"

static const char *
role_from_camel (guint32 folder_flags,
                 const char *full_name)
{
  switch (folder_flags & CAMEL_FOLDER_TYPE_MASK)
    {
    case CAMEL_FOLDER_TYPE_INBOX: return "inbox";
    case CAMEL_FOLDER_TYPE_SENT: return "sent";
    case CAMEL_FOLDER_TYPE_DRAFTS: return "drafts";
    case CAMEL_FOLDER_TYPE_TRASH: return "trash";
    case CAMEL_FOLDER_TYPE_JUNK: return "junk";
    case CAMEL_FOLDER_TYPE_ARCHIVE: return "archive";
    default: break;
    }
  if (g_ascii_strcasecmp (full_name, "INBOX") == 0)
    return "inbox";
  /* No SPECIAL-USE: the names iCloud and other servers use ("Sent Messages", "Deleted Messages"…),
   * at the top level or, on servers that keep every folder under INBOX (Courier, cPanel, older
   * Cyrus: "INBOX.Sent", which Camel names "INBOX/Sent"), right below it; a project's "Sent"
   * subfolder is not the account's. */
  if (g_ascii_strncasecmp (full_name, "INBOX/", 6) == 0)
    full_name += 6;
  if (strchr (full_name, '/') != NULL)
    return "none";
  return inbox_folder_guess_role (full_name);
}

void
inbox_syncer_folder_free (Folder *folder)
{
  g_free (folder->full_name);
  g_free (folder);
}

static void
collect_folders (CamelFolderInfo *info,
                 GPtrArray       *folders)
{
  for (; info != NULL; info = info->next)
    {
      if (!(info->flags & CAMEL_FOLDER_NOSELECT))
        {
          Folder *folder = g_new0 (Folder, 1);
          folder->full_name = g_strdup (info->full_name);
          folder->role = role_from_camel (info->flags, info->full_name);
          g_ptr_array_add (folders, folder);
        }
      collect_folders (info->child, folders);
    }
}

typedef struct {
  InboxSyncer *self;
  GPtrArray *folders;
} FoldersJob;

/* Folders the store has and the server listed no more (another client removed them): their mail
 * goes as an expunge takes it, then the folder. Only from a listing with INBOX in it, so that a
 * strange answer never empties the store, and not while a queued action names the folder (its
 * replay says what became of it first). */
static gboolean
remove_vanished_folders (InboxStoreTxn  *txn,
                         gint64          account,
                         GPtrArray      *folders,
                         GError        **error)
{
  g_autoptr(GHashTable) listed = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GArray) gone = g_array_new (FALSE, FALSE, sizeof (gint64));
  gboolean has_inbox = FALSE;
  sqlite3_stmt *stmt;

  for (guint i = 0; i < folders->len; i++)
    {
      Folder *folder = folders->pdata[i];

      g_hash_table_add (listed, folder->full_name);
      has_inbox |= g_str_equal (folder->role, "inbox");
    }
  if (!has_inbox)
    return TRUE;
  stmt = inbox_db_prepare (txn->db,
      "SELECT f.id, f.path FROM folders f WHERE f.account_id = ?1 AND NOT EXISTS ("
      "  SELECT 1 FROM pending_actions p WHERE p.account_id = ?1 AND (p.folder_path = f.path OR p.target_path = f.path))",
      error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, account);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    if (!g_hash_table_contains (listed, inbox_db_column_text (stmt, 1)))
      {
        gint64 id = sqlite3_column_int64 (stmt, 0);
        g_array_append_val (gone, id);
      }
  sqlite3_reset (stmt);
  for (guint i = 0; i < gone->len; i++)
    {
      gint64 id = g_array_index (gone, gint64, i);

      if (!inbox_store_txn_empty_folder (txn, id, error) ||
          !inbox_db_run_with_id (txn->db, "DELETE FROM folders WHERE id = ?", id, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
write_folders (InboxStoreTxn  *txn,
               gpointer        user_data,
               GError        **error)
{
  FoldersJob *job = user_data;
  gint64 account = inbox_store_txn_account_id (txn, job->self->config->uid, error);

  if (account == 0)
    return FALSE;
  for (guint i = 0; i < job->folders->len; i++)
    {
      Folder *folder = job->folders->pdata[i];
      folder->id = inbox_store_txn_ensure_folder (txn, account, folder->full_name, folder->role, error);
      if (folder->id == 0)
        return FALSE;
    }
  return remove_vanished_folders (txn, account, job->folders, error);
}

/* A full pass's folders. Listing them asks Camel to LIST on its connection, which waits behind
 * Camel's own work there: 30–130 ms a pass, the first minute after a start at 100,000 messages.
 * So a watching syncer lists again only when it (re)connects, when asked for a full pass (Check
 * for New Mail, Reconnect, mail just sent) and at the first pass FOLDER_LIST_MAX_AGE after the
 * last listing: a folder made or removed by another client shows within five minutes, and the
 * minute's poll in between costs milliseconds (docs/benchmarks.md). With again, it lists now. */
#define FOLDER_LIST_MAX_AGE (5 * 60 * G_USEC_PER_SEC)

gboolean
inbox_syncer_list_folders (InboxSyncer   *self,
                           gboolean       again,
                           GCancellable  *cancellable,
                           GError       **error)
{
  g_autoptr(GPtrArray) folders = NULL;
  FoldersJob job;
  CamelFolderInfo *info;
  gboolean stale;

  g_mutex_lock (&self->wake_lock);
  stale = self->folders_stale;
  self->folders_stale = FALSE;
  g_mutex_unlock (&self->wake_lock);
  if (self->folders != NULL && !stale && !again && g_get_monotonic_time () - self->folders_listed < FOLDER_LIST_MAX_AGE)
    return TRUE;

  info = camel_store_get_folder_info_sync (CAMEL_STORE (self->service), NULL,
                                           CAMEL_STORE_FOLDER_INFO_RECURSIVE | CAMEL_STORE_FOLDER_INFO_REFRESH |
                                           CAMEL_STORE_FOLDER_INFO_NO_VIRTUAL,
                                           cancellable, error);
  if (info == NULL)
    return FALSE;
  folders = g_ptr_array_new_with_free_func ((GDestroyNotify) inbox_syncer_folder_free);
  collect_folders (info, folders);
  camel_folder_info_free (info);
  job = (FoldersJob) { self, folders };
  if (!inbox_store_write_sync (self->store, write_folders, &job, error))
    return FALSE;
  g_clear_pointer (&self->folders, g_ptr_array_unref);
  self->folders = g_steal_pointer (&folders);
  self->folders_listed = g_get_monotonic_time ();
  self->stats.listed = TRUE;
  return TRUE;
}
