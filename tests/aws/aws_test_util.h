// Helpers for the L2 construct tests: a handler folder, synthesis into a temp folder, lookups.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "stackgen/core/app.h"
#include "stackgen/core/element.h"
#include "stackgen/core/error.h"
#include "stackgen/core/stack.h"
#include "terraform.h"

namespace stackgen::aws::testing {

namespace fs = std::filesystem;

/// A fresh folder holding a one-line handler.py.
inline fs::path make_handler_folder() {
  fs::path dir = stackgen::testing::make_temp_dir("handler");
  std::ofstream(dir / "handler.py") << "def lambda_handler(event, context):\n    return {}\n";
  return dir;
}

/// An app writing to a fresh temp folder, with one stack named "test".
struct Fixture {
  core::App app{{.outdir = stackgen::testing::make_temp_dir("aws") / "cdktf.out"}};
  core::Stack& stack = app.add<core::Stack>("test");
  fs::path handler = make_handler_folder();

  /// Synthesizes the app and returns the stack's parsed cdk.tf.json.
  nlohmann::json synth() {
    app.synth();
    return nlohmann::json::parse(
        stackgen::testing::read_text(app.outdir() / "stacks" / "test" / "cdk.tf.json"));
  }
  /// The synthesized stack's folder.
  fs::path stack_dir() const { return app.outdir() / "stacks" / "test"; }
};

/// The rendered body of `element` in `doc`.
inline const nlohmann::json& body_of(const nlohmann::json& doc, const core::Element& element) {
  const nlohmann::json* node = &doc;
  for (const std::string& key : element.location()) node = &node->at(key);
  return *node;
}

/// `${<address>.<attribute>}` for a resource.
inline std::string ref(const core::Resource& resource, const std::string& attribute) {
  return "${" + resource.address() + "." + attribute + "}";
}

/// Runs `fn`, expects a `core::Error` of `category`, and returns its message.
inline std::string error_of(const std::function<void()>& fn, core::ErrorCategory category) {
  try {
    fn();
  } catch (const core::Error& e) {
    EXPECT_EQ(e.category(), category) << e.what();
    return e.what();
  } catch (const std::exception& e) {
    ADD_FAILURE() << "unexpected exception: " << e.what();
    return "";
  }
  ADD_FAILURE() << "no error";
  return "";
}

}  // namespace stackgen::aws::testing
