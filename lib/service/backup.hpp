// pilot backup: a consistent copy of the database, taken while others may be writing.
#pragma once

#include <filesystem>

#include "service/context.hpp"
#include "store/backup.hpp"

namespace pilot::service {

struct BackupOptions {
  std::filesystem::path target;
  store::Overwrite overwrite = store::Overwrite::no;
};

// Copies the context's database to options.target (SQLite online backup, checked, then renamed
// into place). Fails when the database cannot be opened, the target exists without
// Overwrite::yes, or the copy cannot be written; the target is then untouched.
Result<store::BackupReport> backup(const Context& context, const BackupOptions& options);

}  // namespace pilot::service
