// Loading the form catalog of the context's schemas/ directory, once per process.
#pragma once

#include <string>
#include <string_view>

#include "service/context.hpp"

namespace pilot::forms {
class Catalog;
}

namespace pilot::service {

struct FormIdentity {
  std::string id;
  int version = 0;
};

// The catalog of context.schemas_dir, loaded on first use; fails with the loader's file:line.
Result<const forms::Catalog*> catalog(const Context& context);

// Id and current version of a form, for records to remember what they were entered with.
Result<FormIdentity> current_form_identity(const Context& context, std::string_view form_id);

}  // namespace pilot::service
