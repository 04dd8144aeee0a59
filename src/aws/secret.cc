#include "stackgen/aws/secret.h"

#include <fmt/format.h>

#include <regex>

#include "stackgen/aws/names.h"
#include "stackgen/core/error.h"
#include "stackgen/core/fn.h"
#include "stackgen/core/stack.h"

namespace stackgen::aws {

namespace {

namespace tf = providers::aws;

constexpr const char* kKind = "secret";

[[noreturn]] void fail(const core::Construct& owner, const std::string& message) {
  throw core::Error(core::ErrorCategory::kUsage,
                    fmt::format("{} \"{}\": {}", kKind, owner.path(), message));
}

bool is_identifier(const std::string& name) {
  static const std::regex kIdentifier("[A-Za-z_][A-Za-z0-9_]*");
  return std::regex_match(name, kIdentifier);
}

// The region of a literal KMS key ARN, "" when `key` is not a literal key ARN.
std::string key_region(const core::String& key) {
  static const std::regex kKeyArn("arn:aws[a-z-]*:kms:([a-z0-9-]+):[0-9]{12}:key/[A-Za-z0-9-]+");
  std::smatch match;
  if (key.value().kind() != core::Value::Kind::kString) return {};
  const std::string& text = key.value().as_string();
  return std::regex_match(text, match, kKeyArn) ? match[1].str() : std::string();
}

}  // namespace

Secret::Secret(core::Construct& scope, std::string id, SecretConfig config)
    : core::Construct(scope, std::move(id)), config_(std::move(config)) {
  // Validate: every literal against Secrets Manager's rules.
  check_name(*this, kKind, "name", config_.name, kSecretNameRule);
  int window = config_.recovery_window_in_days;
  if (window != 0 && (window < 7 || window > 30)) {
    fail(*this, fmt::format("recovery_window_in_days {} is not allowed; Secrets Manager takes 0 "
                            "(delete at once) or 7 to 30 days; use 0 for throwaway environments, "
                            "else a value from 7 to 30",
                            window));
  }
  if (config_.version && *config_.version < 1) {
    fail(*this, fmt::format("version {} is below 1; secret_string_wo_version counts from 1; set "
                            "1 or more, or leave version unset to set the value later",
                            *config_.version));
  }
  if (config_.kms_key_id && config_.kms_key_id->value().kind() == core::Value::Kind::kString &&
      key_region(*config_.kms_key_id).empty()) {
    fail(*this, fmt::format("kms_key_id \"{}\" is not a KMS key ARN; grants must name the key, "
                            "so pass its ARN (arn:aws:kms:<region>:<account>:key/<id>), not an "
                            "alias or key id",
                            config_.kms_key_id->value().as_string()));
  }

  // Defaults.
  if (config_.value_variable.empty()) config_.value_variable = this->id() + "_secret_value";
  if (config_.version && !is_identifier(config_.value_variable)) {
    fail(*this, fmt::format("value_variable \"{}\" is not a Terraform variable name; use "
                            "letters, digits and \"_\", starting with a letter or \"_\"",
                            config_.value_variable));
  }

  // Children: the secret, and with a version the variable and the write-only version.
  tf::SecretsmanagerSecretConfig secret{
      .description = config_.description.empty() ? std::nullopt
                                                 : std::optional<core::String>(config_.description),
      .kms_key_id = config_.kms_key_id,
      .name = core::String(config_.name),
      .recovery_window_in_days = core::Number(window),
  };
  secret_ = &add<tf::SecretsmanagerSecret>("secret", std::move(secret));
  if (!config_.version) return;

  variable_ = &stack().add<core::Variable>(
      config_.value_variable,
      core::VariableConfig{
          .type = "string",
          .description = fmt::format(
              "Initial value of secret {} (JSON text), written once per version through the "
              "write-only secret_string_wo: never stored in plan or state. Pass it at apply "
              "time with TF_VAR_{}='{{...}}'; it is read again only when the version changes.",
              config_.name, config_.value_variable),
          .sensitive = true,
          .nullable = false,
          .ephemeral = true,
      });
  version_ = &add<tf::SecretsmanagerSecretVersion>(
      "version", tf::SecretsmanagerSecretVersionConfig{
                     .secret_id = secret_->arn(),
                     .secret_string_wo = variable_->value().as_string(),
                     .secret_string_wo_version = core::Number(*config_.version),
                 });
}

void Secret::grant_read(Grantable& grantee) const {
  grantee.add_to_policy({.actions = {"secretsmanager:GetSecretValue"}, .resources = {arn()}});
  if (!config_.kms_key_id) return;

  // The key may only be used on the secret's behalf: through Secrets Manager, in its region.
  std::string region = key_region(*config_.kms_key_id);
  core::String region_value =
      region.empty()
          ? core::String(core::fn::element(core::fn::call("split", {":", arn()}), 3).value())
          : core::String(region);
  grantee.add_to_policy({
      .actions = {"kms:Decrypt"},
      .resources = {*config_.kms_key_id},
      .conditions = {{.test = "StringEquals",
                      .variable = "kms:ViaService",
                      .values = {core::String("secretsmanager.") + region_value +
                                 core::String(".amazonaws.com")}}},
  });
}

}  // namespace stackgen::aws
