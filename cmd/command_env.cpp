#include "command_env.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>

#include "util/staged_file.hpp"
#include "util/system_error.hpp"
#include "util/text.hpp"

namespace pilot::cmd {
namespace {

std::string env_or(const char* name, const std::string& fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? std::string(value) : fallback;
}

std::string login_name() {
  if (const passwd* entry = getpwuid(geteuid()); entry != nullptr && entry->pw_name != nullptr) {
    return entry->pw_name;
  }
  return env_or("USER", "inconnu");
}

std::filesystem::path default_schemas_dir() {
  // A build tree uses its sources; an installed binary its share/ directory.
  for (const char* candidate : {PILOT_INSTALL_SCHEMAS, PILOT_SOURCE_SCHEMAS}) {
    std::error_code ignored;
    if (std::filesystem::exists(std::filesystem::path(candidate) / "territoires.yaml", ignored)) {
      return candidate;
    }
  }
  return PILOT_SOURCE_SCHEMAS;
}

}  // namespace

service::Context CommandEnv::context() const {
  service::Context context;
  context.db_path = !m_options.db.empty() ? m_options.db : env_or("PILOT_DB", "pilot.sqlite");
  context.user = !m_options.user.empty() ? m_options.user : env_or("PILOT_USER", login_name());
  context.schemas_dir = !m_options.schemas.empty()
                            ? std::filesystem::path(m_options.schemas)
                            : std::filesystem::path(env_or("PILOT_SCHEMAS", default_schemas_dir()));
  context.command_line = m_command_line;
  const std::string fixed_today = env_or("PILOT_TODAY", "");
  if (!fixed_today.empty()) {
    auto today = util::parse_date(fixed_today);
    if (!today) {
      throw PilotException(Error{ErrorKind::usage, "PILOT_TODAY : " + today.error().message});
    }
    context.today = *today;
  } else {
    context.today = util::today_local();
  }
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  context.now = fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", now);
  context.busy_timeout = busy_timeout_from_env();
  return context;
}

std::chrono::milliseconds busy_timeout_from_env() {
  constexpr std::int64_t k_max_seconds = 86'400;
  const std::string text(util::trim(env_or("PILOT_BUSY_TIMEOUT", "")));
  if (text.empty()) {
    return store::Database::k_default_busy_timeout;
  }
  std::int64_t seconds = -1;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), seconds);
  if (error != std::errc() || end != text.data() + text.size() || seconds < 0 || seconds > k_max_seconds) {
    throw PilotException(Error{ErrorKind::usage, fmt::format("PILOT_BUSY_TIMEOUT : attendu un nombre entier de "
                                                             "secondes, de 0 à {}, et non « {} »",
                                                             k_max_seconds, text)});
  }
  return std::chrono::seconds(seconds);
}

void add_listing_options(CLI::App& command, ListingOptions& options) {
  command.add_option("--format", options.format, "Format de sortie : text (tableau), csv ou json")
      ->check(CLI::IsMember({"text", "csv", "json"}))
      ->capture_default_str();
  command
      .add_option("--csv-dialect", options.csv_dialect,
                  "Dialecte CSV : fr (« ; », virgule décimale, JJ/MM/AAAA, pour Excel) ou rfc4180 (« , », "
                  "point décimal, dates ISO, pour les scripts)")
      ->check(CLI::IsMember({"fr", "rfc4180"}))
      ->capture_default_str();
  command.add_option("-o,--output", options.output, "Fichier de sortie (« - » : sortie standard)")
      ->capture_default_str();
  check_output_format(command, options.format, options.output, {"text", "csv", "json"});
}

