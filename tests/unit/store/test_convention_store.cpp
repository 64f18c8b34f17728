#include <doctest/doctest.h>

#include "domain/territory.hpp"
#include "store/convention_store.hpp"
#include "store/snapshot.hpp"
#include "store_test_support.hpp"

using namespace pilot;

namespace {

std::int64_t collectivite_id(store::Database& database, std::string_view name) {
  const auto reference = store::read_territories(database);
  auto found = domain::find_collectivite(reference.collectivites, name);
  REQUIRE(found);
  return (*found)->id;
}

// A convention signed on that day, over its type's default period.
store::NewConvention signed_convention(store::Database& database, std::string_view collectivite,
                                       domain::ConventionType type, util::Date signed_on) {
  return store::NewConvention{collectivite_id(database, collectivite),
                              type,
                              signed_on,
                              domain::default_period(type, signed_on),
                              "",
                              std::nullopt,
                              "convention",
                              1};
}

std::int64_t add(store::Database& database, std::string_view collectivite, domain::ConventionType type,
                 util::Date signed_on) {
  store::WriteTransaction transaction(database, test::test_actor());
  auto id = store::insert_convention(transaction, signed_convention(database, collectivite, type, signed_on));
  REQUIRE_MESSAGE(id, (id ? "" : id.error().message));
  transaction.commit();
  return *id;
}

}  // namespace

