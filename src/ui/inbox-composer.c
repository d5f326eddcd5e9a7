/* inbox-composer.c: where a message is written: in a window of its own or under its conversation.
 *
 * What is written is kept (InboxDraftKeeper): a local file a second after each change and on
 * close, so that a crash or a kill loses nothing (the next start opens such drafts again), and a
 * copy in the account's Drafts folder. Sending puts
 * the message in the outbox (InboxSender) with the undo delay from the preferences, closes the
 * window and shows a toast in the main window whose Undo brings the message back here unchanged;
 * Send later (Ctrl+J) does the same for a chosen time. Discard asks nothing and has an Undo too.
 *
 * Where it is written (InboxComposer is a widget, not a window): a new message in a window of its
 * own (InboxComposerWindow); a reply or forward either there or inline, under its conversation in
 * the main window. Which one is remembered ("compose-inline", also in Preferences): Open in a
 * Window on an inline composer turns it off. A conversation left while a composer is inline
 * under it takes the composer with it into a window when something was written (nothing is lost),
 * or closes it when nothing was. The host (window or conversation view) lets go of it on "detach".
 *
 * Decisions:
 *  - Plain or rich text (InboxRichEditor), remembered. Images pasted or dropped into rich text go
 *    inline (sent as cid: parts); other dropped files, and any file in plain text, are attachments.
 *  - Replies are inline by default (the conversation is the context of a reply, as in Missive and
 *    Geary); a window is one click away and then stays the choice. New messages have no
 *    conversation to sit under, so they always get a window, and several can be open.
 *  - The identity a reply is sent from follows the Reply-From rule over every account's address and
 *    alias: the one the mail was sent to, else one on the same domain, else the first account.
 *  - A new message, reply or forward starts with its identity's signature ("-- " block, above the
 *    quote); choosing another identity in From swaps it for that one's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "inbox-application.h"
#include "inbox-composer-attachment.h"
#include "inbox-composer.h"
#include "inbox-composer-window.h"
#include "inbox-draft-keeper.h"
#include "inbox-recipient-entry.h"
#include "inbox-rich-editor.h"
#include "inbox-send-later.h"
#include "inbox-toast.h"
#include "inbox-undo-toast.h"
#include "inbox-window.h"


struct _InboxComposer
{
  AdwBin parent_instance;

  AdwToastOverlay *toast_overlay;
  AdwHeaderBar *header_bar;
  GtkButton *pop_out_button;
  AdwWindowTitle *window_title;
  GtkLabel *note_label;
  GtkDropDown *from_dropdown;
  InboxRecipientEntry *to_entry;
  InboxRecipientEntry *cc_entry;
  InboxRecipientEntry *bcc_entry;
  GtkToggleButton *cc_toggle;
  GtkEntry *subject_entry;
  GtkTextView *body_view;
  GtkStack *body_stack;
  InboxRichEditor *rich_editor;
  GtkToggleButton *rich_toggle;
  GtkRevealer *attachments_revealer;
  GtkFlowBox *attachments_box;
  GtkMenuButton *send_later_button;
  InboxSendLater *send_later_popover;

  GtkApplication *app;      /* not a reference: the application outlives its composers */
  InboxMailService *service;
  GPtrArray *accounts;      /* InboxAccountConfig*, copies */
  GPtrArray *identities;    /* InboxIdentity*, what From offers: each account, then its aliases */
  char *signature;          /* the signature in the text now (to replace when From changes), or NULL */
  gboolean is_reply;        /* a reply or forward: the identity's reply signature applies */
  gboolean rich;            /* writing in the rich-text editor */
  gboolean constructing;
  gboolean worth_keeping;   /* changed by the person, or a draft from before (restored, undone) */
  GPtrArray *attachments;   /* char* paths */
  char *in_reply_to;
  char *references;
  InboxDraftKeeper *keeper;  /* the local file and the server's copy */
  gboolean finished;        /* sent, scheduled or discarded: nothing more to save */
  gint64 conversation_id;   /* the conversation a reply or forward belongs to, or 0 */
  gboolean is_inline;       /* under its conversation in the main window */
  gboolean size_note_shown; /* the note says the attachments are too large */
};

G_DEFINE_FINAL_TYPE (InboxComposer, inbox_composer, ADW_TYPE_BIN)

