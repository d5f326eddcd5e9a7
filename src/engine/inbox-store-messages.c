/* inbox-store-messages.c: writing accounts, folders and messages (inside write jobs).
 *
 * A message is stored once per account, keyed by its Message-ID, and located in any number of
 * folders. Adding a message that is already stored only adds the new location.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "inbox-conversations-private.h"
#include "inbox-search.h"
#include "inbox-store-private.h"

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

gint64
inbox_store_txn_ensure_account (InboxStoreTxn  *txn,
                                const char     *name,
                                const char     *email,
                                const char     *kind,
                                GError        **error)
{
  sqlite3_stmt *stmt = inbox_db_prepare (txn->db, "SELECT id FROM accounts WHERE name = ?", error);
  gint64 id = 0;

  if (stmt == NULL)
    return 0;
  inbox_db_bind_text (stmt, 1, name);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (id != 0)
    return id;

  stmt = inbox_db_prepare (txn->db, "INSERT INTO accounts (name, email, kind, created) VALUES (?, ?, ?, ?)", error);
  if (stmt == NULL)
    return 0;
  inbox_db_bind_text (stmt, 1, name);
  inbox_db_bind_text (stmt, 2, email);
  inbox_db_bind_text (stmt, 3, kind);
  sqlite3_bind_int64 (stmt, 4, now_seconds ());
  if (!inbox_db_step_done (txn->db, stmt, error))
    return 0;
  return sqlite3_last_insert_rowid (inbox_db_handle (txn->db));
}

/* Sets a folder's role and recomputes the conversations in it (their mailbox rows change). */
static gboolean
set_folder_role (InboxStoreTxn  *txn,
                 gint64          folder_id,
                 const char     *role,
                 gboolean        chosen,
                 GError        **error)
{
  sqlite3_stmt *stmt = inbox_db_prepare (txn->db, "UPDATE folders SET role = ?, role_chosen = ? WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  inbox_db_bind_text (stmt, 1, role);
  sqlite3_bind_int (stmt, 2, chosen);
  sqlite3_bind_int64 (stmt, 3, folder_id);
  if (!inbox_db_step_done (txn->db, stmt, error))
    return FALSE;

  stmt = inbox_db_prepare (txn->db,
      "SELECT DISTINCT m.conversation_id FROM message_locations l JOIN messages m ON m.id = l.message_id "
      "WHERE l.folder_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, folder_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    inbox_store_txn_touch_conversation (txn, sqlite3_column_int64 (stmt, 0));
  sqlite3_reset (stmt);
  return TRUE;
}

gint64
inbox_store_txn_ensure_folder (InboxStoreTxn  *txn,
                               gint64          account_id,
                               const char     *path,
                               const char     *role,
                               GError        **error)
{
  sqlite3_stmt *stmt = inbox_db_prepare (txn->db,
      "SELECT id, role, role_chosen FROM folders WHERE account_id = ? AND path = ?", error);
  g_autofree char *name = NULL;
  g_autofree char *old_role = NULL;
  gboolean chosen = FALSE;
  const char *slash;
  gint64 id = 0;

  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, account_id);
  inbox_db_bind_text (stmt, 2, path);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      id = sqlite3_column_int64 (stmt, 0);
      old_role = g_strdup (inbox_db_column_text (stmt, 1));
      chosen = sqlite3_column_int (stmt, 2) != 0;
    }
  sqlite3_reset (stmt);
  if (id != 0)
    {
      /* The server's role changed (SPECIAL-USE added later): follow it, unless the user chose one. */
      if (!chosen && role != NULL && g_strcmp0 (old_role, role) != 0 &&
          !set_folder_role (txn, id, role, FALSE, error))
        return 0;
      return id;
    }

  slash = strrchr (path, '/');
  name = g_strdup (slash != NULL ? slash + 1 : path);
  stmt = inbox_db_prepare (txn->db, "INSERT INTO folders (account_id, path, name, role) VALUES (?, ?, ?, ?)", error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, account_id);
  inbox_db_bind_text (stmt, 2, path);
  inbox_db_bind_text (stmt, 3, name);
  inbox_db_bind_text (stmt, 4, role != NULL ? role : "none");
  if (!inbox_db_step_done (txn->db, stmt, error))
    return 0;
  id = sqlite3_last_insert_rowid (inbox_db_handle (txn->db));

  /* A folder is also a label, so label:Receipts finds what is in the Receipts folder. */
  stmt = inbox_db_prepare (txn->db,
      "INSERT OR IGNORE INTO labels (account_id, name, kind, folder_id) VALUES (?, ?, 'folder', ?)", error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, account_id);
  inbox_db_bind_text (stmt, 2, name);
  sqlite3_bind_int64 (stmt, 3, id);
  if (!inbox_db_step_done (txn->db, stmt, error))
    return 0;

  return id;
}

