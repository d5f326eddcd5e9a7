/* ui-helpers.h: what the UI tests share.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "inbox-application.h"
#include "inbox-engine.h"

void        spin               (guint          milliseconds);
void        wait_for           (gboolean     (*condition) (gconstpointer data),
                                gconstpointer  data,
                                const char    *what);
void        wait_until_drawn   (GtkWidget     *widget);
GtkWidget  *find_descendant    (GtkWidget     *root,
                                gboolean     (*match) (GtkWidget *widget, gconstpointer data),
                                gconstpointer  data);
gboolean    is_of_type         (GtkWidget     *widget,
                                gconstpointer  type);
gboolean    is_label_with_text (GtkWidget     *widget,
                                gconstpointer  text);
gboolean    is_entry_row_titled (GtkWidget    *widget,
                                 gconstpointer title);
gboolean    has_action         (GtkWidget     *widget,
                                gconstpointer  action_name);
GtkWindow  *find_toplevel      (GType          type);
GtkWindow  *open_by_action     (GtkWidget     *window,
                                const char    *action,
                                GType          type);
void        xdotool_on         (GtkWidget     *widget,
                                const char    *what);
void        click_at           (GtkWidget     *widget,
                                double         x,
                                double         y,
                                guint          button);
char       *folder_role        (InboxStore    *store,
                                const char    *path);
GdkTexture *save_screenshot    (GtkWidget     *widget,
                                const char    *name);
guint       count_colours      (GdkTexture    *texture);

/* gtk_test_init, then a registered InboxApplication (the fixture gives the session bus), or exit 1. */
InboxApplication *ui_test_init_app (int *argc, char ***argv);
