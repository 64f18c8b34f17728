// SHA-256 (FIPS 180-4), used for stored documents, validated-content hashes, the audit
// chain and export manifests. Incremental, so large files hash in constant memory. Computed by
// OpenSSL's libcrypto (EVP), which uses the CPU's SHA instructions where there are some: a bulk
// import hashes two texts per action, and a hand-written compression function cost 14 % of it.
#pragma once

#include <string>
#include <string_view>

namespace pilot::util {

class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  void update(std::string_view data);
  // Finishes and returns the lower-case hex digest; the object must not be reused after.
  std::string hex_digest();

 private:
  void* m_context = nullptr;  // EVP_MD_CTX, kept out of this header so only sha256.cpp sees OpenSSL
};

std::string sha256_hex(std::string_view data);

}  // namespace pilot::util
