#!/usr/bin/env bash
# Install the Debian packages baocao needs (Chromium for browser tests, fonts with Vietnamese
# glyphs, Pango for WeasyPrint, poppler for PDF checks). Runs only what is missing; needs root.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
[ -e /usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf ] || need+=(fonts-liberation2)
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core)
ldconfig -p 2>/dev/null | grep -q libpango-1.0.so.0 || need+=(libpango-1.0-0 libpangoft2-1.0-0)
ldconfig -p 2>/dev/null | grep -q libharfbuzz-subset.so.0 || need+=(libharfbuzz-subset0)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
# A real PKCS#11 token for the signing tests, and LibreOffice to render DOCX as Word users see it.
command -v softhsm2-util >/dev/null 2>&1 || need+=(softhsm2)
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
# The loopback scale-out (scripts/cluster, bench/cluster.py): nginx and pgbouncer.
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need+=(nginx)
command -v pgbouncer >/dev/null 2>&1 || [ -x /usr/sbin/pgbouncer ] || need+=(pgbouncer)
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "baocao: these Debian packages are missing: ${need[*]}" >&2
  echo "        install them with: sudo apt-get install ${need[*]}" >&2
  exit 0
fi
echo "baocao: installing Debian packages: ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
