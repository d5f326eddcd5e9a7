/* test-composer.c: writing mail in the real app, in a real window: compose with an attachment and
 * send (the fixture's SMTP server gets it, Dovecot's Sent keeps it: test_composer.py checks both
 * afterwards), Undo send within the delay, reply, a mailto: link, Send later, and a draft that
 * survives its window.
 *
 * Runs under test_composer.py. Screenshots go to $INBOX_SCREENSHOT_DIR: look at them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <unistd.h>

#include "inbox-account-setup.h"
#include "inbox-application.h"
#include "inbox-attachment-chip.h"
#include "inbox-composer.h"
#include "inbox-composer-window.h"
#include "inbox-identity-editor.h"
#include "inbox-preferences.h"
#include "inbox-recipient-entry.h"
#include "inbox-rich-editor.h"
#include "inbox-send-later.h"
#include "inbox-window.h"
#include "ui-helpers.h"

static InboxApplication *app;
static InboxStore *store;

static gboolean draft_file_has (gconstpointer text);
static gboolean has_tooltip (GtkWidget *widget, gconstpointer text);

static InboxWindow *
window (void)
{
  GtkWindow *active = NULL;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    if (INBOX_IS_WINDOW (l->data))
      active = l->data;
  g_assert_nonnull (active);
  return INBOX_WINDOW (active);
}

static gpointer
child (InboxComposer *composer,
       const char    *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (composer), INBOX_TYPE_COMPOSER, name);
}

/* Types text into a field as a person would: a recipient field is emptied first, and what is
 * typed goes into its text entry (commas make chips as they come). */
static void
set_text (InboxComposer *composer,
          const char    *name,
          const char    *text)
{
  gpointer field = child (composer, name);

  if (INBOX_IS_RECIPIENT_ENTRY (field))
    {
      inbox_recipient_entry_set_text (field, "");
      field = inbox_recipient_entry_get_entry (field);
    }
  gtk_editable_set_text (GTK_EDITABLE (field), text);
}

/* A field's text; a recipient field's as an address list (chips and what is being typed). */
static const char *
get_text (InboxComposer *composer,
          const char    *name)
{
  static char *recipients;
  gpointer field = child (composer, name);

  if (!INBOX_IS_RECIPIENT_ENTRY (field))
    return gtk_editable_get_text (GTK_EDITABLE (field));
  g_free (recipients);
  recipients = inbox_recipient_entry_dup_text (field);
  return recipients;
}

static void
set_body (InboxComposer *composer,
          const char    *text)
{
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (child (composer, "body_view")), text, -1);
}

/* The composer being written in: in a window of its own, or inline in the main window. */
static InboxComposer *
find_composer (void)
{
  InboxComposerWindow *own = (InboxComposerWindow *) find_toplevel (INBOX_TYPE_COMPOSER_WINDOW);

  if (own != NULL)
    return inbox_composer_window_get_composer (own);
  return (InboxComposer *) inbox_conversation_view_get_composer (inbox_window_get_conversation_view (window ()));
}

static GtkWindow *
window_of (InboxComposer *composer)
{
  return GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (composer)));
}

static gboolean
composer_open (gconstpointer unused)
{
  return find_composer () != NULL;
}

static gboolean
composer_closed (gconstpointer unused)
{
  return find_composer () == NULL;
}

static InboxComposer *
open_new_composer (void)
{
  g_action_group_activate_action (G_ACTION_GROUP (window ()), "compose", NULL);
  wait_for (composer_open, NULL, "the composer to open");
  return find_composer ();
}

static InboxOutboxItem *
find_outbox (const char *subject)
{
  g_autoptr(GPtrArray) items = inbox_store_list_outbox_sync (store, TRUE, NULL);

  for (guint i = 0; items != NULL && i < items->len; i++)
    {
      InboxOutboxItem *item = items->pdata[i];

      if (g_strcmp0 (item->subject, subject) == 0)
        return g_ptr_array_steal_index (items, i);
    }
  return NULL;
}

static gboolean
outbox_state_is (gconstpointer data)
{
  const char * const *pair = data;  /* subject, state */
  g_autoptr(InboxOutboxItem) item = find_outbox (pair[0]);

  return item != NULL && g_str_equal (inbox_outbox_state_to_string (item->state), pair[1]);
}

static gboolean
is_undo_button (GtkWidget *widget, gconstpointer data)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), "_Undo") == 0 &&
         gtk_widget_get_mapped (widget);
}

static void
set_delay (int seconds)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  g_settings_set_int (settings, "undo-send-delay", seconds);
}

G_GNUC_BEGIN_IGNORE_DEPRECATIONS
static gboolean
completion_offers (gconstpointer composer)
{
  GtkEntryCompletion *completion = gtk_entry_get_completion (inbox_recipient_entry_get_entry (child ((InboxComposer *) composer, "to_entry")));
  GtkTreeModel *model = gtk_entry_completion_get_model (completion);
  GtkTreeIter iter;
  g_autofree char *first = NULL;

  if (!gtk_tree_model_get_iter_first (model, &iter))
    return FALSE;
  gtk_tree_model_get (model, &iter, 0, &first, -1);
  return strstr (first, "ada@example.net") != NULL;
}
G_GNUC_END_IGNORE_DEPRECATIONS

