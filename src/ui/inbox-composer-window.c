/* inbox-composer-window.c: a window of its own for a composer.
 *
 * The window only holds it: its title is the composer's, closing it closes the composer (which
 * keeps the draft), and when the composer detaches (sent, discarded, closed) the window goes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "inbox-composer-window.h"

struct _InboxComposerWindow
{
  AdwWindow parent_instance;

  InboxComposer *composer;  /* the window's content */
};

G_DEFINE_FINAL_TYPE (InboxComposerWindow, inbox_composer_window, ADW_TYPE_WINDOW)

static void
composer_detached (InboxComposerWindow *self)
{
  g_signal_handlers_disconnect_by_data (self->composer, self);
  adw_window_set_content (ADW_WINDOW (self), NULL);
  self->composer = NULL;
  gtk_window_destroy (GTK_WINDOW (self));
}

static gboolean
close_request (GtkWindow *window)
{
  InboxComposerWindow *self = INBOX_COMPOSER_WINDOW (window);

  if (self->composer == NULL)
    return FALSE;
  inbox_composer_close (self->composer);  /* it detaches, and the window goes */
  return TRUE;
}

static void
inbox_composer_window_class_init (InboxComposerWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  GTK_WINDOW_CLASS (klass)->close_request = close_request;
  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/ui/inbox-composer-window.ui");
}

static void
inbox_composer_window_init (InboxComposerWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

InboxComposerWindow *
inbox_composer_window_new (GtkApplication *app,
                           InboxComposer  *composer)
{
  InboxComposerWindow *self = g_object_new (INBOX_TYPE_COMPOSER_WINDOW, "application", app, NULL);

  self->composer = composer;
  adw_window_set_content (ADW_WINDOW (self), GTK_WIDGET (composer));
  g_object_bind_property (composer, "title", self, "title", G_BINDING_SYNC_CREATE);
  g_signal_connect_swapped (composer, "detach", G_CALLBACK (composer_detached), self);
  return self;
}

InboxComposer *
inbox_composer_window_get_composer (InboxComposerWindow *self)
{
  g_return_val_if_fail (INBOX_IS_COMPOSER_WINDOW (self), NULL);

  return self->composer;
}
