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

#include "inbox-web.h"

WebKitWebView *
inbox_web_view_new_locked (void)
{
  static WebKitNetworkSession *session;
  g_autoptr(WebKitSettings) settings = webkit_settings_new ();

  if (session == NULL)
    session = webkit_network_session_new_ephemeral ();

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
