#include "report/convention_tables.hpp"

#include <fmt/format.h>

#include "util/number.hpp"

namespace pilot::report {

Table conventions_table(const std::vector<domain::Convention>& conventions) {
  Table table;
  table.columns = {{"id", "N°"},
                   {"collectivite", "Collectivité"},
                   {"type", "Type de convention"},
                   {"date_signature", "Date de signature"},
                   {"nombre_actions", "Nombre d'actions"},
                   {"budget_total", "Budget total"}};
  for (const auto& convention : conventions) {
    table.rows.push_back({convention.id, convention.collectivite_name,
                          std::string(domain::to_short_label(convention.type)), convention.signed_on,
                          convention.action_count, Money{convention.budget_cents}});
  }
  return table;
}

std::string conventions_footer(const std::vector<domain::Convention>& conventions) {
  std::int64_t actions = 0;
  std::int64_t cents = 0;
  for (const auto& convention : conventions) {
    actions += convention.action_count;
    cents += convention.budget_cents;
  }
  return fmt::format("\n{} convention{}, {} action{}, {}\n", conventions.size(), conventions.size() > 1 ? "s" : "",
                     actions, actions > 1 ? "s" : "", util::format_money_fr(cents));
}

Table convention_detail(const domain::Convention& convention) {
  Table table;
  table.columns = {{"champ", "Champ"}, {"valeur", "Valeur"}};
  auto add = [&](std::string label, Cell value) { table.rows.push_back({std::move(label), std::move(value)}); };
  add("N°", convention.id);
  add("Collectivité", convention.collectivite_name);
  add("Type de collectivité", std::string(domain::to_label(convention.collectivite_type)));
  add("Département", convention.departement_code + " " + convention.departement_name);
  add("Région", convention.region_name.empty() ? std::string("—") : convention.region_name);
  add("Type de convention", std::string(domain::to_label(convention.type)));
  add("Date de signature", convention.signed_on);
  add("Période", fmt::format("du {} au {}", convention.period.start.french(), convention.period.end.french()));
  add("Référence", convention.reference.empty() ? std::string("—") : convention.reference);
  add("Document signé", convention.document ? fmt::format("{} ({} octets, SHA-256 {})", convention.document->file_name,
                                                          convention.document->size_bytes, convention.document->sha256)
                                            : std::string("aucun"));
  add("Nombre d'actions", convention.action_count);
  add("Budget total", Money{convention.budget_cents});
  add("dont État", Money{convention.budget_state_cents});
  add("dont collectivité", Money{convention.budget_collectivite_cents});
  add("dont autres co-financeurs", Money{convention.budget_other_cents});
  add("Créée le", convention.created_at);
  add("Modifiée le", convention.updated_at);
  return table;
}

}  // namespace pilot::report
