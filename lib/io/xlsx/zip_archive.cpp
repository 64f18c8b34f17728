#include "io/xlsx/zip_archive.hpp"

#include <minizip/unzip.h>

#include <algorithm>
#include <cstdint>

#include "io/xlsx/format.hpp"

namespace pilot::io::xlsx {

namespace {

constexpr std::size_t k_max_name = 4096;
// A real workbook has a few dozen entries; a central directory claiming millions is an attack
// on the index, not a spreadsheet.
constexpr std::uint64_t k_max_entries = 100'000;

}  // namespace

void ZipArchive::Closer::operator()(void* zip) const {
  if (zip != nullptr) {
    unzClose(static_cast<unzFile>(zip));
  }
}

std::string normalize_part_name(std::string_view part) {
  std::string name;
  name.reserve(part.size());
  for (char c : part) {
    if (c == '\\') {
      c = '/';
    } else if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
    name += c;
  }
  const auto first = name.find_first_not_of('/');
  return first == std::string::npos ? std::string{} : name.substr(first);
}

Error ZipArchive::error(const std::string& what) const {
  return Error{ErrorKind::data, m_path + " : " + what};
}

Result<ZipArchive> ZipArchive::open(const std::string& path) {
  unzFile zip = unzOpen64(path.c_str());
  if (zip == nullptr) {
    return fail(ErrorKind::data, path + " : archive zip illisible ou tronquée (le fichier est-il complet ?)");
  }
  ZipArchive archive(path, zip);
  unz_global_info64 info{};
  if (unzGetGlobalInfo64(zip, &info) != UNZ_OK || info.number_entry > k_max_entries) {
    return std::unexpected(archive.error("répertoire de l'archive zip illisible"));
  }
  int status = unzGoToFirstFile(zip);
  while (status == UNZ_OK) {
    char name[k_max_name];
    unz_file_info64 file_info{};
    if (unzGetCurrentFileInfo64(zip, &file_info, name, sizeof name, nullptr, 0, nullptr, 0) != UNZ_OK) {
      return std::unexpected(archive.error("répertoire de l'archive zip illisible"));
    }
    // minizip does not terminate a name that fills the buffer: take its length from the record.
    const std::string_view entry_name(name, std::min<std::size_t>(file_info.size_filename, sizeof name));
    unz64_file_pos position{};
    unzGetFilePos64(zip, &position);
    // The first entry of a name wins, as the archive's directory order is what writers meant.
    archive.m_entries.try_emplace(normalize_part_name(entry_name),
                                  Position{position.pos_in_zip_directory, position.num_of_file});
    status = unzGoToNextFile(zip);
  }
  if (status != UNZ_END_OF_LIST_OF_FILE) {
    return std::unexpected(archive.error("répertoire de l'archive zip illisible ou tronqué"));
  }
  return archive;
}

std::vector<std::string> ZipArchive::parts() const {
  std::vector<std::string> out;
  out.reserve(m_entries.size());
  for (const auto& [name, position] : m_entries) {
    out.push_back(name);
  }
  std::sort(out.begin(), out.end());
  return out;
}

bool ZipArchive::contains(std::string_view part) const {
  return m_entries.contains(normalize_part_name(part));
}

Result<void> ZipArchive::open_part(std::string_view part, std::uint64_t max_bytes) {
  auto* zip = static_cast<unzFile>(m_zip.get());
  if (m_part_open) {
    unzCloseCurrentFile(zip);
    m_part_open = false;
  }
  m_part = std::string(part);
  m_read = 0;
  m_max_bytes = max_bytes;
  const auto found = m_entries.find(normalize_part_name(part));
  if (found == m_entries.end()) {
    return std::unexpected(error("partie " + guillemets(part) + " absente de l'archive"));
  }
  unz64_file_pos position{found->second.directory_offset, found->second.file_number};
  unz_file_info64 info{};
  if (unzGoToFilePos64(zip, &position) != UNZ_OK ||
      unzGetCurrentFileInfo64(zip, &info, nullptr, 0, nullptr, 0, nullptr, 0) != UNZ_OK) {
    return std::unexpected(error("partie " + guillemets(part) + " illisible dans l'archive"));
  }
  if ((info.flag & 1U) != 0) {
    return std::unexpected(
        error("partie " + guillemets(part) + " chiffrée : enregistrez le classeur sans mot de passe"));
  }
  if (info.compression_method != 0 && info.compression_method != Z_DEFLATED) {
    return std::unexpected(error("partie " + guillemets(part) + " compressée avec une méthode non prise en charge (" +
                                 std::to_string(info.compression_method) + ")"));
  }
  if (info.uncompressed_size > max_bytes) {
    return std::unexpected(error("la partie " + guillemets(part) + " dépasse " + format_bytes(max_bytes) +
                                 " une fois décompressée (archive piégée ou classeur trop gros)"));
  }
  if (unzOpenCurrentFile(zip) != UNZ_OK) {
    return std::unexpected(error("partie " + guillemets(part) + " illisible dans l'archive"));
  }
  m_part_open = true;
  return {};
}

Result<std::size_t> ZipArchive::read(char* buffer, std::size_t size) {
  if (!m_part_open) {
    return 0;
  }
  auto* zip = static_cast<unzFile>(m_zip.get());
  // Never ask for more than one byte past the budget: a bomb is stopped after max_bytes + 1
  // decompressed bytes, whatever its declared size.
  const std::uint64_t remaining = m_max_bytes - std::min(m_read, m_max_bytes);
  const std::uint64_t allowed = remaining == UINT64_MAX ? remaining : remaining + 1;
  const auto wanted = static_cast<unsigned>(std::min<std::uint64_t>({size, allowed, 1U << 30}));
  const int count = unzReadCurrentFile(zip, buffer, wanted);
  if (count < 0) {
    m_part_open = false;
    unzCloseCurrentFile(zip);
    return std::unexpected(
        error("partie " + guillemets(m_part) + " corrompue dans l'archive (données compressées invalides)"));
  }
  if (count == 0) {
    m_part_open = false;
    if (unzCloseCurrentFile(zip) == UNZ_CRCERROR) {
      return std::unexpected(
          error("partie " + guillemets(m_part) + " corrompue dans l'archive (somme de contrôle incorrecte)"));
    }
    return 0;
  }
  m_read += static_cast<std::uint64_t>(count);
  if (m_read > m_max_bytes) {
    m_part_open = false;
    unzCloseCurrentFile(zip);
    return std::unexpected(error("la partie " + guillemets(m_part) + " dépasse " + format_bytes(m_max_bytes) +
                                 " une fois décompressée (archive piégée ou classeur trop gros)"));
  }
  return static_cast<std::size_t>(count);
}

}  // namespace pilot::io::xlsx
