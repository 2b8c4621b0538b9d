#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "db/database.h"
#include "realtime/bus.h"

namespace fenghuo::identity {

// The internal bus topic on which ended or changed access is announced. It is for servers
// only (the WebSocket layer closes the sockets concerned, token caches forget), never for
// browsers. Data: {"user_id", "session_id"?, "token_id"?, "reason"}, ids as strings.
inline constexpr const char* kAccessTopic = "auth/access";

// Why access ended or changed.
namespace access_reason {
inline constexpr const char* kLogout = "logout";
inline constexpr const char* kSessionRevoked = "session_revoked";
inline constexpr const char* kTokenRevoked = "token_revoked";
inline constexpr const char* kUserDisabled = "user_disabled";
inline constexpr const char* kPhoneChanged = "phone_changed";
inline constexpr const char* kRolesChanged = "roles_changed";
inline constexpr const char* kOrganisationChanged = "organisation_changed";
}  // namespace access_reason

// Whose access ended: one session, one API token, or (neither given) everything the user
// holds: their sessions and the API tokens they created.
struct AccessEnded {
  std::int64_t user_id = 0;
  std::optional<std::int64_t> session_id;
  std::optional<std::int64_t> token_id;
  std::string reason;
  std::string region;  // the user's (or token's) region
};

// The one place that announces ended access: publishes one kAccessTopic event once `tx`
// commits (nothing when it rolls back). `bus` may be null (nothing is announced).
void end_access(db::Transaction& tx, realtime::Bus* bus, const AccessEnded& ended);

// Reads an event of kAccessTopic back (nullopt for anything else or malformed data).
std::optional<AccessEnded> access_ended_of(const realtime::Event& event);

}  // namespace fenghuo::identity
