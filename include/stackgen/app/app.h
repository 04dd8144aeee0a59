// The program behind the `stackgen` command: builds the serverless API from the app's context.
#pragma once

#include "stackgen/core/app.h"

namespace stackgen::app {

/// Reads the configuration from `app`'s context (`from_context`) and adds a
/// `ServerlessApiStack` named after `app_name`. Throws `core::Error` (usage) for bad context
/// values; the CLI reports them.
///
///     int main(int argc, char** argv) {
///       return stackgen::cli::run(argc, argv, stackgen::app::build_app, std::cout, std::cerr);
///     }
void build_app(core::App& app);

}  // namespace stackgen::app
