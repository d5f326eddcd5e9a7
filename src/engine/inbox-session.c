/* inbox-session.c: the app's one CamelSession (imapx for IMAP, smtp for SMTP).
 *
 * Create it on the main thread (Camel captures the thread-default main context) and run Camel's
 * _sync calls on worker threads. Caches live under $XDG_CACHE_HOME/inbox/camel, Camel's own
 * data under $XDG_DATA_HOME/inbox/camel.
 *
 * Services are named "<account uid>/imap" and "<account uid>/smtp". Passwords come from what the
 * caller set for a service (while verifying a new account), else from libsecret. A wrong password
 * fails at once with an error (Camel's default would ask again, forever). A certificate that does
 * not verify is accepted only when its SHA-256 fingerprint is the one pinned for the account; the
 * fingerprint of a rejected one is kept so the error can show it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "inbox-account.h"
#include "inbox-secrets.h"
#include "inbox-session.h"

struct _InboxSession
{
  CamelSession parent_instance;

  GMutex lock;
  GHashTable *passwords;  /* service uid → password */
  GHashTable *pinned;     /* service uid → fingerprint */
  GHashTable *rejected;   /* service uid → fingerprint */
};

G_DEFINE_FINAL_TYPE (InboxSession, inbox_session, CAMEL_TYPE_SESSION)

char *
inbox_certificate_get_fingerprint (GTlsCertificate *certificate)
{
  g_autoptr(GByteArray) der = NULL;
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize length = sizeof digest;
  GString *text = g_string_new (NULL);

  g_object_get (certificate, "certificate", &der, NULL);
  if (der != NULL)
    g_checksum_update (checksum, der->data, der->len);
  g_checksum_get_digest (checksum, digest, &length);
  for (gsize i = 0; i < length; i++)
    g_string_append_printf (text, "%s%02X", i > 0 ? ":" : "", digest[i]);
  return g_string_free (text, FALSE);
}

/* A fingerprint as typed by a person: any case, with or without colons. */
static char *
normalize_fingerprint (const char *fingerprint)
{
  GString *text = g_string_new (NULL);

  for (const char *p = fingerprint; p != NULL && *p != '\0'; p++)
    if (g_ascii_isxdigit (*p))
      g_string_append_c (text, g_ascii_toupper (*p));
  return g_string_free (text, FALSE);
}

void
inbox_session_set_service_credentials (InboxSession *self,
                                       const char   *service_uid,
                                       const char   *password,
                                       const char   *pinned_certificate)
{
  g_return_if_fail (INBOX_IS_SESSION (self));

  g_mutex_lock (&self->lock);
  if (password != NULL)
    g_hash_table_replace (self->passwords, g_strdup (service_uid), g_strdup (password));
  else
    g_hash_table_remove (self->passwords, service_uid);
  if (pinned_certificate != NULL && *pinned_certificate != '\0')
    g_hash_table_replace (self->pinned, g_strdup (service_uid), normalize_fingerprint (pinned_certificate));
  else
    g_hash_table_remove (self->pinned, service_uid);
  g_hash_table_remove (self->rejected, service_uid);
  g_mutex_unlock (&self->lock);
}

char *
inbox_session_dup_rejected_certificate (InboxSession *self,
                                        const char   *service_uid)
{
  char *fingerprint;

  g_mutex_lock (&self->lock);
  fingerprint = g_strdup (g_hash_table_lookup (self->rejected, service_uid));
  g_mutex_unlock (&self->lock);
  return fingerprint;
}

static char *
lookup_password (InboxSession  *self,
                 CamelService  *service,
                 GError       **error)
{
  const char *uid = camel_service_get_uid (service);
  const char *slash = strrchr (uid, '/');
  g_autofree char *account = NULL;
  char *password;

  g_mutex_lock (&self->lock);
  password = g_strdup (g_hash_table_lookup (self->passwords, uid));
  g_mutex_unlock (&self->lock);
  if (password != NULL || slash == NULL)
    return password;

  account = g_strndup (uid, slash - uid);
  {
    /* libsecret's copy is non-pageable memory with its own free function: hand out a plain copy. */
    g_autoptr(InboxSecretPassword) secret = inbox_secrets_lookup_sync (
        account, g_str_equal (slash + 1, "smtp") ? INBOX_SECRET_PROTOCOL_SMTP : INBOX_SECRET_PROTOCOL_IMAP, NULL, error);
    password = g_strdup (secret);
  }
  /* Not the server's refusal, but fixed the same way: the password entered again. */
  if (password == NULL && error != NULL && *error == NULL)
    g_set_error (error, INBOX_ACCOUNT_ERROR, INBOX_ACCOUNT_ERROR_AUTHENTICATION,
                 "The keyring holds no password for this account. Enter it in the account's settings.");
  return password;
}

