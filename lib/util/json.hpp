// A small JSON value with a writer and a strict parser: enough for machine-readable
// output (--format json), export manifests and the audit trail's old/new values.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "util/error.hpp"

namespace pilot::util {

class Json {
 public:
  using Array = std::vector<Json>;
  // Keys keep insertion order so outputs read in the order code builds them.
  using Object = std::vector<std::pair<std::string, Json>>;

  Json() = default;  // null
  Json(std::nullptr_t) {}
  Json(bool value) : m_value(value) {}
  Json(int value) : m_value(static_cast<std::int64_t>(value)) {}
  Json(std::int64_t value) : m_value(value) {}
  Json(double value) : m_value(value) {}
  Json(const char* value) : m_value(std::string(value)) {}
  Json(std::string value) : m_value(std::move(value)) {}
  Json(std::string_view value) : m_value(std::string(value)) {}
  Json(Array value) : m_value(std::make_shared<Array>(std::move(value))) {}
  Json(Object value) : m_value(std::make_shared<Object>(std::move(value))) {}

  static Json array() { return Json(Array{}); }
  static Json object() { return Json(Object{}); }

  [[nodiscard]] bool is_null() const { return std::holds_alternative<std::monostate>(m_value); }
  [[nodiscard]] bool is_bool() const { return std::holds_alternative<bool>(m_value); }
  [[nodiscard]] bool is_integer() const { return std::holds_alternative<std::int64_t>(m_value); }
  [[nodiscard]] bool is_number() const { return is_integer() || std::holds_alternative<double>(m_value); }
  [[nodiscard]] bool is_string() const { return std::holds_alternative<std::string>(m_value); }
  [[nodiscard]] bool is_array() const { return std::holds_alternative<std::shared_ptr<Array>>(m_value); }
  [[nodiscard]] bool is_object() const { return std::holds_alternative<std::shared_ptr<Object>>(m_value); }

  [[nodiscard]] bool as_bool() const { return std::get<bool>(m_value); }
  [[nodiscard]] std::int64_t as_integer() const;
  [[nodiscard]] double as_number() const;
  [[nodiscard]] const std::string& as_string() const { return std::get<std::string>(m_value); }
  [[nodiscard]] const Array& as_array() const { return *std::get<std::shared_ptr<Array>>(m_value); }
  [[nodiscard]] const Object& as_object() const { return *std::get<std::shared_ptr<Object>>(m_value); }

  // Appends to an array / sets a key of an object (copy-on-write, values stay cheap to copy).
  Json& push(Json value);
  Json& set(std::string key, Json value);
  // nullptr when absent or not an object.
  [[nodiscard]] const Json* find(std::string_view key) const;

  // Compact by default; indent > 0 pretty-prints. Non-ASCII stays UTF-8.
  [[nodiscard]] std::string dump(int indent = 0) const;

  // Strict RFC 8259 parsing, depth-limited; errors give the byte offset.
  static Result<Json> parse(std::string_view text);

 private:
  void dump_to(std::string& out, int indent, int depth) const;

  std::variant<std::monostate, bool, std::int64_t, double, std::string, std::shared_ptr<Array>, std::shared_ptr<Object>>
      m_value;
};

// Appends `text` as a JSON string literal (with quotes) to `out`.
void append_json_string(std::string& out, std::string_view text);

}  // namespace pilot::util
