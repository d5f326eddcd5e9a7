/* inbox-window.c: the main window. Without accounts or mail it shows the welcome page; then the
 * three panes (sidebar | conversation list | conversation view) in an AdwLeaflet that folds to
 * one pane with back buttons when narrow.
 *
 * Actions live in the window's "win" group (beside "win.show-help-overlay"): single-key
 * shortcuts sit on a bubble-phase controller in the template, so typing in the search entry
 * never archives anything, and the Ctrl ones are application accelerators.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "inbox-account-setup.h"
#include "inbox-application.h"
#include "inbox-composer.h"
#include "inbox-conversation-pane.h"
#include "inbox-conversation-view.h"
#include "inbox-folder-chooser.h"
#include "inbox-folder-roles.h"
#include "inbox-pane-resizer.h"
#include "inbox-preferences.h"
#include "inbox-sidebar.h"
#include "inbox-toast.h"
#include "inbox-toast-pacer.h"
#include "inbox-window.h"

struct _InboxWindow
{
  AdwApplicationWindow parent_instance;

  GSettings *settings;

  AdwToastOverlay *toast_overlay;
  InboxToastPacer *pacer;  /* every toast goes through it (libadwaita 1.2's show animation) */
  GtkStack *main_stack;
  AdwStatusPage *welcome_page;
  GtkButton *demo_button;
  AdwLeaflet *leaflet;
  InboxSidebar *sidebar;
  InboxConversationPane *list_pane;
  InboxConversationView *conversation_view;
  GtkWidget *sidebar_pane;

  InboxMailService *service;
  guint n_accounts;
  gboolean watching_sender;
  AdwToast *undo_toast;  /* the toast whose Undo Ctrl+Z presses (weak: gone once dismissed) */
};

G_DEFINE_FINAL_TYPE (InboxWindow, inbox_window, ADW_TYPE_APPLICATION_WINDOW)

/* The schema is missing when the app runs uninstalled without GSETTINGS_SCHEMA_DIR; the window
 * then works with its defaults instead of aborting in g_settings_new(). */
static GSettings *
create_settings (void)
{
  GSettings *settings = inbox_application_dup_settings ();

  if (settings == NULL)
    g_warning ("GSettings schema %s is not installed; window size will not be remembered", APP_ID);
  return settings;
}

static void
restore_window_state (InboxWindow *self)
{
  if (self->settings == NULL)
    return;

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static void
save_window_state (InboxWindow *self)
{
  int width, height;

  if (self->settings == NULL)
    return;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_delay (self->settings);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (GTK_WINDOW (self)));
  g_settings_apply (self->settings);
}

static gboolean
inbox_window_close_request (GtkWindow *window)
{
  save_window_state (INBOX_WINDOW (window));

  return GTK_WINDOW_CLASS (inbox_window_parent_class)->close_request (window);
}

/* --- the conversation list ------------------------------------------------------------------ */

static void apply_action (InboxWindow *self, InboxMailAction action, GArray *ids, InboxMailAction undo, const char *message);

static GArray *
selected_ids (InboxWindow *self,
              guint        limit)
{
  return inbox_conversation_pane_get_selected_ids (self->list_pane, limit);
}

static void
update_actions (InboxWindow *self)
{
  static const char * const needs_selection[] = {
    "archive", "trash", "spam", "toggle-read", "star", "move-to-inbox", "move-to-folder", NULL
  };
  /* A reply answers one conversation. */
  static const char * const needs_one[] = { "reply", "reply-all", "forward", "forward-attachment", NULL };
  guint n = inbox_conversation_pane_count_selected (self->list_pane);

  for (guint i = 0; needs_selection[i] != NULL; i++)
    g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self), needs_selection[i])), n > 0);
  for (guint i = 0; needs_one[i] != NULL; i++)
    g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self), needs_one[i])), n == 1);
}

