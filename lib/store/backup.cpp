#include "store/backup.hpp"
#include "util/staged_file.hpp"
#include "util/system_error.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sqlite3.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <memory>
#include <string>
#include <system_error>
#include <thread>

namespace pilot::store {
namespace {

// A writer may hold the source for a moment (WAL recovery, checkpoint): wait as long as other
// commands would (the 60 s busy timeout of Database) before giving up.
constexpr auto k_busy_wait = std::chrono::seconds(60);
constexpr auto k_busy_pause = std::chrono::milliseconds(50);

struct CloseDb {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using DbHandle = std::unique_ptr<sqlite3, CloseDb>;

// Removes the temporary copy (and any journal SQLite left beside it) unless released; so does an
// interruption (Ctrl-C, SIGTERM: util::remove_temporary_files_on_signal).
class TempFile {
 public:
  explicit TempFile(std::filesystem::path path) : m_path(std::move(path)) {
    // The copy takes the source's journal mode (WAL): its -wal and -shm files too.
    for (std::size_t i = 0; i < k_suffixes.size(); ++i) {
      m_slots[i] = util::remove_on_signal(m_path.string() + k_suffixes[i]);
    }
  }
  ~TempFile() {
    for (const int slot : m_slots) {
      util::forget_on_signal(slot);
    }
    if (!m_released) {
      std::error_code ignored;
      for (const char* suffix : k_suffixes) {
        std::filesystem::remove(m_path.string() + suffix, ignored);
      }
    }
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  void release() { m_released = true; }
  [[nodiscard]] const std::filesystem::path& path() const { return m_path; }

 private:
  std::filesystem::path m_path;
  static constexpr std::array<const char*, 4> k_suffixes{"", "-journal", "-wal", "-shm"};
  std::array<int, 4> m_slots{-1, -1, -1, -1};
  bool m_released = false;
};

std::string sqlite_failure(int code, sqlite3* db) {
  const int primary = code & 0xff;
  if (primary == SQLITE_FULL || (code == SQLITE_IOERR_WRITE && errno == EFBIG)) {
    return "disque plein (ou taille de fichier limitée)";
  }
  if (primary == SQLITE_READONLY || primary == SQLITE_CANTOPEN || primary == SQLITE_PERM) {
    return "écriture impossible dans ce dossier";
  }
  return db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(code);
}

// A rename is durable only once the folder holding it is synced.
void sync_directory(const std::filesystem::path& folder) {
  const int fd = ::open(folder.empty() ? "." : folder.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}

Result<void> check_copy(sqlite3* copy, const std::filesystem::path& target) {
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(copy, "PRAGMA integrity_check", -1, &raw, nullptr) != SQLITE_OK) {
    return fail(ErrorKind::io, fmt::format("copie « {} » illisible : {}", target.string(), sqlite3_errmsg(copy)));
  }
  std::unique_ptr<sqlite3_stmt, decltype(&sqlite3_finalize)> statement(raw, &sqlite3_finalize);
  std::string verdict;
  while (sqlite3_step(statement.get()) == SQLITE_ROW) {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement.get(), 0));
    verdict += text != nullptr ? text : "";
  }
  if (verdict != "ok") {
    return fail(ErrorKind::io,
                fmt::format("la copie « {} » ne passe pas le contrôle d'intégrité : {}", target.string(), verdict));
  }
  return {};
}

}  // namespace

Result<BackupReport> backup_database(Database& source, const std::filesystem::path& target, Overwrite overwrite) {
  std::error_code error;
  if (target.empty()) {
    return fail(ErrorKind::usage, "indiquez le fichier de la sauvegarde");
  }
  const bool exists = std::filesystem::exists(target, error);
  if (util::same_existing_file(target, source.path())) {
    return fail(ErrorKind::usage,
                fmt::format("« {} » est la base elle-même : choisissez un autre fichier", target.string()));
  }
  if (exists && std::filesystem::is_directory(target, error)) {
    return fail(ErrorKind::usage, fmt::format("« {} » est un dossier : indiquez un nom de fichier", target.string()));
  }
  if (exists && overwrite == Overwrite::no) {
    return fail(
        ErrorKind::conflict,
        fmt::format("« {} » existe déjà : rien n'a été écrit (ajoutez --force pour le remplacer)", target.string()));
  }
  const std::filesystem::path folder = target.parent_path();
  if (!folder.empty() && !std::filesystem::is_directory(folder, error)) {
    return fail(ErrorKind::io, fmt::format("dossier introuvable pour la sauvegarde : « {} »", folder.string()));
  }

  TempFile temp(folder / fmt::format(".{}.tmp-{}", target.filename().string(), ::getpid()));
  sqlite3* raw_copy = nullptr;
  int code = sqlite3_open_v2(temp.path().c_str(), &raw_copy, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  DbHandle copy(raw_copy);
  if (code != SQLITE_OK) {
    return fail(ErrorKind::io, fmt::format("impossible de créer la sauvegarde « {} » : {}", target.string(),
                                           sqlite_failure(code, copy.get())));
  }

  sqlite3_backup* backup = sqlite3_backup_init(copy.get(), "main", source.connection().getHandle(), "main");
  if (backup == nullptr) {
    return fail(ErrorKind::io, fmt::format("impossible de copier la base vers « {} » : {}", target.string(),
                                           sqlite3_errmsg(copy.get())));
  }
  // One step of -1 pages copies everything under a single read transaction: a consistent
  // snapshot, whatever the writers do meanwhile.
  const auto deadline = std::chrono::steady_clock::now() + k_busy_wait;
  do {
    code = sqlite3_backup_step(backup, -1);
    if (code == SQLITE_BUSY || code == SQLITE_LOCKED) {
      std::this_thread::sleep_for(k_busy_pause);
    }
  } while ((code == SQLITE_BUSY || code == SQLITE_LOCKED) && std::chrono::steady_clock::now() < deadline);
  BackupReport report;
  report.pages = sqlite3_backup_pagecount(backup);
  const int step_code = code;
  code = sqlite3_backup_finish(backup);
  if (step_code != SQLITE_DONE) {
    if (step_code == SQLITE_BUSY || step_code == SQLITE_LOCKED) {
      return fail(ErrorKind::storage,
                  "la base est occupée depuis plus d'une minute : sauvegarde abandonnée, "
                  "réessayez plus tard");
    }
    return fail(ErrorKind::io, fmt::format("sauvegarde vers « {} » impossible : {} ; rien n'a été écrit",
                                           target.string(), sqlite_failure(step_code, copy.get())));
  }
  if (code != SQLITE_OK) {
    return fail(ErrorKind::io, fmt::format("sauvegarde vers « {} » impossible : {} ; rien n'a été écrit",
                                           target.string(), sqlite_failure(code, copy.get())));
  }
  if (auto checked = check_copy(copy.get(), target); !checked) {
    return std::unexpected(checked.error());
  }
  code = sqlite3_close_v2(copy.release());
  if (code != SQLITE_OK) {
    return fail(ErrorKind::io,
                fmt::format("sauvegarde vers « {} » impossible : {}", target.string(), sqlite3_errstr(code)));
  }

  std::filesystem::rename(temp.path(), target, error);
  if (error) {
    return fail(ErrorKind::io, fmt::format("impossible de placer la sauvegarde « {} » : {}", target.string(),
                                           util::describe_error(error)));
  }
  temp.release();
  sync_directory(folder);
  report.bytes = static_cast<std::int64_t>(std::filesystem::file_size(target, error));
  report.schema_version = source.schema_version();
  return report;
}

}  // namespace pilot::store
