/* inbox-store-accounts.c: IMAP/SMTP accounts in the store (their passwords are in libsecret).
 *
 * The same address on the same IMAP server is one account: saving it again updates it, keeping
 * its uid, mail and keyring entry. The server is part of what an account is, so a different host
 * makes a new account. iCloud's @icloud.com, @me.com and @mac.com are one mailbox, so they match
 * each other.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "inbox-secrets.h"
#include "inbox-store-accounts.h"
#include "inbox-store-private.h"

#define ACCOUNT_COLUMNS \
  "uid, email, display_name, description, imap_host, imap_port, imap_security, imap_user, " \
  "smtp_host, smtp_port, smtp_security, smtp_user, history, pinned_certificate, preset, created"

static InboxAccountConfig *
config_from_row (sqlite3_stmt *stmt)
{
  InboxAccountConfig *config = inbox_account_config_new (inbox_db_column_text (stmt, 1));

  config->uid = g_strdup (inbox_db_column_text (stmt, 0));
  g_free (config->display_name);
  config->display_name = g_strdup (inbox_db_column_text (stmt, 2));
  g_free (config->description);
  config->description = g_strdup (inbox_db_column_text (stmt, 3));
  config->imap_host = g_strdup (inbox_db_column_text (stmt, 4));
  config->imap_port = (guint) sqlite3_column_int (stmt, 5);
  inbox_security_from_string (inbox_db_column_text (stmt, 6), &config->imap_security);
  config->imap_user = g_strdup ((const char *) sqlite3_column_text (stmt, 7));
  config->smtp_host = g_strdup (inbox_db_column_text (stmt, 8));
  config->smtp_port = (guint) sqlite3_column_int (stmt, 9);
  inbox_security_from_string (inbox_db_column_text (stmt, 10), &config->smtp_security);
  config->smtp_user = g_strdup ((const char *) sqlite3_column_text (stmt, 11));
  g_free (config->history);
  config->history = g_strdup (inbox_db_column_text (stmt, 12));
  config->pinned_certificate = g_strdup ((const char *) sqlite3_column_text (stmt, 13));
  config->preset = g_strdup ((const char *) sqlite3_column_text (stmt, 14));
  config->saves_sent = sqlite3_column_count (stmt) > 16 && sqlite3_column_int (stmt, 16) != 0;
  config->size_limit_mb = sqlite3_column_count (stmt) > 17 ? (guint) sqlite3_column_int (stmt, 17) : 0;
  config->created = sqlite3_column_int64 (stmt, 15);
  return config;
}

/* --- save ----------------------------------------------------------------------------------- */

typedef struct {
  InboxAccountConfig *config;
  gboolean updated;
} SaveJob;

static int
history_rank (const char *history)
{
  static const char * const order[] = { "none", "1m", "3m", "6m", "1y", "2y", "5y", "10y", "all", NULL };

  for (int i = 0; order[i] != NULL; i++)
    if (g_strcmp0 (history, order[i]) == 0)
      return i;
  return -1;
}

static char *
existing_uid (InboxStoreTxn             *txn,
              const InboxAccountConfig  *config,
              char                     **history,
              guint                     *size_limit_mb,
              GError                   **error)
{
  const char *at = strrchr (config->email, '@');
  g_autofree char *local_part = g_strndup (config->email, at - config->email);
  sqlite3_stmt *stmt = inbox_db_prepare (txn->db,
      "SELECT uid, history, size_limit_mb FROM accounts WHERE kind = 'imap' AND ("
      "  (email = ?1 COLLATE NOCASE AND imap_host = ?2 COLLATE NOCASE) OR "
      "  (?3 = 'icloud' AND preset = 'icloud' AND "
      "   lower (substr (email, 1, instr (email, '@') - 1)) = lower (?4)))", error);
  char *uid = NULL;

  if (stmt == NULL)
    return NULL;
  inbox_db_bind_text (stmt, 1, config->email);
  inbox_db_bind_text (stmt, 2, config->imap_host);
  inbox_db_bind_text (stmt, 3, config->preset != NULL ? config->preset : "");
  inbox_db_bind_text (stmt, 4, local_part);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      uid = g_strdup (inbox_db_column_text (stmt, 0));
      *history = g_strdup (inbox_db_column_text (stmt, 1));
      *size_limit_mb = (guint) sqlite3_column_int (stmt, 2);
    }
  sqlite3_reset (stmt);
  return uid;
}

