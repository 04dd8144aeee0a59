// stackgen-scale: builds N copies of the serverless API composition in one stack and
// synthesizes it, to measure how synthesis grows with stack size (issue #6).
//
// Each copy is what ServerlessApiStack builds (src/app/serverless_api_stack.cc), with names made
// distinct by a copy prefix: a Secret with a version, a Function that reads it, an HttpApi in
// front of the function and an invoker ManagedPolicy (14 resources), plus the same 8 outputs.
// bench/cdktf/main.js builds the same stack with real cdktf, and bench/run.sh compares them.
//
//     stackgen-scale --copies 1000 --output /tmp/scale
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>

#include "stackgen/aws/function.h"
#include "stackgen/aws/http_api.h"
#include "stackgen/aws/iam.h"
#include "stackgen/aws/secret.h"
#include "stackgen/core/app.h"
#include "stackgen/core/error.h"
#include "stackgen/core/stack.h"
#include "stackgen/providers/aws/provider.h"

#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
// Under `valgrind --tool=callgrind`, each phase is dumped to a file of its own (a no-op
// otherwise), so a profile can be read phase by phase.
#define STACKGEN_PHASE_DONE(name) CALLGRIND_DUMP_STATS_AT(name)
#else
#define STACKGEN_PHASE_DONE(name)
#endif

