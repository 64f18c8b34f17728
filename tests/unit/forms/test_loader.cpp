// Loading schemas: bad YAML files give clear messages with file:line:column, never a crash or a hang.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "forms/lint.hpp"
#include "test_support.hpp"

using namespace pilot;
using namespace pilot::forms;
using namespace pilot::forms::test;

namespace {

using Lines = std::vector<std::string>;

const std::string k_data = std::string(PILOT_TEST_DATA) + "/forms/";

// Lint messages with the data directory removed, for exact comparisons.
Lines lint(const std::string& file) {
  Lines out;
  for (const auto& message : lint_form_file(shipped_catalog(), k_data + file)) {
    out.push_back(message.starts_with(k_data) ? message.substr(k_data.size()) : message);
  }
  return out;
}

Lines lint_text(const std::string& text, const std::string& name = "forms/essai.yaml",
                const Catalog& base = test_catalog()) {
  return lint_schema_text(base, text, name);
}

// A scratch directory removed at the end of the test.
struct ScratchDir {
  std::filesystem::path path;
  explicit ScratchDir(const std::string& name)
      : path(std::filesystem::temp_directory_path() / ("pilot-forms-" + name + "-" + std::to_string(::getpid()))) {
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path / "forms");
  }
  ~ScratchDir() { std::filesystem::remove_all(path); }
  void write(const std::string& relative, const std::string& text) const {
    std::ofstream(path / relative, std::ios::binary) << text;
  }
};

const std::string k_minimal =
    "id: essai\nversion: 1\ntitle: Essai\nrecord: convention\nfields:\n"
    "  - {key: a, label: A, type: text}\n";

}  // namespace

