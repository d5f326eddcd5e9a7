/* inbox-attachment-chip.c: an attachment's type icon, name and size, with Open and Save As.
 *
 * The store keeps attachments' metadata only, so Open and Save fetch the message as its server has
 * it (on the outbox's IMAP connection, off the main loop) and take the attachment out of it. Open
 * writes a private temporary copy and hands it to the desktop's default app; Save As starts in the
 * folder last saved to (GSettings attachment-folder). An image shows a preview in place of its icon.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "inbox-application.h"
#include "inbox-attachment-chip.h"
#include "inbox-window.h"

struct _InboxAttachmentChip
{
  GtkWidget parent_instance;

  GtkImage *icon;
  GtkLabel *name_label;
  GtkLabel *size_label;
  GtkStack *button_stack;

  InboxAttachmentInfo info;   /* our own copy */
  char *message_id;
};

G_DEFINE_FINAL_TYPE (InboxAttachmentChip, inbox_attachment_chip, GTK_TYPE_WIDGET)

enum { SIGNAL_SAVED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
say (InboxAttachmentChip *self,
     const char          *text)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (INBOX_IS_WINDOW (root))
    inbox_window_show_message (INBOX_WINDOW (root), text);
  else
    g_warning ("%s", text);
}

/* --- fetching -------------------------------------------------------------------------------- */

typedef void (*WithBytes) (InboxAttachmentChip *self, GBytes *bytes, gpointer data);

typedef struct {
  InboxAttachmentChip *self;
  WithBytes then;
  gpointer data;
  GDestroyNotify data_free;
  gboolean quiet;           /* a preview: failing says nothing (Open and Save will) */
} Fetch;

static void
fetched (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Fetch *fetch = user_data;
  InboxAttachmentChip *self = fetch->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) message = inbox_sender_fetch_message_finish (INBOX_SENDER (object), result, &error);
  g_autoptr(GBytes) bytes = message != NULL ? inbox_message_extract_attachment (message, &self->info, &error) : NULL;

  gtk_stack_set_visible_child_name (self->button_stack, "buttons");
  if (bytes == NULL && !fetch->quiet)
    {
      g_autofree char *text = g_strdup_printf (_("Can't get “%s”: %s"), self->info.filename, error->message);

      say (self, text);
    }
  else if (bytes != NULL)
    fetch->then (self, bytes, fetch->data);
  if (fetch->data_free != NULL)
    fetch->data_free (fetch->data);
  g_object_unref (self);
  g_free (fetch);
}

static void
with_bytes (InboxAttachmentChip *self,
            WithBytes            then,
            gpointer             data,
            GDestroyNotify       data_free,
            gboolean             quiet)
{
  InboxSender *sender = inbox_application_get_default_sender ();
  Fetch *fetch;

  if (sender == NULL || self->message_id == NULL)
    {
      if (!quiet)
        say (self, _("This attachment can't be fetched: the message is on no server"));
      if (data_free != NULL)
        data_free (data);
      return;
    }
  fetch = g_new0 (Fetch, 1);
  fetch->self = g_object_ref (self);
  fetch->then = then;
  fetch->data = data;
  fetch->data_free = data_free;
  fetch->quiet = quiet;
  gtk_stack_set_visible_child_name (self->button_stack, "busy");
  inbox_sender_fetch_message_async (sender, self->message_id, fetched, fetch);
}

/* --- save ------------------------------------------------------------------------------------ */

static void
write_file (InboxAttachmentChip *self,
            GBytes              *bytes,
            gpointer             data)
{
  GFile *file = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) parent = g_file_get_parent (file);
  g_autoptr(GSettings) settings = inbox_application_dup_settings ();

  if (!g_file_replace_contents (file, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL, FALSE,
                                G_FILE_CREATE_NONE, NULL, NULL, &error))
    {
      g_autofree char *text = g_strdup_printf (_("Can't save “%s”: %s"), self->info.filename, error->message);

      say (self, text);
      return;
    }
  if (settings != NULL && parent != NULL)
    {
      g_autofree char *folder = g_file_get_path (parent);

      g_settings_set_string (settings, "attachment-folder", folder != NULL ? folder : "");
    }
  g_signal_emit (self, signals[SIGNAL_SAVED], 0, file);
}

/* Saves the attachment into file (fetching it first). */
void
inbox_attachment_chip_save_to (InboxAttachmentChip *self,
                               GFile               *file)
{
  g_return_if_fail (INBOX_IS_ATTACHMENT_CHIP (self));

  with_bytes (self, write_file, g_object_ref (file), g_object_unref, FALSE);
}

G_GNUC_BEGIN_IGNORE_DEPRECATIONS

static void
save_response (GtkNativeDialog     *dialog,
               int                  response,
               InboxAttachmentChip *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      inbox_attachment_chip_save_to (self, file);
    }
  g_object_unref (dialog);
  g_object_unref (self);
}

