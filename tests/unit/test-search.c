/* test-search.c: the search language against a real store: every operator, negation, phrases,
 * accents, ranking, and clear errors for bad queries.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "inbox-engine.h"
#include "store-fixture.h"

static Fixture fixture;

static void
deliver_with_attachment (const char *folder,
                         gboolean    seen,
                         const char *headers,
                         const char *body,
                         const char *filename)
{
  g_autofree char *text = g_strdup_printf (
      "%sMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"xx\"\n\n"
      "--xx\nContent-Type: text/plain; charset=utf-8\n\n%s\n"
      "--xx\nContent-Type: application/pdf\nContent-Disposition: attachment; filename=\"%s\"\n"
      "Content-Transfer-Encoding: base64\n\nJVBERi0xLjQK\n--xx--\n", headers, body, filename);

  deliver (&fixture, folder, seen, text);
}

static void
deliver_text (const char *folder,
              gboolean    seen,
              const char *headers,
              const char *body)
{
  g_autofree char *text = g_strdup_printf ("%sMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n%s\n",
                                           headers, body);
  deliver (&fixture, folder, seen, text);
}

static void
set_up_mail (void)
{
  store_fixture_set_up (&fixture, NULL);

  deliver_with_attachment ("", FALSE,
      "Message-ID: <m1@s>\nFrom: Ada Lovelace <ada@example.net>\nTo: Me <me@example.com>\n"
      "Subject: Quarterly report\nDate: Mon, 6 Nov 2023 10:00:00 +0000\n",
      "Numbers attached. Café meeting on Thursday.", "report.pdf");
  deliver_text ("", TRUE,
      "Message-ID: <m2@s>\nFrom: Bob <bob@example.com>\nTo: me@example.com\nCc: Carol <carol@example.org>\n"
      "Subject: Lunch plans\nDate: Wed, 1 Nov 2023 12:00:00 +0000\n",
      "Pizza or sushi?");
  deliver_text ("Sent", TRUE,
      "Message-ID: <m3@s>\nFrom: Me <me@example.com>\nTo: Ada Lovelace <ada@example.net>\n"
      "Subject: Re: Quarterly report\nDate: Tue, 7 Nov 2023 09:00:00 +0000\nIn-Reply-To: <m1@s>\n",
      "Thanks, looks good.");
  deliver_text ("Junk", FALSE,
      "Message-ID: <m4@s>\nFrom: Lottery <win@lottery.example>\nTo: me@example.com\n"
      "Subject: You won\nDate: Thu, 2 Nov 2023 08:00:00 +0000\n",
      "Claim your prize now.");
  deliver_text ("Archive", TRUE,
      "Message-ID: <m5@s>\nFrom: Ada Lovelace <ada@example.net>\nTo: me@example.com\n"
      "Subject: Old notes\nDate: Wed, 1 Jan 2020 10:00:00 +0000\n",
      "A naïve approach to the engine.");
  deliver_text ("Receipts", TRUE,
      "Message-ID: <m6@s>\nFrom: Shop <shop@store.example>\nTo: me@example.com\n"
      "Subject: Invoice 42\nDate: Fri, 3 Nov 2023 08:00:00 +0000\n",
      "Thank you for your order.");
  deliver_text ("", TRUE,
      "Message-ID: <m7@s>\nFrom: Dan <dan@example.com>\nTo: me@example.com\n"
      "Subject: Weekend\nDate: Sat, 4 Nov 2023 08:00:00 +0000\n",
      "Hiking, and I still owe you the report.");

  /* m2 is starred. */
  g_assert_true (inbox_store_set_conversation_flags_sync (fixture.store, conversation_of (&fixture, "m2@s"),
                                                          INBOX_MESSAGE_FLAGGED, 0, NULL));
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char **) a, *(const char **) b);
}

/* The matching Message-IDs, sorted and joined with spaces; "" for none. */
static char *
search (const char *query)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) results = inbox_store_search_sync (fixture.store, query, 0, 100, &error);
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();

  g_assert_no_error (error);
  for (guint i = 0; i < results->len; i++)
    {
      const char * const *matching = inbox_conversation_get_matching_message_ids (results->pdata[i]);
      for (guint j = 0; matching[j] != NULL; j++)
        g_ptr_array_add (ids, (gpointer) matching[j]);
    }
  g_ptr_array_sort (ids, compare_strings);
  g_ptr_array_add (ids, NULL);
  return g_strjoinv (" ", (char **) ids->pdata);
}

