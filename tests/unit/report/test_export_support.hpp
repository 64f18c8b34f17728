// Shared data of the export, recap and fiche tests: a scratch database with three conventions in two
// régions, actions of two forms (tests/data/report/schemas), budgets with « Pour info » lines and a
// dropped action, indicators, validations and a bilan; plus a sink that keeps rows in memory.
#pragma once

#include <doctest/doctest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "../store/store_test_support.hpp"
#include "forms/catalog.hpp"
#include "report/export_sink.hpp"
#include "report/export_tables.hpp"
#include "store/action_store.hpp"
#include "store/convention_store.hpp"
#include "store/territory_store.hpp"
#include "store/validation_store.hpp"

namespace export_test {

using namespace pilot;

inline std::filesystem::path schemas_dir() {
  return std::filesystem::path(PILOT_TEST_DATA) / "report" / "schemas";
}

inline forms::Catalog load_catalog() {
  auto catalog = forms::Catalog::load(schemas_dir());
  if (!catalog) {
    FAIL(catalog.error().message);
  }
  return std::move(*catalog);
}

// Rows as the producers hand them to a sink, before any formatting.
class MemorySink final : public report::RowSink {
 public:
  explicit MemorySink(report::Audience audience = report::Audience::people) : m_audience(audience) {}
  [[nodiscard]] report::Audience audience() const override { return m_audience; }
  Result<void> begin(const report::ExportTable& table) override {
    columns = table.columns;
    ++begun;
    return {};
  }
  Result<void> write(const std::vector<report::Cell>& cells) override {
    REQUIRE(cells.size() == columns.size());
    rows.push_back(cells);
    return {};
  }
  Result<void> end() override {
    ++ended;
    return {};
  }

  [[nodiscard]] std::size_t column(std::string_view key) const {
    for (std::size_t i = 0; i < columns.size(); ++i) {
      if (columns[i].key == key) {
        return i;
      }
    }
    FAIL("no column " << key);
    return 0;
  }
  [[nodiscard]] bool has_column(std::string_view key) const {
    for (const auto& c : columns) {
      if (c.key == key) {
        return true;
      }
    }
    return false;
  }
  // The row whose column `key` holds the text `value`.
  [[nodiscard]] const std::vector<report::Cell>& row_where(std::string_view key, const std::string& value) const {
    const std::size_t c = column(key);
    for (const auto& row : rows) {
      if (const auto* text = std::get_if<std::string>(&row[c]); text != nullptr && *text == value) {
        return row;
      }
    }
    FAIL("no row with " << key << " = " << value);
    return rows.front();
  }
  [[nodiscard]] std::string text(const std::vector<report::Cell>& row, std::string_view key) const {
    const auto* text = std::get_if<std::string>(&row[column(key)]);
    return text == nullptr ? std::string("<not text>") : *text;
  }
  [[nodiscard]] std::int64_t cents(const std::vector<report::Cell>& row, std::string_view key) const {
    const auto* money = std::get_if<report::Money>(&row[column(key)]);
    return money == nullptr ? -1 : money->cents;
  }

  std::vector<report::ExportColumn> columns;
  std::vector<std::vector<report::Cell>> rows;
  int begun = 0;
  int ended = 0;

