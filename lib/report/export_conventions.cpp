// Table dispatch, the key columns of the long tables, and the conventions table.
#include <fmt/format.h>

#include <cmath>

#include "report/export_keys.hpp"
#include "report/export_tables.hpp"
#include "util/text.hpp"

namespace pilot::report {

std::string_view to_code(ExportKind kind) {
  switch (kind) {
    case ExportKind::conventions: return "conventions";
    case ExportKind::actions: return "actions";
    case ExportKind::budgets: return "budgets";
    case ExportKind::indicateurs: return "indicateurs";
    case ExportKind::bilans: return "bilans";
    case ExportKind::validations: return "validations";
  }
  return "";
}

std::string_view to_title(ExportKind kind) {
  switch (kind) {
    case ExportKind::conventions: return "Conventions";
    case ExportKind::actions: return "Actions";
    case ExportKind::budgets: return "Budgets";
    case ExportKind::indicateurs: return "Indicateurs";
    case ExportKind::bilans: return "Bilans";
    case ExportKind::validations: return "Validations";
  }
  return "";
}

std::vector<ExportKind> all_export_kinds() {
  return {ExportKind::conventions, ExportKind::actions, ExportKind::budgets,
          ExportKind::indicateurs, ExportKind::bilans,  ExportKind::validations};
}

Result<ExportKind> parse_export_kind(std::string_view text) {
  const std::string key = util::fold_key(text);
  std::vector<std::string> names;
  for (const auto kind : all_export_kinds()) {
    names.emplace_back(to_code(kind));
    if (key == util::fold_key(to_code(kind)) || key + "s" == util::fold_key(to_code(kind))) {
      return kind;
    }
  }
  if (key == "indicators") {
    return ExportKind::indicateurs;
  }
  const auto close = util::closest_matches(text, names, 1);
  return fail(ErrorKind::usage, fmt::format("table d'export inconnue « {} »{} (tables : {})", std::string(text),
                                            close.empty() ? "" : fmt::format(" ; vouliez-vous dire « {} » ?", close[0]),
                                            util::join(names, ", ")));
}

Result<ExportResult> export_table(ExportKind kind, ExportSource& source, RowSink& sink) {
  switch (kind) {
    case ExportKind::conventions: return export_conventions(source, sink);
    case ExportKind::actions: return export_actions(source, sink);
    case ExportKind::budgets: return export_budgets(source, sink);
    case ExportKind::indicateurs: return export_indicators(source, sink);
    case ExportKind::bilans: return export_bilans(source, sink);
    case ExportKind::validations: return export_validations(source, sink);
  }
  return fail(ErrorKind::usage, "table d'export inconnue");
}

namespace detail {

void add_key_columns(ExportTable& table) {
  table.columns.insert(
      table.columns.begin(),
      {{"convention_id", "N° convention", ColumnType::integer, "Numéro de la convention dans pilot", "", ""},
       {"type_convention", "Type de convention", ColumnType::text, "CLS, CIE ou contrat unique", "",
        "cls = CLS ; cie = CIE ; unique = Contrat unique"},
       {"collectivite", "Collectivité", ColumnType::text, "Collectivité signataire", "", ""},
       {"departement", "Département", ColumnType::text, "Code INSEE du département de la collectivité", "", ""},
       {"region", "Région", ColumnType::text, "Région du département", "", ""},
       {"action_id", "N° action", ColumnType::integer, "Numéro de l'action dans pilot (clé de jointure)", "", ""},
       {"reference", "Référence de l'action", ColumnType::text, "Numéro de la fiche action dans la convention", "", ""},
       {"intitule", "Intitulé de l'action", ColumnType::text, "", "", ""},
       {"statut", "Statut de l'action", ColumnType::text, "Statut de la double validation", "",
        "brouillon = Brouillon ; validee_collectivite = Validée par la collectivité ; validee_etat = Validée par "
        "l'État ; double_validee = Double validée"}});
}

void fill_key_cells(const store::ActionKey& key, Audience audience, std::vector<Cell>& cells) {
  cells[0] = key.convention_id;
  cells[1] = convention_type_text(key.convention_type, audience);
  cells[2] = key.collectivite;
  cells[3] = key.departement_code;
  cells[4] = audience == Audience::people ? key.region_name : key.region_code;
  cells[5] = key.action_id;
  cells[6] = key.reference;
  cells[7] = key.title;
  cells[8] = status_text(key.status, audience);
}

Cell share_of(double part, double whole) {
  if (whole == 0 || !std::isfinite(part) || !std::isfinite(whole)) {
    return {};
  }
  return Percent{std::round(10000.0 * part / whole) / 100.0};
}

std::string convention_type_text(domain::ConventionType type, Audience audience) {
  return std::string(audience == Audience::people ? domain::to_short_label(type) : domain::to_code(type));
}

std::string status_text(domain::ActionStatus status, Audience audience) {
  return std::string(audience == Audience::people ? domain::to_label(status) : domain::to_code(status));
}

std::string financer_text(domain::FinancerType financer, Audience audience) {
  return std::string(audience == Audience::people ? domain::to_label(financer) : domain::to_code(financer));
}

}  // namespace detail

namespace {

Cell share(std::int64_t part, std::int64_t total) {
  return detail::share_of(static_cast<double>(part), static_cast<double>(total));
}

}  // namespace

Result<ExportResult> export_conventions(ExportSource& source, RowSink& sink) {
  ExportTable table;
  table.key = "conventions";
  table.title = "Conventions";
  table.description = "Une ligne par convention du périmètre (tableau de synthèse du guide)";
  const std::string counted =
      "Somme des lignes budgétaires prévisionnelles des actions retenues (hors lignes « Pour info » ; pour une "
      "action abandonnée, années antérieures à l'abandon)";
  table.columns = {
      {"convention_id", "N° convention", ColumnType::integer, "Numéro de la convention dans pilot", "", ""},
      {"collectivite", "Collectivité", ColumnType::text, "Collectivité signataire", "", ""},
      {"type_collectivite", "Type de collectivité", ColumnType::text, "", "",
       "departement = Département ; metropole = Métropole"},
      {"departement", "Département (code)", ColumnType::text, "Code INSEE", "", ""},
      {"departement_nom", "Département", ColumnType::text, "", "", ""},
      {"region", "Région (code)", ColumnType::text, "Code INSEE", "", ""},
      {"region_nom", "Région", ColumnType::text, "", "", ""},
      {"type_convention", "Type de convention", ColumnType::text, "", "",
       "cls = Contrat local des solidarités (CLS) ; cie = Convention pour l'insertion et l'emploi (CIE) ; unique = "
       "Contrat unique"},
      {"date_signature", "Date de signature", ColumnType::date, "Date de signature (ou date prévue)", "", ""},
      {"debut", "Début de la période", ColumnType::date, "", "", ""},
      {"fin", "Fin de la période", ColumnType::date, "", "", ""},
      {"reference", "Référence", ColumnType::text, "Référence libre de la convention", "", ""},
      {"nombre_actions", "Nombre d'actions", ColumnType::integer, "Actions non abandonnées retenues par le filtre", "",
       ""},
      {"budget_total", "Budget total", ColumnType::money, counted, "€", ""},
      {"budget_etat", "Budget État", ColumnType::money, "Part de l'État du budget total", "€", ""},
      {"budget_collectivite", "Budget collectivité", ColumnType::money, "Part de la collectivité du budget total", "€",
       ""},
      {"budget_autres", "Budget autres co-financeurs", ColumnType::money, "Part des autres co-financeurs", "€", ""},
      {"part_etat", "Part État", ColumnType::percent, "Budget État / budget total × 100", "%", ""},
      {"part_collectivite", "Part collectivité", ColumnType::percent, "Budget collectivité / budget total × 100", "%",
       ""},
      {"part_autres", "Part autres co-financeurs", ColumnType::percent, "Budget autres / budget total × 100", "%", ""},
      {"document", "Convention signée (fichier)", ColumnType::text, "Nom du PDF joint, s'il y en a un", "", ""},
  };
  const Audience audience = sink.audience();
  const auto conventions = store::export_conventions(source.database, source.filter);
  return detail::stream_table(std::move(table), sink, [&](std::vector<Cell>& cells, auto& emit) -> Result<void> {
    for (const auto& convention : conventions) {
      std::size_t i = 0;
      cells[i++] = convention.id;
      cells[i++] = convention.collectivite_name;
      cells[i++] = std::string(audience == Audience::people ? domain::to_label(convention.collectivite_type)
                                                            : domain::to_code(convention.collectivite_type));
      cells[i++] = convention.departement_code;
      cells[i++] = convention.departement_name;
      cells[i++] = convention.region_code;
      cells[i++] = convention.region_name;
      cells[i++] = std::string(audience == Audience::people ? domain::to_label(convention.type)
                                                            : domain::to_code(convention.type));
      cells[i++] = convention.signed_on;
      cells[i++] = convention.period.start;
      cells[i++] = convention.period.end;
      cells[i++] = convention.reference;
      cells[i++] = convention.action_count;
      cells[i++] = Money{convention.budget_cents};
      cells[i++] = Money{convention.budget_state_cents};
      cells[i++] = Money{convention.budget_collectivite_cents};
      cells[i++] = Money{convention.budget_other_cents};
      cells[i++] = share(convention.budget_state_cents, convention.budget_cents);
      cells[i++] = share(convention.budget_collectivite_cents, convention.budget_cents);
      cells[i++] = share(convention.budget_other_cents, convention.budget_cents);
      cells[i++] = convention.document ? Cell(convention.document->file_name) : Cell();
      if (auto written = emit(); !written) {
        return written;
      }
    }
    return {};
  });
}

}  // namespace pilot::report