static char *
inbox_session_get_password (CamelSession  *session,
                            CamelService  *service,
                            const char    *prompt,
                            const char    *item,
                            guint32        flags,
                            GError       **error)
{
  /* Asked again after a rejection: there is nobody to ask, so fail instead of looping. */
  if (flags & CAMEL_SESSION_PASSWORD_REPROMPT)
    {
      g_set_error (error, CAMEL_SERVICE_ERROR, CAMEL_SERVICE_ERROR_CANT_AUTHENTICATE, "The password was not accepted");
      return NULL;
    }
  return lookup_password (INBOX_SESSION (session), service, error);
}

static gboolean
inbox_session_forget_password (CamelSession  *session,
                               CamelService  *service,
                               const char    *item,
                               GError       **error)
{
  return TRUE;  /* the keyring keeps it; a wrong one is replaced by re-adding the account */
}

static gboolean
inbox_session_authenticate_sync (CamelSession  *session,
                                 CamelService  *service,
                                 const char    *mechanism,
                                 GCancellable  *cancellable,
                                 GError       **error)
{
  g_autofree char *password = NULL;
  CamelAuthenticationResult result;

  password = lookup_password (INBOX_SESSION (session), service, error);
  if (password == NULL)
    return FALSE;

  camel_service_set_password (service, password);
  result = camel_service_authenticate_sync (service, mechanism, cancellable, error);
  if (result == CAMEL_AUTHENTICATION_ACCEPTED)
    return TRUE;
  if (result == CAMEL_AUTHENTICATION_REJECTED && error != NULL && *error == NULL)
    g_set_error (error, CAMEL_SERVICE_ERROR, CAMEL_SERVICE_ERROR_CANT_AUTHENTICATE, "The password was not accepted");
  return FALSE;
}

static CamelCertTrust
inbox_session_trust_prompt (CamelSession         *session,
                            CamelService         *service,
                            GTlsCertificate      *certificate,
                            GTlsCertificateFlags  errors)
{
  InboxSession *self = INBOX_SESSION (session);
  g_autofree char *fingerprint = inbox_certificate_get_fingerprint (certificate);
  g_autofree char *normalized = normalize_fingerprint (fingerprint);
  const char *uid = camel_service_get_uid (service);
  /* UNKNOWN, not NEVER: Camel keeps a NEVER in its certificate database for good, and the user
   * who trusts the certificate on the next try (by pinning it) would be refused forever. */
  CamelCertTrust trust = CAMEL_CERT_TRUST_UNKNOWN;

  g_mutex_lock (&self->lock);
  if (g_strcmp0 (g_hash_table_lookup (self->pinned, uid), normalized) == 0)
    trust = CAMEL_CERT_TRUST_TEMPORARY;
  else
    g_hash_table_replace (self->rejected, g_strdup (uid), g_steal_pointer (&fingerprint));
  g_mutex_unlock (&self->lock);

  return trust;
}

static CamelFilterDriver *
inbox_session_get_filter_driver (CamelSession  *session,
                                 const char    *type,
                                 CamelFolder   *for_folder,
                                 GError       **error)
{
  /* imapx asks for one for new INBOX mail; rules are ours, not Camel's, so it filters nothing. */
  return camel_filter_driver_new (session);
}

static void
inbox_session_finalize (GObject *object)
{
  InboxSession *self = INBOX_SESSION (object);

  g_hash_table_unref (self->passwords);
  g_hash_table_unref (self->pinned);
  g_hash_table_unref (self->rejected);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (inbox_session_parent_class)->finalize (object);
}

static void
inbox_session_class_init (InboxSessionClass *klass)
{
  CamelSessionClass *session_class = CAMEL_SESSION_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = inbox_session_finalize;
  session_class->get_password = inbox_session_get_password;
  session_class->forget_password = inbox_session_forget_password;
  session_class->authenticate_sync = inbox_session_authenticate_sync;
  session_class->trust_prompt = inbox_session_trust_prompt;
  session_class->get_filter_driver = inbox_session_get_filter_driver;
}

static void
inbox_session_init (InboxSession *self)
{
  g_mutex_init (&self->lock);
  self->passwords = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->pinned = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->rejected = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

InboxSession *
inbox_session_new (void)
{
  g_autofree char *data_dir = g_build_filename (g_get_user_data_dir (), "inbox", "camel", NULL);
  g_autofree char *cache_dir = g_build_filename (g_get_user_cache_dir (), "inbox", "camel", NULL);
  static gsize initialized = 0;
  InboxSession *self;

  if (g_once_init_enter (&initialized))
    {
      camel_init (data_dir, FALSE);
      camel_provider_init ();
      /* GLib 2.74 (Debian 12) deadlocks when one thread initializes a class (g_type_class_ref
       * holds the type lock) while another registers a type inside its g_once_init_enter: seen
       * as a first sync that never ended, libsecret making its D-Bus service on the bulk
       * connection's thread while Camel's first service made GIO's network monitor (a D-Bus
       * proxy) on the pass's thread. Both are made here, on the main thread, before any worker. */
      g_network_monitor_get_default ();
      inbox_secrets_prepare ();
      g_once_init_leave (&initialized, 1);
    }

  self = g_object_new (INBOX_TYPE_SESSION,
                       "user-data-dir", data_dir,
                       "user-cache-dir", cache_dir,
                       "online", TRUE,
                       NULL);
  return self;
}
