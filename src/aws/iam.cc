#include "stackgen/aws/iam.h"

#include <fmt/format.h>

#include "live_policy.h"
#include "stackgen/aws/names.h"
#include "stackgen/core/error.h"

namespace stackgen::aws {

namespace {

namespace tf = providers::aws;
using Policy = detail::LivePolicy<tf::IamPolicy, tf::IamPolicyConfig>;

constexpr const char* kKind = "managed policy";

}  // namespace

ManagedPolicy::ManagedPolicy(core::Construct& scope, std::string id, ManagedPolicyConfig config)
    : core::Construct(scope, std::move(id)) {
  check_name(*this, kKind, "name", config.name, kPolicyNameRule);
  tf::IamPolicyConfig policy{.name = core::String(config.name)};
  if (!config.description.empty()) policy.description = core::String(config.description);
  policy_ = &add<Policy>("policy", std::move(policy), document_);
}

bool ManagedPolicy::add_to_policy(PolicyStatement statement) {
  try {
    return document_.add_statement(std::move(statement));
  } catch (const core::Error& e) {
    throw core::Error(e.category(), fmt::format("{} \"{}\": {}", kKind, path(), e.what()));
  }
}

std::vector<std::string> ManagedPolicy::validate() const {
  std::vector<std::string> errors = core::Construct::validate();
  if (document_.empty()) {
    errors.push_back(
        "the policy has no statements, which IAM rejects; grant it something (for "
        "example api.grant_invoke(policy)) or remove it");
  }
  return errors;
}

}  // namespace stackgen::aws
