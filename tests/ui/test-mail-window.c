/* test-mail-window.c: the real app, in a real window, on the fixture's synced mailbox: the list
 * shows the rows, a selected conversation shows its messages, hostile HTML stays inert and loads
 * nothing before consent, archive leaves the Inbox (and the server agrees) and Undo brings it
 * back, keyboard shortcuts work, and a server that goes down is said as such while changes wait.
 *
 * Runs under test_mail_window.py, which sets the scene (see there) and passes:
 *   INBOX_TEST_HTTP_LOG  the local HTTP server's log of requests, one path per line
 *   INBOX_TEST_WHERE     a command that prints the server folders holding a Message-ID
 * Screenshots go to $INBOX_SCREENSHOT_DIR: look at them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <webkit/webkit.h>

#include "inbox-account-setup.h"
#include "inbox-application.h"
#include "inbox-attachment-chip.h"
#include "inbox-conversation-row.h"
#include "inbox-folder-chooser.h"
#include "inbox-folder-roles.h"
#include "inbox-message-card.h"
#include "inbox-pane-resizer.h"
#include "inbox-preferences.h"
#include "inbox-sidebar.h"
#include "inbox-window.h"
#include "ui-helpers.h"

static InboxApplication *app;

static InboxWindow *
window (void)
{
  GtkWindow *active = gtk_application_get_active_window (GTK_APPLICATION (app));

  g_assert_true (INBOX_IS_WINDOW (active));
  return INBOX_WINDOW (active);
}

static GListModel *
conversations (void)
{
  return G_LIST_MODEL (gtk_list_view_get_model (inbox_window_get_list_view (window ())));
}

static int
find_position (const char *subject_part)
{
  GListModel *model = conversations ();

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(InboxConversation) conversation = g_list_model_get_item (model, i);

      if (strstr (inbox_conversation_get_subject (conversation), subject_part) != NULL)
        return (int) i;
    }
  return -1;
}

static gboolean
is_present (gconstpointer subject_part)
{
  return find_position (subject_part) >= 0;
}

static gboolean
is_absent (gconstpointer subject_part)
{
  return find_position (subject_part) < 0;
}

static void
select_conversation (const char *subject_part)
{
  int position = find_position (subject_part);

  g_assert_cmpint (position, >=, 0);
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (conversations ()), (guint) position, TRUE);
  spin (200);
}

static char *
read_http_log (void)
{
  g_autofree char *log = NULL;

  g_assert_true (g_file_get_contents (g_getenv ("INBOX_TEST_HTTP_LOG"), &log, NULL, NULL));
  return g_steal_pointer (&log);
}

static char *
server_folders (const char *message_id)
{
  g_autofree char *command = g_strdup_printf ("%s %s", g_getenv ("INBOX_TEST_WHERE"), message_id);
  g_autofree char *out = NULL;
  int status;

  g_assert_true (g_spawn_command_line_sync (command, &out, NULL, &status, NULL));
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return g_strstrip (g_steal_pointer (&out));
}

static gboolean
no_pending_actions (gconstpointer store)
{
  InboxStoreStats stats;

  g_assert_true (inbox_store_get_stats_sync ((InboxStore *) store, &stats, NULL));
  return stats.pending_actions == 0;
}

static InboxStore *
open_store (void)
{
  g_autoptr(GError) error = NULL;
  InboxStore *store = inbox_store_open (NULL, &error);

  g_assert_no_error (error);
  return store;
}

static gboolean
has_focus_within (gconstpointer widget)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window ()));

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, (GtkWidget *) widget));
}

static void
test_list_shows_rows (void)
{
  GtkWidget *win;
  g_autoptr(InboxStore) store = open_store ();
  g_autoptr(GdkTexture) shot = NULL;
  gint64 expected = inbox_store_count_conversations_sync (store, "inbox", NULL);
  g_autoptr(InboxConversation) first = NULL;

  g_application_activate (G_APPLICATION (app));
  win = GTK_WIDGET (window ());
  gtk_window_set_default_size (GTK_WINDOW (win), 1280, 760);
  wait_until_drawn (win);

  /* The seeded threads plus the two test mails, newest first. */
  g_assert_cmpint (expected, >=, 5);
  g_assert_cmpuint (g_list_model_get_n_items (conversations ()), ==, (guint) expected);
  first = g_list_model_get_item (conversations (), 0);
  g_assert_nonnull (strstr (inbox_conversation_get_subject (first), "Hostile HTML"));
  /* Rows are drawn: the newest subject is on screen, in a conversation row. */
  g_assert_nonnull (find_descendant (win, is_label_with_text, inbox_conversation_get_subject (first)));
  g_assert_nonnull (find_descendant (win, is_of_type, GSIZE_TO_POINTER (INBOX_TYPE_CONVERSATION_ROW)));

  shot = save_screenshot (win, "main-window.png");
  g_assert_cmpuint (count_colours (shot), >, 20);
  /* The keys go to the list from the start. */
  g_assert_true (has_focus_within (inbox_window_get_list_view (window ())));
}

static gboolean
row_is_read (gconstpointer row)
{
  return !gtk_widget_has_css_class (GTK_WIDGET (row), "unread");
}

static void
test_select_shows_messages (void)
{
  InboxConversationView *view = inbox_window_get_conversation_view (window ());
  g_autoptr(GList) cards = NULL;
  g_autoptr(GdkTexture) shot = NULL;
  int position = find_position ("Project update 1");
  g_autoptr(InboxConversation) conversation = g_list_model_get_item (conversations (), (guint) position);

  GtkWidget *row = gtk_widget_get_ancestor (find_descendant (GTK_WIDGET (inbox_window_get_list_view (window ())), is_label_with_text,
                                                              inbox_conversation_get_subject (conversation)),
                                            INBOX_TYPE_CONVERSATION_ROW);

  g_assert_nonnull (row);
  g_assert_cmpuint (inbox_conversation_get_unread_count (conversation), >, 0);
  g_assert_true (gtk_widget_has_css_class (row, "unread"));
  select_conversation ("Project update 1");
  g_assert_cmpint (inbox_conversation_view_get_conversation_id (view), ==, inbox_conversation_get_id (conversation));
  /* Opening it reads it: the same row shows it read (the list gives the object its new content). */
  wait_for (row_is_read, row, "the row to show the conversation read");
  g_assert_cmpuint (inbox_conversation_get_unread_count (conversation), ==, 0);
  cards = inbox_conversation_view_get_cards (view);
  g_assert_cmpuint (g_list_length (cards), ==, inbox_conversation_get_message_count (conversation));
  /* The newest and the unread are open; older read ones are one line each. */
  for (GList *l = cards; l != NULL; l = l->next)
    {
      guint flags = inbox_message_get_flags (inbox_message_card_get_message (l->data));

      g_assert_cmpint (inbox_message_card_get_expanded (l->data), ==, l->next == NULL || (flags & INBOX_MESSAGE_SEEN) == 0);
    }
  g_assert_nonnull (find_descendant (GTK_WIDGET (view), is_label_with_text, inbox_conversation_get_subject (conversation)));

  spin (500);
  shot = save_screenshot (GTK_WIDGET (window ()), "conversation-text.png");
}

static gboolean
web_view_loaded (gconstpointer web_view)
{
  WebKitWebView *view = WEBKIT_WEB_VIEW ((gpointer) web_view);

  return !webkit_web_view_is_loading (view) && gtk_widget_get_height (GTK_WIDGET (view)) > 60;
}

typedef struct {
  gboolean done;
  char *result;
} Eval;

