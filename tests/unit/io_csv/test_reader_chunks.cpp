// io::csv::Reader across the 64 KiB chunk boundary: the inputs are built so the interesting byte
// sits exactly at k_chunk_bytes - 1 or k_chunk_bytes.
#include <doctest/doctest.h>

#include "csv_test_support.hpp"
#include "io/csv/reader.hpp"

using namespace pilot::io::csv;
using namespace pilot::io::csv::test;

namespace {

// "id;texte\n" then rows "n;xxxx…\n" until `size` bytes; the last row is padded to land exactly.
std::string filler(std::size_t size, std::size_t& rows) {
  std::string data = "id;texte\n";
  rows = 1;
  while (data.size() < size) {
    std::string row = std::to_string(rows) + ";";
    std::size_t room = size - data.size();
    if (room < row.size() + 1) {
      // Too small for a row: lengthen the previous one instead.
      data.insert(data.size() - 1, std::string(room, 'y'));
      break;
    }
    row += std::string(std::min<std::size_t>(room - row.size() - 1, 40), 'x');
    row += '\n';
    data += row;
    ++rows;
  }
  REQUIRE(data.size() == size);
  return data;
}

std::string last_field(const ReadAll& read) {
  return read.rows.empty() ? std::string() : read.rows.back().fields.back();
}

}  // namespace

