#!/usr/bin/env bash
# Builds the end-to-end toolchain from registry packages only (the Go module proxy and PyPI) into a
# cache outside the clone, and prints the directory of the built programs on its last line.
#
#   bash test/e2e/toolchain.sh            build what the cache lacks, print <cache>/<key>/bin
#   bash test/e2e/toolchain.sh --key      print the cache key only
#
# Versions: test/e2e/versions.env (the one place). Wrapper modules: test/e2e/toolchain/<tool>/.
# Cache: ${WANDB_SSO_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/wandb-sso-e2e}/<key>/ with the Go
# module and build caches beside it (content-addressed, shared by every key), so a second run
# costs seconds and a version change rebuilds only what it touches.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=versions.env
source "$here/versions.env"

root="${WANDB_SSO_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/wandb-sso-e2e}"
# The key leaves out the versions only keycloak.sh reads (KEYCLOAK_, MAVEN_): they build nothing here.
key="$(cd "$here" && { grep -Ev '^(KEYCLOAK|MAVEN)_' versions.env; cat toolchain.sh $(find toolchain -type f | LC_ALL=C sort); } |
    sha256sum | cut -c1-16)"
if [ "${1:-}" = "--key" ]; then echo "$key"; exit 0; fi

bin="$root/$key/bin"
work="$root/$key/work"
mkdir -p "$bin" "$work"
export GOMODCACHE="$root/go/mod" GOCACHE="$root/go/build" GOFLAGS="-mod=readonly -buildvcs=false" \
    GOTOOLCHAIN=local GOPROXY="${GOPROXY:-https://proxy.golang.org}"
log() { printf '[toolchain] %s\n' "$*" >&2; }

# A wrapper module must require exactly what versions.env says.
requires() { # <dir> <module> <version>
    grep -Eq "^[[:space:]]*(require )?$2 $3( |$)" "$here/toolchain/$1/go.mod" ||
        { log "toolchain/$1/go.mod does not require $2 $3 (versions.env): update one of them"; exit 1; }
}
requires pulumi github.com/pulumi/pulumi/pkg/v3 "v$PULUMI_VERSION"
requires pulumi github.com/pulumi/pulumi/sdk/v3 "v$PULUMI_VERSION"
requires kubernetes-provider github.com/pulumi/pulumi-kubernetes/provider/v4 "$KUBERNETES_PROVIDER_MODULE_VERSION"
requires kubernetes k8s.io/kubernetes "v$KUBERNETES_VERSION"
requires etcd go.etcd.io/etcd/server/v3 "v$ETCD_VERSION"
requires kwok sigs.k8s.io/kwok "v$KWOK_VERSION"

# step <output> <description> <command...>: runs the command only when <output> is missing, and
# times it, so the log says where a cold build spends its time.
step() {
    local out=$1 what=$2 start
    shift 2
    if [ -e "$out" ]; then return 0; fi
    log "building $what"
    start=$(date +%s)
    "$@" >&2
    log "built $what in $(($(date +%s) - start)) s"
}

