// Whole-form checks run after reading: names and sections, choice lists, attributes that fit the
// type, expressions type-checked in their scope, rule codes, dependency cycles, ambiguous column
// headers, and the fixed keys other layers rely on (the « contract » of action forms and groups).
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <regex>
#include <set>

#include "forms/loader.hpp"
#include "forms/suggest.hpp"
#include "util/text.hpp"

namespace pilot::forms::detail {
namespace {

bool is_snake_key(std::string_view text) {
  static const std::regex k_key("[a-z][a-z0-9_]*");
  return std::regex_match(text.begin(), text.end(), k_key);
}

class Validator {
 public:
  Validator(Form& form, const ListMap& shared, Diagnostics& diagnostics)
      : m_form(form), m_shared(shared), m_diagnostics(diagnostics) {}

  void run() {
    check_sections();
    check_local_lists();
    check_names(m_form.fields, nullptr);
    for (auto& field : m_form.fields) {
      resolve_field(field, nullptr);
    }
    std::set<std::string> group_keys;
    for (auto& group : m_form.groups) {
      if (!group.key.empty() && !group_keys.insert(group.key).second) {
        m_diagnostics.add(group.where, fmt::format("groupe « {} » en double", group.key));
      }
      if (m_form.find_field(group.key) != nullptr) {
        m_diagnostics.add(group.where, fmt::format("« {} » est à la fois un champ et un groupe", group.key));
      }
      if (!group.section.empty() && m_form.find_section(group.section) == nullptr) {
        m_diagnostics.add(group.where,
                          fmt::format("groupe « {} » : section inconnue « {} »", group.key, group.section));
      }
      check_names(group.fields, &group);
      for (auto& field : group.fields) {
        resolve_field(field, &group);
      }
      for (const auto& key : group.key_fields) {
        if (group.find_field(key) == nullptr) {
          m_diagnostics.add(group.where,
                            fmt::format("groupe « {} » : « key_fields » cite un champ inconnu « {} »", group.key, key));
        }
      }
    }
    // Expressions last: they may name any field or group of the form.
    for (const auto& field : m_form.fields) {
      check_field_expressions(field, nullptr);
    }
    for (const auto& group : m_form.groups) {
      for (const auto& field : group.fields) {
        check_field_expressions(field, &group);
      }
      check_contract(group);
    }
    check_rules();
    check_cycles(m_form.fields, nullptr);
    for (const auto& group : m_form.groups) {
      check_cycles(group.fields, &group);
    }
    check_headers(m_form.fields, "le formulaire");
    for (const auto& group : m_form.groups) {
      check_headers(group.fields, fmt::format("le groupe « {} »", group.key));
    }
    // A form whose fields could not be read would drown in contract messages: report its real problem.
    if (m_form.record == RecordKind::action && !m_form.fields.empty()) {
      check_action_contract();
    }
  }

 private:
  Form& m_form;
  const ListMap& m_shared;
  Diagnostics& m_diagnostics;

  void check_sections() {
    std::set<std::string> keys;
    for (const auto& section : m_form.sections) {
      if (!section.key.empty() && !keys.insert(section.key).second) {
        m_diagnostics.add(section.where, fmt::format("section « {} » en double", section.key));
      }
    }
  }

  void check_local_lists() {
    std::set<std::string> ids;
    for (const auto& list : m_form.local_choices) {
      if (!ids.insert(list->id).second) {
        m_diagnostics.add(list->where, fmt::format("liste « {} » en double", list->id));
      }
      if (m_shared.find(list->id) != m_shared.end()) {
        m_diagnostics.add(list->where, fmt::format("liste locale « {} » : ce nom est déjà celui d'une liste partagée "
                                                   "(choices.yaml) ; choisissez un autre identifiant",
                                                   list->id));
      }
    }
  }

