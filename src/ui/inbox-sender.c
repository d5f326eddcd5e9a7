/* inbox-sender.c: the app's outbox — queues what the composer sends and sends it when due.
 *
 * One thread runs the engine's InboxOutbox: a pass sends everything due (and settles what a
 * killed process left), then the thread sleeps until the next message is due, or until it is
 * woken (something was queued, an account came back). Every row is in the store before anything
 * is sent, so quitting or crashing loses nothing: the next start's first pass catches up.
 *
 * "changed" (on the main context) says the outbox's contents or states changed; "failed" names a
 * message that the server refused for good, with the server's words, for a toast;
 * "password-refused" names an account whose SMTP server refused its password (its messages wait
 * for a new one), once until they have gone or been taken out. waiting is how many messages wait
 * to go out: the application keeps running while there are any.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"


#include "inbox-sender.h"

/* Even with nothing due, look again this often (a message queued by inbox-cli, a clock change). */
#define IDLE_CHECK_SECONDS 300

struct _InboxSender
{
  GObject parent_instance;

  InboxSession *session;
  InboxStore *store;
  InboxOutbox *outbox;

  GThread *thread;
  GMutex lock;
  GCond cond;
  gboolean woken;
  gboolean skip_backoff;
  gboolean stopping;
  GCancellable *cancellable;

  guint waiting;
  GHashTable *known_failed;  /* ids already reported as failed */
  GHashTable *refused;       /* account uid → why (the waiting rows' error), reported as password-refused */

  GMutex fetched_lock;
  GQueue fetched;            /* Fetched*, newest first: messages fetched lately (their images, attachments) */
};

#define FETCHED_KEPT 4

typedef struct {
  char *message_id;
  GBytes *bytes;
} Fetched;

static void
fetched_free (Fetched *fetched)
{
  g_free (fetched->message_id);
  g_bytes_unref (fetched->bytes);
  g_free (fetched);
}

G_DEFINE_FINAL_TYPE (InboxSender, inbox_sender, G_TYPE_OBJECT)

enum { PROP_0, PROP_WAITING, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { SIGNAL_CHANGED, SIGNAL_FAILED, SIGNAL_SENT, SIGNAL_PASSWORD_REFUSED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* --- reports, on the main context ----------------------------------------------------------- */

static void
refresh (InboxSender *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = inbox_store_list_outbox_sync (self->store, FALSE, &error);
  guint waiting = 0;

  if (items == NULL)
    {
      g_warning ("Can't read the outbox: %s", error->message);
      return;
    }
  for (guint i = 0; i < items->len; i++)
    {
      InboxOutboxItem *item = items->pdata[i];

      if (item->state != INBOX_OUTBOX_FAILED)
        waiting++;
      else if (g_hash_table_add (self->known_failed, g_memdup2 (&item->id, sizeof item->id)))
        g_signal_emit (self, signals[SIGNAL_FAILED], 0, item->id, item->subject,
                       item->error != NULL ? item->error : "");
    }
  /* An account stays refused while a row of it waits with the refusal's words: retries in the
   * backoff say nothing new. */
  {
    GHashTableIter iter;
    const char *uid, *why;

    g_hash_table_iter_init (&iter, self->refused);
    while (g_hash_table_iter_next (&iter, (gpointer *) &uid, (gpointer *) &why))
      {
        gboolean waits = FALSE;

        for (guint i = 0; i < items->len && !waits; i++)
          {
            InboxOutboxItem *item = items->pdata[i];

            waits = item->state == INBOX_OUTBOX_QUEUED && g_strcmp0 (item->account_uid, uid) == 0 &&
                    (why == NULL || g_strcmp0 (item->error, why) == 0);
          }
        if (!waits)
          g_hash_table_iter_remove (&iter);
      }
  }
  if (waiting != self->waiting)
    {
      self->waiting = waiting;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WAITING]);
    }
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static gboolean
refresh_idle (gpointer data)
{
  refresh (data);
  return G_SOURCE_REMOVE;
}

typedef struct {
  InboxSender *self;
  char **accounts;
} Refused;

static void
refused_free (Refused *refused)
{
  g_object_unref (refused->self);
  g_strfreev (refused->accounts);
  g_free (refused);
}

/* Accounts the last pass found refused; the rows' error (read by the refresh before this) says why. */
static gboolean
refused_idle (gpointer data)
{
  Refused *refused = data;
  InboxSender *self = refused->self;
  g_autoptr(GPtrArray) items = inbox_store_list_outbox_sync (self->store, FALSE, NULL);

  for (char **uid = refused->accounts; *uid != NULL; uid++)
    {
      const char *why = NULL;

      if (g_hash_table_contains (self->refused, *uid))
        continue;
      for (guint i = 0; items != NULL && i < items->len && why == NULL; i++)
        {
          InboxOutboxItem *item = items->pdata[i];

          if (item->state == INBOX_OUTBOX_QUEUED && g_strcmp0 (item->account_uid, *uid) == 0)
            why = item->error;
        }
      g_hash_table_insert (self->refused, g_strdup (*uid), g_strdup (why));
      g_signal_emit (self, signals[SIGNAL_PASSWORD_REFUSED], 0, *uid);
    }
  return G_SOURCE_REMOVE;
}

static gboolean
sent_idle (gpointer data)
{
  g_signal_emit (data, signals[SIGNAL_SENT], 0);
  return G_SOURCE_REMOVE;
}

/* From the thread: an idle source, never g_main_context_invoke (which would run it right here
 * whenever the main thread is between iterations). */
static void
report_later (InboxSender *self)
{
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, refresh_idle, g_object_ref (self), g_object_unref);
}

