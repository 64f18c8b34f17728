#include <doctest/doctest.h>
#include <fmt/format.h>

#include "bilan_test_support.hpp"
#include "service/actions.hpp"
#include "service_test_support.hpp"
#include "store/audit_store.hpp"

using namespace pilot;

namespace {

domain::ActionStatus status_of(test::ServiceFixture& fixture, std::int64_t id) {
  auto view = service::show_action(fixture.context, id);
  REQUIRE(view);
  return view->stored.action.status;
}

service::ValidateResult validate(test::ServiceFixture& fixture, const std::string& side,
                                 std::vector<std::int64_t> ids) {
  service::ValidateOptions options;
  options.side = side;
  options.action_ids = std::move(ids);
  auto result = service::validate(fixture.context, options);
  REQUIRE_MESSAGE(result, (result ? "" : result.error().message));
  return *result;
}

std::vector<std::string> operations(test::ServiceFixture& fixture, std::int64_t id) {
  service::HistoryOptions options;
  options.action_id = id;
  auto entries = service::history(fixture.context, options);
  REQUIRE(entries);
  std::vector<std::string> out;
  for (const auto& entry : *entries) {
    out.push_back(entry.operation);
  }
  return out;
}

}  // namespace

TEST_SUITE("service::validation") {
  TEST_CASE("both validation orders end « Double validée »") {
    test::ServiceFixture fixture;
    const auto convention = fixture.add_convention("Conseil départemental - Pas-de-Calais", "cls", "15/04/2024");
    const auto first = fixture.add_complete_cls_action(convention, "FA-1");
    const auto second = fixture.add_complete_cls_action(convention, "FA-2");
    CHECK(status_of(fixture, first) == domain::ActionStatus::brouillon);

    SUBCASE("collectivité then État") {
      auto result = validate(fixture, "collectivite", {first});
      CHECK(result.lines.at(0).outcome == service::ValidationOutcome::validated);
      CHECK(status_of(fixture, first) == domain::ActionStatus::validee_collectivite);
      result = validate(fixture, "collectivite", {first});
      CHECK(result.lines.at(0).outcome == service::ValidationOutcome::already_validated);
      CHECK(result.lines.at(0).message == "déjà validée par la collectivité : rien à faire");
      validate(fixture, "etat", {first});
      CHECK(status_of(fixture, first) == domain::ActionStatus::double_validee);
    }
    SUBCASE("État then collectivité") {
      validate(fixture, "etat", {second});
      CHECK(status_of(fixture, second) == domain::ActionStatus::validee_etat);
      validate(fixture, "collectivite", {second});
      CHECK(status_of(fixture, second) == domain::ActionStatus::double_validee);
    }
    SUBCASE("the listing counts match the statuses") {
      validate(fixture, "collectivite", {first});
      service::ActionListOptions options;
      options.scope.convention_id = convention;
      auto listing = service::list_actions(fixture.context, options);
      REQUIRE(listing);
      CHECK(listing->actions.size() == 2);
      CHECK(listing->status_counts.at(0).second == 1);
      CHECK(listing->status_counts.at(1).second == 1);
      options.status = "validee_collectivite";
      CHECK(service::list_actions(fixture.context, options)->actions.size() == 1);
    }
  }

  TEST_CASE("an incomplete action is refused, saying what is missing, and nothing is written") {
    test::ServiceFixture fixture;
    const auto convention = fixture.add_convention("Conseil départemental - Pas-de-Calais", "cls", "15/04/2024");
    const auto complete = fixture.add_complete_cls_action(convention, "FA-1");
    const auto incomplete = fixture.add_action(
        convention, "action-cls-departement",
        {{"reference", "FA-2"}, {"intitule", "Action sans réponses"}, {"axe", "axe_3"}, {"nature", "nouvelle"}},
        {{{"annee", "2024"}, {"financeur", "État"}, {"montant", "10 000"}},
         {{"annee", "2024"}, {"financeur", "Collectivité"}, {"montant", "10 000"}}});
    const auto result = validate(fixture, "etat", {complete, incomplete});
    REQUIRE(result.lines.size() == 2);
    CHECK(result.any_refused());
    CHECK(result.lines[1].outcome == service::ValidationOutcome::refused);
    bool mentions_qpv = false;
    for (const auto& problem : result.lines[1].problems) {
      mentions_qpv |= problem.field == "qpv" && problem.code == "E201";
    }
    CHECK(mentions_qpv);
    // All or nothing: the complete one was not validated either.
    CHECK(status_of(fixture, complete) == domain::ActionStatus::brouillon);
  }

  TEST_CASE("--convention --all validates what it can and reports the rest") {
    test::ServiceFixture fixture;
    const auto convention = fixture.add_convention("Conseil départemental - Pas-de-Calais", "cls", "15/04/2024");
    const auto complete = fixture.add_complete_cls_action(convention, "FA-1");
    fixture.add_action(convention, "action-cls-departement",
                       {{"reference", "FA-2"}, {"intitule", "Incomplète"}, {"axe", "axe_1"}, {"nature", "nouvelle"}},
                       {{{"annee", "2024"}, {"financeur", "État"}, {"montant", "1"}}});
    service::ValidateOptions options;
    options.side = "collectivite";
    options.convention_id = convention;
    options.all = true;
    // Numbers with --all, or --all without a convention: usage errors that say which.
    options.action_ids = {complete};
    auto mixed = service::validate(fixture.context, options);
    REQUIRE_FALSE(mixed);
    CHECK(mixed.error().kind == ErrorKind::usage);
    CHECK(mixed.error().message.starts_with("des numéros d'action ne vont pas avec --all"));
    options.action_ids.clear();
    options.convention_id.reset();
    auto alone = service::validate(fixture.context, options);
    REQUIRE_FALSE(alone);
    CHECK(alone.error().message == "--all valide toutes les actions d'une convention : ajoutez --convention ID");
    options.convention_id = convention;
    auto result = service::validate(fixture.context, options);
    REQUIRE(result);
    CHECK(result->any_refused());
    CHECK(status_of(fixture, complete) == domain::ActionStatus::validee_collectivite);
    // The history says why the status changed, in French.
    SQLite::Database raw(fixture.context.db_path.string(), SQLite::OPEN_READONLY);
    SQLite::Statement reason(raw,
                             "SELECT json_extract(new_value, '$.motif') FROM audit_log WHERE operation = 'status'");
    REQUIRE(reason.executeStep());
    CHECK(reason.getColumn(0).getString() == "validation par la collectivité");
  }

  TEST_CASE("numbers given with --convention must be of that convention") {
    test::ServiceFixture fixture;
    const auto first = fixture.add_convention("Conseil départemental - Pas-de-Calais", "cls", "15/04/2024");
    const auto second = fixture.add_convention("Conseil départemental - Nord", "cls", "15/04/2024");
    const auto mine = fixture.add_complete_cls_action(first, "FA-1");
    const auto other = fixture.add_complete_cls_action(second, "FA-9");
    service::ValidateOptions options;
    options.side = "etat";
    options.convention_id = first;
    options.action_ids = {mine, other};
    const auto refused = service::validate(fixture.context, options);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().kind == ErrorKind::data);
    CHECK(refused.error().message.find(fmt::format("relève de la convention n° {}, pas de la n° {}", second, first)) !=
          std::string::npos);
    CHECK(status_of(fixture, mine) == domain::ActionStatus::brouillon);  // all or nothing
    options.action_ids = {mine};
    REQUIRE(service::validate(fixture.context, options));
    CHECK(status_of(fixture, mine) == domain::ActionStatus::validee_etat);
  }

  TEST_CASE("edits need a draft; reopening needs a reason and clears both validations") {
    test::ServiceFixture fixture;
    const auto convention = fixture.add_convention("Conseil départemental - Pas-de-Calais", "cls", "15/04/2024");
    const auto id = fixture.add_complete_cls_action(convention, "FA-1");
    validate(fixture, "collectivite", {id});
    validate(fixture, "etat", {id});

    auto refused = service::edit_action(fixture.context, id, {{"intitule", "Nouveau titre"}});
    REQUIRE_FALSE(refused);
    CHECK(refused.error().kind == ErrorKind::conflict);
    CHECK(refused.error().message.find("seules les actions en brouillon se modifient") != std::string::npos);

    service::UnvalidateOptions reopen;
    reopen.side = "etat";
    reopen.action_ids = {id};
    auto no_reason = service::unvalidate(fixture.context, reopen);
    REQUIRE_FALSE(no_reason);
    CHECK(no_reason.error().kind == ErrorKind::usage);
    reopen.comment = "montant à corriger";
    REQUIRE(service::unvalidate(fixture.context, reopen));
    CHECK(status_of(fixture, id) == domain::ActionStatus::brouillon);

    auto edited =
        service::edit_action(fixture.context, id, {{"Intitulé de l'action", "Nouveau titre"}, {"qpv", "non"}});
    REQUIRE_MESSAGE(edited, (edited ? "" : edited.error().message));
    CHECK(edited->changes.size() == 2);
    auto view = service::show_action(fixture.context, id);
    CHECK(view->stored.action.title == "Nouveau titre");
    CHECK(std::get<bool>(view->record.answers.at("qpv")) == false);

    auto bad = service::edit_action(fixture.context, id, {{"qpv", "peut-être"}, {"date_debut", "31/02/2024"}});
    REQUIRE_FALSE(bad);
    CHECK(bad.error().message.find("2 problèmes") != std::string::npos);
    auto unknown = service::edit_action(fixture.context, id, {{"qvp", "oui"}});
    REQUIRE_FALSE(unknown);
    CHECK(unknown.error().message ==
          "champ inconnu « qvp » dans le formulaire « action-cls-departement » ; vouliez-vous dire « qpv » ?");

    // The values it already has: nothing changed, nothing written, nothing in the history.
    auto same = service::edit_action(fixture.context, id, {{"intitule", "Nouveau titre"}, {"qpv", "Non"}});
    REQUIRE(same);
    CHECK(same->changes.empty());

    CHECK(operations(fixture, id) == std::vector<std::string>{"insert", "validate", "status", "validate", "status",
                                                              "unvalidate", "unvalidate", "status", "update"});
  }

  TEST_CASE("content changed behind a validation reopens the action") {
    test::ServiceFixture fixture;
    const auto convention = fixture.add_convention("Conseil départemental - Pas-de-Calais", "cls", "15/04/2024");
    const auto id = fixture.add_complete_cls_action(convention, "FA-1");
    validate(fixture, "collectivite", {id});
    {
      // Someone edits the file with another tool.
      SQLite::Database raw(fixture.context.db_path.string(), SQLite::OPEN_READWRITE);
      raw.exec("UPDATE budget_lines SET amount_cents = amount_cents + 100 WHERE financer_type = 'etat'");
    }
    auto report = service::check(fixture.context);
    REQUIRE(report);
    CHECK_FALSE(report->ok());
    const auto result = validate(fixture, "etat", {id});
    // The collectivité's validation was revoked: it validated other figures. The action is now
    // refused since parity is broken, and back to draft.
    CHECK(result.lines.at(0).outcome == service::ValidationOutcome::refused);
    auto view = service::show_action(fixture.context, id);
    CHECK(view->stored.action.status == domain::ActionStatus::brouillon);
    CHECK(view->validations.at(0).revoked_at.has_value());
  }

  TEST_CASE("delete and restore an action; unknown actions are errors") {
    test::ServiceFixture fixture;
    const auto convention = fixture.add_convention("Conseil départemental - Pas-de-Calais", "cls", "15/04/2024");
    const auto id = fixture.add_complete_cls_action(convention, "FA-1");
    auto before = service::show_action(fixture.context, id);
    REQUIRE(service::delete_action(fixture.context, id));
    CHECK(service::show_action(fixture.context, id).error().kind == ErrorKind::not_found);
    REQUIRE(service::restore(fixture.context, service::RestoreTarget::action, id));
    auto after = service::show_action(fixture.context, id);
    REQUIRE(after);
    CHECK(store::action_content_json(after->stored.action, after->stored.answers).dump() ==
          store::action_content_json(before->stored.action, before->stored.answers).dump());
    CHECK(service::restore(fixture.context, service::RestoreTarget::action, id).error().kind == ErrorKind::conflict);
    service::ValidateOptions options;
    options.side = "etat";
    options.action_ids = {999};
    CHECK(service::validate(fixture.context, options).error().message == "action n° 999 introuvable");
    auto report = service::check(fixture.context);
    REQUIRE(report);
    CHECK(report->ok());
  }

  TEST_CASE("a deleted convention comes back with its actions") {
    test::ServiceFixture fixture;
    const auto convention = fixture.add_convention("Conseil départemental - Pas-de-Calais", "cls", "15/04/2024");
    fixture.add_complete_cls_action(convention, "FA-1");
    fixture.add_complete_cls_action(convention, "FA-2");
    CHECK(service::delete_convention(fixture.context, convention, store::Cascade::no).error().kind ==
          ErrorKind::conflict);
    REQUIRE(service::delete_convention(fixture.context, convention, store::Cascade::yes));
    {
      // Each action has its own deletion entry, which the convention's entry lists.
      SQLite::Database raw(fixture.context.db_path.string(), SQLite::OPEN_READONLY);
      SQLite::Statement actions(raw,
                                "SELECT count(*) FROM audit_log WHERE entity = 'action' AND operation = 'delete' "
                                "AND json_extract(old_value, '$.snapshot.actions[0].reference') IN ('FA-1', 'FA-2')");
      REQUIRE(actions.executeStep());
      CHECK(actions.getColumn(0).getInt() == 2);
      SQLite::Statement listed(raw,
                               "SELECT json_array_length(old_value, '$.suppressions_actions'), "
                               "json_array_length(old_value, '$.snapshot.actions') FROM audit_log "
                               "WHERE entity = 'convention' AND operation = 'delete'");
      REQUIRE(listed.executeStep());
      CHECK(listed.getColumn(0).getInt() == 2);
      CHECK(listed.getColumn(1).getInt() == 0);
    }
    auto restored = service::restore(fixture.context, service::RestoreTarget::convention, convention);
    REQUIRE(restored);
    CHECK(restored->actions == 2);
    auto shown = service::show_convention(fixture.context, convention);
    REQUIRE(shown);
    CHECK(shown->action_count == 2);
    CHECK(shown->budget_cents == 2 * 10000000);
    {
      SQLite::Database raw(fixture.context.db_path.string(), SQLite::OPEN_READONLY);
      SQLite::Statement restores(raw, "SELECT group_concat(entity, ',') FROM audit_log WHERE operation = 'restore'");
      REQUIRE(restores.executeStep());
      CHECK(restores.getColumn(0).getString() == "action,action,convention");
    }
    auto report = service::check(fixture.context);
    REQUIRE(report);
    CHECK(report->ok());
  }

  TEST_CASE("a convention deleted with its actions comes back after new actions took their rows' ids") {
    test::ServiceFixture fixture;
    const auto convention = fixture.add_convention("Conseil départemental - Pas-de-Calais", "cls", "15/04/2024");
    const auto first = test::add_planned_action(fixture, convention, "FA-1");
    const auto second = test::add_planned_action(fixture, convention, "FA-2");
    const auto bilan = test::set_complete_bilan(fixture, first, 2024);
    auto bilan_content = [&](std::int64_t action) {
      auto database = store::Database::open(fixture.context.db_path, store::Access::read_only);
      REQUIRE(database);
      const auto stored = store::load_bilan(database->connection(), action, 2024);
      REQUIRE(stored);
      return std::pair{stored->id, store::bilan_content_json(*stored).dump()};
    };
    const auto before = bilan_content(first);
    const auto first_content = store::action_content_json(test::stored_action(fixture, first).action,
                                                          test::stored_action(fixture, first).answers)
                                   .dump();
    REQUIRE(service::delete_convention(fixture.context, convention, store::Cascade::yes));

    // New rows take the ids of the deleted budget lines, indicators, expenses and realised values;
    // never the numbers of the convention, its actions or its bilan.
    const auto other_convention = fixture.add_convention("Conseil départemental - Nord", "cls", "20/06/2024");
    const auto third = test::add_planned_action(fixture, other_convention, "FA-1");
    test::add_planned_action(fixture, other_convention, "FA-2");
    const auto other_bilan = test::set_complete_bilan(fixture, third, 2024);
    CHECK(other_convention == convention + 1);
    CHECK(third == second + 1);
    CHECK(other_bilan.bilan_id == bilan.bilan_id + 1);

    auto restored = service::restore(fixture.context, service::RestoreTarget::convention, convention);
    REQUIRE_MESSAGE(restored, (restored ? "" : restored.error().message));
    CHECK(restored->actions == 2);
    CHECK(bilan_content(first) == before);
    CHECK(store::action_content_json(test::stored_action(fixture, first).action,
                                     test::stored_action(fixture, first).answers)
              .dump() == first_content);
    auto report = service::check(fixture.context);
    REQUIRE(report);
    CHECK_MESSAGE(report->ok(), (report->problems.empty() ? "" : report->problems.front()));
  }

  TEST_CASE("check names the first altered audit entry") {
    test::ServiceFixture fixture;
    const auto convention = fixture.add_convention("Conseil départemental - Pas-de-Calais", "cls", "15/04/2024");
    fixture.add_complete_cls_action(convention, "FA-1");
    {
      SQLite::Database raw(fixture.context.db_path.string(), SQLite::OPEN_READWRITE);
      raw.exec("UPDATE audit_log SET user = 'quelqu''un' WHERE entity = 'convention'");
    }
    auto report = service::check(fixture.context);
    REQUIRE(report);
    REQUIRE_FALSE(report->ok());
    CHECK(report->problems.front().find("historique altéré à l'entrée n°") != std::string::npos);
  }

  TEST_CASE("check sees entries cut from the end of the history") {
    test::ServiceFixture fixture;
    const auto convention = fixture.add_convention("Conseil départemental - Pas-de-Calais", "cls", "15/04/2024");
    const auto action = fixture.add_complete_cls_action(convention, "FA-1");
    REQUIRE(service::edit_action(fixture.context, action, {{"intitule", "Titre modifié"}}));
    auto before = service::check(fixture.context);
    REQUIRE(before);
    CHECK_MESSAGE(before->ok(), (before->problems.empty() ? "" : before->problems.front()));
    std::int64_t entries = 0;
    {
      SQLite::Database raw(fixture.context.db_path.string(), SQLite::OPEN_READWRITE);
      raw.exec("DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)");
      entries = raw.execAndGet("SELECT max(id) FROM audit_log").getInt64();
    }
    auto report = service::check(fixture.context);
    REQUIRE(report);
    REQUIRE_FALSE(report->ok());
    CHECK(report->problems.front() ==
          fmt::format("historique tronqué : sa dernière entrée (n° {}) n'est pas la dernière que pilot a écrite ; des "
                      "entrées ont été supprimées à la fin",
                      entries));
    // A later write follows the last entry pilot wrote, not what is left: the cut stays visible.
    REQUIRE(service::edit_action(fixture.context, action, {{"intitule", "Titre remodifié"}}));
    auto later = service::check(fixture.context);
    REQUIRE(later);
    REQUIRE_FALSE(later->ok());
    CHECK(later->problems.front() ==
          fmt::format("historique rompu à l'entrée n° {} : elle ne suit pas l'entrée précédente (entrée supprimée ou "
                      "insérée)",
                      entries + 1));
  }
}
