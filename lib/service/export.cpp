#include "service/export.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>

#include "forms/catalog.hpp"
#include "io/xlsx/writer.hpp"
#include "report/export_manifest.hpp"
#include "report/export_pipeline.hpp"
#include "report/export_tables.hpp"
#include "report/fiche.hpp"
#include "report/recap.hpp"
#include "service/catalog_access.hpp"
#include "store/bilan_store.hpp"
#include "store/convention_store.hpp"
#include "store/export_store.hpp"
#include "store/validation_store.hpp"
#include "util/sha256.hpp"
#include "util/staged_file.hpp"
#include "util/system_error.hpp"
#include "util/text.hpp"

namespace pilot::service {
namespace {

namespace fs = std::filesystem;

Result<std::string> file_sha256(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return fail(ErrorKind::io, fmt::format("{} : relecture impossible pour calculer l'empreinte", path));
  }
  util::Sha256 hasher;
  std::string buffer(1 << 20, '\0');
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    hasher.update(std::string_view(buffer.data(), static_cast<std::size_t>(in.gcount())));
  }
  return hasher.hex_digest();
}

// Writes `path` through `write(path to write)`, whole or not at all (util::StagedFile).
template <class Write>
Result<void> write_staged(const std::string& path, Write&& write) {
  auto staged = util::StagedFile::create(path);
  if (!staged) {
    return std::unexpected(staged.error());
  }
  if (Result<void> written = write(staged->path()); !written) {
    return std::unexpected(staged->named_final(written.error()));
  }
  return staged->commit();
}

// The files of one export, each written under a temporary name and renamed into place only once
// every one is complete: a failed or interrupted export leaves nothing half written under a final
// name, and the previous export stays as it was.
class StagedFiles {
 public:
  // The path to write for `path` ("-" as is).
  Result<std::string> add(const std::string& path) {
    auto staged = util::StagedFile::create(path);
    if (!staged) {
      return std::unexpected(staged.error());
    }
    m_files.push_back(std::move(*staged));
    return m_files.back().path();
  }
  // An error of a writer, naming the final files rather than the temporary ones.
  Error named_final(Error error) const {
    for (const auto& file : m_files) {
      error = file.named_final(std::move(error));
    }
    return error;
  }
  Result<void> commit() {
    for (auto& file : m_files) {
      if (auto committed = file.commit(); !committed) {
        return committed;
      }
    }
    m_committed = true;
    return {};
  }
  // A folder the export created for its files: removed again if the export fails and leaves it empty.
  void created_directory(fs::path directory) { m_created_directory = std::move(directory); }

  StagedFiles() = default;
  StagedFiles(const StagedFiles&) = delete;
  StagedFiles& operator=(const StagedFiles&) = delete;
  ~StagedFiles() {
    if (!m_committed && !m_created_directory.empty()) {
      m_files.clear();  // their temporary files go first
      std::error_code ignored;
      fs::remove(m_created_directory, ignored);  // a folder is only removed when empty
    }
  }

 private:
  std::vector<util::StagedFile> m_files;
  fs::path m_created_directory;
  bool m_committed = false;
};

util::Json texts_json(const std::vector<std::string>& values) {
  util::Json array = util::Json::array();
  for (const auto& value : values) {
    array.push(value);
  }
  return array;
}

struct ResolvedExport {
  std::vector<report::ExportKind> kinds;
  std::string format;
  io::csv::Flavor flavor = io::csv::Flavor::fr;
  store::StatusFilter status = store::StatusFilter::all;
  bool to_directory = false;
};