/* The message's flags: what any of its copies has (read anywhere is read). SQL has no bitwise
 * OR aggregate, so it is computed here. */
static gboolean
update_message_flags (InboxStoreTxn  *txn,
                      gint64          message_row,
                      GError        **error)
{
  sqlite3_stmt *stmt = inbox_db_prepare (txn->db, "SELECT flags FROM message_locations WHERE message_id = ?", error);
  guint flags = 0;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, message_row);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    flags |= (guint) sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);

  stmt = inbox_db_prepare (txn->db, "UPDATE messages SET flags = ? WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, (int) flags);
  sqlite3_bind_int64 (stmt, 2, message_row);
  return inbox_db_step_done (txn->db, stmt, error);
}

/* Adds the location unless the message is already in that folder; uid 0 takes the folder's next.
 * Sets *changed when anything was written, so that a resync that finds nothing new touches nothing.
 * A message stored just now has no other location, and was stored with these flags: nothing to
 * look up or aggregate (three statements a message in a first sync). */
static gboolean
add_location (InboxStoreTxn  *txn,
              gint64          message_row,
              gboolean        new_message,
              gint64          folder_id,
              gint64          uid,
              guint           flags,
              gboolean       *changed,
              GError        **error)
{
  sqlite3_stmt *stmt;
  gint64 present_uid = 0;
  guint present_flags = 0;

  *changed = FALSE;
  if (!new_message)
    {
      stmt = inbox_db_prepare (txn->db,
          "SELECT uid, flags FROM message_locations WHERE message_id = ? AND folder_id = ? AND (? = 0 OR uid = ?)", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, message_row);
      sqlite3_bind_int64 (stmt, 2, folder_id);
      sqlite3_bind_int64 (stmt, 3, uid);
      sqlite3_bind_int64 (stmt, 4, uid);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          present_uid = sqlite3_column_int64 (stmt, 0);
          present_flags = (guint) sqlite3_column_int (stmt, 1);
        }
      sqlite3_reset (stmt);
    }

  if (present_uid != 0 && present_flags == flags)
    return TRUE;

  if (present_uid != 0)
    uid = present_uid;
  else if (uid == 0)
    {
      /* A local folder numbers its messages itself: the next after the highest (an index lookup;
       * an UPDATE … RETURNING on folders cost 175 µs a message in the import benchmark). */
      stmt = inbox_db_prepare (txn->db, "SELECT coalesce (max (uid), 0) + 1 FROM message_locations WHERE folder_id = ?", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, folder_id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        uid = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
    }

  stmt = inbox_db_prepare (txn->db,
      "INSERT INTO message_locations (message_id, folder_id, uid, flags) VALUES (?, ?, ?, ?) "
      "ON CONFLICT (folder_id, uid) DO UPDATE SET message_id = excluded.message_id, flags = excluded.flags", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, message_row);
  sqlite3_bind_int64 (stmt, 2, folder_id);
  sqlite3_bind_int64 (stmt, 3, uid);
  sqlite3_bind_int (stmt, 4, (int) flags);
  if (!inbox_db_step_done (txn->db, stmt, error))
    return FALSE;

  if (!new_message && !update_message_flags (txn, message_row, error))
    return FALSE;

  *changed = TRUE;
  return TRUE;
}

