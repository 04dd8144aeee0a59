// stackgen-gen: the generator on its own, for builds and tests that must not depend on the
// CLI. `stackgen get` takes the same arguments.
#include <fmt/format.h>

#include <cstdio>
#include <string>
#include <string_view>

#include "stackgen/codegen/generator.h"
#include "stackgen/core/error.h"

namespace {

constexpr const char* kUsage =
    "usage: stackgen-gen [--schema FILE] --out DIR [--type NAME]... [--provider-version V]\n"
    "                    [--provider-source SOURCE] [--mirror DIR]\n";

int usage_error(const std::string& message) {
  std::fprintf(stderr, "stackgen-gen: %s\n%s", message.c_str(), kUsage);
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  stackgen::codegen::GetOptions options;
  for (int i = 1; i < argc; ++i) {
    std::string_view flag = argv[i];
    if (flag == "--help" || flag == "-h") {
      std::fputs(kUsage, stdout);
      return 0;
    }
    if (i + 1 >= argc) return usage_error(fmt::format("{} needs a value", flag));
    std::string value = argv[++i];
    if (flag == "--schema") {
      options.schema = value;
    } else if (flag == "--out") {
      options.out = value;
    } else if (flag == "--type") {
      options.types.push_back(value);
    } else if (flag == "--provider-version") {
      options.provider_version = value;
    } else if (flag == "--provider-source") {
      options.provider_source = value;
    } else if (flag == "--mirror") {
      options.mirror = value;
    } else {
      return usage_error(fmt::format("unknown option \"{}\"", flag));
    }
  }
  try {
    stackgen::codegen::GetResult result = stackgen::codegen::get(options);
    std::printf(
        "stackgen-gen: wrote %zu headers to %s (%zu resources, %zu data sources, %zu "
        "providers)\n",
        result.files.size(), options.out.string().c_str(), result.resources, result.data_sources,
        result.providers);
    return 0;
  } catch (const stackgen::core::Error& e) {
    std::fprintf(stderr, "stackgen-gen: %s\n", e.what());
    return e.category() == stackgen::core::ErrorCategory::kUsage ? 2 : 1;
  }
}
