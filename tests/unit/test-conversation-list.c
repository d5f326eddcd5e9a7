/* test-conversation-list.c: the paged list model: paging is right, items-changed is precise (a
 * mirror that only follows the signals always equals the store), and memory stays flat over 100k rows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sqlite3.h>
#include <stdio.h>
#include <unistd.h>

#include "inbox-engine.h"
#include "store-fixture.h"

typedef struct {
  guint position;
  guint removed;
  guint added;
} Emission;

typedef struct {
  GListModel *model;
  GArray *ids;          /* gint64: what the signals alone say the list is */
  GArray *emissions;    /* Emission */
} Mirror;

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  gpointer    user_data)
{
  Mirror *mirror = user_data;
  Emission emission = { position, removed, added };

  g_array_append_val (mirror->emissions, emission);
  g_assert_cmpuint (position + removed, <=, mirror->ids->len);
  g_array_remove_range (mirror->ids, position, removed);
  for (guint i = 0; i < added; i++)
    {
      g_autoptr(InboxConversation) item = g_list_model_get_item (model, position + i);
      gint64 id = inbox_conversation_get_id (item);
      g_array_insert_val (mirror->ids, position + i, id);
    }
}

static void
mirror_init (Mirror     *mirror,
             GListModel *model)
{
  mirror->model = model;
  mirror->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  mirror->emissions = g_array_new (FALSE, FALSE, sizeof (Emission));
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(InboxConversation) item = g_list_model_get_item (model, i);
      gint64 id = inbox_conversation_get_id (item);
      g_array_append_val (mirror->ids, id);
    }
  g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed), mirror);
}

static void
mirror_clear (Mirror *mirror)
{
  g_signal_handlers_disconnect_by_data (mirror->model, mirror);
  g_array_unref (mirror->ids);
  g_array_unref (mirror->emissions);
}

/* The mirror, built from signals only, equals the store's list now. */
static void
mirror_assert_matches_store (Mirror  *mirror,
                             Fixture *fixture)
{
  g_autoptr(GPtrArray) truth = list (fixture, "inbox");

  g_assert_cmpuint (g_list_model_get_n_items (mirror->model), ==, truth->len);
  g_assert_cmpuint (mirror->ids->len, ==, truth->len);
  for (guint i = 0; i < truth->len; i++)
    g_assert_cmpint (g_array_index (mirror->ids, gint64, i), ==, inbox_conversation_get_id (truth->pdata[i]));
}

static char *
message_text (guint       n,
              gint64      date,
              const char *extra)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (date);
  g_autofree char *when = g_date_time_format (time, "%a, %d %b %Y %H:%M:%S +0000");

  return g_strdup_printf ("Message-ID: <list-%u@l>\nFrom: Person %u <p%u@example.com>\nTo: me@example.com\n"
                          "Subject: Topic %u\nDate: %s\n%s\nText %u\n", n, n, n, n, when, extra, n);
}

static void
fill (Fixture *fixture,
      guint    count)
{
  for (guint i = 0; i < count; i++)
    {
      g_autofree char *text = message_text (i, 1700000000 + i * 600, "");
      store_fixture_write (fixture, "", i % 2 == 0, text);
    }
  store_fixture_import (fixture);
}

static void
test_paging (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(InboxConversationList) model = NULL;
  g_autoptr(GPtrArray) truth = NULL;

  fill (fixture, 350);
  model = inbox_conversation_list_new (fixture->store, "inbox", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 350);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (model)) == INBOX_TYPE_CONVERSATION);

  truth = list (fixture, "inbox");
  /* Random access first (OFFSET pages), then in order (keyset pages). */
  for (int i = 349; i > 0; i -= 37)
    {
      g_autoptr(InboxConversation) item = g_list_model_get_item (G_LIST_MODEL (model), i);
      g_assert_cmpint (inbox_conversation_get_id (item), ==, inbox_conversation_get_id (truth->pdata[i]));
    }
  for (guint i = 0; i < 350; i++)
    {
      g_autoptr(InboxConversation) item = g_list_model_get_item (G_LIST_MODEL (model), i);
      g_assert_cmpint (inbox_conversation_get_id (item), ==, inbox_conversation_get_id (truth->pdata[i]));
    }
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), 350));
  g_assert_null (inbox_conversation_list_new (fixture->store, "nowhere", &error));
  g_assert_error (error, INBOX_STORE_ERROR, INBOX_STORE_ERROR_NOT_FOUND);
}

