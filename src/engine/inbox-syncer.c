/* inbox-syncer.c: one account's IMAP mail into the store, through Camel's imapx.
 *
 * A sync pass: connect; mirror the folder list (roles from SPECIAL-USE, else from the names other
 * servers use); then for each folder refresh Camel's summary and reconcile it with the store:
 * messages the store lacks are fetched newest first and stored (in batches, so conversations
 * appear as they come), flags that changed are updated, and UIDs gone from the server leave the
 * store (a message no folder holds any more is deleted; an emptied conversation disappears).
 *
 * Bodies come in bulk over a second connection (inbox-imap-fetch.c), a few hundred per command;
 * whatever that can't bring (a folder name it doesn't speak, a failure) comes through Camel, one
 * message at a time. A folder the bulk connection can list is reconciled there alone, without
 * Camel's header sync (inbox-syncer-bulk.c). Run it on a worker thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include <stdlib.h>
#include <string.h>

#include "inbox-camel-flags.h"
#include "inbox-secrets.h"
#include "inbox-syncer-private.h"
#include "inbox-writeback.h"

G_DEFINE_FINAL_TYPE (InboxSyncer, inbox_syncer, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATUS,
  PROP_ERROR_MESSAGE,
  PROP_PROGRESS_FOLDER,
  PROP_PROGRESS_DONE,
  PROP_PROGRESS_TOTAL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_PROGRESS,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Progress and status cross from the syncing thread to the syncer's main context. */
typedef struct {
  InboxSyncer *self;
  char *folder;
  guint done;
  guint total;
  gboolean is_status;
  InboxSyncStatus status;
  char *error_message;
} Report;

static void
report_free (gpointer data)
{
  Report *report = data;

  g_object_unref (report->self);
  g_free (report->folder);
  g_free (report->error_message);
  g_free (report);
}

/* The progress properties, on the main context; notified once all three are set. */
static void
set_progress (InboxSyncer *self,
              const char  *folder,
              guint        done,
              guint        total)
{
  gboolean changed = g_strcmp0 (folder, self->progress_folder) != 0;

  g_object_freeze_notify (G_OBJECT (self));
  if (changed)
    {
      g_free (self->progress_folder);
      self->progress_folder = g_strdup (folder);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS_FOLDER]);
    }
  if (done != self->progress_done)
    {
      self->progress_done = done;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS_DONE]);
    }
  if (total != self->progress_total)
    {
      self->progress_total = total;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS_TOTAL]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