TEST_SUITE("io::csv::Reader") {
  TEST_CASE("chunk boundaries") {
    const std::size_t chunk = k_chunk_bytes;
    std::size_t rows = 0;

    SUBCASE("a record spanning the boundary") {
      std::string data = filler(chunk - 10, rows) + "999;" + std::string(100, 'z') + "\n1000;fin\n";
      auto read = read_string(data);
      REQUIRE_FALSE(read.error);
      REQUIRE(read.rows.size() == rows + 2);
      CHECK(read.rows[rows].fields == std::vector<std::string>{"999", std::string(100, 'z')});
      CHECK(read.rows[rows].line == rows + 1);
      CHECK(read.rows[rows + 1].line == rows + 2);
      CHECK(read.rows[rows + 1].record == rows + 2);
    }
    SUBCASE("a field ending exactly on the last byte of a chunk") {
      std::string data = filler(chunk - 6, rows) + "7;abcd;next\n";  // 'd' is byte chunk - 1
      REQUIRE(data[chunk - 1] == 'd');
      auto read = read_string(data);
      REQUIRE_FALSE(read.error);
      CHECK(read.rows.back().fields == std::vector<std::string>{"7", "abcd", "next"});
    }
    SUBCASE("a field starting exactly on the first byte of a chunk") {
      std::string data = filler(chunk - 2, rows) + "7;abcd\n";  // 'a' is byte chunk
      REQUIRE(data[chunk] == 'a');
      auto read = read_string(data);
      REQUIRE_FALSE(read.error);
      CHECK(read.rows.back().fields == std::vector<std::string>{"7", "abcd"});
    }
    SUBCASE("a record ending exactly at the chunk, with nothing after") {
      std::string data = filler(chunk, rows);
      auto read = read_string(data);
      REQUIRE_FALSE(read.error);
      CHECK(read.rows.size() == rows);
    }
    SUBCASE("CRLF split by the boundary is one line end") {
      std::string data = filler(chunk - 4, rows) + "7;a\r\n8;b\r\n";  // CR is byte chunk - 1
      REQUIRE(data[chunk - 1] == '\r');
      auto read = read_string(data);
      REQUIRE_FALSE(read.error);
      REQUIRE(read.rows.size() == rows + 2);
      CHECK(read.rows.back().fields == std::vector<std::string>{"8", "b"});
      CHECK(read.rows.back().line == rows + 2);
    }
    SUBCASE("a doubled quote split by the boundary") {
      std::string data = filler(chunk - 5, rows) + "7;\"a\"\"b\"\n";  // quotes at chunk - 1 and chunk
      REQUIRE(data.substr(chunk - 1, 2) == "\"\"");
      auto read = read_string(data);
      REQUIRE_FALSE(read.error);
      CHECK(read.rows.back().fields == std::vector<std::string>{"7", "a\"b"});
    }
    SUBCASE("a closing quote on the last byte of a chunk") {
      std::string data = filler(chunk - 6, rows) + "7;\"ab\";c\n";  // closing quote at chunk - 1
      REQUIRE(data[chunk - 1] == '"');
      auto read = read_string(data);
      REQUIRE_FALSE(read.error);
      CHECK(read.rows.back().fields == std::vector<std::string>{"7", "ab", "c"});
    }
    SUBCASE("a quoted field with newlines spanning the boundary keeps line numbers") {
      std::string data = filler(chunk - 3, rows) + "7;\"a\nb\nc\"\n8;d\n";
      auto read = read_string(data);
      REQUIRE_FALSE(read.error);
      REQUIRE(read.rows.size() == rows + 2);
      CHECK(read.rows[rows].fields[1] == "a\nb\nc");
      CHECK(read.rows.back().line == rows + 4);
    }
    SUBCASE("a two-byte UTF-8 character split by the boundary") {
      // "é" in the header so the first chunk is already known to be UTF-8.
      std::string data = filler(chunk - 3, rows).replace(0, 2, "é") + "7;\xC3\xA9t\xC3\xA9\n";
      REQUIRE(static_cast<unsigned char>(data[chunk - 1]) == 0xC3);
      auto read = read_string(data);
      REQUIRE_FALSE(read.error);
      CHECK(read.dialect.encoding == Encoding::utf8);
      CHECK(last_field(read) == "été");
    }
    SUBCASE("a three-byte UTF-8 character split after each of its bytes") {
      for (std::size_t before : {1, 2}) {
        std::string data = filler(chunk - 2 - before, rows) + "7;\xE2\x82\xAC\n";
        REQUIRE(static_cast<unsigned char>(data[chunk - before]) == 0xE2);
        auto read = read_string(data);
        REQUIRE_FALSE(read.error);
        CHECK(read.dialect.encoding == Encoding::utf8);
        CHECK(last_field(read) == "€");
      }
    }
    SUBCASE("mixed encoding: UTF-8 first chunk, Windows-1252 byte far down") {
      std::string data = "Intitulé;Montant\n";
      std::size_t line = 1;
      while (data.size() < 3 * chunk) {
        ++line;
        data += "Ligne " + std::to_string(line) + " à l’école;" + std::to_string(line) + ",00\n";
      }
      data +=
          "Cr\xE8"
          "che;1,00\n";
      ++line;
      auto read = read_string(data);
      REQUIRE(read.rows.size() == line - 1);
      CHECK(read.rows.back().fields[0] == "Ligne " + std::to_string(line - 1) + " à l’école");
      CHECK(error_text(read) == "t.csv:" + std::to_string(line) +
                                    ":1: encodage incohérent : octets non UTF-8 à la ligne " + std::to_string(line) +
                                    " (octet 0xE8) ; enregistrez le fichier en UTF-8");
    }
    SUBCASE("ASCII first chunk, Windows-1252 later: decoded, no mojibake") {
      std::string data = filler(3 * chunk, rows) +
                         "7;Cr\xE8"
                         "che \x80\n";
      auto read = read_string(data);
      REQUIRE_FALSE(read.error);
      CHECK(read.dialect.encoding == Encoding::windows1252);
      CHECK(last_field(read) == "Crèche €");
    }
    SUBCASE("ASCII first chunk ending on a Windows-1252 lead byte") {
      // 0xE9 looks like the start of a three-byte UTF-8 character until the next chunk says otherwise.
      std::string data = filler(chunk - 3, rows) + "7;\xE9t\xE9\n";
      REQUIRE(static_cast<unsigned char>(data[chunk - 1]) == 0xE9);
      auto read = read_string(data);
      REQUIRE_FALSE(read.error);
      CHECK(read.dialect.encoding == Encoding::windows1252);
      CHECK(last_field(read) == "été");
    }
    SUBCASE("a Windows-1252 lead byte as the very last byte of an ASCII file") {
      std::string data = filler(chunk + 10, rows) + "7;caf\xE9";
      auto read = read_string(data);
      REQUIRE_FALSE(read.error);
      CHECK(read.dialect.encoding == Encoding::windows1252);
      CHECK(last_field(read) == "café");
    }
    SUBCASE("a Windows-1252 file across many chunks") {
      std::string data = "Libell\xE9;Montant\r\n";
      for (int i = 0; i < 5000; ++i) {
        data +=
            "\xC9"
            "cole n\xB0" +
            std::to_string(i) + ";" + std::to_string(i) + " \x80\r\n";
      }
      auto read = read_string(data);
      REQUIRE_FALSE(read.error);
      CHECK(read.dialect.encoding == Encoding::windows1252);
      REQUIRE(read.rows.size() == 5001);
      CHECK(read.rows[4321].fields == std::vector<std::string>{"École n°4320", "4320 €"});
      CHECK(read.rows.back().line == 5001);
    }
    SUBCASE("an unbalanced quote opened in an earlier chunk") {
      std::string data = filler(chunk - 10, rows) + "7;\"" + std::string(2 * chunk, 'q') + "\n";
      auto read = read_string(data);
      CHECK(read.rows.size() == rows);
      CHECK(error_text(read) == "t.csv:" + std::to_string(rows + 1) +
                                    ":2: guillemet non fermé : le champ ouvert par "
                                    "un guillemet à la ligne " +
                                    std::to_string(rows + 1) + " n'est jamais fermé");
    }
  }
}
