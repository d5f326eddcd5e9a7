/* inbox-secrets.h: account passwords in libsecret, and nowhere else.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <libsecret/secret.h>

G_BEGIN_DECLS

#define INBOX_SECRETS_SCHEMA_NAME "com.example.Inbox.Account"

typedef enum {
  INBOX_SECRET_PROTOCOL_IMAP,
  INBOX_SECRET_PROTOCOL_SMTP,
} InboxSecretProtocol;

const SecretSchema *inbox_secrets_get_schema        (void);
const char         *inbox_secret_protocol_to_string (InboxSecretProtocol protocol);

gboolean            inbox_secrets_store_sync        (const char           *account_id,
                                                     InboxSecretProtocol   protocol,
                                                     const char           *label,
                                                     const char           *password,
                                                     GCancellable         *cancellable,
                                                     GError              **error);
char               *inbox_secrets_lookup_sync       (const char           *account_id,
                                                     InboxSecretProtocol   protocol,
                                                     GCancellable         *cancellable,
                                                     GError              **error);
gboolean            inbox_secrets_clear_sync        (const char           *account_id,
                                                     GCancellable         *cancellable,
                                                     GError              **error);
gboolean            inbox_secrets_forget_sync       (const char           *account_id,
                                                     InboxSecretProtocol   protocol,
                                                     GCancellable         *cancellable,
                                                     GError              **error);
void                inbox_secrets_free_password     (char                 *password);
void                inbox_secrets_prepare           (void);

/* A password string that is wiped when freed: g_autoptr (InboxSecretPassword) pw = inbox_secrets_lookup_sync (…). */
typedef char InboxSecretPassword;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (InboxSecretPassword, inbox_secrets_free_password)

G_END_DECLS