static void
evaluated (GObject *object, GAsyncResult *result, gpointer user_data)
{
  Eval *eval = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JSCValue) value = webkit_web_view_evaluate_javascript_finish (WEBKIT_WEB_VIEW (object), result, &error);

  g_assert_no_error (error);
  eval->result = jsc_value_to_string (value);
  eval->done = TRUE;
}

/* Reads the page's state from a world of the test's own (the page's script cannot run). */
static char *
evaluate (WebKitWebView *web_view,
          const char    *script)
{
  Eval eval = { FALSE, NULL };

  webkit_web_view_evaluate_javascript (web_view, script, -1, "inbox-test", NULL, NULL, evaluated, &eval);
  while (!eval.done)
    g_main_context_iteration (NULL, TRUE);
  return eval.result;
}

static gboolean
log_has_remote_image (gconstpointer data)
{
  g_autofree char *log = read_http_log ();

  return strstr (log, "/remote.png") != NULL;
}

static void
test_hostile_html (void)
{
  InboxConversationView *view = inbox_window_get_conversation_view (window ());
  g_autoptr(GList) cards = NULL;
  InboxMessageCard *card;
  WebKitWebView *web_view;
  g_autofree char *log = NULL;
  g_autofree char *title = NULL, *pwned = NULL, *scripts = NULL, *images = NULL, *forms = NULL;
  g_autoptr(GdkTexture) shot = NULL;

  select_conversation ("Hostile HTML");
  cards = inbox_conversation_view_get_cards (view);
  g_assert_cmpuint (g_list_length (cards), ==, 1);
  card = cards->data;
  web_view = WEBKIT_WEB_VIEW (inbox_message_card_get_web_view (card));
  g_assert_nonnull (web_view);
  wait_for (web_view_loaded, web_view, "the HTML message to load");
  spin (1500);  /* time for anything that would leak to reach the server */

  /* Nothing ran, nothing left the machine. */
  log = read_http_log ();
  g_assert_cmpstr (log, ==, "");
  title = evaluate (web_view, "document.title");
  g_assert_cmpstr (title, !=, "pwned");
  pwned = evaluate (web_view, "String(document.body.getAttribute('data-pwned'))");
  g_assert_cmpstr (pwned, ==, "null");
  scripts = evaluate (web_view, "String(document.scripts.length)");
  g_assert_cmpstr (scripts, ==, "0");
  /* The tracking pixel was removed before WebKit saw it; the real picture is there, blocked. */
  images = evaluate (web_view, "Array.from(document.images).map(i => i.getAttribute('src')).join(' ')");
  g_assert_null (strstr (images, "open.php"));
  g_assert_nonnull (strstr (images, "remote.png"));
  /* The user is told why the picture is missing. */
  g_assert_nonnull (find_descendant (GTK_WIDGET (card), is_label_with_text,
                                     "Remote images are blocked to protect your privacy."));
  g_assert_true (webkit_uri_for_display (webkit_web_view_get_uri (web_view)) != NULL);
  g_assert_cmpstr (webkit_web_view_get_uri (web_view), ==, "about:blank");  /* the refresh went nowhere */
  forms = evaluate (web_view, "String(document.forms.length)");
  g_assert_cmpstr (forms, ==, "1");  /* still there, but the policy stops it posting anywhere */

  shot = save_screenshot (GTK_WIDGET (window ()), "conversation-html.png");

  /* Consent: "Load Images" loads the picture, never the tracker. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (card), "card.load-images", NULL));
  wait_for (log_has_remote_image, NULL, "the remote image to load after consent");
  spin (1000);
  g_clear_pointer (&log, g_free);
  log = read_http_log ();
  g_assert_null (strstr (log, "open.php"));
  g_assert_null (strstr (log, "script"));
  g_assert_null (strstr (log, "frame"));
  g_assert_null (strstr (log, "form"));
}

static void
test_html_quote_folds (void)
{
  InboxConversationView *view = inbox_window_get_conversation_view (window ());
  g_autoptr(GList) cards = NULL;
  WebKitWebView *web_view;
  g_autofree char *shown = NULL, *buttons = NULL, *clicked = NULL;
  int folded_height;
  gint64 deadline;

  select_conversation ("Quoted HTML reply");
  cards = inbox_conversation_view_get_cards (view);
  web_view = WEBKIT_WEB_VIEW (inbox_message_card_get_web_view (cards->data));
  wait_for (web_view_loaded, web_view, "the HTML reply to load");
  spin (500);

  /* The quote is folded behind one "…" button of ours; the reply itself shows. */
  shown = evaluate (web_view, "document.querySelector('.gmail_quote').style.display");
  g_assert_cmpstr (shown, ==, "none");
  buttons = evaluate (web_view, "String(document.querySelectorAll('button[data-inbox-quote]').length)");
  g_assert_cmpstr (buttons, ==, "1");

  /* Unfolding it makes the view taller, without a reload. */
  folded_height = gtk_widget_get_height (GTK_WIDGET (web_view));
  clicked = evaluate (web_view, "document.querySelector('button[data-inbox-quote]').click(); 'ok'");
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (gtk_widget_get_height (GTK_WIDGET (web_view)) <= folded_height + 40)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      spin (50);
    }
}

static gboolean
image_shown (gconstpointer web_view)
{
  g_autofree char *width = evaluate ((WebKitWebView *) web_view,
                                     "String(document.images.length > 0 && document.images[0].complete ? "
                                     "document.images[0].naturalWidth : 0)");

  return g_strcmp0 (width, "4") == 0;
}

/* A cid: image is the message's own part: it shows at once, with remote content still blocked,
 * and nothing is fetched from the network for it. */
static void
test_cid_image (void)
{
  InboxConversationView *view = inbox_window_get_conversation_view (window ());
  g_autoptr(GList) cards = NULL;
  WebKitWebView *web_view;

  select_conversation ("Picture inside");
  cards = inbox_conversation_view_get_cards (view);
  web_view = WEBKIT_WEB_VIEW (inbox_message_card_get_web_view (cards->data));
  wait_for (web_view_loaded, web_view, "the HTML message to load");
  wait_for (image_shown, web_view, "the cid: image to show");
  spin (1000);
  save_screenshot (GTK_WIDGET (window ()), "conversation-cid.png");
}

static gboolean
has_preview (GtkWidget *widget, gconstpointer data)
{
  return GTK_IS_IMAGE (widget) && gtk_widget_has_css_class (widget, "attachment-preview") &&
         gtk_image_get_storage_type (GTK_IMAGE (widget)) == GTK_IMAGE_PAINTABLE;
}

static gboolean
preview_shown (gconstpointer unused)
{
  return find_descendant (GTK_WIDGET (inbox_window_get_conversation_view (window ())), has_preview, NULL) != NULL;
}

/* An image attachment shows a preview (fetched from the server) in place of its icon. */
static void
test_image_preview (void)
{
  select_conversation ("Holiday photo");
  g_assert_nonnull (find_descendant (GTK_WIDGET (window ()), is_of_type, GSIZE_TO_POINTER (INBOX_TYPE_ATTACHMENT_CHIP)));
  wait_for (preview_shown, NULL, "the image attachment's preview");
  spin (300);
  save_screenshot (GTK_WIDGET (window ()), "attachment-preview.png");
}

static gboolean
is_undo_button (GtkWidget *widget, gconstpointer data)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), "_Undo") == 0 &&
         gtk_widget_get_mapped (widget);
}

static gboolean
selected_is (gconstpointer position)
{
  return gtk_selection_model_is_selected (GTK_SELECTION_MODEL (conversations ()), GPOINTER_TO_UINT (position));
}

