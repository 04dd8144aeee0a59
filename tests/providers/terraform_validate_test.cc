// Real terraform, offline: the stack built with the committed bindings passes `terraform
// validate` against the provider itself. Skipped, loudly, where terraform or the provider
// mirror is missing.
#include <gtest/gtest.h>

#include "every_argument.h"
#include "terraform.h"

namespace stackgen::testing {
namespace {

TEST(TerraformValidate, AcceptsTheEveryArgumentStack) {
  STACKGEN_REQUIRE_TERRAFORM();
  std::filesystem::path out = make_temp_dir("providers-tf") / "cdktf.out";
  core::App app({.outdir = out});
  add_every_argument_stack(app);
  app.synth();

  std::filesystem::path dir = out / "stacks/bindings";
  TerraformRun init = run_terraform(dir, "init -backend=false -input=false -no-color");
  ASSERT_EQ(init.exit_code, 0) << init.output;
  TerraformRun validate = run_terraform(dir, "validate -no-color");
  EXPECT_EQ(validate.exit_code, 0) << "in " << dir << "\n" << validate.output;
  EXPECT_NE(validate.output.find("Success! The configuration is valid."), std::string::npos)
      << validate.output;
}

}  // namespace
}  // namespace stackgen::testing
