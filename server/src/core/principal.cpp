#include "core/principal.h"

namespace fenghuo {

std::string region_prefix(std::string_view code) {
  std::string prefix(code);
  if (prefix.size() == 6) {
    if (prefix.ends_with("0000")) {
      prefix.resize(2);
    } else if (prefix.ends_with("00")) {
      prefix.resize(4);
    }
  }
  return prefix;
}

bool Principal::covers(std::string_view region_code) const {
  if (kind == Kind::kSystem) return true;
  if (region.empty()) return false;
  return region_code.starts_with(region_prefix(region));
}

std::string_view Principal::kind_name() const {
  switch (kind) {
    case Kind::kUser: return "user";
    case Kind::kToken: return "token";
    case Kind::kSystem: return "system";
  }
  return "user";
}

Principal Principal::system(std::string name) {
  Principal p;
  p.kind = Kind::kSystem;
  p.name = std::move(name);
  return p;
}

Result<std::string> region_pattern(const Principal& principal, std::string_view requested) {
  bool everything = principal.kind == Principal::Kind::kSystem;
  if (!everything && principal.region.empty()) {
    return Error{ErrorCode::kForbidden, "you have no jurisdiction", "region"};
  }
  std::string own = everything ? std::string() : region_prefix(principal.region);
  if (requested.empty()) return own + "%";
  if (requested.size() != 6 ||
      requested.find_first_not_of("0123456789") != std::string_view::npos) {
    return Error::validation("region", "region must be a 6-digit region code");
  }
  if (!principal.covers(requested)) {
    return Error{ErrorCode::kForbidden, "region " + std::string(requested) +
                                            " is outside your jurisdiction",
                 "region"};
  }
  return region_prefix(requested) + "%";
}

Status check_covers(const Principal& principal, std::string_view region_code,
                    std::string_view what) {
  if (principal.covers(region_code)) return {};
  return Error::not_found(std::string(what) + " not found");
}

}  // namespace fenghuo
