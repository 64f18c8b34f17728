#include "io/xlsx/writer_readback.hpp"

#include <fmt/format.h>

#include <array>
#include <limits>
#include <string_view>

#include "io/xlsx/zip_archive.hpp"

namespace pilot::io::xlsx {
namespace {

bool is_xml_part(std::string_view part) {
  return part.ends_with(".xml") || part.ends_with(".rels") || part.ends_with(".vml");
}

// The name of the first element of `head` (after the XML declaration and comments), or "".
std::string root_name(std::string_view head) {
  std::size_t at = 0;
  while ((at = head.find('<', at)) != std::string_view::npos) {
    if (head.substr(at, 2) == "<?" || head.substr(at, 2) == "<!") {
      ++at;
      continue;
    }
    const std::size_t end = head.find_first_of(" \t\r\n/>", at + 1);
    return end == std::string_view::npos ? std::string() : std::string(head.substr(at + 1, end - at - 1));
  }
  return {};
}

std::string_view trim_end(std::string_view text) {
  while (!text.empty() && (text.back() == ' ' || text.back() == '\n' || text.back() == '\r' || text.back() == '\t')) {
    text.remove_suffix(1);
  }
  return text;
}

struct PartScan {
  std::string head;  // the first bytes
  std::string tail;  // the last bytes
  bool found = false;
};

// Reads the open part to its end (the archive checks its CRC), looking for `needle` if not empty.
Result<PartScan> scan_part(ZipArchive& archive, std::string_view needle) {
  constexpr std::size_t k_head = 1024;
  constexpr std::size_t k_tail = 256;
  PartScan scan;
  std::array<char, 64 * 1024> buffer{};
  std::string window;  // the end of the previous chunk, then this chunk: finds a needle cut in two
  for (;;) {
    auto read = archive.read(buffer.data(), buffer.size());
    if (!read) {
      return std::unexpected(read.error());
    }
    if (*read == 0) {
      return scan;
    }
    const std::string_view chunk(buffer.data(), *read);
    if (scan.head.size() < k_head) {
      scan.head.append(chunk.substr(0, k_head - scan.head.size()));
    }
    scan.tail.append(chunk);
    if (scan.tail.size() > k_tail) {
      scan.tail.erase(0, scan.tail.size() - k_tail);
    }
    if (!needle.empty() && !scan.found) {
      window.append(chunk);
      scan.found = window.find(needle) != std::string::npos;
      if (window.size() >= needle.size()) {
        window.erase(0, window.size() - (needle.size() - 1));
      }
    }
  }
}

}  // namespace

Result<void> check_written_package(const std::filesystem::path& path, const std::string& display_name,
                                   const std::vector<WrittenSheet>& sheets) {
  auto incomplete = [&](const std::string& what) {
    return fail(ErrorKind::io, fmt::format("{} : classeur incomplet après l'écriture ({}) : le disque ou le dossier "
                                           "temporaire (TMPDIR) est sans doute plein, ou la taille des fichiers "
                                           "limitée ; le classeur n'est pas gardé",
                                           display_name, what));
  };
  auto archive = ZipArchive::open(path.string());
  if (!archive) {
    return incomplete(archive.error().message);
  }
  for (const auto& part : archive->parts()) {
    if (!is_xml_part(part)) {
      continue;
    }
    std::string needle;
    const WrittenSheet* sheet = nullptr;
    for (std::size_t i = 0; i < sheets.size(); ++i) {
      if (part == fmt::format("xl/worksheets/sheet{}.xml", i + 1)) {
        sheet = &sheets[i];
        if (sheet->last_cell_row) {
          needle = fmt::format("<row r=\"{}\"", *sheet->last_cell_row + 1);
        }
      }
    }
    if (auto opened = archive->open_part(part, std::numeric_limits<std::uint64_t>::max()); !opened) {
      return incomplete(opened.error().message);
    }
    auto scan = scan_part(*archive, needle);
    if (!scan) {
      return incomplete(scan.error().message);
    }
    const std::string root = root_name(scan->head);
    if (root.empty() || !trim_end(scan->tail).ends_with("</" + root + ">")) {
      return incomplete(sheet != nullptr ? fmt::format("feuille « {} » coupée", sheet->name)
                                         : fmt::format("partie {} coupée", part));
    }
    if (!needle.empty() && !scan->found) {
      return incomplete(fmt::format("feuille « {} » coupée avant sa ligne {}", sheet->name, *sheet->last_cell_row + 1));
    }
  }
  return {};
}

}  // namespace pilot::io::xlsx
