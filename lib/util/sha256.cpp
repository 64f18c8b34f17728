#include "util/sha256.hpp"

#include <openssl/evp.h>

#include <array>
#include <new>

namespace pilot::util {
namespace {

// Fetched once: an implicit fetch on every digest would look the algorithm up again each time.
const EVP_MD* sha256_md() {
  static const EVP_MD* const k_md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  return k_md != nullptr ? k_md : EVP_sha256();
}

EVP_MD_CTX* context_of(void* context) {
  return static_cast<EVP_MD_CTX*>(context);
}

}  // namespace

Sha256::Sha256() : m_context(EVP_MD_CTX_new()) {
  // Only an allocation failure can make these fail; there is no digest to give without them.
  if (m_context == nullptr || EVP_DigestInit_ex2(context_of(m_context), sha256_md(), nullptr) != 1) {
    throw std::bad_alloc();
  }
}

Sha256::~Sha256() {
  EVP_MD_CTX_free(context_of(m_context));
}

void Sha256::update(std::string_view data) {
  if (!data.empty()) {
    EVP_DigestUpdate(context_of(m_context), data.data(), data.size());
  }
}

std::string Sha256::hex_digest() {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  EVP_DigestFinal_ex(context_of(m_context), digest.data(), &length);
  static constexpr char k_hex[] = "0123456789abcdef";
  std::string out(static_cast<std::size_t>(length) * 2, '0');
  for (unsigned int i = 0; i < length; ++i) {
    out[2 * i] = k_hex[digest[i] >> 4];
    out[2 * i + 1] = k_hex[digest[i] & 0xF];
  }
  return out;
}

std::string sha256_hex(std::string_view data) {
  Sha256 hasher;
  hasher.update(data);
  return hasher.hex_digest();
}

}  // namespace pilot::util
