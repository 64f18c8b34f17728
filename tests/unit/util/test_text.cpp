#include <doctest/doctest.h>

#include "util/sha256.hpp"
#include "util/text.hpp"

using namespace pilot::util;

TEST_SUITE("util::text") {
  TEST_CASE("fold ignores accents, case, apostrophes and spacing") {
    CHECK(fold("Validée par l’État") == "validee par l'etat");
    CHECK(fold("  Conseil   départemental - NORD ") == "conseil departemental - nord");
    CHECK(fold("Œuvre") == "oeuvre");
    // ASCII runs (folded without decoding) meet spaces, accents and control characters.
    CHECK(fold("ABC\u00a0DÉF\u202fGhi\tJ") == "abc def ghi j");
    CHECK(fold("État-CIE/2024:Nord") == "etat-cie/2024:nord");
    CHECK(fold("a\x01B\x7f") == "a\x01b\x7f");
    CHECK(fold("NORD ") == "nord");
    CHECK(fold_key("Date de début*") == "datededebut");
    CHECK(fold_key("date_de_debut") == "datededebut");
  }
  TEST_CASE("trim handles the spaces Excel writes") {
    CHECK(trim("\u00a0 abc \u202f") == "abc");
    CHECK(trim("   ") == "");
    CHECK(trim("abc") == "abc");
    CHECK(trim("a b") == "a b");
    CHECK(trim("a\u00a0") == "a");
    CHECK(trim("\u202fa") == "a");
    CHECK(trim("\x01a") == "\x01a");
  }
  TEST_CASE("utf8 helpers") {
    CHECK(is_valid_utf8("éàç €"));
    CHECK_FALSE(is_valid_utf8("caf\xe9"));
    CHECK(display_width("État") == 4);
    CHECK(pad_right("État", 6) == "État  ");
    CHECK(pad_left("12", 4) == "  12");
  }
  TEST_CASE("shorten_quoted_values cuts only the long quoted values, on whole characters") {
    const std::string message = "« Axe » : choix inconnu « " + std::string(20, 'X') + " », voir « Axe 1 »";
    CHECK(shorten_quoted_values(message, 20) == message);
    CHECK(shorten_quoted_values(message, 5) == "« Axe » : choix inconnu « XXXXX… » (20 caractères), voir « Axe 1 »");
    CHECK(shorten_quoted_values("« éééééé »", 3) == "« ééé… » (6 caractères)");
    CHECK(shorten_quoted_values(std::string(200'000, 'X'), 5).size() == 200'000);  // no quotes: as is
    CHECK(shorten_quoted_values("« non fermé " + std::string(50, 'X'), 5) == "« non fermé " + std::string(50, 'X'));
    CHECK(shorten_quoted_values("« " + std::string(600'000, 'X') + " »", 120) ==
          "« " + std::string(120, 'X') + "… » (600 000 caractères)");
  }
  TEST_CASE("show_invisible writes the code of characters a message cannot show") {
    CHECK(show_invisible("CLS-1\u200b") == "CLS-1⟨U+200B⟩");
    CHECK(show_invisible("\ufeffRéf\u00ad") == "⟨U+FEFF⟩Réf⟨U+00AD⟩");
    CHECK(show_invisible("a\x01"
                         "b\rc") == "a⟨U+0001⟩b⟨U+000D⟩c");
    CHECK(show_invisible("ligne 1\nligne 2\tÉtat « 2 560 000 € »") == "ligne 1\nligne 2\tÉtat « 2 560 000 € »");
  }
  TEST_CASE("find_control_character finds what a typed answer cannot hold") {
    CHECK_FALSE(find_control_character("Ligne 1\r\nligne 2\tÉtat « 2 560 000 € »").has_value());
    CHECK(find_control_character("Titre \x1b[2J") == 6U);
    CHECK(find_control_character("a\x01") == 1U);
    CHECK(find_control_character("ab\x7f") == 2U);
    CHECK(find_control_character("é\u0085") == 2U);                         // C1 (NEL), after a two-byte letter
    CHECK_FALSE(find_control_character("\u00a0\u00e9\u0100").has_value());  // C2 A0, C3 A9, C4 80: letters
  }
  TEST_CASE("closest_matches suggests prefixes first, then near spellings") {
    const std::vector<std::string> names = {"Nord", "Normandie", "Somme", "Pas-de-Calais"};
    CHECK(closest_matches("nor", names) == std::vector<std::string>{"Nord", "Normandie"});
    CHECK(closest_matches("Some", names) == std::vector<std::string>{"Somme"});
    CHECK(closest_matches("zzzzzz", names).empty());
    CHECK(edit_distance("kitten", "sitting") == 3);
    CHECK(edit_distance("nrod", "nord") == 1);
  }
  TEST_CASE("shell_quote gives back what a shell reads as one argument") {
    CHECK(shell_quote("--convention") == "--convention");
    CHECK(shell_quote("Hauts-de-France") == "Hauts-de-France");
    CHECK(shell_quote("financeur=État;montant=60 000") == "'financeur=État;montant=60 000'");
    CHECK(shell_quote("CA Amiens Métropole") == "'CA Amiens Métropole'");
    CHECK(shell_quote("l'action") == "'l'\\''action'");
    CHECK(shell_quote("$HOME") == "'$HOME'");
    CHECK(shell_quote("") == "''");
  }

  TEST_CASE("lists") {
    CHECK(split_list("a; b |c\n\n d", ";|\n") == std::vector<std::string>{"a", "b", "c", "d"});
    CHECK(quoted_list({"cls", "cie", "unique"}) == "« cls », « cie » ou « unique »");
    CHECK(join({"a", "b"}, ", ") == "a, b");
  }
  TEST_CASE("sha256 known vectors") {
    CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    std::string million(1000000, 'a');
    CHECK(sha256_hex(million) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  }
}
