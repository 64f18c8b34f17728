#include "forms/yaml_source.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>
#include <tuple>

#include <fmt/format.h>
#include <yaml-cpp/depthguard.h>

#include "forms/catalog.hpp"
#include "forms/suggest.hpp"
#include "util/number.hpp"
#include "util/system_error.hpp"
#include "util/text.hpp"

namespace pilot::forms::detail {
namespace {

// Counts every node reached, aliases included (an alias is walked again each time it appears),
// and stops as soon as the budget is spent: the walk is bounded whatever the file holds.
bool within_node_budget(const YAML::Node& root, std::size_t budget) {
  std::vector<YAML::Node> stack;
  stack.push_back(root);
  std::size_t pushed = 1;
  while (!stack.empty()) {
    const YAML::Node node = stack.back();
    stack.pop_back();
    if (node.IsSequence()) {
      for (const auto& child : node) {
        if (++pushed > budget) {
          return false;
        }
        stack.push_back(child);
      }
    } else if (node.IsMap()) {
      for (const auto& entry : node) {
        pushed += 2;
        if (pushed > budget) {
          return false;
        }
        stack.push_back(entry.first);
        stack.push_back(entry.second);
      }
    }
  }
  return true;
}

std::string scalar_or_empty(const YAML::Node& node) {
  return node.IsScalar() ? node.Scalar() : std::string();
}

// yaml-cpp speaks English; the usual mistakes get a French explanation, the rest keeps its text.
std::string french_yaml_message(const std::string& message) {
  struct Translation {
    std::string_view english;
    std::string_view french;
  };
  static constexpr Translation k_translations[] = {
      {"end of map not found", "fin de dictionnaire introuvable (indentation incohérente ?)"},
      {"end of map flow not found", "« } » manquant"},
      {"end of sequence not found", "fin de liste introuvable (indentation incohérente ?)"},
      {"end of sequence flow not found", "« ] » manquant"},
      {"illegal map value", "« : » inattendu (mettez le texte entre guillemets)"},
      {"illegal block entry", "« - » inattendu (indentation incohérente ?)"},
      {"illegal tab when looking for indentation", "tabulation dans l'indentation : indentez avec des espaces"},
      {"illegal EOF in scalar", "fin de fichier dans un texte (guillemet non fermé ?)"},
      {"the referenced anchor is not defined", "alias vers une ancre (&nom) inconnue"},
      {"unknown escape character: ", "séquence d'échappement inconnue : "},
      {"unknown token", "élément inattendu"},
  };
  for (const auto& translation : k_translations) {
    if (message.starts_with(translation.english)) {
      return std::string(translation.french) + message.substr(translation.english.size());
    }
  }
  return message;
}

}  // namespace

void Diagnostics::add(const SourceLocation& where, const std::string& message) {
  m_entries.push_back(Entry{where, message});
}

void Diagnostics::add_text(const std::string& message) {
  m_entries.push_back(Entry{SourceLocation{}, message});
}

std::vector<std::string> Diagnostics::messages() const {
  std::vector<const Entry*> order;
  for (const auto& entry : m_entries) {
    order.push_back(&entry);
  }
  std::stable_sort(order.begin(), order.end(), [](const Entry* a, const Entry* b) {
    return std::tie(a->where.file, a->where.line, a->where.column) <
           std::tie(b->where.file, b->where.line, b->where.column);
  });
  std::vector<std::string> out;
  for (const Entry* entry : order) {
    const std::string prefix = entry->where.str();
    out.push_back(prefix.empty() ? entry->message : prefix + ": " + entry->message);
  }
  return out;
}

Result<std::string> read_schema_file(const std::filesystem::path& path, const std::string& shown) {
  std::error_code code;
  if (!std::filesystem::is_regular_file(path, code)) {
    return fail(ErrorKind::io, fmt::format("{}: fichier introuvable", shown));
  }
  const std::uintmax_t size = std::filesystem::file_size(path, code);
  if (code) {
    return fail(ErrorKind::io, fmt::format("{}: lecture impossible ({})", shown, util::describe_error(code)));
  }
  if (size > k_max_schema_bytes) {
    return fail(ErrorKind::data, fmt::format("{}: fichier trop volumineux ({} octets, maximum {} octets)", shown, size,
                                             k_max_schema_bytes));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return fail(ErrorKind::io, fmt::format("{}: lecture impossible", shown));
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  std::string text = buffer.str();
  if (text.size() > k_max_schema_bytes) {  // the file grew, or is not what file_size said
    return fail(ErrorKind::data,
                fmt::format("{}: fichier trop volumineux (maximum {} octets)", shown, k_max_schema_bytes));
  }
  return text;
}

Result<YAML::Node> parse_yaml(std::string_view text, const std::string& shown) {
  if (text.size() > k_max_schema_bytes) {
    return fail(ErrorKind::data, fmt::format("{}: fichier trop volumineux ({} octets, maximum {} octets)", shown,
                                             text.size(), k_max_schema_bytes));
  }
  if (text.starts_with("\xEF\xBB\xBF")) {
    text.remove_prefix(3);
  }
  if (!util::is_valid_utf8(text)) {
    // Point at the line of the first bad byte: the usual culprit is a file saved in Latin-1.
    int line = 1;
    std::size_t start = 0;
    while (start < text.size()) {
      const std::size_t end = std::min(text.find('\n', start), text.size());
      if (!util::is_valid_utf8(text.substr(start, end - start))) {
        break;
      }
      ++line;
      start = end + 1;
    }
    return fail(ErrorKind::data,
                fmt::format("{}:{}: le fichier n'est pas en UTF-8 (enregistrez-le en UTF-8)", shown, line));
  }
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::DeepRecursion& error) {
    // yaml-cpp stops at a fixed nesting depth and says only « bad file ».
    return fail(ErrorKind::data,
                fmt::format("{}:{}:{}: structure YAML imbriquée trop profondément (plus de {} niveaux)", shown,
                            error.mark.line + 1, error.mark.column + 1, error.depth() - 1));
  } catch (const YAML::Exception& error) {
    return fail(ErrorKind::data, fmt::format("{}:{}:{}: erreur de syntaxe YAML : {}", shown, error.mark.line + 1,
                                             error.mark.column + 1, french_yaml_message(error.msg)));
  } catch (const std::exception& error) {
    return fail(ErrorKind::data, fmt::format("{}: YAML illisible : {}", shown, error.what()));
  }
  if (!within_node_budget(root, k_max_schema_nodes)) {
    return fail(ErrorKind::data,
                fmt::format("{}: structure YAML trop grande (plus de {} nœuds une fois les alias développés) : "
                            "les alias (*nom) ne servent pas dans un schéma",
                            shown, util::format_integer_fr(static_cast<std::int64_t>(k_max_schema_nodes))));
  }
  return root;
}

SourceLocation location_of(const YAML::Node& node, const std::string& file) {
  if (!node.IsDefined()) {
    return SourceLocation{file, 0, 0};
  }
  const YAML::Mark mark = node.Mark();
  if (mark.is_null()) {
    return SourceLocation{file, 0, 0};
  }
  return SourceLocation{file, mark.line + 1, mark.column + 1};
}

std::string_view describe_node(const YAML::Node& node) {
  if (node.IsMap()) {
    return "un dictionnaire";
  }
  if (node.IsSequence()) {
    return "une liste";
  }
  if (node.IsNull()) {
    return "une valeur vide";
  }
  return "une valeur simple";
}

MapReader::MapReader(const YAML::Node& node, std::string file, Diagnostics& diagnostics, std::string what,
                     std::vector<std::string_view> allowed)
    : m_file(std::move(file)), m_diagnostics(diagnostics), m_what(std::move(what)) {
  m_where = location_of(node, m_file);
  if (!node.IsMap()) {
    m_diagnostics.add(m_where,
                      fmt::format("{} doit être un dictionnaire (clé: valeur), pas {}", m_what, describe_node(node)));
    return;
  }
  m_valid = true;
  std::vector<std::string> allowed_names(allowed.begin(), allowed.end());
  for (const auto& entry : node) {
    const SourceLocation key_where = location_of(entry.first, m_file);
    if (!entry.first.IsScalar()) {
      m_diagnostics.add(key_where, fmt::format("clé invalide dans {} : une clé est un simple mot", m_what));
      continue;
    }
    const std::string key = entry.first.Scalar();
    bool duplicate = false;
    for (const auto& [seen, value] : m_entries) {
      duplicate = duplicate || seen == key;
    }
    if (duplicate) {
      m_diagnostics.add(key_where, fmt::format("clé « {} » en double dans {}", key, m_what));
      continue;
    }
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      const auto close = suggest(key, allowed_names);
      m_diagnostics.add(key_where,
                        fmt::format("clé inconnue « {} » dans {}{}", key, m_what,
                                    close ? fmt::format(" ; vouliez-vous dire « {} » ?", *close)
                                          : fmt::format(" (clés possibles : {})", util::join(allowed_names, ", "))));
      continue;
    }
    m_entries.emplace_back(key, entry.second);
  }
}

