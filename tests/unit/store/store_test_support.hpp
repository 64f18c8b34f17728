// Scratch databases for store tests: a fresh file per test, removed unless the test failed.
#pragma once

#include <doctest/doctest.h>

#include <filesystem>
#include <random>
#include <string>

#include "forms/territory_file.hpp"
#include "store/database.hpp"
#include "store/territory_store.hpp"

namespace pilot::test {

class ScratchDirectory {
 public:
  ScratchDirectory() {
    std::random_device random;
    m_path = std::filesystem::temp_directory_path() / ("pilot-store-test-" + std::to_string(random()));
    std::filesystem::create_directories(m_path);
  }
  ~ScratchDirectory() {
    std::error_code ignored;
    std::filesystem::remove_all(m_path, ignored);
  }
  [[nodiscard]] const std::filesystem::path& path() const { return m_path; }

 private:
  std::filesystem::path m_path;
};

inline store::Actor test_actor(std::string command = "test") {
  return store::Actor{"testeur", std::move(command), "2026-11-22T10:00:00Z"};
}

// A database initialised with the shipped territorial reference.
inline store::Database make_database(const std::filesystem::path& file) {
  auto opened = store::Database::init(file);
  REQUIRE(opened);
  auto reference = forms::load_territory_file(std::filesystem::path(PILOT_TEST_SCHEMAS) / "territoires.yaml");
  REQUIRE(reference);
  store::WriteTransaction transaction(opened->first, test_actor("init"));
  store::load_territories(transaction, *reference);
  transaction.commit();
  return std::move(opened->first);
}

}  // namespace pilot::test