static char *
join_addresses (GPtrArray *addresses)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < addresses->len; i++)
    {
      InboxAddress *address = addresses->pdata[i];
      g_string_append_printf (text, "%s%s %s", i > 0 ? ", " : "", address->name, address->address);
    }

  return g_string_free (text, FALSE);
}

static gboolean
insert_addresses (InboxStoreTxn  *txn,
                  gint64          message_row,
                  const char     *kind,
                  GPtrArray      *addresses,
                  GError        **error)
{
  sqlite3_stmt *stmt = inbox_db_prepare (txn->db,
      "INSERT OR IGNORE INTO message_addresses (message_id, kind, position, name, address) VALUES (?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < addresses->len; i++)
    {
      InboxAddress *address = addresses->pdata[i];

      sqlite3_bind_int64 (stmt, 1, message_row);
      inbox_db_bind_text (stmt, 2, kind);
      sqlite3_bind_int (stmt, 3, (int) i);
      inbox_db_bind_text (stmt, 4, address->name);
      inbox_db_bind_text (stmt, 5, address->address);
      if (!inbox_db_step_done (txn->db, stmt, error))
        return FALSE;
    }

  return TRUE;
}

/* What one transaction adds to a contact: counted in memory and written once before the commit
 * (an upsert per address and message cost ~9 µs each; a batch of 1,000 messages names the same
 * people many times). */
typedef struct {
  char *name;       /* the last non-empty name seen */
  gint64 seen;
  gint64 sent;      /* messages of mine to them */
  gint64 last_seen;
  gint64 last_sent;
} PendingContact;

static void
pending_contact_free (PendingContact *contact)
{
  g_free (contact->name);
  g_free (contact);
}

static void
update_contacts (InboxStoreTxn             *txn,
                 const InboxParsedMessage  *parsed,
                 gboolean                   mine)
{
  GPtrArray *lists[] = { parsed->from, parsed->to, parsed->cc, parsed->bcc };

  if (txn->contacts == NULL)
    txn->contacts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) pending_contact_free);
  for (gsize l = 0; l < G_N_ELEMENTS (lists); l++)
    for (guint i = 0; i < lists[l]->len; i++)
      {
        InboxAddress *address = lists[l]->pdata[i];
        PendingContact *contact;
        gboolean sent = mine && l > 0;  /* "I wrote to them": recipients of my mail */

        if (*address->address == '\0' || strchr (address->address, '@') == NULL)
          continue;
        contact = g_hash_table_lookup (txn->contacts, address->address);
        if (contact == NULL)
          {
            contact = g_new0 (PendingContact, 1);
            contact->name = g_strdup ("");
            g_hash_table_insert (txn->contacts, g_strdup (address->address), contact);
          }
        if (address->name != NULL && *address->name != '\0')
          {
            g_free (contact->name);
            contact->name = g_strdup (address->name);
          }
        contact->seen++;
        contact->last_seen = MAX (contact->last_seen, parsed->date);
        if (sent)
          {
            contact->sent++;
            contact->last_sent = MAX (contact->last_sent, parsed->date);
          }
      }
}

