#include "store/campaign_store.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace pilot::store {
namespace {

util::Json contact_json(const Contact& contact) {
  util::Json json = util::Json::object();
  json.set("collectivite", contact.collectivite_id)
      .set("nom", contact.name)
      .set("email", contact.email)
      .set("role", contact.role);
  return json;
}

Contact contact_from(SQLite::Statement& row) {
  return Contact{row.getColumn(0).getInt64(),  row.getColumn(1).getInt64(),  row.getColumn(2).getString(),
                 row.getColumn(3).getString(), row.getColumn(4).getString(), row.getColumn(5).getString()};
}

constexpr const char* k_contact_columns =
    "SELECT k.id, k.collectivite_id, c.name, k.name, k.email, k.role FROM contacts k "
    "JOIN collectivites c ON c.id = k.collectivite_id ";

util::Date date_from_iso(const std::string& text) {
  auto date = util::parse_date(text);
  return date ? *date : util::Date{};
}

}  // namespace

Result<std::int64_t> insert_contact(WriteTransaction& transaction, const Contact& contact) {
  if (auto existing = find_contact(transaction.connection(), contact.collectivite_id, contact.email)) {
    return fail(ErrorKind::conflict, fmt::format("« {} » est déjà un contact de {} (contact n° {})", contact.email,
                                                 existing->collectivite, existing->id));
  }
  SQLite::Statement insert(transaction.connection(),
                           "INSERT INTO contacts (collectivite_id, name, email, role) VALUES (?, ?, ?, ?)");
  insert.bind(1, contact.collectivite_id);
  insert.bind(2, contact.name);
  insert.bind(3, contact.email);
  insert.bind(4, contact.role);
  insert.exec();
  const std::int64_t id = transaction.connection().getLastInsertRowid();
  transaction.audit("contact", id, "insert", util::Json(), contact_json(contact));
  return id;
}

std::vector<Contact> list_contacts(SQLite::Database& db, const std::vector<std::int64_t>& collectivite_ids) {
  std::string sql = k_contact_columns;
  if (!collectivite_ids.empty()) {
    sql += "WHERE k.collectivite_id IN (";
    for (std::size_t i = 0; i < collectivite_ids.size(); ++i) {
      sql += i == 0 ? "?" : ", ?";
    }
    sql += ") ";
  }
  sql += "ORDER BY c.name, k.email";
  SQLite::Statement query(db, sql);
  for (std::size_t i = 0; i < collectivite_ids.size(); ++i) {
    query.bind(static_cast<int>(i + 1), collectivite_ids[i]);
  }
  std::vector<Contact> out;
  while (query.executeStep()) {
    out.push_back(contact_from(query));
  }
  return out;
}

std::optional<Contact> find_contact(SQLite::Database& db, std::int64_t id) {
  SQLite::Statement query(db, std::string(k_contact_columns) + "WHERE k.id = ?");
  query.bind(1, id);
  if (!query.executeStep()) {
    return std::nullopt;
  }
  return contact_from(query);
}

std::optional<Contact> find_contact(SQLite::Database& db, std::int64_t collectivite_id, const std::string& email) {
  // Addresses compare without case: « Marie.Dupont@x.fr » and « marie.dupont@x.fr » reach the same person.
  SQLite::Statement query(db,
                          std::string(k_contact_columns) + "WHERE k.collectivite_id = ? AND lower(k.email) = lower(?)");
  query.bind(1, collectivite_id);
  query.bind(2, email);
  if (!query.executeStep()) {
    return std::nullopt;
  }
  return contact_from(query);
}

void delete_contact(WriteTransaction& transaction, const Contact& contact) {
  SQLite::Statement remove(transaction.connection(), "DELETE FROM contacts WHERE id = ?");
  remove.bind(1, contact.id);
  remove.exec();
  transaction.audit("contact", contact.id, "delete", contact_json(contact), util::Json());
}

std::optional<std::string> reminder_sent_at(SQLite::Database& db, const std::string& campaign_id,
                                            std::int64_t collectivite_id, const std::string& recipient,
                                            const std::string& digest) {
  SQLite::Statement query(db,
                          "SELECT sent_at FROM reminder_log WHERE campaign_id = ? AND collectivite_id = ? AND "
                          "lower(recipient) = lower(?) AND digest = ?");
  query.bind(1, campaign_id);
  query.bind(2, collectivite_id);
  query.bind(3, recipient);
  query.bind(4, digest);
  if (!query.executeStep()) {
    return std::nullopt;
  }
  return query.getColumn(0).getString();
}

