// The small expression language of the forms: conditions (relevant, required_if), constraints and
// cross-field rules. Parsed once when a schema is loaded into an AST; checked against the form
// (names, types, choice codes) before use; evaluated against the typed answers of one record and
// its group rows. The language is documented in schemas/README.md.
//
// Grammar, loosest binding first:
//   or:  and ('or' and)*              and: not ('and' not)*          not: 'not' not | compare
//   compare: sum (('='|'!='|'<'|'<='|'>'|'>=') sum)?                 sum: product (('+'|'-') product)*
//   product: unary (('*'|'/') unary)*                                unary: '-' unary | primary
//   primary: number | 'text' | oui | non | '.' | name | group.field | function '(' args ')' | '(' or ')'
//   aggregate args: sum(group.field [where cond]), count(group [where cond]), min/max like sum.
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "domain/value.hpp"
#include "forms/location.hpp"
#include "util/date.hpp"
#include "util/error.hpp"

namespace pilot::forms {

struct Form;
struct Field;
struct Group;

enum class ExprOp { eq, ne, lt, le, gt, ge, add, sub, mul, div };

struct ExprNode {
  enum class Kind {
    number,       // number
    text,         // text
    boolean,      // boolean
    self,         // '.': the field being constrained
    field,        // name
    group_field,  // name.member
    negate,       // -children[0]
    logical_not,  // not children[0]
    logical_and,  // children[0] and children[1]
    logical_or,
    compare,     // children[0] op children[1]
    arithmetic,  // children[0] op children[1]
    call,        // name(children...) [where filter]
  };
  Kind kind = Kind::number;
  std::size_t position = 0;  // byte offset in the source text, for messages
  long double number = 0;
  std::string text;
  bool boolean = false;
  std::string name;    // field, group or function name
  std::string member;  // group_field: the field of the group
  ExprOp op = ExprOp::eq;
  std::vector<std::shared_ptr<const ExprNode>> children;
  std::shared_ptr<const ExprNode> filter;  // aggregate 'where' condition
};

// A parsed expression; empty when the schema gave none.
class Expression {
 public:
  Expression() = default;
  // Fails with « position N : … » naming what was expected.
  static Result<Expression> parse(std::string_view source);

  [[nodiscard]] bool empty() const { return m_root == nullptr; }
  [[nodiscard]] const std::string& source() const { return m_source; }
  [[nodiscard]] const ExprNode* root() const { return m_root.get(); }
  // Where the schema wrote it (set by the loader), for messages.
  [[nodiscard]] const SourceLocation& where() const { return m_where; }
  void set_where(SourceLocation where) { m_where = std::move(where); }

 private:
  std::string m_source;
  SourceLocation m_where;
  std::shared_ptr<const ExprNode> m_root;
};

// The value of an expression: monostate is « no value » (an unanswered field, a division by zero).
using ExprValue = std::variant<std::monostate, bool, long double, std::string, util::Date, std::vector<std::string>>;

// Readable French text of a value, for rule messages: 2 560 000,5 / 28/06/2024 / Oui / a; b.
std::string display_expr_value(const ExprValue& value);

// What an expression reads: the record, its groups, the current group row (inside a group field's
// conditions or an aggregate's where), and the value being constrained ('.').
struct EvalContext {
  const Form* form = nullptr;
  const domain::Answers* record = nullptr;
  const std::map<std::string, std::vector<domain::GroupRow>>* groups = nullptr;
  const Group* row_group = nullptr;
  const domain::Answers* row = nullptr;
  const Field* self_field = nullptr;
  const domain::Value* self = nullptr;
};

ExprValue evaluate(const Expression& expression, const EvalContext& context);

// Conditions: an expression with no value counts as false for relevant / required_if / when...
[[nodiscard]] bool holds(const Expression& expression, const EvalContext& context);
// ...and as satisfied for constraints and rules (a missing answer is the job of `required`).
[[nodiscard]] bool violated(const Expression& expression, const EvalContext& context);

// Field value → expression value: money becomes euros, empty answers become monostate.
ExprValue to_expr_value(const Field& field, const domain::Value& value);

// Static check of an expression in the scope where it will run. `group` is the row scope (null for
// the record), `self` the constrained field when '.' is allowed. Returns French messages, each
// starting with « position N : » when a position is known; empty when the expression is sound.
struct CheckScope {
  const Form* form = nullptr;
  const Group* group = nullptr;
  const Field* self = nullptr;
  bool condition = true;  // the expression must be a yes/no condition
};
std::vector<std::string> check_expression(const Expression& expression, const CheckScope& scope);

// Field keys an expression reads (for dependency cycles); group.member gives "group.member".
std::vector<std::string> referenced_names(const Expression& expression);

}  // namespace pilot::forms
