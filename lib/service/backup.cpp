#include "service/backup.hpp"

namespace pilot::service {

Result<store::BackupReport> backup(const Context& context, const BackupOptions& options) {
  // Read-only: a backup never changes the source, not even its WAL.
  auto database = open_database(context, store::Access::read_only);
  if (!database) {
    return std::unexpected(database.error());
  }
  return store::backup_database(*database, options.target, options.overwrite);
}

}  // namespace pilot::service
