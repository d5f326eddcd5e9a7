/* inbox-threading.c: which conversation a new message belongs to.
 *
 * JWZ threading links every Message-ID a message names (its own, In-Reply-To, References) into
 * one set; a conversation is such a set. We keep the sets in SQL (thread_ids: Message-ID →
 * conversation), including ids only ever seen in References (JWZ's empty containers), so a
 * reply that arrives before its parent still lands in the right place, and so does a chain with
 * a missing middle. The tree shape is not stored: conversations show their messages by date.
 *
 * Stable ids: a conversation keeps its id forever. When a message links two conversations (a
 * missing parent arrives), the older one (the smaller id) absorbs the newer, and the newer id is
 * kept as an alias of it, so ids handed out before still resolve.
 *
 * A "Re:" subject without In-Reply-To or References joins a conversation only when all hold:
 *  - a message of it has the same base subject (prefixes and case ignored),
 *  - that message is at most 30 days older (or a day newer) than the reply,
 *  - the reply's sender took part in that message (as its sender or a recipient), and
 *  - that message's sender is the reply's sender or one of its recipients.
 * So two unrelated "Re: Hello" conversations between different people stay apart. The rule holds in
 * both directions of arrival: when the original comes after such a reply (sync fetches newest
 * first), the reply's conversation joins the original's then.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>

#include "inbox-conversations-private.h"

#define SUBJECT_WINDOW_BEFORE (30 * 24 * 3600)
#define SUBJECT_WINDOW_AFTER (24 * 3600)

static gboolean
lookup_conversation (InboxStoreTxn  *txn,
                     const char     *message_id,
                     gint64         *conversation_id,
                     GError        **error)
{
  /* Joined with conversations: an id whose conversation was emptied (expunged, account removed)
   * must not pull a new message into a conversation that no longer exists. */
  sqlite3_stmt *stmt = inbox_db_prepare (txn->db,
      "SELECT t.conversation_id FROM thread_ids t JOIN conversations c ON c.id = t.conversation_id "
      "WHERE t.message_id = ?", error);

  *conversation_id = 0;
  if (stmt == NULL)
    return FALSE;
  inbox_db_bind_text (stmt, 1, message_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    *conversation_id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return TRUE;
}

static char *
recipients_json (const InboxParsedMessage *parsed)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  GPtrArray *lists[] = { parsed->to, parsed->cc };

  json_builder_begin_array (builder);
  for (gsize l = 0; l < G_N_ELEMENTS (lists); l++)
    for (guint i = 0; i < lists[l]->len; i++)
      json_builder_add_string_value (builder, ((InboxAddress *) lists[l]->pdata[i])->address);
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

/* The conservative subject rule (see the top of this file). Returns 0 when nothing fits. */
static gint64
find_by_subject (InboxStoreTxn             *txn,
                 const InboxParsedMessage  *parsed,
                 GError                   **error)
{
  const char *sql =
    "SELECT m.conversation_id FROM messages m "
    "WHERE m.base_subject = ?1 AND m.date BETWEEN ?2 AND ?3 "
    "  AND (m.from_address = ?4 COLLATE NOCASE OR EXISTS ("
    "       SELECT 1 FROM message_addresses a WHERE a.message_id = m.id AND a.address = ?4 COLLATE NOCASE)) "
    "  AND (m.from_address = ?4 COLLATE NOCASE OR EXISTS ("
    "       SELECT 1 FROM json_each (?5) r WHERE r.value = m.from_address COLLATE NOCASE)) "
    "ORDER BY m.date DESC LIMIT 1";
  const char *from;
  g_autofree char *recipients = NULL;
  sqlite3_stmt *stmt;
  gint64 found = 0;

  if (parsed->from->len == 0 || *parsed->base_subject == '\0')
    return 0;
  from = ((InboxAddress *) parsed->from->pdata[0])->address;
  if (*from == '\0')
    return 0;

  stmt = inbox_db_prepare (txn->db, sql, error);
  if (stmt == NULL)
    return -1;
  recipients = recipients_json (parsed);
  inbox_db_bind_text (stmt, 1, parsed->base_subject);
  sqlite3_bind_int64 (stmt, 2, parsed->date - SUBJECT_WINDOW_BEFORE);
  sqlite3_bind_int64 (stmt, 3, parsed->date + SUBJECT_WINDOW_AFTER);
  inbox_db_bind_text (stmt, 4, from);
  inbox_db_bind_text (stmt, 5, recipients);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    found = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return found;
}

