/* store-fixture.c: a fresh mail store in a temp dir, fed real RFC 5322 text through the importer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "store-fixture.h"


static void
on_changed (InboxStore *store,
            GPtrArray  *changes,
            gpointer    user_data)
{
  Fixture *fixture = user_data;

  for (guint i = 0; i < changes->len; i++)
    {
      InboxStoreChange *change = changes->pdata[i];
      InboxStoreChange *copy = g_new0 (InboxStoreChange, 1);
      *copy = *change;
      copy->mailbox = g_strdup (change->mailbox);
      g_ptr_array_add (fixture->changes, copy);
    }
}

static void
change_free (gpointer data)
{
  InboxStoreChange *change = data;
  g_free (change->mailbox);
  g_free (change);
}

void
store_fixture_open (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  fixture->store = inbox_store_open (fixture->db_path, &error);
  g_assert_no_error (error);
  g_signal_connect (fixture->store, "changed", G_CALLBACK (on_changed), fixture);
}

void
store_fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->dir = g_dir_make_tmp ("inbox-test-store-XXXXXX", NULL);
  fixture->db_path = g_build_filename (fixture->dir, "inbox", "inbox.db", NULL);
  fixture->maildir = g_build_filename (fixture->dir, "Maildir", NULL);
  fixture->changes = g_ptr_array_new_with_free_func (change_free);
  store_fixture_open (fixture);
}

void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

void
store_fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->store);
  remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->db_path);
  g_free (fixture->maildir);
  g_ptr_array_unref (fixture->changes);
}

void
drain_main_context (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* Writes one message into the Maildir folder ("" is INBOX, "Sent" is .Sent), without importing it. */
void
store_fixture_write (Fixture    *fixture,
                     const char *folder,
                     gboolean    seen,
                     const char *text)
{
  g_autofree char *dot_folder = g_strconcat (".", folder, NULL);
  g_autofree char *folder_dir = *folder != '\0' ? g_build_filename (fixture->maildir, dot_folder, NULL)
                                                : g_strdup (fixture->maildir);
  g_autofree char *cur = g_build_filename (folder_dir, "cur", NULL);
  g_autofree char *name = g_strdup_printf ("%05u.test:2,%s", ++fixture->counter, seen ? "S" : "");
  g_autofree char *path = g_build_filename (cur, name, NULL);
  g_autoptr(GString) crlf = g_string_new (text);

  g_mkdir_with_parents (cur, 0700);
  g_string_replace (crlf, "\n", "\r\n", 0);
  g_assert_true (g_file_set_contents (path, crlf->str, -1, NULL));
}

/* Imports the whole Maildir (what is there already is recognised and skipped), then lets the
 * store's change notifications run. */
void
store_fixture_import (Fixture *fixture)
{
  g_autoptr(InboxImporter) importer = inbox_importer_new (fixture->store, "Local");
  g_autoptr(GError) error = NULL;

  g_assert_true (inbox_importer_import (importer, fixture->maildir, &error));
  g_assert_no_error (error);
  drain_main_context ();
}

void
deliver (Fixture    *fixture,
         const char *folder,
         gboolean    seen,
         const char *text)
{
  store_fixture_write (fixture, folder, seen, text);
  store_fixture_import (fixture);
}

GPtrArray *
list (Fixture    *fixture,
      const char *mailbox)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *conversations = inbox_store_list_conversations_sync (fixture->store, mailbox, 0, 1000, &error);

  g_assert_no_error (error);
  return conversations;
}

/* The conversation that holds a Message-ID, or 0. */
gint64
conversation_of (Fixture    *fixture,
                 const char *message_id)
{
  g_autoptr(GPtrArray) all = list (fixture, "all");

  for (guint i = 0; i < all->len; i++)
    {
      gint64 id = inbox_conversation_get_id (all->pdata[i]);
      g_auto(GStrv) ids = inbox_store_get_message_ids_sync (fixture->store, id, NULL);
      if (g_strv_contains ((const char * const *) ids, message_id))
        return id;
    }
  return 0;
}

