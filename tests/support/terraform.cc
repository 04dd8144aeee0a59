#include "terraform.h"

#include <fmt/format.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <vector>

namespace stackgen::testing {

namespace fs = std::filesystem;

fs::path find_provider_mirror() {
  if (const char* env = std::getenv("STACKGEN_PROVIDER_MIRROR"); env != nullptr && *env) {
    return env;
  }
  std::vector<fs::path> candidates = {"/opt/tf-plugins", "/usr/share/terraform/plugins",
                                      "/usr/local/share/terraform/plugins"};
  if (const char* home = std::getenv("HOME")) {
    candidates.push_back(fs::path(home) / ".terraform.d/plugins");
    candidates.push_back(fs::path(home) / ".local/share/terraform/plugins");
  }
  std::error_code ec;
  for (const fs::path& c : candidates) {
    if (fs::is_directory(c / "registry.terraform.io/hashicorp/aws", ec)) return c;
  }
  return {};
}

std::string terraform_unavailable_reason() {
  if (std::system("terraform version >/dev/null 2>&1") != 0) {
    return "terraform is not on PATH; tests that run real terraform were skipped";
  }
  if (find_provider_mirror().empty()) {
    return "no hashicorp/aws provider mirror found (set STACKGEN_PROVIDER_MIRROR); tests that "
           "run real terraform were skipped";
  }
  return {};
}

static fs::path cli_config() {
  static fs::path file = [] {
    fs::path dir = make_temp_dir("tfcli");
    fs::path mirror = find_provider_mirror();
    std::ofstream out(dir / "terraform.rc");
    out << fmt::format(
        "provider_installation {{\n"
        "  filesystem_mirror {{\n    path    = \"{}\"\n    include = [\"registry.terraform.io/*/*\"]\n  }}\n"
        "}}\n",
        mirror.string());
    return dir / "terraform.rc";
  }();
  return file;
}

TerraformRun run_terraform(const fs::path& dir, const std::string& args) {
  std::string command = fmt::format(
      "cd '{}' && TF_CLI_CONFIG_FILE='{}' TF_IN_AUTOMATION=1 TF_INPUT=0 CHECKPOINT_DISABLE=1 "
      "terraform {} 2>&1",
      dir.string(), cli_config().string(), args);
  TerraformRun run;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return run;
  std::array<char, 4096> buffer;
  std::size_t n;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0)
    run.output.append(buffer.data(), n);
  int status = ::pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

void write_offline_provider_override(const fs::path& dir) {
  std::ofstream out(dir / "zz_test_override.tf.json");
  out << R"({
  "provider": {
    "aws": {
      "access_key": "AKIAIOSFODNN7EXAMPLE",
      "secret_key": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
      "skip_credentials_validation": true,
      "skip_metadata_api_check": true,
      "skip_region_validation": true,
      "skip_requesting_account_id": true
    }
  }
}
)";
}

fs::path make_temp_dir(const std::string& tag) {
  std::string pattern = (fs::temp_directory_path() / ("stackgen-" + tag + "-XXXXXX")).string();
  if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  return pattern;
}

std::string read_text(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace stackgen::testing
