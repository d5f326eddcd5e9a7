/* test-compose.c: the engine's composing parts on their own — mailto: links (RFC 6068 examples
 * and hostile ones), Send later's time phrases with a fixed "now" (weekends, DST), the Reply-From
 * rule, replies' recipients and quoting, and address checks.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sqlite3.h>

#include "inbox-engine.h"
#include "inbox-message-private.h"

/* --- mailto: ------------------------------------------------------------------------------- */

typedef struct {
  const char *uri;
  const char *to, *cc, *bcc, *subject, *body, *in_reply_to;
  const char *note;   /* a substring of one note, or NULL for none */
} MailtoCase;

static const MailtoCase mailto_cases[] = {
  /* RFC 6068, section 6.1 */
  { "mailto:chris@example.com", "chris@example.com", "", "", NULL, NULL, NULL, NULL },
  { "mailto:infobot@example.com?subject=current-issue", "infobot@example.com", "", "", "current-issue", NULL, NULL, NULL },
  { "mailto:infobot@example.com?body=send%20current-issue", "infobot@example.com", "", "", NULL, "send current-issue", NULL, NULL },
  { "mailto:infobot@example.com?body=send%20current-issue%0D%0Asend%20index", "infobot@example.com", "", "", NULL,
    "send current-issue\nsend index", NULL, NULL },
  { "mailto:list@example.org?In-Reply-To=%3C3469A91.D10AF4C@example.com%3E", "list@example.org", "", "", NULL, NULL,
    "3469A91.D10AF4C@example.com", NULL },
  { "mailto:majordomo@example.com?body=subscribe%20bamboo-l", "majordomo@example.com", "", "", NULL, "subscribe bamboo-l", NULL, NULL },
  { "mailto:joe@example.com?cc=bob@example.com&body=hello", "joe@example.com", "bob@example.com", "", NULL, "hello", NULL, NULL },
  { "mailto:joe@example.com?cc=bob@example.com?body=hello", "joe@example.com", "bob@example.com?body=hello", "", NULL, NULL, NULL, NULL },
  { "mailto:gorby%25kremvax@example.com", "gorby%kremvax@example.com", "", "", NULL, NULL, NULL, NULL },
  { "mailto:unlikely%3Faddress@example.com?blat=foop", "unlikely?address@example.com", "", "", NULL, NULL, NULL, NULL },
  { "mailto:Mike%26family@example.org", "Mike&family@example.org", "", "", NULL, NULL, NULL, NULL },
  /* RFC 6068, section 6.2: non-ASCII */
  { "mailto:user@example.org?subject=caf%C3%A9", "user@example.org", "", "", "café", NULL, NULL, NULL },
  { "mailto:?to=user@example.org&subject=%E3%81%AF%E3%81%98%E3%82%81%E3%81%BE%E3%81%97%E3%81%A6", "user@example.org", "", "", "はじめまして", NULL, NULL, NULL },
  /* several addresses, in the path and in to= */
  { "mailto:a@example.com,b@example.com?to=c@example.com&bcc=d@example.com", "a@example.com,b@example.com, c@example.com", "", "d@example.com", NULL, NULL, NULL, NULL },
  { "MAILTO:a@example.com", "a@example.com", "", "", NULL, NULL, NULL, NULL },
  /* '+' is a plus, not a space */
  { "mailto:a+tag@example.com?subject=1+1", "a+tag@example.com", "", "", "1+1", NULL, NULL, NULL },
  /* hostile */
  { "mailto:a@example.com?attach=/etc/passwd", "a@example.com", "", "", NULL, NULL, NULL, "never attaches" },
  { "mailto:a@example.com?Attachment=file:///home/me/.ssh/id_rsa&body=hi", "a@example.com", "", "", NULL, "hi", NULL, "never attaches" },
  { "mailto:a@example.com?subject=Hi%0D%0ABcc:%20spy@evil.example", "a@example.com", "", "", "Hi Bcc: spy@evil.example", NULL, NULL, NULL },
  { "mailto:a@example.com?from=boss@example.com&reply-to=evil@example.com&subject=x", "a@example.com", "", "", "x", NULL, NULL, NULL },
  { "mailto:a@example.com?subject=%ZZbroken%", "a@example.com", "", "", "%ZZbroken%", NULL, NULL, "not encoded correctly" },
  { "mailto:a@example.com?subject=%FF%FE", "a@example.com", "", "", "\xef\xbf\xbd\xef\xbf\xbd", NULL, NULL, "not valid text" },
  { "mailto:a@example.com?subject=nul%00here", "a@example.com", "", "", "nul\xef\xbf\xbdhere", NULL, NULL, "not valid text" },
  { "https://example.com/?to=a@example.com", "", "", "", NULL, NULL, NULL, "not a mailto: link" },
  { "a@example.com?subject=bare", "a@example.com", "", "", "bare", NULL, NULL, NULL },
  { "mailto:", "", "", "", NULL, NULL, NULL, NULL },
  { "mailto:?&&=&subject", "", "", "", NULL, NULL, NULL, NULL },
  { "mailto:a@example.com#fragment", "a@example.com", "", "", NULL, NULL, NULL, NULL },
};