static void
selection_changed_cb (InboxWindow *self)
{
  g_autoptr(GPtrArray) selected = inbox_conversation_pane_get_selected (self->list_pane, 2);
  InboxConversation *conversation = selected->len == 1 ? selected->pdata[0] : NULL;

  update_actions (self);
  if (conversation == NULL)
    {
      inbox_conversation_view_clear (self->conversation_view);
      return;
    }
  /* The same conversation after a live update: keep the view as it is (scroll, open cards). */
  if (inbox_conversation_get_id (conversation) == inbox_conversation_view_get_conversation_id (self->conversation_view))
    return;
  inbox_conversation_view_show (self->conversation_view, conversation);
  /* Opening a conversation reads it, as in every mail client; Ctrl+U marks it unread again. */
  if (inbox_conversation_get_unread_count (conversation) > 0)
    {
      g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      gint64 id = inbox_conversation_get_id (conversation);

      g_array_append_val (ids, id);
      apply_action (self, INBOX_MAIL_ACTION_MARK_READ, ids, 0, NULL);
    }
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child_name (self->leaflet, "conversation");
}

static void
mailbox_selected_cb (InboxWindow *self,
                     const char  *mailbox,
                     const char  *title)
{
  g_autoptr(GError) error = NULL;

  inbox_conversation_pane_clear_search (self->list_pane);
  if (!inbox_conversation_pane_show_mailbox (self->list_pane, mailbox, title, &error))
    {
      g_autofree char *message = g_strdup_printf (_("Could not open %s: %s"), title, error->message);
      inbox_window_show_message (self, message);
      return;
    }
  adw_leaflet_set_visible_child_name (self->leaflet, "list");
}

static void
folded_changed_cb (InboxWindow *self)
{
  /* Folded, the list comes first: that is where the mail is. */
  if (adw_leaflet_get_folded (self->leaflet) && inbox_conversation_pane_count_selected (self->list_pane) == 0)
    adw_leaflet_set_visible_child_name (self->leaflet, "list");
}

/* --- actions ---------------------------------------------------------------------------------- */

typedef struct {
  InboxWindow *window;
  InboxMailAction undo;
  GArray *ids;
  char *message;
} ActionDone;

static void
action_done_free (ActionDone *done)
{
  g_object_unref (done->window);
  g_clear_pointer (&done->ids, g_array_unref);
  g_free (done->message);
  g_free (done);
}

static void undo_toast_dismissed (AdwToast *toast, InboxWindow *self);

/* Only moves (archive, trash, spam) have an Undo: what comes back is selected and opened again.
 * Pressed, there is nothing left for Ctrl+Z to undo, at once: not only once libadwaita has dismissed
 * the toast, which it need not have done by then. */
static void
undo_clicked (AdwToast   *toast,
              ActionDone *done)
{
  undo_toast_dismissed (toast, done->window);
  inbox_conversation_pane_move_undone (done->window->list_pane, done->ids);
  apply_action (done->window, done->undo, done->ids, done->undo, NULL);
}

/* "Mailboxes not configured: no Archive folder." and a button to choose one. The engine's message
 * goes on with where to choose it (for inbox-cli too); here the button says that. */
static void
show_missing_role (InboxWindow *self,
                   const char  *message)
{
  const char *end = strstr (message, ". ");
  g_autofree char *first = end != NULL ? g_strndup (message, (gsize) (end - message + 1)) : g_strdup (message);
  AdwToast *toast = inbox_toast_new_plain (first);

  adw_toast_set_button_label (toast, _("_Choose Folder…"));
  adw_toast_set_action_name (toast, "win.special-folders");
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_set_timeout (toast, 10);
  inbox_toast_pacer_add (self->pacer, toast);
}

static void
action_applied (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  ActionDone *done = user_data;
  g_autoptr(GError) error = NULL;

  if (!inbox_mail_service_apply_finish (INBOX_MAIL_SERVICE (object), result, &error))
    {
      if (g_error_matches (error, INBOX_STORE_ERROR, INBOX_STORE_ERROR_NO_FOLDER_ROLE))
        show_missing_role (done->window, error->message);
      else
        inbox_window_show_message (done->window, error->message);
      /* Nothing moved: the conversation unselected for the move is selected again now. */
      inbox_conversation_pane_move_failed (done->window->list_pane);
      action_done_free (done);
      return;
    }
  if (done->message != NULL)
    {
      AdwToast *toast = inbox_toast_new_plain (done->message);

      adw_toast_set_button_label (toast, _("_Undo"));
      adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
      g_signal_connect_data (toast, "button-clicked", G_CALLBACK (undo_clicked), done,
                             (GClosureNotify) (void (*) (void)) action_done_free, 0);
      inbox_window_add_undo_toast (done->window, toast);
      return;
    }
  action_done_free (done);
}

