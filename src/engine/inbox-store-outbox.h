/* inbox-store-outbox.h: the outbox table — mail on its way out, durable in every state.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "inbox-store.h"

G_BEGIN_DECLS

typedef enum {
  INBOX_OUTBOX_QUEUED,
  INBOX_OUTBOX_SENDING,
  INBOX_OUTBOX_SENT_SMTP,
  INBOX_OUTBOX_SAVED_TO_SENT,
  INBOX_OUTBOX_DONE,
  INBOX_OUTBOX_FAILED,
} InboxOutboxState;

typedef struct {
  gint64 id;
  char *account_uid;
  char *message_id;      /* without <> */
  InboxOutboxState state;
  gint64 send_at;        /* unix time */
  gboolean scheduled;    /* Send later */
  gint64 next_attempt;
  guint attempts;
  gint64 owner_pid;      /* the process working on it (0: none) */
  char *error;
  char *subject;
  char *recipients;
} InboxOutboxItem;

const char *inbox_outbox_state_to_string       (InboxOutboxState  state);
void        inbox_outbox_item_free             (InboxOutboxItem  *item);

gboolean    inbox_store_locate_message_sync    (InboxStore   *self,
                                                const char   *message_id,
                                                char        **account_uid,
                                                char        **folder_path,
                                                gint64       *uid,
                                                GError      **error);
/* Send later's "Discard if someone replies before then", for a reply to in_reply_to. */
gboolean    inbox_store_set_discard_if_reply_sync (InboxStore  *self,
                                                   gint64       id,
                                                   const char  *in_reply_to,
                                                   GError     **error);
gboolean    inbox_store_has_reply_since_sync   (InboxStore   *self,
                                                gint64        id,
                                                GError      **error);
gint64      inbox_store_queue_outgoing_sync    (InboxStore   *self,
                                                const char   *account_uid,
                                                GBytes       *mime,
                                                const char   *message_id,
                                                const char   *subject,
                                                const char   *recipients,
                                                gint64        send_at,
                                                gboolean      scheduled,
                                                GError      **error);
GBytes     *inbox_store_unqueue_outgoing_sync  (InboxStore   *self,
                                                gint64        id,
                                                GError      **error);
gboolean    inbox_store_retry_outgoing_sync    (InboxStore   *self,
                                                gint64        id,
                                                GError      **error);
gboolean    inbox_store_send_now_sync          (InboxStore   *self,
                                                gint64        id,
                                                GError      **error);
gboolean    inbox_store_outbox_skip_backoff_sync (InboxStore *self,
                                                GError      **error);
GPtrArray  *inbox_store_list_outbox_sync       (InboxStore   *self,
                                                gboolean      include_done,
                                                GError      **error);
gint64      inbox_store_outbox_next_due_sync   (InboxStore   *self,
                                                GError      **error);

/* For the sender (InboxOutbox): claiming a due row, moving it on, and its bytes. */
InboxOutboxItem *inbox_store_claim_outgoing_sync (InboxStore       *self,
                                                  gint64            now,
                                                  GError          **error);
gboolean    inbox_store_set_outgoing_state_sync (InboxStore       *self,
                                                 gint64            id,
                                                 InboxOutboxState  state,
                                                 const char       *error_text,
                                                 gint64            next_attempt,
                                                 GError          **error);
gboolean    inbox_store_adopt_outgoing_sync    (InboxStore        *self,
                                                gint64             id,
                                                gint64             from_pid,
                                                GError           **error);
GBytes     *inbox_store_get_outgoing_mime_sync (InboxStore        *self,
                                                gint64             id,
                                                GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (InboxOutboxItem, inbox_outbox_item_free)

G_END_DECLS
