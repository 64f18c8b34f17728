// Static check of expressions against the form they belong to: every name exists, types fit the
// operators, choice codes written as text exist in the list. Run at load time so that a typo in a
// schema is a load error with file:line instead of a condition that silently never holds.
#include <fmt/format.h>

#include "forms/expression.hpp"
#include "forms/expression_lexer.hpp"
#include "forms/schema.hpp"
#include "forms/suggest.hpp"
#include "util/text.hpp"

namespace pilot::forms {
namespace {

using Kind = ExprNode::Kind;

enum class Type { unknown, boolean, number, text, date, codes };

// With its article, as the messages say it: « attend un nombre, pas une date ».
std::string_view type_label(Type type) {
  switch (type) {
    case Type::unknown: return "une valeur";
    case Type::boolean: return "un oui/non";
    case Type::number: return "un nombre";
    case Type::text: return "un texte";
    case Type::date: return "une date";
    case Type::codes: return "un choix multiple";
  }
  return "une valeur";
}

Type type_of_field(const Field& field) {
  switch (field.type) {
    case FieldType::text:
    case FieldType::single_choice: return Type::text;
    case FieldType::integer:
    case FieldType::decimal:
    case FieldType::money:
    case FieldType::percent:
    case FieldType::etp: return Type::number;
    case FieldType::date: return Type::date;
    case FieldType::yes_no: return Type::boolean;
    case FieldType::multiple_choice: return Type::codes;
  }
  return Type::unknown;
}

struct Typed {
  Type type = Type::unknown;
  const Field* field = nullptr;       // when the value is a field's answer
  const ExprNode* literal = nullptr;  // when it is a text literal
};

class Checker {
 public:
  Checker(const Expression& expression, const CheckScope& scope) : m_expression(expression), m_scope(scope) {}

  std::vector<std::string> run() {
    if (m_expression.empty()) {
      return {};
    }
    const Typed result = check(*m_expression.root(), m_scope.group);
    if (m_scope.condition && result.type != Type::boolean && result.type != Type::unknown) {
      error(*m_expression.root(), fmt::format("une condition (oui/non) est attendue, pas {}", type_label(result.type)));
    }
    return std::move(m_errors);
  }

 private:
  const Expression& m_expression;
  const CheckScope& m_scope;
  std::vector<std::string> m_errors;

  void error(const ExprNode& at, const std::string& message) {
    m_errors.push_back(detail::at_position(m_expression.source(), at.position, message));
  }

  std::vector<std::string> names_in_scope(const Group* group) const {
    std::vector<std::string> names;
    if (group != nullptr) {
      for (const auto& field : group->fields) {
        names.push_back(field.key);
      }
    }
    if (m_scope.form != nullptr) {
      for (const auto& field : m_scope.form->fields) {
        names.push_back(field.key);
      }
    }
    return names;
  }

  std::string suggestion(const std::string& name, const std::vector<std::string>& candidates) const {
    return detail::did_you_mean(name, candidates);
  }

  const Field* resolve(const ExprNode& node, const Group* group) {
    if (group != nullptr) {
      if (const Field* field = group->find_field(node.name)) {
        return field;
      }
    }
    if (m_scope.form != nullptr) {
      if (const Field* field = m_scope.form->find_field(node.name)) {
        return field;
      }
      if (m_scope.form->find_group(node.name) != nullptr) {
        error(node, fmt::format("« {} » est un groupe : utilisez count({}) ou sum({}.champ)", node.name, node.name,
                                node.name));
        return nullptr;
      }
    }
    error(node, fmt::format("champ inconnu « {} »{}", node.name, suggestion(node.name, names_in_scope(group))));
    return nullptr;
  }

  // A text literal compared with a choice field must be one of its codes.
  void check_code(const Field& field, const ExprNode& literal) {
    if (field.choice_list == nullptr || field.choice_list->find_code(literal.text) != nullptr) {
      return;
    }
    std::vector<std::string> codes;
    for (const auto& choice : field.choice_list->choices) {
      codes.push_back(choice.code);
    }
    error(literal,
          fmt::format("code inconnu '{}' pour « {} »{}", literal.text, field.key, suggestion(literal.text, codes)));
  }

