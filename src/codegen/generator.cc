#include "stackgen/codegen/generator.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "emit.h"
#include "naming.h"
#include "schema.h"
#include "stackgen/core/error.h"

namespace stackgen::codegen {

namespace {

namespace fs = std::filesystem;
using core::Error;
using core::ErrorCategory;
using detail::ProviderSchema;
using detail::TypeSchema;

std::string origin_of(const GenerateOptions& options) {
  if (options.schema_file.empty()) return "provider schema from terraform";
  return fmt::format("schema file \"{}\"", options.schema_file);
}

// The schema file as the regeneration command names it: its file name, quoted for a shell when
// it holds anything unusual.
std::string command_file_name(const std::string& schema_file) {
  if (schema_file.empty()) return {};
  std::string name = fs::path(schema_file).filename().string();
  bool plain = std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-' ||
           c == '+';
  });
  if (plain) return name;
  std::string quoted = "'";
  for (char c : name) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) continue;
    quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  }
  return quoted + "'";
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// What one provider contributes to the output.
struct Selection {
  bool provider = false;
  std::set<std::string> resources;
  std::set<std::string> data_sources;
};

class Selector {
 public:
  explicit Selector(const std::vector<ProviderSchema>& providers) : providers_(providers) {
    for (std::size_t p = 0; p < providers.size(); ++p) {
      for (const TypeSchema& r : providers[p].resources) resources_.emplace(r.name, p);
      for (const TypeSchema& d : providers[p].data_sources) data_sources_.emplace(d.name, p);
    }
  }

  std::vector<Selection> select(const GenerateOptions& options) const {
    std::vector<Selection> out(providers_.size());
    if (options.types.empty()) {
      for (std::size_t p = 0; p < providers_.size(); ++p) {
        out[p].provider = true;
        for (const TypeSchema& r : providers_[p].resources) out[p].resources.insert(r.name);
        for (const TypeSchema& d : providers_[p].data_sources) out[p].data_sources.insert(d.name);
      }
      return out;
    }
    std::vector<std::string> unknown;
    for (const std::string& name : options.types) {
      if (name == "provider") {
        for (Selection& s : out) s.provider = true;
      } else if (auto r = resources_.find(name); r != resources_.end()) {
        out[r->second].provider = true;
        out[r->second].resources.insert(name);
      } else if (auto d = data_sources_.find(data_type(name)); d != data_sources_.end()) {
        out[d->second].provider = true;
        out[d->second].data_sources.insert(d->first);
      } else {
        unknown.push_back(describe_unknown(name));
      }
    }
    if (!unknown.empty()) {
      std::string all;
      for (const std::string& u : unknown) all += (all.empty() ? "" : "; ") + u;
      throw Error(ErrorCategory::kUsage,
                  fmt::format("{}: {} (resources are named like aws_lambda_function, data "
                              "sources like data.aws_region)",
                              origin_of(options), all));
    }
    return out;
  }

 private:
  // `data.aws_region` and `data_aws_region` name data source `aws_region`.
  static std::string data_type(const std::string& name) {
    if (name.rfind("data.", 0) == 0 || name.rfind("data_", 0) == 0) return name.substr(5);
    return {};
  }

  std::string describe_unknown(const std::string& name) const {
    std::vector<std::pair<std::size_t, std::string>> close;
    std::size_t limit = std::max<std::size_t>(2, name.size() / 3);
    auto consider = [&](const std::string& candidate) {
      std::size_t d = edit_distance(name, candidate);
      bool contains = name.size() >= 4 && candidate.find(name) != std::string::npos;
      if (d <= limit || contains) close.emplace_back(d, candidate);
    };
    for (const auto& [r, p] : resources_) consider(r);
    for (const auto& [d, p] : data_sources_) consider("data." + d);
    std::sort(close.begin(), close.end());
    if (close.size() > 5) close.resize(5);
    std::string text = fmt::format("--type \"{}\" is not a resource or data source of {}", name,
                                   providers_.size() == 1 ? providers_[0].source : "the schema");
    if (close.empty()) return text;
    std::string list;
    for (const auto& [d, candidate] : close) list += (list.empty() ? "" : ", ") + candidate;
    return text + "; did you mean " + list + "?";
  }

  const std::vector<ProviderSchema>& providers_;
  std::map<std::string, std::size_t> resources_;
  std::map<std::string, std::size_t> data_sources_;
};

std::string version_for(const ProviderSchema& provider, const GenerateOptions& options) {
  const std::string& v = options.provider_version;
  bool printable = std::all_of(v.begin(), v.end(), [](char c) {
    return static_cast<unsigned char>(c) >= 0x20 && c != 0x7f && c != '\'';
  });
  if (!printable) {
    throw Error(ErrorCategory::kUsage,
                fmt::format("--provider-version \"{}\": a version constraint may not hold control "
                            "characters or quotes; pass a constraint such as \"~> 5.100\"",
                            v));
  }
  if (!v.empty()) return v;
  if (provider.source == "hashicorp/aws") return kDefaultAwsVersion;
  throw Error(ErrorCategory::kUsage,
              fmt::format("{}: the schema does not record the version of provider {}, and "
                          "stackgen knows no default for it; pass --provider-version",
                          origin_of(options), provider.source));
}

[[noreturn]] void throw_io(const fs::path& path, std::string_view doing, const std::string& why) {
  throw Error(ErrorCategory::kIo, fmt::format("generated file \"{}\": cannot {} ({}); check that "
                                              "the output folder is writable",
                                              path.string(), doing, why));
}

}  // namespace

