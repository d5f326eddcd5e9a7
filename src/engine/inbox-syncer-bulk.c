/* inbox-syncer-bulk.c: one folder reconciled on the bulk connection alone (inbox-imap-fetch.c).
 *
 * EXAMINE tells whether the folder changed since its last complete sync (UIDVALIDITY, UIDNEXT,
 * EXISTS, HIGHESTMODSEQ, kept with the history setting in folders.sync_state); a new UIDVALIDITY
 * makes the store forget the folder's UIDs. A first sync fetches the newest 100 by sequence number,
 * then lists the folder; a resync with CONDSTORE asks only what changed. New mail is fetched
 * newest first, flag changes and removals are written in batches, as inbox-syncer.c does from
 * Camel's summary.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>

#include "inbox-syncer-private.h"

typedef struct {
  gint64 folder_id;
  guint32 uidvalidity;    /* what EXAMINE said now */
  const char *state_key;  /* what EXAMINE said now, or NULL */
  guint32 stored;         /* the UIDVALIDITY the store has, 0 for none yet */
  gboolean unchanged;     /* state_key is what the last complete sync saw, and no action waits */
  char *previous_key;     /* what the last complete sync saw, when no action waits; or NULL */
} ValidityJob;

/* On a reader, so that it does not wait for the writer (still storing the last folder's last
 * batch): what the store knows of the folder. */
