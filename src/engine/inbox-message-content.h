/* inbox-message-content.h: what the reader needs to show one message: its text, its HTML and
 * its attachments' metadata, and whether its sender may load remote content.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "inbox-store.h"

G_BEGIN_DECLS

typedef struct {
  char *filename;
  char *content_type;
  gsize size;          /* decoded bytes */
  char *content_id;    /* for cid: references, or NULL */
  gboolean is_inline;
} InboxAttachmentInfo;

typedef struct {
  char *text;              /* the plain text (from text/plain, or from the HTML); NULL until the body is local */
  char *html;              /* the text/html part as received, or NULL */
  GPtrArray *attachments;  /* InboxAttachmentInfo* */
  gboolean remote_allowed; /* the sender or its domain is on the "always load" list */
} InboxMessageContent;

void                 inbox_message_content_free            (InboxMessageContent *content);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (InboxMessageContent, inbox_message_content_free)

InboxMessageContent *inbox_store_get_message_content_sync  (InboxStore  *self,
                                                            gint64       conversation_id,
                                                            const char  *message_id,
                                                            GError     **error);

/* "Always load remote content" from a sender (kind "sender", an address) or a domain (kind "domain"). */
gboolean             inbox_store_allow_remote_content_sync (InboxStore  *self,
                                                            const char  *kind,
                                                            const char  *value,
                                                            GError     **error);

GStrv                inbox_store_list_remote_content_allowed_sync (InboxStore  *self,
                                                                   GError     **error);
gboolean             inbox_store_forget_remote_content_sync       (InboxStore  *self,
                                                                   const char  *kind,
                                                                   const char  *value,
                                                                   GError     **error);

GBytes              *inbox_message_extract_attachment      (GBytes                     *mime,
                                                            const InboxAttachmentInfo  *info,
                                                            GError                    **error);

GBytes              *inbox_message_extract_inline          (GBytes                     *mime,
                                                            const char                 *content_id,
                                                            char                      **content_type,
                                                            GError                    **error);

G_END_DECLS
