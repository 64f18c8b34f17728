// `pilot template`: the blank import file of a form, as XLSX (drop-downs, checks) or CSV.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "service/context.hpp"

namespace pilot::service {

// Writes the template of `form_id` to `output` (.xlsx or .csv, by extension); returns the files
// written. Unknown form → not_found with suggestions; other extensions → usage.
Result<std::vector<std::filesystem::path>> write_template(const Context& context, const std::string& form_id,
                                                          const std::filesystem::path& output);

}  // namespace pilot::service
