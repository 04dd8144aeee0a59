#include "stackgen/packaging/zip.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "stackgen/core/error.h"
#include "stackgen/core/hash.h"

namespace stackgen::packaging {
namespace {

namespace fs = std::filesystem;
using core::Error;
using core::ErrorCategory;

// --- Fixtures -------------------------------------------------------------------------------

// A fresh folder under /tmp, removed with everything in it at the end of the test.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "stackgen-zip-test-XXXXXX").string();
    path_ = ::mkdtemp(pattern.data());
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const fs::path& path() const { return path_; }
  fs::path operator/(const std::string& name) const { return path_ / name; }

 private:
  fs::path path_;
};

// Sets (or unsets, with nullopt) an environment variable for one test, then restores it.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, std::optional<std::string> value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    value ? ::setenv(name, value->c_str(), 1) : ::unsetenv(name);
    ::tzset();
  }
  ~ScopedEnv() {
    old_ ? ::setenv(name_, old_->c_str(), 1) : ::unsetenv(name_);
    ::tzset();
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* name_;
  std::optional<std::string> old_;
};

void write_text(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

std::string read_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::vector<std::string> folder_listing(const fs::path& folder) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(folder)) {
    names.push_back(entry.path().filename().string());
  }
  return names;
}

// The message of the core::Error that `action` throws; fails the test when it throws none
// or throws one of another category.
template <typename Action>
std::string error_message(Action action, ErrorCategory expected) {
  try {
    action();
  } catch (const Error& error) {
    EXPECT_EQ(error.category(), expected);
    return error.what();
  }
  ADD_FAILURE() << "expected a stackgen::core::Error";
  return "";
}

constexpr char kHandler[] =
    "def lambda_handler(event, context):\n    return {\"statusCode\": 200}\n";

// --- Reading zip headers --------------------------------------------------------------------

std::uint32_t le(const std::string& bytes, std::size_t at, int width) {
  std::uint32_t value = 0;
  for (int k = width - 1; k >= 0; --k) value = (value << 8) | std::uint8_t(bytes.at(at + k));
  return value;
}

struct Header {
  std::string name;
  std::uint32_t made_by = 0, flags = 0, method = 0, time = 0, date = 0, external = 0;
  std::uint32_t central_extra = 0, comment = 0;
  std::uint32_t local_time = 0, local_date = 0, local_extra = 0;
};

struct Layout {
  std::vector<Header> headers;
  std::uint32_t archive_comment = 0;
};

// Walks the central directory from the end record, and each entry's local header.
Layout parse(const std::string& bytes) {
  Layout layout;
  std::size_t end = bytes.size() - 22;
  EXPECT_EQ(le(bytes, end, 4), 0x06054b50u);
  layout.archive_comment = le(bytes, end + 20, 2);
  std::size_t at = le(bytes, end + 16, 4);
  for (std::uint32_t i = 0, n = le(bytes, end + 10, 2); i < n; ++i) {
    EXPECT_EQ(le(bytes, at, 4), 0x02014b50u);
    Header header;
    header.made_by = le(bytes, at + 4, 2);
    header.flags = le(bytes, at + 8, 2);
    header.method = le(bytes, at + 10, 2);
    header.time = le(bytes, at + 12, 2);
    header.date = le(bytes, at + 14, 2);
    std::uint32_t name_length = le(bytes, at + 28, 2);
    header.central_extra = le(bytes, at + 30, 2);
    header.comment = le(bytes, at + 32, 2);
    header.external = le(bytes, at + 38, 4);
    header.name = bytes.substr(at + 46, name_length);

    std::size_t local = le(bytes, at + 42, 4);
    EXPECT_EQ(le(bytes, local, 4), 0x04034b50u);
    header.local_time = le(bytes, local + 10, 2);
    header.local_date = le(bytes, local + 12, 2);
    header.local_extra = le(bytes, local + 28, 2);
    EXPECT_EQ(bytes.substr(local + 30, name_length), header.name);
    layout.headers.push_back(header);
    at += 46 + name_length + header.central_extra + header.comment;
  }
  return layout;
}

