/* inbox-mail-service.c: what the app keeps running behind its windows.
 *
 * It opens the store, makes the one CamelSession (on the main thread, as Camel requires) and
 * keeps one InboxAccountWatcher per account (IDLE on INBOX, a full pass every poll interval, 60 s
 * unless the "poll-interval" setting says otherwise). Actions on conversations run on a worker
 * thread, since each is a write transaction, and then wake the watchers so the server hears of
 * them at once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "inbox-account-watcher.h"
#include "inbox-demo.h"
#include "inbox-mail-service.h"
#include "inbox-sender.h"

/* A full pass over every folder this often, until told otherwise (the app's "poll-interval"
 * setting); INBOX changes arrive at once through IDLE. */
#define DEFAULT_POLL_SECONDS 60

struct _InboxMailService
{
  GObject parent_instance;

  InboxStore *store;
  InboxSession *session;
  GPtrArray *accounts;   /* InboxAccountConfig* */
  GPtrArray *watchers;   /* InboxAccountWatcher* */
  GThreadPool *actions;  /* one thread: actions reach the store in the order the user gave them */
  InboxDemo *demo;       /* the demo mailbox's servers, while its account exists */
  InboxSender *sender;   /* the outbox; made with the session */
  guint poll_seconds;
  gboolean watching_network;
  guint network_settle_id;  /* a pass once the network has been back for a moment */
  GDBusConnection *system_bus;  /* logind's signals, when there is a system bus to ask */
  guint sleep_subscription;
};

G_DEFINE_FINAL_TYPE (InboxMailService, inbox_mail_service, G_TYPE_OBJECT)