static gboolean
deliver_report (gpointer data)
{
  Report *report = data;
  InboxSyncer *self = report->self;

  if (!report->is_status)
    {
      /* Said again unchanged (the head start's count is where the listed bodies start): once. */
      if (report->done == self->progress_done && report->total == self->progress_total &&
          g_strcmp0 (report->folder, self->progress_folder) == 0)
        return G_SOURCE_REMOVE;
      set_progress (self, report->folder, report->done, report->total);
      g_signal_emit (self, signals[SIGNAL_PROGRESS], 0, report->folder, report->done, report->total);
      return G_SOURCE_REMOVE;
    }

  g_free (self->error_message);
  self->error_message = g_steal_pointer (&report->error_message);
  self->status = report->status;
  /* A pass that ended downloads nothing any more. */
  if (self->status != INBOX_SYNC_STATUS_SYNCING)
    set_progress (self, NULL, 0, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_MESSAGE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
  return G_SOURCE_REMOVE;
}

static void
report (InboxSyncer *self,
        Report      *report)
{
  report->self = g_object_ref (self);
  inbox_context_defer (self->context, deliver_report, report, report_free);
}

void
inbox_syncer_report_progress (InboxSyncer *self,
                              const char  *folder,
                              guint        done,
                              guint        total)
{
  Report *progress = g_new0 (Report, 1);

  progress->folder = g_strdup (folder);
  progress->done = done;
  progress->total = total;
  report (self, progress);
}

static void
report_status (InboxSyncer     *self,
               InboxSyncStatus  status,
               const char      *error_message)
{
  Report *change = g_new0 (Report, 1);

  change->is_status = TRUE;
  change->status = status;
  change->error_message = g_strdup (error_message);
  report (self, change);
}

/* A refused change, said through the status (the window shows a new error message once as a
 * toast); the end of the pass sets the status again. */
static void
report_refusal (const char *text,
                gpointer    data)
{
  report_status (data, INBOX_SYNC_STATUS_ERROR, text);
}

/* --- messages ------------------------------------------------------------------------------- */

void
inbox_syncer_change_free (Change *change)
{
  inbox_parsed_message_free (change->parsed);
  g_free (change);
}

typedef struct {
  InboxSyncer *self;
  gint64 folder_id;
  GPtrArray *changes;
  char *state_key;   /* the folder's state to remember with these changes (folders.sync_state), or NULL */
} ChangesJob;

static gboolean
write_changes (InboxStoreTxn  *txn,
               gpointer        user_data,
               GError        **error)
{
  ChangesJob *job = user_data;
  gint64 account = inbox_store_txn_account_id (txn, job->self->config->uid, error);

  if (account == 0)
    return FALSE;
  for (guint i = 0; i < job->changes->len; i++)
    {
      Change *change = job->changes->pdata[i];
      gboolean ok;

      if (change->remove)
        ok = inbox_store_txn_remove_location (txn, job->folder_id, change->uid, error);
      else if (change->parsed == NULL)
        ok = inbox_store_txn_set_location_flags (txn, job->folder_id, change->uid, change->flags, error);
      else
        ok = inbox_store_txn_add_message (txn, account, job->folder_id, change->uid, change->flags, change->parsed, NULL, error);
      if (!ok)
        return FALSE;
    }
  if (job->state_key != NULL)
    {
      sqlite3_stmt *stmt = inbox_db_prepare (txn->db, "UPDATE folders SET sync_state = ? WHERE id = ?", error);

      if (stmt == NULL)
        return FALSE;
      inbox_db_bind_text (stmt, 1, job->state_key);
      sqlite3_bind_int64 (stmt, 2, job->folder_id);
      return inbox_db_step_done (txn->db, stmt, error);
    }
  return TRUE;
}

static void
changes_job_free (gpointer data)
{
  ChangesJob *job = data;

  g_ptr_array_unref (job->changes);
  g_free (job->state_key);
  g_free (job);
}

/* A folder's last batch, with the state to remember in the same transaction (when state_key is
 * not NULL): the state is kept only if the batch is, and every batch before it was (each push
 * waits for the one before and fails with its error). The caller does not wait for it, so that
 * the next folder's EXAMINE, head start and listing overlap with the writer storing it. */
gboolean
inbox_syncer_flush_last (InboxSyncer  *self,
                         gint64        folder_id,
                         GPtrArray    *changes,
                         const char   *state_key,
                         GError      **error)
{
  ChangesJob *job;

  if (changes->len == 0 && state_key == NULL)
    return TRUE;

  job = g_new0 (ChangesJob, 1);
  job->self = self;
  job->folder_id = folder_id;
  job->state_key = g_strdup (state_key);
  job->changes = g_ptr_array_new_full (changes->len, (GDestroyNotify) inbox_syncer_change_free);
  for (guint i = 0; i < changes->len; i++)
    g_ptr_array_add (job->changes, changes->pdata[i]);
  g_ptr_array_set_free_func (changes, NULL);
  g_ptr_array_set_size (changes, 0);
  g_ptr_array_set_free_func (changes, (GDestroyNotify) inbox_syncer_change_free);

  return inbox_store_pipeline_push (self->pipeline, write_changes, job, changes_job_free, error);
}

/* Hands the batch to the writer and returns once the previous batch is stored, so that fetching
 * and parsing go on while the writer works. */
gboolean
inbox_syncer_flush_changes (InboxSyncer  *self,
                            gint64        folder_id,
                            GPtrArray    *changes,
                            GError      **error)
{
  return inbox_syncer_flush_last (self, folder_id, changes, NULL, error);
}

/* UID → flags of what the store has in this folder. A placeholder (a negative UID: moved or copied
 * here, the server not yet asked) that a queued action still has to make real is left out: the
 * listing can't show it yet, and counting it gone removed the message's only location when the
 * user's Undo came in during a pass, after that pass had replayed the queue; the message was
 * deleted, then fetched again once the Undo was replayed, as a new conversation (its reader
 * closed, its selection lost). */
typedef struct {
  gint64 folder_id;
  GHashTable *known;
} KnownJob;

static gboolean
read_known (InboxDb   *db,
            gpointer   user_data,
            GError   **error)
{
  KnownJob *job = user_data;
  sqlite3_stmt *stmt = inbox_db_prepare (db,
      "SELECT l.uid, l.flags FROM message_locations l WHERE l.folder_id = ?1 AND NOT (l.uid < 0 AND EXISTS ("
      "  SELECT 1 FROM pending_actions a JOIN folders f ON f.id = ?1"
      "  WHERE a.account_id = f.account_id AND a.target_path = f.path AND a.target_uid = l.uid))", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, job->folder_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_insert (job->known, GSIZE_TO_POINTER (sqlite3_column_int64 (stmt, 0)),
                         GUINT_TO_POINTER (sqlite3_column_int (stmt, 1) + 1));  /* +1: never NULL */
  sqlite3_reset (stmt);
  return TRUE;
}

static int
by_uid_descending (gconstpointer a,
                   gconstpointer b)
{
  gint64 x = g_ascii_strtoll (*(const char **) a, NULL, 10);
  gint64 y = g_ascii_strtoll (*(const char **) b, NULL, 10);
  return x < y ? 1 : x > y ? -1 : 0;
}

/* The server, or the way to it, is gone (or no longer takes the password): every other message would
 * fail the same way, each after an attempt to connect of its own, so the pass stops and says so.
 * One message the server cannot give (expunged meanwhile, or broken on its side) is skipped. */
static gboolean
is_connection_lost (const GError *error)
{
  static const int io_codes[] = { G_IO_ERROR_BROKEN_PIPE, G_IO_ERROR_CONNECTION_CLOSED, G_IO_ERROR_NOT_CONNECTED,
                                  G_IO_ERROR_CANCELLED };

  if (inbox_account_error_is_unreachable (error) || inbox_account_error_is_authentication (error) ||
      g_error_matches (error, CAMEL_SERVICE_ERROR, CAMEL_SERVICE_ERROR_NOT_CONNECTED))
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (io_codes); i++)
    if (g_error_matches (error, G_IO_ERROR, io_codes[i]))
      return TRUE;
  return FALSE;
}

/* Camel's way, one round trip a message: for what the bulk fetch could not bring. */
static Change *
fetch_with_camel (InboxSyncer   *self,
                  CamelFolder   *camel_folder,
                  const char    *full_name,
                  gint64         uid,
                  guint          flags,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autofree char *uid_text = g_strdup_printf ("%" G_GINT64_FORMAT, uid);
  g_autoptr(GError) fetch_error = NULL;
  g_autoptr(CamelMimeMessage) message = camel_folder_get_message_sync (camel_folder, uid_text, cancellable, &fetch_error);
  Change *change;

  if (message == NULL)
    {
      /* Not lost: it stays on the server and the next pass tries again. */
      if (is_connection_lost (fetch_error))
        g_propagate_error (error, g_steal_pointer (&fetch_error));
      else
        g_message ("Cannot fetch message %s of %s: %s", uid_text, full_name, fetch_error->message);
      return NULL;
    }
  change = g_new0 (Change, 1);
  change->uid = uid;
  change->flags = flags;
  change->parsed = inbox_parsed_message_new_from_camel (message, 0, NULL, g_get_real_time () / G_USEC_PER_SEC);
  return change;
}

static gpointer
bulk_connect_main (gpointer data)
{
  InboxSyncer *self = data;
  g_autoptr(InboxSecretPassword) password = NULL;

  password = inbox_secrets_lookup_sync (self->config->uid, INBOX_SECRET_PROTOCOL_IMAP, self->bulk_cancellable,
                                        &self->bulk_error);
  if (password != NULL)
    self->bulk_connected = inbox_imap_fetch_connect_sync (self->config, password, self->bulk_cancellable,
                                                          &self->bulk_error);
  return NULL;
}

static void
pass_cancel_on (GCancellable *pass,
                gpointer      data)
{
  g_cancellable_cancel (data);
}

/* The bulk connection's password lookup, TLS handshake and login (~0.1–0.2 s) go on while Camel
 * connects and lists the folders, instead of after. */
static void
start_bulk_connect (InboxSyncer  *self,
                    GCancellable *cancellable)
{
  if (self->fetch != NULL || self->fetch_failed || self->bulk_connecting != NULL)
    return;
  self->bulk_cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    {
      self->bulk_pass = g_object_ref (cancellable);
      self->bulk_pass_handler = g_cancellable_connect (cancellable, G_CALLBACK (pass_cancel_on),
                                                       g_object_ref (self->bulk_cancellable), g_object_unref);
    }
  self->bulk_connecting = g_thread_new ("inbox-bulk-connect", bulk_connect_main, self);
}

/* What the connecting thread made (or NULL, with *error), once it is done; cancelled first when
 * it is not wanted any more. */
static InboxImapFetch *
join_bulk_connect (InboxSyncer  *self,
                   gboolean      cancel,
                   GError      **error)
{
  if (cancel)
    g_cancellable_cancel (self->bulk_cancellable);
  g_thread_join (g_steal_pointer (&self->bulk_connecting));
  if (self->bulk_pass != NULL)
    g_cancellable_disconnect (self->bulk_pass, self->bulk_pass_handler);
  self->bulk_pass_handler = 0;
  g_clear_object (&self->bulk_pass);
  g_clear_object (&self->bulk_cancellable);
  if (self->bulk_error != NULL)
    g_propagate_error (error, g_steal_pointer (&self->bulk_error));
  return g_steal_pointer (&self->bulk_connected);
}

InboxImapFetch *
inbox_syncer_bulk_fetcher (InboxSyncer   *self,
                           GCancellable  *cancellable)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(InboxSecretPassword) password = NULL;

  if (self->fetch != NULL || self->fetch_failed)
    return self->fetch;

  if (self->bulk_connecting != NULL)
    self->fetch = join_bulk_connect (self, FALSE, &error);
  else
    {
      password = inbox_secrets_lookup_sync (self->config->uid, INBOX_SECRET_PROTOCOL_IMAP, cancellable, &error);
      if (password != NULL)
        self->fetch = inbox_imap_fetch_connect_sync (self->config, password, cancellable, &error);
    }
  if (self->fetch == NULL)
    {
      /* Camel fetches instead (slower, but the same mail). */
      g_message ("Bulk fetch unavailable for %s: %s", self->config->email, error != NULL ? error->message : "no password");
      self->fetch_failed = TRUE;
    }
  return self->fetch;
}

