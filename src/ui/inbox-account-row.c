/* inbox-account-row.c: an account in Preferences.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "inbox-account-row.h"

struct _InboxAccountRow
{
  AdwActionRow parent_instance;

  GtkWidget *edit_button;
  GtkWidget *reconnect_button;
  GtkWidget *remove_button;
};

G_DEFINE_FINAL_TYPE (InboxAccountRow, inbox_account_row, ADW_TYPE_ACTION_ROW)

/* status: the server and how its sync goes, as Preferences words it. */
GtkWidget *
inbox_account_row_new (const InboxAccountConfig *config,
                       const char               *status)
{
  InboxAccountRow *self = g_object_new (INBOX_TYPE_ACCOUNT_ROW, NULL);
  GtkWidget *buttons[] = { self->edit_button, self->reconnect_button, self->remove_button };

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), config->email);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), status);
  for (gsize i = 0; i < G_N_ELEMENTS (buttons); i++)
    gtk_actionable_set_action_target_value (GTK_ACTIONABLE (buttons[i]), g_variant_new_string (config->uid));
  return GTK_WIDGET (self);
}

static void
inbox_account_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), INBOX_TYPE_ACCOUNT_ROW);

  G_OBJECT_CLASS (inbox_account_row_parent_class)->dispose (object);
}

static void
inbox_account_row_class_init (InboxAccountRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = inbox_account_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/ui/inbox-account-row.ui");
  gtk_widget_class_bind_template_child (widget_class, InboxAccountRow, edit_button);
  gtk_widget_class_bind_template_child (widget_class, InboxAccountRow, reconnect_button);
  gtk_widget_class_bind_template_child (widget_class, InboxAccountRow, remove_button);
}

static void
inbox_account_row_init (InboxAccountRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
