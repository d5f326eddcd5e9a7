/* inbox-conversations.c: each conversation's summary, and the list rows the models page over.
 *
 * A write marks the conversations it touched; before the commit, each is recomputed from its
 * messages: counts, newest subject and snippet, participants, and the mailboxes it shows in
 * (conversation_mailboxes). The old and new sort key of every affected list row is recorded as
 * an InboxStoreChange, which lets list models emit precise items-changed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "inbox-conversations-private.h"

#define MAX_PARTICIPANTS 20

static void
record_change (InboxStoreTxn *txn,
               gint64         conversation_id,
               const char    *mailbox,
               gint64         old_key,
               gint64         new_key)
{
  InboxStoreChange *change = g_new0 (InboxStoreChange, 1);

  change->conversation_id = conversation_id;
  change->mailbox = g_strdup (mailbox);
  change->old_key = old_key;
  change->new_key = new_key;
  g_ptr_array_add (txn->changes, change);
}

/* mailbox → last_activity, as the list rows are now. */
static GHashTable *
read_mailbox_rows (InboxStoreTxn  *txn,
                   gint64          id,
                   GError        **error)
{
  g_autoptr(GHashTable) rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  sqlite3_stmt *stmt = inbox_db_prepare (txn->db,
      "SELECT mailbox, last_activity FROM conversation_mailboxes WHERE conversation_id = ?", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 key = sqlite3_column_int64 (stmt, 1);
      g_hash_table_insert (rows, g_strdup (inbox_db_column_text (stmt, 0)), g_memdup2 (&key, sizeof key));
    }
  sqlite3_reset (stmt);
  return g_steal_pointer (&rows);
}

/* The mailboxes the conversation belongs in: each folder, each role, and 'all' unless it lives
 * only in Trash or Junk. */
/* Lists on a conversation row are joined with the unit separator (0x1f), which no folder path,
 * name or address contains: cheap to split for every row a list shows (JSON cost 3 parses a row). */
static char *
join_strings (GPtrArray *strings)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < strings->len; i++)
    {
      if (i > 0)
        g_string_append_c (text, '\x1f');
      g_string_append (text, strings->pdata[i]);
    }
  return g_string_free (text, FALSE);
}

static void
add_unique (GPtrArray  *strings,
            const char *value)
{
  if (!g_ptr_array_find_with_equal_func (strings, value, g_str_equal, NULL))
    g_ptr_array_add (strings, g_strdup (value));
}

/* What a conversation's mailboxes are made of, for every folder: read once per flush (a handful of
 * rows) instead of joined again for each conversation. */
typedef struct {
  gint64 id;
  char *role;
  char *path;
  char *account;
} FolderInfo;

static void
folder_info_free (FolderInfo *info)
{
  g_free (info->role);
  g_free (info->path);
  g_free (info->account);
  g_free (info);
}

static GHashTable *
read_folders (InboxStoreTxn  *txn,
              GError        **error)
{
  g_autoptr(GHashTable) folders = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                                         (GDestroyNotify) folder_info_free);
  sqlite3_stmt *stmt = inbox_db_prepare (txn->db,
      "SELECT f.id, f.role, f.path, a.name FROM folders f JOIN accounts a ON a.id = f.account_id", error);

  if (stmt == NULL)
    return NULL;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      FolderInfo *info = g_new0 (FolderInfo, 1);

      info->id = sqlite3_column_int64 (stmt, 0);
      info->role = g_strdup (inbox_db_column_text (stmt, 1));
      info->path = g_strdup (inbox_db_column_text (stmt, 2));
      info->account = g_strdup (inbox_db_column_text (stmt, 3));
      g_hash_table_insert (folders, &info->id, info);
    }
  sqlite3_reset (stmt);
  return g_steal_pointer (&folders);
}

static int
compare_folders (gconstpointer a,
                 gconstpointer b)
{
  const FolderInfo *x = *(FolderInfo * const *) a;
  const FolderInfo *y = *(FolderInfo * const *) b;
  int by_account = strcmp (x->account, y->account);

  return by_account != 0 ? by_account : strcmp (x->path, y->path);
}

/* The mailboxes of the folders its messages are in (by account name, then path); also fills in
 * those folders' paths and accounts' names. */
