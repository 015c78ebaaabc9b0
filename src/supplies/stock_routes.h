// HTTP handlers for /api/v1/stock: moving stock by hand and reading it (per site, low,
// expiring, the stock card).
#pragma once

#include "http/context.h"

namespace kinship::supplies {

http::Response HandleReceiveStock(http::Context& ctx);
http::Response HandleTransferStock(http::Context& ctx);
http::Response HandleAdjustStock(http::Context& ctx);
http::Response HandleDisposeStock(http::Context& ctx);
http::Response HandleExpireStock(http::Context& ctx);
http::Response HandleCountStock(http::Context& ctx);

http::Response HandleListStock(http::Context& ctx);
http::Response HandleStockCard(http::Context& ctx);
http::Response HandleLowStock(http::Context& ctx);
http::Response HandleExpiringStock(http::Context& ctx);

}  // namespace kinship::supplies
