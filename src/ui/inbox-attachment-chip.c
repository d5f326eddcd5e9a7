/* inbox-attachment-chip.c: an attachment's type icon, name and size.
 *
 * Save and Open need the attachment's bytes, which the store does not keep yet (it keeps only
 * the metadata); until the engine fetches parts on demand, the chip says so in its tooltip
 * rather than offering buttons that cannot work.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "inbox-attachment-chip.h"

struct _InboxAttachmentChip
{
  GtkWidget parent_instance;

  GtkImage *icon;
  GtkLabel *name_label;
  GtkLabel *size_label;
};

G_DEFINE_FINAL_TYPE (InboxAttachmentChip, inbox_attachment_chip, GTK_TYPE_WIDGET)

static void
inbox_attachment_chip_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), INBOX_TYPE_ATTACHMENT_CHIP);
  /* The template's root box is not bound to a field, so unparent it here. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL;)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (inbox_attachment_chip_parent_class)->dispose (object);
}

static void
inbox_attachment_chip_class_init (InboxAttachmentChipClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = inbox_attachment_chip_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/ui/inbox-attachment-chip.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, InboxAttachmentChip, icon);
  gtk_widget_class_bind_template_child (widget_class, InboxAttachmentChip, name_label);
  gtk_widget_class_bind_template_child (widget_class, InboxAttachmentChip, size_label);
}

static void
inbox_attachment_chip_init (InboxAttachmentChip *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
inbox_attachment_chip_new (const InboxAttachmentInfo *info)
{
  InboxAttachmentChip *self = g_object_new (INBOX_TYPE_ATTACHMENT_CHIP, NULL);
  g_autofree char *content_type = g_content_type_from_mime_type (info->content_type);
  g_autoptr(GIcon) icon = g_content_type_get_symbolic_icon (content_type != NULL ? content_type : info->content_type);
  g_autofree char *size = g_format_size (info->size);
  g_autofree char *description = g_content_type_get_description (content_type != NULL ? content_type : info->content_type);
  g_autofree char *tooltip = g_strdup_printf (_("%s, %s. Saving attachments is not available yet."), description, size);
  const char *name = *info->filename != '\0' ? info->filename : _("Unnamed attachment");

  gtk_image_set_from_gicon (self->icon, icon);
  gtk_label_set_text (self->name_label, name);
  gtk_label_set_text (self->size_label, size);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), tooltip);
  return GTK_WIDGET (self);
}
