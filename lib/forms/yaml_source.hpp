// Reading schema YAML defensively (private to lib/forms, the only place that includes yaml-cpp):
// size and UTF-8 checks, syntax errors with line and column, a node-visit budget against alias
// bombs, and a map reader that reports wrong types and unknown keys (with a suggestion) instead of
// throwing. Problems are collected in Diagnostics so that one run reports all of them.
#pragma once

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "forms/expression.hpp"
#include "forms/location.hpp"
#include "util/error.hpp"

namespace pilot::forms::detail {

class Diagnostics {
 public:
  void add(const SourceLocation& where, const std::string& message);
  // A message that already names its file (a read error, a message from another Diagnostics).
  void add_text(const std::string& message);
  [[nodiscard]] bool empty() const { return m_entries.empty(); }
  // "file:line:column: message", ordered by file, line and column so that users read them top-down.
  [[nodiscard]] std::vector<std::string> messages() const;

 private:
  struct Entry {
    SourceLocation where;
    std::string message;
  };
  std::vector<Entry> m_entries;
};

// File content, refused above k_max_schema_bytes or when not UTF-8. `shown` names it in messages.
Result<std::string> read_schema_file(const std::filesystem::path& path, const std::string& shown);

// Parses YAML text into a tree, then walks it once within the node budget. Errors name the file,
// line and column: « forms/x.yaml:3:7: erreur de syntaxe YAML : … ».
Result<YAML::Node> parse_yaml(std::string_view text, const std::string& shown);

SourceLocation location_of(const YAML::Node& node, const std::string& file);

// « un dictionnaire », « une liste », « une valeur » — for wrong-type messages.
std::string_view describe_node(const YAML::Node& node);

class MapReader {
 public:
  // `what` names the element in messages (« le champ », « la règle »...). Reports a non-map node,
  // non-text keys, duplicate keys and keys outside `allowed` (with the closest allowed key).
  MapReader(const YAML::Node& node, std::string file, Diagnostics& diagnostics, std::string what,
            std::vector<std::string_view> allowed);

  [[nodiscard]] bool valid() const { return m_valid; }
  [[nodiscard]] bool has(std::string_view key) const;
  [[nodiscard]] YAML::Node get(std::string_view key) const;  // undefined node if absent
  [[nodiscard]] SourceLocation where() const { return m_where; }
  [[nodiscard]] SourceLocation where(std::string_view key) const;  // the value's location, or the map's

  // Typed getters: a value of the wrong type is reported and treated as absent. `required` reports
  // an absent or empty value.
  std::string text(std::string_view key, bool required = false);
  std::optional<bool> flag(std::string_view key);
  std::optional<long long> integer(std::string_view key);
  std::optional<double> number(std::string_view key);
  std::vector<std::string> texts(std::string_view key);  // a list of texts
  // The list under `key` (absent → empty), each item checked to be a map.
  std::vector<YAML::Node> maps(std::string_view key);
  Expression expression(std::string_view key);

 private:
  std::string m_file;
  Diagnostics& m_diagnostics;
  std::string m_what;
  SourceLocation m_where;
  bool m_valid = false;
  std::vector<std::pair<std::string, YAML::Node>> m_entries;

  void error(std::string_view key, const std::string& message);
};

}  // namespace pilot::forms::detail
