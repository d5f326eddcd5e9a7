/* inbox-outbox.c: sends what the outbox holds, exactly once, and keeps a copy in Sent.
 *
 * Every step is recorded before the next one starts:
 *
 *   queued → sending → (SMTP) → sent-smtp → (IMAP APPEND to Sent) → saved-to-sent → done
 *
 * A process killed at any point leaves its row in the step it had reached, owned by a pid that no
 * longer runs. The next pass, in any process, adopts such rows and settles them:
 *
 *  - saved-to-sent: the copy is in Sent: done.
 *  - sent-smtp: the server took it. If Sent already has its Message-ID (an APPEND that completed
 *    unrecorded), done; otherwise append, then done. It is never sent again.
 *  - sending: the process died while talking to the SMTP server, before recording the result. If
 *    Sent has its Message-ID (servers that file sent mail themselves do), it went out: done.
 *    Otherwise nobody can know whether the server took it before the process died (its "250 OK" may
 *    have been on the way), so it is neither sent again nor dropped: it becomes 'failed' with a
 *    message saying exactly that, and Send again is the person's choice. Sending twice without
 *    asking, or losing it, are the two outcomes this refuses.
 *
 * Errors: a connection that fails, times out or is refused, and SMTP 4xx replies are transient:
 * the row is queued again with a backoff (30 s, doubling, at most 30 min). A 5xx reply (a
 * rejected recipient, a message too big) or an untrusted certificate is permanent: the row fails
 * and keeps the server's words. A refused password (or none in the keyring) is not the message's
 * fault: it waits, queued with the same backoff, and goes once the password is right; the pass
 * names the account (inbox_outbox_dup_password_refused) so the app can ask for the password, and
 * the account's other messages wait in that pass without another refused log-in.
 *
 * INBOX_OUTBOX_TEST_PAUSE=<point> (tests only) stops the process at one point, so that a test can
 * kill it there: sending, after-smtp (accepted, not yet recorded), sent-smtp, saved-to-sent.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <unistd.h>

#include <camel/camel.h>

#include "inbox-account.h"
#include "inbox-outbox.h"
#include "inbox-store-accounts.h"
#include "inbox-store-outbox.h"

#define BACKOFF_FIRST 30
#define BACKOFF_MAX (30 * 60)

struct _InboxOutbox {
  GObject parent_instance;

  InboxSession *session;
  InboxStore *store;
  GHashTable *transports;  /* account uid → CamelService (SMTP), kept connected between messages */
  GHashTable *refused;     /* account uid → the refused log-in's message, in this pass */
  InboxOutboxStats stats;
};

G_DEFINE_FINAL_TYPE (InboxOutbox, inbox_outbox, G_TYPE_OBJECT)

static void
test_pause (const char *point)
{
  const char *wanted = g_getenv ("INBOX_OUTBOX_TEST_PAUSE");

  if (wanted == NULL || g_strcmp0 (wanted, point) != 0)
    return;
  g_printerr ("inbox-outbox: paused at %s\n", point);
  for (;;)
    g_usleep (G_USEC_PER_SEC);
}

static gboolean
pid_is_alive (gint64 pid)
{
  if (pid <= 0 || pid > G_MAXINT)
    return FALSE;
  return kill ((pid_t) pid, 0) == 0 || errno == EPERM;
}

/* The class of the SMTP reply in a Camel error's words: 4 or 5, or 0 when it names none. Camel
 * keeps the enhanced status code ("RCPT TO <x> failed: 5.1.1 …") when the server sends one, and
 * the reply code ("… 550 …") otherwise. */
