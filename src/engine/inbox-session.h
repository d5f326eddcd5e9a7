/* inbox-session.h: the app's one CamelSession.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <camel/camel.h>

G_BEGIN_DECLS

#define INBOX_TYPE_SESSION (inbox_session_get_type ())

G_DECLARE_FINAL_TYPE (InboxSession, inbox_session, INBOX, SESSION, CamelSession)

InboxSession *inbox_session_new                      (void);
void          inbox_session_set_service_credentials  (InboxSession    *self,
                                                      const char      *service_uid,
                                                      const char      *password,
                                                      const char      *pinned_certificate);
char         *inbox_session_dup_rejected_certificate (InboxSession    *self,
                                                      const char      *service_uid);
char         *inbox_certificate_get_fingerprint      (GTlsCertificate *certificate);

G_END_DECLS
