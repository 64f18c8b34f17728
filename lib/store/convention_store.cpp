#include "store/convention_store.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

#include <vector>

#include "store/action_store.hpp"
#include "store/numbering.hpp"
#include "store/snapshot.hpp"
#include "util/text.hpp"

namespace pilot::store {
namespace {

// Budget totals count planned lines of live actions (a dropped action's lines count for the
// years before it was dropped) and never « Pour info » lines.
constexpr const char* k_select_conventions = R"sql(
SELECT conv.id, conv.collectivite_id, c.name, c.type, c.departement_code, d.name,
       coalesce(d.region_code, ''), coalesce(r.name, ''), conv.type, conv.signed_on, conv.start_on, conv.end_on,
       conv.reference, doc.file_name, doc.sha256, doc.size_bytes, conv.created_at, conv.updated_at,
       coalesce(counts.actions, 0), coalesce(money.total, 0), coalesce(money.etat, 0),
       coalesce(money.collectivite, 0), coalesce(money.autre, 0)
FROM conventions conv
JOIN collectivites c ON c.id = conv.collectivite_id
JOIN departements d ON d.code = c.departement_code
LEFT JOIN regions r ON r.code = d.region_code
LEFT JOIN documents doc ON doc.id = conv.document_id
LEFT JOIN (SELECT convention_id, count(*) AS actions FROM actions WHERE dropped_year IS NULL
           GROUP BY convention_id) counts ON counts.convention_id = conv.id
LEFT JOIN (SELECT a.convention_id,
                  sum(b.amount_cents) AS total,
                  sum(CASE WHEN b.financer_type = 'etat' THEN b.amount_cents ELSE 0 END) AS etat,
                  sum(CASE WHEN b.financer_type = 'collectivite' THEN b.amount_cents ELSE 0 END) AS collectivite,
                  sum(CASE WHEN b.financer_type = 'autre' THEN b.amount_cents ELSE 0 END) AS autre
           FROM budget_lines b JOIN actions a ON a.id = b.action_id
           WHERE b.informational = 0 AND (a.dropped_year IS NULL OR b.year < a.dropped_year)
           GROUP BY a.convention_id) money ON money.convention_id = conv.id
)sql";

domain::ConventionType type_from_code(const std::string& code) {
  if (code == "cie") {
    return domain::ConventionType::cie;
  }
  return code == "unique" ? domain::ConventionType::unique : domain::ConventionType::cls;
}

util::Date date_from_iso(const std::string& text) {
  auto date = util::parse_date(text);
  return date ? *date : util::Date{};
}

domain::Convention read_row(SQLite::Statement& row) {
  domain::Convention convention;
  convention.id = row.getColumn(0).getInt64();
  convention.collectivite_id = row.getColumn(1).getInt64();
  convention.collectivite_name = row.getColumn(2).getString();
  convention.collectivite_type = row.getColumn(3).getString() == "metropole" ? domain::CollectiviteType::metropole
                                                                             : domain::CollectiviteType::departement;
  convention.departement_code = row.getColumn(4).getString();
  convention.departement_name = row.getColumn(5).getString();
  convention.region_code = row.getColumn(6).getString();
  convention.region_name = row.getColumn(7).getString();
  convention.type = type_from_code(row.getColumn(8).getString());
  convention.signed_on = date_from_iso(row.getColumn(9).getString());
  convention.period = {date_from_iso(row.getColumn(10).getString()), date_from_iso(row.getColumn(11).getString())};
  convention.reference = row.getColumn(12).getString();
  if (!row.getColumn(13).isNull()) {
    convention.document = domain::StoredDocument{row.getColumn(13).getString(), row.getColumn(14).getString(),
                                                 row.getColumn(15).getInt64()};
  }
  convention.created_at = row.getColumn(16).getString();
  convention.updated_at = row.getColumn(17).getString();
  convention.action_count = row.getColumn(18).getInt64();
  convention.budget_cents = row.getColumn(19).getInt64();
  convention.budget_state_cents = row.getColumn(20).getInt64();
  convention.budget_collectivite_cents = row.getColumn(21).getInt64();
  convention.budget_other_cents = row.getColumn(22).getInt64();
  return convention;
}

std::int64_t insert_document(WriteTransaction& transaction, const DocumentContent& document) {
  auto& db = transaction.connection();
  // Documents are content-addressed and never deleted: the same PDF attached twice is stored once.
  SQLite::Statement existing(db, "SELECT id FROM documents WHERE sha256 = ? AND file_name = ?");
  existing.bind(1, document.sha256);
  existing.bind(2, document.file_name);
  if (existing.executeStep()) {
    return existing.getColumn(0).getInt64();
  }
  SQLite::Statement insert(db,
                           "INSERT INTO documents (file_name, sha256, size_bytes, content, created_at) "
                           "VALUES (?, ?, ?, ?, ?)");
  insert.bind(1, document.file_name);
  insert.bind(2, document.sha256);
  insert.bind(3, static_cast<std::int64_t>(document.bytes.size()));
  insert.bind(4, document.bytes.data(), static_cast<int>(document.bytes.size()));
  insert.bind(5, transaction.actor().now);
  insert.exec();
  return db.getLastInsertRowid();
}

}  // namespace