bool MapReader::has(std::string_view key) const {
  const YAML::Node node = get(key);
  return node.IsDefined() && !node.IsNull();
}

YAML::Node MapReader::get(std::string_view key) const {
  for (const auto& [name, value] : m_entries) {
    if (name == key) {
      return value;
    }
  }
  return YAML::Node(YAML::NodeType::Undefined);
}

SourceLocation MapReader::where(std::string_view key) const {
  const YAML::Node node = get(key);
  return node.IsDefined() ? location_of(node, m_file) : m_where;
}

void MapReader::error(std::string_view key, const std::string& message) {
  m_diagnostics.add(where(key), fmt::format("« {} » : {}", key, message));
}

std::string MapReader::text(std::string_view key, bool required) {
  const YAML::Node node = get(key);
  if (!node.IsDefined() || node.IsNull()) {
    if (required && m_valid) {
      m_diagnostics.add(m_where, fmt::format("{} : clé « {} » obligatoire", m_what, key));
    }
    return {};
  }
  if (!node.IsScalar()) {
    error(key, fmt::format("un texte est attendu, pas {}", describe_node(node)));
    return {};
  }
  std::string value(util::trim(node.Scalar()));
  if (required && value.empty()) {
    error(key, "valeur vide");
  }
  return value;
}

