/* inbox-notifier.h: desktop notifications for new mail in the Inbox.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "inbox-engine.h"

G_BEGIN_DECLS

#define INBOX_TYPE_NOTIFIER (inbox_notifier_get_type ())

G_DECLARE_FINAL_TYPE (InboxNotifier, inbox_notifier, INBOX, NOTIFIER, GObject)

InboxNotifier *inbox_notifier_new (GApplication *application,
                                   InboxStore   *store);

G_END_DECLS
