/* inbox-camel-flags.h: Inbox's message flags and Camel's, one pair per flag, both ways. Engine-internal.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <camel/camel.h>

#include "inbox-store.h"

static const struct { guint inbox; guint32 camel; } inbox_flag_pairs[] = {
  { INBOX_MESSAGE_SEEN,     CAMEL_MESSAGE_SEEN },
  { INBOX_MESSAGE_ANSWERED, CAMEL_MESSAGE_ANSWERED },
  { INBOX_MESSAGE_FLAGGED,  CAMEL_MESSAGE_FLAGGED },
  { INBOX_MESSAGE_DELETED,  CAMEL_MESSAGE_DELETED },
  { INBOX_MESSAGE_DRAFT,    CAMEL_MESSAGE_DRAFT },
};

static inline guint
flags_from_camel (guint32 camel_flags)
{
  guint flags = 0;

  for (gsize i = 0; i < G_N_ELEMENTS (inbox_flag_pairs); i++)
    if (camel_flags & inbox_flag_pairs[i].camel)
      flags |= inbox_flag_pairs[i].inbox;
  return flags;
}

static inline guint32
camel_flags_from (guint flags)
{
  guint32 camel = 0;

  for (gsize i = 0; i < G_N_ELEMENTS (inbox_flag_pairs); i++)
    if (flags & inbox_flag_pairs[i].inbox)
      camel |= inbox_flag_pairs[i].camel;
  return camel;
}
