#include <doctest/doctest.h>

#include "util/json.hpp"

using pilot::util::Json;

TEST_SUITE("util::Json") {
  TEST_CASE("dump keeps insertion order and escapes") {
    Json object = Json::object();
    object.set("nom", "Conseil départemental - Nord").set("n", 22).set("ok", true);
    object.set("liste", Json(Json::Array{Json(1), Json(2.5), Json()}));
    object.set("texte", "a\"b\n");
    CHECK(object.dump() ==
          R"({"nom":"Conseil départemental - Nord","n":22,"ok":true,"liste":[1,2.5,null],"texte":"a\"b\n"})");
  }
  TEST_CASE("dump escapes every control character and keeps numbers exact") {
    CHECK(Json(std::string("a\x01"
                           "b\x1f\\c\td\re\bf\fg\""))
              .dump() == R"("a\u0001b\u001f\\c\td\re\bf\fg\"")");
    CHECK(Json(std::string("déjà « vu » \x7f")).dump() == "\"déjà « vu » \x7f\"");
    CHECK(Json(std::string()).dump() == R"("")");
    Json numbers = Json::array();
    numbers.push(std::int64_t{-9007199254740993}).push(0.1).push(17.5).push(1e300).push(3.0);
    CHECK(numbers.dump() == "[-9007199254740993,0.1,17.5,1e+300,3]");
  }
  TEST_CASE("parse round trip") {
    const std::string text = R"({"a":[1,-2,3.5,"é\u00e9",{"b":null}],"c":false})";
    auto parsed = Json::parse(text);
    REQUIRE(parsed);
    CHECK(parsed->find("a")->as_array()[3].as_string() == "éé");
    CHECK(parsed->find("a")->as_array()[1].as_integer() == -2);
    CHECK(parsed->find("c")->as_bool() == false);
    CHECK(Json::parse(parsed->dump())->dump() == parsed->dump());
  }
  TEST_CASE("parse errors") {
    CHECK(Json::parse("{\"a\":}").error().message == "JSON invalide à l'octet 5 : valeur inattendue");
    CHECK(Json::parse("[1,2").error().message == "JSON invalide à l'octet 4 : « , » ou « ] » attendu");
    CHECK_FALSE(Json::parse(std::string(1000, '[')).has_value());
    CHECK_FALSE(Json::parse("\"abc").has_value());
  }
  TEST_CASE("copies do not share mutations") {
    Json a = Json::array();
    a.push(1);
    Json b = a;
    b.push(2);
    CHECK(a.as_array().size() == 1);
    CHECK(b.as_array().size() == 2);
  }
}
