// Content hashing used for asset folders, zip digests and logical-name suffixes.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace stackgen::core {

/// A SHA-256 digest.
using Sha256Digest = std::array<std::uint8_t, 32>;

/// Returns the SHA-256 digest of `bytes` (OpenSSL's implementation).
Sha256Digest sha256(std::string_view bytes);

/// Incremental SHA-256, for hashing many pieces without concatenating them.
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  /// Feeds `bytes` into the digest.
  void update(std::string_view bytes);
  /// Finishes and returns the digest; the object may not be updated afterwards.
  Sha256Digest finish();

 private:
  void* ctx_;
};

/// Lower-case hexadecimal of `digest` (64 characters).
std::string to_hex(const Sha256Digest& digest);

/// Standard base64 (RFC 4648, with `=` padding) of `bytes`.
std::string to_base64(std::string_view bytes);

/// Standard base64 of `digest`; this is what Terraform's `source_code_hash` expects.
std::string to_base64(const Sha256Digest& digest);

}  // namespace stackgen::core