gboolean
inbox_store_txn_flush_contacts (InboxStoreTxn  *txn,
                                GError        **error)
{
  GHashTableIter iter;
  gpointer address, value;
  sqlite3_stmt *stmt;

  if (txn->contacts == NULL || g_hash_table_size (txn->contacts) == 0)
    return TRUE;
  stmt = inbox_db_prepare (txn->db,
      "INSERT INTO contacts (address, name, seen_count, sent_count, last_seen, last_sent) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
      "ON CONFLICT (address) DO UPDATE SET "
      "  name = CASE WHEN excluded.name <> '' THEN excluded.name ELSE contacts.name END, "
      "  seen_count = contacts.seen_count + excluded.seen_count, "
      "  sent_count = contacts.sent_count + excluded.sent_count, "
      "  last_seen = max (contacts.last_seen, excluded.last_seen), "
      "  last_sent = max (contacts.last_sent, excluded.last_sent)", error);
  if (stmt == NULL)
    return FALSE;
  g_hash_table_iter_init (&iter, txn->contacts);
  while (g_hash_table_iter_next (&iter, &address, &value))
    {
      PendingContact *contact = value;

      inbox_db_bind_text (stmt, 1, address);
      inbox_db_bind_text (stmt, 2, contact->name);
      sqlite3_bind_int64 (stmt, 3, contact->seen);
      sqlite3_bind_int64 (stmt, 4, contact->sent);
      sqlite3_bind_int64 (stmt, 5, contact->last_seen);
      sqlite3_bind_int64 (stmt, 6, contact->last_sent);
      if (!inbox_db_step_done (txn->db, stmt, error))
        return FALSE;
    }
  g_hash_table_remove_all (txn->contacts);
  return TRUE;
}

static gboolean
is_mine (InboxStoreTxn             *txn,
         gint64                     account_id,
         gint64                     folder_id,
         const InboxParsedMessage  *parsed)
{
  sqlite3_stmt *stmt = inbox_db_prepare (txn->db,
      "SELECT (SELECT role FROM folders WHERE id = ?1) = 'sent' "
      "    OR EXISTS (SELECT 1 FROM accounts WHERE email = ?2 COLLATE NOCASE)", NULL);
  gboolean mine = FALSE;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, folder_id);
  inbox_db_bind_text (stmt, 2, parsed->from->len > 0 ? ((InboxAddress *) parsed->from->pdata[0])->address : "");
  if (sqlite3_step (stmt) == SQLITE_ROW)
    mine = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);
  return mine;
}

