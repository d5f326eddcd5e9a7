/* inbox-undo-toast.c: "Sending…" or "Draft discarded" in the main window, with Undo.
 *
 * The composer is gone by the time the toast is clicked, so the toast keeps what Undo needs: the
 * outbox row to take back (the sender unqueues it, and it opens again in a composer; too late, and
 * the main window says so) or the discarded draft itself.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "inbox-composer.h"
#include "inbox-sender.h"
#include "inbox-toast.h"
#include "inbox-undo-toast.h"
#include "inbox-window.h"

typedef struct {
  GtkApplication *app;
  InboxMailService *service;
  gint64 outbox_id;
  InboxDraft *draft;       /* for discard's undo */
} Undo;

static void
undo_free (Undo *undo)
{
  g_clear_object (&undo->app);
  g_clear_object (&undo->service);
  g_clear_pointer (&undo->draft, inbox_draft_free);
  g_free (undo);
}

static void
unqueued (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Undo *undo = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(InboxDraft) draft = inbox_sender_unqueue_finish (INBOX_SENDER (object), result, &error);
  InboxWindow *window = inbox_window_find (undo->app);

  if (draft == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Too late to undo: %s"), error->message);

      if (window != NULL)
        inbox_window_show_message (window, text);
    }
  else
    inbox_composer_open_draft (undo->app, undo->service, draft, NULL);
  undo_free (undo);
}

static void
undo_clicked (AdwToast *toast,
              Undo     *undo)
{
  InboxSender *sender = inbox_mail_service_get_sender (undo->service);
  Undo *copy = g_new0 (Undo, 1);

  copy->app = g_object_ref (undo->app);
  copy->service = g_object_ref (undo->service);
  if (undo->draft != NULL)
    {
      /* Discarded: the draft comes back as it was. */
      inbox_composer_open_draft (undo->app, undo->service, undo->draft, NULL);
      undo_free (copy);
      return;
    }
  inbox_sender_unqueue_async (sender, undo->outbox_id, unqueued, copy);
}

/* Takes draft (the discarded one, for Undo to bring back; NULL for a message in the outbox). With
 * a timeout, Undo takes outbox_id back out of the outbox into a composer, or reopens draft. */
void
inbox_undo_toast_show (GtkApplication   *app,
                       InboxMailService *service,
                       const char       *text,
                       guint             timeout,
                       gint64            outbox_id,
                       InboxDraft       *draft)
{
  InboxWindow *window = app != NULL ? inbox_window_find (app) : NULL;
  AdwToast *toast;
  Undo *undo;

  if (window == NULL || service == NULL)
    {
      inbox_draft_free (draft);
      return;
    }
  toast = inbox_toast_new_plain (text);
  undo = g_new0 (Undo, 1);
  undo->app = g_object_ref (app);
  undo->service = g_object_ref (service);
  undo->outbox_id = outbox_id;
  undo->draft = draft;
  if (timeout > 0)
    {
      adw_toast_set_timeout (toast, timeout);
      adw_toast_set_button_label (toast, _("_Undo"));
      g_signal_connect_data (toast, "button-clicked", G_CALLBACK (undo_clicked), undo,
                             (GClosureNotify) (void (*) (void)) undo_free, 0);
    }
  else
    undo_free (undo);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  if (timeout > 0)
    inbox_window_add_undo_toast (window, toast);
  else
    inbox_window_add_toast (window, toast);
}
