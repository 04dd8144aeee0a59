#include "stackgen/packaging/zip.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstdlib>
#include <memory>
#include <system_error>
#include <utility>

#include "stackgen/core/error.h"
#include "stackgen/core/hash.h"

namespace stackgen::packaging {
namespace {

namespace fs = std::filesystem;
using core::Error;
using core::ErrorCategory;

// Regular file, mode 0644, in the high 16 bits as Unix zip tools expect.
constexpr std::uint32_t kExternalAttributes = 0100644u << 16;
constexpr int kDeflateLevel = 9;

// A file chosen for the archive: its entry name and the path its bytes come from (the
// link's target when the entry is a symbolic link).
struct PackageFile {
  std::string name;
  fs::path source;
};

struct DosStamp {
  std::uint16_t time = 0;
  std::uint16_t date = 0;
};

// Built by appending rather than `"\"" + std::string(text)`, which trips g++ 12's false
// -Wrestrict (https://gcc.gnu.org/bugzilla/show_bug.cgi?id=105651).
std::string in_quotes(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  out.append(1, '"').append(text).append(1, '"');
  return out;
}

[[noreturn]] void fail(ErrorCategory category, const fs::path& folder, std::string_view what) {
  throw Error(category, "handler folder " + in_quotes(folder.string()) + ": " + std::string(what));
}

std::string errno_text(int error) {
  return std::error_code(error, std::generic_category()).message();
}

// --- Exclusion rule -------------------------------------------------------------------------

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// Rules that apply to every component, folder or file.
bool excluded_component(std::string_view name) {
  return name == "__pycache__" || name == "tests" || name == "test" || starts_with(name, ".");
}

// Rules that apply to the file name only.
bool excluded_file_name(std::string_view name) {
  if (ends_with(name, ".pyc") || ends_with(name, ".pyo")) return true;
  if (starts_with(name, "test_") && ends_with(name, ".py")) return true;
  return ends_with(name, "_test.py");
}

bool user_excluded(const std::string& relative, const ZipOptions& options) {
  return std::find(options.exclude.begin(), options.exclude.end(), relative) !=
         options.exclude.end();
}

// --- Names ----------------------------------------------------------------------------------

bool valid_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    auto lead = static_cast<unsigned char>(text[i]);
    std::size_t length = lead < 0x80           ? 1
                         : (lead >> 5) == 0x6  ? 2
                         : (lead >> 4) == 0xe  ? 3
                         : (lead >> 3) == 0x1e ? 4
                                               : 0;
    if (length == 0 || i + length > text.size()) return false;
    std::uint32_t code = length == 1 ? lead : lead & (0x7f >> length);
    for (std::size_t k = 1; k < length; ++k) {
      auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xc0) != 0x80) return false;
      code = (code << 6) | (next & 0x3f);
    }
    // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
    static constexpr std::uint32_t kMinimum[] = {0, 0, 0x80, 0x800, 0x10000};
    if (code < kMinimum[length] || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
      return false;
    }
    i += length;
  }
  return true;
}

// Entry names are built from directory listings and cannot escape, but a zip entry that did
// would be written outside the target on extraction, so check anyway.
bool safe_entry_name(std::string_view name) {
  if (name.empty() || name.front() == '/' || name.back() == '/') return false;
  std::size_t start = 0;
  while (start <= name.size()) {
    std::size_t end = std::min(name.find('/', start), name.size());
    std::string_view part = name.substr(start, end - start);
    if (part.empty() || part == "." || part == "..") return false;
    start = end + 1;
  }
  return true;
}

bool inside(const fs::path& root, const fs::path& target) {
  auto [root_end, target_at] =
      std::mismatch(root.begin(), root.end(), target.begin(), target.end());
  return root_end == root.end() && target_at != target.end();
}

std::string_view type_name(fs::file_type type) {
  switch (type) {
    case fs::file_type::socket:
      return "a socket";
    case fs::file_type::fifo:
      return "a fifo";
    case fs::file_type::block:
      return "a block device";
    case fs::file_type::character:
      return "a character device";
    default:
      return "of an unknown type";
  }
}

// --- Walking the folder ---------------------------------------------------------------------

class Walker {
 public:
  Walker(const fs::path& folder, const ZipOptions& options) : folder_(folder), options_(options) {}

