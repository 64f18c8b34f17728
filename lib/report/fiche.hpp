// One-page printable sheets (« fiches ») of an action or a convention, as the web tool offers them:
// every answer under its form section, the budget table, the indicators and the validations.
//
// A Fiche is a small document model (titled blocks of label/value pairs or tables); the renderers
// turn it into HTML with print CSS (A4, no page break inside a block: a browser prints it to PDF)
// or Markdown. Labels come from the forms; nothing here names a question.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/convention.hpp"
#include "forms/catalog.hpp"
#include "report/recap.hpp"
#include "report/table.hpp"
#include "store/action_store.hpp"
#include "store/validation_store.hpp"

namespace pilot::report {

struct FicheField {
  std::string label;
  std::string value;
};

struct FicheBlock {
  std::string title;
  std::vector<FicheField> fields;  // shown as a definition list
  std::vector<Column> columns;     // or as a table, when columns are given
  std::vector<std::vector<Cell>> rows;
  std::vector<Cell> total;  // bold last row, if any
  std::string note;
};

struct Fiche {
  std::string title;
  std::vector<std::string> subtitle;
  std::vector<FicheBlock> blocks;
  std::string footer;
};

struct FicheContext {
  std::string data_timestamp;  // the data the sheet shows (last recorded change)
  std::string printed_at;      // when it was made (ISO 8601 UTC)
};

// `form` may be null (a form no longer in the catalog): answers are then listed by field key.
Fiche action_fiche(const forms::Catalog& catalog, const store::StoredAction& stored, const forms::Form* form,
                   const domain::Convention& convention, const std::vector<store::Validation>& validations,
                   const FicheContext& context);

// The convention's details, its actions and its budget per axe / volet, from its recap.
Fiche convention_fiche(const Recap& recap, const FicheContext& context);

std::string render_fiche_html(const Fiche& fiche);
std::string render_fiche_markdown(const Fiche& fiche);

}  // namespace pilot::report