static GPtrArray *
compute_mailboxes (GPtrArray  *in_folders,
                   char      **folders_text,
                   char      **accounts_text)
{
  g_autoptr(GPtrArray) mailboxes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) folders = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) accounts = g_ptr_array_new_with_free_func (g_free);
  gboolean in_all = FALSE;

  g_ptr_array_sort (in_folders, compare_folders);
  for (guint i = 0; i < in_folders->len; i++)
    {
      const FolderInfo *folder = in_folders->pdata[i];

      add_unique (folders, folder->path);
      add_unique (accounts, folder->account);
      g_ptr_array_add (mailboxes, g_strdup_printf ("folder:%" G_GINT64_FORMAT, folder->id));
      if (!g_str_equal (folder->role, "none") &&
          !g_ptr_array_find_with_equal_func (mailboxes, folder->role, g_str_equal, NULL))
        g_ptr_array_add (mailboxes, g_strdup (folder->role));
      if (!g_str_equal (folder->role, "trash") && !g_str_equal (folder->role, "junk"))
        in_all = TRUE;
    }
  if (in_all)
    g_ptr_array_add (mailboxes, g_strdup ("all"));

  *folders_text = join_strings (folders);
  *accounts_text = join_strings (accounts);
  return g_steal_pointer (&mailboxes);
}

/* What the conversation's messages add up to, read in one pass over them (oldest first). */
typedef struct {
  gint64 count;
  gint64 unread;
  gint64 has_attachment;
  gint64 last_activity;
  char *subject;       /* the newest message's */
  char *snippet;
  char *participants;  /* the senders, oldest first, each once: "name␟address" joined by ␞ (0x1f, 0x1e) */
  GPtrArray *folders;  /* FolderInfo* (borrowed from the flush's table) its messages are in, each once */
} Summary;

static void
summary_clear (Summary *summary)
{
  g_free (summary->subject);
  g_free (summary->snippet);
  g_free (summary->participants);
  g_clear_pointer (&summary->folders, g_ptr_array_unref);
}

/* One pass over its messages and their locations (a message in two folders comes twice, in a row). */
static gboolean
summarize (InboxStoreTxn  *txn,
           GHashTable     *folders,
           gint64          id,
           Summary        *summary,
           GError        **error)
{
  g_autoptr(GString) participants = g_string_new (NULL);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gint64 previous = 0;
  sqlite3_stmt *stmt = inbox_db_prepare (txn->db,
      "SELECT m.flags, m.has_attachment, m.date, m.from_name, m.from_address, m.subject, m.snippet, m.id, l.folder_id "
      "FROM messages m LEFT JOIN message_locations l ON l.message_id = m.id "
      "WHERE m.conversation_id = ? ORDER BY m.date, m.id", error);

  if (stmt == NULL)
    return FALSE;
  summary->folders = g_ptr_array_new ();
  sqlite3_bind_int64 (stmt, 1, id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *name = inbox_db_column_text (stmt, 3);
      const char *address = inbox_db_column_text (stmt, 4);
      gint64 folder_id = sqlite3_column_int64 (stmt, 8);
      FolderInfo *folder = sqlite3_column_type (stmt, 8) != SQLITE_NULL ? g_hash_table_lookup (folders, &folder_id) : NULL;

      if (folder != NULL && !g_ptr_array_find (summary->folders, folder, NULL))
        g_ptr_array_add (summary->folders, folder);
      if (sqlite3_column_int64 (stmt, 7) == previous)
        continue;  /* the same message, in another folder */
      previous = sqlite3_column_int64 (stmt, 7);

      summary->count++;
      summary->unread += (sqlite3_column_int64 (stmt, 0) & 1) == 0;
      summary->has_attachment = MAX (summary->has_attachment, sqlite3_column_int64 (stmt, 1));
      summary->last_activity = MAX (summary->last_activity, sqlite3_column_int64 (stmt, 2));
      if (g_hash_table_size (seen) < MAX_PARTICIPANTS)
        {
          char *key = g_ascii_strdown (*address != '\0' ? address : name, -1);

          if (g_hash_table_add (seen, key))
            {
              if (participants->len > 0)
                g_string_append_c (participants, '\x1e');
              g_string_append_printf (participants, "%s\x1f%s", name, address);
            }
        }
      /* Rows come by date, then id: the last one is the newest. */
      g_free (summary->subject);
      summary->subject = g_strdup (inbox_db_column_text (stmt, 5));
      g_free (summary->snippet);
      summary->snippet = g_strdup (inbox_db_column_text (stmt, 6));
    }
  sqlite3_reset (stmt);
  summary->participants = g_string_free (g_steal_pointer (&participants), FALSE);
  return TRUE;
}

static gboolean
delete_conversation (InboxStoreTxn  *txn,
                     gint64          id,
                     GError        **error)
{
  return inbox_db_run_with_id (txn->db, "DELETE FROM conversation_mailboxes WHERE conversation_id = ?", id, error) &&
         inbox_db_run_with_id (txn->db, "DELETE FROM conversations WHERE id = ?", id, error);
}

static gboolean
delete_row (InboxStoreTxn  *txn,
            gint64          id,
            const char     *mailbox,
            gint64          key,
            GError        **error)
{
  sqlite3_stmt *stmt = inbox_db_prepare (txn->db,
      "DELETE FROM conversation_mailboxes WHERE mailbox = ? AND last_activity = ? AND conversation_id = ?", error);

  if (stmt == NULL)
    return FALSE;
  inbox_db_bind_text (stmt, 1, mailbox);
  sqlite3_bind_int64 (stmt, 2, key);
  sqlite3_bind_int64 (stmt, 3, id);
  return inbox_db_step_done (txn->db, stmt, error);
}

