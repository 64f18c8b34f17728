// Tokens of the expression language (private to lib/forms: the parser's input).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "forms/expression.hpp"
#include "util/error.hpp"

namespace pilot::forms::detail {

enum class TokenKind { end, number, text, name, dot, open, close, comma, op };

struct Token {
  TokenKind kind = TokenKind::end;
  std::size_t position = 0;  // byte offset
  std::string text;          // name, text literal content, or the operator as written
  long double number = 0;
  ExprOp op = ExprOp::eq;
};

// Fails with « position N : … » on a character the language does not use or an unclosed quote.
Result<std::vector<Token>> tokenize(std::string_view source);

// 1-based character position of a byte offset, for messages users read.
std::size_t character_position(std::string_view source, std::size_t byte_offset);

// « position N : message »
std::string at_position(std::string_view source, std::size_t byte_offset, std::string_view message);

}  // namespace pilot::forms::detail
