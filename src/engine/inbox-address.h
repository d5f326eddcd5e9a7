/* inbox-address.h: what a person types into an address field, read as addresses.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One recipient of what a person typed into an address field. */
typedef struct {
  char *name;      /* the display name, or NULL */
  char *address;   /* "ada@x.org"; NULL when not valid */
  char *text;      /* "Ada <ada@x.org>" to put back in a list; as typed when not valid */
  gboolean valid;
} InboxRecipient;

gboolean    inbox_address_is_valid     (const char         *address);
void        inbox_recipient_free       (InboxRecipient     *recipient);
GPtrArray  *inbox_recipients_parse     (const char         *list);
/* Errors are INBOX_DRAFT_ERROR_INVALID_ADDRESS. */
gboolean    inbox_address_list_check   (const char         *list,
                                        guint              *count,
                                        GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (InboxRecipient, inbox_recipient_free)

G_END_DECLS