enum { PROP_0, PROP_TITLE, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { SIGNAL_DETACH, N_SIGNALS };
static guint signals[N_SIGNALS];

/* The window it is in: its own, or the main window when inline. */
static GtkWindow *
root_window (InboxComposer *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

/* --- the draft ------------------------------------------------------------------------------- */

static const InboxIdentity *
selected_identity (InboxComposer *self)
{
  guint index = gtk_drop_down_get_selected (self->from_dropdown);

  if (self->identities->len == 0)
    return NULL;
  return self->identities->pdata[index < self->identities->len ? index : 0];
}

/* The account the selected identity sends through. */
static const InboxAccountConfig *
selected_account (InboxComposer *self)
{
  const InboxIdentity *identity = selected_identity (self);

  for (guint i = 0; identity != NULL && i < self->accounts->len; i++)
    if (g_strcmp0 (((InboxAccountConfig *) self->accounts->pdata[i])->uid, identity->account_uid) == 0)
      return self->accounts->pdata[i];
  return NULL;
}

static char *
body_text (InboxComposer *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->body_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static char *
entry_text (GtkEntry *entry)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
}

/* What the window shows, as a draft. */
InboxDraft *
inbox_composer_dup_draft (InboxComposer *self)
{
  InboxDraft *draft = inbox_draft_new ();
  const InboxIdentity *identity = selected_identity (self);

  g_return_val_if_fail (INBOX_IS_COMPOSER (self), NULL);

  if (identity != NULL)
    {
      draft->from_name = g_strdup (identity->name);
      draft->from_address = g_strdup (identity->address);
    }
  draft->to = inbox_recipient_entry_dup_text (self->to_entry);
  draft->cc = inbox_recipient_entry_dup_text (self->cc_entry);
  draft->bcc = inbox_recipient_entry_dup_text (self->bcc_entry);
  draft->subject = entry_text (self->subject_entry);
  if (self->rich)
    {
      /* The HTML, with its text as the plain alternative. */
      draft->text = g_strdup (inbox_rich_editor_get_text (self->rich_editor));
      draft->html = inbox_rich_editor_dup_html (self->rich_editor);
    }
  else
    draft->text = body_text (self);
  for (guint i = 0; i < self->attachments->len; i++)
    g_ptr_array_add (draft->attachments, g_strdup (self->attachments->pdata[i]));
  draft->in_reply_to = g_strdup (self->in_reply_to);
  draft->references = g_strdup (self->references);
  return draft;
}

const char *
inbox_composer_get_note (InboxComposer *self)
{
  g_return_val_if_fail (INBOX_IS_COMPOSER (self), NULL);

  return gtk_widget_get_visible (GTK_WIDGET (self->note_label)) ? gtk_label_get_text (self->note_label) : NULL;
}

static void
show_note (InboxComposer *self,
           const char    *text)
{
  gtk_label_set_text (self->note_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->note_label), text != NULL && *text != '\0');
}

/* Nothing worth a draft: a composer nobody has typed in (a new message with just its signature, a
 * reply with just its quote), or one whose fields are all empty. */
static gboolean
is_empty (InboxComposer *self)
{
  g_autoptr(InboxDraft) draft = inbox_composer_dup_draft (self);

  if (!self->worth_keeping)
    return TRUE;
  return *draft->to == '\0' && *draft->cc == '\0' && *draft->bcc == '\0' && *draft->subject == '\0' &&
         *g_strstrip (draft->text) == '\0' && draft->attachments->len == 0;
}

/* For the keeper: what is worth keeping now, and the account it goes from. */
static InboxDraft *
snapshot (gpointer   owner,
          char     **account_uid)
{
  InboxComposer *self = owner;
  const InboxAccountConfig *account = selected_account (self);

  if (is_empty (self))
    return NULL;
  *account_uid = account != NULL ? g_strdup (account->uid) : NULL;
  return inbox_composer_dup_draft (self);
}

static void
changed (InboxComposer *self)
{
  g_autofree char *subject = entry_text (self->subject_entry);

  adw_window_title_set_title (self->window_title, *subject != '\0' ? subject : _("New Message"));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
  if (self->finished || self->constructing)
    return;
  self->worth_keeping = TRUE;
  inbox_draft_keeper_changed (self->keeper);
}

/* A field marked wrong is checked again as it is corrected; the note goes once all are right. */
static void
recheck_field (InboxRecipientEntry *entry,
               InboxComposer       *self)
{
  if (!gtk_widget_has_css_class (GTK_WIDGET (entry), "error") || !inbox_recipient_entry_check (entry, NULL))
    return;
  if (!gtk_widget_has_css_class (GTK_WIDGET (self->to_entry), "error") &&
      !gtk_widget_has_css_class (GTK_WIDGET (self->cc_entry), "error") &&
      !gtk_widget_has_css_class (GTK_WIDGET (self->bcc_entry), "error"))
    show_note (self, NULL);
}

/* --- attachments ----------------------------------------------------------------------------- */

static void rebuild_attachments (InboxComposer *self);

static void
remove_attachment (InboxComposerAttachment *attachment,
                   InboxComposer           *self)
{
  const char *path = inbox_composer_attachment_get_path (attachment);

  for (guint i = 0; i < self->attachments->len; i++)
    if (g_str_equal (self->attachments->pdata[i], path))
      {
        g_ptr_array_remove_index (self->attachments, i);
        break;
      }
  rebuild_attachments (self);
  changed (self);
}

static goffset
file_size (const char *path)
{
  GStatBuf buf;

  return g_stat (path, &buf) == 0 ? buf.st_size : 0;
}

/* What is said when the attachments make the message larger than its account's server takes
 * (base64 makes files a third larger on the wire), or NULL. */
static char *
size_warning (InboxComposer *self)
{
  const InboxAccountConfig *account = selected_account (self);
  guint64 limit = inbox_account_config_get_size_limit (account);
  guint64 total = 0;
  g_autofree char *size = NULL;
  g_autofree char *most = NULL;

  for (guint i = 0; i < self->attachments->len; i++)
    total += (guint64) file_size (self->attachments->pdata[i]);
  if (total * 4 / 3 <= limit || account == NULL)
    return NULL;
  size = g_format_size (total * 4 / 3);
  most = g_format_size (limit);
  /* Translators: the message's size, the account's address, the largest message it takes. */
  return g_strdup_printf (_("With its attachments the message is %s, and %s takes messages up to %s: "
                            "it will probably be refused. Share large files by a link instead."),
                          size, account->email, most);
}

static void
rebuild_attachments (InboxComposer *self)
{
  g_autofree char *warning = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->attachments_box))) != NULL)
    gtk_flow_box_remove (self->attachments_box, child);
  for (guint i = 0; i < self->attachments->len; i++)
    {
      const char *path = self->attachments->pdata[i];
      GtkWidget *attachment = inbox_composer_attachment_new (path, file_size (path));

      g_signal_connect (attachment, "remove", G_CALLBACK (remove_attachment), self);
      gtk_flow_box_append (self->attachments_box, attachment);
    }
  gtk_revealer_set_reveal_child (self->attachments_revealer, self->attachments->len > 0);
  /* Said as soon as it is so (not only on Send), and gone when it no longer is. */
  warning = size_warning (self);
  if (warning != NULL || self->size_note_shown)
    show_note (self, warning);
  self->size_note_shown = warning != NULL;
}

