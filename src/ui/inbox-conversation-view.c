/* inbox-conversation-view.c: a conversation's subject, who is in it and which account, then
 * its messages oldest to newest, each in a card. Read messages before the newest collapse to one
 * line; the newest and every unread one are open.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include <adwaita.h>

#include "inbox-composer.h"
#include "inbox-conversation-view.h"
#include "inbox-message-card.h"

struct _InboxConversationView
{
  GtkWidget parent_instance;

  GtkStack *stack;
  GtkScrolledWindow *scroller;
  GtkLabel *subject_label;
  GtkLabel *info_label;
  GtkBox *messages_box;
  AdwBin *composer_slot;    /* a reply written inline, under the messages */
  GtkLabel *link_label;

  InboxStore *store;
  gint64 conversation_id;
};

G_DEFINE_FINAL_TYPE (InboxConversationView, inbox_conversation_view, GTK_TYPE_WIDGET)

static void
inbox_conversation_view_dispose (GObject *object)
{
  InboxConversationView *self = INBOX_CONVERSATION_VIEW (object);
  GtkWidget *composer = self->composer_slot != NULL ? adw_bin_get_child (self->composer_slot) : NULL;

  /* The window goes with a reply written inline: it is closed as its own window would be, so
   * that the last second of typing is saved and the server gets its copy. */
  if (composer != NULL)
    inbox_composer_close (INBOX_COMPOSER (composer));
  gtk_widget_dispose_template (GTK_WIDGET (self), INBOX_TYPE_CONVERSATION_VIEW);
  /* The template's root box is not bound to a field, so unparent it here. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL;)
    gtk_widget_unparent (child);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (inbox_conversation_view_parent_class)->dispose (object);
}

static void
inbox_conversation_view_class_init (InboxConversationViewClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = inbox_conversation_view_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/ui/inbox-conversation-view.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, InboxConversationView, stack);
  gtk_widget_class_bind_template_child (widget_class, InboxConversationView, scroller);
  gtk_widget_class_bind_template_child (widget_class, InboxConversationView, subject_label);
  gtk_widget_class_bind_template_child (widget_class, InboxConversationView, info_label);
  gtk_widget_class_bind_template_child (widget_class, InboxConversationView, messages_box);
  gtk_widget_class_bind_template_child (widget_class, InboxConversationView, composer_slot);
  gtk_widget_class_bind_template_child (widget_class, InboxConversationView, link_label);
}

static void
inbox_conversation_view_init (InboxConversationView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

void
inbox_conversation_view_set_store (InboxConversationView *self,
                                   InboxStore            *store)
{
  g_return_if_fail (INBOX_IS_CONVERSATION_VIEW (self));

  g_set_object (&self->store, store);
}

static void
on_link_hover (InboxMessageCard      *card,
               const char            *uri,
               InboxConversationView *self)
{
  gtk_label_set_text (self->link_label, uri != NULL ? uri : "");
  gtk_widget_set_visible (GTK_WIDGET (self->link_label), uri != NULL);
}

static void
remove_cards (InboxConversationView *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->messages_box))) != NULL)
    gtk_box_remove (self->messages_box, child);
  gtk_widget_set_visible (GTK_WIDGET (self->link_label), FALSE);
}

/* The conversation shown changes: an inline composer goes with its own (into a window, or closed
 * when nothing was written in it). */
static void
leave_composer (InboxConversationView *self)
{
  GtkWidget *composer = adw_bin_get_child (self->composer_slot);

  if (composer != NULL)
    inbox_composer_leave_conversation (INBOX_COMPOSER (composer), FALSE);
}

void
inbox_conversation_view_clear (InboxConversationView *self)
{
  g_return_if_fail (INBOX_IS_CONVERSATION_VIEW (self));

  leave_composer (self);
  remove_cards (self);
  self->conversation_id = 0;
  gtk_stack_set_visible_child_name (self->stack, "empty");
}

static char *
describe_people (InboxConversation *conversation)
{
  const char * const *names = inbox_conversation_get_participant_names (conversation);
  const char * const *addresses = inbox_conversation_get_participant_addresses (conversation);
  const char * const *accounts = inbox_conversation_get_accounts (conversation);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) people = NULL;
  g_autofree char *joined = NULL;

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    g_strv_builder_add (builder, *names[i] != '\0' ? names[i] : addresses[i]);
  people = g_strv_builder_end (builder);
  joined = g_strjoinv (", ", people);
  if (accounts != NULL && accounts[0] != NULL && *accounts[0] != '\0')
    {
      g_autofree char *account_list = g_strjoinv (", ", (GStrv) accounts);
      /* Translators: the people in a conversation, then the account(s) it is in. */
      return g_strdup_printf (_("%s · in %s"), joined, account_list);
    }
  return g_steal_pointer (&joined);
}

