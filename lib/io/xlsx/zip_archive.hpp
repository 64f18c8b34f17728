// Read-only access to the parts of an XLSX package (a zip archive) through minizip.
//
// Parts are looked up by OPC part name, case-insensitively and with or without a leading '/',
// and read in chunks so that no caller ever needs a whole part in memory. Every byte read is
// counted against a per-part budget: a zip bomb stops with an error, not with the machine.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "util/error.hpp"

namespace pilot::io::xlsx {

class ZipArchive {
 public:
  // Opens the archive and indexes its entries. Errors: not a zip, truncated, unreadable.
  // Callers check the file's signature first (see Workbook::open) to give a precise message.
  static Result<ZipArchive> open(const std::string& path);

  [[nodiscard]] bool contains(std::string_view part) const;
  // Every part's normalized name, sorted.
  [[nodiscard]] std::vector<std::string> parts() const;
  [[nodiscard]] const std::string& path() const { return m_path; }
  // The part opened last ("" before the first open_part).
  [[nodiscard]] const std::string& part() const { return m_part; }

  // Positions the archive on a part; the previous part, if any, is abandoned.
  // Errors: no such part, encrypted entry, unsupported compression, declared size over max_bytes.
  Result<void> open_part(std::string_view part, std::uint64_t max_bytes);

  // Reads up to `size` decompressed bytes of the open part; 0 once the part is finished and its
  // CRC checked. Errors: corrupt data, CRC mismatch, more than max_bytes decompressed.
  Result<std::size_t> read(char* buffer, std::size_t size);

 private:
  struct Position {
    std::uint64_t directory_offset = 0;
    std::uint64_t file_number = 0;
  };
  struct Closer {
    void operator()(void* zip) const;
  };

  ZipArchive(std::string path, void* zip) : m_path(std::move(path)), m_zip(zip) {}
  Error error(const std::string& what) const;

  std::string m_path;
  std::unique_ptr<void, Closer> m_zip;
  std::unordered_map<std::string, Position> m_entries;  // key: normalized part name
  std::string m_part;
  bool m_part_open = false;
  std::uint64_t m_read = 0;
  std::uint64_t m_max_bytes = 0;
};

// "/xl/Workbook.xml" and "xl\workbook.xml" → "xl/workbook.xml": how parts are compared.
std::string normalize_part_name(std::string_view part);

}  // namespace pilot::io::xlsx
