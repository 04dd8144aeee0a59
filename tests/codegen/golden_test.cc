// Generated code for the hand-written demo schema, compared with the committed golden headers.
// Set STACKGEN_UPDATE_GOLDEN=1 to rewrite them after an intended change, and review the diff.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <set>

#include "stackgen/codegen/generator.h"
#include "terraform.h"

namespace stackgen::codegen {
namespace {

namespace fs = std::filesystem;

const fs::path kGoldenDir = STACKGEN_GOLDEN_DIR;

bool updating() {
  const char* flag = std::getenv("STACKGEN_UPDATE_GOLDEN");
  return flag != nullptr && std::string(flag) == "1";
}

TEST(Golden, DemoHeadersMatchTheCommittedFiles) {
  fs::path schema = fs::path(STACKGEN_SCHEMA_DIR) / "demo.json";
  std::vector<GeneratedFile> files =
      generate(load_schema(schema), {.provider_version = "~> 1.2", .schema_file = schema.string()});
  if (updating()) write_files(kGoldenDir, files);

  std::set<std::string> generated;
  for (const GeneratedFile& f : files) {
    SCOPED_TRACE(f.relative_path);
    generated.insert(f.relative_path);
    EXPECT_EQ(stackgen::testing::read_text(kGoldenDir / f.relative_path), f.content)
        << "rerun with STACKGEN_UPDATE_GOLDEN=1 if the change is intended";
  }
  std::set<std::string> committed;
  for (const auto& entry : fs::recursive_directory_iterator(kGoldenDir)) {
    if (entry.is_regular_file()) {
      committed.insert(fs::relative(entry.path(), kGoldenDir).generic_string());
    }
  }
  EXPECT_EQ(committed, generated);
}

}  // namespace
}  // namespace stackgen::codegen
