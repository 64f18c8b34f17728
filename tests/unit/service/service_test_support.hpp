// A scratch database with the shipped schemas and the four conventions of the guide, and a
// way to create actions from the text users would type, through the real forms.
#pragma once

#include <doctest/doctest.h>

#include <filesystem>
#include <map>
#include <random>
#include <string>

#include "forms/catalog.hpp"
#include "forms/values.hpp"
#include "service/action_codec.hpp"
#include "service/catalog_access.hpp"
#include "service/conventions.hpp"
#include "store/action_store.hpp"

namespace pilot::test {

class ServiceFixture {
 public:
  ServiceFixture() {
    std::random_device random;
    m_directory = std::filesystem::temp_directory_path() / ("pilot-service-test-" + std::to_string(random()));
    std::filesystem::create_directories(m_directory);
    context.db_path = m_directory / "pilot.sqlite";
    context.schemas_dir = PILOT_TEST_SCHEMAS;
    context.user = "testeur";
    context.command_line = "pilot test";
    context.today = util::Date{2026, 11, 22};
    context.now = "2026-11-22T10:00:00Z";
    REQUIRE(service::init_database(context));
  }
  ~ServiceFixture() {
    std::error_code ignored;
    std::filesystem::remove_all(m_directory, ignored);
  }

  std::int64_t add_convention(const std::string& collectivite, const std::string& type, const std::string& signed_on) {
    service::AddConventionOptions options;
    options.collectivite = collectivite;
    options.type = type;
    options.signed_on = signed_on;
    auto convention = service::add_convention(context, options);
    REQUIRE_MESSAGE(convention, (convention ? "" : convention.error().message));
    return convention->id;
  }

  const forms::Catalog& catalog() {
    auto loaded = service::catalog(context);
    REQUIRE(loaded);
    return **loaded;
  }

  // Parses every raw text with its field (as an import would) and stores the action.
  std::int64_t add_action(std::int64_t convention_id, const std::string& form_id,
                          const std::map<std::string, std::string>& answers,
                          const std::vector<std::map<std::string, std::string>>& budget,
                          const std::vector<std::map<std::string, std::string>>& indicators = {}) {
    const forms::Form* form = catalog().find_form(form_id);
    REQUIRE(form != nullptr);
    service::FormRecord record;
    for (const auto& [key, raw] : answers) {
      const forms::Field* field = form->find_field(key);
      REQUIRE_MESSAGE(field != nullptr, key);
      auto parsed = forms::parse_field_value(*field, raw);
      REQUIRE_MESSAGE(!parsed.problem,
                      (std::string(key) + ": " + (parsed.problem ? parsed.problem->message : std::string())));
      record.answers[key] = parsed.value;
    }
    auto add_rows = [&](const std::string& group_key, const std::vector<std::map<std::string, std::string>>& rows) {
      const forms::Group* group = form->find_group(group_key);
      REQUIRE(group != nullptr);
      std::size_t position = 0;
      for (const auto& raw_row : rows) {
        domain::GroupRow row;
        row.source_row = ++position;
        for (const auto& [key, raw] : raw_row) {
          const forms::Field* field = group->find_field(key);
          REQUIRE_MESSAGE(field != nullptr, key);
          auto parsed = forms::parse_field_value(*field, raw);
          REQUIRE_MESSAGE(!parsed.problem,
                          (std::string(key) + ": " + (parsed.problem ? parsed.problem->message : std::string())));
          row.values[key] = parsed.value;
        }
        record.groups[group_key].push_back(std::move(row));
      }
    };
    add_rows("budget", budget);
    add_rows("indicateurs", indicators);
    auto database = store::Database::open(context.db_path, store::Access::read_write);
    REQUIRE(database);
    store::WriteTransaction transaction(*database, context.actor());
    store::ActionWriter writer(transaction);
    const auto id = writer.insert(service::action_from_record(catalog(), *form, record, convention_id));
    transaction.commit();
    return id;
  }

  // A complete CLS départemental action: every required answer, parity État / collectivité.
  std::int64_t add_complete_cls_action(std::int64_t convention_id, const std::string& reference) {
    return add_action(convention_id, "action-cls-departement",
                      {{"reference", reference},
                       {"intitule", "Accompagnement renforcé des familles monoparentales"},
                       {"axe", "axe_1"},
                       {"nature", "nouvelle"},
                       {"type_action", first_code("action-cls-departement", "type_action")},
                       {"champs", first_code("action-cls-departement", "champs")},
                       {"publics", first_code("action-cls-departement", "publics")},
                       {"public_specifique", "non"},
                       {"qpv", "oui"},
                       {"zone_rurale", "non"},
                       {"date_debut", "01/09/2024"}},
                      {{{"annee", "2024"}, {"financeur", "État"}, {"montant", "50 000,00 €"}},
                       {{"annee", "2024"}, {"financeur", "Collectivité"}, {"montant", "50 000,00 €"}}});
  }

  std::string first_code(const std::string& form_id, const std::string& field_key) {
    const forms::Field* field = catalog().find_form(form_id)->find_field(field_key);
    REQUIRE(field != nullptr);
    REQUIRE(field->choice_list != nullptr);
    for (const auto* choice : field->offered_choices()) {
      if (choice->code != field->choice_list->other) {
        return choice->code;
      }
    }
    FAIL("no choice");
    return "";
  }

  service::Context context;

 private:
  std::filesystem::path m_directory;
};

}  // namespace pilot::test