static int
smtp_class (const char *message)
{
  g_autoptr(GRegex) regex = g_regex_new ("(?:^|[^0-9.])([45])(?:[0-9][0-9](?:[ -]|$)|\\.[0-9]{1,3}\\.[0-9]{1,3}(?:[ ]|$))",
                                         0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *digit = NULL;

  if (message == NULL || !g_regex_match (regex, message, 0, &match))
    return 0;
  digit = g_match_info_fetch (match, 1);
  return digit[0] - '0';
}

static gboolean
is_transient (const GError *error)
{
  if (error->domain == G_IO_ERROR || error->domain == G_RESOLVER_ERROR)
    return !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  if (error->domain == INBOX_ACCOUNT_ERROR)
    return error->code == INBOX_ACCOUNT_ERROR_HOST_NOT_FOUND || error->code == INBOX_ACCOUNT_ERROR_CONNECTION_REFUSED ||
           error->code == INBOX_ACCOUNT_ERROR_TIMED_OUT || error->code == INBOX_ACCOUNT_ERROR_FAILED;
  if (error->domain == CAMEL_SERVICE_ERROR)
    return error->code == CAMEL_SERVICE_ERROR_UNAVAILABLE || error->code == CAMEL_SERVICE_ERROR_NOT_CONNECTED;
  return smtp_class (error->message) != 5;
}

static gint64
backoff (guint attempts)
{
  gint64 delay = BACKOFF_FIRST;

  for (guint i = 1; i < attempts && delay < BACKOFF_MAX; i++)
    delay *= 2;
  return MIN (delay, BACKOFF_MAX);
}

static InboxAccountConfig *
account_config (InboxOutbox  *self,
                const char   *uid,
                GError      **error)
{
  g_autoptr(GPtrArray) accounts = inbox_store_list_accounts_sync (self->store, uid, error);

  if (accounts == NULL)
    return NULL;
  if (accounts->len == 0)
    {
      g_set_error (error, INBOX_ACCOUNT_ERROR, INBOX_ACCOUNT_ERROR_INVALID, "The account %s no longer exists", uid);
      return NULL;
    }
  return inbox_account_config_copy (accounts->pdata[0]);
}

static CamelMimeMessage *parse_mime (GBytes *mime, GError **error);

static CamelMimeMessage *
load_message (InboxOutbox  *self,
              gint64        id,
              GError      **error)
{
  g_autoptr(GBytes) mime = inbox_store_get_outgoing_mime_sync (self->store, id, error);

  return mime != NULL ? parse_mime (mime, error) : NULL;
}

static CamelService *
ensure_transport (InboxOutbox               *self,
                  const InboxAccountConfig  *config,
                  GCancellable              *cancellable,
                  GError                   **error)
{
  g_autofree char *service_uid = inbox_account_service_uid (config->uid, "smtp");
  CamelService *service = g_hash_table_lookup (self->transports, config->uid);

  if (service != NULL && camel_service_get_connection_status (service) == CAMEL_SERVICE_CONNECTED)
    return service;
  g_hash_table_remove (self->transports, config->uid);

  service = inbox_account_add_service (self->session, service_uid, "smtp", CAMEL_PROVIDER_TRANSPORT,
                                       config->smtp_host, config->smtp_port, config->smtp_security,
                                       config->smtp_user, error);
  if (service == NULL)
    return NULL;
  inbox_session_set_service_credentials (self->session, service_uid, NULL, config->pinned_certificate);
  if (!inbox_account_connect_service (self->session, service, cancellable, error))
    {
      camel_session_remove_service (CAMEL_SESSION (self->session), service);
      g_object_unref (service);
      return NULL;
    }
  g_hash_table_insert (self->transports, g_strdup (config->uid), service);
  return service;
}

/* --- the copy in Sent ----------------------------------------------------------------------- */

static char *
role_folder_path (InboxOutbox               *self,
                  const InboxAccountConfig  *config,
                  const char                *role)
{
  g_autoptr(GPtrArray) folders = inbox_store_list_folders_sync (self->store, config->email, NULL);

  for (guint i = 0; folders != NULL && i < folders->len; i++)
    {
      InboxFolderInfo *folder = folders->pdata[i];

      if (g_strcmp0 (folder->role, role) == 0)
        return g_strdup (folder->path);
    }
  return NULL;
}

/* A folder of the account, opened through an IMAP service of the outbox's own, named by purpose
 * (the syncer's service stays undisturbed, and Sent written by the sending thread never shares one
 * with Drafts written from the composers). Close it with close_folder(). */
static CamelFolder *
open_folder_at (InboxOutbox               *self,
                const InboxAccountConfig  *config,
                const char                *purpose,
                const char                *path,
                CamelService             **out_store,
                GCancellable              *cancellable,
                GError                   **error)
{
  g_autofree char *service_uid = inbox_account_service_uid (config->uid, purpose);
  g_autoptr(CamelService) store = NULL;
  CamelFolderInfo *info;
  CamelFolder *folder;

  store = inbox_account_add_service (self->session, service_uid, "imapx", CAMEL_PROVIDER_STORE,
                                     config->imap_host, config->imap_port, config->imap_security,
                                     config->imap_user != NULL ? config->imap_user : config->email, error);
  if (store == NULL)
    return NULL;
  inbox_session_set_service_credentials (self->session, service_uid, NULL, config->pinned_certificate);
  if (!inbox_account_connect_service (self->session, store, cancellable, error))
    {
      camel_session_remove_service (CAMEL_SESSION (self->session), store);
      return NULL;
    }
  /* A new imapx store knows no folders until it has listed them. */
  info = camel_store_get_folder_info_sync (CAMEL_STORE (store), path, CAMEL_STORE_FOLDER_INFO_REFRESH, cancellable, NULL);
  if (info != NULL)
    camel_folder_info_free (info);
  folder = camel_store_get_folder_sync (CAMEL_STORE (store), path, 0, cancellable, error);
  if (folder == NULL)
    {
      camel_service_disconnect_sync (store, FALSE, NULL, NULL);
      camel_session_remove_service (CAMEL_SESSION (self->session), store);
      return NULL;
    }
  *out_store = g_steal_pointer (&store);
  return folder;
}

/* The account's folder with this role ("sent", "drafts"). NULL without an error when the account
 * has none. */
static CamelFolder *
open_role_folder (InboxOutbox               *self,
                  const InboxAccountConfig  *config,
                  const char                *role,
                  CamelService             **out_store,
                  GCancellable              *cancellable,
                  GError                   **error)
{
  g_autofree char *path = role_folder_path (self, config, role);
  g_autofree char *purpose = g_strdup_printf ("imap-%s", role);

  if (path == NULL)
    return NULL;
  return open_folder_at (self, config, purpose, path, out_store, cancellable, error);
}

static void
close_folder (InboxOutbox  *self,
            CamelFolder  *folder,
            CamelService *store)
{
  g_object_unref (folder);
  camel_service_disconnect_sync (store, TRUE, NULL, NULL);
  camel_session_remove_service (CAMEL_SESSION (self->session), store);
  g_object_unref (store);
}

/* The UID of the message with this Message-ID in the folder, or NULL. */
static char *
find_message_id (CamelFolder   *folder,
                 const char    *message_id,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autofree char *header = g_strdup_printf ("<%s>", message_id);
  guint64 hash = camel_folder_search_util_hash_message_id (header, TRUE);
  GPtrArray *uids;
  char *found = NULL;

  if (!camel_folder_refresh_info_sync (folder, cancellable, error))
    return NULL;
  uids = camel_folder_summary_get_array (camel_folder_get_folder_summary (folder));
  for (guint i = 0; uids != NULL && i < uids->len && found == NULL; i++)
    {
      g_autoptr(CamelMessageInfo) info = camel_folder_get_message_info (folder, uids->pdata[i]);

      if (info != NULL && camel_message_info_get_message_id (info) == hash)
        found = g_strdup (uids->pdata[i]);
    }
  if (uids != NULL)
    camel_folder_summary_free_array (uids);
  return found;
}

typedef enum {
  SENT_COPY_SAVED,     /* appended now, or found there already */
  SENT_COPY_NO_FOLDER, /* the account has no Sent folder */
  SENT_COPY_ERROR,
} SentCopy;

/* Appends the message to Sent unless its Message-ID is there already (with only_check, just
 * looks). *found says whether it was there before. */
static SentCopy
save_to_sent (InboxOutbox               *self,
              const InboxAccountConfig  *config,
              CamelMimeMessage          *message,
              const char                *message_id,
              gboolean                   only_check,
              gboolean                  *found,
              GCancellable              *cancellable,
              GError                   **error)
{
  CamelService *store = NULL;
  g_autoptr(GError) local_error = NULL;
  CamelFolder *folder = open_role_folder (self, config, "sent", &store, cancellable, &local_error);
  gboolean ok;

  *found = FALSE;
  if (folder == NULL)
    {
      if (local_error == NULL)
        return SENT_COPY_NO_FOLDER;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return SENT_COPY_ERROR;
    }
  {
    g_autofree char *uid = find_message_id (folder, message_id, cancellable, &local_error);

    *found = uid != NULL;
    ok = local_error == NULL;
  }
  if (ok && !*found && !only_check)
    {
      g_autoptr(CamelMessageInfo) info = camel_message_info_new (NULL);

      camel_message_info_set_flags (info, CAMEL_MESSAGE_SEEN, CAMEL_MESSAGE_SEEN);
      ok = camel_folder_append_message_sync (folder, message, info, NULL, cancellable, &local_error);
    }
  close_folder (self, folder, store);
  if (!ok)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return SENT_COPY_ERROR;
    }
  return SENT_COPY_SAVED;
}