  Typed check(const ExprNode& node, const Group* group) {
    switch (node.kind) {
      case Kind::number: return {Type::number};
      case Kind::text: return {Type::text, nullptr, &node};
      case Kind::boolean: return {Type::boolean};
      case Kind::self:
        if (m_scope.self == nullptr) {
          error(node, "« . » désigne le champ contrôlé : il ne s'utilise que dans une contrainte (constraint)");
          return {};
        }
        return {type_of_field(*m_scope.self), m_scope.self};
      case Kind::field: {
        const Field* field = resolve(node, group);
        return field == nullptr ? Typed{} : Typed{type_of_field(*field), field};
      }
      case Kind::group_field:
        error(node, fmt::format("« {}.{} » s'utilise dans sum(), count(), min() ou max()", node.name, node.member));
        return {};
      case Kind::negate: {
        const Typed operand = check(*node.children[0], group);
        expect(*node.children[0], operand, Type::number, "« - »");
        return {Type::number};
      }
      case Kind::logical_not:
      case Kind::logical_and:
      case Kind::logical_or: {
        const char* word = node.kind == Kind::logical_not ? "not" : (node.kind == Kind::logical_and ? "and" : "or");
        for (const auto& child : node.children) {
          expect(*child, check(*child, group), Type::boolean, fmt::format("« {} »", word));
        }
        return {Type::boolean};
      }
      case Kind::compare: return check_compare(node, group);
      case Kind::arithmetic: return check_arithmetic(node, group);
      case Kind::call: return check_call(node, group);
    }
    return {};
  }

  void expect(const ExprNode& at, const Typed& typed, Type wanted, const std::string& where) {
    if (typed.type != Type::unknown && typed.type != wanted) {
      error(at, fmt::format("{} attend {}, pas {}", where, type_label(wanted), type_label(typed.type)));
    }
  }

  Typed check_compare(const ExprNode& node, const Group* group) {
    const Typed left = check(*node.children[0], group);
    const Typed right = check(*node.children[1], group);
    const bool equality = node.op == ExprOp::eq || node.op == ExprOp::ne;
    if (left.type == Type::unknown || right.type == Type::unknown) {
      return {Type::boolean};
    }
    if (left.type == Type::codes || right.type == Type::codes) {
      const Typed& codes = left.type == Type::codes ? left : right;
      const std::string key = codes.field != nullptr ? codes.field->key : "champ";
      error(node, fmt::format("« {} » est un choix multiple : utilisez selected({}, 'code')", key, key));
      return {Type::boolean};
    }
    if (left.type == Type::date && right.literal != nullptr) {
      if (!util::parse_date(right.literal->text)) {
        error(*right.literal, fmt::format("date invalide '{}'", right.literal->text));
      }
      return {Type::boolean};
    }
    if (right.type == Type::date && left.literal != nullptr) {
      if (!util::parse_date(left.literal->text)) {
        error(*left.literal, fmt::format("date invalide '{}'", left.literal->text));
      }
      return {Type::boolean};
    }
    if (left.type != right.type) {
      error(node, fmt::format("comparaison impossible entre {} et {}", type_label(left.type), type_label(right.type)));
      return {Type::boolean};
    }
    if (left.type == Type::boolean && !equality) {
      error(node, "des réponses oui/non se comparent seulement avec = ou !=");
    }
    if (left.type == Type::text) {
      if (left.field != nullptr && right.literal != nullptr && is_choice(left.field->type)) {
        check_code(*left.field, *right.literal);
      }
      if (right.field != nullptr && left.literal != nullptr && is_choice(right.field->type)) {
        check_code(*right.field, *left.literal);
      }
    }
    return {Type::boolean};
  }

  Typed check_arithmetic(const ExprNode& node, const Group* group) {
    const Typed left = check(*node.children[0], group);
    const Typed right = check(*node.children[1], group);
    if (node.op == ExprOp::sub && left.type == Type::date && right.type == Type::date) {
      return {Type::number};  // a number of days
    }
    expect(*node.children[0], left, Type::number, "le calcul");
    expect(*node.children[1], right, Type::number, "le calcul");
    return {Type::number};
  }

