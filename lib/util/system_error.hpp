// System errors in French: the C library words them in English (the process runs in the C locale),
// and users are told what they can act on.
#pragma once

#include <string>
#include <system_error>

namespace pilot::util {

// "disque plein", "permission refusée"… for the errno values users can act on; strerror otherwise.
std::string describe_errno(int error_number);

// The same for a std::error_code from std::filesystem.
std::string describe_error(const std::error_code& error);

}  // namespace pilot::util