  std::vector<PackageFile> run() {
    std::error_code error;
    fs::file_status status = fs::status(folder_, error);
    if (!fs::exists(status)) {
      fail(ErrorCategory::kUsage, folder_,
           "does not exist; pass the folder that holds the handler sources");
    }
    if (!fs::is_directory(status)) {
      fail(ErrorCategory::kUsage, folder_,
           "is not a folder; pass the folder that holds the handler sources");
    }
    root_ = fs::canonical(folder_, error);
    if (error) {
      fail(ErrorCategory::kIo, folder_,
           "cannot resolve the folder: " + error.message() + "; check its permissions");
    }

    visit(folder_, "");
    std::sort(files_.begin(), files_.end(),
              [](const PackageFile& a, const PackageFile& b) { return a.name < b.name; });
    check_result();
    return std::move(files_);
  }

 private:
  void visit(const fs::path& directory, const std::string& prefix) {
    std::error_code error;
    fs::directory_iterator it(directory, error);
    for (; !error && it != fs::directory_iterator(); it.increment(error)) {
      std::string name = it->path().filename().string();
      std::string relative = prefix.empty() ? name : prefix + "/" + name;
      if (excluded_component(name) || user_excluded(relative, options_)) continue;
      if (!valid_utf8(name)) {
        fail(ErrorCategory::kUsage, folder_,
             "file name " + in_quotes(relative) +
                 " is not valid UTF-8; rename it with UTF-8 characters");
      }
      visit_entry(it->path(), name, relative);
    }
    if (error) {
      std::string shown = prefix.empty() ? "." : prefix;
      fail(ErrorCategory::kIo, folder_,
           "cannot list " + in_quotes(shown) + ": " + error.message() + "; make it readable");
    }
  }

  void visit_entry(const fs::path& path, const std::string& name, const std::string& relative) {
    std::error_code error;
    fs::file_status own = fs::symlink_status(path, error);
    if (fs::is_directory(own)) return visit(path, relative);
    if (fs::is_regular_file(own)) {
      if (!excluded_file_name(name)) files_.push_back({relative, path});
      return;
    }
    if (!fs::is_symlink(own)) {
      if (excluded_file_name(name)) return;
      fail(ErrorCategory::kUsage, folder_,
           in_quotes(relative) + " is " + std::string(type_name(own.type())) +
               ", not a regular file or folder; remove it from the folder");
    }
    visit_link(path, name, relative);
  }

  // Links are checked by what they resolve to, but only once the exclusion rule had its say,
  // so an excluded link is never an error.
  void visit_link(const fs::path& path, const std::string& name, const std::string& relative) {
    std::error_code error;
    fs::file_status target_status = fs::status(path, error);
    if (excluded_file_name(name) && !fs::is_directory(target_status)) return;
    if (!fs::exists(target_status)) {
      fail(
          ErrorCategory::kUsage, folder_,
          "symlink " + in_quotes(relative) + " points to nothing; remove it or restore its target");
    }

    fs::path target = fs::canonical(path, error);
    if (error) {
      fail(ErrorCategory::kIo, folder_,
           "cannot resolve symlink " + in_quotes(relative) + ": " + error.message() +
               "; check its permissions");
    }
    if (!inside(root_, target)) {
      fail(ErrorCategory::kUsage, folder_,
           "symlink " + in_quotes(relative) +
               " points outside the folder; replace it with a regular file");
    }
    if (fs::is_directory(target_status)) {
      fail(
          ErrorCategory::kUsage, folder_,
          "symlink " + in_quotes(relative) +
              " points to a folder, and only links to files are followed; replace it with a real folder");
    }
    if (!fs::is_regular_file(target_status)) {
      fail(ErrorCategory::kUsage, folder_,
           "symlink " + in_quotes(relative) + " points to " +
               std::string(type_name(target_status.type())) +
               ", not a regular file; remove it from the folder");
    }
    files_.push_back({relative, target});
  }

  void check_result() const {
    if (files_.empty()) {
      fail(
          ErrorCategory::kUsage, folder_,
          "no files left to package after the exclusion rule (__pycache__, *.pyc, *.pyo, dotfiles, tests, test, test_*.py, *_test.py); add the handler sources");
    }
    for (const PackageFile& file : files_) {
      if (!safe_entry_name(file.name)) {
        fail(ErrorCategory::kUsage, folder_,
             "entry name " + in_quotes(file.name) +
                 " is absolute or contains \"..\"; rename the file");
      }
    }

    const std::string& required = options_.required_entry;
    if (required.empty()) return;
    bool found = std::any_of(files_.begin(), files_.end(),
                             [&](const PackageFile& file) { return file.name == required; });
    if (!found) {
      fail(ErrorCategory::kUsage, folder_,
           "required entry " + in_quotes(required) + " is missing at the folder's root; add " +
               required + " to the folder");
    }
  }

