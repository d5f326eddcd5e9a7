/* inbox-message-card.c: one message in the conversation view.
 *
 * Collapsed, it is one line: sender, snippet and time. Open, it shows the body: plain text in a
 * label (links clickable, the quoted tail and signature folded behind "…"), or HTML in a
 * locked-down WebKitWebView:
 *   - the page's own script never runs: JavaScript markup is stripped at parse time, and the
 *     policy says script-src 'none'. JavaScript stays on only so that we can measure the page's
 *     height from an isolated world of our own;
 *   - nothing remote loads until the user allows it (the Content-Security-Policy from
 *     inbox_html_prepare_for_display), tracking pixels never do, and the network session is
 *     ephemeral, so no cookie or cache outlives the app;
 *   - no navigation: the only load allowed is our own document; a clicked link opens in the
 *     default browser, and hovering one shows its real address (the "link-hover" signal);
 *   - no plugins, WebGL, WebAudio, media, storage, file:// access or new windows.
 * HTML mail is shown on a light page in dark style too, as most of it is designed for one ("light
 * messages", the default); with that preference off it is darkened by a style sheet of ours
 * (colours inverted, pictures inverted back).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <stdio.h>
#include <glib/gi18n.h>
#include <webkit/webkit.h>

#include "inbox-application.h"
#include "inbox-attachment-chip.h"
#include "inbox-conversation-row.h"
#include "inbox-message-card.h"
#include "inbox-web.h"

struct _InboxMessageCard
{
  GtkWidget parent_instance;

  AdwAvatar *avatar;
  GtkLabel *sender_label;
  GtkLabel *detail_label;
  GtkWidget *star_icon;
  GtkLabel *time_label;
  GtkRevealer *body_revealer;
  GtkWidget *remote_bar;
  GtkStack *body_stack;
  GtkLabel *text_label;
  GtkToggleButton *quote_button;
  GtkLabel *quote_label;
  GtkBox *web_box;
  GtkLabel *missing_label;
  GtkFlowBox *attachments_box;

  InboxStore *store;
  gint64 conversation_id;
  InboxMessage *message;
  GSettings *settings;      /* for "light-messages" */
  InboxMessageContent *content;   /* loaded when first opened */
  WebKitWebView *web_view;
  gboolean allow_remote;
  gboolean loading_ours;          /* the next navigation is our own load_html() */
  int measured_width;
};

G_DEFINE_FINAL_TYPE (InboxMessageCard, inbox_message_card, GTK_TYPE_WIDGET)

enum { SIGNAL_LINK_HOVER, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
open_uri (InboxMessageCard *self,
          const char       *uri)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  /* Only what a browser or mail app should handle; never file: or a custom scheme from a mail. */
  if (g_str_has_prefix (uri, "https://") || g_str_has_prefix (uri, "http://") || g_str_has_prefix (uri, "mailto:"))
    gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, uri, GDK_CURRENT_TIME);
  else
    g_warning ("Not opening “%s” from a message: only http, https and mailto links open", uri);
}

static gboolean
activate_link_cb (InboxMessageCard *self,
                  const char       *uri)
{
  open_uri (self, uri);
  return TRUE;
}

