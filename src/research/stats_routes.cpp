#include "research/stats_routes.h"

#include "http/problem.h"
#include "research/stats_service.h"

namespace kinship::research {

http::RouteHandler StatsHandler(std::string method) {
  return [method](http::Context& ctx) {
    Result<nlohmann::json> out = RunStats(method, ctx.req.body);
    if (!out.ok()) return http::ProblemFromStatus(out.status());
    return http::Json(200, *out);
  };
}

http::RouteHandler StatsPlotHandler(std::string kind) {
  return [kind](http::Context& ctx) {
    Result<std::string> svg = DrawStatsPlot(kind, ctx.req.body);
    if (!svg.ok()) return http::ProblemFromStatus(svg.status());
    http::Response res;
    res.status = 200;
    res.content_type = "image/svg+xml; charset=utf-8";
    res.body = std::move(*svg);
    // The picture is data, not a document: no scripts, no styles from elsewhere.
    res.SetHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
    res.SetHeader("Content-Disposition", "inline; filename=\"" + kind + ".svg\"");
    return res;
  };
}

}  // namespace kinship::research