  const fs::path& folder_;
  const ZipOptions& options_;
  fs::path root_;
  std::vector<PackageFile> files_;
};

// --- Reading --------------------------------------------------------------------------------

std::string read_file(const fs::path& folder, const PackageFile& file) {
  int fd = ::open(file.source.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) {
    fail(ErrorCategory::kIo, folder,
         "cannot read " + in_quotes(file.name) + ": " + errno_text(errno) +
             "; make the file readable");
  }

  std::string bytes;
  char buffer[1 << 16];
  for (;;) {
    ssize_t count = ::read(fd, buffer, sizeof buffer);
    if (count < 0 && errno == EINTR) continue;
    if (count < 0) {
      int saved = errno;
      ::close(fd);
      fail(ErrorCategory::kIo, folder,
           "cannot read " + in_quotes(file.name) + ": " + errno_text(saved) +
               "; make the file readable");
    }
    if (count == 0) break;
    bytes.append(buffer, static_cast<std::size_t>(count));
  }
  ::close(fd);
  return bytes;
}

// --- Time -----------------------------------------------------------------------------------

std::int64_t resolve_mtime(const ZipOptions& options) {
  if (options.mtime) {
    std::int64_t value = *options.mtime;
    if (value < kDosEpoch || value > kDosTimeMax) {
      throw Error(
          ErrorCategory::kUsage,
          "zip mtime " + std::to_string(value) +
              ": outside what zip timestamps can hold (315532800 to 4354819199, 1980-01-01 to 2107-12-31 UTC); pass a time in that range");
    }
    return value;
  }

  // An unusable SOURCE_DATE_EPOCH falls back to the default, as reproducible-builds.org
  // leaves it to the tool; the result is still deterministic.
  const char* text = std::getenv("SOURCE_DATE_EPOCH");
  if (text == nullptr) return kDosEpoch;
  std::string_view view(text);
  std::int64_t value = 0;
  auto [end, error] = std::from_chars(view.data(), view.data() + view.size(), value);
  bool whole = error == std::errc() && end == view.data() + view.size() && !view.empty();
  return whole && value >= kDosEpoch && value <= kDosTimeMax ? value : kDosEpoch;
}

// Computed from the epoch seconds with the proleptic Gregorian calendar in UTC, so neither
// TZ nor the C library's localtime takes part.
DosStamp dos_stamp(std::int64_t seconds) {
  using namespace std::chrono;
  sys_seconds instant{std::chrono::seconds(seconds)};
  sys_days day = floor<days>(instant);
  year_month_day date{day};
  hh_mm_ss<std::chrono::seconds> time{instant - day};

  DosStamp stamp;
  stamp.date = static_cast<std::uint16_t>(((static_cast<int>(date.year()) - 1980) << 9) |
                                          (static_cast<unsigned>(date.month()) << 5) |
                                          static_cast<unsigned>(date.day()));
  stamp.time = static_cast<std::uint16_t>(
      (time.hours().count() << 11) | (time.minutes().count() << 5) | (time.seconds().count() / 2));
  return stamp;
}

// --- Building the zip -----------------------------------------------------------------------

struct ArchiveDeleter {
  void operator()(zip_t* archive) const { zip_discard(archive); }
};
struct SourceDeleter {
  void operator()(zip_source_t* source) const { zip_source_free(source); }
};
using ArchivePtr = std::unique_ptr<zip_t, ArchiveDeleter>;
using SourcePtr = std::unique_ptr<zip_source_t, SourceDeleter>;

[[noreturn]] void fail_zip(const fs::path& folder, std::string_view step, const char* reason) {
  fail(ErrorCategory::kIo, folder,
       "libzip failed to " + std::string(step) + ": " + reason +
           "; this is a bug in stackgen or libzip, please report it");
}

