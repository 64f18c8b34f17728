#include "forms/catalog.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <optional>

#include "forms/loader.hpp"
#include "util/system_error.hpp"

namespace pilot::forms {

// Builds catalogs; a friend so that Catalog keeps no public setters.
struct CatalogAccess {
  struct Source {
    std::string name;  // shown in messages
    std::string text;
  };

  // A read error found before the text exists (missing, too large) is passed as `error`.
  struct Input {
    std::optional<Source> choices;
    std::optional<Source> referential;
    std::vector<Source> forms;
    std::vector<std::string> read_errors;
    std::filesystem::path directory;
  };

  static Result<Catalog> build(const Input& input) {
    try {
      return build_unguarded(input);
    } catch (const YAML::Exception& error) {
      // The readers check node types before use; this is the last line against a yaml-cpp surprise.
      return fail(ErrorKind::data, fmt::format("schémas illisibles : {}", error.what()));
    }
  }

  static Result<Catalog> build_unguarded(const Input& input) {
    detail::Diagnostics diagnostics;
    for (const auto& message : input.read_errors) {
      diagnostics.add_text(message);
    }
    Catalog catalog;
    catalog.m_directory = input.directory;
    auto parse = [&](const Source& source) -> std::optional<YAML::Node> {
      auto root = detail::parse_yaml(source.text, source.name);
      if (!root) {
        diagnostics.add_text(root.error().message);
        return std::nullopt;
      }
      return *root;
    };
    if (input.choices) {
      if (auto root = parse(*input.choices)) {
        detail::read_choice_lists_file(*root, input.choices->name, diagnostics, catalog.m_lists);
      }
    }
    if (input.referential) {
      if (auto root = parse(*input.referential)) {
        catalog.m_indicators = detail::read_referential(*root, input.referential->name, diagnostics);
        detail::check_referential(catalog.m_indicators, catalog.m_lists, diagnostics);
        catalog.m_lists[std::string(k_referential_list_id)] = detail::referential_choice_list(catalog.m_indicators);
      }
    }
    for (const auto& source : input.forms) {
      auto root = parse(source);
      if (!root) {
        continue;
      }
      auto form = detail::read_form(*root, source.name, diagnostics);
      if (form == nullptr) {
        continue;
      }
      detail::resolve_form(*form, catalog.m_lists, diagnostics);
      for (const auto& existing : catalog.m_forms) {
        if (!form->id.empty() && existing->id == form->id) {
          diagnostics.add(form->where,
                          fmt::format("formulaire « {} » déjà défini dans {}", form->id, existing->where.file));
        }
      }
      catalog.m_forms.push_back(std::move(form));
    }
    if (!diagnostics.empty()) {
      return fail(ErrorKind::data, summarize(diagnostics.messages()));
    }
    std::sort(catalog.m_forms.begin(), catalog.m_forms.end(),
              [](const auto& a, const auto& b) { return a->id < b->id; });
    return catalog;
  }

  // All problems, one per line; a runaway file must not produce a wall of text.
  static std::string summarize(const std::vector<std::string>& messages) {
    constexpr std::size_t k_shown = 50;
    std::string out =
        fmt::format("schémas invalides ({} problème{}) :", messages.size(), messages.size() > 1 ? "s" : "");
    for (std::size_t i = 0; i < messages.size() && i < k_shown; ++i) {
      out += "\n" + messages[i];
    }
    if (messages.size() > k_shown) {
      out += fmt::format("\n… et {} autres", messages.size() - k_shown);
    }
    return out;
  }
};

Result<Catalog> Catalog::load(const std::filesystem::path& schemas_dir) {
  std::error_code code;
  if (!std::filesystem::is_directory(schemas_dir, code)) {
    return fail(ErrorKind::io, fmt::format("répertoire des schémas introuvable : {}", schemas_dir.string()));
  }
  const auto forms_dir = schemas_dir / "forms";
  if (!std::filesystem::is_directory(forms_dir, code)) {
    return fail(ErrorKind::io, fmt::format("répertoire des formulaires introuvable : {}", forms_dir.string()));
  }
  CatalogAccess::Input input;
  input.directory = schemas_dir;
  auto read = [&](const std::filesystem::path& path, const std::string& shown) -> std::optional<CatalogAccess::Source> {
    auto text = detail::read_schema_file(path, shown);
    if (!text) {
      input.read_errors.push_back(text.error().message);
      return std::nullopt;
    }
    return CatalogAccess::Source{shown, std::move(*text)};
  };
  if (std::filesystem::exists(schemas_dir / "choices.yaml", code)) {
    input.choices = read(schemas_dir / "choices.yaml", "choices.yaml");
  }
  if (std::filesystem::exists(schemas_dir / "referentiel-indicateurs.yaml", code)) {
    input.referential = read(schemas_dir / "referentiel-indicateurs.yaml", "referentiel-indicateurs.yaml");
  }
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(forms_dir, code)) {
    const auto extension = entry.path().extension();
    if (extension == ".yaml" || extension == ".yml") {
      files.push_back(entry.path());
    }
  }
  if (code) {
    return fail(ErrorKind::io,
                fmt::format("{} : lecture impossible ({})", forms_dir.string(), util::describe_error(code)));
  }
  std::sort(files.begin(), files.end());
  for (const auto& path : files) {
    if (auto source = read(path, "forms/" + path.filename().string())) {
      input.forms.push_back(std::move(*source));
    }
  }
  return CatalogAccess::build(input);
}

Result<Catalog> Catalog::from_texts(const CatalogTexts& texts) {
  CatalogAccess::Input input;
  if (!texts.choices.empty()) {
    input.choices = CatalogAccess::Source{"choices.yaml", texts.choices};
  }
  if (!texts.referential.empty()) {
    input.referential = CatalogAccess::Source{"referentiel-indicateurs.yaml", texts.referential};
  }
  for (const auto& [name, text] : texts.forms) {
    input.forms.push_back(CatalogAccess::Source{name, text});
  }
  return CatalogAccess::build(input);
}

const Form* Catalog::find_form(std::string_view id) const {
  for (const auto& form : m_forms) {
    if (form->id == id) {
      return form.get();
    }
  }
  return nullptr;
}

std::vector<const Form*> Catalog::forms() const {
  std::vector<const Form*> out;
  for (const auto& form : m_forms) {
    out.push_back(form.get());
  }
  return out;
}

const ChoiceList* Catalog::find_choice_list(std::string_view id) const {
  auto it = m_lists.find(id);
  return it == m_lists.end() ? nullptr : it->second.get();
}

std::vector<const ChoiceList*> Catalog::choice_lists() const {
  std::vector<const ChoiceList*> out;
  for (const auto& [id, list] : m_lists) {
    out.push_back(list.get());
  }
  return out;
}

const IndicatorDef* Catalog::find_indicator(std::string_view code) const {
  for (const auto& indicator : m_indicators) {
    if (indicator.code == code) {
      return &indicator;
    }
  }
  return nullptr;
}

std::vector<const Form*> Catalog::forms_for(RecordKind record, domain::ConventionType convention,
                                            domain::CollectiviteType collectivite) const {
  std::vector<const Form*> out;
  for (const auto& form : m_forms) {
    if (form->record == record && form->applies_to.matches(convention, collectivite)) {
      out.push_back(form.get());
    }
  }
  return out;
}

std::vector<const Form*> Catalog::action_forms_for(domain::ConventionType convention,
                                                   domain::CollectiviteType collectivite) const {
  return forms_for(RecordKind::action, convention, collectivite);
}

}  // namespace pilot::forms
