#!/bin/sh
# Renders the PNG app icons from public/icons/icon.svg with the system Chromium.
# Run by hand after changing the SVG; the PNGs are committed (the build does not need Chromium).
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
svg="$here/public/icons/icon.svg"
for size in 192 512; do
  # "any" icon: the rounded square as drawn.
  printf '<html><body style="margin:0;background:transparent"><img src="file://%s" width="%s" height="%s"></body></html>' \
    "$svg" "$size" "$size" >"$tmp/any.html"
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --default-background-color=00000000 \
    --window-size="$size,$size" --screenshot="$here/public/icons/icon-$size.png" "file://$tmp/any.html" 2>/dev/null
done
# "maskable" icon: full-bleed background, artwork inside the 80% safe zone.
printf '<html><body style="margin:0;background:#0d5c58"><img src="file://%s" width="410" height="410" style="margin:51px"></body></html>' \
  "$svg" >"$tmp/maskable.html"
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars \
  --window-size=512,512 --screenshot="$here/public/icons/icon-maskable-512.png" "file://$tmp/maskable.html" 2>/dev/null
ls -l "$here/public/icons"