static gboolean
insert_message (InboxStoreTxn             *txn,
                gint64                     account_id,
                gint64                     conversation_id,
                guint                      flags,
                const InboxParsedMessage  *parsed,
                const char                *hash,
                gint64                    *message_row,
                GError                   **error)
{
  g_autoptr(GString) references = g_string_new (NULL);
  g_autoptr(GString) filenames = g_string_new (NULL);
  g_autofree char *sender = join_addresses (parsed->from);
  g_autofree char *to = join_addresses (parsed->to);
  g_autofree char *cc = join_addresses (parsed->cc);
  InboxAddress *from = parsed->from->len > 0 ? parsed->from->pdata[0] : NULL;
  gboolean has_attachment = FALSE;
  const char *fts_columns[INBOX_FTS_COLUMNS] = { parsed->subject, sender, to, cc, parsed->body_text, NULL };
  sqlite3_stmt *stmt;
  gint64 row, search_key;

  for (guint i = 0; i < parsed->references->len; i++)
    g_string_append_printf (references, "%s%s", i > 0 ? " " : "", (char *) parsed->references->pdata[i]);
  for (guint i = 0; i < parsed->attachments->len; i++)
    {
      InboxAttachmentInfo *attachment = parsed->attachments->pdata[i];
      g_string_append_printf (filenames, "%s%s", i > 0 ? " " : "", attachment->filename);
      has_attachment |= !attachment->is_inline;
    }
  if (has_attachment)
    g_string_append (filenames, " " INBOX_SEARCH_ATTACHMENT_MARKER);
  fts_columns[5] = filenames->str;

  search_key = inbox_store_txn_next_search_key (txn, parsed->date, error);
  if (search_key == G_MININT64)
    return FALSE;

  stmt = inbox_db_prepare (txn->db,
      "INSERT INTO messages (account_id, message_id, synthetic_id, conversation_id, subject, base_subject, "
      "  from_name, from_address, date, in_reply_to, refs, snippet, has_attachment, size, "
      "  list_id, list_unsubscribe, auto_submitted, precedence, parse_error, content_hash, search_key, flags) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, account_id);
  inbox_db_bind_text (stmt, 2, parsed->message_id);
  sqlite3_bind_int (stmt, 3, parsed->synthetic_id);
  sqlite3_bind_int64 (stmt, 4, conversation_id);
  inbox_db_bind_text (stmt, 5, parsed->subject);
  inbox_db_bind_text (stmt, 6, parsed->base_subject);
  inbox_db_bind_text (stmt, 7, from != NULL ? from->name : "");
  inbox_db_bind_text (stmt, 8, from != NULL ? from->address : "");
  sqlite3_bind_int64 (stmt, 9, parsed->date);
  inbox_db_bind_text (stmt, 10, parsed->in_reply_to);
  inbox_db_bind_text (stmt, 11, references->len > 0 ? references->str : NULL);
  inbox_db_bind_text (stmt, 12, parsed->snippet);
  sqlite3_bind_int (stmt, 13, has_attachment);
  sqlite3_bind_int64 (stmt, 14, (gint64) parsed->size);
  inbox_db_bind_text (stmt, 15, parsed->list_id);
  inbox_db_bind_text (stmt, 16, parsed->list_unsubscribe);
  inbox_db_bind_text (stmt, 17, parsed->auto_submitted);
  inbox_db_bind_text (stmt, 18, parsed->precedence);
  inbox_db_bind_text (stmt, 19, parsed->parse_error);
  inbox_db_bind_text (stmt, 20, hash);
  sqlite3_bind_int64 (stmt, 21, search_key);
  sqlite3_bind_int (stmt, 22, (int) flags);
  if (!inbox_db_step_done (txn->db, stmt, error))
    return FALSE;
  row = sqlite3_last_insert_rowid (inbox_db_handle (txn->db));

  if (!insert_addresses (txn, row, "from", parsed->from, error) ||
      !insert_addresses (txn, row, "to", parsed->to, error) ||
      !insert_addresses (txn, row, "cc", parsed->cc, error) ||
      !insert_addresses (txn, row, "bcc", parsed->bcc, error) ||
      !insert_addresses (txn, row, "reply-to", parsed->reply_to, error))
    return FALSE;

  if (parsed->text_html != NULL)
    {
      stmt = inbox_db_prepare (txn->db, "INSERT INTO message_bodies (message_id, html) VALUES (?, ?)", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, row);
      inbox_db_bind_text (stmt, 2, parsed->text_html);
      if (!inbox_db_step_done (txn->db, stmt, error))
        return FALSE;
    }

  stmt = inbox_db_prepare (txn->db,
      "INSERT INTO attachments (message_id, position, filename, content_type, size, content_id, inline) "
      "VALUES (?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < parsed->attachments->len; i++)
    {
      InboxAttachmentInfo *attachment = parsed->attachments->pdata[i];

      sqlite3_bind_int64 (stmt, 1, row);
      sqlite3_bind_int (stmt, 2, (int) i);
      inbox_db_bind_text (stmt, 3, attachment->filename);
      inbox_db_bind_text (stmt, 4, attachment->content_type);
      sqlite3_bind_int64 (stmt, 5, (gint64) attachment->size);
      inbox_db_bind_text (stmt, 6, attachment->content_id);
      sqlite3_bind_int (stmt, 7, attachment->is_inline);
      if (!inbox_db_step_done (txn->db, stmt, error))
        return FALSE;
    }

  *message_row = row;
  return inbox_store_txn_queue_fts_row (txn, search_key, fts_columns, error);
}

/* What tells two copies of one message from two messages that share an id. */
static char *
content_hash (const InboxParsedMessage *parsed)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  InboxAddress *from = parsed->from->len > 0 ? parsed->from->pdata[0] : NULL;
  g_autofree char *date = g_strdup_printf ("%" G_GINT64_FORMAT, parsed->date);
  const char *fields[] = { from != NULL ? from->address : "", date, parsed->subject, parsed->body_text };

  for (gsize i = 0; i < G_N_ELEMENTS (fields); i++)
    g_checksum_update (checksum, (const guchar *) fields[i], strlen (fields[i]) + 1);
  for (guint i = 0; i < parsed->attachments->len; i++)
    {
      InboxAttachmentInfo *attachment = parsed->attachments->pdata[i];
      g_autofree char *line = g_strdup_printf ("%s %" G_GSIZE_FORMAT, attachment->filename, attachment->size);
      g_checksum_update (checksum, (const guchar *) line, strlen (line) + 1);
    }

  return g_strdup (g_checksum_get_string (checksum));
}

/* Finds the stored copy of a message: same account, same Message-ID, and the same content
 * (sender, date, subject, text, attachments). Two different messages that share a Message-ID (broken or hostile mailers do
 * that) must both be kept, so the second gets a derived id: "<id>#<hash of what differs>". */
static gboolean
find_stored (InboxStoreTxn             *txn,
             gint64                     account_id,
             const InboxParsedMessage  *parsed,
             char                     **message_id,
             const char                *hash,
             InboxAddResult            *result,
             GError                   **error)
{
  sqlite3_stmt *stmt = inbox_db_prepare (txn->db,
      "SELECT id, conversation_id, content_hash = ?3 FROM messages WHERE account_id = ?1 AND message_id = ?2", error);
  gboolean same = TRUE;

  if (stmt == NULL)
    return FALSE;

  *message_id = g_strdup (parsed->message_id);
  for (int attempt = 0; attempt < 2; attempt++)
    {
      sqlite3_bind_int64 (stmt, 1, account_id);
      inbox_db_bind_text (stmt, 2, *message_id);
      inbox_db_bind_text (stmt, 3, hash);
      same = TRUE;
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          result->message_row = sqlite3_column_int64 (stmt, 0);
          result->conversation_id = sqlite3_column_int64 (stmt, 1);
          same = sqlite3_column_int (stmt, 2) != 0;
        }
      sqlite3_reset (stmt);
      if (same)
        break;

      g_free (*message_id);
      *message_id = g_strdup_printf ("%s#%.12s", parsed->message_id, hash);
      *result = (InboxAddResult) { 0 };
    }

  if (!same)
    *result = (InboxAddResult) { 0 };
  return TRUE;
}