 private:
  report::Audience m_audience;
};

inline domain::BudgetLine line(int year, domain::FinancerType financer, std::int64_t cents, std::string name = "",
                               std::string nature = "", std::optional<double> etp = std::nullopt,
                               bool informational = false) {
  return domain::BudgetLine{year, financer, std::move(name), std::move(nature), cents, etp, informational, {}};
}

struct Ids {
  std::int64_t amiens = 0;   // CLS, CA Amiens Métropole (80, Hauts-de-France)
  std::int64_t nord = 0;     // CIE, Conseil départemental - Nord (59, Hauts-de-France)
  std::int64_t gironde = 0;  // CLS, Conseil départemental - Gironde (33, Nouvelle-Aquitaine)
  std::int64_t a1 = 0, a2 = 0, a3 = 0, b1 = 0, c1 = 0;
};

// Expected totals (cents) of counted lines: planned, not « Pour info », not after a drop.
inline constexpr std::int64_t k_a1_cents = 2'000'000 + 2'000'000 + 3'000'050 + 500'000;
inline constexpr std::int64_t k_a2_cents = 100'000;
inline constexpr std::int64_t k_a3_cents = 1'000;  // its 2025 line comes after the drop
inline constexpr std::int64_t k_b1_cents = 1'000'000;
inline constexpr std::int64_t k_c1_cents = 777'700;

class Fixture {
 public:
  Fixture() : database(pilot::test::make_database(scratch.path() / "pilot.sqlite")), catalog(load_catalog()) {
    const auto reference = store::read_territories(database);
    auto collectivite = [&](const char* name) {
      auto found = domain::find_collectivite(reference.collectivites, name);
      REQUIRE(found);
      return (*found)->id;
    };
    store::WriteTransaction transaction(database, pilot::test::test_actor("fixture"));
    auto convention = [&](const char* name, domain::ConventionType type, util::Date signed_on) {
      store::NewConvention c;
      c.collectivite_id = collectivite(name);
      c.type = type;
      c.signed_on = signed_on;
      c.period = domain::default_period(type, signed_on);
      c.form_id = "convention";
      c.form_version = 1;
      auto id = store::insert_convention(transaction, c);
      REQUIRE(id);
      return *id;
    };
    ids.amiens = convention("CA Amiens Métropole", domain::ConventionType::cls, {2024, 6, 28});
    ids.nord = convention("Conseil départemental - Nord", domain::ConventionType::cie, {2024, 6, 20});
    ids.gironde = convention("Conseil départemental - Gironde", domain::ConventionType::cls, {2024, 5, 2});

    store::ActionWriter writer(transaction);
    domain::Action a1;
    a1.convention_id = ids.amiens;
    a1.reference = "1.1";
    a1.title = "Petits-déjeuners à l'école";
    a1.form_id = "action-test-cls";
    a1.form_version = 2;
    a1.answers = {{"reference", std::string("1.1")},
                  {"intitule", std::string("Petits-déjeuners à l'école")},
                  {"axe", std::string("axe_1")},
                  {"nature", std::string("renforcee")},
                  {"renforcement", std::string("file_active")},
                  {"type_action", std::string("aide")},
                  {"champs", std::vector<std::string>{"alimentation", "jeunesse"}},
                  {"beneficiaires", std::int64_t{450}},
                  {"taux_couverture", 12.5},
                  {"etp_mobilises", 1.5},
                  {"ratio", 2.25},
                  {"publics", std::vector<std::string>{"enfants"}},
                  {"public_specifique", false},
                  {"qpv", true},
                  {"zone_rurale", false},
                  {"date_debut", util::Date{2024, 9, 2}},
                  {"budget_total", std::int64_t{k_a1_cents}},
                  {"remarques", std::string("=HYPERLINK(\"http://example.com\")")}};
    a1.budget = {
        line(2024, domain::FinancerType::etat, 2'000'000), line(2024, domain::FinancerType::collectivite, 2'000'000),
        line(2025, domain::FinancerType::etat, 3'000'050), line(2025, domain::FinancerType::autre, 500'000, "CAF")};
    a1.indicators = {domain::Indicator{domain::IndicatorKind::local,
                                       "",
                                       "Enfants bénéficiaires",
                                       "nombre",
                                       0.0,
                                       {{2024, 450.0, 300.0, "premier trimestre"}, {2025, 500.0, std::nullopt, ""}},
                                       {}}};
    ids.a1 = writer.insert(a1);

    domain::Action a2;
    a2.convention_id = ids.amiens;
    a2.reference = "2.1";
    a2.title = "@SUM(1+1) aller vers";
    a2.form_id = "action-test-cls";
    a2.form_version = 1;  // entered with an older version of the form
    a2.answers = {{"reference", std::string("2.1")},
                  {"intitule", std::string("@SUM(1+1) aller vers")},
                  {"axe", std::string("axe_3")},
                  {"nature", std::string("nouvelle")},
                  {"champs", std::vector<std::string>{"insertion"}},
                  {"ratio", -3.5},
                  {"champs_autre", std::string("-2+3")}};
    a2.budget = {line(2024, domain::FinancerType::etat, 100'000),
                 line(2024, domain::FinancerType::autre, 999'999, "France Travail", "", std::nullopt, true)};
    a2.indicators = {domain::Indicator{
        domain::IndicatorKind::impact, "", "Part des orientés", "pourcentage", 20.0, {{2024, 35.0, 40.0, ""}}, {}}};
    ids.a2 = writer.insert(a2);

    domain::Action a3;
    a3.convention_id = ids.amiens;
    a3.reference = "3.1";
    a3.title = "Action abandonnée";
    a3.form_id = "action-test-cls";
    a3.form_version = 2;
    a3.answers = {{"axe", std::string("axe_1")}};  // no reference/intitule answer: fixed columns fill in
    a3.budget = {line(2024, domain::FinancerType::etat, 1'000), line(2025, domain::FinancerType::etat, 5'000)};
    ids.a3 = writer.insert(a3);

    domain::Action b1;
    b1.convention_id = ids.nord;
    b1.reference = "V2-01";
    b1.title = "Référent de parcours";
    b1.form_id = "action-test-cie";
    b1.form_version = 1;
    b1.answers = {{"reference", std::string("V2-01")},
                  {"intitule", std::string("Référent de parcours")},
                  {"volet", std::string("volet_2")},
                  {"nature", std::string("nouvelle")},
                  {"champs", std::vector<std::string>{"sante", "insertion"}},
                  {"duree", std::string("12 mois")}};
    b1.budget = {line(2024, domain::FinancerType::collectivite, 1'000'000, "", "etp_accompagnement", 2.0),
                 line(2024, domain::FinancerType::autre, 250'000, "France Travail", "pour_info_ft", 3.0, true)};
    b1.indicators = {domain::Indicator{
        domain::IndicatorKind::national, "GA_ORIENTES", "", "nombre", 10.0, {{2024, 40.0, 38.0, ""}}, {}}};
    ids.b1 = writer.insert(b1);

    domain::Action c1;
    c1.convention_id = ids.gironde;
    c1.reference = "1";
    c1.title = "Emploi des jeunes";
    c1.form_id = "action-test-cls";
    c1.form_version = 2;
    c1.answers = {{"reference", std::string("1")},
                  {"intitule", std::string("Emploi des jeunes")},
                  {"axe", std::string("axe_2")},
                  {"ancien_champ", std::string("valeur héritée")}};
    c1.budget = {line(2024, domain::FinancerType::etat, 777'700)};
    ids.c1 = writer.insert(c1);

    store::set_action_status(transaction, ids.a1, domain::ActionStatus::double_validee, "test");
    store::set_action_status(transaction, ids.a2, domain::ActionStatus::validee_collectivite, "test");
    store::set_action_status(transaction, ids.b1, domain::ActionStatus::double_validee, "test");
    auto& db = transaction.connection();
    db.exec("UPDATE actions SET dropped_year = 2025 WHERE id = " + std::to_string(ids.a3));
    const std::string a1_hash = [&] {
      SQLite::Statement q(db, "SELECT content_hash FROM actions WHERE id = ?");
      q.bind(1, ids.a1);
      REQUIRE(q.executeStep());
      return q.getColumn(0).getString();
    }();
    store::record_validation(transaction, {0,
                                           ids.a1,
                                           domain::Side::collectivite,
                                           "marie",
                                           "2024-10-01T09:00:00Z",
                                           "action-test-cls",
                                           2,
                                           a1_hash,
                                           "",
                                           {},
                                           {},
                                           {}});
    store::record_validation(transaction, {0,
                                           ids.a1,
                                           domain::Side::etat,
                                           "paul",
                                           "2024-10-03T15:30:00Z",
                                           "action-test-cls",
                                           2,
                                           a1_hash,
                                           "ok",
                                           {},
                                           {},
                                           {}});
    store::record_validation(transaction, {0,
                                           ids.a2,
                                           domain::Side::collectivite,
                                           "marie",
                                           "2024-10-02T10:00:00Z",
                                           "action-test-cls",
                                           1,
                                           "ancienne-empreinte",
                                           "",
                                           {},
                                           {},
                                           {}});
    db.exec("INSERT INTO bilans (id, action_id, year, form_id, form_version, created_at, updated_at) VALUES (1, " +
            std::to_string(ids.a1) + ", 2024, 'bilan-test', 1, '2025-03-01T00:00:00Z', '2025-03-01T00:00:00Z')");
    db.exec(
        "INSERT INTO bilan_answers (bilan_id, field_key, ord, value_text, value_num) VALUES "
        "(1, 'commence', 0, 'oui', 1), (1, 'deploiement', 0, 'en_retard', NULL), "
        "(1, 'depenses', 0, NULL, 1500000), (1, 'date_point', 0, '2024-12-15', NULL)");
    db.exec(
        "INSERT INTO bilan_expenses (bilan_id, financer_type, financer_name, nature, amount_cents) VALUES "
        "(1, 'etat', '', '', 1800000)");
    transaction.commit();
  }

  [[nodiscard]] report::ExportSource source(store::ExportFilter filter = {}) {
    return report::ExportSource{database, catalog, std::move(filter)};
  }

  // The resolved scope of a région by name.
  [[nodiscard]] store::Scope region(const char* name) {
    const auto reference = store::read_territories(database);
    auto found = domain::find_region(reference.regions, name);
    REQUIRE(found);
    store::Scope scope;
    scope.region_codes.push_back((*found)->code);
    return scope;
  }

  pilot::test::ScratchDirectory scratch;
  store::Database database;
  forms::Catalog catalog;
  Ids ids;
};

inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace export_test
