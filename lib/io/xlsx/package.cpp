#include "io/xlsx/package.hpp"

#include <unordered_map>

#include "io/xlsx/format.hpp"
#include "io/xlsx/xml_parser.hpp"

namespace pilot::io::xlsx {

namespace {

constexpr std::string_view k_default_workbook = "xl/workbook.xml";

struct Relationship {
  std::string id;
  std::string type;
  std::string target;
  bool external = false;
};

class RelationshipsHandler : public XmlHandler {
 public:
  XmlFlow start_element(std::string_view name, const XmlAttributes& attributes) override {
    if (name == "Relationship") {
      relationships.push_back(Relationship{std::string(attributes.find("Id").value_or("")),
                                           std::string(attributes.find("Type").value_or("")),
                                           std::string(attributes.find("Target").value_or("")),
                                           attributes.find("TargetMode") == std::string_view("External")});
    }
    return XmlFlow::proceed;
  }
  XmlFlow end_element(std::string_view) override { return XmlFlow::proceed; }

  std::vector<Relationship> relationships;
};

class ContentTypesHandler : public XmlHandler {
 public:
  XmlFlow start_element(std::string_view name, const XmlAttributes& attributes) override {
    if (name == "Override") {
      overrides[normalize_part_name(attributes.find("PartName").value_or(""))] =
          std::string(attributes.find("ContentType").value_or(""));
    }
    return XmlFlow::proceed;
  }
  XmlFlow end_element(std::string_view) override { return XmlFlow::proceed; }

  std::unordered_map<std::string, std::string> overrides;
};

struct SheetEntry {
  std::string name;
  std::string relationship_id;
  bool hidden = false;
};

class WorkbookHandler : public XmlHandler {
 public:
  explicit WorkbookHandler(const ZipArchive& archive) : m_archive(archive) {}

  XmlFlow start_element(std::string_view name, const XmlAttributes& attributes) override {
    if (name == "workbookPr") {
      const auto value = attributes.find("date1904");
      date1904 = value == std::string_view("1") || value == std::string_view("true");
    } else if (name == "sheets") {
      m_in_sheets = true;
    } else if (name == "sheet" && m_in_sheets) {
      const auto sheet_name = attributes.find("name");
      if (!sheet_name || sheet_name->empty()) {
        return abort_with(Error{ErrorKind::data, m_archive.path() + " : la feuille n° " +
                                                     std::to_string(sheets.size() + 1) +
                                                     " du classeur n'a pas de nom"});
      }
      const auto state = attributes.find("state");
      // r:id and the sheetId attribute share no local name, so "id" is the relationship.
      sheets.push_back(SheetEntry{std::string(*sheet_name), std::string(attributes.find("id").value_or("")),
                                  state == std::string_view("hidden") || state == std::string_view("veryHidden")});
    }
    return XmlFlow::proceed;
  }

  XmlFlow end_element(std::string_view name) override {
    if (name == "sheets") {
      m_in_sheets = false;
    }
    return XmlFlow::proceed;
  }

  std::vector<SheetEntry> sheets;
  bool date1904 = false;

 private:
  const ZipArchive& m_archive;
  bool m_in_sheets = false;
};

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.ends_with(suffix);
}

Error package_error(const ZipArchive& archive, const std::string& what) {
  return Error{ErrorKind::data, archive.path() + " : " + what};
}

Result<std::vector<Relationship>> read_relationships(ZipArchive& archive, std::string_view part, const Limits& limits) {
  RelationshipsHandler handler;
  if (auto parsed = parse_part(archive, part, limits.max_part_bytes, handler); !parsed) {
    return std::unexpected(parsed.error());
  }
  return std::move(handler.relationships);
}

// The main part named by _rels/.rels, else the conventional xl/workbook.xml.
Result<std::string> find_workbook_part(ZipArchive& archive, const Limits& limits) {
  std::string part(k_default_workbook);
  if (archive.contains("_rels/.rels")) {
    auto relationships = read_relationships(archive, "_rels/.rels", limits);
    if (!relationships) {
      return std::unexpected(relationships.error());
    }
    for (const auto& relationship : *relationships) {
      if (ends_with(relationship.type, "/officeDocument") && !relationship.external) {
        const std::string target = resolve_target("", relationship.target);
        if (archive.contains(target)) {
          part = target;
        }
        break;
      }
    }
  }
  std::string content_type;
  if (archive.contains("[Content_Types].xml")) {
    ContentTypesHandler handler;
    if (auto parsed = parse_part(archive, "[Content_Types].xml", limits.max_part_bytes, handler); !parsed) {
      return std::unexpected(parsed.error());
    }
    if (const auto found = handler.overrides.find(normalize_part_name(part)); found != handler.overrides.end()) {
      content_type = found->second;
    }
  }
  if (content_type.find(".binary.") != std::string::npos || normalize_part_name(part).ends_with(".bin")) {
    return std::unexpected(
        package_error(archive, "classeur binaire (.xlsb) non pris en charge : enregistrez-le en .xlsx"));
  }
  if (!archive.contains(part)) {
    if (archive.contains("mimetype") || archive.contains("content.xml")) {
      return std::unexpected(
          package_error(archive, "classeur OpenDocument (.ods) non pris en charge : enregistrez-le en .xlsx"));
    }
    return std::unexpected(package_error(archive, "l'archive ne contient pas de classeur Excel (partie " +
                                                      guillemets(k_default_workbook) + " absente)"));
  }
  return part;
}

SheetKind kind_of(std::string_view relationship_type) {
  if (ends_with(relationship_type, "/worksheet")) {
    return SheetKind::worksheet;
  }
  if (ends_with(relationship_type, "/chartsheet")) {
    return SheetKind::chartsheet;
  }
  return SheetKind::other;
}

}  // namespace