gboolean
inbox_store_txn_add_message (InboxStoreTxn             *txn,
                             gint64                     account_id,
                             gint64                     folder_id,
                             gint64                     uid,
                             guint                      flags,
                             const InboxParsedMessage  *parsed,
                             InboxAddResult            *result,
                             GError                   **error)
{
  g_autofree char *message_id = NULL;
  g_autofree char *hash = content_hash (parsed);
  InboxAddResult local = { 0 };
  gboolean changed = FALSE;

  if (result == NULL)
    result = &local;
  *result = (InboxAddResult) { 0 };
  if (!find_stored (txn, account_id, parsed, &message_id, hash, result, error))
    return FALSE;

  result->added = result->message_row == 0;
  if (result->added)
    {
      InboxParsedMessage copy = *parsed;

      copy.message_id = message_id;
      result->conversation_id = inbox_threading_assign (txn, &copy, error);
      if (result->conversation_id == 0 ||
          !insert_message (txn, account_id, result->conversation_id, flags, &copy, hash, &result->message_row, error))
        return FALSE;
      update_contacts (txn, parsed, is_mine (txn, account_id, folder_id, parsed));
    }

  if (!add_location (txn, result->message_row, result->added, folder_id, uid, flags, &changed, error))
    return FALSE;

  if (changed || result->added)
    inbox_store_txn_touch_conversation (txn, result->conversation_id);
  return TRUE;
}