std::vector<std::string> names_in(const std::string& bytes) {
  std::vector<std::string> names;
  for (const Header& header : parse(bytes).headers) names.push_back(header.name);
  return names;
}

// --- Reproducibility (C03) ------------------------------------------------------------------

TEST(Regression, C03ZipBytesIgnoreMtimesModesOrderUmaskAndTimeZone) {
  ScopedEnv no_epoch("SOURCE_DATE_EPOCH", std::nullopt);
  const std::vector<std::pair<std::string, std::string>> files = {
      {"handler.py", kHandler},
      {"lib/__init__.py", ""},
      {"lib/util.py", "VALUE = 42\n"},
      {"data/config.json", "{\"a\": 1}\n"}};
  TempDir dir;

  std::string first;
  {
    ScopedEnv tz("TZ", "UTC");
    for (const auto& [name, text] : files) write_text(dir / ("a/" + name), text);
    for (const auto& [name, text] : files) fs::permissions(dir / ("a/" + name), fs::perms(0644));
    first = package_folder(dir / "a").bytes;
  }
  std::string second;
  {
    ScopedEnv tz("TZ", "America/New_York");
    mode_t old_umask = ::umask(077);
    for (auto it = files.rbegin(); it != files.rend(); ++it) {
      write_text(dir / ("b/" + it->first), it->second);
    }
    ::umask(old_umask);
    fs::permissions(dir / "b/handler.py", fs::perms(0755));
    fs::permissions(dir / "b/lib/util.py", fs::perms(0600));
    auto mtime = fs::file_time_type::clock::now() - std::chrono::hours(24 * 400);
    for (const auto& [name, text] : files) fs::last_write_time(dir / ("b/" + name), mtime);
    second = package_folder(dir / "b").bytes;
  }

  EXPECT_EQ(first.size(), second.size());
  EXPECT_TRUE(first == second) << "zips of the same files differ";
  EXPECT_EQ(names_in(first), (std::vector<std::string>{"data/config.json", "handler.py",
                                                       "lib/__init__.py", "lib/util.py"}));
}

// libzip 1.7 alone turns 02:30 on 2021-03-14 into 03:30 when TZ has a DST gap then.
TEST(Regression, C03ZipTimestampIgnoresDaylightSavingGapOfTimeZone) {
  TempDir dir;
  write_text(dir / "f/handler.py", kHandler);
  const ZipOptions options{.mtime = 1615689000};  // 2021-03-14T02:30:00Z

  std::string in_utc;
  {
    ScopedEnv tz("TZ", "UTC");
    in_utc = package_folder(dir / "f", options).bytes;
  }
  ScopedEnv tz("TZ", "America/New_York");
  std::string in_new_york = package_folder(dir / "f", options).bytes;

  EXPECT_TRUE(in_utc == in_new_york);
  Header header = parse(in_new_york).headers.at(0);
  EXPECT_EQ(header.local_time, (2u << 11) | (30u << 5));
  EXPECT_EQ(header.local_date, ((2021u - 1980u) << 9) | (3u << 5) | 14u);
}

// --- Contents -------------------------------------------------------------------------------

TEST(Zip, ListsFilesWithExclusionsApplied) {
  TempDir dir;
  for (const char* name :
       {"handler.py", "build.txt", "lib/__init__.py", "lib/util.py", "lib/contest.py",
        "lib/testing.py", "__pycache__/handler.cpython-311.pyc", "lib/util.pyc", "lib/util.pyo",
        ".hidden", ".git/config", "lib/.env", "tests/test_handler.py", "test/x.py",
        "lib/tests/z.py", "lib/test_util.py", "lib/util_test.py"}) {
    write_text(dir / "f" / name, "x = 1\n");
  }
  const std::vector<std::string> expected = {"build.txt",      "handler.py",     "lib/__init__.py",
                                             "lib/contest.py", "lib/testing.py", "lib/util.py"};

  EXPECT_EQ(list_package_files(dir / "f"), expected);
  ZipArchive archive = package_folder(dir / "f", {.mtime = kDosEpoch});
  EXPECT_EQ(archive.entries, expected);
  EXPECT_EQ(names_in(archive.bytes), expected);
}

