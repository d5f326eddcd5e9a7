/* inbox-store-queries.c: what front ends read from the store. Every list is paged.
 *
 * These run on the calling thread with a reader connection of their own. A page or a single
 * conversation is a small indexed query (well under a millisecond at 100k messages), so the UI may
 * call them from the main loop; anything that can grow with the mailbox has an offset and a limit.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "inbox-conversation-private.h"
#include "inbox-message-private.h"
#include "inbox-search.h"
#include "inbox-store-private.h"

static const char * const mailbox_roles[] = { "inbox", "sent", "drafts", "trash", "junk", "archive", "all", NULL };

gboolean
inbox_store_is_valid_mailbox (const char *mailbox)
{
  char *end = NULL;

  if (mailbox == NULL)
    return FALSE;
  if (g_strv_contains (mailbox_roles, mailbox) || g_str_equal (mailbox, "spam"))
    return TRUE;
  if (!g_str_has_prefix (mailbox, "folder:") || mailbox[7] == '\0')
    return FALSE;
  g_ascii_strtoll (mailbox + 7, &end, 10);
  return *end == '\0';
}

static const char *
canonical_mailbox (const char *mailbox)
{
  return g_strcmp0 (mailbox, "spam") == 0 ? "junk" : mailbox;
}

static gboolean
check_mailbox (const char  *mailbox,
               GError     **error)
{
  if (inbox_store_is_valid_mailbox (mailbox))
    return TRUE;

  g_set_error (error, INBOX_STORE_ERROR, INBOX_STORE_ERROR_NOT_FOUND,
               "Unknown mailbox “%s”: use inbox, all, sent, drafts, trash, spam, archive or folder:ID",
               mailbox != NULL ? mailbox : "");
  return FALSE;
}

typedef struct {
  const char *mailbox;
  guint offset;
  guint limit;
  GPtrArray *result;
  gint64 count;
  gint64 conversation_id;
  gint64 key;
  InboxStoreStats *stats;
  GArray *keys;
} Query;

/* A page of a mailbox: by OFFSET (query->key < 0), or the page after the row (key, conversation_id). */
static gboolean
read_page (InboxDb   *db,
           gpointer   user_data,
           GError   **error)
{
  Query *query = user_data;
  gboolean keyset = query->key >= 0;
  sqlite3_stmt *stmt = inbox_db_prepare (db, keyset ?
      "SELECT " INBOX_CONVERSATION_COLUMNS " FROM "
      "  (SELECT conversation_id FROM conversation_mailboxes WHERE mailbox = ?1 "
      "     AND (last_activity < ?2 OR (last_activity = ?2 AND conversation_id < ?3)) "
      "   ORDER BY last_activity DESC, conversation_id DESC LIMIT ?4) page "
      "JOIN conversations c ON c.id = page.conversation_id "
      "ORDER BY c.last_activity DESC, c.id DESC" :
      "SELECT " INBOX_CONVERSATION_COLUMNS " FROM "
      "  (SELECT conversation_id FROM conversation_mailboxes WHERE mailbox = ?1 "
      "   ORDER BY last_activity DESC, conversation_id DESC LIMIT ?4 OFFSET ?5) page "
      "JOIN conversations c ON c.id = page.conversation_id "
      "ORDER BY c.last_activity DESC, c.id DESC", error);

  if (stmt == NULL)
    return FALSE;
  inbox_db_bind_text (stmt, 1, query->mailbox);
  if (keyset)
    {
      sqlite3_bind_int64 (stmt, 2, query->key);
      sqlite3_bind_int64 (stmt, 3, query->conversation_id);
    }
  else
    sqlite3_bind_int (stmt, 5, (int) query->offset);
  sqlite3_bind_int (stmt, 4, (int) query->limit);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (query->result, inbox_conversation_new_from_row (stmt));
  sqlite3_reset (stmt);
  return TRUE;
}