static void
test_compose_and_send (void)
{
  InboxComposer *composer;
  g_autofree char *dir = g_dir_make_tmp ("inbox-attach-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "Plan für März.txt", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(InboxDraft) draft = NULL;
  const char *done[] = { "Composer test ü", "done" };

  g_application_activate (G_APPLICATION (app));
  gtk_window_set_default_size (GTK_WINDOW (window ()), 1280, 760);
  wait_until_drawn (GTK_WIDGET (window ()));
  set_delay (2);

  composer = open_new_composer ();
  /* Typing a name offers the contacts it matches (looked up off the main loop). */
  set_text (composer, "to_entry", "Ada");
  wait_for (completion_offers, composer, "the contacts matching “Ada”");
  set_text (composer, "to_entry", "Ada Lovelace <ada@example.net>, not an address");
  set_text (composer, "subject_entry", "Composer test ü");
  set_body (composer, "Hello Ada,\n\nthe plan is in the attached file.\n\nZoë");
  g_assert_true (g_file_set_contents (path, "Step one: write the composer.\n", -1, NULL));
  inbox_composer_add_attachment (composer, file);
  gtk_window_set_default_size (window_of (composer), 720, 560);
  wait_until_drawn (GTK_WIDGET (composer));

  /* A bad address is refused before anything is queued, and its field says so. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (composer), "composer.send", NULL));
  spin (200);
  g_assert_nonnull (inbox_composer_get_note (composer));
  g_assert_true (gtk_widget_has_css_class (child (composer, "to_entry"), "error"));
  g_assert_null (find_outbox ("Composer test ü"));

  set_text (composer, "to_entry", "Ada Lovelace <ada@example.net>");
  spin (300);
  /* Corrected, the field and the note say so at once. */
  g_assert_false (gtk_widget_has_css_class (child (composer, "to_entry"), "error"));
  g_assert_null (inbox_composer_get_note (composer));
  g_clear_object (&draft);
  draft = inbox_composer_dup_draft (composer);
  g_assert_cmpuint (draft->attachments->len, ==, 1);
  save_screenshot (GTK_WIDGET (window_of (composer)), "composer.png");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (composer), "composer.send", NULL));
  wait_for (composer_closed, NULL, "the composer to close after Send");
  wait_for (outbox_state_is, done, "the message to be sent and saved in Sent");
}

/* Addresses become chips as they are typed or pasted; one that is not an address is kept, marked,
 * and can be taken back to be corrected. */
static void
test_recipient_chips (void)
{
  InboxComposer *composer = open_new_composer ();
  InboxRecipientEntry *to = child (composer, "to_entry");
  GtkEntry *typed = inbox_recipient_entry_get_entry (to);
  GtkWidget *chip;

  /* A pasted list (Outlook's semicolons, a line break, a name with a comma in quotes). */
  gtk_editable_set_text (GTK_EDITABLE (typed),
                         "Ada <ada@example.net>; \"Lovelace, Ada\" <ada2@example.net>\nbob@example.org, carol@");
  g_assert_cmpuint (inbox_recipient_entry_get_n_chips (to), ==, 3);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (typed)), ==, "carol@");
  /* Enter makes the rest a chip too, marked as not an address. */
  g_signal_emit_by_name (typed, "activate");
  g_assert_cmpuint (inbox_recipient_entry_get_n_chips (to), ==, 4);
  chip = gtk_widget_get_prev_sibling (GTK_WIDGET (typed));
  g_assert_true (gtk_widget_has_css_class (chip, "error"));
  g_assert_false (inbox_recipient_entry_check (to, NULL));
  g_assert_cmpstr (get_text (composer, "to_entry"), ==,
                   "Ada <ada@example.net>, \"Lovelace, Ada\" <ada2@example.net>, bob@example.org, carol@");
  gtk_window_set_default_size (window_of (composer), 720, 560);
  wait_until_drawn (GTK_WIDGET (composer));
  save_screenshot (GTK_WIDGET (window_of (composer)), "composer-recipients.png");

  /* Clicking the wrong one puts its text back to be corrected. */
  g_signal_emit_by_name (chip, "edit");
  g_assert_cmpuint (inbox_recipient_entry_get_n_chips (to), ==, 3);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (typed)), ==, "carol@");
  gtk_editable_set_text (GTK_EDITABLE (typed), "carol@example.com,");
  g_assert_cmpuint (inbox_recipient_entry_get_n_chips (to), ==, 4);
  g_assert_true (inbox_recipient_entry_check (to, NULL));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (to), "error"));

  /* × removes one. */
  chip = gtk_widget_get_first_child (GTK_WIDGET (to));
  g_signal_emit_by_name (chip, "remove");
  g_assert_cmpstr (get_text (composer, "to_entry"), ==,
                   "\"Lovelace, Ada\" <ada2@example.net>, bob@example.org, carol@example.com");
  /* A file larger than the account's server takes (25 MB here, as base64) is said at once. */
  {
    g_autofree char *dir = g_dir_make_tmp ("inbox-large-XXXXXX", NULL);
    g_autofree char *path = g_build_filename (dir, "video.mp4", NULL);
    g_autoptr(GFile) file = g_file_new_for_path (path);
    FILE *stream = fopen (path, "w");
    GtkWidget *remove;

    g_assert_nonnull (stream);
    g_assert_cmpint (ftruncate (fileno (stream), 20 * 1000 * 1000), ==, 0);  /* sparse: no disk used */
    fclose (stream);
    inbox_composer_add_attachment (composer, file);
    g_assert_nonnull (inbox_composer_get_note (composer));
    /* (g_format_size puts a no-break space before the unit) */
    g_assert_nonnull (strstr (inbox_composer_get_note (composer), "test@example.com takes messages up to 25.0"));
    wait_until_drawn (GTK_WIDGET (composer));
    save_screenshot (GTK_WIDGET (window_of (composer)), "composer-too-large.png");
    remove = find_descendant (GTK_WIDGET (composer), has_tooltip, "Remove");
    g_assert_nonnull (remove);
    g_signal_emit_by_name (remove, "clicked");
    g_assert_null (inbox_composer_get_note (composer));
    {
      g_autoptr(InboxDraft) left = inbox_composer_dup_draft (composer);

      g_assert_cmpuint (left->attachments->len, ==, 0);
    }
    g_unlink (path);
    g_rmdir (dir);
  }

  /* Emptied, it is discarded without a toast (whose Undo the next test would find). */
  inbox_recipient_entry_set_text (to, "");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (composer), "composer.discard", NULL));
  wait_for (composer_closed, NULL, "the composer to close after Discard");
}

