// Schema tooling for `pilot schema check` and `pilot schema show`: a lint that reports every problem
// of one schema file with file:line:column, and a readable outline of a form. Both return text; the
// library never prints.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "forms/catalog.hpp"

namespace pilot::forms {

// Checks a form file against the shared lists and referential of `base` (unknown types and keys,
// duplicate keys, conditions naming missing fields, unknown choice lists, circular relevant /
// required_if dependencies, ambiguous headers, rule codes, the fixed keys of action forms...).
// A choices.yaml or referentiel-indicateurs.yaml file is recognised by its top-level key and checked
// as such (and, for choices.yaml, every form of `base` is re-checked against the new lists).
// Returns one message per problem, empty when the file is sound.
std::vector<std::string> lint_form_file(const Catalog& base, const std::filesystem::path& yaml_file);
// Same, for text already in memory; `name` is used in messages.
std::vector<std::string> lint_schema_text(const Catalog& base, std::string_view text, const std::string& name);

// Sections with their fields (type, required mark, choices, conditions), groups and rules.
std::string outline(const Catalog& catalog, const Form& form);

}  // namespace pilot::forms