static void
undo_toast_dismissed (AdwToast    *toast,
                      InboxWindow *self)
{
  if (self->undo_toast != toast)
    return;
  g_clear_weak_pointer (&self->undo_toast);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self), "undo")), FALSE);
}

/* Ctrl+Z: what the newest toast with Undo offers (an archive, a move, a send), while it shows;
 * typing in an entry keeps Ctrl+Z for its own text. */
static void
undo_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  InboxWindow *self = user_data;
  g_autoptr(AdwToast) toast = self->undo_toast != NULL ? g_object_ref (self->undo_toast) : NULL;

  if (toast == NULL)
    return;
  undo_toast_dismissed (toast, self);
  g_signal_emit_by_name (toast, "button-clicked");
  inbox_toast_pacer_dismiss (self->pacer, toast);
}

/* Shows a toast whose button undoes what was just done, and lets Ctrl+Z press it. */
void
inbox_window_add_undo_toast (InboxWindow *self,
                             AdwToast    *toast)
{
  g_return_if_fail (INBOX_IS_WINDOW (self));

  g_set_weak_pointer (&self->undo_toast, toast);
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (undo_toast_dismissed), self, 0);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self), "undo")), TRUE);
  inbox_toast_pacer_add (self->pacer, toast);
}

static void
apply_action (InboxWindow     *self,
              InboxMailAction  action,
              GArray          *ids,
              InboxMailAction  undo,
              const char      *message)
{
  ActionDone *done = g_new0 (ActionDone, 1);

  done->window = g_object_ref (self);
  done->undo = undo;
  done->ids = g_array_ref (ids);
  done->message = g_strdup (message);
  inbox_mail_service_apply_async (self->service, action, (const gint64 *) (gpointer) ids->data, ids->len, NULL,
                                  action_applied, done);
}

static void
folder_action_done (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(InboxWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!inbox_mail_service_apply_finish (INBOX_MAIL_SERVICE (object), result, &error))
    inbox_window_show_message (self, error->message);
}

/* Moves the selection out of this mailbox, with a toast to undo it; the conversation that takes
 * the place of the first one is selected next. */
static void
move_selection (InboxWindow     *self,
                InboxMailAction  action,
                InboxMailAction  undo,
                const char      *message)
{
  g_autoptr(GArray) ids = selected_ids (self, G_MAXUINT);

  if (ids->len == 0)
    return;
  inbox_conversation_pane_unselect_for_move (self->list_pane);
  apply_action (self, action, ids, undo, message);
}

static void
archive_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  InboxWindow *self = user_data;
  guint n = inbox_conversation_pane_count_selected (self->list_pane);
  g_autofree char *message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Conversation archived", "%u conversations archived", n), n);

  move_selection (self, INBOX_MAIL_ACTION_ARCHIVE, INBOX_MAIL_ACTION_UNDO_ARCHIVE, message);
}

static void
trash_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  InboxWindow *self = user_data;
  guint n = inbox_conversation_pane_count_selected (self->list_pane);
  g_autofree char *message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Conversation moved to Trash", "%u conversations moved to Trash", n), n);

  move_selection (self, INBOX_MAIL_ACTION_TRASH, INBOX_MAIL_ACTION_UNDO_TRASH, message);
}

static void
spam_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  InboxWindow *self = user_data;
  guint n = inbox_conversation_pane_count_selected (self->list_pane);
  g_autofree char *message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Conversation marked as spam", "%u conversations marked as spam", n), n);

  move_selection (self, INBOX_MAIL_ACTION_SPAM, INBOX_MAIL_ACTION_UNDO_SPAM, message);
}

