/* inbox-importer.c: .eml files, mbox files and Maildir folders into a local account.
 *
 * Parsing runs on the calling thread; every BATCH_SIZE messages go to the store's writer in one
 * transaction, and the next batch is parsed while the writer stores the last one. A message that can't be parsed cleanly is still stored, with its parse-error note,
 * and reported through the "problem" signal; only an unreadable file counts as failed.
 *
 * Folders: a Maildir's top level is INBOX; its Maildir++ subfolders (".Sent") and an mbox file
 * take their name (and, from it, their role); loose .eml files go to "Imported".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "inbox-importer.h"
#include "inbox-ingest.h"
#include "inbox-store-private.h"

#define BATCH_SIZE 1000

struct _InboxImporter
{
  GObject parent_instance;

  InboxStore *store;
  char *account_name;
  InboxImportStats stats;
  GPtrArray *batch;  /* Item* */
  InboxStorePipeline *pipeline;  /* one batch is written while the next is parsed */
};

G_DEFINE_FINAL_TYPE (InboxImporter, inbox_importer, G_TYPE_OBJECT)

enum {
  SIGNAL_PROBLEM,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct {
  InboxParsedMessage *parsed;
  char *folder;
  char *source;
  guint flags;
} Item;

static void
item_free (Item *item)
{
  inbox_parsed_message_free (item->parsed);
  g_free (item->folder);
  g_free (item->source);
  g_free (item);
}

const char *
inbox_folder_guess_role (const char *folder_name)
{
  static const struct { const char *name; const char *role; } names[] = {
    { "inbox", "inbox" },
    { "sent", "sent" }, { "sent messages", "sent" }, { "sent items", "sent" }, { "sent mail", "sent" },
    { "drafts", "drafts" }, { "draft", "drafts" },
    { "trash", "trash" }, { "deleted messages", "trash" }, { "deleted items", "trash" }, { "bin", "trash" },
    { "junk", "junk" }, { "spam", "junk" }, { "junk e-mail", "junk" }, { "bulk mail", "junk" },
    { "archive", "archive" }, { "archives", "archive" },
  };
  g_autofree char *lower = g_utf8_strdown (folder_name, -1);

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_str_equal (lower, names[i].name))
      return names[i].role;

  return "none";
}

/* --- writing batches ------------------------------------------------------------------------ */

typedef struct {
  InboxImporter *self;
  GPtrArray *items;
} BatchJob;

static void
batch_job_free (gpointer data)
{
  BatchJob *job = data;

  g_ptr_array_unref (job->items);
  g_free (job);
}

/* On the writer thread; the counts are read only after the pipeline was waited for. */
static gboolean
write_batch (InboxStoreTxn  *txn,
             gpointer        user_data,
             GError        **error)
{
  BatchJob *job = user_data;
  InboxImportStats *stats = &job->self->stats;
  gint64 account = inbox_store_txn_ensure_account (txn, job->self->account_name, NULL, "local", error);
  g_autoptr(GHashTable) folders = g_hash_table_new (g_str_hash, g_str_equal);
  guint added = 0, duplicates = 0;

  if (account == 0)
    return FALSE;

  for (guint i = 0; i < job->items->len; i++)
    {
      Item *item = job->items->pdata[i];
      gint64 folder = GPOINTER_TO_SIZE (g_hash_table_lookup (folders, item->folder));
      InboxAddResult result;

      if (folder == 0)
        {
          folder = inbox_store_txn_ensure_folder (txn, account, item->folder, inbox_folder_guess_role (item->folder), error);
          if (folder == 0)
            return FALSE;
          g_hash_table_insert (folders, item->folder, GSIZE_TO_POINTER (folder));
        }

      if (!inbox_store_txn_add_message (txn, account, folder, 0, item->flags, item->parsed, &result, error))
        {
          g_prefix_error (error, "%s: ", item->source);
          return FALSE;
        }
      if (result.added)
        added++;
      else
        duplicates++;
    }

  stats->added += added;
  stats->duplicates += duplicates;
  return TRUE;
}

/* Hands the parsed batch to the writer and returns at once (after the previous batch is stored). */
static gboolean
flush (InboxImporter  *self,
       GError        **error)
{
  BatchJob *job;

  if (self->batch->len == 0)
    return inbox_store_pipeline_wait (self->pipeline, error);

  job = g_new0 (BatchJob, 1);
  job->self = self;
  job->items = g_steal_pointer (&self->batch);
  self->batch = g_ptr_array_new_with_free_func ((GDestroyNotify) item_free);
  return inbox_store_pipeline_push (self->pipeline, write_batch, job, batch_job_free, error);
}

