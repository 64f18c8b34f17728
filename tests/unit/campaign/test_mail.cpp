#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "campaign/mail.hpp"
#include "campaign/sendmail.hpp"
#include "util/text.hpp"

using namespace pilot;

namespace {

// Decodes one "=?UTF-8?B?…?=" word (test helper, not a general decoder).
std::string decode_word(std::string_view word) {
  REQUIRE(word.starts_with("=?UTF-8?B?"));
  REQUIRE(word.ends_with("?="));
  const std::string_view data = word.substr(10, word.size() - 12);
  static constexpr std::string_view k_alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (const char c : data) {
    if (c == '=') {
      break;
    }
    buffer = (buffer << 6) | static_cast<std::uint32_t>(k_alphabet.find(c));
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  return out;
}

campaign::MailMessage sample() {
  campaign::MailMessage message;
  message.from = {"pilot", "pilot@prefecture.gouv.fr"};
  message.to = {"Hélène Dupré", "helene.dupre@nord.fr"};
  message.subject = "[pilot] Bilan des CLS 2025 : Conseil départemental - Nord — échéance 30/06/2026";
  message.body = "Bonjour,\n\nLigne accentuée : déploiement, échéance = 30/06/2026.\n-- \nFin\n";
  message.date = "Sun, 22 Nov 2026 10:00:00 +0000";
  message.message_id = "pilot.x.1@prefecture.gouv.fr";
  message.extra_headers = {{"X-Pilot-Campaign", "bilan-cls-2025"}};
  return message;
}

}  // namespace

TEST_SUITE("campaign::mail") {
  TEST_CASE("addresses users give are checked") {
    CHECK(campaign::check_email("helene.dupre@nord.fr"));
    CHECK(campaign::check_email("a+b@sub-domaine.example.org"));
    CHECK(campaign::check_email("pilot@localhost"));
    CHECK(campaign::check_email("sans-arobase").error().message ==
          "adresse électronique invalide « sans-arobase » : attendu nom@domaine");
    // The whole character is named, never half of it (invalid UTF-8 in a message).
    CHECK(campaign::check_email("élodie@somme.fr").error().message ==
          "adresse électronique invalide « élodie@somme.fr » : caractère « é » (U+00E9) interdit avant le @ (lettres "
          "sans accent, chiffres et signes comme . _ - +)");
    CHECK_FALSE(campaign::check_email("a b@x.fr"));
    CHECK_FALSE(campaign::check_email("a@x.fr\nBcc: autre@x.fr"));
    CHECK_FALSE(campaign::check_email("a..b@x.fr"));
    CHECK_FALSE(campaign::check_email("a@-x.fr"));
    CHECK_FALSE(campaign::check_email("a@x..fr"));
    CHECK_FALSE(campaign::check_email("@x.fr"));
    CHECK_FALSE(campaign::check_email(""));
    CHECK(campaign::check_display_name("Hélène Dupré"));
    CHECK_FALSE(campaign::check_display_name("Hélène\r\nBcc: x@y.fr"));
  }

  TEST_CASE("RFC 5322 dates from the audit clock") {
    CHECK(campaign::rfc5322_date("2026-11-22T10:00:00Z").value() == "Sun, 22 Nov 2026 10:00:00 +0000");
    CHECK(campaign::rfc5322_date("1970-01-01T00:00:00Z").value() == "Thu, 01 Jan 1970 00:00:00 +0000");
    CHECK(campaign::rfc5322_date("2028-02-29T23:59:59Z").value() == "Tue, 29 Feb 2028 23:59:59 +0000");
    CHECK_FALSE(campaign::rfc5322_date("22/11/2026"));
    CHECK_FALSE(campaign::rfc5322_date("2026-02-30T10:00:00Z"));
  }

  TEST_CASE("non-ASCII header text becomes encoded-words that never split a character") {
    CHECK(campaign::encode_header_text("Bilan 2025") == "Bilan 2025");
    const std::string text = "Échéance du bilan : déploiement, réalisé, précédé — « guillemets » é";
    const std::string encoded = campaign::encode_header_text(text);
    std::string decoded;
    for (const auto& word : util::split_list(encoded, " ")) {
      CHECK(word.size() <= 75);
      const std::string piece = decode_word(word);
      CHECK(util::is_valid_utf8(piece));
      decoded += piece;
    }
    CHECK(decoded == text);
    CHECK(campaign::format_address({"Hélène", "h@x.fr"}) == "=?UTF-8?B?SMOpbMOobmU=?= <h@x.fr>");
    CHECK(campaign::format_address({"Service RSA", "r@x.fr"}) == "Service RSA <r@x.fr>");
    CHECK(campaign::format_address({"Dupont, \"Jean\"", "j@x.fr"}) == "\"Dupont, \\\"Jean\\\"\" <j@x.fr>");
    CHECK(campaign::format_address({"", "j@x.fr"}) == "<j@x.fr>");
    // What people read (contact add, remind text/csv/json): plain UTF-8, never encoded-words.
    CHECK(campaign::display_address({"Hélène Dupré", "h@x.fr"}) == "Hélène Dupré <h@x.fr>");
    CHECK(campaign::display_address({"", "j@x.fr"}) == "j@x.fr");
  }

  TEST_CASE("quoted-printable keeps lines short and round-trips") {
    const std::string body = "é=1\nfin de ligne avec espace \n" + std::string(200, 'x') + "\n\xC3\xA9\xC3\xA9\n";
    const std::string encoded = campaign::quoted_printable(body);
    for (const auto& line : util::split_list(encoded, "\n")) {
      CHECK(line.size() <= 76);
    }
    CHECK(encoded.find("=C3=A9=3D1\n") == 0);
    CHECK(encoded.find("espace=20\n") != std::string::npos);
    CHECK(campaign::decode_quoted_printable(encoded) == body);
  }

  TEST_CASE("a rendered message has the headers a mail system needs") {
    const std::string text = campaign::render_message(sample());
    const std::size_t blank = text.find("\n\n");
    REQUIRE(blank != std::string::npos);
    const std::string headers = text.substr(0, blank + 1);
    CHECK(headers.find("From: pilot <pilot@prefecture.gouv.fr>\n") == 0);
    CHECK(headers.find("\nTo: =?UTF-8?B?") != std::string::npos);
    CHECK(headers.find(" <helene.dupre@nord.fr>\n") != std::string::npos);
    CHECK(headers.find("\nSubject: =?UTF-8?B?") != std::string::npos);
    CHECK(headers.find("\nDate: Sun, 22 Nov 2026 10:00:00 +0000\n") != std::string::npos);
    CHECK(headers.find("\nMessage-ID: <pilot.x.1@prefecture.gouv.fr>\n") != std::string::npos);
    CHECK(headers.find("\nMIME-Version: 1.0\n") != std::string::npos);
    CHECK(headers.find("\nContent-Type: text/plain; charset=UTF-8\n") != std::string::npos);
    CHECK(headers.find("\nContent-Transfer-Encoding: quoted-printable\n") != std::string::npos);
    CHECK(headers.find("\nX-Pilot-Campaign: bilan-cls-2025\n") != std::string::npos);
    for (const auto& line : util::split_list(headers, "\n")) {
      CHECK(line.size() <= 78);
      for (const char c : line) {
        CHECK(static_cast<unsigned char>(c) < 0x80);  // headers are ASCII
      }
    }
    CHECK(campaign::decode_quoted_printable(text.substr(blank + 2)) == sample().body);
  }

  TEST_CASE("an mbox quotes body lines that start with From") {
    const std::string mbox = campaign::to_mbox({"Subject: a\n\nFrom here\n>From there\n", "Subject: b\n\nx\n"},
                                               "pilot@x.fr", "2026-11-02T08:05:09Z");
    CHECK(mbox.find("From pilot@x.fr Mon Nov  2 08:05:09 2026\nSubject: a\n") == 0);
    CHECK(mbox.find("\n>From here\n>>From there\n") != std::string::npos);
    CHECK(mbox.find("\nFrom pilot@x.fr Mon Nov  2 08:05:09 2026\nSubject: b\n") != std::string::npos);
  }
}

TEST_SUITE("campaign::SendmailTransport") {
  struct Script {
    std::filesystem::path directory;
    std::filesystem::path program;
    explicit Script(const std::string& body) {
      std::random_device random;
      directory = std::filesystem::temp_directory_path() / ("pilot-sendmail-" + std::to_string(random()));
      std::filesystem::create_directories(directory);
      program = directory / "sendmail";
      std::ofstream(program) << "#!/bin/sh\n" << body;
      std::filesystem::permissions(program, std::filesystem::perms::owner_all);
    }
    ~Script() {
      std::error_code ignored;
      std::filesystem::remove_all(directory, ignored);
    }
    [[nodiscard]] std::string read(const std::string& name) const {
      std::ifstream in(directory / name);
      return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    }
  };

  TEST_CASE("the program gets -t -i and the message on its input") {
    Script script("echo \"$@\" > \"$(dirname \"$0\")/args\"\ncat > \"$(dirname \"$0\")/message\"\n");
    auto transport = campaign::SendmailTransport::create(script.program);
    REQUIRE(transport);
    REQUIRE(transport->send("Subject: test\n\ncorps\n"));
    CHECK(script.read("args") == "-t -i\n");
    CHECK(script.read("message") == "Subject: test\n\ncorps\n");
  }

  TEST_CASE("a failing program is an error quoting what it said") {
    Script script("cat > /dev/null\necho 'destinataire refusé' >&2\nexit 75\n");
    auto transport = campaign::SendmailTransport::create(script.program);
    REQUIRE(transport);
    auto sent = transport->send("Subject: test\n\n");
    REQUIRE_FALSE(sent);
    CHECK(sent.error().kind == ErrorKind::io);
    CHECK(sent.error().message.find("a échoué (code de retour 75) : destinataire refusé") != std::string::npos);
  }

  TEST_CASE("a program that does not read its input does not kill us") {
    Script script("exit 0\n");
    auto transport = campaign::SendmailTransport::create(script.program);
    REQUIRE(transport);
    auto sent = transport->send(std::string(1 << 20, 'x'));
    REQUIRE_FALSE(sent);
    CHECK(sent.error().message.find("n'a pas lu tout le message") != std::string::npos);
  }

  TEST_CASE("a missing or non-executable program is a usage error") {
    auto missing = campaign::SendmailTransport::create("/nonexistent/sendmail");
    REQUIRE_FALSE(missing);
    CHECK(missing.error().kind == ErrorKind::usage);
    CHECK(missing.error().message == "--sendmail « /nonexistent/sendmail » : programme introuvable");
    Script script("exit 0\n");
    std::filesystem::permissions(script.program, std::filesystem::perms::owner_read);
    auto denied = campaign::SendmailTransport::create(script.program);
    REQUIRE_FALSE(denied);
    CHECK(denied.error().message.find("programme non exécutable") != std::string::npos);
  }
}