static void
count_call (guint *calls)
{
  (*calls)++;
}

static void
test_flag_change_is_one_item (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(InboxConversationList) model = NULL;
  g_autoptr(InboxConversation) fifth = NULL;
  g_autoptr(InboxConversation) fourth = NULL;
  guint fifth_changed = 0, fourth_changed = 0;
  Mirror mirror;
  Emission *emission;

  fill (fixture, 30);
  model = inbox_conversation_list_new (fixture->store, "inbox", NULL);
  mirror_init (&mirror, G_LIST_MODEL (model));
  fifth = g_list_model_get_item (G_LIST_MODEL (model), 5);
  fourth = g_list_model_get_item (G_LIST_MODEL (model), 4);
  g_signal_connect_swapped (fifth, "changed", G_CALLBACK (count_call), &fifth_changed);
  g_signal_connect_swapped (fourth, "changed", G_CALLBACK (count_call), &fourth_changed);
  g_assert_false (inbox_conversation_get_starred (fifth));

  g_assert_true (inbox_store_set_conversation_flags_sync (fixture->store, inbox_conversation_get_id (fifth),
                                                          INBOX_MESSAGE_FLAGGED, 0, NULL));
  drain_main_context ();

  /* The same objects (so GTK keeps their rows): the changed one has the new content and said so
   * (the mirror read the row again), the other did not change. */
  {
    g_autoptr(InboxConversation) fifth_now = g_list_model_get_item (G_LIST_MODEL (model), 5);
    g_autoptr(InboxConversation) fourth_now = g_list_model_get_item (G_LIST_MODEL (model), 4);

    g_assert_true (fifth_now == fifth);
    g_assert_true (inbox_conversation_get_starred (fifth));
    g_assert_cmpuint (fifth_changed, ==, 1);
    g_assert_true (fourth_now == fourth);
    g_assert_cmpuint (fourth_changed, ==, 0);
  }

  g_assert_cmpuint (mirror.emissions->len, ==, 1);
  emission = &g_array_index (mirror.emissions, Emission, 0);
  g_assert_cmpuint (emission->position, ==, 5);
  g_assert_cmpuint (emission->removed, ==, 1);
  g_assert_cmpuint (emission->added, ==, 1);
  mirror_assert_matches_store (&mirror, fixture);
  mirror_clear (&mirror);
}

