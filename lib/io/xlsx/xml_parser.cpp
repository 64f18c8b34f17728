#include "io/xlsx/xml_parser.hpp"

#include <expat.h>

#include <cstring>

namespace pilot::io::xlsx {

namespace {

constexpr int k_chunk_bytes = 64 * 1024;

XML_Parser as_expat(void* parser) {
  return static_cast<XML_Parser>(parser);
}

bool is_xml_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

// The code unit of "_xHHHH_" at text[i], or -1.
long escape_at(std::string_view text, std::size_t i) {
  if (i + 7 > text.size() || text[i] != '_' || text[i + 1] != 'x' || text[i + 6] != '_') {
    return -1;
  }
  long value = 0;
  for (std::size_t j = i + 2; j < i + 6; ++j) {
    const int digit = hex_value(text[j]);
    if (digit < 0) {
      return -1;
    }
    value = value * 16 + digit;
  }
  return value;
}

void append_utf8(std::string& out, unsigned long code) {
  if (code < 0x80) {
    out += static_cast<char>(code);
  } else if (code < 0x800) {
    out += static_cast<char>(0xC0 | (code >> 6));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else if (code < 0x10000) {
    out += static_cast<char>(0xE0 | (code >> 12));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code >> 18));
    out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  }
}

}  // namespace

struct XmlParser::Callbacks {
  static XmlParser& self(void* data) { return *static_cast<XmlParser*>(data); }

  static void apply(XmlParser& parser, XmlFlow flow) {
    if (flow == XmlFlow::suspend) {
      XML_StopParser(as_expat(parser.m_parser), XML_TRUE);
    } else if (flow == XmlFlow::abort) {
      XML_StopParser(as_expat(parser.m_parser), XML_FALSE);
    }
  }

  // Expat may deliver a few more events after a stop; once aborted they must not reach the
  // handler, which has already recorded its failure.
  static bool stopped(const XmlParser& parser) {
    XML_ParsingStatus status;
    XML_GetParsingStatus(as_expat(parser.m_parser), &status);
    return status.parsing == XML_FINISHED || parser.m_handler.failure.has_value();
  }

  static void start(void* data, const XML_Char* name, const XML_Char** attributes) {
    XmlParser& parser = self(data);
    if (!stopped(parser)) {
      apply(parser, parser.m_handler.start_element(local_name(name), XmlAttributes(attributes)));
    }
  }

  static void end(void* data, const XML_Char* name) {
    XmlParser& parser = self(data);
    if (!stopped(parser)) {
      apply(parser, parser.m_handler.end_element(local_name(name)));
    }
  }

  static void text(void* data, const XML_Char* text, int length) {
    XmlParser& parser = self(data);
    if (!stopped(parser)) {
      apply(parser, parser.m_handler.text(std::string_view(text, static_cast<std::size_t>(length))));
    }
  }

  static void doctype(void* data, const XML_Char*, const XML_Char*, const XML_Char*, int) {
    XmlParser& parser = self(data);
    parser.m_doctype = true;
    XML_StopParser(as_expat(parser.m_parser), XML_FALSE);
  }
};

std::optional<std::string_view> XmlAttributes::find(std::string_view wanted) const {
  for (const char** pair = m_pairs; *pair != nullptr; pair += 2) {
    if (local_name(pair[0]) == wanted) {
      return std::string_view(pair[1]);
    }
  }
  return std::nullopt;
}

std::string_view local_name(const char* name) {
  const char* colon = std::strrchr(name, ':');
  return colon == nullptr ? std::string_view(name) : std::string_view(colon + 1);
}

XmlParser::XmlParser(XmlHandler& handler) : m_handler(handler), m_parser(XML_ParserCreate(nullptr)) {
  if (m_parser == nullptr) {
    throw std::bad_alloc();
  }
  XML_Parser parser = as_expat(m_parser);
  XML_SetUserData(parser, this);
  XML_SetElementHandler(parser, &Callbacks::start, &Callbacks::end);
  XML_SetCharacterDataHandler(parser, &Callbacks::text);
  XML_SetStartDoctypeDeclHandler(parser, &Callbacks::doctype);
  XML_SetParamEntityParsing(parser, XML_PARAM_ENTITY_PARSING_NEVER);
}