static GPtrArray *
list_page (InboxStore  *self,
           Query       *query,
           const char  *mailbox,
           GError     **error)
{
  g_autoptr(GPtrArray) result = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (INBOX_IS_STORE (self), NULL);

  query->mailbox = canonical_mailbox (mailbox);
  query->result = result;
  if (!check_mailbox (mailbox, error) || !inbox_store_read (self, read_page, query, error))
    return NULL;
  return g_steal_pointer (&result);
}

/* Conversations of a mailbox, newest activity first: rows offset … offset + limit - 1. */
GPtrArray *
inbox_store_list_conversations_sync (InboxStore  *self,
                                     const char  *mailbox,
                                     guint        offset,
                                     guint        limit,
                                     GError     **error)
{
  Query query = { .offset = offset, .limit = limit, .key = -1 };

  return list_page (self, &query, mailbox, error);
}

/* The page that follows the row (key, conversation_id): keyset paging, as cheap at row 90,000
 * as at row 0, for scrolling. */
GPtrArray *
inbox_store_list_conversations_after_sync (InboxStore  *self,
                                           const char  *mailbox,
                                           gint64       key,
                                           gint64       conversation_id,
                                           guint        limit,
                                           GError     **error)
{
  Query query = { .limit = limit, .key = key, .conversation_id = conversation_id };

  return list_page (self, &query, mailbox, error);
}

/* All the rows of a mailbox (query->key < 0), or those that sort before (key, conversation_id):
 * a row value, so that SQLite walks only that end of the primary key. */
static gboolean
read_count (InboxDb   *db,
            gpointer   user_data,
            GError   **error)
{
  Query *query = user_data;
  sqlite3_stmt *stmt = inbox_db_prepare (db, query->key < 0
      ? "SELECT count(*) FROM conversation_mailboxes WHERE mailbox = ?1"
      : "SELECT count(*) FROM conversation_mailboxes WHERE mailbox = ?1 AND (last_activity, conversation_id) > (?2, ?3)",
      error);

  if (stmt == NULL)
    return FALSE;
  inbox_db_bind_text (stmt, 1, query->mailbox);
  if (query->key >= 0)
    {
      sqlite3_bind_int64 (stmt, 2, query->key);
      sqlite3_bind_int64 (stmt, 3, query->conversation_id);
    }
  if (sqlite3_step (stmt) == SQLITE_ROW)
    query->count = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
read_keys (InboxDb   *db,
           gpointer   user_data,
           GError   **error)
{
  Query *query = user_data;
  sqlite3_stmt *stmt = inbox_db_prepare (db,
      "SELECT last_activity, conversation_id FROM conversation_mailboxes WHERE mailbox = ? "
      "ORDER BY last_activity DESC, conversation_id DESC", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  inbox_db_bind_text (stmt, 1, query->mailbox);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      InboxConversationKey row = { sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 1) };
      g_array_append_val (query->keys, row);
    }
  sqlite3_reset (stmt);
  return rc == SQLITE_DONE || inbox_db_set_error (db, rc, error);
}

/* Every row of a mailbox as (key, conversation id), in list order: one walk of the index, for a
 * caller that needs many rows' positions at once (16 bytes a row). */
GArray *
inbox_store_list_conversation_keys_sync (InboxStore  *self,
                                         const char  *mailbox,
                                         GError     **error)
{
  g_autoptr(GArray) keys = g_array_new (FALSE, FALSE, sizeof (InboxConversationKey));
  Query query = { .key = -1, .keys = keys };

  g_return_val_if_fail (INBOX_IS_STORE (self), NULL);

  query.mailbox = canonical_mailbox (mailbox);
  if (!check_mailbox (mailbox, error) || !inbox_store_read (self, read_keys, &query, error))
    return NULL;
  return g_steal_pointer (&keys);
}

static gint64
count (InboxStore  *self,
       Query       *query,
       const char  *mailbox,
       GError     **error)
{
  g_return_val_if_fail (INBOX_IS_STORE (self), -1);

  query->mailbox = canonical_mailbox (mailbox);
  if (!check_mailbox (mailbox, error) || !inbox_store_read (self, read_count, query, error))
    return -1;
  return query->count;
}

