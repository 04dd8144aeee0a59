#include "stackgen/core/asset.h"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "stackgen/core/element.h"
#include "stackgen/core/error.h"
#include "stackgen/core/hash.h"
#include "stackgen/core/stack.h"

namespace stackgen::core {

namespace fs = std::filesystem;

namespace {

std::string read_file(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    throw Error(ErrorCategory::kIo,
                fmt::format("asset file \"{}\": cannot be read; check that it exists and is "
                            "readable",
                            file.string()));
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// Relative names of the regular files below `folder`, sorted by byte order, so the hash does
// not depend on directory order.
std::vector<std::string> list_files(const fs::path& folder) {
  std::vector<std::string> names;
  for (const auto& entry : fs::recursive_directory_iterator(folder)) {
    if (entry.is_regular_file())
      names.push_back(entry.path().lexically_relative(folder).generic_string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

// Length-prefixed fields keep (name, bytes) pairs unambiguous.
void hash_entry(Sha256& hasher, std::string_view name, std::string_view bytes) {
  hasher.update(fmt::format("{}:", name.size()));
  hasher.update(name);
  hasher.update(fmt::format("{}:", bytes.size()));
  hasher.update(bytes);
}

}  // namespace

Asset::Asset(Construct& scope, std::string id, AssetConfig config)
    : Construct(scope, std::move(id)), config_(std::move(config)) {
  const fs::path& source = config_.path;
  bool wants_folder = config_.type != AssetType::kFile;
  std::error_code ec;
  if (wants_folder ? !fs::is_directory(source, ec) : !fs::is_regular_file(source, ec)) {
    throw Error(ErrorCategory::kUsage,
                fmt::format("asset \"{}\": source \"{}\" is not {}; point AssetConfig.path at an "
                            "existing {}",
                            path(), source.string(), wants_folder ? "a folder" : "a regular file",
                            wants_folder ? "folder" : "file"));
  }
  Sha256 hasher;
  std::string name;
  switch (config_.type) {
    case AssetType::kFile:
      name = source.filename().string();
      hash_entry(hasher, name, read_file(source));
      break;
    case AssetType::kDirectory:
      name = source.filename().string();
      if (name.empty() || name == ".") name = "content";
      for (const std::string& rel : list_files(source))
        hash_entry(hasher, rel, read_file(source / rel));
      break;
    case AssetType::kArchive:
      if (!config_.packager) {
        throw Error(ErrorCategory::kConstruction,
                    fmt::format("asset \"{}\": an archive asset needs a packager; set "
                                "AssetConfig.packager",
                                path()));
      }
      name = config_.archive_name;
      archive_ = std::make_shared<const std::string>(config_.packager(source));
      hasher.update(*archive_);
      break;
  }
  hash_ = to_hex(hasher.finish());
  std::string_view below = std::string_view(this->path()).substr(stack().path().size() + 1);
  relative_path_ = "assets/" + make_logical_id(below) + "/" + hash_ + "/" + name;
}

void Asset::stage(const fs::path& stack_folder) const {
  fs::path target = stack_folder / relative_path_;
  std::error_code ec;
  fs::create_directories(target.parent_path(), ec);
  auto fail = [&](const std::string& what) {
    throw Error(ErrorCategory::kIo,
                fmt::format("asset \"{}\": cannot stage \"{}\" ({}); check that the source still "
                            "exists and the output folder is writable",
                            path(), config_.path.string(), what));
  };
  if (ec) fail(ec.message());
  if (archive_) {
    std::ofstream out(target, std::ios::binary);
    out.write(archive_->data(), static_cast<std::streamsize>(archive_->size()));
    if (!out) fail("write failed");
    return;
  }
  if (config_.type == AssetType::kFile) {
    fs::copy_file(config_.path, target, ec);
  } else {
    fs::copy(config_.path, target, fs::copy_options::recursive, ec);
  }
  if (ec) fail(ec.message());
}

}  // namespace stackgen::core