build_pulumi() {
    cd "$here/toolchain/pulumi"
    go build -o "$bin/pulumi" \
        -ldflags "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$PULUMI_VERSION" \
        github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
}
build_nodejs_host() {
    cd "$here/toolchain/pulumi"
    go build -o "$bin/pulumi-language-nodejs" \
        -ldflags "-X main.version=$PULUMI_VERSION" ./langhost-nodejs
}
build_python_host() {
    cd "$here/toolchain/pulumi"
    go build -o "$bin/pulumi-language-python" \
        -ldflags "-X main.version=$PULUMI_VERSION" ./langhost-python
}
build_yaml_host() {
    GOBIN="$bin" GOFLAGS=-buildvcs=false go install \
        -ldflags "-X github.com/pulumi/pulumi-yaml/pkg/version.Version=v$PULUMI_YAML_VERSION" \
        "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml@v$PULUMI_YAML_VERSION"
}
build_kubernetes_provider() {
    # The provider's command embeds two files its module does not carry; its generate.go makes them
    # from schema.json (with the version set) and terraform-mapping.json, which it does carry. Do
    # the same into a build copy of the wrapper module, then build the wrapper's own main.
    local mod dir="$work/kubernetes-provider"
    # `go list -m` names the module's directory only once it is in the module cache (an empty
    # cache gave "", found by a CI run with an empty cache): download it first.
    local module=github.com/pulumi/pulumi-kubernetes/provider/v4
    mod="$(cd "$here/toolchain/kubernetes-provider" && go mod download "$module" && go list -m -f '{{.Dir}}' "$module")"
    [ -n "$mod" ] && [ -f "$mod/cmd/pulumi-resource-kubernetes/schema.json" ] || {
        echo "$module: no cmd/pulumi-resource-kubernetes/schema.json in the module cache (${mod:-no directory})" >&2
        return 1
    }
    rm -rf "$dir" && mkdir -p "$dir" && cp "$here/toolchain/kubernetes-provider/"* "$dir/"
    node -e '
        const fs = require("fs");
        const [src, dst, version] = process.argv.slice(1);
        const schema = JSON.parse(fs.readFileSync(src + "/schema.json", "utf8"));
        schema.version = version;
        fs.writeFileSync(dst + "/schema-embed.json", JSON.stringify(schema));
        const mapping = JSON.parse(fs.readFileSync(src + "/terraform-mapping.json", "utf8"));
        fs.writeFileSync(dst + "/terraform-mapping-embed.json", JSON.stringify(mapping));
    ' "$mod/cmd/pulumi-resource-kubernetes" "$dir" "$KUBERNETES_PROVIDER_VERSION"
    cd "$dir"
    go build -o "$bin/pulumi-resource-kubernetes" \
        -ldflags "-X github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/version.Version=$KUBERNETES_PROVIDER_VERSION" .
}
build_kubernetes() {
    cd "$here/toolchain/kubernetes"
    local minor=${KUBERNETES_VERSION#*.}
    minor=${minor%%.*}
    local v=k8s.io/component-base/version
    local ldflags="-X $v.gitVersion=v$KUBERNETES_VERSION -X $v.gitMajor=1 -X $v.gitMinor=$minor -X $v.gitTreeState=clean -X $v.buildDate=1970-01-01T00:00:00Z"
    ldflags="$ldflags -X k8s.io/client-go/pkg/version.gitVersion=v$KUBERNETES_VERSION"
    go build -o "$bin/" -ldflags "$ldflags" \
        k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager \
        k8s.io/kubernetes/cmd/kube-scheduler k8s.io/kubernetes/cmd/kubectl
}
build_etcd() {
    cd "$here/toolchain/etcd"
    go build -o "$bin/etcd" go.etcd.io/etcd/server/v3
}
build_kwok() {
    cd "$here/toolchain/kwok"
    go build -o "$bin/kwok" sigs.k8s.io/kwok/cmd/kwok
}
build_helm() {
    GOBIN="$bin" GOFLAGS=-buildvcs=false go install \
        -ldflags "-X helm.sh/helm/v3/internal/version.version=v$HELM_VERSION" \
        "helm.sh/helm/v3/cmd/helm@v$HELM_VERSION"
}
build_python() {
    python3 -m venv "$root/$key/venv"
    "$root/$key/venv/bin/pip" install --quiet --disable-pip-version-check "pulumi==$PYTHON_PULUMI_VERSION"
}

step "$bin/pulumi" "the Pulumi CLI v$PULUMI_VERSION" build_pulumi
step "$bin/pulumi-language-nodejs" "the Node.js language host" build_nodejs_host
step "$bin/pulumi-language-python" "the Python language host" build_python_host
step "$bin/pulumi-resource-kubernetes" "the Kubernetes provider v$KUBERNETES_PROVIDER_VERSION" build_kubernetes_provider
step "$bin/kube-apiserver" "kube-apiserver, kube-controller-manager, kube-scheduler, kubectl v$KUBERNETES_VERSION" build_kubernetes
step "$bin/etcd" "etcd v$ETCD_VERSION" build_etcd
step "$bin/kwok" "kwok v$KWOK_VERSION" build_kwok
step "$bin/helm" "Helm v$HELM_VERSION" build_helm
step "$bin/pulumi-language-yaml" "the YAML language host v$PULUMI_YAML_VERSION" build_yaml_host
step "$root/$key/venv/bin/python" "a Python venv with pulumi==$PYTHON_PULUMI_VERSION" build_python

echo "$bin"