  void check_names(const std::vector<Field>& fields, const Group* group) {
    std::set<std::string> keys;
    for (const auto& field : fields) {
      if (field.key.empty()) {
        continue;
      }
      if (!is_snake_key(field.key)) {
        m_diagnostics.add(field.where, fmt::format("clé de champ invalide « {} » : minuscules sans accent, chiffres "
                                                   "et _ (ex. date_debut)",
                                                   field.key));
      }
      if (!keys.insert(field.key).second) {
        m_diagnostics.add(field.where, group == nullptr ? fmt::format("champ « {} » en double", field.key)
                                                        : fmt::format("champ « {} » en double dans le groupe « {} »",
                                                                      field.key, group->key));
      }
      if (group == nullptr && !m_form.sections.empty()) {
        if (field.section.empty()) {
          m_diagnostics.add(field.where, fmt::format("champ « {} » : clé « section » obligatoire", field.key));
        } else if (m_form.find_section(field.section) == nullptr) {
          std::vector<std::string> sections;
          for (const auto& section : m_form.sections) {
            sections.push_back(section.key);
          }
          m_diagnostics.add(field.where, fmt::format("champ « {} » : section inconnue « {} » (sections : {})",
                                                     field.key, field.section, util::join(sections, ", ")));
        }
      }
    }
  }

  std::shared_ptr<const ChoiceList> find_list(const std::string& id) const {
    for (const auto& list : m_form.local_choices) {
      if (list->id == id) {
        return list;
      }
    }
    auto it = m_shared.find(id);
    return it == m_shared.end() ? nullptr : it->second;
  }

  void resolve_field(Field& field, const Group* group) {
    const auto where = field.where;
    const std::string& key = field.key;
    if (is_choice(field.type)) {
      if (field.choices.empty()) {
        m_diagnostics.add(where, fmt::format("champ « {} » : un champ à choix nomme sa liste (choices: …)", key));
      } else if (auto list = find_list(field.choices)) {
        field.choice_list = list;
      } else {
        std::vector<std::string> ids;
        for (const auto& local : m_form.local_choices) {
          ids.push_back(local->id);
        }
        for (const auto& [id, shared] : m_shared) {
          ids.push_back(id);
        }
        m_diagnostics.add(where, fmt::format("champ « {} » : liste de choix inconnue « {} »{}", key, field.choices,
                                             did_you_mean(field.choices, ids)));
      }
    } else if (!field.choices.empty() || !field.only_choices.empty()) {
      m_diagnostics.add(where, fmt::format("champ « {} » : « choices » est réservé aux types single_choice et "
                                           "multiple_choice",
                                           key));
    }
    if ((field.min || field.max) && !is_numeric(field.type)) {
      m_diagnostics.add(where, fmt::format("champ « {} » : min/max s'appliquent aux nombres, pas au type {}", key,
                                           to_code(field.type)));
    }
    if (field.min && field.max && *field.min > *field.max) {
      m_diagnostics.add(where, fmt::format("champ « {} » : min est plus grand que max", key));
    }
    if ((field.max_length || !field.pattern.empty()) && field.type != FieldType::text) {
      m_diagnostics.add(where, fmt::format("champ « {} » : max_length et pattern s'appliquent au type text", key));
    }
    if (field.dimension && !is_choice(field.type) && field.type != FieldType::yes_no) {
      m_diagnostics.add(where,
                        fmt::format("champ « {} » : une dimension de tableau de bord est un choix ou un oui/non", key));
    }
    if (field.choice_list != nullptr) {
      for (const auto& code : field.only_choices) {
        if (field.choice_list->find_code(code) == nullptr) {
          m_diagnostics.add(where, fmt::format("champ « {} » : « only_choices » cite un code inconnu « {} » de la "
                                               "liste « {} »",
                                               key, code, field.choice_list->id));
        }
      }
      const bool offers_other = !field.choice_list->other.empty() && field.offers(field.choice_list->other);
      if (offers_other && field.other_field.empty()) {
        m_diagnostics.add(where, fmt::format("champ « {} » : la liste « {} » a un choix « {} » : nommez le champ de "
                                             "précision (other_field)",
                                             key, field.choice_list->id, field.choice_list->other));
      }
      if (!field.other_field.empty() && field.choice_list->other.empty()) {
        m_diagnostics.add(where,
                          fmt::format("champ « {} » : « other_field » exige une liste qui déclare « other »", key));
      }
    }
    if (!field.other_field.empty()) {
      const Field* precision =
          group != nullptr ? group->find_field(field.other_field) : m_form.find_field(field.other_field);
      if (precision == nullptr) {
        m_diagnostics.add(where,
                          fmt::format("champ « {} » : champ de précision inconnu « {} »", key, field.other_field));
      } else if (precision->type != FieldType::text) {
        m_diagnostics.add(where, fmt::format("champ « {} » : le champ de précision « {} » doit être de type text", key,
                                             field.other_field));
      }
    }
  }

