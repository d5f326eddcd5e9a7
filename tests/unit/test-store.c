/* test-store.c: the mail store: migrations, storing once, threading, flags and paging.
 *
 * Every test works on a fresh database in a temp dir, and feeds it real RFC 5322 text through
 * the importer (a Maildir written on the fly), as a user's import would.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "inbox-engine-resources.h"
#include "inbox-engine.h"
#include "inbox-store-private.h"
#include "store-fixture.h"

/* --- migrations ----------------------------------------------------------------------------- */

static void
test_fresh_store_is_current (Fixture       *fixture,
                             gconstpointer  data)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open (fixture->db_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, inbox_store_get_latest_version ());
  g_assert_cmpint (inbox_store_get_latest_version (), >=, 2);
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA journal_mode", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "wal");
  sqlite3_finalize (stmt);
  /* FTS5 merges its segments 8 at a time (migration 014). */
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT v FROM message_fts_config WHERE k = 'automerge'", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 8);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

static void
test_older_schema_upgrades (void)
{
  g_autofree char *dir = g_dir_make_tmp ("inbox-test-migrate-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "inbox.db", NULL);
  g_autoptr(GBytes) v1 = g_resource_lookup_data (inbox_engine_get_resource (), "/com/example/Inbox/sql/001-initial.sql", 0, NULL);
  g_autoptr(InboxStore) store = NULL;
  g_autoptr(GError) error = NULL;
  InboxStoreStats stats = { 0 };
  sqlite3 *db = NULL;

  /* A database as version 1 of the schema left it, with an account in it. */
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, g_bytes_get_data (v1, NULL), NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "INSERT INTO accounts (name, kind, created) VALUES ('Old', 'local', 1);"
                                     "PRAGMA user_version = 1;", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  store = inbox_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (inbox_store_get_stats_sync (store, &stats, &error));
  g_assert_cmpint (stats.accounts, ==, 1);
  g_clear_object (&store);

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "SELECT * FROM remote_content_allowed", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  remove_tree (dir);
}

static void
test_newer_schema_is_refused (void)
{
  g_autofree char *dir = g_dir_make_tmp ("inbox-test-newer-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "inbox.db", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize before_length, after_length;
  g_autoptr(GError) error = NULL;
  InboxStore *store;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE future (x); PRAGMA user_version = 999;", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_assert_true (g_file_get_contents (path, &before, &before_length, NULL));

  store = inbox_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, INBOX_STORE_ERROR, INBOX_STORE_ERROR_TOO_NEW);
  g_assert_nonnull (strstr (error->message, "newer version of Inbox"));

  g_assert_true (g_file_get_contents (path, &after, &after_length, NULL));
  g_assert_cmpmem (before, before_length, after, after_length);
  remove_tree (dir);
}

/* --- storing -------------------------------------------------------------------------------- */

static void
test_message_stored_once (Fixture       *fixture,
                          gconstpointer  data)
{
  const char *text = MESSAGE ("once@example.com", "Ada <ada@example.net>", "me@example.com", "Once",
                              "Mon, 6 Nov 2023 10:00:00 +0000", "");
  g_autoptr(GPtrArray) messages = NULL;
  InboxStoreStats stats = { 0 };
  const char * const *folders;

  deliver (fixture, "", TRUE, text);
  deliver (fixture, "Archive", TRUE, text);

  g_assert_true (inbox_store_get_stats_sync (fixture->store, &stats, NULL));
  g_assert_cmpint (stats.messages, ==, 1);
  messages = inbox_store_get_messages_sync (fixture->store, conversation_of (fixture, "once@example.com"), NULL);
  g_assert_cmpuint (messages->len, ==, 1);
  folders = inbox_message_get_folders (messages->pdata[0]);
  g_assert_cmpuint (g_strv_length ((GStrv) folders), ==, 2);
  g_assert_true (g_strv_contains (folders, "INBOX"));
  g_assert_true (g_strv_contains (folders, "Archive"));

  /* It shows in the Inbox and in Archive, once each. */
  g_assert_cmpint (inbox_store_count_conversations_sync (fixture->store, "inbox", NULL), ==, 1);
  g_assert_cmpint (inbox_store_count_conversations_sync (fixture->store, "archive", NULL), ==, 1);
  g_assert_cmpint (inbox_store_count_conversations_sync (fixture->store, "all", NULL), ==, 1);
}

static void
test_reused_message_id_keeps_both (Fixture       *fixture,
                                   gconstpointer  data)
{
  InboxStoreStats stats = { 0 };

  deliver (fixture, "", TRUE, MESSAGE ("same@example.com", "a@example.net", "me@example.com", "First",
                                      "Mon, 6 Nov 2023 10:00:00 +0000", ""));
  deliver (fixture, "", TRUE, MESSAGE ("same@example.com", "spammer@example.org", "me@example.com", "Other",
                                      "Tue, 7 Nov 2023 10:00:00 +0000", ""));
  g_assert_true (inbox_store_get_stats_sync (fixture->store, &stats, NULL));
  g_assert_cmpint (stats.messages, ==, 2);
}

/* --- threading ------------------------------------------------------------------------------ */

static void
test_missing_parent_merges_halves (Fixture       *fixture,
                                   gconstpointer  data)
{
  gint64 root_conversation, orphan_conversation;

  deliver (fixture, "", TRUE, MESSAGE ("a@t", "ada@example.net", "bob@example.com", "Plan",
                                      "Mon, 6 Nov 2023 10:00:00 +0000", ""));
  /* C answers B, which has not arrived: C names only B. */
  deliver (fixture, "", TRUE, MESSAGE ("c@t", "ada@example.net", "bob@example.com", "Re: Plan",
                                      "Mon, 6 Nov 2023 12:00:00 +0000", "In-Reply-To: <b@t>\n"));
  root_conversation = conversation_of (fixture, "a@t");
  orphan_conversation = conversation_of (fixture, "c@t");
  g_assert_cmpint (root_conversation, !=, orphan_conversation);

  deliver (fixture, "", TRUE, MESSAGE ("b@t", "bob@example.com", "ada@example.net", "Re: Plan",
                                      "Mon, 6 Nov 2023 11:00:00 +0000", "In-Reply-To: <a@t>\nReferences: <a@t>\n"));

  /* One conversation now, under the older id; the other id still resolves to it. */
  g_assert_cmpint (conversation_of (fixture, "a@t"), ==, root_conversation);
  g_assert_cmpint (conversation_of (fixture, "b@t"), ==, root_conversation);
  g_assert_cmpint (conversation_of (fixture, "c@t"), ==, root_conversation);
  g_assert_cmpint (inbox_store_resolve_conversation (fixture->store, orphan_conversation), ==, root_conversation);
  g_assert_cmpint (inbox_store_count_conversations_sync (fixture->store, "inbox", NULL), ==, 1);
}

static void
test_broken_reference_chain_threads (Fixture       *fixture,
                                     gconstpointer  data)
{
  deliver (fixture, "", TRUE, MESSAGE ("root@chain", "ada@example.net", "bob@example.com", "Chain",
                                      "Mon, 6 Nov 2023 10:00:00 +0000", ""));
  /* The middle message (middle@chain) never arrives. */
  deliver (fixture, "", TRUE, MESSAGE ("leaf@chain", "carol@example.org", "ada@example.net", "Re: Chain",
                                      "Mon, 6 Nov 2023 12:00:00 +0000",
                                      "In-Reply-To: <middle@chain>\nReferences: <root@chain> <middle@chain>\n"));

  g_assert_cmpint (conversation_of (fixture, "leaf@chain"), ==, conversation_of (fixture, "root@chain"));
  g_assert_cmpint (inbox_store_count_conversations_sync (fixture->store, "all", NULL), ==, 1);
}

static void
test_unrelated_re_subjects_stay_apart (Fixture       *fixture,
                                       gconstpointer  data)
{
  deliver (fixture, "", TRUE, MESSAGE ("hello@bob", "Bob <bob@example.com>", "Alice <alice@example.com>", "Hello",
                                      "Mon, 6 Nov 2023 10:00:00 +0000", ""));
  /* Alice answers Bob with a client that sets no references: the subject rule joins it. */
  deliver (fixture, "", TRUE, MESSAGE ("re-hello@alice", "Alice <alice@example.com>", "Bob <bob@example.com>", "Re: Hello",
                                      "Mon, 6 Nov 2023 11:00:00 +0000", ""));
  /* Carol writes "Re: Hello" to Dave: different people, a different conversation. */
  deliver (fixture, "", TRUE, MESSAGE ("re-hello@carol", "Carol <carol@example.org>", "Dave <dave@example.org>", "Re: Hello",
                                      "Mon, 6 Nov 2023 11:30:00 +0000", ""));

  g_assert_cmpint (conversation_of (fixture, "re-hello@alice"), ==, conversation_of (fixture, "hello@bob"));
  g_assert_cmpint (conversation_of (fixture, "re-hello@carol"), !=, conversation_of (fixture, "hello@bob"));
  g_assert_cmpint (inbox_store_count_conversations_sync (fixture->store, "all", NULL), ==, 2);
}

static void
test_re_subject_rule_works_in_either_order (Fixture       *fixture,
                                            gconstpointer  data)
{
  /* Sync fetches newest first: the reply without references comes before its original. */
  deliver (fixture, "", TRUE, MESSAGE ("late-reply@alice", "Alice <alice@example.com>", "Bob <bob@example.com>", "Re: Lunch",
                                      "Mon, 6 Nov 2023 11:00:00 +0000", ""));
  deliver (fixture, "", TRUE, MESSAGE ("lunch@bob", "Bob <bob@example.com>", "Alice <alice@example.com>", "Lunch",
                                      "Mon, 6 Nov 2023 10:00:00 +0000", ""));
  deliver (fixture, "", TRUE, MESSAGE ("other-lunch@carol", "Carol <carol@example.org>", "Dave <dave@example.org>", "Lunch",
                                      "Mon, 6 Nov 2023 10:30:00 +0000", ""));

  g_assert_cmpint (conversation_of (fixture, "late-reply@alice"), ==, conversation_of (fixture, "lunch@bob"));
  g_assert_cmpint (conversation_of (fixture, "other-lunch@carol"), !=, conversation_of (fixture, "lunch@bob"));
  g_assert_cmpint (inbox_store_count_conversations_sync (fixture->store, "all", NULL), ==, 2);
}

static void
test_reply_in_sent_joins (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GPtrArray) inbox = NULL;
  gint64 conversation;

  deliver (fixture, "", FALSE, MESSAGE ("question@ada", "Ada <ada@example.net>", "me@example.com", "Question",
                                       "Mon, 6 Nov 2023 10:00:00 +0000", ""));
  deliver (fixture, "Sent", TRUE, MESSAGE ("answer@me", "Me <me@example.com>", "Ada <ada@example.net>", "Re: Question",
                                          "Mon, 6 Nov 2023 11:00:00 +0000",
                                          "In-Reply-To: <question@ada>\nReferences: <question@ada>\n"));

  conversation = conversation_of (fixture, "question@ada");
  g_assert_cmpint (conversation_of (fixture, "answer@me"), ==, conversation);
  g_assert_cmpint (inbox_store_count_conversations_sync (fixture->store, "sent", NULL), ==, 1);
  inbox = list (fixture, "inbox");
  g_assert_cmpuint (inbox->len, ==, 1);
  g_assert_cmpuint (inbox_conversation_get_message_count (inbox->pdata[0]), ==, 2);
  g_assert_cmpuint (inbox_conversation_get_unread_count (inbox->pdata[0]), ==, 1);
  /* The newest message gives the conversation its subject and time. */
  g_assert_cmpstr (inbox_conversation_get_subject (inbox->pdata[0]), ==, "Re: Question");
  g_assert_cmpint (inbox_conversation_get_last_activity (inbox->pdata[0]), ==, 1699268400);
}