void
inbox_composer_add_attachment (InboxComposer *self,
                               GFile         *file)
{
  g_autofree char *path = g_file_get_path (file);

  if (path == NULL)
    return;
  g_ptr_array_add (self->attachments, g_steal_pointer (&path));
  rebuild_attachments (self);
  changed (self);
}

G_GNUC_BEGIN_IGNORE_DEPRECATIONS

static void
chooser_response (GtkNativeDialog *dialog,
                  int              response,
                  InboxComposer   *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (dialog));

      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        {
          g_autoptr(GFile) file = g_list_model_get_item (files, i);

          inbox_composer_add_attachment (self, file);
        }
    }
  g_object_unref (dialog);
}

static void
attach_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  InboxComposer *self = INBOX_COMPOSER (widget);
  GtkFileChooserNative *chooser = gtk_file_chooser_native_new (_("Attach Files"), root_window (self),
                                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Attach"), NULL);

  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

G_GNUC_END_IGNORE_DEPRECATIONS

static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         InboxComposer *self)
{
  GSList *files = g_value_get_boxed (value);

  for (GSList *l = files; l != NULL; l = l->next)
    inbox_composer_add_attachment (self, l->data);
  return files != NULL;
}

/* --- sending --------------------------------------------------------------------------------- */

typedef struct {
  InboxComposer *self;
  gint64 send_at;
  gboolean scheduled;
} SendJob;

/* Focus leaves the fields first: a GtkText destroyed while it blinks warns that it never got
 * its focus-out. */
static void
drop_focus (InboxComposer *self)
{
  GtkWindow *window = root_window (self);
  GtkWidget *focus = window != NULL ? gtk_window_get_focus (window) : NULL;

  if (focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self)))
    gtk_window_set_focus (window, NULL);
}

/* Its host (a window, or the conversation view) lets go of it. */
static void
detach (InboxComposer *self)
{
  g_autoptr(InboxComposer) keep = g_object_ref (self);

  drop_focus (self);
  g_signal_emit (self, signals[SIGNAL_DETACH], 0);
}

static void
finish_and_close (InboxComposer *self)
{
  self->finished = TRUE;
  inbox_draft_keeper_finish (self->keeper);
  detach (self);
}

/* While the message is being queued, it can't be sent twice. (Not the whole window insensitive: a
 * focused GtkText made insensitive loses its focus-out.) */
static void
set_sending (InboxComposer *self,
             gboolean       sending)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "composer.send", !sending);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "composer.send-later", !sending);
}

static void
queued (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  SendJob *job = user_data;
  InboxComposer *self = job->self;
  g_autoptr(GError) error = NULL;
  gint64 id = inbox_sender_queue_finish (INBOX_SENDER (object), result, &error);
  gint64 delay = job->send_at - g_get_real_time () / G_USEC_PER_SEC;

  set_sending (self, FALSE);
  if (id == 0)
    {
      show_note (self, error->message);
      g_object_unref (self);
      g_free (job);
      return;
    }
  if (job->scheduled)
    {
      g_autofree char *when = inbox_send_later_format_when (job->send_at);
      g_autofree char *text = g_strdup_printf (_("Scheduled for %s"), when);

      inbox_undo_toast_show (self->app, self->service, text, 10, id, NULL);
    }
  else if (delay > 0)
    inbox_undo_toast_show (self->app, self->service, _("Sending…"), (guint) delay, id, NULL);
  else
    inbox_undo_toast_show (self->app, self->service, _("Sending…"), 0, id, NULL);
  finish_and_close (self);
  g_object_unref (self);
  g_free (job);
}

static int
undo_delay (void)
{
  g_autoptr(GSettings) settings = inbox_application_dup_settings ();

  return settings != NULL ? g_settings_get_int (settings, "undo-send-delay") : 5;
}

static void
queue (InboxComposer *self,
       gint64         send_at,
       gboolean       scheduled)
{
  InboxSender *sender = self->service != NULL ? inbox_mail_service_get_sender (self->service) : NULL;
  const InboxAccountConfig *account = selected_account (self);
  g_autoptr(InboxDraft) draft = inbox_composer_dup_draft (self);
  SendJob *job;

  if (sender == NULL || account == NULL)
    {
      show_note (self, _("Add an account to send mail."));
      return;
    }
  job = g_new0 (SendJob, 1);
  job->self = g_object_ref (self);
  job->send_at = send_at;
  job->scheduled = scheduled;
  set_sending (self, TRUE);
  inbox_sender_queue_async (sender, account->uid, draft, send_at, scheduled,
                            scheduled && inbox_send_later_get_discard_if_reply (self->send_later_popover), queued, job);
}

/* The words that say "there is an attachment", in English and in the UI's language. */
static gboolean
mentions_attachment (const char *text)
{
  g_autofree char *lower = g_utf8_strdown (text, -1);
  /* Translators: words that suggest a message has a file attached, separated by |, lower case.
     Inbox warns when one appears in a message with no attachment. */
  g_autofree char *words = g_strdup_printf ("attached|attachment|enclosed|%s", _("attached|attachment|enclosed"));
  g_auto(GStrv) list = g_strsplit (words, "|", -1);
  g_auto(GStrv) lines = g_strsplit (lower, "\n", -1);

  for (gsize l = 0; lines[l] != NULL; l++)
    {
      /* Quoted text is someone else's words. */
      if (lines[l][0] == '>')
        continue;
      for (gsize i = 0; list[i] != NULL; i++)
        if (*list[i] != '\0' && strstr (lines[l], list[i]) != NULL)
          return TRUE;
    }
  return FALSE;
}