static void
test_new_mail_and_replies_move_precisely (Fixture       *fixture,
                                          gconstpointer  data)
{
  g_autoptr(InboxConversationList) model = NULL;
  g_autoptr(InboxConversation) tenth = NULL;
  g_autofree char *newest = message_text (1000, 1750000000, "");
  /* After the new one, row 10 is Topic 30 (rows run newest first: 39, 38, …). */
  g_autofree char *reply = message_text (1001, 1800000100, "In-Reply-To: <list-30@l>\n");
  g_autofree char *orphan = message_text (2001, 1800000500, "In-Reply-To: <list-2000@l>\n");
  g_autofree char *parent = NULL;
  Mirror mirror;
  Emission *emission;

  fill (fixture, 40);
  model = inbox_conversation_list_new (fixture->store, "inbox", NULL);
  mirror_init (&mirror, G_LIST_MODEL (model));

  /* New mail: one row appears at the top. */
  deliver (fixture, "", FALSE, newest);
  g_assert_cmpuint (mirror.emissions->len, ==, 1);
  emission = &g_array_index (mirror.emissions, Emission, 0);
  g_assert_cmpuint (emission->position, ==, 0);
  g_assert_cmpuint (emission->removed, ==, 0);
  g_assert_cmpuint (emission->added, ==, 1);
  mirror_assert_matches_store (&mirror, fixture);

  /* A reply to the conversation at row 10 moves it to the top: one removal, one insertion. */
  tenth = g_list_model_get_item (G_LIST_MODEL (model), 10);
  g_assert_cmpstr (inbox_conversation_get_subject (tenth), ==, "Topic 30");
  g_array_set_size (mirror.emissions, 0);
  deliver (fixture, "", FALSE, reply);
  g_assert_cmpuint (mirror.emissions->len, ==, 2);
  g_assert_cmpuint (g_array_index (mirror.emissions, Emission, 0).position, ==, 10);
  g_assert_cmpuint (g_array_index (mirror.emissions, Emission, 0).removed, ==, 1);
  g_assert_cmpuint (g_array_index (mirror.emissions, Emission, 1).position, ==, 0);
  g_assert_cmpuint (g_array_index (mirror.emissions, Emission, 1).added, ==, 1);
  g_assert_cmpint (g_array_index (mirror.ids, gint64, 0), ==, inbox_conversation_get_id (tenth));
  mirror_assert_matches_store (&mirror, fixture);

  /* A missing parent merges two conversations: the list follows, row for row. */
  deliver (fixture, "", FALSE, orphan);
  parent = message_text (2000, 1800000400, "References: <list-5@l>\n");
  g_array_set_size (mirror.emissions, 0);
  deliver (fixture, "", FALSE, parent);
  g_assert_cmpuint (mirror.emissions->len, >, 0);
  mirror_assert_matches_store (&mirror, fixture);

  mirror_clear (&mirror);
}

/* One transaction moving more conversations than are counted one by one (a sync's batch): new
 * mail at the top, replies that lift old conversations, and old mail among the rest. Positions
 * come from the mailbox's keys read once, and the range the moves span is one items-changed;
 * the rows before and after it are not touched, and the list still equals the store's. */
static void
test_big_batch_moves_precisely (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(InboxConversationList) model = NULL;
  g_autoptr(InboxConversation) first = NULL;
  Emission *emission;
  guint before;
  Mirror mirror;

  fill (fixture, 60);
  model = inbox_conversation_list_new (fixture->store, "inbox", NULL);
  mirror_init (&mirror, G_LIST_MODEL (model));

  for (guint i = 0; i < 12; i++)
    {
      g_autofree char *fresh = message_text (3000 + i, 1800000000 + i * 60, "");
      g_autofree char *in_reply_to = g_strdup_printf ("In-Reply-To: <list-%u@l>\n", i * 5);
      g_autofree char *reply = message_text (4000 + i, 1800100000 + i * 60, in_reply_to);
      g_autofree char *old = message_text (5000 + i, 1700000000 + i * 1800 + 300, "");

      store_fixture_write (fixture, "", FALSE, fresh);
      store_fixture_write (fixture, "", FALSE, reply);
      store_fixture_write (fixture, "", TRUE, old);
    }
  store_fixture_import (fixture);
  g_assert_cmpuint (mirror.emissions->len, ==, 1);
  g_assert_cmpuint (g_array_index (mirror.emissions, Emission, 0).position, ==, 0);
  mirror_assert_matches_store (&mirror, fixture);

  /* Older mail than any (a first sync's later batches): only the end of the list changes. */
  before = g_list_model_get_n_items (G_LIST_MODEL (model));
  first = g_list_model_get_item (G_LIST_MODEL (model), 0);
  g_array_set_size (mirror.emissions, 0);
  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *older = message_text (6000 + i, 1600000000 + i * 60, "");
      store_fixture_write (fixture, "", TRUE, older);
    }
  store_fixture_import (fixture);
  g_assert_cmpuint (mirror.emissions->len, ==, 1);
  emission = &g_array_index (mirror.emissions, Emission, 0);
  g_assert_cmpuint (emission->position, ==, before);
  g_assert_cmpuint (emission->removed, ==, 0);
  g_assert_cmpuint (emission->added, ==, 20);
  mirror_assert_matches_store (&mirror, fixture);
  /* The rows above did not change: the same objects. */
  {
    g_autoptr(InboxConversation) first_now = g_list_model_get_item (G_LIST_MODEL (model), 0);

    g_assert_true (first_now == first);
  }
  mirror_clear (&mirror);
}

