#include "lte/cli/app.hpp"

int main(int argc, char** argv) { return lte::cli::run_app(argc, argv); }
