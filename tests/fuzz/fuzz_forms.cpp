// libFuzzer target: the YAML form loader (yaml-cpp parsing, alias expansion limits, form
// validation, the expression language) on arbitrary text. The first byte says where the text
// goes: a form file, the shared choice lists, or the indicator referential.
#include <cstddef>
#include <cstdint>
#include <string>

#include "forms/catalog.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) {
    return 0;
  }
  std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  pilot::forms::CatalogTexts texts;
  switch (data[0] % 3) {
    case 0: texts.forms.emplace_back("fuzz.yaml", std::move(text)); break;
    case 1: texts.choices = std::move(text); break;
    default: texts.referential = std::move(text); break;
  }
  auto catalog = pilot::forms::Catalog::from_texts(texts);
  if (catalog) {
    for (const auto* form : catalog->forms()) {
      (void)form;
    }
  }
  return 0;
}