/* Plain text as Pango markup: escaped, web and mail links clickable, quoted lines dimmed. */
static char *
text_to_markup (const char *text,
                gsize       length)
{
  static GRegex *links;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *valid = g_utf8_make_valid (text, (gssize) length);
  g_auto(GStrv) lines = g_strsplit (valid, "\n", -1);

  if (links == NULL)
    links = g_regex_new ("(https?://|mailto:)[^\\s<>\"]*[^\\s<>\".,;:!?)\\]']", G_REGEX_OPTIMIZE, 0, NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(GMatchInfo) match = NULL;
      const char *line = lines[i];
      gboolean quoted = line[0] == '>';
      int last = 0;

      if (lines[i + 1] == NULL && *line == '\0')
        break;
      g_strchomp (lines[i]);
      if (quoted)
        g_string_append (out, "<span fgalpha=\"60%\">");
      for (g_regex_match (links, line, 0, &match); g_match_info_matches (match); g_match_info_next (match, NULL))
        {
          int start, end;
          g_autofree char *before = NULL;
          g_autofree char *uri = NULL;

          g_match_info_fetch_pos (match, 0, &start, &end);
          before = g_markup_escape_text (line + last, start - last);
          uri = g_markup_escape_text (line + start, end - start);
          g_string_append_printf (out, "%s<a href=\"%s\">%s</a>", before, uri, uri);
          last = end;
        }
      {
        g_autofree char *rest = g_markup_escape_text (line + last, -1);
        g_string_append (out, rest);
      }
      if (quoted)
        g_string_append (out, "</span>");
      g_string_append_c (out, '\n');
    }
  while (out->len > 0 && out->str[out->len - 1] == '\n')
    g_string_truncate (out, out->len - 1);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
show_text (InboxMessageCard *self,
           const char       *text)
{
  gsize tail = inbox_text_find_quoted_tail (text);
  g_autofree char *body = text_to_markup (text, tail);
  g_autofree char *quoted = tail < strlen (text) ? text_to_markup (text + tail, strlen (text) - tail) : NULL;

  /* A message that is all quote shows it rather than an empty card. */
  if (*body == '\0' && quoted != NULL)
    {
      g_free (body);
      body = g_steal_pointer (&quoted);
    }
  gtk_label_set_markup (self->text_label, body);
  gtk_widget_set_visible (GTK_WIDGET (self->text_label), *body != '\0');
  gtk_label_set_markup (self->quote_label, quoted != NULL ? quoted : "");
  gtk_widget_set_visible (GTK_WIDGET (self->quote_button), quoted != NULL);
  gtk_stack_set_visible_child_name (self->body_stack, "text");
}

static void measure_height (InboxMessageCard *self);

/* The page's size in CSS pixels: its height becomes the view's, and a page wider than the card
 * (a 600-pixel newsletter in a narrow pane) is zoomed out to fit, down to half size. */
static void
height_measured (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(InboxMessageCard) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JSCValue) value = webkit_web_view_evaluate_javascript_finish (WEBKIT_WEB_VIEW (object), result, &error);
  g_autofree char *size = NULL;
  double width = 0, height = 0, zoom, view_width;

  if (value == NULL)
    {
      g_warning ("Could not measure a message's height: %s", error->message);
      return;
    }
  if (self->web_view == NULL)
    return;
  size = jsc_value_to_string (value);
  if (sscanf (size, "%lf %lf", &width, &height) != 2)
    return;

  zoom = webkit_web_view_get_zoom_level (self->web_view);
  view_width = gtk_widget_get_width (GTK_WIDGET (self->web_view));
  if (view_width > 0 && width > 0)
    {
      /* The page reports its width at the current zoom's layout width, i.e. in CSS pixels. */
      double fit = CLAMP (view_width / width, 0.5, 1.0);

      if (ABS (fit - zoom) > 0.02 && (fit < zoom || width * zoom <= view_width))
        {
          webkit_web_view_set_zoom_level (self->web_view, fit);
          measure_height (self);
          return;
        }
    }
  gtk_widget_set_size_request (GTK_WIDGET (self->web_view), -1, MAX ((int) (height * zoom + 0.5), 20));
}

static void
measure_height (InboxMessageCard *self)
{
  static const char script[] =
    "document.documentElement.scrollWidth + ' ' + Math.ceil(document.documentElement.getBoundingClientRect().height)";

  self->measured_width = gtk_widget_get_width (GTK_WIDGET (self));
  /* Our own world: the page's policy and its (stripped) script cannot touch it. */
  webkit_web_view_evaluate_javascript (self->web_view, script, -1, "inbox-measure", NULL, NULL,
                                       height_measured, g_object_ref (self));
}

/* Our own script, in our own world (the mail's never runs): quoted text (a top-level <blockquote>
 * or Gmail's quote) folds behind a "…" button, and any change of the page's size (the button, a
 * late image) is reported so that the view's height follows. */
#define FOLD_QUOTES_SCRIPT \
  "(function () {" \
  "  for (const quote of document.querySelectorAll('blockquote, .gmail_quote')) {" \
  "    if (quote.parentElement && quote.parentElement.closest('blockquote, .gmail_quote')) continue;" \
  "    if (quote.dataset.inboxFolded) continue;" \
  "    quote.dataset.inboxFolded = '1';" \
  "    quote.style.display = 'none';" \
  "    const button = document.createElement('button');" \
  "    button.textContent = '\u2026';" \
  "    button.title = \"%s\";" \
  "    button.dataset.inboxQuote = '1';" \
  "    button.style.cssText = 'border:1px solid #c0bfbc;border-radius:6px;background:#f6f5f4;color:#3d3846;" \
  "padding:0 10px;margin:4px 0;cursor:pointer;font:inherit;line-height:1.4';" \
  "    button.addEventListener('click', () => {" \
  "      quote.style.display = quote.style.display === 'none' ? '' : 'none';" \
  "    });" \
  "    quote.parentNode.insertBefore(button, quote);" \
  "  }" \
  "  new ResizeObserver(() => window.webkit.messageHandlers.inboxResized.postMessage(0))" \
  "    .observe(document.documentElement);" \
  "})();"

