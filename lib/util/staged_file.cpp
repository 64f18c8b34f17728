#include "util/staged_file.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fstream>

#include "util/system_error.hpp"

namespace pilot::util {
namespace fs = std::filesystem;
namespace {

// The signal handler may only read these slots and call unlink(): paths are copied into memory the
// handler never frees, and a slot is emptied before its path is freed.
std::array<std::atomic<char*>, 64> g_signal_paths{};

void remove_and_reraise(int signal_number) {
  for (auto& slot : g_signal_paths) {
    if (const char* path = slot.load(); path != nullptr) {
      ::unlink(path);
    }
  }
  std::signal(signal_number, SIG_DFL);
  std::raise(signal_number);
}

void sync_folder(const fs::path& folder) {
  const int fd = ::open(folder.empty() ? "." : folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

}  // namespace

int remove_on_signal(const std::string& path) {
  char* copy = ::strdup(path.c_str());
  if (copy == nullptr) {
    return -1;
  }
  for (std::size_t i = 0; i < g_signal_paths.size(); ++i) {
    char* expected = nullptr;
    if (g_signal_paths[i].compare_exchange_strong(expected, copy)) {
      return static_cast<int>(i);
    }
  }
  std::free(copy);
  return -1;
}

void forget_on_signal(int slot) {
  if (slot >= 0 && static_cast<std::size_t>(slot) < g_signal_paths.size()) {
    std::free(g_signal_paths[static_cast<std::size_t>(slot)].exchange(nullptr));
  }
}

void remove_temporary_files_on_signal() {
  for (const int signal_number : {SIGINT, SIGTERM, SIGHUP}) {
    struct sigaction current {};
    // A signal the parent ignores (nohup, a shell's background job) stays ignored.
    if (::sigaction(signal_number, nullptr, &current) == 0 && current.sa_handler == SIG_IGN) {
      continue;
    }
    struct sigaction action {};
    action.sa_handler = remove_and_reraise;
    sigemptyset(&action.sa_mask);
    ::sigaction(signal_number, &action, nullptr);
  }
}

StagedFile::StagedFile(std::string final_path, std::string target, std::string write_path, bool staged)
    : m_final_path(std::move(final_path)),
      m_target(std::move(target)),
      m_write_path(std::move(write_path)),
      m_staged(staged) {
  if (m_staged) {
    m_slot = remove_on_signal(m_write_path);
  }
}

StagedFile::StagedFile(StagedFile&& other) noexcept
    : m_final_path(std::move(other.m_final_path)),
      m_target(std::move(other.m_target)),
      m_write_path(std::move(other.m_write_path)),
      m_staged(other.m_staged),
      m_done(other.m_done),
      m_slot(other.m_slot) {
  other.m_staged = false;
  other.m_done = true;
  other.m_slot = -1;
}

StagedFile::~StagedFile() {
  if (m_staged && !m_done) {
    ::unlink(m_write_path.c_str());
  }
  forget_on_signal(m_slot);
}

Result<StagedFile> StagedFile::create(const fs::path& final_path) {
  const std::string shown = final_path.string();
  if (shown == "-") {
    return StagedFile(shown, shown, shown, false);
  }
  std::error_code error;
  fs::path target = final_path;
  if (fs::is_symlink(fs::symlink_status(final_path, error))) {
    if (const fs::path resolved = fs::canonical(final_path, error); !error) {
      target = resolved;
    }
  }
  const fs::file_status status = fs::status(target, error);
  if (fs::exists(status) && !fs::is_regular_file(status)) {
    // /dev/null, /dev/stdout, a FIFO: nothing to rename over (and a folder fails when opened).
    return StagedFile(shown, shown, shown, false);
  }
  const fs::path folder = target.parent_path();
  if (!folder.empty() && !fs::is_directory(folder, error)) {
    return fail(ErrorKind::io,
                fmt::format("impossible de créer « {} » : dossier « {} » introuvable", shown, folder.string()));
  }
  static std::atomic<int> counter{0};
  const fs::path temporary =
      folder / fmt::format(".{}.{}-{}.tmp", target.filename().string(), ::getpid(), counter.fetch_add(1));
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd < 0) {
    return fail(ErrorKind::io, fmt::format("impossible de créer « {} » : {}", shown, describe_errno(errno)));
  }
  ::close(fd);
  if (fs::exists(status)) {
    // The new version keeps the permissions given to the old one (an export shared with a group).
    fs::permissions(temporary, status.permissions(), error);
  }
  return StagedFile(shown, target.string(), temporary.string(), true);
}

Result<void> write_file(const std::filesystem::path& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out.flush()) {
    return fail(ErrorKind::io,
                fmt::format("écriture impossible dans « {} » : {}", path.string(), describe_errno(errno)));
  }
  return {};
}

Result<void> write_file_whole(const std::filesystem::path& final_path, std::string_view bytes) {
  auto staged = StagedFile::create(final_path);
  if (!staged) {
    return std::unexpected(staged.error());
  }
  if (auto written = write_file(staged->path(), bytes); !written) {
    return std::unexpected(staged->named_final(written.error()));
  }
  return staged->commit();
}

Result<void> StagedFile::commit() {
  if (!m_staged || m_done) {
    m_done = true;
    return {};
  }
  const auto failed = [&](int error_number) {
    ::unlink(m_write_path.c_str());
    m_done = true;
    return fail(ErrorKind::io,
                fmt::format("impossible d'écrire « {} » : {}", m_final_path, describe_errno(error_number)));
  };
  // On disk before the rename: after a power cut, the final name holds the old file or the new
  // one, never an empty one.
  const int fd = ::open(m_write_path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) {
    return failed(errno);
  }
  if (::fsync(fd) != 0) {
    const int error_number = errno;
    ::close(fd);
    return failed(error_number);
  }
  ::close(fd);
  if (::rename(m_write_path.c_str(), m_target.c_str()) != 0) {
    return failed(errno);
  }
  m_done = true;
  forget_on_signal(m_slot);
  m_slot = -1;
  sync_folder(fs::path(m_target).parent_path());
  return {};
}

Error StagedFile::named_final(Error error) const {
  if (m_staged) {
    error.message = replace_all(std::move(error.message), m_write_path, m_final_path);
  }
  return error;
}

}  // namespace pilot::util
