// TempDataDir: a fresh data directory under /tmp for one test, removed with everything in it when
// the test ends. For tests of the SQLite adapters.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <string>
#include <system_error>

namespace affinity {

class TempDataDir {
 public:
  TempDataDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "affinity-test-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) ADD_FAILURE() << "mkdtemp failed for " << pattern;
    root_ = pattern;
  }
  ~TempDataDir() {
    std::error_code ec;
    std::filesystem::remove_all(root_, ec);
  }
  TempDataDir(const TempDataDir&) = delete;
  TempDataDir& operator=(const TempDataDir&) = delete;

  // A data directory inside the temporary one, not created yet (the stores create it).
  std::filesystem::path data() const { return root_ / "data"; }
  const std::filesystem::path& root() const { return root_; }

 private:
  std::filesystem::path root_;
};

}  // namespace affinity