static void
resized_cb (WebKitUserContentManager *manager,
            JSCValue                 *value,
            InboxMessageCard         *self)
{
  if (self->web_view != NULL)
    measure_height (self);
}

static void
quotes_folded (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(InboxMessageCard) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JSCValue) value = webkit_web_view_evaluate_javascript_finish (WEBKIT_WEB_VIEW (object), result, &error);

  if (value == NULL)
    g_warning ("Could not fold the quoted text: %s", error->message);
  if (self->web_view != NULL)
    measure_height (self);
}

static void
load_changed_cb (WebKitWebView    *web_view,
                 WebKitLoadEvent   event,
                 InboxMessageCard *self)
{
  g_autofree char *title = NULL;
  g_autofree char *script = NULL;

  if (event != WEBKIT_LOAD_FINISHED)
    return;
  /* The button's tooltip, as a JavaScript string literal. */
  title = g_strescape (_("Show or hide the quoted text"), NULL);
  script = g_strdup_printf (FOLD_QUOTES_SCRIPT, title);
  webkit_web_view_evaluate_javascript (web_view, script, -1, "inbox-measure", NULL, NULL, quotes_folded, g_object_ref (self));
}

static gboolean
decide_policy_cb (WebKitWebView            *web_view,
                  WebKitPolicyDecision     *decision,
                  WebKitPolicyDecisionType  type,
                  InboxMessageCard         *self)
{
  if (type == WEBKIT_POLICY_DECISION_TYPE_RESPONSE)
    {
      webkit_policy_decision_use (decision);
      return TRUE;
    }

  WebKitNavigationAction *action =
    webkit_navigation_policy_decision_get_navigation_action (WEBKIT_NAVIGATION_POLICY_DECISION (decision));
  const char *uri = webkit_uri_request_get_uri (webkit_navigation_action_get_request (action));

  if (type == WEBKIT_POLICY_DECISION_TYPE_NAVIGATION_ACTION && self->loading_ours &&
      webkit_navigation_action_get_navigation_type (action) == WEBKIT_NAVIGATION_TYPE_OTHER)
    {
      self->loading_ours = FALSE;
      webkit_policy_decision_use (decision);
      return TRUE;
    }

  webkit_policy_decision_ignore (decision);
  if (webkit_navigation_action_is_user_gesture (action) &&
      webkit_navigation_action_get_navigation_type (action) == WEBKIT_NAVIGATION_TYPE_LINK_CLICKED)
    open_uri (self, uri);
  return TRUE;
}

static void
mouse_target_changed_cb (WebKitWebView       *web_view,
                         WebKitHitTestResult *hit,
                         guint                modifiers,
                         InboxMessageCard    *self)
{
  g_signal_emit (self, signals[SIGNAL_LINK_HOVER], 0,
                 webkit_hit_test_result_context_is_link (hit) ? webkit_hit_test_result_get_link_uri (hit) : NULL);
}

static gboolean
context_menu_cb (WebKitWebView       *web_view,
                 WebKitContextMenu   *menu,
                 WebKitHitTestResult *hit,
                 InboxMessageCard    *self)
{
  /* Keep copying; drop reload, back, "open in new window" and the like. */
  for (GList *items = g_list_copy (webkit_context_menu_get_items (menu)); items != NULL; items = g_list_delete_link (items, items))
    {
      WebKitContextMenuAction action = webkit_context_menu_item_get_stock_action (items->data);

      if (action != WEBKIT_CONTEXT_MENU_ACTION_COPY && action != WEBKIT_CONTEXT_MENU_ACTION_COPY_LINK_TO_CLIPBOARD &&
          action != WEBKIT_CONTEXT_MENU_ACTION_SELECT_ALL && action != WEBKIT_CONTEXT_MENU_ACTION_COPY_IMAGE_URL_TO_CLIPBOARD)
        webkit_context_menu_remove (menu, items->data);
    }
  return webkit_context_menu_get_n_items (menu) == 0;
}

