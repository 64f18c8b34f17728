// Recursive-descent parser of the expression language (grammar in expression.hpp).
#include <fmt/format.h>

#include <array>

#include "forms/expression.hpp"
#include "forms/expression_lexer.hpp"
#include "util/text.hpp"

namespace pilot::forms {
namespace {

using detail::Token;
using detail::TokenKind;
using NodePtr = std::shared_ptr<const ExprNode>;

// Deeper nesting than this is refused rather than risking the stack on hostile input.
constexpr int k_max_depth = 100;

struct FunctionSpec {
  std::string_view name;
  int min_args;
  int max_args;
  bool aggregate;  // takes `group.field` or `group` plus an optional `where` condition
};

constexpr std::array<FunctionSpec, 9> k_functions = {{
    {"selected", 2, 2, false},
    {"count", 1, 1, true},
    {"sum", 1, 1, true},
    {"min", 1, 1, true},
    {"max", 1, 1, true},
    {"empty", 1, 1, false},
    {"year", 1, 1, false},
    {"abs", 1, 1, false},
    {"tagged", 2, 2, false},
}};

const FunctionSpec* find_function(std::string_view name) {
  for (const auto& spec : k_functions) {
    if (spec.name == name) {
      return &spec;
    }
  }
  return nullptr;
}

std::string function_names() {
  std::vector<std::string> names;
  for (const auto& spec : k_functions) {
    names.emplace_back(spec.name);
  }
  return util::join(names, ", ");
}

bool is_keyword(const Token& token, std::string_view word) {
  return token.kind == TokenKind::name && util::fold(token.text) == word;
}

std::string describe(const Token& token) {
  switch (token.kind) {
    case TokenKind::end: return "la fin de l'expression";
    case TokenKind::text: return fmt::format("le texte '{}'", token.text);
    default: return fmt::format("« {} »", token.text);
  }
}

class Parser {
 public:
  Parser(std::string_view source, std::vector<Token> tokens) : m_source(source), m_tokens(std::move(tokens)) {}

  Result<NodePtr> parse_all() {
    if (m_tokens.front().kind == TokenKind::end) {
      return fail(ErrorKind::data, "expression vide");
    }
    auto root = parse_or();
    if (!root) {
      return root;
    }
    if (peek().kind != TokenKind::end) {
      if (is_keyword(peek(), "where")) {
        return error(peek(), "« where » ne s'utilise que dans sum(), count(), min() ou max()");
      }
      return error(peek(), fmt::format("{} inattendu ; il manque peut-être « and » ou « or »", describe(peek())));
    }
    return root;
  }

 private:
  std::string_view m_source;
  std::vector<Token> m_tokens;
  std::size_t m_next = 0;
  int m_depth = 0;

  const Token& peek() const { return m_tokens[m_next]; }
  const Token& take() { return m_tokens[m_next < m_tokens.size() - 1 ? m_next++ : m_next]; }

  std::unexpected<Error> error(const Token& at, std::string_view message) const {
    return std::unexpected(Error{ErrorKind::data, detail::at_position(m_source, at.position, message)});
  }

  static NodePtr binary(ExprNode::Kind kind, std::size_t position, ExprOp op, NodePtr left, NodePtr right) {
    auto node = std::make_shared<ExprNode>();
    node->kind = kind;
    node->position = position;
    node->op = op;
    node->children = {std::move(left), std::move(right)};
    return node;
  }

  Result<NodePtr> parse_or() {
    if (++m_depth > k_max_depth) {
      return error(peek(), "expression trop imbriquée");
    }
    auto left = parse_and();
    while (left && is_keyword(peek(), "or")) {
      const Token& op = take();
      auto right = parse_and();
      if (!right) {
        return right;
      }
      left = binary(ExprNode::Kind::logical_or, op.position, ExprOp::eq, *left, *right);
    }
    --m_depth;
    return left;
  }

  Result<NodePtr> parse_and() {
    auto left = parse_not();
    while (left && is_keyword(peek(), "and")) {
      const Token& op = take();
      auto right = parse_not();
      if (!right) {
        return right;
      }
      left = binary(ExprNode::Kind::logical_and, op.position, ExprOp::eq, *left, *right);
    }
    return left;
  }

  Result<NodePtr> parse_not() {
    if (is_keyword(peek(), "not")) {
      const Token& op = take();
      if (++m_depth > k_max_depth) {
        return error(op, "expression trop imbriquée");
      }
      auto operand = parse_not();
      --m_depth;
      if (!operand) {
        return operand;
      }
      auto node = std::make_shared<ExprNode>();
      node->kind = ExprNode::Kind::logical_not;
      node->position = op.position;
      node->children = {*operand};
      return NodePtr(node);
    }
    return parse_compare();
  }

  static bool is_comparison(const Token& token) {
    return token.kind == TokenKind::op && token.op != ExprOp::add && token.op != ExprOp::sub &&
           token.op != ExprOp::mul && token.op != ExprOp::div;
  }

  Result<NodePtr> parse_compare() {
    auto left = parse_sum();
    if (!left || !is_comparison(peek())) {
      return left;
    }
    const Token& op = take();
    auto right = parse_sum();
    if (!right) {
      return right;
    }
    if (is_comparison(peek())) {
      return error(peek(), "comparaisons enchaînées : séparez-les par « and »");
    }
    return binary(ExprNode::Kind::compare, op.position, op.op, *left, *right);
  }

