// Private to lib/store: GROUP BY … sum() over the rows of a statement, in a hash table.
//
// SQLite sorts every row of a GROUP BY: it has no hash aggregation. The dashboard's summaries
// group millions of rows of a large convention into a few hundred groups, and three quarters of
// their time went into that sort. GroupSums reads the rows as they come and keeps one running sum
// per group and value, with the results of SQLite's sum(): an integer while every value is one,
// a real as soon as one is not, NULL when no value was.
#pragma once

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <cstdint>
#include <string>
#include <unordered_map>
#include <variant>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace pilot::store {

class GroupSums {
 public:
  // `sql` gives `keys` grouping columns first, then `values` columns to sum; it may use one
  // integer parameter, ?1. Throws SQLite::Exception when it cannot be prepared.
  GroupSums(SQLite::Database& db, const std::string& sql, int keys, int values);
  ~GroupSums();
  GroupSums(const GroupSums&) = delete;
  GroupSums& operator=(const GroupSums&) = delete;
  GroupSums(GroupSums&& other) noexcept;
  GroupSums& operator=(GroupSums&&) = delete;

  // Forgets the groups, runs the query with ?1 = `parameter` and groups its rows.
  void run(std::int64_t parameter);

  // Binds each group to `insert` — its keys, then its sums (NULL for a sum of no value), from
  // parameter `first_parameter` on — and runs it. Groups come in the order they were first met.
  void insert_each(SQLite::Statement& insert, int first_parameter) const;

  [[nodiscard]] std::size_t size() const { return m_groups.size(); }

 private:
  using Key = std::variant<std::monostate, std::int64_t, double, std::string>;
  struct Sum {
    bool any = false;
    bool real = false;
    std::int64_t integer = 0;
    double number = 0;
  };
  struct Group {
    std::vector<Key> keys;
    std::vector<Sum> sums;
  };

  void add_current_row();

  sqlite3* m_db = nullptr;
  sqlite3_stmt* m_rows = nullptr;
  int m_keys;
  int m_values;
  std::string m_encoded;  // the current row's keys, encoded: the hash table's key
  std::unordered_map<std::string, std::size_t> m_index;
  std::vector<Group> m_groups;
};

}  // namespace pilot::store