static long
resident_kib (void)
{
  g_autofree char *statm = NULL;
  long pages_total = 0, pages_resident = 0;

  g_assert_true (g_file_get_contents ("/proc/self/statm", &statm, NULL, NULL));
  g_assert_cmpint (sscanf (statm, "%ld %ld", &pages_total, &pages_resident), ==, 2);
  return pages_resident * (sysconf (_SC_PAGESIZE) / 1024);
}

static void
test_100k_rows_memory_flat (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(InboxConversationList) model = NULL;
  sqlite3 *db = NULL;
  guint max_cached = 0;
  gint64 previous_key = G_MAXINT64;
  long rss_after_first_pages, rss_end;

  /* 100,000 conversations, written straight into the file (importing that many mails is the
   * benchmark's job, not a unit test's). */
  g_assert_cmpint (sqlite3_open (fixture->db_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
      "BEGIN;"
      "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000) "
      "INSERT INTO conversations (id, subject, snippet, participants, last_activity, message_count, unread_count) "
      "  SELECT i, 'Subject ' || i, 'A snippet of some length for conversation ' || i, "
      "         '[{\"name\":\"Ada\",\"address\":\"ada@example.net\"}]', 1600000000 + i * 10, 1, i % 2 FROM n;"
      "INSERT INTO conversation_mailboxes (mailbox, last_activity, conversation_id) "
      "  SELECT 'inbox', last_activity, id FROM conversations;"
      "COMMIT;", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  model = inbox_conversation_list_new (fixture->store, "inbox", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 100000);

  rss_after_first_pages = 0;
  for (guint i = 0; i < 100000; i++)
    {
      g_autoptr(InboxConversation) item = g_list_model_get_item (G_LIST_MODEL (model), i);

      g_assert_nonnull (item);
      g_assert_cmpint (inbox_conversation_get_last_activity (item), <, previous_key);
      previous_key = inbox_conversation_get_last_activity (item);
      max_cached = MAX (max_cached, inbox_conversation_list_get_n_cached (model));
      if (i == 2000)
        rss_after_first_pages = resident_kib ();
    }
  rss_end = resident_kib ();

  g_assert_cmpuint (max_cached, <=, 800);
  /* Scrolling the other 98,000 rows costs (next to) nothing more. */
  g_test_message ("RSS after 2,000 rows: %ld KiB; after 100,000: %ld KiB", rss_after_first_pages, rss_end);
#ifndef __SANITIZE_ADDRESS__  /* ASan keeps freed memory in quarantine: RSS says nothing there */
  g_assert_cmpint (rss_end - rss_after_first_pages, <, 16 * 1024);
#endif

  /* Jumping to the middle is one page away. */
  {
    g_autoptr(InboxConversation) middle = g_list_model_get_item (G_LIST_MODEL (model), 50000);
    g_assert_cmpint (inbox_conversation_get_id (middle), ==, 50000);
  }
}

static void
test_search_list (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(InboxConversationList) model = NULL;
  g_autofree char *more = message_text (777, 1750000000, "");

  fill (fixture, 20);
  model = inbox_conversation_list_new_for_search (fixture->store, "topic", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 20);
  deliver (fixture, "", FALSE, more);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 21);

  g_assert_null (inbox_conversation_list_new_for_search (fixture->store, "bogus:thing", &error));
}

/* A sync writes faster than the main loop delivers its changes: the list must neither hand out NULL
 * rows nor compute positions from a state newer than the changes, and it ends up right. */
static void
test_changes_while_the_store_is_ahead (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(InboxConversationList) conversations = NULL;
  Mirror mirror;

  deliver (fixture, "", FALSE, MESSAGE ("a@x", "A <a@x>", "me@x", "First", "Mon, 6 Nov 2023 10:00:00 +0000", ""));
  deliver (fixture, "", FALSE, MESSAGE ("b@x", "B <b@x>", "me@x", "Second", "Mon, 6 Nov 2023 11:00:00 +0000", ""));
  deliver (fixture, "", FALSE, MESSAGE ("c@x", "C <c@x>", "me@x", "Third", "Mon, 6 Nov 2023 12:00:00 +0000", ""));
  deliver (fixture, "Archive", TRUE, MESSAGE ("d@x", "D <d@x>", "me@x", "Old", "Mon, 6 Nov 2023 09:00:00 +0000", ""));
  conversations = inbox_conversation_list_new (fixture->store, "inbox", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (conversations)), ==, 3);
  mirror_init (&mirror, G_LIST_MODEL (conversations));

  /* Two archives committed; their "changed" not delivered yet (the main loop has not turned). */
  g_assert_true (inbox_store_move_conversation_sync (fixture->store, conversation_of (fixture, "a@x"), "archive", &error));
  g_assert_true (inbox_store_move_conversation_sync (fixture->store, conversation_of (fixture, "b@x"), "archive", &error));
  g_assert_no_error (error);
  g_assert_true (inbox_store_has_pending_changes (fixture->store));

  /* The list still says three rows; the store has one: the last row is a placeholder, never NULL. */
  {
    g_autoptr(InboxConversation) last = g_list_model_get_item (G_LIST_MODEL (conversations), 2);
    g_assert_nonnull (last);
  }

  drain_main_context ();
  g_assert_false (inbox_store_has_pending_changes (fixture->store));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (conversations)), ==, 1);
  {
    g_autoptr(InboxConversation) row = g_list_model_get_item (G_LIST_MODEL (conversations), 0);
    g_assert_cmpstr (inbox_conversation_get_subject (row), ==, "Third");
  }
  /* Applied together once the last arrived, row by row: not a whole reload. */
  g_assert_cmpuint (mirror.emissions->len, ==, 2);
  for (guint i = 0; i < mirror.emissions->len; i++)
    {
      g_assert_cmpuint (g_array_index (mirror.emissions, Emission, i).removed, ==, 1);
      g_assert_cmpuint (g_array_index (mirror.emissions, Emission, i).added, ==, 0);
    }
  mirror_assert_matches_store (&mirror, fixture);
  mirror_clear (&mirror);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/conversation-list/paging", Fixture, NULL, store_fixture_set_up, test_paging, store_fixture_tear_down);
  g_test_add ("/conversation-list/flag-change-is-one-item", Fixture, NULL, store_fixture_set_up, test_flag_change_is_one_item, store_fixture_tear_down);
  g_test_add ("/conversation-list/new-mail-and-replies-move-precisely", Fixture, NULL, store_fixture_set_up, test_new_mail_and_replies_move_precisely, store_fixture_tear_down);
  g_test_add ("/conversation-list/big-batch-moves-precisely", Fixture, NULL, store_fixture_set_up,
              test_big_batch_moves_precisely, store_fixture_tear_down);
  g_test_add ("/conversation-list/100k-rows-memory-flat", Fixture, NULL, store_fixture_set_up, test_100k_rows_memory_flat, store_fixture_tear_down);
  g_test_add ("/conversation-list/search", Fixture, NULL, store_fixture_set_up, test_search_list, store_fixture_tear_down);
  g_test_add ("/conversation-list/changes-while-the-store-is-ahead", Fixture, NULL, store_fixture_set_up,
              test_changes_while_the_store_is_ahead, store_fixture_tear_down);

  return g_test_run ();
}
