#include "io/xlsx/format.hpp"

#include <cstdint>

#include "util/number.hpp"

namespace pilot::io::xlsx {

std::string format_count(std::uint64_t count) {
  if (count > static_cast<std::uint64_t>(INT64_MAX)) {
    return std::to_string(count);  // never a real count; avoids a negative rendering
  }
  return util::format_integer_fr(static_cast<std::int64_t>(count));
}

std::string format_bytes(std::uint64_t bytes) {
  constexpr std::uint64_t k_kib = 1024;
  constexpr std::uint64_t k_mib = k_kib * 1024;
  constexpr std::uint64_t k_gib = k_mib * 1024;
  if (bytes >= k_gib && bytes % k_gib == 0) {
    return format_count(bytes / k_gib) + " Gio";
  }
  if (bytes >= k_mib && bytes % k_mib == 0) {
    return format_count(bytes / k_mib) + " Mio";
  }
  if (bytes >= k_kib && bytes % k_kib == 0) {
    return format_count(bytes / k_kib) + " Kio";
  }
  return format_count(bytes) + (bytes > 1 ? " octets" : " octet");
}

std::string guillemets(std::string_view value) {
  constexpr std::size_t k_max = 60;
  std::string shown;
  if (value.size() <= k_max) {
    shown = value;
  } else {
    std::size_t cut = k_max;
    // Back up to the start of a UTF-8 sequence so that the message stays valid UTF-8.
    while (cut > 0 && (static_cast<unsigned char>(value[cut]) & 0xC0) == 0x80) {
      --cut;
    }
    shown = std::string(value.substr(0, cut)) + "…";
  }
  return "« " + shown + " »";
}

}  // namespace pilot::io::xlsx
