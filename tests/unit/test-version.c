/* test-version.c: the engine reports its own version and the libraries it runs on.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sqlite3.h>

#include "inbox-engine.h"

static void
test_version_string (void)
{
  g_assert_cmpstr (inbox_version_get_string (), ==, PACKAGE_VERSION);
}

static void
test_describe_engine (void)
{
  g_autofree char *text = inbox_version_describe_engine ();
  g_autofree char *sqlite = g_strdup_printf ("SQLite %s\n", sqlite3_libversion ());

  g_assert_nonnull (strstr (text, "Camel (evolution-data-server) 3."));
  g_assert_nonnull (strstr (text, "libsoup 3."));
  g_assert_nonnull (strstr (text, sqlite));
  g_assert_true (g_str_has_suffix (text, "\n"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/version/string", test_version_string);
  g_test_add_func ("/version/describe-engine", test_describe_engine);

  return g_test_run ();
}