static int
find_in_list (const char *subject_part)
{
  GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (inbox_window_get_list_view (window ())));

  for (guint i = 0; model != NULL && i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(InboxConversation) conversation = g_list_model_get_item (model, i);

      if (strstr (inbox_conversation_get_subject (conversation), subject_part) != NULL)
        return (int) i;
    }
  return -1;
}

static gboolean
listed (gconstpointer subject_part)
{
  return find_in_list (subject_part) >= 0;
}

static gboolean
file_has (gconstpointer data)
{
  const char * const *pair = data;  /* path, contents */
  g_autofree char *contents = NULL;

  return g_file_get_contents (pair[0], &contents, NULL, NULL) && g_strcmp0 (contents, pair[1]) == 0;
}

/* The sent message, synced back from Sent: its attachment saves from the server. */
static void
test_attachment_save (void)
{
  g_autoptr(GPtrArray) accounts = inbox_store_list_accounts_sync (store, NULL, NULL);
  g_autofree char *dir = g_dir_make_tmp ("inbox-saved-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "saved.txt", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  const char *expected[] = { path, "Step one: write the composer.\n" };
  GtkWidget *chip;

  inbox_mail_service_reconnect (inbox_application_get_service (app), ((InboxAccountConfig *) accounts->pdata[0])->uid);
  g_assert_true (inbox_window_select_mailbox (window (), "sent"));
  wait_for (listed, "Composer test", "the sent message to come back from Sent");
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (gtk_list_view_get_model (inbox_window_get_list_view (window ()))),
                                   (guint) find_in_list ("Composer test"), TRUE);
  spin (500);
  chip = find_descendant (GTK_WIDGET (window ()), is_of_type, GSIZE_TO_POINTER (INBOX_TYPE_ATTACHMENT_CHIP));
  g_assert_nonnull (chip);
  save_screenshot (GTK_WIDGET (window ()), "attachment.png");
  inbox_attachment_chip_save_to (INBOX_ATTACHMENT_CHIP (chip), file);
  wait_for (file_has, expected, "the attachment to be saved from the server");
  g_assert_true (inbox_window_select_mailbox (window (), "inbox"));
}

static void
test_undo_send (void)
{
  InboxComposer *composer;
  GtkWidget *undo;
  const char *queued[] = { "Undone message", "queued" };

  set_delay (30);
  composer = open_new_composer ();
  set_text (composer, "to_entry", "ada@example.net");
  set_text (composer, "subject_entry", "Undone message");
  set_body (composer, "I take this back.");
  /* Ctrl+Return in the body sends (a text view would otherwise take it as a new line). */
  gtk_widget_grab_focus (child (composer, "body_view"));
  spin (300);
  {
    int status;

    g_assert_true (g_spawn_command_line_sync ("xdotool search --onlyvisible --name \"Undone message\" "
                                              "windowfocus --sync key ctrl+Return", NULL, NULL, &status, NULL));
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }
  wait_for (composer_closed, NULL, "the composer to close after Send");
  wait_for (outbox_state_is, queued, "the message to wait out the undo delay");
  spin (300);
  save_screenshot (GTK_WIDGET (window ()), "undo-send-toast.png");

  undo = find_descendant (GTK_WIDGET (window ()), is_undo_button, NULL);
  g_assert_nonnull (undo);
  g_signal_emit_by_name (undo, "clicked");
  wait_for (composer_open, NULL, "Undo to bring the composer back");
  composer = find_composer ();
  g_assert_cmpstr (get_text (composer, "subject_entry"), ==, "Undone message");
  g_assert_cmpstr (get_text (composer, "to_entry"), ==, "ada@example.net");
  g_assert_null (find_outbox ("Undone message"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (composer), "composer.discard", NULL));
  wait_for (composer_closed, NULL, "Discard to close the composer");
  set_delay (2);
}