Result<ResolvedExport> resolve_options(const ExportOptions& options) {
  ResolvedExport resolved;
  if (options.tables.empty()) {
    return fail(ErrorKind::usage,
                "indiquez au moins une table : conventions, actions, budgets, indicateurs, bilans "
                "ou validations");
  }
  for (const auto& name : options.tables) {
    auto kind = report::parse_export_kind(name);
    if (!kind) {
      return std::unexpected(kind.error());
    }
    if (std::find(resolved.kinds.begin(), resolved.kinds.end(), *kind) == resolved.kinds.end()) {
      resolved.kinds.push_back(*kind);
    }
  }
  if (options.output.empty()) {
    return fail(ErrorKind::usage, "indiquez le fichier de sortie avec -o FICHIER (« - » : sortie standard)");
  }
  resolved.format = util::fold(options.format);
  if (resolved.format.empty()) {
    const std::string extension = util::fold(fs::path(options.output).extension().string());
    // « export.ods » or « export.xls » would hold CSV under a name the spreadsheet reads as another
    // format: said rather than written.
    std::error_code ignored;
    if (options.output != "-" && !extension.empty() && extension != ".csv" && extension != ".txt" &&
        extension != ".xlsx" && !fs::is_directory(options.output, ignored)) {
      return fail(
          ErrorKind::usage,
          fmt::format("-o « {} » : extension attendue .csv ou .xlsx (ou précisez --format csv|xlsx)", options.output));
    }
    resolved.format = extension == ".xlsx" ? "xlsx" : "csv";
  }
  if (resolved.format != "csv" && resolved.format != "xlsx") {
    return fail(ErrorKind::usage, fmt::format("format inconnu « {} » : csv ou xlsx", options.format));
  }
  if (resolved.format == "xlsx" && options.output == "-") {
    return fail(ErrorKind::usage,
                "un classeur XLSX ne peut pas être écrit sur la sortie standard : donnez un fichier "
                "avec -o FICHIER.xlsx");
  }
  const std::string dialect = util::fold(options.csv_dialect);
  if (dialect == "rfc4180") {
    resolved.flavor = io::csv::Flavor::rfc4180;
  } else if (dialect != "fr") {
    return fail(ErrorKind::usage, fmt::format("dialecte CSV inconnu « {} » : fr ou rfc4180", options.csv_dialect));
  }
  auto status = store::parse_status_filter(options.status);
  if (!status) {
    return fail(ErrorKind::usage, "--status : " + status.error().message);
  }
  resolved.status = *status;
  if (options.year && (*options.year < 1900 || *options.year > 2200)) {
    return fail(ErrorKind::usage, fmt::format("année invalide « {} »", *options.year));
  }
  std::error_code ignored;
  resolved.to_directory = resolved.format == "csv" && options.output != "-" &&
                          (fs::is_directory(options.output, ignored) || options.output.back() == '/');
  if (resolved.format == "csv" && resolved.kinds.size() > 1 && !resolved.to_directory) {
    return fail(ErrorKind::usage,
                fmt::format("{} tables en CSV font {} fichiers : -o doit nommer un dossier (existant, "
                            "ou terminé par « / »), ou choisissez --format xlsx",
                            resolved.kinds.size(), resolved.kinds.size()));
  }
  if (resolved.format == "xlsx" && fs::is_directory(options.output, ignored)) {
    return fail(ErrorKind::usage, fmt::format("« {} » est un dossier : donnez un fichier .xlsx", options.output));
  }
  return resolved;
}

report::Manifest base_manifest(const Context& context, const ExportOptions& options, const ResolvedExport& resolved,
                               store::Database& database, const forms::Catalog& catalog,
                               const store::ExportFilter& filter) {
  report::Manifest manifest;
  manifest.pilot_version = options.pilot_version;
  manifest.generated_at = context.now;
  manifest.command = context.command_line;
  manifest.user = context.user;
  manifest.database = fs::absolute(context.db_path).lexically_normal().string();
  manifest.data_timestamp = database.data_timestamp();
  manifest.schema_version = database.schema_version();
  manifest.scope = describe_scope(database, options.scope);
  util::Json filters = util::Json::object();
  std::vector<std::string> tables;
  for (const auto kind : resolved.kinds) {
    tables.emplace_back(report::to_code(kind));
  }
  filters.set("tables", texts_json(tables))
      .set("region", texts_json(options.scope.regions))
      .set("departement", texts_json(options.scope.departements))
      .set("collectivite", texts_json(options.scope.collectivites))
      .set("type", texts_json(options.scope.types))
      .set("convention", options.scope.convention_id ? util::Json(*options.scope.convention_id) : util::Json())
      .set("statut", std::string(store::to_code(resolved.status)))
      .set("annee", options.year ? util::Json(*options.year) : util::Json());
  manifest.filters = filters;
  manifest.status = resolved.status;
  manifest.year = options.year;
  for (const auto& usage : store::export_form_usage(database, filter)) {
    report::ManifestForm form{usage.form_id, usage.form_version, usage.actions, std::nullopt, ""};
    if (const forms::Form* current = catalog.find_form(usage.form_id)) {
      form.current_version = current->version;
      form.title = current->title;
    }
    manifest.forms.push_back(std::move(form));
  }
  manifest.status_counts = store::export_status_counts(database, filter);
  manifest.format = resolved.format;
  manifest.csv_dialect = resolved.flavor == io::csv::Flavor::fr ? "fr" : "rfc4180";
  return manifest;
}

