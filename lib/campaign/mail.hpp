// Reminders as Internet messages: RFC 5322 headers (From, To, Subject, Date, Message-ID), MIME 1.0
// text/plain in UTF-8 with a quoted-printable body (RFC 2045), non-ASCII header text as RFC 2047
// encoded-words, header lines folded under 78 characters. Several messages for standard output are
// joined as an mbox (« From » separator lines, « >From » quoting).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "util/error.hpp"

namespace pilot::campaign {

struct MailAddress {
  std::string name;   // display name, any UTF-8; may be empty
  std::string email;  // addr-spec, ASCII
};

struct MailMessage {
  MailAddress from;
  MailAddress to;
  std::string subject;
  std::string body;                                                // UTF-8, lines ending with "\n"
  std::string date;                                                // RFC 5322 date-time (rfc5322_date)
  std::string message_id;                                          // without angle brackets: "id@domain"
  std::vector<std::pair<std::string, std::string>> extra_headers;  // ASCII names and values (X-Pilot-…)
};

// Checks an e-mail address users give (contacts, --from): one « @ », a non-empty local part and a
// domain with letters, digits, dots and hyphens; no spaces, quotes or control characters (a line
// break would let a value add headers). Fails (data) saying what is wrong.
Result<void> check_email(std::string_view email);

// A display name fit for a header: no control characters. Fails (data).
Result<void> check_display_name(std::string_view name);

// "Sun, 22 Nov 2026 10:00:00 +0000" from an ISO 8601 UTC time ("2026-11-22T10:00:00Z"). Fails (data).
Result<std::string> rfc5322_date(std::string_view iso_utc);

// A header value as encoded-words when it is not plain ASCII: "=?UTF-8?B?…?=" pieces of at most 75
// characters, never splitting a UTF-8 character, separated by "\r\n "-free folding (" " then a new
// line is added by the caller's folding).
std::string encode_header_text(std::string_view utf8);

// « Name » <email>, the name quoted or encoded as needed.
std::string format_address(const MailAddress& address);

// The same address for people to read (terminal, CSV, JSON): « Hélène Dupré <h@x.fr> » in plain
// UTF-8, never encoded-words; the address alone when there is no name.
std::string display_address(const MailAddress& address);

// Quoted-printable (RFC 2045 §6.7): lines of at most 76 characters, "=" soft breaks, trailing spaces
// and every byte outside printable ASCII encoded; line breaks kept as "\n".
std::string quoted_printable(std::string_view text);
std::string decode_quoted_printable(std::string_view text);  // for tests and checks

// The whole message: headers, blank line, encoded body; lines end with "\n" (sendmail adds CRs).
std::string render_message(const MailMessage& message);

// Messages joined as an mbox: each preceded by "From <sender> <asctime date>" and its body lines that
// start with "From " (after any '>') quoted with one more '>'.
std::string to_mbox(const std::vector<std::string>& messages, std::string_view sender, std::string_view iso_utc);

}  // namespace pilot::campaign
