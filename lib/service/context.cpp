#include "service/context.hpp"

namespace pilot::service {

Result<store::Database> open_database(const Context& context, store::Access access) {
  auto database = store::Database::open(context.db_path, access);
  if (database) {
    database->set_busy_timeout(context.busy_timeout);
  }
  return database;
}

}  // namespace pilot::service
