/* inbox-draft-keeper.c: keeps what a composer holds.
 *
 * Locally, a file ($XDG_DATA_HOME/inbox/drafts/<uuid>.ini) written a second after the last change
 * and on close, atomically, so that a crash or a kill loses at most that second; the next start
 * opens such files again. On the server, a copy in the account's Drafts folder at most every 30
 * seconds while writing and on close, each new copy replacing the last; the local file names the
 * server's copy, so that a draft opened again after a crash replaces it rather than adding one.
 * Sending or discarding (finish) removes both.
 *
 * The keeper outlives its composer while a copy is on its way to the server: the composer closes
 * (snapshot taken), the upload lands later, and a finished draft's late copy is removed too.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "inbox-draft-keeper.h"

#define LOCAL_SAVE_MS 1000
#define SERVER_SAVE_SECONDS 30

struct _InboxDraftKeeper
{
  GObject parent_instance;

  InboxMailService *service;
  char *path;
  InboxDraftSnapshot snapshot;
  gpointer owner;           /* NULL once the composer has closed */

  guint local_id;
  guint server_id;
  gboolean server_dirty;    /* changed since the last copy went to the server */
  gboolean uploading;
  gboolean finished;        /* sent or discarded: nothing more to keep, and the copies go */
  char *server_copy_id;     /* the copy in the Drafts folder, and which account holds it */
  char *server_account_uid;
};

G_DEFINE_FINAL_TYPE (InboxDraftKeeper, inbox_draft_keeper, G_TYPE_OBJECT)

enum { SIGNAL_FAILED, N_SIGNALS };
static guint signals[N_SIGNALS];

static InboxSender *
sender_of (InboxDraftKeeper *self)
{
  return self->service != NULL ? inbox_mail_service_get_sender (self->service) : NULL;
}

static InboxDraft *
take_snapshot (InboxDraftKeeper  *self,
               char             **account_uid)
{
  *account_uid = NULL;
  return self->owner != NULL && !self->finished ? self->snapshot (self->owner, account_uid) : NULL;
}

/* --- locally --------------------------------------------------------------------------------- */

static void
save_locally (InboxDraftKeeper *self)
{
  g_autofree char *account_uid = NULL;
  g_autoptr(InboxDraft) draft = NULL;
  g_autoptr(GError) error = NULL;

  g_clear_handle_id (&self->local_id, g_source_remove);
  if (self->finished || self->owner == NULL)
    return;
  draft = take_snapshot (self, &account_uid);
  if (draft == NULL)
    {
      g_unlink (self->path);
      return;
    }
  draft->server_copy_id = g_strdup (self->server_copy_id);
  if (!inbox_draft_save (draft, self->path, &error))
    {
      g_autofree char *text = g_strdup_printf (_("The draft could not be saved: %s"), error->message);

      g_signal_emit (self, signals[SIGNAL_FAILED], 0, text);
    }
}

static gboolean
local_cb (gpointer data)
{
  InboxDraftKeeper *self = data;

  self->local_id = 0;
  save_locally (self);
  return G_SOURCE_REMOVE;
}

/* --- on the server --------------------------------------------------------------------------- */

static void upload (InboxDraftKeeper *self);

static void
remove_copy (InboxDraftKeeper *self)
{
  InboxSender *sender = sender_of (self);

  if (sender != NULL && self->server_copy_id != NULL)
    inbox_sender_save_draft_async (sender, self->server_account_uid, NULL, self->server_copy_id, NULL, NULL);
  g_clear_pointer (&self->server_copy_id, g_free);
}

static void
uploaded (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(InboxDraftKeeper) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = inbox_sender_save_draft_finish (INBOX_SENDER (object), result, &error);
  char *account_uid = g_object_steal_data (G_OBJECT (self), "uploading-to");

  self->uploading = FALSE;
  if (id == NULL)
    {
      /* The local file has it all; the server gets it next time. */
      if (error != NULL)
        g_printerr ("inbox: the draft could not be saved on the server: %s\n", error->message);
    }
  else
    {
      g_free (self->server_copy_id);
      self->server_copy_id = g_steal_pointer (&id);
      g_free (self->server_account_uid);
      self->server_account_uid = g_strdup (account_uid);
      if (self->finished)
        remove_copy (self);  /* sent or discarded meanwhile */
      else if (g_file_test (self->path, G_FILE_TEST_EXISTS))
        {
          g_autoptr(InboxDraft) saved = inbox_draft_load (self->path, NULL);

          if (saved != NULL)
            {
              g_free (saved->server_copy_id);
              saved->server_copy_id = g_strdup (self->server_copy_id);
              inbox_draft_save (saved, self->path, NULL);
            }
        }
    }
  g_free (account_uid);
  if (self->server_dirty && !self->finished && self->owner != NULL)
    upload (self);
}