TEST_SUITE("store::conventions") {
  TEST_CASE("territories load once and keep ids on reload") {
    test::ScratchDirectory scratch;
    auto database = test::make_database(scratch.path() / "p.sqlite");
    const auto reference = store::read_territories(database);
    CHECK(reference.regions.size() == 18);
    CHECK(reference.departements.size() == 103);
    const std::int64_t nord = collectivite_id(database, "Conseil départemental - Nord");
    auto again = forms::load_territory_file(std::filesystem::path(PILOT_TEST_SCHEMAS) / "territoires.yaml");
    store::WriteTransaction transaction(database, test::test_actor());
    const auto report = store::load_territories(transaction, *again);
    transaction.commit();
    CHECK(report.collectivites_added == 0);
    CHECK(collectivite_id(database, "Conseil départemental - Nord") == nord);
  }

  TEST_CASE("insert, find, list within a scope, refuse duplicates") {
    test::ScratchDirectory scratch;
    auto database = test::make_database(scratch.path() / "p.sqlite");
    const auto amiens = add(database, "CA Amiens Métropole", domain::ConventionType::cls, {2024, 6, 28});
    const auto nord = add(database, "Conseil départemental - Nord", domain::ConventionType::unique, {2024, 6, 20});
    const auto somme = add(database, "Conseil départemental - Somme", domain::ConventionType::unique, {2024, 6, 1});
    const auto pdc = add(database, "Conseil départemental - Pas-de-Calais", domain::ConventionType::cls, {2024, 4, 15});

    const auto found = store::find_convention(database, amiens);
    REQUIRE(found);
    CHECK(found->collectivite_name == "CA Amiens Métropole");
    CHECK(found->region_name == "Hauts-de-France");
    CHECK(found->period.start == util::Date{2024, 1, 1});
    CHECK(found->period.end == util::Date{2027, 12, 31});
    CHECK(found->action_count == 0);

    CHECK(store::list_conventions(database, {}).size() == 4);
    store::Scope somme_only;
    somme_only.departement_codes = {"80"};
    const auto in_somme = store::list_conventions(database, somme_only);
    REQUIRE(in_somme.size() == 2);  // the département and Amiens Métropole sit in the Somme
    store::Scope unique_only;
    unique_only.convention_types = {domain::ConventionType::unique};
    CHECK(store::list_conventions(database, unique_only).size() == 2);
    store::Scope brittany;
    brittany.region_codes = {"53"};
    CHECK(store::list_conventions(database, brittany).empty());
    (void)nord;
    (void)somme;
    (void)pdc;

    store::WriteTransaction transaction(database, test::test_actor());
    store::NewConvention duplicate{collectivite_id(database, "CA Amiens Métropole"),
                                   domain::ConventionType::cls,
                                   {2024, 7, 1},
                                   domain::default_period(domain::ConventionType::cls, {2024, 7, 1}),
                                   "",
                                   std::nullopt,
                                   "convention",
                                   1};
    auto refused = store::insert_convention(transaction, duplicate);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().kind == ErrorKind::conflict);
    CHECK(refused.error().message == "cette collectivité a déjà une convention CLS du 01/01/2024 au 31/12/2027 (n° " +
                                         std::to_string(amiens) + ") sur cette période");
  }

  TEST_CASE("a contrat unique and a CLS never cover the same years; a CIE goes beside either") {
    test::ScratchDirectory scratch;
    auto database = test::make_database(scratch.path() / "p.sqlite");
    const auto nord = add(database, "Conseil départemental - Nord", domain::ConventionType::unique, {2024, 6, 20});
    const auto cls = add(database, "Conseil départemental - Pas-de-Calais", domain::ConventionType::cls, {2024, 4, 15});
    add(database, "Conseil départemental - Pas-de-Calais", domain::ConventionType::cie, {2024, 4, 15});
    add(database, "Conseil départemental - Pas-de-Calais", domain::ConventionType::cie, {2025, 3, 1});
    add(database, "Conseil départemental - Nord", domain::ConventionType::cie, {2024, 3, 1});
    store::WriteTransaction transaction(database, test::test_actor());
    auto attempt = [&](std::string_view collectivite, domain::ConventionType type, util::Date signed_on) {
      return store::insert_convention(transaction, signed_convention(database, collectivite, type, signed_on));
    };
    auto beside_unique = attempt("Conseil départemental - Nord", domain::ConventionType::cls, {2024, 1, 10});
    REQUIRE_FALSE(beside_unique);
    CHECK(beside_unique.error().kind == ErrorKind::conflict);
    CHECK(beside_unique.error().message ==
          "cette collectivité a déjà une convention Contrat unique du 01/01/2024 au 31/12/2027 (n° " +
              std::to_string(nord) +
              ") sur cette période : un contrat unique reprend les axes du CLS, il ne s'y "
              "ajoute pas");
    auto over_cls = attempt("Conseil départemental - Pas-de-Calais", domain::ConventionType::unique, {2025, 1, 10});
    REQUIRE_FALSE(over_cls);
    CHECK(over_cls.error().message.find("(n° " + std::to_string(cls) + ")") != std::string::npos);
  }

  TEST_CASE("update and delete are audited; a deleted convention restores as it was") {
    test::ScratchDirectory scratch;
    auto database = test::make_database(scratch.path() / "p.sqlite");
    const auto id = add(database, "Conseil départemental - Nord", domain::ConventionType::cie, {2024, 6, 20});
    {
      store::WriteTransaction transaction(database, test::test_actor());
      store::ConventionChanges changes;
      changes.reference = "CIE-59-2024";
      changes.end = util::Date{2024, 1, 1};
      auto refused = store::update_convention(transaction, id, changes);
      REQUIRE_FALSE(refused);
      CHECK(refused.error().message == "période invalide : la fin (01/01/2024) précède le début (20/06/2024)");
      changes.end.reset();
      auto updated = store::update_convention(transaction, id, changes);
      REQUIRE(updated);
      CHECK(updated->convention.reference == "CIE-59-2024");
      transaction.commit();
    }
    util::Json snapshot;
    {
      store::WriteTransaction transaction(database, test::test_actor());
      snapshot = store::snapshot_convention(transaction.connection(), id);
      auto deleted = store::delete_convention(transaction, id, store::Cascade::no);
      REQUIRE(deleted);
      transaction.commit();
    }
    CHECK_FALSE(store::find_convention(database, id));
    {
      store::WriteTransaction transaction(database, test::test_actor());
      REQUIRE(store::restore_snapshot(transaction.connection(), snapshot));
      transaction.commit();
    }
    const auto restored = store::find_convention(database, id);
    REQUIRE(restored);
    CHECK(restored->reference == "CIE-59-2024");
    CHECK(restored->period.end == util::Date{2025, 6, 19});
    SQLite::Statement audit(database.connection(),
                            "SELECT operation FROM audit_log WHERE entity = 'convention' ORDER BY id");
    std::vector<std::string> operations;
    while (audit.executeStep()) {
      operations.push_back(audit.getColumn(0).getString());
    }
    CHECK(operations == std::vector<std::string>{"insert", "update", "delete"});
  }

  TEST_CASE("collectivité lookups") {
    test::ScratchDirectory scratch;
    auto database = test::make_database(scratch.path() / "p.sqlite");
    const auto reference = store::read_territories(database);
    auto name_of = [&](std::string_view query) -> std::string {
      auto found = domain::find_collectivite(reference.collectivites, query);
      return found ? (*found)->name : "ERREUR: " + found.error().message;
    };
    CHECK(name_of("59") == "Conseil départemental - Nord");
    CHECK(name_of("CD59") == "Conseil départemental - Nord");
    CHECK(name_of("conseil departemental - pas-de") == "Conseil départemental - Pas-de-Calais");
    CHECK(name_of("amiens metropole") == "CA Amiens Métropole");
    CHECK(name_of("2B") == "Collectivité de Corse");
    CHECK(name_of("68") == "Collectivité européenne d'Alsace");
    CHECK(name_of("69") == "Conseil départemental - Rhône");
    CHECK(
        name_of("Conseil départemental - S").starts_with("ERREUR: collectivité ambiguë « Conseil départemental - S »"));
    CHECK(name_of("Conseil départemental - Nrod") ==
          "ERREUR: collectivité inconnue « Conseil départemental - Nrod » ; vouliez-vous dire « Conseil départemental "
          "- Nord » ?");
  }
}
