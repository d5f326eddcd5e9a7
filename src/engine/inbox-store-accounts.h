/* inbox-store-accounts.h: IMAP/SMTP accounts in the store (their passwords are in libsecret).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "inbox-account.h"
#include "inbox-identity.h"
#include "inbox-store.h"

G_BEGIN_DECLS

gboolean   inbox_store_save_account_sync   (InboxStore          *self,
                                            InboxAccountConfig  *config,
                                            gboolean            *updated,
                                            GError             **error);
gboolean   inbox_store_add_account_sync    (InboxStore          *self,
                                            InboxAccountConfig  *config,
                                            const char          *password,
                                            const char          *smtp_password,
                                            gboolean            *updated,
                                            GError             **error);
GPtrArray *inbox_store_list_accounts_sync  (InboxStore          *self,
                                            const char          *key,
                                            GError             **error);
gboolean   inbox_store_remove_account_sync (InboxStore          *self,
                                            const char          *uid,
                                            GError             **error);

gboolean   inbox_store_set_account_saves_sent_sync (InboxStore *self,
                                                    const char *uid,
                                                    gboolean    saves_sent,
                                                    GError    **error);
GPtrArray *inbox_store_list_identities_sync (InboxStore           *self,
                                             const char           *account_uid,
                                             GError              **error);
gboolean   inbox_store_save_identity_sync   (InboxStore           *self,
                                             const char           *account_uid,
                                             const InboxIdentity  *identity,
                                             GError              **error);
gboolean   inbox_store_remove_identity_sync (InboxStore           *self,
                                             const char           *account_uid,
                                             const char           *address,
                                             GError              **error);

G_END_DECLS