static WebKitWebView *
create_web_view (InboxMessageCard *self)
{
  WebKitWebView *web_view = inbox_web_view_new_locked ();

  gtk_widget_set_hexpand (GTK_WIDGET (web_view), TRUE);
  gtk_widget_set_size_request (GTK_WIDGET (web_view), -1, 40);
  g_signal_connect (web_view, "decide-policy", G_CALLBACK (decide_policy_cb), self);
  g_signal_connect (web_view, "load-changed", G_CALLBACK (load_changed_cb), self);
  g_signal_connect (web_view, "mouse-target-changed", G_CALLBACK (mouse_target_changed_cb), self);
  g_signal_connect (web_view, "context-menu", G_CALLBACK (context_menu_cb), self);
  g_signal_connect (webkit_web_view_get_user_content_manager (web_view), "script-message-received::inboxResized",
                    G_CALLBACK (resized_cb), self);
  webkit_user_content_manager_register_script_message_handler (webkit_web_view_get_user_content_manager (web_view),
                                                               "inboxResized", "inbox-measure");
  return web_view;
}

/* Dark style with "light messages" off: the page's colours inverted, its pictures inverted back. */
static gboolean
darken_if_asked (WebKitWebView *web_view)
{
  static const char dark_css[] =
    "html { filter: invert(0.88) hue-rotate(180deg); background: #ffffff; }"
    "img, picture, video, svg, [style*=\"background-image\"] { filter: invert(1) hue-rotate(180deg); }";
  WebKitUserContentManager *manager = webkit_web_view_get_user_content_manager (web_view);
  g_autoptr(GSettings) settings = inbox_application_dup_settings ();
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ()) &&
                  settings != NULL && !g_settings_get_boolean (settings, "light-messages");

  webkit_user_content_manager_remove_all_style_sheets (manager);
  if (dark)
    {
      g_autoptr(WebKitUserStyleSheet) sheet = webkit_user_style_sheet_new (dark_css, WEBKIT_USER_CONTENT_INJECT_TOP_FRAME,
                                                                            WEBKIT_USER_STYLE_LEVEL_USER, NULL, NULL);

      webkit_user_content_manager_add_style_sheet (manager, sheet);
    }
  return dark;
}

static void
update_darkening (InboxMessageCard *self)
{
  if (self->web_view == NULL)
    return;
  if (darken_if_asked (self->web_view))
    gtk_widget_add_css_class (GTK_WIDGET (self->web_box), "darkened");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->web_box), "darkened");
}

static void
show_html (InboxMessageCard *self)
{
  InboxHtmlReport report;
  g_autofree char *document = inbox_html_prepare_for_display (self->content->html, self->allow_remote, &report);

  if (self->web_view == NULL)
    {
      self->web_view = create_web_view (self);
      gtk_box_append (self->web_box, GTK_WIDGET (self->web_view));
    }
  gtk_widget_set_visible (self->remote_bar, report.remote > 0 && !self->allow_remote);
  update_darkening (self);
  /* For its cid: images (inbox-web.c). */
  g_object_set_data_full (G_OBJECT (self->web_view), "inbox-message-id",
                          g_strdup (inbox_message_get_message_id (self->message)), g_free);
  self->loading_ours = TRUE;
  webkit_web_view_load_html (self->web_view, document, "about:blank");
  gtk_stack_set_visible_child_name (self->body_stack, "html");
}

static void
load_content (InboxMessageCard *self)
{
  g_autoptr(GError) error = NULL;

  if (self->content != NULL)
    return;
  self->content = inbox_store_get_message_content_sync (self->store, self->conversation_id,
                                                        inbox_message_get_message_id (self->message), &error);
  if (self->content == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("This message cannot be shown: %s"), error->message);

      gtk_label_set_text (self->missing_label, text);
      gtk_stack_set_visible_child_name (self->body_stack, "missing");
      return;
    }

  self->allow_remote = self->content->remote_allowed;
  if (self->content->html != NULL && *self->content->html != '\0')
    show_html (self);
  else if (self->content->text != NULL)
    show_text (self, self->content->text);
  else
    {
      gtk_label_set_text (self->missing_label, _("This message has not been downloaded yet. It will appear once the account has synced."));
      gtk_stack_set_visible_child_name (self->body_stack, "missing");
    }

  for (guint i = 0; i < self->content->attachments->len; i++)
    {
      InboxAttachmentInfo *info = self->content->attachments->pdata[i];

      if (!info->is_inline)
        gtk_flow_box_append (self->attachments_box,
                             inbox_attachment_chip_new (info, inbox_message_get_message_id (self->message)));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->attachments_box), gtk_widget_get_first_child (GTK_WIDGET (self->attachments_box)) != NULL);
}

