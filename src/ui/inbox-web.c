/* inbox-web.c: how every web view of ours is set up.
 *
 * Page script never runs (enable-javascript-markup off: <script> and on* attributes are dropped at
 * parse time); only our own scripts, evaluated in isolated worlds, do. No windows, no file access,
 * no storage, WebGL, audio or media, no developer tools, no swipe navigation. One ephemeral network
 * session for all: nothing (cookies, cache) outlives the run. What may load is up to each page's
 * Content-Security-Policy.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>

#include "inbox-application.h"
#include "inbox-web.h"

/* --- cid: images ----------------------------------------------------------------------------- */

/* An HTML mail's cid: images are parts of the message itself. The store keeps no bodies of
 * parts, so the reader fetches the message as its server has it (once per view, then kept on the
 * view) and serves each part by its Content-ID. Only parts of the message the view shows: the
 * view names it (g_object_set_data "inbox-message-id"). */

typedef struct {
  WebKitURISchemeRequest *request;
  char *content_id;
} CidRequest;

static void
cid_request_free (CidRequest *cid)
{
  g_object_unref (cid->request);
  g_free (cid->content_id);
  g_free (cid);
}

static void
serve_cid (WebKitURISchemeRequest *request,
           GBytes                 *message,
           const char             *content_id)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *content_type = NULL;
  g_autoptr(GBytes) part = inbox_message_extract_inline (message, content_id, &content_type, &error);
  g_autoptr(GInputStream) stream = NULL;

  if (part == NULL)
    {
      webkit_uri_scheme_request_finish_error (request, error);
      return;
    }
  stream = g_memory_input_stream_new_from_bytes (part);
  webkit_uri_scheme_request_finish (request, stream, (gint64) g_bytes_get_size (part), content_type);
}

static void
cid_fetched (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  CidRequest *cid = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) message = inbox_sender_fetch_message_finish (INBOX_SENDER (object), result, &error);
  WebKitWebView *view = webkit_uri_scheme_request_get_web_view (cid->request);

  if (message == NULL)
    webkit_uri_scheme_request_finish_error (cid->request, error);
  else
    {
      if (view != NULL)
        g_object_set_data_full (G_OBJECT (view), "inbox-raw-message", g_bytes_ref (message), (GDestroyNotify) g_bytes_unref);
      serve_cid (cid->request, message, cid->content_id);
    }
  cid_request_free (cid);
}

static void
cid_scheme (WebKitURISchemeRequest *request,
            gpointer                user_data)
{
  WebKitWebView *view = webkit_uri_scheme_request_get_web_view (request);
  const char *message_id = view != NULL ? g_object_get_data (G_OBJECT (view), "inbox-message-id") : NULL;
  GBytes *cached = view != NULL ? g_object_get_data (G_OBJECT (view), "inbox-raw-message") : NULL;
  InboxSender *sender = inbox_application_get_default_sender ();
  g_autofree char *content_id = g_uri_unescape_string (webkit_uri_scheme_request_get_path (request), NULL);
  CidRequest *cid;

  if (message_id == NULL || sender == NULL || content_id == NULL)
    {
      g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "No such part");

      webkit_uri_scheme_request_finish_error (request, error);
      return;
    }
  if (cached != NULL)
    {
      serve_cid (request, cached, content_id);
      return;
    }
  cid = g_new0 (CidRequest, 1);
  cid->request = g_object_ref (request);
  cid->content_id = g_steal_pointer (&content_id);
  inbox_sender_fetch_message_async (sender, message_id, cid_fetched, cid);
}

WebKitWebView *
inbox_web_view_new_locked (void)
{
  static WebKitNetworkSession *session;
  g_autoptr(WebKitSettings) settings = webkit_settings_new ();

  if (session == NULL)
    {
      session = webkit_network_session_new_ephemeral ();
      webkit_web_context_register_uri_scheme (webkit_web_context_get_default (), "cid", cid_scheme, NULL, NULL);
    }

  webkit_settings_set_enable_javascript (settings, TRUE);
  webkit_settings_set_enable_javascript_markup (settings, FALSE);
  webkit_settings_set_javascript_can_open_windows_automatically (settings, FALSE);
  webkit_settings_set_allow_file_access_from_file_urls (settings, FALSE);
  webkit_settings_set_allow_universal_access_from_file_urls (settings, FALSE);
  webkit_settings_set_enable_html5_local_storage (settings, FALSE);
  webkit_settings_set_enable_webgl (settings, FALSE);
  webkit_settings_set_enable_webaudio (settings, FALSE);
  webkit_settings_set_enable_media (settings, FALSE);
  webkit_settings_set_enable_page_cache (settings, FALSE);
  webkit_settings_set_enable_developer_extras (settings, FALSE);
  webkit_settings_set_enable_back_forward_navigation_gestures (settings, FALSE);
  webkit_settings_set_auto_load_images (settings, TRUE);  /* the page's policy decides which */

  return g_object_new (WEBKIT_TYPE_WEB_VIEW, "settings", settings, "network-session", session, NULL);
}