Result<void> export_xlsx(const ExportOptions& options, report::ExportSource& source,
                         const std::vector<report::ExportKind>& kinds, report::Manifest& manifest,
                         const std::string& manifest_path, ExportReport& report, StagedFiles& staged) {
  io::xlsx::WriterOptions writer_options;
  writer_options.constant_memory = true;
  writer_options.zip64 = true;  // a million-row sheet can exceed 4 GB of XML
  // Rows wait in a temporary file until the sheet is zipped: where the user says temporary files go.
  if (const char* tmpdir = std::getenv("TMPDIR"); tmpdir != nullptr && *tmpdir != '\0') {
    writer_options.tmpdir = tmpdir;
  }
  auto written_path = staged.add(options.output);
  if (!written_path) {
    return std::unexpected(written_path.error());
  }
  auto workbook = io::xlsx::WorkbookWriter::create(*written_path, writer_options);
  if (!workbook) {
    return std::unexpected(staged.named_final(workbook.error()));
  }
  (void)workbook->set_properties({"Export pilot", manifest.scope, manifest.user, "", manifest.command, 0});
  report::XlsxSink sink(*workbook);
  report::PipelinedSink pipeline(sink);
  for (const auto kind : kinds) {
    auto result = report::export_table(kind, source, pipeline);
    if (!result) {
      return std::unexpected(result.error());
    }
    manifest.files.push_back({result->table.key, options.output, result->rows, "", sink.sheets().back().second});
    manifest.tables.push_back(std::move(result->table));
  }
  if (auto written = report::write_definitions_sheet(*workbook, manifest.tables); !written) {
    return written;
  }
  if (auto written = report::write_manifest_sheet(*workbook, manifest,
                                                  manifest_path == "-"
                                                      ? std::string("le manifeste JSON écrit sur la sortie standard")
                                                      : fs::path(manifest_path).filename().string());
      !written) {
    return written;
  }
  report.truncated_cells = workbook->truncated_cells();
  if (auto closed = workbook->close(); !closed) {
    return std::unexpected(staged.named_final(closed.error()));
  }
  auto digest = file_sha256(*written_path);
  if (!digest) {
    return std::unexpected(digest.error());
  }
  for (auto& file : manifest.files) {
    file.sha256 = *digest;
    report.files.push_back({file.table, file.path, file.rows, *digest});
  }
  return {};
}

Result<void> export_csv(const ExportOptions& options, const ResolvedExport& resolved, report::ExportSource& source,
                        report::Manifest& manifest, ExportReport& report, StagedFiles& staged) {
  for (const auto kind : resolved.kinds) {
    const std::string path = resolved.to_directory
                                 ? (fs::path(options.output) / (std::string(report::to_code(kind)) + ".csv")).string()
                                 : options.output;
    if (resolved.to_directory) {
      std::error_code error;
      const bool existed = fs::exists(options.output, error);
      fs::create_directories(options.output, error);
      if (error) {
        return fail(ErrorKind::io,
                    fmt::format("{} : dossier impossible à créer ({})", options.output, util::describe_error(error)));
      }
      if (!existed) {
        staged.created_directory(options.output);
      }
    }
    auto written_path = staged.add(path);
    if (!written_path) {
      return std::unexpected(written_path.error());
    }
    auto sink = report::CsvSink::open(*written_path, resolved.flavor);
    if (!sink) {
      return std::unexpected(staged.named_final(sink.error()));
    }
    report::PipelinedSink pipeline(**sink);
    auto result = report::export_table(kind, source, pipeline);
    if (!result) {
      return std::unexpected(staged.named_final(result.error()));
    }
    std::string digest;
    if (path != "-") {
      auto computed = file_sha256(*written_path);
      if (!computed) {
        return std::unexpected(computed.error());
      }
      digest = *computed;
    }
    manifest.files.push_back({result->table.key, path, result->rows, digest, {}});
    manifest.tables.push_back(std::move(result->table));
    report.files.push_back({std::string(report::to_code(kind)), path, result->rows, digest});
  }
  return {};
}

}  // namespace