namespace {

namespace core = stackgen::core;
namespace aws = stackgen::aws;
namespace tf = stackgen::providers::aws;
using Clock = std::chrono::steady_clock;

/// What the command line asks for.
struct ScaleOptions {
  /// Copies of the composition in the stack.
  int copies = 1;
  /// "per-copy": every Function packages its own handler archive; "shared": one for all.
  std::string assets = "per-copy";
  /// The folder `App::synth` writes (manifest.json, stacks/scale/...).
  std::filesystem::path output{};
  /// The folder holding handler.py.
  std::filesystem::path handler_dir = STACKGEN_LAMBDA_SRC;
  /// Also time validation, rendering and serialization one by one (after the real synth).
  bool breakdown = false;
};

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

void add_output(core::Stack& stack, const std::string& name, core::Any value,
                std::string description) {
  stack.add<core::Output>(
      name, core::OutputConfig{.value = std::move(value), .description = std::move(description)});
}

// One copy, `base` standing for ServerlessApiStack's "<app_name>-<environment>".
void add_copy(core::Stack& stack, const std::string& base, const ScaleOptions& options) {
  std::string tf_name = base;
  for (char& c : tf_name) c = c == '-' ? '_' : c;
  auto& scope = stack.add<core::Construct>(base);

  auto& secret = scope.add<aws::Secret>(
      "config", aws::SecretConfig{.name = base + "/config",
                                  .description = "Configuration of " + base + " (JSON)",
                                  .version = 1,
                                  .value_variable = tf_name + "_secret_value"});
  auto& function = scope.add<aws::Function>(
      "handler", aws::FunctionConfig{.function_name = base + "-handler",
                                     .code_folder = options.handler_dir,
                                     .description = "HTTP API handler of " + base,
                                     .environment = {{"CONFIG_CACHE_TTL_SECONDS", "300"},
                                                     {"CONFIG_SECRET_ARN", secret.arn()},
                                                     {"LOG_LEVEL", "INFO"}}});
  secret.grant_read(function);
  auto& api = scope.add<aws::HttpApi>(
      "api", aws::HttpApiConfig{.name = base + "-api",
                                .description = "IAM-authorized HTTP API of " + base,
                                .function = &function});
  auto& invoker = scope.add<aws::ManagedPolicy>(
      "invoker_policy",
      aws::ManagedPolicyConfig{.name = base + "-invoke-api",
                               .description = "Allows calling every route of " + base + "-api"});
  api.grant_invoke(invoker);

  add_output(stack, tf_name + "_api_endpoint", api.api_endpoint(), "Default endpoint");
  add_output(stack, tf_name + "_invoke_url", api.invoke_url(), "URL of the API stage");
  add_output(stack, tf_name + "_function_name", function.function_name(), "Function name");
  add_output(stack, tf_name + "_function_arn", function.arn(), "Function ARN");
  add_output(stack, tf_name + "_secret_arn", secret.arn(), "Configuration secret ARN");
  add_output(stack, tf_name + "_invoker_policy_arn", invoker.arn(), "Invoker policy ARN");
  add_output(stack, tf_name + "_function_log_group_name", function.log_group_name(),
             "Log group of the function");
  add_output(stack, tf_name + "_access_log_group_name", api.access_log_group_name(),
             "Log group of the access logs");
}

core::Stack& build(core::App& app, const ScaleOptions& options) {
  auto& stack = app.add<core::Stack>("scale", core::StackConfig{.required_version = ">= 1.11"});
  stack.add<tf::AwsProvider>("aws",
                             tf::AwsProviderConfig{
                                 .region = core::String("us-east-1"),
                                 .default_tags = {tf::AwsProviderDefaultTags{
                                     .tags = core::Map<core::String>{{"application", "scale"},
                                                                     {"environment", "bench"},
                                                                     {"managed-by", "stackgen"}},
                                 }},
                             });
  for (int i = 0; i < options.copies; ++i) add_copy(stack, fmt::format("scale-{:04}", i), options);
  return stack;
}

// Times the phases of App::synth one by one on the already synthesized tree, and the
// serialization floor: dump(2) of the same document, already built.
void print_breakdown(const core::App& app, const core::Stack& stack) {
  auto start = Clock::now();
  std::size_t problems = app.collect_errors().size();
  double validate_ms = ms_since(start);
  start = Clock::now();
  nlohmann::json document = stack.render();
  double render_ms = ms_since(start);
  STACKGEN_PHASE_DONE("render");
  start = Clock::now();
  std::string text = document.dump(2);
  double dump_ms = ms_since(start);
  STACKGEN_PHASE_DONE("dump");
  std::printf(
      "stackgen-scale: breakdown: validate %.2f ms (%zu problems), render %.2f ms, dump(2) %.2f ms "
      "(%zu bytes); render+dump / dump floor = %.2f\n",
      validate_ms, problems, render_ms, dump_ms, text.size(), (render_ms + dump_ms) / dump_ms);
}

int run(const ScaleOptions& options) {
  if (options.assets == "shared") {
    // TODO(#6): aws::Function always packages its own `code_folder`, so copies cannot share
    // one archive until FunctionConfig accepts an existing core::Asset.
    std::fprintf(stderr,
                 "stackgen-scale: --assets shared: aws::Function packages its own code folder, so "
                 "every copy gets its own archive; shared assets need FunctionConfig to accept an "
                 "existing core::Asset (see bench/RESULTS.md); use --assets per-copy\n");
    return 2;
  }
  auto start = Clock::now();
  core::App app(core::AppOptions{.outdir = options.output});
  core::Stack& stack = build(app, options);
  double build_ms = ms_since(start);
  STACKGEN_PHASE_DONE("build");

  auto synth_start = Clock::now();
  core::SynthResult result = app.synth();
  double synth_ms = ms_since(synth_start);
  STACKGEN_PHASE_DONE("synth");

  const core::StackSummary& summary = result.stacks.front();
  std::printf(
      "stackgen-scale: %s: %d copies, %zu resources, %zu outputs, %zu assets; build %.2f ms, "
      "synth %.2f ms, total %.2f ms\n",
      summary.name.c_str(), options.copies, summary.resources, summary.outputs, summary.assets,
      build_ms, synth_ms, ms_since(start));
  if (options.breakdown) print_breakdown(app, stack);
  return 0;
}

int exit_code(core::ErrorCategory category) {
  switch (category) {
    case core::ErrorCategory::kUsage:
      return 2;
    case core::ErrorCategory::kConstruction:
      return 3;
    case core::ErrorCategory::kValidation:
      return 4;
    case core::ErrorCategory::kSynthesis:
      return 5;
    case core::ErrorCategory::kIo:
      return 6;
  }
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  ScaleOptions options;
  CLI::App cli{
      "Builds N copies of the serverless API composition (Secret, Function, HttpApi, invoker "
      "policy: 14 resources and 8 outputs per copy, distinct names) in one stack, synthesizes "
      "it, and prints the resource count and its own wall time.",
      "stackgen-scale"};
  cli.add_option("--copies", options.copies, "Copies of the composition in the stack (N >= 1)")
      ->required()
      ->check(CLI::PositiveNumber);
  cli.add_option("--assets", options.assets,
                 "Handler archives: per-copy (one per Function, what aws::Function does) or "
                 "shared (one for all copies; not supported by aws::Function yet)")
      ->check(CLI::IsMember({"per-copy", "shared"}))
      ->capture_default_str();
  cli.add_option("--output", options.output, "Output folder of the synthesis (cdktf.out layout)")
      ->required();
  cli.add_option("--handler-dir", options.handler_dir, "Folder holding handler.py")
      ->capture_default_str();
  cli.add_flag("--breakdown", options.breakdown,
               "After synthesis, also time validation, render and dump(2) one by one");
  CLI11_PARSE(cli, argc, argv);

  try {
    return run(options);
  } catch (const stackgen::core::Error& e) {
    std::fprintf(stderr, "stackgen-scale: %s error: %s\n",
                 std::string(stackgen::core::category_name(e.category())).c_str(), e.what());
    return exit_code(e.category());
  }
}