/* How many rows of the mailbox sort before (key, conversation_id): its position, if it were there. */
gint64
inbox_store_count_conversations_before_sync (InboxStore  *self,
                                             const char  *mailbox,
                                             gint64       key,
                                             gint64       conversation_id,
                                             GError     **error)
{
  Query query = { .key = key, .conversation_id = conversation_id };

  return count (self, &query, mailbox, error);
}

gint64
inbox_store_count_conversations_sync (InboxStore  *self,
                                      const char  *mailbox,
                                      GError     **error)
{
  Query query = { .key = -1 };

  return count (self, &query, mailbox, error);
}

static gboolean
read_unread_count (InboxDb   *db,
                   gpointer   user_data,
                   GError   **error)
{
  Query *query = user_data;
  sqlite3_stmt *stmt = inbox_db_prepare (db,
      "SELECT count(*) FROM conversation_mailboxes cm JOIN conversations c ON c.id = cm.conversation_id "
      "WHERE cm.mailbox = ? AND c.unread_count > 0", error);

  if (stmt == NULL)
    return FALSE;
  inbox_db_bind_text (stmt, 1, query->mailbox);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    query->count = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return TRUE;
}

/* It visits every conversation of the mailbox, so callers run it off the main loop. */
gint64
inbox_store_count_unread_sync (InboxStore  *self,
                               const char  *mailbox,
                               GError     **error)
{
  Query query = { .key = -1, .mailbox = canonical_mailbox (mailbox) };

  g_return_val_if_fail (INBOX_IS_STORE (self), -1);

  if (!check_mailbox (mailbox, error) || !inbox_store_read (self, read_unread_count, &query, error))
    return -1;
  return query.count;
}

