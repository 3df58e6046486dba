#!/usr/bin/env bash
# Copy the front-end packages installed by npm into static/vendor, where WhiteNoise serves them.
set -euo pipefail
cd "$(dirname "$0")/.."
v=static/vendor
mkdir -p $v/tabler/css $v/tabler/js $v/tabler-icons/fonts $v/htmx $v/echarts
cp node_modules/@tabler/core/dist/css/tabler.min.css $v/tabler/css/
cp node_modules/@tabler/core/dist/js/tabler.min.js $v/tabler/js/
cp node_modules/@tabler/icons-webfont/dist/tabler-icons.min.css $v/tabler-icons/
cp node_modules/@tabler/icons-webfont/dist/fonts/tabler-icons.woff2 $v/tabler-icons/fonts/
cp node_modules/htmx.org/dist/htmx.min.js $v/htmx/
cp node_modules/echarts/dist/echarts.min.js $v/echarts/
mkdir -p $v/trix
cp node_modules/trix/dist/trix.umd.min.js node_modules/trix/dist/trix.css $v/trix/