util::Json convention_to_json(const domain::Convention& convention) {
  util::Json json = util::Json::object();
  json.set("id", convention.id)
      .set("collectivite", convention.collectivite_name)
      .set("type_collectivite", std::string(domain::to_code(convention.collectivite_type)))
      .set("departement", convention.departement_code)
      .set("region", convention.region_code)
      .set("type", std::string(domain::to_code(convention.type)))
      .set("date_signature", convention.signed_on.iso())
      .set("debut", convention.period.start.iso())
      .set("fin", convention.period.end.iso())
      .set("reference", convention.reference)
      .set("nombre_actions", convention.action_count)
      .set("budget_total_centimes", convention.budget_cents)
      .set("budget_etat_centimes", convention.budget_state_cents)
      .set("budget_collectivite_centimes", convention.budget_collectivite_cents)
      .set("budget_autres_centimes", convention.budget_other_cents);
  if (convention.document) {
    json.set("document", util::Json(util::Json::Object{{"fichier", convention.document->file_name},
                                                       {"sha256", convention.document->sha256},
                                                       {"octets", convention.document->size_bytes}}));
  } else {
    json.set("document", util::Json());
  }
  return json;
}

namespace {

// A convention of the collectivité that cannot coexist with one of `type` over `period`: the same
// type over the same period, or a contrat unique and a CLS whose periods overlap (the contrat
// unique holds the CLS axes: both would count the same plan twice). A CIE is annual and dated from
// its signature, so a CIE beside a contrat unique, or two successive CIE overlapping by a few weeks,
// are left to the services.
Result<void> refuse_overlap(SQLite::Database& db, std::int64_t collectivite_id, domain::ConventionType type,
                            const domain::Period& period, std::int64_t except_id) {
  SQLite::Statement overlapping(db, R"sql(
SELECT id, type, start_on, end_on FROM conventions
 WHERE collectivite_id = ?1 AND id <> ?2
   AND ((type = ?3 AND start_on = ?4 AND end_on = ?5)
        OR (start_on <= ?5 AND end_on >= ?4
            AND ((type = 'unique' AND ?3 = 'cls') OR (type = 'cls' AND ?3 = 'unique'))))
 ORDER BY start_on LIMIT 1)sql");
  overlapping.bind(1, collectivite_id);
  overlapping.bind(2, except_id);
  overlapping.bind(3, std::string(domain::to_code(type)));
  overlapping.bind(4, period.start.iso());
  overlapping.bind(5, period.end.iso());
  if (!overlapping.executeStep()) {
    return {};
  }
  const auto other_type = domain::parse_convention_type(overlapping.getColumn(1).getString());
  const auto start = util::parse_date(overlapping.getColumn(2).getString());
  const auto end = util::parse_date(overlapping.getColumn(3).getString());
  const std::string other =
      fmt::format("une convention {} du {} au {} (n° {})", other_type ? domain::to_short_label(*other_type) : "",
                  start ? start->french() : std::string(), end ? end->french() : std::string(),
                  overlapping.getColumn(0).getInt64());
  const bool same = other_type && *other_type == type;
  return fail(ErrorKind::conflict,
              same ? fmt::format("cette collectivité a déjà {} sur cette période", other)
                   : fmt::format("cette collectivité a déjà {} sur cette période : un contrat unique reprend les axes "
                                 "du CLS, il ne s'y ajoute pas",
                                 other));
}

}  // namespace

