#include "store/territory_store.hpp"

#include <map>

namespace pilot::store {

TerritoryLoadReport load_territories(WriteTransaction& transaction, const domain::TerritoryReference& reference) {
  auto& db = transaction.connection();
  TerritoryLoadReport report;
  SQLite::Statement upsert_region(db,
                                  "INSERT INTO regions (code, name) VALUES (?, ?) "
                                  "ON CONFLICT (code) DO UPDATE SET name = excluded.name");
  for (const auto& region : reference.regions) {
    upsert_region.reset();
    upsert_region.bind(1, region.code);
    upsert_region.bind(2, region.name);
    upsert_region.exec();
    ++report.regions;
  }
  SQLite::Statement upsert_departement(
      db,
      "INSERT INTO departements (code, name, region_code, overseas) VALUES (?, ?, ?, ?) "
      "ON CONFLICT (code) DO UPDATE SET name = excluded.name, region_code = excluded.region_code, "
      "overseas = excluded.overseas");
  for (const auto& departement : reference.departements) {
    upsert_departement.reset();
    upsert_departement.bind(1, departement.code);
    upsert_departement.bind(2, departement.name);
    if (departement.region_code) {
      upsert_departement.bind(3, *departement.region_code);
    } else {
      upsert_departement.bind(3);
    }
    upsert_departement.bind(4, departement.overseas ? 1 : 0);
    upsert_departement.exec();
    ++report.departements;
  }
  SQLite::Statement find(db,
                         "SELECT id, name, type, departement_code, special_status FROM collectivites WHERE code = ?");
  SQLite::Statement insert(db,
                           "INSERT INTO collectivites (code, name, type, departement_code, special_status) "
                           "VALUES (?, ?, ?, ?, ?)");
  SQLite::Statement update(db,
                           "UPDATE collectivites SET name = ?, type = ?, departement_code = ?, special_status = ? "
                           "WHERE id = ?");
  SQLite::Statement clear_aliases(db, "DELETE FROM collectivite_aliases WHERE collectivite_id = ?");
  SQLite::Statement insert_alias(db, "INSERT OR IGNORE INTO collectivite_aliases VALUES (?, ?)");
  SQLite::Statement clear_coverage(db, "DELETE FROM collectivite_departements WHERE collectivite_id = ?");
  SQLite::Statement insert_coverage(db, "INSERT OR IGNORE INTO collectivite_departements VALUES (?, ?)");
  for (const auto& collectivite : reference.collectivites) {
    const std::string type(domain::to_code(collectivite.type));
    find.reset();
    find.bind(1, collectivite.code);
    std::int64_t id = 0;
    if (find.executeStep()) {
      id = find.getColumn(0).getInt64();
      const bool changed = find.getColumn(1).getString() != collectivite.name ||
                           find.getColumn(2).getString() != type ||
                           find.getColumn(3).getString() != collectivite.departement_code ||
                           (find.getColumn(4).getInt() != 0) != collectivite.special_status;
      if (changed) {
        update.reset();
        update.bind(1, collectivite.name);
        update.bind(2, type);
        update.bind(3, collectivite.departement_code);
        update.bind(4, collectivite.special_status ? 1 : 0);
        update.bind(5, static_cast<std::int64_t>(id));
        update.exec();
        ++report.collectivites_updated;
        util::Json new_value = util::Json::object();
        new_value.set("code", collectivite.code).set("nom", collectivite.name).set("type", type);
        transaction.audit("collectivite", id, "update", util::Json(), new_value);
      }
    } else {
      insert.reset();
      insert.bind(1, collectivite.code);
      insert.bind(2, collectivite.name);
      insert.bind(3, type);
      insert.bind(4, collectivite.departement_code);
      insert.bind(5, collectivite.special_status ? 1 : 0);
      insert.exec();
      id = db.getLastInsertRowid();
      ++report.collectivites_added;
    }
    clear_aliases.reset();
    clear_aliases.bind(1, static_cast<std::int64_t>(id));
    clear_aliases.exec();
    for (const auto& alias : collectivite.aliases) {
      insert_alias.reset();
      insert_alias.bind(1, static_cast<std::int64_t>(id));
      insert_alias.bind(2, alias);
      insert_alias.exec();
    }
    clear_coverage.reset();
    clear_coverage.bind(1, static_cast<std::int64_t>(id));
    clear_coverage.exec();
    std::vector<std::string> covered = collectivite.covered_departements;
    covered.push_back(collectivite.departement_code);
    for (const auto& code : covered) {
      insert_coverage.reset();
      insert_coverage.bind(1, static_cast<std::int64_t>(id));
      insert_coverage.bind(2, code);
      insert_coverage.exec();
    }
  }
  if (report.collectivites_added > 0) {
    util::Json summary = util::Json::object();
    summary.set("regions", static_cast<std::int64_t>(report.regions))
        .set("departements", static_cast<std::int64_t>(report.departements))
        .set("collectivites_ajoutees", static_cast<std::int64_t>(report.collectivites_added));
    transaction.audit("referentiel", std::nullopt, "load", util::Json(), summary);
  }
  return report;
}

domain::TerritoryReference read_territories(Database& database) {
  auto& db = database.connection();
  domain::TerritoryReference reference;
  SQLite::Statement regions(db, "SELECT code, name FROM regions ORDER BY code");
  while (regions.executeStep()) {
    reference.regions.push_back({regions.getColumn(0).getString(), regions.getColumn(1).getString()});
  }
  SQLite::Statement departements(db, "SELECT code, name, region_code, overseas FROM departements ORDER BY code");
  while (departements.executeStep()) {
    domain::Departement departement;
    departement.code = departements.getColumn(0).getString();
    departement.name = departements.getColumn(1).getString();
    if (!departements.getColumn(2).isNull()) {
      departement.region_code = departements.getColumn(2).getString();
    }
    departement.overseas = departements.getColumn(3).getInt() != 0;
    reference.departements.push_back(std::move(departement));
  }
  std::map<std::int64_t, std::size_t> index_of;
  SQLite::Statement collectivites(
      db, "SELECT id, code, name, type, departement_code, special_status FROM collectivites ORDER BY name");
  while (collectivites.executeStep()) {
    domain::Collectivite collectivite;
    collectivite.id = collectivites.getColumn(0).getInt64();
    collectivite.code = collectivites.getColumn(1).getString();
    collectivite.name = collectivites.getColumn(2).getString();
    collectivite.type = collectivites.getColumn(3).getString() == "metropole" ? domain::CollectiviteType::metropole
                                                                              : domain::CollectiviteType::departement;
    collectivite.departement_code = collectivites.getColumn(4).getString();
    collectivite.special_status = collectivites.getColumn(5).getInt() != 0;
    index_of[collectivite.id] = reference.collectivites.size();
    reference.collectivites.push_back(std::move(collectivite));
  }
  SQLite::Statement aliases(db,
                            "SELECT collectivite_id, alias FROM collectivite_aliases ORDER BY collectivite_id, alias");
  while (aliases.executeStep()) {
    reference.collectivites[index_of.at(aliases.getColumn(0).getInt64())].aliases.push_back(
        aliases.getColumn(1).getString());
  }
  SQLite::Statement coverage(db,
                             "SELECT cd.collectivite_id, cd.departement_code FROM collectivite_departements cd "
                             "JOIN collectivites c ON c.id = cd.collectivite_id "
                             "WHERE cd.departement_code <> c.departement_code");
  while (coverage.executeStep()) {
    reference.collectivites[index_of.at(coverage.getColumn(0).getInt64())].covered_departements.push_back(
        coverage.getColumn(1).getString());
  }
  return reference;
}

}  // namespace pilot::store