static void
folder_chosen (InboxFolderChooser *chooser,
               const char         *path,
               gboolean            label,
               InboxWindow        *self)
{
  g_autoptr(GArray) ids = selected_ids (self, G_MAXUINT);
  g_autofree char *message = NULL;

  if (ids->len == 0)
    return;
  message = label ? g_strdup_printf (_("Labelled “%s”"), path) : g_strdup_printf (_("Moved to “%s”"), path);
  inbox_window_show_message (self, message);
  inbox_mail_service_apply_async (self->service, label ? INBOX_MAIL_ACTION_LABEL : INBOX_MAIL_ACTION_TO_FOLDER,
                                  (const gint64 *) (gpointer) ids->data, ids->len, path, folder_action_done,
                                  g_object_ref (self));
}

static void
move_to_folder_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  InboxWindow *self = user_data;
  InboxFolderChooser *chooser = inbox_folder_chooser_new (GTK_WINDOW (self), self->service);

  g_signal_connect_object (chooser, "chosen", G_CALLBACK (folder_chosen), self, 0);
  gtk_window_present (GTK_WINDOW (chooser));
}

static void
move_to_inbox_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  InboxWindow *self = user_data;
  g_autoptr(GArray) ids = selected_ids (self, G_MAXUINT);

  if (ids->len > 0)
    apply_action (self, INBOX_MAIL_ACTION_TO_INBOX, ids, INBOX_MAIL_ACTION_TO_INBOX, NULL);
}

/* Read if any selected is unread, else unread; starred likewise. */
static void
toggle_flag (InboxWindow *self,
             gboolean     star)
{
  g_autoptr(GPtrArray) selected = inbox_conversation_pane_get_selected (self->list_pane, G_MAXUINT);
  g_autoptr(GArray) ids = selected_ids (self, G_MAXUINT);
  gboolean any_unset = FALSE;

  for (guint i = 0; i < selected->len && !any_unset; i++)
    {
      InboxConversation *conversation = selected->pdata[i];

      any_unset = star ? !inbox_conversation_get_starred (conversation) : inbox_conversation_get_unread_count (conversation) > 0;
    }
  if (ids->len == 0)
    return;
  if (star)
    apply_action (self, any_unset ? INBOX_MAIL_ACTION_STAR : INBOX_MAIL_ACTION_UNSTAR, ids, 0, NULL);
  else
    apply_action (self, any_unset ? INBOX_MAIL_ACTION_MARK_READ : INBOX_MAIL_ACTION_MARK_UNREAD, ids, 0, NULL);
}

static void
toggle_read_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  toggle_flag (user_data, FALSE);
}

static void
star_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  toggle_flag (user_data, TRUE);
}

static void
next_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  inbox_conversation_pane_select_relative (INBOX_WINDOW (user_data)->list_pane, 1);
}

static void
previous_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  inbox_conversation_pane_select_relative (INBOX_WINDOW (user_data)->list_pane, -1);
}

static void
search_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  inbox_conversation_pane_start_search (INBOX_WINDOW (user_data)->list_pane);
}

static void
show_sidebar_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  adw_leaflet_set_visible_child_name (INBOX_WINDOW (user_data)->leaflet, "sidebar");
}

static void
show_list_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  adw_leaflet_set_visible_child_name (INBOX_WINDOW (user_data)->leaflet, "list");
}

static void
reconnect_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  InboxWindow *self = user_data;

  /* The watcher retries at once; its status in the sidebar tells how it went. */
  inbox_mail_service_reconnect (self->service, g_variant_get_string (parameter, NULL));
}

/* IDLE brings the Inbox's mail at once; the other folders wait for the next poll, unless asked. */
static void
check_mail_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  InboxWindow *self = user_data;

  if (self->service != NULL)
    inbox_mail_service_check_now (self->service);
}

/* From the account's menu in the sidebar. */
static void
account_settings_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  InboxWindow *self = user_data;

  if (self->service != NULL)
    inbox_account_setup_present_for_account (GTK_WINDOW (self), self->service, g_variant_get_string (parameter, NULL), FALSE);
}

/* From the sidebar's Enter Password and Review Certificate, and the toasts that say why. */
static void
edit_account_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  InboxWindow *self = user_data;

  if (self->service != NULL)
    inbox_account_setup_present_for_account (GTK_WINDOW (self), self->service, g_variant_get_string (parameter, NULL), TRUE);
}

