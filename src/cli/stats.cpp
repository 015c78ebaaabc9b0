// `kinship stats <method>`: the statistics engine on a CSV file (or - for standard input),
// printing a readable table, or the API's JSON answer with --json. The interface is a
// contract that scripts depend on (docs/STATS.md); every method goes through the same
// research::RunStats as POST /api/v1/stats/<method>.
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/common.h"
#include "cli/stats_format.h"
#include "research/stats_service.h"

namespace kinship::cli {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxInputBytes = 64 * 1024 * 1024;

struct StatsFlags {
  std::string file;
  bool json_output = false;
  // meta
  std::string measure = "PLO", method = "REML", order, subgroup, svg, plot, title;
  double level = 95;
  bool cumulative = false, leave_one_out = false;
  // chisq
  bool yates = false, fisher = false;
  // prop
  long long events = -1, total = -1;
  std::string prop_method = "wilson";
  // mcnemar
  long long both_yes = -1, yes_no = -1, no_yes = -1, both_no = -1;
  // ears
  double min_sigma = 0;
};

// Reads FILE, or standard input for "-"; nullopt (after a message) when it cannot.
std::optional<std::string> ReadInput(const std::string& file) {
  std::string text;
  if (file == "-") {
    text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  } else {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
      Fail(kExitFailure, "cannot read " + file);
      return std::nullopt;
    }
    text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  if (text.size() > kMaxInputBytes) {
    Fail(kExitFailure, file + " is larger than 64 MB");
    return std::nullopt;
  }
  return text;
}

// Prints a failed run the way a person can fix it: the message and each field's reason.
int Report(const Status& status) {
  std::cerr << "kinship stats: " << status.message() << "\n";
  for (const FieldError& e : status.field_errors()) {
    if (e.field == "csv") {
      std::cerr << "  " << e.message << "\n";
    } else {
      std::cerr << "  " << e.field << ": " << e.message << "\n";
    }
  }
  return kExitFailure;
}

int Run(const std::string& method, const json& request, const StatsFlags& flags) {
  Result<json> out = research::RunStats(method, request.dump());
  if (!out.ok()) return Report(out.status());
  if (method == "meta" && !flags.svg.empty()) {
    const std::string kind = !flags.plot.empty() ? flags.plot : (flags.cumulative ? "cumulative" : "forest");
    Result<std::string> svg = research::DrawStatsPlot(kind, request.dump());
    if (!svg.ok()) return Report(svg.status());
    std::ofstream file(flags.svg, std::ios::binary | std::ios::trunc);
    file << *svg;
    if (!file.good()) return Fail(kExitFailure, "cannot write " + flags.svg);
  }
  if (flags.json_output) {
    std::cout << out->dump(2) << "\n";
  } else {
    PrintStats(std::cout, method, *out);
  }
  return kExitOk;
}

int RunWithFile(const std::string& method, json request, const StatsFlags& flags) {
  const std::optional<std::string> text = ReadInput(flags.file);
  if (!text) return kExitFailure;
  request["csv"] = *text;
  return Run(method, request, flags);
}

CLI::App* Method(CLI::App* stats, const char* name, const char* help, StatsFlags& flags, bool file) {
  auto* cmd = stats->add_subcommand(name, help);
  if (file) cmd->add_option("FILE", flags.file, "CSV with a header row, or - for standard input")->required();
  cmd->add_flag("--json", flags.json_output, "Print the answer as JSON (the API's answer)");
  return cmd;
}

}  // namespace

