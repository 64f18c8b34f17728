#include "io/xlsx/workbook.hpp"

#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "io/xlsx/format.hpp"
#include "io/xlsx/package.hpp"
#include "io/xlsx/zip_archive.hpp"
#include "util/system_error.hpp"

namespace pilot::io::xlsx {

namespace {

constexpr std::array<unsigned char, 8> k_ole_signature{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};

bool same_ignoring_ascii_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    if (lower(a[i]) != lower(b[i])) {
      return false;
    }
  }
  return true;
}

// Checks what the file is before minizip sees it, so that the common mistakes (an .xls, a
// protected workbook, a CSV renamed .xlsx, an empty download) get a message that says so.
Result<void> check_signature(const std::string& path) {
  std::error_code error;
  const auto status = std::filesystem::status(path, error);
  if (!std::filesystem::exists(status)) {
    return fail(ErrorKind::io, path + " : fichier introuvable");
  }
  if (std::filesystem::is_directory(status)) {
    return fail(ErrorKind::io, path + " : c'est un dossier, pas un classeur xlsx");
  }
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    return fail(ErrorKind::io, path + " : lecture impossible (" + util::describe_errno(errno) + ")");
  }
  std::array<char, 8> head{};
  file.read(head.data(), head.size());
  const auto count = static_cast<std::size_t>(file.gcount());
  if (count == 0) {
    return fail(ErrorKind::data, path + " : fichier vide, ce n'est pas un classeur xlsx");
  }
  if (count == head.size() && std::memcmp(head.data(), k_ole_signature.data(), head.size()) == 0) {
    return fail(ErrorKind::data, path +
                                     " : classeur protégé par mot de passe ou au format .xls : "
                                     "enregistrez-le en .xlsx");
  }
  const std::string_view start(head.data(), count);
  if (!start.starts_with("PK\x03\x04") && !start.starts_with("PK\x05\x06")) {
    return fail(ErrorKind::data, path +
                                     " : ce n'est pas un classeur xlsx (le fichier n'est pas une "
                                     "archive zip ; un CSV ou un fichier renommé ?)");
  }
  return {};
}

}  // namespace

Result<Workbook> Workbook::open(const std::string& path, Limits limits) {
  if (auto checked = check_signature(path); !checked) {
    return std::unexpected(checked.error());
  }
  auto archive = ZipArchive::open(path);
  if (!archive) {
    return std::unexpected(archive.error());
  }
  auto data = read_package(*archive, limits);
  if (!data) {
    return std::unexpected(data.error());
  }
  return Workbook(std::move(*data));
}

std::vector<std::string> Workbook::sheet_names() const {
  std::vector<std::string> names;
  names.reserve(m_data->sheets.size());
  for (const auto& sheet : m_data->sheets) {
    names.push_back(sheet.name);
  }
  return names;
}

const std::vector<SheetInfo>& Workbook::sheets() const {
  return m_data->sheets;
}

Result<SheetReader> Workbook::open_sheet(std::string_view name) {
  const SheetInfo* found = nullptr;
  for (const auto& sheet : m_data->sheets) {
    if (sheet.name == name) {
      found = &sheet;
      break;
    }
  }
  if (found == nullptr) {
    for (const auto& sheet : m_data->sheets) {
      if (same_ignoring_ascii_case(sheet.name, name)) {
        found = &sheet;
        break;
      }
    }
  }
  if (found == nullptr) {
    std::string listed;
    for (const auto& sheet : m_data->sheets) {
      listed += (listed.empty() ? "" : ", ") + guillemets(sheet.name);
    }
    return fail(ErrorKind::not_found, m_data->path + " : pas de feuille " + guillemets(name) +
                                          " dans le classeur (feuilles : " + listed + ")");
  }
  return SheetReader::open(m_data, *found);
}

const std::string& Workbook::path() const {
  return m_data->path;
}

bool Workbook::date1904() const {
  return m_data->date1904;
}

const Limits& Workbook::limits() const {
  return m_data->limits;
}

std::size_t Workbook::shared_string_count() const {
  return m_data->shared_strings.size();
}

}  // namespace pilot::io::xlsx
