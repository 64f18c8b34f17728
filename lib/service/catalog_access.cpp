#include "service/catalog_access.hpp"

#include <fmt/format.h>

#include <map>
#include <mutex>

#include "forms/catalog.hpp"

namespace pilot::service {

Result<const forms::Catalog*> catalog(const Context& context) {
  // A process runs one command against one schemas/ directory; tests may use several.
  static std::mutex mutex;
  static std::map<std::filesystem::path, forms::Catalog> loaded;
  std::lock_guard lock(mutex);
  if (auto found = loaded.find(context.schemas_dir); found != loaded.end()) {
    return &found->second;
  }
  auto catalog = forms::Catalog::load(context.schemas_dir);
  if (!catalog) {
    return std::unexpected(catalog.error());
  }
  return &loaded.emplace(context.schemas_dir, std::move(*catalog)).first->second;
}

Result<FormIdentity> current_form_identity(const Context& context, std::string_view form_id) {
  auto forms = catalog(context);
  if (!forms) {
    return std::unexpected(forms.error());
  }
  const forms::Form* form = (*forms)->find_form(form_id);
  if (form == nullptr) {
    return fail(ErrorKind::data,
                fmt::format("formulaire « {} » introuvable dans {}", form_id, context.schemas_dir.string()));
  }
  return FormIdentity{form->id, form->version};
}

}  // namespace pilot::service
