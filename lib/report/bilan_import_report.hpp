// What `pilot bilan import` prints: one line per bilan of a dry run and the summary. Problems, their
// excerpts and the --errors reports are the action import's (report/import_report.hpp).
#pragma once

#include <string>

#include "report/import_report.hpp"

namespace pilot::report {

// « FA-1 « Intitulé » : bilan 2025 créé (action n° 1)  [bilans.csv:2] », then « champ : ancien → nouveau ».
std::string render_bilan_plan_entry(const PlanEntry& entry, int year);

// Sources, row counts, bilans by outcome, problems by code, and what was (not) written.
std::string render_bilan_import_summary(const ImportSummary& summary, int year);

}  // namespace pilot::report
