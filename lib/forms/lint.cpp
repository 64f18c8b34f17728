#include "forms/lint.hpp"

#include <fmt/format.h>

#include "forms/loader.hpp"

namespace pilot::forms {

namespace {

std::vector<std::string> lint_unguarded(const Catalog& base, std::string_view text, const std::string& name) {
  auto root = detail::parse_yaml(text, name);
  if (!root) {
    return {root.error().message};
  }
  detail::Diagnostics diagnostics;
  switch (detail::schema_file_kind(*root)) {
    case detail::SchemaFileKind::choice_lists: {
      detail::ListMap lists;
      detail::read_choice_lists_file(*root, name, diagnostics, lists);
      if (const auto it = base.shared_lists().find(k_referential_list_id); it != base.shared_lists().end()) {
        lists.emplace(it->first, it->second);
      }
      // The forms must still make sense with the new lists (a removed code, a renamed list).
      for (const Form* form : base.forms()) {
        Form copy = *form;
        detail::Diagnostics form_diagnostics;
        detail::resolve_form(copy, lists, form_diagnostics);
        for (const auto& message : form_diagnostics.messages()) {
          diagnostics.add_text(fmt::format("{} (avec ce fichier {})", message, name));
        }
      }
      break;
    }
    case detail::SchemaFileKind::referential: {
      const auto indicators = detail::read_referential(*root, name, diagnostics);
      detail::check_referential(indicators, base.shared_lists(), diagnostics);
      break;
    }
    case detail::SchemaFileKind::form: {
      auto form = detail::read_form(*root, name, diagnostics);
      if (form == nullptr) {
        break;
      }
      detail::resolve_form(*form, base.shared_lists(), diagnostics);
      const Form* existing = base.find_form(form->id);
      if (existing != nullptr &&
          std::filesystem::path(existing->where.file).filename() != std::filesystem::path(name).filename()) {
        diagnostics.add(form->where,
                        fmt::format("l'identifiant « {} » est déjà celui de {}", form->id, existing->where.file));
      }
      break;
    }
  }
  return diagnostics.messages();
}

}  // namespace

std::vector<std::string> lint_schema_text(const Catalog& base, std::string_view text, const std::string& name) {
  try {
    return lint_unguarded(base, text, name);
  } catch (const YAML::Exception& error) {
    // The readers check node types before use; this is the last line against a yaml-cpp surprise.
    return {fmt::format("{}: YAML illisible : {}", name, error.what())};
  }
}

std::vector<std::string> lint_form_file(const Catalog& base, const std::filesystem::path& yaml_file) {
  const std::string name = yaml_file.string();
  auto text = detail::read_schema_file(yaml_file, name);
  if (!text) {
    return {text.error().message};
  }
  return lint_schema_text(base, *text, name);
}

}  // namespace pilot::forms
