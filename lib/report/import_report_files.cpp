// The --errors report of an import as CSV (French Excel) or JSON: one record per problem, in file order.
#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

#include "io/csv/writer.hpp"
#include "io/xlsx/cell.hpp"
#include "report/import_report.hpp"
#include "report/import_report_detail.hpp"
#include "util/json.hpp"
#include "util/staged_file.hpp"
#include "util/system_error.hpp"
#include "util/text.hpp"

namespace pilot::report {
namespace detail {

ProblemFields problem_fields(const std::vector<ImportSourceInfo>& sources, const store::StagedProblem& problem) {
  ProblemFields fields;
  if (problem.source >= 0 && static_cast<std::size_t>(problem.source) < sources.size()) {
    const ImportSourceInfo& source = sources[static_cast<std::size_t>(problem.source)];
    fields.file = source.file == "-" ? std::string("<entrée standard>") : source.file;
    fields.sheet = source.sheet;
    if (problem.line > 0) {
      fields.line = std::to_string(problem.line);
    }
    if (problem.column > 0) {
      if (source.sheet.empty()) {
        fields.column = std::to_string(problem.column);
      } else {
        fields.column = io::xlsx::column_letters(static_cast<std::size_t>(problem.column - 1));
        if (problem.line > 0) {
          fields.cell = io::xlsx::cell_reference(source.sheet, static_cast<std::size_t>(problem.column - 1),
                                                 static_cast<std::uint32_t>(problem.line));
        }
      }
    }
  }
  return fields;
}

}  // namespace detail

namespace {

const std::vector<std::string> k_csv_header = {"Fichier", "Feuille", "Ligne", "Colonne", "Cellule", "Référence",
                                               "Champ",   "Valeur",  "Code",  "Gravité", "Message"};

Result<void> write_csv_report(const std::filesystem::path& path, store::ImportStaging& staging,
                              const std::vector<ImportSourceInfo>& sources) {
  auto writer = io::csv::Writer::open(path.string(), io::csv::Flavor::fr);
  if (!writer) {
    return std::unexpected(writer.error());
  }
  if (auto written = writer->write_row(k_csv_header); !written) {
    return written;
  }
  Result<void> status;
  staging.for_each_problem([&](const store::StagedProblem& problem) {
    const auto fields = detail::problem_fields(sources, problem);
    // Values and messages come from the user's file: keep Excel from evaluating them.
    status = writer->write_row(std::vector<std::string>{
        fields.file, fields.sheet, fields.line, fields.column, fields.cell,
        io::csv::neutralize_formula(problem.reference), problem.field, io::csv::neutralize_formula(problem.value),
        problem.code, problem.warning ? "avertissement" : "erreur", io::csv::neutralize_formula(problem.message)});
    return status.has_value();
  });
  if (!status) {
    return status;
  }
  return writer->close();
}

struct FileCloser {
  void operator()(std::FILE* file) const { std::fclose(file); }
};

Result<void> write_json_report(const std::filesystem::path& path, store::ImportStaging& staging,
                               const std::vector<ImportSourceInfo>& sources) {
  std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.string().c_str(), "wb"));
  if (!file) {
    return fail(ErrorKind::io,
                fmt::format("impossible de créer « {} » : {}", path.string(), util::describe_errno(errno)));
  }
  std::string buffer = "[";
  bool first = true;
  bool write_failed = false;
  auto flush = [&] {
    if (!buffer.empty() && std::fwrite(buffer.data(), 1, buffer.size(), file.get()) != buffer.size()) {
      write_failed = true;
    }
    buffer.clear();
  };
  auto member = [&](std::string_view key, std::string_view value, bool comma = true) {
    util::append_json_string(buffer, key);
    buffer += ": ";
    util::append_json_string(buffer, value);
    if (comma) {
      buffer += ", ";
    }
  };
  staging.for_each_problem([&](const store::StagedProblem& problem) {
    const auto fields = detail::problem_fields(sources, problem);
    buffer += first ? "\n  {" : ",\n  {";
    first = false;
    member("fichier", fields.file);
    member("feuille", fields.sheet);
    buffer += "\"ligne\": " + (fields.line.empty() ? std::string("null") : fields.line) + ", ";
    member("colonne", fields.column);
    member("cellule", fields.cell);
    member("reference", problem.reference);
    member("champ", problem.field);
    member("valeur", problem.value);
    member("code", problem.code);
    member("gravite", problem.warning ? "avertissement" : "erreur");
    member("message", problem.message, false);
    buffer += "}";
    if (buffer.size() > 256 * 1024) {
      flush();
    }
    return !write_failed;
  });
  buffer += first ? "]\n" : "\n]\n";
  flush();
  if (write_failed || std::fflush(file.get()) != 0 || std::fclose(file.release()) != 0) {
    return fail(ErrorKind::io,
                fmt::format("écriture impossible dans « {} » : {}", path.string(), util::describe_errno(errno)));
  }
  return {};
}

}  // namespace

Result<void> write_import_errors(const std::filesystem::path& path, store::ImportStaging& staging,
                                 const std::vector<ImportSourceInfo>& sources) {
  const std::string extension = util::fold(path.extension().string());
  if (extension != ".csv" && extension != ".json" && extension != ".xlsx") {
    return fail(ErrorKind::usage,
                fmt::format("rapport « {} » : extension attendue .csv, .json ou .xlsx", path.string()));
  }
  // Whole or not at all: an interrupted import leaves no half report under the name asked for.
  auto staged = util::StagedFile::create(path);
  if (!staged) {
    return std::unexpected(staged.error());
  }
  const std::filesystem::path written_path = staged->path();
  Result<void> written = extension == ".csv"    ? write_csv_report(written_path, staging, sources)
                         : extension == ".json" ? write_json_report(written_path, staging, sources)
                                                : detail::write_xlsx_report(written_path, staging, sources);
  if (!written) {
    return std::unexpected(staged->named_final(written.error()));
  }
  return staged->commit();
}

}  // namespace pilot::report
