#include "service/context.hpp"

namespace pilot::service {

Result<store::Database> open_database(const Context& context, store::Access access, store::SchemaAge age) {
  auto database = store::Database::open(context.db_path, access, age);
  if (database) {
    database->set_busy_timeout(context.busy_timeout);
  }
  return database;
}

}  // namespace pilot::service