void check_output_format(CLI::App& command, std::string& format, const std::string& output,
                         std::vector<std::string> formats) {
  command.parse_complete_callback([&command, &format, &output, formats = std::move(formats)] {
    if (output == "-") {
      return;
    }
    static const std::map<std::string, std::string> k_by_extension = {
        {".csv", "csv"},   {".json", "json"}, {".txt", "text"}, {".md", "md"},
        {".html", "html"}, {".htm", "html"},  {".xlsx", "xlsx"}};
    const std::string extension = util::fold(std::filesystem::path(output).extension().string());
    const auto known = k_by_extension.find(extension);
    if (known == k_by_extension.end()) {
      return;
    }
    const std::string& wanted = known->second;
    if (command.count("--format") > 0) {
      if (wanted != format) {
        throw PilotException(
            Error{ErrorKind::usage, fmt::format("-o « {} » : l'extension {} annonce du {}, mais --format demande du {}",
                                                output, extension, wanted, format)});
      }
      return;
    }
    if (std::find(formats.begin(), formats.end(), wanted) == formats.end()) {
      std::string name = command.get_name();
      if (const CLI::App* parent = command.get_parent(); parent != nullptr && parent->get_parent() != nullptr) {
        name = parent->get_name() + " " + name;
      }
      throw PilotException(Error{ErrorKind::usage, fmt::format("-o « {} » : « pilot {} » n'écrit pas de fichier {} "
                                                               "(formats : {}) ; changez l'extension ou --format",
                                                               output, name, extension, util::join(formats, ", "))});
    }
    format = wanted;
  });
}

CLI::Validator non_empty(const std::string& what) {
  return CLI::Validator([what](std::string& value) { return value.empty() ? what + " vide" : std::string(); }, "", "");
}

CLI::App* family(CLI::App& app, const std::string& name, const std::string& description) {
  for (auto* existing : app.get_subcommands([](const CLI::App*) { return true; })) {
    if (existing->get_name() == name) {
      return existing;
    }
  }
  auto* created = app.add_subcommand(name, description);
  created->require_subcommand(1);
  return created;
}

void add_scope_options(CLI::App& command, service::ScopeOptions& scope) {
  command.add_option("--region", scope.regions, "Limite à une région (code INSEE ou nom) ; répétable");
  command.add_option("--departement", scope.departements, "Limite à un département (code INSEE ou nom) ; répétable");
  command.add_option("--collectivite", scope.collectivites,
                     "Limite à une collectivité (nom, alias ou code) ; répétable");
  command.add_option("--type", scope.types, "Limite à un type de convention : cls, cie ou unique ; répétable");
}

void emit_table(const report::Table& table, const ListingOptions& options, const std::string& text_footer) {
  if (options.format == "csv") {
    write_csv_output(table, options.output,
                     options.csv_dialect == "rfc4180" ? io::csv::Flavor::rfc4180 : io::csv::Flavor::fr);
    return;
  }
  write_output(
      options.format == "json" ? report::to_json(table).dump(2) + "\n" : report::render_text(table) + text_footer,
      options.output);
}

void write_csv_output(const report::Table& table, const std::string& path, io::csv::Flavor flavor) {
  auto staged = value_or_throw(util::StagedFile::create(path));
  if (auto written = report::write_csv(table, staged.path(), flavor); !written) {
    throw PilotException(staged.named_final(written.error()));
  }
  value_or_throw(staged.commit());
}

void write_output(std::string_view bytes, const std::string& path) {
  if (path == "-") {
    std::cout.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    return;
  }
  value_or_throw(util::write_file_whole(path, bytes));
}

namespace {
std::vector<std::pair<int, Registrar>>& registry() {
  static std::vector<std::pair<int, Registrar>> entries;
  return entries;
}
}  // namespace

bool add_registrar(int order, Registrar registrar) {
  registry().emplace_back(order, std::move(registrar));
  return true;
}

std::vector<Registrar> registrars() {
  auto entries = registry();
  std::stable_sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<Registrar> out;
  for (auto& [order, registrar] : entries) {
    out.push_back(std::move(registrar));
  }
  return out;
}

}  // namespace pilot::cmd