static void
bind_settings (sqlite3_stmt             *stmt,
               const InboxAccountConfig *config)
{
  inbox_db_bind_text (stmt, 1, config->uid);
  inbox_db_bind_text (stmt, 2, config->email);
  inbox_db_bind_text (stmt, 3, config->display_name);
  inbox_db_bind_text (stmt, 4, config->description);
  inbox_db_bind_text (stmt, 5, config->imap_host);
  sqlite3_bind_int (stmt, 6, (int) config->imap_port);
  inbox_db_bind_text (stmt, 7, inbox_security_to_string (config->imap_security));
  inbox_db_bind_text (stmt, 8, config->imap_user);
  inbox_db_bind_text (stmt, 9, config->smtp_host);
  sqlite3_bind_int (stmt, 10, (int) config->smtp_port);
  inbox_db_bind_text (stmt, 11, inbox_security_to_string (config->smtp_security));
  inbox_db_bind_text (stmt, 12, config->smtp_user);
  inbox_db_bind_text (stmt, 13, config->history);
  inbox_db_bind_text (stmt, 14, config->pinned_certificate);
  inbox_db_bind_text (stmt, 15, config->preset);
  sqlite3_bind_int (stmt, 16, (int) config->size_limit_mb);
}

static gboolean
save_account (InboxStoreTxn  *txn,
              gpointer        user_data,
              GError        **error)
{
  SaveJob *job = user_data;
  InboxAccountConfig *config = job->config;
  g_autofree char *history = NULL;
  guint size_limit_mb = 0;
  g_autofree char *uid = existing_uid (txn, config, &history, &size_limit_mb, error);
  sqlite3_stmt *stmt;

  if (error != NULL && *error != NULL)
    return FALSE;

  job->updated = uid != NULL;
  if (job->updated)
    {
      /* The host stays: changing it means a new account. The history window only widens: a narrower
       * one would silently drop mail that is already here. */
      g_free (config->uid);
      config->uid = g_steal_pointer (&uid);
      /* A size limit once set stays until another is given. */
      if (config->size_limit_mb == 0)
        config->size_limit_mb = size_limit_mb;
      if (history_rank (history) > history_rank (config->history))
        {
          g_free (config->history);
          config->history = g_steal_pointer (&history);
        }
      stmt = inbox_db_prepare (txn->db,
          "UPDATE accounts SET display_name = ?3, description = ?4, imap_port = ?6, imap_security = ?7, "
          "  imap_user = ?8, smtp_host = ?9, smtp_port = ?10, smtp_security = ?11, smtp_user = ?12, "
          "  history = ?13, pinned_certificate = ?14, preset = ?15, email = ?2, "
          "  size_limit_mb = ?16 "
          "WHERE uid = ?1 AND ?5 IS NOT NULL", error);
    }
  else
    {
      if (config->uid == NULL)
        config->uid = g_uuid_string_random ();
      stmt = inbox_db_prepare (txn->db,
          "INSERT INTO accounts (name, kind, " ACCOUNT_COLUMNS ", size_limit_mb) VALUES ("
          "  CASE WHEN EXISTS (SELECT 1 FROM accounts WHERE name = ?2) THEN ?2 || ' (' || ?5 || ')' ELSE ?2 END, "
          "  'imap', ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, strftime ('%s', 'now'), ?16)", error);
    }
  if (stmt == NULL)
    return FALSE;
  bind_settings (stmt, config);
  return inbox_db_step_done (txn->db, stmt, error);
}

/* Saves a verified account; sets config->uid. *updated says whether it existed already. */
gboolean
inbox_store_save_account_sync (InboxStore          *self,
                               InboxAccountConfig  *config,
                               gboolean            *updated,
                               GError             **error)
{
  SaveJob job = { config };

  g_return_val_if_fail (INBOX_IS_STORE (self), FALSE);

  if (!inbox_account_config_validate (config, error) || !inbox_store_write_sync (self, save_account, &job, error))
    return FALSE;
  if (updated != NULL)
    *updated = job.updated;
  return TRUE;
}

/* --- read ----------------------------------------------------------------------------------- */

typedef struct {
  const char *key;
  GPtrArray *result;
} ReadJob;

