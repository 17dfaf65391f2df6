// Many W&B environments from one program: N complete Cognito + W&B (deployment target) component
// sets under the SDK's mock runtime, each with its own host, hosted-UI domain prefix, namespace and
// logical names. buildStack's logical names are fixed (one environment per stack), so the
// components are constructed directly, exactly as buildStack wires them.
//
//   node --import tsx --expose-gc tools/bench/children/environments.ts <N>
// Prints one line: BENCH {"n":…,"ms":…,"resources":…,"maxRssKb":…,"baseRssKb":…,"heapRetainedBytes":…}
import * as pulumi from "@pulumi/pulumi";
import { CognitoOidcApp } from "../../../providers/cognito";
import { WandbOidc } from "../../../src/wandb/wandbOidc";
import { acceptResourceHooksUnderMocks } from "../../mockRuntime";

/** Resources per environment: the two components, pool, domain, client, ConfigMap, DeploymentPatch. */
export const RESOURCES_PER_ENVIRONMENT = 7;

const REGION = "us-west-2";

function gc(): void {
    const collect = (globalThis as { gc?: () => void }).gc;
    if (collect) {
        collect();
        collect();
    }
}

/** An output's value (the SDK's own promise; awaiting every environment's outputs). */
function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
    return (output as unknown as { promise(): Promise<T> }).promise();
}

async function run(n: number): Promise<void> {
    let registered = 0;
    const expected = 1 + n * RESOURCES_PER_ENVIRONMENT; // + the stack
    let allRegistered!: () => void;
    const registeredAll = new Promise<void>((resolve) => (allRegistered = resolve));
    const alnum = (s: string) => s.replace(/[^0-9A-Za-z]/g, "");

    // As `pulumi up` does, the guard's resource hooks are bound (tools/mockRuntime/resourceHooks.ts).
    acceptResourceHooksUnderMocks();
    await pulumi.runtime.setMocks(
        {
            // Provider-like results (not preview): every output resolves, so the whole cost is paid.
            newResource(args) {
                if (++registered === expected) allRegistered();
                const extra: Record<string, unknown> = {};
                if (args.type === "aws:cognito/userPool:UserPool") extra.id = `${REGION}_${alnum(args.name)}`;
                if (args.type === "aws:cognito/userPoolClient:UserPoolClient") extra.id = `${alnum(args.name)}client`;
                const inputs = args.inputs as Record<string, unknown>;
                if (args.type === "kubernetes:core/v1:ConfigMap") {
                    extra.metadata = { ...(inputs.metadata as object), name: `${args.name}-abc123` };
                }
                return { id: (extra.id as string | undefined) ?? `${args.name}-id`, state: { ...inputs, ...extra } };
            },
            call(args) {
                if (args.token === "aws:index/getRegion:getRegion") return { id: REGION, region: REGION, name: REGION };
                throw new Error(`no answer for ${args.token}`);
            },
        },
        "wandb-sso",
        "bench",
        false,
    );
    pulumi.runtime.setAllConfig({ "aws:region": REGION }, []);

    // The components log one line each (pulumi.log.info), which without an engine goes to the console.
    const quiet = () => undefined;
    Object.assign(console, { log: quiet, info: quiet, warn: quiet, error: quiet });

    gc();
    const baseRssKb = process.resourceUsage().maxRSS;
    const baseHeap = process.memoryUsage().heapUsed;
    const started = performance.now();

    const environments: { app: CognitoOidcApp; wandb: WandbOidc }[] = [];
    await pulumi.runtime.runInPulumiStack(() => {
        for (let i = 0; i < n; i++) {
            const host = `https://wandb-e${i}.example.com`;
            const app = new CognitoOidcApp(`e${i}-wandb-sso`, {
                host,
                authMethod: "pkce",
                protect: true,
                domainPrefix: `wandb-e${i}-example`,
            });
            const wandb = WandbOidc.forClient(`e${i}-wandb`, app, {
                host,
                target: "deployment",
                namespace: `wandb-e${i}`,
                name: "wandb",
                container: "wandb",
                extraCorsOrigins: [],
            });
            environments.push({ app, wandb });
        }
        return Promise.resolve({ environments: n });
    });
    await Promise.all(environments.flatMap(({ app, wandb }) => [valueOf(app.issuer), valueOf(app.clientId), valueOf(wandb.env)]));
    await pulumi.runtime.awaitStackRegistrations();
    await Promise.race([
        registeredAll,
        new Promise((_, reject) =>
            setTimeout(() => reject(new Error(`only ${registered} of ${expected} resources registered`)), 60_000).unref(),
        ),
    ]);
    const ms = performance.now() - started;

    gc();
    const heapRetainedBytes = process.memoryUsage().heapUsed - baseHeap;
    const maxRssKb = process.resourceUsage().maxRSS;
    // Every environment's env must be complete (a sanity check that the work was really done).
    const last = await valueOf(environments[n - 1]!.wandb.env);
    if (last.OIDC_ISSUER !== `https://cognito-idp.${REGION}.amazonaws.com/${REGION}_e${n - 1}wandbssopool`) {
        throw new Error(`unexpected issuer ${last.OIDC_ISSUER}`);
    }
    process.stdout.write(
        `BENCH ${JSON.stringify({ n, ms, resources: registered, maxRssKb, baseRssKb, heapRetainedBytes, environments: environments.length })}\n`,
    );
}

const n = Number(process.argv[2]);
if (!Number.isInteger(n) || n < 1) {
    process.stderr.write("usage: environments.ts <N>\n");
    process.exitCode = 2;
} else {
    run(n).catch((e: unknown) => {
        process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
        process.exitCode = 1;
    });
}
