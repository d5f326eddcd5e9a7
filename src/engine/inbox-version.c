/* inbox-version.c: the versions of the libraries the engine runs on, for bug reports.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <libedataserver/libedataserver.h>
#include <libsoup/soup.h>
#include <sqlite3.h>

#include "inbox-version.h"

const char *
inbox_version_get_string (void)
{
  return PACKAGE_VERSION;
}

/* One "name version" line per library, as linked at run time where the library can say so. */
char *
inbox_version_describe_engine (void)
{
  return g_strdup_printf ("GLib %u.%u.%u\n"
                          "Camel (evolution-data-server) %d.%d\n"
                          "libsoup %u.%u.%u\n"
                          "SQLite %s\n"
                          "JSON-GLib %d.%d.%d\n",
                          glib_major_version, glib_minor_version, glib_micro_version,
                          EDS_MAJOR_VERSION, EDS_MINOR_VERSION,
                          soup_get_major_version (), soup_get_minor_version (), soup_get_micro_version (),
                          sqlite3_libversion (),
                          JSON_MAJOR_VERSION, JSON_MINOR_VERSION, JSON_MICRO_VERSION);
}
