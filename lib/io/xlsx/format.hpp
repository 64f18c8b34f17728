// French renderings of counts and sizes for the reader's error messages (1 048 576, 512 Mio).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace pilot::io::xlsx {

// 1048576 → "1 048 576" (groups of three separated by spaces, as French writes them).
std::string format_count(std::uint64_t count);

// 536870912 → "512 Mio", 2048 → "2 Kio", 1000 → "1 000 octets".
std::string format_bytes(std::uint64_t bytes);

// « value », with values longer than 60 bytes cut (on a UTF-8 boundary) and marked with "…".
std::string guillemets(std::string_view value);

}  // namespace pilot::io::xlsx
