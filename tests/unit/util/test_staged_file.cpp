#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "util/staged_file.hpp"

using namespace pilot::util;
namespace fs = std::filesystem;

namespace {

struct ScratchFolder {
  fs::path path;
  ScratchFolder() {
    path = fs::temp_directory_path() / ("pilot-staged-" + std::to_string(::getpid()));
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~ScratchFolder() { fs::remove_all(path); }
  // Names in the folder, so that a forgotten temporary file shows.
  [[nodiscard]] std::size_t entries() const {
    return static_cast<std::size_t>(std::distance(fs::directory_iterator(path), fs::directory_iterator()));
  }
};

std::string read_all(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void write_all(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

}  // namespace

TEST_SUITE("util::StagedFile") {
  TEST_CASE("the final name appears only at commit, whole") {
    ScratchFolder folder;
    const fs::path final_path = folder.path / "export.csv";
    write_all(final_path.string(), "old");
    auto staged = StagedFile::create(final_path);
    REQUIRE(staged.has_value());
    CHECK(staged->path() != final_path.string());
    CHECK(fs::path(staged->path()).parent_path() == folder.path);
    write_all(staged->path(), "new");
    CHECK(read_all(final_path) == "old");
    REQUIRE(staged->commit().has_value());
    CHECK(read_all(final_path) == "new");
    CHECK(folder.entries() == 1);
  }

  TEST_CASE("abandoned, it removes its temporary file and keeps the old file") {
    ScratchFolder folder;
    const fs::path final_path = folder.path / "export.csv";
    write_all(final_path.string(), "old");
    {
      auto staged = StagedFile::create(final_path);
      REQUIRE(staged.has_value());
      write_all(staged->path(), "half");
      CHECK(folder.entries() == 2);
    }
    CHECK(folder.entries() == 1);
    CHECK(read_all(final_path) == "old");
  }

  TEST_CASE("standard output and devices are written directly") {
    auto out = StagedFile::create("-");
    REQUIRE(out.has_value());
    CHECK(out->path() == "-");
    CHECK(out->commit().has_value());
    auto null = StagedFile::create("/dev/null");
    REQUIRE(null.has_value());
    CHECK(null->path() == "/dev/null");
    CHECK(null->commit().has_value());
    CHECK(fs::is_character_file("/dev/null"));
  }

  TEST_CASE("a symbolic link keeps pointing to the new file") {
    ScratchFolder folder;
    fs::create_directories(folder.path / "real");
    write_all((folder.path / "real" / "target.csv").string(), "old");
    fs::create_symlink(folder.path / "real" / "target.csv", folder.path / "link.csv");
    auto staged = StagedFile::create(folder.path / "link.csv");
    REQUIRE(staged.has_value());
    write_all(staged->path(), "new");
    REQUIRE(staged->commit().has_value());
    CHECK(fs::is_symlink(folder.path / "link.csv"));
    CHECK(read_all(folder.path / "real" / "target.csv") == "new");
  }

  TEST_CASE("a missing folder is said with the final name") {
    ScratchFolder folder;
    auto staged = StagedFile::create(folder.path / "absent" / "export.csv");
    REQUIRE_FALSE(staged.has_value());
    CHECK(staged.error().message == "impossible de créer « " + (folder.path / "absent" / "export.csv").string() +
                                        " » : dossier « " + (folder.path / "absent").string() + " » introuvable");
  }

  TEST_CASE("errors of a writer name the final file") {
    ScratchFolder folder;
    const fs::path final_path = folder.path / "r.csv";
    auto staged = StagedFile::create(final_path);
    REQUIRE(staged.has_value());
    const auto error =
        staged->named_final(pilot::Error{pilot::ErrorKind::io, "erreur d'écriture dans « " + staged->path() + " »"});
    CHECK(error.message == "erreur d'écriture dans « " + final_path.string() + " »");
  }
}
