// io::csv::Reader on UTF-16 input: Excel's « Texte Unicode (*.txt) » (UTF-16LE with a BOM, tabs,
// CRLF) and its big-endian twin. The inputs are built from u"" literals by the compiler, not by
// iconv, so the decoder is checked against an independent encoding.
#include <doctest/doctest.h>

#include <string>

#include "csv_test_support.hpp"
#include "io/csv/reader.hpp"

using namespace pilot::io::csv;
using namespace pilot::io::csv::test;

namespace {

enum class Order { little, big };

// The bytes of `text` in UTF-16, without BOM.
std::string utf16(std::u16string_view text, Order order = Order::little) {
  std::string out;
  for (char16_t unit : text) {
    auto low = static_cast<char>(unit & 0xFF);
    auto high = static_cast<char>(unit >> 8);
    if (order == Order::little) {
      out += low;
      out += high;
    } else {
      out += high;
      out += low;
    }
  }
  return out;
}

const std::string k_bom_le = "\xFF\xFE";
const std::string k_bom_be = "\xFE\xFF";

}  // namespace

TEST_SUITE("io::csv::Reader") {
  TEST_CASE("UTF-16 input") {
    SUBCASE("Excel « Texte Unicode »: UTF-16LE with BOM, TAB, CRLF, French characters") {
      auto read = read_string(k_bom_le + utf16(u"Référence\tIntitulé\tMontant\r\n"
                                               u"CLS-0001\tŒuvres « sociales » l’été\t2\u202F560\u202F000,00\u00A0€\r\n"
                                               u"CLS-0002\t\"Deux\r\nlignes\tet tab\"\t-1\u00A0234,00\u00A0€\r\n"));
      REQUIRE_FALSE(read.error);
      CHECK(read.dialect.separator == '\t');
      CHECK(read.dialect.encoding == Encoding::utf16le);
      CHECK(render(read.rows) ==
            "[Référence][Intitulé][Montant]\n"
            "[CLS-0001][Œuvres « sociales » l’été][2\u202F560\u202F000,00\u00A0€]\n"
            "[CLS-0002][Deux\\r\\nlignes\tet tab][-1\u00A0234,00\u00A0€]");
      CHECK(positions(read.rows) == "1/1 2/2 3/3");
    }
    SUBCASE("UTF-16BE with BOM, ';' separator") {
      auto read = read_string(k_bom_be + utf16(u"a;é\nœ;€\n", Order::big));
      REQUIRE_FALSE(read.error);
      CHECK(read.dialect.separator == ';');
      CHECK(read.dialect.encoding == Encoding::utf16be);
      CHECK(render(read.rows) == "[a][é]\n[œ][€]");
    }
    SUBCASE("characters outside the BMP are surrogate pairs") {
      auto read = read_string(k_bom_le + utf16(u"a;b\n😀;𝄞x\n"));
      REQUIRE_FALSE(read.error);
      CHECK(render(read.rows) == "[a][b]\n[😀][𝄞x]");
    }
    SUBCASE("a BOM alone is an empty file; a last line without line end is read") {
      CHECK(read_string(k_bom_le).rows.empty());
      CHECK_FALSE(read_string(k_bom_le).error);
      CHECK(render(read_string(k_bom_le + utf16(u"a;b\r\nc;d")).rows) == "[a][b]\n[c][d]");
    }
    SUBCASE("without its BOM, the file is named for what it looks like") {
      for (const Order order : {Order::little, Order::big}) {
        auto read = read_string(utf16(u"Référence;Intitulé\r\nA-1;Équipe mobile\r\n", order));
        REQUIRE(read.error);
        CHECK(error_text(read).find("semble être du texte UTF-16 sans marque d'ordre des octets") != std::string::npos);
      }
      // A NUL byte or two in an ordinary file is still the parser's plain error.
      auto read = read_string("a;b\nc;" + std::string("\0", 1) + "d\ne;f\n");
      CHECK(error_text(read) == "t.csv:2:2: octet nul (0x00) : ce fichier n'est pas un CSV texte");
    }
    SUBCASE("a NUL character is refused like a NUL byte") {
      auto read = read_string(k_bom_le + utf16(u"a;b\nc;d") + std::string("\0\0", 2) + utf16(u"e\n"));
      CHECK(error_text(read) == "t.csv:2:2: octet nul (0x00) : ce fichier n'est pas un CSV texte");
    }
  }

  TEST_CASE("UTF-16 across the 64 KiB chunk boundary") {
    // The first chunk holds the BOM and (k_chunk_bytes - 2) / 2 code units.
    const std::size_t units_in_first_chunk = (k_chunk_bytes - 2) / 2;
    std::u16string header = u"id;texte\n";
    auto padded = [&](std::size_t units_before) {
      std::u16string text = header;
      text += u"1;";
      text.append(units_before - text.size(), u'x');
      return text;
    };

    SUBCASE("a surrogate pair split by the boundary") {
      std::u16string text = padded(units_in_first_chunk - 1) + u"😀é\n2;fin\n";  // high half is the last unit
      auto read = read_string(k_bom_le + utf16(text));
      REQUIRE_FALSE(read.error);
      REQUIRE(read.rows.size() == 3);
      CHECK(read.rows[1].fields[1].ends_with("xx😀é"));
      CHECK(read.rows[1].fields[1].size() == units_in_first_chunk - 1 - header.size() - 2 + 4 + 2);
      CHECK(render({read.rows[2]}) == "[2][fin]");
    }
    SUBCASE("a high surrogate ending the chunk, without its low half in the next") {
      // The chunk size is even and the BOM two bytes, so a boundary never splits a code unit: the
      // only carry is the high half of a pair, to be judged with the next chunk.
      std::u16string text = padded(units_in_first_chunk - 1) + u"\xD83D" + u"é\n2;fin\n";
      CHECK(error_text(read_string(k_bom_le + utf16(text))) ==
            "t.csv:2:2: texte UTF-16 invalide à la ligne 2 : demi-caractère 0xD83D sans son autre moitié (fichier "
            "endommagé ?) ; enregistrez le fichier en UTF-8");
    }
    SUBCASE("many chunks, a surrogate pair split at each boundary, decode to the UTF-8 rows") {
      std::u16string text = header;
      std::string expected = "id;texte\n";
      std::size_t splits = 0;
      for (int i = 0; i < 20000; ++i) {
        // Pad the row so that the high half of 😀 is the last unit of a chunk when one ends nearby.
        const std::size_t high = text.size() + 1;         // after « é »
        std::size_t boundary = units_in_first_chunk - 1;  // the last unit of a chunk
        while (boundary < high) {
          boundary += k_chunk_bytes / 2;
        }
        const std::size_t pad = boundary - high <= 8 ? boundary - high : 0;
        splits += boundary - high <= 8 ? 1 : 0;
        text += std::u16string(pad, u'x') + u"é😀;Œ€’\n";
        expected += std::string(pad, 'x') + "é😀;Œ€’\n";
      }
      REQUIRE(splits >= 4);
      auto read16 = read_string(k_bom_le + utf16(text));
      auto read8 = read_string(expected);
      REQUIRE_FALSE(read16.error);
      REQUIRE_FALSE(read8.error);
      CHECK(read16.rows.size() == 20001);
      CHECK(render(read16.rows) == render(read8.rows));
    }
  }

  TEST_CASE("invalid UTF-16") {
    SUBCASE("a high surrogate without its low half names the line and column") {
      std::string data = k_bom_le + utf16(u"a;b\nc;d") + "\x3D\xD8" + utf16(u"e\nf;g\n");
      CHECK(error_text(read_string(data)) ==
            "t.csv:2:2: texte UTF-16 invalide à la ligne 2 : demi-caractère 0xD83D sans son autre moitié (fichier "
            "endommagé ?) ; enregistrez le fichier en UTF-8");
    }
    SUBCASE("a low surrogate first, big-endian") {
      std::string data =
          k_bom_be + utf16(u"a;b\nc;d\ne;", Order::big) + std::string("\xDE\x00", 2) + utf16(u"\n", Order::big);
      CHECK(error_text(read_string(data)) ==
            "t.csv:3:2: texte UTF-16 invalide à la ligne 3 : demi-caractère 0xDE00 sans son autre moitié (fichier "
            "endommagé ?) ; enregistrez le fichier en UTF-8");
    }
    SUBCASE("the rows before the fault are returned") {
      auto read = read_string(k_bom_le + utf16(u"a;b\nc;d\n") + std::string("\x00\xDC", 2));
      CHECK(render(read.rows) == "[a][b]\n[c][d]");
      CHECK(read.error);
    }
    SUBCASE("a high surrogate at the very end") {
      CHECK(error_text(read_string(k_bom_le + utf16(u"a;b\nc;") + "\x3D\xD8")) ==
            "t.csv:2:2: le fichier UTF-16 se termine au milieu d'un caractère ; le fichier est-il tronqué ?");
    }
    SUBCASE("an odd number of bytes") {
      CHECK(error_text(read_string(k_bom_le + utf16(u"a;b\nc;d") + "e")) ==
            "t.csv:2:2: le fichier UTF-16 se termine au milieu d'un caractère ; le fichier est-il tronqué ?");
    }
  }
}