/* --- drafts on the server ------------------------------------------------------------------- */

static CamelMimeMessage *
parse_mime (GBytes  *mime,
            GError **error)
{
  g_autoptr(CamelMimeMessage) message = camel_mime_message_new ();
  g_autoptr(CamelStream) stream = camel_stream_mem_new_with_buffer (g_bytes_get_data (mime, NULL), g_bytes_get_size (mime));

  if (!camel_data_wrapper_construct_from_stream_sync (CAMEL_DATA_WRAPPER (message), stream, NULL, error))
    return NULL;
  return g_steal_pointer (&message);
}

static gboolean
remove_from_folder (CamelFolder   *folder,
                    const char    *message_id,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *uid = find_message_id (folder, message_id, cancellable, &local_error);

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (uid == NULL)
    return TRUE;
  camel_folder_set_message_flags (folder, uid, CAMEL_MESSAGE_DELETED | CAMEL_MESSAGE_SEEN,
                                  CAMEL_MESSAGE_DELETED | CAMEL_MESSAGE_SEEN);
  return camel_folder_synchronize_sync (folder, TRUE, cancellable, error);
}

/* Saves a draft (mime, built from it) in the account's Drafts folder and then removes the copy it
 * replaces (replaces_message_id, or NULL), so that the server holds one copy, the newest. With no
 * Drafts folder, the draft stays local only (no error). mime NULL only removes. Blocks. */