static gboolean
read_messages (InboxDb   *db,
               gpointer   user_data,
               GError   **error)
{
  Query *query = user_data;
  sqlite3_stmt *stmt = inbox_db_prepare (db,
      "SELECT " INBOX_MESSAGE_COLUMNS " FROM messages m WHERE m.conversation_id = ? ORDER BY m.date, m.id", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, query->conversation_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (query->result, inbox_message_new_from_row (stmt));
  sqlite3_reset (stmt);
  return TRUE;
}

/* The messages of a conversation, oldest first. An id that was merged away resolves to the
 * conversation that absorbed it. NOT_FOUND when there is no such conversation. */
GPtrArray *
inbox_store_get_messages_sync (InboxStore  *self,
                               gint64       conversation_id,
                               GError     **error)
{
  g_autoptr(GPtrArray) result = g_ptr_array_new_with_free_func (g_object_unref);
  Query query = { .result = result, .conversation_id = inbox_store_resolve_conversation (self, conversation_id) };

  g_return_val_if_fail (INBOX_IS_STORE (self), NULL);

  if (!inbox_store_read (self, read_messages, &query, error))
    return NULL;
  if (result->len == 0)
    {
      g_set_error (error, INBOX_STORE_ERROR, INBOX_STORE_ERROR_NOT_FOUND,
                   "There is no conversation %" G_GINT64_FORMAT, conversation_id);
      return NULL;
    }
  return g_steal_pointer (&result);
}

static gboolean
read_message_ids (InboxDb   *db,
                  gpointer   user_data,
                  GError   **error)
{
  Query *query = user_data;
  sqlite3_stmt *stmt = inbox_db_prepare (db,
      "SELECT message_id FROM messages WHERE conversation_id = ? ORDER BY date, id", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, query->conversation_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (query->result, g_strdup (inbox_db_column_text (stmt, 0)));
  sqlite3_reset (stmt);
  return TRUE;
}

/* The RFC 5322 Message-IDs of a conversation's messages, oldest first. */
GStrv
inbox_store_get_message_ids_sync (InboxStore  *self,
                                  gint64       conversation_id,
                                  GError     **error)
{
  g_autoptr(GPtrArray) result = g_ptr_array_new_with_free_func (g_free);
  Query query = { .result = result, .conversation_id = inbox_store_resolve_conversation (self, conversation_id) };

  if (!inbox_store_read (self, read_message_ids, &query, error))
    return NULL;
  g_ptr_array_add (result, NULL);
  return (GStrv) g_ptr_array_steal (result, NULL);
}

static gboolean
read_stats (InboxDb   *db,
            gpointer   user_data,
            GError   **error)
{
  Query *query = user_data;

  query->stats->accounts = inbox_db_query_int (db, "SELECT count(*) FROM accounts", 0);
  query->stats->folders = inbox_db_query_int (db, "SELECT count(*) FROM folders", 0);
  query->stats->messages = inbox_db_query_int (db, "SELECT count(*) FROM messages", 0);
  query->stats->conversations = inbox_db_query_int (db, "SELECT count(*) FROM conversations", 0);
  query->stats->contacts = inbox_db_query_int (db, "SELECT count(*) FROM contacts", 0);
  query->stats->pending_actions = inbox_db_query_int (db, "SELECT count(*) FROM pending_actions", 0);
  return TRUE;
}

gboolean
inbox_store_get_stats_sync (InboxStore       *self,
                            InboxStoreStats  *stats,
                            GError          **error)
{
  Query query = { .stats = stats };

  g_return_val_if_fail (INBOX_IS_STORE (self), FALSE);

  return inbox_store_read (self, read_stats, &query, error);
}

/* --- search --------------------------------------------------------------------------------- */

/* Free-text ranking scores the most recent matching messages only: a word in half the
 * mailbox would otherwise cost a bm25 for each of 50,000 rows (docs/benchmarks.md). */
#define RANKED_CANDIDATES 1000

typedef struct {
  InboxSearchQuery *query;
  gint64 now;
  guint offset;
  guint limit;
  GPtrArray *result;
} Search;

static void
bind_query (sqlite3_stmt *stmt,
            Search       *search,
            int          *index)
{
  GPtrArray *bindings = inbox_search_query_get_bindings (search->query);

  if (inbox_search_query_get_match (search->query) != NULL)
    inbox_db_bind_text (stmt, (*index)++, inbox_search_query_get_match (search->query));
  for (guint i = 0; i < bindings->len; i++)
    inbox_db_bind_text (stmt, (*index)++, bindings->pdata[i]);
}

static gboolean
add_conversation (InboxDb       *db,
                  Search        *search,
                  gint64         conversation_id,
                  GStrv          matching,
                  GError       **error)
{
  sqlite3_stmt *stmt = inbox_db_prepare (db, "SELECT " INBOX_CONVERSATION_COLUMNS " FROM conversations c WHERE c.id = ?", error);

  if (stmt == NULL)
    {
      g_strfreev (matching);
      return FALSE;
    }
  sqlite3_bind_int64 (stmt, 1, conversation_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      InboxConversation *item = inbox_conversation_new_from_row (stmt);
      inbox_conversation_set_matching_message_ids (item, matching);
      g_ptr_array_add (search->result, item);
    }
  else
    g_strfreev (matching);
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
finish (InboxDb       *db,
        sqlite3_stmt  *stmt,
        int            rc,
        GError       **error)
{
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW && rc != SQLITE_OK)
    return inbox_db_set_error (db, rc, error);
  return TRUE;
}

/* With free text: bm25 (subject and people weigh most) with a boost of up to one point for mail
 * of the last month, over the RANKED_CANDIDATES newest matching messages, grouped into conversations. */
static gboolean
search_ranked (InboxDb   *db,
               Search    *search,
               GError   **error)
{
  g_autofree char *sql = g_strdup_printf (
      "WITH hits AS MATERIALIZED (SELECT m.conversation_id AS cid, m.message_id AS mid, m.date AS date, "
      "  bm25 (message_fts, 10.0, 5.0, 3.0, 3.0, 1.0, 4.0) "
      "    - 1.0 / (1.0 + max (0, %" G_GINT64_FORMAT " - m.date) / 2592000.0) AS score "
      "  FROM message_fts JOIN messages m ON m.search_key = message_fts.rowid "
      "  WHERE message_fts MATCH ? AND %s AND message_fts.rowid BETWEEN ? AND ? "
      "  ORDER BY message_fts.rowid DESC LIMIT %d) "
      "SELECT cid, group_concat (mid, char (31)), min (score) AS best, max (date) AS newest "
      "FROM hits GROUP BY cid ORDER BY %s newest DESC, cid DESC LIMIT ? OFFSET ?",
      search->now, inbox_search_query_get_where (search->query), RANKED_CANDIDATES,
      inbox_search_query_is_ranked (search->query) ? "best," : "");
  sqlite3_stmt *stmt = NULL;
  gint64 first, last;
  int index = 1;
  int rc = sqlite3_prepare_v2 (inbox_db_handle (db), sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    return inbox_db_set_error (db, rc, error);
  bind_query (stmt, search, &index);
  inbox_search_query_get_key_range (search->query, &first, &last);
  sqlite3_bind_int64 (stmt, index++, first);
  sqlite3_bind_int64 (stmt, index++, last);
  sqlite3_bind_int (stmt, index++, (int) search->limit);
  sqlite3_bind_int (stmt, index++, (int) search->offset);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    if (!add_conversation (db, search, sqlite3_column_int64 (stmt, 0),
                           g_strsplit (inbox_db_column_text (stmt, 1), "\x1f", -1), error))
      {
        sqlite3_finalize (stmt);
        return FALSE;
      }

  return finish (db, stmt, rc, error);
}

/* The matching messages of one conversation, for a filter-only search. */
static GStrv
matching_in (InboxDb  *db,
             Search   *search,
             gint64    conversation_id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT m.message_id FROM messages m WHERE m.conversation_id = ? AND %s "
                                          "ORDER BY m.date", inbox_search_query_get_where (search->query));
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();
  sqlite3_stmt *stmt = NULL;
  int index = 2;

  if (sqlite3_prepare_v2 (inbox_db_handle (db), sql, -1, &stmt, NULL) == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, conversation_id);
      bind_query (stmt, search, &index);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        g_strv_builder_add (ids, inbox_db_column_text (stmt, 0));
    }
  sqlite3_finalize (stmt);
  return g_strv_builder_end (ids);
}

static int
by_last_activity (gconstpointer a,
                  gconstpointer b)
{
  InboxConversation *first = *(InboxConversation **) a;
  InboxConversation *second = *(InboxConversation **) b;
  gint64 x = inbox_conversation_get_last_activity (first), y = inbox_conversation_get_last_activity (second);

  if (x != y)
    return x > y ? -1 : 1;
  x = inbox_conversation_get_id (first);
  y = inbox_conversation_get_id (second);
  return x > y ? -1 : x < y;
}

/* Filters only (is:unread, has:attachment, in:…): the conversations of the newest matching
 * messages. Walks messages by date and stops once the page is full, instead of grouping every
 * match in the mailbox; the page is then in the order of every other list, by last activity,
 * the date each row shows (in the order of the matches, a conversation whose attachment came in
 * 2022 and that had a reply yesterday sat among 2022's, dated yesterday). */
static gboolean
search_by_date (InboxDb   *db,
                Search    *search,
                GError   **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT m.conversation_id FROM messages m WHERE %s ORDER BY m.date DESC",
                                          inbox_search_query_get_where (search->query));
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GArray) page = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt = NULL;
  int index = 1;
  int rc = sqlite3_prepare_v2 (inbox_db_handle (db), sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    return inbox_db_set_error (db, rc, error);
  bind_query (stmt, search, &index);

  while (g_hash_table_size (seen) < search->offset + search->limit && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      if (g_hash_table_add (seen, g_memdup2 (&id, sizeof id)) && g_hash_table_size (seen) > search->offset)
        g_array_append_val (page, id);
    }
  if (!finish (db, stmt, rc, error))
    return FALSE;

  for (guint i = 0; i < page->len; i++)
    {
      gint64 id = g_array_index (page, gint64, i);
      if (!add_conversation (db, search, id, matching_in (db, search, id), error))
        return FALSE;
    }
  g_ptr_array_sort (search->result, by_last_activity);
  return TRUE;
}