  Result<NodePtr> parse_sum() {
    auto left = parse_product();
    while (left && peek().kind == TokenKind::op && (peek().op == ExprOp::add || peek().op == ExprOp::sub)) {
      const Token& op = take();
      auto right = parse_product();
      if (!right) {
        return right;
      }
      left = binary(ExprNode::Kind::arithmetic, op.position, op.op, *left, *right);
    }
    return left;
  }

  Result<NodePtr> parse_product() {
    auto left = parse_unary();
    while (left && peek().kind == TokenKind::op && (peek().op == ExprOp::mul || peek().op == ExprOp::div)) {
      const Token& op = take();
      auto right = parse_unary();
      if (!right) {
        return right;
      }
      left = binary(ExprNode::Kind::arithmetic, op.position, op.op, *left, *right);
    }
    return left;
  }

  Result<NodePtr> parse_unary() {
    if (peek().kind == TokenKind::op && peek().op == ExprOp::sub) {
      const Token& op = take();
      if (++m_depth > k_max_depth) {
        return error(op, "expression trop imbriquée");
      }
      auto operand = parse_unary();
      --m_depth;
      if (!operand) {
        return operand;
      }
      auto node = std::make_shared<ExprNode>();
      node->kind = ExprNode::Kind::negate;
      node->position = op.position;
      node->children = {*operand};
      return NodePtr(node);
    }
    return parse_primary();
  }

  Result<NodePtr> parse_primary() {
    const Token& token = peek();
    auto node = std::make_shared<ExprNode>();
    node->position = token.position;
    switch (token.kind) {
      case TokenKind::number:
        take();
        node->kind = ExprNode::Kind::number;
        node->number = token.number;
        return NodePtr(node);
      case TokenKind::text:
        take();
        node->kind = ExprNode::Kind::text;
        node->text = token.text;
        return NodePtr(node);
      case TokenKind::dot:
        take();
        node->kind = ExprNode::Kind::self;
        return NodePtr(node);
      case TokenKind::open: {
        take();
        auto inner = parse_or();
        if (!inner) {
          return inner;
        }
        if (peek().kind != TokenKind::close) {
          return error(peek(), fmt::format("« ) » attendu au lieu de {}", describe(peek())));
        }
        take();
        return inner;
      }
      case TokenKind::name: return parse_name();
      case TokenKind::end: return error(token, "valeur attendue à la fin de l'expression");
      default: return error(token, fmt::format("valeur attendue au lieu de {}", describe(token)));
    }
  }

  Result<NodePtr> parse_name() {
    const Token& token = take();
    auto node = std::make_shared<ExprNode>();
    node->position = token.position;
    const std::string word = util::fold(token.text);
    if (word == "oui" || word == "vrai" || word == "true" || word == "non" || word == "faux" || word == "false") {
      node->kind = ExprNode::Kind::boolean;
      node->boolean = word == "oui" || word == "vrai" || word == "true";
      return NodePtr(node);
    }
    for (std::string_view reserved : {"and", "or", "not", "where"}) {
      if (word == reserved) {
        return error(token, fmt::format("valeur attendue au lieu du mot réservé « {} »", token.text));
      }
    }
    if (peek().kind == TokenKind::open) {
      return parse_call(token);
    }
    if (peek().kind == TokenKind::dot) {
      take();
      if (peek().kind != TokenKind::name) {
        return error(peek(), fmt::format("nom de champ attendu après « {}. »", token.text));
      }
      node->kind = ExprNode::Kind::group_field;
      node->name = token.text;
      node->member = take().text;
      return NodePtr(node);
    }
    node->kind = ExprNode::Kind::field;
    node->name = token.text;
    return NodePtr(node);
  }

  Result<NodePtr> parse_call(const Token& name) {
    const FunctionSpec* spec = find_function(name.text);
    if (spec == nullptr) {
      return error(name, fmt::format("fonction inconnue « {} » (fonctions : {})", name.text, function_names()));
    }
    take();  // (
    auto node = std::make_shared<ExprNode>();
    node->kind = ExprNode::Kind::call;
    node->position = name.position;
    node->name = name.text;
    if (peek().kind != TokenKind::close) {
      while (true) {
        auto argument = parse_or();
        if (!argument) {
          return argument;
        }
        node->children.push_back(*argument);
        if (is_keyword(peek(), "where")) {
          if (!spec->aggregate) {
            return error(peek(), "« where » ne s'utilise que dans sum(), count(), min() ou max()");
          }
          take();
          auto filter = parse_or();
          if (!filter) {
            return filter;
          }
          node->filter = *filter;
          if (peek().kind != TokenKind::close) {
            return error(peek(), fmt::format("« ) » attendu au lieu de {}", describe(peek())));
          }
        }
        if (peek().kind == TokenKind::comma) {
          take();
          continue;
        }
        if (peek().kind != TokenKind::close) {
          return error(peek(), fmt::format("« , » ou « ) » attendu au lieu de {}", describe(peek())));
        }
        break;
      }
    }
    take();  // )
    const int count = static_cast<int>(node->children.size());
    if (count < spec->min_args || count > spec->max_args) {
      return error(name, fmt::format("{}() attend {} argument{}, pas {}", spec->name, spec->min_args,
                                     spec->min_args > 1 ? "s" : "", count));
    }
    return NodePtr(node);
  }
};

}  // namespace

Result<Expression> Expression::parse(std::string_view source) {
  auto tokens = detail::tokenize(source);
  if (!tokens) {
    return std::unexpected(tokens.error());
  }
  Parser parser(source, std::move(*tokens));
  auto root = parser.parse_all();
  if (!root) {
    return std::unexpected(root.error());
  }
  Expression expression;
  expression.m_source = std::string(source);
  expression.m_root = *root;
  return expression;
}

}  // namespace pilot::forms
