// report::PipelinedSink: rows written on a worker thread, in order, errors brought back to the producer.
#include <doctest/doctest.h>

#include "report/export_pipeline.hpp"
#include "test_export_support.hpp"

using namespace pilot;
using export_test::MemorySink;

namespace {

// Fails on the n-th row written (1-based), or at begin / end when asked.
class FailingSink final : public report::RowSink {
 public:
  explicit FailingSink(std::size_t fail_at, bool fail_begin = false) : m_fail_at(fail_at), m_fail_begin(fail_begin) {}
  [[nodiscard]] report::Audience audience() const override { return report::Audience::machines; }
  Result<void> begin(const report::ExportTable&) override {
    if (m_fail_begin) {
      return fail(ErrorKind::io, "début refusé");
    }
    return {};
  }
  Result<void> write(const std::vector<report::Cell>&) override {
    if (++written == m_fail_at) {
      return fail(ErrorKind::io, "x.csv : disque plein");
    }
    return {};
  }
  Result<void> end() override {
    ++ended;
    return {};
  }
  std::size_t written = 0;
  int ended = 0;

 private:
  std::size_t m_fail_at;
  bool m_fail_begin;
};

report::ExportTable table_of(std::string key) {
  report::ExportTable table;
  table.key = std::move(key);
  table.columns = {{"n", "N", report::ColumnType::integer, "", "", ""},
                   {"t", "T", report::ColumnType::text, "", "", ""}};
  return table;
}

}  // namespace

TEST_SUITE("report::PipelinedSink") {
  TEST_CASE("every row arrives, in order, table after table") {
    MemorySink inner(report::Audience::machines);
    report::PipelinedSink pipeline(inner, 3, 2);
    CHECK(pipeline.audience() == report::Audience::machines);
    for (const char* key : {"a", "b"}) {
      REQUIRE(pipeline.begin(table_of(key)));
      for (std::int64_t i = 0; i < 1000; ++i) {
        REQUIRE(pipeline.write({i, std::string(static_cast<std::size_t>(i % 40), 'x')}));
      }
      REQUIRE(pipeline.end());
    }
    CHECK(inner.begun == 2);
    CHECK(inner.ended == 2);
    REQUIRE(inner.rows.size() == 2000);
    for (std::size_t i = 0; i < inner.rows.size(); ++i) {
      const auto n = static_cast<std::int64_t>(i % 1000);
      REQUIRE(std::get<std::int64_t>(inner.rows[i][0]) == n);
      REQUIRE(std::get<std::string>(inner.rows[i][1]).size() == static_cast<std::size_t>(n % 40));
    }
  }

  TEST_CASE("an empty table and a partial last batch") {
    MemorySink inner;
    report::PipelinedSink pipeline(inner, 64, 4);
    REQUIRE(pipeline.begin(table_of("vide")));
    REQUIRE(pipeline.end());
    REQUIRE(pipeline.begin(table_of("un")));
    REQUIRE(pipeline.write({std::int64_t{7}, std::string("x")}));
    REQUIRE(pipeline.end());
    CHECK(inner.rows.size() == 1);
    CHECK(inner.ended == 2);
  }

  TEST_CASE("the inner sink's first error stops the producer and is returned by end") {
    FailingSink inner(50);
    {
      report::PipelinedSink pipeline(inner, 8, 2);
      REQUIRE(pipeline.begin(table_of("t")));
      Result<void> written;
      std::int64_t sent = 0;
      for (; sent < 100000 && written; ++sent) {
        written = pipeline.write({sent, std::string("x")});
      }
      REQUIRE_FALSE(written);
      CHECK(written.error().message == "x.csv : disque plein");
      CHECK(sent < 100000);  // the producer learnt it long before the end
      auto ended = pipeline.end();
      REQUIRE_FALSE(ended);
      CHECK(ended.error().kind == ErrorKind::io);
    }
    CHECK(inner.written == 50);  // nothing written after the failure
    CHECK(inner.ended == 0);     // a failed table is not ended
  }

  TEST_CASE("an error at begin is the caller's") {
    FailingSink inner(0, true);
    report::PipelinedSink pipeline(inner);
    auto begun = pipeline.begin(table_of("t"));
    REQUIRE_FALSE(begun);
    CHECK(begun.error().message == "début refusé");
  }

  TEST_CASE("abandoned mid-table: the destructor drops queued rows and joins") {
    MemorySink inner;
    {
      report::PipelinedSink pipeline(inner, 2, 100);
      REQUIRE(pipeline.begin(table_of("t")));
      for (std::int64_t i = 0; i < 100; ++i) {
        REQUIRE(pipeline.write({i, std::string("x")}));
      }
    }
    CHECK(inner.rows.size() <= 100);
    CHECK(inner.ended == 0);
  }
}
