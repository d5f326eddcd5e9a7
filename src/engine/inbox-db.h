/* inbox-db.h: a SQLite connection with a statement cache, and small helpers around it.
 * Engine-internal: nothing outside src/engine sees SQL.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

G_BEGIN_DECLS

#define INBOX_STORE_ERROR (inbox_store_error_quark ())

typedef enum {
  INBOX_STORE_ERROR_FAILED,
  INBOX_STORE_ERROR_TOO_NEW,     /* the database was written by a newer Inbox */
  INBOX_STORE_ERROR_DISK_FULL,
  INBOX_STORE_ERROR_NOT_FOUND,
  INBOX_STORE_ERROR_CORRUPT,
  INBOX_STORE_ERROR_BUSY,
  INBOX_STORE_ERROR_NO_FOLDER_ROLE, /* an action needs a role (Archive, Trash…) the account has no folder for */
} InboxStoreError;

GQuark inbox_store_error_quark (void);

typedef struct _InboxDb InboxDb;

InboxDb      *inbox_db_open          (const char    *path,
                                      gboolean       read_only,
                                      GError       **error);
void          inbox_db_close         (InboxDb       *db);
sqlite3      *inbox_db_handle        (InboxDb       *db);
sqlite3_stmt *inbox_db_prepare       (InboxDb       *db,
                                      const char    *sql,
                                      GError       **error);
gboolean      inbox_db_exec          (InboxDb       *db,
                                      const char    *sql,
                                      GError       **error);
gboolean      inbox_db_step_done     (InboxDb       *db,
                                      sqlite3_stmt  *stmt,
                                      GError       **error);
gboolean      inbox_db_set_error     (InboxDb       *db,
                                      int            rc,
                                      GError       **error);
gboolean      inbox_db_run_with_id   (InboxDb       *db,
                                      const char    *sql,
                                      gint64         id,
                                      GError       **error);
gint64        inbox_db_query_int     (InboxDb       *db,
                                      const char    *sql,
                                      gint64         fallback);
void          inbox_db_bind_text     (sqlite3_stmt  *stmt,
                                      int            index,
                                      const char    *text);
const char   *inbox_db_column_text   (sqlite3_stmt  *stmt,
                                      int            column);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (InboxDb, inbox_db_close)

G_END_DECLS
