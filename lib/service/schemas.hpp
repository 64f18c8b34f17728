// `pilot schema list|show|check`: what forms there are, what a form asks, and whether a YAML
// file a user wrote is a sound form.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "service/context.hpp"

namespace pilot::service {

struct FormSummary {
  std::string id;
  int version = 0;
  std::string title;
  std::string record;      // convention / action / bilan
  std::string applies_to;  // « cls, unique ; departement »
  std::size_t fields = 0;
  std::size_t groups = 0;
};

Result<std::vector<FormSummary>> list_forms(const Context& context);

// Readable outline of a form; an unknown id fails (not_found) with the closest ids.
Result<std::string> form_outline(const Context& context, const std::string& form_id);

struct SchemaCheck {
  std::filesystem::path file;
  std::vector<std::string> problems;  // file:line:column: message
};

// Lints each file against the shipped choice lists and referential.
Result<std::vector<SchemaCheck>> check_schema_files(const Context& context,
                                                    const std::vector<std::filesystem::path>& files);

}  // namespace pilot::service
