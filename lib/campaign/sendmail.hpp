// Handing rendered messages to a mail transport. SendmailTransport runs a sendmail-compatible program
// (`PATH -t -i`: recipients read from the headers, a lone « . » line is not the end) once per message,
// the message on its standard input; a non-zero exit status is a failure.
#pragma once

#include <filesystem>
#include <string>

#include "util/error.hpp"

namespace pilot::campaign {

class MailTransport {
 public:
  virtual ~MailTransport() = default;
  // Delivers one rendered message; fails (io) saying why.
  virtual Result<void> send(const std::string& message) = 0;
};

class SendmailTransport : public MailTransport {
 public:
  // Fails (usage) when the program does not exist or is not executable.
  static Result<SendmailTransport> create(const std::filesystem::path& program);

  Result<void> send(const std::string& message) override;

 private:
  explicit SendmailTransport(std::filesystem::path program) : m_program(std::move(program)) {}

  std::filesystem::path m_program;
};

}  // namespace pilot::campaign