static gboolean
run_search (InboxDb   *db,
            gpointer   user_data,
            GError   **error)
{
  Search *search = user_data;

  if (inbox_search_query_get_match (search->query) == NULL)
    return search_by_date (db, search, error);
  if (!search_ranked (db, search, error))
    return FALSE;
  /* has:attachment alone: its newest matches, shown as every list is. */
  if (!inbox_search_query_is_ranked (search->query))
    g_ptr_array_sort (search->result, by_last_activity);
  return TRUE;
}

/* Conversations with messages matching the query (see inbox-search.c for the language), best
 * first, each with the Message-IDs that matched. INBOX_SEARCH_ERROR_INVALID for a bad query. */
GPtrArray *
inbox_store_search_sync (InboxStore  *self,
                         const char  *text,
                         guint        offset,
                         guint        limit,
                         GError     **error)
{
  g_autoptr(GPtrArray) result = g_ptr_array_new_with_free_func (g_object_unref);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autoptr(InboxSearchQuery) query = inbox_search_query_parse (text, now, error);
  Search search = { query, now, offset, limit, result };

  g_return_val_if_fail (INBOX_IS_STORE (self), NULL);

  if (query == NULL || !inbox_store_read (self, run_search, &search, error))
    return NULL;
  return g_steal_pointer (&result);
}