static void
add_account_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  InboxWindow *self = user_data;

  if (self->service == NULL)
    {
      inbox_window_show_message (self, _("Accounts cannot be added while your mail cannot be opened"));
      return;
    }
  gtk_window_present (GTK_WINDOW (inbox_account_setup_new (GTK_WINDOW (self), self->service)));
}

static void
demo_ready (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(InboxWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(InboxAccountConfig) config = inbox_mail_service_start_demo_finish (INBOX_MAIL_SERVICE (object), result, &error);

  gtk_widget_set_sensitive (GTK_WIDGET (self->demo_button), TRUE);
  if (config == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The demo mailbox could not start: %s"), error->message);
      inbox_window_show_message (self, message);
      return;
    }
  inbox_window_show_mail (self);
}

static void
demo_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  InboxWindow *self = user_data;

  if (self->service == NULL)
    return;
  gtk_widget_set_sensitive (GTK_WIDGET (self->demo_button), FALSE);
  inbox_window_show_message (self, _("Setting up the demo mailbox…"));
  inbox_mail_service_start_demo_async (self->service, NULL, demo_ready, g_object_ref (self));
}

/* A toast about an account that needs the user (sync or sending stopped until then), whose button
 * opens the account's settings; it stays 10 s, and the sidebar keeps a button of its own after. */
static void
show_account_needs_you (InboxWindow *self,
                        const char  *uid,
                        const char  *text,
                        const char  *button)
{
  AdwToast *toast = inbox_toast_new_plain (text);

  adw_toast_set_button_label (toast, button);
  adw_toast_set_action_name (toast, "win.edit-account");
  adw_toast_set_action_target_value (toast, g_variant_new_string (uid));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_set_timeout (toast, 10);
  inbox_toast_pacer_add (self->pacer, toast);
}

static const char *
account_address (InboxWindow *self,
                 const char  *uid)
{
  const InboxAccountConfig *config = inbox_mail_service_find_account (self->service, uid);

  return config != NULL ? config->email : uid;
}

/* A refused (or missing) password, with Enter Password: the IMAP side's (sync stopped), or the
 * SMTP side's (mail waits in the Outbox). */
static void
show_password_refused (InboxWindow *self,
                       const char  *uid,
                       gboolean     sending)
{
  const char *address = account_address (self, uid);
  g_autofree char *text = sending ? g_strdup_printf (_("Mail from %s waits: the server refused the password"), address)
                                  : g_strdup_printf (_("%s needs its password again"), address);

  show_account_needs_you (self, uid, text, _("_Enter Password…"));
}

/* The server presented a certificate that is not the one trusted: sync stops until the user has
 * looked (the account's settings open on its fingerprint). Short, to fit a toast. */
static void
show_certificate_untrusted (InboxWindow *self,
                            const char  *uid)
{
  g_autofree char *text = g_strdup_printf (_("The server of %s presented a certificate that is not trusted"),
                                           account_address (self, uid));

  show_account_needs_you (self, uid, text, _("_Review…"));
}

/* A sync or write-back error is said once as a toast (the sidebar keeps it as a warning icon):
 * the same message again, at the next retry, says nothing new. A password refused (or missing
 * from the keyring) says so briefly, with the way to fix it. */
static void
account_status_cb (InboxMailService *service,
                   const char       *uid,
                   InboxWindow      *self)
{
  const char *message = NULL;
  InboxSyncStatus status = inbox_mail_service_get_status (service, uid, &message);
  g_autofree char *key = g_strdup_printf ("last-error-%s", uid);
  const char *last = g_object_get_data (G_OBJECT (self), key);

  if (status != INBOX_SYNC_STATUS_ERROR && status != INBOX_SYNC_STATUS_AUTHENTICATION_FAILED &&
      status != INBOX_SYNC_STATUS_CERTIFICATE_UNTRUSTED)
    {
      if (status == INBOX_SYNC_STATUS_IDLE)
        g_object_set_data (G_OBJECT (self), key, NULL);
      return;
    }
  if (message == NULL || g_strcmp0 (message, last) == 0)
    return;
  g_object_set_data_full (G_OBJECT (self), key, g_strdup (message), g_free);
  if (status == INBOX_SYNC_STATUS_AUTHENTICATION_FAILED)
    {
      /* Short, to fit a toast: the whole message is in the sidebar's tooltip and the settings. */
      show_password_refused (self, uid, FALSE);
      return;
    }
  if (status == INBOX_SYNC_STATUS_CERTIFICATE_UNTRUSTED)
    {
      show_certificate_untrusted (self, uid);
      return;
    }
  inbox_window_show_message (self, message);
}

