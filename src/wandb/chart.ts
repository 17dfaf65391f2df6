// The operator-wandb chart's values for OIDC, which the `operator` target patches into the W&B
// Operator's `apps.wandb.com/v1` `WeightsAndBiases` resource (targets/operator.ts) and the `helm`
// target outputs (targets/helm.ts). Pure. Checked against wandb/helm-charts, chart operator-wandb
// 0.38.0 to 0.43.8:
// - values.yaml `global.auth`: sessionLengthHours, oidc.{clientId, issuer, authMethod, secret,
//   oidcSecret.{name, secretKey}}; templates/api.yaml and local.yaml write the OIDC variables only
//   when oidc.clientId is not empty; templates/_env.tpl (wandb.oidcEnvs) reads the client secret
//   from the Secret oidcSecret.name, key oidcSecret.secretKey.
// - charts/wandb-base/templates/_containers.tpl: each service's container `env` merges the
//   service's own `extraEnv` (`<service>.extraEnv` in operator-wandb's values) and global.extraEnv,
//   and a map value renders as is (`valueFrom`), so an entry can reference a ConfigMap key; an `env`
//   entry wins over the same name from `envFrom` (the api ConfigMap).
// - global.extraEnv is also read by subcharts that are not built on wandb-base and render every
//   value with `quote` (charts/otel/charts/agent/templates/_helpers.tpl otelAgent.extraEnv, installed
//   by default; charts/mysql, stackdriver, yace): there a reference becomes the string
//   "map[valueFrom:...]". So wandb-sso's variables go to the services that read them, `app` (W&B's
//   server; with global.api.enabled false, the default, it serves the API too) and `api`, never to
//   global.extraEnv. Found by rendering the real chart with Helm (test/e2e, helm-chart).
import { CONFIG_MAP_KEYS, LOCAL_RESTORE, SECRET_KEY, SSO_OPTION_ENV, type WandbOidcInput } from "./env";
import { WANDB_DEFAULT_SESSION_LENGTH_HOURS } from "./ssoOptions";
import { isOutputLike } from "../parse/values";

/**
 * An environment variable read from a key of wandb-sso's ConfigMap; `optional`: unset when the key
 * is absent. Generic over the value type (the ConfigMap's name is an output in components); the
 * components' outputs have the named, plain form of outputTypes.ts.
 */
export interface ConfigMapEnvOf<T> {
    valueFrom: { configMapKeyRef: { name: T; key: string; optional?: boolean } };
}

/** The W&B services that read wandb-sso's variables (operator-wandb's wandb-base aliases). */
export const CHART_SERVICES = ["app", "api"] as const;

/** One service's values wandb-sso owns: the variables it reads from wandb-sso's ConfigMap. */
export interface ServiceEnvOf<T> {
    extraEnv: Record<string, ConfigMapEnvOf<T>>;
}

/**
 * The operator-wandb chart values wandb-sso owns: `{ global: { auth, caCertsConfigMap? }, app: { extraEnv }, api: { extraEnv } }`,
 * nothing else.
 */
export interface ChartValuesOf<T> {
    global: {
        auth: {
            /** The chart's own setting (GORILLA_SESSION_LENGTH `<n>h`); W&B's default 720 when not set. */
            sessionLengthHours: number;
            oidc: {
                clientId: T;
                issuer: T;
                authMethod: T;
                /** The Secret holding the client secret, or the chart's default `""` when there is none. */
                oidcSecret: { name: T | ""; secretKey: string };
            };
        };
        /**
         * wandb-sso's CA ConfigMap, while there are CA certificates (caCerts.ts): the chart mounts it
         * at /usr/local/share/ca-certificates/configmap in every W&B container.
         */
        caCertsConfigMap?: T;
    };
    /** W&B's server (and, while global.api.enabled is false, its API): the variables it reads from wandb-sso's ConfigMap. */
    app: ServiceEnvOf<T>;
    /** The API service, when global.api.enabled: the same variables. */
    api: ServiceEnvOf<T>;
}

