// FileDrop: a watched directory through which exports (a POS CSV, a saved webhook body) enter the
// intake. A file at <dir>/<channel>/<name> is a delivery of that channel's "default" account, at
// <dir>/<channel>/<account>/<name> of that account. Once the inbox holds it durably the file moves
// to <dir>/processed/<channel>/<account>/; a file that cannot be taken (unknown channel, bad
// account) moves to <dir>/rejected/... beside a <name>.error.txt saying why.
//
// Writers should write to a dot-file or a *.tmp / *.part name and rename it when complete; files
// are also left alone until they have not changed for `settle` (so a slow copy is not read
// half-way). The delivery id is "file:<name>:<content hash>", so the same file dropped twice is
// one delivery, even when a crash came between taking it and moving it.
//
// Thread safety: Scan may run on its own thread (Start) or be called directly; not both at once.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <thread>

#include "intake/intake_service.hpp"

namespace affinity {

class FileDrop {
 public:
  FileDrop(std::filesystem::path dir, IntakeService& intake,
           std::chrono::milliseconds settle = std::chrono::milliseconds(1000));
  ~FileDrop();  // stops the watcher

  // Creates the directory and one folder per channel, so users see where to drop. Returns
  // Internal when the directory cannot be created.
  Status Prepare();
  // Takes every ready file once; returns how many were taken into the inbox.
  std::size_t Scan();
  // Scans every `interval` on a thread of its own until Stop (idempotent).
  void Start(std::chrono::milliseconds interval);
  void Stop();

 private:
  void Take(const std::filesystem::path& file, const std::string& channel,
            const std::string& account);
  void MoveAside(const std::filesystem::path& file, const std::string& folder,
                 const std::string& channel, const std::string& account, const std::string& error);

  std::filesystem::path dir_;
  IntakeService& intake_;
  std::chrono::milliseconds settle_;
  std::size_t taken_ = 0;

  std::mutex mu_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace affinity