TEST(Zip, SortsEntriesByByteOrderOfPath) {
  TempDir dir;
  for (const char* name : {"handler.py", "a/b.py", "a.py", "B.py", "a-b.py"}) {
    write_text(dir / "f" / name, "");
  }

  EXPECT_EQ(package_folder(dir / "f", {.mtime = kDosEpoch}).entries,
            (std::vector<std::string>{"B.py", "a-b.py", "a.py", "a/b.py", "handler.py"}));
}

TEST(Zip, LeavesOutPathsListedInExclude) {
  TempDir dir;
  for (const char* name : {"handler.py", "CMakeLists.txt", "docs/a.md", "lib/docs/b.md"}) {
    write_text(dir / "f" / name, "");
  }

  EXPECT_EQ(list_package_files(dir / "f", {.exclude = {"CMakeLists.txt", "docs"}}),
            (std::vector<std::string>{"handler.py", "lib/docs/b.md"}));
}

TEST(Zip, PackagesSymlinkInsideFolderAsCopyOfItsTarget) {
  TempDir dir;
  write_text(dir / "copy/handler.py", kHandler);
  write_text(dir / "copy/lib/alias.py", kHandler);
  write_text(dir / "link/handler.py", kHandler);
  fs::create_directories(dir / "link/lib");
  fs::create_symlink("../handler.py", dir / "link/lib/alias.py");

  ZipArchive linked = package_folder(dir / "link", {.mtime = kDosEpoch});
  EXPECT_EQ(linked.entries, (std::vector<std::string>{"handler.py", "lib/alias.py"}));
  EXPECT_TRUE(linked.bytes == package_folder(dir / "copy", {.mtime = kDosEpoch}).bytes);
}

TEST(Zip, SkipsExcludedFolderWithLinksLeavingIt) {
  TempDir dir;
  write_text(dir / "f/handler.py", kHandler);
  fs::create_directories(dir / "f/.venv/bin");
  fs::create_symlink("/usr/bin/env", dir / "f/.venv/bin/python");
  fs::create_symlink("/nowhere", dir / "f/stale.pyc");

  EXPECT_EQ(list_package_files(dir / "f"), (std::vector<std::string>{"handler.py"}));
}

// --- Header fields --------------------------------------------------------------------------

TEST(Zip, StampsDosEpochByDefault) {
  ScopedEnv no_epoch("SOURCE_DATE_EPOCH", std::nullopt);
  TempDir dir;
  write_text(dir / "f/handler.py", kHandler);
  write_text(dir / "f/lib/util.py", "VALUE = 42\n");

  Layout layout = parse(package_folder(dir / "f").bytes);
  ASSERT_EQ(layout.headers.size(), 2u);
  for (const Header& header : layout.headers) {
    SCOPED_TRACE(header.name);
    EXPECT_EQ(header.local_time, 0x0000u);  // 00:00:00
    EXPECT_EQ(header.local_date, 0x0021u);  // 1980-01-01: year 0, month 1, day 1
    EXPECT_EQ(header.time, 0x0000u);
    EXPECT_EQ(header.date, 0x0021u);
  }
}

TEST(Zip, StampsSourceDateEpochWhenSet) {
  ScopedEnv epoch("SOURCE_DATE_EPOCH", "1700000000");  // 2023-11-14T22:13:20Z
  TempDir dir;
  write_text(dir / "f/handler.py", kHandler);

  Header header = parse(package_folder(dir / "f").bytes).headers.at(0);
  EXPECT_EQ(header.local_time, (22u << 11) | (13u << 5) | 10u);
  EXPECT_EQ(header.local_date, (43u << 9) | (11u << 5) | 14u);
  EXPECT_EQ(header.time, 0xb1aau);
  EXPECT_EQ(header.date, 0x576eu);
}

TEST(Zip, PrefersExplicitMtimeAndRoundsOddSecondsDown) {
  ScopedEnv epoch("SOURCE_DATE_EPOCH", "1700000000");
  TempDir dir;
  write_text(dir / "f/handler.py", kHandler);

  // 2009-02-13T23:31:31Z: DOS time keeps 30 seconds.
  Header header = parse(package_folder(dir / "f", {.mtime = 1234567891}).bytes).headers.at(0);
  EXPECT_EQ(header.local_time, (23u << 11) | (31u << 5) | 15u);
  EXPECT_EQ(header.local_date, (29u << 9) | (2u << 5) | 13u);
}

