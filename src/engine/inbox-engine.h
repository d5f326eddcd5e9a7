/* inbox-engine.h: the one header that front ends (UI, CLI, tests) include to use the engine.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "inbox-account.h"
#include "inbox-autoconfig.h"
#include "inbox-conversation.h"
#include "inbox-conversation-list.h"
#include "inbox-draft.h"
#include "inbox-importer.h"
#include "inbox-html.h"
#include "inbox-identity.h"
#include "inbox-mailto.h"
#include "inbox-message.h"
#include "inbox-message-content.h"
#include "inbox-outbox.h"
#include "inbox-search.h"
#include "inbox-secrets.h"
#include "inbox-session.h"
#include "inbox-store.h"
#include "inbox-store-accounts.h"
#include "inbox-store-outbox.h"
#include "inbox-syncer.h"
#include "inbox-time-phrase.h"
#include "inbox-version.h"
