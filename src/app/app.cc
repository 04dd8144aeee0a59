#include "stackgen/app/app.h"

#include "stackgen/app/config.h"
#include "stackgen/app/serverless_api_stack.h"

namespace stackgen::app {

void build_app(core::App& app) {
  ServerlessApiConfig config = from_context(app);
  app.add<ServerlessApiStack>(config.app_name, config);
}

}  // namespace stackgen::app
