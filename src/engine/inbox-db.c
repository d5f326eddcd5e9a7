/* inbox-db.c: a SQLite connection with a statement cache.
 *
 * Statements are prepared once per connection and reset on every use, which matters at
 * import speed (tens of statements per message). A connection is used by one thread at a time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>

#include "inbox-db.h"

G_DEFINE_QUARK (inbox-store-error-quark, inbox_store_error)

struct _InboxDb
{
  sqlite3 *handle;
  GHashTable *statements;  /* const char *sql (static strings) → sqlite3_stmt */
};

/* INBOX_SQL_PROFILE=1: the time each statement took in all, printed to stderr at exit. For
 * finding where a benchmark's time goes (docs/benchmarks.md). */
typedef struct {
  gint64 nanoseconds;
  guint64 runs;
  int reprepares;
  int vm_steps;
} StatementCost;

static GMutex profile_lock;
static GHashTable *profile;  /* SQL text → StatementCost */

static int
compare_costs (gconstpointer a,
               gconstpointer b)
{
  const StatementCost *x = g_hash_table_lookup (profile, *(const char **) a);
  const StatementCost *y = g_hash_table_lookup (profile, *(const char **) b);
  return x->nanoseconds < y->nanoseconds ? 1 : x->nanoseconds > y->nanoseconds ? -1 : 0;
}

static void
print_profile (void)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  g_mutex_lock (&profile_lock);
  g_hash_table_iter_init (&iter, profile);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (keys, key);
  g_ptr_array_sort (keys, compare_costs);
  for (guint i = 0; i < keys->len && i < 25; i++)
    {
      StatementCost *cost = g_hash_table_lookup (profile, keys->pdata[i]);
      g_printerr ("%9.1f ms %8" G_GUINT64_FORMAT "x %6d re-prepared %8d steps  %.120s\n", cost->nanoseconds / 1e6,
                  cost->runs, cost->reprepares, cost->vm_steps, (char *) keys->pdata[i]);
    }
  g_mutex_unlock (&profile_lock);
}

static int
on_profile (unsigned  type,
            void     *context,
            void     *statement,
            void     *nanoseconds)
{
  const char *sql = sqlite3_sql (statement);
  StatementCost *cost;

  g_mutex_lock (&profile_lock);
  cost = g_hash_table_lookup (profile, sql);
  if (cost == NULL)
    g_hash_table_insert (profile, g_strdup (sql), cost = g_new0 (StatementCost, 1));
  cost->nanoseconds += *(sqlite3_int64 *) nanoseconds;
  cost->runs++;
  cost->reprepares = sqlite3_stmt_status (statement, SQLITE_STMTSTATUS_REPREPARE, 0);
  cost->vm_steps = MAX (cost->vm_steps, sqlite3_stmt_status (statement, SQLITE_STMTSTATUS_VM_STEP, 0));
  g_mutex_unlock (&profile_lock);
  return 0;
}

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

gboolean
inbox_db_set_error (InboxDb  *db,
                    int       rc,
                    GError  **error)
{
  const char *message = db != NULL ? sqlite3_errmsg (db->handle) : sqlite3_errstr (rc);

  switch (rc & 0xff)
    {
    case SQLITE_FULL:
      {
        /* SQLite's own words ("database or disk is full") add nothing; where the store is does. */
        const char *file = db != NULL ? sqlite3_db_filename (db->handle, "main") : NULL;
        g_autofree char *dir = file != NULL && *file != '\0' ? g_path_get_dirname (file) : NULL;

        if (dir != NULL)
          g_set_error (error, INBOX_STORE_ERROR, INBOX_STORE_ERROR_DISK_FULL,
                       "The disk is full: the mail store could not save changes. Free some space on the disk "
                       "that holds %s", dir);
        else
          g_set_error (error, INBOX_STORE_ERROR, INBOX_STORE_ERROR_DISK_FULL,
                       "The disk is full: the mail store could not save changes. Free some space");
      }
      break;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      g_set_error (error, INBOX_STORE_ERROR, INBOX_STORE_ERROR_CORRUPT,
                   "The mail store is damaged or is not an Inbox database (%s)", message);
      break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error (error, INBOX_STORE_ERROR, INBOX_STORE_ERROR_BUSY,
                   "The mail store is in use by another program (%s)", message);
      break;
    default:
      g_set_error (error, INBOX_STORE_ERROR, INBOX_STORE_ERROR_FAILED, "Mail store error: %s", message);
      break;
    }

  return FALSE;
}

/* SQLite counts every allocation under a global mutex unless told not to; nothing here reads
 * those counts, and the writer allocates for every row (~3 % of a first sync's CPU went to that
 * mutex). It only works before SQLite is first used in the process; later it changes nothing. */
