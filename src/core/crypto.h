// Thin wrappers over libsodium, the one crypto library Kinship uses: argon2id password
// hashes, random tokens, keyed BLAKE2b (audit chain, participant codes, session token
// digests) and the master key file from which purpose-specific subkeys are derived.
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "core/status.h"

namespace kinship::crypto {

// Initialises libsodium; call once at start. Returns kInternal if it cannot.
Status Init();

// Returns an argon2id hash string (with its own salt and parameters).
Result<std::string> HashPassword(std::string_view password);
// True when password matches hash. Also spends the same time for an unknown user when
// given DummyPasswordHash(), so login time does not reveal which usernames exist.
bool VerifyPassword(std::string_view hash, std::string_view password);
const std::string& DummyPasswordHash();

// Returns n random bytes as lower-case hex (2n characters).
std::string RandomHex(size_t n);
// Returns a URL-safe random token with the given prefix, e.g. "kst_..." (32 random bytes).
std::string RandomToken(std::string_view prefix);

using Key = std::array<unsigned char, 32>;

// Keyed BLAKE2b-256 of data, as lower-case hex.
std::string KeyedHash(const Key& key, std::string_view data);
// Unkeyed BLAKE2b-256 of data, as lower-case hex (digests of tokens and changes).
std::string Digest(std::string_view data);
// BLAKE2b-256 over data fed in pieces; Hex() equals Digest() of the concatenation (for
// files too big to hold in memory, such as backups).
class StreamDigest {
 public:
  StreamDigest();
  void Update(std::string_view data);
  // Returns the digest so far as lower-case hex; the stream may continue after it.
  std::string Hex() const;

 private:
  // libsodium's crypto_generichash_state, kept opaque so only crypto.cpp includes sodium.h.
  alignas(64) unsigned char state_[512];
};

// Constant-time comparison of two strings of equal length.
bool ConstantTimeEqual(std::string_view a, std::string_view b);

// The installation's master key, kept in a file outside the database. Subkeys for each
// purpose are derived from it, so a stolen database alone cannot forge the audit chain
// or reverse participant codes.
class MasterKey {
 public:
  // Reads a 64-hex-character key from path; if create_if_missing and the file does not
  // exist, writes a new random key there with mode 0600. Returns kNotFound when the file
  // is missing and not to be created, kInvalidArgument when its content is not a key.
  static Result<MasterKey> Load(const std::string& path, bool create_if_missing);
  static MasterKey FromBytes(const Key& key) { return MasterKey(key); }

  // Derives the subkey for a purpose ("audit", "uic", "address"; at most 8 characters).
  Key Derive(std::string_view purpose, uint64_t id = 1) const;

 private:
  explicit MasterKey(const Key& key) : key_(key) {}
  Key key_;
};

}  // namespace kinship::crypto