/* Real key presses through the X server, as a user types them. */
static void
press_key (const char *key)
{
  g_autofree char *what = g_strdup_printf ("windowfocus --sync %%WINDOW key %s", key);

  xdotool_on (GTK_WIDGET (window ()), what);
}

static gboolean
undo_enabled (gconstpointer unused)
{
  return g_action_group_get_action_enabled (G_ACTION_GROUP (window ()), "undo");
}

/* The conversation whose subject has subject_part is the one selected, and the one shown. */
static gboolean
is_open (gconstpointer subject_part)
{
  int position = find_position (subject_part);
  g_autoptr(InboxConversation) conversation = NULL;

  if (position < 0 || !gtk_selection_model_is_selected (GTK_SELECTION_MODEL (conversations ()), (guint) position))
    return FALSE;
  conversation = g_list_model_get_item (conversations (), (guint) position);
  return inbox_conversation_view_get_conversation_id (inbox_window_get_conversation_view (window ())) ==
         inbox_conversation_get_id (conversation);
}

static void
test_archive_and_undo (void)
{
  g_autoptr(InboxStore) store = open_store ();
  g_autofree char *before = NULL, *archived = NULL, *restored = NULL;
  GtkWidget *undo;
  int position;

  before = server_folders ("plain-quote@example.net");
  g_assert_cmpstr (before, ==, "INBOX");

  select_conversation ("Notes on the engine");
  position = find_position ("Notes on the engine");
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window ()), "archive"));
  g_action_group_activate_action (G_ACTION_GROUP (window ()), "archive", NULL);
  wait_for (is_absent, "Notes on the engine", "the archived conversation to leave the Inbox");
  /* The conversation that took its place is selected next. */
  wait_for (selected_is, GINT_TO_POINTER (position), "the next conversation to be selected");

  /* The app's watcher replays the move at once; then the server has it in Archive. */
  wait_for (no_pending_actions, store, "the archive to reach the server");
  archived = server_folders ("plain-quote@example.net");
  g_assert_cmpstr (archived, ==, "Archive");

  undo = find_descendant (GTK_WIDGET (window ()), is_undo_button, NULL);
  g_assert_nonnull (undo);
  g_signal_emit_by_name (undo, "clicked");
  wait_for (is_present, "Notes on the engine", "Undo to bring the conversation back");
  wait_for (no_pending_actions, store, "the undo to reach the server");
  restored = server_folders ("plain-quote@example.net");
  g_assert_cmpstr (restored, ==, "INBOX");

  /* What Undo brought back is selected and open again. */
  wait_for (is_open, "Notes on the engine", "the conversation Undo brought back to be open");

  /* Ctrl+Z presses the Undo of the toast on screen, and only once; pressed as soon as it can be,
   * before the list may have let the conversation go, it is selected and open again all the same. */
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (window ()), "undo"));
  select_conversation ("Notes on the engine");
  gtk_widget_grab_focus (GTK_WIDGET (inbox_window_get_list_view (window ())));
  g_action_group_activate_action (G_ACTION_GROUP (window ()), "archive", NULL);
  wait_for (undo_enabled, NULL, "the archive's toast, with Undo");
  press_key ("ctrl+z");
  wait_for (is_present, "Notes on the engine", "Ctrl+Z to bring the conversation back");
  wait_for (is_open, "Notes on the engine", "the conversation Ctrl+Z brought back to be open");
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (window ()), "undo"));
  wait_for (no_pending_actions, store, "the undo to reach the server");
  g_free (restored);
  restored = server_folders ("plain-quote@example.net");
  g_assert_cmpstr (restored, ==, "INBOX");
}


static void
test_keyboard (void)
{
  GtkListView *list_view = inbox_window_get_list_view (window ());

  gtk_selection_model_select_item (GTK_SELECTION_MODEL (conversations ()), 0, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (list_view));
  spin (200);
  press_key ("j");
  wait_for (selected_is, GUINT_TO_POINTER (1), "J to select the next conversation");
  press_key ("k");
  wait_for (selected_is, GUINT_TO_POINTER (0), "K to select the previous conversation");
}

static void
type_text (const char *text)
{
  g_autofree char *quoted = g_shell_quote (text);
  g_autofree char *what = g_strdup_printf ("windowfocus --sync %%WINDOW type --delay 40 %s", quoted);

  xdotool_on (GTK_WIDGET (window ()), what);
}

static gboolean
lists_exactly (gconstpointer n)
{
  return g_list_model_get_n_items (conversations ()) == GPOINTER_TO_UINT (n);
}

static gboolean
is_visible_label_starting (GtkWidget     *widget,
                           gconstpointer  start)
{
  return GTK_IS_LABEL (widget) && gtk_widget_is_visible (widget) &&
         g_str_has_prefix (gtk_label_get_text (GTK_LABEL (widget)), start);
}

static gboolean
search_says (gconstpointer start)
{
  return find_descendant (GTK_WIDGET (window ()), is_visible_label_starting, start) != NULL;
}

static gboolean
search_quiet (gconstpointer unused)
{
  return !search_says ("“before:xyz” is not a date");
}


static gboolean
conversation_open (gconstpointer unused)
{
  return inbox_conversation_view_get_conversation_id (inbox_window_get_conversation_view (window ())) > 0;
}

/* Search as a person uses it, with real key presses: Ctrl+F, type, the list narrows as one types;
 * a query that cannot be read says why and keeps the last results; Enter opens the first result
 * and gives the list the focus; Escape ends the search and the mailbox is back. */
static void
test_search (void)
{
  g_autoptr(GdkTexture) shot = NULL;
  GtkWidget *entry;
  guint inbox_count;

  g_assert_true (inbox_window_select_mailbox (window (), "inbox"));
  spin (300);
  inbox_count = g_list_model_get_n_items (conversations ());
  g_assert_cmpuint (inbox_count, >, 1);
  gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (conversations ()));
  spin (200);

  press_key ("ctrl+f");
  entry = find_descendant (GTK_WIDGET (window ()), is_of_type, GSIZE_TO_POINTER (GTK_TYPE_SEARCH_ENTRY));
  g_assert_nonnull (entry);
  wait_for (has_focus_within, entry, "Ctrl+F to put the focus in the search entry");
  type_text ("engine");
  /* The subject of one, the text of the other. */
  wait_for (lists_exactly, GUINT_TO_POINTER (2), "typing to narrow the list to the two matches");
  g_assert_true (is_present ("Notes on the engine"));
  g_assert_true (is_present ("Quoted HTML reply"));
  shot = save_screenshot (GTK_WIDGET (window ()), "search.png");

  type_text (" before:xyz");
  wait_for (search_says, "“before:xyz” is not a date", "the search to say what is wrong with the query");
  g_assert_true (is_present ("Notes on the engine"));
  for (int i = 0; i < 11; i++)
    press_key ("BackSpace");
  wait_for (search_quiet, NULL, "the error to go once the query reads again");
  g_assert_cmpuint (g_list_model_get_n_items (conversations ()), ==, 2);

  press_key ("Return");
  wait_for (selected_is, GUINT_TO_POINTER (0), "Enter to select the first result");
  wait_for (conversation_open, NULL, "Enter to open the first result");
  g_assert_true (has_focus_within (inbox_window_get_list_view (window ())));

  press_key ("ctrl+f");
  spin (200);
  press_key ("Escape");
  wait_for (lists_exactly, GUINT_TO_POINTER (inbox_count), "Escape to end the search and show the Inbox again");
}