/* --- sync ----------------------------------------------------------------------------------- */

gint64
inbox_store_txn_account_id (InboxStoreTxn  *txn,
                            const char     *account_uid,
                            GError        **error)
{
  sqlite3_stmt *stmt = inbox_db_prepare (txn->db, "SELECT id FROM accounts WHERE uid = ?", error);
  gint64 id = 0;

  if (stmt == NULL)
    return 0;
  inbox_db_bind_text (stmt, 1, account_uid);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (id == 0)
    g_set_error (error, INBOX_STORE_ERROR, INBOX_STORE_ERROR_NOT_FOUND, "There is no account %s", account_uid);
  return id;
}

static gint64
location_message (InboxStoreTxn  *txn,
                  gint64          folder_id,
                  gint64          uid,
                  gint64         *conversation_id,
                  GError        **error)
{
  sqlite3_stmt *stmt = inbox_db_prepare (txn->db,
      "SELECT l.message_id, m.conversation_id FROM message_locations l JOIN messages m ON m.id = l.message_id "
      "WHERE l.folder_id = ? AND l.uid = ?", error);
  gint64 row = 0;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, folder_id);
  sqlite3_bind_int64 (stmt, 2, uid);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      row = sqlite3_column_int64 (stmt, 0);
      *conversation_id = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);
  return row;
}

