// System errors in French: the C library words them in English (the process runs in the C locale),
// and users are told what they can act on. And the one file-identity check writers need.
#pragma once

#include <filesystem>
#include <string>
#include <system_error>

namespace pilot::util {

// "disque plein", "permission refusée"… for the errno values users can act on; strerror otherwise.
std::string describe_errno(int error_number);

// The same for a std::error_code from std::filesystem.
std::string describe_error(const std::error_code& error);

// Whether both paths name one existing file (through links or relative paths): writing one would
// overwrite the other. False when either does not exist.
bool same_existing_file(const std::filesystem::path& a, const std::filesystem::path& b);

}  // namespace pilot::util
