/* inbox-composer-attachment.c: a file attached in the composer: its name and size, and ×.
 *
 * The × button emits "remove"; the composer drops the file from the draft. The size is the file's
 * on disk, as the composer measured it (it also warns when the files together are too large).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "inbox-composer-attachment.h"

struct _InboxComposerAttachment
{
  GtkWidget parent_instance;

  GtkLabel *label;

  char *path;
};

G_DEFINE_FINAL_TYPE (InboxComposerAttachment, inbox_composer_attachment, GTK_TYPE_WIDGET)

enum { SIGNAL_REMOVE, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
remove_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  g_signal_emit (widget, signals[SIGNAL_REMOVE], 0);
}

static void
inbox_composer_attachment_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), INBOX_TYPE_COMPOSER_ATTACHMENT);
  /* The template's root box is not bound to a field, so unparent it here. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL;)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (inbox_composer_attachment_parent_class)->dispose (object);
}

static void
inbox_composer_attachment_finalize (GObject *object)
{
  g_free (INBOX_COMPOSER_ATTACHMENT (object)->path);
  G_OBJECT_CLASS (inbox_composer_attachment_parent_class)->finalize (object);
}

static void
inbox_composer_attachment_class_init (InboxComposerAttachmentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = inbox_composer_attachment_dispose;
  object_class->finalize = inbox_composer_attachment_finalize;

  signals[SIGNAL_REMOVE] = g_signal_new ("remove", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                         NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/example/Inbox/ui/inbox-composer-attachment.ui");
  gtk_widget_class_bind_template_child (widget_class, InboxComposerAttachment, label);
  gtk_widget_class_install_action (widget_class, "attachment.remove", NULL, remove_activated);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
inbox_composer_attachment_init (InboxComposerAttachment *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
inbox_composer_attachment_new (const char *path,
                               goffset     size)
{
  InboxComposerAttachment *self = g_object_new (INBOX_TYPE_COMPOSER_ATTACHMENT, NULL);
  g_autofree char *name = g_path_get_basename (path);
  g_autofree char *formatted = g_format_size (size);
  g_autofree char *label = g_strdup_printf ("%s (%s)", name, formatted);

  self->path = g_strdup (path);
  gtk_label_set_text (self->label, label);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->label), path);
  return GTK_WIDGET (self);
}

const char *
inbox_composer_attachment_get_path (InboxComposerAttachment *self)
{
  g_return_val_if_fail (INBOX_IS_COMPOSER_ATTACHMENT (self), NULL);
  return self->path;
}
