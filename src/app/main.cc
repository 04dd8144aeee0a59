// The `stackgen` command of this project: the generic CLI running the serverless API app.
#include <iostream>

#include "stackgen/app/app.h"
#include "stackgen/cli/cli.h"

int main(int argc, char** argv) {
  return stackgen::cli::run(argc, argv, stackgen::app::build_app, std::cout, std::cerr);
}
