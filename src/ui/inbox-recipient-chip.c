/* inbox-recipient-chip.c: one recipient in an address field, as a chip.
 *
 * It shows the name (or the address when there is none), with the whole address as its tooltip.
 * Something that is not an address is kept as typed and marked (the "error" style, and the
 * tooltip says why), so that nothing typed is lost. The × button emits "remove"; clicking the chip
 * emits "edit" (the field puts its text back to be corrected).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "inbox-recipient-chip.h"

struct _InboxRecipientChip
{
  GtkWidget parent_instance;

  GtkLabel *label;
  GtkButton *remove_button;

  char *text;
  gboolean valid;
};

G_DEFINE_FINAL_TYPE (InboxRecipientChip, inbox_recipient_chip, GTK_TYPE_WIDGET)

enum { SIGNAL_REMOVE, SIGNAL_EDIT, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
remove_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  g_signal_emit (widget, signals[SIGNAL_REMOVE], 0);
}

static void
pressed (GtkGestureClick    *gesture,
         int                 n_press,
         double              x,
         double              y,
         InboxRecipientChip *self)
{
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  g_signal_emit (self, signals[SIGNAL_EDIT], 0);
}

static void
inbox_recipient_chip_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), INBOX_TYPE_RECIPIENT_CHIP);
  /* The template's root box is not bound to a field, so unparent it here. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL;)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (inbox_recipient_chip_parent_class)->dispose (object);
}

static void
inbox_recipient_chip_finalize (GObject *object)
{
  g_free (INBOX_RECIPIENT_CHIP (object)->text);
  G_OBJECT_CLASS (inbox_recipient_chip_parent_class)->finalize (object);
}

static void
inbox_recipient_chip_class_init (InboxRecipientChipClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = inbox_recipient_chip_dispose;
  object_class->finalize = inbox_recipient_chip_finalize;

  signals[SIGNAL_REMOVE] = g_signal_new ("remove", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                         NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_EDIT] = g_signal_new ("edit", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                       NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/example/Inbox/ui/inbox-recipient-chip.ui");
  gtk_widget_class_bind_template_child (widget_class, InboxRecipientChip, label);
  gtk_widget_class_bind_template_child (widget_class, InboxRecipientChip, remove_button);
  gtk_widget_class_install_action (widget_class, "chip.remove", NULL, remove_activated);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
inbox_recipient_chip_init (InboxRecipientChip *self)
{
  GtkGesture *click = gtk_gesture_click_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (click, "pressed", G_CALLBACK (pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self->label), GTK_EVENT_CONTROLLER (click));
}

GtkWidget *
inbox_recipient_chip_new (const InboxRecipient *recipient)
{
  InboxRecipientChip *self = g_object_new (INBOX_TYPE_RECIPIENT_CHIP, NULL);
  g_autofree char *tooltip = NULL;
  g_autofree char *remove = NULL;

  self->text = g_strdup (recipient->text);
  self->valid = recipient->valid;
  gtk_label_set_text (self->label, recipient->valid && recipient->name != NULL ? recipient->name
                                   : recipient->valid ? recipient->address : recipient->text);
  if (recipient->valid)
    tooltip = recipient->name != NULL ? g_strdup_printf ("%s <%s>", recipient->name, recipient->address)
                                      : g_strdup (recipient->address);
  else
    {
      tooltip = g_strdup_printf (_("“%s” is not an email address. Click to correct it."), recipient->text);
      gtk_widget_add_css_class (GTK_WIDGET (self), "error");
    }
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), tooltip);
  remove = g_strdup_printf (_("Remove %s"), gtk_label_get_text (self->label));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->remove_button), remove);
  return GTK_WIDGET (self);
}

const char *
inbox_recipient_chip_get_text (InboxRecipientChip *self)
{
  g_return_val_if_fail (INBOX_IS_RECIPIENT_CHIP (self), NULL);

  return self->text;
}

gboolean
inbox_recipient_chip_is_valid (InboxRecipientChip *self)
{
  g_return_val_if_fail (INBOX_IS_RECIPIENT_CHIP (self), FALSE);

  return self->valid;
}
