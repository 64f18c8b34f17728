// Files that are not workbooks, damaged archives and broken package structure: each must give
// a clear Error, never a crash or a hang.
#include <doctest/doctest.h>

#include <filesystem>
#include <random>

#include "xlsx_test_support.hpp"

using namespace pilot::io::xlsx;
using pilot::ErrorKind;
using xlsx_test::open_error;
using xlsx_test::Package;
using xlsx_test::read_sheet;
using xlsx_test::ScratchDir;
using xlsx_test::sheet_xml;

namespace {

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// Overwrites `bytes` at `offset` within the central-directory record of `entry`.
void patch_central_record(std::string& zip, const std::string& entry, std::size_t offset, const std::string& bytes) {
  std::size_t at = 0;
  while ((at = zip.find("PK\x01\x02", at)) != std::string::npos) {
    if (zip.compare(at + 46, entry.size(), entry) == 0) {
      zip.replace(at + offset, bytes.size(), bytes);
      return;
    }
    ++at;
  }
  FAIL("no central record for " << entry);
}

// The same in the local header that precedes the entry's data.
void patch_local_header(std::string& zip, const std::string& entry, std::size_t offset, const std::string& bytes) {
  const auto name = zip.find(entry);
  REQUIRE(name != std::string::npos);
  REQUIRE(zip.compare(name - 30, 4, "PK\x03\x04") == 0);
  zip.replace(name - 30 + offset, bytes.size(), bytes);
}

std::string le32(std::uint32_t value) {
  std::string bytes(4, '\0');
  for (int i = 0; i < 4; ++i) {
    bytes[static_cast<std::size_t>(i)] = static_cast<char>((value >> (8 * i)) & 0xFF);
  }
  return bytes;
}

// Reads every sheet of a workbook, for robustness loops: any outcome but a crash is fine.
void read_everything(const std::string& path) {
  auto workbook = Workbook::open(path);
  if (!workbook) {
    CHECK_FALSE(workbook.error().message.empty());
    return;
  }
  for (const auto& name : workbook->sheet_names()) {
    auto reader = workbook->open_sheet(name);
    if (!reader) {
      continue;
    }
    for (int guard = 0; guard < 100000; ++guard) {
      auto row = reader->next();
      if (!row || !*row) {
        break;
      }
    }
  }
}

}  // namespace