static void
test_ids_stable_across_reimport_and_restart (Fixture       *fixture,
                                             gconstpointer  data)
{
  gint64 first, second;
  InboxStoreStats stats = { 0 };
  g_autoptr(InboxImporter) importer = NULL;

  deliver (fixture, "", TRUE, MESSAGE ("one@s", "ada@example.net", "me@example.com", "One",
                                      "Mon, 6 Nov 2023 10:00:00 +0000", ""));
  deliver (fixture, "", TRUE, MESSAGE ("two@s", "bob@example.com", "me@example.com", "Two",
                                      "Mon, 6 Nov 2023 11:00:00 +0000", ""));
  first = conversation_of (fixture, "one@s");
  second = conversation_of (fixture, "two@s");

  g_clear_object (&fixture->store);
  store_fixture_open (fixture);
  importer = inbox_importer_new (fixture->store, "Local");
  g_assert_true (inbox_importer_import (importer, fixture->maildir, NULL));
  g_assert_cmpuint (inbox_importer_get_stats (importer)->added, ==, 0);
  g_assert_cmpuint (inbox_importer_get_stats (importer)->duplicates, ==, 2);

  g_assert_cmpint (conversation_of (fixture, "one@s"), ==, first);
  g_assert_cmpint (conversation_of (fixture, "two@s"), ==, second);
  g_assert_true (inbox_store_get_stats_sync (fixture->store, &stats, NULL));
  g_assert_cmpint (stats.messages, ==, 2);
  g_assert_cmpint (stats.conversations, ==, 2);
}