static void
show_outbox_clicked (AdwToast    *toast,
                     InboxWindow *self)
{
  inbox_sidebar_select_mailbox (self->sidebar, "outbox");
}

/* A message the server refused for good is said at once; it waits in the Outbox. */
static void
send_failed_cb (InboxSender *sender,
                gint64       id,
                const char  *subject,
                const char  *error,
                InboxWindow *self)
{
  g_autofree char *text = g_strdup_printf (_("“%s” was not sent: %s"), *subject != '\0' ? subject : _("(No subject)"), error);
  AdwToast *toast = inbox_toast_new_plain (text);

  adw_toast_set_button_label (toast, _("_Show"));
  adw_toast_set_timeout (toast, 10);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (show_outbox_clicked), self, 0);
  inbox_toast_pacer_add (self->pacer, toast);
}

/* Mail waits because the SMTP server refused the password: said once (the Outbox row keeps the
 * reason), with the same way to fix it as a refused IMAP log-in. */
static void
password_refused_cb (InboxSender *sender,
                     const char  *uid,
                     InboxWindow *self)
{
  show_password_refused (self, uid, TRUE);
}

static void
watch_sender (InboxWindow *self)
{
  InboxSender *sender = inbox_mail_service_get_sender (self->service);

  if (sender == NULL || self->watching_sender)
    return;
  self->watching_sender = TRUE;
  g_signal_connect_object (sender, "failed", G_CALLBACK (send_failed_cb), self, 0);
  g_signal_connect_object (sender, "password-refused", G_CALLBACK (password_refused_cb), self, 0);
}

/* An account came or went: the sidebar shows the accounts there are now. */
static void
accounts_changed_cb (InboxWindow *self)
{
  watch_sender (self);
  gboolean added = inbox_mail_service_get_accounts (self->service)->len > self->n_accounts;

  self->n_accounts = inbox_mail_service_get_accounts (self->service)->len;
  inbox_sidebar_set_service (self->sidebar, self->service);
  if (inbox_conversation_pane_get_mailbox (self->list_pane) == NULL ||
      !inbox_sidebar_select_mailbox (self->sidebar, inbox_conversation_pane_get_mailbox (self->list_pane)))
    inbox_sidebar_select_mailbox (self->sidebar, "inbox");
  if (added)
    {
      inbox_window_show_mail (self);
      inbox_window_show_message (self, _("Account added. Your mail is being downloaded…"));
    }
}

static void
special_folders_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  InboxWindow *self = user_data;

  if (self->service != NULL)
    gtk_window_present (GTK_WINDOW (inbox_folder_roles_new (GTK_WINDOW (self), self->service)));
}

static void
preferences_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  InboxWindow *self = user_data;

  if (self->service != NULL)
    gtk_window_present (GTK_WINDOW (inbox_preferences_new (GTK_WINDOW (self), self->service)));
}

static void
compose_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  InboxWindow *self = user_data;

  if (self->service != NULL)
    inbox_composer_open_new (gtk_window_get_application (GTK_WINDOW (self)), self->service);
}

/* Reply, reply all and forward answer the newest message of the conversation shown. */
static void
reply_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  InboxWindow *self = user_data;
  g_autoptr(GArray) ids = selected_ids (self, 1);
  const char *name = g_action_get_name (G_ACTION (action));
  InboxReplyKind kind = g_str_equal (name, "reply-all") ? INBOX_REPLY_ALL
                      : g_str_equal (name, "forward") ? INBOX_FORWARD : INBOX_REPLY;

  if (self->service == NULL || ids->len == 0)
    return;
  if (g_str_equal (name, "forward-attachment"))
    {
      inbox_composer_open_forward_attachment (gtk_window_get_application (GTK_WINDOW (self)), self->service,
                                              g_array_index (ids, gint64, 0));
      return;
    }
  inbox_composer_open_reply (gtk_window_get_application (GTK_WINDOW (self)), self->service,
                             g_array_index (ids, gint64, 0), kind);
}

