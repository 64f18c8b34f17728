// pilot::Error — the typed error every layer returns.
//
// Low-level functions return std::expected<T, Error>; only the command layer turns an Error
// into a message and an exit code. Each layer adds what it knows (row, file, step) by
// prefixing the message, never by replacing it.
#pragma once

#include <expected>
#include <stdexcept>
#include <string>
#include <utility>

namespace pilot {

enum class ErrorKind {
  data,       // the user's data breaks a rule or cannot be read (exit 1)
  not_found,  // a named record does not exist (exit 1)
  conflict,   // the record exists already or is in the wrong state (exit 1)
  usage,      // the command line itself is wrong (exit 2)
  io,         // a file cannot be read or written (exit 1)
  storage,    // the database is unusable: not a pilot file, newer schema, locked (exit 1)
};

struct Error {
  ErrorKind kind = ErrorKind::data;
  std::string message;

  // Returns a copy whose message is prefixed with the caller's context ("actions.csv:14: ").
  [[nodiscard]] Error with_context(const std::string& context) const { return Error{kind, context + message}; }
};

template <class T>
using Result = std::expected<T, Error>;

inline std::unexpected<Error> fail(ErrorKind kind, std::string message) {
  return std::unexpected(Error{kind, std::move(message)});
}

// Thrown only above the library's value-returning functions (and caught once, in main).
class PilotException : public std::runtime_error {
 public:
  explicit PilotException(Error error) : std::runtime_error(error.message), m_error(std::move(error)) {}
  [[nodiscard]] const Error& error() const { return m_error; }

 private:
  Error m_error;
};

// Unwraps a Result or throws its error; for code paths where the error can only go up.
template <class T>
T value_or_throw(Result<T> result) {
  if (!result) {
    throw PilotException(std::move(result.error()));
  }
  return std::move(*result);
}

inline void value_or_throw(Result<void> result) {
  if (!result) {
    throw PilotException(std::move(result.error()));
  }
}

inline int exit_code_for(ErrorKind kind) {
  return kind == ErrorKind::usage ? 2 : 1;
}

}  // namespace pilot
