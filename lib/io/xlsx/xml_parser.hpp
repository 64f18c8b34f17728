// Streaming XML over a zip part: expat fed with 64 KiB chunks straight from the archive.
//
// Handlers see local names only ("x:row" and "row" are the same element), because writers
// differ in the prefixes they use. A handler can suspend the parse (the sheet reader does so
// after each row, which keeps memory constant) or abort it with its own error. DOCTYPE
// declarations are refused outright: no XLSX part has one, and refusing them closes the door
// on entity-expansion attacks before expat's own protections are even needed.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "io/xlsx/zip_archive.hpp"
#include "util/error.hpp"

namespace pilot::io::xlsx {

enum class XmlFlow { proceed, suspend, abort };

// The attributes of one start tag, looked up by local name.
class XmlAttributes {
 public:
  explicit XmlAttributes(const char** pairs) : m_pairs(pairs) {}
  [[nodiscard]] std::optional<std::string_view> find(std::string_view local_name) const;

 private:
  const char** m_pairs;
};

class XmlHandler {
 public:
  virtual ~XmlHandler() = default;
  virtual XmlFlow start_element(std::string_view name, const XmlAttributes& attributes) = 0;
  virtual XmlFlow end_element(std::string_view name) = 0;
  virtual XmlFlow text(std::string_view /*text*/) { return XmlFlow::proceed; }

  // Set by the handler before returning XmlFlow::abort; reported by XmlParser::run.
  std::optional<Error> failure;

 protected:
  XmlFlow abort_with(Error error) {
    failure = std::move(error);
    return XmlFlow::abort;
  }
};

class XmlParser {
 public:
  enum class Status { suspended, finished };

  explicit XmlParser(XmlHandler& handler);
  ~XmlParser();
  XmlParser(const XmlParser&) = delete;
  XmlParser& operator=(const XmlParser&) = delete;

  // Parses the archive's open part until the handler suspends or the document ends.
  // Errors: the archive's (corruption, size budget), the handler's, or malformed XML with its
  // line and column. After an error the parser must not be run again.
  Result<Status> run(ZipArchive& archive);

 private:
  struct Callbacks;
  [[nodiscard]] Error parse_error(const ZipArchive& archive) const;

  XmlHandler& m_handler;
  void* m_parser;  // XML_Parser, kept opaque so that expat.h stays out of this header
  bool m_suspended = false;
  bool m_final_fed = false;
  bool m_finished = false;
  bool m_doctype = false;
};

// Parses a whole part with one handler. Errors as XmlParser::run, plus a missing part.
Result<void> parse_part(ZipArchive& archive, std::string_view part, std::uint64_t max_bytes, XmlHandler& handler);

// "x:row" → "row".
std::string_view local_name(const char* name);

// Decodes the _xHHHH_ escapes OOXML uses for characters XML cannot carry ("_x000D_" → CR);
// "_x005F_" escapes the underscore of a literal "_x000D_".
std::string decode_escapes(std::string_view text);

// Drops leading and trailing XML white space, as Excel does for <t> elements without
// xml:space="preserve"; white space alone is kept, since Excel keeps such runs too.
std::string_view trim_xml_space(std::string_view text);

}  // namespace pilot::io::xlsx
