// Rendering values to Terraform JSON and to bare HCL expressions.
#include <fmt/format.h>

#include <cctype>

#include "stackgen/core/element.h"
#include "stackgen/core/stack.h"

namespace stackgen::core {

namespace {

bool is_hcl_identifier(std::string_view name) {
  if (name.empty()) return false;
  auto head = static_cast<unsigned char>(name[0]);
  if (!(std::isalpha(head) || head == '_')) return false;
  for (char c : name) {
    auto u = static_cast<unsigned char>(c);
    if (!(std::isalnum(u) || u == '_' || u == '-')) return false;
  }
  return true;
}

// Terraform evaluates `${` and `%{` in every JSON string; doubling the sigil keeps the text
// literal. `$${` in the input becomes `$$${`, which Terraform reads back as `$${`.
void append_template_text(std::string& out, std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if ((c == '$' || c == '%') && i + 1 < text.size() && text[i + 1] == '{') out.push_back(c);
    out.push_back(c);
  }
}

// The same, plus the escapes of a quoted HCL string literal.
void append_quoted_text(std::string& out, std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    switch (c) {
      case '\\':
        out += "\\\\";
        continue;
      case '"':
        out += "\\\"";
        continue;
      case '\n':
        out += "\\n";
        continue;
      case '\r':
        out += "\\r";
        continue;
      case '\t':
        out += "\\t";
        continue;
      default:
        break;
    }
    if (c < 0x20) {
      out += fmt::format("\\u{:04x}", static_cast<unsigned>(c));
      continue;
    }
    if ((c == '$' || c == '%') && i + 1 < text.size() && text[i + 1] == '{') out.push_back(char(c));
    out.push_back(char(c));
  }
}

std::string format_double(double value) { return fmt::format("{}", value); }

}  // namespace

class ExpressionWriter {
 public:
  explicit ExpressionWriter(RenderContext& context) : context_(context) {}

  void write(std::string& out, const Value& value) {
    switch (value.kind()) {
      case Value::Kind::kNull:
        out += "null";
        return;
      case Value::Kind::kBool:
        out += value.as_bool() ? "true" : "false";
        return;
      case Value::Kind::kInteger:
        out += std::to_string(value.as_integer());
        return;
      case Value::Kind::kNumber:
        out += format_double(value.as_number());
        return;
      case Value::Kind::kString:
        out.push_back('"');
        append_quoted_text(out, value.as_string());
        out.push_back('"');
        return;
      case Value::Kind::kList:
        write_list(out, value.as_list());
        return;
      case Value::Kind::kMap:
        write_map(out, value.as_map());
        return;
      case Value::Kind::kReference:
        write_reference(out, value.as_reference());
        return;
      case Value::Kind::kCall:
        write_call(out, value.as_call());
        return;
      case Value::Kind::kTemplate:
        write_template(out, value.as_template());
        return;
      case Value::Kind::kRaw:
        out += value.as_raw();
        return;
    }
  }

 private:
  void write_list(std::string& out, const Value::List& items) {
    out.push_back('[');
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (i > 0) out += ", ";
      write(out, items[i]);
    }
    out.push_back(']');
  }

  void write_map(std::string& out, const Value::Map& entries) {
    out.push_back('{');
    bool first = true;
    for (const auto& [key, item] : entries) {
      if (!first) out += ", ";
      first = false;
      out.push_back('"');
      append_quoted_text(out, key);
      out += "\" = ";
      write(out, item);
    }
    out.push_back('}');
  }

  void write_reference(std::string& out, const Value::Reference& ref) {
    if (ref.target == nullptr) {
      out += ref.root;
    } else {
      check_target(*ref.target);
      out += ref.target->reference_root();
    }
    for (const PathStep& step : ref.path) {
      if (const auto* name = std::get_if<std::string>(&step)) {
        if (is_hcl_identifier(*name)) {
          out.push_back('.');
          out += *name;
        } else {
          out += "[\"";
          append_quoted_text(out, *name);
          out += "\"]";
        }
      } else {
        out += fmt::format("[{}]", std::get<std::int64_t>(step));
      }
    }
  }

  void check_target(const Element& target) {
    if (target.try_stack() != &context_.stack()) {
      const Stack* other = target.try_stack();
      context_.add_error(fmt::format(
          "reference to \"{}\" in stack \"{}\": references across stacks are not supported; "
          "pass the value through a variable or create the element in stack \"{}\"",
          target.path(), other ? other->name() : std::string("?"), context_.stack().name()));
    }
    if (dynamic_cast<const Output*>(&target) != nullptr ||
        dynamic_cast<const Backend*>(&target) != nullptr) {
      context_.add_error(fmt::format(
          "reference to \"{}\": outputs and backends cannot be referenced; reference the value "
          "the output shows instead",
          target.path()));
    }
  }

  void write_call(std::string& out, const Value::Call& call) {
    out += call.name;
    out.push_back('(');
    for (std::size_t i = 0; i < call.args.size(); ++i) {
      if (i > 0) out += ", ";
      write(out, call.args[i]);
    }
    out.push_back(')');
  }

  void write_template(std::string& out, const Value::List& parts) {
    out.push_back('"');
    for (const Value& part : parts) {
      if (part.kind() == Value::Kind::kString) {
        append_quoted_text(out, part.as_string());
      } else {
        out += "${";
        write(out, part);
        out.push_back('}');
      }
    }
    out.push_back('"');
  }

  RenderContext& context_;
};

nlohmann::json RenderContext::render(const Value& value) {
  switch (value.kind()) {
    case Value::Kind::kNull:
      return nullptr;
    case Value::Kind::kBool:
      return value.as_bool();
    case Value::Kind::kInteger:
      return value.as_integer();
    case Value::Kind::kNumber:
      return value.as_number();
    case Value::Kind::kString: {
      std::string out;
      out.reserve(value.as_string().size());
      append_template_text(out, value.as_string());
      return out;
    }
    case Value::Kind::kList: {
      nlohmann::json out = nlohmann::json::array();
      for (const Value& item : value.as_list()) out.push_back(render(item));
      return out;
    }
    case Value::Kind::kMap: {
      nlohmann::json out = nlohmann::json::object();
      for (const auto& [key, item] : value.as_map()) {
        if (item.is_null()) continue;
        std::string escaped;
        append_template_text(escaped, key);
        out[escaped] = render(item);
      }
      return out;
    }
    case Value::Kind::kTemplate: {
      // One flat string: literal text escaped, expressions interpolated in place.
      std::string out;
      ExpressionWriter writer(*this);
      for (const Value& part : value.as_template()) {
        if (part.kind() == Value::Kind::kString) {
          append_template_text(out, part.as_string());
        } else {
          out += "${";
          writer.write(out, part);
          out.push_back('}');
        }
      }
      return out;
    }
    default: {
      std::string out = "${";
      ExpressionWriter(*this).write(out, value);
      out.push_back('}');
      return out;
    }
  }
}

std::string RenderContext::render_expression(const Value& value) {
  std::string out;
  ExpressionWriter(*this).write(out, value);
  return out;
}

void RenderContext::add_error(std::string message) {
  if (current_ != nullptr) message = "[" + current_->path() + "] " + message;
  errors_.push_back(std::move(message));
}

void ObjectWriter::put(std::string_view name, const Value& value) {
  if (value.is_null()) return;
  (*out_)[std::string(name)] = context_->render(value);
}

}  // namespace stackgen::core