static const GActionEntry win_actions[] = {
  { "add-account", add_account_activated },
  { "demo", demo_activated },
  { "archive", archive_activated },
  { "trash", trash_activated },
  { "spam", spam_activated },
  { "move-to-inbox", move_to_inbox_activated },
  { "move-to-folder", move_to_folder_activated },
  { "toggle-read", toggle_read_activated },
  { "star", star_activated },
  { "next", next_activated },
  { "previous", previous_activated },
  { "search", search_activated },
  { "show-sidebar", show_sidebar_activated },
  { "show-list", show_list_activated },
  { "reconnect", reconnect_activated, "s" },
  { "check-mail", check_mail_activated },
  { "edit-account", edit_account_activated, "s" },
  { "account-settings", account_settings_activated, "s" },
  { "compose", compose_activated },
  { "reply", reply_activated },
  { "reply-all", reply_activated },
  { "forward", reply_activated },
  { "forward-attachment", reply_activated },
  { "preferences", preferences_activated },
  { "special-folders", special_folders_activated },
  { "undo", undo_activated },
};

/* --- the window ------------------------------------------------------------------------------- */

static void
store_changed_cb (InboxWindow *self)
{
  /* Mail arrived in an empty profile: leave the welcome page. */
  if (g_str_equal (gtk_stack_get_visible_child_name (self->main_stack), "welcome"))
    inbox_window_show_mail (self);
}

static void
inbox_window_dispose (GObject *object)
{
  InboxWindow *self = INBOX_WINDOW (object);

  if (self->service != NULL)
    g_signal_handlers_disconnect_by_data (inbox_mail_service_get_store (self->service), self);
  gtk_widget_dispose_template (GTK_WIDGET (self), INBOX_TYPE_WINDOW);
  g_clear_weak_pointer (&self->undo_toast);
  g_clear_object (&self->pacer);
  g_clear_object (&self->service);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (inbox_window_parent_class)->dispose (object);
}

static void
inbox_window_class_init (InboxWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = inbox_window_dispose;
  window_class->close_request = inbox_window_close_request;

  g_type_ensure (INBOX_TYPE_SIDEBAR);
  g_type_ensure (INBOX_TYPE_CONVERSATION_PANE);
  g_type_ensure (INBOX_TYPE_CONVERSATION_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/ui/inbox-window.ui");
  gtk_widget_class_bind_template_child (widget_class, InboxWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, InboxWindow, sidebar_pane);
  gtk_widget_class_bind_template_child (widget_class, InboxWindow, list_pane);
  gtk_widget_class_bind_template_child (widget_class, InboxWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, InboxWindow, welcome_page);
  gtk_widget_class_bind_template_child (widget_class, InboxWindow, demo_button);
  gtk_widget_class_bind_template_child (widget_class, InboxWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, InboxWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, InboxWindow, conversation_view);
  gtk_widget_class_bind_template_callback (widget_class, mailbox_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, selection_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, folded_changed_cb);
}

static void
inbox_window_init (InboxWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->pacer = inbox_toast_pacer_new (self->toast_overlay);
  g_action_map_add_action_entries (G_ACTION_MAP (self), win_actions, G_N_ELEMENTS (win_actions), self);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self), "undo")), FALSE);

  self->settings = create_settings ();
  restore_window_state (self);
  /* The sidebar's and the list's right edges drag; their widths are remembered. */
  inbox_pane_resizer_new (GTK_WIDGET (self->sidebar_pane), self->settings, "sidebar-width", 180, 420);
  inbox_pane_resizer_new (GTK_WIDGET (self->list_pane), self->settings, "list-width", 280, 720);
  update_actions (self);
}

