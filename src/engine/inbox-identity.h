/* inbox-identity.h: who a message is from — an account's address or one of its aliases — and
 * which one a reply uses.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  INBOX_SIGNATURE_ALL,               /* in every message */
  INBOX_SIGNATURE_FIRST,             /* in new messages only, not in replies and forwards */
  INBOX_SIGNATURE_FIRST_THEN_REPLY,  /* new messages get signature, replies reply_signature */
} InboxSignatureUse;

typedef struct {
  char *address;
  char *name;
  char *signature;         /* plain text, or NULL */
  gboolean never_auto;     /* "never choose automatically" */
  char *account_uid;       /* the account it sends through (set when read from the store) */
  char *reply_signature;   /* for INBOX_SIGNATURE_FIRST_THEN_REPLY */
  InboxSignatureUse signature_use;
  gboolean is_alias;       /* FALSE: the account's own address */
} InboxIdentity;

InboxIdentity       *inbox_identity_new              (const char          *address,
                                                      const char          *name,
                                                      const char          *signature,
                                                      gboolean             never_auto);
InboxIdentity       *inbox_identity_copy             (const InboxIdentity *identity);
void                 inbox_identity_free             (InboxIdentity       *identity);
const char          *inbox_identity_get_signature    (const InboxIdentity *identity,
                                                      gboolean             reply);
const char          *inbox_signature_use_to_string   (InboxSignatureUse    use);
gboolean             inbox_signature_use_from_string (const char          *text,
                                                      InboxSignatureUse   *use);
const InboxIdentity *inbox_identity_choose_for_reply (GPtrArray           *identities,
                                                      const char * const  *original_recipients);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (InboxIdentity, inbox_identity_free)

G_END_DECLS
