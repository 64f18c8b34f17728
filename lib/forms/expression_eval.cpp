// Evaluation of a parsed expression against one record. Missing answers propagate as « no value »
// (three-valued logic for and/or/not); the callers decide what no value means (holds / violated).
#include <algorithm>
#include <cmath>

#include "forms/expression.hpp"
#include "forms/schema.hpp"
#include "util/number.hpp"
#include "util/text.hpp"

namespace pilot::forms {
namespace {

using Kind = ExprNode::Kind;

// Amounts are euros with cents; sums of a few thousand lines stay far below this error in long
// double, so equal totals compare equal and a one-cent difference never does.
bool nearly_equal(long double a, long double b) {
  const long double scale = std::max({1.0L, std::fabs(a), std::fabs(b)});
  return std::fabs(a - b) <= std::max(1e-7L, scale * 1e-16L);
}

struct Resolved {
  const Field* field = nullptr;
  const domain::Value* value = nullptr;
};

const domain::Value* find_value(const domain::Answers* answers, const std::string& key) {
  if (answers == nullptr) {
    return nullptr;
  }
  auto it = answers->find(key);
  return it == answers->end() ? nullptr : &it->second;
}

// Row fields first (inside a group), then the record's.
Resolved resolve(const std::string& name, const EvalContext& context) {
  if (context.row_group != nullptr) {
    if (const Field* field = context.row_group->find_field(name)) {
      return {field, find_value(context.row, name)};
    }
  }
  if (context.form != nullptr) {
    if (const Field* field = context.form->find_field(name)) {
      return {field, find_value(context.record, name)};
    }
  }
  return {};
}

Resolved resolve_node(const ExprNode& node, const EvalContext& context) {
  if (node.kind == Kind::self) {
    return {context.self_field, context.self};
  }
  if (node.kind == Kind::field) {
    return resolve(node.name, context);
  }
  return {};
}

bool is_null(const ExprValue& value) {
  return std::holds_alternative<std::monostate>(value);
}

std::optional<util::Date> as_date(const ExprValue& value) {
  if (const auto* date = std::get_if<util::Date>(&value)) {
    return *date;
  }
  if (const auto* text = std::get_if<std::string>(&value)) {
    if (auto parsed = util::parse_date(*text)) {
      return *parsed;
    }
  }
  return std::nullopt;
}

ExprValue compare(ExprOp op, const ExprValue& left, const ExprValue& right) {
  if (is_null(left) || is_null(right)) {
    return std::monostate{};
  }
  int order = 0;
  bool ordered = true;
  const auto* ln = std::get_if<long double>(&left);
  const auto* rn = std::get_if<long double>(&right);
  if (ln != nullptr && rn != nullptr) {
    order = nearly_equal(*ln, *rn) ? 0 : (*ln < *rn ? -1 : 1);
  } else if (std::holds_alternative<util::Date>(left) || std::holds_alternative<util::Date>(right)) {
    const auto ld = as_date(left);
    const auto rd = as_date(right);
    if (!ld || !rd) {
      return std::monostate{};
    }
    order = *ld == *rd ? 0 : (*ld < *rd ? -1 : 1);
  } else if (left.index() == right.index()) {
    if (const auto* lt = std::get_if<std::string>(&left)) {
      const auto& rt = std::get<std::string>(right);
      order = *lt == rt ? 0 : (*lt < rt ? -1 : 1);
    } else if (const auto* lb = std::get_if<bool>(&left)) {
      order = *lb == std::get<bool>(right) ? 0 : 1;
      ordered = false;
    } else if (const auto* lc = std::get_if<std::vector<std::string>>(&left)) {
      auto a = *lc;
      auto b = std::get<std::vector<std::string>>(right);
      std::sort(a.begin(), a.end());
      std::sort(b.begin(), b.end());
      order = a == b ? 0 : 1;
      ordered = false;
    }
  } else {
    return std::monostate{};
  }
  switch (op) {
    case ExprOp::eq: return order == 0;
    case ExprOp::ne: return order != 0;
    case ExprOp::lt: return ordered ? ExprValue(order < 0) : ExprValue(std::monostate{});
    case ExprOp::le: return ordered ? ExprValue(order <= 0) : ExprValue(std::monostate{});
    case ExprOp::gt: return ordered ? ExprValue(order > 0) : ExprValue(std::monostate{});
    case ExprOp::ge: return ordered ? ExprValue(order >= 0) : ExprValue(std::monostate{});
    default: return std::monostate{};
  }
}

ExprValue arithmetic(ExprOp op, const ExprValue& left, const ExprValue& right) {
  if (op == ExprOp::sub && std::holds_alternative<util::Date>(left) && std::holds_alternative<util::Date>(right)) {
    return static_cast<long double>(std::get<util::Date>(left).days_since_epoch() -
                                    std::get<util::Date>(right).days_since_epoch());
  }
  const auto* a = std::get_if<long double>(&left);
  const auto* b = std::get_if<long double>(&right);
  if (a == nullptr || b == nullptr) {
    return std::monostate{};
  }
  switch (op) {
    case ExprOp::add: return *a + *b;
    case ExprOp::sub: return *a - *b;
    case ExprOp::mul: return *a * *b;
    case ExprOp::div:
      if (*b == 0) {
        return std::monostate{};
      }
      return *a / *b;
    default: return std::monostate{};
  }
}

class Evaluator {
 public:
  ExprValue eval(const ExprNode& node, const EvalContext& context) const {
    switch (node.kind) {
      case Kind::number: return node.number;
      case Kind::text: return node.text;
      case Kind::boolean: return node.boolean;
      case Kind::self:
      case Kind::field: {
        const Resolved resolved = resolve_node(node, context);
        if (resolved.field == nullptr || resolved.value == nullptr) {
          return std::monostate{};
        }
        return to_expr_value(*resolved.field, *resolved.value);
      }
      case Kind::group_field: return std::monostate{};  // only meaningful inside an aggregate
      case Kind::negate: {
        const ExprValue operand = eval(*node.children[0], context);
        if (const auto* number = std::get_if<long double>(&operand)) {
          return -*number;
        }
        return std::monostate{};
      }
      case Kind::logical_not: {
        const ExprValue operand = eval(*node.children[0], context);
        if (const auto* flag = std::get_if<bool>(&operand)) {
          return !*flag;
        }
        return std::monostate{};
      }
      case Kind::logical_and:
      case Kind::logical_or: return logical(node, context);
      case Kind::compare: return compare(node.op, eval(*node.children[0], context), eval(*node.children[1], context));
      case Kind::arithmetic:
        return arithmetic(node.op, eval(*node.children[0], context), eval(*node.children[1], context));
      case Kind::call: return call(node, context);
    }
    return std::monostate{};
  }

