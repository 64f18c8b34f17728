#include "store/validation_store.hpp"

namespace pilot::store {
namespace {

constexpr const char* k_select =
    "SELECT id, action_id, side, user, at, form_id, form_version, content_hash, comment, revoked_at, revoked_by, "
    "revoked_why FROM validations WHERE action_id = ?";

std::vector<Validation> read_validations(SQLite::Database& db, const std::string& sql, std::int64_t action_id) {
  SQLite::Statement query(db, sql);
  query.bind(1, action_id);
  std::vector<Validation> out;
  while (query.executeStep()) {
    Validation validation;
    validation.id = query.getColumn(0).getInt64();
    validation.action_id = query.getColumn(1).getInt64();
    validation.side = query.getColumn(2).getString() == "etat" ? domain::Side::etat : domain::Side::collectivite;
    validation.user = query.getColumn(3).getString();
    validation.at = query.getColumn(4).getString();
    validation.form_id = query.getColumn(5).getString();
    validation.form_version = query.getColumn(6).getInt();
    validation.content_hash = query.getColumn(7).getString();
    validation.comment = query.getColumn(8).getString();
    if (!query.getColumn(9).isNull()) {
      validation.revoked_at = query.getColumn(9).getString();
      validation.revoked_by = query.getColumn(10).getString();
      validation.revoked_why = query.getColumn(11).getString();
    }
    out.push_back(std::move(validation));
  }
  return out;
}

util::Json to_json(const Validation& validation) {
  util::Json json = util::Json::object();
  json.set("cote", std::string(domain::to_code(validation.side)))
      .set("utilisateur", validation.user)
      .set("date", validation.at)
      .set("formulaire", validation.form_id)
      .set("version_formulaire", validation.form_version)
      .set("empreinte", validation.content_hash)
      .set("commentaire", validation.comment);
  return json;
}

}  // namespace

std::vector<Validation> active_validations(SQLite::Database& db, std::int64_t action_id) {
  return read_validations(db, std::string(k_select) + " AND revoked_at IS NULL ORDER BY id", action_id);
}

std::vector<Validation> all_validations(SQLite::Database& db, std::int64_t action_id) {
  return read_validations(db, std::string(k_select) + " ORDER BY id", action_id);
}

std::int64_t record_validation(WriteTransaction& transaction, const Validation& validation) {
  SQLite::Statement insert(transaction.connection(),
                           "INSERT INTO validations (action_id, side, user, at, form_id, form_version, content_hash, "
                           "comment) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  insert.bind(1, validation.action_id);
  insert.bind(2, std::string(domain::to_code(validation.side)));
  insert.bind(3, validation.user);
  insert.bind(4, validation.at);
  insert.bind(5, validation.form_id);
  insert.bind(6, validation.form_version);
  insert.bind(7, validation.content_hash);
  insert.bind(8, validation.comment);
  insert.exec();
  const std::int64_t id = transaction.connection().getLastInsertRowid();
  transaction.audit("action", validation.action_id, "validate", util::Json(), to_json(validation));
  return id;
}

std::size_t revoke_validations(WriteTransaction& transaction, std::int64_t action_id, std::optional<domain::Side> side,
                               const std::string& reason) {
  std::size_t revoked = 0;
  for (const auto& validation : active_validations(transaction.connection(), action_id)) {
    if (side && validation.side != *side) {
      continue;
    }
    SQLite::Statement update(transaction.connection(),
                             "UPDATE validations SET revoked_at = ?, revoked_by = ?, revoked_why = ? WHERE id = ?");
    update.bind(1, transaction.actor().now);
    update.bind(2, transaction.actor().user);
    update.bind(3, reason);
    update.bind(4, validation.id);
    update.exec();
    util::Json detail = util::Json::object();
    detail.set("motif", reason);
    transaction.audit("action", action_id, "unvalidate", to_json(validation), detail);
    ++revoked;
  }
  return revoked;
}

domain::ActionStatus status_from_validations(const std::vector<Validation>& active) {
  bool collectivite = false;
  bool etat = false;
  for (const auto& validation : active) {
    (validation.side == domain::Side::etat ? etat : collectivite) = true;
  }
  if (collectivite && etat) {
    return domain::ActionStatus::double_validee;
  }
  if (collectivite) {
    return domain::ActionStatus::validee_collectivite;
  }
  return etat ? domain::ActionStatus::validee_etat : domain::ActionStatus::brouillon;
}

}  // namespace pilot::store
