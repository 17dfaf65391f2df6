#!/usr/bin/env bash
# NSS's certutil, which puts a CA into a browser's trust store (Chromium on Linux trusts the NSS
# database in $HOME/.pki/nssdb), from Debian's libnss3-tools package: `apt-get download` (the
# Debian registry, nothing installed on the machine) unpacked into a cache outside the clone, keyed
# by the package's version; prints certutil's path on its last line.
set -euo pipefail
root="${WANDB_SSO_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/wandb-sso-e2e}"
version="$(apt-cache policy libnss3-tools | awk '/Candidate:/ { print $2 }')"
if [ -z "$version" ] || [ "$version" = "(none)" ]; then
    printf '[certutil] apt has no libnss3-tools: run apt-get update\n' >&2
    exit 1
fi
dir="$root/nss/$(printf '%s' "$version" | tr -c 'A-Za-z0-9.+-' '_')"
if [ -x "$dir/usr/bin/certutil" ]; then
    echo "$dir/usr/bin/certutil"
    exit 0
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
printf '[certutil] fetching libnss3-tools %s\n' "$version" >&2
(cd "$work" && apt-get download "libnss3-tools=$version" >&2 2>/dev/null)
mkdir -p "$dir.tmp.$$"
dpkg -x "$work"/libnss3-tools_*.deb "$dir.tmp.$$"
rm -rf "$dir"
mv "$dir.tmp.$$" "$dir"
echo "$dir/usr/bin/certutil"
