/* test-ingest.c: a MIME message becomes the right records, and bad input never crashes or vanishes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "inbox-html.h"
#include "inbox-ingest.h"

static const char full_message[] =
  "Message-ID: <fields@example.com>\r\n"
  "From: =?UTF-8?Q?Ren=C3=A9e_Dupont?= <renee@example.org>\r\n"
  "To: A <a@example.com>, b@example.com\r\n"
  "Cc: C <c@example.com>\r\n"
  "Subject: =?UTF-8?B?UmU6IENhZsOpIG1lZXRpbmc=?=\r\n"
  "Date: Mon, 6 Nov 2023 10:00:00 +0100\r\n"
  "In-Reply-To: <parent@example.com>\r\n"
  "References: <root@example.com>\r\n <parent@example.com>\r\n"
  "List-Id: Team <team.example.com>\r\n"
  "Auto-Submitted: auto-generated\r\n"
  "MIME-Version: 1.0\r\n"
  "Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n"
  "--b1\r\n"
  "Content-Type: multipart/alternative; boundary=\"b2\"\r\n\r\n"
  "--b2\r\n"
  "Content-Type: text/plain; charset=iso-8859-1\r\n"
  "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
  "Caf=E9 at ten?\r\n\r\nOn Monday, Ada wrote:\r\n> old text\r\n-- \r\nRen=E9e\r\n"
  "--b2\r\n"
  "Content-Type: text/html; charset=utf-8\r\n\r\n"
  "<html><head><style>p{}</style></head><body><p>Caf\xc3\xa9 at ten?</p><script>x()</script></body></html>\r\n"
  "--b2--\r\n"
  "--b1\r\n"
  "Content-Type: image/png\r\n"
  "Content-ID: <logo@example.com>\r\n"
  "Content-Transfer-Encoding: base64\r\n\r\n"
  "iVBORw0KGgo=\r\n"
  "--b1\r\n"
  "Content-Type: application/pdf; name=\"=?UTF-8?Q?r=C3=A9sum=C3=A9.pdf?=\"\r\n"
  "Content-Disposition: attachment; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf\r\n"
  "Content-Transfer-Encoding: base64\r\n\r\n"
  "JVBERi0xLjQK\r\n"
  "--b1--\r\n";

static InboxParsedMessage *
parse (const char *text)
{
  g_autoptr(GBytes) raw = g_bytes_new (text, strlen (text));

  return inbox_parsed_message_new_from_bytes (raw, 1700000000);
}

static void
test_full_message (void)
{
  g_autoptr(InboxParsedMessage) parsed = parse (full_message);
  InboxAddress *from;
  InboxAttachmentInfo *image, *pdf;

  g_assert_cmpstr (parsed->message_id, ==, "fields@example.com");
  g_assert_false (parsed->synthetic_id);
  g_assert_cmpstr (parsed->subject, ==, "Re: Café meeting");
  g_assert_cmpstr (parsed->base_subject, ==, "café meeting");
  g_assert_true (parsed->reply_subject);

  from = parsed->from->pdata[0];
  g_assert_cmpstr (from->name, ==, "Renée Dupont");
  g_assert_cmpstr (from->address, ==, "renee@example.org");
  g_assert_cmpuint (parsed->to->len, ==, 2);
  g_assert_cmpstr (((InboxAddress *) parsed->to->pdata[1])->address, ==, "b@example.com");
  g_assert_cmpuint (parsed->cc->len, ==, 1);

  g_assert_cmpint (parsed->date, ==, 1699261200);
  g_assert_cmpstr (parsed->in_reply_to, ==, "parent@example.com");
  g_assert_cmpuint (parsed->references->len, ==, 2);
  g_assert_cmpstr (parsed->references->pdata[0], ==, "root@example.com");
  g_assert_cmpstr (parsed->references->pdata[1], ==, "parent@example.com");
  g_assert_cmpstr (parsed->list_id, ==, "Team <team.example.com>");
  g_assert_cmpstr (parsed->auto_submitted, ==, "auto-generated");

  g_assert_nonnull (strstr (parsed->text_plain, "Café at ten?"));
  g_assert_nonnull (strstr (parsed->text_html, "<script>"));
  g_assert_cmpstr (parsed->snippet, ==, "Café at ten?");

  g_assert_cmpuint (parsed->attachments->len, ==, 2);
  image = parsed->attachments->pdata[0];
  pdf = parsed->attachments->pdata[1];
  g_assert_true (image->is_inline);
  g_assert_cmpstr (image->content_id, ==, "logo@example.com");
  g_assert_cmpstr (pdf->filename, ==, "résumé.pdf");
  g_assert_cmpstr (pdf->content_type, ==, "application/pdf");
  g_assert_cmpuint (pdf->size, ==, 9);
  g_assert_false (pdf->is_inline);
  g_assert_null (parsed->parse_error);
}

/* An attachment's size is counted, not decoded, where that gives the same: checked against
 * Camel's own decoding of the same part, for well-formed and broken base64 alike. */
