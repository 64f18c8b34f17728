#include "util/json.hpp"

#include <fmt/format.h>
#include <charconv>
#include <cmath>
#include <iterator>

namespace pilot::util {

std::int64_t Json::as_integer() const {
  if (const auto* value = std::get_if<double>(&m_value)) {
    return static_cast<std::int64_t>(*value);
  }
  return std::get<std::int64_t>(m_value);
}

double Json::as_number() const {
  if (const auto* value = std::get_if<std::int64_t>(&m_value)) {
    return static_cast<double>(*value);
  }
  return std::get<double>(m_value);
}

Json& Json::push(Json value) {
  auto& array = std::get<std::shared_ptr<Array>>(m_value);
  if (array.use_count() > 1) {
    array = std::make_shared<Array>(*array);
  }
  array->push_back(std::move(value));
  return *this;
}

Json& Json::set(std::string key, Json value) {
  auto& object = std::get<std::shared_ptr<Object>>(m_value);
  if (object.use_count() > 1) {
    object = std::make_shared<Object>(*object);
  }
  for (auto& [existing, slot] : *object) {
    if (existing == key) {
      slot = std::move(value);
      return *this;
    }
  }
  object->emplace_back(std::move(key), std::move(value));
  return *this;
}

const Json* Json::find(std::string_view key) const {
  if (!is_object()) {
    return nullptr;
  }
  for (const auto& [existing, value] : as_object()) {
    if (existing == key) {
      return &value;
    }
  }
  return nullptr;
}

void append_json_string(std::string& out, std::string_view text) {
  // Runs of characters needing no escape are appended whole: audit entries and content hashes of a
  // bulk import dump kilobytes of text per action.
  out += '"';
  std::size_t run = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte >= 0x20 && byte != '"' && byte != '\\') {
      continue;
    }
    out.append(text, run, i - run);
    run = i + 1;
    switch (byte) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default: fmt::format_to(std::back_inserter(out), "\\u{:04x}", byte);
    }
  }
  out.append(text, run, text.size() - run);
  out += '"';
}

std::string Json::dump(int indent) const {
  std::string out;
  dump_to(out, indent, 0);
  return out;
}

void Json::dump_to(std::string& out, int indent, int depth) const {
  auto newline = [&](int level) {
    if (indent > 0) {
      out += '\n';
      out.append(static_cast<std::size_t>(indent * level), ' ');
    }
  };
  if (is_null()) {
    out += "null";
  } else if (is_bool()) {
    out += as_bool() ? "true" : "false";
  } else if (is_integer()) {
    fmt::format_to(std::back_inserter(out), "{}", std::get<std::int64_t>(m_value));
  } else if (const auto* number = std::get_if<double>(&m_value)) {
    if (std::isfinite(*number)) {
      fmt::format_to(std::back_inserter(out), "{}", *number);
    } else {
      out += "null";
    }
  } else if (is_string()) {
    append_json_string(out, as_string());
  } else if (is_array()) {
    const auto& array = as_array();
    out += '[';
    for (std::size_t i = 0; i < array.size(); ++i) {
      if (i > 0) {
        out += ',';
      }
      newline(depth + 1);
      array[i].dump_to(out, indent, depth + 1);
    }
    if (!array.empty()) {
      newline(depth);
    }
    out += ']';
  } else {
    const auto& object = as_object();
    out += '{';
    for (std::size_t i = 0; i < object.size(); ++i) {
      if (i > 0) {
        out += ',';
      }
      newline(depth + 1);
      append_json_string(out, object[i].first);
      out += indent > 0 ? ": " : ":";
      object[i].second.dump_to(out, indent, depth + 1);
    }
    if (!object.empty()) {
      newline(depth);
    }
    out += '}';
  }
}

namespace {

class Parser {
 public:
  explicit Parser(std::string_view text) : m_text(text) {}

  Result<Json> parse_document() {
    auto value = parse_value(0);
    if (!value) {
      return value;
    }
    skip_space();
    if (m_pos != m_text.size()) {
      return error("texte après la fin du JSON");
    }
    return value;
  }

 private:
  static constexpr int k_max_depth = 256;

  std::unexpected<Error> error(std::string_view what) const {
    return fail(ErrorKind::data, fmt::format("JSON invalide à l'octet {} : {}", m_pos, what));
  }

  void skip_space() {
    while (m_pos < m_text.size() &&
           (m_text[m_pos] == ' ' || m_text[m_pos] == '\n' || m_text[m_pos] == '\r' || m_text[m_pos] == '\t')) {
      ++m_pos;
    }
  }

  bool consume(std::string_view literal) {
    if (m_text.substr(m_pos).starts_with(literal)) {
      m_pos += literal.size();
      return true;
    }
    return false;
  }

