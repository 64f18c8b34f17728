#include <doctest/doctest.h>

#include <string>

#include "util/sha256.hpp"

using pilot::util::Sha256;
using pilot::util::sha256_hex;

TEST_SUITE("util::Sha256") {
  TEST_CASE("FIPS 180-4 test vectors") {
    CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    CHECK(sha256_hex(std::string(1'000'000, 'a')) ==
          "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  }
  TEST_CASE("incremental updates give the digest of the whole") {
    Sha256 hasher;
    hasher.update("abcdbcdecdefdefgefghfghighij");
    hasher.update("");
    hasher.update("hijkijkljklmklmnlmnomnopnopq");
    CHECK(hasher.hex_digest() == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  }
  TEST_CASE("UTF-8 text is hashed as its bytes") {
    CHECK(sha256_hex("é") == "4a99557e4033c3539de2eb65472017cad5f9557f7a0625a09f1c3f6e2ba69c4c");
  }
}