static gboolean
add (InboxImporter       *self,
     InboxParsedMessage  *parsed,
     const char          *folder,
     guint                flags,
     const char          *source,
     GError             **error)
{
  Item *item = g_new0 (Item, 1);

  if (parsed->parse_error != NULL)
    {
      self->stats.malformed++;
      g_signal_emit (self, signals[SIGNAL_PROBLEM], 0, source, parsed->parse_error);
    }

  item->parsed = parsed;
  item->folder = g_strdup (folder);
  item->source = g_strdup (source);
  item->flags = flags;
  g_ptr_array_add (self->batch, item);

  return self->batch->len < BATCH_SIZE || flush (self, error);
}

static void
report_failure (InboxImporter *self,
                const char    *source,
                const char    *message)
{
  self->stats.failed++;
  g_signal_emit (self, signals[SIGNAL_PROBLEM], 0, source, message);
}

/* --- formats -------------------------------------------------------------------------------- */

static gint64
file_mtime (const char *path)
{
  GStatBuf st;

  return g_stat (path, &st) == 0 ? (gint64) st.st_mtime : g_get_real_time () / G_USEC_PER_SEC;
}

static gboolean
import_message_file (InboxImporter  *self,
                     const char     *path,
                     const char     *folder,
                     guint           flags,
                     GError        **error)
{
  g_autoptr(GError) read_error = NULL;
  g_autoptr(GMappedFile) file = g_mapped_file_new (path, FALSE, &read_error);
  g_autoptr(GBytes) bytes = NULL;

  if (file == NULL)
    {
      report_failure (self, path, read_error->message);
      return TRUE;
    }

  bytes = g_mapped_file_get_bytes (file);
  return add (self, inbox_parsed_message_new_from_bytes (bytes, file_mtime (path)), folder, flags, path, error);
}

/* Maildir info ":2,FRS": Flagged, Replied, Seen, Trashed, Draft, Passed (forwarded). */
static guint
maildir_flags (const char *name,
               gboolean    in_new)
{
  const char *info = strstr (name, ":2,");
  guint flags = 0;

  if (info == NULL || in_new)
    return 0;
  for (const char *p = info + 3; *p != '\0'; p++)
    switch (*p)
      {
      case 'F': flags |= INBOX_MESSAGE_FLAGGED; break;
      case 'R': flags |= INBOX_MESSAGE_ANSWERED; break;
      case 'S': flags |= INBOX_MESSAGE_SEEN; break;
      case 'T': flags |= INBOX_MESSAGE_DELETED; break;
      case 'D': flags |= INBOX_MESSAGE_DRAFT; break;
      case 'P': flags |= INBOX_MESSAGE_FORWARDED; break;
      default: break;
      }

  return flags;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char **) a, *(const char **) b);
}

static GPtrArray *
list_dir_sorted (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_strings);
  return names;
}

static gboolean
is_maildir (const char *path)
{
  g_autofree char *cur = g_build_filename (path, "cur", NULL);
  g_autofree char *new_dir = g_build_filename (path, "new", NULL);

  return g_file_test (cur, G_FILE_TEST_IS_DIR) || g_file_test (new_dir, G_FILE_TEST_IS_DIR);
}

static gboolean
import_maildir_folder (InboxImporter  *self,
                       const char     *path,
                       const char     *folder,
                       GError        **error)
{
  static const char * const subdirs[] = { "cur", "new" };

  for (gsize s = 0; s < G_N_ELEMENTS (subdirs); s++)
    {
      g_autofree char *dir = g_build_filename (path, subdirs[s], NULL);
      g_autoptr(GPtrArray) names = list_dir_sorted (dir);

      for (guint i = 0; i < names->len; i++)
        {
          g_autofree char *file = g_build_filename (dir, names->pdata[i], NULL);

          if (*(char *) names->pdata[i] == '.' || !g_file_test (file, G_FILE_TEST_IS_REGULAR))
            continue;
          if (!import_message_file (self, file, folder, maildir_flags (names->pdata[i], s == 1), error))
            return FALSE;
        }
    }

  return TRUE;
}

