// Typed provider bindings generated from the JSON of `terraform providers schema -json`:
// the library behind `stackgen get`.
//
// One header per resource, data source and provider, header-only, so a program compiles only
// the types it includes:
//
//     <out>/aws/provider.h                  class AwsProvider, struct AwsProviderConfig
//     <out>/aws/lambda_function.h           class LambdaFunction, struct LambdaFunctionConfig
//     <out>/aws/data_iam_policy_document.h  class DataAwsIamPolicyDocument, ...Config
//
// all in namespace `stackgen::providers::<provider>` (`aws` for registry.terraform.io/
// hashicorp/aws).
//
// ## Type names
//
// - Resources: the type without the provider prefix in PascalCase (`aws_lambda_function` ->
//   `LambdaFunction`); data sources: `Data` + the whole type (`aws_region` ->
//   `DataAwsRegion`); the provider: `AwsProvider`. Each has a config struct named
//   `<Class>Config`. Should two of these collide, the later one (provider, then resources,
//   then data sources, each by name) gets `2`, `3`, ... after its class name.
// - Nested blocks: the owner's struct name + the block name (`LambdaFunctionVpcConfig`,
//   `Apigatewayv2StageDefaultRouteSettings`; deeper blocks concatenate further). A name taken
//   by any type above, or by an earlier nested block (provider, resources, data sources, each
//   block by name, depth first), gets `Block`, then `Block2`, ... (`aws_s3_bucket`'s
//   `versioning` block is `S3BucketVersioningBlock` when `aws_s3_bucket_versioning` is in the
//   schema too). Names depend on every type in the schema, never on the selection.
// - Nested blocks of one type whose bodies are identical (attributes, nested blocks and
//   descriptions) share one struct, the first met depth first; the other names are `using`
//   aliases of it. Large schemas repeat a few shapes thousands of times, and GCC's compile
//   time grows with the square of the distinct `std::optional` types in a file.
//
// ## Member names
//
// Config fields and accessors keep Terraform's names; the JSON key is always Terraform's name.
// `-` becomes `_`. A trailing `_` is added to:
// - C++20 keywords and alternative tokens (`namespace_`, `delete_`, `and_`), `import`,
//   `module`, and `core`, `std`, `stackgen` (namespaces the generated code names);
// - in config structs, `meta` (the meta-arguments member); in the provider config, `alias`;
//   in nested block structs, `render` (their render function);
// - accessors named like a member of `core::Resource` and its bases (`path_()`, `scope_()`,
//   `location_()`) or of the binding (`config_()`), except that the `id` attribute's accessor
//   is `tf_id()`.
// A name still taken after that gets `_2`, `_3`, ...
//
// ## What a binding holds
//
// - The config struct: every argument (required or optional attribute; purely computed ones
//   are not arguments, nor is a resource's optional `id`, which the plugin SDK lists for every
//   resource but rejects in configuration), by name, then every nested block, by name, then
//   `core::ResourceMeta meta` (for the provider: `std::optional<std::string> alias`). Required
//   attributes are plain typed values (`core::String role`), optional ones `std::optional<...>`.
//   Types: string, number, bool -> `core::String`, `core::Number`, `core::Bool`; list and set ->
//   `core::List<T>`; map -> `core::Map<T>`; object, tuple, dynamic -> `core::Any`. Blocks:
//   single, or list/set of at most one -> `std::optional<Block>`; other lists and sets ->
//   `std::vector<Block>`; map -> `std::map<std::string, Block>`. Deprecated arguments and
//   blocks are `[[deprecated]]` (so are their accessors); the generated code itself is compiled
//   with that warning silenced, and a struct holding one gets a destructor defined out of line,
//   because GCC otherwise warns wherever a temporary of it is destroyed.
// - The class: `kTerraformType`, a constructor that checks every required argument and block
//   (nested ones too, naming `block.field`, through specializations of
//   `stackgen::providers::detail::check`), `config()`, and one accessor per attribute
//   (computed ones included) returning a typed reference; blocks' accessors return
//   `core::Any`. The provider class has `kSource` and `kVersion` instead, which the stack's
//   `required_providers` uses.
//
// ## `stackgen get`
//
//     stackgen get --schema FILE --out DIR [--type NAME]... [--provider-version V]
//
// maps onto `get(GetOptions{.schema = FILE, .out = DIR, .types = {NAME...},
// .provider_version = V})`. Without `--schema` it runs terraform (see
// `schema_from_terraform`). `--type` takes `aws_lambda_function` for a resource,
// `data.aws_region` or `data_aws_region` for a data source, and `provider`; the provider
// header is always written. Same input, byte-identical files.
#pragma once