static gboolean
read_validity (InboxDb   *db,
               gpointer   user_data,
               GError   **error)
{
  ValidityJob *job = user_data;
  /* A waiting action may have changed the store in a way only a listing puts right if the server
   * refuses it, so then the folder is listed whatever EXAMINE says. */
  sqlite3_stmt *stmt = inbox_db_prepare (db,
      "SELECT f.uidvalidity, f.sync_state, "
      "  EXISTS (SELECT 1 FROM pending_actions p WHERE p.account_id = f.account_id) "
      "FROM folders f WHERE f.id = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, job->folder_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      job->stored = (guint32) sqlite3_column_int64 (stmt, 0);
      job->unchanged = job->state_key != NULL && sqlite3_column_int (stmt, 2) == 0 &&
                       g_strcmp0 ((const char *) sqlite3_column_text (stmt, 1), job->state_key) == 0;
      if (sqlite3_column_int (stmt, 2) == 0)
        job->previous_key = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
    }
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
store_uidvalidity (InboxStoreTxn  *txn,
                   gpointer        user_data,
                   GError        **error)
{
  ValidityJob *job = user_data;
  sqlite3_stmt *stmt = inbox_db_prepare (txn->db, "UPDATE folders SET uidvalidity = ? WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, job->uidvalidity);
  sqlite3_bind_int64 (stmt, 2, job->folder_id);
  return inbox_db_step_done (txn->db, stmt, error);
}

/* New UIDVALIDITY: every UID we know in the folder may now name another message. Forget them all;
 * the messages come back under their new UIDs (stored once, so nothing is lost). */
static gboolean
reset_uidvalidity (InboxStoreTxn  *txn,
                   gpointer        user_data,
                   GError        **error)
{
  ValidityJob *job = user_data;

  return inbox_store_txn_empty_folder (txn, job->folder_id, error) && store_uidvalidity (txn, job, error);
}

/* A folder's first UIDVALIDITY is written behind whatever the writer is doing, in order before the
 * folder's messages. Should it fail, the next sync finds none stored and writes it then. */
static void
uidvalidity_stored (GError   *error,
                    gpointer  user_data)
{
  if (error != NULL)
    g_warning ("Cannot store a folder's UIDVALIDITY: %s", error->message);
  g_free (user_data);
}

/* The state the last complete sync saw, when a resync can ask only for what changed since: same
 * UIDVALIDITY and history setting, and a mod-sequence on both sides. */
static gboolean
parse_previous_state (const char                 *previous_key,
                      const InboxImapFolderState *now,
                      const char                 *history,
                      InboxImapFolderState       *since)
{
  char previous_history[16] = "";

  *since = (InboxImapFolderState) { 0 };
  if (previous_key == NULL || now->highest_modseq == 0 ||
      sscanf (previous_key, "%u %u %u %" G_GUINT64_FORMAT " %15s", &since->uidvalidity, &since->uidnext,
              &since->exists, &since->highest_modseq, previous_history) != 5 ||
      since->uidvalidity != now->uidvalidity || since->highest_modseq == 0 || since->uidnext == 0 ||
      g_strcmp0 (previous_history, history) != 0)
    {
      *since = (InboxImapFolderState) { 0 };
      return FALSE;
    }
  return TRUE;
}

/* Asks the server (on the bulk connection) for the folder's UIDVALIDITY and resets what the store
 * knows of the folder when it changed. Without the bulk connection Camel alone copes.
 * *state_key is what EXAMINE said (NULL without CONDSTORE), and *unchanged TRUE when it is what the
 * last complete sync of the folder saw. *since is that last state when only what changed after it
 * needs asking for (else zeroes), and *now what EXAMINE said. */
gboolean
inbox_syncer_check_uidvalidity (InboxSyncer          *self,
                                Folder               *folder,
                                char                **state_key,
                                gboolean             *unchanged,
                                InboxImapFolderState *since,
                                InboxImapFolderState *now,
                                GCancellable         *cancellable,
                                GError              **error)
{
  InboxImapFetch *fetch = inbox_imap_fetch_can_name (folder->full_name) ? inbox_syncer_bulk_fetcher (self, cancellable) : NULL;
  g_autoptr(GError) examine_error = NULL;
  InboxImapFolderState state;
  ValidityJob job = { folder->id };
  gboolean reset;

  *state_key = NULL;
  *unchanged = FALSE;
  *since = (InboxImapFolderState) { 0 };
  *now = (InboxImapFolderState) { 0 };
  if (fetch == NULL)
    return TRUE;
  if (!inbox_imap_fetch_examine_sync (fetch, folder->full_name, &state, cancellable, &examine_error) ||
      state.uidvalidity == 0)
    {
      g_debug ("No UIDVALIDITY for %s: %s", folder->full_name, examine_error != NULL ? examine_error->message : "none");
      return TRUE;
    }
  /* Flag changes move HIGHESTMODSEQ, new mail UIDNEXT, expunges EXISTS; the history setting decides
   * what was fetched. Without a mod-sequence nothing shows flag changes, so the folder is listed. */
  if (state.highest_modseq > 0)
    *state_key = g_strdup_printf ("%u %u %u %" G_GUINT64_FORMAT " %s", state.uidvalidity, state.uidnext,
                                  state.exists, state.highest_modseq, self->config->history);
  job.uidvalidity = state.uidvalidity;
  job.state_key = *state_key;
  if (!inbox_store_read (self->store, read_validity, &job, error))
    return FALSE;
  reset = job.stored != 0 && job.stored != job.uidvalidity;
  if (reset)
    {
      g_clear_pointer (&job.previous_key, g_free);
      job.unchanged = FALSE;
      if (!inbox_store_write_sync (self->store, reset_uidvalidity, &job, error))
        return FALSE;
      g_message ("UIDVALIDITY of %s changed: its messages are fetched again", folder->full_name);
    }
  else if (job.stored == 0)
    {
      ValidityJob *first = g_new0 (ValidityJob, 1);

      first->folder_id = job.folder_id;
      first->uidvalidity = job.uidvalidity;
      inbox_store_write_queue (self->store, store_uidvalidity, first, uidvalidity_stored, first);
    }
  *unchanged = job.unchanged;
  *now = state;
  if (!reset)
    parse_previous_state (job.previous_key, &state, self->config->history, since);
  g_free (job.previous_key);
  return TRUE;
}

static int
by_value_descending (gconstpointer a,
                     gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;
  return x < y ? 1 : x > y ? -1 : 0;
}

/* What changed since the last complete sync (`since`, with CONDSTORE), without listing the folder:
 * the messages from its UIDNEXT on, the older ones whose flags changed after its mod-sequence
 * (CHANGEDSINCE), and, only when the counts say something was expunged, which older UIDs are left
 * (UID SEARCH). *present is NULL when nothing was expunged. At 100,000 messages a full listing is
 * several MB; this is a few lines. */
static gboolean
list_changes (InboxSyncer                *self,
              const InboxImapFolderState *since,
              const InboxImapFolderState *now,
              GHashTable                 *known,
              GArray                     *uids,
              GHashTable                 *flags,
              GHashTable                 *dates,
              GHashTable                **present,
              GCancellable               *cancellable,
              GError                    **error)
{
  g_autofree char *newer = g_strdup_printf ("%u:*", since->uidnext);
  g_autofree char *older = since->uidnext > 1 ? g_strdup_printf ("1:%u", since->uidnext - 1) : NULL;
  g_autoptr(GArray) new_uids = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint new_count = 0;

  *present = NULL;
  if (!inbox_imap_fetch_list_sync (self->fetch, newer, 0, new_uids, flags, dates, cancellable, error))
    return FALSE;
  /* "N:*" names the last message even when its UID is below N. One we stored already (an action's
   * copy) is not counted twice. */
  for (guint i = 0; i < new_uids->len; i++)
    {
      gint64 uid = g_array_index (new_uids, gint64, i);

      if (uid < (gint64) since->uidnext)
        continue;
      g_array_append_val (uids, uid);
      if (!g_hash_table_contains (known, GSIZE_TO_POINTER (uid)))
        new_count++;
    }
  if (older != NULL &&
      !inbox_imap_fetch_list_sync (self->fetch, older, since->highest_modseq, uids, flags, dates, cancellable, error))
    return FALSE;
  /* Every message there is one we know or one just listed: nothing was expunged. */
  if (g_hash_table_size (known) + new_count == now->exists)
    return TRUE;
  *present = g_hash_table_new (NULL, NULL);
  for (guint i = 0; i < uids->len; i++)
    g_hash_table_add (*present, GSIZE_TO_POINTER (g_array_index (uids, gint64, i)));
  /* A folder empty at the last sync (UIDNEXT 1) has no older UIDs: what was just listed is all it
   * holds, and what else the store has there is gone (the placeholder of a move whose replay the
   * server named no UID for lingered beside the real one). */
  return older == NULL || inbox_imap_fetch_search_sync (self->fetch, older, *present, cancellable, error);
}

/* A folder synced on the bulk connection alone: one `UID FETCH 1:* (UID FLAGS INTERNALDATE)`
 * lists it (or, on a resync with CONDSTORE, list_changes asks for what changed), and it is
 * reconciled with the store as Camel's summary would be (new mail newest first, flag changes,
 * removals), without Camel's header sync (1.6 s for 20,000 here; it happens later, when IDLE or an
 * action needs Camel's summary). *listed is FALSE when the listing could not be had: the caller
 * then goes Camel's way. */
gboolean
inbox_syncer_sync_folder_bulk (InboxSyncer                *self,
                               CamelFolder                *camel_folder,
                               Folder                     *folder,
                               GHashTable                 *known,
                               gint64                      cutoff,
                               const char                 *state_key,
                               const InboxImapFolderState *since,
                               const InboxImapFolderState *now,
                               gboolean                   *listed,
                               GCancellable               *cancellable,
                               GError                    **error)
{
  g_autoptr(GHashTable) present = NULL;  /* what is left on the server, for removals; NULL: the listing */
  g_autoptr(GHashTable) early = g_hash_table_new (NULL, NULL);  /* stored before the listing */
  gboolean incremental = since->highest_modseq > 0;
  guint early_count = 0;
  g_autoptr(GArray) uids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) wanted = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GHashTable) flags = g_hash_table_new (NULL, NULL);
  g_autoptr(GHashTable) dates = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func ((GDestroyNotify) inbox_syncer_change_free);
  g_autoptr(GError) list_error = NULL;
  guint fetched = 0;  /* counts the head start's too */
  gboolean remember;
  gboolean ok = TRUE;

  /* A first sync starts with the newest mail, by sequence number, before any listing (1.5 s at
   * 100,000 messages): the first conversations appear at once. With the whole history wanted it
   * fetches every message that way, and the folder is not listed at all: nothing is known to
   * compare, and UID, flags and INTERNALDATE come with each body (the listing took ~0.1 s of a
   * first sync of 20,000 here, the server busy and the client waiting). Within a history window
   * the listing's dates decide what to fetch. */
  if (!incremental && g_hash_table_size (known) == 0 && now->exists > 0)
    {
      Bulk head = { self, folder, changes, early, &early_count, now->exists, cutoff };
      g_autoptr(GError) head_error = NULL;

      if (!inbox_imap_fetch_newest_sync (self->fetch, now->exists, cutoff > 0 ? FIRST_BATCH_SIZE : now->exists,
                                         inbox_syncer_on_bulk_message, &head, cancellable, &head_error))
        {
          if (head_error->domain == INBOX_STORE_ERROR || g_error_matches (head_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            {
              g_propagate_error (error, g_steal_pointer (&head_error));
              return FALSE;
            }
          /* What came is kept; the listing (or Camel, when the connection is gone) does the rest. */
          g_message ("Fetching %s newest first stopped after %u messages: %s", folder->full_name, early_count,
                     head_error->message);
        }
      if (!inbox_syncer_flush_changes (self, folder->id, changes, error))
        return FALSE;
      inbox_syncer_report_progress (self, folder->full_name, early_count, now->exists);
      /* Every message came (none over the size held in memory, no error): the folder is whole. */
      if (early_count == now->exists && cutoff == 0)
        {
          *listed = TRUE;
          return inbox_syncer_flush_last (self, folder->id, changes, state_key, error);
        }
    }

  if (incremental)
    {
      *listed = list_changes (self, since, now, known, uids, flags, dates, &present, cancellable, &list_error);
      self->stats.incremental += *listed ? 1 : 0;
    }
  else
    *listed = inbox_imap_fetch_list_sync (self->fetch, "1:*", 0, uids, flags, dates, cancellable, &list_error);
  if (!*listed)
    {
      if (g_error_matches (list_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&list_error));
          return FALSE;
        }
      g_message ("Cannot list %s on the bulk connection: %s", folder->full_name, list_error->message);
      g_clear_pointer (&self->fetch, inbox_imap_fetch_close);
      self->fetch_failed = TRUE;
      return TRUE;
    }

  g_array_sort (uids, by_value_descending);  /* newest first */
  for (guint i = 0; ok && i < uids->len; i++)
    {
      gint64 uid = g_array_index (uids, gint64, i);
      guint server_flags = GPOINTER_TO_UINT (g_hash_table_lookup (flags, GSIZE_TO_POINTER (uid)));
      gpointer stored = g_hash_table_lookup (known, GSIZE_TO_POINTER (uid));
      gint64 *date = g_hash_table_lookup (dates, GSIZE_TO_POINTER (uid));

      if (stored == NULL && g_hash_table_contains (early, GSIZE_TO_POINTER (uid)))
        continue;  /* stored by the head start */
      if (stored == NULL)
        {
          if (cutoff > 0 && date != NULL && *date > 0 && *date < cutoff)
            continue;  /* outside the history window */
          g_array_append_val (wanted, uid);
        }
      else if (GPOINTER_TO_UINT (stored) - 1 != server_flags)
        {
          Change *change = g_new0 (Change, 1);
          change->uid = uid;
          change->flags = server_flags;
          self->stats.flags++;
          g_ptr_array_add (changes, change);
          if (changes->len >= BATCH_SIZE)
            ok = inbox_syncer_flush_changes (self, folder->id, changes, error);
        }
    }

  if (ok && wanted->len > 0)
    {
      fetched = early_count;
      inbox_syncer_report_progress (self, folder->full_name, fetched, early_count + wanted->len);
      ok = inbox_syncer_fetch_new (self, camel_folder, folder, wanted, flags, changes, &fetched, early_count + wanted->len,
                                   cancellable, error);
    }

  /* Incremental with no expunges (present is NULL): nothing to remove. */
  if (!incremental)
    ok = ok && inbox_syncer_queue_removals (self, folder, known, flags, changes, error);
  else if (present != NULL)
    ok = ok && inbox_syncer_queue_removals (self, folder, known, present, changes, error);
  /* Remembered only when every wanted message is stored: one that could not be is tried again. */
  remember = state_key != NULL && (wanted->len == 0 || fetched == early_count + wanted->len);
  ok = ok && inbox_syncer_flush_last (self, folder->id, changes, remember ? state_key : NULL, error);
  if (ok && wanted->len > 0)
    inbox_syncer_report_progress (self, folder->full_name, fetched, early_count + wanted->len);
  return ok;
}
