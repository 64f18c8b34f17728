#include <doctest/doctest.h>

#include <fstream>

#include "bilan_test_support.hpp"
#include "campaign/mail.hpp"
#include "service/campaigns.hpp"

using namespace pilot;

namespace {

// Records what would have been sent; fails on the n-th message when asked to.
class RecordingTransport : public campaign::MailTransport {
 public:
  Result<void> send(const std::string& message) override {
    if (m_fail_at != 0 && m_messages.size() + 1 == m_fail_at) {
      return fail(ErrorKind::io, "serveur indisponible");
    }
    m_messages.push_back(message);
    return {};
  }
  void fail_at(std::size_t index) { m_fail_at = index; }
  [[nodiscard]] const std::vector<std::string>& messages() const { return m_messages; }

 private:
  std::vector<std::string> m_messages;
  std::size_t m_fail_at = 0;
};

struct CampaignFixture : test::ServiceFixture {
  std::int64_t pas_de_calais = 0;
  std::int64_t somme = 0;
  std::int64_t first = 0;
  std::int64_t second = 0;

  CampaignFixture() {
    pas_de_calais = add_convention("Conseil départemental - Pas-de-Calais", "cls", "15/04/2024");
    somme = add_convention("Conseil départemental - Somme", "unique", "01/06/2024");
    first = test::add_planned_action(*this, pas_de_calais, "FA-1");
    second = test::add_planned_action(*this, pas_de_calais, "FA-2");
    test::add_planned_action(*this, somme, "S-1");
    test::set_complete_bilan(*this, first, 2025);
    test::set_complete_bilan(*this, test::add_planned_action(*this, somme, "S-2"), 2025);
  }

  store::Contact contact(const std::string& collectivite, const std::string& email, const std::string& name = "") {
    auto added = service::add_contact(context, {collectivite, email, name, ""});
    REQUIRE_MESSAGE(added, (added ? "" : added.error().message));
    return *added;
  }

  service::RemindOptions remind(std::string today = "2026-06-18") {
    service::RemindOptions options;
    options.calendar.today = std::move(today);
    options.from = {"pilot", "pilot@prefecture.gouv.fr"};
    return options;
  }

  service::RemindPlan plan(const service::RemindOptions& options) {
    auto planned = service::plan_reminders(context, options);
    REQUIRE_MESSAGE(planned, (planned ? "" : planned.error().message));
    return *planned;
  }
};

}  // namespace

