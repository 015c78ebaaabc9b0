#include "core/crypto.h"

#include <sodium.h>
#include <sys/stat.h>

#include <cstring>
#include <fstream>
#include <sstream>

namespace kinship::crypto {

Status Init() {
  if (sodium_init() < 0) return Internal("crypto: libsodium failed to initialise");
  return Status::Ok();
}

Result<std::string> HashPassword(std::string_view password) {
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    return Internal("crypto: unable to hash password (out of memory)");
  }
  return std::string(out);
}

bool VerifyPassword(std::string_view hash, std::string_view password) {
  std::string h(hash);  // needs a NUL-terminated string
  return crypto_pwhash_str_verify(h.c_str(), password.data(), password.size()) == 0;
}

const std::string& DummyPasswordHash() {
  static const std::string kHash = [] {
    auto h = HashPassword(RandomHex(16));
    return h.ok() ? *h : std::string();
  }();
  return kHash;
}

static std::string ToHex(const unsigned char* data, size_t n) {
  std::string out(n * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), data, n);
  out.resize(n * 2);
  return out;
}

std::string RandomHex(size_t n) {
  std::string bytes(n, '\0');
  randombytes_buf(bytes.data(), n);
  return ToHex(reinterpret_cast<const unsigned char*>(bytes.data()), n);
}

std::string RandomToken(std::string_view prefix) {
  unsigned char bytes[32];
  randombytes_buf(bytes, sizeof(bytes));
  char b64[sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  sodium_bin2base64(b64, sizeof(b64), bytes, sizeof(bytes), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return std::string(prefix) + b64;
}

std::string KeyedHash(const Key& key, std::string_view data) {
  unsigned char out[32];
  crypto_generichash(out, sizeof(out), reinterpret_cast<const unsigned char*>(data.data()),
                     data.size(), key.data(), key.size());
  return ToHex(out, sizeof(out));
}

std::string Digest(std::string_view data) {
  unsigned char out[32];
  crypto_generichash(out, sizeof(out), reinterpret_cast<const unsigned char*>(data.data()),
                     data.size(), nullptr, 0);
  return ToHex(out, sizeof(out));
}

StreamDigest::StreamDigest() {
  static_assert(sizeof(crypto_generichash_state) <= sizeof(state_));
  static_assert(alignof(crypto_generichash_state) <= 64);
  crypto_generichash_init(reinterpret_cast<crypto_generichash_state*>(state_), nullptr, 0, 32);
}

void StreamDigest::Update(std::string_view data) {
  crypto_generichash_update(reinterpret_cast<crypto_generichash_state*>(state_),
                            reinterpret_cast<const unsigned char*>(data.data()), data.size());
}

std::string StreamDigest::Hex() const {
  // Finalising consumes the state, so finalise a copy.
  alignas(64) unsigned char copy[sizeof(state_)];
  std::memcpy(copy, state_, sizeof(state_));
  unsigned char out[32];
  crypto_generichash_final(reinterpret_cast<crypto_generichash_state*>(copy), out, sizeof(out));
  return ToHex(out, sizeof(out));
}

bool ConstantTimeEqual(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

Result<MasterKey> MasterKey::Load(const std::string& path, bool create_if_missing) {
  std::ifstream in(path);
  if (!in) {
    if (!create_if_missing) return NotFound("crypto: key file " + path + " does not exist");
    Key key;
    randombytes_buf(key.data(), key.size());
    const mode_t old = umask(077);
    std::ofstream out(path, std::ios::trunc);
    umask(old);
    out << ToHex(key.data(), key.size()) << "\n";
    out.close();
    if (!out) return Internal("crypto: unable to write key file " + path);
    return MasterKey(key);
  }
  std::string hex;
  in >> hex;
  Key key;
  size_t len = 0;
  if (hex.size() != 64 ||
      sodium_hex2bin(key.data(), key.size(), hex.data(), hex.size(), nullptr, &len, nullptr) != 0 ||
      len != key.size()) {
    return InvalidArgument("crypto: key file " + path + " does not hold a 64-hex-digit key");
  }
  return MasterKey(key);
}

Key MasterKey::Derive(std::string_view purpose, uint64_t id) const {
  char ctx[crypto_kdf_CONTEXTBYTES] = {};
  std::memcpy(ctx, purpose.data(), std::min(purpose.size(), sizeof(ctx)));
  Key sub;
  crypto_kdf_derive_from_key(sub.data(), sub.size(), id, ctx, key_.data());
  return sub;
}

}  // namespace kinship::crypto
