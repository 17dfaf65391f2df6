#!/usr/bin/env bash
# Fetches the Keycloak server (versions.env) from Maven Central and runs its build step once, into a
# cache outside the clone; prints the built server's directory on its last line.
#
#   bash test/e2e/keycloak.sh     fetch and build when the cache lacks this version, print its directory
#
# Cache: ${WANDB_SSO_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/wandb-sso-e2e}/keycloak/<version>/,
# the Maven repository beside it (m2/). The built folder is never run in place: env.ts copies it
# into the environment's state directory (0.2 GB, about a second), so its database and temporary
# files go with the environment and `down` removes them.
#
# The build step: Keycloak's first start re-augments its Quarkus application (about 40-80 s here)
# and saves the result in lib/quarkus. `kc.sh build` does not save what `start-dev` needs: it
# persists kc.profile=prod, and start-dev then re-augments anyway; `kc.sh --profile=dev build` is
# refused ("You can not 'build' the server in development mode"). So the step is one start-dev,
# stopped once it answers, with its database removed; later start-dev runs find kc.profile=dev
# persisted and skip it.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=versions.env
source "$here/versions.env"

root="${WANDB_SSO_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/wandb-sso-e2e}"
dir="$root/keycloak/$KEYCLOAK_VERSION"
server="$dir/keycloak-$KEYCLOAK_VERSION"
log() { printf '[keycloak] %s\n' "$*" >&2; }

mkdir -p "$dir"
# One build at a time per version (two runs of an empty cache would unpack into the same place).
exec 9>"$dir/lock"
flock 9
if [ -f "$dir/built" ]; then
    echo "$server"
    exit 0
fi

persisted_profile() { # the profile the last build step saved
    unzip -p "$1/lib/quarkus/generated-bytecode.jar" META-INF/keycloak-persisted.properties 2>/dev/null |
        sed -n 's/^kc\.profile=//p'
}

tmp="$dir/tmp"
rm -rf "$tmp" "$server"
mkdir -p "$tmp"
start=$(date +%s)
log "fetching org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:zip from Maven Central"
# Maven's output goes to a log (its -q still prints colour codes), shown when it fails.
mvn -B -q -C -Dmaven.repo.local="$root/m2" \
    "org.apache.maven.plugins:maven-dependency-plugin:$MAVEN_DEPENDENCY_PLUGIN_VERSION:copy" \
    "-Dartifact=org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:zip" -DoutputDirectory="$tmp" >"$tmp/mvn.log" 2>&1 ||
    { log "Maven could not fetch Keycloak:"; tail -20 "$tmp/mvn.log" >&2; exit 1; }
unzip -q "$tmp/keycloak-quarkus-dist-$KEYCLOAK_VERSION.zip" -d "$tmp"
rm "$tmp/keycloak-quarkus-dist-$KEYCLOAK_VERSION.zip"
unpacked="$tmp/keycloak-$KEYCLOAK_VERSION"
[ -x "$unpacked/bin/kc.sh" ] || { log "the zip has no keycloak-$KEYCLOAK_VERSION/bin/kc.sh"; exit 1; }
log "fetched and unpacked in $(($(date +%s) - start)) s"

start=$(date +%s)
log "running start-dev once for its build step (about 1-3 minutes)"
port="$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
"$unpacked/bin/kc.sh" start-dev --http-host 127.0.0.1 --http-port "$port" >"$tmp/first-start.log" 2>&1 &
pid=$!
ready=false
for _ in $(seq 1 300); do
    if curl -sf -o /dev/null "http://127.0.0.1:$port/realms/master/.well-known/openid-configuration"; then
        ready=true
        break
    fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 2
done
kill "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
if [ "$ready" != true ]; then
    log "Keycloak's first start did not answer; its log ends:"
    tail -20 "$tmp/first-start.log" >&2
    exit 1
fi
profile="$(persisted_profile "$unpacked")"
[ "$profile" = dev ] || { log "the build step saved kc.profile=${profile:-nothing}, not dev"; exit 1; }
rm -rf "$unpacked/data"
mv "$unpacked" "$server"
rm -rf "$tmp"
touch "$dir/built"
log "built in $(($(date +%s) - start)) s"
echo "$server"
