#include "forms/expression_lexer.hpp"

#include <charconv>

#include <fmt/format.h>

namespace pilot::forms::detail {
namespace {

bool is_name_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool is_name_char(char c) {
  return is_name_start(c) || (c >= '0' && c <= '9');
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// The whole UTF-8 character starting at `pos`, to quote it in a message.
std::string character_at(std::string_view source, std::size_t pos) {
  std::size_t end = pos + 1;
  while (end < source.size() && (static_cast<unsigned char>(source[end]) & 0xC0) == 0x80) {
    ++end;
  }
  return std::string(source.substr(pos, end - pos));
}

}  // namespace

std::size_t character_position(std::string_view source, std::size_t byte_offset) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < byte_offset && i < source.size(); ++i) {
    if ((static_cast<unsigned char>(source[i]) & 0xC0) != 0x80) {
      ++count;
    }
  }
  return count + 1;
}

std::string at_position(std::string_view source, std::size_t byte_offset, std::string_view message) {
  return fmt::format("position {} : {}", character_position(source, byte_offset), message);
}

Result<std::vector<Token>> tokenize(std::string_view source) {
  std::vector<Token> tokens;
  std::size_t pos = 0;
  auto error = [&](std::size_t at, std::string_view message) {
    return fail(ErrorKind::data, at_position(source, at, message));
  };
  while (pos < source.size()) {
    const char c = source[pos];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      ++pos;
      continue;
    }
    Token token;
    token.position = pos;
    if (is_digit(c)) {
      std::size_t end = pos;
      while (end < source.size() && is_digit(source[end])) {
        ++end;
      }
      if (end + 1 < source.size() && source[end] == '.' && is_digit(source[end + 1])) {
        ++end;
        while (end < source.size() && is_digit(source[end])) {
          ++end;
        }
      }
      if (end < source.size() && is_name_start(source[end])) {
        return error(pos, fmt::format("nombre mal formé « {} »", source.substr(pos, end - pos + 1)));
      }
      token.kind = TokenKind::number;
      token.text = std::string(source.substr(pos, end - pos));
      std::from_chars(token.text.data(), token.text.data() + token.text.size(), token.number);
      pos = end;
    } else if (is_name_start(c)) {
      std::size_t end = pos;
      while (end < source.size() && is_name_char(source[end])) {
        ++end;
      }
      if (end < source.size() && (static_cast<unsigned char>(source[end]) & 0x80) != 0) {
        return error(end, fmt::format("caractère inattendu « {} » : les noms de champs sont des clés "
                                      "sans accent (ex. « annee »)",
                                      character_at(source, end)));
      }
      token.kind = TokenKind::name;
      token.text = std::string(source.substr(pos, end - pos));
      pos = end;
    } else if (c == '\'' || c == '"') {
      // A quote is written twice inside the text: 'l''État'.
      std::string text;
      std::size_t end = pos + 1;
      bool closed = false;
      while (end < source.size()) {
        if (source[end] == c) {
          if (end + 1 < source.size() && source[end + 1] == c) {
            text += c;
            end += 2;
            continue;
          }
          closed = true;
          ++end;
          break;
        }
        text += source[end];
        ++end;
      }
      if (!closed) {
        return error(pos, fmt::format("texte non fermé : il manque le guillemet {} final", c));
      }
      token.kind = TokenKind::text;
      token.text = std::move(text);
      pos = end;
    } else if (c == '.') {
      token.kind = TokenKind::dot;
      token.text = ".";
      ++pos;
    } else if (c == '(' || c == ')' || c == ',') {
      token.kind = c == '(' ? TokenKind::open : (c == ')' ? TokenKind::close : TokenKind::comma);
      token.text = std::string(1, c);
      ++pos;
    } else {
      struct Spelling {
        std::string_view text;
        ExprOp op;
      };
      // Longest spellings first so that "<=" is not read as "<" then "=".
      static constexpr Spelling k_operators[] = {
          {"==", ExprOp::eq}, {"!=", ExprOp::ne}, {"<>", ExprOp::ne}, {"<=", ExprOp::le},
          {">=", ExprOp::ge}, {"=", ExprOp::eq},  {"<", ExprOp::lt},  {">", ExprOp::gt},
          {"+", ExprOp::add}, {"-", ExprOp::sub}, {"*", ExprOp::mul}, {"/", ExprOp::div},
      };
      bool found = false;
      for (const auto& spelling : k_operators) {
        if (source.substr(pos).starts_with(spelling.text)) {
          token.kind = TokenKind::op;
          token.text = std::string(spelling.text);
          token.op = spelling.op;
          pos += spelling.text.size();
          found = true;
          break;
        }
      }
      if (!found) {
        const std::string shown = character_at(source, pos);
        if (shown == "\xE2\x80\x99" || shown == "\xC2\xAB" || shown == "\xC2\xBB") {
          return error(pos, fmt::format("caractère inattendu « {} » : écrivez les textes entre apostrophes "
                                        "droites 'comme ceci'",
                                        shown));
        }
        return error(pos, fmt::format("caractère inattendu « {} »", shown));
      }
    }
    tokens.push_back(std::move(token));
  }
  Token end;
  end.kind = TokenKind::end;
  end.position = source.size();
  tokens.push_back(end);
  return tokens;
}

}  // namespace pilot::forms::detail