gboolean
inbox_outbox_save_draft_sync (InboxOutbox   *self,
                              const char    *account_uid,
                              GBytes        *mime,
                              const char    *replaces_message_id,
                              GCancellable  *cancellable,
                              GError       **error)
{
  static GMutex one_at_a_time;  /* composers save from several threads; the Drafts service is one */
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&one_at_a_time);
  g_autoptr(InboxAccountConfig) config = NULL;
  g_autoptr(CamelMimeMessage) message = NULL;
  CamelService *store = NULL;
  CamelFolder *folder;
  gboolean ok = TRUE;

  g_return_val_if_fail (INBOX_IS_OUTBOX (self), FALSE);

  config = account_config (self, account_uid, error);
  if (config == NULL || (mime != NULL && (message = parse_mime (mime, error)) == NULL))
    return FALSE;
  folder = open_role_folder (self, config, "drafts", &store, cancellable, error);
  if (folder == NULL)
    return error == NULL || *error == NULL;

  if (message != NULL)
    {
      g_autoptr(CamelMessageInfo) info = camel_message_info_new (NULL);

      camel_message_info_set_flags (info, CAMEL_MESSAGE_DRAFT | CAMEL_MESSAGE_SEEN, CAMEL_MESSAGE_DRAFT | CAMEL_MESSAGE_SEEN);
      ok = camel_folder_append_message_sync (folder, message, info, NULL, cancellable, error);
    }
  if (ok && replaces_message_id != NULL)
    ok = remove_from_folder (folder, replaces_message_id, cancellable, error);
  close_folder (self, folder, store);
  return ok;
}

/* --- a message as it is, for forwarding -------------------------------------------------------- */