/* --- changes and paging --------------------------------------------------------------------- */

static void
test_flag_change_is_one_change (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) inbox = NULL;
  InboxStoreChange *change;
  gint64 id;

  deliver (fixture, "", FALSE, MESSAGE ("unread@f", "ada@example.net", "me@example.com", "Unread",
                                       "Mon, 6 Nov 2023 10:00:00 +0000", ""));
  id = conversation_of (fixture, "unread@f");
  g_ptr_array_set_size (fixture->changes, 0);

  g_assert_true (inbox_store_set_conversation_flags_sync (fixture->store, id, INBOX_MESSAGE_SEEN, 0, &error));
  g_assert_no_error (error);
  drain_main_context ();

  /* In each of its mailboxes (INBOX's folder, inbox, all) it changed in place: same sort key. */
  g_assert_cmpuint (fixture->changes->len, ==, 3);
  for (guint i = 0; i < fixture->changes->len; i++)
    {
      change = fixture->changes->pdata[i];
      g_assert_cmpint (change->conversation_id, ==, id);
      g_assert_cmpint (change->old_key, ==, change->new_key);
      g_assert_cmpint (change->new_key, ==, 1699264800);
    }
  inbox = list (fixture, "inbox");
  g_assert_cmpuint (inbox_conversation_get_unread_count (inbox->pdata[0]), ==, 0);
}

