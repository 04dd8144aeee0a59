#include <gtest/gtest.h>

#include <type_traits>

#include "stackgen/core/app.h"
#include "stackgen/core/error.h"
#include "stackgen/core/stack.h"

namespace stackgen::core {
namespace {

static_assert(!std::is_copy_constructible_v<Construct>);
static_assert(!std::is_copy_assignable_v<Construct>);

std::string error_of(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(Construct, BuildsPathsFromIdsBelowTheRoot) {
  App app;
  Stack& stack = app.add<Stack>("prod");
  Construct& api = stack.add<Construct>("api");
  Construct& route = api.add<Construct>("route");
  EXPECT_EQ(app.path(), "");
  EXPECT_EQ(stack.path(), "prod");
  EXPECT_EQ(route.path(), "prod/api/route");
  EXPECT_EQ(route.scope(), &api);
  EXPECT_EQ(&route.root(), &app);
}

TEST(Construct, KeepsChildrenInInsertionOrder) {
  App app;
  Stack& stack = app.add<Stack>("s");
  for (const char* id : {"zeta", "alpha", "mid"}) stack.add<Construct>(id);
  ASSERT_EQ(stack.children().size(), 3u);
  EXPECT_EQ(stack.children()[0]->id(), "zeta");
  EXPECT_EQ(stack.children()[1]->id(), "alpha");
  EXPECT_EQ(stack.children()[2]->id(), "mid");
}

TEST(Construct, RejectsSiblingIdClash) {
  App app;
  Stack& stack = app.add<Stack>("prod");
  stack.add<Construct>("api");
  EXPECT_EQ(error_of([&] { stack.add<Construct>("api"); }),
            "construct id \"api\" under \"prod\": a sibling already has this id; ids must be "
            "unique among siblings, pick another");
  EXPECT_EQ(stack.children().size(), 1u);
}

TEST(Construct, RejectsIdWithSlash) {
  App app;
  Stack& stack = app.add<Stack>("prod");
  EXPECT_EQ(error_of([&] { stack.add<Construct>("a/b"); }),
            "construct id \"a/b\" under \"prod\": ids may not contain \"/\" (it separates path "
            "parts); use \"-\" or \"_\" instead");
}

TEST(Construct, RejectsEmptyId) {
  App app;
  EXPECT_EQ(error_of([&] { app.add<Stack>(""); }),
            "construct id \"\" under the app root: ids may not be empty; give the construct a "
            "name");
}

TEST(Construct, FindChildThrowsAndTryFindChildReturnsNull) {
  App app;
  Stack& stack = app.add<Stack>("prod");
  Construct& api = stack.add<Construct>("api");
  EXPECT_EQ(&stack.find_child("api"), &api);
  EXPECT_EQ(stack.try_find_child("nope"), nullptr);
  EXPECT_EQ(error_of([&] { stack.find_child("nope"); }),
            "construct \"nope\" under \"prod\": no such child; check the id or use try_find_child "
            "to test for it");
}

TEST(Construct, LooksUpContextThroughAncestors) {
  App app({.outdir = "x", .context = {{"region", "eu-west-1"}, {"env", "prod"}}});
  Stack& stack = app.add<Stack>("s");
  Construct& group = stack.add<Construct>("group");
  group.set_context("env", "dev");
  Construct& leaf = group.add<Construct>("leaf");
  ASSERT_NE(leaf.try_get_context("region"), nullptr);
  EXPECT_EQ(*leaf.try_get_context("region"), "eu-west-1");
  EXPECT_EQ(*leaf.try_get_context("env"), "dev");
  EXPECT_EQ(*stack.try_get_context("env"), "prod");
  EXPECT_EQ(leaf.try_get_context("missing"), nullptr);
}

TEST(Construct, RejectsContextAfterChildren) {
  App app;
  Stack& stack = app.add<Stack>("s");
  stack.add<Construct>("c");
  EXPECT_EQ(error_of([&] { stack.set_context("k", 1); }),
            "context \"k\" on \"s\": context must be set before children are added; set it "
            "earlier");
}

TEST(Construct, LocalConstructUnregistersWhenDestroyed) {
  App app;
  Stack stack(app, "local");
  {
    Construct temp(stack, "temp");
    EXPECT_EQ(stack.children().size(), 1u);
  }
  EXPECT_TRUE(stack.children().empty());
  Construct again(stack, "temp");  // The id is free again.
  EXPECT_EQ(again.path(), "local/temp");
}

TEST(Stack, RejectsNamesOutsideTheAllowedCharacters) {
  App app;
  for (const char* bad : {"my stack", "prod.1", "caf\xc3\xa9"}) {
    SCOPED_TRACE(bad);
    EXPECT_EQ(error_of([&] { app.add<Stack>(bad); }),
              std::string("stack name \"") + bad +
                  "\": stack names become folder names and may only use letters, digits, \"_\" "
                  "and \"-\"; rename the stack");
  }
  EXPECT_TRUE(app.children().empty());
}

TEST(Element, RejectsCreationOutsideAStack) {
  App app;
  Construct& loose = app.add<Construct>("loose");
  EXPECT_EQ(error_of([&] { loose.add<GenericResource>("r", "aws_s3_bucket", Value::Map{}); }),
            "construct \"loose/r\": it is not inside a stack; create it under a Stack");
}

}  // namespace
}  // namespace stackgen::core
