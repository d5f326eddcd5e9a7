/* inbox-rich-editor.c: the composer's rich-text body.
 *
 * A WebKitWebView in editing mode (inbox_web_view_new_locked: no page script) on a document of
 * ours whose Content-Security-Policy loads nothing from anywhere: pasted remote images stay
 * blank, nothing phones home while one writes. Formatting is the browser's own editing commands.
 * Our one script, in its own world ("inbox-editor"), reports the body's HTML and text after each
 * change; the last report is what the composer sends (text/html, with the text as text/plain).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>

#include "inbox-rich-editor.h"
#include "inbox-web.h"

#define WORLD "inbox-editor"

struct _InboxRichEditor
{
  GtkWidget parent_instance;

  GtkBox *box;
  GtkMenuButton *link_button;
  GtkPopover *link_popover;
  GtkEntry *link_entry;

  WebKitWebView *web_view;
  char *body_html;     /* as last reported */
  char *text;
  gboolean ready;      /* loaded, and reporting */
  gboolean loading_ours;
};

G_DEFINE_FINAL_TYPE (InboxRichEditor, inbox_rich_editor, GTK_TYPE_WIDGET)

enum { SIGNAL_CHANGED, SIGNAL_ATTACH, N_SIGNALS };
static guint signals[N_SIGNALS];

static const char document_head[] =
  "<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
  "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">"
  "<style>"
  "html { color-scheme: light; }"
  "body { font-family: sans-serif; font-size: 11pt; line-height: 1.4; margin: 16px 18px; color: #1e1e1e;"
  "       background: #ffffff; word-wrap: break-word; min-height: 80vh; outline: none; }"
  "p { margin: 0 0 0.6em 0; }"
  "blockquote { margin: 0 0 0.6em 0; padding-left: 12px; border-left: 3px solid #c0bfbc; color: #5e5c64; }"
  "a { color: #1c71d8; }"
  "img { max-width: 100%; }"
  "</style></head><body>";

/* Reports after every change: the body's HTML and its text. */
static const char reporter[] =
  "(() => {"
  "  const report = () => window.webkit.messageHandlers.inboxEdited.postMessage("
  "      JSON.stringify({ html: document.body.innerHTML, text: document.body.innerText }));"
  "  new MutationObserver(report).observe(document.body,"
  "      { subtree: true, childList: true, characterData: true, attributes: true });"
  "  document.body.focus();"
  "  report();"
  "})();";

static void
edited_cb (WebKitUserContentManager *manager,
           JSCValue                 *value,
           InboxRichEditor          *self)
{
  g_autofree char *json = jsc_value_to_string (value);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;
  gboolean first = !self->ready;  /* the page as loaded: not a change */

  if (!json_parser_load_from_data (parser, json, -1, NULL) || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return;
  object = json_node_get_object (json_parser_get_root (parser));
  g_free (self->body_html);
  g_free (self->text);
  self->body_html = g_strdup (json_object_get_string_member_with_default (object, "html", ""));
  self->text = g_strdup (json_object_get_string_member_with_default (object, "text", ""));
  self->ready = TRUE;
  if (!first)
    g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
load_changed_cb (WebKitWebView   *web_view,
                 WebKitLoadEvent  event,
                 InboxRichEditor *self)
{
  if (event != WEBKIT_LOAD_FINISHED)
    return;
  self->loading_ours = FALSE;
  webkit_web_view_evaluate_javascript (web_view, reporter, -1, WORLD, NULL, NULL, NULL, NULL);
}

/* Nothing navigates inside the editor: a clicked link is text being edited. */
static gboolean
decide_policy_cb (WebKitWebView            *web_view,
                  WebKitPolicyDecision     *decision,
                  WebKitPolicyDecisionType  type,
                  InboxRichEditor          *self)
{
  if (type == WEBKIT_POLICY_DECISION_TYPE_NAVIGATION_ACTION && self->loading_ours)
    webkit_policy_decision_use (decision);
  else if (type == WEBKIT_POLICY_DECISION_TYPE_RESPONSE)
    webkit_policy_decision_use (decision);
  else
    webkit_policy_decision_ignore (decision);
  return TRUE;
}

/* Starts editing body_html (a fragment: what goes inside <body>). */
void
inbox_rich_editor_set_body (InboxRichEditor *self,
                            const char      *body_html)
{
  g_autofree char *document = g_strconcat (document_head, body_html != NULL ? body_html : "<p><br></p>",
                                           "</body></html>", NULL);

  g_return_if_fail (INBOX_IS_RICH_EDITOR (self));

  self->ready = FALSE;
  g_free (self->body_html);
  self->body_html = g_strdup (body_html);
  self->loading_ours = TRUE;
  webkit_web_view_load_html (self->web_view, document, "about:blank");
}

/* The whole message as HTML, as last reported. */
char *
inbox_rich_editor_dup_html (InboxRichEditor *self)
{
  g_return_val_if_fail (INBOX_IS_RICH_EDITOR (self), NULL);

  return g_strconcat ("<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>",
                      self->body_html != NULL ? self->body_html : "", "</body></html>", NULL);
}

const char *
inbox_rich_editor_get_text (InboxRichEditor *self)
{
  g_return_val_if_fail (INBOX_IS_RICH_EDITOR (self), NULL);

  return self->text != NULL ? self->text : "";
}

gboolean
inbox_rich_editor_is_ready (InboxRichEditor *self)
{
  g_return_val_if_fail (INBOX_IS_RICH_EDITOR (self), FALSE);

  return self->ready;
}

WebKitWebView *
inbox_rich_editor_get_web_view (InboxRichEditor *self)
{
  g_return_val_if_fail (INBOX_IS_RICH_EDITOR (self), NULL);

  return self->web_view;
}

/* --- formatting ------------------------------------------------------------------------------ */

static void
format_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  InboxRichEditor *self = INBOX_RICH_EDITOR (widget);

  webkit_web_view_execute_editing_command (self->web_view, g_variant_get_string (parameter, NULL));
  gtk_widget_grab_focus (GTK_WIDGET (self->web_view));
}

static void
quote_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  InboxRichEditor *self = INBOX_RICH_EDITOR (widget);

  webkit_web_view_execute_editing_command_with_argument (self->web_view, "FormatBlock", "blockquote");
  gtk_widget_grab_focus (GTK_WIDGET (self->web_view));
}

