/* test-host-not-found.c: a server name that does not resolve gives the host-not-found error, for
 * IMAP and for SMTP, through Camel's real connection code.
 *
 * Tests talk only to 127.0.0.1, so no DNS query may leave the machine: GIO's default resolver is
 * replaced, in this process only, by one that answers every name lookup with "not found" (IP
 * literals such as 127.0.0.1 never reach a resolver). Everything past the lookup is real.
 *
 * Runs under: inbox-fixture --imap --smtp -- test-host-not-found --tap
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "inbox-account.h"
#include "inbox-session.h"

#define NOWHERE_TYPE_RESOLVER (nowhere_resolver_get_type ())
G_DECLARE_FINAL_TYPE (NowhereResolver, nowhere_resolver, NOWHERE, RESOLVER, GResolver)

struct _NowhereResolver
{
  GResolver parent_instance;
};

G_DEFINE_FINAL_TYPE (NowhereResolver, nowhere_resolver, G_TYPE_RESOLVER)

static GList *
lookup_by_name (GResolver     *resolver,
                const char    *hostname,
                GCancellable  *cancellable,
                GError       **error)
{
  g_set_error (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND, "Error resolving “%s”: Name or service not known",
               hostname);
  return NULL;
}

static GList *
lookup_by_name_with_flags (GResolver                 *resolver,
                           const char                *hostname,
                           GResolverNameLookupFlags   flags,
                           GCancellable              *cancellable,
                           GError                   **error)
{
  return lookup_by_name (resolver, hostname, cancellable, error);
}

static void
lookup_by_name_with_flags_async (GResolver                 *resolver,
                                 const char                *hostname,
                                 GResolverNameLookupFlags   flags,
                                 GCancellable              *cancellable,
                                 GAsyncReadyCallback        callback,
                                 gpointer                   user_data)
{
  g_autoptr(GTask) task = g_task_new (resolver, cancellable, callback, user_data);
  GError *error = NULL;

  lookup_by_name (resolver, hostname, cancellable, &error);
  g_task_return_error (task, error);
}

static void
lookup_by_name_async (GResolver           *resolver,
                      const char          *hostname,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  lookup_by_name_with_flags_async (resolver, hostname, G_RESOLVER_NAME_LOOKUP_FLAGS_DEFAULT, cancellable, callback,
                                   user_data);
}

static GList *
lookup_by_name_finish (GResolver     *resolver,
                       GAsyncResult  *result,
                       GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
nowhere_resolver_class_init (NowhereResolverClass *klass)
{
  GResolverClass *resolver_class = G_RESOLVER_CLASS (klass);

  resolver_class->lookup_by_name = lookup_by_name;
  resolver_class->lookup_by_name_async = lookup_by_name_async;
  resolver_class->lookup_by_name_finish = lookup_by_name_finish;
  resolver_class->lookup_by_name_with_flags = lookup_by_name_with_flags;
  resolver_class->lookup_by_name_with_flags_async = lookup_by_name_with_flags_async;
  resolver_class->lookup_by_name_with_flags_finish = lookup_by_name_finish;
}

static void
nowhere_resolver_init (NowhereResolver *self)
{
}

static InboxAccountConfig *
fixture_account (void)
{
  InboxAccountConfig *config = inbox_account_config_new (g_getenv ("INBOX_TEST_USER"));

  config->imap_host = g_strdup (g_getenv ("INBOX_TEST_IMAP_HOST"));
  config->imap_port = (guint) g_ascii_strtoull (g_getenv ("INBOX_TEST_IMAP_PORT"), NULL, 10);
  config->imap_security = INBOX_SECURITY_NONE;
  config->imap_user = g_strdup (g_getenv ("INBOX_TEST_USER"));
  config->smtp_host = g_strdup (g_getenv ("INBOX_TEST_IMAP_HOST"));
  config->smtp_port = (guint) g_ascii_strtoull (g_getenv ("INBOX_TEST_SMTP_PORT"), NULL, 10);
  config->smtp_security = INBOX_SECURITY_NONE;
  config->smtp_user = g_strdup (g_getenv ("INBOX_TEST_USER"));
  return config;
}

static void
assert_not_found (InboxAccountConfig *config,
                  const char         *expected)
{
  g_autoptr(InboxSession) session = inbox_session_new ();
  g_autoptr(GError) error = NULL;

  g_assert_false (inbox_account_verify_sync (session, config, g_getenv ("INBOX_TEST_PASSWORD"), NULL, NULL, &error));
  g_assert_error (error, INBOX_ACCOUNT_ERROR, INBOX_ACCOUNT_ERROR_HOST_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, expected);
}

static void
test_imap_host_not_found (void)
{
  g_autoptr(InboxAccountConfig) config = fixture_account ();

  g_free (config->imap_host);
  config->imap_host = g_strdup ("imap.nowhere.invalid");
  assert_not_found (config, "The IMAP server imap.nowhere.invalid was not found. Check its name.");
}

/* The IMAP side is the fixture's real Dovecot, so this reaches the SMTP side. */
static void
test_smtp_host_not_found (void)
{
  g_autoptr(InboxAccountConfig) config = fixture_account ();

  g_free (config->smtp_host);
  config->smtp_host = g_strdup ("smtp.nowhere.invalid");
  assert_not_found (config, "The SMTP server smtp.nowhere.invalid was not found. Check its name.");
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GResolver) nowhere = NULL;

  g_test_init (&argc, &argv, NULL);
  nowhere = g_object_new (NOWHERE_TYPE_RESOLVER, NULL);
  g_resolver_set_default (nowhere);
  g_test_add_func ("/account/imap-host-not-found", test_imap_host_not_found);
  g_test_add_func ("/account/smtp-host-not-found", test_smtp_host_not_found);
  return g_test_run ();
}
