/* test-account.c: provider presets and account settings checks (no network: verification itself is
 * tested against the fixture's Dovecot in tests/integration/test_accounts.py).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "inbox-engine.h"

static void
test_icloud_addresses_share_a_preset (void)
{
  static const char *addresses[] = { "ada@icloud.com", "ada@me.com", "ada@MAC.com" };

  for (gsize i = 0; i < G_N_ELEMENTS (addresses); i++)
    {
      g_autoptr(InboxAccountConfig) config = inbox_account_config_new (addresses[i]);
      const InboxAccountPreset *preset = inbox_account_preset_for_email (addresses[i]);

      g_assert_nonnull (preset);
      g_assert_cmpstr (preset->id, ==, "icloud");
      g_assert_true (preset->needs_app_password);
      g_assert_true (inbox_account_config_apply_preset (config, preset));
      g_assert_cmpstr (config->imap_host, ==, "imap.mail.me.com");
      g_assert_cmpuint (config->imap_port, ==, 993);
      g_assert_cmpint (config->imap_security, ==, INBOX_SECURITY_TLS);
      g_assert_cmpstr (config->smtp_host, ==, "smtp.mail.me.com");
      g_assert_cmpuint (config->smtp_port, ==, 587);
      g_assert_cmpint (config->smtp_security, ==, INBOX_SECURITY_STARTTLS);
      g_assert_cmpstr (config->imap_user, ==, addresses[i]);  /* the full address */
      g_assert_cmpstr (config->smtp_user, ==, addresses[i]);
      /* iCloud takes messages up to 20 MB, not the 25 MB assumed elsewhere. */
      g_assert_cmpuint (inbox_account_config_get_size_limit (config), ==, 20 * 1000 * 1000);
      g_assert_true (inbox_account_config_validate (config, NULL));
    }
}

