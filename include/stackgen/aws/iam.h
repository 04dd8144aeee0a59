// A customer managed IAM policy that grants can be added to.
#pragma once

#include <string>

#include "stackgen/aws/policy.h"
#include "stackgen/core/construct.h"
#include "stackgen/core/value.h"
#include "stackgen/providers/aws/iam_policy.h"

namespace stackgen::aws {

/// Settings of a `ManagedPolicy`.
struct ManagedPolicyConfig {
  /// The policy name, unique in the account. Required; 1 to 128 of `[A-Za-z0-9+=,.@_-]`.
  std::string name{};
  /// Shown in the IAM console. Default: none.
  std::string description{};
};

/// A customer managed policy (`aws_iam_policy`) that starts empty and receives statements
/// from grants; attach it to roles, users or groups.
///
///     auto& invoke = stack.add<ManagedPolicy>("invoke", ManagedPolicyConfig{.name =
///     "app-invoke"}); api.grant_invoke(invoke);
///
/// Throws `core::Error` (usage) when the name breaks IAM's rules. A policy that is still empty
/// at synthesis is a validation error (IAM rejects a policy without statements).
class ManagedPolicy : public core::Construct, public Grantable {
 public:
  ManagedPolicy(core::Construct& scope, std::string id, ManagedPolicyConfig config);

  /// The policy ARN.
  core::String arn() const { return policy_->arn(); }
  /// The policy name.
  core::String name() const { return policy_->name(); }
  /// The underlying `aws_iam_policy`; the non-const one is an escape hatch.
  const providers::aws::IamPolicy& resource() const { return *policy_; }
  providers::aws::IamPolicy& resource() { return *policy_; }

  /// Adds `statement` to this policy (see `Grantable`); false when it was already there.
  bool add_to_policy(PolicyStatement statement) override;
  /// The statements granted so far.
  const PolicyDocument& policy_document() const override { return document_; }

  /// Reports a policy that is still empty.
  std::vector<std::string> validate() const override;

 private:
  PolicyDocument document_;
  providers::aws::IamPolicy* policy_ = nullptr;
};

}  // namespace stackgen::aws