  Typed check_aggregate(const ExprNode& node, const Group* group) {
    const ExprNode& target = *node.children[0];
    const Group* aggregated = nullptr;
    const Field* member = nullptr;
    if (target.kind == Kind::group_field || target.kind == Kind::field) {
      aggregated = m_scope.form == nullptr ? nullptr : m_scope.form->find_group(target.name);
    }
    if (node.name == "count" && target.kind != Kind::group_field && aggregated == nullptr) {
      // count(field): number of chosen codes of a choice field.
      if (node.filter != nullptr) {
        error(node, "« where » ne s'applique qu'à un groupe : count(groupe where …)");
      }
      const Typed typed = check(target, group);
      if (typed.type != Type::unknown && typed.type != Type::codes && typed.type != Type::text) {
        error(target, "count() attend un groupe ou un champ à choix");
      }
      return {Type::number};
    }
    if (aggregated == nullptr) {
      if (target.kind == Kind::group_field || target.kind == Kind::field) {
        std::vector<std::string> groups;
        if (m_scope.form != nullptr) {
          for (const auto& candidate : m_scope.form->groups) {
            groups.push_back(candidate.key);
          }
        }
        error(target, fmt::format("groupe inconnu « {} »{}", target.name, suggestion(target.name, groups)));
      } else {
        error(target, fmt::format("{}() attend groupe.champ", node.name));
      }
      return {Type::number};
    }
    if (target.kind == Kind::field && node.name != "count") {
      error(target,
            fmt::format("{}() attend groupe.champ, par exemple {}({}.montant)", node.name, node.name, aggregated->key));
      return {Type::number};
    }
    Type result = Type::number;
    if (target.kind == Kind::group_field) {
      member = aggregated->find_field(target.member);
      if (member == nullptr) {
        std::vector<std::string> keys;
        for (const auto& field : aggregated->fields) {
          keys.push_back(field.key);
        }
        error(target, fmt::format("champ inconnu « {} » dans le groupe « {} »{}", target.member, aggregated->key,
                                  suggestion(target.member, keys)));
      } else if (node.name != "count") {
        const Type type = type_of_field(*member);
        const bool fits = type == Type::number || ((node.name == "min" || node.name == "max") && type == Type::date);
        if (!fits) {
          error(target, fmt::format("{}() attend un champ numérique, « {}.{} » est {}", node.name, aggregated->key,
                                    member->key, type_label(type)));
        }
        result = node.name == "sum" ? Type::number : type;
      }
    }
    if (node.filter != nullptr) {
      const Typed filter = check(*node.filter, aggregated);
      expect(*node.filter, filter, Type::boolean, "« where »");
    }
    return {result};
  }

  Typed check_call(const ExprNode& node, const Group* group) {
    const std::string& name = node.name;
    if (name == "sum" || name == "min" || name == "max" || name == "count") {
      return check_aggregate(node, group);
    }
    if (name == "empty") {
      const auto kind = node.children[0]->kind;
      if (kind != Kind::field && kind != Kind::self) {
        error(*node.children[0], "empty() attend un nom de champ");
      }
      check(*node.children[0], group);
      return {Type::boolean};
    }
    if (name == "selected" || name == "tagged") {
      const Typed target = check(*node.children[0], group);
      if (target.field != nullptr && !is_choice(target.field->type)) {
        error(*node.children[0], fmt::format("{}() attend un champ à choix, « {} » est {}", name, target.field->key,
                                             with_article(target.field->type)));
      } else if (target.type != Type::unknown && target.field == nullptr) {
        error(*node.children[0], fmt::format("{}() attend un nom de champ à choix", name));
      }
      const Typed second = check(*node.children[1], group);
      expect(*node.children[1], second, Type::text, fmt::format("{}()", name));
      if (name == "selected") {
        if (second.literal == nullptr) {
          error(*node.children[1], "selected() attend un code entre apostrophes : selected(champ, 'code')");
        } else if (target.field != nullptr && is_choice(target.field->type)) {
          check_code(*target.field, *second.literal);
        }
      } else if (second.literal != nullptr && target.field != nullptr && target.field->choice_list != nullptr) {
        bool any = false;
        for (const auto& choice : target.field->choice_list->choices) {
          any = any || choice.has_tag(second.literal->text);
        }
        if (!any) {
          error(*node.children[1], fmt::format("aucun choix de la liste « {} » ne porte l'étiquette '{}'",
                                               target.field->choice_list->id, second.literal->text));
        }
      }
      return {Type::boolean};
    }
    if (name == "year") {
      expect(*node.children[0], check(*node.children[0], group), Type::date, "year()");
      return {Type::number};
    }
    if (name == "abs") {
      expect(*node.children[0], check(*node.children[0], group), Type::number, "abs()");
      return {Type::number};
    }
    return {};
  }
};

void collect_names(const ExprNode& node, std::vector<std::string>& names) {
  if (node.kind == Kind::field) {
    names.push_back(node.name);
  } else if (node.kind == Kind::group_field) {
    names.push_back(node.name + "." + node.member);
  }
  for (const auto& child : node.children) {
    collect_names(*child, names);
  }
  if (node.filter != nullptr) {
    collect_names(*node.filter, names);
  }
}

}  // namespace

std::vector<std::string> check_expression(const Expression& expression, const CheckScope& scope) {
  return Checker(expression, scope).run();
}

std::vector<std::string> referenced_names(const Expression& expression) {
  std::vector<std::string> names;
  if (!expression.empty()) {
    collect_names(*expression.root(), names);
  }
  return names;
}

}  // namespace pilot::forms
