// `wandb-sso verify --help | head -2`: when the reader closes the pipe early, the rest of the
// output has nowhere to go. Node then raises EPIPE on stdout as an unhandled 'error' event, a stack
// trace; a command-line tool stops quietly instead, as `cat` does.

/** Exit without a word when stdout's reader has gone, keeping the exit code set so far. */
export function exitQuietlyWhenStdoutCloses(stream: NodeJS.WriteStream = process.stdout): void {
    stream.on("error", (error: NodeJS.ErrnoException) => {
        if (error.code !== "EPIPE") throw error;
        process.exit(process.exitCode ?? 0);
    });
}
