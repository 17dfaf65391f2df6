#!/usr/bin/env bash
# Builds the stand-in of W&B Server's login side (test/e2e/wandb-login/, a Go module of its own:
# go-oidc and x/oauth2 from the Go module proxy) into a cache outside the clone, keyed by a hash of
# its sources and the Go version; prints the binary's path on its last line.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
src="$here/wandb-login"
root="${WANDB_SSO_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/wandb-sso-e2e}"
export GOMODCACHE="$root/go/mod" GOCACHE="$root/go/build" GOFLAGS="-mod=readonly -buildvcs=false" \
    GOTOOLCHAIN=local GOPROXY="${GOPROXY:-https://proxy.golang.org}"

key="$(cd "$src" && { go env GOVERSION; cat go.mod go.sum $(find . -name '*.go' | LC_ALL=C sort); } | sha256sum | cut -c1-16)"
out="$root/wandb-login/$key/wandb-login"
if [ -x "$out" ]; then
    echo "$out"
    exit 0
fi
mkdir -p "$(dirname "$out")"
start=$(date +%s)
printf '[wandb-login] building the W&B login stand-in\n' >&2
(cd "$src" && go build -trimpath -o "$out.tmp.$$" .)
mv "$out.tmp.$$" "$out"
printf '[wandb-login] built in %s s\n' "$(($(date +%s) - start))" >&2
echo "$out"