/* The whole message (by Message-ID) as its server has it, for "forward as attachment". Blocks. */
GBytes *
inbox_outbox_fetch_message_sync (InboxOutbox   *self,
                                 const char    *message_id,
                                 GCancellable  *cancellable,
                                 GError       **error)
{
  static GMutex one_at_a_time;  /* readers and attachments fetch from several threads; the service is one */
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&one_at_a_time);
  g_autofree char *account_uid = NULL, *path = NULL, *uid_text = NULL;
  g_autoptr(InboxAccountConfig) config = NULL;
  g_autoptr(CamelMimeMessage) message = NULL;
  g_autoptr(CamelStream) stream = NULL;
  CamelService *store = NULL;
  CamelFolder *folder;
  GBytes *bytes = NULL;
  gint64 uid;

  g_return_val_if_fail (INBOX_IS_OUTBOX (self), NULL);

  if (!inbox_store_locate_message_sync (self->store, message_id, &account_uid, &path, &uid, error) ||
      (config = account_config (self, account_uid, error)) == NULL ||
      (folder = open_folder_at (self, config, "imap-fetch", path, &store, cancellable, error)) == NULL)
    return NULL;
  uid_text = g_strdup_printf ("%" G_GINT64_FORMAT, uid);
  if (camel_folder_refresh_info_sync (folder, cancellable, error))
    message = camel_folder_get_message_sync (folder, uid_text, cancellable, error);
  if (message != NULL)
    {
      /* Camel notes which of its services fetched it: that is ours, not the sender's. */
      camel_medium_remove_header (CAMEL_MEDIUM (message), "X-Evolution-Source");
      stream = camel_stream_mem_new ();
      if (camel_data_wrapper_write_to_stream_sync (CAMEL_DATA_WRAPPER (message), stream, cancellable, error) >= 0)
        {
          GByteArray *array = camel_stream_mem_get_byte_array (CAMEL_STREAM_MEM (stream));

          bytes = g_bytes_new (array->data, array->len);
        }
    }
  close_folder (self, folder, store);
  return bytes;
}

/* --- one message ---------------------------------------------------------------------------- */

static gboolean
record (InboxOutbox      *self,
        gint64            id,
        InboxOutboxState  state,
        const char       *error_text,
        gint64            next_attempt,
        GError          **error)
{
  return inbox_store_set_outgoing_state_sync (self->store, id, state, error_text, next_attempt, error);
}

/* From sent-smtp on: the copy in Sent, then done. A failure to save the copy keeps the row in
 * sent-smtp (the next pass tries again); it is never sent again. */
static gboolean
finish (InboxOutbox               *self,
        InboxOutboxItem           *item,
        const InboxAccountConfig  *config,
        CamelMimeMessage          *message,
        GCancellable              *cancellable,
        GError                   **error)
{
  g_autoptr(GError) local_error = NULL;
  gboolean found;
  SentCopy copy;

  if (config->saves_sent)
    return record (self, item->id, INBOX_OUTBOX_SAVED_TO_SENT, NULL, 0, error) &&
           record (self, item->id, INBOX_OUTBOX_DONE, NULL, 0, error);
  copy = save_to_sent (self, config, message, item->message_id, FALSE, &found, cancellable, &local_error);

  if (copy == SENT_COPY_ERROR)
    {
      g_autofree char *text = g_strdup_printf ("Sent, but the copy in Sent could not be saved yet: %s",
                                               local_error->message);

      return record (self, item->id, INBOX_OUTBOX_SENT_SMTP, text, 0, error);
    }
  if (!record (self, item->id, INBOX_OUTBOX_SAVED_TO_SENT, NULL, 0, error))
    return FALSE;
  test_pause ("saved-to-sent");
  return record (self, item->id, INBOX_OUTBOX_DONE,
                 copy == SENT_COPY_NO_FOLDER ? "Sent. No copy was kept: the account has no Sent folder" : NULL, 0, error);
}