static void
test_label_into_folder (void)
{
  g_autoptr(InboxStore) store = open_store ();
  g_autofree char *folders = NULL;
  GtkWindow *chooser;

  select_conversation ("Hostile HTML");
  g_action_group_activate_action (G_ACTION_GROUP (window ()), "move-to-folder", NULL);
  spin (300);
  chooser = find_toplevel (INBOX_TYPE_FOLDER_CHOOSER);
  g_assert_nonnull (chooser);
  /* Only folders one files into: Archive here, not Sent, Drafts, Spam or Trash. */
  g_assert_nonnull (find_descendant (GTK_WIDGET (chooser), is_label_with_text, "Archive"));
  g_assert_null (find_descendant (GTK_WIDGET (chooser), is_label_with_text, "Sent"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (chooser), "chooser.choose", "s", "label"));
  spin (300);
  g_assert_null (find_toplevel (INBOX_TYPE_FOLDER_CHOOSER));

  /* A label is a copy: the conversation stays in the Inbox, and the server has it in both. */
  wait_for (no_pending_actions, store, "the label to reach the server");
  g_assert_true (is_present ("Hostile HTML"));
  folders = server_folders ("hostile@evil.example");
  g_assert_cmpstr (folders, ==, "INBOX\nArchive");
}

static void
test_dark_style (void)
{
  g_autoptr(GdkTexture) shot = NULL;

  select_conversation ("Hostile HTML");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  spin (1500);
  shot = save_screenshot (GTK_WIDGET (window ()), "main-window-dark.png");

  /* "Light messages" off: in dark style the HTML is darkened, its pictures are not. */
  {
    g_autoptr(GSettings) settings = g_settings_new (APP_ID);
    g_autoptr(GList) cards = NULL;
    g_autofree char *filter = NULL;
    WebKitWebView *web_view;

    g_settings_set_boolean (settings, "light-messages", FALSE);
    select_conversation ("Quoted HTML reply");
    cards = inbox_conversation_view_get_cards (inbox_window_get_conversation_view (window ()));
    web_view = WEBKIT_WEB_VIEW (inbox_message_card_get_web_view (cards->data));
    wait_for (web_view_loaded, web_view, "the HTML message to load");
    filter = evaluate (web_view, "getComputedStyle(document.documentElement).filter");
    g_assert_nonnull (strstr (filter, "invert"));
    spin (500);
    g_clear_object (&shot);
    shot = save_screenshot (GTK_WIDGET (window ()), "main-window-dark-messages.png");
    g_settings_set_boolean (settings, "light-messages", TRUE);
  }
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
}

static void
test_narrow_window_folds (void)
{
  GtkWidget *leaflet = find_descendant (GTK_WIDGET (window ()), is_of_type, GSIZE_TO_POINTER (ADW_TYPE_LEAFLET));
  g_autoptr(GdkTexture) shot = NULL;

  gtk_window_set_default_size (GTK_WINDOW (window ()), 400, 700);
  spin (2000);  /* the leaflet's transition ends */
  g_assert_true (adw_leaflet_get_folded (ADW_LEAFLET (leaflet)));
  shot = save_screenshot (GTK_WIDGET (window ()), "main-window-narrow.png");
  gtk_window_set_default_size (GTK_WINDOW (window ()), 1280, 760);
  spin (500);
}

/* The list pane's right edge drags (its width within bounds), and the width it starts at is the
 * one remembered. */
static void
test_pane_width (void)
{
  GtkWidget *list_pane = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window ()), INBOX_TYPE_WINDOW, "list_pane"));
  InboxPaneResizer *resizer = g_object_get_data (G_OBJECT (list_pane), "inbox-pane-resizer");
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  int width;

  g_assert_nonnull (resizer);
  gtk_widget_get_size_request (list_pane, &width, NULL);
  g_assert_cmpint (width, ==, g_settings_get_int (settings, "list-width"));
  inbox_pane_resizer_set_width (resizer, 5000);
  gtk_widget_get_size_request (list_pane, &width, NULL);
  g_assert_cmpint (width, ==, 720);
  inbox_pane_resizer_set_width (resizer, 460);
  spin (300);
  g_assert_cmpint (gtk_widget_get_width (list_pane), >=, 460);
  save_screenshot (GTK_WIDGET (window ()), "main-window-wide-list.png");
  inbox_pane_resizer_set_width (resizer, g_settings_get_int (settings, "list-width"));
}

static gboolean
is_not_present (gconstpointer text)
{
  return find_descendant (GTK_WIDGET (window ()), is_label_with_text, text) == NULL;
}

static gboolean
is_shown (gconstpointer text)
{
  return find_descendant (GTK_WIDGET (window ()), is_label_with_text, text) != NULL;
}

static gboolean
is_stored (gconstpointer message_id)
{
  g_autoptr(InboxStore) store = open_store ();
  g_autofree char *account = NULL, *folder = NULL;
  gint64 uid = 0;

  return inbox_store_locate_message_sync (store, message_id, &account, &folder, &uid, NULL) && account != NULL;
}

/* Folders other than INBOX are polled (IDLE covers INBOX): another client's message filed in
 * Archive shows only at the next poll, and a shorter interval applies to the wait under way. The
 * "poll-interval" setting reaches the watchers. */
static void
test_poll_interval (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  InboxMailService *service = inbox_application_get_service (app);
  g_autofree char *command = g_strdup_printf ("%s Archive filed-elsewhere@example.net", g_getenv ("INBOX_TEST_DELIVER"));
  int status;

  g_assert_cmpuint (inbox_mail_service_get_poll_interval (service), ==, 60);
  g_settings_set_int (settings, "poll-interval", 900);
  g_assert_cmpuint (inbox_mail_service_get_poll_interval (service), ==, 900);

  g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, &status, NULL));
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  spin (3000);
  g_assert_false (is_stored ("filed-elsewhere@example.net"));

  /* Seconds, for the test (the setting's least is 30). */
  inbox_mail_service_set_poll_interval (service, 2);
  wait_for (is_stored, "filed-elsewhere@example.net", "the next poll to bring the message filed in Archive");
  g_settings_reset (settings, "poll-interval");
  g_assert_cmpuint (inbox_mail_service_get_poll_interval (service), ==, 60);
}

/* Another client files message_id in Archive while the poll is 15 minutes away: not stored after
 * two seconds. The caller then makes a pass happen; inbox_mail_service_set_poll_interval (60) after. */
static void
file_elsewhere_while_polling_rarely (const char *message_id)
{
  g_autofree char *command = g_strdup_printf ("%s Archive %s", g_getenv ("INBOX_TEST_DELIVER"), message_id);
  int status;

  inbox_mail_service_set_poll_interval (inbox_application_get_service (app), 900);
  g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, &status, NULL));
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  spin (2000);
  g_assert_false (is_stored (message_id));
}

/* Check for New Mail (F5): a message filed in Archive by another client shows at once, without
 * waiting for the next poll. */
static void
test_check_mail (void)
{
  file_elsewhere_while_polling_rarely ("checked-now@example.net");
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window ()), "check-mail"));
  g_action_group_activate_action (G_ACTION_GROUP (window ()), "check-mail", NULL);
  wait_for (is_stored, "checked-now@example.net", "Check for New Mail to bring the message filed in Archive");
  inbox_mail_service_set_poll_interval (inbox_application_get_service (app), 60);
}

/* The network comes back (GIO's monitor says so, as after a resume): a pass at once, not at the
 * next poll, brings what another client filed meanwhile. */
