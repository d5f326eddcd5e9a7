/* inbox-account.h: an IMAP/SMTP account's settings, the provider presets, and verification.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "inbox-session.h"

G_BEGIN_DECLS

#define INBOX_ACCOUNT_ERROR (inbox_account_error_quark ())

typedef enum {
  INBOX_ACCOUNT_ERROR_FAILED,
  INBOX_ACCOUNT_ERROR_AUTHENTICATION,   /* wrong user or password */
  INBOX_ACCOUNT_ERROR_HOST_NOT_FOUND,
  INBOX_ACCOUNT_ERROR_CONNECTION_REFUSED,
  INBOX_ACCOUNT_ERROR_TIMED_OUT,
  INBOX_ACCOUNT_ERROR_CERTIFICATE,      /* not trusted; the message shows its fingerprint */
  INBOX_ACCOUNT_ERROR_SECURITY,         /* the server refused the security mode (no STARTTLS, not TLS…) */
  INBOX_ACCOUNT_ERROR_INVALID,          /* settings that can't work (missing host, bad port…) */
} InboxAccountError;

GQuark inbox_account_error_quark (void);

typedef enum {
  INBOX_SECURITY_TLS,
  INBOX_SECURITY_STARTTLS,
  INBOX_SECURITY_NONE,
} InboxSecurity;

typedef struct {
  char *uid;                 /* set when stored */
  char *email;
  char *display_name;
  char *description;
  char *imap_host;
  guint imap_port;
  InboxSecurity imap_security;
  char *imap_user;
  char *smtp_host;
  guint smtp_port;
  InboxSecurity smtp_security;
  char *smtp_user;
  char *history;             /* all, none, 1m, 3m, 6m, 1y, 2y, 5y, 10y */
  char *pinned_certificate;  /* SHA-256 fingerprint of an accepted self-signed certificate */
  char *preset;              /* "icloud"… or NULL */
  gint64 created;            /* when it was added (unix time); 0 until stored */
  gboolean saves_sent;       /* the server files sent mail in Sent itself: no copy is appended */
  guint size_limit_mb;       /* the largest message its server takes, in MB; 0: not known */
} InboxAccountConfig;

typedef struct {
  const char *id;
  const char *name;
  const char * const *domains;
  const char *imap_host;
  guint imap_port;
  InboxSecurity imap_security;
  const char *smtp_host;
  guint smtp_port;
  InboxSecurity smtp_security;
  gboolean needs_app_password;
  guint size_limit_mb;       /* the provider's published message size limit, or 0 */
} InboxAccountPreset;

InboxAccountConfig       *inbox_account_config_new          (const char                *email);
InboxAccountConfig       *inbox_account_config_copy         (const InboxAccountConfig  *config);
void                      inbox_account_config_free         (InboxAccountConfig        *config);
gboolean                  inbox_account_config_validate     (const InboxAccountConfig  *config,
                                                             GError                   **error);
const InboxAccountPreset *inbox_account_preset_for_email    (const char                *email);
const InboxAccountPreset *inbox_account_preset_lookup       (const char                *id);
gboolean                  inbox_account_config_apply_preset (InboxAccountConfig        *config,
                                                             const InboxAccountPreset  *preset);
const char               *inbox_security_to_string          (InboxSecurity              security);
gboolean                  inbox_security_from_string        (const char                *text,
                                                             InboxSecurity             *security);
guint64                   inbox_account_config_get_size_limit (const InboxAccountConfig *config);
gboolean                  inbox_history_is_valid            (const char                *history);
gint64                    inbox_account_history_cutoff      (const InboxAccountConfig  *config,
                                                             gint64                     now);
char                     *inbox_account_service_uid         (const char                *account_uid,
                                                             const char                *protocol);
CamelService             *inbox_account_add_service         (InboxSession              *session,
                                                             const char                *service_uid,
                                                             const char                *protocol,
                                                             CamelProviderType          type,
                                                             const char                *host,
                                                             guint                      port,
                                                             InboxSecurity              security,
                                                             const char                *user,
                                                             GError                   **error);
gboolean                  inbox_account_error_is_authentication (const GError          *error);
void                      inbox_account_explain_imap_error  (const InboxAccountConfig  *config,
                                                             const GError              *cause,
                                                             GError                   **error);
gboolean                  inbox_account_error_is_unreachable (const GError            *error);
void                      inbox_account_explain_unreachable (const char                *host,
                                                             guint                      port,
                                                             const GError              *cause,
                                                             const char                *then,
                                                             GError                   **error);
gboolean                  inbox_account_connect_service     (InboxSession              *session,
                                                             CamelService              *service,
                                                             GCancellable              *cancellable,
                                                             GError                   **error);
gboolean                  inbox_account_verify_sync         (InboxSession              *session,
                                                             const InboxAccountConfig  *config,
                                                             const char                *password,
                                                             const char                *smtp_password,
                                                             GCancellable              *cancellable,
                                                             GError                   **error);

char                     *inbox_account_error_dup_fingerprint (const GError         *error);
char                     *inbox_account_dup_fingerprint_in  (const char            *message);
void                      inbox_account_set_certificate_error (GError              **error,
                                                               const char           *what,
                                                               const char           *host,
                                                               const char           *fingerprint);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (InboxAccountConfig, inbox_account_config_free)

G_END_DECLS