 private:
  ExprValue logical(const ExprNode& node, const EvalContext& context) const {
    const bool is_and = node.kind == Kind::logical_and;
    const ExprValue left = eval(*node.children[0], context);
    const auto* lb = std::get_if<bool>(&left);
    // Short-circuit: false and … = false; true or … = true, whatever the other side.
    if (lb != nullptr && *lb != is_and) {
      return *lb;
    }
    const ExprValue right = eval(*node.children[1], context);
    const auto* rb = std::get_if<bool>(&right);
    if (rb != nullptr && *rb != is_and) {
      return *rb;
    }
    if (lb != nullptr && rb != nullptr) {
      return is_and;
    }
    return std::monostate{};
  }

  // Rows of the group named in an aggregate, with the where condition applied.
  std::vector<const domain::GroupRow*> selected_rows(const Group& group, const ExprNode& node,
                                                     const EvalContext& context) const {
    std::vector<const domain::GroupRow*> rows;
    if (context.groups == nullptr) {
      return rows;
    }
    auto it = context.groups->find(group.key);
    if (it == context.groups->end()) {
      return rows;
    }
    for (const auto& row : it->second) {
      if (group.kind == GroupKind::budget && is_pour_info_row(group, row.values)) {
        continue;
      }
      if (node.filter != nullptr) {
        EvalContext inner = context;
        inner.row_group = &group;
        inner.row = &row.values;
        inner.self_field = nullptr;
        inner.self = nullptr;
        const ExprValue keep = eval(*node.filter, inner);
        if (!std::holds_alternative<bool>(keep) || !std::get<bool>(keep)) {
          continue;
        }
      }
      rows.push_back(&row);
    }
    return rows;
  }

  ExprValue aggregate(const ExprNode& node, const EvalContext& context) const {
    const ExprNode& target = *node.children[0];
    const Group* group = context.form == nullptr ? nullptr : context.form->find_group(target.name);
    if (group == nullptr) {
      return std::monostate{};
    }
    const auto rows = selected_rows(*group, node, context);
    if (node.name == "count" && target.kind == Kind::field) {
      return static_cast<long double>(rows.size());
    }
    const Field* member = group->find_field(target.member);
    if (member == nullptr) {
      return std::monostate{};
    }
    long double total = 0;
    long double count = 0;
    ExprValue best;
    for (const auto* row : rows) {
      auto it = row->values.find(member->key);
      if (it == row->values.end()) {
        continue;
      }
      const ExprValue value = to_expr_value(*member, it->second);
      if (is_null(value)) {
        continue;
      }
      count += 1;
      if (const auto* number = std::get_if<long double>(&value)) {
        total += *number;
      }
      if (node.name == "min" || node.name == "max") {
        const ExprValue better = compare(node.name == "min" ? ExprOp::lt : ExprOp::gt, value, best);
        if (is_null(best) || (std::holds_alternative<bool>(better) && std::get<bool>(better))) {
          best = value;
        }
      }
    }
    if (node.name == "sum") {
      return total;
    }
    if (node.name == "count") {
      return count;
    }
    return best;
  }

