// What every subcommand shares: the global options (--db, --user, --schemas) and the way
// results reach the terminal. cmd/ only parses arguments, calls pilot::service and prints.
#pragma once

#include <CLI/CLI.hpp>
#include <chrono>

#include <functional>
#include <string>
#include <vector>

#include "report/table.hpp"
#include "service/context.hpp"
#include "service/scope_options.hpp"

namespace pilot::cmd {

struct GlobalOptions {
  std::string db;
  std::string user;
  std::string schemas;
  bool quiet = false;
};

class CommandEnv {
 public:
  explicit CommandEnv(std::string command_line) : m_command_line(std::move(command_line)) {}

  GlobalOptions& options() { return m_options; }

  // Resolves --db/PILOT_DB, --user/PILOT_USER/login name, --schemas/PILOT_SCHEMAS, and the
  // date (PILOT_TODAY=AAAA-MM-JJ fixes "today" for tests and replays).
  [[nodiscard]] service::Context context() const;

  [[nodiscard]] bool quiet() const { return m_options.quiet; }

 private:
  GlobalOptions m_options;
  std::string m_command_line;
};

// PILOT_BUSY_TIMEOUT: how many seconds a command waits for another command's write transaction
// (a cron job beside a long import), 0 to 86 400; the default (60 s) when unset. Throws a usage
// error naming the variable when the value is not such a number.
std::chrono::milliseconds busy_timeout_from_env();

// Output format shared by listings.
struct ListingOptions {
  std::string format = "text";
  std::string csv_dialect = "fr";
  std::string output = "-";
};

void add_listing_options(CLI::App& command, ListingOptions& options);

// Makes `-o FILE` and `--format` agree, once the command line is parsed: without --format, the
// extension of FILE chooses among `formats` (« -o liste.csv » writes CSV); an extension the command
// cannot write (« recap -o recap.xlsx » for a text-only command), or one that contradicts --format,
// is a usage error rather than a file of another kind under that name. Other extensions, and
// standard output, keep --format.
void check_output_format(CLI::App& command, std::string& format, const std::string& output,
                         std::vector<std::string> formats);

// The subcommand family `name` of `app`, created on first use: several files add commands to
// one family (`action import` and `action list` live in different files).
CLI::App* family(CLI::App& app, const std::string& name, const std::string& description);

// Refuses an empty value (`--sheet ''`), which would otherwise mean « not given ».
CLI::Validator non_empty(const std::string& what);

// The scope options shared by listings, exports and dashboards.
void add_scope_options(CLI::App& command, service::ScopeOptions& scope);

// Prints a table in the chosen format (text to stdout, csv/json to --output or stdout).
void emit_table(const report::Table& table, const ListingOptions& options, const std::string& text_footer = "");

// Writes `bytes` to standard output ("-") or to the file `path`, which appears whole or not at all
// (util::StagedFile). Throws an io error naming `path` when it cannot be written.
void write_output(std::string_view bytes, const std::string& path);

// The same for a table in CSV.
void write_csv_output(const report::Table& table, const std::string& path, io::csv::Flavor flavor);

// Throws the Error of a failed Result so main() reports it once, with its exit code.
// Takes the Result by reference: moving a by-value std::expected through another by-value call
// makes g++ 12 warn (falsely) that the vector inside may be used uninitialised.
template <class T>
T require(Result<T>&& result) {
  if (!result) {
    throw PilotException(std::move(result.error()));
  }
  return std::move(*result);
}

inline void require(Result<void>&& result) {
  if (!result) {
    throw PilotException(std::move(result.error()));
  }
}

// One entry per subcommand family (ninja-style tool table). Each cmd_*.cpp file adds its own
// with a static `add_registrar(order, ...)`, so adding a command touches no shared file; `order`
// sets where the family appears in `pilot --help`.
using Registrar = std::function<void(CLI::App&, CommandEnv&)>;
bool add_registrar(int order, Registrar registrar);
std::vector<Registrar> registrars();

}  // namespace pilot::cmd
