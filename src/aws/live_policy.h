// A policy-carrying binding whose `policy` argument is rendered from a PolicyDocument at
// synthesis, so statements granted after the resource was created are part of it.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <utility>

#include "stackgen/aws/policy.h"
#include "stackgen/core/element.h"

namespace stackgen::aws::detail {

// Bindings take their arguments once, at construction; grants arrive later. This subclass
// renders the binding as generated and then replaces `policy` with the document's current
// text (the constructor's value is only a placeholder that satisfies the required check).
template <class Binding, class Config>
class LivePolicy : public Binding {
 public:
  LivePolicy(core::Construct& scope, std::string id, Config config, const PolicyDocument& document)
      : Binding(scope, std::move(id), with_document(std::move(config), document)),
        document_(&document) {}

  nlohmann::json render(core::RenderContext& context) const override {
    nlohmann::json body = Binding::render(context);
    body["policy"] = context.render(document_->to_json().value());
    return body;
  }

 private:
  static Config with_document(Config config, const PolicyDocument& document) {
    config.policy = document.to_json();
    return config;
  }

  const PolicyDocument* document_;
};

}  // namespace stackgen::aws::detail
