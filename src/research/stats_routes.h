// HTTP handlers of the statistics engine: POST /api/v1/stats/<method> answers JSON, and
// POST /api/v1/stats/plot/<kind> answers an SVG picture. They compute on the numbers the
// request carries and read nothing from the database.
#pragma once
#include <string>

#include "http/context.h"

namespace kinship::research {

// Returns the handler for one method ("meta", "chisq", …) or one plot ("forest", …).
http::RouteHandler StatsHandler(std::string method);
http::RouteHandler StatsPlotHandler(std::string kind);

}  // namespace kinship::research