/* --- folders -------------------------------------------------------------------------------- */

void
inbox_folder_info_free (InboxFolderInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->account);
  g_free (info->path);
  g_free (info->role);
  g_free (info);
}

typedef struct {
  const char *account;
  GPtrArray *result;
} FoldersQuery;

static gboolean
read_folders (InboxDb   *db,
              gpointer   user_data,
              GError   **error)
{
  FoldersQuery *query = user_data;
  sqlite3_stmt *stmt = inbox_db_prepare (db,
      "SELECT f.id, coalesce (a.email, a.name), f.path, f.role, f.role_chosen, "
      "  (SELECT count(*) FROM message_locations l WHERE l.folder_id = f.id) "
      "FROM folders f JOIN accounts a ON a.id = f.account_id "
      "WHERE ?1 IS NULL OR a.uid = ?1 OR a.email = ?1 COLLATE NOCASE OR a.name = ?1 "
      "ORDER BY a.id, f.role = 'none', f.path", error);

  if (stmt == NULL)
    return FALSE;
  inbox_db_bind_text (stmt, 1, query->account);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      InboxFolderInfo *info = g_new0 (InboxFolderInfo, 1);
      info->id = sqlite3_column_int64 (stmt, 0);
      info->account = g_strdup (inbox_db_column_text (stmt, 1));
      info->path = g_strdup (inbox_db_column_text (stmt, 2));
      info->role = g_strdup (inbox_db_column_text (stmt, 3));
      info->role_chosen = sqlite3_column_int (stmt, 4) != 0;
      info->messages = sqlite3_column_int64 (stmt, 5);
      g_ptr_array_add (query->result, info);
    }
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
below_inbox (const char *path)
{
  return g_ascii_strncasecmp (path, "INBOX/", 6) == 0;
}

/* Courier-style servers (cPanel, older Cyrus) keep every folder below INBOX ("INBOX.Sent", which
 * Camel names "INBOX/Sent"). There the prefix says nothing, so an account whose every folder but
 * the Inbox is below it shows them without it: "Archive", as on other servers. The rows come
 * grouped by account. */
