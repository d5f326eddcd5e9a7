/* inbox-account-row.h: an account in Preferences: its address, server and sync status, with
 * Edit Settings, Reconnect and Remove (the window's prefs.* actions, for this account).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "inbox-mail-service.h"

G_BEGIN_DECLS

#define INBOX_TYPE_ACCOUNT_ROW (inbox_account_row_get_type ())

G_DECLARE_FINAL_TYPE (InboxAccountRow, inbox_account_row, INBOX, ACCOUNT_ROW, AdwActionRow)

GtkWidget *inbox_account_row_new (const InboxAccountConfig *config,
                                  const char               *status);

G_END_DECLS