static void
link_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  InboxRichEditor *self = INBOX_RICH_EDITOR (widget);
  g_autofree char *uri = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->link_entry))));

  gtk_popover_popdown (self->link_popover);
  /* Only links a reader can follow safely. */
  if (g_str_has_prefix (uri, "https://") || g_str_has_prefix (uri, "http://") || g_str_has_prefix (uri, "mailto:"))
    webkit_web_view_execute_editing_command_with_argument (self->web_view, WEBKIT_EDITING_COMMAND_CREATE_LINK, uri);
  gtk_editable_set_text (GTK_EDITABLE (self->link_entry), "");
  gtk_widget_grab_focus (GTK_WIDGET (self->web_view));
}

static void
show_link_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  gtk_menu_button_popup (INBOX_RICH_EDITOR (widget)->link_button);
}

/* --- images -------------------------------------------------------------------------------- */

/* Puts an image in the text, inline: it travels in the HTML as a data: URI (the page's policy
 * allows no other image source) until sending makes it a part of its own (a cid: image). */
void
inbox_rich_editor_insert_image (InboxRichEditor *self,
                                GBytes          *data,
                                const char      *mime_type)
{
  g_autofree char *encoded = g_base64_encode (g_bytes_get_data (data, NULL), g_bytes_get_size (data));
  g_autofree char *uri = g_strdup_printf ("data:%s;base64,%s", mime_type, encoded);

  g_return_if_fail (INBOX_IS_RICH_EDITOR (self));

  webkit_web_view_execute_editing_command_with_argument (self->web_view, WEBKIT_EDITING_COMMAND_INSERT_IMAGE, uri);
}

static void
texture_read (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(InboxRichEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = gdk_clipboard_read_texture_finish (GDK_CLIPBOARD (object), result, &error);
  g_autoptr(GBytes) png = NULL;

  if (texture == NULL)
    {
      g_warning ("Can't paste the image: %s", error->message);
      return;
    }
  png = gdk_texture_save_to_png_bytes (texture);
  inbox_rich_editor_insert_image (self, png, "image/png");
}

/* Ctrl+V: an image on the clipboard (a screenshot) goes inline; anything else is WebKit's paste. */
static void
paste_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  InboxRichEditor *self = INBOX_RICH_EDITOR (widget);
  GdkClipboard *clipboard = gtk_widget_get_clipboard (widget);
  GdkContentFormats *formats = gdk_clipboard_get_formats (clipboard);

  if (gdk_content_formats_contain_gtype (formats, GDK_TYPE_TEXTURE) &&
      !gdk_content_formats_contain_mime_type (formats, "text/plain;charset=utf-8") &&
      !gdk_content_formats_contain_mime_type (formats, "text/html"))
    gdk_clipboard_read_texture_async (clipboard, NULL, texture_read, g_object_ref (self));
  else
    webkit_web_view_execute_editing_command (self->web_view, WEBKIT_EDITING_COMMAND_PASTE);
}