static void
test_mailto_table (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (mailto_cases); i++)
    {
      const MailtoCase *c = &mailto_cases[i];
      g_autoptr(InboxMailto) mailto = inbox_mailto_parse (c->uri);
      gboolean noted = FALSE;

      g_test_message ("%s", c->uri);
      g_assert_cmpstr (mailto->to, ==, c->to);
      g_assert_cmpstr (mailto->cc, ==, c->cc);
      g_assert_cmpstr (mailto->bcc, ==, c->bcc);
      g_assert_cmpstr (mailto->subject, ==, c->subject);
      g_assert_cmpstr (mailto->body, ==, c->body);
      g_assert_cmpstr (mailto->in_reply_to, ==, c->in_reply_to);
      for (guint n = 0; n < mailto->notes->len; n++)
        noted |= c->note != NULL && strstr (mailto->notes->pdata[n], c->note) != NULL;
      if (c->note != NULL)
        g_assert_true (noted);
      else
        g_assert_cmpuint (mailto->notes->len, ==, 0);
    }
}

static void
test_mailto_huge (void)
{
  g_autoptr(GString) uri = g_string_new ("mailto:a@example.com?body=");
  g_autoptr(InboxMailto) mailto = NULL;

  for (int i = 0; i < 200000; i++)
    g_string_append (uri, "%41");
  mailto = inbox_mailto_parse (uri->str);
  g_assert_cmpuint (strlen (mailto->body), ==, 64 * 1024);
  g_assert_cmpuint (mailto->notes->len, ==, 1);
  inbox_mailto_free (inbox_mailto_parse (NULL));
}

/* --- time phrases --------------------------------------------------------------------------- */

/* Central European time with its DST rules, without needing tzdata installed. */
#define BERLIN "CET-1CEST,M3.5.0,M10.5.0/3"

static GDateTime *
at (const char *iso)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier (BERLIN);

  return g_date_time_new_from_iso8601 (iso, zone);
}

static void
check_phrase (const char *now_iso,
              const char *phrase,
              const char *expected_iso)
{
  g_autoptr(GDateTime) now = at (now_iso);
  g_autoptr(GDateTime) expected = at (expected_iso);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) result = inbox_time_parse (phrase, now, &error);
  g_autofree char *got = result != NULL ? g_date_time_format_iso8601 (result) : NULL;

  g_test_message ("%s + “%s” → %s (want %s)", now_iso, phrase, got, expected_iso);
  g_assert_no_error (error);
  g_assert_nonnull (result);
  g_assert_true (g_date_time_equal (result, expected));
}

