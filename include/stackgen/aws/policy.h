// IAM policy documents built from typed statements, rendered byte-stably through jsonencode.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "stackgen/core/value.h"

namespace stackgen::aws {

/// Whether a statement allows or denies.
enum class Effect { kAllow, kDeny };

/// One condition of a statement: `{"<test>": {"<variable>": [values...]}}`.
struct PolicyCondition {
  /// The condition operator, e.g. "StringEquals". Required.
  std::string test{};
  /// The condition key, e.g. "kms:ViaService". Required.
  std::string variable{};
  /// The values compared with the key (literals or references). Required, at least one.
  std::vector<core::String> values{};
};

/// One statement of an IAM policy.
///
///     PolicyStatement{.actions = {"secretsmanager:GetSecretValue"},
///                     .resources = {secret.arn()}};
///
/// Actions are sorted and de-duplicated, resources de-duplicated, when the statement is added
/// to a `PolicyDocument`.
struct PolicyStatement {
  /// Statement id: letters and digits only. Default: none (no "Sid" key).
  std::string sid{};
  /// Default: allow.
  Effect effect = Effect::kAllow;
  /// Actions such as "logs:PutLogEvents". Required, at least one. A bare "*" or a whole
  /// service ("logs:*") is rejected: name the actions.
  std::vector<std::string> actions{};
  /// Resource ARNs (literals or references). Required for identity policies; empty in trust
  /// policies, which name `principals` instead.
  std::vector<core::String> resources{};
  /// Principals by type ("AWS", "Service"), for trust policies. Default: none.
  std::map<std::string, std::vector<core::String>> principals{};
  /// Conditions. Default: none.
  std::vector<PolicyCondition> conditions{};
};

/// An IAM policy document: a set of statements, rendered as
/// `jsonencode({Version = "2012-10-17", Statement = [...]})`.
///
/// The text is the same on every synthesis whatever order statements were added in:
/// statements are kept sorted (by sid, then content), each statement's actions sorted and
/// de-duplicated, its resources and principals de-duplicated and sorted, and Terraform's
/// `jsonencode` sorts object keys. "Action", "Resource" and principal values are always lists.
///
///     PolicyDocument doc;
///     doc.add_statement({.actions = {"sqs:SendMessage"}, .resources = {queue.arn()}});
///     String text = doc.to_json();   // ${jsonencode({...})}
class PolicyDocument {
 public:
  /// Adds `statement` in normalized form; returns false (and changes nothing) when an equal
  /// statement is already there. Throws `core::Error` (usage) when the statement has no
  /// actions, a wildcard action ("*" or "service:*"), an action that is not "service:Name",
  /// a sid with characters other than letters and digits, or a condition without values; and
  /// (construction) when its sid is already used by a different statement.
  bool add_statement(PolicyStatement statement);

  /// The statements, normalized, in rendering order.
  const std::vector<PolicyStatement>& statements() const { return statements_; }
  bool empty() const { return statements_.empty(); }

  /// The document as a typed map value (`{"Statement": [...], "Version": "2012-10-17"}`).
  core::Value to_value() const;
  /// `jsonencode(<to_value()>)`: the text a `policy` or `assume_role_policy` argument takes.
  core::String to_json() const;

 private:
  std::vector<PolicyStatement> statements_;
  std::vector<std::string> keys_;  // canonical text of each statement, same order
};

/// Something that can receive policy statements: a function's execution role, a managed
/// policy. L2 `grant_*` methods take a `Grantable&`.
class Grantable {
 public:
  virtual ~Grantable() = default;

  /// Adds `statement` to this grantee's policy; returns false when it was already there, so
  /// granting twice adds nothing. Throws what `PolicyDocument::add_statement` throws.
  virtual bool add_to_policy(PolicyStatement statement) = 0;

  /// The policy statements were added to.
  virtual const PolicyDocument& policy_document() const = 0;
};

/// The canonical text of a value, used to sort and compare statements: literals as JSON,
/// references by the construct path of their target and the attribute path. Exposed for tests.
std::string canonical_text(const core::Value& value);

}  // namespace stackgen::aws
