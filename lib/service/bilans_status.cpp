// Completeness of bilans, their consistency warnings, and `bilan status`.
#include <fmt/format.h>

#include <cmath>
#include <map>

#include "campaign/owed.hpp"
#include "forms/check.hpp"
#include "service/bilan_codec.hpp"
#include "service/bilans.hpp"
#include "service/bilans_detail.hpp"
#include "service/catalog_access.hpp"
#include "store/campaign_store.hpp"
#include "store/convention_store.hpp"
#include "util/number.hpp"
#include "util/text.hpp"

namespace pilot::service {
namespace {

using namespace bilans_detail;

bool started(const store::Bilan& bilan) {
  for (const auto& answer : bilan.answers) {
    if (answer.field_key == "commence") {
      return answer.text && *answer.text == "oui";
    }
  }
  return false;
}

std::int64_t planned_cents(const domain::Action& action, int year) {
  std::int64_t total = 0;
  for (const auto& line : action.budget) {
    if (line.year == year && !line.informational) {
      total += line.amount_cents.value_or(0);
    }
  }
  return total;
}

std::int64_t real_cents(const store::Bilan& bilan) {
  std::int64_t total = 0;
  for (const auto& expense : bilan.expenses) {
    if (!expense.informational) {
      total += expense.amount_cents;
    }
  }
  return total;
}

bool same_indicator(const domain::Indicator& planned, const store::BilanIndicator& declared) {
  if (planned.kind != declared.kind) {
    return false;
  }
  return planned.kind == domain::IndicatorKind::national ? planned.code == declared.code
                                                         : util::fold(planned.label) == util::fold(declared.label);
}

std::optional<double> planned_target(const domain::Indicator& indicator, int year) {
  for (const auto& planned_year : indicator.years) {
    if (planned_year.year == year) {
      return planned_year.target;
    }
  }
  return std::nullopt;
}

std::string number_text(double value) {
  return std::abs(value - std::round(value)) < 1e-9
             ? util::format_integer_fr(static_cast<std::int64_t>(std::llround(value)))
             : util::format_decimal_fr(value, 2);
}

// W704: summed over the convention's bilans of the year, a national sub-count above its total.
void convention_warnings(const forms::Catalog& catalog, std::int64_t convention_id,
                         const std::map<std::string, double>& realised_by_code, std::vector<BilanWarning>& warnings) {
  for (const auto& [code, value] : realised_by_code) {
    const forms::IndicatorDef* child = catalog.find_indicator(code);
    if (child == nullptr || child->part_of.empty()) {
      continue;
    }
    const auto parent = realised_by_code.find(child->part_of);
    if (parent == realised_by_code.end() || value <= parent->second + 1e-9) {
      continue;
    }
    const forms::IndicatorDef* total = catalog.find_indicator(child->part_of);
    warnings.push_back(BilanWarning{
        convention_id, 0, "", "W704",
        fmt::format("convention n° {} : « {} » ({} au total des bilans) dépasse « {} » ({}) dont il est une partie",
                    convention_id, child->label, number_text(value), total == nullptr ? parent->first : total->label,
                    number_text(parent->second))});
  }
}

}  // namespace

BilanCompleteness assess_bilan(const forms::Catalog& catalog, const forms::Form& form,
                               const store::StoredAction& action, const std::optional<store::Bilan>& bilan, int year) {
  BilanCompleteness out;
  if (!bilan) {
    out.state = store::BilanState::missing;
    return out;
  }
  const FormRecord record = record_from_bilan(form, *bilan, action.action.reference);
  for (const auto& problem : forms::check_record(catalog, form, record.answers, record.groups)) {
    if (problem.severity != forms::Severity::error) {
      continue;
    }
    out.lacks.push_back(is_incompleteness(problem) ? lack_text(form, problem) : problem.message);
  }
  if (started(*bilan)) {
    if (bilan->expenses.empty() && planned_cents(action.action, year) > 0) {
      out.lacks.push_back(fmt::format("dépenses réelles {} (budget prévu : {})", year,
                                      util::format_money_fr(planned_cents(action.action, year))));
    }
    for (const auto& indicator : action.action.indicators) {
      if (!planned_target(indicator, year)) {
        continue;
      }
      const bool declared = std::any_of(bilan->indicators.begin(), bilan->indicators.end(),
                                        [&](const store::BilanIndicator& d) { return same_indicator(indicator, d); });
      if (!declared) {
        out.lacks.push_back(fmt::format("valeur réalisée de « {} »", indicator.label));
      }
    }
  }
  out.state = out.lacks.empty() ? store::BilanState::complete : store::BilanState::incomplete;
  return out;
}

std::vector<BilanWarning> bilan_warnings(const forms::Catalog& catalog, const forms::Form& form,
                                         const forms::BilanThresholds& thresholds, const store::StoredAction& action,
                                         const store::Bilan& bilan, std::int64_t convention_id) {
  std::vector<BilanWarning> out;
  const auto& reference = action.action.reference;
  auto warn = [&](std::string code, std::string message) {
    out.push_back(BilanWarning{convention_id, action.action.id, reference, std::move(code), std::move(message)});
  };
  const FormRecord record = record_from_bilan(form, bilan, reference);
  for (const auto& problem : forms::check_record(catalog, form, record.answers, record.groups)) {
    if (problem.severity == forms::Severity::warning) {
      warn(problem.code, problem.message);
    }
  }
  const std::int64_t planned = planned_cents(action.action, bilan.year);
  const std::int64_t real = real_cents(bilan);
  if (planned > 0 &&
      static_cast<double>(real) > static_cast<double>(planned) * (1 + thresholds.budget_overrun_percent / 100)) {
    warn("W701", fmt::format("dépenses réelles {} ({}) supérieures de {} au budget prévu ({}) : vérifiez les montants",
                             bilan.year, util::format_money_fr(real),
                             util::format_percent_fr(100.0 * static_cast<double>(real - planned) /
                                                     static_cast<double>(planned)),
                             util::format_money_fr(planned)));
  } else if (planned == 0 && real > 0) {
    warn("W702", fmt::format("dépenses réelles {} ({}) alors qu'aucun budget n'est prévu pour cette année", bilan.year,
                             util::format_money_fr(real)));
  }
  for (const auto& declared : bilan.indicators) {
    const domain::Indicator* planned_indicator = nullptr;
    for (const auto& indicator : action.action.indicators) {
      if (same_indicator(indicator, declared)) {
        planned_indicator = &indicator;
      }
    }
    if (planned_indicator == nullptr) {
      warn("W705",
           fmt::format("« {} » n'est pas un indicateur du plan de l'action : vérifiez son libellé ou ajoutez-le "
                       "lors de la mise à jour",
                       declared.label));
    }
    std::optional<double> target = declared.target;
    if (!target && planned_indicator != nullptr) {
      target = planned_target(*planned_indicator, bilan.year);
    }
    if (!target || *target <= 0 || !util::trim(declared.comment).empty()) {
      continue;
    }
    const double gap = 100.0 * std::abs(declared.realised - *target) / *target;
    if (gap > thresholds.indicator_gap_percent) {
      warn("W703",
           fmt::format("« {} » : réalisé {} pour une cible de {} (écart de {}) sans commentaire pour l'expliquer",
                       declared.label, number_text(declared.realised), number_text(*target),
                       util::format_percent_fr(gap)));
    }
  }
  return out;
}

Result<forms::BilanThresholds> bilan_thresholds(const Context& context) {
  const auto path = context.schemas_dir / "campaigns.yaml";
  std::error_code ignored;
  if (!std::filesystem::exists(path, ignored)) {
    return forms::BilanThresholds{};
  }
  auto calendar = forms::load_campaign_file(path);
  if (!calendar) {
    return std::unexpected(calendar.error());
  }
  return calendar->thresholds;
}

Result<BilanStatusReport> bilan_status(const Context& context, const BilanStatusOptions& options) {
  if (options.year >= context.today.year) {
    return fail(ErrorKind::usage, fmt::format("l'année {} n'est pas écoulée : en {}, les bilans portent sur {} au plus "
                                              "tard",
                                              options.year, context.today.year, context.today.year - 1));
  }
  auto forms = catalog(context);
  if (!forms) {
    return std::unexpected(forms.error());
  }
  auto thresholds = bilan_thresholds(context);
  if (!thresholds) {
    return std::unexpected(thresholds.error());
  }
  auto database = open_database(context, store::Access::read_only);
  if (!database) {
    return std::unexpected(database.error());
  }
  if (options.scope.convention_id && !store::find_convention(*database, *options.scope.convention_id)) {
    return fail(ErrorKind::not_found, fmt::format("convention n° {} introuvable", *options.scope.convention_id));
  }
  auto scope = resolve_scope(*database, options.scope);
  if (!scope) {
    return std::unexpected(scope.error());
  }
  BilanStatusReport report;
  report.year = options.year;
  report.scope = describe_scope(*database, options.scope);
  auto& db = database->connection();
  for (const auto& convention : store::list_conventions(*database, *scope)) {
    if (convention.period.start.year > options.year || convention.period.end.year < options.year) {
      continue;
    }
    auto form = bilan_form_for(**forms, convention);
    if (!form) {
      return std::unexpected(form.error());
    }
    ConventionBilanSummary summary{convention.id, convention.collectivite_name, convention.type};
    std::map<std::string, double> realised_by_code;
    for (const auto& entry : store::actions_of_convention(db, convention.id)) {
      campaign::ActionFacts facts;
      facts.dropped_year = entry.dropped_year;
      facts.first_planned_year = entry.first_planned_year;
      if (!campaign::action_live_in(facts, options.year)) {
        continue;
      }
      const auto action = store::load_action(db, entry.id);
      const auto bilan = store::load_bilan(db, entry.id, options.year);
      BilanStatusLine line{
          convention.id, convention.collectivite_name, convention.type, entry.id, entry.reference, entry.title, {}};
      line.completeness = assess_bilan(**forms, **form, *action, bilan, options.year);
      ++summary.actions;
      switch (line.completeness.state) {
        case store::BilanState::complete: ++summary.complete; break;
        case store::BilanState::incomplete: ++summary.incomplete; break;
        case store::BilanState::missing: ++summary.missing; break;
      }
      if (bilan) {
        for (auto& warning : bilan_warnings(**forms, **form, *thresholds, *action, *bilan, convention.id)) {
          report.warnings.push_back(std::move(warning));
        }
        for (const auto& indicator : bilan->indicators) {
          if (indicator.kind == domain::IndicatorKind::national) {
            realised_by_code[indicator.code] += indicator.realised;
          }
        }
      }
      report.lines.push_back(std::move(line));
    }
    convention_warnings(**forms, convention.id, realised_by_code, report.warnings);
    report.conventions.push_back(std::move(summary));
  }
  return report;
}

}  // namespace pilot::service
