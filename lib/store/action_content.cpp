#include "store/action_content.hpp"

#include <fmt/format.h>

#include <cmath>
#include <iterator>

#include "store/column_values.hpp"
#include "util/sha256.hpp"
#include "util/text.hpp"

namespace pilot::store {

std::vector<StoredAnswer> encode_answers(const domain::Answers& answers) {
  std::vector<StoredAnswer> out;
  for (const auto& [key, value] : answers) {
    if (domain::is_empty(value)) {
      continue;
    }
    std::visit(
        [&, &key = key](const auto& v) {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, std::string>) {
            out.push_back({key, 0, v, std::nullopt});
          } else if constexpr (std::is_same_v<T, std::int64_t>) {
            out.push_back({key, 0, std::nullopt, static_cast<double>(v)});
          } else if constexpr (std::is_same_v<T, double>) {
            out.push_back({key, 0, std::nullopt, v});
          } else if constexpr (std::is_same_v<T, util::Date>) {
            out.push_back({key, 0, v.iso(), std::nullopt});
          } else if constexpr (std::is_same_v<T, bool>) {
            out.push_back({key, 0, std::string(v ? "oui" : "non"), v ? 1.0 : 0.0});
          } else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
            for (std::size_t i = 0; i < v.size(); ++i) {
              out.push_back({key, static_cast<int>(i), v[i], std::nullopt});
            }
          }
        },
        value);
  }
  return out;
}

util::Json action_content_json(const domain::Action& action, const std::vector<StoredAnswer>& answers) {
  util::Json json = util::Json::object();
  json.set("reference", action.reference).set("intitule", action.title).set("formulaire", action.form_id);
  json.set("version_formulaire", action.form_version);
  util::Json answer_json = util::Json::object();
  for (const auto& answer : answers) {
    util::Json value = answer.text ? util::Json(*answer.text) : optional_json(answer.number);
    if (answer.ord == 0) {
      answer_json.set(answer.field_key, value);
    } else {
      // Multiple choice: the first option was set as a scalar; turn it into a list.
      const util::Json* first = answer_json.find(answer.field_key);
      util::Json list = first != nullptr && first->is_array() ? *first : util::Json(util::Json::Array{*first});
      list.push(value);
      answer_json.set(answer.field_key, list);
    }
  }
  json.set("reponses", answer_json);
  util::Json budget = util::Json::array();
  for (const auto& line : action.budget) {
    util::Json row = util::Json::object();
    row.set("annee", line.year)
        .set("financeur", std::string(domain::to_code(line.financer)))
        .set("financeur_nom", line.financer_name)
        .set("nature", line.nature)
        .set("montant_centimes", line.amount_cents ? util::Json(*line.amount_cents) : util::Json())
        .set("etp", optional_json(line.etp))
        .set("pour_info", line.informational)
        .set("autres", extra_json(line.extra));
    budget.push(row);
  }
  json.set("budget", budget);
  util::Json indicators = util::Json::array();
  for (const auto& indicator : action.indicators) {
    util::Json row = util::Json::object();
    row.set("type", std::string(domain::to_code(indicator.kind)))
        .set("code", indicator.code)
        .set("libelle", indicator.label)
        .set("unite", indicator.unit)
        .set("valeur_reference", optional_json(indicator.baseline));
    util::Json years = util::Json::array();
    for (const auto& year : indicator.years) {
      util::Json year_json = util::Json::object();
      year_json.set("annee", year.year)
          .set("cible", optional_json(year.target))
          .set("realise", optional_json(year.realised))
          .set("commentaire", year.comment);
      years.push(year_json);
    }
    row.set("annees", years).set("autres", extra_json(indicator.extra));
    indicators.push(row);
  }
  json.set("indicateurs", indicators);
  return json;
}

