#include "store/group_sums.hpp"

#include <SQLiteCpp/Exception.h>
#include <sqlite3.h>

#include <stdexcept>
#include <utility>

namespace pilot::store {
namespace {

void append_bytes(std::string& out, const void* data, std::size_t size) {
  out.append(static_cast<const char*>(data), size);
}

}  // namespace

GroupSums::GroupSums(SQLite::Database& db, const std::string& sql, int keys, int values)
    : m_db(db.getHandle()), m_keys(keys), m_values(values) {
  const int code = sqlite3_prepare_v3(m_db, sql.c_str(), static_cast<int>(sql.size() + 1), SQLITE_PREPARE_PERSISTENT,
                                      &m_rows, nullptr);
  if (code != SQLITE_OK) {
    throw SQLite::Exception(m_db, code);
  }
}

GroupSums::~GroupSums() {
  sqlite3_finalize(m_rows);
}

GroupSums::GroupSums(GroupSums&& other) noexcept
    : m_db(other.m_db),
      m_rows(std::exchange(other.m_rows, nullptr)),
      m_keys(other.m_keys),
      m_values(other.m_values),
      m_index(std::move(other.m_index)),
      m_groups(std::move(other.m_groups)) {}

void GroupSums::run(std::int64_t parameter) {
  m_index.clear();
  m_groups.clear();
  sqlite3_reset(m_rows);
  if (sqlite3_bind_parameter_count(m_rows) > 0) {
    sqlite3_bind_int64(m_rows, 1, parameter);
  }
  int code = SQLITE_ROW;
  while ((code = sqlite3_step(m_rows)) == SQLITE_ROW) {
    add_current_row();
  }
  sqlite3_reset(m_rows);
  if (code != SQLITE_DONE) {
    throw SQLite::Exception(m_db, code);
  }
}

void GroupSums::add_current_row() {
  sqlite3_stmt* row = m_rows;
  // Each key as its type then its bytes (text with its length first): two rows share an encoding
  // exactly when SQLite's GROUP BY puts them together (binary collation, the declared types of
  // the summarised columns keep integers integers).
  m_encoded.clear();
  for (int column = 0; column < m_keys; ++column) {
    const int type = sqlite3_column_type(row, column);
    m_encoded.push_back(static_cast<char>(type));
    if (type == SQLITE_INTEGER) {
      const sqlite3_int64 value = sqlite3_column_int64(row, column);
      append_bytes(m_encoded, &value, sizeof value);
    } else if (type == SQLITE_FLOAT) {
      const double value = sqlite3_column_double(row, column);
      append_bytes(m_encoded, &value, sizeof value);
    } else if (type != SQLITE_NULL) {
      const auto* text = sqlite3_column_text(row, column);
      const auto size = static_cast<std::uint32_t>(sqlite3_column_bytes(row, column));
      append_bytes(m_encoded, &size, sizeof size);
      append_bytes(m_encoded, text, size);
    }
  }
  auto [found, inserted] = m_index.try_emplace(m_encoded, m_groups.size());
  if (inserted) {
    Group group;
    for (int column = 0; column < m_keys; ++column) {
      switch (sqlite3_column_type(row, column)) {
        case SQLITE_NULL: group.keys.emplace_back(std::monostate{}); break;
        case SQLITE_INTEGER: group.keys.emplace_back(std::int64_t{sqlite3_column_int64(row, column)}); break;
        case SQLITE_FLOAT: group.keys.emplace_back(sqlite3_column_double(row, column)); break;
        default: {
          const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(row, column));
          group.keys.emplace_back(std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(row, column))));
        }
      }
    }
    group.sums.resize(static_cast<std::size_t>(m_values));
    m_groups.push_back(std::move(group));
  }
  Group& group = m_groups[found->second];
  for (int value = 0; value < m_values; ++value) {
    const int column = m_keys + value;
    const int type = sqlite3_column_type(row, column);
    if (type == SQLITE_NULL) {
      continue;
    }
    Sum& sum = group.sums[static_cast<std::size_t>(value)];
    sum.any = true;
    if (type == SQLITE_INTEGER && !sum.real) {
      if (__builtin_add_overflow(sum.integer, sqlite3_column_int64(row, column), &sum.integer)) {
        throw std::overflow_error("integer overflow");  // as SQLite's sum()
      }
    } else {
      if (!sum.real) {
        sum.real = true;
        sum.number = static_cast<double>(sum.integer);
      }
      sum.number += sqlite3_column_double(row, column);
    }
  }
}

void GroupSums::insert_each(SQLite::Statement& insert, int first_parameter) const {
  for (const Group& group : m_groups) {
    insert.reset();
    int parameter = first_parameter;
    for (const Key& key : group.keys) {
      std::visit(
          [&](const auto& value) {
            using T = std::decay_t<decltype(value)>;
            if constexpr (std::is_same_v<T, std::monostate>) {
              insert.bind(parameter);
            } else if constexpr (std::is_same_v<T, std::string>) {
              insert.bindNoCopy(parameter, value);
            } else {
              insert.bind(parameter, value);
            }
          },
          key);
      ++parameter;
    }
    for (const Sum& sum : group.sums) {
      if (!sum.any) {
        insert.bind(parameter);
      } else if (sum.real) {
        insert.bind(parameter, sum.number);
      } else {
        insert.bind(parameter, static_cast<std::int64_t>(sum.integer));
      }
      ++parameter;
    }
    insert.exec();
  }
}

}  // namespace pilot::store
