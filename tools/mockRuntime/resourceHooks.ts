// Resource hooks under the SDK's mock runtime, for the offline plan and the tests alike.
import { MockMonitor } from "@pulumi/pulumi/runtime/mocks";

/**
 * The SDK's mock monitor has no `registerResourceHook` (@pulumi/pulumi 3.276.0
 * runtime/mocks.js, class MockMonitor), so a program that binds resource hooks fails under mocks
 * with "this._monitor.registerResourceHook is not a function" (runtime/callbacks.js). Accept the
 * registration as the engine does; hooks run only in `pulumi up`, never under the mocks.
 */
export function acceptResourceHooksUnderMocks(): void {
    const prototype = MockMonitor.prototype as unknown as { registerResourceHook?: unknown };
    // The SDK's callback server reads only the error (runtime/callbacks.js registerResourceHook).
    prototype.registerResourceHook ??= (_request: unknown, callback: (error: null, response: object) => void) => callback(null, {});
}