static void
set_shown_paths (GPtrArray *folders)
{
  guint start = 0;

  while (start < folders->len)
    {
      const char *account = ((InboxFolderInfo *) folders->pdata[start])->account;
      guint end = start, below = 0;
      gboolean others = FALSE;

      for (; end < folders->len && g_strcmp0 (((InboxFolderInfo *) folders->pdata[end])->account, account) == 0; end++)
        {
          const char *path = ((InboxFolderInfo *) folders->pdata[end])->path;

          if (below_inbox (path))
            below++;
          else if (g_ascii_strcasecmp (path, "INBOX") != 0)
            others = TRUE;
        }
      for (guint i = start; i < end; i++)
        {
          InboxFolderInfo *info = folders->pdata[i];

          info->shown = below > 0 && !others && below_inbox (info->path) ? info->path + 6 : info->path;
        }
      start = end;
    }
}

/* The folders of every account (or of one, by uid, address or name), roles first. */
GPtrArray *
inbox_store_list_folders_sync (InboxStore  *self,
                               const char  *account,
                               GError     **error)
{
  g_autoptr(GPtrArray) result = g_ptr_array_new_with_free_func ((GDestroyNotify) inbox_folder_info_free);
  FoldersQuery query = { account, result };

  g_return_val_if_fail (INBOX_IS_STORE (self), NULL);

  if (!inbox_store_read (self, read_folders, &query, error))
    return NULL;
  set_shown_paths (result);
  return g_steal_pointer (&result);
}

/* --- address completion ---------------------------------------------------------------------- */

typedef struct {
  const char *prefix;
  guint limit;
  GPtrArray *result;
} CompleteJob;

static gboolean
read_completions (InboxDb   *db,
                  gpointer   user_data,
                  GError   **error)
{
  CompleteJob *job = user_data;
  /* People I write to first, the more often and the more recently the better (a message sent a
   * month ago counts half); then people I only hear from. */
  sqlite3_stmt *stmt = inbox_db_prepare (db,
      "SELECT name, address FROM contacts "
      "WHERE address LIKE ?1 || '%' ESCAPE '\\' OR name LIKE ?1 || '%' ESCAPE '\\' "
      "   OR name LIKE '% ' || ?1 || '%' ESCAPE '\\' "
      "ORDER BY sent_count > 0 DESC, "
      "  sent_count / (1.0 + max (0, unixepoch () - last_sent) / 2592000.0) DESC, "
      "  seen_count / (1.0 + max (0, unixepoch () - last_seen) / 2592000.0) DESC, address "
      "LIMIT ?2", error);
  g_autoptr(GString) escaped = g_string_new (NULL);

  if (stmt == NULL)
    return FALSE;
  for (const char *p = job->prefix; *p != '\0'; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (escaped, '\\');
      g_string_append_c (escaped, *p);
    }
  inbox_db_bind_text (stmt, 1, escaped->str);
  sqlite3_bind_int (stmt, 2, (int) job->limit);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *name = inbox_db_column_text (stmt, 0);
      const char *address = inbox_db_column_text (stmt, 1);

      g_ptr_array_add (job->result, *name != '\0' ? g_strdup_printf ("%s <%s>", name, address) : g_strdup (address));
    }
  sqlite3_reset (stmt);
  return TRUE;
}

/* Addresses for a recipient field: "Name <address>" for contacts whose address or a word of whose
 * name starts with prefix, those I write to most and most recently first. */
GStrv
inbox_store_complete_address_sync (InboxStore  *self,
                                   const char  *prefix,
                                   guint        limit,
                                   GError     **error)
{
  g_autoptr(GPtrArray) result = g_ptr_array_new_with_free_func (g_free);
  CompleteJob job = { prefix, limit, result };

  g_return_val_if_fail (INBOX_IS_STORE (self), NULL);
  g_return_val_if_fail (prefix != NULL, NULL);

  if (!inbox_store_read (self, read_completions, &job, error))
    return NULL;
  g_ptr_array_add (result, NULL);
  return (GStrv) g_ptr_array_steal (result, NULL);
}
