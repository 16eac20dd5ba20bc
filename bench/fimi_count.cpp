// fimi_count FILE MINSUP_FRACTION: reads a FIMI file, counts its frequent itemsets with FP-growth
// and prints one line, "itemsets=N min_support=S parse_seconds=P mine_seconds=M total_seconds=T",
// then the count per length. Used by bench/weka_compare.sh; exits 1 with a message on error.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "mining/fp_growth.hpp"
#include "mining/transactions.hpp"

int main(int argc, char** argv) {
  using Clock = std::chrono::steady_clock;
  if (argc != 3) {
    std::cerr << "usage: fimi_count FILE MINSUP_FRACTION   (e.g. fimi_count retail.dat 0.0001)\n";
    return 2;
  }
  auto t0 = Clock::now();
  std::ifstream in(argv[1], std::ios::binary);
  if (!in) {
    std::cerr << "fimi_count: cannot open '" << argv[1] << "'\n";
    return 1;
  }
  std::stringstream buf;
  buf << in.rdbuf();
  std::string text = buf.str();
  auto parsed = affinity::mining::ParseFimi(text);
  if (!parsed.ok()) {
    std::cerr << "fimi_count: " << argv[1] << ": " << parsed.status().ToString() << "\n";
    return 1;
  }
  auto t1 = Clock::now();
  affinity::mining::FpGrowthOptions options;
  options.min_support =
      affinity::mining::MinSupportFromFraction(std::atof(argv[2]), parsed->size());
  auto counts = affinity::mining::CountFrequentItemsets(*parsed, options);
  auto t2 = Clock::now();
  if (!counts.ok()) {
    std::cerr << "fimi_count: " << counts.status().ToString() << "\n";
    return 1;
  }
  auto secs = [](auto d) { return std::chrono::duration<double>(d).count(); };
  std::printf("itemsets=%llu min_support=%llu parse_seconds=%.4f mine_seconds=%.4f total_seconds=%.4f\n",
              static_cast<unsigned long long>(counts->total),
              static_cast<unsigned long long>(options.min_support), secs(t1 - t0), secs(t2 - t1),
              secs(t2 - t0));
  std::printf("by_length=");
  for (std::size_t k = 1; k < counts->by_length.size(); ++k) {
    std::printf("%s%llu", k > 1 ? "," : "", static_cast<unsigned long long>(counts->by_length[k]));
  }
  std::printf("\n");
  return 0;
}
