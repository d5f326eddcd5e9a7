/* inbox-version.h: the versions of the libraries the engine runs on, for bug reports.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

const char *inbox_version_get_string        (void);
char       *inbox_version_describe_engine   (void);

G_END_DECLS
