/* inbox-store.c: the local mail store.
 *
 * One SQLite file per profile ($XDG_DATA_HOME/inbox/inbox.db) in WAL mode. Schema migrations are
 * the numbered .sql files of the engine's GResource, recorded in PRAGMA user_version; a database
 * from a newer Inbox is refused untouched.
 *
 * Only the engine writes, and only on the writer thread: jobs queue up and each runs in one
 * transaction, after which the conversations it touched are recomputed and the changes are
 * announced on the main context ("changed"). Readers borrow connections from a small pool.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

#include "inbox-conversations-private.h"
#include "inbox-engine-resources.h"
#include "inbox-store-private.h"

#define MIGRATIONS_PATH "/com/example/Inbox/sql"
#define MAX_IDLE_READERS 4

struct _InboxStore
{
  GObject parent_instance;

  char *path;
  GMainContext *context;   /* where "changed" is emitted */

  InboxDb *writer;         /* owned by the writer thread once it runs */
  GThread *writer_thread;
  GAsyncQueue *jobs;

  GMutex readers_lock;
  GPtrArray *idle_readers;

  gint background;         /* the writer should run at a background priority (atomic) */
  gint announced;          /* commits whose "changed" is on its way (atomic; the writer adds) */
  gint delivered;          /* of those, emitted on the main context */
};

G_DEFINE_FINAL_TYPE (InboxStore, inbox_store, G_TYPE_OBJECT)

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct {
  InboxStoreWriteFunc func;   /* NULL: stop the writer thread */
  gpointer user_data;
  GDestroyNotify user_data_free;
  GTask *task;                /* async jobs */
  InboxStoreDoneFunc on_done; /* queued jobs */
  gpointer done_data;
  GMutex lock;                /* sync jobs */
  GCond cond;
  gboolean done;
  gboolean ok;
  GError *error;
} WriteJob;

void
inbox_store_change_free (InboxStoreChange *change)
{
  g_free (change->mailbox);
  g_free (change);
}

/* --- migrations ----------------------------------------------------------------------------- */

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char **) a, *(const char **) b);
}

/* The migration files, sorted; their number is their position (001 → 1…). */
static GStrv
list_migrations (void)
{
  g_auto(GStrv) names = g_resource_enumerate_children (inbox_engine_get_resource (), MIGRATIONS_PATH,
                                                       G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  g_assert (names != NULL);
  qsort (names, g_strv_length (names), sizeof (char *), compare_names);
  for (guint i = 0; names[i] != NULL; i++)
    g_assert (g_ascii_strtoll (names[i], NULL, 10) == i + 1);

  return g_steal_pointer (&names);
}

int
inbox_store_get_latest_version (void)
{
  g_auto(GStrv) names = list_migrations ();

  return (int) g_strv_length (names);
}

/* Before anything writes to the file (even the switch to WAL): a newer schema is refused untouched. */
static gboolean
check_version (InboxDb     *db,
               const char  *path,
               GError     **error)
{
  int latest = inbox_store_get_latest_version ();
  int version = (int) inbox_db_query_int (db, "PRAGMA user_version", -1);

  if (version < 0)
    return inbox_db_set_error (db, sqlite3_errcode (inbox_db_handle (db)), error);

  if (version > latest)
    {
      g_set_error (error, INBOX_STORE_ERROR, INBOX_STORE_ERROR_TOO_NEW,
                   "The mail store %s was written by a newer version of Inbox (schema version %d; this "
                   "version knows up to %d). It was left untouched: update Inbox to open it.",
                   path, version, latest);
      return FALSE;
    }

  return TRUE;
}

static gboolean
migrate (InboxDb     *db,
         const char  *path,
         GError     **error)
{
  g_auto(GStrv) names = list_migrations ();
  int latest = (int) g_strv_length (names);
  int version = (int) inbox_db_query_int (db, "PRAGMA user_version", 0);

  /* A migration may rewrite whole tables (013 rebuilds the full-text index): SQLite's statement
   * journal and sorts then go to temporary files, not memory (400 MB at 100,000 messages). */
  if (version < latest && !inbox_db_exec (db, "PRAGMA temp_store = FILE", error))
    return FALSE;
  if (version > 0 && version < latest)
    g_message ("Upgrading the mail store %s from schema version %d to %d (once; a large mailbox takes a while)",
               path, version, latest);
  for (int i = version; i < latest; i++)
    {
      g_autofree char *resource = g_build_path ("/", MIGRATIONS_PATH, names[i], NULL);
      g_autoptr(GBytes) sql = g_resource_lookup_data (inbox_engine_get_resource (), resource,
                                                      G_RESOURCE_LOOKUP_FLAGS_NONE, error);
      g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %d", i + 1);

      if (sql == NULL)
        return FALSE;

      if (!inbox_db_exec (db, "BEGIN IMMEDIATE", error))
        return FALSE;
      if (!inbox_db_exec (db, g_bytes_get_data (sql, NULL), error) ||
          !inbox_db_exec (db, set_version, error) ||
          !inbox_db_exec (db, "COMMIT", error))
        {
          g_prefix_error (error, "Cannot upgrade the mail store to schema version %d (%s): ", i + 1, names[i]);
          inbox_db_exec (db, "ROLLBACK", NULL);
          return FALSE;
        }
    }

  return inbox_db_exec (db, "PRAGMA temp_store = MEMORY", error);
}

/* --- the writer thread ---------------------------------------------------------------------- */

typedef struct {
  InboxStore *store;
  GPtrArray *changes;
} EmitData;

static void
emit_data_free (gpointer data)
{
  EmitData *emit = data;

  g_object_unref (emit->store);
  g_ptr_array_unref (emit->changes);
  g_free (emit);
}

/* Runs func on context's own thread, always later. Not g_main_context_invoke(): when no thread
 * owns the context at that moment (the main thread busy between two iterations), it would run
 * func at once on the calling worker thread, and signal handlers meant for the main thread (GTK's
 * included) would run on the worker. */
void
inbox_context_defer (GMainContext   *context,
                     GSourceFunc     func,
                     gpointer        data,
                     GDestroyNotify  destroy)
{
  g_autoptr(GSource) source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, func, data, destroy);
  g_source_set_static_name (source, "[inbox] deferred to the main context");
  g_source_attach (source, context);
}