Result<ExportReport> run_export(const Context& context, const ExportOptions& options) {
  auto resolved = resolve_options(options);
  if (!resolved) {
    return std::unexpected(resolved.error());
  }
  auto forms = catalog(context);
  if (!forms) {
    return std::unexpected(forms.error());
  }
  auto database = open_database(context, store::Access::read_only);
  if (!database) {
    return std::unexpected(database.error());
  }
  store::ReadSnapshot snapshot(*database);
  auto scope = resolve_scope(*database, options.scope);
  if (!scope) {
    return std::unexpected(scope.error());
  }
  store::ExportFilter filter{*scope, resolved->status, options.year};
  report::ExportSource source{*database, **forms, filter};
  report::Manifest manifest = base_manifest(context, options, *resolved, *database, **forms, filter);

  std::string manifest_path = options.manifest;
  if (manifest_path == "-" && options.output == "-") {
    return fail(ErrorKind::usage,
                "--manifest - et -o - écriraient tous deux sur la sortie standard : donnez un fichier "
                "à l'un des deux");
  }
  if (manifest_path.empty() && options.output != "-") {
    manifest_path = resolved->to_directory ? (fs::path(options.output) / "manifest.json").string()
                                           : options.output + ".manifest.json";
  }
  ExportReport report;
  report.format = resolved->format;
  StagedFiles staged;
  Result<void> written = resolved->format == "xlsx"
                             ? export_xlsx(options, source, resolved->kinds, manifest, manifest_path, report, staged)
                             : export_csv(options, *resolved, source, manifest, report, staged);
  if (!written) {
    return std::unexpected(written.error());
  }
  if (manifest_path == "-") {
    report.manifest_text = report::manifest_json(manifest).dump(2) + "\n";
  } else if (!manifest_path.empty()) {
    auto written_path = staged.add(manifest_path);
    if (!written_path) {
      return std::unexpected(written_path.error());
    }
    if (auto saved = util::write_file(*written_path, report::manifest_json(manifest).dump(2) + "\n"); !saved) {
      return std::unexpected(staged.named_final(saved.error()));
    }
    report.manifest_path = manifest_path;
  }
  if (auto committed = staged.commit(); !committed) {
    return std::unexpected(committed.error());
  }
  return report;
}

Result<std::string> run_recap(const Context& context, const RecapOptions& options) {
  std::string format = util::fold(options.format);
  if (format == "markdown") {
    format = "md";
  }
  if (format != "text" && format != "md" && format != "csv" && format != "xlsx") {
    return fail(ErrorKind::usage, fmt::format("format inconnu « {} » : text, md, csv ou xlsx", options.format));
  }
  if (format == "xlsx" && options.output == "-") {
    return fail(ErrorKind::usage,
                "un classeur XLSX ne peut pas être écrit sur la sortie standard : donnez un fichier "
                "avec -o FICHIER.xlsx");
  }
  const std::string dialect = util::fold(options.csv_dialect);
  if (dialect != "fr" && dialect != "rfc4180") {
    return fail(ErrorKind::usage, fmt::format("dialecte CSV inconnu « {} » : fr ou rfc4180", options.csv_dialect));
  }
  const auto tabs = report::recap_tab_keys();
  if (!options.tab.empty() && std::find(tabs.begin(), tabs.end(), options.tab) == tabs.end()) {
    return fail(ErrorKind::usage, fmt::format("onglet inconnu « {} » : {}", options.tab, util::join(tabs, ", ")));
  }
  auto forms = catalog(context);
  if (!forms) {
    return std::unexpected(forms.error());
  }
  auto database = open_database(context, store::Access::read_only);
  if (!database) {
    return std::unexpected(database.error());
  }
  store::ReadSnapshot snapshot(*database);
  auto convention = store::find_convention(*database, options.convention_id);
  if (!convention) {
    return fail(ErrorKind::not_found, fmt::format("convention n° {} introuvable", options.convention_id));
  }
  report::Recap recap = report::build_recap(*database, **forms, *convention);
  if (!options.tab.empty()) {
    std::erase_if(recap.tabs, [&](const report::RecapTab& tab) { return tab.key != options.tab; });
  }
  if (format == "xlsx") {
    if (auto written = write_staged(options.output,
                                    [&](const std::string& path) { return report::write_recap_xlsx(recap, path); });
        !written) {
      return std::unexpected(written.error());
    }
    return std::string();
  }
  if (format == "csv") {
    const auto flavor = dialect == "fr" ? io::csv::Flavor::fr : io::csv::Flavor::rfc4180;
    if (auto written = write_staged(
            options.output, [&](const std::string& path) { return report::write_recap_csv(recap, path, flavor); });
        !written) {
      return std::unexpected(written.error());
    }
    return std::string();
  }
  std::string text = format == "md" ? report::render_recap_markdown(recap) : report::render_recap_text(recap);
  if (options.output == "-") {
    return text;
  }
  if (auto written = util::write_file_whole(options.output, text); !written) {
    return std::unexpected(written.error());
  }
  return std::string();
}

