// service::import_bilans: the bilans of a year from CSV files (tests/data/bilans), merged with what is
// stored, every problem reported, all or nothing.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "bilan_test_support.hpp"
#include "service/import.hpp"
#include "store/audit_store.hpp"

using namespace pilot;

namespace {

std::string data(const std::string& name) {
  return std::string(PILOT_TEST_DATA) + "/bilans/" + name;
}

class Recorder : public service::ImportObserver {
 public:
  void planned(const report::PlanEntry& entry) override { entries.push_back(entry); }
  std::vector<report::PlanEntry> entries;
};

struct ImportBilanFixture : test::ServiceFixture {
  std::int64_t convention = 0;

  ImportBilanFixture() {
    context.today = util::Date{2026, 3, 1};
    convention = add_convention("Conseil départemental - Pas-de-Calais", "cls", "15/04/2024");
    import_actions(convention);
  }

  void import_actions(std::int64_t into) {
    service::ImportOptions options;
    options.files = {data("actions.csv"), data("budget.csv"), data("indicateurs.csv")};
    options.convention_id = into;
    auto summary = service::import_actions(context, options);
    REQUIRE(summary);
    REQUIRE(summary->errors == 0);
  }

  report::ImportSummary run(std::vector<std::string> files, service::BilanImportOptions options = {},
                            service::ImportObserver* observer = nullptr) {
    options.files = std::move(files);
    if (options.year == 0) {
      options.year = 2025;
    }
    auto summary = service::import_bilans(context, options, observer);
    REQUIRE_MESSAGE(summary, (summary ? "" : summary.error().message));
    return *summary;
  }

  std::string write(const std::string& name, const std::string& text) {
    const auto path = context.db_path.parent_path() / name;
    std::ofstream(path, std::ios::binary) << text;
    return path.string();
  }

  std::int64_t audit_entries() {
    auto database = store::Database::open(context.db_path, store::Access::read_only);
    return static_cast<std::int64_t>(store::recent_history(*database, 100000).size());
  }

  std::vector<std::string> messages(const report::ImportSummary& summary) {
    std::vector<std::string> out;
    for (const auto& problem : summary.shown) {
      out.push_back(problem.location + " [" + problem.code + "] " + problem.message);
    }
    return out;
  }
};

const std::vector<std::string> k_files = {data("bilans-2025.csv"), data("depenses-2025.csv"),
                                          data("realises-2025.csv")};

bool contains(const std::vector<std::string>& texts, const std::string& part) {
  return std::any_of(texts.begin(), texts.end(),
                     [&](const std::string& text) { return text.find(part) != std::string::npos; });
}

}  // namespace

