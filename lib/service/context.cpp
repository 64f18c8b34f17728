#include "service/context.hpp"

namespace pilot::service {

Result<store::Database> open_database(const Context& context, store::Access access) {
  return store::Database::open(context.db_path, access);
}

}  // namespace pilot::service