static gboolean
read_accounts (InboxDb   *db,
               gpointer   user_data,
               GError   **error)
{
  ReadJob *job = user_data;
  sqlite3_stmt *stmt = inbox_db_prepare (db,
      "SELECT " ACCOUNT_COLUMNS ", saves_sent, size_limit_mb FROM accounts WHERE kind = 'imap' "
      "  AND (?1 IS NULL OR uid = ?1 OR email = ?1 COLLATE NOCASE OR CAST (id AS TEXT) = ?1) ORDER BY id", error);

  if (stmt == NULL)
    return FALSE;
  inbox_db_bind_text (stmt, 1, job->key);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (job->result, config_from_row (stmt));
  sqlite3_reset (stmt);
  return TRUE;
}

/* The IMAP accounts, oldest first; with key (a uid, an address or an id), just the ones it names. */
GPtrArray *
inbox_store_list_accounts_sync (InboxStore  *self,
                                const char  *key,
                                GError     **error)
{
  g_autoptr(GPtrArray) result = g_ptr_array_new_with_free_func ((GDestroyNotify) inbox_account_config_free);
  ReadJob job = { key, result };

  g_return_val_if_fail (INBOX_IS_STORE (self), NULL);

  if (!inbox_store_read (self, read_accounts, &job, error))
    return NULL;
  return g_steal_pointer (&result);
}

/* --- remove --------------------------------------------------------------------------------- */

static gboolean
remove_account (InboxStoreTxn  *txn,
                gpointer        user_data,
                GError        **error)
{
  const char *uid = user_data;
  static const char * const statements[] = {
    /* Conversations with mail of this account are recomputed (and deleted when left empty). */
    "SELECT DISTINCT conversation_id FROM messages WHERE account_id = (SELECT id FROM accounts WHERE uid = ?1)",
    "DELETE FROM message_fts WHERE rowid IN "
    "  (SELECT search_key FROM messages WHERE account_id = (SELECT id FROM accounts WHERE uid = ?1))",
    "DELETE FROM message_locations WHERE message_id IN (SELECT id FROM messages WHERE account_id = (SELECT id FROM accounts WHERE uid = ?1))",
    "DELETE FROM messages WHERE account_id = (SELECT id FROM accounts WHERE uid = ?1)",
    /* Ids of conversations no account has mail in any more: a new message must not join them. */
    "DELETE FROM thread_ids WHERE conversation_id NOT IN (SELECT conversation_id FROM messages)",
    "DELETE FROM accounts WHERE uid = ?1",
  };

  if (!inbox_store_txn_flush_fts (txn, error))
    return FALSE;
  for (gsize i = 0; i < G_N_ELEMENTS (statements); i++)
    {
      sqlite3_stmt *stmt = inbox_db_prepare (txn->db, statements[i], error);

      if (stmt == NULL)
        return FALSE;
      inbox_db_bind_text (stmt, 1, uid);
      if (i == 0)
        {
          while (sqlite3_step (stmt) == SQLITE_ROW)
            inbox_store_txn_touch_conversation (txn, sqlite3_column_int64 (stmt, 0));
          sqlite3_reset (stmt);
        }
      else if (!inbox_db_step_done (txn->db, stmt, error))
        return FALSE;
    }

  return TRUE;
}

/* Deletes the account and all its mail from the store (the caller clears its keyring entry). */
gboolean
inbox_store_remove_account_sync (InboxStore  *self,
                                 const char  *uid,
                                 GError     **error)
{
  g_return_val_if_fail (INBOX_IS_STORE (self), FALSE);

  return inbox_store_write_sync (self, remove_account, (gpointer) uid, error);
}

/* Saves a verified account and puts its password(s) in the keyring, the only place they live.
 * The same app-specific password serves SMTP unless smtp_password is given: without one, a
 * separate SMTP password kept from before goes (the caller verified SMTP with this one). */
