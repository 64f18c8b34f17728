// Reading one form file: its header, sections, fields, groups, rules and local choice lists. Only
// the shape of each element is checked here; resolve_form (validate.cpp) checks the whole.
#include <fmt/format.h>

#include <regex>

#include "forms/expression_lexer.hpp"
#include "forms/loader.hpp"
#include "forms/suggest.hpp"
#include "util/text.hpp"

namespace pilot::forms::detail {
namespace {

const std::vector<std::string_view> k_field_keys = {
    "key",         "label",    "section",     "type",       "required",           "help",    "unit",
    "min",         "max",      "max_length",  "pattern",    "pattern_message",    "choices", "only_choices",
    "other_field", "relevant", "required_if", "constraint", "constraint_message", "aliases", "dimension"};

Field read_field(const YAML::Node& node, const std::string& file, Diagnostics& diagnostics,
                 const std::string& group_key) {
  MapReader reader(node, file, diagnostics, group_key.empty() ? "le champ" : "le champ du groupe", k_field_keys);
  Field field;
  field.where = reader.where();
  field.group = group_key;
  if (!reader.valid()) {
    return field;
  }
  field.key = reader.text("key", true);
  field.label = reader.text("label", true);
  field.section = reader.text("section");
  if (!group_key.empty() && !field.section.empty()) {
    diagnostics.add(reader.where("section"),
                    fmt::format("champ « {} » : « section » s'applique aux champs du formulaire ; un champ de "
                                "groupe suit la section de son groupe",
                                field.key));
  }
  const std::string type = reader.text("type", true);
  if (!type.empty()) {
    if (auto parsed = parse_field_type(type)) {
      field.type = *parsed;
    } else {
      std::vector<std::string> names;
      for (const auto candidate :
           {FieldType::text, FieldType::integer, FieldType::decimal, FieldType::money, FieldType::percent,
            FieldType::etp, FieldType::date, FieldType::yes_no, FieldType::single_choice, FieldType::multiple_choice}) {
        names.emplace_back(to_code(candidate));
      }
      const auto close = suggest(type, names);
      diagnostics.add(reader.where("type"), fmt::format("champ « {} » : type inconnu « {} »{}", field.key, type,
                                                        close ? fmt::format(" ; vouliez-vous dire « {} » ?", *close)
                                                              : fmt::format(" (types : {})", util::join(names, ", "))));
    }
  }
  field.required = reader.flag("required").value_or(false);
  field.help = reader.text("help");
  field.unit = reader.text("unit");
  field.min = reader.number("min");
  field.max = reader.number("max");
  if (auto length = reader.integer("max_length")) {
    if (*length < 1) {
      diagnostics.add(reader.where("max_length"), "« max_length » doit être au moins 1");
    } else {
      field.max_length = static_cast<std::size_t>(*length);
    }
  }
  field.pattern = reader.text("pattern");
  if (!field.pattern.empty()) {
    try {
      field.pattern_regex = std::make_shared<const std::regex>(field.pattern, std::regex::ECMAScript);
    } catch (const std::regex_error& error) {
      diagnostics.add(reader.where("pattern"), fmt::format("champ « {} » : expression régulière invalide « {} » ({})",
                                                           field.key, field.pattern, error.what()));
    }
  }
  field.pattern_message = reader.text("pattern_message");
  field.choices = reader.text("choices");
  field.only_choices = reader.texts("only_choices");
  field.other_field = reader.text("other_field");
  field.relevant = reader.expression("relevant");
  field.required_if = reader.expression("required_if");
  field.constraint = reader.expression("constraint");
  field.constraint_message = reader.text("constraint_message");
  field.aliases = reader.texts("aliases");
  field.dimension = reader.flag("dimension").value_or(false);
  return field;
}

Group read_group(const YAML::Node& node, const std::string& file, Diagnostics& diagnostics) {
  MapReader reader(node, file, diagnostics, "le groupe",
                   {"key", "label", "section", "kind", "help", "sheet_aliases", "fields", "key_fields", "min_rows"});
  Group group;
  group.where = reader.where();
  if (!reader.valid()) {
    return group;
  }
  group.key = reader.text("key", true);
  group.label = reader.text("label", true);
  group.section = reader.text("section");
  group.help = reader.text("help");
  const std::string kind = reader.text("kind", true);
  if (!kind.empty()) {
    if (auto parsed = parse_group_kind(kind)) {
      group.kind = *parsed;
    } else {
      diagnostics.add(
          reader.where("kind"),
          fmt::format("groupe « {} » : genre inconnu « {} » (budget, indicators ou generic)", group.key, kind));
    }
  }
  group.sheet_aliases = reader.texts("sheet_aliases");
  for (const auto& item : reader.maps("fields")) {
    group.fields.push_back(read_field(item, file, diagnostics, group.key));
  }
  if (!reader.has("fields")) {
    diagnostics.add(reader.where(), fmt::format("groupe « {} » : clé « fields » obligatoire", group.key));
  } else if (reader.get("fields").IsSequence() && reader.get("fields").size() == 0) {
    diagnostics.add(reader.where("fields"), fmt::format("groupe « {} » : aucun champ", group.key));
  }
  group.key_fields = reader.texts("key_fields");
  if (auto rows = reader.integer("min_rows")) {
    if (*rows < 0) {
      diagnostics.add(reader.where("min_rows"), "« min_rows » ne peut pas être négatif");
    } else {
      group.min_rows = static_cast<std::size_t>(*rows);
    }
  }
  return group;
}

// Splits "texte {expression} texte" into its expressions; "{{" and "}}" write literal braces.
void read_message_parts(Rule& rule, const SourceLocation& where, Diagnostics& diagnostics) {
  const std::string& message = rule.message;
  for (std::size_t i = 0; i < message.size(); ++i) {
    if (message[i] == '{' && i + 1 < message.size() && message[i + 1] == '{') {
      ++i;
      continue;
    }
    if (message[i] == '}' && i + 1 < message.size() && message[i + 1] == '}') {
      ++i;
      continue;
    }
    if (message[i] != '{') {
      continue;
    }
    const std::size_t close = message.find('}', i);
    if (close == std::string::npos) {
      diagnostics.add(where, fmt::format("règle « {} » : « {{ » sans « }} » dans le message", rule.id));
      return;
    }
    auto parsed = Expression::parse(message.substr(i + 1, close - i - 1));
    if (!parsed) {
      diagnostics.add(where, fmt::format("règle « {} » : expression invalide dans le message « {{{}}} » : {}", rule.id,
                                         message.substr(i + 1, close - i - 1), parsed.error().message));
    } else {
      parsed->set_where(where);
      rule.message_parts.push_back(*parsed);
    }
    i = close;
  }
}

Rule read_rule(const YAML::Node& node, const std::string& file, Diagnostics& diagnostics) {
  MapReader reader(node, file, diagnostics, "la règle",
                   {"id", "code", "when", "assert", "message", "severity", "field"});
  Rule rule;
  rule.where = reader.where();
  if (!reader.valid()) {
    return rule;
  }
  rule.id = reader.text("id", true);
  rule.code = reader.text("code", true);
  rule.when = reader.expression("when");
  rule.assert_expr = reader.expression("assert");
  if (!reader.has("assert")) {
    diagnostics.add(rule.where, fmt::format("règle « {} » : clé « assert » obligatoire", rule.id));
  }
  rule.message = reader.text("message", true);
  read_message_parts(rule, reader.where("message"), diagnostics);
  const std::string severity = reader.text("severity");
  if (severity == "warning") {
    rule.severity = Severity::warning;
  } else if (!severity.empty() && severity != "error") {
    diagnostics.add(reader.where("severity"),
                    fmt::format("règle « {} » : sévérité inconnue « {} » (error ou warning)", rule.id, severity));
  }
  rule.field = reader.text("field");
  return rule;
}

void read_applies_to(MapReader& form_reader, Form& form, const std::string& file, Diagnostics& diagnostics) {
  const YAML::Node node = form_reader.get("applies_to");
  if (!node.IsDefined() || node.IsNull()) {
    return;
  }
  MapReader reader(node, file, diagnostics, "« applies_to »", {"convention_types", "collectivite_types"});
  for (const auto& code : reader.texts("convention_types")) {
    auto type = domain::parse_convention_type(code);
    if (!type || domain::to_code(*type) != code) {
      diagnostics.add(reader.where("convention_types"),
                      fmt::format("type de convention inconnu « {} » (cls, cie ou unique)", code));
      continue;
    }
    form.applies_to.convention_types.push_back(*type);
  }
  for (const auto& code : reader.texts("collectivite_types")) {
    auto type = domain::parse_collectivite_type(code);
    if (!type || domain::to_code(*type) != code) {
      diagnostics.add(reader.where("collectivite_types"),
                      fmt::format("type de collectivité inconnu « {} » (departement ou metropole)", code));
      continue;
    }
    form.applies_to.collectivite_types.push_back(*type);
  }
}

}  // namespace

std::shared_ptr<Form> read_form(const YAML::Node& root, const std::string& file, Diagnostics& diagnostics) {
  MapReader reader(root, file, diagnostics, "le formulaire",
                   {"id", "version", "title", "description", "record", "applies_to", "sections", "fields", "groups",
                    "rules", "choices"});
  if (!reader.valid()) {
    return nullptr;
  }
  auto form = std::make_shared<Form>();
  form->where = SourceLocation{file, 1, 0};
  form->id = reader.text("id", true);
  static const std::regex k_id("[a-z0-9][a-z0-9-]*");
  if (!form->id.empty() && !std::regex_match(form->id, k_id)) {
    diagnostics.add(reader.where("id"), fmt::format("identifiant de formulaire invalide « {} » : minuscules, "
                                                    "chiffres et tirets (ex. action-cie)",
                                                    form->id));
  }
  if (auto version = reader.integer("version")) {
    if (*version < 1 || *version > 1'000'000) {
      diagnostics.add(reader.where("version"), "« version » doit être un entier positif");
    } else {
      form->version = static_cast<int>(*version);
    }
  } else if (!reader.has("version")) {
    diagnostics.add(reader.where(), "le formulaire : clé « version » obligatoire");
  }
  form->title = reader.text("title", true);
  form->description = reader.text("description");
  const std::string record = reader.text("record", true);
  // Without a valid record kind, check the form as the least demanding kind: the missing key is
  // reported once instead of under every action-form requirement.
  form->record = RecordKind::convention;
  if (!record.empty()) {
    if (auto kind = parse_record_kind(record)) {
      form->record = *kind;
    } else {
      diagnostics.add(reader.where("record"),
                      fmt::format("« record » inconnu « {} » (convention, action ou bilan)", record));
    }
  }
  read_applies_to(reader, *form, file, diagnostics);
  for (const auto& node : reader.maps("sections")) {
    MapReader section_reader(node, file, diagnostics, "la section", {"key", "label", "help"});
    if (!section_reader.valid()) {
      continue;
    }
    Section section;
    section.where = section_reader.where();
    section.key = section_reader.text("key", true);
    section.label = section_reader.text("label", true);
    section.help = section_reader.text("help");
    form->sections.push_back(std::move(section));
  }
  for (const auto& node : reader.maps("choices")) {
    if (auto list = read_choice_list(node, file, diagnostics)) {
      form->local_choices.push_back(std::move(list));
    }
  }
  for (const auto& node : reader.maps("fields")) {
    form->fields.push_back(read_field(node, file, diagnostics, ""));
  }
  for (const auto& node : reader.maps("groups")) {
    form->groups.push_back(read_group(node, file, diagnostics));
  }
  for (const auto& node : reader.maps("rules")) {
    form->rules.push_back(read_rule(node, file, diagnostics));
  }
  if (!reader.has("fields")) {
    diagnostics.add(reader.where(), "le formulaire : clé « fields » obligatoire");
  } else if (reader.get("fields").IsSequence() && reader.get("fields").size() == 0) {
    diagnostics.add(reader.where("fields"), "le formulaire n'a aucun champ");
  }
  return form;
}

}  // namespace pilot::forms::detail
