// How CA certificates (caCerts) reach W&B: as W&B's own chart and operator deliver them. Pure.
//
// operator-wandb 0.43.8 (wandb/helm-charts, charts/operator-wandb):
// - values.yaml `global.customCACerts` (a list of PEM texts; the chart writes them into its own
//   ConfigMap `<release>-ca-certs` as `customCA<i>.crt`, templates/certs.yaml) and
//   `global.caCertsConfigMap` (the name of a ConfigMap of `.crt` keys the user owns; "each key ...
//   must end with `.crt` ... required for `update-ca-certificates` to parse and add each
//   certificate to the system CA store").
// - templates/_volumes.tpl `wandb.caCertsVolumes`/`wandb.caCertsVolumeMounts`, which values.yaml
//   `global.volumesTpls`/`global.volumeMountsTpls` give every pod and container (wandb-base
//   templates/_pods.tpl and _containers.tpl): an emptyDir `wandb-ca-certs-root` at
//   /usr/local/share/ca-certificates/ (so that the mounts below it need nothing of the image's
//   file system), the chart's ConfigMap `wandb-ca-certs` at .../inline, and the user's ConfigMap
//   `wandb-ca-certs-user` (optional: true) at .../configmap.
// - templates/_env.tpl `wandb.sslCertEnvs` (in the app and api services' envTpls): SSL_CERT_FILE
//   and REQUESTS_CA_BUNDLE = /etc/ssl/certs/ca-certificates.crt, SSL_CERT_DIR = /etc/ssl/certs.
// Nothing in the chart runs update-ca-certificates (no init container, no command): folding the
// mounted `.crt` files into /etc/ssl/certs/ca-certificates.crt is the W&B image's part, and the
// variables point the server (Go's crypto/x509 reads SSL_CERT_FILE and SSL_CERT_DIR) and Python's
// requests at that bundle. (Debian's update-ca-certificates finds `*.crt` below
// /usr/local/share/ca-certificates at any depth: `find -L`.)
//
// wandb/operator v2 (v2.0.0-beta.1 and v2.0.0-beta.3, api/v2/weightsandbiases_types.go GlobalSpec:
// `spec.global.customCACerts` []string, `spec.global.caCertsConfigMap` string;
// internal/controller/reconciler/custom_ca.go applyCustomCACertsToWorkload): the same volumes,
// names, mount paths and variables, and a checksum annotation that rolls the pods when the
// ConfigMap's content changes. The v1 operator renders the chart above.
//
// wandb-sso owns `caCertsConfigMap`, pointing it at a ConfigMap of its own, and never touches
// `customCACerts`: both lists and Helm values replace a list as a whole (the v2 CRD's
// customCACerts has no list type, so server-side apply owns it whole too), so a list cannot hold
// the user's entries and wandb-sso's side by side, while the two fields are mounted side by side.

/** The ConfigMap key of the i-th certificate: `.crt`, as update-ca-certificates needs. */
export const caCertKey = (index: number) => `wandb-sso-ca-${index}.crt`;

/** wandb-sso's CA ConfigMap's data: one `.crt` key per certificate, in the order given. */
export function caConfigMapData(pems: readonly string[]): Record<string, string> {
    return Object.fromEntries(pems.map((pem, index) => [caCertKey(index), pem]));
}

/** The chart's CA volumes and where they are mounted (templates/_volumes.tpl). */
export const CHART_CA_MOUNTS = {
    /** The emptyDir at the root of update-ca-certificates' directory. */
    root: { volume: "wandb-ca-certs-root", mountPath: "/usr/local/share/ca-certificates/" },
    /** `global.caCertsConfigMap`'s ConfigMap, optional. */
    configMap: { volume: "wandb-ca-certs-user", mountPath: "/usr/local/share/ca-certificates/configmap" },
} as const;

/** The chart's `wandb.sslCertEnvs` (templates/_env.tpl): where the server and Python read the system's CA bundle. */
export const CHART_SSL_CERT_ENV: readonly { readonly name: string; readonly value: string }[] = [
    { name: "SSL_CERT_FILE", value: "/etc/ssl/certs/ca-certificates.crt" },
    { name: "SSL_CERT_DIR", value: "/etc/ssl/certs" },
    { name: "REQUESTS_CA_BUNDLE", value: "/etc/ssl/certs/ca-certificates.crt" },
];

/** A pod's CA volumes, as the chart gives them with `global.caCertsConfigMap` set to `configMapName`. */
export function chartCaVolumes<T>(configMapName: T) {
    return [
        { name: CHART_CA_MOUNTS.root.volume, emptyDir: {} },
        { name: CHART_CA_MOUNTS.configMap.volume, configMap: { name: configMapName, optional: true } },
    ];
}

/** A container's CA mounts, as the chart gives them. */
export function chartCaVolumeMounts() {
    return [
        { name: CHART_CA_MOUNTS.root.volume, mountPath: CHART_CA_MOUNTS.root.mountPath },
        { name: CHART_CA_MOUNTS.configMap.volume, mountPath: CHART_CA_MOUNTS.configMap.mountPath },
    ];
}
