// Running the real terraform offline from tests: provider mirror discovery, CLI config,
// fake credentials through an override file.
#pragma once

#include <filesystem>
#include <string>

namespace stackgen::testing {

/// What one terraform command printed (stdout and stderr together) and its exit code.
struct TerraformRun {
  int exit_code = -1;
  std::string output;
};

/// The provider mirror: STACKGEN_PROVIDER_MIRROR when set, else the first of the usual places
/// that holds registry.terraform.io/hashicorp/aws. Empty when none is found.
std::filesystem::path find_provider_mirror();

/// Empty when terraform and the mirror can be used; otherwise why not, loud enough to be seen
/// in a test log.
std::string terraform_unavailable_reason();

/// Runs `terraform <args>` in `dir` with a CLI config that points at the mirror, through
/// TF_CLI_CONFIG_FILE for that process only.
TerraformRun run_terraform(const std::filesystem::path& dir, const std::string& args);

/// Writes `zz_test_override.tf.json` into `dir`: fake credentials and the provider's skip_*
/// flags, so plan runs offline without changing the synthesized configuration.
void write_offline_provider_override(const std::filesystem::path& dir);

/// A fresh empty folder under the system temp folder.
std::filesystem::path make_temp_dir(const std::string& tag);

/// The whole content of `file`.
std::string read_text(const std::filesystem::path& file);

}  // namespace stackgen::testing

/// Skips the current test with a loud message when terraform cannot run here.
#define STACKGEN_REQUIRE_TERRAFORM()                                             \
  do {                                                                           \
    std::string why_ = ::stackgen::testing::terraform_unavailable_reason();      \
    if (!why_.empty()) {                                                         \
      std::fprintf(stderr, "\n!!!!!!!! SKIPPED: %s !!!!!!!!\n\n", why_.c_str()); \
      GTEST_SKIP() << why_;                                                      \
    }                                                                            \
  } while (false)
