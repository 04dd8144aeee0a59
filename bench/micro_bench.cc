// Micro benchmarks of stackgen's hot paths (issue #6): building the construct tree, rendering
// values, rendering and serializing a stack, the nlohmann serialization floor, packaging the
// handler zip, and generating bindings from the full AWS provider schema.
//
// Run: build-bench/bench/micro_bench [--benchmark_filter=REGEX]
// The full-schema benchmark reads the schema from $STACKGEN_FULL_SCHEMA and is skipped with
// a message when that is unset (the full schema is not committed).
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "stackgen/core/app.h"
#include "stackgen/core/element.h"
#include "stackgen/core/fn.h"
#include "stackgen/core/stack.h"
#include "stackgen/core/value.h"
#include "stackgen/packaging/zip.h"

#ifdef STACKGEN_BENCH_CODEGEN
#include "stackgen/codegen/generator.h"
#endif

namespace {

namespace core = stackgen::core;
using core::Value;

// Resources are grouped like an L2 construct groups its L1s, so that logical ids are derived
// from nested paths (`copy-3/r-5` → `copy-3_r-5_<hash>`), as they are in real stacks.
constexpr int kResourcesPerGroup = 14;

// An app with one stack; `App` owns the tree, so it is heap-held to keep addresses stable.
struct Tree {
  std::unique_ptr<core::App> app;
  core::Stack* stack = nullptr;
};

// One resource with the attribute mix of a typical binding: literal strings and numbers, a
// bool, a reference to the previous resource, a template and a `jsonencode` call.
void add_resource(core::Construct& group, int index, const core::Element* previous) {
  std::string name = "svc-" + group.id() + "-" + std::to_string(index);
  Value::Map attributes{
      {"name", Value::string(name)},
      {"memory_size", Value::integer(256)},
      {"publish", Value::boolean(false)},
      {"tags", Value::map({{"application", Value::string("bench")},
                           {"environment", Value::string("prod")}})},
  };
  if (previous != nullptr) {
    attributes.emplace("role", previous->attr("arn"));
    attributes.emplace("source_arn",
                       Value::concat({previous->attr("execution_arn"), Value::string("/*/*")}));
    attributes.emplace("policy", core::fn::jsonencode(
                                     core::Any(Value::map({{"Version", Value::string("2012-10-17")},
                                                           {"Resource", previous->attr("arn")}})))
                                     .value());
  }
  group.add<core::GenericResource>("r-" + std::to_string(index), "aws_lambda_function",
                                   std::move(attributes));
}

Tree build_tree(int resources) {
  Tree tree;
  tree.app = std::make_unique<core::App>();
  tree.stack = &tree.app->add<core::Stack>("bench");
  core::Construct* group = nullptr;
  const core::Element* previous = nullptr;
  for (int i = 0; i < resources; ++i) {
    if (i % kResourcesPerGroup == 0) {
      group = &tree.stack->add<core::Construct>("copy-" + std::to_string(i / kResourcesPerGroup));
      previous = nullptr;
    }
    add_resource(*group, i % kResourcesPerGroup, previous);
    previous = static_cast<const core::Element*>(group->children().back());
  }
  return tree;
}

// Sizes in resources: one serverless copy (14) up to the N=1000 scale point (14,000).
void resource_counts(benchmark::internal::Benchmark* b) {
  for (int n : {14, 140, 1400, 14000}) b->Arg(n);
  b->Unit(benchmark::kMicrosecond);
}

// Building (and tearing down) the tree of N generic resources.
void BM_BuildTree(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  for (auto _ : state) {
    Tree tree = build_tree(n);
    benchmark::DoNotOptimize(tree.stack);
  }
  state.SetItemsProcessed(state.iterations() * n);
}
BENCHMARK(BM_BuildTree)->Apply(resource_counts);

// Rendering one value of each kind to Terraform JSON.
enum ValueKind { kLiteral, kTemplate, kReference, kCall };

void BM_RenderValue(benchmark::State& state) {
  Tree tree = build_tree(2);
  const auto& target = static_cast<const core::Element&>(*tree.stack->children()[0]->children()[0]);
  Value value;
  switch (state.range(0)) {
    case kLiteral:
      value = Value::string("arn:aws:logs:us-east-1:123456789012:${not-a-ref}");
      break;
    case kTemplate:
      value = Value::concat({Value::string("arn:"), target.attr("arn"), Value::string("/*/*")});
      break;
    case kReference:
      value = target.attr("arn");
      break;
    case kCall:
      value = Value::call(
          "jsonencode",
          {Value::map({{"Effect", Value::string("Allow")}, {"Resource", target.attr("arn")}})});
      break;
  }
  core::RenderContext context(*tree.stack);
  for (auto _ : state) benchmark::DoNotOptimize(context.render(value));
  static const char* const kNames[] = {"literal", "template", "reference", "call"};
  state.SetLabel(kNames[state.range(0)]);
}
BENCHMARK(BM_RenderValue)->DenseRange(kLiteral, kCall)->Unit(benchmark::kNanosecond);

// Stack::render() alone: the construct tree to an nlohmann::json document.
// Logical ids are cached on first use, as App::synth's validation does before rendering; the
// warm-up render keeps that one-time hashing out of the loop.
void BM_RenderStack(benchmark::State& state) {
  Tree tree = build_tree(static_cast<int>(state.range(0)));
  benchmark::DoNotOptimize(tree.stack->render());
  for (auto _ : state) benchmark::DoNotOptimize(tree.stack->render());
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_RenderStack)->Apply(resource_counts);

// Synthesis in memory: Stack::render() followed by dump(2), as App::synth writes it.
void BM_SynthStack(benchmark::State& state) {
  Tree tree = build_tree(static_cast<int>(state.range(0)));
  benchmark::DoNotOptimize(tree.stack->render());
  std::size_t bytes = 0;
  for (auto _ : state) {
    std::string text = tree.stack->render().dump(2);
    bytes = text.size();
    benchmark::DoNotOptimize(text);
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes));
}
BENCHMARK(BM_SynthStack)->Apply(resource_counts);