#include <cstddef>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stackgen::codegen {

/// The version constraint recorded for hashicorp/aws when none is given: the provider the
/// committed bindings were generated from is 5.100.
inline constexpr const char* kDefaultAwsVersion = "~> 5.100";

/// What `generate` writes.
struct GenerateOptions {
  /// Types to generate, as `--type` takes them. Default: empty, every resource and data source.
  std::vector<std::string> types{};
  /// The provider version constraint recorded in the provider binding. Default: empty, which
  /// means `kDefaultAwsVersion` for hashicorp/aws and is an error for other providers.
  std::string provider_version{};
  /// The schema file as the user named it: errors quote it, and each header's regeneration
  /// command names its file name. Default: empty, for a schema read from terraform.
  std::string schema_file{};
};

/// What a generated header binds.
enum class FileKind { kProvider, kResource, kDataSource };

/// One generated header.
struct GeneratedFile {
  /// Below the output folder, with `/`: `aws/lambda_function.h`.
  std::string relative_path{};
  std::string content{};
  FileKind kind = FileKind::kResource;
};

/// Generates the headers for `schema` (the parsed output of `terraform providers schema
/// -json`), sorted by path.
///
/// The whole document is checked first. Throws `core::Error` (usage) when it is malformed
/// (naming the file and the JSON path, e.g. `schema file "x.json": provider_schemas is
/// missing; pass the output of terraform providers schema -json`), when a `--type` name is
/// not in it (listing close matches), or when the provider version is unknown.
///
///     auto files = generate(load_schema("aws.json"), {.types = {"aws_lambda_function"}});
std::vector<GeneratedFile> generate(const nlohmann::json& schema, const GenerateOptions& options);

/// Reads and parses a schema file. Throws `core::Error`: i/o when it cannot be read, usage
/// when it is not JSON (with the byte offset).
nlohmann::json load_schema(const std::filesystem::path& file);

/// Writes `files` below `out`, creating folders. Each file is written to a temporary file
/// beside it and all are renamed into place only once every one is written, so an error
/// leaves no partial file. Other files in `out` are left alone. Throws `core::Error` (i/o).
void write_files(const std::filesystem::path& out, const std::vector<GeneratedFile>& files);

/// The local provider mirror holding `source` (e.g. `hashicorp/aws`): `STACKGEN_PROVIDER_MIRROR`
/// when set (none when that is not a folder), else the first of /opt/tf-plugins,
/// ~/.terraform.d/plugins, ~/.local/share/terraform/plugins, /usr/local/share/terraform/plugins
/// and /usr/share/terraform/plugins that has a `registry.terraform.io/<source>` folder.
std::optional<std::filesystem::path> find_provider_mirror(std::string_view source);

/// Runs `terraform init` and `terraform providers schema -json` in a temporary folder that
/// requires provider `source` at `version`, installing it from the filesystem mirror `mirror`
/// only (through a CLI config file passed to terraform in `TF_CLI_CONFIG_FILE`), and returns
/// the parsed schema. The folder is removed afterwards. Throws `core::Error`: usage when
/// terraform is not on PATH, i/o when terraform fails (with the end of its output).
nlohmann::json schema_from_terraform(std::string_view source, std::string_view version,
                                     const std::filesystem::path& mirror);

/// The inputs of `stackgen get`.
struct GetOptions {
  /// `--schema FILE`. Default: none, run terraform for `provider_source`.
  std::optional<std::filesystem::path> schema{};
  /// `--out DIR`: headers go to `<out>/<provider>/`. Required.
  std::filesystem::path out{};
  /// `--type NAME`, repeatable. Default: every resource and data source.
  std::vector<std::string> types{};
  /// `--provider-version V`. Default: `kDefaultAwsVersion` for hashicorp/aws.
  std::string provider_version{};
  /// The provider to ask terraform for when `schema` is unset. Default: hashicorp/aws.
  std::string provider_source = "hashicorp/aws";
  /// The provider mirror for terraform. Default: `find_provider_mirror(provider_source)`.
  std::optional<std::filesystem::path> mirror{};
};

/// What `get` wrote.
struct GetResult {
  /// Paths below `out`, sorted.
  std::vector<std::string> files{};
  std::size_t resources = 0;
  std::size_t data_sources = 0;
  std::size_t providers = 0;
};

/// `stackgen get`: obtains the schema (file or terraform), generates and writes the headers.
/// Throws `core::Error` as `load_schema`, `schema_from_terraform`, `generate` and
/// `write_files` do, and usage when `out` is empty or no mirror is found.
GetResult get(const GetOptions& options);

}  // namespace stackgen::codegen
