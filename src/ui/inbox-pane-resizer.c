/* inbox-pane-resizer.c: a pane whose right edge can be dragged, its width kept in GSettings.
 *
 * AdwLeaflet lays its panes out by their widths and folds them when the window is narrow; it has
 * no handles of its own. This puts one on a pane's right edge (the last few pixels, where the
 * pointer becomes a resize cursor), sets the pane's width while dragging, and remembers it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "inbox-pane-resizer.h"

#define EDGE 6  /* pixels at the right edge that grab */

struct _InboxPaneResizer
{
  GObject parent_instance;

  GtkWidget *pane;       /* not owned: the controllers die with it */
  GSettings *settings;   /* may be NULL: then nothing is remembered */
  char *key;
  int min_width;
  int max_width;
  int start_width;
};

G_DEFINE_FINAL_TYPE (InboxPaneResizer, inbox_pane_resizer, G_TYPE_OBJECT)

static gboolean
at_edge (InboxPaneResizer *self,
         double            x)
{
  return x >= gtk_widget_get_width (self->pane) - EDGE;
}

static void
motion_cb (GtkEventControllerMotion *motion,
           double                    x,
           double                    y,
           InboxPaneResizer         *self)
{
  gtk_widget_set_cursor_from_name (self->pane, at_edge (self, x) ? "col-resize" : NULL);
}

static void
leave_cb (GtkEventControllerMotion *motion,
          InboxPaneResizer         *self)
{
  gtk_widget_set_cursor (self->pane, NULL);
}

static void
drag_begin_cb (GtkGestureDrag   *drag,
               double            x,
               double            y,
               InboxPaneResizer *self)
{
  if (!at_edge (self, x))
    {
      gtk_gesture_set_state (GTK_GESTURE (drag), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  gtk_gesture_set_state (GTK_GESTURE (drag), GTK_EVENT_SEQUENCE_CLAIMED);
  self->start_width = gtk_widget_get_width (self->pane);
}

void
inbox_pane_resizer_set_width (InboxPaneResizer *self,
                              int               width)
{
  g_return_if_fail (INBOX_IS_PANE_RESIZER (self));

  gtk_widget_set_size_request (self->pane, CLAMP (width, self->min_width, self->max_width), -1);
}

static void
drag_update_cb (GtkGestureDrag   *drag,
                double            offset_x,
                double            offset_y,
                InboxPaneResizer *self)
{
  inbox_pane_resizer_set_width (self, self->start_width + (int) offset_x);
}

static void
drag_end_cb (GtkGestureDrag   *drag,
             double            offset_x,
             double            offset_y,
             InboxPaneResizer *self)
{
  int width;

  gtk_widget_get_size_request (self->pane, &width, NULL);
  if (self->settings != NULL)
    g_settings_set_int (self->settings, self->key, width);
}

/* Makes pane resizable between min_width and max_width, starting at the width settings keeps
 * under key. The resizer lives as long as the pane. */
InboxPaneResizer *
inbox_pane_resizer_new (GtkWidget  *pane,
                        GSettings  *settings,
                        const char *key,
                        int         min_width,
                        int         max_width)
{
  InboxPaneResizer *self = g_object_new (INBOX_TYPE_PANE_RESIZER, NULL);
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkGesture *drag = gtk_gesture_drag_new ();

  self->pane = pane;
  self->settings = settings != NULL ? g_object_ref (settings) : NULL;
  self->key = g_strdup (key);
  self->min_width = min_width;
  self->max_width = max_width;
  if (settings != NULL)
    inbox_pane_resizer_set_width (self, g_settings_get_int (settings, key));

  g_signal_connect (motion, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect (motion, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (pane, motion);
  /* Before the pane's children: a press at the edge is the handle's, not a row's. */
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (drag), GTK_PHASE_CAPTURE);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (pane, GTK_EVENT_CONTROLLER (drag));
  g_object_set_data_full (G_OBJECT (pane), "inbox-pane-resizer", self, g_object_unref);
  return self;
}

static void
inbox_pane_resizer_finalize (GObject *object)
{
  InboxPaneResizer *self = INBOX_PANE_RESIZER (object);

  g_clear_object (&self->settings);
  g_free (self->key);
  G_OBJECT_CLASS (inbox_pane_resizer_parent_class)->finalize (object);
}

static void
inbox_pane_resizer_class_init (InboxPaneResizerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = inbox_pane_resizer_finalize;
}

static void
inbox_pane_resizer_init (InboxPaneResizer *self)
{
}
