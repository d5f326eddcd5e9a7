/* inbox-autoconfig.h: finding an address's IMAP and SMTP settings.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "inbox-account.h"

G_BEGIN_DECLS

InboxAccountConfig *inbox_autoconfig_parse       (const char    *email,
                                                  const char    *xml,
                                                  gssize         length,
                                                  GError       **error);
InboxAccountConfig *inbox_autoconfig_lookup_sync (const char    *email,
                                                  char         **source,
                                                  GCancellable  *cancellable,
                                                  GError       **error);

G_END_DECLS