static void
upload (InboxDraftKeeper *self)
{
  InboxSender *sender = sender_of (self);
  g_autofree char *account_uid = NULL;
  g_autoptr(InboxDraft) draft = NULL;

  g_clear_handle_id (&self->server_id, g_source_remove);
  if (sender == NULL || self->uploading || !self->server_dirty || (draft = take_snapshot (self, &account_uid)) == NULL ||
      account_uid == NULL)
    return;
  /* Another account now: its old copy goes. */
  if (self->server_copy_id != NULL && g_strcmp0 (self->server_account_uid, account_uid) != 0)
    remove_copy (self);
  self->uploading = TRUE;
  self->server_dirty = FALSE;
  g_object_set_data_full (G_OBJECT (self), "uploading-to", g_strdup (account_uid), g_free);
  inbox_sender_save_draft_async (sender, account_uid, draft, self->server_copy_id, uploaded, g_object_ref (self));
}

static gboolean
server_cb (gpointer data)
{
  InboxDraftKeeper *self = data;

  self->server_id = 0;
  upload (self);
  return G_SOURCE_REMOVE;
}

/* --- public ---------------------------------------------------------------------------------- */

/* Something changed: the local file in a second, the server's copy within 30. */
void
inbox_draft_keeper_changed (InboxDraftKeeper *self)
{
  g_return_if_fail (INBOX_IS_DRAFT_KEEPER (self));

  if (self->finished)
    return;
  g_clear_handle_id (&self->local_id, g_source_remove);
  self->local_id = g_timeout_add (LOCAL_SAVE_MS, local_cb, self);
  self->server_dirty = TRUE;
  if (self->server_id == 0)
    self->server_id = g_timeout_add_seconds (SERVER_SAVE_SECONDS, server_cb, self);
}

/* The composer closes (the draft stays): both copies now, then the composer is let go. */
void
inbox_draft_keeper_close (InboxDraftKeeper *self)
{
  g_return_if_fail (INBOX_IS_DRAFT_KEEPER (self));

  save_locally (self);
  upload (self);
  inbox_draft_keeper_detach (self);
}

/* The composer is going without closing (destroyed): nothing more is taken from it. */
void
inbox_draft_keeper_detach (InboxDraftKeeper *self)
{
  g_return_if_fail (INBOX_IS_DRAFT_KEEPER (self));

  self->owner = NULL;
  g_clear_handle_id (&self->local_id, g_source_remove);
  g_clear_handle_id (&self->server_id, g_source_remove);
}

/* Sent or discarded: the local file and the server's copy go (a copy still on its way goes when
 * it lands). */
void
inbox_draft_keeper_finish (InboxDraftKeeper *self)
{
  g_return_if_fail (INBOX_IS_DRAFT_KEEPER (self));

  self->finished = TRUE;
  inbox_draft_keeper_detach (self);
  g_unlink (self->path);
  if (!self->uploading)
    remove_copy (self);
}

/* path: the local file (NULL: a new one); restored: the draft it came from, if any, whose
 * server_copy_id is the copy to replace (held by restored_account_uid). */
InboxDraftKeeper *
inbox_draft_keeper_new (InboxMailService   *service,
                        const char         *path,
                        const InboxDraft   *restored,
                        const char         *restored_account_uid,
                        InboxDraftSnapshot  snapshot,
                        gpointer            owner)
{
  InboxDraftKeeper *self = g_object_new (INBOX_TYPE_DRAFT_KEEPER, NULL);

  self->service = service != NULL ? g_object_ref (service) : NULL;
  if (path != NULL)
    self->path = g_strdup (path);
  else
    {
      g_autofree char *dir = inbox_draft_get_local_dir ();
      g_autofree char *uuid = g_uuid_string_random ();
      g_autofree char *name = g_strdup_printf ("%s.ini", uuid);

      self->path = g_build_filename (dir, name, NULL);
    }
  if (restored != NULL && restored->server_copy_id != NULL && restored_account_uid != NULL)
    {
      self->server_copy_id = g_strdup (restored->server_copy_id);
      self->server_account_uid = g_strdup (restored_account_uid);
    }
  self->snapshot = snapshot;
  self->owner = owner;
  return self;
}

static void
inbox_draft_keeper_finalize (GObject *object)
{
  InboxDraftKeeper *self = INBOX_DRAFT_KEEPER (object);

  g_clear_handle_id (&self->local_id, g_source_remove);
  g_clear_handle_id (&self->server_id, g_source_remove);
  g_clear_object (&self->service);
  g_free (self->path);
  g_free (self->server_copy_id);
  g_free (self->server_account_uid);
  G_OBJECT_CLASS (inbox_draft_keeper_parent_class)->finalize (object);
}

static void
inbox_draft_keeper_class_init (InboxDraftKeeperClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = inbox_draft_keeper_finalize;

  /**
   * InboxDraftKeeper::failed:
   * @message: why the local file could not be written (a full disk…)
   */
  signals[SIGNAL_FAILED] = g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
inbox_draft_keeper_init (InboxDraftKeeper *self)
{
}
