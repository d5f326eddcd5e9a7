/* inbox-account-setup.h: the assistant that adds an IMAP/SMTP account.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "inbox-mail-service.h"

G_BEGIN_DECLS

#define INBOX_TYPE_ACCOUNT_SETUP (inbox_account_setup_get_type ())

G_DECLARE_FINAL_TYPE (InboxAccountSetup, inbox_account_setup, INBOX, ACCOUNT_SETUP, AdwWindow)

InboxAccountSetup *inbox_account_setup_new (GtkWindow        *parent,
                                            InboxMailService *service);

InboxAccountSetup *inbox_account_setup_new_for_edit (GtkWindow                 *parent,
                                                    InboxMailService          *service,
                                                    const InboxAccountConfig  *config);

void               inbox_account_setup_present_for_account (GtkWindow        *parent,
                                                           InboxMailService *service,
                                                           const char       *account_uid,
                                                           gboolean          new_password);

G_END_DECLS