// The floor: dump(2) of the same document, already built. Synthesis cannot beat this.
void BM_DumpFloor(benchmark::State& state) {
  Tree tree = build_tree(static_cast<int>(state.range(0)));
  const nlohmann::json document = tree.stack->render();
  std::size_t bytes = 0;
  for (auto _ : state) {
    std::string text = document.dump(2);
    bytes = text.size();
    benchmark::DoNotOptimize(text);
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes));
}
BENCHMARK(BM_DumpFloor)->Apply(resource_counts);

// Whole-tree validation, which App::synth runs before rendering.
void BM_CollectErrors(benchmark::State& state) {
  Tree tree = build_tree(static_cast<int>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(tree.app->collect_errors());
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_CollectErrors)->Apply(resource_counts);

// The handler zip, as synthesis packages it (deflate level 9).
void BM_PackageHandler(benchmark::State& state) {
  std::size_t bytes = 0;
  for (auto _ : state) {
    stackgen::packaging::ZipArchive zip = stackgen::packaging::package_folder(STACKGEN_LAMBDA_SRC);
    bytes = zip.bytes.size();
    benchmark::DoNotOptimize(zip);
  }
  state.counters["zip_bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_PackageHandler)->Unit(benchmark::kMicrosecond);

// The full AWS schema named by $STACKGEN_FULL_SCHEMA, or null after skipping `state`.
const char* full_schema_path(benchmark::State& state) {
  const char* path = std::getenv("STACKGEN_FULL_SCHEMA");
  if (path == nullptr || *path == '\0') {
    state.SkipWithError(
        "STACKGEN_FULL_SCHEMA is not set; point it at the JSON of "
        "`terraform providers schema -json` for hashicorp/aws to run this");
    return nullptr;
  }
#ifndef STACKGEN_BENCH_CODEGEN
  state.SkipWithError("stackgen::codegen is not built in this tree");
  return nullptr;
#else
  return path;
#endif
}

#ifdef STACKGEN_BENCH_CODEGEN
namespace codegen = stackgen::codegen;

// Reading and parsing the schema file (13 MiB for aws 5.100).
void BM_LoadFullSchema(benchmark::State& state) {
  const char* path = full_schema_path(state);
  if (path == nullptr) return;
  for (auto _ : state) benchmark::DoNotOptimize(codegen::load_schema(path));
}
BENCHMARK(BM_LoadFullSchema)->Unit(benchmark::kMillisecond)->Iterations(3);

// Generating every resource, data source and provider header in memory from the parsed schema.
void BM_GenerateFullSchema(benchmark::State& state) {
  const char* path = full_schema_path(state);
  if (path == nullptr) return;
  const nlohmann::json schema = codegen::load_schema(path);
  std::size_t files = 0;
  std::size_t bytes = 0;
  for (auto _ : state) {
    std::vector<codegen::GeneratedFile> out =
        codegen::generate(schema, {.schema_file = "schema.json"});
    files = out.size();
    bytes = 0;
    for (const codegen::GeneratedFile& file : out) bytes += file.content.size();
    benchmark::DoNotOptimize(out);
  }
  state.counters["files"] = static_cast<double>(files);
  state.counters["MiB"] = static_cast<double>(bytes) / (1024.0 * 1024.0);
}
BENCHMARK(BM_GenerateFullSchema)->Unit(benchmark::kMillisecond)->Iterations(3);
#else
void BM_GenerateFullSchema(benchmark::State& state) { full_schema_path(state); }
BENCHMARK(BM_GenerateFullSchema)->Iterations(1);
#endif

}  // namespace
