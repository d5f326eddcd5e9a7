/* inbox-identity.h: who a message is from — an account's address or one of its aliases — and
 * which one a reply uses.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  char *address;
  char *name;
  char *signature;         /* plain text, or NULL */
  gboolean never_auto;     /* "never choose automatically" */
} InboxIdentity;

InboxIdentity       *inbox_identity_new              (const char          *address,
                                                      const char          *name,
                                                      const char          *signature,
                                                      gboolean             never_auto);
void                 inbox_identity_free             (InboxIdentity       *identity);
const InboxIdentity *inbox_identity_choose_for_reply (GPtrArray           *identities,
                                                      const char * const  *original_recipients);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (InboxIdentity, inbox_identity_free)

G_END_DECLS
