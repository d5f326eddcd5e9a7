/* test-reader.c: what the reader asks of the engine: a message's text, HTML and attachments,
 * the remote-content allow list, unread counts, and HTML made safe for the web view.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sqlite3.h>

#include "inbox-engine.h"
#include "store-fixture.h"

static const char *html_mail =
  "Message-ID: <news@shop.example>\nFrom: Shop <news@shop.example>\nTo: me@example.com\n"
  "Subject: Deals\nDate: Mon, 6 Nov 2023 10:00:00 +0000\nMIME-Version: 1.0\n"
  "Content-Type: multipart/mixed; boundary=\"b1\"\n\n"
  "--b1\nContent-Type: multipart/alternative; boundary=\"b2\"\n\n"
  "--b2\nContent-Type: text/plain; charset=utf-8\n\nBig deals this week.\n"
  "--b2\nContent-Type: text/html; charset=utf-8\n\n<p>Big <b>deals</b> this week.</p>\n"
  "--b2--\n"
  "--b1\nContent-Type: application/pdf\nContent-Disposition: attachment; filename=\"flyer.pdf\"\n"
  "Content-Transfer-Encoding: base64\n\nJVBERi0xLjQK\n--b1--\n";

static void
test_content (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(InboxMessageContent) content = NULL;
  g_autoptr(InboxMessageContent) missing = NULL;
  gint64 id;
  InboxAttachmentInfo *attachment;

  deliver (fixture, "", FALSE, html_mail);
  id = conversation_of (fixture, "news@shop.example");

  content = inbox_store_get_message_content_sync (fixture->store, id, "news@shop.example", &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (content->text, "Big deals this week."));
  g_assert_nonnull (strstr (content->html, "<b>deals</b>"));
  g_assert_false (content->remote_allowed);
  g_assert_cmpuint (content->attachments->len, ==, 1);
  attachment = content->attachments->pdata[0];
  g_assert_cmpstr (attachment->filename, ==, "flyer.pdf");
  g_assert_cmpstr (attachment->content_type, ==, "application/pdf");
  g_assert_cmpuint (attachment->size, ==, 9);

  missing = inbox_store_get_message_content_sync (fixture->store, id, "nope@x", &error);
  g_assert_null (missing);
  g_assert_error (error, INBOX_STORE_ERROR, INBOX_STORE_ERROR_NOT_FOUND);
}

/* A store whose full-text index is damaged: the reader says so in words for a person (it showed
 * the SQL statement that failed, "SELECT m.id, f.body, …", before the reason). */
