// stackgen-zip: packages a handler folder into a reproducible zip, for build systems.
//
//     stackgen-zip [--exclude PATH]... <folder> <output.zip>
//
// Prints nothing on success. On any error prints one line "stackgen-zip: <message>" to
// stderr and exits 1; the zip is written atomically, so no partial or temporary file is left
// and an existing output is left as it was.

#include <cstdio>
#include <exception>
#include <string>
#include <string_view>
#include <vector>

#include "stackgen/packaging/zip.h"

namespace {

constexpr std::string_view kUsage = "usage: stackgen-zip [--exclude PATH]... <folder> <output.zip>";

int fail(std::string_view message) {
  std::fprintf(stderr, "stackgen-zip: %.*s\n", static_cast<int>(message.size()), message.data());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> positional;
  stackgen::packaging::ZipOptions options;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      std::printf("%.*s\n", static_cast<int>(kUsage.size()), kUsage.data());
      return 0;
    }
    if (arg == "--exclude") {
      if (i + 1 == argc) return fail("option \"--exclude\" needs a path; " + std::string(kUsage));
      options.exclude.emplace_back(argv[++i]);
      continue;
    }
    if (arg.size() > 1 && arg.front() == '-') {
      return fail("unknown option \"" + std::string(arg) + "\"; " + std::string(kUsage));
    }
    positional.emplace_back(arg);
  }
  if (positional.size() != 2) {
    return fail("expected 2 arguments, got " + std::to_string(positional.size()) + "; " +
                std::string(kUsage));
  }

  try {
    auto archive = stackgen::packaging::package_folder(positional[0], options);
    stackgen::packaging::write_file_atomically(positional[1], archive.bytes);
  } catch (const std::exception& error) {
    return fail(error.what());
  }
  return 0;
}
