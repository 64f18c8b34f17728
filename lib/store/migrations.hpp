// The versioned schema: migrations()[i] takes a database from PRAGMA user_version i to i+1.
#pragma once

#include <string_view>
#include <vector>

namespace pilot::store {

const std::vector<std::string_view>& migrations();

// "PILT": marks a SQLite file as a pilot database (PRAGMA application_id).
inline constexpr int k_application_id = 0x50494C54;

}  // namespace pilot::store
