// Stacks (one Terraform configuration each) and their backends.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "stackgen/core/element.h"

namespace stackgen::core {

class Asset;

/// Settings of the stack's `terraform` block.
struct StackConfig {
  /// `required_version` constraint, e.g. ">= 1.11". Default: none.
  std::optional<std::string> required_version{};
};

/// A provider requirement: `required_providers.<name> = {source, version}`.
struct ProviderRequirement {
  std::string source{};
  std::string version{};
};

/// A `moved` block: the object at address `from` now lives at `to`.
struct MovedBlock {
  std::string from{};
  const Element* to = nullptr;
};

/// An `import` block: adopt the existing object `id` as `to`.
struct ImportBlock {
  const Element* to = nullptr;
  String id{};
};

/// One Terraform configuration, written to `stacks/<id>/cdk.tf.json`.
///
/// The id is the stack name and must match `[A-Za-z0-9_-]+`; anything else throws
/// `Error` (construction) before anything is written.
///
///     App app({.outdir = "cdktf.out"});
///     Stack stack(app, "prod");
class Stack : public Construct {
 public:
  Stack(Construct& scope, std::string id, StackConfig config = {});

  /// The stack name (its id).
  const std::string& name() const { return id(); }
  const StackConfig& config() const { return config_; }

  /// Requires provider `name` even if no provider construct declares it.
  void add_required_provider(std::string name, ProviderRequirement requirement);
  /// Adds a `moved` block.
  void add_moved(std::string from, const Element& to);
  /// Adds an `import` block.
  void add_import(const Element& to, String id);

  /// Renders cdk.tf.json's document. Throws `Error` (synthesis) listing every rendering
  /// problem, each prefixed with `[path]`.
  nlohmann::json render() const;
  /// Elements and assets of this stack (not those of nested stacks), in tree order.
  std::vector<const Element*> elements() const;
  std::vector<const Asset*> assets() const;

  std::vector<std::string> validate() const override;

 private:
  StackConfig config_;
  std::map<std::string, ProviderRequirement> required_providers_;
  std::vector<MovedBlock> moved_;
  std::vector<ImportBlock> imports_;
};

/// Base of backends: `terraform.backend.<type>` (or `terraform.cloud`). One per stack.
class Backend : public Element {
 public:
  Backend(Construct& scope, std::string id, std::string type);
  const std::string& backend_type() const { return type_; }
  std::vector<std::string> location() const override;
  std::string reference_root() const override { return "terraform.backend." + type_; }
  nlohmann::json render(RenderContext& context) const override;
  std::vector<std::string> validate() const override;

 protected:
  /// Writes the settings; backend settings must be literals.
  virtual void render_settings(ObjectWriter& writer) const = 0;

 private:
  std::string type_;
};

/// Settings of the `local` backend.
struct LocalBackendConfig {
  /// State file path, relative to the stack folder. Default: terraform.tfstate.
  std::optional<std::string> path{};
  /// Folder for non-default workspaces. Default: terraform.tfstate.d.
  std::optional<std::string> workspace_dir{};
};

class LocalBackend : public Backend {
 public:
  LocalBackend(Construct& scope, std::string id, LocalBackendConfig config = {});

 protected:
  void render_settings(ObjectWriter& writer) const override;

 private:
  LocalBackendConfig config_;
};

/// Settings of the `s3` backend. `bucket`, `key` and `region` are required.
struct S3BackendConfig {
  std::string bucket{};
  /// Path of the state object in the bucket.
  std::string key{};
  std::string region{};
  /// Server-side encryption of the state object. Default: false (stackgen L2s set true).
  std::optional<bool> encrypt{};
  /// S3 native state locking with a lock file. Default: false.
  std::optional<bool> use_lockfile{};
  /// DynamoDB table for locking (deprecated by Terraform in favour of `use_lockfile`).
  std::optional<std::string> dynamodb_table{};
  std::optional<std::string> kms_key_id{};
  std::optional<std::string> profile{};
  std::optional<std::string> workspace_key_prefix{};
};

class S3Backend : public Backend {
 public:
  /// Throws `Error` (construction) naming the missing field when bucket, key or region is empty.
  S3Backend(Construct& scope, std::string id, S3BackendConfig config);

 protected:
  void render_settings(ObjectWriter& writer) const override;

 private:
  S3BackendConfig config_;
};

/// Workspaces selection of the `remote` backend and of `cloud`: one of `name` or `prefix`
/// (remote) or `name` or `tags` (cloud).
struct RemoteWorkspaces {
  std::optional<std::string> name{};
  std::optional<std::string> prefix{};
  std::vector<std::string> tags{};
  std::optional<std::string> project{};
};

/// Settings of the `remote` backend (HCP Terraform / Terraform Enterprise).
struct RemoteBackendConfig {
  std::string organization{};
  /// Default: app.terraform.io.
  std::optional<std::string> hostname{};
  RemoteWorkspaces workspaces{};
};

class RemoteBackend : public Backend {
 public:
  RemoteBackend(Construct& scope, std::string id, RemoteBackendConfig config);

 protected:
  void render_settings(ObjectWriter& writer) const override;

 private:
  RemoteBackendConfig config_;
};

/// The `cloud` block (HCP Terraform), written at `terraform.cloud`.
class CloudBackend : public Backend {
 public:
  CloudBackend(Construct& scope, std::string id, RemoteBackendConfig config);

 protected:
  void render_settings(ObjectWriter& writer) const override;

 private:
  RemoteBackendConfig config_;
};

}  // namespace stackgen::core