TEST(Zip, FallsBackToDosEpochForUnusableSourceDateEpoch) {
  TempDir dir;
  write_text(dir / "f/handler.py", kHandler);
  for (const char* value : {"", "abc", "17e8", "-5", "100", "99999999999"}) {
    SCOPED_TRACE(value);
    ScopedEnv epoch("SOURCE_DATE_EPOCH", value);
    Header header = parse(package_folder(dir / "f").bytes).headers.at(0);
    EXPECT_EQ(header.local_time, 0x0000u);
    EXPECT_EQ(header.local_date, 0x0021u);
  }
}

TEST(Zip, FixesAttributesAndWritesNoExtraFields) {
  TempDir dir;
  write_text(dir / "f/handler.py", kHandler);
  write_text(dir / "f/run.sh", "#!/bin/sh\n");
  write_text(dir / "f/secret.txt", "s\n");
  fs::permissions(dir / "f/run.sh", fs::perms(0755));
  fs::permissions(dir / "f/secret.txt", fs::perms(0600));

  Layout layout = parse(package_folder(dir / "f", {.mtime = kDosEpoch}).bytes);
  EXPECT_EQ(layout.archive_comment, 0u);
  ASSERT_EQ(layout.headers.size(), 3u);
  for (const Header& header : layout.headers) {
    SCOPED_TRACE(header.name);
    EXPECT_EQ(header.made_by >> 8, 3u);  // Unix
    EXPECT_EQ(header.external, 0100644u << 16);
    EXPECT_EQ(header.external, 0x81a40000u);
    EXPECT_EQ(header.local_extra, 0u);
    EXPECT_EQ(header.central_extra, 0u);
    EXPECT_EQ(header.comment, 0u);
    EXPECT_EQ(header.method, 8u);  // deflate
  }
}

TEST(Zip, StoresEntriesUncompressedWhenStoreOnly) {
  TempDir dir;
  write_text(dir / "f/handler.py", kHandler);

  ZipArchive archive = package_folder(dir / "f", {.mtime = kDosEpoch, .store_only = true});
  EXPECT_EQ(parse(archive.bytes).headers.at(0).method, 0u);
  EXPECT_NE(archive.bytes.find(kHandler), std::string::npos);
}

// --- Digests (C04) --------------------------------------------------------------------------

