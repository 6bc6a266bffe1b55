#!/usr/bin/env bash
# System packages the tests need: Debian's chromium for the report's browser test.
# Idempotent and quiet; never fails CI when chromium is already there.
set -u
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "setup-system: /usr/bin/chromium missing and cannot apt-get install it (need root + apt); the browser test will be skipped" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
if apt-get update -qq >/dev/null && apt-get install -y -qq chromium >/dev/null; then
  echo "setup-system: installed $(/usr/bin/chromium --version 2>/dev/null)"
  # Vietnamese glyphs for screenshots; chromium runs without it.
  apt-get install -y -qq fonts-dejavu-core >/dev/null 2>&1 || true
else
  echo "setup-system: apt-get install chromium failed; the browser test will be skipped" >&2
fi
exit 0
