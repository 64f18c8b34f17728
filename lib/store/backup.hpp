// Online copy of a pilot database (SQLite backup API).
//
// The copy is taken inside one read transaction of the source, so it is a consistent snapshot
// even while other processes write (WAL readers never block writers). It is written to a
// temporary file next to the target, checked, then renamed into place: a crash or a full disk
// never leaves a half-written target, and an existing target is only replaced by a good copy.
#pragma once

#include <cstdint>
#include <filesystem>

#include "store/database.hpp"
#include "util/error.hpp"

namespace pilot::store {

enum class Overwrite { no, yes };

struct BackupReport {
  std::int64_t pages = 0;
  std::int64_t bytes = 0;
  int schema_version = 0;
};

// Copies `source` to `target`. Fails (kind conflict) when `target` exists and `overwrite` is no,
// (kind usage) when `target` is the source file itself, (kind io) when the target's folder is
// missing or not writable, the disk is full or the copy fails its integrity check; the target
// is then left as it was.
Result<BackupReport> backup_database(Database& source, const std::filesystem::path& target, Overwrite overwrite);

}  // namespace pilot::store
