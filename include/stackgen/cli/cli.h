// The `stackgen` command line: a thin shell over the library that any program can reuse.
#pragma once

#include <filesystem>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>

#include "stackgen/core/app.h"
#include "stackgen/core/error.h"

namespace stackgen::cli {

/// Exit codes of `stackgen`. Each error category has its own, so CI can tell a typo in a
/// context value (2) from a broken disk (6).
///
/// | code | meaning                                                         |
/// |------|-----------------------------------------------------------------|
/// | 0    | success                                                         |
/// | 1    | internal error (a bug: please report it)                        |
/// | 2    | usage: bad flags, cdktf.json, context value or schema file      |
/// | 3    | construction: the app's code misused a construct                |
/// | 4    | validation: the tree has problems (all are listed)              |
/// | 5    | synthesis: rendering failed (bad override, cross-stack ref)     |
/// | 6    | i/o: reading inputs or writing the output folder failed         |
enum ExitCode : int {
  kExitOk = 0,
  kExitInternal = 1,
  kExitUsage = 2,
  kExitConstruction = 3,
  kExitValidation = 4,
  kExitSynthesis = 5,
  kExitIo = 6,
};

/// The exit code for errors of `category`.
int exit_code_for(core::ErrorCategory category);

/// Builds the program's stacks into `app`. Context (cdktf.json `context`, `CDKTF_CONTEXT_JSON`,
/// `--context`) is already set on the app; read it with `app.try_get_context(key)` and throw
/// `core::Error` (usage) for bad values.
using AppBuilder = std::function<void(core::App& app)>;

/// Where the command runs: its folder and its environment. Tests pass their own.
struct Environment {
  /// The folder holding cdktf.json; relative paths are resolved against it.
  std::filesystem::path cwd{};
  /// Reads an environment variable; returns nullopt when unset.
  std::function<std::optional<std::string>(const std::string&)> getenv{};
};

/// The environment of the current process.
Environment process_environment();

/// Runs the command line `argv` and returns its exit code. Writes results to `out` and
/// messages (summary, warnings, errors) to `err`. Never throws.
///
/// Commands:
///
///     stackgen synth [--output DIR] [--context KEY=VALUE]... [--stack NAME]
///     stackgen list [--context KEY=VALUE]...
///     stackgen get [--schema FILE] [--out DIR] [--type NAME]... [--provider-version V]
///     stackgen --version | --help
///
/// A program makes its own `stackgen` with one call:
///
///     int main(int argc, char** argv) {
///       return stackgen::cli::run(argc, argv, build_my_app, std::cout, std::cerr);
///     }
int run(int argc, const char* const* argv, const AppBuilder& build, std::ostream& out,
        std::ostream& err, const Environment& env = process_environment());

}  // namespace stackgen::cli
