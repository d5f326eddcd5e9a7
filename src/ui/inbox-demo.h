/* inbox-demo.h: the demo mailbox's local servers, run for as long as the app runs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "inbox-engine.h"

G_BEGIN_DECLS

#define INBOX_TYPE_DEMO (inbox_demo_get_type ())

G_DECLARE_FINAL_TYPE (InboxDemo, inbox_demo, INBOX, DEMO, GObject)

/* The description that marks the demo's account. */
#define INBOX_DEMO_DESCRIPTION "Inbox demo mailbox"

InboxDemo          *inbox_demo_new           (void);
void                inbox_demo_start_async   (InboxDemo            *self,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
/* The account to add for it (its password in *password), once the servers listen. */
InboxAccountConfig *inbox_demo_start_finish  (InboxDemo            *self,
                                              GAsyncResult         *result,
                                              char                **password,
                                              GError              **error);
void                inbox_demo_stop          (InboxDemo            *self);

G_END_DECLS
