/* inbox-account-watcher.c: one account's sync kept running (inbox_syncer_watch_sync: IDLE on
 * INBOX, a full pass at every poll) on a thread of its own, at a background priority so that the
 * window keeps a core. The syncer reports on the main context; the watcher says "status-changed"
 * and "progress" there for whoever shows them.
 *
 * It ends when cancelled. The thread holds a reference until the main loop has heard that it
 * ended, so a watcher let go of while its thread still runs (its account's settings changed)
 * frees itself afterwards; one stopped with inbox_account_watcher_stop() is waited for.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "inbox-account-watcher.h"

struct _InboxAccountWatcher
{
  GObject parent_instance;

  InboxSyncer *syncer;
  char *uid;
  GThread *thread;
  GCancellable *cancellable;
  GError *error;         /* why the thread ended, if the store failed */
  gboolean stopped;      /* the main loop has heard the thread end */
  guint poll_seconds;
};

G_DEFINE_FINAL_TYPE (InboxAccountWatcher, inbox_account_watcher, G_TYPE_OBJECT)

enum { SIGNAL_STATUS_CHANGED, SIGNAL_PROGRESS, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
status_changed (InboxAccountWatcher *self)
{
  g_signal_emit (self, signals[SIGNAL_STATUS_CHANGED], 0);
}

/* Once a report: the syncer's progress properties are set before its "progress" is emitted. */
static void
progress (InboxAccountWatcher *self)
{
  g_signal_emit (self, signals[SIGNAL_PROGRESS], 0);
}

/* On the main context, once the thread ended: its reference goes. */
static gboolean
thread_ended (gpointer data)
{
  InboxAccountWatcher *self = data;

  self->stopped = TRUE;
  if (self->error != NULL)
    g_warning ("Sync of %s stopped: %s", self->uid, self->error->message);
  g_clear_pointer (&self->thread, g_thread_join);
  return G_SOURCE_REMOVE;
}

static gpointer
watch_thread (gpointer data)
{
  InboxAccountWatcher *self = data;

  /* Syncing (fetching, parsing) gives way to the window (and so does the store's writer). */
  inbox_thread_set_background ();
  inbox_syncer_watch_sync (self->syncer, self->poll_seconds, self->cancellable, &self->error);
  g_idle_add_full (G_PRIORITY_DEFAULT, thread_ended, self, g_object_unref);
  return NULL;
}

static void
inbox_account_watcher_dispose (GObject *object)
{
  InboxAccountWatcher *self = INBOX_ACCOUNT_WATCHER (object);

  /* A status report may still be on its way to the main loop: it must not find the watcher. */
  if (self->syncer != NULL)
    g_signal_handlers_disconnect_by_data (self->syncer, self);
  g_clear_object (&self->syncer);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (inbox_account_watcher_parent_class)->dispose (object);
}

static void
inbox_account_watcher_finalize (GObject *object)
{
  InboxAccountWatcher *self = INBOX_ACCOUNT_WATCHER (object);

  g_clear_error (&self->error);
  g_free (self->uid);

  G_OBJECT_CLASS (inbox_account_watcher_parent_class)->finalize (object);
}

static void
inbox_account_watcher_class_init (InboxAccountWatcherClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = inbox_account_watcher_dispose;
  object_class->finalize = inbox_account_watcher_finalize;

  /**
   * InboxAccountWatcher::status-changed:
   *
   * The syncer's status or error message changed (inbox_syncer_get_status).
   */
  signals[SIGNAL_STATUS_CHANGED] = g_signal_new ("status-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                                 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * InboxAccountWatcher::progress:
   *
   * The download went on (inbox_syncer_get_progress).
   */
  signals[SIGNAL_PROGRESS] = g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
inbox_account_watcher_init (InboxAccountWatcher *self)
{
  self->cancellable = g_cancellable_new ();
}

/* Starts watching the account at once, a full pass every poll_seconds until
 * inbox_syncer_set_poll_interval says otherwise. */
InboxAccountWatcher *
inbox_account_watcher_new (InboxSession             *session,
                           InboxStore               *store,
                           const InboxAccountConfig *config,
                           guint                     poll_seconds)
{
  InboxAccountWatcher *self = g_object_new (INBOX_TYPE_ACCOUNT_WATCHER, NULL);

  self->uid = g_strdup (config->uid);
  self->poll_seconds = poll_seconds;
  self->syncer = inbox_syncer_new (session, store, config);
  g_signal_connect_swapped (self->syncer, "notify::status", G_CALLBACK (status_changed), self);
  g_signal_connect_swapped (self->syncer, "notify::error-message", G_CALLBACK (status_changed), self);
  g_signal_connect_swapped (self->syncer, "progress", G_CALLBACK (progress), self);
  self->thread = g_thread_new ("inbox-watch", watch_thread, g_object_ref (self));
  return self;
}

const char *
inbox_account_watcher_get_uid (InboxAccountWatcher *self)
{
  g_return_val_if_fail (INBOX_IS_ACCOUNT_WATCHER (self), NULL);

  return self->uid;
}

InboxSyncer *
inbox_account_watcher_get_syncer (InboxAccountWatcher *self)
{
  g_return_val_if_fail (INBOX_IS_ACCOUNT_WATCHER (self), NULL);

  return self->syncer;
}

/* Asks the thread to end; it does so on its own time (and the watcher goes with its last
 * reference). */
void
inbox_account_watcher_cancel (InboxAccountWatcher *self)
{
  g_return_if_fail (INBOX_IS_ACCOUNT_WATCHER (self));

  g_cancellable_cancel (self->cancellable);
}

/* Cancels and waits for the thread to end; the main context turns meanwhile, because Camel
 * delivers its disconnect there. One that hangs is given up on at the deadline (its thread keeps
 * its reference). Returns whether it ended. */
gboolean
inbox_account_watcher_stop (InboxAccountWatcher *self,
                            gint64               deadline)
{
  g_return_val_if_fail (INBOX_IS_ACCOUNT_WATCHER (self), FALSE);

  g_cancellable_cancel (self->cancellable);
  while (!self->stopped && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE) || (g_usleep (10000), TRUE);
  if (!self->stopped)
    {
      g_warning ("Sync of %s did not stop in time", self->uid);
      return FALSE;
    }
  return TRUE;
}
