#include "service/conventions.hpp"

#include <fmt/format.h>

#include "forms/catalog.hpp"
#include "forms/check.hpp"
#include "forms/territory_file.hpp"
#include "service/catalog_access.hpp"
#include "service/documents.hpp"
#include "util/text.hpp"

namespace pilot::service {
namespace {

// The convention form (schemas/forms/convention.yaml) holds the rules of a convention (who may
// sign which type, complete period): the same engine that checks imported rows checks these.
Result<void> check_against_form(const Context& context, const domain::Collectivite& collectivite,
                                domain::ConventionType type, const util::Date& signed_on,
                                const std::optional<domain::Period>& explicit_period, const std::string& reference,
                                const std::optional<std::string>& document_name) {
  auto forms = catalog(context);
  if (!forms) {
    return std::unexpected(forms.error());
  }
  const forms::Form* form = (*forms)->find_form("convention");
  if (form == nullptr) {
    return fail(ErrorKind::data, "formulaire « convention » introuvable dans " + context.schemas_dir.string());
  }
  domain::Answers answers;
  answers["type_collectivite"] = std::string(domain::to_code(collectivite.type));
  answers["collectivite"] = collectivite.name;
  answers["type_convention"] = std::string(domain::to_code(type));
  answers["date_signature"] = signed_on;
  if (explicit_period) {
    answers["date_debut"] = explicit_period->start;
    answers["date_fin"] = explicit_period->end;
  }
  if (!reference.empty()) {
    answers["reference"] = reference;
  }
  if (document_name) {
    answers["document"] = *document_name;
  }
  std::vector<std::string> messages;
  for (const auto& problem : forms::check_record(**forms, *form, answers, {})) {
    if (problem.severity == forms::Severity::error) {
      messages.push_back(problem.message + " [" + problem.code + "]");
    }
  }
  if (messages.empty()) {
    return {};
  }
  return fail(ErrorKind::data, fmt::format("« {} » : {}", collectivite.name, util::join(messages, " ; ")));
}

Result<util::Date> parse_cli_date(const std::string& text, std::string_view option) {
  auto date = util::parse_date(text);
  if (!date) {
    return fail(ErrorKind::data, fmt::format("{} : {}", option, date.error().message));
  }
  return *date;
}

}  // namespace

Result<InitResult> init_database(const Context& context) {
  auto reference = forms::load_territory_file(context.schemas_dir / "territoires.yaml");
  if (!reference) {
    return std::unexpected(reference.error());
  }
  auto opened = store::Database::init(context.db_path);
  if (!opened) {
    return std::unexpected(opened.error());
  }
  auto& [database, migration] = *opened;
  database.set_busy_timeout(context.busy_timeout);
  store::WriteTransaction transaction(database, context.actor());
  InitResult result{migration, store::load_territories(transaction, *reference)};
  if (migration.from_version != migration.to_version) {
    util::Json detail = util::Json::object();
    detail.set("de", migration.from_version).set("vers", migration.to_version);
    transaction.audit("base", std::nullopt, "migrate", util::Json(), detail);
  }
  transaction.commit();
  return result;
}

Result<domain::Convention> add_convention(const Context& context, const AddConventionOptions& options) {
  auto type = domain::parse_convention_type(options.type);
  if (!type) {
    return std::unexpected(Error{ErrorKind::usage, "--type : " + type.error().message});
  }
  auto signed_on = parse_cli_date(options.signed_on, "--signed");
  if (!signed_on) {
    return std::unexpected(signed_on.error());
  }
  domain::Period period = domain::default_period(*type, *signed_on);
  if (options.start) {
    auto start = parse_cli_date(*options.start, "--start");
    if (!start) {
      return std::unexpected(start.error());
    }
    period.start = *start;
  }
  if (options.end) {
    auto end = parse_cli_date(*options.end, "--end");
    if (!end) {
      return std::unexpected(end.error());
    }
    period.end = *end;
  }
  if (period.end < period.start) {
    return fail(ErrorKind::data, fmt::format("période invalide : la fin ({}) précède le début ({})",
                                             period.end.french(), period.start.french()));
  }
  std::optional<store::DocumentContent> document;
  if (options.document) {
    auto read = read_pdf_document(*options.document);
    if (!read) {
      return std::unexpected(read.error());
    }
    document = std::move(*read);
  }
  auto form = current_form_identity(context, "convention");
  if (!form) {
    return std::unexpected(form.error());
  }
  auto database = open_database(context, store::Access::read_write);
  if (!database) {
    return std::unexpected(database.error());
  }
  const auto reference = store::read_territories(*database);
  auto collectivite = domain::find_collectivite(reference.collectivites, options.collectivite);
  if (!collectivite) {
    return std::unexpected(collectivite.error());
  }
  const std::optional<domain::Period> explicit_period =
      options.start || options.end ? std::optional<domain::Period>(period) : std::nullopt;
  if (auto checked = check_against_form(context, **collectivite, *type, *signed_on, explicit_period, options.reference,
                                        document ? std::optional<std::string>(document->file_name) : std::nullopt);
      !checked) {
    return std::unexpected(checked.error());
  }
  store::WriteTransaction transaction(*database, context.actor());
  store::NewConvention convention{(*collectivite)->id, *type,    *signed_on,   period, options.reference,
                                  std::move(document), form->id, form->version};
  auto id = store::insert_convention(transaction, convention);
  if (!id) {
    return std::unexpected(id.error());
  }
  transaction.commit();
  return *store::find_convention(*database, *id);
}

Result<std::vector<domain::Convention>> list_conventions(const Context& context, const ScopeOptions& options) {
  auto database = open_database(context, store::Access::read_only);
  if (!database) {
    return std::unexpected(database.error());
  }
  auto scope = resolve_scope(*database, options);
  if (!scope) {
    return std::unexpected(scope.error());
  }
  return store::list_conventions(*database, *scope);
}

Result<domain::Convention> show_convention(const Context& context, std::int64_t id) {
  auto database = open_database(context, store::Access::read_only);
  if (!database) {
    return std::unexpected(database.error());
  }
  auto convention = store::find_convention(*database, id);
  if (!convention) {
    return fail(ErrorKind::not_found, fmt::format("convention n° {} introuvable", id));
  }
  return *convention;
}

Result<store::ConventionUpdate> edit_convention(const Context& context, std::int64_t id,
                                                const EditConventionOptions& options) {
  store::ConventionChanges changes;
  const std::pair<const std::optional<std::string>*, std::optional<util::Date>*> dates[] = {
      {&options.signed_on, &changes.signed_on}, {&options.start, &changes.start}, {&options.end, &changes.end}};
  const char* option_names[] = {"--signed", "--start", "--end"};
  for (std::size_t i = 0; i < std::size(dates); ++i) {
    if (*dates[i].first) {
      auto date = parse_cli_date(**dates[i].first, option_names[i]);
      if (!date) {
        return std::unexpected(date.error());
      }
      *dates[i].second = *date;
    }
  }
  changes.reference = options.reference;
  if (options.document) {
    auto read = read_pdf_document(*options.document);
    if (!read) {
      return std::unexpected(read.error());
    }
    changes.document = std::move(*read);
  }
  auto database = open_database(context, store::Access::read_write);
  if (!database) {
    return std::unexpected(database.error());
  }
  store::WriteTransaction transaction(*database, context.actor());
  auto updated = store::update_convention(transaction, id, changes);
  if (!updated) {
    return std::unexpected(updated.error());
  }
  transaction.commit();
  return *updated;
}

Result<DeleteConventionResult> delete_convention(const Context& context, std::int64_t id, store::Cascade cascade) {
  auto database = open_database(context, store::Access::read_write);
  if (!database) {
    return std::unexpected(database.error());
  }
  auto convention = store::find_convention(*database, id);
  if (!convention) {
    return fail(ErrorKind::not_found, fmt::format("convention n° {} introuvable", id));
  }
  store::WriteTransaction transaction(*database, context.actor());
  auto deleted = store::delete_convention(transaction, id, cascade);
  if (!deleted) {
    return std::unexpected(deleted.error());
  }
  transaction.commit();
  return DeleteConventionResult{*convention, deleted->actions_deleted};
}

Result<store::DocumentContent> convention_document(const Context& context, std::int64_t id) {
  auto database = open_database(context, store::Access::read_only);
  if (!database) {
    return std::unexpected(database.error());
  }
  if (!store::find_convention(*database, id)) {
    return fail(ErrorKind::not_found, fmt::format("convention n° {} introuvable", id));
  }
  auto document = store::read_document(*database, id);
  if (!document) {
    return fail(ErrorKind::not_found, fmt::format("la convention n° {} n'a pas de document joint", id));
  }
  return *document;
}

}  // namespace pilot::service
