// Resource hooks under the SDK's mock runtime, for the offline plan and the tests alike.
import type { ErrorHook, ResourceHook, ResourceTransform, StateMigration } from "@pulumi/pulumi";
import type { InvokeTransform } from "@pulumi/pulumi/invoke";
import type * as callbacks from "@pulumi/pulumi/runtime/callbacks";
import { MockMonitor } from "@pulumi/pulumi/runtime/mocks";

type CallbackServerClass = new (monitor: MockMonitor) => callbacks.CallbackServer;

/**
 * The callbacks of a mocked program. Resource hooks are taken in process: nothing ever calls them
 * back under the mocks (they run only in `pulumi up`). Anything else (transforms, state
 * migrations) goes to the SDK's own callback server, started only then.
 */
class MockCallbacks implements callbacks.ICallbackServer {
    private server: callbacks.CallbackServer | undefined;

    constructor(
        private readonly monitor: MockMonitor,
        private readonly Server: CallbackServerClass,
    ) {}

    private started(): callbacks.CallbackServer {
        return (this.server ??= new this.Server(this.monitor));
    }

    registerResourceHook(_hook: ResourceHook): Promise<void> {
        return Promise.resolve();
    }
    registerErrorHook(_hook: ErrorHook): Promise<void> {
        return Promise.resolve();
    }
    awaitStackRegistrations(): Promise<void> {
        return this.server?.awaitStackRegistrations() ?? Promise.resolve();
    }
    shutdown(): void {
        this.server?.shutdown();
    }
    registerTransform(transform: ResourceTransform) {
        return this.started().registerTransform(transform);
    }
    registerStateMigration(migration: StateMigration) {
        return this.started().registerStateMigration(migration);
    }
    registerStackTransform(transform: ResourceTransform): void {
        this.started().registerStackTransform(transform);
    }
    registerStackInvokeTransform(transform: InvokeTransform): void {
        this.started().registerStackInvokeTransform(transform);
    }
    registerStackInvokeTransformAsync(transform: InvokeTransform) {
        return this.started().registerStackInvokeTransformAsync(transform);
    }
}

/**
 * Lets a program bind resource hooks under the SDK's mocks, as it does under an engine (and
 * src/wandb/guard.ts `canBindResourceHooks` sees the monitor take them). Call it before or after
 * `setMocks`, once or more.
 *
 * - The mock monitor has no `registerResourceHook` (@pulumi/pulumi 3.276.0 runtime/mocks.js, class
 *   MockMonitor), so a hook's registration failed with "this._monitor.registerResourceHook is not a
 *   function" (runtime/callbacks.js): it takes it now, as the engine does.
 * - The SDK registers a hook through its callback server (runtime/settings.js `getCallbacks` makes
 *   a runtime/callbacks.js `CallbackServer`): a gRPC server on 127.0.0.1 that calls itself until it
 *   answers, so that the engine could call the hook back. Under a mock monitor nothing calls back,
 *   so the callbacks are MockCallbacks instead: no server, no socket, and a plan about 0.1 s faster.
 */
export function acceptResourceHooksUnderMocks(): void {
    const prototype = MockMonitor.prototype as unknown as { registerResourceHook?: unknown };
    // The SDK's callback server reads only the error (runtime/callbacks.js registerResourceHook).
    prototype.registerResourceHook ??= (_request: unknown, callback: (error: null, response: object) => void) => callback(null, {});

    // The module's own exports object (an `import *` would be a copy): settings.js reads
    // `callbacks_1.CallbackServer` each time it makes the server, so it makes this one.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const exports = require("@pulumi/pulumi/runtime/callbacks") as { CallbackServer: CallbackServerClass & { underMocks?: true } };
    if (exports.CallbackServer.underMocks) return;
    const Server = exports.CallbackServer;
    // A function, not a class: `new` returns what it returns, the SDK's own server for a real engine.
    const underMocks = function (monitor: MockMonitor) {
        return monitor instanceof MockMonitor ? new MockCallbacks(monitor, Server) : new Server(monitor);
    } as unknown as CallbackServerClass & { underMocks?: true };
    underMocks.underMocks = true;
    exports.CallbackServer = underMocks;
}