static void
test_time_phrases (void)
{
  /* 2026-11-18 is a Wednesday. */
  const char *wed = "2026-11-18T10:20:30";

  check_phrase (wed, "in 2 hours", "2026-11-18T12:20:30");
  check_phrase (wed, "in an hour", "2026-11-18T11:20:30");
  check_phrase (wed, "in 30 minutes", "2026-11-18T10:50:30");
  check_phrase (wed, "in 3 days", "2026-11-21T10:20:30");
  check_phrase (wed, "in two weeks", "2026-12-02T10:20:30");
  check_phrase (wed, "in 3 weekdays", "2026-11-23T10:20:30");       /* Thu, Fri, Mon */
  check_phrase (wed, "in 3 business days", "2026-11-23T10:20:30");
  check_phrase (wed, "tomorrow morning", "2026-11-19T08:00:00");
  check_phrase (wed, "Tomorrow at 9:30am", "2026-11-19T09:30:00");
  check_phrase (wed, "tomorrow", "2026-11-19T08:00:00");
  check_phrase (wed, "next Tuesday at 3pm", "2026-11-24T15:00:00");
  check_phrase (wed, "tuesday 3 pm", "2026-11-24T15:00:00");
  check_phrase (wed, "Friday at noon", "2026-11-20T12:00:00");
  check_phrase (wed, "on fri at 17:45", "2026-11-20T17:45:00");
  check_phrase (wed, "wednesday", "2026-11-25T08:00:00");           /* today's weekday: a week on */
  check_phrase (wed, "at 5pm", "2026-11-18T17:00:00");
  check_phrase (wed, "at 9", "2026-11-19T09:00:00");               /* passed today: tomorrow */
  check_phrase (wed, "today at 18:00", "2026-11-18T18:00:00");
  check_phrase (wed, "tonight", "2026-11-18T19:00:00");
  check_phrase (wed, "this evening", "2026-11-18T19:00:00");
  check_phrase (wed, "saturday", "2026-11-21T10:00:00");
  check_phrase (wed, "next week", "2026-11-23T08:00:00");
  check_phrase (wed, "2026-12-24 08:00", "2026-12-24T08:00:00");

  /* Weekends */
  check_phrase ("2026-11-21T09:00:00", "this weekend", "2026-11-21T10:00:00");  /* Saturday morning */
  check_phrase ("2026-11-21T11:00:00", "this weekend", "2026-11-22T10:00:00");  /* Saturday later: Sunday */
  check_phrase ("2026-11-22T11:00:00", "this weekend", "2026-11-28T10:00:00");  /* Sunday later: next Saturday */
  check_phrase ("2026-11-20T16:00:00", "in 1 weekday", "2026-11-23T16:00:00");  /* Friday → Monday */
  check_phrase ("2026-11-22T16:00:00", "in 1 weekday", "2026-11-23T16:00:00");  /* Sunday → Monday */
  check_phrase ("2026-11-23T09:00:00", "next week", "2026-11-30T08:00:00");     /* Monday: the next one */

  /* DST: spring forward on 2026-03-29 02:00 → 03:00, fall back on 2026-10-25 03:00 → 02:00 */
  check_phrase ("2026-03-28T21:00:00", "tomorrow at 8am", "2026-03-29T08:00:00");
  check_phrase ("2026-03-29T01:30:00", "in 1 hour", "2026-03-29T03:30:00");     /* real time: the clock jumps */
  check_phrase ("2026-03-28T10:00:00", "in 1 day", "2026-03-29T10:00:00");      /* days keep the time of day */
  check_phrase ("2026-10-24T22:00:00", "tomorrow morning", "2026-10-25T08:00:00");
  check_phrase ("2026-10-25T01:30:00", "in 2 hours", "2026-10-25T02:30:00+01:00");
}