TEST_SUITE("service::bilan import") {
  TEST_CASE("the three files of a year import; a second run changes nothing") {
    ImportBilanFixture fixture;
    Recorder recorder;
    service::BilanImportOptions dry;
    dry.dry_run = service::DryRun::yes;
    const auto entries_before = fixture.audit_entries();
    auto summary = fixture.run(k_files, dry, &recorder);
    CHECK(summary.errors == 0);
    CHECK(summary.counts.created == 3);
    CHECK_FALSE(summary.written);
    CHECK(fixture.audit_entries() == entries_before);
    REQUIRE(recorder.entries.size() == 3);
    CHECK(recorder.entries[0].reference == "FA-1");
    CHECK(recorder.entries[0].outcome == report::ImportOutcome::created);
    CHECK(recorder.entries[0].changes.front().field == "Cette action a-t-elle commencé à être mise en œuvre ?");

    summary = fixture.run(k_files);
    CHECK(summary.written);
    CHECK(summary.counts.created == 3);
    CHECK(summary.counts.rows_read == 10);
    CHECK(summary.counts.rows_accepted == 10);
    CHECK(summary.sources.at(0).kind == "bilans");
    CHECK(summary.sources.at(1).kind == "Dépenses réelles");
    const auto bilan = test::stored_bilan(fixture, 1, 2025);
    REQUIRE(bilan);
    REQUIRE(bilan->expenses.size() == 2);
    CHECK(bilan->expenses[0].object == "Accompagnement des familles");
    REQUIRE(bilan->indicators.size() == 2);
    CHECK(bilan->indicators[0].target == 120);  // from the plan
    CHECK(bilan->indicators[0].realised == 118);

    service::BilanStatusOptions status;
    status.year = 2025;
    auto report = service::bilan_status(fixture.context, status);
    REQUIRE(report);
    CHECK(report->conventions.at(0).complete == 3);

    const auto entries_after = fixture.audit_entries();
    summary = fixture.run(k_files);
    CHECK(summary.counts.unchanged == 3);
    CHECK(fixture.audit_entries() == entries_after);
  }

  TEST_CASE("a file with some columns completes the stored bilans; other years are untouched") {
    ImportBilanFixture fixture;
    fixture.run(k_files);
    fixture.context.today = util::Date{2026, 3, 1};
    const auto remarks = fixture.write("remarques.csv", "Réf;Remarques\nFA-1;Bilan présenté au comité de pilotage\n");
    auto summary = fixture.run({remarks});
    CHECK(summary.counts.updated == 1);
    auto view = service::show_bilan(fixture.context, 1, 2025);
    REQUIRE(view);
    CHECK(std::get<std::string>(view->record.answers.at("remarques")) == "Bilan présenté au comité de pilotage");
    CHECK(std::get<bool>(view->record.answers.at("commence")));
    CHECK(view->bilan->expenses.size() == 2);  // no expense file: the stored rows stay

    service::BilanImportOptions year_2024;
    year_2024.year = 2024;
    const auto bilan_2024 = fixture.write("b2024.csv", "Réf;Commencée;Permanente\nFA-1;Non;Oui\n");
    summary = fixture.run({bilan_2024}, year_2024);
    CHECK(summary.counts.created == 1);
    CHECK(summary.warnings == 0);
    CHECK(store::bilan_content_json(*test::stored_bilan(fixture, 1, 2025)).dump() ==
          store::bilan_content_json(*view->bilan).dump());
  }

  TEST_CASE("every problem is reported and nothing is written") {
    ImportBilanFixture fixture;
    const auto entries = fixture.audit_entries();
    service::BilanImportOptions options;
    options.convention_id = fixture.convention;
    options.errors_path = (fixture.context.db_path.parent_path() / "erreurs.csv").string();
    auto summary = fixture.run({data("bilans-2025-erreurs.csv")}, options);
    CHECK(summary.errors == 4);
    CHECK(summary.counts.rejected == 3);
    CHECK_FALSE(summary.written);
    CHECK(fixture.audit_entries() == entries);
    const auto shown = fixture.messages(summary);
    CHECK(contains(shown,
                   "bilans-2025-erreurs.csv:2:3 [E108] « Le déploiement de cette action est… » : choix inconnu "
                   "« À moitié »"));
    CHECK(contains(shown,
                   "bilans-2025-erreurs.csv:3:1 [E607] aucune action de référence « FA-9 » dans la convention n° 1"));
    CHECK(contains(shown, "bilans-2025-erreurs.csv:4:2 [E107]"));
    CHECK(contains(shown, "bilans-2025-erreurs.csv:4:4 [E203] « Cette action est-elle terminée ? »"));
    std::ifstream report(options.errors_path);
    std::stringstream text;
    text << report.rdbuf();
    CHECK(text.str().find("FA-9") != std::string::npos);
  }

  TEST_CASE("year rules, references in several conventions, a year column that disagrees") {
    ImportBilanFixture fixture;
    SUBCASE("a year not over is a usage error") {
      service::BilanImportOptions options;
      options.year = 2026;
      options.files = k_files;
      auto refused = service::import_bilans(fixture.context, options);
      REQUIRE_FALSE(refused);
      CHECK(refused.error().kind == ErrorKind::usage);
    }
    SUBCASE("a year before the convention") {
      service::BilanImportOptions options;
      options.year = 2023;
      auto summary = fixture.run({data("bilans-2025.csv")}, options);
      CHECK(summary.errors == 3);
      CHECK(summary.by_code.at("E620") == 3);
      CHECK(contains(fixture.messages(summary), "bilan 2023 refusé : l'année 2023 est hors de la période"));
    }
    SUBCASE("the same reference in two conventions") {
      const auto other = fixture.add_convention("Conseil départemental - Somme", "cls", "01/06/2024");
      fixture.import_actions(other);
      auto summary = fixture.run(k_files);
      CHECK(summary.by_code.at("E616") == 3);
      CHECK(contains(fixture.messages(summary),
                     "référence « FA-1 » ambiguë : des actions la portent dans les "
                     "conventions n° 1, n° 2 ; précisez --convention"));
      service::BilanImportOptions options;
      options.convention_id = other;
      summary = fixture.run(k_files, options);
      CHECK(summary.errors == 0);
      CHECK(summary.counts.created == 3);
    }
    SUBCASE("a year column naming another year") {
      const auto file = fixture.write("annee.csv", "Réf;Année du bilan;Commencée;Permanente\nFA-1;2024;Non;Oui\n");
      auto summary = fixture.run({file});
      CHECK(summary.by_code.at("E621") == 1);
      CHECK(
          contains(fixture.messages(summary), "annee.csv:2:2 [E621] le bilan porte sur l'année 2024 et non sur 2025"));
    }
    SUBCASE("expenses of another year") {
      const auto file = fixture.write("dep.csv", "Réf;Année;Financeur;Montant\nFA-1;2024;État;10\n");
      auto summary = fixture.run({file});
      CHECK(summary.by_code.at("E511") == 1);
    }
    SUBCASE("an incomplete bilan is saved with a warning saying what it lacks") {
      const auto file = fixture.write("partiel.csv", "Réf;Commencée\nFA-2;Oui\n");
      auto summary = fixture.run({file});
      CHECK(summary.errors == 0);
      CHECK(summary.by_code.at("W620") == 1);
      CHECK(contains(fixture.messages(summary),
                     "bilan 2025 de « FA-2 » incomplet : manque « Le déploiement de cette "
                     "action est… »"));
      CHECK(test::stored_bilan(fixture, 2, 2025));
    }
    SUBCASE("bad options") {
      service::BilanImportOptions options;
      options.year = 2025;
      CHECK(service::import_bilans(fixture.context, options).error().kind == ErrorKind::usage);
      options.files = k_files;
      options.errors_path = "rapport.txt";
      CHECK(service::import_bilans(fixture.context, options).error().kind == ErrorKind::usage);
      options.errors_path.clear();
      options.convention_id = 99;
      CHECK(service::import_bilans(fixture.context, options).error().kind == ErrorKind::not_found);
    }
  }
}
