#include "io/xlsx/styles.hpp"

#include <charconv>
#include <cstdint>
#include <unordered_map>

#include "io/xlsx/number_format.hpp"
#include "io/xlsx/xml_parser.hpp"

namespace pilot::io::xlsx {

namespace {

std::optional<std::uint32_t> parse_id(std::optional<std::string_view> text) {
  std::uint32_t id = 0;
  if (!text || std::from_chars(text->data(), text->data() + text->size(), id).ec != std::errc{}) {
    return std::nullopt;
  }
  return id;
}

class StylesHandler : public XmlHandler {
 public:
  XmlFlow start_element(std::string_view name, const XmlAttributes& attributes) override {
    if (name == "numFmt") {
      if (const auto id = parse_id(attributes.find("numFmtId"))) {
        const std::string_view code = attributes.find("formatCode").value_or("");
        m_custom[*id] = is_date_format_code(code)      ? NumberShown::date
                        : is_percent_format_code(code) ? NumberShown::percent
                                                       : NumberShown::plain;
      }
    } else if (name == "cellXfs") {
      m_in_cell_formats = true;
    } else if (name == "xf" && m_in_cell_formats) {
      // An xf without numFmtId uses format 0 (General).
      m_format_ids.push_back(parse_id(attributes.find("numFmtId")).value_or(0));
    }
    return XmlFlow::proceed;
  }

  XmlFlow end_element(std::string_view name) override {
    if (name == "cellXfs") {
      m_in_cell_formats = false;
    }
    return XmlFlow::proceed;
  }

  [[nodiscard]] Styles styles() const {
    std::vector<NumberShown> formats;
    formats.reserve(m_format_ids.size());
    for (const std::uint32_t id : m_format_ids) {
      const auto custom = m_custom.find(id);
      formats.push_back(custom != m_custom.end()        ? custom->second
                        : is_builtin_date_format(id)    ? NumberShown::date
                        : is_builtin_percent_format(id) ? NumberShown::percent
                                                        : NumberShown::plain);
    }
    return Styles(std::move(formats));
  }

 private:
  bool m_in_cell_formats = false;
  std::vector<std::uint32_t> m_format_ids;
  std::unordered_map<std::uint32_t, NumberShown> m_custom;
};

}  // namespace

Result<Styles> read_styles(ZipArchive& archive, std::string_view part, const Limits& limits) {
  StylesHandler handler;
  if (auto parsed = parse_part(archive, part, limits.max_part_bytes, handler); !parsed) {
    return std::unexpected(parsed.error());
  }
  return handler.styles();
}

}  // namespace pilot::io::xlsx