static gboolean
merge_conversation (InboxStoreTxn  *txn,
                    gint64          from_id,
                    gint64          into_id,
                    GError        **error)
{
  static const char * const statements[] = {
    "UPDATE messages SET conversation_id = ?2 WHERE conversation_id = ?1",
    "UPDATE thread_ids SET conversation_id = ?2 WHERE conversation_id = ?1",
    "UPDATE conversation_aliases SET new_id = ?2 WHERE new_id = ?1",
    "INSERT OR REPLACE INTO conversation_aliases (old_id, new_id) VALUES (?1, ?2)",
    /* A title the user gave either half survives. */
    "UPDATE conversations SET custom_title = (SELECT custom_title FROM conversations WHERE id = ?1) "
    "WHERE id = ?2 AND custom_title IS NULL",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (statements); i++)
    {
      sqlite3_stmt *stmt = inbox_db_prepare (txn->db, statements[i], error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, from_id);
      sqlite3_bind_int64 (stmt, 2, into_id);
      if (!inbox_db_step_done (txn->db, stmt, error))
        return FALSE;
    }

  inbox_store_txn_touch_conversation (txn, from_id);  /* now empty: the flush deletes it */
  inbox_store_txn_touch_conversation (txn, into_id);
  return TRUE;
}

static gint64
create_conversation (InboxStoreTxn  *txn,
                     GError        **error)
{
  sqlite3_stmt *stmt = inbox_db_prepare (txn->db, "INSERT INTO conversations DEFAULT VALUES", error);

  if (stmt == NULL || !inbox_db_step_done (txn->db, stmt, error))
    return 0;
  return sqlite3_last_insert_rowid (inbox_db_handle (txn->db));
}

static gboolean
took_part (InboxStoreTxn  *txn,
           gint64          message_row,
           const char     *address)
{
  sqlite3_stmt *stmt = inbox_db_prepare (txn->db,
      "SELECT 1 FROM messages m WHERE m.id = ?1 AND (m.from_address = ?2 COLLATE NOCASE OR EXISTS ("
      "  SELECT 1 FROM message_addresses a WHERE a.message_id = m.id AND a.address = ?2 COLLATE NOCASE))", NULL);
  gboolean found;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, message_row);
  inbox_db_bind_text (stmt, 2, address);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  return found;
}

/* The other direction of the subject rule: replies without references that arrived before this
 * original, and that it would have taken in. Returns the conversation that survives. */
