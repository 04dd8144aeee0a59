// Reproducible zip packaging of a Lambda handler folder.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stackgen::packaging {

/// The timestamp used when neither `ZipOptions::mtime` nor `SOURCE_DATE_EPOCH` gives one:
/// 1980-01-01T00:00:00Z, the first instant a zip (DOS) timestamp can hold.
inline constexpr std::int64_t kDosEpoch = 315532800;

/// The last instant a zip (DOS) timestamp can hold: 2107-12-31T23:59:59Z.
inline constexpr std::int64_t kDosTimeMax = 4354819199;

/// How `package_folder` builds the archive. Fill with designated initializers:
///
///     auto zip = package_folder("lambda", {.required_entry = "app.py", .store_only = true});
struct ZipOptions {
  /// File that must exist at the folder's root (compared with the entry name, so it is
  /// '/'-separated and relative); an empty string disables the check. Default: "handler.py".
  std::string required_entry = "handler.py";

  /// Timestamp stored for every entry, in seconds since the Unix epoch (UTC). Zip timestamps
  /// have a two-second resolution, so an odd second is rounded down. Must lie in
  /// [kDosEpoch, kDosTimeMax]. Default: the `SOURCE_DATE_EPOCH` environment variable when it
  /// is set and is a whole number in that range, else `kDosEpoch` (1980-01-01T00:00:00Z).
  std::optional<std::int64_t> mtime = std::nullopt;

  /// Store entries uncompressed (method 0) instead of deflating them at level 9. Deflated
  /// bytes depend on the zlib build: the archive is byte-stable for one zlib (CI uses
  /// Debian 12's zlib 1.2.13), while stored archives are byte-stable with any zlib, at the
  /// price of size. Default: false (deflate, level 9).
  bool store_only = false;

  /// Extra paths to leave out, relative to the folder and '/'-separated, each naming a file
  /// or a whole sub-folder exactly (for example "CMakeLists.txt" or "docs"). They add to the
  /// fixed exclusion rule, never replace it. Default: none.
  std::vector<std::string> exclude = {};
};

/// An archive built in memory by `package_folder`.
struct ZipArchive {
  /// The zip file bytes.
  std::string bytes = {};

  /// The entries' names: relative, '/'-separated, sorted by byte order, files only.
  std::vector<std::string> entries = {};

  /// Standard base64 (with padding) of the SHA-256 of `bytes`: the value Terraform's
  /// `source_code_hash` expects (not hex, not MD5).
  std::string sha256_base64() const;

  /// Lower-case hexadecimal SHA-256 of `bytes` (64 characters), for logs and golden tests.
  std::string sha256_hex() const;
};

/// Lists the files `package_folder` would put in the zip, as relative '/'-separated names
/// sorted by byte order (so "a.py" comes before "a/b.py").
///
/// Exclusion rule: a path is left out when any of its components is `__pycache__`,
/// `tests` or `test`, or starts with "." (dotfiles and dot-folders); when its file name
/// ends in ".pyc" or ".pyo", or matches `test_*.py` or `*_test.py`; or when it is listed in
/// `options.exclude`. Excluded folders are not entered at all, so what they hold (a
/// `.venv` with links to the system Python, say) is never checked.
///
/// Symbolic links are followed when they resolve to a regular file inside the folder; the
/// file's bytes are packaged under the link's own name.
///
/// Throws `core::Error` with category kUsage, naming the folder, the offending path and
/// the fix, when: the folder is missing or not a folder; a link resolves outside the
/// folder, to nothing, or to a folder; a path is neither a regular file nor a folder
/// (socket, fifo, device); a name is not valid UTF-8; nothing is left to package; or
/// `options.required_entry` is not among the files. Throws category kIo when a folder
/// cannot be listed.
std::vector<std::string> list_package_files(const std::filesystem::path& folder,
                                            const ZipOptions& options = {});

/// Packages `folder` into an in-memory zip that depends only on the relative names and
/// bytes of the files `list_package_files` selects, never on the order the file system
/// lists them, their mtimes, modes, owners, the umask, the time zone or the host:
///
/// - entries sorted by byte order of their names, files only (no folder entries);
/// - every entry stamped with the same time (see `ZipOptions::mtime`), converted to the DOS
///   date and time fields in UTC whatever `TZ` says;
/// - "made by" Unix, external attributes fixed to a regular file with mode 0644
///   (`0100644 << 16`), whatever the file's own mode;
/// - no extra fields (no extended timestamps, no Unix uid/gid) and no archive comment;
/// - deflate at level 9, or stored when `options.store_only` is set.
///
/// Nothing is written to disk; pair it with `write_file_atomically`:
///
///     ZipArchive zip = package_folder("lambda");
///     write_file_atomically("build/handler.zip", zip.bytes);
///     // source_code_hash = zip.sha256_base64()
///
/// Throws what `list_package_files` throws; also kUsage when `options.mtime` is outside
/// [kDosEpoch, kDosTimeMax], and kIo when a file cannot be read or libzip fails.
ZipArchive package_folder(const std::filesystem::path& folder, const ZipOptions& options = {});

/// Writes `bytes` to `target` atomically: the bytes go to a temporary file in the same
/// folder, which is flushed to disk and then renamed over `target`. Readers see either the
/// old file or the complete new one, and no partial or temporary file is left behind on
/// failure. The new file gets mode 0644.
///
/// Throws `core::Error` naming `target`: category kUsage when `target` has no file name
/// ("build/"); category kIo when its folder does not exist or the temporary file cannot be
/// created, written, flushed or renamed over `target` (for example when it is a folder).
void write_file_atomically(const std::filesystem::path& target, std::string_view bytes);

}  // namespace stackgen::packaging
