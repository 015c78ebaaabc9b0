// What the generator knows of one demo program once its structure exists: its sites, the
// catalog and kits the program starts with, its staff and its settings (code salt and
// formula). Loaded from the database, so generated rows always point at real rows.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"
#include "programs/program_settings.h"
#include "store/database.h"

namespace kinship::demo {

struct SiteInfo {
  std::string id, name, kind, area;
};

struct ItemInfo {
  std::string id, name, unit, category;
  int64_t reorder_threshold = 0;
};

struct KitInfo {
  std::string id, name;
  std::vector<std::pair<int, int>> items;  // item index, quantity per kit
};

struct ProgramWorld {
  int index = 0;  // 0 eastside, 1 harbour, 2 valley
  std::string id, slug;
  std::vector<SiteInfo> sites;
  std::vector<ItemInfo> items;
  std::vector<KitInfo> kits;
  std::vector<std::string> peers;  // user ids of peer workers (log encounters)
  std::string coordinator;         // user id that receives and moves stock
  programs::ProgramSettings settings;

  // Index of the catalog item / kit with that name, or -1.
  int Item(std::string_view name) const;
  int Kit(std::string_view name) const;
};

// Reads a program's sites (by name), items (by name), kits, staff and settings.
Result<ProgramWorld> LoadWorld(store::Database& db, const std::string& program_id, int index);

}  // namespace kinship::demo