static gint64
count_rows (Fixture    *fixture,
            const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  g_assert_cmpint (sqlite3_open_v2 (fixture->db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

/* For write jobs: a local account of that name with an Inbox; returns the folder, 0 on error. */
static gint64
local_inbox (InboxStoreTxn  *txn,
             const char     *name,
             gint64         *account,
             GError        **error)
{
  *account = inbox_store_txn_ensure_account (txn, name, NULL, "local", error);
  return *account > 0 ? inbox_store_txn_ensure_folder (txn, *account, "INBOX", "inbox", error) : 0;
}

static InboxParsedMessage *
parse_text (const char *text,
            gsize       length)
{
  g_autoptr(GBytes) raw = g_bytes_new (text, length);

  return inbox_parsed_message_new_from_bytes (raw, 0);
}

/* One write job: "kept" comes and stays, "gone" comes and leaves again. */
static gboolean
add_two_remove_one (InboxStoreTxn  *txn,
                    gpointer        user_data,
                    GError        **error)
{
  const char *texts[] = {
    MESSAGE ("kept@f", "ada@example.net", "me@example.com", "Kept aardvark", "Mon, 6 Nov 2023 10:00:00 +0000", ""),
    MESSAGE ("gone@f", "ada@example.net", "me@example.com", "Gone aardvark", "Mon, 6 Nov 2023 11:00:00 +0000", ""),
  };
  gint64 account;
  gint64 folder = local_inbox (txn, "Same transaction", &account, error);

  if (folder <= 0)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(InboxParsedMessage) parsed = parse_text (texts[i], strlen (texts[i]));
      InboxAddResult result;

      /* Dates no Date header should give, as a broken one might: the text is still indexed. */
      parsed->date = i == 0 ? G_MAXINT64 / 2 : G_MININT64 / 2;
      if (!inbox_store_txn_add_message (txn, account, folder, i + 1, 0, parsed, &result, error))
        return FALSE;
    }
  return inbox_store_txn_remove_location (txn, folder, 2, error);
}

/* One write job with more text than the writer holds back (16 MB): 20 messages of 1 MB. */
static gboolean
add_long_texts (InboxStoreTxn  *txn,
                gpointer        user_data,
                GError        **error)
{
  gint64 account;
  gint64 folder = local_inbox (txn, "Long texts", &account, error);

  if (folder <= 0)
    return FALSE;
  for (guint i = 0; i < 20; i++)
    {
      g_autoptr(GString) text = g_string_new (NULL);
      g_autoptr(InboxParsedMessage) parsed = NULL;
      InboxAddResult result;

      g_string_printf (text, "Message-ID: <long-%u@l>\nFrom: ada@example.net\nSubject: Long %u\n"
                             "Date: Mon, 6 Nov 2023 10:00:00 +0000\n\nplatypus%u ", i, i, i);
      while (text->len < 1024 * 1024)
        g_string_append (text, "words words words\n");
      parsed = parse_text (text->str, text->len);
      if (!inbox_store_txn_add_message (txn, account, folder, i + 1, 0, parsed, &result, error))
        return FALSE;
    }
  return TRUE;
}

static void
test_text_index_holds_back_at_most_16_mb (Fixture       *fixture,
                                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (inbox_store_write_sync (fixture->store, add_long_texts, NULL, &error));
  g_assert_no_error (error);
  drain_main_context ();

  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM message_fts f JOIN messages m ON m.search_key = f.rowid"),
                   ==, 20);
  for (guint i = 0; i < 20; i += 19)
    {
      g_autofree char *word = g_strdup_printf ("platypus%u", i);
      g_autoptr(GPtrArray) found = inbox_store_search_sync (fixture->store, word, 0, 10, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (found->len, ==, 1);
    }
}

/* Full-text rows are written at the end of a transaction (inbox-store-messages.c): a message
 * that came and went within one leaves no text behind, and the one that stayed is found. */
static void
test_text_index_follows_the_transaction (Fixture       *fixture,
                                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = NULL;

  g_assert_true (inbox_store_write_sync (fixture->store, add_two_remove_one, NULL, &error));
  g_assert_no_error (error);
  drain_main_context ();  /* its "changed" signal, before the fixture goes */

  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM messages"), ==, 1);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM message_fts"), ==, 1);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM message_fts f JOIN messages m ON m.search_key = f.rowid "
                                        "WHERE m.message_id = 'kept@f'"), ==, 1);
  found = inbox_store_search_sync (fixture->store, "aardvark", 0, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
}

