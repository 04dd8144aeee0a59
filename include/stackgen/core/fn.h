// Typed Terraform function calls. Calls nest as plain expressions: `upper(lower(x))`.
#pragma once

#include <string>
#include <vector>

#include "stackgen/core/value.h"

namespace stackgen::core::fn {

/// `jsonencode(value)`: a JSON string; key order is Terraform's (sorted), so it is stable.
String jsonencode(const Any& value);
/// `join(separator, list)`.
String join(const String& separator, const List<String>& list);
/// `format(spec, args...)`.
String format(const String& spec, const std::vector<Any>& args);
/// `lower(text)` and `upper(text)`.
String lower(const String& text);
String upper(const String& text);
/// `replace(text, search, replacement)`.
String replace(const String& text, const String& search, const String& replacement);
/// `substr(text, offset, length)`.
String substr(const String& text, const Number& offset, const Number& length);
/// `element(list, index)`.
Any element(const Any& list, const Number& index);
/// `lookup(map, key, fallback)`.
Any lookup(const Any& map, const String& key, const Any& fallback);
/// `length(value)`.
Number length(const Any& value);
/// `tostring(value)`, `tonumber(value)`.
String tostring(const Any& value);
Number tonumber(const Any& value);
/// `concat(lists...)`.
Any concat(const std::vector<Any>& lists);
/// `filebase64sha256(path)`: base64 SHA-256 of a file read at plan time.
String filebase64sha256(const String& path);
/// `sha256(text)`.
String sha256(const String& text);
/// `base64encode(text)`.
String base64encode(const String& text);
/// Any function by name: `call("cidrsubnet", {...})`. Throws when `name` is not an identifier.
Any call(const std::string& name, const std::vector<Any>& args);

}  // namespace stackgen::core::fn