gboolean
inbox_syncer_on_bulk_message (gint64    uid,
                              guint     flags,
                              gint64    internal_date,
                              GBytes   *message,
                              gpointer  user_data,
                              GError  **error)
{
  Bulk *bulk = user_data;
  Change *change;

  if (bulk->cutoff > 0 && internal_date > 0 && internal_date < bulk->cutoff)
    return TRUE;
  change = g_new0 (Change, 1);
  change->uid = uid;
  change->flags = flags;
  change->parsed = inbox_parsed_message_new_from_bytes (message, internal_date > 0 ? internal_date
                                                                                   : g_get_real_time () / G_USEC_PER_SEC);
  g_ptr_array_add (bulk->changes, change);
  g_hash_table_add (bulk->delivered, GSIZE_TO_POINTER (uid));
  bulk->self->stats.added++;
  bulk->self->stats.bulk++;
  (*bulk->fetched)++;

  /* Batches grow from FIRST_BATCH_SIZE, doubling, to BATCH_SIZE: with 1,000 right after the first
   * hundred, the writer sat idle for the half second it took to fetch and parse them (a first
   * sync's per-thread profile); now it starts on the next hundred at once. */
  if (bulk->changes->len < CLAMP (*bulk->fetched - bulk->changes->len, FIRST_BATCH_SIZE, BATCH_SIZE))
    return TRUE;
  inbox_syncer_report_progress (bulk->self, bulk->folder->full_name, *bulk->fetched, bulk->to_fetch);
  return inbox_syncer_flush_changes (bulk->self, bulk->folder->id, bulk->changes, error);
}