static void
test_attachment_size_as_camel_decodes (void)
{
  const struct { const char *type; const char *encoding; const char *body; } cases[] = {
    { "application/pdf", "base64", "SGVsbG8gd29ybGQ=" },
    { "application/pdf", "base64", "SGVsbG8gd29ybA==" },
    { "application/pdf", "base64", "SGVsbG8gd29y" },
    { "application/pdf", "base64", "SGVsbG8gd29yb" },                 /* a group left unfinished */
    { "application/pdf", "base64", "SGVs!!bG8g\t d29y bGQ=\r\nSGk=" },  /* junk, spaces, two paddings */
    { "application/pdf", "base64", "SG=VsbG8gd29ybGQ=" },             /* '=' in the middle */
    { "application/pdf", "base64", "====" },
    { "application/pdf", "base64", "" },
    { "image/png", "BASE64", "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk\r\n+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==" },
    { "text/csv", "base64", "YSxiDQpjLGQNCg==" },                 /* text: CRLF becomes LF, as Camel decodes */
    { "application/zip", "quoted-printable", "PK=03=04 and more=\r\n text" },
    { "application/octet-stream", "7bit", "plain\r\nlines\r\n" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = g_strdup_printf (
          "Message-ID: <size-%" G_GSIZE_FORMAT "@example.com>\r\nFrom: a@example.com\r\n"
          "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n"
          "--b\r\nContent-Type: text/plain\r\n\r\nSee attached.\r\n"
          "--b\r\nContent-Type: %s\r\nContent-Disposition: attachment; filename=\"f\"\r\n"
          "Content-Transfer-Encoding: %s\r\n\r\n%s\r\n--b--\r\n", i, cases[i].type, cases[i].encoding, cases[i].body);
      g_autoptr(InboxParsedMessage) parsed = parse (text);
      g_autoptr(CamelMimeMessage) message = camel_mime_message_new ();
      g_autoptr(CamelStream) stream = camel_stream_mem_new_with_buffer (text, strlen (text));
      CamelMultipart *multipart;
      InboxAttachmentInfo *attachment;
      gssize decoded;

      g_assert_true (camel_data_wrapper_construct_from_stream_sync (CAMEL_DATA_WRAPPER (message), stream, NULL, NULL));
      multipart = CAMEL_MULTIPART (camel_medium_get_content (CAMEL_MEDIUM (message)));
      g_assert_cmpuint (parsed->attachments->len, ==, 1);
      attachment = parsed->attachments->pdata[0];
      decoded = camel_data_wrapper_calculate_decoded_size_sync (
          camel_medium_get_content (CAMEL_MEDIUM (camel_multipart_get_part (multipart, 1))), NULL, NULL);
      g_test_message ("case %" G_GSIZE_FORMAT ": Camel decodes %" G_GSSIZE_FORMAT " bytes", i, decoded);
      /* Camel says -1 for nothing at all; the store keeps 0. */
      g_assert_cmpint ((gssize) attachment->size, ==, MAX (decoded, 0));
    }
}

static void
test_html_only (void)
{
  g_autoptr(InboxParsedMessage) parsed = parse (
      "Message-ID: <html@example.com>\r\nFrom: a@example.com\r\nDate: Mon, 6 Nov 2023 10:00:00 +0000\r\n"
      "Subject: News\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
      "<!DOCTYPE html><html><head><title>T</title><style>.x{}</style></head><body>"
      "<div>Hello&nbsp;<b>world</b> &amp; friends&#33;</div><!-- hidden --><p>Second&#x2019;s line</p>"
      "<SCRIPT>alert(1)</SCRIPT><table><tr><td>a</td><td>b</td></tr></table></body></html>");

  g_assert_null (parsed->text_plain);
  /* Block elements become paragraphs. */
  g_assert_cmpstr (parsed->body_text, ==, "Hello world & friends!\n\nSecond\xe2\x80\x99s line\n\na b");
  g_assert_cmpstr (parsed->snippet, ==, "Hello world & friends! Second\xe2\x80\x99s line a b");
}

static void
test_missing_headers_are_noted (void)
{
  g_autoptr(InboxParsedMessage) parsed = parse ("Subject: nothing else\r\n\r\nJust a body.\r\n");
  g_autoptr(InboxParsedMessage) again = parse ("Subject: nothing else\r\n\r\nJust a body.\r\n");
  g_autoptr(InboxParsedMessage) other = parse ("Subject: nothing else\r\n\r\nAnother body.\r\n");

  g_assert_true (parsed->synthetic_id);
  g_assert_true (g_str_has_suffix (parsed->message_id, "@inbox.invalid"));
  /* Known by its bytes: the same file is the same message, another file another. */
  g_assert_cmpstr (parsed->message_id, ==, again->message_id);
  g_assert_cmpstr (parsed->message_id, !=, other->message_id);
  g_assert_cmpint (parsed->date, ==, 1700000000);
  g_assert_nonnull (strstr (parsed->parse_error, "No Date header"));
  g_assert_nonnull (strstr (parsed->parse_error, "No readable From address"));
  g_assert_cmpstr (parsed->snippet, ==, "Just a body.");
}

static void
test_bad_charset_and_date (void)
{
  g_autoptr(InboxParsedMessage) parsed = parse (
      "Message-ID: <bad@example.com>\r\nFrom: a@example.com\r\nDate: yesterday-ish\r\n"
      "Subject: =?x-unknown?Q?abc?=\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
      "Caf\xe9 in Latin-1, labelled UTF-8\r\n");

  g_assert_true (g_utf8_validate (parsed->subject, -1, NULL));
  g_assert_true (g_utf8_validate (parsed->body_text, -1, NULL));
  g_assert_nonnull (strstr (parsed->body_text, "Caf\xc3\xa9"));
  g_assert_nonnull (strstr (parsed->parse_error, "Unreadable or impossible Date header"));
  g_assert_nonnull (strstr (parsed->parse_error, "Windows-1252"));
}

/* A text past the 1 MB that is indexed is cut; a cut inside a character keeps it UTF-8, not
 * Windows-1252 (as a text that is invalid throughout would be read). */
static void
test_long_text_cut_at_a_character (void)
{
  g_autoptr(GString) raw = g_string_new ("Message-ID: <long@example.com>\r\nFrom: a@example.com\r\n"
                                         "Content-Type: text/plain; charset=utf-8\r\n\r\n");
  g_autoptr(InboxParsedMessage) parsed = NULL;
  gsize header = raw->len;

  /* "é" is two bytes: from an odd offset, the 1 MB boundary falls between them. */
  g_string_append_c (raw, 'x');
  while (raw->len - header < 1024 * 1024 + 16)
    g_string_append (raw, "\xc3\xa9");
  parsed = parse (raw->str);

  g_assert_true (g_utf8_validate (parsed->body_text, -1, NULL));
  g_assert_true (g_str_has_prefix (parsed->body_text, "x\xc3\xa9\xc3\xa9"));
  g_assert_cmpuint (strlen (parsed->body_text), ==, 1024 * 1024 - 1);
  g_assert_true (parsed->parse_error == NULL || strstr (parsed->parse_error, "Windows-1252") == NULL);
}

static void
test_garbage_never_crashes (void)
{
  static const char *inputs[] = {
    "",
    "\r\n\r\n",
    "Content-Type: multipart/mixed; boundary=\"never\"\r\n\r\nno parts at all\r\n",
    "Content-Type: multipart/mixed\r\n\r\n--\r\n--\r\n",
    "Content-Type: text/plain; charset=\"\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!not base64!!!\r\n",
    "From: <<<@@@>>>\r\nTo: ,,,;;;\r\nReferences: <<<a>>\r\nIn-Reply-To: <>\r\n\r\n\x01\x02\x03\xff\xfe",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr(InboxParsedMessage) parsed = parse (inputs[i]);

      g_assert_nonnull (parsed->message_id);
      g_assert_true (g_utf8_validate (parsed->snippet, -1, NULL));
      g_assert_true (g_utf8_validate (parsed->body_text, -1, NULL));
    }
}

static void
test_subject_base (void)
{
  static const struct { const char *subject; const char *base; gboolean reply; } cases[] = {
    { "Hello", "hello", FALSE },
    { "Re: Hello", "hello", TRUE },
    { "RE: re: Fwd: Hello", "hello", TRUE },
    { "Fwd: Hello", "hello", FALSE },
    { "AW: Hallo", "hallo", TRUE },
    { "Re[2]: Hello", "hello", TRUE },
    { "[dev] Re: Build broken", "build broken", TRUE },
    { "Regarding: taxes", "regarding: taxes", FALSE },
    { "", "", FALSE },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gboolean reply = !cases[i].reply;
      g_autofree char *base = inbox_subject_get_base (cases[i].subject, &reply);

      g_assert_cmpstr (base, ==, cases[i].base);
      g_assert_cmpint (reply, ==, cases[i].reply);
    }
}

/* The snippet: the first words a person wrote, whatever the shape of the text. */
static void
test_snippet (void)
{
  g_autofree char *plain = inbox_text_make_snippet ("Hi Ada,\n\nthe  plan\tis ready.\n\nOn Mon, Bob wrote:\n> old\n-- \nZoë", 200);
  g_autofree char *quoted_first = inbox_text_make_snippet ("On Mon, Bob wrote:\n> old text\n\nMy answer.", 200);
  g_autoptr(GString) long_line = g_string_new (NULL);
  g_autofree char *cut = NULL;
  g_autofree char *empty = inbox_text_make_snippet (NULL, 200);
  g_autofree char *junk = NULL, *full = NULL, *full_word = NULL;

  g_assert_cmpstr (plain, ==, "Hi Ada, the plan is ready.");
  g_assert_cmpstr (quoted_first, ==, "My answer.");
  g_assert_cmpstr (empty, ==, "");
  /* Bytes that are not UTF-8 and control characters are dropped; no space ends a full snippet. */
  g_assert_cmpstr ((junk = inbox_text_make_snippet ("caf\xc3 \x01ok\r\n\r\n\t\xc2\xa0 next", 200)), ==, "caf ok next");
  g_assert_cmpstr ((full = inbox_text_make_snippet ("abc def ghi", 4)), ==, "abc");
  g_assert_cmpstr ((full_word = inbox_text_make_snippet ("abc def ghi", 5)), ==, "abc d");
  /* One huge line of multi-byte text (an HTML mail turned to text): cut at a character, valid. */
  for (int i = 0; i < 200000; i++)
    g_string_append (long_line, "é");
  cut = inbox_text_make_snippet (long_line->str, 200);
  g_assert_true (g_utf8_validate (cut, -1, NULL));
  g_assert_cmpint (g_utf8_strlen (cut, -1), ==, 200);
  g_assert_true (g_str_has_prefix (cut, "éé"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  /* Camel logs a warning for hostile input it copes with (an unknown charset): that is not a
   * failure here. Criticals still are. */
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);

  g_test_add_func ("/ingest/full-message", test_full_message);
  g_test_add_func ("/ingest/attachment-size-as-camel-decodes", test_attachment_size_as_camel_decodes);
  g_test_add_func ("/ingest/html-only", test_html_only);
  g_test_add_func ("/ingest/missing-headers-are-noted", test_missing_headers_are_noted);
  g_test_add_func ("/ingest/bad-charset-and-date", test_bad_charset_and_date);
  g_test_add_func ("/ingest/long-text-cut-at-a-character", test_long_text_cut_at_a_character);
  g_test_add_func ("/ingest/garbage-never-crashes", test_garbage_never_crashes);
  g_test_add_func ("/ingest/subject-base", test_subject_base);
  g_test_add_func ("/ingest/snippet", test_snippet);

  return g_test_run ();
}