/* --- the thread ------------------------------------------------------------------------------ */

static gpointer
send_thread (gpointer data)
{
  InboxSender *self = data;

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      gint64 due, now, wait_until;
      gboolean skip;

      g_mutex_lock (&self->lock);
      skip = self->skip_backoff;
      self->skip_backoff = FALSE;
      self->woken = FALSE;
      g_mutex_unlock (&self->lock);
      if (self->stopping)
        break;

      if (skip && !inbox_store_outbox_skip_backoff_sync (self->store, &error))
        g_warning ("Outbox: %s", error->message);
      g_clear_error (&error);
      if (!inbox_outbox_run_sync (self->outbox, self->cancellable, &error) &&
          !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Outbox: %s", error->message);
      g_clear_error (&error);
      report_later (self);
      {
        char **accounts = inbox_outbox_dup_password_refused (self->outbox);

        if (accounts[0] != NULL)
          {
            Refused *refused = g_new0 (Refused, 1);

            refused->self = g_object_ref (self);
            refused->accounts = accounts;
            g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, refused_idle, refused, (GDestroyNotify) refused_free);
          }
        else
          g_strfreev (accounts);
      }
      if (inbox_outbox_get_stats (self->outbox)->sent > 0)
        g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, sent_idle, g_object_ref (self), g_object_unref);

      due = inbox_store_outbox_next_due_sync (self->store, NULL);
      now = g_get_real_time () / G_USEC_PER_SEC;
      wait_until = g_get_monotonic_time () +
                   (due < 0 ? IDLE_CHECK_SECONDS : CLAMP (due - now, 0, IDLE_CHECK_SECONDS)) * G_USEC_PER_SEC;

      g_mutex_lock (&self->lock);
      while (!self->woken && !self->stopping)
        if (!g_cond_wait_until (&self->cond, &self->lock, wait_until))
          break;
      g_mutex_unlock (&self->lock);
    }
  return NULL;
}

void
inbox_sender_wake (InboxSender *self,
                   gboolean     skip_backoff)
{
  g_return_if_fail (INBOX_IS_SENDER (self));

  g_mutex_lock (&self->lock);
  self->woken = TRUE;
  self->skip_backoff |= skip_backoff;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->lock);
}

void
inbox_sender_start (InboxSender *self)
{
  g_return_if_fail (INBOX_IS_SENDER (self));

  if (self->thread != NULL)
    return;
  self->stopping = FALSE;
  g_cancellable_reset (self->cancellable);
  self->thread = g_thread_new ("inbox-send", send_thread, self);
  refresh (self);
}

/* Stops after the message being sent, if any (sending is not interrupted halfway: that would
 * leave it in doubt). */
void
inbox_sender_stop (InboxSender *self)
{
  g_return_if_fail (INBOX_IS_SENDER (self));

  if (self->thread == NULL)
    return;
  g_mutex_lock (&self->lock);
  self->stopping = TRUE;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->lock);
  g_thread_join (g_steal_pointer (&self->thread));
}