typedef struct {
  InboxComposer *self;
  gint64 send_at;
  gboolean scheduled;
} Confirm;

static void
confirm_response (AdwMessageDialog *dialog,
                  const char       *response,
                  Confirm          *confirm)
{
  if (g_str_equal (response, "send"))
    queue (confirm->self, confirm->send_at, confirm->scheduled);
  g_object_unref (confirm->self);
  g_free (confirm);
}

static void
ask (InboxComposer *self,
     const char    *heading,
     const char    *body,
     gint64         send_at,
     gboolean       scheduled)
{
  GtkWidget *dialog = adw_message_dialog_new (root_window (self), heading, body);
  Confirm *confirm = g_new0 (Confirm, 1);

  confirm->self = g_object_ref (self);
  confirm->send_at = send_at;
  confirm->scheduled = scheduled;
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "send", _("_Send Anyway"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "send", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (confirm_response), confirm);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Checks what can be checked before anything is queued, then queues (or asks first). */
static void
send_at_time (InboxComposer *self,
              gint64         send_at,
              gboolean       scheduled)
{
  g_autoptr(InboxDraft) draft = inbox_composer_dup_draft (self);
  gboolean fields_ok = inbox_recipient_entry_check (self->to_entry, NULL) &
                       inbox_recipient_entry_check (self->cc_entry, NULL) &
                       inbox_recipient_entry_check (self->bcc_entry, NULL);
  guint count = 0, more = 0;
  g_autofree char *too_large = NULL;

  if (!fields_ok)
    {
      show_note (self, _("Some recipients are not email addresses: correct the fields marked in red."));
      return;
    }
  inbox_address_list_check (draft->to, &count, NULL);
  inbox_address_list_check (draft->cc, &more, NULL);
  count += more;
  inbox_address_list_check (draft->bcc, &more, NULL);
  if (count + more == 0)
    {
      show_note (self, _("Add at least one recipient."));
      gtk_widget_grab_focus (GTK_WIDGET (self->to_entry));
      return;
    }
  show_note (self, NULL);

  too_large = size_warning (self);
  if (self->attachments->len == 0 && mentions_attachment (draft->text))
    ask (self, _("Send Without an Attachment?"),
         _("The message mentions an attachment, but no file is attached."), send_at, scheduled);
  else if (too_large != NULL)
    ask (self, _("Send a Large Message?"), too_large, send_at, scheduled);
  else
    queue (self, send_at, scheduled);
}

static void
send_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  send_at_time (INBOX_COMPOSER (widget), g_get_real_time () / G_USEC_PER_SEC + undo_delay (), FALSE);
}

/* --- send later ------------------------------------------------------------------------------ */

static void
send_later_chosen_cb (InboxComposer *self,
                      GDateTime     *when)
{
  send_at_time (self, g_date_time_to_unix (when), TRUE);
}

static void
send_later_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  InboxComposer *self = INBOX_COMPOSER (widget);

  /* Only a reply can be answered first. */
  inbox_send_later_set_can_discard (self->send_later_popover, self->in_reply_to != NULL);
  gtk_menu_button_popup (self->send_later_button);
}

/* --- discard and close ----------------------------------------------------------------------- */

static void
discard_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  InboxComposer *self = INBOX_COMPOSER (widget);
  InboxDraft *draft = is_empty (self) ? NULL : inbox_composer_dup_draft (self);

  if (draft != NULL)
    inbox_undo_toast_show (self->app, self->service, _("Draft discarded"), 10, 0, draft);
  finish_and_close (self);
}

/* Closed (its window, Escape, Ctrl+W): what was written is kept as a draft, and it goes. */
void
inbox_composer_close (InboxComposer *self)
{
  g_return_if_fail (INBOX_IS_COMPOSER (self));

  if (!self->finished)
    inbox_draft_keeper_close (self->keeper);
  self->finished = TRUE;
  detach (self);
}

static void
close_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  inbox_composer_close (INBOX_COMPOSER (widget));
}

/* --- where it is written --------------------------------------------------------------------- */

static void
set_inline (InboxComposer *self,
            gboolean       is_inline)
{
  self->is_inline = is_inline;
  adw_header_bar_set_show_start_title_buttons (self->header_bar, !is_inline);
  adw_header_bar_set_show_end_title_buttons (self->header_bar, !is_inline);
  gtk_widget_set_visible (GTK_WIDGET (self->pop_out_button), is_inline);
  /* Inline, the conversation scrolls and the composer needs a height of its own. */
  gtk_widget_set_size_request (GTK_WIDGET (self), -1, is_inline ? 460 : -1);
  if (is_inline)
    gtk_widget_add_css_class (GTK_WIDGET (self), "inline-composer");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "inline-composer");
}

static void
open_in_window (InboxComposer *self)
{
  GtkApplication *app = self->app;

  set_inline (self, FALSE);
  gtk_window_present (GTK_WINDOW (inbox_composer_window_new (app, self)));
}

/* Where the person last chose: a reply or forward under its conversation when that is the one the
 * main window shows and "compose-inline" is on, else a window of its own. */
static void
present (InboxComposer *self)
{
  GtkApplication *app = self->app;
  InboxWindow *window = app != NULL ? inbox_window_find (app) : NULL;
  g_autoptr(GSettings) settings = inbox_application_dup_settings ();

  g_object_ref_sink (self);
  if (self->conversation_id != 0 && window != NULL && settings != NULL &&
      g_settings_get_boolean (settings, "compose-inline") &&
      inbox_conversation_view_take_composer (inbox_window_get_conversation_view (window), GTK_WIDGET (self),
                                             self->conversation_id))
    set_inline (self, TRUE);
  else
    open_in_window (self);
  g_object_unref (self);
}

/* Open in a Window: from under the conversation into a window of its own, as it is; and so from
 * now on. */
