/* inbox-sender.h: the app's outbox — queues what the composer sends and sends it when due, on a
 * thread of its own, while the app runs (windows open or not).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "inbox-engine.h"

G_BEGIN_DECLS

#define INBOX_TYPE_SENDER (inbox_sender_get_type ())

G_DECLARE_FINAL_TYPE (InboxSender, inbox_sender, INBOX, SENDER, GObject)

InboxSender *inbox_sender_new             (InboxSession         *session,
                                           InboxStore           *store);
void         inbox_sender_start           (InboxSender          *self);
void         inbox_sender_stop            (InboxSender          *self);
void         inbox_sender_wake            (InboxSender          *self,
                                           gboolean              skip_backoff);
guint        inbox_sender_get_waiting     (InboxSender          *self);
const char  *inbox_sender_get_password_refusal (InboxSender     *self,
                                                const char      *account_uid);

void         inbox_sender_queue_async     (InboxSender          *self,
                                           const char           *account_uid,
                                           const InboxDraft     *draft,
                                           gint64                send_at,
                                           gboolean              scheduled,
                                           gboolean              discard_if_reply,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
gint64       inbox_sender_queue_finish    (InboxSender          *self,
                                           GAsyncResult         *result,
                                           GError              **error);
void         inbox_sender_unqueue_async   (InboxSender          *self,
                                           gint64                id,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
InboxDraft  *inbox_sender_unqueue_finish  (InboxSender          *self,
                                           GAsyncResult         *result,
                                           GError              **error);
void         inbox_sender_save_draft_async  (InboxSender        *self,
                                             const char         *account_uid,
                                             const InboxDraft   *draft,
                                             const char         *replaces_message_id,
                                             GAsyncReadyCallback callback,
                                             gpointer            user_data);
char        *inbox_sender_save_draft_finish (InboxSender        *self,
                                             GAsyncResult       *result,
                                             GError            **error);
void         inbox_sender_fetch_message_async  (InboxSender        *self,
                                                const char         *message_id,
                                                GAsyncReadyCallback callback,
                                                gpointer            user_data);
GBytes      *inbox_sender_fetch_message_finish (InboxSender        *self,
                                                GAsyncResult       *result,
                                                GError            **error);
gboolean     inbox_sender_send_now        (InboxSender          *self,
                                           gint64                id,
                                           GError              **error);
gboolean     inbox_sender_retry           (InboxSender          *self,
                                           gint64                id,
                                           GError              **error);
GPtrArray   *inbox_sender_list            (InboxSender          *self,
                                           GError              **error);

G_END_DECLS
