// `affinity serve`: the HTTP API and the web console over a data directory, with the order
// intake's worker and its file drop, until SIGINT/SIGTERM.
#pragma once

#include <string>

#include "server/http_server.hpp"

namespace affinity {

struct ServeFlags {
  ServerOptions server;
  std::string port_file;       // "" = none; else the bound port is written there once listening
  std::string segments;        // customer lifecycle thresholds as JSON; "" = defaults
  std::string intake_config;   // JSON file of IntakeOptions; "" = defaults
  std::string drop_dir;        // "" = <data>/drop
  bool metrics_public = false;
  double rate_limit = 1000;    // per key, requests per second; 0 = unlimited
  std::string web_dir;         // the built console; "" = the checkout's web/dist
  double coverage_goal = 0.85;  // the default goal of GET /v1/reports/coverage
};

// The console build this binary looks for by default: web/dist of the source tree it was built
// from.
std::string DefaultWebDir();

int RunServe(const std::string& data_dir, const ServeFlags& flags);

}  // namespace affinity
