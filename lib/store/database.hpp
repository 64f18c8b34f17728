// pilot::store — the storage layer: the only code that includes SQLiteCpp or holds SQL.
//
// A Database is one SQLite file (WAL, foreign keys, busy timeout). Writes go through a
// WriteTransaction (BEGIN IMMEDIATE ... COMMIT): all or nothing, and every change it makes
// is appended to the tamper-evident audit trail with the acting user and command.
#pragma once

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "util/error.hpp"
#include "util/json.hpp"

namespace pilot::store {

class BulkStatement;

enum class Access { read_only, read_write };

// Which schema versions `Database::open` accepts: the current one only (every command that reads or
// writes tables), or an older one too (`pilot backup`, which copies pages: a base is saved before
// `pilot init` migrates it).
enum class SchemaAge { current, current_or_older };

// Who acts, through which command, at what time (ISO 8601 UTC); recorded in the audit trail.
struct Actor {
  std::string user;
  std::string command;
  std::string now;
};

struct InitReport {
  int from_version = 0;
  int to_version = 0;
  bool created = false;
};

class Database {
 public:
  // Opens an existing pilot database. Fails (kind storage) with a message naming the file when
  // it does not exist, is not SQLite, is SQLite but not pilot's, was made by a newer pilot, or
  // needs `pilot init` to be migrated (unless `age` accepts an older schema).
  static Result<Database> open(const std::filesystem::path& path, Access access, SchemaAge age = SchemaAge::current);

  // Creates the file if needed and applies pending migrations, in one transaction.
  static Result<std::pair<Database, InitReport>> init(const std::filesystem::path& path);

  // Page size of a base init creates (a base keeps the size it was created with: WAL forbids a
  // change). A large import writes every page twice, to the WAL and by the checkpoint, and a WAL
  // frame is a page plus a 24-byte header: with 4 KiB pages every frame straddles two pages of the
  // file. 16 KiB pages make a quarter of the frames, of WAL lookups and of checkpoint system calls.
  static constexpr int k_page_size = 16384;

  // How long a command waits for another command's write transaction (an import, a validation)
  // before giving up with SQLITE_BUSY. PILOT_BUSY_TIMEOUT changes it (cmd/command_env.cpp).
  static constexpr std::chrono::milliseconds k_default_busy_timeout{60'000};
  void set_busy_timeout(std::chrono::milliseconds timeout);

  [[nodiscard]] SQLite::Database& connection() { return *m_connection; }
  [[nodiscard]] const std::filesystem::path& path() const { return m_path; }
  [[nodiscard]] int schema_version();
  static int latest_schema_version();

  // Problems reported by PRAGMA integrity_check and foreign_key_check (empty when sound).
  std::vector<std::string> integrity_problems();

  // Latest change time recorded (the last audit entry), empty for a new database: the "data date"
  // reports and manifests state.
  std::string data_timestamp();

 private:
  Database(std::filesystem::path path, std::unique_ptr<SQLite::Database> connection)
      : m_path(std::move(path)), m_connection(std::move(connection)) {}

  std::filesystem::path m_path;
  std::unique_ptr<SQLite::Database> m_connection;
};

// BEGIN IMMEDIATE on construction (so two writers queue on the busy timeout instead of failing
// half-way), ROLLBACK on destruction unless commit() was called.
class WriteTransaction {
 public:
  WriteTransaction(Database& database, Actor actor);
  ~WriteTransaction();
  WriteTransaction(const WriteTransaction&) = delete;
  WriteTransaction& operator=(const WriteTransaction&) = delete;

  // Appends one entry to the audit trail (chained hash).
  void audit(std::string_view entity, std::optional<std::int64_t> entity_id, std::string_view operation,
             const util::Json& old_value, const util::Json& new_value);
  // The same with the values already dumped (nullopt for none): a bulk writer that needs the JSON
  // text anyway (to hash it) dumps it once.
  void audit_text(std::string_view entity, std::optional<std::int64_t> entity_id, std::string_view operation,
                  std::optional<std::string_view> old_text, std::optional<std::string_view> new_text);

  void commit();

  [[nodiscard]] Database& database() { return m_database; }
  [[nodiscard]] SQLite::Database& connection() { return m_database.connection(); }
  [[nodiscard]] const Actor& actor() const { return m_actor; }

 private:
  Database& m_database;
  Actor m_actor;
  bool m_done = false;
  std::string m_last_hash;
  bool m_last_hash_loaded = false;
  std::unique_ptr<BulkStatement> m_insert_audit;
};

// The hash of an audit entry given the previous one; exposed for `pilot check`.
std::string audit_entry_hash(std::string_view prev_hash, std::string_view at, std::string_view user,
                             std::string_view command, std::string_view entity, std::optional<std::int64_t> entity_id,
                             std::string_view operation, std::string_view old_value, std::string_view new_value);

}  // namespace pilot::store