Result<std::string> run_fiche(const Context& context, const FicheOptions& options) {
  const std::string kind = util::fold(options.kind);
  if (kind != "action" && kind != "convention") {
    return fail(ErrorKind::usage, fmt::format("fiche inconnue « {} » : action ou convention", options.kind));
  }
  std::string format = util::fold(options.format);
  if (format.empty()) {
    const std::string extension = util::fold(fs::path(options.output).extension().string());
    if (options.output != "-" && extension != ".md" && extension != ".markdown" && extension != ".html" &&
        extension != ".htm") {
      // « fiche.pdf » would hold HTML under a PDF name: no PDF reader would open it.
      return fail(ErrorKind::usage,
                  fmt::format("-o « {} » : extension attendue .html ou .md (pour un PDF, ouvrez la fiche HTML dans un "
                              "navigateur et imprimez-la en PDF), ou donnez --format",
                              options.output));
    }
    format = extension == ".md" || extension == ".markdown" ? "md" : "html";
  }
  if (format == "markdown") {
    format = "md";
  }
  if (format != "html" && format != "md") {
    return fail(ErrorKind::usage, fmt::format("format inconnu « {} » : html ou md", options.format));
  }
  auto forms = catalog(context);
  if (!forms) {
    return std::unexpected(forms.error());
  }
  auto database = open_database(context, store::Access::read_only);
  if (!database) {
    return std::unexpected(database.error());
  }
  store::ReadSnapshot snapshot(*database);
  const report::FicheContext fiche_context{database->data_timestamp(), context.now};
  report::Fiche fiche;
  if (kind == "action") {
    auto stored = store::load_action(database->connection(), options.id);
    if (!stored) {
      return fail(ErrorKind::not_found, fmt::format("action n° {} introuvable", options.id));
    }
    auto convention = store::find_convention(*database, stored->action.convention_id);
    if (!convention) {
      return fail(ErrorKind::not_found, fmt::format("convention n° {} de l'action n° {} introuvable",
                                                    stored->action.convention_id, options.id));
    }
    // As exports count them: a bilan's realised value wins over the plan's.
    store::apply_bilan_realised(stored->action, store::bilan_realised_of_action(database->connection(), options.id));
    fiche = report::action_fiche(**forms, *stored, (*forms)->find_form(stored->action.form_id), *convention,
                                 store::all_validations(database->connection(), options.id), fiche_context);
  } else {
    auto convention = store::find_convention(*database, options.id);
    if (!convention) {
      return fail(ErrorKind::not_found, fmt::format("convention n° {} introuvable", options.id));
    }
    fiche = report::convention_fiche(report::build_recap(*database, **forms, *convention), fiche_context);
  }
  std::string text = format == "md" ? report::render_fiche_markdown(fiche) : report::render_fiche_html(fiche);
  if (options.output == "-") {
    return text;
  }
  if (auto written = util::write_file_whole(options.output, text); !written) {
    return std::unexpected(written.error());
  }
  return std::string();
}

}  // namespace pilot::service