static void
update_header (InboxMessageCard *self)
{
  gboolean expanded = gtk_revealer_get_reveal_child (self->body_revealer);
  const char * const *to = inbox_message_get_to (self->message);
  g_autofree char *recipients = NULL;

  if (expanded && to != NULL && to[0] != NULL)
    {
      g_autofree char *joined = g_strjoinv (", ", (GStrv) to);
      recipients = g_strdup_printf (_("To %s"), joined);
    }
  gtk_label_set_text (self->detail_label, recipients != NULL ? recipients :
                      expanded ? inbox_message_get_from_address (self->message) : inbox_message_get_snippet (self->message));
}

void
inbox_message_card_set_expanded (InboxMessageCard *self,
                                 gboolean          expanded)
{
  g_return_if_fail (INBOX_IS_MESSAGE_CARD (self));

  if (expanded)
    load_content (self);
  gtk_revealer_set_reveal_child (self->body_revealer, expanded);
  if (expanded)
    gtk_widget_add_css_class (GTK_WIDGET (self), "expanded");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "expanded");
  update_header (self);
}

gboolean
inbox_message_card_get_expanded (InboxMessageCard *self)
{
  g_return_val_if_fail (INBOX_IS_MESSAGE_CARD (self), FALSE);
  return gtk_revealer_get_reveal_child (self->body_revealer);
}

InboxMessage *
inbox_message_card_get_message (InboxMessageCard *self)
{
  g_return_val_if_fail (INBOX_IS_MESSAGE_CARD (self), NULL);
  return self->message;
}

GtkWidget *
inbox_message_card_get_web_view (InboxMessageCard *self)
{
  g_return_val_if_fail (INBOX_IS_MESSAGE_CARD (self), NULL);
  return GTK_WIDGET (self->web_view);
}

static void
toggle_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  InboxMessageCard *self = INBOX_MESSAGE_CARD (widget);

  inbox_message_card_set_expanded (self, !inbox_message_card_get_expanded (self));
}

static void
load_images_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  InboxMessageCard *self = INBOX_MESSAGE_CARD (widget);

  if (self->content == NULL || self->content->html == NULL)
    return;
  self->allow_remote = TRUE;
  show_html (self);
}

static void
allow_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  InboxMessageCard *self = INBOX_MESSAGE_CARD (widget);
  gboolean domain = g_str_equal (action_name, "card.allow-domain");
  const char *address = inbox_message_get_from_address (self->message);
  const char *at = strrchr (address, '@');
  g_autoptr(GError) error = NULL;

  if (!inbox_store_allow_remote_content_sync (self->store, domain ? "domain" : "sender",
                                              domain && at != NULL ? at + 1 : address, &error))
    {
      g_warning ("Could not remember the choice: %s", error->message);
      return;
    }
  load_images_activated (widget, "card.load-images", NULL);
}

/* A narrower or wider card reflows the page: measure its height again. */
static void
inbox_message_card_size_allocate (GtkWidget *widget,
                                  int        width,
                                  int        height,
                                  int        baseline)
{
  InboxMessageCard *self = INBOX_MESSAGE_CARD (widget);

  GTK_WIDGET_CLASS (inbox_message_card_parent_class)->size_allocate (widget, width, height, baseline);
  if (self->web_view != NULL && self->measured_width != 0 && ABS (width - self->measured_width) > 8 &&
      !webkit_web_view_is_loading (self->web_view))
    measure_height (self);
}