static void
test_reply (void)
{
  GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (inbox_window_get_list_view (window ())));
  InboxComposer *composer;
  g_autoptr(InboxDraft) draft = NULL;
  int position = -1;

  for (guint i = 0; i < g_list_model_get_n_items (model) && position < 0; i++)
    {
      g_autoptr(InboxConversation) conversation = g_list_model_get_item (model, i);

      if (strstr (inbox_conversation_get_subject (conversation), "Project update 1") != NULL)
        position = (int) i;
    }
  g_assert_cmpint (position, >=, 0);
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (model), (guint) position, TRUE);
  spin (300);
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window ()), "reply-all"));
  g_action_group_activate_action (G_ACTION_GROUP (window ()), "reply-all", NULL);
  wait_for (composer_open, NULL, "Reply All to open the composer");
  composer = find_composer ();
  /* Replies are written under their conversation unless the person chose a window. */
  g_assert_true (inbox_composer_is_inline (composer));
  g_assert_true (window_of (composer) == GTK_WINDOW (window ()));
  draft = inbox_composer_dup_draft (composer);
  g_assert_cmpstr (draft->subject, ==, "Re: Project update 1");
  g_assert_nonnull (strstr (draft->to, "@"));
  /* My own address is never among the recipients of a reply all. */
  g_assert_null (strstr (draft->to, "test@example.com"));
  g_assert_null (strstr (draft->cc, "test@example.com"));
  g_assert_nonnull (strstr (draft->text, "wrote:\n> Hello,"));
  g_assert_nonnull (draft->in_reply_to);
  g_assert_cmpstr (draft->from_address, ==, "test@example.com");
  spin (500);
  wait_until_drawn (GTK_WIDGET (window ()));
  save_screenshot (GTK_WIDGET (window ()), "composer-inline.png");
  /* Closed untouched (Escape), a reply leaves no draft behind. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (composer), "composer.close", NULL));
  wait_for (composer_closed, NULL, "the composer to close");
  spin (1500);
  g_assert_false (draft_file_has ("Re: Project update 1"));

  /* Open in a Window takes what was written along, and replies open in windows from then on. */
  g_action_group_activate_action (G_ACTION_GROUP (window ()), "reply", NULL);
  wait_for (composer_open, NULL, "Reply to open the composer");
  composer = find_composer ();
  g_assert_true (inbox_composer_is_inline (composer));
  set_text (composer, "subject_entry", "Re: Project update 1 (written inline)");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (composer), "composer.pop-out", NULL));
  g_assert_true (INBOX_IS_COMPOSER_WINDOW (window_of (composer)));
  g_assert_false (inbox_composer_is_inline (composer));
  g_assert_cmpstr (get_text (composer, "subject_entry"), ==, "Re: Project update 1 (written inline)");
  {
    g_autoptr(GSettings) settings = g_settings_new (APP_ID);

    g_assert_false (g_settings_get_boolean (settings, "compose-inline"));
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (composer), "composer.discard", NULL));
  wait_for (composer_closed, NULL, "Discard to close the composer");
  g_action_group_activate_action (G_ACTION_GROUP (window ()), "reply-all", NULL);
  wait_for (composer_open, NULL, "Reply All to open the composer");
  composer = find_composer ();
  g_assert_true (INBOX_IS_COMPOSER_WINDOW (window_of (composer)));
  gtk_window_set_default_size (window_of (composer), 720, 560);
  wait_until_drawn (GTK_WIDGET (composer));
  save_screenshot (GTK_WIDGET (window_of (composer)), "composer-reply.png");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (composer), "composer.close", NULL));
  wait_for (composer_closed, NULL, "the composer to close");

  /* An inline reply with something written goes into a window when its conversation is left. */
  {
    g_autoptr(GSettings) settings = g_settings_new (APP_ID);

    g_settings_set_boolean (settings, "compose-inline", TRUE);
  }
  g_action_group_activate_action (G_ACTION_GROUP (window ()), "reply", NULL);
  wait_for (composer_open, NULL, "Reply to open the composer");
  composer = find_composer ();
  g_assert_true (inbox_composer_is_inline (composer));
  set_body (composer, "Written, then the conversation was left.");
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (model), position == 0 ? 1 : 0, TRUE);
  spin (300);
  composer = find_composer ();
  g_assert_nonnull (composer);
  g_assert_true (INBOX_IS_COMPOSER_WINDOW (window_of (composer)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (composer), "composer.discard", NULL));
  wait_for (composer_closed, NULL, "Discard to close the composer");
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (model), (guint) position, TRUE);
  spin (300);

  /* Forward as attachment: the message as the server has it, attached whole. */
  g_action_group_activate_action (G_ACTION_GROUP (window ()), "forward-attachment", NULL);
  wait_for (composer_open, NULL, "Forward as Attachment to open the composer");
  composer = find_composer ();
  {
    g_autoptr(InboxDraft) forward = inbox_composer_dup_draft (composer);
    g_autofree char *contents = NULL;

    g_assert_cmpstr (forward->subject, ==, "Fwd: Re: Project update 1");
    g_assert_cmpuint (forward->attachments->len, ==, 1);
    g_assert_true (g_str_has_suffix (forward->attachments->pdata[0], ".eml"));
    g_assert_true (g_file_get_contents (forward->attachments->pdata[0], &contents, NULL, NULL));
    g_assert_nonnull (strstr (contents, "Message-ID: <seed-5@fixture.example.com>"));
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (composer), "composer.discard", NULL));
  wait_for (composer_closed, NULL, "Discard to close the composer");
}

static void
test_mailto (void)
{
  InboxComposer *composer;

  inbox_window_compose_mailto (window (), "mailto:someone@example.org?subject=From%20a%20link&body=Hi%20there"
                                          "&cc=boss@example.org&attach=/etc/passwd&from=evil@example.org");
  wait_for (composer_open, NULL, "a mailto: link to open the composer");
  composer = find_composer ();
  g_assert_cmpstr (get_text (composer, "to_entry"), ==, "someone@example.org");
  g_assert_cmpstr (get_text (composer, "cc_entry"), ==, "boss@example.org");
  g_assert_cmpstr (get_text (composer, "subject_entry"), ==, "From a link");
  g_assert_true (gtk_widget_get_visible (child (composer, "cc_entry")));
  g_assert_nonnull (strstr (inbox_composer_get_note (composer), "never attaches"));
  {
    g_autoptr(InboxDraft) draft = inbox_composer_dup_draft (composer);

    g_assert_cmpuint (draft->attachments->len, ==, 0);
  }
  wait_until_drawn (GTK_WIDGET (composer));
  save_screenshot (GTK_WIDGET (window_of (composer)), "composer-mailto.png");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (composer), "composer.discard", NULL));
  wait_for (composer_closed, NULL, "Discard to close the composer");
}

static void
test_send_later (void)
{
  InboxComposer *composer = open_new_composer ();
  g_autoptr(InboxOutboxItem) item = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  set_text (composer, "to_entry", "ada@example.net");
  set_text (composer, "subject_entry", "Scheduled from the composer");
  set_body (composer, "See you then.");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (composer), "composer.send-later", NULL));
  spin (300);
  {
    GtkWidget *popover = child (composer, "send_later_popover");

    gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_template_child (popover, INBOX_TYPE_SEND_LATER, "when_entry")),
                           "in 2 hours");
    spin (100);
    g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (gtk_widget_get_template_child (popover, INBOX_TYPE_SEND_LATER,
                                                                                       "schedule_button"))));
    save_screenshot (GTK_WIDGET (window_of (composer)), "composer-send-later.png");
    g_assert_true (gtk_widget_activate_action (popover, "send-later.schedule-typed", NULL));
  }
  wait_for (composer_closed, NULL, "the composer to close after scheduling");
  item = find_outbox ("Scheduled from the composer");
  g_assert_nonnull (item);
  g_assert_true (item->scheduled);
  g_assert_cmpint (item->state, ==, INBOX_OUTBOX_QUEUED);
  g_assert_cmpint (item->send_at, >=, now + 2 * 3600 - 5);
  g_assert_cmpint (item->send_at, <=, now + 2 * 3600 + 60);
}

