// Files and folders shipped beside cdk.tf.json (Lambda code, templates).
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "stackgen/core/construct.h"
#include "stackgen/core/value.h"

namespace stackgen::core {

/// Turns a folder into archive bytes (for example a reproducible zip).
using Packager = std::function<std::string(const std::filesystem::path& folder)>;

/// How an asset's source is staged.
enum class AssetType {
  kFile,       ///< One file, copied as is.
  kDirectory,  ///< A folder, copied with its relative names.
  kArchive,    ///< A folder turned into one file by the config's packager.
};

/// Settings of an `Asset`.
struct AssetConfig {
  /// The file or folder to stage. Required.
  std::filesystem::path path{};
  /// Default: a file.
  AssetType type = AssetType::kFile;
  /// Required for `kArchive`: makes the archive bytes from the folder.
  Packager packager{};
  /// File name of the archive inside its asset folder. Default: "archive.zip".
  std::string archive_name = "archive.zip";
};

/// A file, folder or archive copied into the stack folder at synthesis:
/// `stacks/<stack>/assets/<logical id>/<hash>/<name>`.
///
/// The hash (SHA-256, hex) is computed when the asset is created, over relative names and
/// bytes in sorted name order (for archives: over the archive bytes), so it does not depend
/// on directory order, timestamps or modes. `staged_path()` is relative to the stack folder, where
/// terraform runs, so the output folder can be moved.
///
/// Throws `Error` (usage) when the source is missing or of the wrong kind, and (construction)
/// when `kArchive` has no packager; a packager's own errors pass through.
class Asset : public Construct {
 public:
  Asset(Construct& scope, std::string id, AssetConfig config);

  /// Hex SHA-256 of the content.
  const std::string& hash() const { return hash_; }
  /// The staged path relative to the stack folder, as a Terraform string.
  String staged_path() const { return String(relative_path_); }
  const std::string& relative_path() const { return relative_path_; }
  /// For archives: the archive bytes (null otherwise).
  const std::string* archive_bytes() const { return archive_ ? archive_.get() : nullptr; }
  const AssetConfig& config() const { return config_; }

  /// Copies the asset into `stack_folder` at `relative_path()`. Throws `Error` (i/o).
  void stage(const std::filesystem::path& stack_folder) const;

 private:
  AssetConfig config_;
  std::string hash_;
  std::string relative_path_;
  std::shared_ptr<const std::string> archive_;
};

}  // namespace stackgen::core
