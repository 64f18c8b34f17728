// Bilans as tables and text: completeness per convention and per action (`bilan status`), consistency
// warnings, and one bilan in full (`bilan show`).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "domain/value.hpp"
#include "forms/catalog.hpp"
#include "report/table.hpp"
#include "store/bilan_store.hpp"

namespace pilot::report {

// N°, Collectivité, Type, Actions, Complets, Incomplets, Non saisis, Part complète.
Table bilan_summary_table(const std::vector<store::ConventionBilanSummary>& conventions);

// Convention, Collectivité, Action, Référence, Intitulé, État, Ce qui manque.
Table bilan_lines_table(const std::vector<store::BilanStatusLine>& lines);

// Convention, Action, Référence, Code, Avertissement.
Table bilan_warnings_table(const std::vector<store::BilanWarning>& warnings);

// The text report of `bilan status`: the summary table, then the incomplete and missing bilans, then the
// warnings, and a closing line with the share complete over everything shown.
std::string bilan_status_text(int year, const std::string& scope,
                              const std::vector<store::ConventionBilanSummary>& conventions,
                              const std::vector<store::BilanStatusLine>& lines,
                              const std::vector<store::BilanWarning>& warnings);

util::Json bilan_status_json(int year, const std::string& scope,
                             const std::vector<store::ConventionBilanSummary>& conventions,
                             const std::vector<store::BilanStatusLine>& lines,
                             const std::vector<store::BilanWarning>& warnings);

// One bilan section by section: état d'avancement, real expenses, indicator values; then its state and
// warnings. `years` lists the years the action has a bilan for.
std::string bilan_detail_text(const forms::Catalog& catalog, const forms::Form& form, const std::string& heading,
                              const domain::Answers& answers,
                              const std::map<std::string, std::vector<domain::GroupRow>>& groups,
                              const store::BilanCompleteness& completeness,
                              const std::vector<store::BilanWarning>& warnings, const std::vector<int>& years);

util::Json bilan_detail_json(const forms::Form& form, std::int64_t action_id, const std::string& reference, int year,
                             const domain::Answers& answers,
                             const std::map<std::string, std::vector<domain::GroupRow>>& groups,
                             const store::BilanCompleteness& completeness,
                             const std::vector<store::BilanWarning>& warnings);

}  // namespace pilot::report
