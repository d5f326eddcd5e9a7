/* inbox-secrets.c: account passwords in libsecret, and nowhere else.
 *
 * Each secret carries the attributes account-id and protocol (imap or smtp). Most providers
 * (iCloud among them) use one app-specific password for both, so an SMTP lookup falls back
 * to the IMAP secret when no separate SMTP password was stored.
 *
 * These calls block on D-Bus: the engine runs them on worker threads, never on the main loop.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "inbox-secrets.h"

const SecretSchema *
inbox_secrets_get_schema (void)
{
  static const SecretSchema schema = {
    INBOX_SECRETS_SCHEMA_NAME,
    SECRET_SCHEMA_NONE,
    {
      { "account-id", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "protocol", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
  };

  return &schema;
}

const char *
inbox_secret_protocol_to_string (InboxSecretProtocol protocol)
{
  switch (protocol)
    {
    case INBOX_SECRET_PROTOCOL_IMAP:
      return "imap";
    case INBOX_SECRET_PROTOCOL_SMTP:
      return "smtp";
    default:
      g_return_val_if_reached ("imap");
    }
}

gboolean
inbox_secrets_store_sync (const char           *account_id,
                          InboxSecretProtocol   protocol,
                          const char           *label,
                          const char           *password,
                          GCancellable         *cancellable,
                          GError              **error)
{
  g_return_val_if_fail (account_id != NULL && *account_id != '\0', FALSE);
  g_return_val_if_fail (label != NULL, FALSE);
  g_return_val_if_fail (password != NULL, FALSE);

  return secret_password_store_sync (inbox_secrets_get_schema (),
                                     SECRET_COLLECTION_DEFAULT,
                                     label,
                                     password,
                                     cancellable,
                                     error,
                                     "account-id", account_id,
                                     "protocol", inbox_secret_protocol_to_string (protocol),
                                     NULL);
}

static char *
lookup_one (const char           *account_id,
            InboxSecretProtocol   protocol,
            GCancellable         *cancellable,
            GError              **error)
{
  return secret_password_lookup_nonpageable_sync (inbox_secrets_get_schema (),
                                                  cancellable,
                                                  error,
                                                  "account-id", account_id,
                                                  "protocol", inbox_secret_protocol_to_string (protocol),
                                                  NULL);
}

/* Returns NULL with no error set when the keyring holds no password for the account. */
char *
inbox_secrets_lookup_sync (const char           *account_id,
                           InboxSecretProtocol   protocol,
                           GCancellable         *cancellable,
                           GError              **error)
{
  GError *local_error = NULL;
  char *password;

  g_return_val_if_fail (account_id != NULL && *account_id != '\0', NULL);

  password = lookup_one (account_id, protocol, cancellable, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }

  if (password == NULL && protocol == INBOX_SECRET_PROTOCOL_SMTP)
    password = lookup_one (account_id, INBOX_SECRET_PROTOCOL_IMAP, cancellable, error);

  return password;
}

/* Removes every secret of the account (IMAP and SMTP). Succeeds when there was none. */
gboolean
inbox_secrets_clear_sync (const char    *account_id,
                          GCancellable  *cancellable,
                          GError       **error)
{
  GError *local_error = NULL;

  g_return_val_if_fail (account_id != NULL && *account_id != '\0', FALSE);

  secret_password_clear_sync (inbox_secrets_get_schema (),
                              cancellable,
                              &local_error,
                              "account-id", account_id,
                              NULL);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }

  return TRUE;
}

/* Removes one of the account's secrets (a separate SMTP password, say). Succeeds when there was none. */
gboolean
inbox_secrets_forget_sync (const char           *account_id,
                           InboxSecretProtocol   protocol,
                           GCancellable         *cancellable,
                           GError              **error)
{
  GError *local_error = NULL;

  g_return_val_if_fail (account_id != NULL && *account_id != '\0', FALSE);

  secret_password_clear_sync (inbox_secrets_get_schema (), cancellable, &local_error,
                              "account-id", account_id,
                              "protocol", inbox_secret_protocol_to_string (protocol),
                              NULL);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}

/* Registers and initializes the D-Bus types libsecret uses, on the calling thread (see
 * inbox_session_new: GLib 2.74 can deadlock when threads do it concurrently). No I/O. */
void
inbox_secrets_prepare (void)
{
  g_type_ensure (G_TYPE_DBUS_CONNECTION);
  g_type_class_unref (g_type_class_ref (G_TYPE_DBUS_PROXY));
  g_type_class_unref (g_type_class_ref (SECRET_TYPE_SERVICE));
}

void
inbox_secrets_free_password (char *password)
{
  secret_password_free (password);
}
