#pragma once

#include <span>
#include <string_view>

namespace fenghuo::analysis {

// What an incident type calls for: the stock categories of depots, the expert categories and
// the equipment categories that matter to it (empty = every category).
struct Relevance {
  std::span<const std::string_view> stock, experts, equipment;
};

// By the longest matching prefix of the type code (A0201 falls under A02); unknown types and
// "" get everything.
Relevance relevance_of(std::string_view type);

}  // namespace fenghuo::analysis
