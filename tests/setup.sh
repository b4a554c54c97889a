#!/usr/bin/env bash
# Sets up what the tests need; the README's second command (and .ci/run) is
#     tests/setup.sh && cargo test On a machine with only Rust it installs, when missing:
#   - Debian's Chromium and a Japanese font (the browser tests; without the font Japanese pages
#     render as boxes), and the PDF and QR tools the booklet tests read PDFs with;
#   - the npm packages of the accessibility check (tests/browser: axe-core, playwright-core);
#   - Java and the npm packages of the conformance check (tests/conformance: the W3C Nu HTML
#     Checker, Lighthouse).
# apt-get needs root (or sudo).
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
fc-list :lang=ja 2>/dev/null | grep -q . || need_apt+=(fonts-noto-cjk)
command -v pdftotext >/dev/null 2>&1 || need_apt+=(poppler-utils)
command -v zbarimg >/dev/null 2>&1 || need_apt+=(zbar-tools)
command -v node >/dev/null 2>&1 || need_apt+=(nodejs npm)
command -v java >/dev/null 2>&1 || need_apt+=(default-jre-headless)

if [ ${#need_apt[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "installing ${need_apt[*]} (Debian packages the browser tests use)" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi
if [ ! -d tests/browser/node_modules/axe-core ] || [ ! -d tests/browser/node_modules/playwright-core ]; then
  npm ci --prefix tests/browser --no-audit --no-fund
fi
if [ ! -f tests/conformance/node_modules/vnu-jar/build/dist/vnu.jar ] || [ ! -d tests/conformance/node_modules/lighthouse ]; then
  npm ci --prefix tests/conformance --no-audit --no-fund
fi