/**
 * The variables that have no chart value, each from the ConfigMap key of that name. GORILLA_AUTH_METHOD
 * is among them for charts 0.38.0 to 0.41.1, whose api ConfigMap hard-codes `implicit`, so pkce
 * reaches the api service there too; GORILLA_CORS_ORIGINS carries the extra origins (0.41.3 and later
 * also write it from app.extraCors, which this env entry wins over). The SSO options and break-glass
 * are optional references: listed always, set only while their key is in the ConfigMap, so turning
 * one off is a new ConfigMap without the key, never a missing or null value.
 */
export const CHART_ENV: readonly (readonly [name: string, key: string, optional: boolean])[] = [
    ["GORILLA_AUTH_METHOD", CONFIG_MAP_KEYS.authMethod, false],
    ["GORILLA_CORS_ORIGINS", CONFIG_MAP_KEYS.corsOrigins, false],
    // The session length is the chart's own value (global.auth.sessionLengthHours).
    ...SSO_OPTION_ENV.filter(([name]) => !name.endsWith("SESSION_LENGTH")).map(([name, key]) => [name, key, true] as const),
    [LOCAL_RESTORE, LOCAL_RESTORE, true],
];

/** An env entry that reads `key` of the ConfigMap `name`. */
export function configMapEnv<T>(name: T, key: string, optional: boolean): ConfigMapEnvOf<T> {
    return { valueFrom: { configMapKeyRef: { name, key, ...(optional && { optional: true }) } } };
}

/**
 * The chart values for an OIDC client: every key wandb-sso owns, always, so that `helm upgrade
 * --reuse-values -f` both sets and unsets (Helm merges the file over the release's values: a key
 * left out would keep its old value). What is off is expressed by a value, never by a null: a null
 * is resurrected on the first `--reuse-values` upgrade (helm/helm#30765: pkg/action/upgrade.go renders
 * with the old release's values as chart defaults), and a null for a key the chart has no default for
 * survives to the templates (pkg/chart/common/util/coalesce.go, TestCoalesceValuesEmptyMapWithNils),
 * where wandb-base renders it as the string "<nil>". So: the session length is W&B's default 720 when
 * not set, the Secret name is the chart's default "" without a secret, and the options read the
 * ConfigMap, which holds only those that are on. Pure; generic over the value type.
 */
export function wandbChartValues<T>(
    input: WandbOidcInput<T>,
    objects: { readonly configMapName: T; readonly secretName?: T; readonly caConfigMapName?: T },
): ChartValuesOf<T> {
    const extraEnv = Object.fromEntries(
        CHART_ENV.map(([name, key, optional]) => [name, configMapEnv(objects.configMapName, key, optional)]),
    );
    return {
        global: {
            auth: {
                sessionLengthHours: input.sessionLengthHours ?? WANDB_DEFAULT_SESSION_LENGTH_HOURS,
                oidc: {
                    clientId: input.clientId,
                    issuer: input.issuer,
                    authMethod: input.authMethod,
                    oidcSecret: { name: objects.secretName ?? "", secretKey: SECRET_KEY },
                },
            },
            ...(objects.caConfigMapName !== undefined && { caCertsConfigMap: objects.caConfigMapName }),
        },
        app: { extraEnv },
        api: { extraEnv: { ...extraEnv } },
    };
}

/** The dotted paths of every value set, e.g. `global.auth.oidc.clientId` (for messages). */
export function valuePaths(values: object, prefix = "", stop: (path: string) => boolean = () => false): string[] {
    return Object.entries(values as Record<string, unknown>).flatMap(([key, value]) => {
        const path = `${prefix}${key}`;
        return typeof value === "object" && value !== null && !isOutputLike(value) && !stop(path)
            ? valuePaths(value, `${path}.`, stop)
            : [path];
    });
}

/** The owned chart values as messages name them: each extraEnv entry by its variable, not its reference's fields. */
export function ownedChartPaths(values: ChartValuesOf<unknown>): string[] {
    return valuePaths(values, "", (path) => /^(app|api)\.extraEnv\./.test(path) || path === "global.auth.oidc.oidcSecret");
}
