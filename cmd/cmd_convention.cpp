// pilot convention add|list|show|edit|delete|document
#include <fmt/format.h>

#include <iostream>

#include "command_env.hpp"
#include "report/convention_tables.hpp"
#include "service/conventions.hpp"

namespace pilot::cmd {

void register_convention(CLI::App& app, CommandEnv& env);
namespace {
const bool k_registered = add_registrar(20, register_convention);
}  // namespace

void register_convention(CLI::App& app, CommandEnv& env) {
  auto* convention = family(app, "convention", "Conventions : ajout, liste, consultation, modification, suppression");

  // add
  auto* add = convention->add_subcommand("add", "Enregistre une convention et affiche son numéro");
  static service::AddConventionOptions add_options;
  add->add_option("--collectivite", add_options.collectivite,
                  "Collectivité signataire : nom (« Conseil départemental - Nord »), alias, code (« 59 », « CD59 »)")
      ->required();
  add->add_option("--type", add_options.type, "Type de convention : cls, cie ou unique")->required();
  add->add_option("--signed", add_options.signed_on,
                  "Date de signature JJ/MM/AAAA ou AAAA-MM-JJ (une date future est la date prévue)")
      ->required();
  add->add_option("--start", add_options.start, "Début de la période (défaut : CLS 01/01/2024, CIE date de signature)");
  add->add_option("--end", add_options.end,
                  "Fin de la période (défaut : CLS 31/12/2027, CIE un an après la signature)");
  add->add_option("--ref", add_options.reference, "Référence libre de la convention");
  add->add_option("--document", add_options.document, "Convention signée (PDF), conservée dans la base");
  add->callback([&env] {
    const auto convention = require(service::add_convention(env.context(), add_options));
    std::cout << convention.id << "\n";
  });

  // list
  auto* list =
      convention->add_subcommand("list", "Liste les conventions (tableau du guide), avec filtres de périmètre");
  static service::ScopeOptions list_scope;
  static ListingOptions list_output;
  add_scope_options(*list, list_scope);
  add_listing_options(*list, list_output);
  list->callback([&env] {
    const auto conventions = require(service::list_conventions(env.context(), list_scope));
    emit_table(report::conventions_table(conventions), list_output, report::conventions_footer(conventions));
  });

  // show
  auto* show = convention->add_subcommand("show", "Affiche une convention");
  static std::int64_t show_id = 0;
  static ListingOptions show_output;
  show->add_option("ID", show_id, "Numéro de la convention")->required();
  add_listing_options(*show, show_output);
  show->callback([&env] {
    const auto convention = require(service::show_convention(env.context(), show_id));
    if (show_output.format == "json") {
      std::cout << store::convention_to_json(convention).dump(2) << "\n";
      return;
    }
    emit_table(report::convention_detail(convention), show_output);
  });

  // edit
  auto* edit =
      convention->add_subcommand("edit", "Modifie la date de signature, la période, la référence ou le document");
  static std::int64_t edit_id = 0;
  static service::EditConventionOptions edit_options;
  edit->add_option("ID", edit_id, "Numéro de la convention")->required();
  edit->add_option("--signed", edit_options.signed_on, "Nouvelle date de signature");
  edit->add_option("--start", edit_options.start, "Nouveau début de période");
  edit->add_option("--end", edit_options.end, "Nouvelle fin de période");
  edit->add_option("--ref", edit_options.reference, "Nouvelle référence");
  edit->add_option("--document", edit_options.document, "Convention signée (PDF)");
  edit->callback([&env] {
    const auto update = require(service::edit_convention(env.context(), edit_id, edit_options));
    if (!env.quiet()) {
      std::cout << (update.changed ? fmt::format("Convention n° {} modifiée.\n", update.convention.id)
                                   : fmt::format("Convention n° {} : rien à modifier (valeurs déjà enregistrées).\n",
                                                 update.convention.id));
    }
  });

  // delete
  auto* remove = convention->add_subcommand(
      "delete", "Supprime une convention (restaurable depuis l'historique avec « pilot restore »)");
  static std::int64_t delete_id = 0;
  static bool cascade = false;
  remove->add_option("ID", delete_id, "Numéro de la convention")->required();
  remove->add_flag("--cascade", cascade, "Supprime aussi ses actions (sinon refusé tant qu'elle en a)");
  remove->callback([&env] {
    const auto result = require(
        service::delete_convention(env.context(), delete_id, cascade ? store::Cascade::yes : store::Cascade::no));
    if (!env.quiet()) {
      std::cout << fmt::format(
          "Convention n° {} ({}, {}) supprimée{}.\n", result.convention.id, result.convention.collectivite_name,
          domain::to_short_label(result.convention.type),
          result.actions_deleted > 0 ? fmt::format(" avec {} action(s)", result.actions_deleted) : std::string());
    }
  });

  // document
  auto* document = convention->add_subcommand("document", "Extrait le PDF signé d'une convention");
  static std::int64_t document_id = 0;
  static std::string document_output;
  document->add_option("ID", document_id, "Numéro de la convention")->required();
  document->add_option("-o,--output", document_output, "Fichier PDF à écrire (« - » : sortie standard)")->required();
  document->callback([&env] {
    const auto content = require(service::convention_document(env.context(), document_id));
    write_output(std::string_view(content.bytes.data(), content.bytes.size()), document_output);
  });
}

}  // namespace pilot::cmd
