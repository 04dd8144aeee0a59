// A Secrets Manager secret whose value never appears in code, cdk.tf.json, plans or state.
#pragma once

#include <optional>
#include <string>

#include "stackgen/aws/policy.h"
#include "stackgen/core/construct.h"
#include "stackgen/core/element.h"
#include "stackgen/core/value.h"
#include "stackgen/providers/aws/secretsmanager_secret.h"
#include "stackgen/providers/aws/secretsmanager_secret_version.h"

namespace stackgen::aws {

/// Settings of a `Secret`.
struct SecretConfig {
  /// The secret name. Required; 1 to 512 of `[A-Za-z0-9/_+=.@-]`.
  std::string name{};
  /// Shown in the Secrets Manager console. Default: none.
  std::string description{};
  /// Days a deleted secret can be restored, during which its name stays taken: 0 deletes at
  /// once (throwaway environments), otherwise 7 to 30. Always written. Default: 30.
  int recovery_window_in_days = 30;
  /// ARN of a customer managed KMS key that encrypts the secret (a key ARN, not an alias, so
  /// `grant_read` can name it). Default: the AWS managed key `aws/secretsmanager`.
  std::optional<core::String> kms_key_id{};
  /// When set (1 or more), an initial value is written at apply time: a sensitive, ephemeral
  /// Terraform variable feeds the write-only `secret_string_wo` of an
  /// `aws_secretsmanager_secret_version`, with this number as `secret_string_wo_version`.
  /// Raise it to write a new value. Default: no version; an operator sets the value later.
  std::optional<int> version{};
  /// Name of that variable, created at stack level; set it with `TF_VAR_<name>`.
  /// Default: "<construct id>_secret_value".
  std::string value_variable{};
};

/// A Secrets Manager secret (`aws_secretsmanager_secret`), plus with `version` set an
/// `aws_secretsmanager_secret_version` and the input variable that carries its value.
///
///     auto& secret = stack.add<Secret>("config", SecretConfig{.name = "app/config",
///                                                             .version = 1});
///     secret.grant_read(function);
///
/// Throws `core::Error` (usage), naming this construct, the field, the value and the rule,
/// when the name breaks Secrets Manager's rules, `recovery_window_in_days` is 1 to 6 or above
/// 30 (or negative), `version` is below 1, or `value_variable` is not a Terraform identifier.
class Secret : public core::Construct {
 public:
  Secret(core::Construct& scope, std::string id, SecretConfig config);

  /// The secret ARN.
  core::String arn() const { return secret_->arn(); }
  /// The secret name.
  core::String name() const { return secret_->name(); }

  /// Allows `grantee` to read the value: `secretsmanager:GetSecretValue` on this secret's ARN,
  /// and with a customer key also `kms:Decrypt` on the key when called through Secrets Manager
  /// (`kms:ViaService`). Idempotent.
  void grant_read(Grantable& grantee) const;

  /// The underlying `aws_secretsmanager_secret`; the non-const one is an escape hatch.
  const providers::aws::SecretsmanagerSecret& resource() const { return *secret_; }
  providers::aws::SecretsmanagerSecret& resource() { return *secret_; }
  /// The version resource, or null without `version`.
  const providers::aws::SecretsmanagerSecretVersion* version_resource() const { return version_; }
  /// The variable that carries the value, or null without `version`.
  const core::Variable* value_variable() const { return variable_; }

 private:
  SecretConfig config_;
  providers::aws::SecretsmanagerSecret* secret_ = nullptr;
  providers::aws::SecretsmanagerSecretVersion* version_ = nullptr;
  core::Variable* variable_ = nullptr;
};

}  // namespace stackgen::aws