TEST(Regression, C04SourceCodeHashIsBase64OfSha256OfZipBytes) {
  // Known vector: SHA-256("abc") as given in FIPS 180-2.
  ZipArchive abc{.bytes = "abc"};
  EXPECT_EQ(abc.sha256_hex(), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(abc.sha256_base64(), "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=");

  TempDir dir;
  write_text(dir / "f/handler.py", kHandler);
  ZipArchive archive = package_folder(dir / "f", {.mtime = kDosEpoch});
  EXPECT_EQ(archive.sha256_base64(), core::to_base64(core::sha256(archive.bytes)));
  EXPECT_EQ(archive.sha256_base64().size(), 44u);
}

// Pins the exact bytes. The deflate digest holds for Debian 12's zlib 1.2.13, which CI uses:
// another zlib may compress differently, and then only this deflate value must be updated,
// on purpose. The stored digest does not depend on zlib at all.
TEST(Zip, MatchesGoldenDigests) {
  TempDir dir;
  write_text(dir / "f/handler.py", kHandler);
  write_text(dir / "f/lib/util.py", "VALUE = 42\n");

  ZipArchive deflated = package_folder(dir / "f", {.mtime = kDosEpoch});
  EXPECT_EQ(deflated.sha256_hex(),
            "49d2e1f71fd982202e6fa658d940fccaebb84f174fe9e7f64099c775829eb9a1");
  ZipArchive stored = package_folder(dir / "f", {.mtime = kDosEpoch, .store_only = true});
  EXPECT_EQ(stored.sha256_hex(),
            "11e6a42be51c0a5955ac2332bb1f4ad1e98bf1212a3fd9dc21102ada73252fd5");
}

// --- Python reads it ------------------------------------------------------------------------

TEST(ZipNeedsPython3, PythonImportsHandlerFromZip) {
  if (::access("/usr/bin/python3", X_OK) != 0) {
    GTEST_SKIP()
        << "*** /usr/bin/python3 IS MISSING: the zip was NOT checked with Python's zipfile and zipimport ***";
  }
  TempDir dir;
  write_text(dir / "f/handler.py", R"(from pkg import helper


def lambda_handler(event, context):
    return {"statusCode": 200, "body": helper.greet()}
)");
  write_text(dir / "f/pkg/__init__.py", "");
  write_text(dir / "f/pkg/helper.py", "def greet():\n    return \"hello from zip\"\n");
  write_text(dir / "check.py", R"(import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    assert z.testzip() is None
    print(",".join(z.namelist()))
sys.path.insert(0, sys.argv[1])
import handler
print(handler.lambda_handler({}, None)["body"])
)");
  write_file_atomically(dir / "handler.zip", package_folder(dir / "f").bytes);

  std::string command = "/usr/bin/python3 -I " + (dir / "check.py").string() + " " +
                        (dir / "handler.zip").string() + " > " + (dir / "out.txt").string() +
                        " 2>&1";
  int status = std::system(command.c_str());
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << read_bytes(dir / "out.txt");
  EXPECT_EQ(read_bytes(dir / "out.txt"),
            "handler.py,pkg/__init__.py,pkg/helper.py\nhello from zip\n");
}

// --- Writing --------------------------------------------------------------------------------

TEST(Zip, WritesFileAtomicallyWithoutLeftovers) {
  TempDir dir;
  write_file_atomically(dir / "out.zip", "first");
  write_file_atomically(dir / "out.zip", "second");

  EXPECT_EQ(read_bytes(dir / "out.zip"), "second");
  EXPECT_EQ(folder_listing(dir.path()), (std::vector<std::string>{"out.zip"}));
  EXPECT_EQ(fs::status(dir / "out.zip").permissions(), fs::perms(0644));
}

TEST(Zip, RejectsWriteIntoMissingFolder) {
  TempDir dir;
  fs::path target = dir / "missing/out.zip";

  EXPECT_EQ(error_message([&] { write_file_atomically(target, "x"); }, ErrorCategory::kIo),
            "output \"" + target.string() + "\": cannot create a temporary file in \"" +
                (dir / "missing").string() +
                "\": No such file or directory; check that the folder exists and is writable");
  EXPECT_TRUE(folder_listing(dir.path()).empty());
}

TEST(Zip, RejectsWriteOverFolder) {
  TempDir dir;
  fs::create_directories(dir / "out.zip");

  EXPECT_EQ(error_message([&] { write_file_atomically(dir / "out.zip", "x"); }, ErrorCategory::kIo),
            "output \"" + (dir / "out.zip").string() +
                "\": cannot replace it: Is a directory; check that it is not a folder and that \"" +
                dir.path().string() + "\" is writable");
  EXPECT_EQ(folder_listing(dir.path()), (std::vector<std::string>{"out.zip"}));
}

// --- Rejected inputs ------------------------------------------------------------------------

// Packages `folder` and writes the zip into `dir/out`, as a caller would; returns the error
// message and checks that nothing was written.
std::string package_and_write_error(const TempDir& dir, const fs::path& folder,
                                    ErrorCategory expected) {
  fs::create_directories(dir / "out");
  std::string message = error_message(
      [&] { write_file_atomically(dir / "out/handler.zip", package_folder(folder).bytes); },
      expected);
  EXPECT_TRUE(folder_listing(dir / "out").empty());
  return message;
}

TEST(Zip, RejectsSymlinkLeavingFolder) {
  TempDir dir;
  write_text(dir / "f/handler.py", kHandler);
  write_text(dir / "secret.txt", "s\n");
  fs::create_symlink("../secret.txt", dir / "f/evil");
  std::string folder = (dir / "f").string();

  EXPECT_EQ(package_and_write_error(dir, folder, ErrorCategory::kUsage),
            "handler folder \"" + folder +
                "\": symlink \"evil\" points outside the folder; replace it with a regular file");
  fs::remove(dir / "f/evil");
  fs::create_directories(dir / "f/lib");
  fs::create_symlink("/etc/hostname", dir / "f/lib/host");
  EXPECT_EQ(
      package_and_write_error(dir, folder, ErrorCategory::kUsage),
      "handler folder \"" + folder +
          "\": symlink \"lib/host\" points outside the folder; replace it with a regular file");
}

TEST(Zip, RejectsMissingHandlerModule) {
  TempDir dir;
  write_text(dir / "f/app.py", kHandler);
  write_text(dir / "f/lib/handler.py", kHandler);
  std::string folder = (dir / "f").string();

  EXPECT_EQ(
      package_and_write_error(dir, folder, ErrorCategory::kUsage),
      "handler folder \"" + folder +
          "\": required entry \"handler.py\" is missing at the folder's root; add handler.py to the folder");
  EXPECT_EQ(package_folder(folder, {.required_entry = "app.py"}).entries,
            (std::vector<std::string>{"app.py", "lib/handler.py"}));
}

TEST(Zip, RejectsMissingFolder) {
  TempDir dir;
  std::string folder = (dir / "nope").string();

  EXPECT_EQ(package_and_write_error(dir, folder, ErrorCategory::kUsage),
            "handler folder \"" + folder +
                "\": does not exist; pass the folder that holds the handler sources");
}

TEST(Zip, RejectsFileInPlaceOfFolder) {
  TempDir dir;
  write_text(dir / "handler.py", kHandler);
  std::string folder = (dir / "handler.py").string();

  EXPECT_EQ(package_and_write_error(dir, folder, ErrorCategory::kUsage),
            "handler folder \"" + folder +
                "\": is not a folder; pass the folder that holds the handler sources");
}

TEST(Zip, RejectsEmptyFolder) {
  TempDir dir;
  fs::create_directories(dir / "empty");
  write_text(dir / "only-excluded/__pycache__/handler.cpython-311.pyc", "");
  write_text(dir / "only-excluded/tests/test_handler.py", "");
  const std::string kRule =
      "\": no files left to package after the exclusion rule (__pycache__, *.pyc, *.pyo, dotfiles, tests, test, test_*.py, *_test.py); add the handler sources";

  for (const char* name : {"empty", "only-excluded"}) {
    SCOPED_TRACE(name);
    std::string folder = (dir / name).string();
    EXPECT_EQ(package_and_write_error(dir, folder, ErrorCategory::kUsage),
              "handler folder \"" + folder + kRule);
  }
}

TEST(Zip, RejectsFifo) {
  TempDir dir;
  write_text(dir / "f/handler.py", kHandler);
  ASSERT_EQ(::mkfifo((dir / "f/pipe").c_str(), 0644), 0);
  std::string folder = (dir / "f").string();

  EXPECT_EQ(package_and_write_error(dir, folder, ErrorCategory::kUsage),
            "handler folder \"" + folder +
                "\": \"pipe\" is a fifo, not a regular file or folder; remove it from the folder");
}

TEST(Zip, RejectsDanglingSymlink) {
  TempDir dir;
  write_text(dir / "f/handler.py", kHandler);
  fs::create_symlink("gone.py", dir / "f/stale.py");
  std::string folder = (dir / "f").string();

  EXPECT_EQ(package_and_write_error(dir, folder, ErrorCategory::kUsage),
            "handler folder \"" + folder +
                "\": symlink \"stale.py\" points to nothing; remove it or restore its target");
}

TEST(Zip, RejectsSymlinkToFolder) {
  TempDir dir;
  write_text(dir / "f/handler.py", kHandler);
  write_text(dir / "f/lib/util.py", "");
  fs::create_directory_symlink("lib", dir / "f/alias");
  std::string folder = (dir / "f").string();

  EXPECT_EQ(
      package_and_write_error(dir, folder, ErrorCategory::kUsage),
      "handler folder \"" + folder +
          "\": symlink \"alias\" points to a folder, and only links to files are followed; replace it with a real folder");
}

TEST(Zip, RejectsUnreadableFile) {
  if (::geteuid() == 0) GTEST_SKIP() << "root reads files whatever their mode";
  TempDir dir;
  write_text(dir / "f/handler.py", kHandler);
  fs::permissions(dir / "f/handler.py", fs::perms::none);
  std::string folder = (dir / "f").string();

  EXPECT_EQ(package_and_write_error(dir, folder, ErrorCategory::kIo),
            "handler folder \"" + folder +
                "\": cannot read \"handler.py\": Permission denied; make the file readable");
}

TEST(Zip, RejectsMtimeOutsideDosRange) {
  TempDir dir;
  write_text(dir / "f/handler.py", kHandler);

  for (std::int64_t mtime : {std::int64_t{0}, kDosEpoch - 1, kDosTimeMax + 1}) {
    SCOPED_TRACE(mtime);
    EXPECT_EQ(
        error_message([&] { package_folder(dir / "f", {.mtime = mtime}); }, ErrorCategory::kUsage),
        "zip mtime " + std::to_string(mtime) +
            ": outside what zip timestamps can hold (315532800 to 4354819199, 1980-01-01 to 2107-12-31 UTC); pass a time in that range");
  }
}

// --- The stackgen-zip tool ------------------------------------------------------------------

struct RunResult {
  int exit_code = -1;
  std::string stderr_text;
  std::string stdout_text;
};

RunResult run_tool(const TempDir& dir, const std::string& arguments) {
  std::string command = std::string(STACKGEN_ZIP_TOOL) + " " + arguments + " > " +
                        (dir / "stdout.txt").string() + " 2> " + (dir / "stderr.txt").string();
  int status = std::system(command.c_str());
  RunResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.stdout_text = read_bytes(dir / "stdout.txt");
  result.stderr_text = read_bytes(dir / "stderr.txt");
  fs::remove(dir / "stdout.txt");
  fs::remove(dir / "stderr.txt");
  return result;
}

TEST(StackgenZipTool, WritesSameBytesAsLibrarySilently) {
  ScopedEnv no_epoch("SOURCE_DATE_EPOCH", std::nullopt);
  TempDir dir;
  write_text(dir / "f/handler.py", kHandler);
  write_text(dir / "f/CMakeLists.txt", "");

  RunResult result = run_tool(dir, "--exclude CMakeLists.txt " + (dir / "f").string() + " " +
                                       (dir / "handler.zip").string());
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_EQ(result.stdout_text, "");
  EXPECT_EQ(result.stderr_text, "");
  EXPECT_TRUE(read_bytes(dir / "handler.zip") ==
              package_folder(dir / "f", {.exclude = {"CMakeLists.txt"}}).bytes);
}

TEST(StackgenZipTool, RejectsMissingFolderWithExitOneAndNoOutput) {
  TempDir dir;
  std::string folder = (dir / "nope").string();

  RunResult result = run_tool(dir, folder + " " + (dir / "handler.zip").string());
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(result.stdout_text, "");
  EXPECT_EQ(result.stderr_text,
            "stackgen-zip: handler folder \"" + folder +
                "\": does not exist; pass the folder that holds the handler sources\n");
  EXPECT_TRUE(folder_listing(dir.path()).empty());
}

TEST(StackgenZipTool, RejectsSymlinkLeavingFolderWithExitOneAndNoOutput) {
  TempDir dir;
  write_text(dir / "f/handler.py", kHandler);
  fs::create_symlink("/etc/hostname", dir / "f/evil");
  std::string folder = (dir / "f").string();

  RunResult result = run_tool(dir, folder + " " + (dir / "handler.zip").string());
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(result.stderr_text,
            "stackgen-zip: handler folder \"" + folder +
                "\": symlink \"evil\" points outside the folder; replace it with a regular file\n");
  EXPECT_EQ(folder_listing(dir.path()), (std::vector<std::string>{"f"}));
}

TEST(StackgenZipTool, RejectsWrongArgumentCount) {
  TempDir dir;

  RunResult result = run_tool(dir, "only-one");
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(
      result.stderr_text,
      "stackgen-zip: expected 2 arguments, got 1; usage: stackgen-zip [--exclude PATH]... <folder> <output.zip>\n");
  EXPECT_TRUE(folder_listing(dir.path()).empty());
}

}  // namespace
}  // namespace stackgen::packaging
