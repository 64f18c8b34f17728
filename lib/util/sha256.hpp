// SHA-256 (FIPS 180-4), used for stored documents, validated-content hashes, the audit
// chain and export manifests. Incremental, so large files hash in constant memory.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace pilot::util {

class Sha256 {
 public:
  Sha256();
  void update(std::string_view data);
  // Finishes and returns the lower-case hex digest; the object must not be reused after.
  std::string hex_digest();

 private:
  void compress(const std::uint8_t* block);

  std::array<std::uint32_t, 8> m_state{};
  std::array<std::uint8_t, 64> m_buffer{};
  std::size_t m_buffered = 0;
  std::uint64_t m_total_bytes = 0;
};

std::string sha256_hex(std::string_view data);

}  // namespace pilot::util