  Result<Json> parse_value(int depth) {
    if (depth > k_max_depth) {
      return error("imbrication trop profonde");
    }
    skip_space();
    if (m_pos >= m_text.size()) {
      return error("fin inattendue");
    }
    const char c = m_text[m_pos];
    if (c == '{') {
      return parse_object(depth);
    }
    if (c == '[') {
      return parse_array(depth);
    }
    if (c == '"') {
      auto text = parse_string();
      if (!text) {
        return std::unexpected(text.error());
      }
      return Json(std::move(*text));
    }
    if (consume("true")) {
      return Json(true);
    }
    if (consume("false")) {
      return Json(false);
    }
    if (consume("null")) {
      return Json();
    }
    return parse_number();
  }

  Result<Json> parse_number() {
    const std::size_t start = m_pos;
    bool is_float = false;
    if (m_pos < m_text.size() && m_text[m_pos] == '-') {
      ++m_pos;
    }
    while (m_pos < m_text.size()) {
      const char c = m_text[m_pos];
      if (c >= '0' && c <= '9') {
        ++m_pos;
      } else if (c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-') {
        is_float = true;
        ++m_pos;
      } else {
        break;
      }
    }
    const std::string_view token = m_text.substr(start, m_pos - start);
    if (token.empty() || token == "-") {
      return error("valeur inattendue");
    }
    if (!is_float) {
      std::int64_t value = 0;
      const auto [ptr, ec] = std::from_chars(token.data(), token.data() + token.size(), value);
      if (ec == std::errc() && ptr == token.data() + token.size()) {
        return Json(value);
      }
    }
    double value = 0;
    const auto [ptr, ec] = std::from_chars(token.data(), token.data() + token.size(), value);
    if (ec != std::errc() || ptr != token.data() + token.size()) {
      return error("nombre invalide");
    }
    return Json(value);
  }

  static void append_utf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  Result<std::uint32_t> parse_hex4() {
    if (m_pos + 4 > m_text.size()) {
      return std::unexpected(error("échappement \\u tronqué").error());
    }
    std::uint32_t cp = 0;
    const auto [ptr, ec] = std::from_chars(m_text.data() + m_pos, m_text.data() + m_pos + 4, cp, 16);
    if (ec != std::errc() || ptr != m_text.data() + m_pos + 4) {
      return std::unexpected(error("échappement \\u invalide").error());
    }
    m_pos += 4;
    return cp;
  }

  Result<std::string> parse_string() {
    ++m_pos;  // opening quote
    std::string out;
    while (m_pos < m_text.size()) {
      const char c = m_text[m_pos++];
      if (c == '"') {
        return out;
      }
      if (static_cast<unsigned char>(c) < 0x20) {
        return std::unexpected(error("caractère de contrôle dans une chaîne").error());
      }
      if (c != '\\') {
        out += c;
        continue;
      }
      if (m_pos >= m_text.size()) {
        break;
      }
      const char escape = m_text[m_pos++];
      switch (escape) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          auto cp = parse_hex4();
          if (!cp) {
            return std::unexpected(cp.error());
          }
          std::uint32_t code_point = *cp;
          if (code_point >= 0xD800 && code_point <= 0xDBFF && consume("\\u")) {
            auto low = parse_hex4();
            if (!low) {
              return std::unexpected(low.error());
            }
            code_point = 0x10000 + ((code_point - 0xD800) << 10) + (*low - 0xDC00);
          }
          append_utf8(out, code_point);
          break;
        }
        default: return std::unexpected(error("échappement inconnu").error());
      }
    }
    return std::unexpected(error("chaîne non terminée").error());
  }

  Result<Json> parse_array(int depth) {
    ++m_pos;
    Json array = Json::array();
    skip_space();
    if (consume("]")) {
      return array;
    }
    while (true) {
      auto value = parse_value(depth + 1);
      if (!value) {
        return value;
      }
      array.push(std::move(*value));
      skip_space();
      if (consume(",")) {
        continue;
      }
      if (consume("]")) {
        return array;
      }
      return error("« , » ou « ] » attendu");
    }
  }

  Result<Json> parse_object(int depth) {
    ++m_pos;
    Json object = Json::object();
    skip_space();
    if (consume("}")) {
      return object;
    }
    while (true) {
      skip_space();
      if (m_pos >= m_text.size() || m_text[m_pos] != '"') {
        return error("clé attendue");
      }
      auto key = parse_string();
      if (!key) {
        return std::unexpected(key.error());
      }
      skip_space();
      if (!consume(":")) {
        return error("« : » attendu");
      }
      auto value = parse_value(depth + 1);
      if (!value) {
        return value;
      }
      object.set(std::move(*key), std::move(*value));
      skip_space();
      if (consume(",")) {
        continue;
      }
      if (consume("}")) {
        return object;
      }
      return error("« , » ou « } » attendu");
    }
  }

  std::string_view m_text;
  std::size_t m_pos = 0;
};

}  // namespace

Result<Json> Json::parse(std::string_view text) {
  return Parser(text).parse_document();
}

}  // namespace pilot::util