static void
configure_sqlite_once (void)
{
  static gsize configured = 0;

  if (g_once_init_enter (&configured))
    {
      sqlite3_config (SQLITE_CONFIG_MEMSTATUS, 0);
      g_once_init_leave (&configured, 1);
    }
}

InboxDb *
inbox_db_open (const char  *path,
               gboolean     read_only,
               GError     **error)
{
  g_autoptr(InboxDb) db = g_new0 (InboxDb, 1);
  int flags = SQLITE_OPEN_NOMUTEX | (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  int rc;

  configure_sqlite_once ();
  /* Keyed by the SQL's address, not its text: every caller passes a string literal (see
   * inbox_db_prepare()), and hashing the text of each statement at each use was ~4 % of the
   * writer's time in a first sync. */
  db->statements = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, finalize_statement);
  rc = sqlite3_open_v2 (path, &db->handle, flags, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, INBOX_STORE_ERROR, INBOX_STORE_ERROR_FAILED,
                   "Cannot open the mail store %s: %s", path,
                   db->handle != NULL ? sqlite3_errmsg (db->handle) : sqlite3_errstr (rc));
      return NULL;
    }

  sqlite3_extended_result_codes (db->handle, 1);
  if (g_getenv ("INBOX_SQL_PROFILE") != NULL)
    {
      g_mutex_lock (&profile_lock);
      if (profile == NULL)
        {
          profile = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
          atexit (print_profile);
        }
      g_mutex_unlock (&profile_lock);
      sqlite3_trace_v2 (db->handle, SQLITE_TRACE_PROFILE, on_profile, NULL);
    }
  /* The writer holds its lock briefly; a reader or a second process waits instead of failing. */
  sqlite3_busy_timeout (db->handle, 5000);

  /* Temporary data (statement journals, sorts) in memory: with foreign keys on, a write that may
   * need rolling back opens a statement journal, and as a temp file that cost 160 µs a message
   * in the import benchmark. */
  if (!inbox_db_exec (db, "PRAGMA foreign_keys = ON", error) ||
      !inbox_db_exec (db, "PRAGMA temp_store = MEMORY", error))
    return NULL;

  return g_steal_pointer (&db);
}

void
inbox_db_close (InboxDb *db)
{
  if (db == NULL)
    return;

  g_clear_pointer (&db->statements, g_hash_table_unref);
  sqlite3_close_v2 (db->handle);
  g_free (db);
}

sqlite3 *
inbox_db_handle (InboxDb *db)
{
  return db->handle;
}

/* SQL must be a string that lives as long as the connection (a literal): it keys the cache. */
sqlite3_stmt *
inbox_db_prepare (InboxDb     *db,
                  const char  *sql,
                  GError     **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (db->statements, sql);
  int rc;

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  rc = sqlite3_prepare_v3 (db->handle, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      /* The statement is for whoever reads stderr, not for the person reading the message (the
       * reader showed "This message cannot be shown: SELECT m.id, f.body, …"). */
      g_message ("Cannot prepare %s: %s", sql, sqlite3_errmsg (db->handle));
      inbox_db_set_error (db, rc, error);
      return NULL;
    }

  g_hash_table_insert (db->statements, (gpointer) sql, stmt);
  return stmt;
}

gboolean
inbox_db_exec (InboxDb     *db,
               const char  *sql,
               GError     **error)
{
  int rc = sqlite3_exec (db->handle, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return inbox_db_set_error (db, rc, error);

  return TRUE;
}

/* Steps a statement that returns no rows (INSERT, UPDATE, DELETE) and resets it. */
gboolean
inbox_db_step_done (InboxDb       *db,
                    sqlite3_stmt  *stmt,
                    GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      inbox_db_set_error (db, rc, error);
      g_debug ("failed statement: %s", sqlite3_sql (stmt));
      sqlite3_reset (stmt);
      return FALSE;
    }

  sqlite3_reset (stmt);
  return TRUE;
}

/* Runs a statement that takes one id as ?1 and returns no rows. */
gboolean
inbox_db_run_with_id (InboxDb     *db,
                      const char  *sql,
                      gint64       id,
                      GError     **error)
{
  sqlite3_stmt *stmt = inbox_db_prepare (db, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  return inbox_db_step_done (db, stmt, error);
}

gint64
inbox_db_query_int (InboxDb    *db,
                    const char *sql,
                    gint64      fallback)
{
  sqlite3_stmt *stmt = inbox_db_prepare (db, sql, NULL);
  gint64 value = fallback;

  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  if (stmt != NULL)
    sqlite3_reset (stmt);

  return value;
}

void
inbox_db_bind_text (sqlite3_stmt *stmt,
                    int           index,
                    const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

const char *
inbox_db_column_text (sqlite3_stmt *stmt,
                      int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  return text != NULL ? text : "";
}