static void
test_network_back (void)
{
  file_elsewhere_while_polling_rarely ("network-back@example.net");
  g_signal_emit_by_name (g_network_monitor_get_default (), "network-changed", TRUE);
  wait_for (is_stored, "network-back@example.net", "the network's return to bring the message filed in Archive");
  inbox_mail_service_set_poll_interval (inbox_application_get_service (app), 60);
}

/* The fixture's Dovecot down (its master stopped, and the log-in and IMAP processes that Dovecot
 * leaves serving open connections killed: a server gone, not a restart) or started again, and its
 * IMAPS port closed or open accordingly. */
static gboolean
imaps_port_is (gconstpointer open)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection =
    g_socket_client_connect_to_host (client, "127.0.0.1", (guint16) atoi (g_getenv ("INBOX_TEST_IMAPS_PORT")), NULL, NULL);

  return (connection != NULL) == GPOINTER_TO_INT (open);
}

static void
dovecot (gboolean running)
{
  const char *down = "doveadm -c \"$INBOX_TEST_DOVECOT_CONF\" stop && "
                     "pkill -f \"dovecot-$(sed -n 's/^instance_name = //p' \"$INBOX_TEST_DOVECOT_CONF\")/\" || true";
  const char *argv[] = { "sh", "-c", running ? "dovecot -c \"$INBOX_TEST_DOVECOT_CONF\"" : down, NULL };
  int status;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, NULL));
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  wait_for (imaps_port_is, GINT_TO_POINTER (running), running ? "Dovecot to listen again" : "Dovecot to stop");
}

static gboolean
has_tooltip_mapped (GtkWidget     *widget,
                    gconstpointer  text)
{
  return g_strcmp0 (gtk_widget_get_tooltip_text (widget), text) == 0 && gtk_widget_get_mapped (widget) &&
         GTK_IS_IMAGE (widget);
}

static gboolean
warning_shown (gconstpointer text)
{
  return find_descendant (GTK_WIDGET (window ()), has_tooltip_mapped, text) != NULL;
}

static gboolean
not_warning_shown (gconstpointer text)
{
  return !warning_shown (text);
}

/* The server goes down while the app runs. An archive is done here at once and waits; the next pass
 * says the server can't be reached, as an outage in a toast and on the account's warning icon (it
 * said "Cannot write a change back to the server: Could not connect…", which reads as a change
 * lost). Once the server is back, the network's return brings a pass that writes the archive back
 * and clears the warning. */
static void
test_server_down (void)
{
  g_autoptr(InboxStore) store = open_store ();
  g_autofree char *said = g_strdup_printf ("Cannot reach 127.0.0.1 (connection refused on port %s). "
                                           "Your changes wait until it is back.", g_getenv ("INBOX_TEST_IMAPS_PORT"));
  g_autofree char *archived = NULL;
  g_autoptr(GdkTexture) shot = NULL;

  inbox_mail_service_set_poll_interval (inbox_application_get_service (app), 900);
  dovecot (FALSE);
  select_conversation ("Holiday photo");
  g_action_group_activate_action (G_ACTION_GROUP (window ()), "archive", NULL);
  wait_for (is_absent, "Holiday photo", "the archived conversation to leave the Inbox while the server is down");
  g_action_group_activate_action (G_ACTION_GROUP (window ()), "check-mail", NULL);
  wait_for (is_shown, said, "the toast saying the server can't be reached");
  wait_for (warning_shown, said, "the account's warning icon, saying the same");
  g_assert_false (no_pending_actions (store));
  spin (1500);  /* the toast of the archive makes way, and this one slides in */
  shot = save_screenshot (GTK_WIDGET (window ()), "server-down.png");

  dovecot (TRUE);
  g_signal_emit_by_name (g_network_monitor_get_default (), "network-changed", TRUE);
  wait_for (no_pending_actions, store, "the archive to reach the server once it is back");
  archived = server_folders ("photo@example.net");
  g_assert_cmpstr (archived, ==, "Archive");
  wait_for (not_warning_shown, said, "the warning to go once a pass succeeds");
  inbox_mail_service_set_poll_interval (inbox_application_get_service (app), 60);
}

static void
name_acquired (GDBusConnection *connection,
               const char      *name,
               gpointer         user_data)
{
  *(gboolean *) user_data = TRUE;
}

static gboolean
is_true (gconstpointer flag)
{
  return *(const gboolean *) flag;
}

/* The computer wakes up: logind says PrepareForSleep (FALSE) on the system bus (the test's session
 * bus stands for it here, given as the system bus before the app started, and the test takes
 * logind's name to say it). A pass at once, not at the next poll, brings what another client filed
 * meanwhile. */
static void
test_resume (void)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SYSTEM, NULL, NULL);
  g_autoptr(GError) error = NULL;
  gboolean named = FALSE;
  guint owner;

  g_assert_nonnull (bus);
  file_elsewhere_while_polling_rarely ("after-resume@example.net");
  owner = g_bus_own_name_on_connection (bus, "org.freedesktop.login1", G_BUS_NAME_OWNER_FLAGS_NONE, name_acquired,
                                        NULL, &named, NULL);
  wait_for (is_true, &named, "logind's name");
  g_assert_true (g_dbus_connection_emit_signal (bus, NULL, "/org/freedesktop/login1", "org.freedesktop.login1.Manager",
                                                "PrepareForSleep", g_variant_new ("(b)", FALSE), &error));
  g_assert_no_error (error);
  wait_for (is_stored, "after-resume@example.net", "the resume to bring the message filed in Archive");
  g_bus_unown_name (owner);
  inbox_mail_service_set_poll_interval (inbox_application_get_service (app), 60);
}

static gboolean
is_mapped_label_with_text (GtkWidget     *widget,
                           gconstpointer  text)
{
  return is_label_with_text (widget, text) && gtk_widget_get_mapped (widget);
}

static gboolean
popover_shown (gconstpointer popover)
{
  return gtk_widget_get_mapped (GTK_WIDGET (popover));
}

/* Right-click on the account's heading in the sidebar (a real click through the X server): its
 * menu, whose Special Folders and Account Settings open their windows. */
static void
test_account_menu (void)
{
  GtkWidget *sidebar = find_descendant (GTK_WIDGET (window ()), is_of_type, GSIZE_TO_POINTER (INBOX_TYPE_SIDEBAR));
  GtkWidget *heading = find_descendant (sidebar, is_mapped_label_with_text, g_getenv ("INBOX_TEST_USER"));
  GtkWidget *menu = find_descendant (sidebar, is_of_type, GSIZE_TO_POINTER (GTK_TYPE_POPOVER_MENU));
  g_autoptr(GdkTexture) shot = NULL;
  GtkWindow *opened;

  g_assert_nonnull (heading);
  g_assert_nonnull (menu);
  click_at (heading, 10, 5, 3);
  wait_for (popover_shown, menu, "the account's menu to open");
  spin (300);
  shot = save_screenshot (menu, "sidebar-account-menu.png");
  g_assert_nonnull (find_descendant (menu, is_label_with_text, "Special Folders…"));
  gtk_popover_popdown (GTK_POPOVER (menu));

  g_assert_true (gtk_widget_activate_action (sidebar, "sidebar.special-folders", NULL));
  spin (300);
  opened = find_toplevel (INBOX_TYPE_FOLDER_ROLES);
  g_assert_nonnull (opened);
  gtk_window_close (opened);
  g_assert_true (gtk_widget_activate_action (sidebar, "sidebar.account-settings", NULL));
  spin (300);
  opened = find_toplevel (INBOX_TYPE_ACCOUNT_SETUP);
  g_assert_nonnull (opened);
  g_assert_cmpstr (gtk_window_get_title (opened), ==, "Edit Account");
  gtk_window_close (opened);
  spin (200);
}