void add_entry(zip_t* archive, const fs::path& folder, const std::string& name,
               const std::string& bytes, const DosStamp& stamp, bool store_only) {
  zip_source_t* source = zip_source_buffer(archive, bytes.data(), bytes.size(), 0);
  if (source == nullptr) fail_zip(folder, "buffer " + in_quotes(name), zip_strerror(archive));
  zip_int64_t index = zip_file_add(archive, name.c_str(), source, ZIP_FL_ENC_UTF_8);
  if (index < 0) {
    zip_source_free(source);
    fail_zip(folder, "add " + in_quotes(name), zip_strerror(archive));
  }

  auto entry = static_cast<zip_uint64_t>(index);
  bool ok = zip_set_file_compression(archive, entry, store_only ? ZIP_CM_STORE : ZIP_CM_DEFLATE,
                                     store_only ? 0 : kDeflateLevel) == 0 &&
            zip_file_set_dostime(archive, entry, stamp.time, stamp.date, 0) == 0 &&
            zip_file_set_external_attributes(archive, entry, 0, ZIP_OPSYS_UNIX,
                                             kExternalAttributes) == 0 &&
            zip_file_extra_field_delete(archive, entry, ZIP_EXTRA_FIELD_ALL,
                                        ZIP_FL_LOCAL | ZIP_FL_CENTRAL) == 0;
  if (!ok) fail_zip(folder, "set the attributes of " + in_quotes(name), zip_strerror(archive));
}

std::string read_source(zip_source_t* source, const fs::path& folder) {
  if (zip_source_open(source) < 0) {
    fail_zip(folder, "reopen the archive", zip_error_strerror(zip_source_error(source)));
  }
  std::string bytes;
  char buffer[1 << 16];
  zip_int64_t count = 0;
  while ((count = zip_source_read(source, buffer, sizeof buffer)) > 0) {
    bytes.append(buffer, static_cast<std::size_t>(count));
  }
  zip_source_close(source);
  if (count < 0) {
    fail_zip(folder, "read the archive back", zip_error_strerror(zip_source_error(source)));
  }
  return bytes;
}

std::string build_zip(const fs::path& folder, const std::vector<PackageFile>& files,
                      const std::vector<std::string>& contents, const DosStamp& stamp,
                      bool store_only) {
  zip_error_t error;
  zip_error_init(&error);
  SourcePtr buffer(zip_source_buffer_create(nullptr, 0, 0, &error));
  if (!buffer) fail_zip(folder, "create an in-memory buffer", zip_error_strerror(&error));
  ArchivePtr archive(zip_open_from_source(buffer.get(), ZIP_TRUNCATE, &error));
  if (!archive) fail_zip(folder, "open the in-memory archive", zip_error_strerror(&error));
  // The archive now owns one reference; keep ours so the bytes outlive zip_close.
  zip_source_keep(buffer.get());

  for (std::size_t i = 0; i < files.size(); ++i) {
    add_entry(archive.get(), folder, files[i].name, contents[i], stamp, store_only);
  }
  if (zip_close(archive.get()) < 0) {
    fail_zip(folder, "write the archive", zip_strerror(archive.get()));
  }
  archive.release();  // zip_close freed it.
  return read_source(buffer.get(), folder);
}

std::uint32_t get_le(const std::string& bytes, std::size_t at, int width) {
  std::uint32_t value = 0;
  for (int k = width - 1; k >= 0; --k) value = (value << 8) | std::uint8_t(bytes[at + k]);
  return value;
}

void put_le16(std::string& bytes, std::size_t at, std::uint16_t value) {
  bytes[at] = static_cast<char>(value & 0xff);
  bytes[at + 1] = static_cast<char>(value >> 8);
}