void record_reminder(WriteTransaction& transaction, const std::string& campaign_id, std::int64_t collectivite_id,
                     const std::string& recipient, const std::string& digest) {
  SQLite::Statement upsert(transaction.connection(),
                           "INSERT INTO reminder_log (campaign_id, collectivite_id, recipient, digest, sent_at) "
                           "VALUES (?, ?, ?, ?, ?) ON CONFLICT (campaign_id, collectivite_id, recipient, digest) "
                           "DO UPDATE SET sent_at = excluded.sent_at");
  upsert.bind(1, campaign_id);
  upsert.bind(2, collectivite_id);
  upsert.bind(3, recipient);
  upsert.bind(4, digest);
  upsert.bind(5, transaction.actor().now);
  upsert.exec();
  SQLite::Statement id(transaction.connection(),
                       "SELECT id FROM reminder_log WHERE campaign_id = ? AND collectivite_id = ? AND recipient = ? "
                       "AND digest = ?");
  id.bind(1, campaign_id);
  id.bind(2, collectivite_id);
  id.bind(3, recipient);
  id.bind(4, digest);
  id.executeStep();
  util::Json entry = util::Json::object();
  entry.set("campagne", campaign_id).set("collectivite", collectivite_id).set("destinataire", recipient);
  entry.set("empreinte", digest);
  transaction.audit("relance", id.getColumn(0).getInt64(), "send", util::Json(), entry);
}

std::vector<Revision> list_revisions(SQLite::Database& db, std::int64_t convention_id) {
  SQLite::Statement query(db,
                          "SELECT convention_id, year, opened_at, opened_by FROM revisions WHERE convention_id = ? "
                          "ORDER BY year");
  query.bind(1, convention_id);
  std::vector<Revision> out;
  while (query.executeStep()) {
    out.push_back({query.getColumn(0).getInt64(), query.getColumn(1).getInt(), query.getColumn(2).getString(),
                   query.getColumn(3).getString()});
  }
  return out;
}

std::optional<int> latest_revision_year(SQLite::Database& db, std::int64_t convention_id) {
  SQLite::Statement query(db, "SELECT max(year) FROM revisions WHERE convention_id = ?");
  query.bind(1, convention_id);
  if (!query.executeStep() || query.getColumn(0).isNull()) {
    return std::nullopt;
  }
  return query.getColumn(0).getInt();
}

void insert_revision(WriteTransaction& transaction, const Revision& revision) {
  SQLite::Statement insert(transaction.connection(),
                           "INSERT INTO revisions (convention_id, year, opened_at, opened_by) VALUES (?, ?, ?, ?)");
  insert.bind(1, revision.convention_id);
  insert.bind(2, revision.year);
  insert.bind(3, revision.opened_at);
  insert.bind(4, revision.opened_by);
  insert.exec();
  util::Json value = util::Json::object();
  value.set("annee", revision.year).set("ouverte_le", revision.opened_at).set("par", revision.opened_by);
  transaction.audit("convention", revision.convention_id, "revision", util::Json(), value);
}

void set_dropped_year(WriteTransaction& transaction, std::int64_t action_id, std::optional<int> year,
                      const std::string& reason) {
  SQLite::Statement current(transaction.connection(), "SELECT dropped_year FROM actions WHERE id = ?");
  current.bind(1, action_id);
  util::Json old_value = util::Json::object();
  if (current.executeStep() && !current.getColumn(0).isNull()) {
    old_value.set("abandon", current.getColumn(0).getInt());
  } else {
    old_value.set("abandon", util::Json());
  }
  SQLite::Statement update(transaction.connection(),
                           "UPDATE actions SET dropped_year = ?, updated_at = ? WHERE id = ?");
  if (year) {
    update.bind(1, *year);
  } else {
    update.bind(1);
  }
  update.bind(2, transaction.actor().now);
  update.bind(3, action_id);
  update.exec();
  util::Json new_value = util::Json::object();
  new_value.set("abandon", year ? util::Json(*year) : util::Json()).set("motif", reason);
  transaction.audit("action", action_id, "drop", old_value, new_value);
}

