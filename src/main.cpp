#include "cli/cli.h"

int main(int argc, char** argv) { return kinship::cli::Run(argc, argv); }