static gboolean
has_text_containing (GtkWidget *widget, gconstpointer text)
{
  const char *shown = GTK_IS_LABEL (widget) ? gtk_label_get_text (GTK_LABEL (widget)) : NULL;

  return shown != NULL && strstr (shown, text) != NULL && gtk_widget_get_mapped (widget);
}

static gboolean
has_tooltip (GtkWidget *widget, gconstpointer text)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_widget_get_tooltip_text (widget), text) == 0 && gtk_widget_get_mapped (widget);
}

static gboolean
window_shows (gconstpointer text)
{
  return find_descendant (GTK_WIDGET (window ()), has_text_containing, text) != NULL;
}

/* A recipient the server refuses: a toast says so at once, and the Outbox keeps the message with
 * the server's words; Send Later lists what is scheduled. */
static void
test_refused_and_scheduled_mailboxes (void)
{
  InboxComposer *composer = open_new_composer ();
  const char *failed[] = { "Nobody there", "failed" };

  set_text (composer, "to_entry", "reject-me@example.net");
  set_text (composer, "subject_entry", "Nobody there");
  set_body (composer, "Hello?");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (composer), "composer.send", NULL));
  wait_for (composer_closed, NULL, "the composer to close after Send");
  wait_for (outbox_state_is, failed, "the server to refuse the recipient");
  wait_for (window_shows, "was not sent", "the toast saying the message was not sent");

  g_assert_true (inbox_window_select_mailbox (window (), "outbox"));
  wait_for (window_shows, "Recipient address rejected", "the Outbox to show the server's words");
  save_screenshot (GTK_WIDGET (window ()), "outbox.png");
  /* The refused message offers what can be done with it (InboxOutboxRow). */
  g_assert_nonnull (find_descendant (GTK_WIDGET (window ()), has_tooltip, "Send Again"));
  g_assert_nonnull (find_descendant (GTK_WIDGET (window ()), has_tooltip, "Edit"));

  g_assert_true (inbox_window_select_mailbox (window (), "send-later"));
  wait_for (window_shows, "Scheduled from the composer", "Send Later to list the scheduled message");
  save_screenshot (GTK_WIDGET (window ()), "send-later.png");

  /* Send Now: it goes at once (test_composer.py sees it arrive once). */
  {
    const char *done[] = { "Scheduled from the composer", "done" };
    GtkWidget *send_now = find_descendant (GTK_WIDGET (window ()), has_tooltip, "Send Now");

    g_assert_nonnull (send_now);
    g_signal_emit_by_name (send_now, "clicked");
    wait_for (outbox_state_is, done, "the scheduled message to go when asked");
  }
  g_assert_true (inbox_window_select_mailbox (window (), "inbox"));
}

static gboolean
draft_file_has (gconstpointer text)
{
  g_autofree char *path = inbox_draft_get_local_dir ();
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (path, name, NULL);
      g_autofree char *contents = NULL;

      if (g_file_get_contents (file, &contents, NULL, NULL) && strstr (contents, text) != NULL)
        return TRUE;
    }
  return FALSE;
}

static void
test_draft_survives (void)
{
  InboxComposer *composer = open_new_composer ();

  set_text (composer, "subject_entry", "Half-written thought");
  set_body (composer, "Where was I…");
  wait_for (draft_file_has, "Half-written thought", "the draft to be autosaved");
  gtk_window_set_focus (window_of (composer), NULL);
  gtk_window_destroy (window_of (composer));  /* as if the process had died: nothing more is saved */
  wait_for (composer_closed, NULL, "the composer to go");

  inbox_composer_restore_drafts (GTK_APPLICATION (app), inbox_application_get_service (app));
  wait_for (composer_open, NULL, "the draft to open again");
  composer = find_composer ();
  g_assert_cmpstr (get_text (composer, "subject_entry"), ==, "Half-written thought");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (composer), "composer.discard", NULL));
  wait_for (composer_closed, NULL, "Discard to close the composer");
  g_assert_false (draft_file_has ("Half-written thought"));
}

static char *
server_drafts (void)
{
  g_autofree char *out = NULL;
  int status;

  g_assert_true (g_spawn_command_line_sync (g_getenv ("INBOX_TEST_DRAFTS"), &out, NULL, &status, NULL));
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return g_steal_pointer (&out);
}

static gboolean
server_drafts_have (gconstpointer subject)
{
  g_autofree char *subjects = server_drafts ();

  return strstr (subjects, subject) != NULL;
}

static gboolean
server_drafts_lack (gconstpointer subject)
{
  return !server_drafts_have (subject);
}

/* Closing a composer keeps the draft locally and puts a copy in the server's Drafts folder; the
 * draft opened again and discarded takes the server's copy away too. */
static void
test_draft_on_server (void)
{
  InboxComposer *composer = open_new_composer ();

  set_text (composer, "to_entry", "ada@example.net");
  set_text (composer, "subject_entry", "Kept in Drafts");
  set_body (composer, "To be continued.");
  gtk_window_close (window_of (composer));
  wait_for (composer_closed, NULL, "the composer to close");
  wait_for (server_drafts_have, "Kept in Drafts", "the draft to reach the server's Drafts folder");
  wait_for (draft_file_has, "ServerCopy", "the local draft to name its server copy");

  inbox_composer_restore_drafts (GTK_APPLICATION (app), inbox_application_get_service (app));
  wait_for (composer_open, NULL, "the draft to open again");
  composer = find_composer ();
  g_assert_cmpstr (get_text (composer, "subject_entry"), ==, "Kept in Drafts");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (composer), "composer.discard", NULL));
  wait_for (composer_closed, NULL, "Discard to close the composer");
  wait_for (server_drafts_lack, "Kept in Drafts", "Discard to remove the server's copy");
}