static void
inbox_message_card_dispose (GObject *object)
{
  InboxMessageCard *self = INBOX_MESSAGE_CARD (object);

  if (self->web_view != NULL)
    {
      g_signal_handlers_disconnect_by_data (webkit_web_view_get_user_content_manager (self->web_view), self);
      g_signal_handlers_disconnect_by_data (self->web_view, self);
    }
  self->web_view = NULL;
  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), INBOX_TYPE_MESSAGE_CARD);
  /* The template's root box is not bound to a field, so unparent it here. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL;)
    gtk_widget_unparent (child);
  g_clear_object (&self->message);
  g_clear_object (&self->store);
  g_clear_pointer (&self->content, inbox_message_content_free);

  G_OBJECT_CLASS (inbox_message_card_parent_class)->dispose (object);
}

static void
inbox_message_card_class_init (InboxMessageCardClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = inbox_message_card_dispose;
  widget_class->size_allocate = inbox_message_card_size_allocate;

  /**
   * InboxMessageCard::link-hover:
   * @uri: (nullable): the real address of the link under the pointer, or NULL when it left
   */
  signals[SIGNAL_LINK_HOVER] = g_signal_new ("link-hover", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                             0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/ui/inbox-message-card.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, InboxMessageCard, avatar);
  gtk_widget_class_bind_template_child (widget_class, InboxMessageCard, sender_label);
  gtk_widget_class_bind_template_child (widget_class, InboxMessageCard, detail_label);
  gtk_widget_class_bind_template_child (widget_class, InboxMessageCard, star_icon);
  gtk_widget_class_bind_template_child (widget_class, InboxMessageCard, time_label);
  gtk_widget_class_bind_template_child (widget_class, InboxMessageCard, body_revealer);
  gtk_widget_class_bind_template_child (widget_class, InboxMessageCard, remote_bar);
  gtk_widget_class_bind_template_child (widget_class, InboxMessageCard, body_stack);
  gtk_widget_class_bind_template_child (widget_class, InboxMessageCard, text_label);
  gtk_widget_class_bind_template_child (widget_class, InboxMessageCard, quote_button);
  gtk_widget_class_bind_template_child (widget_class, InboxMessageCard, quote_label);
  gtk_widget_class_bind_template_child (widget_class, InboxMessageCard, web_box);
  gtk_widget_class_bind_template_child (widget_class, InboxMessageCard, missing_label);
  gtk_widget_class_bind_template_child (widget_class, InboxMessageCard, attachments_box);
  gtk_widget_class_bind_template_callback (widget_class, activate_link_cb);

  gtk_widget_class_install_action (widget_class, "card.toggle", NULL, toggle_activated);
  gtk_widget_class_install_action (widget_class, "card.load-images", NULL, load_images_activated);
  gtk_widget_class_install_action (widget_class, "card.allow-sender", NULL, allow_activated);
  gtk_widget_class_install_action (widget_class, "card.allow-domain", NULL, allow_activated);
}

static void
inbox_message_card_init (InboxMessageCard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* A page shown follows the style and the "light messages" preference as they change. */
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark", G_CALLBACK (update_darkening), self,
                           G_CONNECT_SWAPPED);
  self->settings = inbox_application_dup_settings ();
  if (self->settings != NULL)
    g_signal_connect_object (self->settings, "changed::light-messages", G_CALLBACK (update_darkening), self,
                             G_CONNECT_SWAPPED);
}

GtkWidget *
inbox_message_card_new (InboxStore   *store,
                        gint64        conversation_id,
                        InboxMessage *message,
                        gboolean      expanded)
{
  InboxMessageCard *self = g_object_new (INBOX_TYPE_MESSAGE_CARD, NULL);
  const char *name = inbox_message_get_from_name (message);
  const char *address = inbox_message_get_from_address (message);
  g_autofree char *time = inbox_format_relative_time (inbox_message_get_date (message),
                                                      g_get_real_time () / G_USEC_PER_SEC, TRUE);
  g_autoptr(GDateTime) date = g_date_time_new_from_unix_local (inbox_message_get_date (message));
  g_autofree char *full_date = date != NULL ? g_date_time_format (date, "%c") : NULL;

  self->store = g_object_ref (store);
  self->conversation_id = conversation_id;
  self->message = g_object_ref (message);

  gtk_label_set_text (self->sender_label, name != NULL && *name != '\0' ? name : address);
  adw_avatar_set_text (self->avatar, name != NULL && *name != '\0' ? name : address);
  gtk_label_set_text (self->time_label, time);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->time_label), full_date);
  gtk_widget_set_visible (self->star_icon, (inbox_message_get_flags (message) & INBOX_MESSAGE_FLAGGED) != 0);
  gtk_widget_set_visible (GTK_WIDGET (self->detail_label), TRUE);
  gtk_revealer_set_transition_duration (self->body_revealer, 0);
  inbox_message_card_set_expanded (self, expanded);
  gtk_revealer_set_transition_duration (self->body_revealer, 200);
  return GTK_WIDGET (self);
}
