/* inbox-address-private.h: address lists as Camel reads them, for the engine's own use.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <camel/camel.h>

#include "inbox-address.h"

G_BEGIN_DECLS

CamelInternetAddress *inbox_address_list_parse (const char  *list,
                                                GError     **error);

G_END_DECLS
