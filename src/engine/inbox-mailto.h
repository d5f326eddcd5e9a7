/* inbox-mailto.h: RFC 6068 mailto: URIs, read into what a composer needs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  char *to;           /* address lists, comma-separated; "" when none */
  char *cc;
  char *bcc;
  char *subject;      /* NULL when none */
  char *body;
  char *in_reply_to;  /* a Message-ID without <>, or NULL */
  GPtrArray *notes;   /* char*: what was refused or could not be read, for the person to see */
} InboxMailto;

InboxMailto *inbox_mailto_parse (const char  *uri);
void         inbox_mailto_free  (InboxMailto *mailto);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (InboxMailto, inbox_mailto_free)

G_END_DECLS