  void report(const Expression& expression, const std::string& what, const std::vector<std::string>& errors) {
    for (const auto& error : errors) {
      m_diagnostics.add(expression.where(), fmt::format("{} « {} » : {}", what, expression.source(), error));
    }
  }

  void check_field_expressions(const Field& field, const Group* group) {
    CheckScope scope{&m_form, group, nullptr, true};
    const std::string prefix = fmt::format("champ « {} », ", field.key);
    report(field.relevant, prefix + "relevant", check_expression(field.relevant, scope));
    report(field.required_if, prefix + "required_if", check_expression(field.required_if, scope));
    scope.self = &field;
    report(field.constraint, prefix + "constraint", check_expression(field.constraint, scope));
    if (!field.required_if.empty() && field.required) {
      m_diagnostics.add(field.where, fmt::format("champ « {} » : required et required_if s'excluent", field.key));
    }
  }

  void check_rules() {
    static const std::regex k_code("[EW][0-9]{3}");
    std::set<std::string> ids;
    std::set<std::string> codes;
    for (const auto& rule : m_form.rules) {
      if (!rule.id.empty() && !ids.insert(rule.id).second) {
        m_diagnostics.add(rule.where, fmt::format("règle « {} » en double", rule.id));
      }
      if (!rule.code.empty()) {
        if (!std::regex_match(rule.code, k_code)) {
          m_diagnostics.add(rule.where, fmt::format("règle « {} » : code invalide « {} » (E ou W suivi de 3 chiffres, "
                                                    "ex. E501)",
                                                    rule.id, rule.code));
        } else if ((rule.code[0] == 'W') != (rule.severity == Severity::warning)) {
          m_diagnostics.add(rule.where, fmt::format("règle « {} » : un code W va avec severity: warning, un code E "
                                                    "avec une erreur",
                                                    rule.id));
        }
        if (!codes.insert(rule.code).second) {
          m_diagnostics.add(rule.where, fmt::format("règle « {} » : code « {} » déjà utilisé", rule.id, rule.code));
        }
      }
      if (!rule.field.empty() && m_form.find_field(rule.field) == nullptr && m_form.find_group(rule.field) == nullptr) {
        m_diagnostics.add(rule.where, fmt::format("règle « {} » : champ inconnu « {} »", rule.id, rule.field));
      }
      const CheckScope scope{&m_form, nullptr, nullptr, true};
      const std::string prefix = fmt::format("règle « {} », ", rule.id);
      report(rule.when, prefix + "when", check_expression(rule.when, scope));
      report(rule.assert_expr, prefix + "assert", check_expression(rule.assert_expr, scope));
      const CheckScope value_scope{&m_form, nullptr, nullptr, false};
      for (const auto& part : rule.message_parts) {
        report(part, prefix + "message", check_expression(part, value_scope));
      }
    }
  }