namespace {

// Json::dump's number formats: integers as they are, doubles in their shortest exact form, and
// NaN or infinities as null.
void append_number(std::string& out, std::int64_t value) {
  fmt::format_to(std::back_inserter(out), "{}", value);
}

void append_number(std::string& out, const std::optional<std::int64_t>& value) {
  if (value) {
    append_number(out, *value);
  } else {
    out += "null";
  }
}

void append_number(std::string& out, const std::optional<double>& value) {
  if (value && std::isfinite(*value)) {
    fmt::format_to(std::back_inserter(out), "{}", *value);
  } else {
    out += "null";
  }
}

void append_key(std::string& out, std::string_view key) {
  util::append_json_string(out, key);
  out += ':';
}

void append_extra(std::string& out, const std::vector<std::pair<std::string, std::string>>& extra) {
  if (extra.empty()) {
    out += "{}";
  } else {
    out += extra_json(extra).dump();  // rare, and a repeated key must behave as Json::set
  }
}

void append_answer_value(std::string& out, const StoredAnswer& answer) {
  if (answer.text) {
    util::append_json_string(out, *answer.text);
  } else {
    append_number(out, answer.number);
  }
}

}  // namespace

std::string action_content_text(const domain::Action& action, const std::vector<StoredAnswer>& answers) {
  std::string out;
  out.reserve(4096);
  out += '{';
  append_key(out, "reference");
  util::append_json_string(out, action.reference);
  out += ',';
  append_key(out, "intitule");
  util::append_json_string(out, action.title);
  out += ',';
  append_key(out, "formulaire");
  util::append_json_string(out, action.form_id);
  out += ',';
  append_key(out, "version_formulaire");
  append_number(out, action.form_version);
  out += ",\"reponses\":{";
  // Answers come by field key then option (encode_answers): a key with several options is a list.
  for (std::size_t i = 0; i < answers.size();) {
    std::size_t end = i + 1;
    while (end < answers.size() && answers[end].field_key == answers[i].field_key) {
      ++end;
    }
    if (i > 0) {
      out += ',';
    }
    append_key(out, answers[i].field_key);
    if (end - i == 1) {
      append_answer_value(out, answers[i]);
    } else {
      out += '[';
      for (std::size_t j = i; j < end; ++j) {
        if (j > i) {
          out += ',';
        }
        append_answer_value(out, answers[j]);
      }
      out += ']';
    }
    i = end;
  }
  out += "},\"budget\":[";
  for (std::size_t i = 0; i < action.budget.size(); ++i) {
    const auto& line = action.budget[i];
    out += i > 0 ? ",{" : "{";
    append_key(out, "annee");
    append_number(out, line.year);
    out += ",\"financeur\":";
    util::append_json_string(out, domain::to_code(line.financer));
    out += ",\"financeur_nom\":";
    util::append_json_string(out, line.financer_name);
    out += ",\"nature\":";
    util::append_json_string(out, line.nature);
    out += ",\"montant_centimes\":";
    append_number(out, line.amount_cents);
    out += ",\"etp\":";
    append_number(out, line.etp);
    out += ",\"pour_info\":";
    out += line.informational ? "true" : "false";
    out += ",\"autres\":";
    append_extra(out, line.extra);
    out += '}';
  }
  out += "],\"indicateurs\":[";
  for (std::size_t i = 0; i < action.indicators.size(); ++i) {
    const auto& indicator = action.indicators[i];
    out += i > 0 ? ",{" : "{";
    append_key(out, "type");
    util::append_json_string(out, domain::to_code(indicator.kind));
    out += ",\"code\":";
    util::append_json_string(out, indicator.code);
    out += ",\"libelle\":";
    util::append_json_string(out, indicator.label);
    out += ",\"unite\":";
    util::append_json_string(out, indicator.unit);
    out += ",\"valeur_reference\":";
    append_number(out, indicator.baseline);
    out += ",\"annees\":[";
    for (std::size_t j = 0; j < indicator.years.size(); ++j) {
      const auto& year = indicator.years[j];
      out += j > 0 ? ",{" : "{";
      append_key(out, "annee");
      append_number(out, year.year);
      out += ",\"cible\":";
      append_number(out, year.target);
      out += ",\"realise\":";
      append_number(out, year.realised);
      out += ",\"commentaire\":";
      util::append_json_string(out, year.comment);
      out += '}';
    }
    out += "],\"autres\":";
    append_extra(out, indicator.extra);
    out += '}';
  }
  out += "]}";
  return out;
}

std::string action_content_hash(const domain::Action& action, const std::vector<StoredAnswer>& answers) {
  return util::sha256_hex(action_content_text(action, answers));
}

}  // namespace pilot::store
