#include "service/documents.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

#include "util/sha256.hpp"
#include "util/system_error.hpp"

namespace pilot::service {

Result<store::DocumentContent> read_pdf_document(const std::filesystem::path& path) {
  std::error_code error;
  const auto size = std::filesystem::file_size(path, error);
  if (error) {
    return fail(ErrorKind::io,
                fmt::format("document illisible « {} » : {}", path.string(), util::describe_error(error)));
  }
  if (size > k_max_document_bytes) {
    return fail(ErrorKind::data, fmt::format("document « {} » trop volumineux ({} Mo, maximum {} Mo)", path.string(),
                                             size >> 20, k_max_document_bytes >> 20));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return fail(ErrorKind::io,
                fmt::format("document illisible « {} » : {}", path.string(), util::describe_errno(errno)));
  }
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // PDF readers accept the header anywhere in the first 1024 bytes and the trailer near the end.
  const bool has_header = bytes.substr(0, 1024).find("%PDF-") != std::string::npos;
  const bool has_trailer =
      bytes.size() >= 5 &&
      bytes.substr(bytes.size() > 1024 ? bytes.size() - 1024 : 0).find("%%EOF") != std::string::npos;
  if (!has_header || !has_trailer) {
    return fail(ErrorKind::data,
                fmt::format("« {} » n'est pas un PDF valide{} : joignez la convention signée au format PDF",
                            path.string(), has_header ? " (fichier tronqué : fin « %%EOF » absente)" : ""));
  }
  store::DocumentContent document;
  document.file_name = path.filename().string();
  document.sha256 = util::sha256_hex(bytes);
  document.bytes = std::move(bytes);
  return document;
}

}  // namespace pilot::service
