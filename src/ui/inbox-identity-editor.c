/* inbox-identity-editor.c: edit an identity (name, signature) or add an alias to an account.
 *
 * An account's own address can't be changed or removed here (that is the account); an alias's
 * address is fixed once saved (a new address is a new alias). "saved" is emitted after a change
 * reached the store, for the preferences to show it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "inbox-identity-editor.h"

struct _InboxIdentityEditor
{
  AdwWindow parent_instance;

  AdwActionRow *account_row;
  AdwEntryRow *address_row;
  AdwEntryRow *name_row;
  GtkWidget *never_auto_row;
  GtkSwitch *never_auto_switch;
  AdwComboRow *use_row;
  GtkTextView *signature_view;
  GtkWidget *reply_label;
  GtkWidget *reply_frame;
  GtkTextView *reply_view;
  GtkWidget *remove_group;

  InboxMailService *service;
  char *account_uid;
  gboolean is_new;
  gboolean is_alias;
};

G_DEFINE_FINAL_TYPE (InboxIdentityEditor, inbox_identity_editor, ADW_TYPE_WINDOW)

enum { SIGNAL_SAVED, N_SIGNALS };
static guint signals[N_SIGNALS];

static char *
view_text (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return g_strchomp (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
}

static void
use_changed (InboxIdentityEditor *self)
{
  gboolean replies = adw_combo_row_get_selected (self->use_row) == INBOX_SIGNATURE_FIRST_THEN_REPLY;

  gtk_widget_set_visible (self->reply_label, replies);
  gtk_widget_set_visible (self->reply_frame, replies);
}

static void
save_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  InboxIdentityEditor *self = INBOX_IDENTITY_EDITOR (widget);
  g_autofree char *address = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->address_row))));
  g_autofree char *signature = view_text (self->signature_view);
  g_autoptr(InboxIdentity) identity = inbox_identity_new (address, gtk_editable_get_text (GTK_EDITABLE (self->name_row)),
                                                          signature, gtk_switch_get_active (self->never_auto_switch));
  g_autoptr(GError) error = NULL;

  identity->reply_signature = view_text (self->reply_view);
  identity->signature_use = adw_combo_row_get_selected (self->use_row);
  if (!inbox_address_list_check (address, NULL, NULL) || *address == '\0')
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->address_row), "error");
      gtk_widget_grab_focus (GTK_WIDGET (self->address_row));
      return;
    }
  if (!inbox_store_save_identity_sync (inbox_mail_service_get_store (self->service), self->account_uid, identity, &error))
    {
      /* Said where it applies: the address is the one thing that can be refused. */
      gtk_widget_add_css_class (GTK_WIDGET (self->address_row), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->address_row), error->message);
      return;
    }
  g_signal_emit (self, signals[SIGNAL_SAVED], 0);
  gtk_window_close (GTK_WINDOW (self));
}

static void
remove_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  InboxIdentityEditor *self = INBOX_IDENTITY_EDITOR (widget);
  g_autoptr(GError) error = NULL;

  if (!inbox_store_remove_identity_sync (inbox_mail_service_get_store (self->service), self->account_uid,
                                         gtk_editable_get_text (GTK_EDITABLE (self->address_row)), &error))
    g_warning ("Can't remove the alias: %s", error->message);
  g_signal_emit (self, signals[SIGNAL_SAVED], 0);
  gtk_window_close (GTK_WINDOW (self));
}

/* An editor for identity of the account, or (identity NULL) for a new alias of it. */
InboxIdentityEditor *
inbox_identity_editor_new (GtkWindow            *parent,
                           InboxMailService     *service,
                           const char           *account_uid,
                           const InboxIdentity  *identity)
{
  InboxIdentityEditor *self = g_object_new (INBOX_TYPE_IDENTITY_EDITOR, "transient-for", parent, NULL);
  const InboxAccountConfig *config = inbox_mail_service_find_account (service, account_uid);

  self->service = g_object_ref (service);
  self->account_uid = g_strdup (account_uid);
  self->is_new = identity == NULL;
  self->is_alias = identity == NULL || identity->is_alias;
  if (config != NULL)
    adw_action_row_set_subtitle (self->account_row, config->email);
  if (identity != NULL)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->address_row), identity->address);
      gtk_editable_set_text (GTK_EDITABLE (self->name_row), identity->name != NULL ? identity->name : "");
      gtk_switch_set_active (self->never_auto_switch, identity->never_auto);
      adw_combo_row_set_selected (self->use_row, identity->signature_use);
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->signature_view),
                                identity->signature != NULL ? identity->signature : "", -1);
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->reply_view),
                                identity->reply_signature != NULL ? identity->reply_signature : "", -1);
    }
  gtk_window_set_title (GTK_WINDOW (self), self->is_new ? _("New Alias") : identity->address);
  gtk_editable_set_editable (GTK_EDITABLE (self->address_row), self->is_new);
  gtk_widget_set_sensitive (GTK_WIDGET (self->address_row), self->is_new);
  gtk_widget_set_visible (self->never_auto_row, self->is_alias);
  gtk_widget_set_visible (self->remove_group, self->is_alias && !self->is_new);
  use_changed (self);
  return self;
}

static void
inbox_identity_editor_dispose (GObject *object)
{
  InboxIdentityEditor *self = INBOX_IDENTITY_EDITOR (object);

  g_clear_object (&self->service);
  G_OBJECT_CLASS (inbox_identity_editor_parent_class)->dispose (object);
}

static void
inbox_identity_editor_finalize (GObject *object)
{
  g_free (INBOX_IDENTITY_EDITOR (object)->account_uid);
  G_OBJECT_CLASS (inbox_identity_editor_parent_class)->finalize (object);
}

static void
inbox_identity_editor_class_init (InboxIdentityEditorClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = inbox_identity_editor_dispose;
  G_OBJECT_CLASS (klass)->finalize = inbox_identity_editor_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/ui/inbox-identity-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, InboxIdentityEditor, account_row);
  gtk_widget_class_bind_template_child (widget_class, InboxIdentityEditor, address_row);
  gtk_widget_class_bind_template_child (widget_class, InboxIdentityEditor, name_row);
  gtk_widget_class_bind_template_child (widget_class, InboxIdentityEditor, never_auto_row);
  gtk_widget_class_bind_template_child (widget_class, InboxIdentityEditor, never_auto_switch);
  gtk_widget_class_bind_template_child (widget_class, InboxIdentityEditor, use_row);
  gtk_widget_class_bind_template_child (widget_class, InboxIdentityEditor, signature_view);
  gtk_widget_class_bind_template_child (widget_class, InboxIdentityEditor, reply_label);
  gtk_widget_class_bind_template_child (widget_class, InboxIdentityEditor, reply_frame);
  gtk_widget_class_bind_template_child (widget_class, InboxIdentityEditor, reply_view);
  gtk_widget_class_bind_template_child (widget_class, InboxIdentityEditor, remove_group);
  gtk_widget_class_install_action (widget_class, "identity.save", NULL, save_activated);
  gtk_widget_class_install_action (widget_class, "identity.remove", NULL, remove_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);

  /**
   * InboxIdentityEditor::saved:
   *
   * The identity was saved or removed.
   */
  signals[SIGNAL_SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
inbox_identity_editor_init (InboxIdentityEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_swapped (self->use_row, "notify::selected", G_CALLBACK (use_changed), self);
}