Result<std::int64_t> insert_convention(WriteTransaction& transaction, const NewConvention& convention) {
  auto& db = transaction.connection();
  if (auto refused = refuse_overlap(db, static_cast<std::int64_t>(convention.collectivite_id), convention.type,
                                    convention.period, 0);
      !refused) {
    return std::unexpected(refused.error());
  }
  std::optional<std::int64_t> document_id;
  if (convention.document) {
    document_id = insert_document(transaction, *convention.document);
  }
  const std::int64_t id = NumberSource(db, Numbered::convention).next();
  SQLite::Statement insert(
      db,
      "INSERT INTO conventions (id, collectivite_id, type, signed_on, start_on, end_on, reference, "
      "document_id, form_id, form_version, created_at, updated_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  insert.bind(1, id);
  insert.bind(2, static_cast<std::int64_t>(convention.collectivite_id));
  insert.bind(3, std::string(domain::to_code(convention.type)));
  insert.bind(4, convention.signed_on.iso());
  insert.bind(5, convention.period.start.iso());
  insert.bind(6, convention.period.end.iso());
  insert.bind(7, convention.reference);
  if (document_id) {
    insert.bind(8, static_cast<std::int64_t>(*document_id));
  } else {
    insert.bind(8);
  }
  insert.bind(9, convention.form_id);
  insert.bind(10, convention.form_version);
  insert.bind(11, transaction.actor().now);
  insert.bind(12, transaction.actor().now);
  insert.exec();
  const auto stored = find_convention(transaction.database(), id);
  transaction.audit("convention", id, "insert", util::Json(), convention_to_json(*stored));
  return id;
}

std::optional<domain::Convention> find_convention(Database& database, std::int64_t id) {
  SQLite::Statement query(database.connection(), std::string(k_select_conventions) + " WHERE conv.id = ?");
  query.bind(1, static_cast<std::int64_t>(id));
  if (!query.executeStep()) {
    return std::nullopt;
  }
  return read_row(query);
}

std::vector<domain::Convention> list_conventions(Database& database, const Scope& scope) {
  const SqlFilter filter = scope_filter(scope);
  SQLite::Statement query(database.connection(), std::string(k_select_conventions) + " WHERE " + filter.condition +
                                                     " ORDER BY c.name, conv.type, conv.start_on, conv.id");
  for (std::size_t i = 0; i < filter.text_values.size(); ++i) {
    query.bind(static_cast<int>(i + 1), filter.text_values[i]);
  }
  std::vector<domain::Convention> conventions;
  while (query.executeStep()) {
    conventions.push_back(read_row(query));
  }
  return conventions;
}

namespace {

// What the convention records for years outside [first, last]: « lignes budgétaires 2024 à 2025 »...
std::vector<std::string> records_outside(SQLite::Database& db, std::int64_t id, int first, int last) {
  SQLite::Statement query(db, R"sql(
SELECT 'lignes budgétaires', min(b.year), max(b.year), count(DISTINCT a.id)
  FROM budget_lines b JOIN actions a ON a.id = b.action_id
 WHERE a.convention_id = ?1 AND (b.year < ?2 OR b.year > ?3)
UNION ALL
SELECT 'cibles d''indicateurs', min(v.year), max(v.year), count(DISTINCT a.id)
  FROM indicator_values v JOIN indicators i ON i.id = v.indicator_id JOIN actions a ON a.id = i.action_id
 WHERE a.convention_id = ?1 AND (v.year < ?2 OR v.year > ?3)
UNION ALL
SELECT 'bilans', min(b.year), max(b.year), count(DISTINCT a.id)
  FROM bilans b JOIN actions a ON a.id = b.action_id
 WHERE a.convention_id = ?1 AND (b.year < ?2 OR b.year > ?3)
UNION ALL
SELECT 'mises à jour annuelles', min(year), max(year), 0
  FROM revisions WHERE convention_id = ?1 AND (year < ?2 OR year > ?3))sql");
  query.bind(1, id);
  query.bind(2, first);
  query.bind(3, last);
  std::vector<std::string> out;
  while (query.executeStep()) {
    if (query.getColumn(1).isNull()) {
      continue;
    }
    const int from = query.getColumn(1).getInt();
    const int to = query.getColumn(2).getInt();
    const std::int64_t actions = query.getColumn(3).getInt64();
    out.push_back(fmt::format(
        "{} {}{}", query.getColumn(0).getString(), from == to ? std::to_string(from) : fmt::format("{} à {}", from, to),
        actions > 0 ? fmt::format(" ({} action{})", actions, actions > 1 ? "s" : "") : std::string()));
  }
  return out;
}

}  // namespace

Result<ConventionUpdate> update_convention(WriteTransaction& transaction, std::int64_t id,
                                           const ConventionChanges& changes) {
  const auto before = find_convention(transaction.database(), id);
  if (!before) {
    return fail(ErrorKind::not_found, fmt::format("convention n° {} introuvable", id));
  }
  const util::Date start = changes.start.value_or(before->period.start);
  const util::Date end = changes.end.value_or(before->period.end);
  if (end < start) {
    return fail(ErrorKind::data,
                fmt::format("période invalide : la fin ({}) précède le début ({})", end.french(), start.french()));
  }
  const util::Date signed_on = changes.signed_on.value_or(before->signed_on);
  const std::string reference = changes.reference.value_or(before->reference);
  if (!changes.document && start == before->period.start && end == before->period.end &&
      signed_on == before->signed_on && reference == before->reference) {
    return ConventionUpdate{*before, false};
  }
  auto& db = transaction.connection();
  if (start != before->period.start || end != before->period.end) {
    if (auto refused = refuse_overlap(db, before->collectivite_id, before->type, domain::Period{start, end}, id);
        !refused) {
      return std::unexpected(refused.error());
    }
  }
  if (start.year > before->period.start.year || end.year < before->period.end.year) {
    if (const auto outside = records_outside(db, id, start.year, end.year); !outside.empty()) {
      return fail(ErrorKind::data, fmt::format("la période du {} au {} laisserait de côté des données enregistrées : "
                                               "{} ; modifiez ou supprimez-les d'abord",
                                               start.french(), end.french(), util::join(outside, ", ")));
    }
  }
  std::optional<std::int64_t> document_id;
  if (changes.document) {
    document_id = insert_document(transaction, *changes.document);
  }
  SQLite::Statement update(db,
                           "UPDATE conventions SET signed_on = ?, start_on = ?, end_on = ?, reference = ?, "
                           "document_id = coalesce(?, document_id), updated_at = ? WHERE id = ?");
  update.bind(1, signed_on.iso());
  update.bind(2, start.iso());
  update.bind(3, end.iso());
  update.bind(4, reference);
  if (document_id) {
    update.bind(5, static_cast<std::int64_t>(*document_id));
  } else {
    update.bind(5);
  }
  update.bind(6, transaction.actor().now);
  update.bind(7, static_cast<std::int64_t>(id));
  try {
    update.exec();
  } catch (const SQLite::Exception& error) {
    if (error.getErrorCode() == SQLITE_CONSTRAINT) {
      return fail(ErrorKind::conflict, "cette collectivité a déjà une convention de ce type sur cette période");
    }
    throw;
  }
  auto after = find_convention(transaction.database(), id);
  transaction.audit("convention", id, "update", convention_to_json(*before), convention_to_json(*after));
  return ConventionUpdate{*after, true};
}

Result<DeleteReport> delete_convention(WriteTransaction& transaction, std::int64_t id, Cascade cascade) {
  const auto convention = find_convention(transaction.database(), id);
  if (!convention) {
    return fail(ErrorKind::not_found, fmt::format("convention n° {} introuvable", id));
  }
  auto& db = transaction.connection();
  SQLite::Statement count(db, "SELECT count(*) FROM actions WHERE convention_id = ?");
  count.bind(1, static_cast<std::int64_t>(id));
  count.executeStep();
  DeleteReport report;
  report.actions_deleted = count.getColumn(0).getInt64();
  if (report.actions_deleted > 0 && cascade == Cascade::no) {
    return fail(ErrorKind::conflict,
                fmt::format("la convention n° {} a {} action(s) : ajoutez --cascade pour la supprimer avec elles "
                            "(elles resteront restaurables avec « pilot restore »)",
                            id, report.actions_deleted));
  }
  // Action by action, each with its own deletion entry and snapshot (as `pilot action delete`), which
  // the convention's entry lists: memory and each statement's journal stay the size of one action,
  // whatever the size of the convention (one snapshot of a 100 000-action convention took 5 GB).
  SQLite::Statement action_ids(db, "SELECT id FROM actions WHERE convention_id = ? ORDER BY id");
  action_ids.bind(1, static_cast<std::int64_t>(id));
  std::vector<std::int64_t> ids;
  while (action_ids.executeStep()) {
    ids.push_back(action_ids.getColumn(0).getInt64());
  }
  util::Json action_entries = util::Json::array();
  ActionLoader loader(db);
  ActionDeleter deleter(transaction);
  for (const std::int64_t action_id : ids) {
    if (const auto stored = loader.load(action_id)) {
      action_entries.push(deleter.remove(*stored));
    }
  }
  util::Json old_value = util::Json::object();
  old_value.set("convention", convention_to_json(*convention))
      .set("snapshot", snapshot_convention(db, id))  // its rows and revisions: the actions are gone
      .set("suppressions_actions", action_entries);
  for (const char* sql : {"DELETE FROM revisions WHERE convention_id = ?", "DELETE FROM conventions WHERE id = ?"}) {
    SQLite::Statement statement(db, sql);
    statement.bind(1, static_cast<std::int64_t>(id));
    statement.exec();
  }
  transaction.audit("convention", id, "delete", old_value, util::Json());
  return report;
}

std::optional<DocumentContent> read_document(Database& database, std::int64_t convention_id) {
  SQLite::Statement query(database.connection(),
                          "SELECT d.file_name, d.sha256, d.content FROM documents d JOIN conventions c "
                          "ON c.document_id = d.id WHERE c.id = ?");
  query.bind(1, static_cast<std::int64_t>(convention_id));
  if (!query.executeStep()) {
    return std::nullopt;
  }
  const SQLite::Column content = query.getColumn(2);
  return DocumentContent{
      query.getColumn(0).getString(),
      std::string(static_cast<const char*>(content.getBlob()), static_cast<std::size_t>(content.getBytes())),
      query.getColumn(1).getString()};
}

}  // namespace pilot::store
