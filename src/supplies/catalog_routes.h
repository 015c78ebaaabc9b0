// HTTP handlers for the supply catalog: /api/v1/items, /kits, /lots and their CSV files.
#pragma once

#include "http/context.h"

namespace kinship::supplies {

http::Response HandleListItems(http::Context& ctx);
http::Response HandleGetItem(http::Context& ctx);
http::Response HandleCreateItem(http::Context& ctx);
http::Response HandlePatchItem(http::Context& ctx);

http::Response HandleListKits(http::Context& ctx);
http::Response HandleGetKit(http::Context& ctx);
http::Response HandleCreateKit(http::Context& ctx);
http::Response HandlePatchKit(http::Context& ctx);
http::Response HandleArchiveKit(http::Context& ctx);

http::Response HandleListLots(http::Context& ctx);
http::Response HandleCreateLot(http::Context& ctx);

http::Response HandleExportItemsCsv(http::Context& ctx);
http::Response HandleImportItemsCsv(http::Context& ctx);
http::Response HandleExportLotsCsv(http::Context& ctx);
http::Response HandleImportLotsCsv(http::Context& ctx);

}  // namespace kinship::supplies
