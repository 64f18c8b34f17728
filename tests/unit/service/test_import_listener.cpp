// Counts failed assertions so that import fixtures keep their scratch directory when a check failed.
#include <doctest/doctest.h>

namespace pilot::test {

int g_failed_asserts = 0;

namespace {

struct FailureCounter : doctest::IReporter {
  explicit FailureCounter(const doctest::ContextOptions& /*options*/) {}
  void report_query(const doctest::QueryData& /*data*/) override {}
  void test_run_start() override {}
  void test_run_end(const doctest::TestRunStats& /*stats*/) override {}
  void test_case_start(const doctest::TestCaseData& /*data*/) override {}
  void test_case_reenter(const doctest::TestCaseData& /*data*/) override {}
  void test_case_end(const doctest::CurrentTestCaseStats& /*stats*/) override {}
  void test_case_exception(const doctest::TestCaseException& /*exception*/) override { ++g_failed_asserts; }
  void subcase_start(const doctest::SubcaseSignature& /*signature*/) override {}
  void subcase_end() override {}
  void log_assert(const doctest::AssertData& data) override {
    if (data.m_failed) {
      ++g_failed_asserts;
    }
  }
  void log_message(const doctest::MessageData& /*data*/) override {}
  void test_case_skipped(const doctest::TestCaseData& /*data*/) override {}
};

}  // namespace
}  // namespace pilot::test

REGISTER_LISTENER("pilot-import-failures", 1, pilot::test::FailureCounter);