static gboolean
emit_changed (gpointer data)
{
  EmitData *emit = data;

  g_atomic_int_inc (&emit->store->delivered);
  g_signal_emit (emit->store, signals[SIGNAL_CHANGED], 0, emit->changes);
  return G_SOURCE_REMOVE;
}

static gboolean
run_job (InboxStore  *self,
         WriteJob    *job,
         GError     **error)
{
  InboxStoreTxn txn = {
    .store = self,
    .db = self->writer,
    .dirty_conversations = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL),
    .changes = g_ptr_array_new_with_free_func ((GDestroyNotify) inbox_store_change_free),
  };
  gboolean ok;

  ok = inbox_db_exec (self->writer, "BEGIN IMMEDIATE", error) &&
       job->func (&txn, job->user_data, error) &&
       inbox_store_txn_flush_contacts (&txn, error) &&
       inbox_conversations_flush (&txn, error) &&
       inbox_store_txn_flush_fts (&txn, error) &&
       inbox_db_exec (self->writer, "COMMIT", error);

  if (!ok)
    inbox_db_exec (self->writer, "ROLLBACK", NULL);
  /* Only when someone listens: a command-line import has no main loop to deliver to, and its
   * changes would pile up, one batch per commit. */
  else if (txn.changes->len > 0 && g_signal_has_handler_pending (self, signals[SIGNAL_CHANGED], 0, TRUE))
    {
      EmitData *emit = g_new0 (EmitData, 1);

      emit->store = g_object_ref (self);
      emit->changes = g_ptr_array_ref (txn.changes);
      g_atomic_int_inc (&self->announced);
      inbox_context_defer (self->context, emit_changed, emit, emit_data_free);
    }

  g_hash_table_unref (txn.dirty_conversations);
  g_ptr_array_unref (txn.changes);
  g_clear_pointer (&txn.contacts, g_hash_table_unref);
  g_clear_pointer (&txn.fts_rows, g_ptr_array_unref);
  return ok;
}