  ExprValue call(const ExprNode& node, const EvalContext& context) const {
    const std::string& name = node.name;
    if (name == "sum" || name == "min" || name == "max" ||
        (name == "count" && (node.children[0]->kind == Kind::group_field ||
                             (node.children[0]->kind == Kind::field && context.form != nullptr &&
                              context.form->find_group(node.children[0]->name) != nullptr)))) {
      return aggregate(node, context);
    }
    if (name == "count") {
      const ExprValue value = eval(*node.children[0], context);
      if (const auto* codes = std::get_if<std::vector<std::string>>(&value)) {
        return static_cast<long double>(codes->size());
      }
      return static_cast<long double>(is_null(value) ? 0 : 1);
    }
    if (name == "empty") {
      return is_null(eval(*node.children[0], context));
    }
    if (name == "selected") {
      const ExprValue value = eval(*node.children[0], context);
      const ExprValue code = eval(*node.children[1], context);
      const auto* wanted = std::get_if<std::string>(&code);
      if (wanted == nullptr) {
        return false;
      }
      if (const auto* codes = std::get_if<std::vector<std::string>>(&value)) {
        return std::find(codes->begin(), codes->end(), *wanted) != codes->end();
      }
      if (const auto* text = std::get_if<std::string>(&value)) {
        return *text == *wanted;
      }
      return false;
    }
    if (name == "year") {
      const ExprValue value = eval(*node.children[0], context);
      if (const auto* date = std::get_if<util::Date>(&value)) {
        return static_cast<long double>(date->year);
      }
      return std::monostate{};
    }
    if (name == "abs") {
      const ExprValue value = eval(*node.children[0], context);
      if (const auto* number = std::get_if<long double>(&value)) {
        return std::fabs(*number);
      }
      return std::monostate{};
    }
    if (name == "tagged") {
      const Resolved resolved = resolve_node(*node.children[0], context);
      const ExprValue tag = eval(*node.children[1], context);
      const auto* wanted = std::get_if<std::string>(&tag);
      if (resolved.field == nullptr || resolved.value == nullptr || wanted == nullptr ||
          resolved.field->choice_list == nullptr) {
        return std::monostate{};
      }
      const ExprValue value = to_expr_value(*resolved.field, *resolved.value);
      std::vector<std::string> codes;
      if (const auto* many = std::get_if<std::vector<std::string>>(&value)) {
        codes = *many;
      } else if (const auto* one = std::get_if<std::string>(&value)) {
        codes.push_back(*one);
      } else {
        return std::monostate{};
      }
      for (const auto& code : codes) {
        const Choice* choice = resolved.field->choice_list->find_code(code);
        if (choice != nullptr && choice->has_tag(*wanted)) {
          return true;
        }
      }
      return false;
    }
    return std::monostate{};
  }
};

}  // namespace

ExprValue to_expr_value(const Field& field, const domain::Value& value) {
  if (domain::is_empty(value)) {
    return std::monostate{};
  }
  if (const auto* text = std::get_if<std::string>(&value)) {
    return *text;
  }
  if (const auto* number = std::get_if<std::int64_t>(&value)) {
    if (field.type == FieldType::money) {
      return static_cast<long double>(*number) / 100.0L;
    }
    return static_cast<long double>(*number);
  }
  if (const auto* number = std::get_if<double>(&value)) {
    return static_cast<long double>(*number);
  }
  if (const auto* date = std::get_if<util::Date>(&value)) {
    return *date;
  }
  if (const auto* flag = std::get_if<bool>(&value)) {
    return *flag;
  }
  return std::get<std::vector<std::string>>(value);
}

ExprValue evaluate(const Expression& expression, const EvalContext& context) {
  if (expression.empty()) {
    return std::monostate{};
  }
  return Evaluator{}.eval(*expression.root(), context);
}

bool holds(const Expression& expression, const EvalContext& context) {
  const ExprValue value = evaluate(expression, context);
  return std::holds_alternative<bool>(value) && std::get<bool>(value);
}

bool violated(const Expression& expression, const EvalContext& context) {
  const ExprValue value = evaluate(expression, context);
  return std::holds_alternative<bool>(value) && !std::get<bool>(value);
}

std::string display_expr_value(const ExprValue& value) {
  if (is_null(value)) {
    return "(vide)";
  }
  if (const auto* flag = std::get_if<bool>(&value)) {
    return *flag ? "Oui" : "Non";
  }
  if (const auto* number = std::get_if<long double>(&value)) {
    const long double rounded = std::round(*number);
    if (std::fabs(*number - rounded) < 1e-9L && std::fabs(rounded) < 9e15L) {
      // French usage leaves four-digit numbers ungrouped: years read « 2024 », not « 2 024 ».
      if (std::fabs(rounded) < 10000) {
        return std::to_string(static_cast<std::int64_t>(rounded));
      }
      return util::format_integer_fr(static_cast<std::int64_t>(rounded));
    }
    return util::format_decimal_fr(static_cast<double>(*number), 2);
  }
  if (const auto* text = std::get_if<std::string>(&value)) {
    return *text;
  }
  if (const auto* date = std::get_if<util::Date>(&value)) {
    return date->french();
  }
  return util::join(std::get<std::vector<std::string>>(value), "; ");
}

}  // namespace pilot::forms
