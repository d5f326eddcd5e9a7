/* inbox-draft.h: a message being written, and how it becomes MIME on the wire.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "inbox-address.h"
#include "inbox-message.h"

G_BEGIN_DECLS

#define INBOX_DRAFT_ERROR (inbox_draft_error_quark ())

typedef enum {
  INBOX_DRAFT_ERROR_NO_RECIPIENTS,
  INBOX_DRAFT_ERROR_INVALID_ADDRESS,
  INBOX_DRAFT_ERROR_ATTACHMENT,      /* a file that can't be read */
  INBOX_DRAFT_ERROR_MALFORMED,       /* bytes that are not a message */
} InboxDraftError;

GQuark inbox_draft_error_quark (void);

typedef enum {
  INBOX_REPLY,
  INBOX_REPLY_ALL,
  INBOX_FORWARD,
} InboxReplyKind;

typedef struct {
  char *from_name;
  char *from_address;
  char *to;            /* address lists as a person types them: "Ada <ada@x.org>, bob@y.net" */
  char *cc;
  char *bcc;
  char *subject;
  char *text;          /* the plain-text body */
  char *html;          /* an HTML alternative, or NULL for plain text only */
  GPtrArray *attachments;  /* char* file paths */
  char *in_reply_to;   /* a Message-ID without <>, or NULL */
  char *references;    /* "<a@x> <b@y>", or NULL */
  char *message_id;    /* without <>; build() makes one on the sender's domain when NULL */
  gint64 date;         /* unix time for the Date header; 0: now */
  char *server_copy_id; /* the Message-ID of its copy in the server's Drafts folder, or NULL */
} InboxDraft;

InboxDraft *inbox_draft_new            (void);
InboxDraft *inbox_draft_copy           (const InboxDraft   *draft);
void        inbox_draft_free           (InboxDraft         *draft);

GBytes     *inbox_draft_build          (InboxDraft         *draft,
                                        GError            **error);
GBytes     *inbox_draft_build_unfinished (InboxDraft       *draft,
                                          GError          **error);
char       *inbox_draft_save_forwarded (GBytes             *message,
                                        const char         *subject,
                                        const char         *dir,
                                        GError            **error);
void        inbox_draft_set_signature  (InboxDraft         *draft,
                                        const char         *old_signature,
                                        const char         *new_signature);
char       *inbox_draft_dup_recipients (const InboxDraft   *draft);
InboxDraft *inbox_draft_new_from_mime  (GBytes             *mime,
                                        const char         *attachment_dir,
                                        GError            **error);
gboolean    inbox_draft_save           (const InboxDraft   *draft,
                                        const char         *path,
                                        GError            **error);
InboxDraft *inbox_draft_load           (const char         *path,
                                        GError            **error);
char       *inbox_draft_get_local_dir  (void);
InboxDraft *inbox_draft_new_reply      (InboxReplyKind      kind,
                                        InboxMessage       *original,
                                        const char         *original_text,
                                        const char * const *my_addresses);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (InboxDraft, inbox_draft_free)

G_END_DECLS
