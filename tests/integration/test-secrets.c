/* test-secrets.c: account passwords round-trip through a real gnome-keyring over D-Bus.
 *
 * Runs under: inbox-fixture --keyring
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "inbox-engine.h"

static void
test_store_lookup_clear (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(InboxSecretPassword) password = NULL;
  g_autoptr(InboxSecretPassword) after_clear = NULL;
  gboolean ok;

  ok = inbox_secrets_store_sync ("account-1", INBOX_SECRET_PROTOCOL_IMAP,
                                 "Inbox: test@example.com (IMAP)", "s3cret ünïcode", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (ok);

  password = inbox_secrets_lookup_sync ("account-1", INBOX_SECRET_PROTOCOL_IMAP, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (password, ==, "s3cret ünïcode");

  ok = inbox_secrets_clear_sync ("account-1", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (ok);

  after_clear = inbox_secrets_lookup_sync ("account-1", INBOX_SECRET_PROTOCOL_IMAP, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (after_clear);
}

static void
test_smtp_falls_back_to_imap (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(InboxSecretPassword) shared = NULL;
  g_autoptr(InboxSecretPassword) separate = NULL;
  g_autoptr(InboxSecretPassword) imap = NULL;

  /* One app-specific password serves both protocols... */
  g_assert_true (inbox_secrets_store_sync ("account-2", INBOX_SECRET_PROTOCOL_IMAP, "imap", "app-pass", NULL, &error));
  g_assert_no_error (error);
  shared = inbox_secrets_lookup_sync ("account-2", INBOX_SECRET_PROTOCOL_SMTP, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (shared, ==, "app-pass");

  /* ...unless a separate SMTP password is stored. */
  g_assert_true (inbox_secrets_store_sync ("account-2", INBOX_SECRET_PROTOCOL_SMTP, "smtp", "smtp-pass", NULL, &error));
  g_assert_no_error (error);
  separate = inbox_secrets_lookup_sync ("account-2", INBOX_SECRET_PROTOCOL_SMTP, NULL, &error);
  g_assert_cmpstr (separate, ==, "smtp-pass");
  imap = inbox_secrets_lookup_sync ("account-2", INBOX_SECRET_PROTOCOL_IMAP, NULL, &error);
  g_assert_cmpstr (imap, ==, "app-pass");

  /* Clearing the account removes both. */
  g_assert_true (inbox_secrets_clear_sync ("account-2", NULL, &error));
  g_assert_no_error (error);
  g_assert_null (inbox_secrets_lookup_sync ("account-2", INBOX_SECRET_PROTOCOL_SMTP, NULL, &error));
  g_assert_no_error (error);
}

static void
test_accounts_are_separate (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(InboxSecretPassword) other = NULL;

  g_assert_true (inbox_secrets_store_sync ("account-3", INBOX_SECRET_PROTOCOL_IMAP, "three", "pw-three", NULL, &error));
  g_assert_no_error (error);

  other = inbox_secrets_lookup_sync ("account-4", INBOX_SECRET_PROTOCOL_IMAP, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (other);

  /* Clearing an account that has no secret is not an error. */
  g_assert_true (inbox_secrets_clear_sync ("account-4", NULL, &error));
  g_assert_no_error (error);
  g_assert_true (inbox_secrets_clear_sync ("account-3", NULL, &error));
  g_assert_no_error (error);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    {
      g_printerr ("test-secrets needs a D-Bus session with a keyring: run it under inbox-fixture --keyring\n");
      return 1;
    }

  g_test_add_func ("/secrets/store-lookup-clear", test_store_lookup_clear);
  g_test_add_func ("/secrets/smtp-falls-back-to-imap", test_smtp_falls_back_to_imap);
  g_test_add_func ("/secrets/accounts-are-separate", test_accounts_are_separate);

  return g_test_run ();
}