static void
pop_out_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  InboxComposer *self = INBOX_COMPOSER (widget);
  g_autoptr(GSettings) settings = inbox_application_dup_settings ();

  if (settings != NULL)
    g_settings_set_boolean (settings, "compose-inline", FALSE);
  inbox_composer_leave_conversation (self, TRUE);
}

/* Its conversation is no longer shown (or it is asked out): what was written moves to a window;
 * a composer nobody wrote in closes. */
void
inbox_composer_leave_conversation (InboxComposer *self,
                                   gboolean       always_keep)
{
  g_autoptr(InboxComposer) keep = g_object_ref (self);

  g_return_if_fail (INBOX_IS_COMPOSER (self));

  if (!always_keep && is_empty (self))
    {
      inbox_composer_close (self);
      return;
    }
  detach (self);
  open_in_window (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->body_stack));
}

gboolean
inbox_composer_is_inline (InboxComposer *self)
{
  g_return_val_if_fail (INBOX_IS_COMPOSER (self), FALSE);

  return self->is_inline;
}

/* --- rich text ------------------------------------------------------------------------------ */

static void rich_toggled (GtkToggleButton *toggle, InboxComposer *self);

/* Plain text to rich (the text becomes paragraphs and quotes) or back (the formatting goes). */
static void
set_rich (InboxComposer *self,
          gboolean       rich,
          const char    *html)
{
  if (rich == self->rich && html == NULL)
    return;
  if (rich)
    {
      g_autofree char *text = body_text (self);
      g_autofree char *converted = html == NULL ? inbox_html_from_text (text) : NULL;

      inbox_rich_editor_set_body (self->rich_editor, html != NULL ? html : converted);
    }
  else
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->body_view), inbox_rich_editor_get_text (self->rich_editor), -1);
  self->rich = rich;
  gtk_stack_set_visible_child_name (self->body_stack, rich ? "rich" : "plain");
  g_signal_handlers_block_by_func (self->rich_toggle, rich_toggled, self);
  gtk_toggle_button_set_active (self->rich_toggle, rich);
  g_signal_handlers_unblock_by_func (self->rich_toggle, rich_toggled, self);
}

static void
rich_toggled (GtkToggleButton *toggle,
              InboxComposer   *self)
{
  g_autoptr(GSettings) settings = inbox_application_dup_settings ();

  set_rich (self, gtk_toggle_button_get_active (toggle), NULL);
  if (settings != NULL)
    g_settings_set_boolean (settings, "compose-rich", self->rich);
  changed (self);
}

/* The body of an HTML draft, for the editor: what is inside <body>. */
static char *
html_body (const char *html)
{
  const char *start = strstr (html, "<body");
  const char *end = strstr (html, "</body>");

  start = start != NULL ? strchr (start, '>') : NULL;
  if (start == NULL || end == NULL || end < start)
    return g_strdup (html);
  return g_strndup (start + 1, end - start - 1);
}

/* --- setup ----------------------------------------------------------------------------------- */

static void
fill_accounts (InboxComposer    *self,
               const InboxDraft *draft)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) identities = NULL;
  guint selected = 0;

  if (self->service != NULL)
    {
      GPtrArray *accounts = inbox_mail_service_get_accounts (self->service);

      for (guint i = 0; i < accounts->len; i++)
        g_ptr_array_add (self->accounts, inbox_account_config_copy (accounts->pdata[i]));
      identities = inbox_store_list_identities_sync (inbox_mail_service_get_store (self->service), NULL, NULL);
    }
  for (guint i = 0; identities != NULL && i < identities->len; i++)
    {
      const InboxIdentity *identity = identities->pdata[i];
      g_autofree char *label = identity->name != NULL && *identity->name != '\0'
                               ? g_strdup_printf ("%s <%s>", identity->name, identity->address)
                               : g_strdup (identity->address);

      g_ptr_array_add (self->identities, inbox_identity_copy (identity));
      gtk_string_list_append (names, label);
      if (draft != NULL && draft->from_address != NULL && g_ascii_strcasecmp (draft->from_address, identity->address) == 0)
        selected = i;
    }
  gtk_drop_down_set_model (self->from_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->from_dropdown, selected);
}

/* Another identity: its signature takes the place of the last one's. */
static void
identity_changed (InboxComposer *self)
{
  const InboxIdentity *identity = selected_identity (self);
  const char *signature = identity != NULL ? inbox_identity_get_signature (identity, self->is_reply) : NULL;
  g_autoptr(InboxDraft) draft = NULL;

  /* In rich text the signature stays as written (it is part of the formatted text). */
  if (g_strcmp0 (signature, self->signature) == 0 || self->rich)
    return;
  draft = inbox_draft_new ();
  draft->text = body_text (self);
  inbox_draft_set_signature (draft, self->signature, signature);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->body_view), draft->text, -1);
  g_free (self->signature);
  self->signature = g_strdup (signature);
}

/* A fresh message gets the identity's signature; a restored one has it already, if any. */
static void
start_signature (InboxComposer *self,
                 gboolean       fresh)
{
  const InboxIdentity *identity = selected_identity (self);
  const char *signature = identity != NULL ? inbox_identity_get_signature (identity, self->is_reply) : NULL;
  g_autofree char *text = body_text (self);
  g_autofree char *block = signature != NULL ? g_strdup_printf ("-- \n%s", signature) : NULL;

  if (fresh)
    identity_changed (self);
  else if (block != NULL && strstr (text, block) != NULL)
    self->signature = g_strdup (signature);
}