static void
test_time_presets (void)
{
  const struct { const char *now; InboxTimePreset preset; const char *expected; } cases[] = {
    { "2026-11-18T10:20:30", INBOX_TIME_LATER_TODAY, "2026-11-18T13:20:00" },
    { "2026-11-18T10:20:30", INBOX_TIME_THIS_AFTERNOON, "2026-11-18T13:00:00" },
    { "2026-11-18T14:00:00", INBOX_TIME_THIS_AFTERNOON, "2026-11-19T13:00:00" },  /* past: the next one */
    { "2026-11-18T10:20:30", INBOX_TIME_THIS_EVENING, "2026-11-18T19:00:00" },
    { "2026-11-18T20:00:00", INBOX_TIME_THIS_EVENING, "2026-11-19T19:00:00" },
    { "2026-11-18T23:59:00", INBOX_TIME_TOMORROW, "2026-11-19T08:00:00" },
    { "2026-11-18T10:20:30", INBOX_TIME_THIS_WEEKEND, "2026-11-21T10:00:00" },
    { "2026-11-18T10:20:30", INBOX_TIME_NEXT_WEEK, "2026-11-23T08:00:00" },
    { "2026-03-27T10:00:00", INBOX_TIME_NEXT_WEEK, "2026-03-30T08:00:00" },        /* across spring DST */
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GDateTime) now = at (cases[i].now);
      g_autoptr(GDateTime) expected = at (cases[i].expected);
      g_autoptr(GDateTime) result = inbox_time_preset_resolve (cases[i].preset, now);

      g_assert_true (g_date_time_equal (result, expected));
    }
}

static void
test_time_refusals (void)
{
  const char *bad[] = { "", "banana", "in", "in many hours", "at 25:00", "at 13pm", "tomorrow tomorrow",
                        "next", "friday at", "in 3 fortnights", "at 9:75", "\xff\xfe" };
  g_autoptr(GDateTime) now = at ("2026-11-18T10:20:30");

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GDateTime) result = inbox_time_parse (bad[i], now, &error);

      g_test_message ("“%s”", g_utf8_validate (bad[i], -1, NULL) ? bad[i] : "(not UTF-8)");
      g_assert_null (result);
      g_assert_error (error, INBOX_TIME_ERROR, INBOX_TIME_ERROR_UNKNOWN);
    }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GDateTime) result = inbox_time_parse ("today at 9am", now, &error);

    g_assert_null (result);
    g_assert_error (error, INBOX_TIME_ERROR, INBOX_TIME_ERROR_PAST);
  }
}

/* --- Reply-From ----------------------------------------------------------------------------- */

static void
test_reply_from (void)
{
  g_autoptr(GPtrArray) identities = g_ptr_array_new_with_free_func ((GDestroyNotify) inbox_identity_free);
  const char *to_alias[] = { "Someone <other@elsewhere.org>", "Me <Sales@Work.example>", NULL };
  const char *to_domain[] = { "team@work.example", NULL };
  const char *to_private_domain[] = { "friends@private.example", NULL };
  const char *to_hidden_exact[] = { "hidden@private.example", NULL };
  const char *to_nobody[] = { "list@lists.example", NULL };

  g_ptr_array_add (identities, inbox_identity_new ("me@home.example", "Me", NULL, FALSE));
  g_ptr_array_add (identities, inbox_identity_new ("sales@work.example", "Me at Work", NULL, FALSE));
  g_ptr_array_add (identities, inbox_identity_new ("hidden@private.example", "Private me", NULL, TRUE));

  /* 1. the alias it was sent to */
  g_assert_cmpstr (inbox_identity_choose_for_reply (identities, to_alias)->address, ==, "sales@work.example");
  /* 2. one on the same domain */
  g_assert_cmpstr (inbox_identity_choose_for_reply (identities, to_domain)->address, ==, "sales@work.example");
  /* … but never one marked "never choose automatically" */
  g_assert_cmpstr (inbox_identity_choose_for_reply (identities, to_private_domain)->address, ==, "me@home.example");
  /* … unless it is exactly the one the mail was sent to */
  g_assert_cmpstr (inbox_identity_choose_for_reply (identities, to_hidden_exact)->address, ==, "hidden@private.example");
  /* 3. the account's own */
  g_assert_cmpstr (inbox_identity_choose_for_reply (identities, to_nobody)->address, ==, "me@home.example");
  g_assert_cmpstr (inbox_identity_choose_for_reply (identities, NULL)->address, ==, "me@home.example");
}

/* --- replies -------------------------------------------------------------------------------- */

