#include "cli/file_drop.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <fstream>
#include <sstream>

#include "intake/adapters.hpp"

namespace affinity {
namespace fs = std::filesystem;
namespace {

bool Ignored(const fs::path& file) {
  const std::string name = file.filename().string();
  return name.empty() || name.front() == '.' || name.ends_with(".tmp") || name.ends_with(".part") ||
         name.ends_with(".error.txt");
}

// FNV-1a 64: a stable content hash for the delivery id (not a security measure).
std::string ContentHash(std::string_view bytes) {
  std::uint64_t h = 14695981039346656037ull;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return fmt::format("{:016x}", h);
}

}  // namespace

FileDrop::FileDrop(fs::path dir, IntakeService& intake, std::chrono::milliseconds settle)
    : dir_(std::move(dir)), intake_(intake), settle_(settle) {}

FileDrop::~FileDrop() { Stop(); }

Status FileDrop::Prepare() {
  std::error_code ec;
  for (const ChannelAdapter* a : ChannelAdapters()) {
    fs::create_directories(dir_ / std::string(a->name()), ec);
    if (ec) {
      return Status::Internal(
          fmt::format("cannot create drop directory '{}': {}", dir_.string(), ec.message()));
    }
  }
  return Status::Ok();
}

std::size_t FileDrop::Scan() {
  const std::size_t before = taken_;
  std::error_code ec;
  const auto ready_before = fs::file_time_type::clock::now() - settle_;
  for (const fs::directory_entry& channel_dir : fs::directory_iterator(dir_, ec)) {
    const std::string channel = channel_dir.path().filename().string();
    if (!channel_dir.is_directory() || channel == "processed" || channel == "rejected" ||
        Ignored(channel_dir.path())) {
      continue;
    }
    std::error_code walk_ec;
    for (const fs::directory_entry& e : fs::directory_iterator(channel_dir.path(), walk_ec)) {
      if (Ignored(e.path())) continue;
      if (e.is_directory()) {
        std::error_code inner_ec;
        for (const fs::directory_entry& f : fs::directory_iterator(e.path(), inner_ec)) {
          if (!f.is_regular_file() || Ignored(f.path())) continue;
          if (f.last_write_time() > ready_before) continue;
          Take(f.path(), channel, e.path().filename().string());
        }
      } else if (e.is_regular_file() && e.last_write_time() <= ready_before) {
        Take(e.path(), channel, "default");
      }
    }
  }
  return taken_ - before;
}

void FileDrop::Take(const fs::path& file, const std::string& channel, const std::string& account) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return;  // gone or unreadable for now: the next scan tries again
  std::stringstream bytes;
  bytes << in.rdbuf();
  in.close();
  RawDelivery delivery;
  delivery.channel = channel;
  delivery.account = account;
  delivery.body = bytes.str();
  const std::string name = file.filename().string();
  delivery.headers.Set(kGenericDeliveryIdHeader,
                       fmt::format("file:{}:{}", name, ContentHash(delivery.body)));
  Result<Receipt> receipt = intake_.Receive(std::move(delivery), "file:" + name);
  if (!receipt.ok()) {
    if (receipt.status().code() == StatusCode::kUnavailable) return;  // busy: next scan
    spdlog::warn("file drop: {}: {}", file.string(), receipt.status().message());
    MoveAside(file, "rejected", channel, account, receipt.status().message());
    return;
  }
  ++taken_;
  spdlog::info("file drop: {} -> delivery {}{}", file.string(), receipt->delivery,
               receipt->duplicate ? " (duplicate)" : "");
  MoveAside(file, "processed", channel, account, "");
}

void FileDrop::MoveAside(const fs::path& file, const std::string& folder,
                         const std::string& channel, const std::string& account,
                         const std::string& error) {
  std::error_code ec;
  const fs::path to_dir = dir_ / folder / channel / account;
  fs::create_directories(to_dir, ec);
  fs::path to = to_dir / file.filename();
  for (int n = 1; fs::exists(to, ec); ++n) {
    to = to_dir / fmt::format("{}.{}", file.filename().string(), n);
  }
  fs::rename(file, to, ec);
  if (ec)
    spdlog::error("file drop: cannot move {} to {}: {}", file.string(), to.string(), ec.message());
  if (!error.empty()) std::ofstream(to.string() + ".error.txt") << error << "\n";
}

void FileDrop::Start(std::chrono::milliseconds interval) {
  std::lock_guard lock(mu_);
  if (thread_.joinable()) return;
  stop_ = false;
  thread_ = std::thread([this, interval] {
    std::unique_lock lock(mu_);
    while (!stop_) {
      lock.unlock();
      Scan();
      lock.lock();
      wake_.wait_for(lock, interval, [this] { return stop_; });
    }
  });
}

void FileDrop::Stop() {
  {
    std::lock_guard lock(mu_);
    if (!thread_.joinable()) return;
    stop_ = true;
    wake_.notify_one();
  }
  thread_.join();
  thread_ = std::thread();
}

}  // namespace affinity
