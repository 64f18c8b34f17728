// Output files that appear whole or not at all.
//
// A StagedFile is written under a hidden temporary name beside its final one (same folder, so
// same file system) and renamed into place by commit(): a reader, a cron job copying the
// export, or the user after a kill never finds half a file under the final name, and the
// previous version of the file stays until the new one is complete. Destroyed before commit(),
// it removes its temporary file; so does the handler of SIGINT, SIGTERM and SIGHUP that
// remove_temporary_files_on_signal() installs (SIGKILL leaves it: it is hidden, named after
// the final file and the process id).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "util/error.hpp"

namespace pilot::util {

class StagedFile {
 public:
  // Prepares `final_path`: "-" (standard output) and paths that are not regular files (/dev/null,
  // a FIFO) are written directly; a symbolic link is followed, so that its target is replaced.
  // Fails (kind io) with a message naming `final_path` when its folder is missing or not
  // writable.
  static Result<StagedFile> create(const std::filesystem::path& final_path);

  StagedFile(StagedFile&& other) noexcept;
  StagedFile& operator=(StagedFile&&) = delete;
  StagedFile(const StagedFile&) = delete;
  StagedFile& operator=(const StagedFile&) = delete;
  ~StagedFile();

  // Where to write: the temporary file, or the final path when it is not staged.
  [[nodiscard]] const std::string& path() const { return m_write_path; }
  [[nodiscard]] const std::string& final_path() const { return m_final_path; }

  // Flushes the temporary file to disk and renames it over the final path. Fails (kind io) naming
  // the final path; the temporary file is then removed.
  Result<void> commit();

  // The error of a writer that named the temporary file, naming the final one instead.
  [[nodiscard]] Error named_final(Error error) const;

 private:
  StagedFile(std::string final_path, std::string target, std::string write_path, bool staged);

  std::string m_final_path;  // as the user named it
  std::string m_target;      // what the rename replaces: the final path, or its link's target
  std::string m_write_path;
  bool m_staged = false;
  bool m_done = false;
  int m_slot = -1;
};

// Writes `bytes` to `path` as it is (the caller stages it, or it is a temporary file). Errors (kind
// io) name `path`.
Result<void> write_file(const std::filesystem::path& path, std::string_view bytes);
// Writes `bytes` to `final_path` through a StagedFile: the whole file, or nothing and the previous
// file kept. Errors (kind io) name `final_path`.
Result<void> write_file_whole(const std::filesystem::path& final_path, std::string_view bytes);

// Registers `path` for removal by the signal handler; returns a slot for forget_on_signal(), or -1
// when every slot is taken (the file is then only removed by its owner).
int remove_on_signal(const std::string& path);
void forget_on_signal(int slot);

// Installs the handler of SIGINT, SIGTERM and SIGHUP (those not ignored): it removes the registered
// temporary files, then lets the signal end the process as it would have (exit status 128 + n).
void remove_temporary_files_on_signal();

}  // namespace pilot::util