/* Sent on 2026-05-17 (1779000000), or at `date` when it is not 0. */
static InboxMessage *
make_message_at (gint64      date,
                 const char *from_name,
                 const char *from_address,
                 const char *to,
                 const char *cc)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  InboxMessage *message;

  g_assert_cmpint (sqlite3_open (":memory:", &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
      "SELECT 'orig@example.org', 'Lunch?', ?1, ?2, ?3, ?4, ?5, 'INBOX', 0, 0, 'snippet', NULL",
      -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, from_name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, from_address, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, to, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, cc, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, date != 0 ? date : 1779000000);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  message = inbox_message_new_from_row (stmt);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return message;
}

#define make_message(...) make_message_at (0, __VA_ARGS__)

static void
test_replies (void)
{
  g_autoptr(InboxMessage) original = make_message ("Ada Lovelace", "ada@example.net",
                                                   "Me <me@example.com>\x1f" "bob@example.org",
                                                   "ME@EXAMPLE.COM\x1f" "Grace <grace@example.com>");
  const char *mine[] = { "me@example.com", NULL };
  g_autoptr(InboxDraft) reply = inbox_draft_new_reply (INBOX_REPLY, original, "Shall we?\n> earlier\n", mine);
  g_autoptr(InboxDraft) all = inbox_draft_new_reply (INBOX_REPLY_ALL, original, "Shall we?", mine);
  g_autoptr(InboxDraft) forward = inbox_draft_new_reply (INBOX_FORWARD, original, "Shall we?", mine);
  g_autoptr(InboxMessage) own = make_message ("Me", "me@example.com", "Ada <ada@example.net>", NULL);
  g_autoptr(InboxDraft) to_own = inbox_draft_new_reply (INBOX_REPLY, own, "x", mine);

  g_assert_cmpstr (reply->to, ==, "\"Ada Lovelace\" <ada@example.net>");
  g_assert_cmpstr (reply->cc, ==, "");
  g_assert_cmpstr (reply->subject, ==, "Re: Lunch?");
  g_assert_cmpstr (reply->in_reply_to, ==, "orig@example.org");
  g_assert_cmpstr (reply->references, ==, "<orig@example.org>");
  g_assert_nonnull (strstr (reply->text, "Ada Lovelace wrote:\n> Shall we?\n>> earlier\n"));
  g_assert_true (g_str_has_prefix (reply->text, "\n\nOn "));

  /* Reply all: everyone but me, once each; Bcc is never copied (the store has none to copy). */
  g_assert_cmpstr (all->to, ==, "\"Ada Lovelace\" <ada@example.net>");
  g_assert_cmpstr (all->cc, ==, "bob@example.org, \"Grace\" <grace@example.com>");
  g_assert_null (all->bcc);

  g_assert_cmpstr (forward->subject, ==, "Fwd: Lunch?");
  g_assert_null (forward->to);
  g_assert_null (forward->in_reply_to);
  g_assert_nonnull (strstr (forward->text, "---------- Forwarded message ----------\nFrom: Ada Lovelace <ada@example.net>"));

  /* Replying to my own message goes to whom I wrote. */
  g_assert_cmpstr (to_own->to, ==, "\"Ada\" <ada@example.net>");
  {
    g_autoptr(InboxDraft) again = inbox_draft_new_reply (INBOX_REPLY, original, NULL, mine);
    g_autoptr(InboxMessage) replied = make_message ("", "x@example.org", "", NULL);
    g_autoptr(InboxDraft) re_re = inbox_draft_new_reply (INBOX_REPLY, replied, NULL, mine);

    g_assert_nonnull (again->text);
    g_assert_cmpstr (re_re->to, ==, "x@example.org");
  }
  {
    /* A day of one digit is written as one ("Sat, 9 May 2026"), without padding. */
    g_autoptr(InboxMessage) ninth = make_message_at (1778328000, "Ada", "ada@example.net", "", NULL);
    g_autoptr(InboxDraft) answer = inbox_draft_new_reply (INBOX_REPLY, ninth, "x", mine);

    g_assert_nonnull (strstr (answer->text, "On Sat, 9 May 2026 at "));
  }
}