TEST_SUITE("io::xlsx::bad_archive") {
  TEST_CASE("files that are not workbooks") {
    ScratchDir scratch;

    SUBCASE("missing file") {
      const std::string path = scratch.file("absent.xlsx");
      const auto error = open_error(path);
      CHECK(error.kind == ErrorKind::io);
      CHECK(error.message == path + " : fichier introuvable");
    }
    SUBCASE("a folder") {
      const std::string path = scratch.file("dossier.xlsx");
      std::filesystem::create_directory(path);
      const auto error = open_error(path);
      CHECK(error.kind == ErrorKind::io);
      CHECK(error.message == path + " : c'est un dossier, pas un classeur xlsx");
    }
    SUBCASE("empty file") {
      const std::string path = scratch.file("vide.xlsx");
      xlsx_test::write_file(path, "");
      const auto error = open_error(path);
      CHECK(error.kind == ErrorKind::data);
      CHECK(error.message == path + " : fichier vide, ce n'est pas un classeur xlsx");
    }
    SUBCASE("a CSV renamed .xlsx") {
      const std::string path = scratch.file("actions.xlsx");
      xlsx_test::write_file(path, "Intitulé;Montant\nRSA;12\n");
      const auto error = open_error(path);
      CHECK(error.kind == ErrorKind::data);
      CHECK(error.message == path +
                                 " : ce n'est pas un classeur xlsx (le fichier n'est pas une archive zip ; "
                                 "un CSV ou un fichier renommé ?)");
    }
    SUBCASE("a tiny file") {
      const std::string path = scratch.file("pk.xlsx");
      xlsx_test::write_file(path, "PK");
      CHECK(contains(open_error(path).message, "n'est pas une archive zip"));
    }
    SUBCASE("a genuine .xls (OLE compound file)") {
      const std::string path = xlsx_test::fixture("libreoffice.xls");
      const auto error = open_error(path);
      CHECK(error.kind == ErrorKind::data);
      CHECK(error.message == path +
                                 " : classeur protégé par mot de passe ou au format .xls : "
                                 "enregistrez-le en .xlsx");
    }
    SUBCASE("a password-protected workbook (OLE container, as Excel encrypts)") {
      const std::string path = scratch.file("protege.xlsx");
      std::string ole("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
      ole += std::string(4096, '\0');
      xlsx_test::write_file(path, ole);
      CHECK(contains(open_error(path).message, "classeur protégé par mot de passe ou au format .xls"));
    }
    SUBCASE("a truncated zip") {
      const std::string whole = xlsx_test::read_file(xlsx_test::fixture("libreoffice_types.xlsx"));
      const std::string path = scratch.file("tronque.xlsx");
      xlsx_test::write_file(path, whole.substr(0, whole.size() / 2));
      const auto error = open_error(path);
      CHECK(error.kind == ErrorKind::data);
      CHECK(error.message == path + " : archive zip illisible ou tronquée (le fichier est-il complet ?)");
    }
    SUBCASE("a zip without workbook") {
      const std::string path = scratch.file("autre.xlsx");
      xlsx_test::write_zip(path, {{"notes.txt", "bonjour"}, {"[Content_Types].xml", "<Types/>"}});
      CHECK(open_error(path).message ==
            path + " : l'archive ne contient pas de classeur Excel (partie « xl/workbook.xml » absente)");
    }
    SUBCASE("an OpenDocument spreadsheet") {
      const std::string path = scratch.file("calc.xlsx");
      xlsx_test::write_zip(path, {{"mimetype", "application/vnd.oasis.opendocument.spreadsheet", true},
                                  {"content.xml", "<office:document-content/>"}});
      CHECK(open_error(path).message ==
            path + " : classeur OpenDocument (.ods) non pris en charge : enregistrez-le en .xlsx");
    }
    SUBCASE("a binary .xlsb workbook") {
      const std::string path = scratch.file("binaire.xlsb");
      xlsx_test::write_zip(
          path, {{"[Content_Types].xml",
                  "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Override "
                  "PartName=\"/xl/workbook.bin\" ContentType=\"application/vnd.ms-excel.sheet.binary.macroEnabled."
                  "main\"/></Types>"},
                 {"_rels/.rels",
                  "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                  "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
                  "relationships/officeDocument\" Target=\"xl/workbook.bin\"/></Relationships>"},
                 {"xl/workbook.bin", std::string(64, '\x01')}});
      CHECK(open_error(path).message ==
            path + " : classeur binaire (.xlsb) non pris en charge : enregistrez-le en .xlsx");
    }
  }

  TEST_CASE("damaged archives") {
    ScratchDir scratch;
    Package package;
    std::string rows;
    for (int r = 1; r <= 300; ++r) {
      rows += "<row r=\"" + std::to_string(r) + "\"><c r=\"A" + std::to_string(r) + "\"><v>" + std::to_string(r * 7) +
              "</v></c></row>";
    }
    package.sheets = {{"Feuil1", sheet_xml(rows)}};
    const auto parts = package.parts();
    const std::string sheet_part = "xl/worksheets/sheet1.xml";

    SUBCASE("corrupt compressed data") {
      const std::string path = scratch.file("corrompu.xlsx");
      xlsx_test::write_package(path, parts);
      std::string zip = xlsx_test::read_file(path);
      const auto data = zip.find(sheet_part) + sheet_part.size();
      for (std::size_t i = data + 40; i < data + 80; ++i) {
        zip[i] = static_cast<char>(zip[i] ^ 0x5A);
      }
      xlsx_test::write_file(path, zip);
      const auto result = read_sheet(path, "Feuil1");
      CHECK(result.kind == ErrorKind::data);
      CHECK(contains(result.error, path + " : partie « xl/worksheets/sheet1.xml » corrompue dans l'archive"));
    }
    SUBCASE("checksum mismatch in a stored entry") {
      const std::string path = scratch.file("crc.xlsx");
      std::vector<xlsx_test::ZipEntry> entries;
      for (const auto& [name, content] : parts) {
        entries.push_back({name, content, name == sheet_part});
      }
      xlsx_test::write_zip(path, entries);
      std::string zip = xlsx_test::read_file(path);
      const auto digit = zip.find("<v>7</v>");
      REQUIRE(digit != std::string::npos);
      zip[digit + 3] = '8';
      xlsx_test::write_file(path, zip);
      const auto result = read_sheet(path, "Feuil1");
      CHECK(result.error == "ERROR: " + path +
                                " : partie « xl/worksheets/sheet1.xml » corrompue dans l'archive (somme de "
                                "contrôle incorrecte)");
    }
    SUBCASE("a declared size smaller than the data") {
      const std::string path = scratch.file("ment.xlsx");
      xlsx_test::write_package(path, parts);
      std::string zip = xlsx_test::read_file(path);
      patch_central_record(zip, sheet_part, 24, le32(100));
      patch_local_header(zip, sheet_part, 22, le32(100));
      xlsx_test::write_file(path, zip);
      const auto result = read_sheet(path, "Feuil1");
      CHECK(contains(result.error, "corrompue dans l'archive"));
    }
    SUBCASE("an unsupported compression method") {
      const std::string path = scratch.file("bzip2.xlsx");
      xlsx_test::write_package(path, parts);
      std::string zip = xlsx_test::read_file(path);
      patch_central_record(zip, sheet_part, 10, std::string("\x0C\x00", 2));
      xlsx_test::write_file(path, zip);
      const auto result = read_sheet(path, "Feuil1");
      CHECK(result.error == "ERROR: " + path +
                                " : partie « xl/worksheets/sheet1.xml » compressée avec une méthode non prise "
                                "en charge (12)");
    }
    SUBCASE("an encrypted entry") {
      const std::string path = scratch.file("chiffre.xlsx");
      std::vector<xlsx_test::ZipEntry> entries;
      for (const auto& [name, content] : parts) {
        entries.push_back({name, content, false, name == sheet_part ? "secret" : nullptr});
      }
      xlsx_test::write_zip(path, entries);
      const auto result = read_sheet(path, "Feuil1");
      CHECK(result.error == "ERROR: " + path +
                                " : partie « xl/worksheets/sheet1.xml » chiffrée : enregistrez le classeur sans "
                                "mot de passe");
    }
    SUBCASE("truncated and bit-flipped copies never crash") {
      const std::string whole = xlsx_test::read_file(xlsx_test::fixture("libreoffice_types.xlsx"));
      const std::string path = scratch.file("fuzz.xlsx");
      for (std::size_t cut = 0; cut < whole.size(); cut += 97) {
        xlsx_test::write_file(path, whole.substr(0, cut));
        read_everything(path);
      }
      std::mt19937 random(20240628);
      for (int round = 0; round < 300; ++round) {
        std::string damaged = whole;
        for (int flips = 0; flips < 4; ++flips) {
          damaged[random() % damaged.size()] ^= static_cast<char>(1 + random() % 255);
        }
        xlsx_test::write_file(path, damaged);
        read_everything(path);
      }
    }
  }

  TEST_CASE("broken package structure") {
    ScratchDir scratch;
    Package package;
    package.sheets = {{"Actions", sheet_xml("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>")},
                      {"Budget", sheet_xml("<row r=\"1\"><c r=\"A1\"><v>2</v></c></row>")}};
    auto parts = package.parts();
    const std::string path = scratch.file("structure.xlsx");

    SUBCASE("missing sheet part") {
      parts.erase("xl/worksheets/sheet2.xml");
      xlsx_test::write_package(path, parts);
      CHECK(read_sheet(path, "Actions").error.empty());
      CHECK(
          read_sheet(path, "Budget").error ==
          "ERROR: " + path +
              " : la feuille « Budget » est introuvable dans l'archive (partie « xl/worksheets/sheet2.xml » absente)");
    }
    SUBCASE("sheet without relationship") {
      auto& rels = parts["xl/_rels/workbook.xml.rels"];
      rels.replace(rels.find("rId2"), 4, "rId9");
      xlsx_test::write_package(path, parts);
      CHECK(read_sheet(path, "Budget").error ==
            "ERROR: " + path +
                " : la feuille « Budget » ne renvoie à aucune partie de l'archive (relation « rId2 » absente)");
    }
    SUBCASE("missing workbook relationships") {
      parts.erase("xl/_rels/workbook.xml.rels");
      xlsx_test::write_package(path, parts);
      CHECK(open_error(path).message ==
            path + " : relations du classeur absentes (partie « xl/_rels/workbook.xml.rels »)");
    }
    SUBCASE("no sheet") {
      parts["xl/workbook.xml"] = "<workbook><sheets/></workbook>";
      xlsx_test::write_package(path, parts);
      CHECK(open_error(path).message == path + " : le classeur ne contient aucune feuille");
    }
    SUBCASE("sheet without name") {
      parts["xl/workbook.xml"] =
          "<workbook><sheets><sheet sheetId=\"1\" r:id=\"rId1\" "
          "xmlns:r=\"urn:r\"/></sheets></workbook>";
      xlsx_test::write_package(path, parts);
      CHECK(open_error(path).message == path + " : la feuille n° 1 du classeur n'a pas de nom");
    }
    SUBCASE("a dialog sheet") {
      auto& rels = parts["xl/_rels/workbook.xml.rels"];
      const auto at = rels.rfind("/worksheet\" Target=\"worksheets/sheet2.xml");
      rels.replace(at, 10, "/dialogsheet");
      xlsx_test::write_package(path, parts);
      CHECK(read_sheet(path, "Budget").error ==
            "ERROR: " + path +
                " : la feuille « Budget » n'est pas une feuille de calcul (feuille de macros ou de dialogue)");
    }
    SUBCASE("malformed workbook.xml") {
      parts["xl/workbook.xml"] = "<workbook><sheets><sheet name=\"A\" r:id=\"rId1\"></sheets></workbook>";
      xlsx_test::write_package(path, parts);
      const auto error = open_error(path);
      CHECK(error.kind == ErrorKind::data);
      CHECK(contains(error.message, path + " : XML mal formé dans la partie « xl/workbook.xml », ligne 1, colonne"));
    }
    SUBCASE("malformed shared strings") {
      parts["xl/sharedStrings.xml"] = "<sst><si><t>a</si></sst>";
      auto& rels = parts["xl/_rels/workbook.xml.rels"];
      rels.insert(rels.find("</Relationships>"),
                  "<Relationship Id=\"rIdS\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
                  "relationships/sharedStrings\" Target=\"sharedStrings.xml\"/>");
      xlsx_test::write_package(path, parts);
      CHECK(open_error(path).message == path +
                                            " : XML mal formé dans la partie « xl/sharedStrings.xml », ligne 1, "
                                            "colonne 16 : mismatched tag");
    }
    SUBCASE("malformed styles") {
      parts["xl/styles.xml"] = "<styleSheet><cellXfs><xf numFmtId=\"14\"></cellXfs>";
      xlsx_test::write_package(path, parts);
      CHECK(contains(open_error(path).message, "XML mal formé dans la partie « xl/styles.xml »"));
    }
  }
}