/* The calling thread yields the CPU to the rest of the process (nice 10): a sync keeps both
 * cores busy for seconds, and the window's main loop must still get them when it needs them. On
 * Linux a thread has its own nice value. Failing to lower it changes nothing but speed. */
void
inbox_thread_set_background (void)
{
#ifdef __linux__
  if (setpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid), 10) != 0)
    g_debug ("Cannot lower this thread's priority: %s", g_strerror (errno));
#endif
}

static gpointer
writer_thread_main (gpointer data)
{
  InboxStore *self = data;
  gboolean background = FALSE;

  for (;;)
    {
      WriteJob *job = g_async_queue_pop (self->jobs);
      GError *error = NULL;
      gboolean ok;

      if (!background && g_atomic_int_get (&self->background))
        {
          inbox_thread_set_background ();
          background = TRUE;
        }

      if (job->func == NULL)
        {
          g_free (job);
          break;
        }

      ok = run_job (self, job, &error);

      if (job->on_done != NULL)
        {
          job->on_done (ok ? NULL : error, job->done_data);
          g_clear_error (&error);
          g_free (job);
        }
      else if (job->task != NULL)
        {
          if (ok)
            g_task_return_boolean (job->task, TRUE);
          else
            g_task_return_error (job->task, error);
          g_object_unref (job->task);
          if (job->user_data_free != NULL)
            job->user_data_free (job->user_data);
          g_free (job);
        }
      else
        {
          g_mutex_lock (&job->lock);
          job->ok = ok;
          job->error = error;
          job->done = TRUE;
          g_cond_signal (&job->cond);
          g_mutex_unlock (&job->lock);
        }
    }

  return NULL;
}

/* Blocks the calling thread until the job ran. Never call it on the main loop's thread with a
 * large job: use inbox_store_write_async() there. */