void
inbox_conversation_view_show (InboxConversationView *self,
                              InboxConversation     *conversation)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autofree char *people = NULL;
  const char *subject;

  g_return_if_fail (INBOX_IS_CONVERSATION_VIEW (self));
  g_return_if_fail (INBOX_IS_CONVERSATION (conversation));
  g_return_if_fail (self->store != NULL);

  if (inbox_conversation_get_id (conversation) != self->conversation_id)
    leave_composer (self);
  remove_cards (self);
  self->conversation_id = inbox_conversation_get_id (conversation);
  messages = inbox_store_get_messages_sync (self->store, self->conversation_id, &error);
  if (messages == NULL)
    {
      /* Deleted or merged away meanwhile: the list will catch up with its next change. */
      g_debug ("Conversation %" G_GINT64_FORMAT " is gone: %s", self->conversation_id, error->message);
      inbox_conversation_view_clear (self);
      return;
    }

  subject = inbox_conversation_get_subject (conversation);
  gtk_label_set_text (self->subject_label, subject != NULL && *subject != '\0' ? subject : _("(no subject)"));
  people = describe_people (conversation);
  gtk_label_set_text (self->info_label, people);

  for (guint i = 0; i < messages->len; i++)
    {
      InboxMessage *message = messages->pdata[i];
      gboolean unread = (inbox_message_get_flags (message) & INBOX_MESSAGE_SEEN) == 0;
      GtkWidget *card = inbox_message_card_new (self->store, self->conversation_id, message,
                                                unread || i == messages->len - 1);

      g_signal_connect (card, "link-hover", G_CALLBACK (on_link_hover), self);
      gtk_box_append (self->messages_box, card);
    }
  /* Shown again after a change (a new message, read state): a reply being written stays in view. */
  if (adw_bin_get_child (self->composer_slot) == NULL)
    gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
  gtk_stack_set_visible_child_name (self->stack, "conversation");
}

static void
composer_detached (InboxComposer         *composer,
                   InboxConversationView *self)
{
  g_signal_handlers_disconnect_by_func (composer, composer_detached, self);
  adw_bin_set_child (self->composer_slot, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->composer_slot), FALSE);
}

static gboolean
scroll_to_end (gpointer data)
{
  InboxConversationView *self = data;
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);

  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  return G_SOURCE_REMOVE;
}

/* A reply or forward written under the messages of `conversation_id`, if that is the one shown and
 * no other is being written here. FALSE: the caller gives it a window. */
gboolean
inbox_conversation_view_take_composer (InboxConversationView *self,
                                       GtkWidget             *composer,
                                       gint64                 conversation_id)
{
  g_return_val_if_fail (INBOX_IS_CONVERSATION_VIEW (self), FALSE);
  g_return_val_if_fail (INBOX_IS_COMPOSER (composer), FALSE);

  if (conversation_id == 0 || conversation_id != self->conversation_id ||
      adw_bin_get_child (self->composer_slot) != NULL || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return FALSE;
  adw_bin_set_child (self->composer_slot, composer);
  gtk_widget_set_visible (GTK_WIDGET (self->composer_slot), TRUE);
  g_signal_connect (composer, "detach", G_CALLBACK (composer_detached), self);
  /* Once laid out, the end of the conversation (the composer) comes into view. */
  g_timeout_add_full (G_PRIORITY_LOW, 100, scroll_to_end, g_object_ref (self), g_object_unref);
  return TRUE;
}

GtkWidget *
inbox_conversation_view_get_composer (InboxConversationView *self)
{
  g_return_val_if_fail (INBOX_IS_CONVERSATION_VIEW (self), NULL);

  return adw_bin_get_child (self->composer_slot);
}

gint64
inbox_conversation_view_get_conversation_id (InboxConversationView *self)
{
  g_return_val_if_fail (INBOX_IS_CONVERSATION_VIEW (self), 0);
  return self->conversation_id;
}

GList *
inbox_conversation_view_get_cards (InboxConversationView *self)
{
  GList *cards = NULL;

  g_return_val_if_fail (INBOX_IS_CONVERSATION_VIEW (self), NULL);

  for (GtkWidget *child = gtk_widget_get_last_child (GTK_WIDGET (self->messages_box)); child != NULL;
       child = gtk_widget_get_prev_sibling (child))
    cards = g_list_prepend (cards, child);
  return cards;
}