static gboolean
is_combo_row_titled (GtkWidget     *widget,
                     gconstpointer  title)
{
  return ADW_IS_COMBO_ROW (widget) && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

static char *
account_uid (void)
{
  g_autoptr(InboxStore) store = open_store ();
  g_autoptr(GPtrArray) accounts = inbox_store_list_accounts_sync (store, NULL, NULL);

  g_assert_nonnull (accounts);
  g_assert_cmpuint (accounts->len, ==, 1);
  return g_strdup (((InboxAccountConfig *) accounts->pdata[0])->uid);
}

static gboolean
status_is (gconstpointer wanted)
{
  g_autofree char *uid = account_uid ();

  return inbox_mail_service_get_status (inbox_application_get_service (app), uid, NULL) == (InboxSyncStatus) GPOINTER_TO_INT (wanted);
}

static gboolean
is_gone (gconstpointer type)
{
  return find_toplevel (GPOINTER_TO_SIZE (type)) == NULL;
}

static void
doveadm (const char *arguments)
{
  g_autofree char *command = g_strdup_printf ("doveadm -c %s %s", g_getenv ("INBOX_TEST_DOVECOT_CONF"), arguments);
  int status;

  g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, &status, NULL));
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

/* Gives the test user another password on the servers, IMAP and SMTP, as a provider's new
 * app-specific password does (NULL: the fixture's again). */
static void
set_server_password (const char *password)
{
  g_autofree char *smtp_line = g_strdup_printf ("%s\n", password != NULL ? password : g_getenv ("INBOX_TEST_PASSWORD"));
  g_autofree char *directory = g_path_get_dirname (g_getenv ("INBOX_TEST_DOVECOT_CONF"));
  g_autofree char *users = g_build_filename (directory, "users", NULL);
  static char *original;
  g_autofree char *text = NULL;
  g_autoptr(GString) changed = NULL;

  if (original == NULL)
    g_assert_true (g_file_get_contents (users, &original, NULL, NULL));
  changed = g_string_new (original);
  if (password != NULL)
    g_string_replace (changed, g_getenv ("INBOX_TEST_PASSWORD"), password, 0);
  g_assert_true (g_file_set_contents (users, changed->str, -1, NULL));
  doveadm ("reload");  /* auth reads the file again */
  g_assert_true (g_file_set_contents (g_getenv ("INBOX_TEST_SMTP_PASSWORD_FILE"), smtp_line, -1, NULL));
}

/* The password changed on the server: the account says the server refused it, with Enter
 * Password in the sidebar and in a toast; that opens the account's settings, where the new
 * password is verified and saved, and mail comes again. */
static void
test_new_password (void)
{
  g_autofree char *uid = account_uid ();
  g_autofree char *kick = g_strdup_printf ("kick %s", g_getenv ("INBOX_TEST_USER"));
  g_autoptr(GdkTexture) shot = NULL;
  GtkWidget *button_label, *password_row;
  GtkWindow *setup;

  set_server_password ("a-new-password");
  doveadm (kick);  /* the app's open connections go: the next log-in is refused */
  g_action_group_activate_action (G_ACTION_GROUP (window ()), "reconnect", g_variant_new_string (uid));
  wait_for (status_is, GINT_TO_POINTER (INBOX_SYNC_STATUS_AUTHENTICATION_FAILED), "the refused password to be said");
  spin (500);
  shot = save_screenshot (GTK_WIDGET (window ()), "password-refused.png");
  /* Every sidebar row has the button, hidden: the account's is shown. */
  button_label = find_descendant (GTK_WIDGET (window ()), is_mapped_label_with_text, "Enter Password");
  g_assert_nonnull (button_label);
  g_assert_nonnull (find_descendant (GTK_WIDGET (window ()), is_label_with_text, "Enter Password…"));

  g_action_group_activate_action (G_ACTION_GROUP (window ()), "edit-account", g_variant_new_string (uid));
  spin (300);
  setup = find_toplevel (INBOX_TYPE_ACCOUNT_SETUP);
  g_assert_nonnull (setup);
  wait_until_drawn (GTK_WIDGET (setup));
  g_clear_object (&shot);
  shot = save_screenshot (GTK_WIDGET (setup), "password-refused-edit.png");
  password_row = find_descendant (GTK_WIDGET (setup), is_entry_row_titled, "Password (empty: unchanged)");
  g_assert_nonnull (password_row);
  gtk_editable_set_text (GTK_EDITABLE (password_row), "a-new-password");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (setup), "setup.connect", NULL));
  wait_for (is_gone, GSIZE_TO_POINTER (INBOX_TYPE_ACCOUNT_SETUP), "the verified settings to be saved");
  wait_for (status_is, GINT_TO_POINTER (INBOX_SYNC_STATUS_IDLE), "the account to sync again");
  g_assert_null (find_descendant (GTK_WIDGET (window ()), is_mapped_label_with_text, "Enter Password"));
  {
    g_autoptr(InboxSecretPassword) kept = inbox_secrets_lookup_sync (uid, INBOX_SECRET_PROTOCOL_IMAP, NULL, NULL);
    g_assert_cmpstr (kept, ==, "a-new-password");
  }

  /* The fixture's password again, for the tests after this one (which also use it themselves):
   * the keyring's first, so that no log-in in between is refused. */
  g_assert_true (inbox_secrets_store_sync (uid, INBOX_SECRET_PROTOCOL_IMAP, "Inbox test", g_getenv ("INBOX_TEST_PASSWORD"),
                                           NULL, NULL));
  set_server_password (NULL);
}