std::string resolve_target(std::string_view source_part, std::string_view target) {
  std::string joined;
  if (target.starts_with('/')) {
    joined = target.substr(1);
  } else {
    const auto slash = source_part.rfind('/');
    joined = std::string(slash == std::string_view::npos ? std::string_view{} : source_part.substr(0, slash + 1));
    joined += target;
  }
  std::vector<std::string_view> segments;
  std::string_view rest = joined;
  while (!rest.empty()) {
    const auto slash = rest.find('/');
    const std::string_view segment = rest.substr(0, slash);
    rest = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash + 1);
    if (segment == "..") {
      if (!segments.empty()) {
        segments.pop_back();
      }
    } else if (!segment.empty() && segment != ".") {
      segments.push_back(segment);
    }
  }
  std::string resolved;
  for (const auto segment : segments) {
    if (!resolved.empty()) {
      resolved += '/';
    }
    resolved += segment;
  }
  return resolved;
}

Result<std::shared_ptr<const WorkbookData>> read_package(ZipArchive& archive, const Limits& limits) {
  auto workbook_part = find_workbook_part(archive, limits);
  if (!workbook_part) {
    return std::unexpected(workbook_part.error());
  }
  WorkbookHandler workbook_handler(archive);
  if (auto parsed = parse_part(archive, *workbook_part, limits.max_part_bytes, workbook_handler); !parsed) {
    return std::unexpected(parsed.error());
  }
  if (workbook_handler.sheets.empty()) {
    return std::unexpected(package_error(archive, "le classeur ne contient aucune feuille"));
  }

  const auto slash = workbook_part->rfind('/');
  const std::string folder = slash == std::string::npos ? "" : workbook_part->substr(0, slash + 1);
  const std::string file = slash == std::string::npos ? *workbook_part : workbook_part->substr(slash + 1);
  const std::string relationships_part = folder + "_rels/" + file + ".rels";
  if (!archive.contains(relationships_part)) {
    return std::unexpected(
        package_error(archive, "relations du classeur absentes (partie " + guillemets(relationships_part) + ")"));
  }
  auto relationships = read_relationships(archive, relationships_part, limits);
  if (!relationships) {
    return std::unexpected(relationships.error());
  }

  auto data = std::make_shared<WorkbookData>();
  data->path = archive.path();
  data->limits = limits;
  data->date1904 = workbook_handler.date1904;
  std::string shared_strings_part;
  std::string styles_part;
  for (const auto& relationship : *relationships) {
    if (relationship.external) {
      continue;
    }
    if (ends_with(relationship.type, "/sharedStrings")) {
      shared_strings_part = resolve_target(*workbook_part, relationship.target);
    } else if (ends_with(relationship.type, "/styles")) {
      styles_part = resolve_target(*workbook_part, relationship.target);
    }
  }
  for (auto& entry : workbook_handler.sheets) {
    SheetInfo info{std::move(entry.name), "", std::move(entry.relationship_id), SheetKind::other, entry.hidden};
    for (const auto& relationship : *relationships) {
      if (relationship.id == info.relationship_id && !relationship.external) {
        info.part = resolve_target(*workbook_part, relationship.target);
        info.kind = kind_of(relationship.type);
        break;
      }
    }
    data->sheets.push_back(std::move(info));
  }

  // Writers that forget a relationship still put the parts where Excel puts them.
  if (shared_strings_part.empty() && archive.contains(folder + "sharedStrings.xml")) {
    shared_strings_part = folder + "sharedStrings.xml";
  }
  if (styles_part.empty() && archive.contains(folder + "styles.xml")) {
    styles_part = folder + "styles.xml";
  }
  if (!shared_strings_part.empty() && archive.contains(shared_strings_part)) {
    auto strings = read_shared_strings(archive, shared_strings_part, limits);
    if (!strings) {
      return std::unexpected(strings.error());
    }
    data->shared_strings = std::move(*strings);
  }
  if (!styles_part.empty() && archive.contains(styles_part)) {
    auto styles = read_styles(archive, styles_part, limits);
    if (!styles) {
      return std::unexpected(styles.error());
    }
    data->styles = std::move(*styles);
  }
  return data;
}

}  // namespace pilot::io::xlsx