/* A new message starts with its identity's signature, and choosing another identity in From swaps
 * the signature; the message goes from that address. */
static void
test_identities_and_signatures (void)
{
  g_autoptr(InboxIdentity) own = inbox_identity_new ("test@example.com", "Test Person", "Test Person\nComposer tests", FALSE);
  g_autoptr(InboxIdentity) alias = inbox_identity_new ("sales@example.com", "Sales", "The Sales Team", TRUE);
  g_autoptr(GPtrArray) accounts = inbox_store_list_accounts_sync (store, NULL, NULL);
  const char *uid = ((InboxAccountConfig *) accounts->pdata[0])->uid;
  InboxComposer *composer;
  g_autoptr(InboxDraft) first = NULL;
  g_autoptr(InboxDraft) second = NULL;

  g_assert_true (inbox_store_save_identity_sync (store, uid, own, NULL));
  g_assert_true (inbox_store_save_identity_sync (store, uid, alias, NULL));
  composer = open_new_composer ();
  first = inbox_composer_dup_draft (composer);
  g_assert_cmpstr (first->text, ==, "\n\n-- \nTest Person\nComposer tests");
  g_assert_cmpstr (first->from_address, ==, "test@example.com");

  gtk_drop_down_set_selected (child (composer, "from_dropdown"), 1);
  second = inbox_composer_dup_draft (composer);
  g_assert_cmpstr (second->from_address, ==, "sales@example.com");
  g_assert_cmpstr (second->from_name, ==, "Sales");
  g_assert_cmpstr (second->text, ==, "\n\n-- \nThe Sales Team");
  wait_until_drawn (GTK_WIDGET (composer));
  save_screenshot (GTK_WIDGET (window_of (composer)), "composer-alias.png");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (composer), "composer.discard", NULL));
  wait_for (composer_closed, NULL, "Discard to close the composer");
  g_assert_true (inbox_store_remove_identity_sync (store, uid, "sales@example.com", NULL));
}

static gboolean
editor_closed (gconstpointer unused)
{
  return find_toplevel (INBOX_TYPE_IDENTITY_EDITOR) == NULL;
}

static gboolean
editor_text_has (gconstpointer data)
{
  InboxComposer *composer = find_composer ();

  return composer != NULL && strstr (inbox_rich_editor_get_text (child (composer, "rich_editor")), data) != NULL;
}

static gboolean
editor_html_has (gconstpointer data)
{
  InboxComposer *composer = find_composer ();
  g_autofree char *html = composer != NULL ? inbox_rich_editor_dup_html (child (composer, "rich_editor")) : NULL;

  return html != NULL && strstr (html, data) != NULL;
}

static gboolean
editor_ready (gconstpointer unused)
{
  InboxComposer *composer = find_composer ();

  return composer != NULL && inbox_rich_editor_is_ready (child (composer, "rich_editor"));
}

/* Rich text: the plain text carries over, formatting goes out as text/html with the text as the
 * plain alternative (test_composer.py checks the wire). */
static void
test_rich_text (void)
{
  InboxComposer *composer = open_new_composer ();
  InboxRichEditor *editor;
  const char *done[] = { "Rich text test", "done" };

  set_text (composer, "to_entry", "ada@example.net");
  set_text (composer, "subject_entry", "Rich text test");
  set_body (composer, "Typed before switching.");
  gtk_toggle_button_set_active (child (composer, "rich_toggle"), TRUE);
  wait_for (editor_ready, NULL, "the rich-text editor to load");
  editor = child (composer, "rich_editor");
  g_assert_nonnull (strstr (inbox_rich_editor_get_text (editor), "Typed before switching."));

  webkit_web_view_evaluate_javascript (inbox_rich_editor_get_web_view (editor),
                                       "document.body.innerHTML = '<p>Hello <b>bold</b> and <i>italic</i> "
                                       "&lt;script&gt;</p><ul><li>one</li><li>two</li></ul>"
                                       "<p><a href=\"https://example.org/\">a link</a></p>';",
                                       -1, "inbox-editor", NULL, NULL, NULL, NULL);
  wait_for (editor_text_has, "a link", "the editor to report the new text");

  /* A pasted image (a screenshot on the clipboard) goes inline. */
  {
    guchar *red = g_malloc (4 * 48 * 48);
    g_autoptr(GBytes) pixels = NULL;
    g_autoptr(GdkTexture) texture = NULL;

    for (guint i = 0; i < 48 * 48; i++)
      {
        red[4 * i] = 0xe0;
        red[4 * i + 1] = 0x1b;
        red[4 * i + 2] = 0x24;
        red[4 * i + 3] = 0xff;
      }
    pixels = g_bytes_new_take (red, 4 * 48 * 48);
    texture = gdk_memory_texture_new (48, 48, GDK_MEMORY_R8G8B8A8, pixels, 48 * 4);

    webkit_web_view_evaluate_javascript (inbox_rich_editor_get_web_view (editor),
                                         "const r = document.createRange(); r.selectNodeContents(document.body);"
                                         "r.collapse(false); getSelection().removeAllRanges(); getSelection().addRange(r);",
                                         -1, "inbox-editor", NULL, NULL, NULL, NULL);
    spin (200);
    gdk_clipboard_set_texture (gtk_widget_get_clipboard (GTK_WIDGET (editor)), texture);
    spin (200);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.paste", NULL));
    wait_for (editor_html_has, "data:image/png;base64,", "the pasted image to go inline");
  }
  gtk_window_set_default_size (window_of (composer), 720, 560);
  spin (1500);
  wait_until_drawn (GTK_WIDGET (composer));
  save_screenshot (GTK_WIDGET (window_of (composer)), "composer-rich.png");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (composer), "composer.send", NULL));
  wait_for (composer_closed, NULL, "the composer to close after Send");
  wait_for (outbox_state_is, done, "the rich message to be sent");
  {
    g_autoptr(GSettings) settings = g_settings_new (APP_ID);

    /* The composer remembers: the next new message starts in rich text. */
    g_assert_true (g_settings_get_boolean (settings, "compose-rich"));
    g_settings_set_boolean (settings, "compose-rich", FALSE);
  }
}