static gint64
adopt_earlier_replies (InboxStoreTxn             *txn,
                       const InboxParsedMessage  *parsed,
                       gint64                     conversation,
                       GError                   **error)
{
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (gint64) * 2);
  g_autoptr(GPtrArray) subjects = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) senders = g_ptr_array_new_with_free_func (g_free);
  const char *from;
  sqlite3_stmt *stmt;

  if (parsed->from->len == 0 || *parsed->base_subject == '\0')
    return conversation;
  from = ((InboxAddress *) parsed->from->pdata[0])->address;

  stmt = inbox_db_prepare (txn->db,
      "SELECT m.id, m.conversation_id, m.subject, m.from_address FROM messages m "
      "WHERE m.base_subject = ?1 AND m.date BETWEEN ?2 AND ?3 AND m.in_reply_to IS NULL AND m.refs IS NULL "
      "  AND m.conversation_id <> ?4", error);
  if (stmt == NULL)
    return 0;
  inbox_db_bind_text (stmt, 1, parsed->base_subject);
  sqlite3_bind_int64 (stmt, 2, parsed->date - SUBJECT_WINDOW_AFTER);
  sqlite3_bind_int64 (stmt, 3, parsed->date + SUBJECT_WINDOW_BEFORE);
  sqlite3_bind_int64 (stmt, 4, conversation);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 row[2] = { sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 1) };
      g_array_append_vals (rows, row, 1);
      g_ptr_array_add (subjects, g_strdup (inbox_db_column_text (stmt, 2)));
      g_ptr_array_add (senders, g_strdup (inbox_db_column_text (stmt, 3)));
    }
  sqlite3_reset (stmt);

  for (guint i = 0; i < rows->len; i++)
    {
      gint64 *row = &g_array_index (rows, gint64, i * 2);
      const char *reply_sender = senders->pdata[i];
      gboolean is_reply = FALSE;
      g_autofree char *base = inbox_subject_get_base (subjects->pdata[i], &is_reply);
      gboolean sender_was_addressed = FALSE;

      if (!is_reply || *reply_sender == '\0')
        continue;
      /* The reply's sender took part in this message, and this message's sender in the reply. */
      for (guint l = 0; l < 2 && !sender_was_addressed; l++)
        {
          GPtrArray *list = l == 0 ? parsed->to : parsed->cc;
          for (guint a = 0; a < list->len; a++)
            if (g_ascii_strcasecmp (((InboxAddress *) list->pdata[a])->address, reply_sender) == 0)
              sender_was_addressed = TRUE;
        }
      if (!(sender_was_addressed || g_ascii_strcasecmp (reply_sender, from) == 0) || !took_part (txn, row[0], from))
        continue;

      if (!merge_conversation (txn, MAX (row[1], conversation), MIN (row[1], conversation), error))
        return 0;
      conversation = MIN (row[1], conversation);
    }
  return conversation;
}

gint64
inbox_threading_assign (InboxStoreTxn             *txn,
                        const InboxParsedMessage  *parsed,
                        GError                   **error)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  g_autoptr(GArray) known = g_array_new (FALSE, TRUE, sizeof (gboolean));
  gint64 conversation = 0;
  sqlite3_stmt *stmt;

  for (guint i = 0; i < parsed->references->len; i++)
    g_ptr_array_add (ids, parsed->references->pdata[i]);
  if (parsed->in_reply_to != NULL)
    g_ptr_array_add (ids, parsed->in_reply_to);
  g_ptr_array_add (ids, parsed->message_id);

  /* Every conversation these ids already belong to; the oldest absorbs the others. */
  for (guint i = 0; i < ids->len; i++)
    {
      gint64 found;

      if (!lookup_conversation (txn, ids->pdata[i], &found, error))
        return 0;
      g_array_append_val (known, (gboolean) { found != 0 });
      if (found == 0 || found == conversation)
        continue;
      if (conversation == 0)
        conversation = found;
      else if (!merge_conversation (txn, MAX (found, conversation), MIN (found, conversation), error))
        return 0;
      else
        conversation = MIN (found, conversation);
    }

  if (conversation == 0 && parsed->reply_subject && ids->len == 1)
    {
      conversation = find_by_subject (txn, parsed, error);
      if (conversation < 0)
        return 0;
    }

  if (conversation == 0)
    {
      conversation = create_conversation (txn, error);
      if (conversation == 0)
        return 0;
    }

  if (!(parsed->reply_subject && ids->len == 1))
    {
      conversation = adopt_earlier_replies (txn, parsed, conversation, error);
      if (conversation == 0)
        return 0;
    }

  /* Ids already known point at this conversation now: they did, or a merge above moved them
   * (merge_conversation() moves a conversation's ids with it). In a thread every reply names
   * its ancestors, so most ids are known; only the new ones are written. */
  stmt = inbox_db_prepare (txn->db, "INSERT OR REPLACE INTO thread_ids (message_id, conversation_id) VALUES (?, ?)", error);
  if (stmt == NULL)
    return 0;
  for (guint i = 0; i < ids->len; i++)
    {
      if (g_array_index (known, gboolean, i))
        continue;
      inbox_db_bind_text (stmt, 1, ids->pdata[i]);
      sqlite3_bind_int64 (stmt, 2, conversation);
      if (!inbox_db_step_done (txn->db, stmt, error))
        return 0;
    }

  inbox_store_txn_touch_conversation (txn, conversation);
  return conversation;
}