static void
fill_from_draft (InboxComposer    *self,
                 const InboxDraft *draft)
{
  const char *to = draft->to != NULL ? draft->to : "";
  const char *cc = draft->cc != NULL ? draft->cc : "";
  const char *bcc = draft->bcc != NULL ? draft->bcc : "";

  inbox_recipient_entry_set_text (self->to_entry, to);
  inbox_recipient_entry_set_text (self->cc_entry, cc);
  inbox_recipient_entry_set_text (self->bcc_entry, bcc);
  gtk_toggle_button_set_active (self->cc_toggle, *cc != '\0' || *bcc != '\0');
  gtk_editable_set_text (GTK_EDITABLE (self->subject_entry), draft->subject != NULL ? draft->subject : "");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->body_view), draft->text != NULL ? draft->text : "", -1);
  for (guint i = 0; i < draft->attachments->len; i++)
    g_ptr_array_add (self->attachments, g_strdup (draft->attachments->pdata[i]));
  self->in_reply_to = g_strdup (draft->in_reply_to);
  self->references = g_strdup (draft->references);
  rebuild_attachments (self);
}

/* fresh: a message just begun, which gets its identity's signature; is_reply: a reply or forward. */
static InboxComposer *
create (GtkApplication   *app,
        InboxMailService *service,
        const InboxDraft *draft,
        const char       *draft_path,
        gboolean          fresh,
        gboolean          is_reply)
{
  InboxComposer *self = g_object_new (INBOX_TYPE_COMPOSER, NULL);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->body_view);

  self->app = app;
  self->service = service != NULL ? g_object_ref (service) : NULL;
  self->constructing = TRUE;
  self->worth_keeping = !fresh;
  self->is_reply = is_reply;
  fill_accounts (self, draft);
  if (draft != NULL)
    fill_from_draft (self, draft);
  start_signature (self, fresh);
  self->keeper = inbox_draft_keeper_new (service, draft_path, draft,
                                         selected_account (self) != NULL ? selected_account (self)->uid : NULL,
                                         snapshot, self);
  g_signal_connect_object (self->keeper, "failed", G_CALLBACK (show_note), self, G_CONNECT_SWAPPED);
  {
    g_autoptr(GSettings) settings = inbox_application_dup_settings ();
    g_autofree char *body = draft != NULL && draft->html != NULL ? html_body (draft->html) : NULL;

    /* A draft written in rich text stays so; a new message starts as the last one was written. */
    if (body != NULL)
      set_rich (self, TRUE, body);
    else if (fresh && settings != NULL && g_settings_get_boolean (settings, "compose-rich"))
      set_rich (self, TRUE, NULL);
  }
  g_signal_connect (self->rich_toggle, "toggled", G_CALLBACK (rich_toggled), self);
  g_signal_connect_swapped (self->rich_editor, "changed", G_CALLBACK (changed), self);
  g_signal_connect_swapped (self->rich_editor, "attach", G_CALLBACK (inbox_composer_add_attachment), self);
  if (self->accounts->len == 0)
    show_note (self, _("Add an account to send mail."));

  for (gsize i = 0; i < 3; i++)
    {
      InboxRecipientEntry *field = (InboxRecipientEntry *[]) { self->to_entry, self->cc_entry, self->bcc_entry }[i];

      g_signal_connect (field, "changed", G_CALLBACK (recheck_field), self);
      g_signal_connect_swapped (field, "changed", G_CALLBACK (changed), self);
      inbox_recipient_entry_set_store (field, service != NULL ? inbox_mail_service_get_store (service) : NULL);
    }
  g_signal_connect_swapped (self->subject_entry, "changed", G_CALLBACK (changed), self);
  g_signal_connect_swapped (buffer, "changed", G_CALLBACK (changed), self);
  g_signal_connect_swapped (self->from_dropdown, "notify::selected", G_CALLBACK (identity_changed), self);
  g_signal_connect_swapped (self->from_dropdown, "notify::selected", G_CALLBACK (changed), self);

  /* A reply starts above the quote; a new message in To. */
  if (draft != NULL && draft->to != NULL && *draft->to != '\0')
    {
      GtkTextIter start;

      gtk_text_buffer_get_start_iter (buffer, &start);
      gtk_text_buffer_place_cursor (buffer, &start);
      gtk_widget_grab_focus (GTK_WIDGET (self->body_view));
    }
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->to_entry));
  changed (self);
  self->constructing = FALSE;
  return self;
}

/* Opens a composer for a draft that exists already (restored after a crash, back from Undo or the
 * outbox), as it was, in a window (its conversation is not known). draft_path is the autosave
 * file it came from, or NULL. */
InboxComposer *
inbox_composer_open_draft (GtkApplication   *app,
                           InboxMailService *service,
                           const InboxDraft *draft,
                           const char       *draft_path)
{
  gboolean is_reply = draft != NULL && (draft->in_reply_to != NULL || g_str_has_prefix (draft->subject != NULL ? draft->subject : "", "Fwd:"));
  InboxComposer *composer = create (app, service, draft, draft_path, FALSE, is_reply);

  present (composer);
  return composer;
}

/* A new message, with the signature of the first identity. */
void
inbox_composer_open_new (GtkApplication   *app,
                         InboxMailService *service)
{
  present (create (app, service, NULL, NULL, TRUE, FALSE));
}

static void
inbox_composer_dispose (GObject *object)
{
  InboxComposer *self = INBOX_COMPOSER (object);

  if (self->keeper != NULL)
    inbox_draft_keeper_detach (self->keeper);
  g_clear_object (&self->keeper);
  g_clear_object (&self->service);
  G_OBJECT_CLASS (inbox_composer_parent_class)->dispose (object);
}

static void
inbox_composer_finalize (GObject *object)
{
  InboxComposer *self = INBOX_COMPOSER (object);

  g_ptr_array_unref (self->accounts);
  g_ptr_array_unref (self->identities);
  g_free (self->signature);
  g_ptr_array_unref (self->attachments);
  g_free (self->in_reply_to);
  g_free (self->references);
  G_OBJECT_CLASS (inbox_composer_parent_class)->finalize (object);
}