  // relevant / required_if may not depend on each other in a circle: no order could decide them.
  void check_cycles(const std::vector<Field>& fields, const Group* group) {
    std::map<std::string, std::vector<std::string>> edges;
    for (const auto& field : fields) {
      for (const Expression* expression : {&field.relevant, &field.required_if}) {
        for (const auto& name : referenced_names(*expression)) {
          const bool in_scope =
              group != nullptr ? group->find_field(name) != nullptr : m_form.find_field(name) != nullptr;
          if (in_scope) {
            edges[field.key].push_back(name);
          }
        }
      }
    }
    // Iterative depth-first search: a schema with thousands of chained conditions must not exhaust
    // the stack.
    std::map<std::string, int> state;  // 0 unvisited, 1 on the path, 2 done
    std::set<std::string> reported;
    struct Frame {
      std::string key;
      std::size_t next = 0;
    };
    for (const auto& root : fields) {
      if (state[root.key] != 0) {
        continue;
      }
      std::vector<Frame> path{{root.key}};
      state[root.key] = 1;
      while (!path.empty()) {
        Frame& frame = path.back();
        const auto& targets = edges[frame.key];
        if (frame.next == targets.size()) {
          state[frame.key] = 2;
          path.pop_back();
          continue;
        }
        const std::string next = targets[frame.next++];
        if (state[next] == 1) {
          std::vector<std::string> cycle;
          bool in_cycle = false;
          for (const auto& step : path) {
            in_cycle = in_cycle || step.key == next;
            if (in_cycle) {
              cycle.push_back(step.key);
            }
          }
          cycle.push_back(next);
          if (cycle.size() > 6) {  // a long circle reads better cut: f0 → f1 → … → f0
            cycle = {cycle[0], cycle[1], "…", cycle.back()};
          }
          if (reported.insert(next).second) {
            const Field* field = group != nullptr ? group->find_field(next) : m_form.find_field(next);
            m_diagnostics.add(field != nullptr ? field->where : m_form.where,
                              fmt::format("dépendance circulaire entre conditions : {}", util::join(cycle, " → ")));
          }
        } else if (state[next] == 0) {
          state[next] = 1;
          path.push_back(Frame{next});
        }
      }
    }
  }

  // A column header must designate one field only once accents, case and punctuation are ignored.
  void check_headers(const std::vector<Field>& fields, const std::string& scope) {
    std::map<std::string, const Field*> owners;
    for (const auto& field : fields) {
      std::vector<std::string> names = field.aliases;
      names.push_back(field.key);
      names.push_back(field.label);
      for (const auto& name : names) {
        const std::string key = util::fold_key(name);
        if (key.empty()) {
          continue;
        }
        auto [it, inserted] = owners.emplace(key, &field);
        if (!inserted && it->second != &field && it->second->key != field.key) {  // same key: reported already
          m_diagnostics.add(field.where, fmt::format("{} : l'en-tête « {} » désignerait à la fois « {} » et « {} »",
                                                     scope, name, it->second->key, field.key));
        }
      }
    }
  }

  // Required field of a given type (and, for choices, codes its list must have).
  void expect(const std::vector<Field>& fields, const std::string& owner, const std::string& key,
              std::initializer_list<FieldType> types, std::initializer_list<std::string_view> codes = {},
              bool optional = false) {
    const Field* found = nullptr;
    for (const auto& field : fields) {
      found = field.key == key ? &field : found;
    }
    if (found == nullptr) {
      if (!optional) {
        m_diagnostics.add(m_form.where, fmt::format("{} : champ « {} » obligatoire (les autres modules s'appuient "
                                                    "sur cette clé)",
                                                    owner, key));
      }
      return;
    }
    if (std::find(types.begin(), types.end(), found->type) == types.end()) {
      std::vector<std::string> names;
      for (const auto type : types) {
        names.emplace_back(to_code(type));
      }
      m_diagnostics.add(found->where, fmt::format("{} : le champ « {} » doit être de type {}", owner, key,
                                                  util::join(names, " ou ")));
      return;
    }
    if (found->choice_list != nullptr) {
      for (const auto code : codes) {
        if (found->choice_list->find_code(code) == nullptr) {
          m_diagnostics.add(found->where, fmt::format("{} : la liste « {} » du champ « {} » doit avoir le code « {} »",
                                                      owner, found->choice_list->id, key, code));
        }
      }
    }
  }