std::vector<GeneratedFile> generate(const nlohmann::json& schema, const GenerateOptions& options) {
  std::vector<ProviderSchema> providers = detail::parse_schema(schema, origin_of(options));
  std::map<std::string, std::string> local_names;
  for (const ProviderSchema& p : providers) {
    auto [it, fresh] = local_names.emplace(p.name, p.address);
    if (!fresh) {
      throw Error(ErrorCategory::kUsage,
                  fmt::format("{}: providers \"{}\" and \"{}\" share the local name \"{}\"; "
                              "generate them from separate schema files into separate folders",
                              origin_of(options), it->second, p.address, p.name));
    }
  }
  std::vector<Selection> selections = Selector(providers).select(options);

  std::vector<GeneratedFile> files;
  for (std::size_t i = 0; i < providers.size(); ++i) {
    const ProviderSchema& provider = providers[i];
    const Selection& selection = selections[i];
    if (!selection.provider) continue;
    detail::ProviderNames names = detail::name_provider(provider);
    detail::EmitContext context{&provider, &names, version_for(provider, options),
                                command_file_name(options.schema_file)};
    std::string folder = provider.name + "/";
    files.push_back(
        {folder + names.provider.file_name, detail::emit_provider(context), FileKind::kProvider});
    for (const TypeSchema& r : provider.resources) {
      if (selection.resources.count(r.name) == 0) continue;
      files.push_back({folder + names.resources.at(r.name).file_name,
                       detail::emit_type(context, r, false), FileKind::kResource});
    }
    for (const TypeSchema& d : provider.data_sources) {
      if (selection.data_sources.count(d.name) == 0) continue;
      files.push_back({folder + names.data_sources.at(d.name).file_name,
                       detail::emit_type(context, d, true), FileKind::kDataSource});
    }
  }
  std::sort(files.begin(), files.end(), [](const GeneratedFile& a, const GeneratedFile& b) {
    return a.relative_path < b.relative_path;
  });
  return files;
}

nlohmann::json load_schema(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    throw Error(ErrorCategory::kIo,
                fmt::format("schema file \"{}\": cannot be read ({}); pass the path of a file "
                            "written by terraform providers schema -json",
                            file.string(), std::strerror(errno)));
  }
  std::ostringstream text;
  text << in.rdbuf();
  try {
    return nlohmann::json::parse(text.str());
  } catch (const nlohmann::json::parse_error& e) {
    throw Error(ErrorCategory::kUsage,
                fmt::format("schema file \"{}\": not valid JSON (at byte {}); pass the output of "
                            "terraform providers schema -json",
                            file.string(), e.byte));
  }
}

void write_files(const fs::path& out, const std::vector<GeneratedFile>& files) {
  std::vector<std::pair<fs::path, fs::path>> staged;  // temporary -> final
  auto discard = [&] {
    std::error_code ignored;
    for (const auto& [temporary, final_path] : staged) fs::remove(temporary, ignored);
  };
  std::string suffix = fmt::format(".stackgen-{}.tmp", static_cast<long>(::getpid()));
  try {
    for (const GeneratedFile& f : files) {
      fs::path relative(f.relative_path);
      if (relative.is_absolute() || relative.empty() ||
          std::any_of(relative.begin(), relative.end(),
                      [](const fs::path& p) { return p == ".."; })) {
        throw Error(ErrorCategory::kIo, fmt::format("generated file \"{}\": the path must stay "
                                                    "inside the output folder",
                                                    f.relative_path));
      }
      fs::path target = out / relative;
      std::error_code ec;
      fs::create_directories(target.parent_path(), ec);
      if (ec) throw_io(target.parent_path(), "create the folder", ec.message());
      fs::path temporary = target;
      temporary += suffix;
      staged.emplace_back(temporary, target);
      std::ofstream stream(temporary, std::ios::binary | std::ios::trunc);
      stream.write(f.content.data(), static_cast<std::streamsize>(f.content.size()));
      stream.close();
      if (!stream) throw_io(temporary, "write", std::strerror(errno));
    }
    for (const auto& [temporary, target] : staged) {
      std::error_code ec;
      fs::rename(temporary, target, ec);
      if (ec) throw_io(target, "replace", ec.message());
    }
  } catch (...) {
    discard();
    throw;
  }
}

GetResult get(const GetOptions& options) {
  if (options.out.empty()) {
    throw Error(ErrorCategory::kUsage,
                "stackgen get: no output folder; pass --out DIR (headers go to DIR/<provider>/)");
  }
  GenerateOptions generate_options{options.types, options.provider_version, ""};
  nlohmann::json schema;
  if (options.schema) {
    generate_options.schema_file = options.schema->string();
    schema = load_schema(*options.schema);
  } else {
    std::optional<fs::path> mirror = options.mirror;
    if (!mirror) mirror = find_provider_mirror(options.provider_source);
    if (!mirror) {
      throw Error(ErrorCategory::kUsage,
                  fmt::format("provider {}: no local provider mirror found (looked at "
                              "STACKGEN_PROVIDER_MIRROR, /opt/tf-plugins, ~/.terraform.d/plugins "
                              "and the share folders); set STACKGEN_PROVIDER_MIRROR or pass "
                              "--schema FILE",
                              options.provider_source));
    }
    std::string version = options.provider_version;
    if (version.empty() && options.provider_source == "hashicorp/aws") version = kDefaultAwsVersion;
    generate_options.provider_version = version;
    schema = schema_from_terraform(options.provider_source, version, *mirror);
  }
  std::vector<GeneratedFile> files = generate(schema, generate_options);
  write_files(options.out, files);

  GetResult result;
  for (const GeneratedFile& f : files) {
    result.files.push_back(f.relative_path);
    std::size_t& count = f.kind == FileKind::kProvider   ? result.providers
                         : f.kind == FileKind::kResource ? result.resources
                                                         : result.data_sources;
    ++count;
  }
  return result;
}

}  // namespace stackgen::codegen
