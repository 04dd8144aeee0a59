// The root of the construct tree and the synthesizer.
#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "stackgen/core/construct.h"

namespace stackgen::core {

/// The stackgen version, written to manifest.json and each stack's `"//"` block.
inline constexpr const char* kVersion = "0.1.0";

/// Settings of an `App`.
struct AppOptions {
  /// Where synthesis writes. Default: "cdktf.out" (relative to the working directory).
  std::filesystem::path outdir = "cdktf.out";
  /// Context values visible to every construct (`try_get_context`).
  nlohmann::json context = nlohmann::json::object();
};

/// What a stack looked like when it was written.
struct StackSummary {
  std::string name{};
  std::size_t resources = 0;  ///< Resources (not data sources).
  std::size_t data_sources = 0;
  std::size_t outputs = 0;
  std::size_t assets = 0;
  std::filesystem::path file{};  ///< cdk.tf.json, relative to the output folder.
};

/// What `App::synth` did.
struct SynthResult {
  std::filesystem::path outdir{};
  std::vector<StackSummary> stacks{};
  /// Warnings and infos from annotations, each as "[path] message".
  std::vector<std::string> warnings{};
};

/// The root construct: holds the output folder and the context, and synthesizes.
///
///     App app({.outdir = "cdktf.out"});
///     auto& stack = app.add<Stack>("prod");
///     ...
///     SynthResult result = app.synth();
class App : public Construct {
 public:
  explicit App(AppOptions options = {});

  const std::filesystem::path& outdir() const { return options_.outdir; }
  std::vector<Stack*> stacks() const;

  /// Runs aspects, validates the whole tree, renders every stack and writes
  /// `<outdir>/manifest.json` and `<outdir>/stacks/<name>/{cdk.tf.json,assets/}`.
  ///
  /// Output is built in a temporary folder beside `outdir` and swapped into place, so a
  /// failure leaves the previous output untouched and stacks no longer in the app vanish.
  /// `only_stacks`, when not empty, limits the output to the stacks with those names (the
  /// whole tree is still validated).
  ///
  /// Throws `Error`: validation (all problems at once, each prefixed `[path]`), synthesis,
  /// or i/o.
  SynthResult synth(const std::vector<std::string>& only_stacks = {});

  /// Runs every aspect once over its subtree (called by `synth`; idempotent).
  void run_aspects();
  /// Every problem of the tree, each as "[path] message"; empty when valid.
  std::vector<std::string> collect_errors() const;

 private:
  AppOptions options_;
  bool aspects_done_ = false;
};

}  // namespace stackgen::core