/* Dropped image files go inline; other files become attachments (the composer's). */
static gboolean
drop_cb (GtkDropTarget   *target,
         const GValue    *value,
         double           x,
         double           y,
         InboxRichEditor *self)
{
  GSList *files = g_value_get_boxed (value);

  for (GSList *l = files; l != NULL; l = l->next)
    {
      g_autofree char *path = g_file_get_path (l->data);
      g_autofree char *type = path != NULL ? g_content_type_guess (path, NULL, 0, NULL) : NULL;
      g_autofree char *mime_type = type != NULL ? g_content_type_get_mime_type (type) : NULL;
      g_autoptr(GBytes) data = NULL;

      if (mime_type != NULL && g_str_has_prefix (mime_type, "image/") &&
          (data = g_file_load_bytes (l->data, NULL, NULL, NULL)) != NULL)
        inbox_rich_editor_insert_image (self, data, mime_type);
      else
        g_signal_emit (self, signals[SIGNAL_ATTACH], 0, l->data);
    }
  return files != NULL;
}

/* --- object ---------------------------------------------------------------------------------- */

static void
inbox_rich_editor_dispose (GObject *object)
{
  InboxRichEditor *self = INBOX_RICH_EDITOR (object);

  if (self->web_view != NULL)
    g_signal_handlers_disconnect_by_data (webkit_web_view_get_user_content_manager (self->web_view), self);
  gtk_widget_dispose_template (GTK_WIDGET (self), INBOX_TYPE_RICH_EDITOR);
  self->web_view = NULL;
  G_OBJECT_CLASS (inbox_rich_editor_parent_class)->dispose (object);
}

static void
inbox_rich_editor_finalize (GObject *object)
{
  InboxRichEditor *self = INBOX_RICH_EDITOR (object);

  g_free (self->body_html);
  g_free (self->text);
  G_OBJECT_CLASS (inbox_rich_editor_parent_class)->finalize (object);
}

static void
inbox_rich_editor_class_init (InboxRichEditorClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = inbox_rich_editor_dispose;
  G_OBJECT_CLASS (klass)->finalize = inbox_rich_editor_finalize;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/ui/inbox-rich-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, InboxRichEditor, box);
  gtk_widget_class_bind_template_child (widget_class, InboxRichEditor, link_button);
  gtk_widget_class_bind_template_child (widget_class, InboxRichEditor, link_popover);
  gtk_widget_class_bind_template_child (widget_class, InboxRichEditor, link_entry);
  gtk_widget_class_install_action (widget_class, "editor.format", "s", format_activated);
  gtk_widget_class_install_action (widget_class, "editor.quote", NULL, quote_activated);
  gtk_widget_class_install_action (widget_class, "editor.link", NULL, link_activated);
  gtk_widget_class_install_action (widget_class, "editor.show-link", NULL, show_link_activated);
  gtk_widget_class_install_action (widget_class, "editor.paste", NULL, paste_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_b, GDK_CONTROL_MASK, "editor.format", "s", "Bold");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_i, GDK_CONTROL_MASK, "editor.format", "s", "Italic");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_k, GDK_CONTROL_MASK, "editor.show-link", NULL);

  /**
   * InboxRichEditor::changed:
   *
   * The text or its formatting changed (and inbox_rich_editor_dup_html() has the new state).
   */
  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * InboxRichEditor::attach:
   * @file: a dropped file that is not an image, to attach
   */
  signals[SIGNAL_ATTACH] = g_signal_new ("attach", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_FILE);
}

static void
inbox_rich_editor_init (InboxRichEditor *self)
{
  WebKitUserContentManager *manager;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->web_view = inbox_web_view_new_locked ();
  webkit_web_view_set_editable (self->web_view, TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self->web_view), TRUE);
  manager = webkit_web_view_get_user_content_manager (self->web_view);
  g_signal_connect (manager, "script-message-received::inboxEdited", G_CALLBACK (edited_cb), self);
  webkit_user_content_manager_register_script_message_handler (manager, "inboxEdited", WORLD);
  g_signal_connect (self->web_view, "load-changed", G_CALLBACK (load_changed_cb), self);
  g_signal_connect (self->web_view, "decide-policy", G_CALLBACK (decide_policy_cb), self);
  gtk_box_append (self->box, GTK_WIDGET (self->web_view));

  /* Before WebKit sees them: Ctrl+V (for images) and drops. */
  {
    GtkEventController *shortcuts = gtk_shortcut_controller_new ();
    GtkDropTarget *drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);

    gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                          gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_v, GDK_CONTROL_MASK),
                                                            gtk_named_action_new ("editor.paste")));
    gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);
    gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (drop), GTK_PHASE_CAPTURE);
    g_signal_connect (drop, "drop", G_CALLBACK (drop_cb), self);
    gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));
  }
}
