# Writes a C++ file defining kinship::http::OpenApiDocument() from the file IN.
file(READ "${IN}" content HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${content}")
file(WRITE "${OUT}" "// Generated from docs/openapi.json; do not edit.\n#include <string_view>\nnamespace kinship::http {\nstatic const unsigned char kDoc[] = {${bytes} 0};\nstd::string_view OpenApiDocument() { return {reinterpret_cast<const char*>(kDoc), sizeof(kDoc) - 1}; }\n}\n")