static void
inbox_composer_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  InboxComposer *self = INBOX_COMPOSER (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, adw_window_title_get_title (self->window_title));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
inbox_composer_class_init (InboxComposerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = inbox_composer_dispose;
  object_class->finalize = inbox_composer_finalize;
  object_class->get_property = inbox_composer_get_property;

  /* "title": what its window says (the subject, or "New Message"). */
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  /* "detach": whatever holds it (a window, the conversation view) must let go of it now. */
  signals[SIGNAL_DETACH] = g_signal_new ("detach", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                         NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/ui/inbox-composer.ui");
  gtk_widget_class_bind_template_child (widget_class, InboxComposer, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, InboxComposer, window_title);
  gtk_widget_class_bind_template_child (widget_class, InboxComposer, header_bar);
  gtk_widget_class_bind_template_child (widget_class, InboxComposer, pop_out_button);
  gtk_widget_class_bind_template_child (widget_class, InboxComposer, note_label);
  gtk_widget_class_bind_template_child (widget_class, InboxComposer, from_dropdown);
  gtk_widget_class_bind_template_child (widget_class, InboxComposer, to_entry);
  gtk_widget_class_bind_template_child (widget_class, InboxComposer, cc_entry);
  gtk_widget_class_bind_template_child (widget_class, InboxComposer, bcc_entry);
  gtk_widget_class_bind_template_child (widget_class, InboxComposer, cc_toggle);
  gtk_widget_class_bind_template_child (widget_class, InboxComposer, subject_entry);
  gtk_widget_class_bind_template_child (widget_class, InboxComposer, body_view);
  gtk_widget_class_bind_template_child (widget_class, InboxComposer, body_stack);
  gtk_widget_class_bind_template_child (widget_class, InboxComposer, rich_editor);
  gtk_widget_class_bind_template_child (widget_class, InboxComposer, rich_toggle);
  gtk_widget_class_bind_template_child (widget_class, InboxComposer, attachments_revealer);
  gtk_widget_class_bind_template_child (widget_class, InboxComposer, attachments_box);
  gtk_widget_class_bind_template_child (widget_class, InboxComposer, send_later_button);
  gtk_widget_class_bind_template_child (widget_class, InboxComposer, send_later_popover);
  gtk_widget_class_bind_template_callback (widget_class, send_later_chosen_cb);

  gtk_widget_class_install_action (widget_class, "composer.send", NULL, send_activated);
  gtk_widget_class_install_action (widget_class, "composer.send-later", NULL, send_later_activated);
  gtk_widget_class_install_action (widget_class, "composer.attach", NULL, attach_activated);
  gtk_widget_class_install_action (widget_class, "composer.discard", NULL, discard_activated);
  gtk_widget_class_install_action (widget_class, "composer.close", NULL, close_activated);
  gtk_widget_class_install_action (widget_class, "composer.pop-out", NULL, pop_out_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "composer.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "composer.close", NULL);
}

static void
inbox_composer_init (InboxComposer *self)
{
  GtkDropTarget *drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);

  g_type_ensure (INBOX_TYPE_RECIPIENT_ENTRY);
  g_type_ensure (INBOX_TYPE_RICH_EDITOR);
  g_type_ensure (INBOX_TYPE_SEND_LATER);
  gtk_widget_init_template (GTK_WIDGET (self));

  /* Before the body sees them: a text view (or the rich editor) takes Ctrl+Return as a new line. */
  {
    static const struct { guint key; GdkModifierType mods; const char *action; } shortcuts[] = {
      { GDK_KEY_Return, GDK_CONTROL_MASK, "composer.send" },
      { GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "composer.send" },
      { GDK_KEY_j, GDK_CONTROL_MASK, "composer.send-later" },
      { GDK_KEY_a, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "composer.attach" },
    };
    GtkEventController *controller = gtk_shortcut_controller_new ();

    gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
    for (gsize i = 0; i < G_N_ELEMENTS (shortcuts); i++)
      gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                            gtk_shortcut_new (gtk_keyval_trigger_new (shortcuts[i].key, shortcuts[i].mods),
                                                              gtk_named_action_new (shortcuts[i].action)));
    gtk_widget_add_controller (GTK_WIDGET (self), controller);
  }
  self->accounts = g_ptr_array_new_with_free_func ((GDestroyNotify) inbox_account_config_free);
  self->identities = g_ptr_array_new_with_free_func ((GDestroyNotify) inbox_identity_free);
  self->attachments = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (drop, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));
}

/* --- ways in --------------------------------------------------------------------------------- */

/* A composer filled from a mailto: link; what the link had that was refused or unreadable is
 * said at the top. */
void
inbox_composer_open_mailto (GtkApplication   *app,
                            InboxMailService *service,
                            const char       *uri)
{
  g_autoptr(InboxMailto) mailto = inbox_mailto_parse (uri);
  g_autoptr(InboxDraft) draft = inbox_draft_new ();
  g_autoptr(GString) notes = g_string_new (NULL);
  InboxComposer *composer;

  draft->to = g_strdup (mailto->to);
  draft->cc = g_strdup (mailto->cc);
  draft->bcc = g_strdup (mailto->bcc);
  draft->subject = g_strdup (mailto->subject);
  draft->text = g_strdup (mailto->body);
  draft->in_reply_to = g_strdup (mailto->in_reply_to);
  if (mailto->in_reply_to != NULL)
    draft->references = g_strdup_printf ("<%s>", mailto->in_reply_to);
  composer = create (app, service, draft, NULL, TRUE, FALSE);
  for (guint i = 0; i < mailto->notes->len; i++)
    g_string_append_printf (notes, "%s%s", i > 0 ? "\n" : "", (const char *) mailto->notes->pdata[i]);
  if (notes->len > 0)
    show_note (composer, notes->str);
  present (composer);
}

