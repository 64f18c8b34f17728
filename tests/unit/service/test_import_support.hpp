// Scratch databases for the import tests: the four conventions of the guide's table, input files
// written from strings, and an observer that keeps the plan. The directory is removed unless a
// check failed, and its path is printed then.
#pragma once

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "service/conventions.hpp"
#include "service/import.hpp"
#include "store/action_store.hpp"
#include "store/database.hpp"

namespace pilot::test {

// Failed assertions so far (counted by the listener of test_import_listener.cpp).
extern int g_failed_asserts;

// The CLS métropole headers the tests use, as the form labels them.
inline const std::string k_cls_header =
    "Référence de la fiche action;Intitulé de l'action;Axe du Pacte des solidarités;Action nouvelle ou renforcée;"
    "Type d'action;Champ(s) d'action publique;Public(s) visé(s);L'action cible-t-elle un public spécifique ?;"
    "L'action se déroule-t-elle en QPV ?;L'action se déroule-t-elle en zone rurale ?;Date de début";

// A valid row under k_cls_header.
inline std::string cls_row(const std::string& reference, const std::string& title = "Maraudes mixtes",
                           const std::string& start = "01/02/2024") {
  return reference + ";" + title +
         ";Axe 3;Action nouvelle;Aller-vers / repérage;Accès aux droits;Personnes sans domicile ou à la rue;Non;Oui;"
         "Non;" +
         start;
}

inline const std::string k_budget_header = "Référence;Année;Type de financeur;Montant prévisionnel";
inline std::string budget_rows(const std::string& reference, const std::string& amount = "10 000,00 €") {
  return reference + ";2024;État;" + amount + "\n" + reference + ";2024;Collectivité;" + amount + "\n";
}

inline const std::string k_indicator_header = "Référence;Type d'indicateur;Libellé de l'indicateur;Unité;Année;Cible";
inline std::string indicator_rows(const std::string& reference) {
  return reference + ";Local;Personnes rencontrées;Nombre;2024;120\n";
}

class Recorder : public service::ImportObserver {
 public:
  void planned(const report::PlanEntry& entry) override { entries.push_back(entry); }
  std::vector<report::PlanEntry> entries;
};

class ImportFixture {
 public:
  ImportFixture() : m_failed_before(g_failed_asserts) {
    std::random_device random;
    m_dir = std::filesystem::temp_directory_path() / ("pilot-import-test-" + std::to_string(random()));
    std::filesystem::create_directories(m_dir);
    context.db_path = m_dir / "pilot.sqlite";
    context.schemas_dir = PILOT_TEST_SCHEMAS;
    context.user = "testeur";
    context.command_line = "pilot action import (test)";
    context.today = util::Date{2024, 11, 22};
    context.now = "2024-11-22T10:00:00Z";
    REQUIRE(service::init_database(context));
    amiens = add("CA Amiens Métropole", "cls", "28/06/2024");
    nord = add("Conseil départemental - Nord", "unique", "20/06/2024");
    somme = add("Conseil départemental - Somme", "unique", "01/06/2024");
    pas_de_calais = add("Conseil départemental - Pas-de-Calais", "cls", "15/04/2024");
  }
  ~ImportFixture() {
    if (g_failed_asserts > m_failed_before) {
      MESSAGE("scratch directory kept: " << m_dir.string());
      return;
    }
    std::error_code ignored;
    std::filesystem::remove_all(m_dir, ignored);
  }
  ImportFixture(const ImportFixture&) = delete;
  ImportFixture& operator=(const ImportFixture&) = delete;

  // Writes `content` (bytes as given) to a file of the scratch directory; returns its path.
  std::string write(const std::string& name, const std::string& content) const {
    const auto path = m_dir / name;
    std::ofstream out(path, std::ios::binary);
    out << content;
    return path.string();
  }
  [[nodiscard]] std::string path(const std::string& name) const { return (m_dir / name).string(); }

  Result<report::ImportSummary> run(std::vector<std::string> files, std::int64_t convention,
                                    service::ImportOptions options = {}, Recorder* recorder = nullptr) {
    options.files = std::move(files);
    options.convention_id = convention;
    return service::import_actions(context, options, recorder);
  }

  // The stored action of a convention with that reference.
  std::optional<store::StoredAction> action(std::int64_t convention, const std::string& reference) {
    auto database = store::Database::open(context.db_path, store::Access::read_only);
    REQUIRE(database);
    const auto id = store::find_action_id(*database, convention, reference);
    if (!id) {
      return std::nullopt;
    }
    return store::load_action(database->connection(), *id);
  }

  std::int64_t count(const std::string& table) {
    auto database = store::Database::open(context.db_path, store::Access::read_only);
    REQUIRE(database);
    SQLite::Statement query(database->connection(), "SELECT count(*) FROM " + table);
    REQUIRE(query.executeStep());
    return query.getColumn(0).getInt64();
  }

  service::Context context;
  std::int64_t amiens = 0;
  std::int64_t nord = 0;
  std::int64_t somme = 0;
  std::int64_t pas_de_calais = 0;

 private:
  std::int64_t add(const std::string& collectivite, const std::string& type, const std::string& signed_on) {
    service::AddConventionOptions options;
    options.collectivite = collectivite;
    options.type = type;
    options.signed_on = signed_on;
    auto added = service::add_convention(context, options);
    REQUIRE(added);
    return added->id;
  }

  int m_failed_before = 0;
  std::filesystem::path m_dir;
};

// The answer of a stored action, as stored text (choices: codes joined by ';').
inline std::string stored_text(const store::StoredAction& action, const std::string& key) {
  std::string out;
  for (const auto& answer : action.answers) {
    if (answer.field_key == key) {
      if (!out.empty()) {
        out += ";";
      }
      out += answer.text ? *answer.text : std::to_string(answer.number.value_or(0));
    }
  }
  return out;
}

// Codes of the summary's problems (all counted), as "E106×2 E601×1".
inline std::string codes(const report::ImportSummary& summary) {
  std::string out;
  for (const auto& [code, count] : summary.by_code) {
    out += (out.empty() ? "" : " ") + code + "×" + std::to_string(count);
  }
  return out;
}

}  // namespace pilot::test