static void
test_damaged_index (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(InboxMessageContent) content = NULL;
  sqlite3 *db = NULL;
  gint64 id;

  deliver (fixture, "", FALSE, html_mail);
  id = conversation_of (fixture, "news@shop.example");
  g_clear_object (&fixture->store);
  g_assert_cmpint (sqlite3_open (fixture->db_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE message_fts_config SET v = 999 WHERE k = 'version'", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  store_fixture_open (fixture);

  content = inbox_store_get_message_content_sync (fixture->store, id, "news@shop.example", &error);
  g_assert_null (content);
  g_assert_nonnull (error);
  g_assert_true (error->domain == INBOX_STORE_ERROR);
  g_assert_true (g_str_has_prefix (error->message, "Mail store error: "));
  g_assert_null (strstr (error->message, "SELECT"));
}

static void
test_remote_allow (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 id;

  deliver (fixture, "", FALSE, html_mail);
  id = conversation_of (fixture, "news@shop.example");

  g_assert_false (inbox_store_allow_remote_content_sync (fixture->store, "sender", "not an address", &error));
  g_assert_error (error, INBOX_STORE_ERROR, INBOX_STORE_ERROR_FAILED);
  g_clear_error (&error);

  /* A domain on the list covers its senders; another domain does not. */
  g_assert_true (inbox_store_allow_remote_content_sync (fixture->store, "domain", "other.example", &error));
  {
    g_autoptr(InboxMessageContent) content = inbox_store_get_message_content_sync (fixture->store, id, "news@shop.example", &error);
    g_assert_false (content->remote_allowed);
  }
  g_assert_true (inbox_store_allow_remote_content_sync (fixture->store, "domain", "SHOP.example", &error));
  g_assert_no_error (error);
  {
    g_autoptr(InboxMessageContent) content = inbox_store_get_message_content_sync (fixture->store, id, "news@shop.example", &error);
    g_assert_true (content->remote_allowed);
  }
  /* Twice is fine. */
  g_assert_true (inbox_store_allow_remote_content_sync (fixture->store, "domain", "shop.example", &error));
  g_assert_no_error (error);

  /* Preferences lists the choices and can forget one. */
  g_assert_true (inbox_store_allow_remote_content_sync (fixture->store, "sender", "ada@example.net", &error));
  {
    g_auto(GStrv) allowed = inbox_store_list_remote_content_allowed_sync (fixture->store, &error);
    g_assert_cmpstrv (allowed, ((const char *[]) { "sender:ada@example.net", "domain:other.example", "domain:SHOP.example", NULL }));
  }
  g_assert_true (inbox_store_forget_remote_content_sync (fixture->store, "domain", "shop.example", &error));
  {
    g_autoptr(InboxMessageContent) content = inbox_store_get_message_content_sync (fixture->store, id, "news@shop.example", &error);
    g_assert_false (content->remote_allowed);
  }
}

static void
test_unread_count (Fixture *fixture, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  deliver (fixture, "", FALSE, MESSAGE ("a@x", "A <a@x>", "me@x", "One", "Mon, 6 Nov 2023 10:00:00 +0000", ""));
  deliver (fixture, "", TRUE, MESSAGE ("b@x", "B <b@x>", "me@x", "Two", "Mon, 6 Nov 2023 11:00:00 +0000", ""));
  deliver (fixture, "Junk", FALSE, MESSAGE ("c@x", "C <c@x>", "me@x", "Three", "Mon, 6 Nov 2023 12:00:00 +0000", ""));

  g_assert_cmpint (inbox_store_count_unread_sync (fixture->store, "inbox", &error), ==, 1);
  g_assert_cmpint (inbox_store_count_unread_sync (fixture->store, "spam", &error), ==, 1);
  /* All mail leaves out Spam and Trash. */
  g_assert_cmpint (inbox_store_count_unread_sync (fixture->store, "all", &error), ==, 1);
  g_assert_cmpint (inbox_store_count_unread_sync (fixture->store, "sent", &error), ==, 0);
  g_assert_no_error (error);
  g_assert_cmpint (inbox_store_count_unread_sync (fixture->store, "nowhere", &error), ==, -1);
  g_assert_error (error, INBOX_STORE_ERROR, INBOX_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* A starred message stars its conversation in the list. */
  g_assert_true (inbox_store_set_conversation_flags_sync (fixture->store, conversation_of (fixture, "b@x"),
                                                          INBOX_MESSAGE_FLAGGED, 0, &error));
  {
    g_autoptr(GPtrArray) rows = list (fixture, "inbox");

    g_assert_cmpuint (rows->len, ==, 2);
    g_assert_cmpstr (inbox_conversation_get_subject (rows->pdata[0]), ==, "Two");
    g_assert_true (inbox_conversation_get_starred (rows->pdata[0]));
    g_assert_false (inbox_conversation_get_starred (rows->pdata[1]));
  }
}

static void
test_html_display (void)
{
  InboxHtmlReport report;
  const char *hostile =
    "<html><head><meta http-equiv=\"Content-Security-Policy\" content=\"default-src *\">"
    "<style>body{background:url(https://evil.example/bg.png)}</style></head><body>"
    "<script>alert(1)</script><img src=\"https://evil.example/cat.jpg\" alt=cat>"
    "<img src=\"http://t.example/open.php?id=1\" width=\"1\" height=\"1\">"
    "<img src='https://list-manage.com/track/open?u=2'>"
    "<img src=\"data:image/png;base64,AAAA\"><form action=\"https://evil.example/post\"><input name=q></form>"
    "</body></html>";
  g_autofree char *blocked = inbox_html_prepare_for_display (hostile, FALSE, &report);
  g_autofree char *allowed = inbox_html_prepare_for_display (hostile, TRUE, NULL);
  g_autofree char *empty = inbox_html_prepare_for_display (NULL, FALSE, NULL);
  const char *our_policy = strstr (blocked, "Content-Security-Policy");

  /* Our policy comes first, in our <head>: a later one in the mail can only narrow it. */
  g_assert_nonnull (our_policy);
  g_assert_true (our_policy < strstr (blocked, "default-src *"));
  g_assert_nonnull (strstr (blocked, "script-src 'none'"));
  g_assert_nonnull (strstr (blocked, "form-action 'none'"));
  /* Blocked: only the message's own images (data:, and cid: parts served from the message). */
  g_assert_nonnull (strstr (blocked, "img-src data: cid:\""));
  g_assert_nonnull (strstr (allowed, "img-src data: cid: http: https:"));

  /* Both tracking pixels are gone; the real image and the data: one stay. */
  g_assert_cmpuint (report.trackers, ==, 2);
  g_assert_null (strstr (blocked, "open.php"));
  g_assert_null (strstr (blocked, "list-manage"));
  g_assert_nonnull (strstr (blocked, "cat.jpg"));
  g_assert_nonnull (strstr (blocked, "data:image/png"));
  /* The image and the CSS background would load from the network. */
  g_assert_cmpuint (report.remote, ==, 2);

  g_assert_nonnull (strstr (empty, "<body></body>"));
}

static void
test_quoted_tail (void)
{
  static const struct { const char *text; const char *tail; } cases[] = {
    { "Hi!\n\nOn Mon, Bob wrote:\n> old\n> text\n", "On Mon, Bob wrote:\n> old\n> text\n" },
    { "Hi!\n-- \nBob\n", "-- \nBob\n" },
    { "Hi!\n> q\n\n-- \nsig\n", "> q\n\n-- \nsig\n" },
    /* An interleaved reply: the answer after the quote is new, so nothing folds. */
    { "> question?\nanswer\n", "" },
    { "No quote at all.\n", "" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpstr (cases[i].text + inbox_text_find_quoted_tail (cases[i].text), ==, cases[i].tail);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/reader/content", Fixture, NULL, store_fixture_set_up, test_content, store_fixture_tear_down);
  g_test_add ("/reader/damaged-index", Fixture, NULL, store_fixture_set_up, test_damaged_index, store_fixture_tear_down);
  g_test_add ("/reader/remote-allow", Fixture, NULL, store_fixture_set_up, test_remote_allow, store_fixture_tear_down);
  g_test_add ("/reader/unread-count", Fixture, NULL, store_fixture_set_up, test_unread_count, store_fixture_tear_down);
  g_test_add_func ("/reader/html-display", test_html_display);
  g_test_add_func ("/reader/quoted-tail", test_quoted_tail);

  return g_test_run ();
}
