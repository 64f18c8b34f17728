// pilot::service — the operations commands call: each takes the Context and an options
// struct, does the whole job in one transaction when it writes, and returns values or a
// typed Error. Nothing here prints.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>

#include "store/database.hpp"
#include "util/date.hpp"

namespace pilot::service {

// What every operation needs, passed explicitly (no globals): where the data and the forms
// are, who acts through which command, and what time it is (fixed in tests).
struct Context {
  std::filesystem::path db_path;
  std::filesystem::path schemas_dir;
  std::string user;
  std::string command_line;
  util::Date today;
  std::string now;  // ISO 8601 UTC, recorded in the audit trail
  std::chrono::milliseconds busy_timeout = store::Database::k_default_busy_timeout;

  [[nodiscard]] store::Actor actor() const { return store::Actor{user, command_line, now}; }
};

// Opens the context's database, or fails with a message saying how to create it.
Result<store::Database> open_database(const Context& context, store::Access access,
                                      store::SchemaAge age = store::SchemaAge::current);

}  // namespace pilot::service