InboxWindow *
inbox_window_new (AdwApplication   *application,
                  InboxMailService *service)
{
  InboxWindow *self = g_object_new (INBOX_TYPE_WINDOW, "application", application, NULL);

  if (service != NULL)
    {
      self->service = g_object_ref (service);
      self->n_accounts = inbox_mail_service_get_accounts (service)->len;
      inbox_conversation_view_set_store (self->conversation_view, inbox_mail_service_get_store (service));
      inbox_conversation_pane_set_service (self->list_pane, service, self->settings);
      inbox_sidebar_set_service (self->sidebar, service);
      g_signal_connect_swapped (inbox_mail_service_get_store (service), "changed", G_CALLBACK (store_changed_cb), self);
      g_signal_connect_object (service, "accounts-changed", G_CALLBACK (accounts_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (service, "account-status", G_CALLBACK (account_status_cb), self, 0);
      watch_sender (self);
      if (inbox_mail_service_get_accounts (service)->len > 0 ||
          inbox_store_count_conversations_sync (inbox_mail_service_get_store (service), "all", NULL) > 0)
        inbox_window_show_mail (self);
    }
  return self;
}

/* The three panes, on the unified Inbox. */
void
inbox_window_show_mail (InboxWindow *self)
{
  g_return_if_fail (INBOX_IS_WINDOW (self));
  g_return_if_fail (self->service != NULL);

  gtk_stack_set_visible_child_name (self->main_stack, "mail");
  if (inbox_conversation_pane_get_mailbox (self->list_pane) == NULL)
    {
      inbox_sidebar_select_mailbox (self->sidebar, "inbox");
      /* The keys go to the conversations from the start: arrows, Home, End, Page Down (GTK would
       * give the focus to the first button of the header bar). */
      gtk_widget_grab_focus (GTK_WIDGET (inbox_conversation_pane_get_list_view (self->list_pane)));
    }
}

void
inbox_window_show_message (InboxWindow *self,
                           const char  *message)
{
  g_return_if_fail (INBOX_IS_WINDOW (self));

  AdwToast *toast = inbox_toast_new_plain (message);

  /* The newest message answers what the user just did, so it replaces an older one at once. */
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  inbox_toast_pacer_add (self->pacer, toast);
}

/* A composer filled from a mailto: link. */
void
inbox_window_compose_mailto (InboxWindow *self,
                             const char  *uri)
{
  g_return_if_fail (INBOX_IS_WINDOW (self));

  if (self->service == NULL || inbox_mail_service_get_accounts (self->service)->len == 0)
    {
      /* Nothing to send from yet: say who the link was for, rather than drop it. */
      g_autoptr(InboxMailto) mailto = inbox_mailto_parse (uri);
      g_autofree char *message = *mailto->to != '\0' ? g_strdup_printf (_("Add an account to write to %s"), mailto->to)
                                                      : g_strdup (_("Add an account to write email"));

      inbox_window_show_message (self, message);
      return;
    }
  inbox_composer_open_mailto (gtk_window_get_application (GTK_WINDOW (self)), self->service, uri);
}

/* Shows a mailbox ("inbox", "outbox", "folder:12"…) as if chosen in the sidebar. */
gboolean
inbox_window_select_mailbox (InboxWindow *self,
                             const char  *mailbox)
{
  g_return_val_if_fail (INBOX_IS_WINDOW (self), FALSE);

  return inbox_sidebar_select_mailbox (self->sidebar, mailbox);
}

/* For the composer's Undo toasts, which outlive the composer window. */
void
inbox_window_add_toast (InboxWindow *self,
                        AdwToast    *toast)
{
  g_return_if_fail (INBOX_IS_WINDOW (self));

  inbox_toast_pacer_add (self->pacer, toast);
}

/* For tests. */
GtkListView *
inbox_window_get_list_view (InboxWindow *self)
{
  return inbox_conversation_pane_get_list_view (self->list_pane);
}

InboxConversationView *
inbox_window_get_conversation_view (InboxWindow *self)
{
  return self->conversation_view;
}

/* The application's main window, or NULL (a composer can outlive it, or come before it). */
InboxWindow *
inbox_window_find (GtkApplication *app)
{
  for (GList *l = gtk_application_get_windows (app); l != NULL; l = l->next)
    if (INBOX_IS_WINDOW (l->data))
      return l->data;
  return NULL;
}