guint
inbox_sender_get_waiting (InboxSender *self)
{
  g_return_val_if_fail (INBOX_IS_SENDER (self), 0);
  return self->waiting;
}

/* --- queueing -------------------------------------------------------------------------------- */

typedef struct {
  char *account_uid;
  InboxDraft *draft;
  gint64 send_at;
  gboolean scheduled;
  gboolean discard_if_reply;
} QueueJob;

static void
queue_job_free (QueueJob *job)
{
  g_free (job->account_uid);
  inbox_draft_free (job->draft);
  g_free (job);
}

static void
queue_thread (GTask        *task,
              gpointer      source,
              gpointer      data,
              GCancellable *cancellable)
{
  InboxSender *self = source;
  QueueJob *job = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) mime = NULL;
  g_autofree char *recipients = NULL;
  gint64 id;

  job->draft->date = job->send_at;
  mime = inbox_draft_build (job->draft, &error);
  if (mime == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  recipients = inbox_draft_dup_recipients (job->draft);
  id = inbox_store_queue_outgoing_sync (self->store, job->account_uid, mime, job->draft->message_id,
                                        job->draft->subject, recipients, job->send_at, job->scheduled, &error);
  if (id != 0 && job->discard_if_reply && job->draft->in_reply_to != NULL &&
      !inbox_store_set_discard_if_reply_sync (self->store, id, job->draft->in_reply_to, &error))
    id = 0;
  if (id == 0)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_int (task, id);
}

static void
queued (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GTask) outer = user_data;
  InboxSender *self = INBOX_SENDER (object);
  GError *error = NULL;
  gint64 id = g_task_propagate_int (G_TASK (result), &error);

  if (error != NULL)
    {
      g_task_return_error (outer, error);
      return;
    }
  inbox_sender_wake (self, FALSE);
  refresh (self);
  g_task_return_int (outer, id);
}

/* Builds the message (reading its attachments) and puts it in the outbox, to go at send_at (now
 * plus the undo delay, or a Send later time; with discard_if_reply, a reply stays unsent if someone
 * answers first). The result is the outbox id (for Undo). */
void
inbox_sender_queue_async (InboxSender          *self,
                          const char           *account_uid,
                          const InboxDraft     *draft,
                          gint64                send_at,
                          gboolean              scheduled,
                          gboolean              discard_if_reply,
                          GAsyncReadyCallback   callback,
                          gpointer              user_data)
{
  g_autoptr(GTask) inner = g_task_new (self, NULL, queued, g_task_new (self, NULL, callback, user_data));
  QueueJob *job = g_new0 (QueueJob, 1);

  job->account_uid = g_strdup (account_uid);
  job->draft = inbox_draft_copy (draft);
  job->send_at = send_at;
  job->scheduled = scheduled;
  job->discard_if_reply = discard_if_reply;
  g_task_set_task_data (inner, job, (GDestroyNotify) queue_job_free);
  g_task_run_in_thread (inner, queue_thread);
}

gint64
inbox_sender_queue_finish (InboxSender   *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  return g_task_propagate_int (G_TASK (result), error);
}

static void
unqueue_thread (GTask        *task,
                gpointer      source,
                gpointer      data,
                GCancellable *cancellable)
{
  InboxSender *self = source;
  gint64 id = *(gint64 *) data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) mime = inbox_store_unqueue_outgoing_sync (self->store, id, &error);
  g_autofree char *name = g_strdup_printf ("%" G_GINT64_FORMAT "-%" G_GINT64_FORMAT, id, g_get_real_time ());
  g_autofree char *dir = g_build_filename (g_get_user_cache_dir (), "inbox", "unsent", name, NULL);
  InboxDraft *draft;

  if (mime == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* The attachments come back as files again, for the composer. */
  draft = inbox_draft_new_from_mime (mime, dir, &error);
  if (draft == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, draft, (GDestroyNotify) inbox_draft_free);
}

static void
unqueued (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) outer = user_data;
  GError *error = NULL;
  InboxDraft *draft = g_task_propagate_pointer (G_TASK (result), &error);

  refresh (INBOX_SENDER (object));
  if (draft == NULL)
    g_task_return_error (outer, error);
  else
    g_task_return_pointer (outer, draft, (GDestroyNotify) inbox_draft_free);
}