static gboolean
recompute (InboxStoreTxn  *txn,
           GHashTable     *folders,
           gint64          id,
           GError        **error)
{
  g_autoptr(GHashTable) old_rows = read_mailbox_rows (txn, id, error);
  g_autoptr(GPtrArray) mailboxes = NULL;
  g_autofree char *folders_text = NULL;
  g_autofree char *accounts_text = NULL;
  Summary summary = { 0 };
  sqlite3_stmt *stmt;
  GHashTableIter iter;
  gpointer mailbox, old_key;
  gboolean ok = FALSE;

  if (old_rows == NULL || !summarize (txn, folders, id, &summary, error))
    goto out;

  if (summary.count == 0)
    {
      g_hash_table_iter_init (&iter, old_rows);
      while (g_hash_table_iter_next (&iter, &mailbox, &old_key))
        record_change (txn, id, mailbox, *(gint64 *) old_key, -1);
      ok = delete_conversation (txn, id, error);
      goto out;
    }

  mailboxes = compute_mailboxes (summary.folders, &folders_text, &accounts_text);

  stmt = inbox_db_prepare (txn->db,
      "UPDATE conversations SET subject = ?2, snippet = ?3, "
      "  participants = ?4, last_activity = ?5, message_count = ?6, unread_count = ?7, has_attachment = ?8, "
      "  folders = ?9, accounts = ?10 "
      "WHERE id = ?1", error);
  if (stmt == NULL)
    goto out;
  sqlite3_bind_int64 (stmt, 1, id);
  inbox_db_bind_text (stmt, 2, summary.subject);
  inbox_db_bind_text (stmt, 3, summary.snippet);
  inbox_db_bind_text (stmt, 4, summary.participants);
  sqlite3_bind_int64 (stmt, 5, summary.last_activity);
  sqlite3_bind_int64 (stmt, 6, summary.count);
  sqlite3_bind_int64 (stmt, 7, summary.unread);
  sqlite3_bind_int64 (stmt, 8, summary.has_attachment);
  inbox_db_bind_text (stmt, 9, folders_text);
  inbox_db_bind_text (stmt, 10, accounts_text);
  if (!inbox_db_step_done (txn->db, stmt, error))
    goto out;

  /* Only the list rows whose sort key changed are written again (a new conversation has none to
   * delete); every row is still reported, as its content may have changed. */
  stmt = inbox_db_prepare (txn->db,
      "INSERT INTO conversation_mailboxes (mailbox, last_activity, conversation_id) VALUES (?, ?, ?)", error);
  if (stmt == NULL)
    goto out;
  for (guint i = 0; i < mailboxes->len; i++)
    {
      gint64 *previous = g_hash_table_lookup (old_rows, mailboxes->pdata[i]);

      if (previous == NULL || *previous != summary.last_activity)
        {
          if (previous != NULL && !delete_row (txn, id, mailboxes->pdata[i], *previous, error))
            goto out;
          inbox_db_bind_text (stmt, 1, mailboxes->pdata[i]);
          sqlite3_bind_int64 (stmt, 2, summary.last_activity);
          sqlite3_bind_int64 (stmt, 3, id);
          if (!inbox_db_step_done (txn->db, stmt, error))
            goto out;
        }
      record_change (txn, id, mailboxes->pdata[i], previous != NULL ? *previous : -1, summary.last_activity);
      g_hash_table_remove (old_rows, mailboxes->pdata[i]);
    }

  /* Mailboxes it left. */
  g_hash_table_iter_init (&iter, old_rows);
  while (g_hash_table_iter_next (&iter, &mailbox, &old_key))
    {
      if (!delete_row (txn, id, mailbox, *(gint64 *) old_key, error))
        goto out;
      record_change (txn, id, mailbox, *(gint64 *) old_key, -1);
    }
  ok = TRUE;

out:
  summary_clear (&summary);
  return ok;
}

gboolean
inbox_conversations_flush (InboxStoreTxn  *txn,
                           GError        **error)
{
  g_autoptr(GHashTable) folders = NULL;
  GHashTableIter iter;
  gpointer key;

  if (g_hash_table_size (txn->dirty_conversations) == 0)
    return TRUE;
  folders = read_folders (txn, error);
  if (folders == NULL)
    return FALSE;
  g_hash_table_iter_init (&iter, txn->dirty_conversations);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!recompute (txn, folders, *(gint64 *) key, error))
      return FALSE;

  g_hash_table_remove_all (txn->dirty_conversations);
  return TRUE;
}
