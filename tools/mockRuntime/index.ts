// What both the offline plan (tools/plan) and the tests (test/helpers) need from Pulumi's mock
// runtime, and nothing of either: test helpers import this, never the plan or the bench.
export { captureDiagnostics, type CapturedDiagnostics } from "./diagnostics";
export { acceptResourceHooksUnderMocks } from "./resourceHooks";