// libzip 1.7 keeps entry times as time_t and converts DOS fields through mktime/localtime,
// which shifts times that fall into a DST gap of the current TZ. Writing the fields into the
// finished archive ourselves keeps the bytes independent of TZ. CRCs cover data only, so
// they stay valid.
void stamp_headers(std::string& bytes, const fs::path& folder, const DosStamp& stamp,
                   std::size_t entry_count) {
  constexpr std::size_t kEndSize = 22, kCentralSize = 46, kLocalSize = 30;
  auto layout_error = [&] {
    fail_zip(folder, "lay out the archive as expected", "unexpected header layout");
  };
  if (bytes.size() < kEndSize) layout_error();
  std::size_t end = bytes.size() - kEndSize;
  if (get_le(bytes, end, 4) != 0x06054b50 || get_le(bytes, end + 10, 2) != entry_count) {
    layout_error();
  }

  std::size_t at = get_le(bytes, end + 16, 4);
  for (std::size_t i = 0; i < entry_count; ++i) {
    if (at + kCentralSize > end || get_le(bytes, at, 4) != 0x02014b50) layout_error();
    std::size_t local = get_le(bytes, at + 42, 4);
    if (local + kLocalSize > end || get_le(bytes, local, 4) != 0x04034b50) layout_error();
    put_le16(bytes, at + 12, stamp.time);
    put_le16(bytes, at + 14, stamp.date);
    put_le16(bytes, local + 10, stamp.time);
    put_le16(bytes, local + 12, stamp.date);
    at += kCentralSize + get_le(bytes, at + 28, 2) + get_le(bytes, at + 30, 2) +
          get_le(bytes, at + 32, 2);
  }
}

}  // namespace

std::string ZipArchive::sha256_base64() const { return core::to_base64(core::sha256(bytes)); }

std::string ZipArchive::sha256_hex() const { return core::to_hex(core::sha256(bytes)); }

std::vector<std::string> list_package_files(const std::filesystem::path& folder,
                                            const ZipOptions& options) {
  std::vector<std::string> names;
  for (PackageFile& file : Walker(folder, options).run()) names.push_back(std::move(file.name));
  return names;
}

ZipArchive package_folder(const std::filesystem::path& folder, const ZipOptions& options) {
  DosStamp stamp = dos_stamp(resolve_mtime(options));
  std::vector<PackageFile> files = Walker(folder, options).run();
  std::vector<std::string> contents;
  contents.reserve(files.size());
  for (const PackageFile& file : files) contents.push_back(read_file(folder, file));

  ZipArchive result;
  result.bytes = build_zip(folder, files, contents, stamp, options.store_only);
  stamp_headers(result.bytes, folder, stamp, files.size());
  for (PackageFile& file : files) result.entries.push_back(std::move(file.name));
  return result;
}

void write_file_atomically(const std::filesystem::path& target, std::string_view bytes) {
  std::string shown = in_quotes(target.string());
  if (!target.has_filename()) {
    throw Error(ErrorCategory::kUsage,
                "output " + shown +
                    ": names a folder, not a file; pass a file path such as \"build/handler.zip\"");
  }
  fs::path parent = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::string hidden = target.filename().string();
  hidden.insert(0, 1, '.').append(".tmp-XXXXXX");  // Not `"." + name`: see in_quotes.
  std::string temporary = (parent / hidden).string();

  int fd = ::mkstemp(temporary.data());
  if (fd < 0) {
    throw Error(ErrorCategory::kIo, "output " + shown + ": cannot create a temporary file in " +
                                        in_quotes(parent.string()) + ": " + errno_text(errno) +
                                        "; check that the folder exists and is writable");
  }
  auto give_up = [&](std::string_view step) {
    int saved = errno;
    ::close(fd);
    ::unlink(temporary.c_str());
    throw Error(ErrorCategory::kIo,
                "output " + shown + ": cannot " + std::string(step) + ": " + errno_text(saved) +
                    "; check free space and permissions of " + in_quotes(parent.string()));
  };

  std::size_t written = 0;
  while (written < bytes.size()) {
    ssize_t count = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (count < 0 && errno == EINTR) continue;
    if (count < 0) give_up("write the temporary file");
    written += static_cast<std::size_t>(count);
  }
  if (::fchmod(fd, 0644) != 0) give_up("set the mode of the temporary file");
  if (::fsync(fd) != 0) give_up("flush the temporary file");
  if (::close(fd) != 0) {
    int saved = errno;
    ::unlink(temporary.c_str());
    throw Error(ErrorCategory::kIo, "output " + shown +
                                        ": cannot close the temporary file: " + errno_text(saved) +
                                        "; check free space of " + in_quotes(parent.string()));
  }
  if (::rename(temporary.c_str(), target.c_str()) != 0) {
    int saved = errno;
    ::unlink(temporary.c_str());
    throw Error(ErrorCategory::kIo, "output " + shown +
                                        ": cannot replace it: " + errno_text(saved) +
                                        "; check that it is not a folder and that " +
                                        in_quotes(parent.string()) + " is writable");
  }
}

}  // namespace stackgen::packaging
