/* inbox-toast-pacer.c: puts toasts on an AdwToastOverlay without ever taking one away while it
 * slides in.
 *
 * libadwaita 1.2 (Debian 12's, which the app is built and tested on) crashes when a toast is
 * hidden during its show animation (300 ms, 500 ms when it replaces another): a toast dismissed
 * 50–150 ms after it was added segfaulted in about half of the tries of a small program. Two things
 * here would do that: Ctrl+Z, which presses the Undo of the toast that has just appeared, and a
 * high-priority toast (Archive's, Undo Send's) that arrives while the last one still slides in,
 * which the overlay hides to show the new one. So a high-priority toast waits until the one
 * before it has been up SETTLE_MS, and a dismissal waits until its toast has. The third is a click
 * on a toast's button (Undo, Enter Password…), which libadwaita answers by dismissing the toast at
 * once: every toast button goes through "pacer.press" here, which is disabled (so the button takes
 * no click) until the toast has been up SETTLE_MS, and then does what the button was for: the
 * toast's own action, or nothing more than libadwaita's "button-clicked" (Undo's).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "inbox-toast-pacer.h"

/* The overlay's longest show animation (500 ms), and a frame or two. */
#define SETTLE_MS 550

struct _InboxToastPacer
{
  GObject parent_instance;

  AdwToastOverlay *overlay;  /* weak */
  GQueue waiting;            /* high-priority toasts (owned), in order */
  gint64 last_added;         /* monotonic µs; when a toast last went on the overlay */
  guint waiting_id;
  GSimpleAction *press;      /* "pacer.press": enabled once the newest toast with a button is in */
  guint settled_id;
};

G_DEFINE_FINAL_TYPE (InboxToastPacer, inbox_toast_pacer, G_TYPE_OBJECT)

static GQuark added_at_quark;

static gint64
age_ms (AdwToast *toast)
{
  gint64 added = GPOINTER_TO_SIZE (g_object_get_qdata (G_OBJECT (toast), added_at_quark));

  return added == 0 ? G_MAXINT : (g_get_monotonic_time () / 1000 - added);
}

static gboolean
settle (gpointer user_data)
{
  InboxToastPacer *self = user_data;

  self->settled_id = 0;
  g_simple_action_set_enabled (self->press, TRUE);
  return G_SOURCE_REMOVE;
}

/* A toast's button, pressed once its toast is in: the action it was given, with its target. */
static void
press_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  InboxToastPacer *self = user_data;
  const char *name = NULL;
  g_autoptr(GVariant) target = NULL;

  g_variant_get (parameter, "(&smv)", &name, &target);
  if (*name != '\0' && self->overlay != NULL)
    gtk_widget_activate_action_variant (GTK_WIDGET (self->overlay), name, target);
}

static void
put_on_overlay (InboxToastPacer *self,
                AdwToast        *toast)
{
  gint64 now = g_get_monotonic_time () / 1000;

  if (adw_toast_get_button_label (toast) != NULL)
    {
      g_autofree char *name = g_strdup (adw_toast_get_action_name (toast));
      GVariant *target = adw_toast_get_action_target_value (toast);
      g_autoptr(GVariant) kept = target != NULL ? g_variant_ref (target) : NULL;

      adw_toast_set_action_target_value (toast, g_variant_new ("(smv)", name != NULL ? name : "", kept));
      adw_toast_set_action_name (toast, "pacer.press");
      g_simple_action_set_enabled (self->press, FALSE);
      g_clear_handle_id (&self->settled_id, g_source_remove);
      self->settled_id = g_timeout_add (SETTLE_MS, settle, self);
    }

  self->last_added = now;
  g_object_set_qdata (G_OBJECT (toast), added_at_quark, GSIZE_TO_POINTER ((gsize) MAX (now, 1)));
  if (self->overlay != NULL)
    adw_toast_overlay_add_toast (self->overlay, toast);
  else
    g_object_unref (toast);
}

