// Conventions as tables: the guide's summary list and the detail of one convention.
#pragma once

#include <vector>

#include "domain/convention.hpp"
#include "report/table.hpp"

namespace pilot::report {

// id, Collectivité, Type de convention, Date de signature, Nombre d'actions, Budget total.
Table conventions_table(const std::vector<domain::Convention>& conventions);

// Totals line under the text table: « 4 conventions, 56 actions, 90 846 297,00 € ».
std::string conventions_footer(const std::vector<domain::Convention>& conventions);

// One convention, field by field (label, value), for `convention show`.
Table convention_detail(const domain::Convention& convention);

}  // namespace pilot::report