/* 1,100 messages that all say "zebra", stored newest first as a first sync stores them. */
#define MANY_ZEBRAS 1100

static gboolean
add_zebras_newest_first (InboxStoreTxn  *txn,
                         gpointer        user_data,
                         GError        **error)
{
  gint64 account;
  gint64 folder = local_inbox (txn, "Zebras", &account, error);

  if (folder <= 0)
    return FALSE;
  for (guint i = MANY_ZEBRAS; i > 0; i--)
    {
      g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (1700000000 + (gint64) i * 3600);
      g_autofree char *date = g_date_time_format (time, "%a, %d %b %Y %H:%M:%S +0000");
      g_autofree char *text = g_strdup_printf ("Message-ID: <zebra-%u@z>\nFrom: ada@example.net\nTo: me@example.com\n"
                                               "Subject: Zebra %u\nDate: %s\n\nA zebra.\n", i, i, date);
      g_autoptr(InboxParsedMessage) parsed = parse_text (text, strlen (text));
      InboxAddResult result;

      if (!inbox_store_txn_add_message (txn, account, folder, i, 0, parsed, &result, error))
        return FALSE;
    }
  return TRUE;
}

/* Ranked search scores the newest matches only: "newest" is the date, whatever order mail was
 * stored in (it was the row order, and a first sync stores newest first: the newest were left out). */
static void
test_search_ranks_the_newest (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = NULL;
  const char * const *ids;

  g_assert_true (inbox_store_write_sync (fixture->store, add_zebras_newest_first, NULL, &error));
  g_assert_no_error (error);
  drain_main_context ();

  found = inbox_store_search_sync (fixture->store, "zebra", 0, 5, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 5);
  ids = inbox_conversation_get_matching_message_ids (found->pdata[0]);
  g_assert_nonnull (ids);
  g_assert_cmpstr (ids[0], ==, "zebra-1100@z");
}