enum { SIGNAL_ACCOUNT_STATUS, SIGNAL_ACCOUNT_PROGRESS, SIGNAL_ACCOUNTS_CHANGED, SIGNAL_FOLDERS_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
inbox_mail_service_dispose (GObject *object)
{
  InboxMailService *self = INBOX_MAIL_SERVICE (object);

  inbox_mail_service_stop (self);
  g_clear_handle_id (&self->network_settle_id, g_source_remove);
  if (self->system_bus != NULL && self->sleep_subscription != 0)
    g_dbus_connection_signal_unsubscribe (self->system_bus, self->sleep_subscription);
  self->sleep_subscription = 0;
  g_clear_object (&self->system_bus);
  g_clear_object (&self->sender);
  g_clear_object (&self->demo);
  if (self->actions != NULL)
    g_thread_pool_free (g_steal_pointer (&self->actions), FALSE, TRUE);
  g_clear_pointer (&self->watchers, g_ptr_array_unref);
  g_clear_pointer (&self->accounts, g_ptr_array_unref);
  g_clear_object (&self->session);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (inbox_mail_service_parent_class)->dispose (object);
}

static void
inbox_mail_service_class_init (InboxMailServiceClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = inbox_mail_service_dispose;

  /**
   * InboxMailService::account-status:
   * @uid: the account whose sync status or error message changed
   */
  signals[SIGNAL_ACCOUNT_STATUS] = g_signal_new ("account-status", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * InboxMailService::account-progress:
   * @uid: the account whose download went on (inbox_mail_service_get_progress); when its pass
   *   ends, account-status says so
   */
  signals[SIGNAL_ACCOUNT_PROGRESS] = g_signal_new ("account-progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * InboxMailService::accounts-changed:
   *
   * An account was added (and is now syncing).
   */
  signals[SIGNAL_ACCOUNTS_CHANGED] = g_signal_new ("accounts-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * InboxMailService::folders-changed:
   * @uid: the account whose folders play other roles now (the user chose)
   */
  signals[SIGNAL_FOLDERS_CHANGED] = g_signal_new ("folders-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void apply_thread (gpointer data, gpointer pool_data);

static void
inbox_mail_service_init (InboxMailService *self)
{
  self->watchers = g_ptr_array_new_with_free_func (g_object_unref);
  self->accounts = g_ptr_array_new_with_free_func ((GDestroyNotify) inbox_account_config_free);
  self->actions = g_thread_pool_new (apply_thread, NULL, 1, FALSE, NULL);
  self->poll_seconds = DEFAULT_POLL_SECONDS;
}

InboxMailService *
inbox_mail_service_new (const char  *store_path,
                        GError     **error)
{
  g_autoptr(InboxMailService) self = g_object_new (INBOX_TYPE_MAIL_SERVICE, NULL);
  g_autofree char *default_path = store_path == NULL ? inbox_store_get_default_path () : NULL;

  self->store = inbox_store_open (store_path != NULL ? store_path : default_path, error);
  if (self->store == NULL)
    return NULL;
  inbox_store_set_background (self->store);
  inbox_mail_service_reload_accounts (self);
  return g_steal_pointer (&self);
}

InboxStore *
inbox_mail_service_get_store (InboxMailService *self)
{
  g_return_val_if_fail (INBOX_IS_MAIL_SERVICE (self), NULL);

  return self->store;
}

/* The IMAP accounts (InboxAccountConfig*), oldest first. */
GPtrArray *
inbox_mail_service_get_accounts (InboxMailService *self)
{
  g_return_val_if_fail (INBOX_IS_MAIL_SERVICE (self), NULL);

  return self->accounts;
}

void
inbox_mail_service_reload_accounts (InboxMailService *self)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *accounts;

  g_return_if_fail (INBOX_IS_MAIL_SERVICE (self));

  accounts = inbox_store_list_accounts_sync (self->store, NULL, &error);
  if (accounts == NULL)
    {
      g_warning ("Could not read the accounts: %s", error->message);
      return;
    }
  g_ptr_array_unref (self->accounts);
  self->accounts = accounts;
}

/* The account with this uid, or NULL. */
const InboxAccountConfig *
inbox_mail_service_find_account (InboxMailService *self,
                                 const char       *account_uid)
{
  g_return_val_if_fail (INBOX_IS_MAIL_SERVICE (self), NULL);

  for (guint i = 0; i < self->accounts->len; i++)
    if (g_strcmp0 (((InboxAccountConfig *) self->accounts->pdata[i])->uid, account_uid) == 0)
      return self->accounts->pdata[i];
  return NULL;
}

static InboxSyncer *
find_syncer (InboxMailService *self,
             const char       *uid)
{
  for (guint i = 0; i < self->watchers->len; i++)
    if (g_strcmp0 (inbox_account_watcher_get_uid (self->watchers->pdata[i]), uid) == 0)
      return inbox_account_watcher_get_syncer (self->watchers->pdata[i]);
  return NULL;
}

static void
on_status (InboxMailService    *self,
           InboxAccountWatcher *watcher)
{
  InboxSyncer *syncer = inbox_account_watcher_get_syncer (watcher);

  /* Connected again: what waits in the outbox goes now, not at its next backoff. */
  if (self->sender != NULL && inbox_syncer_get_status (syncer) == INBOX_SYNC_STATUS_IDLE &&
      inbox_sender_get_waiting (self->sender) > 0)
    inbox_sender_wake (self->sender, TRUE);
  g_signal_emit (self, signals[SIGNAL_ACCOUNT_STATUS], 0, inbox_account_watcher_get_uid (watcher));
}

static void
on_progress (InboxMailService    *self,
             InboxAccountWatcher *watcher)
{
  g_signal_emit (self, signals[SIGNAL_ACCOUNT_PROGRESS], 0, inbox_account_watcher_get_uid (watcher));
}

static const InboxAccountConfig *
find_demo_account (InboxMailService *self)
{
  for (guint i = 0; i < self->accounts->len; i++)
    {
      const InboxAccountConfig *config = self->accounts->pdata[i];

      if (g_strcmp0 (config->description, INBOX_DEMO_DESCRIPTION) == 0)
        return config;
    }
  return NULL;
}

static void
demo_account_updated (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(InboxAccountConfig) config = inbox_mail_service_add_account_finish (INBOX_MAIL_SERVICE (object), result,
                                                                              &error);

  if (config == NULL)
    g_warning ("The demo mailbox's account could not take its new settings: %s", error->message);
}

/* The demo's servers keep their ports and certificate in its folder; when that folder was
 * removed, they come back with new ones, and a new keyring (a fresh session) lacks its password.
 * So at each start the account takes what the servers answered (verified and saved as any edit,
 * on a worker; its watcher restarts with them): the password is the demo's, known anyway. */
static void
demo_restarted (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(InboxMailService) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *password = NULL;
  g_autoptr(InboxAccountConfig) config = inbox_demo_start_finish (INBOX_DEMO (object), result, &password, &error);
  const InboxAccountConfig *account = find_demo_account (self);

  if (config == NULL)
    g_warning ("The demo mailbox did not start: %s", error->message);
  else if (account != NULL)
    inbox_mail_service_add_account_async (self, config, password, NULL, demo_account_updated, NULL);
}

static gboolean
network_settled (gpointer data)
{
  InboxMailService *self = data;

  self->network_settle_id = 0;
  inbox_mail_service_check_now (self);
  if (self->sender != NULL && inbox_sender_get_waiting (self->sender) > 0)
    inbox_sender_wake (self->sender, TRUE);
  return G_SOURCE_REMOVE;
}

/* The network came back (a resume, another Wi-Fi, a cable): every account makes a pass and the
 * outbox sends, at once rather than at the next poll or backoff; connections that died with the
 * old network are found out now. GIO says so several times in a row while routes settle, so the
 * pass waits for two quiet seconds. */
static void
network_changed_cb (GNetworkMonitor  *monitor,
                    gboolean          available,
                    InboxMailService *self)
{
  if (!available)
    return;
  g_clear_handle_id (&self->network_settle_id, g_source_remove);
  self->network_settle_id = g_timeout_add_seconds (2, network_settled, self);
}

/* The computer woke up (logind's PrepareForSleep, with FALSE): the connections made before the
 * sleep are likely dead and mail came meanwhile, as when the network comes back, which GIO does
 * not always say after a resume (the same wired network, say). */
static void
prepare_for_sleep_cb (GDBusConnection *connection,
                      const char      *sender,
                      const char      *path,
                      const char      *interface,
                      const char      *signal,
                      GVariant        *parameters,
                      gpointer         user_data)
{
  gboolean sleeping = TRUE;

  if (g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(b)")))
    g_variant_get (parameters, "(b)", &sleeping);
  if (!sleeping)
    network_changed_cb (NULL, TRUE, user_data);
}

/* Without a system bus (a sandbox not allowed to see logind, some containers), nothing: the network
 * monitor and the poll still bring the mail. */
static void
got_system_bus (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(InboxMailService) self = user_data;
  g_autoptr(GError) error = NULL;
  GDBusConnection *bus = g_bus_get_finish (result, &error);

  if (bus == NULL)
    {
      g_debug ("No system bus, so no word of a resume: %s", error->message);
      return;
    }
  if (self->session == NULL)  /* stopped meanwhile */
    {
      g_object_unref (bus);
      return;
    }
  self->system_bus = bus;
  self->sleep_subscription = g_dbus_connection_signal_subscribe (bus, "org.freedesktop.login1",
                                                                 "org.freedesktop.login1.Manager", "PrepareForSleep",
                                                                 "/org/freedesktop/login1", NULL,
                                                                 G_DBUS_SIGNAL_FLAGS_NONE, prepare_for_sleep_cb,
                                                                 self, NULL);
}

/* Starts watching every account; one already watched is left alone. The demo account's
 * servers are started first (its watcher is woken when they listen). */
void
inbox_mail_service_start (InboxMailService *self)
{
  g_return_if_fail (INBOX_IS_MAIL_SERVICE (self));

  if (self->demo == NULL && find_demo_account (self) != NULL)
    {
      self->demo = inbox_demo_new ();
      inbox_demo_start_async (self->demo, NULL, demo_restarted, g_object_ref (self));
    }

  /* Camel's session (its providers load) is made only when there is an account to watch. */
  if (self->session == NULL && self->accounts->len > 0)
    self->session = inbox_session_new ();
  if (self->sender == NULL && self->session != NULL)
    {
      self->sender = inbox_sender_new (self->session, self->store);
      /* Mail went out: its copy is in Sent now, so a full pass brings it into its conversation. */
      g_signal_connect_swapped (self->sender, "sent", G_CALLBACK (inbox_mail_service_check_now), self);
    }
  if (self->sender != NULL)
    inbox_sender_start (self->sender);
  if (self->session != NULL && !self->watching_network)
    {
      self->watching_network = TRUE;
      g_signal_connect_object (g_network_monitor_get_default (), "network-changed", G_CALLBACK (network_changed_cb),
                               self, 0);
      g_bus_get (G_BUS_TYPE_SYSTEM, NULL, got_system_bus, g_object_ref (self));
    }

  for (guint i = 0; i < self->accounts->len; i++)
    {
      InboxAccountConfig *config = self->accounts->pdata[i];
      InboxAccountWatcher *watcher;

      if (find_syncer (self, config->uid) != NULL)
        continue;
      watcher = inbox_account_watcher_new (self->session, self->store, config, self->poll_seconds);
      g_signal_connect_object (watcher, "status-changed", G_CALLBACK (on_status), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (watcher, "progress", G_CALLBACK (on_progress), self, G_CONNECT_SWAPPED);
      g_ptr_array_add (self->watchers, watcher);
    }
}

/* Stops one account's watcher (its settings changed, or it goes) and waits for it, ten seconds at
 * most; or, without waiting, lets go of it (it frees itself when its thread ends) while
 * inbox_mail_service_start() makes a new one. */
static void
remove_watcher (InboxMailService *self,
                const char       *uid,
                gboolean          wait)
{
  for (guint i = 0; i < self->watchers->len; i++)
    {
      g_autoptr(InboxAccountWatcher) watcher = NULL;

      if (g_strcmp0 (inbox_account_watcher_get_uid (self->watchers->pdata[i]), uid) != 0)
        continue;
      watcher = g_ptr_array_steal_index (self->watchers, i);
      g_signal_handlers_disconnect_by_data (watcher, self);
      if (wait)
        inbox_account_watcher_stop (watcher, g_get_monotonic_time () + 10 * G_USEC_PER_SEC);
      else
        inbox_account_watcher_cancel (watcher);
      return;
    }
}

/* Stops the watchers and waits for them, ten seconds at most. */
void
inbox_mail_service_stop (InboxMailService *self)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  g_return_if_fail (INBOX_IS_MAIL_SERVICE (self));

  for (guint i = 0; i < self->watchers->len; i++)
    inbox_account_watcher_cancel (self->watchers->pdata[i]);
  for (guint i = 0; i < self->watchers->len; i++)
    inbox_account_watcher_stop (self->watchers->pdata[i], deadline);
  g_ptr_array_set_size (self->watchers, 0);
  if (self->sender != NULL)
    inbox_sender_stop (self->sender);
  /* Stopped for good: inbox_mail_service_start() starts the demo's servers again. */
  if (self->demo != NULL)
    inbox_demo_stop (self->demo);
  g_clear_object (&self->demo);
}

/* The outbox, or NULL before there is an account (and so a session) to send from. */
InboxSender *
inbox_mail_service_get_sender (InboxMailService *self)
{
  g_return_val_if_fail (INBOX_IS_MAIL_SERVICE (self), NULL);

  return self->sender;
}


/* "Reconnect": the account's watcher tries again now, over every folder, instead of at its next poll. */
void
inbox_mail_service_reconnect (InboxMailService *self,
                              const char       *account_uid)
{
  InboxSyncer *syncer;

  g_return_if_fail (INBOX_IS_MAIL_SERVICE (self));

  syncer = find_syncer (self, account_uid);
  if (syncer != NULL)
    inbox_syncer_wake_full (syncer);
}

/* Check for New Mail: every account makes a full pass now rather than at its next poll. */
void
inbox_mail_service_check_now (InboxMailService *self)
{
  g_return_if_fail (INBOX_IS_MAIL_SERVICE (self));

  for (guint i = 0; i < self->watchers->len; i++)
    inbox_syncer_wake_full (inbox_account_watcher_get_syncer (self->watchers->pdata[i]));
}

InboxSyncStatus
inbox_mail_service_get_status (InboxMailService  *self,
                               const char        *account_uid,
                               const char       **message)
{
  InboxSyncer *syncer;

  g_return_val_if_fail (INBOX_IS_MAIL_SERVICE (self), INBOX_SYNC_STATUS_IDLE);

  syncer = find_syncer (self, account_uid);
  if (message != NULL)
    *message = syncer != NULL ? inbox_syncer_get_error_message (syncer) : NULL;
  return syncer != NULL ? inbox_syncer_get_status (syncer) : INBOX_SYNC_STATUS_IDLE;
}

/* How often every folder of every account is checked (other than INBOX, which IDLE keeps
 * current); applies to the waits under way too. */
void
inbox_mail_service_set_poll_interval (InboxMailService *self,
                                      guint             seconds)
{
  g_return_if_fail (INBOX_IS_MAIL_SERVICE (self));
  g_return_if_fail (seconds > 0);

  self->poll_seconds = seconds;
  for (guint i = 0; i < self->watchers->len; i++)
    inbox_syncer_set_poll_interval (inbox_account_watcher_get_syncer (self->watchers->pdata[i]), seconds);
}

guint
inbox_mail_service_get_poll_interval (InboxMailService *self)
{
  g_return_val_if_fail (INBOX_IS_MAIL_SERVICE (self), 0);

  return self->poll_seconds;
}

/* The folder an account's sync is downloading now, with how many of its messages are stored and
 * how many it fetches; FALSE when it downloads nothing. */
gboolean
inbox_mail_service_get_progress (InboxMailService  *self,
                                 const char        *account_uid,
                                 const char       **folder,
                                 guint             *done,
                                 guint             *total)
{
  InboxSyncer *syncer;

  g_return_val_if_fail (INBOX_IS_MAIL_SERVICE (self), FALSE);

  syncer = find_syncer (self, account_uid);
  return syncer != NULL && inbox_syncer_get_progress (syncer, folder, done, total) && *done < *total;
}

typedef struct {
  InboxMailAction action;
  GArray *ids;
  char *argument;
} ApplyJob;

static void
apply_job_free (ApplyJob *job)
{
  g_array_unref (job->ids);
  g_free (job->argument);
  g_free (job);
}

static gboolean
apply_one (InboxStore      *store,
           InboxMailAction  action,
           gint64           id,
           const char      *argument,
           GError         **error)
{
  switch (action)
    {
    case INBOX_MAIL_ACTION_ARCHIVE:
      return inbox_store_move_conversation_sync (store, id, "archive", error);
    case INBOX_MAIL_ACTION_TRASH:
      return inbox_store_move_conversation_sync (store, id, "trash", error);
    case INBOX_MAIL_ACTION_SPAM:
      return inbox_store_move_conversation_sync (store, id, "junk", error);
    case INBOX_MAIL_ACTION_TO_INBOX:
      return inbox_store_move_conversation_sync (store, id, "inbox", error);
    case INBOX_MAIL_ACTION_UNDO_ARCHIVE:
      return inbox_store_move_conversation_back_sync (store, id, "archive", error);
    case INBOX_MAIL_ACTION_UNDO_TRASH:
      return inbox_store_move_conversation_back_sync (store, id, "trash", error);
    case INBOX_MAIL_ACTION_UNDO_SPAM:
      return inbox_store_move_conversation_back_sync (store, id, "junk", error);
    case INBOX_MAIL_ACTION_TO_FOLDER:
      return inbox_store_move_conversation_to_folder_sync (store, id, argument, error);
    case INBOX_MAIL_ACTION_LABEL:
      return inbox_store_copy_conversation_to_folder_sync (store, id, argument, error);
    case INBOX_MAIL_ACTION_MARK_READ:
      return inbox_store_set_conversation_flags_sync (store, id, INBOX_MESSAGE_SEEN, 0, error);
    case INBOX_MAIL_ACTION_MARK_UNREAD:
      return inbox_store_set_conversation_flags_sync (store, id, 0, INBOX_MESSAGE_SEEN, error);
    case INBOX_MAIL_ACTION_STAR:
      return inbox_store_set_conversation_flags_sync (store, id, INBOX_MESSAGE_FLAGGED, 0, error);
    case INBOX_MAIL_ACTION_UNSTAR:
      return inbox_store_set_conversation_flags_sync (store, id, 0, INBOX_MESSAGE_FLAGGED, error);
    default:
      g_assert_not_reached ();
    }
}

/* Every conversation is tried; the first error is reported, the others only logged. */
static void
apply_thread (gpointer data,
              gpointer pool_data)
{
  g_autoptr(GTask) task = data;
  InboxMailService *self = g_task_get_source_object (task);
  ApplyJob *job = g_task_get_task_data (task);
  g_autoptr(GError) first_error = NULL;

  for (guint i = 0; i < job->ids->len; i++)
    {
      g_autoptr(GError) error = NULL;

      if (apply_one (self->store, job->action, g_array_index (job->ids, gint64, i), job->argument, &error))
        continue;
      if (first_error == NULL)
        first_error = g_steal_pointer (&error);
      else
        g_warning ("Action on conversation %" G_GINT64_FORMAT " failed: %s",
                   g_array_index (job->ids, gint64, i), error->message);
    }
  if (first_error != NULL)
    g_task_return_error (task, g_steal_pointer (&first_error));
  else
    g_task_return_boolean (task, TRUE);
}

/* Applies action to the conversations in the store (and queues it for the server), then wakes
 * the watchers to replay it. */
void
inbox_mail_service_apply_async (InboxMailService    *self,
                                InboxMailAction      action,
                                const gint64        *conversation_ids,
                                guint                n_ids,
                                const char          *argument,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, callback, user_data);
  ApplyJob *job = g_new0 (ApplyJob, 1);

  job->action = action;
  job->ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_ids);
  g_array_append_vals (job->ids, conversation_ids, n_ids);
  job->argument = g_strdup (argument);
  g_task_set_source_tag (task, inbox_mail_service_apply_async);
  g_task_set_task_data (task, job, (GDestroyNotify) apply_job_free);
  g_thread_pool_push (self->actions, g_steal_pointer (&task), NULL);
}

gboolean
inbox_mail_service_apply_finish (InboxMailService  *self,
                                 GAsyncResult      *result,
                                 GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  for (guint i = 0; i < self->watchers->len; i++)
    inbox_syncer_wake (inbox_account_watcher_get_syncer (self->watchers->pdata[i]));
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
set_folder_role_thread (GTask        *task,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  InboxMailService *self = source_object;
  char **job = task_data;  /* account, path, role */
  GError *error = NULL;

  if (inbox_store_set_folder_role_sync (self->store, job[0], job[1], job[2], &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
inbox_mail_service_set_folder_role_async (InboxMailService    *self,
                                          const char          *account_uid,
                                          const char          *folder_path,
                                          const char          *role,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  char **job;

  g_return_if_fail (INBOX_IS_MAIL_SERVICE (self));

  task = g_task_new (self, NULL, callback, user_data);
  job = g_new0 (char *, 4);
  job[0] = g_strdup (account_uid);
  job[1] = g_strdup (folder_path);
  job[2] = g_strdup (role);
  g_task_set_source_tag (task, inbox_mail_service_set_folder_role_async);
  g_task_set_task_data (task, job, (GDestroyNotify) g_strfreev);
  g_task_run_in_thread (task, set_folder_role_thread);
}

gboolean
inbox_mail_service_set_folder_role_finish (InboxMailService  *self,
                                           GAsyncResult      *result,
                                           GError           **error)
{
  char **job;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  job = g_task_get_task_data (G_TASK (result));
  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  g_signal_emit (self, signals[SIGNAL_FOLDERS_CHANGED], 0, job[0]);
  return TRUE;
}

typedef struct {
  InboxAccountConfig *config;
  char *password;
  InboxSession *session;
  gboolean updated;
} AddJob;

static void
add_job_free (AddJob *job)
{
  g_clear_pointer (&job->config, inbox_account_config_free);
  g_clear_object (&job->session);
  if (job->password != NULL)
    memset (job->password, 0, strlen (job->password));
  g_free (job->password);
  g_free (job);
}

/* What the user chose wins over what autoconfig found. */
static InboxAccountConfig *
look_up_settings (const InboxAccountConfig  *given,
                  GCancellable              *cancellable,
                  GError                   **error)
{
  g_autofree char *source = NULL;
  InboxAccountConfig *found = inbox_autoconfig_lookup_sync (given->email, &source, cancellable, error);

  if (found == NULL)
    return NULL;
  g_debug ("Settings for %s from %s", given->email, source);
  g_free (found->display_name);
  found->display_name = g_strdup (given->display_name);
  g_free (found->history);
  found->history = g_strdup (given->history);
  g_free (found->pinned_certificate);
  found->pinned_certificate = g_strdup (given->pinned_certificate);
  if (found->imap_user == NULL)
    found->imap_user = g_strdup (given->email);
  if (found->smtp_user == NULL)
    found->smtp_user = g_strdup (found->imap_user);
  return found;
}

static void
add_account_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  InboxMailService *self = source_object;
  AddJob *job = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(InboxAccountConfig) config = NULL;
  g_autoptr(InboxSecretPassword) smtp_password = NULL;
  gboolean updated = FALSE;

  /* Editing with the password unchanged: the one in the keyring, and a separate SMTP one if
   * inbox-cli gave it one (the window has one password: a new one there serves both, verified
   * against both, and a separate SMTP one goes). */
  if (job->password == NULL && job->config->uid != NULL)
    {
      g_autoptr(InboxSecretPassword) secret = inbox_secrets_lookup_sync (job->config->uid, INBOX_SECRET_PROTOCOL_IMAP,
                                                                         cancellable, &error);

      if (secret == NULL)
        {
          if (error == NULL)
            g_set_error_literal (&error, INBOX_ACCOUNT_ERROR, INBOX_ACCOUNT_ERROR_AUTHENTICATION,
                                 "No password is kept for this account: enter it");
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      job->password = g_strdup (secret);
      smtp_password = inbox_secrets_lookup_sync (job->config->uid, INBOX_SECRET_PROTOCOL_SMTP, cancellable, NULL);
      if (g_strcmp0 (smtp_password, job->password) == 0)
        g_clear_pointer (&smtp_password, inbox_secrets_free_password);
    }
  config = job->config->imap_host == NULL ? look_up_settings (job->config, cancellable, &error)
                                          : inbox_account_config_copy (job->config);
  if (config == NULL ||
      !inbox_account_config_validate (config, &error) ||
      !inbox_account_verify_sync (job->session, config, job->password, smtp_password, cancellable, &error) ||
      !inbox_store_add_account_sync (self->store, config, job->password, smtp_password, &updated, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  job->updated = updated;
  g_task_return_pointer (task, g_steal_pointer (&config), (GDestroyNotify) inbox_account_config_free);
}

void
inbox_mail_service_add_account_async (InboxMailService          *self,
                                      const InboxAccountConfig  *config,
                                      const char                *password,
                                      GCancellable              *cancellable,
                                      GAsyncReadyCallback        callback,
                                      gpointer                   user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  AddJob *job = g_new0 (AddJob, 1);

  g_return_if_fail (INBOX_IS_MAIL_SERVICE (self));

  /* A session of its own for each try: Camel remembers a refused certificate for the session's
   * life, and the user may trust it on the next try. Made here, on the main thread, as Camel needs. */
  job->session = inbox_session_new ();
  job->config = inbox_account_config_copy (config);
  job->password = g_strdup (password);
  g_task_set_source_tag (task, inbox_mail_service_add_account_async);
  g_task_set_task_data (task, job, (GDestroyNotify) add_job_free);
  g_task_run_in_thread (task, add_account_thread);
}

InboxAccountConfig *
inbox_mail_service_add_account_finish (InboxMailService  *self,
                                       GAsyncResult      *result,
                                       GError           **error)
{
  InboxAccountConfig *config;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  config = g_task_propagate_pointer (G_TASK (result), error);
  if (config != NULL)
    {
      AddJob *job = g_task_get_task_data (G_TASK (result));

      inbox_mail_service_reload_accounts (self);
      /* Changed settings: a new watcher starts with them; the old one ends on its own. */
      if (job->updated)
        remove_watcher (self, config->uid, FALSE);
      inbox_mail_service_start (self);
      /* Verified with the new settings or password: what waits for them goes now. */
      if (job->updated && self->sender != NULL)
        inbox_sender_wake (self->sender, TRUE);
      g_signal_emit (self, signals[SIGNAL_ACCOUNTS_CHANGED], 0);
    }
  return config;
}

static void
demo_account_added (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  InboxAccountConfig *config = inbox_mail_service_add_account_finish (INBOX_MAIL_SERVICE (object), result, &error);

  if (config == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, config, (GDestroyNotify) inbox_account_config_free);
}

static void
demo_started (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  InboxMailService *self = g_task_get_source_object (task);
  GError *error = NULL;
  g_autofree char *password = NULL;
  g_autoptr(InboxAccountConfig) config = inbox_demo_start_finish (INBOX_DEMO (object), result, &password, &error);
  GCancellable *cancellable;

  if (config == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* Added again when it exists: updated with the servers' answer (see demo_restarted). */
  cancellable = g_task_get_cancellable (task);
  inbox_mail_service_add_account_async (self, config, password, cancellable, demo_account_added, g_steal_pointer (&task));
}

/* "Explore with a demo mailbox": starts the demo's servers and adds its account (again if it exists: updated). */
void
inbox_mail_service_start_demo_async (InboxMailService    *self,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_return_if_fail (INBOX_IS_MAIL_SERVICE (self));

  g_task_set_source_tag (task, inbox_mail_service_start_demo_async);
  if (self->demo == NULL)
    self->demo = inbox_demo_new ();
  inbox_demo_start_async (self->demo, cancellable, demo_started, task);
}

InboxAccountConfig *
inbox_mail_service_start_demo_finish (InboxMailService  *self,
                                      GAsyncResult      *result,
                                      GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct {
  char *uid;
} RemoveJob;

static void
remove_account_thread (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  InboxMailService *self = source_object;
  const char *uid = task_data;
  GError *error = NULL;

  if (!inbox_store_remove_account_sync (self->store, uid, &error) || !inbox_secrets_clear_sync (uid, NULL, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* Stops syncing the account, then deletes its mail from the store and its passwords from the
 * keyring. The server keeps the mail. */
void
inbox_mail_service_remove_account_async (InboxMailService    *self,
                                         const char          *account_uid,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, callback, user_data);

  g_return_if_fail (INBOX_IS_MAIL_SERVICE (self));

  remove_watcher (self, account_uid, TRUE);
  g_task_set_task_data (task, g_strdup (account_uid), g_free);
  g_task_run_in_thread (task, remove_account_thread);
}

gboolean
inbox_mail_service_remove_account_finish (InboxMailService  *self,
                                          GAsyncResult      *result,
                                          GError           **error)
{
  gboolean ok;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  ok = g_task_propagate_boolean (G_TASK (result), error);
  inbox_mail_service_reload_accounts (self);
  g_signal_emit (self, signals[SIGNAL_ACCOUNTS_CHANGED], 0);
  return ok;
}
