/* inbox-ingest.h: a mail message (CamelMimeMessage or raw RFC 5322 bytes) as the store's records.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <camel/camel.h>

#include "inbox-message-content.h"

G_BEGIN_DECLS

typedef struct {
  char *name;     /* decoded, may be "" */
  char *address;  /* may be "" for a group or an unparsable address */
} InboxAddress;

typedef struct {
  char *message_id;          /* without <>; synthetic when the message had none */
  gboolean synthetic_id;
  char *subject;
  char *base_subject;        /* lower case, without Re:/Fwd: prefixes: for threading */
  gboolean reply_subject;    /* the subject had a reply prefix */
  GPtrArray *from;           /* InboxAddress* */
  GPtrArray *to;
  GPtrArray *cc;
  GPtrArray *bcc;
  GPtrArray *reply_to;
  gint64 date;               /* unix time */
  char *in_reply_to;
  GPtrArray *references;     /* char*, oldest first, without <> */
  char *text_plain;
  char *text_html;
  char *body_text;           /* for the index: the plain part, else the HTML as text */
  char *snippet;
  GPtrArray *attachments;    /* InboxAttachmentInfo* */
  char *list_id;
  char *list_unsubscribe;
  char *auto_submitted;
  char *precedence;
  gsize size;
  char *parse_error;         /* NULL when all went well */
} InboxParsedMessage;

InboxParsedMessage *inbox_parsed_message_new_from_camel (CamelMimeMessage   *message,
                                                         gsize               raw_size,
                                                         const char         *construct_error,
                                                         gint64              fallback_date);
InboxParsedMessage *inbox_parsed_message_new_from_bytes (GBytes             *raw,
                                                         gint64              fallback_date);
void                inbox_parsed_message_free           (InboxParsedMessage *parsed);

char               *inbox_subject_get_base              (const char         *subject,
                                                         gboolean           *had_reply_prefix);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (InboxParsedMessage, inbox_parsed_message_free)

G_END_DECLS
