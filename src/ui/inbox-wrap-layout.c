/* inbox-wrap-layout.c: lays children out in lines like words, wrapping when a line is full.
 *
 * Used by the recipient fields: address chips flow over as many lines as they need, and the last
 * child (the text being typed) takes the rest of its line, or a line of its own when less than its
 * minimum width is left. GTK 4.8 and libadwaita 1.2 have no wrap box (GtkFlowBox aligns its
 * children in columns, which spaces chips of different widths unevenly).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "inbox-wrap-layout.h"

#define COLUMN_SPACING 4
#define ROW_SPACING 4

struct _InboxWrapLayout
{
  GtkLayoutManager parent_instance;
};

G_DEFINE_FINAL_TYPE (InboxWrapLayout, inbox_wrap_layout, GTK_TYPE_LAYOUT_MANAGER)

typedef struct {
  GtkWidget *child;
  int x, y, width;
  guint line;
} Placement;

/* Places the visible children in lines of `width`, and allocates them when `allocate`: each gets
 * its line's height (chips are centred in it by their valign). Returns the height used. */
static int
flow (GtkWidget *widget,
      int        width,
      gboolean   allocate)
{
  g_autoptr(GArray) placements = g_array_new (FALSE, FALSE, sizeof (Placement));
  g_autoptr(GArray) line_heights = g_array_new (FALSE, TRUE, sizeof (int));
  int x = 0, y = 0, line_height = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      gboolean last = gtk_widget_get_next_sibling (child) == NULL;
      int min_width, nat_width, child_width, child_height;
      Placement placement;

      if (!gtk_widget_should_layout (child))
        continue;
      gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &min_width, &nat_width, NULL, NULL);
      child_width = MIN (nat_width, width);
      if (x > 0 && x + (last ? min_width : child_width) > width)
        {
          /* The line is full: start the next one. */
          g_array_append_val (line_heights, line_height);
          y += line_height + ROW_SPACING;
          x = 0;
          line_height = 0;
        }
      if (last)
        child_width = width - x;
      child_width = MAX (child_width, MIN (min_width, width));
      gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, child_width, NULL, &child_height, NULL, NULL);
      placement = (Placement) { child, x, y, child_width, line_heights->len };
      g_array_append_val (placements, placement);
      line_height = MAX (line_height, child_height);
      x += child_width + COLUMN_SPACING;
    }
  g_array_append_val (line_heights, line_height);
  for (guint i = 0; allocate && i < placements->len; i++)
    {
      Placement *p = &g_array_index (placements, Placement, i);
      GtkAllocation allocation = { p->x, p->y, p->width, g_array_index (line_heights, int, p->line) };

      gtk_widget_size_allocate (p->child, &allocation, -1);
    }
  return y + line_height;
}

static GtkSizeRequestMode
get_request_mode (GtkLayoutManager *manager,
                  GtkWidget        *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
measure (GtkLayoutManager *manager,
         GtkWidget        *widget,
         GtkOrientation    orientation,
         int               for_size,
         int              *minimum,
         int              *natural,
         int              *minimum_baseline,
         int              *natural_baseline)
{
  int min = 0, nat = 0;

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      /* As narrow as the widest child; naturally, everything on one line. */
      for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
           child = gtk_widget_get_next_sibling (child))
        {
          int child_min, child_nat;

          if (!gtk_widget_should_layout (child))
            continue;
          gtk_widget_measure (child, orientation, -1, &child_min, &child_nat, NULL, NULL);
          min = MAX (min, child_min);
          nat += (nat > 0 ? COLUMN_SPACING : 0) + child_nat;
        }
    }
  else
    {
      int width = for_size;

      if (width < 0)
        measure (manager, widget, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &width, NULL, NULL);
      min = nat = flow (widget, width, FALSE);
    }
  if (minimum != NULL)
    *minimum = min;
  if (natural != NULL)
    *natural = nat;
  if (minimum_baseline != NULL)
    *minimum_baseline = -1;
  if (natural_baseline != NULL)
    *natural_baseline = -1;
}

static void
allocate (GtkLayoutManager *manager,
          GtkWidget        *widget,
          int               width,
          int               height,
          int               baseline)
{
  flow (widget, width, TRUE);
}

static void
inbox_wrap_layout_class_init (InboxWrapLayoutClass *klass)
{
  GtkLayoutManagerClass *manager_class = GTK_LAYOUT_MANAGER_CLASS (klass);

  manager_class->get_request_mode = get_request_mode;
  manager_class->measure = measure;
  manager_class->allocate = allocate;
}

static void
inbox_wrap_layout_init (InboxWrapLayout *self)
{
}

GtkLayoutManager *
inbox_wrap_layout_new (void)
{
  return g_object_new (INBOX_TYPE_WRAP_LAYOUT, NULL);
}