#define assert_search(query, expected) \
  G_STMT_START { g_autofree char *found_ = search (query); \
                 g_assert_cmpstr (found_, ==, expected); } G_STMT_END

static void
test_words_and_phrases (void)
{
  assert_search ("report", "m1@s m3@s m7@s");
  assert_search ("quart", "m1@s m3@s");                  /* words are prefixes */
  assert_search ("quarterly report", "m1@s m3@s");
  assert_search ("\"pizza or sushi\"", "m2@s");
  assert_search ("\"sushi pizza\"", "");
  assert_search ("QUARTERLY", "m1@s m3@s");
}

static void
test_negation_and_or (void)
{
  assert_search ("quarterly -thanks", "m1@s");
  assert_search ("-report -pizza -naive -invoice", "");
  assert_search ("pizza OR hiking", "m2@s m7@s");
  assert_search ("(pizza OR invoice) -from:bob", "m6@s");
  assert_search ("report -subject:quarterly", "m7@s");
}

static void
test_fields (void)
{
  assert_search ("from:ada", "m1@s m5@s");
  assert_search ("from:\"ada@example.net\"", "m1@s m5@s");
  assert_search ("to:ada", "m3@s");
  assert_search ("cc:carol", "m2@s");
  assert_search ("subject:lunch", "m2@s");
  assert_search ("body:pizza", "m2@s");
  assert_search ("body:lunch", "");
  assert_search ("filename:report", "m1@s");
  assert_search ("filename:pdf", "m1@s");
}

static void
test_folders_and_labels (void)
{
  assert_search ("label:receipts", "m6@s");
  assert_search ("in:receipts", "m6@s");
  assert_search ("in:sent", "m3@s");
  assert_search ("in:inbox report", "m1@s m7@s");
  assert_search ("in:archive", "m5@s");
  /* Spam stays out of a search unless asked for. */
  assert_search ("prize", "");
  assert_search ("in:spam prize", "m4@s");
  assert_search ("in:all prize", "m4@s");
}

static void
test_state_and_dates (void)
{
  assert_search ("is:unread", "m1@s");
  assert_search ("is:starred", "m2@s");
  assert_search ("is:read from:ada", "m5@s");
  assert_search ("has:attachment", "m1@s");
  assert_search ("before:2021-01-01", "m5@s");
  assert_search ("after:2023-11-05", "m1@s m3@s");
  assert_search ("after:2023-11-03 before:2023-11-05 -in:receipts", "m7@s");
  assert_search ("before:1d from:ada", "m1@s m5@s");
  assert_search ("after:1d", "");
  /* With words, a top-level date also bounds the walk of the full-text index (its keys are dates);
   * negated or inside an OR it is a filter only. */
  assert_search ("report before:2023-11-05", "m7@s");
  assert_search ("report after:2023-11-05", "m1@s m3@s");
  assert_search ("report after:2023-11-03 before:2023-11-05", "m7@s");
  assert_search ("report -before:2023-11-05", "m1@s m3@s");
  assert_search ("report (before:2023-11-05 OR from:ada)", "m1@s m7@s");
  assert_search ("account:local pizza", "m2@s");
  assert_search ("account:nobody pizza", "");
}

static void
test_accents_and_case (void)
{
  assert_search ("cafe", "m1@s");
  assert_search ("CAFÉ", "m1@s");
  assert_search ("naive", "m5@s");
  assert_search ("naïve", "m5@s");
}

static void
test_ranking (void)
{
  g_autoptr(GPtrArray) results = inbox_store_search_sync (fixture.store, "report", 0, 10, NULL);

  /* A subject match ranks above a body mention. */
  g_assert_cmpuint (results->len, ==, 2);
  g_assert_cmpint (inbox_conversation_get_id (results->pdata[0]), ==, conversation_of (&fixture, "m1@s"));
  g_assert_cmpint (inbox_conversation_get_id (results->pdata[1]), ==, conversation_of (&fixture, "m7@s"));
}

