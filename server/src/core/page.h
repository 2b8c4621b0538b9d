#pragma once

#include <cstdint>
#include <vector>

namespace fenghuo {

// One page of a longer list: the rows asked for and how many match in all.
template <typename T>
struct Page {
  std::vector<T> items;
  std::int64_t total = 0;
};

}  // namespace fenghuo