static GObject *
editor_child (GtkWindow  *editor,
              const char *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (editor), INBOX_TYPE_IDENTITY_EDITOR, name);
}

/* Preferences → Identities and Signatures: add an alias with its signature. */
static void
test_identity_editor (void)
{
  g_autoptr(GPtrArray) accounts = inbox_store_list_accounts_sync (store, NULL, NULL);
  const char *uid = ((InboxAccountConfig *) accounts->pdata[0])->uid;
  g_autoptr(GPtrArray) identities = NULL;
  GtkWindow *preferences, *editor;
  InboxIdentity *alias;

  g_action_group_activate_action (G_ACTION_GROUP (window ()), "preferences", NULL);
  spin (300);
  preferences = find_toplevel (INBOX_TYPE_PREFERENCES);
  g_assert_nonnull (preferences);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (preferences), "prefs.add-alias", "s", uid));
  spin (300);
  editor = find_toplevel (INBOX_TYPE_IDENTITY_EDITOR);
  g_assert_nonnull (editor);
  gtk_editable_set_text (GTK_EDITABLE (editor_child (editor, "address_row")), "support@example.com");
  gtk_editable_set_text (GTK_EDITABLE (editor_child (editor, "name_row")), "Inbox Support");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (editor_child (editor, "signature_view"))),
                            "The Support Team\nsupport@example.com", -1);
  adw_combo_row_set_selected (ADW_COMBO_ROW (editor_child (editor, "use_row")), INBOX_SIGNATURE_FIRST);
  wait_until_drawn (GTK_WIDGET (editor));
  save_screenshot (GTK_WIDGET (editor), "identity-editor.png");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "identity.save", NULL));
  wait_for (editor_closed, NULL, "the editor to close after Save");

  identities = inbox_store_list_identities_sync (store, uid, NULL);
  g_assert_cmpuint (identities->len, ==, 2);
  alias = identities->pdata[1];
  g_assert_cmpstr (alias->address, ==, "support@example.com");
  g_assert_cmpstr (alias->name, ==, "Inbox Support");
  g_assert_cmpstr (alias->signature, ==, "The Support Team\nsupport@example.com");
  g_assert_cmpint (alias->signature_use, ==, INBOX_SIGNATURE_FIRST);
  g_assert_true (alias->is_alias);
  spin (200);
  wait_until_drawn (GTK_WIDGET (preferences));
  save_screenshot (GTK_WIDGET (preferences), "preferences-identities.png");
  g_assert_true (inbox_store_remove_identity_sync (store, uid, "support@example.com", NULL));
  gtk_window_close (preferences);
}

static gboolean
setup_closed (gconstpointer unused)
{
  return find_toplevel (INBOX_TYPE_ACCOUNT_SETUP) == NULL;
}

static gboolean
setup_open (gconstpointer unused)
{
  return find_toplevel (INBOX_TYPE_ACCOUNT_SETUP) != NULL;
}

/* Preferences → the account's Edit: the assistant with its settings; a new name, the password left
 * empty (the keyring's), verified against the servers and saved. */
static void
test_edit_account (void)
{
  g_autoptr(GPtrArray) accounts = inbox_store_list_accounts_sync (store, NULL, NULL);
  const char *uid = ((InboxAccountConfig *) accounts->pdata[0])->uid;
  g_autoptr(GPtrArray) after = NULL;
  GtkWindow *preferences, *setup;

  g_action_group_activate_action (G_ACTION_GROUP (window ()), "preferences", NULL);
  spin (300);
  preferences = find_toplevel (INBOX_TYPE_PREFERENCES);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (preferences), "prefs.edit-account", "s", uid));
  spin (300);
  setup = find_toplevel (INBOX_TYPE_ACCOUNT_SETUP);
  g_assert_nonnull (setup);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (gtk_widget_get_template_child (GTK_WIDGET (setup),
                   INBOX_TYPE_ACCOUNT_SETUP, "email_row"))), ==, g_getenv ("INBOX_TEST_USER"));
  gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_template_child (GTK_WIDGET (setup), INBOX_TYPE_ACCOUNT_SETUP,
                                                                      "name_row")), "Renamed Person");
  /* The history window only widens: an account that downloads all of it is offered nothing less. */
  {
    GObject *history = gtk_widget_get_template_child (GTK_WIDGET (setup), INBOX_TYPE_ACCOUNT_SETUP, "history_row");
    GListModel *choices = adw_combo_row_get_model (ADW_COMBO_ROW (history));

    g_assert_cmpuint (g_list_model_get_n_items (choices), ==, 1);
    g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (choices), 0), ==, "All of it");
  }
  wait_until_drawn (GTK_WIDGET (setup));
  save_screenshot (GTK_WIDGET (setup), "account-edit.png");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (setup), "setup.connect", NULL));
  wait_for (setup_closed, NULL, "the edited account to be verified and saved");
  after = inbox_store_list_accounts_sync (store, NULL, NULL);
  g_assert_cmpuint (after->len, ==, 1);
  g_assert_cmpstr (((InboxAccountConfig *) after->pdata[0])->uid, ==, uid);
  g_assert_cmpstr (((InboxAccountConfig *) after->pdata[0])->display_name, ==, "Renamed Person");
  gtk_window_close (preferences);
}

static gboolean
waits_for_password (gconstpointer subject)
{
  g_autoptr(InboxOutboxItem) item = find_outbox (subject);

  return item != NULL && item->state == INBOX_OUTBOX_QUEUED && item->error != NULL &&
         strstr (item->error, "SMTP server 127.0.0.1 did not accept the user name or password") != NULL;
}

