#include "io/csv/file.hpp"

#include <cerrno>
#include <cstring>

namespace pilot::io::csv::detail {

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
    default: return std::strerror(error_number);
  }
}

}  // namespace pilot::io::csv::detail
