/* inbox-html-display.c: mail HTML made safe to hand to the reader's web view.
 *
 * The web view is the real defence (no script, no navigation, no plugins, see
 * inbox-message-card.c); this adds the page's own Content-Security-Policy, in a <head> that
 * comes before anything the mail says, so that the mail cannot loosen it: further policies in
 * the mail can only narrow it, and a policy <meta> outside <head> is ignored. Remote content is
 * allowed by the policy only when the user said so, and tracking pixels are removed either way.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "inbox-html.h"

/* Addresses that only exist to report that a mail was opened. */
static const char * const tracker_patterns[] = {
  "/track/open", "/wf/open", "/open.aspx", "/open.php", "/e/o/", "/o.gif", "/pixel.gif", "/pixel.png",
  "/beacon", "list-manage.com/track", "mailtrack.io", "google-analytics.com/collect", "mandrillapp.com/track",
  "sendgrid.net/wf", "hubspot.com/e", "emltrk.com", "mailstat.us", NULL
};

/* cid: images are the message's own parts (served by the reader from the message itself), so they
 * show even when remote content is blocked. */
static const char *policy_blocked =
  "default-src 'none'; script-src 'none'; object-src 'none'; frame-src 'none'; form-action 'none'; "
  "base-uri 'none'; style-src 'unsafe-inline'; font-src data:; img-src data: cid:";
static const char *policy_allowed =
  "default-src 'none'; script-src 'none'; object-src 'none'; frame-src 'none'; form-action 'none'; "
  "base-uri 'none'; style-src 'unsafe-inline'; font-src data:; img-src data: cid: http: https:";

/* The value of attribute name in one tag, lower-cased, or NULL. */
static char *
tag_attribute (const char *tag,
               const char *name)
{
  g_autofree char *pattern = g_strdup_printf ("\\s%s\\s*=\\s*(\"([^\"]*)\"|'([^']*)'|([^\\s>]+))", name);
  g_autoptr(GRegex) regex = g_regex_new (pattern, G_REGEX_CASELESS, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *value = NULL;

  if (!g_regex_match (regex, tag, 0, &match))
    return NULL;
  for (int group = 2; group <= 4 && (value == NULL || *value == '\0'); group++)
    {
      g_free (value);
      value = g_match_info_fetch (match, group);
    }
  return g_ascii_strdown (value != NULL ? value : "", -1);
}

static gboolean
is_tiny (const char *value)
{
  return value != NULL && (g_str_equal (value, "0") || g_str_equal (value, "1") ||
                           g_str_equal (value, "0px") || g_str_equal (value, "1px"));
}

static gboolean
is_tracking_image (const char *tag)
{
  g_autofree char *src = tag_attribute (tag, "src");
  g_autofree char *width = tag_attribute (tag, "width");
  g_autofree char *height = tag_attribute (tag, "height");
  g_autofree char *style = tag_attribute (tag, "style");

  if (is_tiny (width) && is_tiny (height))
    return TRUE;
  if (style != NULL && (strstr (style, "display:none") != NULL || strstr (style, "display: none") != NULL ||
                        ((strstr (style, "width:1px") != NULL || strstr (style, "width: 1px") != NULL) &&
                         (strstr (style, "height:1px") != NULL || strstr (style, "height: 1px") != NULL))))
    return TRUE;
  for (guint i = 0; src != NULL && tracker_patterns[i] != NULL; i++)
    if (strstr (src, tracker_patterns[i]) != NULL)
      return TRUE;
  return FALSE;
}

static gboolean
replace_image (const GMatchInfo *match,
               GString          *out,
               gpointer          user_data)
{
  InboxHtmlReport *report = user_data;
  g_autofree char *tag = g_match_info_fetch (match, 0);

  if (is_tracking_image (tag))
    report->trackers++;
  else
    g_string_append (out, tag);
  return FALSE;
}

static guint
count_matches (const char *pattern,
               const char *html)
{
  g_autoptr(GRegex) regex = g_regex_new (pattern, G_REGEX_CASELESS, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  guint n = 0;

  for (g_regex_match (regex, html, 0, &match); g_match_info_matches (match); g_match_info_next (match, NULL))
    n++;
  return n;
}

char *
inbox_html_prepare_for_display (const char      *html,
                                gboolean         allow_remote,
                                InboxHtmlReport *report)
{
  g_autoptr(GRegex) images = g_regex_new ("<img\\b[^>]*>", G_REGEX_CASELESS, 0, NULL);
  g_autofree char *valid = g_utf8_make_valid (html != NULL ? html : "", -1);
  g_autofree char *body = NULL;
  InboxHtmlReport local = { 0, 0 };

  body = g_regex_replace_eval (images, valid, -1, 0, 0, replace_image, &local, NULL);
  if (body == NULL)
    body = g_strdup ("");
  /* What would reach the network if allowed: images, backgrounds and CSS url()s that are not data:. */
  local.remote = count_matches ("\\s(src|background|srcset|poster)\\s*=\\s*[\"']?\\s*(https?:)?//", body) +
                 count_matches ("url\\(\\s*[\"']?\\s*(https?:)?//", body) +
                 count_matches ("@import\\s", body);
  if (report != NULL)
    *report = local;

  return g_strdup_printf ("<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
                          "<meta http-equiv=\"Content-Security-Policy\" content=\"%s\">"
                          "<meta name=\"referrer\" content=\"no-referrer\">"
                          "<style>html,body{margin:0;padding:0;overflow-wrap:anywhere;background:#fff;color:#000}"
                          "body{font-family:sans-serif;font-size:14px;padding:2px}"
                          "img{max-width:100%%;height:auto}</style></head><body>%s</body></html>",
                          allow_remote ? policy_allowed : policy_blocked, body);
}