std::optional<bool> MapReader::flag(std::string_view key) {
  const YAML::Node node = get(key);
  if (!node.IsDefined() || node.IsNull()) {
    return std::nullopt;
  }
  const std::string value = scalar_or_empty(node);
  if (value == "true") {
    return true;
  }
  if (value == "false") {
    return false;
  }
  error(key, node.IsScalar() ? fmt::format("true ou false attendu, pas « {} »", value)
                             : fmt::format("true ou false attendu, pas {}", describe_node(node)));
  return std::nullopt;
}

std::optional<long long> MapReader::integer(std::string_view key) {
  const YAML::Node node = get(key);
  if (!node.IsDefined() || node.IsNull()) {
    return std::nullopt;
  }
  const std::string value = scalar_or_empty(node);
  long long number = 0;
  const auto [end, code] = std::from_chars(value.data(), value.data() + value.size(), number);
  if (!node.IsScalar() || value.empty() || code != std::errc() || end != value.data() + value.size()) {
    error(key, node.IsScalar() ? fmt::format("nombre entier attendu, pas « {} »", value)
                               : fmt::format("nombre entier attendu, pas {}", describe_node(node)));
    return std::nullopt;
  }
  return number;
}

std::optional<double> MapReader::number(std::string_view key) {
  const YAML::Node node = get(key);
  if (!node.IsDefined() || node.IsNull()) {
    return std::nullopt;
  }
  const std::string value = scalar_or_empty(node);
  double number = 0;
  const auto [end, code] = std::from_chars(value.data(), value.data() + value.size(), number);
  if (!node.IsScalar() || value.empty() || code != std::errc() || end != value.data() + value.size() ||
      !std::isfinite(number)) {
    error(key, node.IsScalar() ? fmt::format("nombre attendu (avec un point décimal), pas « {} »", value)
                               : fmt::format("nombre attendu, pas {}", describe_node(node)));
    return std::nullopt;
  }
  return number;
}

std::vector<std::string> MapReader::texts(std::string_view key) {
  const YAML::Node node = get(key);
  std::vector<std::string> out;
  if (!node.IsDefined() || node.IsNull()) {
    return out;
  }
  if (!node.IsSequence()) {
    error(key, fmt::format("une liste est attendue ([a, b]), pas {}", describe_node(node)));
    return out;
  }
  for (const auto& item : node) {
    if (!item.IsScalar()) {
      m_diagnostics.add(location_of(item, m_file),
                        fmt::format("« {} » : chaque élément doit être un texte, pas {}", key, describe_node(item)));
      continue;
    }
    out.emplace_back(util::trim(item.Scalar()));
  }
  return out;
}

std::vector<YAML::Node> MapReader::maps(std::string_view key) {
  const YAML::Node node = get(key);
  std::vector<YAML::Node> out;
  if (!node.IsDefined() || node.IsNull()) {
    return out;
  }
  if (!node.IsSequence()) {
    error(key, fmt::format("une liste est attendue, pas {}", describe_node(node)));
    return out;
  }
  for (const auto& item : node) {
    out.push_back(item);
  }
  return out;
}

Expression MapReader::expression(std::string_view key) {
  const std::string source = text(key);
  if (source.empty()) {
    return {};
  }
  auto parsed = Expression::parse(source);
  if (!parsed) {
    error(key, fmt::format("expression invalide « {} » : {}", source, parsed.error().message));
    return {};
  }
  parsed->set_where(where(key));
  return *parsed;
}

}  // namespace pilot::forms::detail
