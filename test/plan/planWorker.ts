// A long-lived child process that runs the plan CLI's `main` for each request (over IPC), one at a
// time, so that plan tests pay Node's and the SDKs' start-up once instead of once per plan. The
// runtime state a plan installs (mocks, config, the stack) is replaced by the next plan's.
import { Writable } from "node:stream";
import { main } from "../../tools/plan/cli";
import { ROOT } from "../helpers/root";

interface Request {
    readonly id: number;
    readonly args: string[];
}

function collector(): { stream: Writable; text: () => string } {
    const chunks: string[] = [];
    const stream = new Writable({
        write(chunk, _encoding, done) {
            chunks.push(String(chunk));
            done();
        },
    });
    return { stream, text: () => chunks.join("") };
}

let queue: Promise<void> = Promise.resolve();
process.on("message", (request: Request) => {
    queue = queue.then(async () => {
        const out = collector();
        const err = collector();
        let status: number;
        try {
            status = await main(request.args, ROOT, out.stream, err.stream);
        } catch (e) {
            err.stream.write(`wandb-sso plan failed: ${e instanceof Error ? e.stack : String(e)}\n`);
            status = 1;
        }
        process.send!({ id: request.id, status, stdout: out.text(), stderr: err.text() });
    });
});
process.on("disconnect", () => process.exit(0));
