// What campaigns and annual updates keep in the database: the contacts of each collectivité (who receives
// reminders), the reminder send log (what was sent to whom, so cron never sends it twice), the yearly
// revisions (avenants) opened per convention, actions dropped in a revision, and the facts a campaign
// needs (conventions covering a year, their actions with status and planned years). Every write is audited.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/action.hpp"
#include "domain/convention.hpp"
#include "store/database.hpp"

namespace pilot::store {

struct Contact {
  std::int64_t id = 0;
  std::int64_t collectivite_id = 0;
  std::string collectivite;  // name, filled when read
  std::string name;
  std::string email;
  std::string role;
};

// Fails (conflict) when the collectivité already has this address.
Result<std::int64_t> insert_contact(WriteTransaction& transaction, const Contact& contact);
// Contacts of these collectivités (all when empty), by collectivité name then address.
std::vector<Contact> list_contacts(SQLite::Database& db, const std::vector<std::int64_t>& collectivite_ids = {});
std::optional<Contact> find_contact(SQLite::Database& db, std::int64_t id);
std::optional<Contact> find_contact(SQLite::Database& db, std::int64_t collectivite_id, const std::string& email);
void delete_contact(WriteTransaction& transaction, const Contact& contact);

// The send log. `sent_at` of an earlier sending of the same reminder to the same address, if any.
std::optional<std::string> reminder_sent_at(SQLite::Database& db, const std::string& campaign_id,
                                            std::int64_t collectivite_id, const std::string& recipient,
                                            const std::string& digest);
// Records a sending (a forced resend updates the time of the existing entry).
void record_reminder(WriteTransaction& transaction, const std::string& campaign_id, std::int64_t collectivite_id,
                     const std::string& recipient, const std::string& digest);

struct Revision {
  std::int64_t convention_id = 0;
  int year = 0;
  std::string opened_at;
  std::string opened_by;
};

std::vector<Revision> list_revisions(SQLite::Database& db, std::int64_t convention_id);
// The latest revision year of a convention (none when no avenant was opened).
std::optional<int> latest_revision_year(SQLite::Database& db, std::int64_t convention_id);
void insert_revision(WriteTransaction& transaction, const Revision& revision);

// Marks an action dropped from `year` on (it keeps its rows and bilans); audited with the reason.
void set_dropped_year(WriteTransaction& transaction, std::int64_t action_id, std::optional<int> year,
                      const std::string& reason);

// A convention as a campaign sees it.
struct CampaignConvention {
  std::int64_t id = 0;
  std::int64_t collectivite_id = 0;
  domain::ConventionType type = domain::ConventionType::cls;
  domain::Period period;
};

// Conventions of these types whose period covers `year`.
std::vector<CampaignConvention> conventions_covering(SQLite::Database& db,
                                                     const std::vector<domain::ConventionType>& types, int year);

struct CampaignAction {
  std::int64_t id = 0;
  std::int64_t convention_id = 0;
  std::string reference;
  std::string title;
  std::string form_id;
  domain::ActionStatus status = domain::ActionStatus::brouillon;
  std::optional<int> dropped_year;
  std::optional<int> first_planned_year;  // earliest year of its budget lines or indicator values
};

// Every action of a convention, dropped ones included, by reference.
std::vector<CampaignAction> actions_of_convention(SQLite::Database& db, std::int64_t convention_id);

// --- What a campaign computes (lib/campaign) and reports render (lib/report): plain values kept here,
// below both. --------------------------------------------------------------------------------------

enum class OwedKind {
  convention_missing,
  no_action,
  bilan_missing,
  bilan_incomplete,
  validation_awaited,
  revision_to_open
};
std::string_view to_code(OwedKind kind);
std::string_view to_label(OwedKind kind);  // « Convention à saisir », « Bilan non saisi » ...

struct OwedItem {
  OwedKind kind = OwedKind::bilan_missing;
  std::int64_t convention_id = 0;  // 0 for a missing convention
  std::int64_t action_id = 0;      // 0 when not about one action
  std::string reference;
  std::string title;
  std::string detail;  // French: what is lacking, the current status
  util::Date deadline;
};

struct ConventionRef {
  std::int64_t id = 0;
  domain::ConventionType type = domain::ConventionType::cls;
  domain::Period period;
};

struct CollectiviteDue {
  std::int64_t collectivite_id = 0;
  std::string code;
  std::string name;
  std::vector<ConventionRef> conventions;  // concerned by the campaign
  std::vector<OwedItem> items;             // empty: up to date
  std::int64_t actions_concerned = 0;
  util::Date deadline;         // earliest deadline of its items (the closing date when none)
  std::int64_t days_left = 0;  // from today to the deadline

  [[nodiscard]] bool owes() const { return !items.empty(); }
  [[nodiscard]] std::size_t count(OwedKind kind) const;
};

}  // namespace pilot::store