/* New messages' bodies, newest first: in bulk where possible, else (or for what bulk missed) Camel. */
gboolean
inbox_syncer_fetch_new (InboxSyncer   *self,
                        CamelFolder   *camel_folder,
                        Folder        *folder,
                        GArray        *wanted,
                        GHashTable    *wanted_flags,
                        GPtrArray     *changes,
                        guint         *fetched,
                        guint          to_fetch,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autoptr(GHashTable) delivered = g_hash_table_new (NULL, NULL);
  Bulk bulk = { self, folder, changes, delivered, fetched, to_fetch };
  gboolean camel_refreshed = FALSE;
  InboxImapFetch *fetch = inbox_imap_fetch_can_name (folder->full_name) ? inbox_syncer_bulk_fetcher (self, cancellable) : NULL;

  if (fetch != NULL)
    {
      g_autoptr(GError) bulk_error = NULL;
      InboxImapFolderState state;

      if (!inbox_imap_fetch_examine_sync (fetch, folder->full_name, &state, cancellable, &bulk_error) ||
          !inbox_imap_fetch_bodies_sync (fetch, wanted, inbox_syncer_on_bulk_message, &bulk, cancellable, &bulk_error))
        {
          if (bulk_error->domain == INBOX_STORE_ERROR || g_error_matches (bulk_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            {
              g_propagate_error (error, g_steal_pointer (&bulk_error));
              return FALSE;
            }
          g_message ("Bulk fetch of %s stopped: %s", folder->full_name, bulk_error->message);
          g_clear_pointer (&self->fetch, inbox_imap_fetch_close);
          self->fetch_failed = TRUE;
        }
    }

  for (guint i = 0; i < wanted->len; i++)
    {
      gint64 uid = g_array_index (wanted, gint64, i);
      GError *camel_error = NULL;
      Change *change;

      if (g_hash_table_contains (delivered, GSIZE_TO_POINTER (uid)))
        continue;
      /* The folders are listed on the bulk connection, so Camel's summary of this one may not know
       * the message yet ("No such message available"): refreshed once, before the first it fetches. */
      if (!camel_refreshed)
        {
          g_autoptr(GError) refresh_error = NULL;

          camel_refreshed = TRUE;
          if (!camel_folder_refresh_info_sync (camel_folder, cancellable, &refresh_error))
            {
              if (is_connection_lost (refresh_error))
                {
                  g_propagate_error (error, g_steal_pointer (&refresh_error));
                  return FALSE;
                }
              g_message ("Cannot refresh %s through Camel: %s", folder->full_name, refresh_error->message);
            }
        }
      change = fetch_with_camel (self, camel_folder, folder->full_name, uid,
                                 GPOINTER_TO_UINT (g_hash_table_lookup (wanted_flags, GSIZE_TO_POINTER (uid))),
                                 cancellable, &camel_error);
      if (camel_error != NULL)
        {
          g_propagate_error (error, camel_error);
          return FALSE;
        }
      if (change == NULL)
        continue;
      g_ptr_array_add (changes, change);
      self->stats.added++;
      (*fetched)++;
      if (changes->len >= BATCH_SIZE)
        {
          if (!inbox_syncer_flush_changes (self, folder->id, changes, error))
            return FALSE;
          inbox_syncer_report_progress (self, folder->full_name, *fetched, to_fetch);
        }
    }
  return TRUE;
}

/* What the store knows of the folder (known) and the server no longer has (not in on_server):
 * expunged or moved away. Queued as removals, written in batches. */
gboolean
inbox_syncer_queue_removals (InboxSyncer  *self,
                             Folder       *folder,
                             GHashTable   *known,
                             GHashTable   *on_server,
                             GPtrArray    *changes,
                             GError      **error)
{
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, known);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      Change *change;

      if (g_hash_table_contains (on_server, key))
        continue;
      change = g_new0 (Change, 1);
      change->uid = (gint64) GPOINTER_TO_SIZE (key);
      change->remove = TRUE;
      g_ptr_array_add (changes, change);
      self->stats.removed++;
      if (changes->len >= BATCH_SIZE && !inbox_syncer_flush_changes (self, folder->id, changes, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
sync_folder (InboxSyncer   *self,
             CamelStore    *store,
             Folder        *folder,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(CamelFolder) camel_folder = NULL;
  g_autoptr(GHashTable) known = g_hash_table_new (NULL, NULL);
  g_autoptr(GHashTable) on_server = g_hash_table_new (NULL, NULL);
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func ((GDestroyNotify) inbox_syncer_change_free);
  g_autoptr(GArray) wanted = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GHashTable) wanted_flags = g_hash_table_new (NULL, NULL);
  KnownJob known_job = { folder->id, known };
  gint64 cutoff = inbox_account_history_cutoff (self->config, g_get_real_time () / G_USEC_PER_SEC);
  guint to_fetch = 0, fetched = 0;
  GPtrArray *uids;
  g_autofree char *state_key = NULL;
  gboolean unchanged;
  InboxImapFolderState since, now;
  gboolean ok = TRUE;

  /* The folder's state first, on the bulk connection: an unchanged folder needs nothing from
   * Camel, whose folder objects can wait a second on its own work (saving a summary it read for
   * IDLE, the first minute after a start at 100,000 messages). */
  if (!inbox_syncer_check_uidvalidity (self, folder, &state_key, &unchanged, &since, &now, cancellable, error))
    return FALSE;
  if (unchanged)
    {
      self->stats.unchanged++;
      return TRUE;
    }
  camel_folder = camel_store_get_folder_sync (store, folder->full_name, 0, cancellable, error);
  if (camel_folder == NULL)
    return FALSE;
  if (!inbox_store_read (self->store, read_known, &known_job, error))
    return FALSE;

  if (self->fetch != NULL)
    {
      gboolean listed;

      if (!inbox_syncer_sync_folder_bulk (self, camel_folder, folder, known, cutoff, state_key, &since, &now, &listed,
                                          cancellable, error))
        return FALSE;
      if (listed)
        return TRUE;
    }

  if (!camel_folder_refresh_info_sync (camel_folder, cancellable, error))
    return FALSE;

  uids = camel_folder_get_uids (camel_folder);
  g_ptr_array_sort (uids, by_uid_descending);  /* newest first */
  for (guint i = 0; i < uids->len; i++)
    if (!g_hash_table_contains (known, GSIZE_TO_POINTER (g_ascii_strtoll (uids->pdata[i], NULL, 10))))
      to_fetch++;
  if (to_fetch > 0)
    inbox_syncer_report_progress (self, folder->full_name, 0, to_fetch);

  for (guint i = 0; ok && i < uids->len; i++)
    {
      const char *uid_text = uids->pdata[i];
      gint64 uid = g_ascii_strtoll (uid_text, NULL, 10);
      guint flags = flags_from_camel (camel_folder_get_message_flags (camel_folder, uid_text));
      gpointer stored = g_hash_table_lookup (known, GSIZE_TO_POINTER (uid));
      Change *change;

      g_hash_table_add (on_server, GSIZE_TO_POINTER (uid));
      if (stored != NULL && GPOINTER_TO_UINT (stored) - 1 == flags)
        continue;

      if (stored == NULL && cutoff > 0)
        {
          /* Outside the history window: not fetched (widening the window fetches it later). */
          g_autoptr(CamelMessageInfo) info = camel_folder_get_message_info (camel_folder, uid_text);
          gint64 date = 0;

          /* INTERNALDATE when Camel has it, else the Date header. */
          if (info != NULL)
            date = camel_message_info_get_date_received (info) > 0 ? camel_message_info_get_date_received (info)
                                                                    : camel_message_info_get_date_sent (info);
          if (date > 0 && date < cutoff)
            continue;
        }

      if (stored == NULL)
        {
          g_array_append_val (wanted, uid);
          g_hash_table_insert (wanted_flags, GSIZE_TO_POINTER (uid), GUINT_TO_POINTER (flags));
          continue;
        }

      change = g_new0 (Change, 1);
      change->uid = uid;
      change->flags = flags;
      self->stats.flags++;
      g_ptr_array_add (changes, change);
      if (changes->len >= BATCH_SIZE)
        ok = inbox_syncer_flush_changes (self, folder->id, changes, error);
    }
  camel_folder_free_uids (camel_folder, uids);

  ok = ok && inbox_syncer_flush_changes (self, folder->id, changes, error);
  if (ok && wanted->len > 0)
    ok = inbox_syncer_fetch_new (self, camel_folder, folder, wanted, wanted_flags, changes, &fetched, to_fetch, cancellable, error);

  ok = ok && inbox_syncer_queue_removals (self, folder, known, on_server, changes, error);
  ok = ok && inbox_syncer_flush_changes (self, folder->id, changes, error);
  /* The next folder reads what the store holds: this one's writes must be in. */
  ok = inbox_store_pipeline_wait (self->pipeline, ok ? error : NULL) && ok;
  if (ok && to_fetch > 0)
    inbox_syncer_report_progress (self, folder->full_name, fetched, to_fetch);
  return ok;
}

#define DISCONNECTED_AFTER (30 * 60 * G_USEC_PER_SEC)

static gboolean sync_pass (InboxSyncer *self, gboolean inbox_only, gboolean keep_connected,
                           GCancellable *cancellable, GError **error);

static InboxSyncStatus
failure_status (InboxSyncer  *self,
                const GError *error)
{
  gint64 now = g_get_monotonic_time ();

  if (self->failing_since == 0)
    self->failing_since = now;
  if (inbox_account_error_is_authentication (error))
    return INBOX_SYNC_STATUS_AUTHENTICATION_FAILED;
  /* A self-signed certificate replaced, or someone in the way: only the user can tell. */
  if (g_error_matches (error, INBOX_ACCOUNT_ERROR, INBOX_ACCOUNT_ERROR_CERTIFICATE))
    return INBOX_SYNC_STATUS_CERTIFICATE_UNTRUSTED;
  if (now - self->failing_since >= DISCONNECTED_AFTER)
    return INBOX_SYNC_STATUS_DISCONNECTED;
  return INBOX_SYNC_STATUS_ERROR;
}

#define MAX_INTERRUPTIONS 3     /* quick retries of an interrupted pass, then the usual poll */
#define INTERRUPTED_RETRY_SECONDS 2

/* For the integration tests only: with INBOX_SYNC_TEST_INTERRUPT naming a file that exists, the
 * next pass is cut off as Camel cuts one off (and the file removed, so only once). */
static gboolean
interrupted_for_test (GError **error)
{
  const char *file = g_getenv ("INBOX_SYNC_TEST_INTERRUPT");

  if (file == NULL || g_unlink (file) != 0)
    return FALSE;
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Operation was cancelled");
  return TRUE;
}

static gboolean
is_interruption (const GError *error,
                 GCancellable *cancellable)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && !g_cancellable_is_cancelled (cancellable);
}

static gboolean
run_pass (InboxSyncer   *self,
          gboolean       inbox_only,
          gboolean       keep_connected,
          gboolean       watching,
          GCancellable  *cancellable,
          GError       **error)
{
  GError *local_error = NULL;
  gboolean ok;

  report_status (self, INBOX_SYNC_STATUS_SYNCING, NULL);
  ok = !interrupted_for_test (&local_error) && sync_pass (self, inbox_only, keep_connected, cancellable, &local_error);
  if (ok)
    {
      self->failing_since = 0;
      self->interruptions = 0;
      report_status (self, INBOX_SYNC_STATUS_IDLE, NULL);
      return TRUE;
    }
  /* Cancelled, but not by whoever asked for the pass: Camel cut its own connection short (seen at
   * an app's start on a loaded machine, a first sync ending in "Operation was cancelled" and the
   * next try a minute later). A watch tries again shortly (see inbox_syncer_watch_sync) and the
   * account stays "syncing"; it is no fault to show. */
  if (watching && is_interruption (local_error, cancellable) && self->interruptions < MAX_INTERRUPTIONS)
    {
      self->interruptions++;
      g_propagate_error (error, local_error);
      return FALSE;
    }
  self->interruptions = 0;
  /* Stopped by whoever asked for the pass (the app quitting, the account removed): no fault either. */
  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && g_cancellable_is_cancelled (cancellable))
    {
      report_status (self, INBOX_SYNC_STATUS_IDLE, NULL);
      g_propagate_error (error, local_error);
      return FALSE;
    }
  /* A refused password met on a log-in after a dropped connection comes from Camel or the bulk
   * connection in their words: said here as adding the account says it. */
  if (inbox_account_error_is_authentication (local_error) && local_error->domain != INBOX_ACCOUNT_ERROR)
    {
      GError *explained = NULL;

      inbox_account_explain_imap_error (self->config, local_error, &explained);
      g_error_free (local_error);
      local_error = explained;
    }
  /* Camel, reconnecting on its own, says only "Unacceptable TLS certificate" (in GIO's domain or its
   * own): the session kept which. */
  else if (local_error->domain == G_TLS_ERROR || strstr (local_error->message, "TLS certificate") != NULL)
    {
      g_autofree char *service_uid = inbox_account_service_uid (self->config->uid, "imap");
      g_autofree char *rejected = inbox_session_dup_rejected_certificate (self->session, service_uid);

      if (rejected != NULL)
        {
          g_clear_error (&local_error);
          inbox_account_set_certificate_error (&local_error, "IMAP", self->config->imap_host, rejected);
        }
    }
  /* So is a server that can't be reached, whichever step met it first (often the replay of the
   * queued changes, which are kept). */
  else if (inbox_account_error_is_unreachable (local_error))
    {
      GError *explained = NULL;

      g_debug ("%s: %s", self->config->email, local_error->message);
      inbox_account_explain_unreachable (self->config->imap_host, self->config->imap_port, local_error,
                                         "Your changes wait until it is back.", &explained);
      g_error_free (local_error);
      local_error = explained;
    }
  report_status (self, failure_status (self, local_error), local_error->message);
  g_propagate_error (error, local_error);
  return FALSE;
}

/* One pass over every folder. Blocks on the network: run it on a worker thread. The status
 * property follows it (syncing, then idle or an error state) on the syncer's main context. */
gboolean
inbox_syncer_sync_sync (InboxSyncer   *self,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_return_val_if_fail (INBOX_IS_SYNCER (self), FALSE);

  return run_pass (self, FALSE, FALSE, FALSE, cancellable, error);
}

/* One pass as a watching syncer's poll makes it: the connections stay open afterwards (with IDLE on
 * INBOX), so the next pass pays no connect, TLS handshake or login. The benchmark's resync. */
gboolean
inbox_syncer_poll_sync (InboxSyncer   *self,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_return_val_if_fail (INBOX_IS_SYNCER (self), FALSE);

  return run_pass (self, FALSE, TRUE, FALSE, cancellable, error);
}

static void
drop_connection (InboxSyncer *self,
                 gboolean     clean)
{
  if (self->bulk_connecting != NULL)
    inbox_imap_fetch_close (join_bulk_connect (self, TRUE, NULL));
  g_clear_pointer (&self->fetch, inbox_imap_fetch_close);
  self->fetch_failed = FALSE;
  g_clear_pointer (&self->folders, g_ptr_array_unref);
  if (self->inbox != NULL)
    {
      g_clear_signal_handler (&self->inbox_changed_id, self->inbox);
      /* Camel read INBOX's summary for IDLE and goes on working on it in the background, for
       * seconds at 100,000 messages. A stop in the middle of that left Camel to do it again in
       * the next process (2 s more for its first pass, 3 runs in 3), so a clean stop lets Camel
       * finish and save it first (`synchronize` with nothing to write back, as every action's
       * flags were written back already: nothing goes to the server). Not with the server gone. */
      if (clean && self->service != NULL &&
          camel_service_get_connection_status (self->service) == CAMEL_SERVICE_CONNECTED)
        camel_folder_synchronize_sync (self->inbox, FALSE, NULL, NULL);
      g_clear_object (&self->inbox);
    }
  if (self->service != NULL)
    {
      camel_service_disconnect_sync (self->service, clean, NULL, NULL);
      g_clear_object (&self->service);
    }
}

static void
on_inbox_changed (CamelFolder            *folder,
                  CamelFolderChangeInfo  *changes,
                  gpointer                user_data)
{
  inbox_syncer_wake (user_data);
}

/* Asks a running watch for a pass now (on INBOX, after replaying queued actions): the UI calls
 * it after an action so that the server hears of it at once, not at the next poll. */
void
inbox_syncer_wake (InboxSyncer *self)
{
  g_return_if_fail (INBOX_IS_SYNCER (self));

  g_mutex_lock (&self->wake_lock);
  self->inbox_changed = TRUE;
  g_cond_signal (&self->wake);
  g_mutex_unlock (&self->wake_lock);
}

/* A full pass now, over every folder (Reconnect; mail just sent, whose copy is in Sent). */
void
inbox_syncer_wake_full (InboxSyncer *self)
{
  g_return_if_fail (INBOX_IS_SYNCER (self));

  g_mutex_lock (&self->wake_lock);
  self->inbox_changed = TRUE;
  self->full_requested = TRUE;
  self->folders_stale = TRUE;
  g_cond_signal (&self->wake);
  g_mutex_unlock (&self->wake_lock);
}

/* How long a watching syncer waits between full passes; a wait under way is measured again from
 * the end of the last pass. */
void
inbox_syncer_set_poll_interval (InboxSyncer *self,
                                guint        seconds)
{
  g_return_if_fail (INBOX_IS_SYNCER (self));

  g_mutex_lock (&self->wake_lock);
  self->poll_seconds = MAX (seconds, 1);
  g_cond_signal (&self->wake);
  g_mutex_unlock (&self->wake_lock);
}

static void
on_cancelled (GCancellable *cancellable,
              gpointer      user_data)
{
  InboxSyncer *self = user_data;

  g_mutex_lock (&self->wake_lock);
  g_cond_signal (&self->wake);
  g_mutex_unlock (&self->wake_lock);
}

/* Keeps syncing until cancelled: IDLE on INBOX wakes an INBOX pass as soon as the server reports a
 * change, and every poll_seconds (unless inbox_syncer_set_poll_interval said otherwise first, or
 * says so later) a full pass polls the other folders. A failed pass (server down) is retried at
 * the next poll; the status says what is wrong. Returns FALSE only if the store fails. */
gboolean
inbox_syncer_watch_sync (InboxSyncer   *self,
                         guint          poll_seconds,
                         GCancellable  *cancellable,
                         GError       **error)
{
  gulong cancel_id;
  gboolean inbox_only = FALSE;

  g_return_val_if_fail (INBOX_IS_SYNCER (self), FALSE);
  g_return_val_if_fail (G_IS_CANCELLABLE (cancellable), FALSE);

  g_mutex_lock (&self->wake_lock);
  if (self->poll_seconds == 0)
    self->poll_seconds = MAX (poll_seconds, 1);
  g_mutex_unlock (&self->wake_lock);

  cancel_id = g_cancellable_connect (cancellable, G_CALLBACK (on_cancelled), self, NULL);
  while (!g_cancellable_is_cancelled (cancellable))
    {
      g_autoptr(GError) pass_error = NULL;
      gint64 pass_end;

      g_mutex_lock (&self->wake_lock);
      self->inbox_changed = FALSE;
      g_mutex_unlock (&self->wake_lock);

      if (!run_pass (self, inbox_only && self->inbox_entry != NULL, TRUE, TRUE, cancellable, &pass_error))
        {
          if (pass_error->domain == INBOX_STORE_ERROR)
            {
              g_propagate_error (error, g_steal_pointer (&pass_error));
              break;
            }
          /* Expected out there (a dead server, a changed password): said on stderr and in the
           * status, not a warning, which would mean a bug. */
          if (self->interruptions > 0)
            g_message ("Sync of %s was interrupted (%s); trying again in %d s", self->config->email,
                       pass_error->message, INTERRUPTED_RETRY_SECONDS);
          else if (!g_cancellable_is_cancelled (cancellable))
            g_message ("Sync of %s failed: %s", self->config->email, pass_error->message);
          drop_connection (self, FALSE);
        }

      pass_end = g_get_monotonic_time ();
      g_mutex_lock (&self->wake_lock);
      while (!self->inbox_changed && !g_cancellable_is_cancelled (cancellable) &&
             g_cond_wait_until (&self->wake, &self->wake_lock,
                                pass_end + (gint64) (self->interruptions > 0 ? INTERRUPTED_RETRY_SECONDS : self->poll_seconds) *
                                           G_USEC_PER_SEC))
        ;
      inbox_only = self->inbox_changed && !self->full_requested;
      self->full_requested = FALSE;
      g_mutex_unlock (&self->wake_lock);
    }

  g_cancellable_disconnect (cancellable, cancel_id);
  drop_connection (self, TRUE);
  return error == NULL || *error == NULL;
}

static gboolean
ensure_connected (InboxSyncer   *self,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autofree char *service_uid = inbox_account_service_uid (self->config->uid, "imap");

  if (self->service != NULL && camel_service_get_connection_status (self->service) == CAMEL_SERVICE_CONNECTED)
    return TRUE;
  drop_connection (self, FALSE);
  start_bulk_connect (self, cancellable);

  self->service = inbox_account_add_service (self->session, service_uid, "imapx", CAMEL_PROVIDER_STORE,
                                             self->config->imap_host, self->config->imap_port, self->config->imap_security,
                                             self->config->imap_user != NULL ? self->config->imap_user : self->config->email,
                                             error);
  if (self->service == NULL)
    return FALSE;
  inbox_session_set_service_credentials (self->session, service_uid, NULL, self->config->pinned_certificate);
  if (!inbox_account_connect_service (self->session, self->service, cancellable, error))
    {
      g_clear_object (&self->service);
      return FALSE;
    }
  return TRUE;
}

/* Leaves INBOX selected, so that imapx IDLEs there, and listens for what IDLE reports. */
static gboolean
idle_on_inbox (InboxSyncer   *self,
               GCancellable  *cancellable,
               GError       **error)
{
  if (self->inbox_entry == NULL || self->inbox != NULL)
    return TRUE;
  self->inbox = camel_store_get_folder_sync (CAMEL_STORE (self->service), self->inbox_entry->full_name, 0,
                                             cancellable, error);
  if (self->inbox == NULL)
    return FALSE;
  self->inbox_changed_id = g_signal_connect (self->inbox, "changed", G_CALLBACK (on_inbox_changed), self);
  /* Once: it selects INBOX, and Camel then keeps IDLE going on it between its other commands.
   * Refreshing again every pass cost 150–250 ms at 100,000 messages (Camel walks and saves its
   * whole summary), and our own pass already lists what changed. */
  return camel_folder_refresh_info_sync (self->inbox, cancellable, error);
}

/* For the integration tests only: with INBOX_SYNC_TEST_HOLD naming a file, a pass waits after
 * replaying the queue for as long as that file exists, so that a test can act in between, as a
 * user may. */
static void
wait_for_test (InboxSyncer *self)
{
  const char *hold = g_getenv ("INBOX_SYNC_TEST_HOLD");

  if (hold == NULL || !g_file_test (hold, G_FILE_TEST_EXISTS))
    return;
  g_printerr ("inbox-syncer: held after the replay\n");
  while (g_file_test (hold, G_FILE_TEST_EXISTS))
    g_usleep (G_USEC_PER_SEC / 20);
}

/* The listed folders, INBOX first: it is what the user looks at. */
static gboolean
sync_folders (InboxSyncer   *self,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(GPtrArray) folders = g_ptr_array_ref (self->folders);
  gboolean ok = TRUE;

  self->stats.folders = folders->len;
  for (guint i = 0; ok && i < folders->len; i++)
    if (g_str_equal (((Folder *) folders->pdata[i])->role, "inbox"))
      {
        ok = sync_folder (self, CAMEL_STORE (self->service), folders->pdata[i], cancellable, error);
        g_clear_pointer (&self->inbox_entry, inbox_syncer_folder_free);
        self->inbox_entry = g_memdup2 (folders->pdata[i], sizeof (Folder));
        self->inbox_entry->full_name = g_strdup (((Folder *) folders->pdata[i])->full_name);
      }
  for (guint i = 0; ok && i < folders->len; i++)
    if (!g_str_equal (((Folder *) folders->pdata[i])->role, "inbox"))
      ok = sync_folder (self, CAMEL_STORE (self->service), folders->pdata[i], cancellable, error);
  return ok;
}

static gboolean
sync_pass (InboxSyncer   *self,
           gboolean       inbox_only,
           gboolean       keep_connected,
           GCancellable  *cancellable,
           GError       **error)
{
  gboolean ok = TRUE;

  memset (&self->stats, 0, sizeof self->stats);
  if (!ensure_connected (self, cancellable, error))
    return FALSE;
  if (self->pipeline == NULL)
    self->pipeline = inbox_store_pipeline_new (self->store);

  /* What the user did first, so that the server's state is the one to mirror. */
  ok = inbox_writeback_replay_sync (self->store, self->config, CAMEL_STORE (self->service), report_refusal, self,
                                    &self->stats.written_back, cancellable, error);
  wait_for_test (self);

  if (ok && inbox_only)
    ok = sync_folder (self, CAMEL_STORE (self->service), self->inbox_entry, cancellable, error);
  else if (ok)
    {
      g_autoptr(GError) folder_error = NULL;

      ok = inbox_syncer_list_folders (self, FALSE, cancellable, error) &&
           sync_folders (self, cancellable, &folder_error);
      /* A listing kept from an earlier pass may name a folder another client has removed since:
       * its sync fails. Once, the folders are listed again and the pass goes over those (after the
       * store has what the pass gave it so far; should that fail, its error is the one said). */
      if (!ok && folder_error != NULL && !self->stats.listed && !is_connection_lost (folder_error) &&
          !g_error_matches (folder_error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
          folder_error->domain != INBOX_STORE_ERROR)
        {
          g_debug ("A folder of %s failed (%s): listing the folders again", self->config->email,
                   folder_error->message);
          g_clear_error (&folder_error);
          ok = inbox_store_pipeline_wait (self->pipeline, error) &&
               inbox_syncer_list_folders (self, TRUE, cancellable, error) &&
               sync_folders (self, cancellable, &folder_error);
        }
      if (folder_error != NULL)
        g_propagate_error (error, g_steal_pointer (&folder_error));
    }
  /* A folder's last batch may still be on its way to the store (inbox_syncer_flush_last). */
  if (self->pipeline != NULL)
    ok = inbox_store_pipeline_wait (self->pipeline, ok ? error : NULL) && ok;

  if (ok && keep_connected)
    ok = idle_on_inbox (self, cancellable, error);
  if (!ok || !keep_connected)
    drop_connection (self, ok);
  return ok;
}

InboxSyncStatus
inbox_syncer_get_status (InboxSyncer *self)
{
  g_return_val_if_fail (INBOX_IS_SYNCER (self), INBOX_SYNC_STATUS_IDLE);
  return self->status;
}

/* The last pass's error, or NULL. */
/* The folder a pass downloads now and how far it is (the progress properties); FALSE between
 * passes and in passes that fetch nothing. */
gboolean
inbox_syncer_get_progress (InboxSyncer  *self,
                           const char  **folder,
                           guint        *done,
                           guint        *total)
{
  g_return_val_if_fail (INBOX_IS_SYNCER (self), FALSE);

  if (self->progress_folder == NULL || self->progress_total == 0)
    return FALSE;
  *folder = self->progress_folder;
  *done = self->progress_done;
  *total = self->progress_total;
  return TRUE;
}

const char *
inbox_syncer_get_error_message (InboxSyncer *self)
{
  g_return_val_if_fail (INBOX_IS_SYNCER (self), NULL);
  return self->error_message;
}

const InboxSyncStats *
inbox_syncer_get_stats (InboxSyncer *self)
{
  g_return_val_if_fail (INBOX_IS_SYNCER (self), NULL);
  return &self->stats;
}

InboxSyncer *
inbox_syncer_new (InboxSession              *session,
                  InboxStore                *store,
                  const InboxAccountConfig  *config)
{
  InboxSyncer *self = g_object_new (INBOX_TYPE_SYNCER, NULL);

  self->session = g_object_ref (session);
  self->store = g_object_ref (store);
  self->config = inbox_account_config_copy (config);
  return self;
}

static void
inbox_syncer_finalize (GObject *object)
{
  InboxSyncer *self = INBOX_SYNCER (object);

  g_clear_object (&self->session);
  g_clear_object (&self->store);
  g_clear_pointer (&self->config, inbox_account_config_free);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_free (self->error_message);
  g_free (self->progress_folder);
  g_clear_pointer (&self->inbox_entry, inbox_syncer_folder_free);
  g_clear_pointer (&self->folders, g_ptr_array_unref);
  if (self->inbox != NULL)
    g_clear_signal_handler (&self->inbox_changed_id, self->inbox);
  g_clear_object (&self->inbox);
  g_clear_object (&self->service);
  if (self->bulk_connecting != NULL)
    inbox_imap_fetch_close (join_bulk_connect (self, TRUE, NULL));
  g_clear_pointer (&self->fetch, inbox_imap_fetch_close);
  g_clear_pointer (&self->pipeline, inbox_store_pipeline_free);
  g_mutex_clear (&self->wake_lock);
  g_cond_clear (&self->wake);

  G_OBJECT_CLASS (inbox_syncer_parent_class)->finalize (object);
}

static void
inbox_syncer_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  InboxSyncer *self = INBOX_SYNCER (object);

  switch (prop_id)
    {
    case PROP_STATUS:
      g_value_set_int (value, self->status);
      break;
    case PROP_ERROR_MESSAGE:
      g_value_set_string (value, self->error_message);
      break;
    case PROP_PROGRESS_FOLDER:
      g_value_set_string (value, self->progress_folder);
      break;
    case PROP_PROGRESS_DONE:
      g_value_set_uint (value, self->progress_done);
      break;
    case PROP_PROGRESS_TOTAL:
      g_value_set_uint (value, self->progress_total);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
inbox_syncer_class_init (InboxSyncerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = inbox_syncer_finalize;
  object_class->get_property = inbox_syncer_get_property;

  properties[PROP_STATUS] = g_param_spec_int ("status", NULL, NULL, INBOX_SYNC_STATUS_IDLE, INBOX_SYNC_STATUS_CERTIFICATE_UNTRUSTED,
                                              INBOX_SYNC_STATUS_IDLE,
                                              G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR_MESSAGE] = g_param_spec_string ("error-message", NULL, NULL, NULL,
                                                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* While a pass downloads: the folder, how many of its messages are stored so far, and how many
   * it fetches (the "progress" signal, kept as properties); NULL, 0 and 0 between passes. */
  properties[PROP_PROGRESS_FOLDER] = g_param_spec_string ("progress-folder", NULL, NULL, NULL,
                                                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROGRESS_DONE] = g_param_spec_uint ("progress-done", NULL, NULL, 0, G_MAXUINT, 0,
                                                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROGRESS_TOTAL] = g_param_spec_uint ("progress-total", NULL, NULL, 0, G_MAXUINT, 0,
                                                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * InboxSyncer::progress:
   * @folder: the folder being fetched
   * @done: messages fetched so far in it
   * @total: messages to fetch in it
   *
   * Emitted on the syncer's main context as batches are stored.
   */
  signals[SIGNAL_PROGRESS] = g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                           NULL, G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_UINT, G_TYPE_UINT);
}

static void
inbox_syncer_init (InboxSyncer *self)
{
  self->context = g_main_context_ref_thread_default ();
  g_mutex_init (&self->wake_lock);
  g_cond_init (&self->wake);
}