static gboolean
send_one (InboxOutbox      *self,
          InboxOutboxItem  *item,
          GCancellable     *cancellable,
          GError          **error)
{
  g_autoptr(InboxAccountConfig) config = NULL;
  g_autoptr(CamelMimeMessage) message = NULL;
  g_autoptr(CamelInternetAddress) recipients = camel_internet_address_new ();
  g_autoptr(GError) send_error = NULL;
  CamelService *transport = NULL;
  gboolean saved_by_server = FALSE;

  test_pause ("sending");
  /* Send later's "discard if someone replies": answered meanwhile, it stays unsent, kept. */
  if (item->scheduled && inbox_store_has_reply_since_sync (self->store, item->id, NULL))
    {
      self->stats.failed++;
      return record (self, item->id, INBOX_OUTBOX_FAILED,
                     "Not sent: someone replied in the conversation before it was due (as you asked)", 0, error);
    }
  config = account_config (self, item->account_uid, &send_error);
  if (config != NULL)
    message = load_message (self, item->id, &send_error);
  if (message != NULL)
    {
      const char * const kinds[] = { CAMEL_RECIPIENT_TYPE_TO, CAMEL_RECIPIENT_TYPE_CC, CAMEL_RECIPIENT_TYPE_BCC };

      for (gsize i = 0; i < G_N_ELEMENTS (kinds); i++)
        {
          CamelInternetAddress *list = camel_mime_message_get_recipients (message, kinds[i]);

          if (list != NULL)
            camel_address_cat (CAMEL_ADDRESS (recipients), CAMEL_ADDRESS (list));
        }
      if (g_hash_table_contains (self->refused, config->uid))
        send_error = g_error_new_literal (INBOX_ACCOUNT_ERROR, INBOX_ACCOUNT_ERROR_AUTHENTICATION,
                                          g_hash_table_lookup (self->refused, config->uid));
      else
        transport = ensure_transport (self, config, cancellable, &send_error);
    }
  if (transport != NULL &&
      camel_transport_send_to_sync (CAMEL_TRANSPORT (transport), message,
                                    CAMEL_ADDRESS (camel_mime_message_get_from (message)), CAMEL_ADDRESS (recipients),
                                    &saved_by_server, cancellable, &send_error))
    {
      test_pause ("after-smtp");
      if (!record (self, item->id, INBOX_OUTBOX_SENT_SMTP, NULL, 0, error))
        return FALSE;
      self->stats.sent++;
      test_pause ("sent-smtp");
      /* The transport says the server filed it already. */
      if (saved_by_server)
        return record (self, item->id, INBOX_OUTBOX_SAVED_TO_SENT, NULL, 0, error) &&
               record (self, item->id, INBOX_OUTBOX_DONE, NULL, 0, error);
      return finish (self, item, config, message, cancellable, error);
    }

  /* Not sent. A broken connection is not reused. */
  g_hash_table_remove (self->transports, item->account_uid);
  if (g_error_matches (send_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* Stopped by us before the result was known: the same doubt as a crash. */
      record (self, item->id, INBOX_OUTBOX_QUEUED, NULL, 0, NULL);
      g_propagate_error (error, g_steal_pointer (&send_error));
      return FALSE;
    }
  if (inbox_account_error_is_authentication (send_error))
    g_hash_table_insert (self->refused, g_strdup (item->account_uid), g_strdup (send_error->message));
  if (config != NULL && inbox_account_error_is_unreachable (send_error))
    {
      /* Said as an outage: the row already says when it is tried again. */
      GError *explained = NULL;

      inbox_account_explain_unreachable (config->smtp_host, config->smtp_port, send_error, NULL, &explained);
      g_clear_error (&send_error);
      send_error = explained;
    }
  if (is_transient (send_error) || inbox_account_error_is_authentication (send_error))
    {
      self->stats.deferred++;
      return record (self, item->id, INBOX_OUTBOX_QUEUED, send_error->message,
                     g_get_real_time () / G_USEC_PER_SEC + backoff (item->attempts), error);
    }
  self->stats.failed++;
  return record (self, item->id, INBOX_OUTBOX_FAILED, send_error->message, 0, error);
}

/* --- what a dead process left ---------------------------------------------------------------- */

static const char uncertain_text[] =
  "Inbox stopped while this message was being sent, so it may or may not have been delivered. "
  "Check with the recipients before you send it again.";

static gboolean
reconcile_one (InboxOutbox      *self,
               InboxOutboxItem  *item,
               GCancellable     *cancellable,
               GError          **error)
{
  g_autoptr(InboxAccountConfig) config = NULL;
  g_autoptr(CamelMimeMessage) message = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean found = FALSE;

  if (!inbox_store_adopt_outgoing_sync (self->store, item->id, item->owner_pid, &local_error))
    return TRUE;  /* another process took it first */
  self->stats.reconciled++;
  if (item->state == INBOX_OUTBOX_SAVED_TO_SENT)
    return record (self, item->id, INBOX_OUTBOX_DONE, NULL, 0, error);

  config = account_config (self, item->account_uid, &local_error);
  if (config != NULL)
    message = load_message (self, item->id, &local_error);
  if (message == NULL)
    return record (self, item->id, item->state, local_error->message, 0, error);

  if (item->state == INBOX_OUTBOX_SENT_SMTP)
    return finish (self, item, config, message, cancellable, error);

  /* 'sending': only Sent can tell. */
  if (save_to_sent (self, config, message, item->message_id, TRUE, &found, cancellable, &local_error) == SENT_COPY_ERROR)
    return record (self, item->id, INBOX_OUTBOX_SENDING, local_error->message, 0, error);  /* ask again next pass */
  if (found)
    return record (self, item->id, INBOX_OUTBOX_DONE, NULL, 0, error);
  return record (self, item->id, INBOX_OUTBOX_FAILED, uncertain_text, 0, error);
}

static gboolean
reconcile (InboxOutbox   *self,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(GPtrArray) items = inbox_store_list_outbox_sync (self->store, FALSE, error);

  if (items == NULL)
    return FALSE;
  for (guint i = 0; i < items->len; i++)
    {
      InboxOutboxItem *item = items->pdata[i];
      gboolean in_between = item->state == INBOX_OUTBOX_SENDING || item->state == INBOX_OUTBOX_SENT_SMTP ||
                            item->state == INBOX_OUTBOX_SAVED_TO_SENT;

      /* Our own pid: a row an earlier pass of this process left in between (a failed APPEND). */
      if (in_between && (item->owner_pid == getpid () || !pid_is_alive (item->owner_pid)) &&
          !reconcile_one (self, item, cancellable, error))
        return FALSE;
    }
  return TRUE;
}

/* --- public --------------------------------------------------------------------------------- */

/* One pass: settles what dead processes left, then sends every message that is due. Blocks on the
 * network: run it on a worker thread. Fails only when the store can't be written (a message's own
 * failure is recorded on its row). */
gboolean
inbox_outbox_run_sync (InboxOutbox   *self,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_return_val_if_fail (INBOX_IS_OUTBOX (self), FALSE);

  memset (&self->stats, 0, sizeof self->stats);
  g_hash_table_remove_all (self->refused);
  if (!reconcile (self, cancellable, error))
    return FALSE;
  for (;;)
    {
      g_autoptr(InboxOutboxItem) item = NULL;
      g_autoptr(GError) local_error = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      item = inbox_store_claim_outgoing_sync (self->store, g_get_real_time () / G_USEC_PER_SEC, &local_error);
      if (item == NULL)
        {
          if (local_error == NULL)
            break;
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (!send_one (self, item, cancellable, error))
        return FALSE;
    }
  g_hash_table_remove_all (self->transports);
  return TRUE;
}

const InboxOutboxStats *
inbox_outbox_get_stats (InboxOutbox *self)
{
  g_return_val_if_fail (INBOX_IS_OUTBOX (self), NULL);
  return &self->stats;
}

/* The accounts whose SMTP server refused the password (or whose password the keyring lacks) in
 * the last pass; their messages wait. NULL-terminated, for g_strfreev. */
char **
inbox_outbox_dup_password_refused (InboxOutbox *self)
{
  g_autofree char **keys = NULL;

  g_return_val_if_fail (INBOX_IS_OUTBOX (self), NULL);
  keys = (char **) g_hash_table_get_keys_as_array (self->refused, NULL);
  return g_strdupv (keys);
}

static void
close_transport (gpointer data)
{
  CamelService *service = data;
  g_autoptr(CamelSession) session = camel_service_ref_session (service);

  camel_service_disconnect_sync (service, TRUE, NULL, NULL);
  if (session != NULL)
    camel_session_remove_service (session, service);
  g_object_unref (service);
}

InboxOutbox *
inbox_outbox_new (InboxSession *session,
                  InboxStore   *store)
{
  InboxOutbox *self = g_object_new (INBOX_TYPE_OUTBOX, NULL);

  self->session = g_object_ref (session);
  self->store = g_object_ref (store);
  return self;
}

static void
inbox_outbox_finalize (GObject *object)
{
  InboxOutbox *self = INBOX_OUTBOX (object);

  g_hash_table_unref (self->transports);
  g_hash_table_unref (self->refused);
  g_clear_object (&self->session);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (inbox_outbox_parent_class)->finalize (object);
}

static void
inbox_outbox_class_init (InboxOutboxClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = inbox_outbox_finalize;
}

static void
inbox_outbox_init (InboxOutbox *self)
{
  self->transports = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, close_transport);
  self->refused = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}
