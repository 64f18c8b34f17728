#include "xlsx_test_support.hpp"

#include <minizip/zip.h>
#include <unistd.h>

#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace xlsx_test {

namespace {

constexpr const char* k_main_ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
constexpr const char* k_rel_ns = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

void check(bool ok, const std::string& what) {
  if (!ok) {
    throw std::runtime_error("test support: " + what);
  }
}

}  // namespace

ScratchDir::ScratchDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "pilot_io_xlsx_XXXXXX").string();
  check(mkdtemp(pattern.data()) != nullptr, "mkdtemp");
  m_path = pattern;
}

ScratchDir::~ScratchDir() {
  std::error_code ignored;
  std::filesystem::remove_all(m_path, ignored);
}

void write_zip(const std::string& path, const std::vector<ZipEntry>& entries) {
  zipFile zip = zipOpen64(path.c_str(), APPEND_STATUS_CREATE);
  check(zip != nullptr, "zipOpen64 " + path);
  for (const auto& entry : entries) {
    zip_fileinfo info{};
    const uLong crc =
        crc32(0, reinterpret_cast<const Bytef*>(entry.content.data()), static_cast<uInt>(entry.content.size()));
    check(zipOpenNewFileInZip3_64(zip, entry.name.c_str(), &info, nullptr, 0, nullptr, 0, nullptr,
                                  entry.stored ? 0 : Z_DEFLATED, entry.stored ? 0 : Z_DEFAULT_COMPRESSION, 0,
                                  -MAX_WBITS, DEF_MEM_LEVEL, Z_DEFAULT_STRATEGY, entry.password, crc, 0) == ZIP_OK,
          "zipOpenNewFileInZip " + entry.name);
    check(zipWriteInFileInZip(zip, entry.content.data(), static_cast<unsigned>(entry.content.size())) == ZIP_OK,
          "zipWriteInFileInZip");
    check(zipCloseFileInZip(zip) == ZIP_OK, "zipCloseFileInZip");
  }
  check(zipClose(zip, nullptr) == ZIP_OK, "zipClose");
}

void write_file(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
  check(static_cast<bool>(out), "write " + path);
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

std::map<std::string, std::string> Package::parts() const {
  std::map<std::string, std::string> parts;
  std::string overrides;
  std::string sheet_entries;
  std::string relationships;
  for (std::size_t i = 0; i < sheets.size(); ++i) {
    const std::string n = std::to_string(i + 1);
    const std::string part = "xl/worksheets/sheet" + n + ".xml";
    parts[part] = sheets[i].second;
    overrides += "<Override PartName=\"/" + part +
                 "\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>";
    sheet_entries += "<sheet name=\"" + sheets[i].first + "\" sheetId=\"" + n + "\" r:id=\"rId" + n + "\"/>";
    relationships += "<Relationship Id=\"rId" + n + "\" Type=\"" + std::string(k_rel_ns) +
                     "/worksheet\" Target=\"worksheets/sheet" + n + ".xml\"/>";
  }
  if (!shared_strings.empty()) {
    parts["xl/sharedStrings.xml"] = shared_strings;
    relationships +=
        "<Relationship Id=\"rIdS\" Type=\"" + std::string(k_rel_ns) + "/sharedStrings\" Target=\"sharedStrings.xml\"/>";
  }
  if (!styles.empty()) {
    parts["xl/styles.xml"] = styles;
    relationships += "<Relationship Id=\"rIdT\" Type=\"" + std::string(k_rel_ns) + "/styles\" Target=\"styles.xml\"/>";
  }
  parts["[Content_Types].xml"] =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
      "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
      "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
      "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
      "<Override PartName=\"/xl/workbook.xml\" "
      "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>" +
      overrides + "</Types>";
  parts["_rels/.rels"] =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
      "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
      "<Relationship Id=\"rId1\" Type=\"" +
      std::string(k_rel_ns) + "/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>";
  parts["xl/workbook.xml"] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"" + std::string(k_main_ns) +
                             "\" xmlns:r=\"" + k_rel_ns + "\">" + workbook_pr + "<sheets>" + sheet_entries +
                             "</sheets></workbook>";
  parts["xl/_rels/workbook.xml.rels"] =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
      "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">" +
      relationships + "</Relationships>";
  return parts;
}

void write_package(const std::string& path, const std::map<std::string, std::string>& parts) {
  std::vector<ZipEntry> entries;
  for (const auto& [name, content] : parts) {
    entries.push_back(ZipEntry{name, content});
  }
  write_zip(path, entries);
}

std::string sheet_xml(const std::string& rows) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"" + std::string(k_main_ns) + "\"><sheetData>" +
         rows + "</sheetData></worksheet>";
}

std::string shared_strings_xml(const std::vector<std::string>& items) {
  std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst xmlns=\"" + std::string(k_main_ns) + "\" count=\"" +
                    std::to_string(items.size()) + "\" uniqueCount=\"" + std::to_string(items.size()) + "\">";
  for (const auto& item : items) {
    xml += "<si><t>" + item + "</t></si>";
  }
  return xml + "</sst>";
}

SheetResult read_sheet(const std::string& path, const std::string& sheet, pilot::io::xlsx::Limits limits) {
  SheetResult result;
  auto workbook = pilot::io::xlsx::Workbook::open(path, limits);
  if (!workbook) {
    result.error = "ERROR: " + workbook.error().message;
    result.kind = workbook.error().kind;
    return result;
  }
  auto reader = workbook->open_sheet(sheet);
  if (!reader) {
    result.error = "ERROR: " + reader.error().message;
    result.kind = reader.error().kind;
    return result;
  }
  for (;;) {
    auto row = reader->next();
    if (!row) {
      result.error = "ERROR: " + row.error().message;
      result.kind = row.error().kind;
      return result;
    }
    if (!*row) {
      return result;
    }
    result.rows.push_back(std::move(**row));
  }
}

pilot::Error open_error(const std::string& path, pilot::io::xlsx::Limits limits) {
  auto workbook = pilot::io::xlsx::Workbook::open(path, limits);
  if (workbook) {
    FAIL("expected Workbook::open to fail for " << path);
    return {};
  }
  return workbook.error();
}

std::string fixture(const std::string& name) {
  return std::string(PILOT_TEST_DATA) + "/io_xlsx/" + name;
}

}  // namespace xlsx_test