std::vector<CampaignConvention> conventions_covering(SQLite::Database& db,
                                                     const std::vector<domain::ConventionType>& types, int year) {
  std::string sql =
      "SELECT id, collectivite_id, type, start_on, end_on FROM conventions WHERE CAST(substr(start_on, 1, 4) AS "
      "INTEGER) <= ? AND CAST(substr(end_on, 1, 4) AS INTEGER) >= ?";
  if (!types.empty()) {
    sql += " AND type IN (";
    for (std::size_t i = 0; i < types.size(); ++i) {
      sql += i == 0 ? "?" : ", ?";
    }
    sql += ")";
  }
  sql += " ORDER BY collectivite_id, id";
  SQLite::Statement query(db, sql);
  query.bind(1, year);
  query.bind(2, year);
  for (std::size_t i = 0; i < types.size(); ++i) {
    query.bind(static_cast<int>(i + 3), std::string(domain::to_code(types[i])));
  }
  std::vector<CampaignConvention> out;
  while (query.executeStep()) {
    CampaignConvention convention;
    convention.id = query.getColumn(0).getInt64();
    convention.collectivite_id = query.getColumn(1).getInt64();
    auto type = domain::parse_convention_type(query.getColumn(2).getString());
    convention.type = type ? *type : domain::ConventionType::cls;
    convention.period = {date_from_iso(query.getColumn(3).getString()), date_from_iso(query.getColumn(4).getString())};
    out.push_back(convention);
  }
  return out;
}

std::vector<CampaignAction> actions_of_convention(SQLite::Database& db, std::int64_t convention_id) {
  SQLite::Statement query(db, R"sql(
SELECT a.id, a.convention_id, a.reference, a.title, a.form_id, a.status, a.dropped_year,
       min((SELECT min(year) FROM budget_lines b WHERE b.action_id = a.id),
           (SELECT min(v.year) FROM indicator_values v JOIN indicators i ON i.id = v.indicator_id
            WHERE i.action_id = a.id)),
       (SELECT min(year) FROM budget_lines b WHERE b.action_id = a.id),
       (SELECT min(v.year) FROM indicator_values v JOIN indicators i ON i.id = v.indicator_id WHERE i.action_id = a.id)
FROM actions a WHERE a.convention_id = ? ORDER BY a.reference)sql");
  query.bind(1, convention_id);
  std::vector<CampaignAction> out;
  while (query.executeStep()) {
    CampaignAction action;
    action.id = query.getColumn(0).getInt64();
    action.convention_id = query.getColumn(1).getInt64();
    action.reference = query.getColumn(2).getString();
    action.title = query.getColumn(3).getString();
    action.form_id = query.getColumn(4).getString();
    auto status = domain::parse_action_status(query.getColumn(5).getString());
    action.status = status ? *status : domain::ActionStatus::brouillon;
    if (!query.getColumn(6).isNull()) {
      action.dropped_year = query.getColumn(6).getInt();
    }
    // min() of two values is NULL when either is: take whichever exists.
    for (const int column : {7, 8, 9}) {
      if (!query.getColumn(column).isNull()) {
        action.first_planned_year = query.getColumn(column).getInt();
        break;
      }
    }
    out.push_back(std::move(action));
  }
  return out;
}

std::string_view to_code(OwedKind kind) {
  switch (kind) {
    case OwedKind::convention_missing: return "convention_manquante";
    case OwedKind::no_action: return "aucune_action";
    case OwedKind::bilan_missing: return "bilan_manquant";
    case OwedKind::bilan_incomplete: return "bilan_incomplet";
    case OwedKind::validation_awaited: return "validation_attendue";
    case OwedKind::revision_to_open: return "mise_a_jour_a_ouvrir";
  }
  return "bilan_manquant";
}

std::string_view to_label(OwedKind kind) {
  switch (kind) {
    case OwedKind::convention_missing: return "Convention à saisir";
    case OwedKind::no_action: return "Actions à saisir";
    case OwedKind::bilan_missing: return "Bilan non saisi";
    case OwedKind::bilan_incomplete: return "Bilan incomplet";
    case OwedKind::validation_awaited: return "Validation de la collectivité attendue";
    case OwedKind::revision_to_open: return "Mise à jour à ouvrir";
  }
  return "Bilan non saisi";
}

std::size_t CollectiviteDue::count(OwedKind kind) const {
  return static_cast<std::size_t>(
      std::count_if(items.begin(), items.end(), [kind](const OwedItem& item) { return item.kind == kind; }));
}

}  // namespace pilot::store
