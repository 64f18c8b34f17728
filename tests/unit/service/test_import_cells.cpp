#include <doctest/doctest.h>

#include "service/import_detail.hpp"
#include "service_test_support.hpp"

using namespace pilot;

TEST_SUITE("service::import cells") {
  TEST_CASE("an Excel cell shown as a percentage gives the points the user sees") {
    test::ServiceFixture fixture;
    const forms::Form* form = fixture.catalog().find_form("action-cls-metropole");
    REQUIRE(form != nullptr);
    const forms::Group* indicators = form->find_group("indicateurs");
    REQUIRE(indicators != nullptr);
    const forms::Field* target = indicators->find_field("cible");
    REQUIRE(target != nullptr);
    REQUIRE(target->type == forms::FieldType::decimal);
    using service::import_detail::parse_cell;
    const auto shown = parse_cell(fixture.catalog(), *target, store::RawCell{store::CellKind::percent, "0.125"}, false);
    REQUIRE_FALSE(shown.problem);
    CHECK(std::get<double>(shown.value) == doctest::Approx(12.5));
    // The same number in a cell without the percentage format is taken as it is.
    const auto plain = parse_cell(fixture.catalog(), *target, store::RawCell{store::CellKind::number, "0.125"}, false);
    REQUIRE_FALSE(plain.problem);
    CHECK(std::get<double>(plain.value) == doctest::Approx(0.125));
    // A percentage field stores points too.
    forms::Field rate = *target;
    rate.type = forms::FieldType::percent;
    const auto percent = parse_cell(fixture.catalog(), rate, store::RawCell{store::CellKind::percent, "0.07"}, false);
    REQUIRE_FALSE(percent.problem);
    CHECK(std::get<double>(percent.value) == 7.0);  // not 7.000000000000001
    // A text field keeps what the cell shows, not the fraction behind it.
    forms::Field text = *target;
    text.type = forms::FieldType::text;
    const auto as_text = parse_cell(fixture.catalog(), text, store::RawCell{store::CellKind::percent, "0.125"}, false);
    REQUIRE_FALSE(as_text.problem);
    CHECK(std::get<std::string>(as_text.value) == "12,5 %");
  }

  TEST_CASE("a cell shown as a percentage is no count, amount or date") {
    test::ServiceFixture fixture;
    const forms::Form* form = fixture.catalog().find_form("action-cls-metropole");
    REQUIRE(form != nullptr);
    using service::import_detail::parse_cell;
    const store::RawCell hundred{store::CellKind::percent, "1"};
    const forms::Field* people = form->find_field("beneficiaires_attendus");
    REQUIRE(people != nullptr);
    REQUIRE(people->type == forms::FieldType::integer);
    const auto count = parse_cell(fixture.catalog(), *people, hundred, false);
    REQUIRE(count.problem);
    CHECK(count.problem->code == "E101");
    CHECK(count.problem->value == "100 %");
    CHECK(count.problem->message ==
          "« Nombre de bénéficiaires attendus par an » : « 100 % » est un pourcentage (cellule au format %), alors "
          "que la réponse attendue est de type « nombre entier » : saisissez le nombre voulu ou retirez le format "
          "pourcentage de la cellule");
    const forms::Field* total = form->find_field("budget_total");
    REQUIRE(total != nullptr);
    REQUIRE(total->type == forms::FieldType::money);
    CHECK(parse_cell(fixture.catalog(), *total, store::RawCell{store::CellKind::percent, "5"}, false).problem->code ==
          "E103");
    const forms::Field* start = form->find_field("date_debut");
    REQUIRE(start != nullptr);
    CHECK(parse_cell(fixture.catalog(), *start, hundred, false).problem->code == "E106");
    // A choice compares what the cell shows.
    const forms::Field* axis = form->find_field("axe");
    REQUIRE(axis != nullptr);
    const auto choice = parse_cell(fixture.catalog(), *axis, store::RawCell{store::CellKind::percent, "0.5"}, false);
    REQUIRE(choice.problem);
    CHECK(choice.problem->value == "50 %");
  }

  TEST_CASE("a date field takes a number only from a cell formatted as a date") {
    test::ServiceFixture fixture;
    const forms::Form* form = fixture.catalog().find_form("action-cls-metropole");
    REQUIRE(form != nullptr);
    const forms::Field* start = form->find_field("date_debut");
    REQUIRE(start != nullptr);
    using service::import_detail::parse_cell;
    const auto dated = parse_cell(fixture.catalog(), *start, store::RawCell{store::CellKind::date, "45537"}, false);
    REQUIRE_FALSE(dated.problem);
    CHECK(std::get<util::Date>(dated.value).french() == "02/09/2024");
    // The year alone, which as a serial day number is 16/07/1905.
    const auto year = parse_cell(fixture.catalog(), *start, store::RawCell{store::CellKind::number, "2024"}, false);
    REQUIRE(year.problem);
    CHECK(year.problem->code == "E106");
    CHECK(year.problem->value == "2024");
    CHECK(year.problem->message ==
          "« Date de début de l'action » : « 2024 » est un nombre, pas une date (la cellule n'a pas de format de "
          "date ; lu comme numéro de série Excel, ce serait le 16/07/1905) : saisissez la date en JJ/MM/AAAA ou "
          "donnez un format de date à la cellule");
    // A serial that is a plausible date is refused all the same: the user sees 45537, not a date.
    const auto serial = parse_cell(fixture.catalog(), *start, store::RawCell{store::CellKind::number, "45537"}, false);
    REQUIRE(serial.problem);
    CHECK(serial.problem->message.find("ce serait le 02/09/2024") != std::string::npos);
    // Far past what a date can be: said without a date.
    const auto huge = parse_cell(fixture.catalog(), *start, store::RawCell{store::CellKind::number, "1e9"}, false);
    REQUIRE(huge.problem);
    CHECK(huge.problem->message.find("(la cellule n'a pas de format de date)") != std::string::npos);
  }

  TEST_CASE("TRUE/FALSE cells: yes/no answers, else the word the spreadsheet showed") {
    test::ServiceFixture fixture;
    const forms::Form* form = fixture.catalog().find_form("action-cls-metropole");
    REQUIRE(form != nullptr);
    using service::import_detail::parse_cell;
    const store::RawCell yes{store::CellKind::boolean, "1"};
    const store::RawCell no{store::CellKind::boolean, "0"};
    const forms::Field* qpv = form->find_field("qpv");
    REQUIRE(qpv != nullptr);
    REQUIRE(qpv->type == forms::FieldType::yes_no);
    CHECK(std::get<bool>(parse_cell(fixture.catalog(), *qpv, yes, false).value));
    CHECK_FALSE(std::get<bool>(parse_cell(fixture.catalog(), *qpv, no, false).value));
    const forms::Field* title = form->find_field("intitule");
    REQUIRE(title != nullptr);
    CHECK(std::get<std::string>(parse_cell(fixture.catalog(), *title, yes, false).value) == "VRAI");
    CHECK(std::get<std::string>(parse_cell(fixture.catalog(), *title, no, false).value) == "FAUX");
    const forms::Field* people = form->find_field("beneficiaires_attendus");
    REQUIRE(people != nullptr);
    CHECK(parse_cell(fixture.catalog(), *people, yes, false).problem.has_value());
  }

  TEST_CASE("a formula never computed is a cell in error, not an empty cell") {
    test::ServiceFixture fixture;
    const forms::Form* form = fixture.catalog().find_form("action-cls-metropole");
    REQUIRE(form != nullptr);
    const forms::Field* title = form->find_field("intitule");
    REQUIRE(title != nullptr);
    using service::import_detail::parse_cell;
    const auto parsed = parse_cell(fixture.catalog(), *title, store::RawCell{store::CellKind::error, "=B2"}, false);
    REQUIRE(parsed.problem);
    CHECK(parsed.problem->code == "E612");
    CHECK(parsed.problem->message.find("la formule « =B2 » n'a pas de valeur calculée") != std::string::npos);
    CHECK_FALSE(service::import_detail::is_blank(store::RawCell{store::CellKind::error, "=B2"}));
  }

  TEST_CASE("staged percentage cells survive the staging encoding") {
    std::vector<store::RawCell> cells{{store::CellKind::percent, "0.35"}, {store::CellKind::number, "2"}};
    std::vector<store::RawCell> decoded;
    store::decode_cells(store::encode_cells(cells), decoded);
    REQUIRE(decoded.size() == 2);
    CHECK(decoded[0].kind == store::CellKind::percent);
    CHECK(decoded[0].text == "0.35");
  }
}
