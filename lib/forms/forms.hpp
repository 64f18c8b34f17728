// pilot::forms — the forms of pilot, described in YAML under schemas/ and interpreted here.
//
// A Catalog holds every form (convention, action of each convention type, bilan), the shared choice
// lists and the national indicator referential. Other layers never hard-code a question: they ask
// the catalog which form applies, parse what users typed into typed values with the form's fields
// (values.hpp), bind file headers to fields (headers.hpp), and check whole records (check.hpp).
// The YAML format and the expression language are documented in schemas/README.md. This folder
// is the only one that includes yaml-cpp.
#pragma once

#include "forms/catalog.hpp"     // IWYU pragma: export
#include "forms/check.hpp"       // IWYU pragma: export
#include "forms/expression.hpp"  // IWYU pragma: export
#include "forms/headers.hpp"     // IWYU pragma: export
#include "forms/lint.hpp"        // IWYU pragma: export
#include "forms/problem.hpp"     // IWYU pragma: export
#include "forms/schema.hpp"      // IWYU pragma: export
#include "forms/values.hpp"      // IWYU pragma: export
