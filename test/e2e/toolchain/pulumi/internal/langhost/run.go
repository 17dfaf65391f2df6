package langhost

import (
	"encoding/json"
	"errors"
	"fmt"
	"os/exec"
	"strconv"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// ExitAfterLoggedError is the exit code of a program that already told the user what went wrong:
// nodeJSProcessExitedAfterLoggingUserActionableMessage in @pulumi/pulumi's cmd/run, and what
// langhost-python's exec.py exits with after it reported the program's error to the engine.
const ExitAfterLoggedError = 32

// Program is where a run's program is: its directory, and its entry point ("." when it names none).
func Program(req *pulumirpc.RunRequest) (dir, entry string) {
	dir, entry = req.Pwd, req.Program
	if req.Info != nil {
		dir, entry = req.Info.ProgramDirectory, req.Info.EntryPoint
	}
	if entry == "" {
		entry = "."
	}
	return dir, entry
}

// RunFlags are the flags both SDKs' program runners read from a run (@pulumi/pulumi's cmd/run and
// the Python SDK's settings, as exec.py passes them on): engine and monitor, project, stack and
// organization, parallelism, the project root and whether this is a preview.
func RunFlags(req *pulumirpc.RunRequest, engine string) []string {
	flags := []string{
		"--monitor=" + req.MonitorAddress,
		"--engine=" + engine,
		"--project=" + req.Project,
		"--stack=" + req.Stack,
		"--parallel=" + strconv.Itoa(int(req.Parallel)),
	}
	if req.Organization != "" {
		flags = append(flags, "--organization="+req.Organization)
	}
	if req.Info != nil && req.Info.RootDirectory != "" {
		flags = append(flags, "--root-directory="+req.Info.RootDirectory)
	}
	if req.DryRun {
		flags = append(flags, "--dry-run")
	}
	return flags
}

// ConfigEnv is the stack's configuration as both SDKs read it from the environment.
func ConfigEnv(req *pulumirpc.RunRequest) ([]string, error) {
	config, err := json.Marshal(req.Config)
	if err != nil {
		return nil, err
	}
	secretKeys, err := json.Marshal(req.ConfigSecretKeys)
	if err != nil {
		return nil, err
	}
	return []string{"PULUMI_CONFIG=" + string(config), "PULUMI_CONFIG_SECRET_KEYS=" + string(secretKeys)}, nil
}

// RunResponse is the engine's answer for a program that ran with result err: done; bail (the
// program reported its error already); or an error naming the exit code (language: "Node.js",
// "Python"), followed by detail when there is any. runner is the command that would not start.
func RunResponse(err error, language, detail, runner string) (*pulumirpc.RunResponse, error) {
	var exit *exec.ExitError
	switch {
	case err == nil:
		return &pulumirpc.RunResponse{}, nil
	case errors.As(err, &exit) && exit.ExitCode() == ExitAfterLoggedError:
		return &pulumirpc.RunResponse{Bail: true}, nil
	case errors.As(err, &exit):
		message := fmt.Sprintf("the %s program exited with code %d", language, exit.ExitCode())
		if detail != "" {
			message += ": " + detail
		}
		return &pulumirpc.RunResponse{Error: message}, nil
	default:
		return nil, fmt.Errorf("starting %s: %w", runner, err)
	}
}