gboolean
inbox_store_add_account_sync (InboxStore          *self,
                              InboxAccountConfig  *config,
                              const char          *password,
                              const char          *smtp_password,
                              gboolean            *updated,
                              GError             **error)
{
  g_autofree char *label = NULL;

  g_return_val_if_fail (INBOX_IS_STORE (self), FALSE);
  g_return_val_if_fail (password != NULL, FALSE);

  if (!inbox_store_save_account_sync (self, config, updated, error))
    return FALSE;

  label = g_strdup_printf ("Inbox: %s", config->email);
  if (!inbox_secrets_store_sync (config->uid, INBOX_SECRET_PROTOCOL_IMAP, label, password, NULL, error) ||
      (smtp_password != NULL &&
       !inbox_secrets_store_sync (config->uid, INBOX_SECRET_PROTOCOL_SMTP, label, smtp_password, NULL, error)) ||
      (smtp_password == NULL && !inbox_secrets_forget_sync (config->uid, INBOX_SECRET_PROTOCOL_SMTP, NULL, error)))
    {
      g_prefix_error (error, "The account was saved, but its password could not be stored in the keyring: ");
      return FALSE;
    }
  return TRUE;
}

/* --- options --------------------------------------------------------------------------------- */

typedef struct {
  const char *uid;
  gboolean saves_sent;
} SavesSentJob;

