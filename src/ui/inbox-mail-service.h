/* inbox-mail-service.h: the app's one store, Camel session and account watchers, and the actions
 * the window applies to conversations, all off the main loop.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "inbox-engine.h"
#include "inbox-sender.h"

G_BEGIN_DECLS

#define INBOX_TYPE_MAIL_SERVICE (inbox_mail_service_get_type ())

G_DECLARE_FINAL_TYPE (InboxMailService, inbox_mail_service, INBOX, MAIL_SERVICE, GObject)

typedef enum {
  INBOX_MAIL_ACTION_ARCHIVE,
  INBOX_MAIL_ACTION_TRASH,
  INBOX_MAIL_ACTION_SPAM,
  INBOX_MAIL_ACTION_TO_INBOX,     /* "not spam" */
  INBOX_MAIL_ACTION_UNDO_ARCHIVE, /* back from the Archive, Trash or Spam to the Inbox */
  INBOX_MAIL_ACTION_UNDO_TRASH,
  INBOX_MAIL_ACTION_UNDO_SPAM,
  INBOX_MAIL_ACTION_TO_FOLDER,    /* argument: the folder's path */
  INBOX_MAIL_ACTION_LABEL,        /* a copy into the folder (argument: its path) */
  INBOX_MAIL_ACTION_MARK_READ,
  INBOX_MAIL_ACTION_MARK_UNREAD,
  INBOX_MAIL_ACTION_STAR,
  INBOX_MAIL_ACTION_UNSTAR,
} InboxMailAction;

InboxMailService *inbox_mail_service_new              (const char          *store_path,
                                                       GError             **error);
InboxStore       *inbox_mail_service_get_store        (InboxMailService    *self);
GPtrArray        *inbox_mail_service_get_accounts     (InboxMailService    *self);
const InboxAccountConfig *inbox_mail_service_find_account (InboxMailService *self,
                                                           const char       *account_uid);
void              inbox_mail_service_reload_accounts  (InboxMailService    *self);
void              inbox_mail_service_start            (InboxMailService    *self);
InboxSender      *inbox_mail_service_get_sender       (InboxMailService    *self);
void              inbox_mail_service_stop             (InboxMailService    *self);
void              inbox_mail_service_reconnect        (InboxMailService    *self,
                                                       const char          *account_uid);
void              inbox_mail_service_check_now        (InboxMailService    *self);
InboxSyncStatus   inbox_mail_service_get_status       (InboxMailService    *self,
                                                       const char          *account_uid,
                                                       const char         **message);
void              inbox_mail_service_set_poll_interval (InboxMailService   *self,
                                                       guint                seconds);
guint             inbox_mail_service_get_poll_interval (InboxMailService   *self);
gboolean          inbox_mail_service_get_progress     (InboxMailService    *self,
                                                       const char          *account_uid,
                                                       const char         **folder,
                                                       guint               *done,
                                                       guint               *total);
void              inbox_mail_service_apply_async      (InboxMailService    *self,
                                                       InboxMailAction      action,
                                                       const gint64        *conversation_ids,
                                                       guint                n_ids,
                                                       const char          *argument,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
gboolean          inbox_mail_service_apply_finish     (InboxMailService    *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);

/* The user's choice of which folder of an account plays a role ("sent", "drafts", "archive",
 * "trash", "junk", or "none" for a folder that plays none); it sticks across syncs. */
void              inbox_mail_service_set_folder_role_async  (InboxMailService    *self,
                                                             const char          *account_uid,
                                                             const char          *folder_path,
                                                             const char          *role,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
gboolean          inbox_mail_service_set_folder_role_finish (InboxMailService    *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);

/* Looks up the settings when config has no IMAP host (presets, then autoconfig), verifies the
 * account on the servers, saves it with its password in the keyring, and starts syncing it. */
void                inbox_mail_service_add_account_async  (InboxMailService          *self,
                                                           const InboxAccountConfig  *config,
                                                           const char                *password,
                                                           GCancellable              *cancellable,
                                                           GAsyncReadyCallback        callback,
                                                           gpointer                   user_data);
InboxAccountConfig *inbox_mail_service_add_account_finish (InboxMailService          *self,
                                                           GAsyncResult              *result,
                                                           GError                   **error);

void                inbox_mail_service_start_demo_async   (InboxMailService          *self,
                                                           GCancellable              *cancellable,
                                                           GAsyncReadyCallback        callback,
                                                           gpointer                   user_data);
InboxAccountConfig *inbox_mail_service_start_demo_finish  (InboxMailService          *self,
                                                           GAsyncResult              *result,
                                                           GError                   **error);

void                inbox_mail_service_remove_account_async  (InboxMailService       *self,
                                                              const char             *account_uid,
                                                              GAsyncReadyCallback     callback,
                                                              gpointer                user_data);
gboolean            inbox_mail_service_remove_account_finish (InboxMailService       *self,
                                                              GAsyncResult           *result,
                                                              GError                **error);

G_END_DECLS