  void check_contract(const Group& group) {
    const std::string owner = fmt::format("groupe « {} »", group.key);
    if (group.kind == GroupKind::budget) {
      expect(group.fields, owner, "annee", {FieldType::integer});
      expect(group.fields, owner, "financeur", {FieldType::single_choice}, {"etat", "collectivite", "autre"});
      expect(group.fields, owner, "financeur_nom", {FieldType::text});
      expect(group.fields, owner, "montant", {FieldType::money});
      expect(group.fields, owner, "nature", {FieldType::single_choice}, {}, true);
      expect(group.fields, owner, "etp", {FieldType::etp}, {}, true);
    } else if (group.kind == GroupKind::indicators) {
      expect(group.fields, owner, "type_indicateur", {FieldType::single_choice}, {"national", "local", "impact"});
      expect(group.fields, owner, "libelle", {FieldType::text});
      expect(group.fields, owner, "unite", {FieldType::single_choice},
             {"nombre", "pourcentage", "euros", "etp", "jours", "semaines"});
      expect(group.fields, owner, "annee", {FieldType::integer});
      expect(group.fields, owner, "code", {FieldType::single_choice, FieldType::text}, {}, true);
      for (const char* key : {"valeur_reference", "cible", "realise"}) {
        expect(group.fields, owner, key, {FieldType::decimal, FieldType::integer}, {}, true);
      }
      expect(group.fields, owner, "commentaire", {FieldType::text}, {}, true);
    }
  }

  void check_action_contract() {
    const std::string owner = fmt::format("formulaire d'action « {} »", m_form.id);
    const auto& fields = m_form.fields;
    expect(fields, owner, "reference", {FieldType::text});
    expect(fields, owner, "intitule", {FieldType::text});
    for (const char* key : {"reference", "intitule"}) {
      if (const Field* field = m_form.find_field(key); field != nullptr && !field->required) {
        m_diagnostics.add(field->where, fmt::format("{} : le champ « {} » doit être obligatoire", owner, key));
      }
    }
    expect(fields, owner, "nature", {FieldType::single_choice}, {"nouvelle", "renforcee"});
    expect(fields, owner, "renforcement", {FieldType::single_choice});
    expect(fields, owner, "type_action", {FieldType::single_choice});
    expect(fields, owner, "champs", {FieldType::multiple_choice});
    expect(fields, owner, "publics", {FieldType::multiple_choice});
    for (const char* key : {"public_specifique", "qpv", "zone_rurale"}) {
      expect(fields, owner, key, {FieldType::yes_no});
    }
    expect(fields, owner, "date_debut", {FieldType::date});
    expect(fields, owner, "date_fin", {FieldType::date});
    expect(fields, owner, "remarques", {FieldType::text});
    const bool has_axe = m_form.find_field("axe") != nullptr;
    const bool has_volet = m_form.find_field("volet") != nullptr;
    if (has_axe == has_volet) {
      m_diagnostics.add(m_form.where, fmt::format("{} : un formulaire d'action a soit un champ « axe » (CLS), soit un "
                                                  "champ « volet » (CIE)",
                                                  owner));
    }
    expect(fields, owner, has_volet ? "volet" : "axe", {FieldType::single_choice});
    const Group* budget = m_form.find_group("budget");
    const Group* indicators = m_form.find_group("indicateurs");
    if (budget == nullptr || budget->kind != GroupKind::budget) {
      m_diagnostics.add(m_form.where, fmt::format("{} : groupe « budget » (kind: budget) obligatoire", owner));
    }
    if (indicators == nullptr || indicators->kind != GroupKind::indicators) {
      m_diagnostics.add(m_form.where, fmt::format("{} : groupe « indicateurs » (kind: indicators) obligatoire", owner));
    }
  }
};

}  // namespace

void resolve_form(Form& form, const ListMap& shared, Diagnostics& diagnostics) {
  Validator(form, shared, diagnostics).run();
}

}  // namespace pilot::forms::detail