static gboolean
set_saves_sent (InboxStoreTxn  *txn,
                gpointer        user_data,
                GError        **error)
{
  SavesSentJob *job = user_data;
  sqlite3_stmt *stmt = inbox_db_prepare (txn->db, "UPDATE accounts SET saves_sent = ? WHERE uid = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, job->saves_sent ? 1 : 0);
  inbox_db_bind_text (stmt, 2, job->uid);
  return inbox_db_step_done (txn->db, stmt, error);
}

/* Whether the account's server files sent mail in Sent by itself (then the outbox appends none). */
gboolean
inbox_store_set_account_saves_sent_sync (InboxStore  *self,
                                         const char  *uid,
                                         gboolean     saves_sent,
                                         GError     **error)
{
  SavesSentJob job = { uid, saves_sent };

  g_return_val_if_fail (INBOX_IS_STORE (self), FALSE);

  return inbox_store_write_sync (self, set_saves_sent, &job, error);
}

/* --- identities ----------------------------------------------------------------------------- */

typedef struct {
  const char *account_uid;
  GPtrArray *result;
} IdentitiesJob;

static InboxIdentity *
identity_from_row (sqlite3_stmt *stmt)
{
  InboxIdentity *identity = inbox_identity_new (inbox_db_column_text (stmt, 1), inbox_db_column_text (stmt, 2),
                                                inbox_db_column_text (stmt, 3), sqlite3_column_int (stmt, 6) != 0);

  identity->account_uid = g_strdup (inbox_db_column_text (stmt, 0));
  identity->reply_signature = g_strdup (inbox_db_column_text (stmt, 4));
  inbox_signature_use_from_string (inbox_db_column_text (stmt, 5), &identity->signature_use);
  identity->is_alias = sqlite3_column_int (stmt, 7) != 0;
  return identity;
}

static gboolean
read_identities (InboxDb   *db,
                 gpointer   user_data,
                 GError   **error)
{
  IdentitiesJob *job = user_data;
  /* Each account's own address first (with its signature, if it has a row), then its aliases. */
  sqlite3_stmt *stmt = inbox_db_prepare (db,
      "SELECT a.uid, a.email, coalesce (i.name, a.display_name), coalesce (i.signature, ''), "
      "       coalesce (i.reply_signature, ''), coalesce (i.signature_use, 'all'), coalesce (i.never_auto, 0), 0, a.id "
      "FROM accounts a LEFT JOIN identities i ON i.account_id = a.id AND i.address = a.email "
      "WHERE a.kind = 'imap' AND (?1 IS NULL OR a.uid = ?1) "
      "UNION ALL "
      "SELECT a.uid, i.address, i.name, i.signature, i.reply_signature, i.signature_use, i.never_auto, 1, a.id "
      "FROM identities i JOIN accounts a ON a.id = i.account_id "
      "WHERE i.address <> a.email AND (?1 IS NULL OR a.uid = ?1) "
      "ORDER BY 9, 8, 2", error);

  if (stmt == NULL)
    return FALSE;
  inbox_db_bind_text (stmt, 1, job->account_uid);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (job->result, identity_from_row (stmt));
  sqlite3_reset (stmt);
  return TRUE;
}

/* The identities of one account (account_uid) or of all: each account's own address first, then
 * its aliases. */
GPtrArray *
inbox_store_list_identities_sync (InboxStore  *self,
                                  const char  *account_uid,
                                  GError     **error)
{
  g_autoptr(GPtrArray) result = g_ptr_array_new_with_free_func ((GDestroyNotify) inbox_identity_free);
  IdentitiesJob job = { account_uid, result };

  g_return_val_if_fail (INBOX_IS_STORE (self), NULL);

  if (!inbox_store_read (self, read_identities, &job, error))
    return NULL;
  return g_steal_pointer (&result);
}

typedef struct {
  const char *account_uid;
  const InboxIdentity *identity;
  const char *address;
} IdentityJob;

static gboolean
save_identity (InboxStoreTxn  *txn,
               gpointer        user_data,
               GError        **error)
{
  IdentityJob *job = user_data;
  gint64 account_id = inbox_store_txn_account_id (txn, job->account_uid, error);
  sqlite3_stmt *stmt;

  if (account_id <= 0)
    return FALSE;
  stmt = inbox_db_prepare (txn->db,
      "INSERT INTO identities (account_id, address, name, signature, reply_signature, signature_use, never_auto) "
      "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (account_id, address) DO UPDATE SET name = excluded.name, "
      "  signature = excluded.signature, reply_signature = excluded.reply_signature, "
      "  signature_use = excluded.signature_use, never_auto = excluded.never_auto", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, account_id);
  inbox_db_bind_text (stmt, 2, job->identity->address);
  inbox_db_bind_text (stmt, 3, job->identity->name != NULL ? job->identity->name : "");
  inbox_db_bind_text (stmt, 4, job->identity->signature != NULL ? job->identity->signature : "");
  inbox_db_bind_text (stmt, 5, job->identity->reply_signature != NULL ? job->identity->reply_signature : "");
  inbox_db_bind_text (stmt, 6, inbox_signature_use_to_string (job->identity->signature_use));
  sqlite3_bind_int (stmt, 7, job->identity->never_auto ? 1 : 0);
  return inbox_db_step_done (txn->db, stmt, error);
}

/* Adds an alias to the account, or updates an identity (its own address included: its name and
 * signature). */
gboolean
inbox_store_save_identity_sync (InboxStore           *self,
                                const char           *account_uid,
                                const InboxIdentity  *identity,
                                GError              **error)
{
  IdentityJob job = { account_uid, identity, NULL };
  g_autofree char *lower = NULL;

  g_return_val_if_fail (INBOX_IS_STORE (self), FALSE);

  if (identity->address == NULL || strchr (identity->address, '@') == NULL || strchr (identity->address, ' ') != NULL)
    {
      g_set_error (error, INBOX_ACCOUNT_ERROR, INBOX_ACCOUNT_ERROR_INVALID, "“%s” is not an email address",
                   identity->address != NULL ? identity->address : "");
      return FALSE;
    }
  return inbox_store_write_sync (self, save_identity, &job, error);
}

static gboolean
remove_identity (InboxStoreTxn  *txn,
                 gpointer        user_data,
                 GError        **error)
{
  IdentityJob *job = user_data;
  sqlite3_stmt *stmt = inbox_db_prepare (txn->db,
      "DELETE FROM identities WHERE account_id = (SELECT id FROM accounts WHERE uid = ?1) AND address = ?2 "
      "  AND address <> (SELECT email FROM accounts WHERE uid = ?1)", error);

  if (stmt == NULL)
    return FALSE;
  inbox_db_bind_text (stmt, 1, job->account_uid);
  inbox_db_bind_text (stmt, 2, job->address);
  if (!inbox_db_step_done (txn->db, stmt, error))
    return FALSE;
  if (sqlite3_changes (inbox_db_handle (txn->db)) == 0)
    {
      g_set_error (error, INBOX_STORE_ERROR, INBOX_STORE_ERROR_NOT_FOUND,
                   "“%s” is not an alias of this account (an account's own address can't be removed)", job->address);
      return FALSE;
    }
  return TRUE;
}

gboolean
inbox_store_remove_identity_sync (InboxStore  *self,
                                  const char  *account_uid,
                                  const char  *address,
                                  GError     **error)
{
  IdentityJob job = { account_uid, NULL, address };

  g_return_val_if_fail (INBOX_IS_STORE (self), FALSE);

  return inbox_store_write_sync (self, remove_identity, &job, error);
}
