# The program runner of wandb-sso's e2e Python language host (main.go runs it with `python -c`).
# It configures the Pulumi Python SDK as a language host must (pulumi.runtime.settings.Settings and
# pulumi.runtime.config.set_all_config, pulumi==3.272.0) and runs the program's __main__.py inside
# the stack resource (pulumi.runtime.run_in_stack).
import argparse
import asyncio
import json
import os
import runpy
import sys
import traceback

import pulumi
from pulumi.runtime import config, settings, stack

# The Python SDK's own convention for "the error was already reported to the engine".
EXIT_AFTER_LOGGED_ERROR = 32

parser = argparse.ArgumentParser()
parser.add_argument("--monitor", required=True)
parser.add_argument("--engine", required=True)
parser.add_argument("--project", required=True)
parser.add_argument("--stack", required=True)
parser.add_argument("--organization", default=None)
parser.add_argument("--root-directory", default=None)
parser.add_argument("--parallel", type=int, default=0)
parser.add_argument("--dry-run", action="store_true")
parser.add_argument("program")
parser.add_argument("args", nargs="*")
a = parser.parse_args()

settings.configure(
    settings.Settings(
        project=a.project,
        stack=a.stack,
        monitor=a.monitor,
        engine=a.engine,
        parallel=a.parallel,
        dry_run=a.dry_run,
        organization=a.organization,
        root_directory=a.root_directory,
    )
)
config.set_all_config(
    json.loads(os.environ.get("PULUMI_CONFIG") or "{}"),
    json.loads(os.environ.get("PULUMI_CONFIG_SECRET_KEYS") or "[]"),
)

program = os.path.abspath(a.program)
sys.argv = [program, *a.args]


def main() -> None:
    # A directory runs its __main__.py with the directory first on sys.path, as `python <dir>` does.
    runpy.run_path(program, run_name="__main__")


loop = asyncio.new_event_loop()
asyncio.set_event_loop(loop)
try:
    loop.run_until_complete(stack.run_in_stack(main))
except pulumi.RunError as e:
    pulumi.log.error(str(e))
    sys.exit(EXIT_AFTER_LOGGED_ERROR)
except Exception:
    pulumi.log.error("Program failed with an unhandled exception:\n" + traceback.format_exc())
    sys.exit(EXIT_AFTER_LOGGED_ERROR)
finally:
    loop.close()