/* Reply, reply all or forward the newest message of a conversation. */
void
inbox_composer_open_reply (GtkApplication   *app,
                           InboxMailService *service,
                           gint64            conversation_id,
                           InboxReplyKind    kind)
{
  InboxStore *store = inbox_mail_service_get_store (service);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) messages = inbox_store_get_messages_sync (store, conversation_id, &error);
  g_autoptr(GPtrArray) identities = g_ptr_array_new_with_free_func ((GDestroyNotify) inbox_identity_free);
  g_autoptr(GPtrArray) mine = g_ptr_array_new ();
  g_autoptr(GPtrArray) recipients = g_ptr_array_new ();
  g_autoptr(InboxMessageContent) content = NULL;
  g_autoptr(InboxDraft) draft = NULL;
  InboxComposer *composer;
  const InboxIdentity *identity = NULL;
  InboxMessage *original;

  if (messages == NULL || messages->len == 0)
    {
      InboxWindow *window = inbox_window_find (app);

      if (window != NULL)
        inbox_window_show_message (window, error != NULL ? error->message : _("That conversation is gone"));
      return;
    }
  original = messages->pdata[messages->len - 1];
  content = inbox_store_get_message_content_sync (store, conversation_id, inbox_message_get_message_id (original), NULL);

  {
    g_autoptr(GPtrArray) all = inbox_store_list_identities_sync (store, NULL, NULL);

    for (guint i = 0; all != NULL && i < all->len; i++)
      g_ptr_array_add (identities, inbox_identity_copy (all->pdata[i]));
  }
  for (guint i = 0; i < identities->len; i++)
    g_ptr_array_add (mine, ((InboxIdentity *) identities->pdata[i])->address);
  g_ptr_array_add (mine, NULL);
  for (const char * const *to = inbox_message_get_to (original); to != NULL && *to != NULL; to++)
    g_ptr_array_add (recipients, (gpointer) *to);
  for (const char * const *cc = inbox_message_get_cc (original); cc != NULL && *cc != NULL; cc++)
    g_ptr_array_add (recipients, (gpointer) *cc);
  g_ptr_array_add (recipients, NULL);
  if (identities->len > 0)
    identity = inbox_identity_choose_for_reply (identities, (const char * const *) recipients->pdata);

  draft = inbox_draft_new_reply (kind, original, content != NULL ? content->text : NULL,
                                 (const char * const *) mine->pdata);
  if (identity != NULL)
    draft->from_address = g_strdup (identity->address);
  composer = create (app, service, draft, NULL, TRUE, TRUE);
  composer->conversation_id = conversation_id;
  present (composer);
}

typedef struct {
  GtkApplication *app;
  InboxMailService *service;
  char *subject;
  gint64 conversation_id;
} Forward;

static void
forward_fetched (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Forward *forward = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = inbox_sender_fetch_message_finish (INBOX_SENDER (object), result, &error);
  g_autofree char *dir = g_build_filename (g_get_user_cache_dir (), "inbox", "forward", NULL);
  g_autofree char *path = bytes != NULL ? inbox_draft_save_forwarded (bytes, forward->subject, dir, &error) : NULL;

  if (path == NULL)
    {
      InboxWindow *window = inbox_window_find (forward->app);
      g_autofree char *text = g_strdup_printf (_("Can't forward that message: %s"), error->message);

      if (window != NULL)
        inbox_window_show_message (window, text);
    }
  else
    {
      g_autoptr(InboxDraft) draft = inbox_draft_new ();

      draft->subject = g_strdup_printf ("Fwd: %s", forward->subject);
      g_ptr_array_add (draft->attachments, g_steal_pointer (&path));
      InboxComposer *composer = create (forward->app, forward->service, draft, NULL, TRUE, TRUE);

      composer->conversation_id = forward->conversation_id;
      present (composer);
    }
  g_object_unref (forward->app);
  g_object_unref (forward->service);
  g_free (forward->subject);
  g_free (forward);
}

/* Forward the newest message of a conversation as an attachment: the message as its server has
 * it (headers, attachments and all), fetched first. */
void
inbox_composer_open_forward_attachment (GtkApplication   *app,
                                        InboxMailService *service,
                                        gint64            conversation_id)
{
  InboxSender *sender = inbox_mail_service_get_sender (service);
  g_autoptr(GPtrArray) messages = inbox_store_get_messages_sync (inbox_mail_service_get_store (service), conversation_id, NULL);
  InboxMessage *original;
  Forward *forward;

  if (sender == NULL || messages == NULL || messages->len == 0)
    return;
  original = messages->pdata[messages->len - 1];
  forward = g_new0 (Forward, 1);
  forward->app = g_object_ref (app);
  forward->service = g_object_ref (service);
  forward->subject = g_strdup (inbox_message_get_subject (original));
  forward->conversation_id = conversation_id;
  inbox_sender_fetch_message_async (sender, inbox_message_get_message_id (original), forward_fetched, forward);
}

/* Opens again the drafts a crash, a kill or a closed window left. */
void
inbox_composer_restore_drafts (GtkApplication   *app,
                               InboxMailService *service)
{
  g_autofree char *path = inbox_draft_get_local_dir ();
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (path, name, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(InboxDraft) draft = NULL;

      if (!g_str_has_suffix (name, ".ini"))
        continue;
      draft = inbox_draft_load (file, &error);
      if (draft == NULL)
        {
          g_printerr ("inbox: the draft %s can't be read (%s); it is left where it is\n", file, error->message);
          continue;
        }
      inbox_composer_open_draft (app, service, draft, file);
    }
}
