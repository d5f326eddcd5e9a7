/* inbox-identity.c: who a message is from, and which identity a reply uses.
 *
 * The Reply-From rule, for one account's identities (its own address first, then its aliases):
 *  1. the identity the mail was sent to (To or Cc), if it is one of mine — even one marked "never
 *     choose automatically": the sender already knows that address;
 *  2. otherwise an identity on the same domain as an address the mail was sent to (a list or a
 *     forward to team@example.com answered as me@example.com), but never one marked "never
 *     choose automatically";
 *  3. otherwise the account's own address.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "inbox-identity.h"

InboxIdentity *
inbox_identity_new (const char *address,
                    const char *name,
                    const char *signature,
                    gboolean    never_auto)
{
  InboxIdentity *identity = g_new0 (InboxIdentity, 1);

  identity->address = g_strdup (address);
  identity->name = g_strdup (name);
  identity->signature = g_strdup (signature);
  identity->never_auto = never_auto;
  return identity;
}

InboxIdentity *
inbox_identity_copy (const InboxIdentity *identity)
{
  InboxIdentity *copy = inbox_identity_new (identity->address, identity->name, identity->signature, identity->never_auto);

  copy->account_uid = g_strdup (identity->account_uid);
  copy->reply_signature = g_strdup (identity->reply_signature);
  copy->signature_use = identity->signature_use;
  copy->is_alias = identity->is_alias;
  return copy;
}

void
inbox_identity_free (InboxIdentity *identity)
{
  if (identity == NULL)
    return;
  g_free (identity->address);
  g_free (identity->name);
  g_free (identity->signature);
  g_free (identity->account_uid);
  g_free (identity->reply_signature);
  g_free (identity);
}

/* The signature for a new message (reply FALSE) or a reply or forward, or NULL for none. */
const char *
inbox_identity_get_signature (const InboxIdentity *identity,
                              gboolean             reply)
{
  const char *signature = identity->signature;

  if (reply && identity->signature_use == INBOX_SIGNATURE_FIRST)
    return NULL;
  if (reply && identity->signature_use == INBOX_SIGNATURE_FIRST_THEN_REPLY)
    signature = identity->reply_signature;
  return signature != NULL && *signature != '\0' ? signature : NULL;
}

static const char * const use_names[] = { "all", "first", "first-then-reply" };

const char *
inbox_signature_use_to_string (InboxSignatureUse use)
{
  return use <= INBOX_SIGNATURE_FIRST_THEN_REPLY ? use_names[use] : "all";
}

gboolean
inbox_signature_use_from_string (const char        *text,
                                 InboxSignatureUse *use)
{
  for (guint i = 0; i < G_N_ELEMENTS (use_names); i++)
    if (g_strcmp0 (text, use_names[i]) == 0)
      {
        *use = i;
        return TRUE;
      }
  return FALSE;
}

/* The bare address in "Name <a@b>" or "a@b". */
static char *
bare_address (const char *recipient)
{
  const char *open = strrchr (recipient, '<');
  const char *close = open != NULL ? strchr (open, '>') : NULL;

  if (open != NULL && close != NULL)
    return g_strstrip (g_strndup (open + 1, close - open - 1));
  return g_strstrip (g_strdup (recipient));
}

static const char *
domain_of (const char *address)
{
  const char *at = address != NULL ? strrchr (address, '@') : NULL;

  return at != NULL ? at + 1 : NULL;
}

const InboxIdentity *
inbox_identity_choose_for_reply (GPtrArray          *identities,
                                 const char * const *original_recipients)
{
  g_return_val_if_fail (identities != NULL && identities->len > 0, NULL);

  for (gsize r = 0; original_recipients != NULL && original_recipients[r] != NULL; r++)
    {
      g_autofree char *address = bare_address (original_recipients[r]);

      for (guint i = 0; i < identities->len; i++)
        if (g_ascii_strcasecmp (((InboxIdentity *) identities->pdata[i])->address, address) == 0)
          return identities->pdata[i];
    }
  for (gsize r = 0; original_recipients != NULL && original_recipients[r] != NULL; r++)
    {
      g_autofree char *address = bare_address (original_recipients[r]);
      const char *domain = domain_of (address);

      for (guint i = 0; domain != NULL && i < identities->len; i++)
        {
          InboxIdentity *identity = identities->pdata[i];
          const char *own = domain_of (identity->address);

          if (!identity->never_auto && own != NULL && g_ascii_strcasecmp (own, domain) == 0)
            return identity;
        }
    }
  return identities->pdata[0];
}