/* Another client changed a message's flags in one folder. */
gboolean
inbox_store_txn_set_location_flags (InboxStoreTxn  *txn,
                                    gint64          folder_id,
                                    gint64          uid,
                                    guint           flags,
                                    GError        **error)
{
  gint64 conversation_id = 0;
  gint64 row = location_message (txn, folder_id, uid, &conversation_id, error);
  sqlite3_stmt *stmt;

  if (row <= 0)
    return row == 0;
  stmt = inbox_db_prepare (txn->db, "UPDATE message_locations SET flags = ? WHERE folder_id = ? AND uid = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, (int) flags);
  sqlite3_bind_int64 (stmt, 2, folder_id);
  sqlite3_bind_int64 (stmt, 3, uid);
  if (!inbox_db_step_done (txn->db, stmt, error) || !update_message_flags (txn, row, error))
    return FALSE;
  inbox_store_txn_touch_conversation (txn, conversation_id);
  return TRUE;
}

/* A message left a folder (expunged or moved away). When no folder holds it any more, the
 * message goes too; a conversation left empty goes with the flush. */
gboolean
inbox_store_txn_remove_location (InboxStoreTxn  *txn,
                                 gint64          folder_id,
                                 gint64          uid,
                                 GError        **error)
{
  static const char * const orphan_statements[] = {
    "DELETE FROM message_fts WHERE rowid = (SELECT search_key FROM messages WHERE id = ?1) "
    "  AND NOT EXISTS (SELECT 1 FROM message_locations WHERE message_id = ?1)",
    "DELETE FROM messages WHERE id = ?1 AND NOT EXISTS (SELECT 1 FROM message_locations WHERE message_id = ?1)",
  };
  gint64 conversation_id = 0;
  gint64 row = location_message (txn, folder_id, uid, &conversation_id, error);
  sqlite3_stmt *stmt;

  if (row <= 0)
    return row == 0;
  /* The message may have come in this same transaction: its text is in the index before it goes. */
  if (!inbox_store_txn_flush_fts (txn, error))
    return FALSE;
  stmt = inbox_db_prepare (txn->db, "DELETE FROM message_locations WHERE folder_id = ? AND uid = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, folder_id);
  sqlite3_bind_int64 (stmt, 2, uid);
  if (!inbox_db_step_done (txn->db, stmt, error))
    return FALSE;

  for (gsize i = 0; i < G_N_ELEMENTS (orphan_statements); i++)
    if (!inbox_db_run_with_id (txn->db, orphan_statements[i], row, error))
      return FALSE;
  if (!update_message_flags (txn, row, error))
    return FALSE;

  inbox_store_txn_touch_conversation (txn, conversation_id);
  return TRUE;
}

/* Every message leaves the folder, as if each were expunged (a new UIDVALIDITY, or the folder gone
 * from the server). */
gboolean
inbox_store_txn_empty_folder (InboxStoreTxn  *txn,
                              gint64          folder_id,
                              GError        **error)
{
  g_autoptr(GArray) uids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt = inbox_db_prepare (txn->db, "SELECT uid FROM message_locations WHERE folder_id = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, folder_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 uid = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (uids, uid);
    }
  sqlite3_reset (stmt);
  for (guint i = 0; i < uids->len; i++)
    if (!inbox_store_txn_remove_location (txn, folder_id, g_array_index (uids, gint64, i), error))
      return FALSE;
  return TRUE;
}

/* --- folder roles chosen by the user -------------------------------------------------------- */

typedef struct {
  const char *account;
  const char *path;
  const char *role;
} RoleJob;

static gboolean
choose_folder_role (InboxStoreTxn  *txn,
                    gpointer        user_data,
                    GError        **error)
{
  RoleJob *job = user_data;
  sqlite3_stmt *stmt = inbox_db_prepare (txn->db,
      "SELECT f.id, f.account_id FROM folders f JOIN accounts a ON a.id = f.account_id "
      "WHERE (a.uid = ?1 OR a.email = ?1 COLLATE NOCASE OR a.name = ?1) AND f.path = ?2", error);
  gint64 folder = 0, account = 0;

  if (stmt == NULL)
    return FALSE;
  inbox_db_bind_text (stmt, 1, job->account);
  inbox_db_bind_text (stmt, 2, job->path);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      folder = sqlite3_column_int64 (stmt, 0);
      account = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (folder == 0)
    {
      g_set_error (error, INBOX_STORE_ERROR, INBOX_STORE_ERROR_NOT_FOUND, "There is no folder “%s” in %s", job->path, job->account);
      return FALSE;
    }

  /* One folder per role: the one that had it gives it up (and keeps no role, by choice). */
  if (!g_str_equal (job->role, "none"))
    {
      g_autoptr(GArray) previous = g_array_new (FALSE, FALSE, sizeof (gint64));

      stmt = inbox_db_prepare (txn->db, "SELECT id FROM folders WHERE account_id = ? AND role = ? AND id <> ?", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, account);
      inbox_db_bind_text (stmt, 2, job->role);
      sqlite3_bind_int64 (stmt, 3, folder);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          gint64 id = sqlite3_column_int64 (stmt, 0);
          g_array_append_val (previous, id);
        }
      sqlite3_reset (stmt);
      for (guint i = 0; i < previous->len; i++)
        if (!set_folder_role (txn, g_array_index (previous, gint64, i), "none", TRUE, error))
          return FALSE;
    }

  return set_folder_role (txn, folder, job->role, TRUE, error);
}

/* The user says which folder plays a role (inbox, sent, drafts, trash, junk, archive, or none);
 * it sticks across syncs. */
gboolean
inbox_store_set_folder_role_sync (InboxStore  *self,
                                  const char  *account,
                                  const char  *folder_path,
                                  const char  *role,
                                  GError     **error)
{
  static const char * const roles[] = { "inbox", "sent", "drafts", "trash", "junk", "archive", "none", NULL };
  RoleJob job = { account, folder_path, g_strcmp0 (role, "spam") == 0 ? "junk" : role };

  g_return_val_if_fail (INBOX_IS_STORE (self), FALSE);

  if (!g_strv_contains (roles, job.role))
    {
      g_set_error (error, INBOX_STORE_ERROR, INBOX_STORE_ERROR_NOT_FOUND,
                   "“%s” is not a role: use inbox, sent, drafts, trash, spam, archive or none", role);
      return FALSE;
    }
  return inbox_store_write_sync (self, choose_folder_role, &job, error);
}