static int
compare_names (const char **a,
               const char **b)
{
  return strcmp (*a, *b);
}

/* A store from before migration 013: its full-text rows were keyed by message id. After the
 * upgrade they are keyed by date, and search and reading still find every text. */
static void
test_search_key_migration (void)
{
  g_autofree char *dir = g_dir_make_tmp ("inbox-test-search-key-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "inbox.db", NULL);
  g_autoptr(InboxStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(InboxMessageContent) content = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  {
    /* Versions 1 to 12 of the schema, as the store applies them (in name order). */
    g_auto(GStrv) names = g_resource_enumerate_children (inbox_engine_get_resource (), "/com/example/Inbox/sql", 0, NULL);

    qsort (names, g_strv_length (names), sizeof (char *), (GCompareFunc) compare_names);
    for (guint i = 0; i < 12; i++)
      {
        g_autofree char *resource = g_strconcat ("/com/example/Inbox/sql/", names[i], NULL);
        g_autoptr(GBytes) sql = g_resource_lookup_data (inbox_engine_get_resource (), resource, 0, NULL);

        g_assert_true (g_str_has_prefix (names[i], i < 9 ? "00" : "01"));
        g_assert_cmpint (sqlite3_exec (db, g_bytes_get_data (sql, NULL), NULL, NULL, NULL), ==, SQLITE_OK);
      }
  }
  /* Two messages of the same second, a third later; rowids as version 12 gave them. */
  g_assert_cmpint (sqlite3_exec (db,
      "INSERT INTO accounts (id, name, kind, created) VALUES (1, 'Old', 'local', 1);"
      "INSERT INTO folders (id, account_id, path, name, role) VALUES (1, 1, 'INBOX', 'INBOX', 'inbox');"
      "INSERT INTO conversations (id, subject) VALUES (1, 'Old');"
      "INSERT INTO message_locations (message_id, folder_id, uid) VALUES (1, 1, 1), (2, 1, 2), (3, 1, 3), (4, 1, 4);"
      "INSERT INTO messages (id, account_id, message_id, conversation_id, subject, date) VALUES "
      "  (1, 1, 'a@old', 1, 'Old', 1700000000), (2, 1, 'b@old', 1, 'Old', 1700000000), (3, 1, 'c@old', 1, 'Old', 1690000000),"
      "  (4, 1, 'd@old', 1, 'Old', 900000000000000000);"
      "INSERT INTO message_fts (rowid, subject, body) VALUES (1, 'Old', 'quokka one'), (2, 'Old', 'quokka two'), "
      "  (3, 'Old', 'quokka three'), (4, 'Old', 'quokka from a broken Date header');"
      "PRAGMA user_version = 12;", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  store = inbox_store_open (path, &error);
  g_assert_no_error (error);

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  {
    sqlite3_stmt *stmt = NULL;
    gint64 keys[4];

    g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT m.search_key FROM messages m JOIN message_fts f "
                                             "ON f.rowid = m.search_key ORDER BY m.id", -1, &stmt, NULL), ==, SQLITE_OK);
    for (int i = 0; i < 4; i++)
      {
        g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
        keys[i] = sqlite3_column_int64 (stmt, 0);
      }
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
    sqlite3_finalize (stmt);
    g_assert_cmpint (keys[0], ==, (gint64) 1700000000 * 1048576);
    g_assert_cmpint (keys[1], ==, keys[0] + 1);
    g_assert_cmpint (keys[2], ==, (gint64) 1690000000 * 1048576);
    g_assert_cmpint (keys[3], ==, INBOX_SEARCH_KEY_MAX_DATE * 1048576);
  }
  sqlite3_close (db);

  found = inbox_store_search_sync (store, "quokka", 0, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpuint (g_strv_length ((GStrv) inbox_conversation_get_matching_message_ids (found->pdata[0])), ==, 4);
  content = inbox_store_get_message_content_sync (store, 1, "b@old", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (content->text, ==, "quokka two");
  g_clear_object (&store);
  remove_tree (dir);
}

static void
test_paging (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(GPtrArray) all = NULL;

  for (guint i = 0; i < 120; i++)
    {
      g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (1700000000 + i * 60);
      g_autofree char *date = g_date_time_format (time, "%a, %d %b %Y %H:%M:%S +0000");
      g_autofree char *text = g_strdup_printf ("Message-ID: <page-%u@p>\nFrom: sender%u@example.com\n"
                                               "To: me@example.com\nSubject: Page %u\n"
                                               "Date: %s\n\nBody %u\n", i, i, i, date, i);
      deliver (fixture, "", TRUE, text);
    }

  g_assert_cmpint (inbox_store_count_conversations_sync (fixture->store, "inbox", NULL), ==, 120);
  all = list (fixture, "inbox");
  g_assert_cmpuint (all->len, ==, 120);
  for (guint i = 1; i < all->len; i++)
    g_assert_cmpint (inbox_conversation_get_last_activity (all->pdata[i - 1]), >,
                     inbox_conversation_get_last_activity (all->pdata[i]));

  page = inbox_store_list_conversations_sync (fixture->store, "inbox", 100, 50, NULL);
  g_assert_cmpuint (page->len, ==, 20);
  for (guint i = 0; i < page->len; i++)
    g_assert_cmpint (inbox_conversation_get_id (page->pdata[i]), ==, inbox_conversation_get_id (all->pdata[100 + i]));
  g_assert_cmpstr (inbox_conversation_get_subject (page->pdata[19]), ==, "Page 0");
}

static void
test_bad_mailbox (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (inbox_store_list_conversations_sync (fixture->store, "nowhere", 0, 10, &error));
  g_assert_error (error, INBOX_STORE_ERROR, INBOX_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (inbox_store_get_messages_sync (fixture->store, 424242, &error));
  g_assert_error (error, INBOX_STORE_ERROR, INBOX_STORE_ERROR_NOT_FOUND);
}

/* --- pipelines ------------------------------------------------------------------------------ */

typedef struct {
  GMutex *gate;         /* the first job holds here until the test has queued the rest */
  guint number;
  gboolean fail;
  guint *ran;           /* bit `number` set when the job ran */
} PipeJob;

static gboolean
pipe_job_write (InboxStoreTxn  *txn,
                gpointer        user_data,
                GError        **error)
{
  PipeJob *job = user_data;

  if (job->gate != NULL)
    {
      g_mutex_lock (job->gate);
      g_mutex_unlock (job->gate);
    }
  *job->ran |= 1u << job->number;
  if (job->fail)
    g_set_error_literal (error, INBOX_STORE_ERROR, INBOX_STORE_ERROR_FAILED, "database or disk is full");
  return !job->fail;
}

static GThread *freed_on[8];

static void
pipe_job_free (PipeJob *job)
{
  freed_on[job->number] = g_thread_self ();
  g_free (job);
}

static PipeJob *
pipe_job (guint     number,
          gboolean  fail,
          GMutex   *gate,
          guint    *ran)
{
  PipeJob *job = g_new0 (PipeJob, 1);

  job->number = number;
  job->fail = fail;
  job->gate = gate;
  job->ran = ran;
  return job;
}

/* A job that fails (a full disk) stops the jobs queued behind it, which were pushed before anyone
 * knew: none runs (a later batch stored after a lost one, or a folder's state saved behind it, made
 * the next sync believe the folder whole). The caller hears of it, and what it pushes next runs.
 * Each job's data is freed on the thread that pushed it, not on the writer. */
static void
test_pipeline_stops_behind_a_failure (Fixture       *fixture,
                                      gconstpointer  data)
{
  InboxStorePipeline *pipeline = inbox_store_pipeline_new (fixture->store);
  g_autoptr(GError) error = NULL;
  GMutex gate;
  guint ran = 0;

  g_mutex_init (&gate);
  g_mutex_lock (&gate);
  g_assert_true (inbox_store_pipeline_push (pipeline, pipe_job_write, pipe_job (0, FALSE, &gate, &ran),
                                            (GDestroyNotify) pipe_job_free, &error));
  g_assert_true (inbox_store_pipeline_push (pipeline, pipe_job_write, pipe_job (1, TRUE, NULL, &ran),
                                            (GDestroyNotify) pipe_job_free, &error));
  g_assert_true (inbox_store_pipeline_push (pipeline, pipe_job_write, pipe_job (2, FALSE, NULL, &ran),
                                            (GDestroyNotify) pipe_job_free, &error));
  g_mutex_unlock (&gate);
  g_assert_false (inbox_store_pipeline_wait (pipeline, &error));
  g_assert_error (error, INBOX_STORE_ERROR, INBOX_STORE_ERROR_FAILED);
  g_assert_cmpstr (error->message, ==, "database or disk is full");
  g_clear_error (&error);
  g_assert_cmpuint (ran, ==, 0x3);

  g_assert_true (inbox_store_pipeline_push (pipeline, pipe_job_write, pipe_job (3, FALSE, NULL, &ran),
                                            (GDestroyNotify) pipe_job_free, &error));
  g_assert_true (inbox_store_pipeline_wait (pipeline, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ran, ==, 0xb);
  for (guint i = 0; i < 4; i++)
    g_assert_true (freed_on[i] == g_thread_self ());
  inbox_store_pipeline_free (pipeline);
  g_mutex_clear (&gate);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/store/fresh-store-is-current", Fixture, NULL, store_fixture_set_up, test_fresh_store_is_current, store_fixture_tear_down);
  g_test_add_func ("/store/older-schema-upgrades", test_older_schema_upgrades);
  g_test_add_func ("/store/newer-schema-is-refused", test_newer_schema_is_refused);
  g_test_add ("/store/message-stored-once", Fixture, NULL, store_fixture_set_up, test_message_stored_once, store_fixture_tear_down);
  g_test_add ("/store/reused-message-id-keeps-both", Fixture, NULL, store_fixture_set_up, test_reused_message_id_keeps_both, store_fixture_tear_down);
  g_test_add ("/threading/missing-parent-merges-halves", Fixture, NULL, store_fixture_set_up, test_missing_parent_merges_halves, store_fixture_tear_down);
  g_test_add ("/threading/broken-reference-chain", Fixture, NULL, store_fixture_set_up, test_broken_reference_chain_threads, store_fixture_tear_down);
  g_test_add ("/threading/unrelated-re-subjects-stay-apart", Fixture, NULL, store_fixture_set_up, test_unrelated_re_subjects_stay_apart, store_fixture_tear_down);
  g_test_add ("/threading/re-subject-rule-either-order", Fixture, NULL, store_fixture_set_up, test_re_subject_rule_works_in_either_order, store_fixture_tear_down);
  g_test_add ("/threading/reply-in-sent-joins", Fixture, NULL, store_fixture_set_up, test_reply_in_sent_joins, store_fixture_tear_down);
  g_test_add ("/threading/ids-stable-across-reimport-and-restart", Fixture, NULL, store_fixture_set_up, test_ids_stable_across_reimport_and_restart, store_fixture_tear_down);
  g_test_add ("/store/flag-change-is-one-change", Fixture, NULL, store_fixture_set_up, test_flag_change_is_one_change, store_fixture_tear_down);
  g_test_add ("/store/text-index-follows-the-transaction", Fixture, NULL, store_fixture_set_up,
              test_text_index_follows_the_transaction, store_fixture_tear_down);
  g_test_add ("/store/text-index-holds-back-at-most-16-mb", Fixture, NULL, store_fixture_set_up,
              test_text_index_holds_back_at_most_16_mb, store_fixture_tear_down);
  g_test_add ("/store/search-ranks-the-newest", Fixture, NULL, store_fixture_set_up, test_search_ranks_the_newest,
              store_fixture_tear_down);
  g_test_add_func ("/store/search-key-migration", test_search_key_migration);
  g_test_add ("/store/paging", Fixture, NULL, store_fixture_set_up, test_paging, store_fixture_tear_down);
  g_test_add ("/store/bad-mailbox", Fixture, NULL, store_fixture_set_up, test_bad_mailbox, store_fixture_tear_down);
  g_test_add ("/store/pipeline-stops-behind-a-failure", Fixture, NULL, store_fixture_set_up,
              test_pipeline_stops_behind_a_failure, store_fixture_tear_down);

  return g_test_run ();
}
