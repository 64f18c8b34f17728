#include "campaign/sendmail.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>

#include "util/system_error.hpp"
#include "util/text.hpp"

extern char** environ;

namespace pilot::campaign {
namespace {

constexpr std::size_t k_shown_output = 500;

// Writes everything to a pipe without letting SIGPIPE kill the process when the program exits without
// reading: the signal is blocked for this thread while writing and a pending one is consumed after.
bool write_all(int fd, const std::string& data) {
  sigset_t pipe_signal;
  sigset_t previous;
  sigemptyset(&pipe_signal);
  sigaddset(&pipe_signal, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &pipe_signal, &previous);
  bool ok = true;
  std::size_t written = 0;
  while (written < data.size()) {
    const ssize_t n = write(fd, data.data() + written, data.size() - written);
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      ok = false;
      break;
    }
    written += static_cast<std::size_t>(n);
  }
  if (!ok && errno == EPIPE) {
    const timespec zero{0, 0};
    sigtimedwait(&pipe_signal, nullptr, &zero);
  }
  pthread_sigmask(SIG_SETMASK, &previous, nullptr);
  return ok;
}

std::string read_back(std::FILE* file) {
  std::string out;
  std::rewind(file);
  char buffer[256];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, file)) > 0 && out.size() < k_shown_output) {
    out.append(buffer, n);
  }
  if (out.size() > k_shown_output) {
    out.resize(k_shown_output);
    out += "…";
  }
  return std::string(util::trim(out));
}

}  // namespace

Result<SendmailTransport> SendmailTransport::create(const std::filesystem::path& program) {
  std::error_code code;
  if (!std::filesystem::is_regular_file(program, code)) {
    return fail(ErrorKind::usage, fmt::format("--sendmail « {} » : programme introuvable", program.string()));
  }
  if (access(program.c_str(), X_OK) != 0) {
    return fail(ErrorKind::usage, fmt::format("--sendmail « {} » : programme non exécutable", program.string()));
  }
  return SendmailTransport(program);
}

Result<void> SendmailTransport::send(const std::string& message) {
  const std::string shown = m_program.string();
  int input[2];
  if (pipe2(input, O_CLOEXEC) != 0) {
    return fail(ErrorKind::io,
                fmt::format("sendmail « {} » : tube impossible ({})", shown, util::describe_errno(errno)));
  }
  // The program's own output goes to a scratch file, quoted in the error if it fails.
  std::FILE* output = std::tmpfile();
  if (output == nullptr) {
    close(input[0]);
    close(input[1]);
    return fail(ErrorKind::io, fmt::format("sendmail « {} » : fichier temporaire impossible", shown));
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, input[0], STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, fileno(output), STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, fileno(output), STDERR_FILENO);
  std::string program = shown;
  std::string flag_t = "-t";
  std::string flag_i = "-i";
  char* argv[] = {program.data(), flag_t.data(), flag_i.data(), nullptr};
  pid_t pid = 0;
  const int spawned = posix_spawn(&pid, m_program.c_str(), &actions, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  close(input[0]);
  if (spawned != 0) {
    close(input[1]);
    std::fclose(output);
    return fail(ErrorKind::io,
                fmt::format("sendmail « {} » : lancement impossible ({})", shown, util::describe_errno(spawned)));
  }
  const bool written = write_all(input[1], message);
  close(input[1]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  const std::string said = read_back(output);
  std::fclose(output);
  const std::string detail = said.empty() ? std::string() : " : " + said;
  if (WIFSIGNALED(status)) {
    return fail(ErrorKind::io,
                fmt::format("sendmail « {} » interrompu par le signal {}{}", shown, WTERMSIG(status), detail));
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return fail(ErrorKind::io, fmt::format("sendmail « {} » a échoué (code de retour {}){}", shown,
                                           WIFEXITED(status) ? WEXITSTATUS(status) : -1, detail));
  }
  if (!written) {
    return fail(ErrorKind::io, fmt::format("sendmail « {} » n'a pas lu tout le message{}", shown, detail));
  }
  return {};
}

}  // namespace pilot::campaign