XmlParser::~XmlParser() {
  XML_ParserFree(as_expat(m_parser));
}

Result<XmlParser::Status> XmlParser::run(ZipArchive& archive) {
  XML_Parser parser = as_expat(m_parser);
  while (!m_finished) {
    XML_Status status;
    if (m_suspended) {
      m_suspended = false;
      status = XML_ResumeParser(parser);
    } else {
      void* buffer = XML_GetBuffer(parser, k_chunk_bytes);
      if (buffer == nullptr) {
        // Expat keeps an unfinished token in its buffer; only a pathological one gets here.
        m_finished = true;
        return fail(ErrorKind::data, archive.path() + " : partie « " + archive.part() +
                                         " » illisible (élément XML démesuré, mémoire insuffisante)");
      }
      auto count = archive.read(static_cast<char*>(buffer), k_chunk_bytes);
      if (!count) {
        m_finished = true;
        return std::unexpected(count.error());
      }
      m_final_fed = *count == 0;
      status = XML_ParseBuffer(parser, static_cast<int>(*count), m_final_fed ? XML_TRUE : XML_FALSE);
    }
    if (status == XML_STATUS_SUSPENDED) {
      m_suspended = true;
      return Status::suspended;
    }
    if (status == XML_STATUS_ERROR) {
      m_finished = true;
      return std::unexpected(parse_error(archive));
    }
    m_finished = m_final_fed;
  }
  return Status::finished;
}

Error XmlParser::parse_error(const ZipArchive& archive) const {
  if (m_handler.failure) {
    return *m_handler.failure;
  }
  XML_Parser parser = as_expat(m_parser);
  const std::string where = archive.path() + " : ";
  if (m_doctype) {
    return Error{ErrorKind::data, where + "déclaration DOCTYPE refusée dans la partie « " + archive.part() +
                                      " » (un classeur xlsx n'en contient jamais)"};
  }
  return Error{ErrorKind::data, where + "XML mal formé dans la partie « " + archive.part() + " », ligne " +
                                    std::to_string(XML_GetCurrentLineNumber(parser)) + ", colonne " +
                                    std::to_string(XML_GetCurrentColumnNumber(parser) + 1) + " : " +
                                    XML_ErrorString(XML_GetErrorCode(parser))};
}

Result<void> parse_part(ZipArchive& archive, std::string_view part, std::uint64_t max_bytes, XmlHandler& handler) {
  if (auto opened = archive.open_part(part, max_bytes); !opened) {
    return opened;
  }
  XmlParser parser(handler);
  for (;;) {
    auto status = parser.run(archive);
    if (!status) {
      return std::unexpected(status.error());
    }
    if (*status == XmlParser::Status::finished) {
      return {};
    }
  }
}

std::string decode_escapes(std::string_view text) {
  if (text.find("_x") == std::string_view::npos) {
    return std::string(text);
  }
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    const long code = escape_at(text, i);
    if (code < 0) {
      out += text[i];
      ++i;
      continue;
    }
    i += 7;
    unsigned long decoded = static_cast<unsigned long>(code);
    if (code >= 0xD800 && code <= 0xDBFF) {
      // A character outside the BMP arrives as two escaped UTF-16 surrogates.
      const long low = escape_at(text, i);
      if (low >= 0xDC00 && low <= 0xDFFF) {
        decoded = 0x10000 + ((decoded - 0xD800) << 10) + static_cast<unsigned long>(low - 0xDC00);
        i += 7;
      } else {
        decoded = 0xFFFD;
      }
    } else if (code >= 0xDC00 && code <= 0xDFFF) {
      decoded = 0xFFFD;
    }
    append_utf8(out, decoded);
  }
  return out;
}

std::string_view trim_xml_space(std::string_view text) {
  std::size_t begin = 0;
  std::size_t end = text.size();
  while (begin < end && is_xml_space(text[begin])) {
    ++begin;
  }
  if (begin == end) {
    return text;
  }
  while (end > begin && is_xml_space(text[end - 1])) {
    --end;
  }
  return text.substr(begin, end - begin);
}

}  // namespace pilot::io::xlsx
