// `pilot schema show FORM`: the form as a reader sees it, section by section.
#include <fmt/format.h>

#include "forms/lint.hpp"
#include "util/text.hpp"

namespace pilot::forms {
namespace {

// Long choice lists are cut: the outline is for reading, choices.yaml holds the full list.
constexpr std::size_t k_listed_choices = 12;

std::string describe_type(const Field& field) {
  std::string out(to_label(field.type));
  if (is_choice(field.type) && field.choice_list != nullptr) {
    std::vector<std::string> labels;
    const auto offered = field.offered_choices();
    for (std::size_t i = 0; i < offered.size() && i < k_listed_choices; ++i) {
      labels.push_back(offered[i]->label);
    }
    if (offered.size() > k_listed_choices) {
      labels.push_back(fmt::format("… ({} choix)", offered.size()));
    }
    out += fmt::format(" [{}] : {}", field.choice_list->id, util::join(labels, " | "));
  }
  if (!field.unit.empty()) {
    out += fmt::format(", en {}", field.unit);
  }
  if (field.min && field.max) {
    out += fmt::format(", de {} à {}", *field.min, *field.max);
  } else if (field.min) {
    out += fmt::format(", au moins {}", *field.min);
  } else if (field.max) {
    out += fmt::format(", au plus {}", *field.max);
  }
  if (field.max_length) {
    out += fmt::format(", {} caractères au plus", *field.max_length);
  }
  return out;
}

void append_field(std::string& out, const Field& field, const std::string& indent) {
  out += fmt::format("{}{}{} — {}{}\n", indent, field.key, field.required ? " *" : "", field.label,
                     field.dimension ? " (dimension)" : "");
  out += fmt::format("{}    {}\n", indent, describe_type(field));
  if (!field.relevant.empty()) {
    out += fmt::format("{}    posée si : {}\n", indent, field.relevant.source());
  }
  if (!field.required_if.empty()) {
    out += fmt::format("{}    obligatoire si : {}\n", indent, field.required_if.source());
  }
  if (!field.other_field.empty()) {
    out += fmt::format("{}    « Autre » : précision dans {}\n", indent, field.other_field);
  }
  if (!field.pattern.empty()) {
    out += fmt::format("{}    format : {}\n", indent, field.pattern);
  }
  if (!field.constraint.empty()) {
    out += fmt::format("{}    contrainte : {}\n", indent, field.constraint.source());
  }
  if (!field.aliases.empty()) {
    out += fmt::format("{}    en-têtes acceptés : {}\n", indent, util::join(field.aliases, " | "));
  }
}

std::string applies_text(const AppliesTo& applies) {
  std::vector<std::string> parts;
  for (const auto type : applies.convention_types) {
    parts.emplace_back(domain::to_short_label(type));
  }
  std::vector<std::string> collectivites;
  for (const auto type : applies.collectivite_types) {
    collectivites.emplace_back(domain::to_label(type));
  }
  return fmt::format("{} ; {}", parts.empty() ? "toutes conventions" : util::join(parts, ", "),
                     collectivites.empty() ? "toutes collectivités" : util::join(collectivites, ", "));
}

}  // namespace

std::string outline(const Catalog& /*catalog*/, const Form& form) {
  std::string out = fmt::format("{} (version {}) — {}\n", form.id, form.version, form.title);
  out += fmt::format("Enregistrement : {} ; s'applique à : {}\n", to_code(form.record), applies_text(form.applies_to));
  if (!form.description.empty()) {
    out += form.description + "\n";
  }
  out += "(* : réponse obligatoire)\n";
  auto append_groups = [&](const std::string& section_key) {
    for (const auto& group : form.groups) {
      if (group.section != section_key) {
        continue;
      }
      out += fmt::format("\n  Groupe {} — {} (lignes « {} »)\n", group.key, group.label, to_code(group.kind));
      if (!group.sheet_aliases.empty()) {
        out += fmt::format("    feuilles acceptées : {}\n", util::join(group.sheet_aliases, " | "));
      }
      if (!group.key_fields.empty()) {
        out += fmt::format("    une ligne par : {}\n", util::join(group.key_fields, " + "));
      }
      for (const auto& field : group.fields) {
        append_field(out, field, "    ");
      }
    }
  };
  if (form.sections.empty()) {
    out += "\n";
    for (const auto& field : form.fields) {
      append_field(out, field, "  ");
    }
    append_groups("");
  }
  for (const auto& section : form.sections) {
    out += fmt::format("\n[{}] {}\n", section.key, section.label);
    for (const Field* field : form.fields_of_section(section.key)) {
      append_field(out, *field, "  ");
    }
    append_groups(section.key);
  }
  if (!form.sections.empty()) {
    append_groups("");  // groups placed in no section
  }
  if (!form.rules.empty()) {
    out += "\nRègles\n";
    for (const auto& rule : form.rules) {
      out += fmt::format("  {} {}{} : {}\n", rule.code, rule.id,
                         rule.severity == Severity::warning ? " (avertissement)" : "", rule.assert_expr.source());
      if (!rule.when.empty()) {
        out += fmt::format("      si : {}\n", rule.when.source());
      }
      out += fmt::format("      message : {}\n", rule.message);
    }
  }
  return out;
}

}  // namespace pilot::forms