/* The SHA-256 fingerprint of the fixture's certificate file, as "AB:CD:…". */
static char *
certificate_fingerprint (void)
{
  g_autoptr(GTlsCertificate) certificate = g_tls_certificate_new_from_file (g_getenv ("INBOX_TEST_CA_CERT"), NULL);
  g_autoptr(GByteArray) der = NULL;
  g_autofree char *hex = NULL;
  g_autoptr(GString) text = g_string_new (NULL);

  g_assert_nonnull (certificate);
  g_object_get (certificate, "certificate", &der, NULL);
  hex = g_compute_checksum_for_data (G_CHECKSUM_SHA256, der->data, der->len);
  for (guint i = 0; hex[i] != '\0'; i += 2)
    g_string_append_printf (text, "%s%c%c", i > 0 ? ":" : "", g_ascii_toupper (hex[i]), g_ascii_toupper (hex[i + 1]));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static gboolean
is_visible_label_containing (GtkWidget     *widget,
                             gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && gtk_widget_is_drawable (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL;
}

/* The server's self-signed certificate, pinned when the account was added, is replaced (as when it
 * expires and is made again, or someone is in the way): the sync stops and says so, with Review
 * Certificate in the sidebar and in a toast (it said Camel's words in a toast cut short, and "add the
 * account again"). That opens the account's settings on the new certificate's fingerprint; trusted
 * there, it is pinned and mail comes again. */
static void
test_certificate_replaced (void)
{
  g_autofree char *uid = account_uid ();
  g_autofree char *kick = g_strdup_printf ("kick %s", g_getenv ("INBOX_TEST_USER"));
  g_autofree char *directory = g_path_get_dirname (g_getenv ("INBOX_TEST_CA_CERT"));
  g_autofree char *key = g_build_filename (directory, "key.pem", NULL);
  g_autofree char *fingerprint = NULL;
  g_autoptr(GdkTexture) shot = NULL;
  GtkWidget *trust;
  GtkWindow *setup;
  const char *argv[] = { "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
                         "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", key,
                         "-out", g_getenv ("INBOX_TEST_CA_CERT"), NULL };
  int status;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL |
                               G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, NULL));
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  fingerprint = certificate_fingerprint ();
  doveadm ("reload");  /* Dovecot reads the certificate again */
  doveadm (kick);      /* and the app's open connections go */
  g_action_group_activate_action (G_ACTION_GROUP (window ()), "check-mail", NULL);
  wait_for (status_is, GINT_TO_POINTER (INBOX_SYNC_STATUS_CERTIFICATE_UNTRUSTED), "the untrusted certificate to be said");
  wait_for (is_shown, "The server of test@example.com presented a certificate that is not trusted", "its toast");
  g_assert_nonnull (find_descendant (GTK_WIDGET (window ()), is_mapped_label_with_text, "Review Certificate"));
  spin (500);
  shot = save_screenshot (GTK_WIDGET (window ()), "certificate-untrusted.png");

  g_action_group_activate_action (G_ACTION_GROUP (window ()), "edit-account", g_variant_new_string (uid));
  spin (300);
  setup = find_toplevel (INBOX_TYPE_ACCOUNT_SETUP);
  g_assert_nonnull (setup);
  wait_until_drawn (GTK_WIDGET (setup));
  g_assert_nonnull (find_descendant (GTK_WIDGET (setup), is_visible_label_containing, fingerprint));
  trust = find_descendant (GTK_WIDGET (setup), is_of_type, GSIZE_TO_POINTER (GTK_TYPE_CHECK_BUTTON));
  g_assert_nonnull (trust);
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (trust)));  /* not chosen for the user */
  g_clear_object (&shot);
  shot = save_screenshot (GTK_WIDGET (setup), "certificate-review.png");
  gtk_check_button_set_active (GTK_CHECK_BUTTON (trust), TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (setup), "setup.connect", NULL));
  wait_for (is_gone, GSIZE_TO_POINTER (INBOX_TYPE_ACCOUNT_SETUP), "the trusted certificate to be saved");
  wait_for (status_is, GINT_TO_POINTER (INBOX_SYNC_STATUS_IDLE), "the account to sync again");
  g_assert_null (find_descendant (GTK_WIDGET (window ()), is_mapped_label_with_text, "Review Certificate"));
  {
    g_autoptr(InboxStore) store = open_store ();
    g_autoptr(GPtrArray) accounts = inbox_store_list_accounts_sync (store, uid, NULL);
    g_auto(GStrv) want = g_strsplit (fingerprint, ":", -1);
    g_autofree char *joined = g_strjoinv ("", want);
    g_autofree char *expected = g_ascii_strdown (joined, -1);
    g_auto(GStrv) parts = NULL;
    g_autofree char *pinned_joined = NULL, *pinned = NULL;

    g_assert_cmpuint (accounts->len, ==, 1);
    parts = g_strsplit (((InboxAccountConfig *) accounts->pdata[0])->pinned_certificate, ":", -1);
    pinned_joined = g_strjoinv ("", parts);
    pinned = g_ascii_strdown (pinned_joined, -1);
    g_assert_cmpstr (pinned, ==, expected);  /* the new certificate is the one pinned now */
  }
}

static gboolean
archive_role_is (gconstpointer role)
{
  g_autoptr(InboxStore) store = open_store ();
  g_autofree char *now = folder_role (store, "Archive");

  return g_strcmp0 (now, role) == 0;
}

static GtkWidget *
open_special_folders (void)
{
  return GTK_WIDGET (open_by_action (GTK_WIDGET (window ()), "special-folders", INBOX_TYPE_FOLDER_ROLES));
}

static const char *
combo_row_text (GtkWidget *row)
{
  GListModel *model = adw_combo_row_get_model (ADW_COMBO_ROW (row));

  return gtk_string_list_get_string (GTK_STRING_LIST (model), adw_combo_row_get_selected (ADW_COMBO_ROW (row)));
}

/* Special Folders: the server's Archive shows as the Archive; choosing None takes the role away,
 * so archiving fails plainly with a button to choose one (and the conversation stays), and
 * choosing the folder again gives it back. The choice reaches the store at once. */
static void
test_special_folders (void)
{
  g_autoptr(GdkTexture) shot = NULL;
  GtkWidget *roles = open_special_folders ();
  GtkWidget *archive_row = find_descendant (roles, is_combo_row_titled, "Archive");
  GtkWidget *sent_row = find_descendant (roles, is_combo_row_titled, "Sent");
  guint n;

  shot = save_screenshot (roles, "special-folders.png");
  g_assert_nonnull (archive_row);
  g_assert_nonnull (sent_row);
  g_assert_cmpstr (combo_row_text (archive_row), ==, "Archive");
  g_assert_cmpstr (combo_row_text (sent_row), ==, "Sent");
  /* None, then every folder but the Inbox. */
  n = g_list_model_get_n_items (adw_combo_row_get_model (ADW_COMBO_ROW (archive_row)));
  for (guint i = 1; i < n; i++)
    g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (adw_combo_row_get_model (ADW_COMBO_ROW (archive_row))), i),
                     !=, "INBOX");

  adw_combo_row_set_selected (ADW_COMBO_ROW (archive_row), 0);
  wait_for (archive_role_is, "none", "None to take the Archive role away");
  gtk_window_close (GTK_WINDOW (roles));
  spin (200);

  select_conversation ("Quoted HTML reply");
  g_action_group_activate_action (G_ACTION_GROUP (window ()), "archive", NULL);
  wait_for (is_present, "Quoted HTML reply", "the conversation to come back");
  wait_for (is_shown, "Mailboxes not configured: no Archive folder.", "the toast saying why");
  g_assert_nonnull (find_descendant (GTK_WIDGET (window ()), is_label_with_text, "Choose Folder…"));
  /* Nothing moved, so the conversation is selected again. */
  g_assert_true (gtk_selection_model_is_selected (GTK_SELECTION_MODEL (conversations ()),
                                                  (guint) find_position ("Quoted HTML reply")));
  spin (500);  /* the toast slides in */
  g_clear_object (&shot);
  shot = save_screenshot (GTK_WIDGET (window ()), "special-folders-missing.png");

  /* The toast's button opens the same window; there, the folder gets its role back. */
  roles = open_special_folders ();
  archive_row = find_descendant (roles, is_combo_row_titled, "Archive");
  g_assert_cmpstr (combo_row_text (archive_row), ==, "None");
  n = g_list_model_get_n_items (adw_combo_row_get_model (ADW_COMBO_ROW (archive_row)));
  for (guint i = 1; i < n; i++)
    if (g_str_equal (gtk_string_list_get_string (GTK_STRING_LIST (adw_combo_row_get_model (ADW_COMBO_ROW (archive_row))), i), "Archive"))
      adw_combo_row_set_selected (ADW_COMBO_ROW (archive_row), i);
  wait_for (archive_role_is, "archive", "the Archive folder to be the Archive again");
  gtk_window_close (GTK_WINDOW (roles));
  spin (200);
}

static gboolean
row_in_sight (gconstpointer text)
{
  GtkWidget *list_view = GTK_WIDGET (inbox_window_get_list_view (window ()));
  GtkWidget *label = find_descendant (list_view, is_label_with_text, text);
  graphene_rect_t bounds;

  return label != NULL && gtk_widget_compute_bounds (label, list_view, &bounds) &&
         bounds.origin.y >= 0 && bounds.origin.y + bounds.size.height <= gtk_widget_get_height (list_view);
}

