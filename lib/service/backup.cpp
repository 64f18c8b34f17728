#include "service/backup.hpp"

#include <fmt/format.h>

namespace pilot::service {

Result<store::BackupReport> backup(const Context& context, const BackupOptions& options) {
  // A backup is a SQLite file, checked once written: it needs a place on disk, not a stream.
  if (options.target == "-") {
    return fail(ErrorKind::usage,
                "la sauvegarde est une base SQLite vérifiée une fois écrite : donnez un fichier "
                "(la sortie standard « - » ne convient pas)");
  }
  // Read-only: a backup never changes the source, not even its WAL. A base at an older schema is
  // copied as it is: saving it is the step before `pilot init` migrates it.
  auto database = open_database(context, store::Access::read_only, store::SchemaAge::current_or_older);
  if (!database) {
    return std::unexpected(database.error());
  }
  return store::backup_database(*database, options.target, options.overwrite);
}

}  // namespace pilot::service
