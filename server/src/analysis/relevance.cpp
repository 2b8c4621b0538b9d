#include "analysis/relevance.h"

#include <array>

namespace fenghuo::analysis {
namespace {

using Codes = std::span<const std::string_view>;

// Category codes as resources/schema.cpp declares them.
constexpr std::array<std::string_view, 6> kQuakeStock = {"tent",  "bedding",  "food",
                                                         "water", "medicine", "generator"};
constexpr std::array<std::string_view, 3> kFireStock = {"water", "food", "medicine"};
constexpr std::array<std::string_view, 5> kFloodStock = {"sandbag", "pump", "tent", "food",
                                                         "water"};
constexpr std::array<std::string_view, 4> kShelterStock = {"tent", "bedding", "food", "water"};
constexpr std::array<std::string_view, 2> kMedicalStock = {"medicine", "water"};

constexpr std::array<std::string_view, 1> kRescue = {"rescue"};
constexpr std::array<std::string_view, 2> kGeologyExperts = {"rescue", "non_coal_mine"};
constexpr std::array<std::string_view, 2> kChemicalExperts = {"chemical", "rescue"};
constexpr std::array<std::string_view, 3> kCoalExperts = {"coal", "coalbed_methane", "rescue"};
constexpr std::array<std::string_view, 2> kMineExperts = {"non_coal_mine", "rescue"};
constexpr std::array<std::string_view, 2> kMetalExperts = {"metallurgy", "rescue"};

constexpr std::array<std::string_view, 3> kQuakeGear = {"earthquake", "medical", "lighting"};
constexpr std::array<std::string_view, 2> kFireGear = {"firefighting", "communication"};
constexpr std::array<std::string_view, 3> kWaterGear = {"water", "power", "lighting"};
constexpr std::array<std::string_view, 3> kMountainGear = {"mountain", "detection", "earthquake"};
constexpr std::array<std::string_view, 3> kChemicalGear = {"hazmat", "detection", "protection"};
constexpr std::array<std::string_view, 4> kMineGear = {"detection", "protection", "mountain",
                                                       "medical"};

struct Entry {
  std::string_view prefix;
  Relevance relevance;
};
const std::array kTable = {
    Entry{"N01", {kQuakeStock, kRescue, kQuakeGear}},
    Entry{"N02", {kFireStock, kRescue, kFireGear}},
    Entry{"N03", {kFloodStock, kRescue, kWaterGear}},
    Entry{"N04", {kShelterStock, kGeologyExperts, kMountainGear}},
    Entry{"A02", {kMedicalStock, kChemicalExperts, kChemicalGear}},
    Entry{"A03", {kMedicalStock, kCoalExperts, kMineGear}},
    Entry{"A04", {kMedicalStock, kMineExperts, kMineGear}},
    Entry{"A05", {kShelterStock, kMineExperts, kMineGear}},
    Entry{"A06", {kMedicalStock, kMetalExperts, kChemicalGear}},
    Entry{"A07", {kFireStock, kRescue, kFireGear}},
    Entry{"A12", {kFloodStock, kRescue, kWaterGear}},
};

}  // namespace

Relevance relevance_of(std::string_view type) {
  const Entry* best = nullptr;
  for (const auto& e : kTable) {
    if (type.starts_with(e.prefix) && (best == nullptr || e.prefix.size() > best->prefix.size())) {
      best = &e;
    }
  }
  return best != nullptr ? best->relevance : Relevance{};
}

}  // namespace fenghuo::analysis