/* Takes a message back out of the outbox before it goes (Undo send, unschedule): the result is
 * the draft, as it was written. Fails once sending has started. */
void
inbox_sender_unqueue_async (InboxSender          *self,
                            gint64                id,
                            GAsyncReadyCallback   callback,
                            gpointer              user_data)
{
  g_autoptr(GTask) inner = g_task_new (self, NULL, unqueued, g_task_new (self, NULL, callback, user_data));

  g_task_set_task_data (inner, g_memdup2 (&id, sizeof id), g_free);
  g_task_run_in_thread (inner, unqueue_thread);
}

InboxDraft *
inbox_sender_unqueue_finish (InboxSender   *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* --- drafts on the server -------------------------------------------------------------------- */

typedef struct {
  char *account_uid;
  InboxDraft *draft;     /* NULL: only remove the old copy */
  char *replaces;
} DraftJob;

static void
draft_job_free (DraftJob *job)
{
  g_free (job->account_uid);
  g_clear_pointer (&job->draft, inbox_draft_free);
  g_free (job->replaces);
  g_free (job);
}

static void
save_draft_thread (GTask        *task,
                   gpointer      source,
                   gpointer      data,
                   GCancellable *cancellable)
{
  InboxSender *self = source;
  DraftJob *job = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) mime = NULL;

  if (job->draft != NULL)
    {
      /* Each copy is a new message: the old one is removed by its own Message-ID. */
      g_clear_pointer (&job->draft->message_id, g_free);
      mime = inbox_draft_build_unfinished (job->draft, &error);
      if (mime == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
    }
  if (!inbox_outbox_save_draft_sync (self->outbox, job->account_uid, mime, job->replaces, cancellable, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, job->draft != NULL ? g_strdup (job->draft->message_id) : NULL, g_free);
}

/* Puts draft in the account's Drafts folder in place of the copy replaces_message_id (either may be
 * NULL: only save, only remove). The result is the new copy's Message-ID. */
void
inbox_sender_save_draft_async (InboxSender         *self,
                               const char          *account_uid,
                               const InboxDraft    *draft,
                               const char          *replaces_message_id,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, callback, user_data);
  DraftJob *job = g_new0 (DraftJob, 1);

  job->account_uid = g_strdup (account_uid);
  job->draft = draft != NULL ? inbox_draft_copy (draft) : NULL;
  job->replaces = g_strdup (replaces_message_id);
  g_task_set_task_data (task, job, (GDestroyNotify) draft_job_free);
  g_task_run_in_thread (task, save_draft_thread);
}

char *
inbox_sender_save_draft_finish (InboxSender   *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
fetch_thread (GTask        *task,
              gpointer      source,
              gpointer      data,
              GCancellable *cancellable)
{
  InboxSender *self = source;
  g_autoptr(GError) error = NULL;
  GBytes *bytes = NULL;

  /* A message shown with images and attachments is asked for several times in a row: keep the last
   * few. Fetches run one at a time (the lock), so a second asker finds the first one's copy. */
  g_mutex_lock (&self->fetched_lock);
  for (GList *l = self->fetched.head; l != NULL && bytes == NULL; l = l->next)
    if (g_str_equal (((Fetched *) l->data)->message_id, data))
      bytes = g_bytes_ref (((Fetched *) l->data)->bytes);
  if (bytes == NULL && (bytes = inbox_outbox_fetch_message_sync (self->outbox, data, cancellable, &error)) != NULL)
    {
      Fetched *fetched = g_new0 (Fetched, 1);

      fetched->message_id = g_strdup (data);
      fetched->bytes = g_bytes_ref (bytes);
      g_queue_push_head (&self->fetched, fetched);
      while (self->fetched.length > FETCHED_KEPT)
        fetched_free (g_queue_pop_tail (&self->fetched));
    }
  g_mutex_unlock (&self->fetched_lock);

  if (bytes == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, bytes, (GDestroyNotify) g_bytes_unref);
}

/* A message (by Message-ID) as its server has it, for forwarding as an attachment. */
void
inbox_sender_fetch_message_async (InboxSender         *self,
                                  const char          *message_id,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, callback, user_data);

  g_task_set_task_data (task, g_strdup (message_id), g_free);
  g_task_run_in_thread (task, fetch_thread);
}

GBytes *
inbox_sender_fetch_message_finish (InboxSender   *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* A waiting message (scheduled, or in its undo delay) goes now. */
gboolean
inbox_sender_send_now (InboxSender  *self,
                       gint64        id,
                       GError      **error)
{
  g_return_val_if_fail (INBOX_IS_SENDER (self), FALSE);

  if (!inbox_store_send_now_sync (self->store, id, error))
    return FALSE;
  inbox_sender_wake (self, FALSE);
  refresh (self);
  return TRUE;
}

gboolean
inbox_sender_retry (InboxSender  *self,
                    gint64        id,
                    GError      **error)
{
  g_return_val_if_fail (INBOX_IS_SENDER (self), FALSE);

  if (!inbox_store_retry_outgoing_sync (self->store, id, error))
    return FALSE;
  g_hash_table_remove (self->known_failed, &id);
  inbox_sender_wake (self, TRUE);
  refresh (self);
  return TRUE;
}

/* Why the account's messages wait for a new password (the SMTP server refused it, or the keyring
 * has none), or NULL when they don't. */
const char *
inbox_sender_get_password_refusal (InboxSender *self,
                                   const char  *account_uid)
{
  g_return_val_if_fail (INBOX_IS_SENDER (self), NULL);

  return g_hash_table_lookup (self->refused, account_uid);
}

/* What waits in the outbox (InboxOutboxItem*), due first. A small read: the outbox holds what
 * one person is sending, not a mailbox. */
GPtrArray *
inbox_sender_list (InboxSender  *self,
                   GError      **error)
{
  g_return_val_if_fail (INBOX_IS_SENDER (self), NULL);

  return inbox_store_list_outbox_sync (self->store, FALSE, error);
}

/* --- object ---------------------------------------------------------------------------------- */

InboxSender *
inbox_sender_new (InboxSession *session,
                  InboxStore   *store)
{
  InboxSender *self = g_object_new (INBOX_TYPE_SENDER, NULL);

  self->session = g_object_ref (session);
  self->store = g_object_ref (store);
  self->outbox = inbox_outbox_new (session, store);
  return self;
}

static void
inbox_sender_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  InboxSender *self = INBOX_SENDER (object);

  switch (prop_id)
    {
    case PROP_WAITING:
      g_value_set_uint (value, self->waiting);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
inbox_sender_dispose (GObject *object)
{
  InboxSender *self = INBOX_SENDER (object);

  inbox_sender_stop (self);
  g_clear_object (&self->outbox);
  g_clear_object (&self->session);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (inbox_sender_parent_class)->dispose (object);
}

static void
inbox_sender_finalize (GObject *object)
{
  InboxSender *self = INBOX_SENDER (object);

  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  g_queue_clear_full (&self->fetched, (GDestroyNotify) fetched_free);
  g_mutex_clear (&self->fetched_lock);
  g_clear_object (&self->cancellable);
  g_hash_table_unref (self->known_failed);
  g_hash_table_unref (self->refused);
  G_OBJECT_CLASS (inbox_sender_parent_class)->finalize (object);
}

static void
inbox_sender_class_init (InboxSenderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = inbox_sender_get_property;
  object_class->dispose = inbox_sender_dispose;
  object_class->finalize = inbox_sender_finalize;

  properties[PROP_WAITING] = g_param_spec_uint ("waiting", NULL, NULL, 0, G_MAXUINT, 0,
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * InboxSender::changed:
   *
   * The outbox's contents or states changed.
   */
  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * InboxSender::sent:
   *
   * Messages went out in the last pass (their copies are in Sent).
   */
  signals[SIGNAL_SENT] = g_signal_new ("sent", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * InboxSender::password-refused:
   * @account_uid: the account
   *
   * The account's SMTP server refused its password (or the keyring has none): its messages wait
   * until it is entered again (inbox_sender_get_password_refusal() says why).
   */
  signals[SIGNAL_PASSWORD_REFUSED] = g_signal_new ("password-refused", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * InboxSender::failed:
   * @id: the outbox row
   * @subject: the message's subject
   * @error: why, in the server's words
   */
  signals[SIGNAL_FAILED] = g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_INT64, G_TYPE_STRING, G_TYPE_STRING);
}

static void
inbox_sender_init (InboxSender *self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  g_mutex_init (&self->fetched_lock);
  self->cancellable = g_cancellable_new ();
  self->known_failed = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->refused = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}