static void
test_addresses (void)
{
  g_autoptr(GError) error = NULL;
  guint count = 0;

  g_assert_true (inbox_address_list_check ("Ada <ada@example.net>, \"Lovelace, Ada\" <ada2@example.net>; bob@example.org\ncarol@example.com",
                                           &count, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count, ==, 4);
  g_assert_true (inbox_address_list_check ("", &count, NULL));
  g_assert_cmpuint (count, ==, 0);
  g_assert_false (inbox_address_list_check ("ada@example.net, not an address", NULL, &error));
  g_assert_error (error, INBOX_DRAFT_ERROR, INBOX_DRAFT_ERROR_INVALID_ADDRESS);
  g_clear_error (&error);
  g_assert_false (inbox_address_list_check ("ada@", NULL, &error));
  g_clear_error (&error);
  g_assert_false (inbox_address_list_check ("@example.net", NULL, &error));
  g_clear_error (&error);
}

/* What the recipient fields make chips of: one per address, quotes and brackets kept whole, and
 * what is not an address kept as typed, marked. */
static void
test_recipients_parse (void)
{
  g_autoptr(GPtrArray) list = inbox_recipients_parse ("Ada <ada@example.net>, \"Lovelace, Ada\" <ada2@example.net>;"
                                                      " bob@example.org\n\nnot an address,, carol@");
  InboxRecipient *r;

  g_assert_cmpuint (list->len, ==, 5);
  r = list->pdata[0];
  g_assert_true (r->valid);
  g_assert_cmpstr (r->name, ==, "Ada");
  g_assert_cmpstr (r->address, ==, "ada@example.net");
  r = list->pdata[1];
  g_assert_true (r->valid);
  g_assert_cmpstr (r->name, ==, "Lovelace, Ada");
  g_assert_cmpstr (r->address, ==, "ada2@example.net");
  /* Its text goes back into a list that parses the same. */
  g_assert_true (inbox_address_list_check (r->text, NULL, NULL));
  r = list->pdata[2];
  g_assert_true (r->valid);
  g_assert_null (r->name);
  g_assert_cmpstr (r->text, ==, "bob@example.org");
  r = list->pdata[3];
  g_assert_false (r->valid);
  g_assert_cmpstr (r->text, ==, "not an address");
  r = list->pdata[4];
  g_assert_false (r->valid);
  g_assert_cmpstr (r->text, ==, "carol@");
  g_clear_pointer (&list, g_ptr_array_unref);

  list = inbox_recipients_parse (" ,; \n");
  g_assert_cmpuint (list->len, ==, 0);
  g_clear_pointer (&list, g_ptr_array_unref);
  /* An unfinished quote keeps the rest together rather than splitting a name. */
  list = inbox_recipients_parse ("\"Ada, the");
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_false (((InboxRecipient *) list->pdata[0])->valid);
}

/* A draft built and read back is the same draft (Undo send puts it back in the composer). */
static void
test_draft_round_trip (void)
{
  g_autoptr(InboxDraft) draft = inbox_draft_new ();
  g_autoptr(GBytes) mime = NULL;
  g_autoptr(InboxDraft) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("inbox-draft-XXXXXX", NULL);
  g_autofree char *file = g_build_filename (dir, "notes ü.txt", NULL);
  g_autofree char *back_dir = g_build_filename (dir, "back", NULL);
  g_autofree char *contents = NULL;

  g_assert_true (g_file_set_contents (file, "attached text\n", -1, NULL));
  draft->from_name = g_strdup ("Zoë");
  draft->from_address = g_strdup ("zoe@example.com");
  draft->to = g_strdup ("Ada <ada@example.net>");
  draft->bcc = g_strdup ("b@example.org");
  draft->subject = g_strdup ("Über");
  draft->text = g_strdup ("Grüße\n");
  g_ptr_array_add (draft->attachments, g_strdup (file));
  mime = inbox_draft_build (draft, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (draft->message_id, "@example.com"));

  back = inbox_draft_new_from_mime (mime, back_dir, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (back->from_address, ==, "zoe@example.com");
  g_assert_cmpstr (back->to, ==, "Ada <ada@example.net>");
  g_assert_cmpstr (back->bcc, ==, "b@example.org");
  g_assert_cmpstr (back->subject, ==, "Über");
  g_assert_cmpstr (back->text, ==, "Grüße\n");
  g_assert_cmpuint (back->attachments->len, ==, 1);
  g_assert_true (g_str_has_suffix (back->attachments->pdata[0], "notes ü.txt"));
  g_assert_true (g_file_get_contents (back->attachments->pdata[0], &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "attached text\n");

  {
    g_autoptr(GBytes) junk = g_bytes_new_static ("not a message at all", 20);
    g_autoptr(InboxDraft) none = inbox_draft_new_from_mime (junk, NULL, &error);

    g_assert_null (none);
    g_assert_nonnull (error);
  }
}

/* Signatures go above a reply's quote and at a new message's end, and change with the identity. */
static void
test_signatures (void)
{
  g_autoptr(InboxDraft) fresh = inbox_draft_new ();
  g_autoptr(InboxDraft) reply = inbox_draft_new ();
  InboxIdentity identity = { .address = "me@example.com", .signature = "Ada", .reply_signature = "A.",
                             .signature_use = INBOX_SIGNATURE_FIRST_THEN_REPLY };

  inbox_draft_set_signature (fresh, NULL, "Ada\nEngine Dept.");
  g_assert_cmpstr (fresh->text, ==, "\n\n-- \nAda\nEngine Dept.");
  inbox_draft_set_signature (fresh, "Ada\nEngine Dept.", "Grace");
  g_assert_cmpstr (fresh->text, ==, "\n\n-- \nGrace");
  inbox_draft_set_signature (fresh, "Grace", NULL);
  g_assert_cmpstr (fresh->text, ==, "");

  reply->text = g_strdup ("\n\nOn Monday, Bob wrote:\n> hi\n");
  inbox_draft_set_signature (reply, NULL, "Ada");
  g_assert_cmpstr (reply->text, ==, "\n\n-- \nAda\n\nOn Monday, Bob wrote:\n> hi\n");

  g_assert_cmpstr (inbox_identity_get_signature (&identity, FALSE), ==, "Ada");
  g_assert_cmpstr (inbox_identity_get_signature (&identity, TRUE), ==, "A.");
  identity.signature_use = INBOX_SIGNATURE_FIRST;
  g_assert_null (inbox_identity_get_signature (&identity, TRUE));
  identity.signature_use = INBOX_SIGNATURE_ALL;
  g_assert_cmpstr (inbox_identity_get_signature (&identity, TRUE), ==, "Ada");
  identity.signature = "";
  g_assert_null (inbox_identity_get_signature (&identity, FALSE));
}

/* An image the rich editor holds inline (a data: URI) goes out as a part of its own that the HTML
 * names by Content-ID, and comes back inline when the message is taken back out of the outbox. */
static void
test_inline_images (void)
{
  /* A 1×1 PNG */
  static const char png[] = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";
  g_autoptr(InboxDraft) draft = inbox_draft_new ();
  g_autoptr(InboxDraft) back = NULL;
  g_autoptr(GBytes) mime = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *wire = NULL;

  draft->from_address = g_strdup ("zoe@example.com");
  draft->to = g_strdup ("ada@example.net");
  draft->subject = g_strdup ("Look");
  draft->text = g_strdup ("Look at this");
  draft->html = g_strdup_printf ("<p>Look at this <img src=\"data:image/png;base64,%s\" alt=\"dot\"></p>", png);
  mime = inbox_draft_build (draft, &error);
  g_assert_no_error (error);
  wire = g_strndup (g_bytes_get_data (mime, NULL), g_bytes_get_size (mime));
  g_assert_nonnull (strstr (wire, "multipart/related"));
  g_assert_nonnull (strstr (wire, "Content-Type: image/png"));
  g_assert_null (strstr (wire, "data:image/png"));
  {
    g_autofree char *header = g_strdup_printf ("Content-ID: <img1.%s>", draft->message_id);

    g_assert_nonnull (strstr (wire, header));
    g_assert_nonnull (strstr (wire, "cid:img1."));
  }

  back = inbox_draft_new_from_mime (mime, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (back->html, "data:image/png;base64,"));
  g_assert_null (strstr (back->html, "cid:"));
  g_assert_cmpuint (back->attachments->len, ==, 0);
}

/* Plain text becomes the rich editor's starting HTML: escaped, quotes as blockquotes. */
static void
test_text_to_html (void)
{
  g_autofree char *simple = inbox_html_from_text ("Hello <Ada> & co,\nline two\n\nnext paragraph\n");
  g_autofree char *quoted = inbox_html_from_text ("Yes.\n\nOn Monday, Bob wrote:\n> hi\n>> older\n> back\n");
  g_autofree char *empty = inbox_html_from_text ("");

  g_assert_cmpstr (simple, ==, "<p>Hello &lt;Ada&gt; &amp; co,<br>line two</p><p>next paragraph</p>");
  g_assert_cmpstr (quoted, ==, "<p>Yes.</p><p>On Monday, Bob wrote:</p><blockquote type=\"cite\"><p>hi</p>"
                               "<blockquote type=\"cite\"><p>older</p></blockquote><p>back</p></blockquote>");
  g_assert_cmpstr (empty, ==, "<p><br></p>");
}

/* The local autosave keeps everything the composer shows. */
static void
test_draft_autosave (void)
{
  g_autofree char *dir = g_dir_make_tmp ("inbox-autosave-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "sub", "draft.ini", NULL);
  g_autoptr(InboxDraft) draft = inbox_draft_new ();
  g_autoptr(InboxDraft) back = NULL;
  g_autoptr(GError) error = NULL;

  draft->from_address = g_strdup ("zoe@example.com");
  draft->to = g_strdup ("Ada <ada@example.net>, bob@example.org");
  draft->subject = g_strdup ("Line\nbreak ü");
  draft->text = g_strdup ("First\n\n  indented; = [brackets]\n");
  draft->in_reply_to = g_strdup ("x@y");
  g_ptr_array_add (draft->attachments, g_strdup ("/tmp/a file.pdf"));
  g_assert_true (inbox_draft_save (draft, path, &error));
  g_assert_no_error (error);
  back = inbox_draft_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (back->to, ==, draft->to);
  g_assert_cmpstr (back->subject, ==, draft->subject);
  g_assert_cmpstr (back->text, ==, draft->text);
  g_assert_cmpstr (back->in_reply_to, ==, "x@y");
  g_assert_null (back->cc);
  g_assert_cmpuint (back->attachments->len, ==, 1);
  g_assert_cmpstr (back->attachments->pdata[0], ==, "/tmp/a file.pdf");
  g_assert_null (inbox_draft_load ("/nonexistent/draft.ini", NULL));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/mailto/rfc6068-and-hostile", test_mailto_table);
  g_test_add_func ("/mailto/huge", test_mailto_huge);
  g_test_add_func ("/time/phrases", test_time_phrases);
  g_test_add_func ("/time/presets", test_time_presets);
  g_test_add_func ("/time/refusals", test_time_refusals);
  g_test_add_func ("/identity/reply-from", test_reply_from);
  g_test_add_func ("/draft/replies", test_replies);
  g_test_add_func ("/draft/addresses", test_addresses);
  g_test_add_func ("/draft/recipients-parse", test_recipients_parse);
  g_test_add_func ("/draft/round-trip", test_draft_round_trip);
  g_test_add_func ("/draft/autosave", test_draft_autosave);
  g_test_add_func ("/draft/signatures", test_signatures);
  g_test_add_func ("/draft/text-to-html", test_text_to_html);
  g_test_add_func ("/draft/inline-images", test_inline_images);

  return g_test_run ();
}