/* The SMTP server refuses the keyring's password (here a separate SMTP one gone stale): the
 * message waits (never failed), a toast says why with Enter Password, the Outbox row says it too,
 * and the password entered in the account's settings (one password for both servers, verified
 * against both) sends it. */
static void
test_smtp_password_refused (void)
{
  g_autoptr(GPtrArray) accounts = inbox_store_list_accounts_sync (store, NULL, NULL);
  const char *uid = ((InboxAccountConfig *) accounts->pdata[0])->uid;
  const char *subject = "While the password was wrong";
  const char *done[] = { subject, "done" };
  InboxComposer *composer;
  GtkWindow *setup;
  GtkWidget *password_row;

  g_assert_true (inbox_secrets_store_sync (uid, INBOX_SECRET_PROTOCOL_SMTP, "Inbox test", "an-old-smtp-password",
                                           NULL, NULL));
  set_delay (0);
  composer = open_new_composer ();
  set_text (composer, "to_entry", "ada@example.net");
  set_text (composer, "subject_entry", subject);
  set_body (composer, "Sent once the password is right.");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (composer), "composer.send", NULL));
  wait_for (composer_closed, NULL, "the composer to close after Send");
  wait_for (waits_for_password, subject, "the message to wait for the password the server refused");
  wait_for (window_shows, "the server refused the password", "the toast saying mail waits for the password");
  g_assert_nonnull (find_descendant (GTK_WIDGET (window ()), is_label_with_text, "Enter Password…"));
  spin (500);  /* the toast's slide-in */
  save_screenshot (GTK_WIDGET (window ()), "smtp-password-refused.png");

  g_assert_true (inbox_window_select_mailbox (window (), "outbox"));
  wait_for (window_shows, "did not accept the user name or password", "the Outbox row to say why it waits");
  save_screenshot (GTK_WIDGET (window ()), "outbox-password.png");

  g_action_group_activate_action (G_ACTION_GROUP (window ()), "edit-account", g_variant_new_string (uid));
  wait_for (setup_open, NULL, "the account's settings to open for the password");
  setup = find_toplevel (INBOX_TYPE_ACCOUNT_SETUP);
  wait_until_drawn (GTK_WIDGET (setup));
  /* It says which server refused it. */
  g_assert_nonnull (find_descendant (GTK_WIDGET (setup), has_text_containing, "The SMTP server 127.0.0.1 did not accept"));
  save_screenshot (GTK_WIDGET (setup), "smtp-password-edit.png");
  password_row = find_descendant (GTK_WIDGET (setup), is_entry_row_titled, "Password (empty: unchanged)");
  g_assert_nonnull (password_row);
  gtk_editable_set_text (GTK_EDITABLE (password_row), g_getenv ("INBOX_TEST_PASSWORD"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (setup), "setup.connect", NULL));
  wait_for (setup_closed, NULL, "the password to be verified and saved");
  wait_for (outbox_state_is, done, "the waiting message to go with the new password");
  {
    /* One password for both servers now: the stale SMTP one is gone. */
    g_autoptr(InboxSecretPassword) smtp = inbox_secrets_lookup_sync (uid, INBOX_SECRET_PROTOCOL_SMTP, NULL, NULL);

    g_assert_cmpstr (smtp, ==, g_getenv ("INBOX_TEST_PASSWORD"));
  }
  g_assert_true (inbox_window_select_mailbox (window (), "inbox"));
}

/* Last, as it closes the main window: a reply being written inline is kept as a draft when its
 * window goes, the last keystrokes included. */
static void
test_inline_reply_outlives_its_window (void)
{
  GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (inbox_window_get_list_view (window ())));
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  InboxComposer *composer;

  g_settings_set_boolean (settings, "compose-inline", TRUE);
  g_assert_true (inbox_window_select_mailbox (window (), "inbox"));
  spin (300);
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (model), (guint) find_in_list ("Project update"), TRUE);
  spin (300);
  g_action_group_activate_action (G_ACTION_GROUP (window ()), "reply", NULL);
  wait_for (composer_open, NULL, "Reply to open the composer");
  composer = find_composer ();
  g_assert_true (inbox_composer_is_inline (composer));
  set_body (composer, "Written inline, kept when the window closed.");
  gtk_window_destroy (GTK_WINDOW (window ()));
  spin (300);
  g_assert_true (draft_file_has ("Written inline, kept when the window closed."));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  app = ui_test_init_app (&argc, &argv);
  store = inbox_store_open (NULL, &error);
  g_assert_no_error (error);

  g_test_add_func ("/composer/compose-and-send", test_compose_and_send);
  g_test_add_func ("/composer/recipient-chips", test_recipient_chips);
  g_test_add_func ("/composer/attachment-save", test_attachment_save);
  g_test_add_func ("/composer/undo-send", test_undo_send);
  g_test_add_func ("/composer/reply", test_reply);
  g_test_add_func ("/composer/mailto", test_mailto);
  g_test_add_func ("/composer/send-later", test_send_later);
  g_test_add_func ("/composer/refused-and-scheduled", test_refused_and_scheduled_mailboxes);
  g_test_add_func ("/composer/draft-survives", test_draft_survives);
  g_test_add_func ("/composer/draft-on-server", test_draft_on_server);
  g_test_add_func ("/composer/identities-and-signatures", test_identities_and_signatures);
  g_test_add_func ("/composer/identity-editor", test_identity_editor);
  g_test_add_func ("/composer/rich-text", test_rich_text);
  g_test_add_func ("/composer/edit-account", test_edit_account);
  g_test_add_func ("/composer/smtp-password-refused", test_smtp_password_refused);
  g_test_add_func ("/composer/inline-reply-outlives-its-window", test_inline_reply_outlives_its_window);

  status = g_test_run ();
  g_application_quit (G_APPLICATION (app));
  g_clear_object (&app);
  g_clear_object (&store);
  return status;
}
