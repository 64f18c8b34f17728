#include "io/xlsx/shared_strings.hpp"

#include <algorithm>
#include <charconv>

#include "io/xlsx/format.hpp"
#include "io/xlsx/xml_parser.hpp"

namespace pilot::io::xlsx {

namespace {

class SharedStringsHandler : public XmlHandler {
 public:
  SharedStringsHandler(SharedStrings& strings, const ZipArchive& archive, const Limits& limits)
      : m_strings(strings), m_archive(archive), m_limits(limits) {}

  XmlFlow start_element(std::string_view name, const XmlAttributes& attributes) override {
    if (name == "sst") {
      reserve(attributes.find("uniqueCount"));
    } else if (name == "si") {
      m_in_item = true;
      m_item.clear();
    } else if (name == "rPh") {
      ++m_phonetic_depth;
    } else if (name == "t" && m_in_item && m_phonetic_depth == 0) {
      m_in_text = true;
      m_preserve = attributes.find("space") == std::string_view("preserve");
      m_text.clear();
    }
    return XmlFlow::proceed;
  }

  XmlFlow end_element(std::string_view name) override {
    if (name == "t" && m_in_text) {
      m_in_text = false;
      m_item += m_preserve ? std::string_view(m_text) : trim_xml_space(m_text);
    } else if (name == "rPh") {
      m_phonetic_depth = std::max(0, m_phonetic_depth - 1);
    } else if (name == "si" && m_in_item) {
      m_in_item = false;
      const std::string decoded = decode_escapes(m_item);
      if (m_strings.bytes() + decoded.size() > m_limits.max_shared_strings_bytes) {
        return abort_with(Error{ErrorKind::data, m_archive.path() + " : les chaînes partagées du classeur dépassent " +
                                                     format_bytes(m_limits.max_shared_strings_bytes)});
      }
      m_strings.add(decoded);
    }
    return XmlFlow::proceed;
  }

  XmlFlow text(std::string_view text) override {
    if (m_in_text) {
      if (m_item.size() + m_text.size() + text.size() > m_limits.max_cell_bytes) {
        return abort_with(Error{ErrorKind::data, m_archive.path() + " : la chaîne partagée n° " +
                                                     format_count(m_strings.size()) + " dépasse " +
                                                     format_bytes(m_limits.max_cell_bytes)});
      }
      m_text += text;
    }
    return XmlFlow::proceed;
  }

 private:
  void reserve(std::optional<std::string_view> count) {
    // uniqueCount is only a hint from the writer: never trust it with more than a modest reserve.
    constexpr std::size_t k_max_reserve = 1 << 16;
    std::size_t n = 0;
    if (count && std::from_chars(count->data(), count->data() + count->size(), n).ec == std::errc{}) {
      m_strings.reserve(std::min(n, k_max_reserve));
    }
  }

  SharedStrings& m_strings;
  const ZipArchive& m_archive;
  const Limits& m_limits;
  bool m_in_item = false;
  bool m_in_text = false;
  bool m_preserve = false;
  int m_phonetic_depth = 0;
  std::string m_item;
  std::string m_text;
};

}  // namespace

std::string_view SharedStrings::at(std::size_t index) const {
  const std::uint64_t begin = index == 0 ? 0 : m_ends[index - 1];
  return std::string_view(m_pool).substr(begin, m_ends[index] - begin);
}

void SharedStrings::add(std::string_view text) {
  m_pool += text;
  m_ends.push_back(m_pool.size());
}

Result<SharedStrings> read_shared_strings(ZipArchive& archive, std::string_view part, const Limits& limits) {
  SharedStrings strings;
  SharedStringsHandler handler(strings, archive, limits);
  if (auto parsed = parse_part(archive, part, limits.max_part_bytes, handler); !parsed) {
    return std::unexpected(parsed.error());
  }
  return strings;
}

}  // namespace pilot::io::xlsx