static void
test_bad_queries (void)
{
  static const char *bad[] = {
    "", "   ", "foo:bar", "\"unclosed", "(pizza", "pizza)", "OR", "pizza OR", "OR pizza", "is:bogus",
    "has:bogus", "before:yesterday", "after:2023-13-45", "from:", "()",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) results = inbox_store_search_sync (fixture.store, bad[i], 0, 10, &error);

      g_assert_null (results);
      g_assert_error (error, INBOX_SEARCH_ERROR, INBOX_SEARCH_ERROR_INVALID);
      g_assert_true (g_utf8_validate (error->message, -1, NULL) && strlen (error->message) > 10);
    }

  /* Punctuation, an ordinary colon and an FTS keyword are just text. */
  assert_search ("@@@", "");
  assert_search ("10:30", "");
  assert_search ("NEAR AND NOT", "");
  assert_search ("hiking:", "m7@s");
}

/* Filter-only results come in the order of every list, by last activity (the date each row
 * shows), not by the date of the message that matched. Last: it adds mail. */
static void
test_filters_by_activity (void)
{
  g_autoptr(GPtrArray) results = NULL;

  deliver_text ("Archive", TRUE,
      "Message-ID: <m8@s>\nFrom: Eve <eve@example.com>\nTo: me@example.com\n"
      "Subject: Tickets\nDate: Sun, 1 May 2022 10:00:00 +0000\n",
      "Your tickets.");
  /* A reply this November to the note archived in 2020. */
  deliver_text ("", TRUE,
      "Message-ID: <m9@s>\nFrom: Ada Lovelace <ada@example.net>\nTo: me@example.com\n"
      "Subject: Re: Old notes\nDate: Wed, 8 Nov 2023 10:00:00 +0000\nIn-Reply-To: <m5@s>\n",
      "Still naïve?");

  results = inbox_store_search_sync (fixture.store, "in:archive", 0, 10, NULL);
  g_assert_nonnull (results);
  g_assert_cmpuint (results->len, ==, 2);
  g_assert_cmpint (inbox_conversation_get_id (results->pdata[0]), ==, conversation_of (&fixture, "m5@s"));
  g_assert_cmpint (inbox_conversation_get_id (results->pdata[1]), ==, conversation_of (&fixture, "m8@s"));
  g_assert_cmpint (inbox_conversation_get_last_activity (results->pdata[0]), >,
                   inbox_conversation_get_last_activity (results->pdata[1]));
  g_clear_pointer (&results, g_ptr_array_unref);

  /* has:attachment alone goes through the full-text index (a marker token) but has no words to
   * rank by: the same order. The file name of m10 is longer, so bm25 alone would put it second. */
  deliver_with_attachment ("", TRUE,
      "Message-ID: <m10@s>\nFrom: Eve <eve@example.com>\nTo: me@example.com\n"
      "Subject: Scans\nDate: Thu, 9 Nov 2023 10:00:00 +0000\n",
      "The scans, as promised.", "contract signed by both parties with every annex and letter.pdf");
  results = inbox_store_search_sync (fixture.store, "has:attachment", 0, 10, NULL);
  g_assert_nonnull (results);
  g_assert_cmpuint (results->len, ==, 2);
  g_assert_cmpint (inbox_conversation_get_id (results->pdata[0]), ==, conversation_of (&fixture, "m10@s"));
  g_assert_cmpint (inbox_conversation_get_id (results->pdata[1]), ==, conversation_of (&fixture, "m1@s"));
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  set_up_mail ();

  g_test_add_func ("/search/words-and-phrases", test_words_and_phrases);
  g_test_add_func ("/search/negation-and-or", test_negation_and_or);
  g_test_add_func ("/search/fields", test_fields);
  g_test_add_func ("/search/folders-and-labels", test_folders_and_labels);
  g_test_add_func ("/search/state-and-dates", test_state_and_dates);
  g_test_add_func ("/search/accents-and-case", test_accents_and_case);
  g_test_add_func ("/search/ranking", test_ranking);
  g_test_add_func ("/search/bad-queries", test_bad_queries);
  g_test_add_func ("/search/filters-by-activity", test_filters_by_activity);

  status = g_test_run ();
  store_fixture_tear_down (&fixture, NULL);
  return status;
}