static void
save_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  InboxAttachmentChip *self = INBOX_ATTACHMENT_CHIP (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *chooser = gtk_file_chooser_native_new (_("Save Attachment"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), NULL);
  g_autoptr(GSettings) settings = inbox_application_dup_settings ();
  g_autofree char *folder = settings != NULL ? g_settings_get_string (settings, "attachment-folder") : NULL;
  const char *downloads = g_get_user_special_dir (G_USER_DIRECTORY_DOWNLOAD);
  g_autoptr(GFile) start = g_file_new_for_path (folder != NULL && *folder != '\0' ? folder
                                                : downloads != NULL ? downloads : g_get_home_dir ());

  gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), start, NULL);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), self->info.filename);
  g_signal_connect (chooser, "response", G_CALLBACK (save_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

G_GNUC_END_IGNORE_DEPRECATIONS

/* --- open ------------------------------------------------------------------------------------ */

static void
launched (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(InboxAttachmentChip) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_app_info_launch_default_for_uri_finish (result, &error))
    {
      g_autofree char *text = g_strdup_printf (_("No app opens “%s”: %s"), self->info.filename, error->message);

      say (self, text);
    }
}

/* A private copy (a directory only we can read) for the default app; it is never run by us. */
static void
open_copy (InboxAttachmentChip *self,
           GBytes              *bytes,
           gpointer             data)
{
  g_autofree char *base = g_build_filename (g_get_user_cache_dir (), "inbox", "open", NULL);
  g_autofree char *dir = NULL;
  g_autofree char *name = g_path_get_basename (self->info.filename);
  g_autofree char *path = NULL;
  g_autofree char *uri = NULL;
  g_autoptr(GError) error = NULL;

  g_mkdir_with_parents (base, 0700);
  dir = g_build_filename (base, "XXXXXX", NULL);
  if (g_mkdtemp_full (dir, 0700) == NULL)
    {
      say (self, g_strerror (errno));
      return;
    }
  path = g_build_filename (dir, name, NULL);
  if (!g_file_set_contents_full (path, g_bytes_get_data (bytes, NULL), (gssize) g_bytes_get_size (bytes),
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
    {
      say (self, error->message);
      return;
    }
  uri = g_filename_to_uri (path, NULL, NULL);
  g_app_info_launch_default_for_uri_async (uri, NULL, NULL, launched, g_object_ref (self));
}

static void
open_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  with_bytes (INBOX_ATTACHMENT_CHIP (widget), open_copy, NULL, NULL, FALSE);
}

/* --- preview -------------------------------------------------------------------------------- */

/* Images larger than this keep their type icon (decoding them for a thumbnail is not worth it). */
#define PREVIEW_MAX_BYTES (10 * 1024 * 1024)

static void
show_preview (InboxAttachmentChip *self,
              GBytes              *bytes,
              gpointer             data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = gdk_texture_new_from_bytes (bytes, &error);

  /* An image that does not decode keeps its icon: it can still be saved and opened. */
  if (texture == NULL)
    return;
  gtk_image_set_from_paintable (self->icon, GDK_PAINTABLE (texture));
  gtk_image_set_pixel_size (self->icon, 48);
  gtk_widget_add_css_class (GTK_WIDGET (self->icon), "attachment-preview");
}

static void
mapped (GtkWidget *widget)
{
  InboxAttachmentChip *self = INBOX_ATTACHMENT_CHIP (widget);

  g_signal_handlers_disconnect_by_func (widget, mapped, NULL);
  with_bytes (self, show_preview, NULL, NULL, TRUE);
}

/* --- object ---------------------------------------------------------------------------------- */

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
inbox_attachment_chip_finalize (GObject *object)
{
  InboxAttachmentChip *self = INBOX_ATTACHMENT_CHIP (object);

  g_free (self->info.filename);
  g_free (self->info.content_type);
  g_free (self->info.content_id);
  g_free (self->message_id);
  G_OBJECT_CLASS (inbox_attachment_chip_parent_class)->finalize (object);
}

static void
inbox_attachment_chip_class_init (InboxAttachmentChipClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = inbox_attachment_chip_dispose;
  G_OBJECT_CLASS (klass)->finalize = inbox_attachment_chip_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/ui/inbox-attachment-chip.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, InboxAttachmentChip, icon);
  gtk_widget_class_bind_template_child (widget_class, InboxAttachmentChip, name_label);
  gtk_widget_class_bind_template_child (widget_class, InboxAttachmentChip, size_label);
  gtk_widget_class_bind_template_child (widget_class, InboxAttachmentChip, button_stack);
  gtk_widget_class_install_action (widget_class, "chip.open", NULL, open_activated);
  gtk_widget_class_install_action (widget_class, "chip.save", NULL, save_activated);

  /**
   * InboxAttachmentChip::saved:
   * @file: where the attachment was saved
   */
  signals[SIGNAL_SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_FILE);
}

static void
inbox_attachment_chip_init (InboxAttachmentChip *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* A chip for one attachment of the message message_id (NULL: the chip can't fetch it). */
GtkWidget *
inbox_attachment_chip_new (const InboxAttachmentInfo *info,
                           const char                *message_id)
{
  InboxAttachmentChip *self = g_object_new (INBOX_TYPE_ATTACHMENT_CHIP, NULL);
  g_autofree char *content_type = g_content_type_from_mime_type (info->content_type);
  g_autoptr(GIcon) icon = g_content_type_get_symbolic_icon (content_type != NULL ? content_type : info->content_type);
  g_autofree char *size = g_format_size (info->size);
  g_autofree char *description = g_content_type_get_description (content_type != NULL ? content_type : info->content_type);
  g_autofree char *tooltip = g_strdup_printf ("%s, %s", description, size);
  const char *name = *info->filename != '\0' ? info->filename : _("Unnamed attachment");

  self->info.filename = g_strdup (info->filename);
  self->info.content_type = g_strdup (info->content_type);
  self->info.content_id = g_strdup (info->content_id);
  self->info.size = info->size;
  self->info.is_inline = info->is_inline;
  self->message_id = g_strdup (message_id);
  gtk_image_set_from_gicon (self->icon, icon);
  /* Images get a preview once the chip shows (fetched with the message, like Open and Save). */
  if (message_id != NULL && g_str_has_prefix (info->content_type, "image/") && info->size <= PREVIEW_MAX_BYTES)
    g_signal_connect (self, "map", G_CALLBACK (mapped), NULL);
  gtk_label_set_text (self->name_label, name);
  gtk_label_set_text (self->size_label, size);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), tooltip);
  return GTK_WIDGET (self);
}