gboolean
inbox_store_write_sync (InboxStore           *self,
                        InboxStoreWriteFunc   func,
                        gpointer              user_data,
                        GError              **error)
{
  WriteJob job = { .func = func, .user_data = user_data };
  gboolean ok;

  g_return_val_if_fail (INBOX_IS_STORE (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);
  g_return_val_if_fail (g_thread_self () != self->writer_thread, FALSE);

  g_mutex_init (&job.lock);
  g_cond_init (&job.cond);
  g_async_queue_push (self->jobs, &job);

  g_mutex_lock (&job.lock);
  while (!job.done)
    g_cond_wait (&job.cond, &job.lock);
  g_mutex_unlock (&job.lock);

  ok = job.ok;
  if (!ok)
    g_propagate_error (error, job.error);
  g_mutex_clear (&job.lock);
  g_cond_clear (&job.cond);
  return ok;
}

/* Queues a job without waiting; done runs on the writer thread afterwards. For pipelines (an
 * import parses the next batch while the writer stores this one) that run no main loop. */
void
inbox_store_write_queue (InboxStore           *self,
                         InboxStoreWriteFunc   func,
                         gpointer              user_data,
                         InboxStoreDoneFunc    done,
                         gpointer              done_data)
{
  WriteJob *job = g_new0 (WriteJob, 1);

  g_return_if_fail (INBOX_IS_STORE (self));
  g_return_if_fail (func != NULL && done != NULL);

  job->func = func;
  job->user_data = user_data;
  job->on_done = done;
  job->done_data = done_data;
  g_async_queue_push (self->jobs, job);
}

void
inbox_store_write_async (InboxStore           *self,
                         InboxStoreWriteFunc   func,
                         gpointer              user_data,
                         GDestroyNotify        user_data_free,
                         GCancellable         *cancellable,
                         GAsyncReadyCallback   callback,
                         gpointer              callback_data)
{
  WriteJob *job = g_new0 (WriteJob, 1);

  g_return_if_fail (INBOX_IS_STORE (self));

  job->func = func;
  job->user_data = user_data;
  job->user_data_free = user_data_free;
  job->task = g_task_new (self, cancellable, callback, callback_data);
  g_task_set_source_tag (job->task, inbox_store_write_async);
  g_async_queue_push (self->jobs, job);
}

gboolean
inbox_store_write_finish (InboxStore    *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --- pipelines ------------------------------------------------------------------------------ */

/* Jobs a pipeline may have queued before push waits. With one, the producer (a first sync's fetch
 * and parse) stopped whenever a batch took the writer longer than the next took to fetch (those
 * that join many stored conversations), and the writer then idled on the next batch that fetched
 * slowly; three let either run ahead. Measured together with the two other changes of the same
 * commit (jobs freed by the pusher; a first sync without listing): a first sync of 20,000 in twelve
 * alternating pairs, 3.15 -> 2.94 s median, ~9 MB more at its peak (docs/benchmarks.md). */
#define PIPELINE_DEPTH 3

struct _InboxStorePipeline
{
  InboxStore *store;
  GMutex lock;
  GCond cond;
  guint in_flight;        /* jobs queued and not yet done */
  GPtrArray *finished;    /* PipelineJobs done, to free on the pushing thread */
  GError *error;          /* the first failure, until someone waits */
  gboolean failed;        /* a job failed: those queued behind it are not run */
};

typedef struct {
  InboxStorePipeline *pipeline;
  InboxStoreWriteFunc func;
  gpointer user_data;
  GDestroyNotify user_data_free;
} PipelineJob;

/* On the writer thread. Once a job has failed (a full disk), the jobs queued behind it are not
 * run: a later batch stored after a lost one, or a folder's state saved as if complete behind it,
 * would make the next sync believe the folder whole. */
static gboolean
pipeline_job_run (InboxStoreTxn  *txn,
                  gpointer        data,
                  GError        **error)
{
  PipelineJob *job = data;
  gboolean failed;

  g_mutex_lock (&job->pipeline->lock);
  failed = job->pipeline->failed;
  g_mutex_unlock (&job->pipeline->lock);
  if (failed)
    {
      g_set_error_literal (error, INBOX_STORE_ERROR, INBOX_STORE_ERROR_FAILED, "Not stored: an earlier batch failed");
      return FALSE;
    }
  return job->func (txn, job->user_data, error);
}

static void
pipeline_job_free (PipelineJob *job)
{
  if (job->user_data_free != NULL)
    job->user_data_free (job->user_data);
  g_free (job);
}

/* On the writer thread. The job's data is freed on the thread that made it, at its next push or
 * wait: freed here, each of its thousands of blocks took the lock of that thread's malloc arena,
 * which that thread was busy allocating the next batch from (the writer waited on it ~600 times a
 * first sync of 20,000). */
static void
pipeline_job_done (GError   *error,
                   gpointer  data)
{
  PipelineJob *job = data;
  InboxStorePipeline *pipeline = job->pipeline;

  g_mutex_lock (&pipeline->lock);
  if (error != NULL && pipeline->error == NULL)
    pipeline->error = g_error_copy (error);
  pipeline->failed = pipeline->failed || error != NULL;
  pipeline->in_flight--;
  g_ptr_array_add (pipeline->finished, job);
  g_cond_signal (&pipeline->cond);
  g_mutex_unlock (&pipeline->lock);
}

InboxStorePipeline *
inbox_store_pipeline_new (InboxStore *store)
{
  InboxStorePipeline *pipeline = g_new0 (InboxStorePipeline, 1);

  pipeline->store = g_object_ref (store);
  g_mutex_init (&pipeline->lock);
  g_cond_init (&pipeline->cond);
  pipeline->finished = g_ptr_array_new_with_free_func ((GDestroyNotify) pipeline_job_free);
  return pipeline;
}

static gboolean
wait_for_room (InboxStorePipeline  *pipeline,
               guint                room,
               GError             **error)
{
  g_autoptr(GPtrArray) finished = NULL;
  gboolean ok;

  g_mutex_lock (&pipeline->lock);
  /* After a failure, every job queued behind it is let through (not run) before the caller hears
   * of it; what the caller pushes next runs again. */
  while (pipeline->in_flight > (pipeline->failed ? 0 : room))
    g_cond_wait (&pipeline->cond, &pipeline->lock);
  pipeline->failed = FALSE;
  ok = pipeline->error == NULL;
  if (!ok)
    g_propagate_error (error, g_steal_pointer (&pipeline->error));
  if (pipeline->finished->len > 0)
    {
      finished = g_steal_pointer (&pipeline->finished);
      pipeline->finished = g_ptr_array_new_with_free_func ((GDestroyNotify) pipeline_job_free);
    }
  g_mutex_unlock (&pipeline->lock);
  return ok;
}

/* Waits for every job in flight. FALSE, with its error, if a job failed. */
gboolean
inbox_store_pipeline_wait (InboxStorePipeline  *pipeline,
                           GError             **error)
{
  return wait_for_room (pipeline, 0, error);
}

/* Queues a job once there is room (PIPELINE_DEPTH). user_data is freed on this thread, at a later
 * push or wait. */
gboolean
inbox_store_pipeline_push (InboxStorePipeline   *pipeline,
                           InboxStoreWriteFunc   func,
                           gpointer              user_data,
                           GDestroyNotify        user_data_free,
                           GError              **error)
{
  PipelineJob *job;

  if (!wait_for_room (pipeline, PIPELINE_DEPTH - 1, error))
    {
      if (user_data_free != NULL)
        user_data_free (user_data);
      return FALSE;
    }

  job = g_new0 (PipelineJob, 1);
  job->pipeline = pipeline;
  job->func = func;
  job->user_data = user_data;
  job->user_data_free = user_data_free;
  g_mutex_lock (&pipeline->lock);
  pipeline->in_flight++;
  g_mutex_unlock (&pipeline->lock);
  inbox_store_write_queue (pipeline->store, pipeline_job_run, job, pipeline_job_done, job);
  return TRUE;
}

void
inbox_store_pipeline_free (InboxStorePipeline *pipeline)
{
  if (pipeline == NULL)
    return;
  inbox_store_pipeline_wait (pipeline, NULL);
  g_clear_pointer (&pipeline->finished, g_ptr_array_unref);
  g_clear_error (&pipeline->error);
  g_mutex_clear (&pipeline->lock);
  g_cond_clear (&pipeline->cond);
  g_object_unref (pipeline->store);
  g_free (pipeline);
}

/* --- readers -------------------------------------------------------------------------------- */

gboolean
inbox_store_read (InboxStore          *self,
                  InboxStoreReadFunc   func,
                  gpointer             user_data,
                  GError             **error)
{
  InboxDb *db = NULL;
  gboolean ok;

  g_return_val_if_fail (INBOX_IS_STORE (self), FALSE);

  g_mutex_lock (&self->readers_lock);
  if (self->idle_readers->len > 0)
    db = g_ptr_array_steal_index_fast (self->idle_readers, self->idle_readers->len - 1);
  g_mutex_unlock (&self->readers_lock);

  if (db == NULL)
    {
      db = inbox_db_open (self->path, FALSE, error);
      /* 8 MB of page cache (SQLite's default is 2 MB): a search for a common word reads long
       * FTS doclists, and the list's index pages are read for every page of rows. */
      if (db == NULL || !inbox_db_exec (db, "PRAGMA query_only = 1", error) ||
          !inbox_db_exec (db, "PRAGMA cache_size = -8192", error))
        {
          g_clear_pointer (&db, inbox_db_close);
          return FALSE;
        }
    }

  /* One read transaction: the function sees one consistent snapshot. */
  ok = inbox_db_exec (db, "BEGIN", error);
  ok = ok && func (db, user_data, error);
  inbox_db_exec (db, ok ? "COMMIT" : "ROLLBACK", NULL);

  g_mutex_lock (&self->readers_lock);
  if (self->idle_readers->len < MAX_IDLE_READERS)
    g_ptr_array_add (self->idle_readers, db);
  else
    inbox_db_close (db);
  g_mutex_unlock (&self->readers_lock);

  return ok;
}

typedef struct {
  gint64 id;
} ResolveData;

static gboolean
resolve_in_db (InboxDb   *db,
               gpointer   user_data,
               GError   **error)
{
  ResolveData *data = user_data;
  sqlite3_stmt *stmt = inbox_db_prepare (db, "SELECT new_id FROM conversation_aliases WHERE old_id = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, data->id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    data->id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return TRUE;
}

/* A conversation id that was merged into another resolves to the survivor. */
gint64
inbox_store_resolve_conversation (InboxStore *self,
                                  gint64      conversation_id)
{
  ResolveData data = { conversation_id };

  inbox_store_read (self, resolve_in_db, &data, NULL);
  return data.id;
}

/* --- the object ----------------------------------------------------------------------------- */

void
inbox_store_txn_touch_conversation (InboxStoreTxn *txn,
                                    gint64         conversation_id)
{
  g_hash_table_add (txn->dirty_conversations, g_memdup2 (&conversation_id, sizeof conversation_id));
}

char *
inbox_store_get_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "inbox", "inbox.db", NULL);
}

const char *
inbox_store_get_path (InboxStore *self)
{
  g_return_val_if_fail (INBOX_IS_STORE (self), NULL);

  return self->path;
}

InboxStore *
inbox_store_open (const char  *path,
                  GError     **error)
{
  g_autoptr(InboxStore) self = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *default_path = NULL;

  if (path == NULL)
    path = default_path = inbox_store_get_default_path ();

  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Cannot create the folder for the mail store %s: %s", dir, g_strerror (saved_errno));
      return NULL;
    }

  self = g_object_new (INBOX_TYPE_STORE, NULL);
  self->path = g_strdup (path);
  self->writer = inbox_db_open (path, FALSE, error);
  if (self->writer == NULL)
    return NULL;

  if (!check_version (self->writer, path, error) ||
      !inbox_db_exec (self->writer, "PRAGMA journal_mode = WAL", error) ||
      /* WAL + NORMAL: a crash loses at most the last transactions, never corrupts. */
      !inbox_db_exec (self->writer, "PRAGMA synchronous = NORMAL", error) ||
      /* Checkpoint (and fsync) every ~40 MB of WAL rather than every 4 MB: imports and first syncs
       * write hundreds of MB, and each checkpoint's fsync stalls the writer. */
      !inbox_db_exec (self->writer, "PRAGMA wal_autocheckpoint = 10000", error) ||
      /* 32 MB of page cache for the writer (SQLite's default is 2 MB): the indexes and the FTS
       * b-trees it updates for every message then stay in memory instead of being read again. */
      !inbox_db_exec (self->writer, "PRAGMA cache_size = -32768", error) ||
      !migrate (self->writer, path, error))
    return NULL;

  self->writer_thread = g_thread_new ("inbox-store-writer", writer_thread_main, self);
  return g_steal_pointer (&self);
}