void AddStats(CLI::App& app, int* exit_code) {
  auto* stats = app.add_subcommand("stats", "Statistics on CSV data: meta-analysis, chi-square, trend, proportions, "
                                            "McNemar, EARS aberration detection");
  stats->require_subcommand(1);
  static StatsFlags flags;

  auto* meta = Method(stats, "meta", "Meta-analysis of proportions (columns study,events,total)", flags, true);
  meta->add_option("--measure", flags.measure, "PR, PLO, PAS or PFT")->check(CLI::IsMember({"PR", "PLO", "PAS", "PFT"}));
  meta->add_option("--method", flags.method, "FE, DL or REML")->check(CLI::IsMember({"FE", "DL", "REML"}));
  meta->add_option("--level", flags.level, "Confidence level in percent (default 95)");
  meta->add_flag("--cumulative", flags.cumulative, "Cumulative meta-analysis (in file order, or --order)");
  meta->add_option("--order", flags.order, "Column that orders the cumulative meta-analysis (e.g. year)");
  meta->add_option("--subgroup", flags.subgroup, "Column of subgroups: pooled apart, with the between-groups Q test");
  meta->add_flag("--leave-one-out", flags.leave_one_out, "Pool again without each study in turn");
  meta->add_option("--svg", flags.svg, "Write a plot to this file (forest; cumulative with --cumulative)");
  meta->add_option("--plot", flags.plot, "Which plot --svg writes: forest, cumulative or funnel")
      ->check(CLI::IsMember({"forest", "cumulative", "funnel"}));
  meta->add_option("--title", flags.title, "Title drawn above the plot");
  meta->callback([exit_code] {
    json request = {{"measure", flags.measure}, {"method", flags.method}, {"level", flags.level}};
    if (flags.cumulative) request["cumulative"] = true;
    if (!flags.order.empty()) request["order"] = flags.order;
    if (!flags.subgroup.empty()) request["subgroup"] = flags.subgroup;
    if (flags.leave_one_out) request["leave_one_out"] = true;
    if (!flags.title.empty()) request["title"] = flags.title;
    *exit_code = RunWithFile("meta", request, flags);
  });

  auto* chisq = Method(stats, "chisq", "Pearson's chi-square on a table of counts (one CSV row per table row)", flags, true);
  chisq->add_flag("--yates", flags.yates, "Yates' continuity correction (2×2 tables)");
  chisq->add_flag("--fisher", flags.fisher, "Also Fisher's exact test (2×2 tables)");
  chisq->add_option("--level", flags.level, "Confidence level of the odds ratio in percent (default 95)");
  chisq->callback([exit_code] {
    json request = {{"yates", flags.yates}, {"fisher", flags.fisher}, {"level", flags.level}};
    *exit_code = RunWithFile("chisq", request, flags);
  });

  auto* trend = Method(stats, "trend", "Cochran–Armitage test for trend (columns events,total and optional score)", flags, true);
  trend->callback([exit_code] { *exit_code = RunWithFile("trend", json::object(), flags); });

  auto* prop = Method(stats, "prop", "A proportion and its confidence interval", flags, false);
  prop->add_option("--events", flags.events, "Number with the outcome")->required();
  prop->add_option("--total", flags.total, "Number asked or tested")->required();
  prop->add_option("--method", flags.prop_method, "wilson, wilson-cc, exact or agresti-coull")
      ->check(CLI::IsMember({"wilson", "wilson-cc", "exact", "agresti-coull"}));
  prop->add_option("--level", flags.level, "Confidence level in percent (default 95)");
  prop->callback([exit_code] {
    json request = {{"events", flags.events}, {"total", flags.total}, {"method", flags.prop_method}, {"level", flags.level}};
    *exit_code = Run("prop", request, flags);
  });

  auto* mcnemar = Method(stats, "mcnemar", "McNemar's test for paired before/after answers", flags, false);
  mcnemar->add_option("--both-yes", flags.both_yes, "Yes before and after")->required();
  mcnemar->add_option("--yes-no", flags.yes_no, "Yes before, no after")->required();
  mcnemar->add_option("--no-yes", flags.no_yes, "No before, yes after")->required();
  mcnemar->add_option("--both-no", flags.both_no, "No before and after")->required();
  mcnemar->callback([exit_code] {
    json request = {{"both_yes", flags.both_yes}, {"yes_no", flags.yes_no}, {"no_yes", flags.no_yes},
                    {"both_no", flags.both_no}};
    *exit_code = Run("mcnemar", request, flags);
  });

  auto* ears = Method(stats, "ears", "EARS C1, C2 and C3 aberration detection on daily counts (columns date,count)", flags, true);
  ears->add_option("--minsigma", flags.min_sigma, "Floor on the baseline standard deviation (default 0)");
  ears->callback([exit_code] { *exit_code = RunWithFile("ears", {{"min_sigma", flags.min_sigma}}, flags); });
}

}  // namespace kinship::cli