static gboolean
import_maildir (InboxImporter  *self,
                const char     *path,
                GError        **error)
{
  g_autoptr(GPtrArray) names = list_dir_sorted (path);

  if (!import_maildir_folder (self, path, "INBOX", error))
    return FALSE;

  /* Maildir++ subfolders: ".Sent", ".Work.Projects" (dots separate levels). */
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = names->pdata[i];
      g_autofree char *sub = g_build_filename (path, name, NULL);
      g_autofree char *folder = NULL;

      if (name[0] != '.' || g_str_equal (name, ".") || g_str_equal (name, "..") || !is_maildir (sub))
        continue;
      folder = g_strdelimit (g_strdup (name + 1), ".", '/');
      if (!import_maildir_folder (self, sub, folder, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
import_mbox (InboxImporter  *self,
             const char     *path,
             GError        **error)
{
  g_autoptr(CamelMimeParser) parser = camel_mime_parser_new ();
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *folder = NULL;
  gint64 mtime = file_mtime (path);
  int fd = g_open (path, O_RDONLY, 0);
  guint index = 0;
  char *dot;

  if (fd < 0)
    {
      report_failure (self, path, g_strerror (errno));
      return TRUE;
    }

  dot = strrchr (base, '.');
  if (dot != NULL && dot != base && (g_ascii_strcasecmp (dot, ".mbox") == 0 || g_ascii_strcasecmp (dot, ".mbx") == 0))
    *dot = '\0';
  folder = g_strdup (g_ascii_strcasecmp (base, "inbox") == 0 ? "INBOX" : base);

  camel_mime_parser_scan_from (parser, TRUE);
  if (camel_mime_parser_init_with_fd (parser, fd) == -1)  /* the parser owns fd now */
    {
      report_failure (self, path, "cannot read the file");
      return TRUE;
    }

  while (camel_mime_parser_step (parser, NULL, NULL) == CAMEL_MIME_PARSER_STATE_FROM)
    {
      g_autoptr(CamelMimeMessage) message = camel_mime_message_new ();
      g_autoptr(GError) parse_error = NULL;
      g_autofree char *source = g_strdup_printf ("%s (message %u)", path, ++index);
      goffset start = camel_mime_parser_tell_start_from (parser);
      InboxParsedMessage *parsed;

      camel_mime_part_construct_from_parser_sync (CAMEL_MIME_PART (message), parser, NULL, &parse_error);
      camel_mime_parser_step (parser, NULL, NULL);  /* past FROM_END */

      parsed = inbox_parsed_message_new_from_camel (message, (gsize) MAX (0, camel_mime_parser_tell (parser) - start),
                                                    parse_error != NULL ? parse_error->message : NULL, mtime);
      if (!add (self, parsed, folder, 0, source, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
looks_like_mbox (const char *path)
{
  char head[5] = { 0 };
  FILE *file = g_fopen (path, "rb");
  gboolean mbox;

  if (file == NULL)
    return FALSE;
  mbox = fread (head, 1, 5, file) == 5 && memcmp (head, "From ", 5) == 0;
  fclose (file);
  return mbox;
}

static gboolean
import_any (InboxImporter  *self,
            const char     *path,
            GError        **error)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GPtrArray) names = NULL;

      if (is_maildir (path))
        return import_maildir (self, path, error);

      /* A folder of .eml files, mbox files or Maildirs. */
      names = list_dir_sorted (path);
      for (guint i = 0; i < names->len; i++)
        {
          g_autofree char *child = g_build_filename (path, names->pdata[i], NULL);
          if (*(char *) names->pdata[i] != '.' && !import_any (self, child, error))
            return FALSE;
        }
      return TRUE;
    }

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      report_failure (self, path, "no such file or folder");
      return TRUE;
    }

  if (looks_like_mbox (path))
    return import_mbox (self, path, error);

  return import_message_file (self, path, "Imported", 0, error);
}

/* Imports one path (file or folder). FALSE only when the store failed (e.g. the disk is full):
 * problems with single messages are counted and signalled, and the import goes on. */
gboolean
inbox_importer_import (InboxImporter  *self,
                       const char     *path,
                       GError        **error)
{
  g_return_val_if_fail (INBOX_IS_IMPORTER (self), FALSE);

  return import_any (self, path, error) && flush (self, error) && inbox_store_pipeline_wait (self->pipeline, error);
}

const InboxImportStats *
inbox_importer_get_stats (InboxImporter *self)
{
  g_return_val_if_fail (INBOX_IS_IMPORTER (self), NULL);

  return &self->stats;
}

InboxImporter *
inbox_importer_new (InboxStore *store,
                    const char *account_name)
{
  InboxImporter *self = g_object_new (INBOX_TYPE_IMPORTER, NULL);

  self->store = g_object_ref (store);
  self->pipeline = inbox_store_pipeline_new (store);
  self->account_name = g_strdup (account_name != NULL ? account_name : "Local");
  return self;
}

static void
inbox_importer_finalize (GObject *object)
{
  InboxImporter *self = INBOX_IMPORTER (object);

  g_clear_pointer (&self->pipeline, inbox_store_pipeline_free);
  g_clear_object (&self->store);
  g_clear_pointer (&self->batch, g_ptr_array_unref);
  g_free (self->account_name);

  G_OBJECT_CLASS (inbox_importer_parent_class)->finalize (object);
}

static void
inbox_importer_class_init (InboxImporterClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = inbox_importer_finalize;

  /**
   * InboxImporter::problem:
   * @source: the file (and message number) concerned
   * @message: what went wrong
   *
   * A message was stored with a parse-error note, or a file could not be read at all.
   */
  signals[SIGNAL_PROBLEM] = g_signal_new ("problem", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                          NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
}

static void
inbox_importer_init (InboxImporter *self)
{
  self->batch = g_ptr_array_new_with_free_func ((GDestroyNotify) item_free);
}