static gboolean show_waiting (gpointer user_data);

static void
schedule (InboxToastPacer *self)
{
  gint64 since = g_get_monotonic_time () / 1000 - self->last_added;

  if (self->waiting_id == 0 && !g_queue_is_empty (&self->waiting))
    self->waiting_id = g_timeout_add ((guint) CLAMP (SETTLE_MS - since, 0, SETTLE_MS), show_waiting, self);
}

static gboolean
show_waiting (gpointer user_data)
{
  InboxToastPacer *self = user_data;
  AdwToast *toast = g_queue_pop_head (&self->waiting);

  self->waiting_id = 0;
  if (toast != NULL)
    put_on_overlay (self, toast);
  schedule (self);
  return G_SOURCE_REMOVE;
}

/* Shows toast (taking it, as adw_toast_overlay_add_toast does): at once, unless it is of high
 * priority and would hide one that is still sliding in. */
void
inbox_toast_pacer_add (InboxToastPacer *self,
                       AdwToast        *toast)
{
  g_return_if_fail (INBOX_IS_TOAST_PACER (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  if (adw_toast_get_priority (toast) == ADW_TOAST_PRIORITY_HIGH &&
      (!g_queue_is_empty (&self->waiting) || g_get_monotonic_time () / 1000 - self->last_added < SETTLE_MS))
    {
      g_queue_push_tail (&self->waiting, toast);
      schedule (self);
      return;
    }
  put_on_overlay (self, toast);
}

static gboolean
dismiss_later (gpointer user_data)
{
  adw_toast_dismiss (ADW_TOAST (user_data));
  return G_SOURCE_REMOVE;
}

/* Takes toast away: one still waiting never shows; one sliding in goes once it is in. */
void
inbox_toast_pacer_dismiss (InboxToastPacer *self,
                           AdwToast        *toast)
{
  gint64 age;

  g_return_if_fail (INBOX_IS_TOAST_PACER (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  if (g_queue_remove (&self->waiting, toast))
    {
      g_signal_emit_by_name (toast, "dismissed");
      g_object_unref (toast);
      return;
    }
  age = age_ms (toast);
  if (age >= SETTLE_MS)
    adw_toast_dismiss (toast);
  else
    g_timeout_add_full (G_PRIORITY_DEFAULT, (guint) (SETTLE_MS - age), dismiss_later, g_object_ref (toast), g_object_unref);
}

static void
inbox_toast_pacer_dispose (GObject *object)
{
  InboxToastPacer *self = INBOX_TOAST_PACER (object);

  g_clear_handle_id (&self->waiting_id, g_source_remove);
  g_clear_handle_id (&self->settled_id, g_source_remove);
  g_clear_object (&self->press);
  g_queue_clear_full (&self->waiting, g_object_unref);
  g_clear_weak_pointer (&self->overlay);

  G_OBJECT_CLASS (inbox_toast_pacer_parent_class)->dispose (object);
}

static void
inbox_toast_pacer_class_init (InboxToastPacerClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = inbox_toast_pacer_dispose;
  added_at_quark = g_quark_from_static_string ("inbox-toast-added-at");
}

static void
inbox_toast_pacer_init (InboxToastPacer *self)
{
  g_queue_init (&self->waiting);
  self->last_added = G_MININT64 / 2;
}

InboxToastPacer *
inbox_toast_pacer_new (AdwToastOverlay *overlay)
{
  InboxToastPacer *self = g_object_new (INBOX_TYPE_TOAST_PACER, NULL);
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();

  g_set_weak_pointer (&self->overlay, overlay);
  self->press = g_simple_action_new ("press", G_VARIANT_TYPE ("(smv)"));
  g_signal_connect (self->press, "activate", G_CALLBACK (press_activated), self);
  g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (self->press));
  gtk_widget_insert_action_group (GTK_WIDGET (overlay), "pacer", G_ACTION_GROUP (group));
  return self;
}
