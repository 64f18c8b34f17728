// Reads the territorial reference file (schemas/territoires.yaml) into domain values.
#pragma once

#include <filesystem>

#include "domain/territory.hpp"
#include "util/error.hpp"

namespace pilot::forms {

// Fails (kind data) with file:line on malformed YAML, a missing key, or a reference to an
// unknown région/département.
Result<domain::TerritoryReference> load_territory_file(const std::filesystem::path& path);

}  // namespace pilot::forms