static void
inbox_store_finalize (GObject *object)
{
  InboxStore *self = INBOX_STORE (object);

  if (self->writer_thread != NULL)
    {
      g_async_queue_push (self->jobs, g_new0 (WriteJob, 1));
      g_thread_join (self->writer_thread);
    }
  g_clear_pointer (&self->writer, inbox_db_close);
  g_clear_pointer (&self->jobs, g_async_queue_unref);
  g_clear_pointer (&self->idle_readers, g_ptr_array_unref);
  g_mutex_clear (&self->readers_lock);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_free (self->path);

  G_OBJECT_CLASS (inbox_store_parent_class)->finalize (object);
}

static void
inbox_store_class_init (InboxStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = inbox_store_finalize;

  /**
   * InboxStore::changed:
   * @changes: (element-type InboxStoreChange): what moved in which mailbox
   *
   * Emitted on the main context the store was opened on, after a write committed.
   */
  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_PTR_ARRAY);
}

static void
inbox_store_init (InboxStore *self)
{
  self->jobs = g_async_queue_new ();
  self->idle_readers = g_ptr_array_new_with_free_func ((GDestroyNotify) inbox_db_close);
  g_mutex_init (&self->readers_lock);
  self->context = g_main_context_ref_thread_default ();
}

/* For an app with a window: the writer runs at a background priority from its next job on
 * (inbox_thread_set_background), so that storing a sync's batches never starves the main loop. */
void
inbox_store_set_background (InboxStore *self)
{
  g_return_if_fail (INBOX_IS_STORE (self));

  g_atomic_int_set (&self->background, TRUE);
}

/* Whether commits are done whose "changed" has not been emitted yet: a reader then sees a state
 * newer than the changes delivered so far, so positions computed from it would not match them. */
gboolean
inbox_store_has_pending_changes (InboxStore *self)
{
  g_return_val_if_fail (INBOX_IS_STORE (self), FALSE);

  return g_atomic_int_get (&self->announced) != g_atomic_int_get (&self->delivered);
}
