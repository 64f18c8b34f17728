#include "store/database.hpp"

#include <SQLiteCpp/Transaction.h>
#include <fmt/format.h>
#include <sqlite3.h>

#include "store/bulk_insert.hpp"
#include "store/migrations.hpp"
#include "util/sha256.hpp"
#include "util/text.hpp"

namespace pilot::store {
namespace {

// pilot_fold(text): the tolerant form of util::fold (no accents, no case), so that searches
// match « mobilité » when users type « MOBILITE ». Deterministic: usable in any query.
void sql_fold(sqlite3_context* context, int, sqlite3_value** arguments) {
  const unsigned char* text = sqlite3_value_text(arguments[0]);
  if (text == nullptr) {
    sqlite3_result_null(context);
    return;
  }
  const std::string folded = util::fold(reinterpret_cast<const char*>(text));
  sqlite3_result_text(context, folded.data(), static_cast<int>(folded.size()), SQLITE_TRANSIENT);
}

void configure_connection(SQLite::Database& connection) {
  sqlite3_create_function_v2(connection.getHandle(), "pilot_fold", 1,
                             SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, nullptr, sql_fold, nullptr, nullptr,
                             nullptr);
  connection.setBusyTimeout(static_cast<int>(Database::k_default_busy_timeout.count()));
  connection.exec("PRAGMA foreign_keys = ON");
  // FULL costs one fsync per command (one transaction each) and survives power loss.
  connection.exec("PRAGMA synchronous = FULL");
}

int read_pragma_int(SQLite::Database& connection, const char* pragma) {
  SQLite::Statement query(connection, std::string("PRAGMA ") + pragma);
  return query.executeStep() ? query.getColumn(0).getInt() : 0;
}

Result<std::unique_ptr<SQLite::Database>> open_connection(const std::filesystem::path& path, int flags) {
  // SQLite would say « disk I/O error ».
  if (std::error_code ignored; std::filesystem::is_directory(path, ignored)) {
    return fail(ErrorKind::storage,
                fmt::format("« {} » est un dossier : --db (ou PILOT_DB) désigne le fichier de la base, par exemple "
                            "« {} »",
                            path.string(), (path / "pilot.sqlite").string()));
  }
  // A FIFO would block the open forever, a device (/dev/null) fail with « disk I/O error ».
  if (std::error_code ignored;
      std::filesystem::exists(path, ignored) && !std::filesystem::is_regular_file(path, ignored)) {
    return fail(ErrorKind::storage,
                fmt::format("« {} » n'est pas un fichier ordinaire (périphérique, tube ou socket) : --db (ou PILOT_DB) "
                            "désigne le fichier de la base",
                            path.string()));
  }
  // Statement journals in memory. Inside a transaction, every statement that may fail half-way (a
  // multi-row INSERT, one with a trigger or a foreign key) first copies the pages it is about to
  // change; by default that copy moves to a temporary file as soon as one statement exceeds 64 KiB,
  // and stays there until the transaction ends: a national import then wrote 4,5 GB of page copies
  // (for a 430 MB base) in two million system calls. pilot's statements each touch a few pages (a
  // convention is deleted action by action for that reason), so the copies stay small. Process-wide:
  // set once, before the first connection initialises SQLite.
  //
  // No memory statistics: with them, every allocation SQLite makes takes one process-wide mutex, on
  // which the two threads of an import (action_queue: one checks, one writes) would queue. pilot
  // never reads them (sqlite3_memory_used, soft heap limit).
  static const bool statement_journals_in_memory = [] {
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    return sqlite3_config(SQLITE_CONFIG_STMTJRNL_SPILL, -1) == SQLITE_OK;
  }();
  (void)statement_journals_in_memory;
  try {
    // FULLMUTEX: an import writes actions from a second thread on the same connection (action_queue).
    auto connection = std::make_unique<SQLite::Database>(path.string(), flags | SQLite::OPEN_FULLMUTEX);
    configure_connection(*connection);
    // Touch the schema so that a non-SQLite file fails here rather than later.
    read_pragma_int(*connection, "schema_version");
    return connection;
  } catch (const SQLite::Exception& error) {
    switch (error.getErrorCode() & 0xff) {
      case SQLITE_NOTADB:
        return fail(ErrorKind::storage,
                    fmt::format("« {} » n'est pas une base pilot (ce n'est pas un fichier SQLite)", path.string()));
      case SQLITE_CORRUPT:
        return fail(ErrorKind::storage,
                    fmt::format("la base « {} » est endommagée (fichier tronqué ou altéré) : rien n'a été modifié ; "
                                "restaurez la dernière sauvegarde (pilot backup)",
                                path.string()));
      case SQLITE_READONLY:
        // A WAL database needs its folder writable (the -wal and -shm files), even to be read.
        return fail(ErrorKind::storage,
                    fmt::format("impossible d'ouvrir la base « {} » : lecture seule pour cet utilisateur. Une base "
                                "pilot (mode WAL) demande le droit d'écrire le fichier et son dossier, où vivent ses "
                                "fichiers -wal et -shm, même pour la lire : donnez ce droit, ou copiez la base dans un "
                                "dossier où vous pouvez écrire",
                                path.string()));
      case SQLITE_CANTOPEN:
      case SQLITE_PERM:
      case SQLITE_AUTH:
        return fail(ErrorKind::storage,
                    fmt::format("impossible d'ouvrir la base « {} » : droits insuffisants sur le fichier ou son "
                                "dossier, ou dossier absent",
                                path.string()));
      default: break;
    }
    return fail(ErrorKind::storage,
                fmt::format("impossible d'ouvrir la base « {} » : {} (SQLite)", path.string(), error.what()));
  }
}

Result<void> check_identity(SQLite::Database& connection, const std::filesystem::path& path, bool allow_empty) {
  const int application_id = read_pragma_int(connection, "application_id");
  const int version = read_pragma_int(connection, "user_version");
  const int tables = [&] {
    SQLite::Statement query(connection, "SELECT count(*) FROM sqlite_schema");
    query.executeStep();
    return query.getColumn(0).getInt();
  }();
  if (application_id == 0 && version == 0 && tables == 0) {
    if (allow_empty) {
      return {};
    }
    return fail(ErrorKind::storage,
                fmt::format("la base « {} » est vide : créez-la avec « pilot init »", path.string()));
  }
  if (application_id != k_application_id) {
    return fail(ErrorKind::storage, fmt::format("« {} » est un fichier SQLite mais pas une base pilot", path.string()));
  }
  if (version > Database::latest_schema_version()) {
    return fail(ErrorKind::storage,
                fmt::format("la base « {} » a été créée par une version plus récente de pilot (schéma {}, "
                            "cette version connaît le schéma {}) : mettez pilot à jour",
                            path.string(), version, Database::latest_schema_version()));
  }
  return {};
}

}  // namespace

int Database::latest_schema_version() {
  return static_cast<int>(migrations().size());
}

void Database::set_busy_timeout(std::chrono::milliseconds timeout) {
  m_connection->setBusyTimeout(static_cast<int>(timeout.count()));
}

int Database::schema_version() {
  return read_pragma_int(*m_connection, "user_version");
}

Result<Database> Database::open(const std::filesystem::path& path, Access access, SchemaAge age) {
  std::error_code ignored;
  if (!std::filesystem::exists(path, ignored)) {
    return fail(ErrorKind::storage,
                fmt::format("base introuvable : « {} » (créez-la avec « pilot init », ou indiquez-la avec --db "
                            "ou PILOT_DB)",
                            path.string()));
  }
  const int flags = access == Access::read_only ? SQLite::OPEN_READONLY : SQLite::OPEN_READWRITE;
  auto connection = open_connection(path, flags);
  if (!connection) {
    return std::unexpected(connection.error());
  }
  try {
    if (auto identity = check_identity(**connection, path, false); !identity) {
      return std::unexpected(identity.error());
    }
    const int version = read_pragma_int(**connection, "user_version");
    if (version < latest_schema_version() && age == SchemaAge::current) {
      return fail(ErrorKind::storage,
                  fmt::format("la base « {} » est au schéma {} : lancez « pilot init » pour la mettre à jour "
                              "(schéma {})",
                              path.string(), version, latest_schema_version()));
    }
  } catch (const SQLite::Exception& error) {
    return fail(ErrorKind::storage, fmt::format("base « {} » illisible : {}", path.string(), error.what()));
  }
  return Database(path, std::move(*connection));
}

Result<std::pair<Database, InitReport>> Database::init(const std::filesystem::path& path) {
  std::error_code ignored;
  InitReport report;
  report.created = !std::filesystem::exists(path, ignored);
  auto connection = open_connection(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  if (!connection) {
    return std::unexpected(connection.error());
  }
  try {
    if (auto identity = check_identity(**connection, path, true); !identity) {
      return std::unexpected(identity.error());
    }
    // Only a base without pages yet (a new or empty file) takes it; any other keeps its own.
    (*connection)->exec(fmt::format("PRAGMA page_size = {}", k_page_size));
    // WAL lets readers (a cron report) work while an import writes; it is persistent.
    (*connection)->exec("PRAGMA journal_mode = WAL");
    SQLite::Transaction transaction(**connection, SQLite::TransactionBehavior::IMMEDIATE);
    report.from_version = read_pragma_int(**connection, "user_version");
    const auto& steps = migrations();
    for (std::size_t version = static_cast<std::size_t>(report.from_version); version < steps.size(); ++version) {
      (*connection)->exec(std::string(steps[version]));
    }
    if (report.from_version < static_cast<int>(steps.size())) {
      // A migration may rewrite a table's text in sqlite_schema (4): a new schema cookie makes every
      // other connection (a cron report open beside `pilot init`) read the schema again.
      const int cookie = read_pragma_int(**connection, "schema_version");
      (*connection)->exec(fmt::format("PRAGMA schema_version = {}", cookie + 1));
    }
    report.to_version = static_cast<int>(steps.size());
    (*connection)->exec(fmt::format("PRAGMA application_id = {}", k_application_id));
    (*connection)->exec(fmt::format("PRAGMA user_version = {}", report.to_version));
    transaction.commit();
  } catch (const SQLite::Exception& error) {
    return fail(ErrorKind::storage,
                fmt::format("impossible d'initialiser la base « {} » : {}", path.string(), error.what()));
  }
  return std::pair{Database(path, std::move(*connection)), report};
}

std::vector<std::string> Database::integrity_problems() {
  std::vector<std::string> problems;
  SQLite::Statement integrity(*m_connection, "PRAGMA integrity_check");
  while (integrity.executeStep()) {
    const std::string line = integrity.getColumn(0).getString();
    if (line != "ok") {
      problems.push_back("intégrité SQLite : " + line);
    }
  }
  SQLite::Statement keys(*m_connection, "PRAGMA foreign_key_check");
  while (keys.executeStep()) {
    problems.push_back(fmt::format("clé étrangère rompue : table {} ligne {} → {}", keys.getColumn(0).getString(),
                                   keys.getColumn(1).getInt64(), keys.getColumn(2).getString()));
  }
  return problems;
}

std::string Database::data_timestamp() {
  SQLite::Statement query(*m_connection, "SELECT at FROM audit_log ORDER BY id DESC LIMIT 1");
  return query.executeStep() ? query.getColumn(0).getString() : std::string();
}

std::string audit_entry_hash(std::string_view prev_hash, std::string_view at, std::string_view user,
                             std::string_view command, std::string_view entity, std::optional<std::int64_t> entity_id,
                             std::string_view operation, std::string_view old_value, std::string_view new_value) {
  // Length-prefixed fields: no two different entries serialise to the same bytes.
  util::Sha256 hasher;
  const std::string id_text = entity_id ? std::to_string(*entity_id) : std::string("-");
  for (const std::string_view part :
       {prev_hash, at, user, command, entity, std::string_view(id_text), operation, old_value, new_value}) {
    hasher.update(std::to_string(part.size()));
    hasher.update(":");
    hasher.update(part);
  }
  return hasher.hex_digest();
}

WriteTransaction::WriteTransaction(Database& database, Actor actor) : m_database(database), m_actor(std::move(actor)) {
  m_database.connection().exec("BEGIN IMMEDIATE");
}

WriteTransaction::~WriteTransaction() {
  if (!m_done) {
    try {
      m_database.connection().exec("ROLLBACK");
    } catch (...) {
      // Nothing more can be done in a destructor; SQLite rolls back on close anyway.
    }
  }
}

void WriteTransaction::audit(std::string_view entity, std::optional<std::int64_t> entity_id, std::string_view operation,
                             const util::Json& old_value, const util::Json& new_value) {
  const std::optional<std::string> old_text =
      old_value.is_null() ? std::nullopt : std::optional<std::string>(old_value.dump());
  const std::optional<std::string> new_text =
      new_value.is_null() ? std::nullopt : std::optional<std::string>(new_value.dump());
  audit_text(entity, entity_id, operation, old_text, new_text);
}

void WriteTransaction::audit_text(std::string_view entity, std::optional<std::int64_t> entity_id,
                                  std::string_view operation, std::optional<std::string_view> old_text,
                                  std::optional<std::string_view> new_text) {
  if (!m_last_hash_loaded) {
    // The entry follows the last one pilot wrote (its head, kept apart), not whatever row is last
    // now: entries cut from the end stay visible as a break, even after later writes.
    SQLite::Statement head(connection(), "SELECT value FROM meta WHERE key = 'audit_head'");
    SQLite::Statement last(connection(), "SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1");
    m_last_hash = head.executeStep()   ? head.getColumn(0).getString()
                  : last.executeStep() ? last.getColumn(0).getString()
                                       : std::string();
    m_last_hash_loaded = true;
    m_insert_audit = std::make_unique<BulkStatement>(
        connection(),
        "INSERT INTO audit_log (at, user, command, entity, entity_id, operation, old_value, new_value, prev_hash, "
        "hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  }
  // An absent value is hashed as empty text and stored as NULL.
  std::string hash =
      audit_entry_hash(m_last_hash, m_actor.now, m_actor.user, m_actor.command, entity, entity_id, operation,
                       old_text.value_or(std::string_view()), new_text.value_or(std::string_view()));
  auto& insert = *m_insert_audit;
  insert.text(m_actor.now).text(m_actor.user).text(m_actor.command).text(entity);
  if (entity_id) {
    insert.integer(*entity_id);
  } else {
    insert.null();
  }
  insert.text(operation).optional_text(old_text).optional_text(new_text);
  insert.text(m_last_hash).text(hash);
  insert.run();
  m_last_hash = std::move(hash);
}

void WriteTransaction::commit() {
  m_insert_audit.reset();
  if (m_last_hash_loaded && !m_last_hash.empty()) {
    // The chain proves each entry follows the one before, not that none were cut from its end: the
    // hash of the last entry is kept apart, for `pilot check` (verify_audit_chain).
    SQLite::Statement head(connection(), "INSERT OR REPLACE INTO meta (key, value) VALUES ('audit_head', ?)");
    head.bind(1, m_last_hash);
    head.exec();
  }
  m_database.connection().exec("COMMIT");
  m_done = true;
}

}  // namespace pilot::store