TEST_SUITE("forms::loader") {
  TEST_CASE("bad YAML files") {
    SUBCASE("syntax error: line and column, in French") {
      CHECK(lint("syntax_error.yaml") == Lines{"syntax_error.yaml:7:5: erreur de syntaxe YAML : « } » manquant"});
    }
    SUBCASE("wrong types: a map where a list is expected, a text where true/false is") {
      CHECK(lint("wrong_type.yaml") ==
            Lines{"wrong_type.yaml:6:11: « sections » : une liste est attendue, pas un dictionnaire",
                  "wrong_type.yaml:8:3: « fields » : une liste est attendue, pas un dictionnaire",
                  "wrong_type.yaml:15:50: « required » : true ou false attendu, pas « peut-être »",
                  "wrong_type.yaml:15:74: « max_length » : nombre entier attendu, pas une liste",
                  "wrong_type.yaml:16:9: le champ du groupe doit être un dictionnaire (clé: valeur), pas une valeur "
                  "simple"});
    }
    SUBCASE("unknown keys, with a suggestion or the keys allowed") {
      CHECK(
          lint("unknown_key.yaml") ==
          Lines{"unknown_key.yaml:9:5: clé inconnue « requried » dans le champ ; vouliez-vous dire « required » ?",
                "unknown_key.yaml:13:5: clé inconnue « couleur » dans le champ (clés possibles : key, label, section, "
                "type, required, help, unit, min, max, max_length, pattern, pattern_message, choices, only_choices, "
                "other_field, relevant, required_if, constraint, constraint_message, aliases, dimension)",
                "unknown_key.yaml:14:1: clé inconnue « titre » dans le formulaire ; vouliez-vous dire « title » ?"});
    }
    SUBCASE("an alias bomb is refused quickly") {
      CHECK(lint("alias_bomb.yaml") ==
            Lines{"alias_bomb.yaml: structure YAML trop grande (plus de 200 000 nœuds une fois les alias développés) : "
                  "les alias (*nom) ne servent pas dans un schéma"});
    }
    SUBCASE("a self-referencing alias is refused too") {
      CHECK(lint_text("a: &a [1, *a]\n" + k_minimal).size() == 1);
    }
    SUBCASE("a file that is not UTF-8") {
      CHECK(lint("latin1.yaml") == Lines{"latin1.yaml:3: le fichier n'est pas en UTF-8 (enregistrez-le en UTF-8)"});
    }
    SUBCASE("a huge file is refused before parsing") {
      ScratchDir dir("huge");
      std::string text = k_minimal + "description: |\n";
      while (text.size() <= k_max_schema_bytes) {
        text += "  " + std::string(100, 'x') + "\n";
      }
      dir.write("forms/huge.yaml", text);
      const auto messages = lint_form_file(shipped_catalog(), dir.path / "forms/huge.yaml");
      REQUIRE(messages.size() == 1);
      CHECK(messages[0] == (dir.path / "forms/huge.yaml").string() + ": fichier trop volumineux (" +
                               std::to_string(text.size()) + " octets, maximum 1048576 octets)");
      auto catalog = Catalog::load(dir.path);
      REQUIRE_FALSE(catalog.has_value());
      CHECK(catalog.error().message == "schémas invalides (1 problème) :\nforms/huge.yaml: fichier trop volumineux (" +
                                           std::to_string(text.size()) + " octets, maximum 1048576 octets)");
    }
    SUBCASE("deep nesting and duplicate keys") {
      const auto deep = lint_text(k_minimal + "description: " + std::string(5000, '[') + std::string(5000, ']') + "\n");
      REQUIRE(deep.size() == 1);
      CHECK(deep[0].starts_with("forms/essai.yaml:7:"));
      CHECK(lint_text(k_minimal + "version: 2\n") ==
            Lines{"forms/essai.yaml:7:1: clé « version » en double dans le formulaire"});
    }
    SUBCASE("thousands of chained conditions: no stack exhaustion, the cycle is still found") {
      std::string text = "id: essai\nversion: 1\ntitle: Chaîne\nrecord: convention\nfields:\n";
      constexpr int k_fields = 5000;
      for (int i = 0; i < k_fields; ++i) {
        text += "  - {key: f" + std::to_string(i) + ", label: F" + std::to_string(i) +
                ", type: integer, relevant: \"f" + std::to_string((i + 1) % k_fields) + " = 1\"}\n";
      }
      CHECK(lint_text(text) == Lines{"forms/essai.yaml:6:5: dépendance circulaire entre conditions : f0 → f1 → … "
                                     "→ f0"});
    }
    SUBCASE("an empty file or a list at the top") {
      CHECK(lint_text("") == Lines{"forms/essai.yaml: le formulaire doit être un dictionnaire (clé: valeur), pas une "
                                   "valeur vide"});
      CHECK(lint_text("- a\n- b\n") ==
            Lines{"forms/essai.yaml:1:1: le formulaire doit être un dictionnaire (clé: valeur), pas une liste"});
    }
  }

  TEST_CASE("schema problems found by the lint, in file order") {
    CHECK(
        lint("problems.yaml") ==
        Lines{"problems.yaml:9:56: champ « a » : type inconnu « txt » ; vouliez-vous dire « text » ?",
              "problems.yaml:10:5: champ « b » : liste de choix inconnue « couleur »",
              "problems.yaml:11:72: champ « c », relevant « zz = 1 » : position 1 : champ inconnu « zz »",
              "problems.yaml:12:5: dépendance circulaire entre conditions : d → e → d",
              "problems.yaml:14:71: champ « f » : expression régulière invalide « [a- » (Invalid end of '[x-x]' range "
              "in regular expression)",
              "problems.yaml:15:5: champ « a » en double",
              "problems.yaml:16:5: champ « g » : section inconnue « autre » (sections : general)",
              "problems.yaml:16:5: champ « g » : max_length et pattern s'appliquent au type text",
              "problems.yaml:17:74: champ « h », constraint « . > 3 » : position 3 : comparaison impossible entre "
              "une date et un nombre",
              "problems.yaml:18:5: clé de champ invalide « Mauvaise-Cle » : minuscules sans accent, chiffres et _ "
              "(ex. date_debut)",
              "problems.yaml:19:5: le formulaire : l'en-tête « champ a » désignerait à la fois « a » et « j »",
              "problems.yaml:21:5: règle « r1 » : code invalide « X1 » (E ou W suivi de 3 chiffres, ex. E501)",
              "problems.yaml:22:34: règle « r2 », assert « sum(lignes.montant) > 0 » : position 5 : groupe inconnu "
              "« lignes »",
              "problems.yaml:22:70: règle « r2 » : expression invalide dans le message « {a +} » : position 4 : valeur "
              "attendue à la fin de l'expression"});
  }

  TEST_CASE("form-level checks") {
    SUBCASE("choices, « Autre » and its precision") {
      CHECK(
          lint_text(k_minimal + "  - {key: c, label: C, type: single_choice, choices: couleurs}\n"
                                "  - {key: d, label: D, type: text, choices: formes}\n"
                                "  - {key: e, label: E, type: single_choice, choices: formes, other_field: a}\n"
                                "  - {key: f, label: F, type: single_choice, choices: couleurs, only_choices: [rose], "
                                "other_field: zz}\n") ==
          Lines{
              "forms/essai.yaml:7:5: champ « c » : la liste « couleurs » a un choix « autre » : nommez le champ de "
              "précision (other_field)",
              "forms/essai.yaml:8:5: champ « d » : « choices » est réservé aux types single_choice et multiple_choice",
              "forms/essai.yaml:9:5: champ « e » : « other_field » exige une liste qui déclare « other »",
              "forms/essai.yaml:10:5: champ « f » : « only_choices » cite un code inconnu « rose » de la liste « "
              "couleurs »",
              "forms/essai.yaml:10:5: champ « f » : champ de précision inconnu « zz »"});
    }
    SUBCASE("groups: key fields, kind contract") {
      CHECK(
          lint_text(k_minimal + "groups:\n"
                                "  - key: g\n"
                                "    label: G\n"
                                "    kind: budget\n"
                                "    key_fields: [annee, zz]\n"
                                "    fields:\n"
                                "      - {key: annee, label: Année, type: text}\n") ==
          Lines{"forms/essai.yaml:1: groupe « g » : champ « financeur » obligatoire (les autres modules s'appuient "
                "sur cette clé)",
                "forms/essai.yaml:1: groupe « g » : champ « financeur_nom » obligatoire (les autres modules s'appuient "
                "sur cette clé)",
                "forms/essai.yaml:1: groupe « g » : champ « montant » obligatoire (les autres modules s'appuient sur "
                "cette clé)",
                "forms/essai.yaml:8:5: groupe « g » : « key_fields » cite un champ inconnu « zz »",
                "forms/essai.yaml:13:9: groupe « g » : le champ « annee » doit être de type integer"});
    }
    SUBCASE("rules: codes, severities, fields") {
      CHECK(lint_text(k_minimal + "rules:\n"
                                  "  - {id: r, code: W501, assert: \"a = 'x'\", message: m}\n"
                                  "  - {id: r, code: E502, assert: \"a = 'x'\", message: m, field: zz}\n"
                                  "  - {id: s, code: E502, message: m, severity: fatal}\n") ==
            Lines{"forms/essai.yaml:8:5: règle « r » : un code W va avec severity: warning, un code E avec une erreur",
                  "forms/essai.yaml:9:5: règle « r » en double",
                  "forms/essai.yaml:9:5: règle « r » : champ inconnu « zz »",
                  "forms/essai.yaml:10:5: règle « s » : clé « assert » obligatoire",
                  "forms/essai.yaml:10:5: règle « s » : code « E502 » déjà utilisé",
                  "forms/essai.yaml:10:47: règle « s » : sévérité inconnue « fatal » (error ou warning)"});
    }
    SUBCASE("header fields: required missing, empty form") {
      CHECK(lint_text("id: essai\nversion: 1\nrecord: convention\nfields: []\n") ==
            Lines{"forms/essai.yaml:1:1: le formulaire : clé « title » obligatoire",
                  "forms/essai.yaml:4:9: le formulaire n'a aucun champ"});
      CHECK(lint_text(
                "id: Essai Bis\nversion: 0\ntitle: T\nrecord: fiche\nfields:\n  - {key: a, label: A, type: text}\n") ==
            Lines{"forms/essai.yaml:1:5: identifiant de formulaire invalide « Essai Bis » : minuscules, chiffres et "
                  "tirets (ex. action-cie)",
                  "forms/essai.yaml:2:10: « version » doit être un entier positif",
                  "forms/essai.yaml:4:9: « record » inconnu « fiche » (convention, action ou bilan)"});
    }
    SUBCASE("an action form must have the keys other layers rely on") {
      const auto messages = lint_text(
          "id: action-x\nversion: 1\ntitle: T\nrecord: action\nfields:\n"
          "  - {key: reference, label: Référence, type: text}\n");
      CHECK(messages.size() == 17);
      CHECK(messages.front() ==
            "forms/essai.yaml:1: formulaire d'action « action-x » : champ « intitule » obligatoire "
            "(les autres modules s'appuient sur cette clé)");
      CHECK(std::find(messages.begin(), messages.end(),
                      "forms/essai.yaml:6:5: formulaire d'action « action-x » : le champ « reference » doit être "
                      "obligatoire") != messages.end());
    }
  }

  TEST_CASE("catalog loading") {
    SUBCASE("missing directories") {
      auto missing = Catalog::load("/nonexistent/schemas");
      REQUIRE_FALSE(missing.has_value());
      CHECK(missing.error().kind == ErrorKind::io);
      CHECK(missing.error().message == "répertoire des schémas introuvable : /nonexistent/schemas");
      ScratchDir dir("noforms");
      std::filesystem::remove_all(dir.path / "forms");
      auto no_forms = Catalog::load(dir.path);
      REQUIRE_FALSE(no_forms.has_value());
      CHECK(no_forms.error().message == "répertoire des formulaires introuvable : " + (dir.path / "forms").string());
    }
    SUBCASE("every problem of every file at once; duplicate form ids") {
      ScratchDir dir("dup");
      dir.write("forms/a.yaml", k_minimal);
      dir.write("forms/b.yaml", k_minimal);
      dir.write("forms/c.yml", "id: [\n");
      dir.write("forms/notes.txt", "ignored");
      auto catalog = Catalog::load(dir.path);
      REQUIRE_FALSE(catalog.has_value());
      CHECK(catalog.error().kind == ErrorKind::data);
      CHECK(catalog.error().message ==
            "schémas invalides (2 problèmes) :\n"
            "forms/c.yml:2:1: erreur de syntaxe YAML : « ] » manquant\n"
            "forms/b.yaml:1: formulaire « essai » déjà défini dans forms/a.yaml");
    }
    SUBCASE("a directory with forms only") {
      ScratchDir dir("minimal");
      dir.write("forms/a.yaml", k_minimal);
      auto catalog = Catalog::load(dir.path);
      REQUIRE(catalog.has_value());
      CHECK(catalog->find_form("essai") != nullptr);
      CHECK(catalog->find_form("autre") == nullptr);
      CHECK(catalog->indicators().empty());
      CHECK(catalog->directory() == dir.path);
    }
    SUBCASE("choice lists: duplicates, ambiguous names, bad other") {
      const std::string choices =
          "version: 1\nlists:\n"
          "  - id: l\n    other: zz\n    choices:\n"
          "      - {code: a, label: Alpha}\n"
          "      - {code: b, label: Bêta, aliases: [alpha]}\n"
          "      - {code: a, label: Autre A}\n"
          "  - id: l\n    choices: [{code: x, label: X}]\n"
          "  - id: Vide\n    choices: []\n";
      CHECK(lint_text(choices, "choices.yaml", Catalog()) ==
            Lines{"choices.yaml:4:12: « other » : « zz » n'est pas un code de la liste « l »",
                  "choices.yaml:7:9: liste « l » : « alpha » désigne à la fois « a » et « b »",
                  "choices.yaml:8:16: code « a » en double dans la liste « l »",
                  "choices.yaml:9:5: liste « l » en double",
                  "choices.yaml:11:9: identifiant de liste invalide « Vide » : lettres minuscules, chiffres et _ (ex. "
                  "champs_action)",
                  "choices.yaml:12:14: la liste « Vide » n'a aucun choix"});
    }
    SUBCASE("the referential: units, sub-count links") {
      const std::string referential =
          "version: 1\nindicators:\n"
          "  - {code: A, label: Total, unit: nombre}\n"
          "  - {code: B, label: Sous-total, unit: euros, part_of: A}\n"
          "  - {code: C, label: Orphelin, unit: litres, part_of: Z}\n"
          "  - {code: D, label: Boucle, unit: nombre, part_of: D}\n"
          "  - {code: A, label: Encore, unit: nombre}\n";
      CHECK(
          lint_schema_text(shipped_catalog(), referential, "referentiel-indicateurs.yaml") ==
          Lines{"referentiel-indicateurs.yaml:4:5: indicateur « B » : un sous-total a l'unité de son total « A » "
                "(nombre, pas euros)",
                "referentiel-indicateurs.yaml:5:5: indicateur « C » : unité inconnue « litres » (unités : nombre, "
                "pourcentage, euros, etp, jours, semaines)",
                "referentiel-indicateurs.yaml:5:5: indicateur « C » : « part_of » désigne un indicateur inconnu « Z »",
                "referentiel-indicateurs.yaml:6:5: indicateur « D » : « part_of » forme une boucle",
                "referentiel-indicateurs.yaml:7:12: indicateur « A » en double"});
    }
  }

  TEST_CASE("the shipped schemas have zero lint problems") {
    const Catalog& catalog = shipped_catalog();
    const std::filesystem::path schemas(PILOT_TEST_SCHEMAS);
    std::size_t files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(schemas / "forms")) {
      CHECK_MESSAGE(lint_form_file(catalog, entry.path()).empty(), entry.path().string());
      ++files;
    }
    CHECK(files == 5);
    CHECK(lint_form_file(catalog, schemas / "choices.yaml").empty());
    CHECK(lint_form_file(catalog, schemas / "referentiel-indicateurs.yaml").empty());
    CHECK(catalog.indicators().size() == 58);
    CHECK(catalog.find_indicator("RSA_NE_ORIENTES_15J")->part_of == "RSA_NOUVEAUX_ENTRANTS");
    CHECK(catalog.find_choice_list("referentiel_indicateurs")->match("nombre de nouveaux entrants")->code ==
          "RSA_NOUVEAUX_ENTRANTS");
    SUBCASE("a change to choices.yaml is checked against every form") {
      std::ifstream in(schemas / "choices.yaml");
      std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      const std::string renforcee =
          "      - {code: renforcee, label: \"Action renforcée\", aliases: [\"Renforcée\", "
          "\"Action existante renforcée\", \"Existante renforcée\"]}\n";
      REQUIRE(text.find(renforcee) != std::string::npos);
      text.erase(text.find(renforcee), renforcee.size());
      const auto messages = lint_schema_text(catalog, text, "choices.yaml");
      REQUIRE(messages.size() == 3 * 2);  // three action forms: the contract, and « renforcement »'s condition
      CHECK(messages[0].starts_with("forms/action-cie.yaml:"));
      CHECK(
          messages[0].ends_with(": formulaire d'action « action-cie » : la liste « natures_action » du champ « nature "
                                "» doit avoir le code « renforcee » (avec ce fichier choices.yaml)"));
    }
    SUBCASE("a form file with the id of another file") {
      std::ifstream in(schemas / "forms" / "bilan.yaml");
      std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      CHECK(lint_schema_text(catalog, text, "forms/bilan-2.yaml") ==
            Lines{"forms/bilan-2.yaml:1: l'identifiant « bilan » est déjà celui de forms/bilan.yaml"});
    }
  }

  TEST_CASE("outline") {
    const std::string text = outline(shipped_catalog(), *shipped_catalog().find_form("bilan"));
    CHECK(text.starts_with(
        "bilan (version 1) — Bilan annuel d'une action\n"
        "Enregistrement : bilan ; s'applique à : CLS, CIE, Contrat unique ; Département, Métropole\n"));
    CHECK(text.find("\n[mise_a_jour] Mise à jour\n"
                    "  reference * — Référence de la fiche action\n") != std::string::npos);
    CHECK(text.find("  raisons — Pour quelle(s) raison(s) ?\n"
                    "      texte, 2000 caractères au plus\n"
                    "      posée si : deploiement = 'en_retard' or deploiement = 'arrete'\n") != std::string::npos);
    CHECK(text.find("  Groupe depenses — Dépenses réelles (lignes « budget »)\n") != std::string::npos);
    CHECK(text.find("  W513 action_arretee_non_terminee (avertissement) : not (terminee = oui)\n") !=
          std::string::npos);
  }
}
