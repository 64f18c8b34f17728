// Where a schema element was written, so that every message can send users back to their YAML.
#pragma once

#include <string>

namespace pilot::forms {

// "forms/action-cie.yaml:42:5". line/column are 1-based; 0 = unknown.
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;

  [[nodiscard]] std::string str() const;  // "file:line:column", "file:line" or "file"
};

}  // namespace pilot::forms
