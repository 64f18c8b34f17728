#include "util/system_error.hpp"

#include <cerrno>
#include <cstring>

namespace pilot::util {

std::string describe_errno(int error_number) {
  switch (error_number) {
    case ENOENT: return "fichier ou dossier introuvable";
    case EACCES:
    case EPERM: return "permission refusée";
    case EISDIR: return "c'est un dossier, pas un fichier";
    case ENOSPC: return "disque plein";
    case EDQUOT: return "quota disque dépassé";
    case EROFS: return "système de fichiers en lecture seule";
    case ENOTDIR: return "un élément du chemin n'est pas un dossier";
    case ENAMETOOLONG: return "nom de fichier trop long";
    case EIO: return "erreur d'entrée-sortie du périphérique";
    case EPIPE: return "la sortie a été fermée (tube rompu)";
    case EBADF: return "flux fermé";
    case EEXIST: return "le fichier existe déjà";
    case EXDEV: return "déplacement impossible d'un système de fichiers à un autre";
    case ENOEXEC: return "programme non exécutable";
    default: return std::strerror(error_number);
  }
}

std::string describe_error(const std::error_code& error) {
  if (error.category() == std::generic_category() || error.category() == std::system_category()) {
    return describe_errno(error.value());
  }
  return error.message();
}

bool same_existing_file(const std::filesystem::path& a, const std::filesystem::path& b) {
  std::error_code error;
  return std::filesystem::exists(a, error) && std::filesystem::exists(b, error) &&
         std::filesystem::equivalent(a, b, error);
}

}  // namespace pilot::util