/* A real click (through the X server) on the row showing text. */
static void
click_row (const char *text)
{
  GtkWidget *label = find_descendant (GTK_WIDGET (inbox_window_get_list_view (window ())), is_label_with_text, text);

  g_assert_nonnull (label);
  click_at (label, 5, 5, 1);
}

/* New mail arrives at the top of a list looked at from its top, in sight: GtkListView keeps the
 * row last clicked where it is, so the new row went in above the view and nothing seemed to come.
 * The window is made short, so that the Inbox is longer than the view. */
static void
test_new_mail_in_sight (void)
{
  g_autofree char *command = g_strdup_printf ("%s INBOX in-sight@example.net", g_getenv ("INBOX_TEST_DELIVER"));
  GtkAdjustment *adjustment;
  gint64 open_id;
  int width, height, status;

  gtk_window_get_default_size (GTK_WINDOW (window ()), &width, &height);
  gtk_window_set_default_size (GTK_WINDOW (window ()), width, 420);
  g_assert_true (inbox_window_select_mailbox (window (), "inbox"));
  spin (500);
  adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (inbox_window_get_list_view (window ())));
  g_assert_cmpfloat (gtk_adjustment_get_upper (adjustment), >, gtk_adjustment_get_page_size (adjustment));
  gtk_adjustment_set_value (adjustment, 0);
  spin (300);
  click_row ("Quoted HTML reply");
  wait_for (conversation_open, NULL, "the click to open the conversation");
  open_id = inbox_conversation_view_get_conversation_id (inbox_window_get_conversation_view (window ()));
  spin (300);
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, gtk_adjustment_get_lower (adjustment));

  g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, &status, NULL));
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  wait_for (is_present, "Filed by another client", "IDLE to bring the new message into the Inbox");
  wait_for (row_in_sight, "Filed by another client", "the new message's row to be in sight at the top");
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, gtk_adjustment_get_lower (adjustment));
  /* What was open stays open and selected. */
  g_assert_cmpint (inbox_conversation_view_get_conversation_id (inbox_window_get_conversation_view (window ())), ==, open_id);
  g_assert_true (selected_is (GINT_TO_POINTER (find_position ("Quoted HTML reply"))));

  gtk_window_set_default_size (GTK_WINDOW (window ()), width, height);
  spin (300);
}

/* Preferences: the account is listed, the poll interval and Subject First take effect at once, and
 * removing the account (after confirming) takes its mail off this computer. Last, as it removes
 * the account. */
static void
test_preferences (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(InboxStore) store = open_store ();
  g_autoptr(GdkTexture) shot = NULL;
  GtkWindow *preferences, *dialog;
  g_autoptr(InboxConversation) first = g_list_model_get_item (conversations (), 0);
  const char *subject = inbox_conversation_get_subject (first);
  GtkWidget *row_label;

  g_action_group_activate_action (G_ACTION_GROUP (window ()), "preferences", NULL);
  spin (300);
  preferences = find_toplevel (INBOX_TYPE_PREFERENCES);
  g_assert_nonnull (preferences);
  wait_until_drawn (GTK_WIDGET (preferences));
  g_assert_nonnull (find_descendant (GTK_WIDGET (preferences), is_label_with_text, g_getenv ("INBOX_TEST_USER")));
  shot = save_screenshot (GTK_WIDGET (preferences), "preferences.png");

  /* How often other folders are checked: the row shows the setting and changes it. */
  {
    GtkWidget *poll_row = find_descendant (GTK_WIDGET (preferences), is_combo_row_titled, "Check Other Folders Every");

    g_assert_nonnull (poll_row);
    g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (poll_row)), ==, 0);
    adw_combo_row_set_selected (ADW_COMBO_ROW (poll_row), 2);
    g_assert_cmpint (g_settings_get_int (settings, "poll-interval"), ==, 900);
    g_assert_cmpuint (inbox_mail_service_get_poll_interval (inbox_application_get_service (app)), ==, 900);
    g_settings_reset (settings, "poll-interval");
    g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (poll_row)), ==, 0);
  }

  /* Subject first: the first line of the newest row becomes its subject. */
  g_settings_set_boolean (settings, "subject-first", TRUE);
  spin (300);
  row_label = find_descendant (GTK_WIDGET (inbox_window_get_list_view (window ())), is_label_with_text, subject);
  g_assert_nonnull (row_label);
  g_assert_true (gtk_widget_has_css_class (row_label, "first-line"));
  g_settings_set_boolean (settings, "subject-first", FALSE);

  {
    g_autoptr(GPtrArray) accounts = inbox_store_list_accounts_sync (store, NULL, NULL);
    InboxStoreStats stats;

    g_assert_cmpuint (accounts->len, ==, 1);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (preferences), "prefs.remove-account", "s",
                                               ((InboxAccountConfig *) accounts->pdata[0])->uid));
    spin (300);
    dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
    g_assert_nonnull (dialog);
    g_clear_object (&shot);
    shot = save_screenshot (GTK_WIDGET (dialog), "preferences-remove-account.png");
    adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "remove");
    wait_for (is_not_present, g_getenv ("INBOX_TEST_USER"), "the account to leave the sidebar");
    g_assert_true (inbox_store_get_stats_sync (store, &stats, NULL));
    g_assert_cmpint (stats.accounts, ==, 0);
    g_assert_cmpint (stats.messages, ==, 0);
  }
}

int
main (int    argc,
      char **argv)
{
  int status;

  /* The session bus stands for the system bus, where logind would say the computer woke up. */
  g_setenv ("DBUS_SYSTEM_BUS_ADDRESS", g_getenv ("DBUS_SESSION_BUS_ADDRESS"), TRUE);
  app = ui_test_init_app (&argc, &argv);

  g_test_add_func ("/mail/list-shows-rows", test_list_shows_rows);
  g_test_add_func ("/mail/select-shows-messages", test_select_shows_messages);
  g_test_add_func ("/mail/hostile-html", test_hostile_html);
  g_test_add_func ("/mail/html-quote-folds", test_html_quote_folds);
  g_test_add_func ("/mail/cid-image", test_cid_image);
  g_test_add_func ("/mail/image-preview", test_image_preview);
  g_test_add_func ("/mail/archive-and-undo", test_archive_and_undo);
  g_test_add_func ("/mail/keyboard", test_keyboard);
  g_test_add_func ("/mail/search", test_search);
  g_test_add_func ("/mail/label-into-folder", test_label_into_folder);
  g_test_add_func ("/mail/dark-style", test_dark_style);
  g_test_add_func ("/mail/narrow-window-folds", test_narrow_window_folds);
  g_test_add_func ("/mail/pane-width", test_pane_width);
  g_test_add_func ("/mail/poll-interval", test_poll_interval);
  g_test_add_func ("/mail/check-mail", test_check_mail);
  g_test_add_func ("/mail/network-back", test_network_back);
  g_test_add_func ("/mail/resume", test_resume);
  g_test_add_func ("/mail/server-down", test_server_down);
  g_test_add_func ("/mail/account-menu", test_account_menu);
  g_test_add_func ("/mail/new-password", test_new_password);
  g_test_add_func ("/mail/certificate-replaced", test_certificate_replaced);
  g_test_add_func ("/mail/special-folders", test_special_folders);
  g_test_add_func ("/mail/new-mail-in-sight", test_new_mail_in_sight);
  g_test_add_func ("/mail/preferences", test_preferences);

  status = g_test_run ();
  g_application_quit (G_APPLICATION (app));
  g_clear_object (&app);
  return status;
}
