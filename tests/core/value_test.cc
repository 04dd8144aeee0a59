#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "stackgen/core/app.h"
#include "stackgen/core/error.h"
#include "stackgen/core/fn.h"
#include "stackgen/core/stack.h"

namespace stackgen::core {
namespace {

class ValueRendering : public ::testing::Test {
 protected:
  std::string render(const Value& v) {
    RenderContext context(stack_);
    nlohmann::json out = context.render(v);
    EXPECT_TRUE(context.errors().empty());
    return out.dump();
  }

  App app_;
  Stack& stack_ = app_.add<Stack>("s");
  GenericResource& role_ = stack_.add<GenericResource>("fn", "aws_iam_role", Value::Map{});
  GenericResource& region_ =
      stack_.add<GenericResource>("current", "aws_region", Value::Map{}, ResourceMeta{}, true);
};

TEST_F(ValueRendering, RendersLiteralsAsJsonTypes) {
  EXPECT_EQ(render(Value::boolean(true)), "true");
  EXPECT_EQ(render(Value::integer(128)), "128");
  EXPECT_EQ(render(Number(2.5).value()), "2.5");
  EXPECT_EQ(render(Number(3.0).value()), "3");
  EXPECT_EQ(render(Value::string("plain")), "\"plain\"");
  EXPECT_EQ(render(List<Number>{1, 2}.value()), "[1,2]");
  EXPECT_EQ(render(Map<Bool>{{"b", true}, {"a", false}}.value()), "{\"a\":false,\"b\":true}");
}

TEST_F(ValueRendering, EscapesTemplateSequencesInLiteralText) {
  EXPECT_EQ(render(Value::string("arn:${aws:username}")), "\"arn:$${aws:username}\"");
  EXPECT_EQ(render(Value::string("%{ if x }")), "\"%%{ if x }\"");
  EXPECT_EQ(render(Value::string("cost $5 {a}")), "\"cost $5 {a}\"");
  EXPECT_EQ(render(Value::string("$${kept}")), "\"$$${kept}\"");
}

TEST_F(ValueRendering, EscapesTemplateSequencesInMapKeys) {
  EXPECT_EQ(render(Value::map({{"${k}", Value::string("v")}})), "{\"$${k}\":\"v\"}");
}

TEST_F(ValueRendering, RendersResourceAndDataReferences) {
  EXPECT_EQ(render(role_.attr("arn")), "\"${aws_iam_role.fn.arn}\"");
  EXPECT_EQ(render(region_.attr("name")), "\"${data.aws_region.current.name}\"");
}

TEST_F(ValueRendering, RendersNestedPathsAndIndexes) {
  Value v = role_.attr("logging_config").at(0).get("log_group");
  EXPECT_EQ(render(v), "\"${aws_iam_role.fn.logging_config[0].log_group}\"");
  EXPECT_EQ(render(role_.attr("tags").get("team-name")), "\"${aws_iam_role.fn.tags.team-name}\"");
  EXPECT_EQ(render(role_.attr("tags").get("a.b")), "\"${aws_iam_role.fn.tags[\\\"a.b\\\"]}\"");
}

TEST_F(ValueRendering, RendersReferenceInTheMiddleOfAStringAsOneInterpolation) {
  String arn = String("arn:") + String(role_.attr("arn")) + "/*";
  EXPECT_EQ(render(arn.value()), "\"arn:${aws_iam_role.fn.arn}/*\"");
}

TEST_F(ValueRendering, EscapesLiteralTextAroundInterpolations) {
  String s = String("${x}-") + String(role_.attr("name")) + "-%{y}";
  EXPECT_EQ(render(s.value()), "\"$${x}-${aws_iam_role.fn.name}-%%{y}\"");
}

TEST_F(ValueRendering, NestsFunctionCallsWithoutNestedInterpolation) {
  String s = fn::upper(fn::lower(fn::join("-", List<String>{"a", String(role_.attr("name"))})));
  EXPECT_EQ(render(s.value()),
            "\"${upper(lower(join(\\\"-\\\", [\\\"a\\\", aws_iam_role.fn.name])))}\"");
}

TEST_F(ValueRendering, QuotesStringArgumentsWithHclEscapes) {
  Value v = Value::call("format", {Value::string("a\"b\\c\n${d}"), Value::integer(1)});
  EXPECT_EQ(render(v), R"("${format(\"a\\\"b\\\\c\\n$${d}\", 1)}")");
}

TEST_F(ValueRendering, RendersTemplateInsideCallArgument) {
  Value v = fn::upper(String("x-") + String(role_.attr("id"))).value();
  EXPECT_EQ(render(v), R"("${upper(\"x-${aws_iam_role.fn.id}\")}")");
}

TEST_F(ValueRendering, RendersListsAndMapsOfReferences) {
  List<String> list{String(role_.attr("arn")), "literal"};
  EXPECT_EQ(render(list.value()), "[\"${aws_iam_role.fn.arn}\",\"literal\"]");
  Map<String> map{{"role", String(role_.attr("name"))}};
  EXPECT_EQ(render(map.value()), "{\"role\":\"${aws_iam_role.fn.name}\"}");
  Value call = Value::call("merge", {Value::map({{"a", Value::integer(1)}}), role_.attr("tags")});
  EXPECT_EQ(render(call), R"("${merge({\"a\" = 1}, aws_iam_role.fn.tags)}")");
}

TEST_F(ValueRendering, RendersRootReferences) {
  EXPECT_EQ(render(each_value().get("name").value()), "\"${each.value.name}\"");
  EXPECT_EQ(render(count_index().value()), "\"${count.index}\"");
}

TEST_F(ValueRendering, SkipsNullMapEntries) {
  EXPECT_EQ(render(Value::map({{"a", Value()}, {"b", Value::integer(1)}})), "{\"b\":1}");
}

TEST(Value, RejectsNonFiniteNumbers) {
  for (double bad : {std::nan(""), std::numeric_limits<double>::infinity()}) {
    try {
      Number n(bad);
      FAIL() << "no error";
    } catch (const Error& e) {
      EXPECT_EQ(e.category(), ErrorCategory::kConstruction);
      EXPECT_NE(std::string(e.what()).find("Terraform numbers must be finite"), std::string::npos);
    }
  }
}

TEST(Value, RejectsFunctionNamesThatAreNotIdentifiers) {
  try {
    Value::call("rm -rf", {});
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(),
                 "function name \"rm -rf\": must be a Terraform identifier such as \"jsonencode\" "
                 "or \"provider::aws::arn_parse\"; fix the name");
  }
}

TEST(Value, FlattensConcatenatedTemplates) {
  Value a = Value::concat({Value::string("a"), Value::root_reference("var.x")});
  Value b = Value::concat({a, Value::string("b"), Value::string("c")});
  ASSERT_EQ(b.kind(), Value::Kind::kTemplate);
  ASSERT_EQ(b.as_template().size(), 3u);
  EXPECT_EQ(b.as_template()[2].as_string(), "bc");
  EXPECT_EQ(Value::concat({Value::string("x"), Value::string("y")}).as_string(), "xy");
}

TEST(Value, ConvertsJsonToLiterals) {
  Value v = Value::from_json(nlohmann::json::parse(R"({"a":[1,2.5,true,"s"],"b":null})"));
  ASSERT_EQ(v.kind(), Value::Kind::kMap);
  const Value::List& a = v.as_map().at("a").as_list();
  EXPECT_EQ(a[0].as_integer(), 1);
  EXPECT_EQ(a[1].as_number(), 2.5);
  EXPECT_TRUE(a[2].as_bool());
  EXPECT_EQ(a[3].as_string(), "s");
  EXPECT_TRUE(v.as_map().at("b").is_null());
}

}  // namespace
}  // namespace stackgen::core