static void
test_other_presets (void)
{
  static const struct { const char *email; const char *id; const char *imap; } cases[] = {
    { "a@fastmail.com", "fastmail", "imap.fastmail.com" },
    { "a@yahoo.com", "yahoo", "imap.mail.yahoo.com" },
    { "a@aol.com", "aol", "imap.aol.com" },
    { "a@zohomail.com", "zoho", "imap.zoho.com" },
    { "a@gmx.net", "gmx", "imap.gmx.com" },
    { "a@mailbox.org", "mailbox.org", "imap.mailbox.org" },
    { "a@hotmail.com", "outlook", "outlook.office365.com" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const InboxAccountPreset *preset = inbox_account_preset_for_email (cases[i].email);
      g_assert_nonnull (preset);
      g_assert_cmpstr (preset->id, ==, cases[i].id);
      g_assert_cmpstr (preset->imap_host, ==, cases[i].imap);
      g_assert_true (inbox_account_preset_lookup (cases[i].id) == preset);
    }
  g_assert_null (inbox_account_preset_for_email ("a@example.com"));
  g_assert_null (inbox_account_preset_for_email ("no-at-sign"));

  /* Where the limit is not known, 25 MB; one given by the person stays over a preset's. */
  {
    g_autoptr(InboxAccountConfig) config = inbox_account_config_new ("a@example.com");

    g_assert_cmpuint (inbox_account_config_get_size_limit (config), ==, 25 * 1000 * 1000);
    g_assert_cmpuint (inbox_account_config_get_size_limit (NULL), ==, 25 * 1000 * 1000);
    config->size_limit_mb = 5;
    g_assert_true (inbox_account_config_apply_preset (config, inbox_account_preset_lookup ("icloud")));
    g_assert_cmpuint (inbox_account_config_get_size_limit (config), ==, 5 * 1000 * 1000);
  }
}

static void
test_validation (void)
{
  g_autoptr(InboxAccountConfig) config = inbox_account_config_new ("me@example.com");
  g_autoptr(GError) error = NULL;
  InboxSecurity security;

  g_assert_false (inbox_account_config_validate (config, &error));
  g_assert_error (error, INBOX_ACCOUNT_ERROR, INBOX_ACCOUNT_ERROR_INVALID);
  g_clear_error (&error);

  config->imap_host = g_strdup ("imap.example.com");
  config->smtp_host = g_strdup ("smtp.example.com");
  g_assert_true (inbox_account_config_validate (config, &error));
  g_free (config->history);
  config->history = g_strdup ("3 weeks");
  g_assert_false (inbox_account_config_validate (config, &error));
  g_clear_error (&error);

  g_assert_true (inbox_security_from_string ("starttls", &security));
  g_assert_cmpint (security, ==, INBOX_SECURITY_STARTTLS);
  g_assert_cmpstr (inbox_security_to_string (security), ==, "starttls");
  g_assert_false (inbox_security_from_string ("ssl", &security));
  g_assert_true (inbox_history_is_valid ("10y"));
  g_assert_false (inbox_history_is_valid ("2m"));
}

static void
test_autoconfig_parse (void)
{
  static const char xml[] =
    "<?xml version=\"1.0\"?>\n"
    "<clientConfig version=\"1.1\"><emailProvider id=\"example.org\"><domain>example.org</domain>"
    "<incomingServer type=\"pop3\"><hostname>pop.example.org</hostname><port>995</port><socketType>SSL</socketType></incomingServer>"
    "<incomingServer type=\"imap\"><hostname> imap.example.org </hostname><port>143</port>"
    "  <socketType>STARTTLS</socketType><username>%EMAILLOCALPART%</username></incomingServer>"
    "<incomingServer type=\"imap\"><hostname>second.example.org</hostname><port>993</port><socketType>SSL</socketType></incomingServer>"
    "<outgoingServer type=\"smtp\"><hostname>smtp.example.org</hostname><port>465</port><socketType>SSL</socketType>"
    "  <username>%EMAILADDRESS%</username></outgoingServer>"
    "</emailProvider></clientConfig>";
  g_autoptr(GError) error = NULL;
  g_autoptr(InboxAccountConfig) config = inbox_autoconfig_parse ("ada@example.org", xml, -1, &error);
  g_autoptr(InboxAccountConfig) broken = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (config->imap_host, ==, "imap.example.org");  /* the first IMAP server, trimmed */
  g_assert_cmpuint (config->imap_port, ==, 143);
  g_assert_cmpint (config->imap_security, ==, INBOX_SECURITY_STARTTLS);
  g_assert_cmpstr (config->imap_user, ==, "ada");
  g_assert_cmpstr (config->smtp_host, ==, "smtp.example.org");
  g_assert_cmpuint (config->smtp_port, ==, 465);
  g_assert_cmpint (config->smtp_security, ==, INBOX_SECURITY_TLS);
  g_assert_cmpstr (config->smtp_user, ==, "ada@example.org");

  broken = inbox_autoconfig_parse ("ada@example.org", "<clientConfig><emailProvider>", -1, &error);
  g_assert_null (broken);
  g_assert_nonnull (error);
  g_clear_error (&error);
  broken = inbox_autoconfig_parse ("ada@example.org",
                                   "<clientConfig><incomingServer type=\"imap\"><hostname>i</hostname><port>1</port>"
                                   "</incomingServer></clientConfig>", -1, &error);
  g_assert_null (broken);
  g_assert_error (error, INBOX_ACCOUNT_ERROR, INBOX_ACCOUNT_ERROR_INVALID);
}

static void
test_certificate_fingerprint (void)
{
  const char *fingerprint = "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89";
  g_autoptr(GError) certificate = g_error_new (INBOX_ACCOUNT_ERROR, INBOX_ACCOUNT_ERROR_CERTIFICATE,
                                               "The IMAP server h presented a certificate that is not trusted. "
                                               "Its SHA-256 fingerprint is %s. Accept it only if…", fingerprint);
  g_autoptr(GError) other = g_error_new (INBOX_ACCOUNT_ERROR, INBOX_ACCOUNT_ERROR_AUTHENTICATION, "fingerprint is %s", fingerprint);
  g_autofree char *found = inbox_account_error_dup_fingerprint (certificate);

  g_assert_cmpstr (found, ==, fingerprint);
  g_assert_null (inbox_account_error_dup_fingerprint (other));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/account/icloud-addresses-share-a-preset", test_icloud_addresses_share_a_preset);
  g_test_add_func ("/account/other-presets", test_other_presets);
  g_test_add_func ("/account/validation", test_validation);
  g_test_add_func ("/account/autoconfig-parse", test_autoconfig_parse);
  g_test_add_func ("/account/certificate-fingerprint", test_certificate_fingerprint);

  return g_test_run ();
}
