// Thin RAII wrappers over the SQLite C API: a connection and a prepared statement. Errors become
// Status values naming the statement; SQLITE_BUSY / SQLITE_LOCKED become Unavailable.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.hpp"

namespace affinity {

class SqliteStmt {
 public:
  SqliteStmt(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  SqliteStmt(SqliteStmt&& o) noexcept : db_(o.db_), stmt_(std::exchange(o.stmt_, nullptr)) {}
  ~SqliteStmt() { sqlite3_finalize(stmt_); }

  // Bind by 1-based index; chainable.
  SqliteStmt& Bind(int i, std::string_view v);
  SqliteStmt& Bind(int i, std::int64_t v);
  SqliteStmt& Bind(int i, double v);
  SqliteStmt& BindNull(int i);
  SqliteStmt& BindBlob(int i, std::string_view bytes);  // byte-exact (NULs, any encoding)

  // Runs one step: true when a row is ready, false when done. Errors go to `status`.
  bool Step(Status* status);
  // Runs to completion, ignoring rows.
  Status Run();
  void Reset();

  std::string Text(int col) const;
  std::int64_t Int(int col) const { return sqlite3_column_int64(stmt_, col); }
  double Real(int col) const { return sqlite3_column_double(stmt_, col); }
  bool IsNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  sqlite3_stmt* raw() const { return stmt_; }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
};

class SqliteDb {
 public:
  // Opens (creating) the database file at `path`.
  static Result<std::unique_ptr<SqliteDb>> Open(const std::string& path);
  ~SqliteDb();

  Status Exec(std::string_view sql);
  Result<SqliteStmt> Prepare(std::string_view sql);
  sqlite3* handle() const { return db_; }

 private:
  explicit SqliteDb(sqlite3* db) : db_(db) {}
  sqlite3* db_;
};

// Maps a SQLite result code to a Status with `context` and the connection's message.
Status SqliteError(sqlite3* db, int rc, std::string_view context);

}  // namespace affinity
