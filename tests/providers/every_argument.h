// The stack the AWS binding tests synthesize: every committed binding in use, and every
// argument and block of aws_lambda_function and aws_apigatewayv2_stage set.
#pragma once

#include "stackgen/core/app.h"
#include "stackgen/core/stack.h"

namespace stackgen::testing {

/// Adds stack `bindings` to `app` and returns it. Arguments that conflict with each other in
/// the provider (a function's `filename`, `image_uri` and `s3_*`) take variables for all but
/// one, so that `terraform validate`, which cannot know a variable's value, accepts them.
core::Stack& add_every_argument_stack(core::App& app);

}  // namespace stackgen::testing