TEST_SUITE("service::campaigns") {
  TEST_CASE("contacts: add, list by territory, remove; bad input refused") {
    CampaignFixture fixture;
    const auto added = fixture.contact("62", "Helene.Dupre@pasdecalais.fr", "Hélène Dupré");
    CHECK(added.collectivite == "Conseil départemental - Pas-de-Calais");
    fixture.contact("80", "rsa@somme.fr");
    auto duplicate = service::add_contact(fixture.context, {"62", "helene.dupre@pasdecalais.fr", "", ""});
    REQUIRE_FALSE(duplicate);
    CHECK(duplicate.error().kind == ErrorKind::conflict);
    CHECK(duplicate.error().message.find("est déjà un contact de Conseil départemental - Pas-de-Calais") !=
          std::string::npos);
    auto bad = service::add_contact(fixture.context, {"62", "helene.dupre", "", ""});
    CHECK(bad.error().kind == ErrorKind::data);
    auto injected = service::add_contact(fixture.context, {"62", "a@b.fr", "X\nBcc: c@d.fr", ""});
    CHECK(injected.error().kind == ErrorKind::data);
    auto unknown = service::add_contact(fixture.context, {"Conseil départemental - Atlantis", "a@b.fr", "", ""});
    CHECK(unknown.error().kind == ErrorKind::not_found);

    service::ScopeOptions scope;
    CHECK(service::list_contacts(fixture.context, scope)->size() == 2);
    scope.departements = {"80"};
    auto somme = service::list_contacts(fixture.context, scope);
    REQUIRE(somme);
    REQUIRE(somme->size() == 1);
    CHECK(somme->front().email == "rsa@somme.fr");

    auto removed = service::remove_contact(fixture.context, {std::nullopt, "80", "RSA@somme.fr"});
    REQUIRE(removed);
    CHECK(removed->email == "rsa@somme.fr");
    CHECK(service::remove_contact(fixture.context, {added.id, "", ""}));
    CHECK(service::remove_contact(fixture.context, {added.id, "", ""}).error().kind == ErrorKind::not_found);
    CHECK(service::remove_contact(fixture.context, {std::nullopt, "80", ""}).error().kind == ErrorKind::usage);
  }

  TEST_CASE("campaign status: what each collectivité owes, with the deadline") {
    CampaignFixture fixture;
    service::CampaignStatusOptions options;
    options.id = "bilan-cls-2025";
    options.calendar.today = "18/06/2026";
    auto status = service::campaign_status(fixture.context, options);
    REQUIRE_MESSAGE(status, (status ? "" : status.error().message));
    CHECK(status->state == campaign::CampaignState::open);
    REQUIRE(status->dues.size() == 2);
    const auto& pas_de_calais = status->dues[0];
    CHECK(pas_de_calais.name == "Conseil départemental - Pas-de-Calais");
    REQUIRE(pas_de_calais.items.size() == 1);
    CHECK(pas_de_calais.items[0].reference == "FA-2");
    CHECK(pas_de_calais.items[0].kind == store::OwedKind::bilan_missing);
    CHECK(pas_de_calais.days_left == 12);
    CHECK(status->dues[1].items.size() == 1);  // the Somme's S-1: a contrat unique follows the CLS calendar

    options.scope.departements = {"62"};
    CHECK(service::campaign_status(fixture.context, options)->dues.size() == 1);
    options.id = "bilan-cls-2052";
    auto unknown = service::campaign_status(fixture.context, options);
    CHECK(unknown.error().kind == ErrorKind::not_found);
    options.id = "bilan-cls-2025";
    options.calendar.today = "31/02/2026";
    CHECK(service::campaign_status(fixture.context, options).error().kind == ErrorKind::usage);

    // Campaigns listed with the state on a given day.
    auto listing = service::list_campaigns(fixture.context, {"", "2026-03-01"});
    REQUIRE(listing);
    CHECK(listing->calendar.campaigns.size() == 14);
    CHECK(campaign::open_campaigns(listing->calendar, listing->today).size() == 2);
  }

  TEST_CASE("a user's calendar file replaces the shipped one; a broken one is reported") {
    CampaignFixture fixture;
    const auto file = fixture.context.db_path.parent_path() / "calendrier.yaml";
    std::ofstream(file) << "campagnes:\n  - {id: relance-test, type: bilan, libelle: Test, conventions: [cls], "
                           "annee: 2025, ouverture: 2026-06-01, cloture: 2026-06-20}\n";
    auto listing = service::list_campaigns(fixture.context, {file.string(), std::nullopt});
    REQUIRE(listing);
    REQUIRE(listing->calendar.campaigns.size() == 1);
    CHECK(listing->today == fixture.context.today);
    std::ofstream(file) << "campagnes: 3\n";
    auto broken = service::list_campaigns(fixture.context, {file.string(), std::nullopt});
    REQUIRE_FALSE(broken);
    CHECK(broken.error().message.find("calendrier.yaml") != std::string::npos);
  }

  TEST_CASE("reminders: one message per contact, sent once, resent on demand") {
    CampaignFixture fixture;
    fixture.contact("62", "helene.dupre@pasdecalais.fr", "Hélène Dupré");
    fixture.contact("62", "cls@pasdecalais.fr");
    auto plan = fixture.plan(fixture.remind());
    // Two open campaigns (bilans CIE and CLS 2025); only the CLS one concerns these conventions.
    REQUIRE(plan.reminders.size() == 2);  // Pas-de-Calais (2 contacts) and Somme (none)
    const auto& reminder = plan.reminders[0];
    CHECK(reminder.definition.id == "bilan-cls-2025");
    CHECK(reminder.due.name == "Conseil départemental - Pas-de-Calais");
    CHECK(reminder.stage == "ouverture");
    REQUIRE(reminder.messages.size() == 2);
    CHECK(reminder.messages[0].message.find("To: cls@pasdecalais.fr") == std::string::npos);
    CHECK(reminder.messages[0].message.find("<cls@pasdecalais.fr>") != std::string::npos);
    CHECK(reminder.messages[0].message.find("X-Pilot-Campaign: bilan-cls-2025\n") != std::string::npos);
    CHECK(reminder.body.find("FA-2 « Accompagnement renforcé des familles monoparentales » (action n° 2) : bilan 2025 "
                             "non saisi") != std::string::npos);
    CHECK_FALSE(plan.reminders[1].has_contacts);

    RecordingTransport transport;
    auto sent = service::send_reminders(fixture.context, plan, transport);
    REQUIRE(sent);
    CHECK_FALSE(sent->failure);
    CHECK(sent->sent.size() == 2);
    CHECK(transport.messages().size() == 2);
    CHECK(campaign::decode_quoted_printable(transport.messages()[0]).find("bilan 2025 non saisi") != std::string::npos);

    // Run again: the send log says both went out; the Somme still has no contact.
    auto again = fixture.plan(fixture.remind());
    CHECK(again.already_sent == 2);
    REQUIRE(again.reminders.size() == 1);
    CHECK_FALSE(again.reminders[0].has_contacts);
    RecordingTransport nothing;
    CHECK(service::send_reminders(fixture.context, again, nothing)->sent.empty());

    // --resend forces, and says when it was sent before.
    auto options = fixture.remind();
    options.resend = true;
    auto forced = fixture.plan(options);
    REQUIRE(forced.reminders[0].messages.size() == 2);
    CHECK(forced.reminders[0].messages[0].sent_at == "2026-11-22T10:00:00Z");
    RecordingTransport twice;
    CHECK(service::send_reminders(fixture.context, forced, twice)->sent.size() == 2);

    // A new stage (--days-before) is a new reminder; too far from the deadline, nothing.
    options = fixture.remind();
    options.days_before = 15;
    CHECK(fixture.plan(options).reminders.at(0).messages.size() == 2);
    options.days_before = 5;
    CHECK(fixture.plan(options).reminders.empty());

    // Once the bilan is in, nothing is owed any more.
    test::set_complete_bilan(fixture, fixture.second, 2025);
    options = fixture.remind();
    options.scope.departements = {"62"};
    options.resend = true;
    CHECK(fixture.plan(options).reminders.empty());
  }

  TEST_CASE("reminders: closed campaigns, explicit campaign, failures, bad options") {
    CampaignFixture fixture;
    fixture.contact("62", "a@pasdecalais.fr");
    fixture.contact("62", "b@pasdecalais.fr");
    // On 01/07/2026 the bilans are closed and the updates open: the reminders are about the updates.
    const auto july = fixture.plan(fixture.remind("2026-07-01"));
    REQUIRE_FALSE(july.reminders.empty());
    for (const auto& reminder : july.reminders) {
      CHECK(reminder.definition.id == "maj-cls-2026");
      CHECK(reminder.due.items.at(0).kind == store::OwedKind::revision_to_open);
    }
    auto options = fixture.remind("2026-07-01");
    options.campaign_id = "bilan-cls-2025";
    CHECK(fixture.plan(options).reminders.empty());  // closed: nothing to send

    options = fixture.remind();
    options.campaign_id = "bilan-cls-2025";
    options.scope.departements = {"62"};
    auto plan = fixture.plan(options);
    RecordingTransport transport;
    transport.fail_at(2);
    auto sent = service::send_reminders(fixture.context, plan, transport);
    REQUIRE(sent);
    REQUIRE(sent->failure);
    CHECK(sent->failure->message.find("serveur indisponible") != std::string::npos);
    CHECK(sent->sent.size() == 1);
    // The one that went out is recorded; the other goes next time.
    auto retry = fixture.plan(options);
    CHECK(retry.already_sent == 1);
    REQUIRE(retry.reminders.size() == 1);
    CHECK(retry.reminders[0].messages.size() == 1);
    CHECK(retry.reminders[0].messages[0].to.email == "b@pasdecalais.fr");

    options.days_before = -1;
    CHECK(service::plan_reminders(fixture.context, options).error().kind == ErrorKind::usage);
    options.days_before.reset();
    options.from.email = "pas une adresse";
    CHECK(service::plan_reminders(fixture.context, options).error().kind == ErrorKind::usage);
    options.from.email = "pilot@x.fr";
    options.campaign_id = "inconnue";
    CHECK(service::plan_reminders(fixture.context, options).error().kind == ErrorKind::not_found);
  }

  TEST_CASE("update campaign: revisions to open, then validations awaited") {
    CampaignFixture fixture;
    service::CampaignStatusOptions options;
    options.id = "maj-cls-2026";
    options.calendar.today = "2026-11-22";
    options.scope.departements = {"62"};
    auto status = service::campaign_status(fixture.context, options);
    REQUIRE(status);
    REQUIRE(status->dues.size() == 1);
    REQUIRE(status->dues[0].items.size() == 1);
    CHECK(status->dues[0].items[0].kind == store::OwedKind::revision_to_open);
    REQUIRE(service::open_update(fixture.context, {fixture.pas_de_calais, 2026}));
    status = service::campaign_status(fixture.context, options);
    REQUIRE(status);
    CHECK(status->dues[0].count(store::OwedKind::validation_awaited) == 2);
  }
}
