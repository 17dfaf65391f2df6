// A Node.js language host for the end-to-end tier.
//
// Pulumi's own host (github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3) is a Go
// module of its own that the Go module proxy reachable here refuses (403 at every version), so the
// CLI cannot be given it. This host implements the part of the LanguageRuntime protocol
// (proto/pulumi/language.proto, sdk/v3 v3.276.0) that `pulumi preview/up/destroy/refresh`, source
// plugins (PulumiPlugin.yaml, `pulumi package add`) and policy packs need, by starting the entry
// points that @pulumi/pulumi itself ships: cmd/run for programs, cmd/run-plugin for plugins and
// cmd/run-policy-pack for policy packs. What it hands them (flags, PULUMI_CONFIG,
// PULUMI_CONFIG_SECRET_KEYS, PULUMI_NODEJS_TYPESCRIPT, PULUMI_NODEJS_TSCONFIG_PATH) is what those
// entry points read (node_modules/@pulumi/pulumi/cmd/run/index.js and run.js, 3.276.0).
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"wandb-sso.test/e2e/pulumi/internal/langhost"
)

// version is set by the build (-X main.version=...): the @pulumi/pulumi version it is built for.
var version = "0.0.0"

type host struct {
	langhost.Base
}

func main() {
	langhost.Main("pulumi-language-nodejs", &host{Base: langhost.Base{Version: version}})
}

func (h *host) GetProgramDependencies(context.Context, *pulumirpc.GetProgramDependenciesRequest) (*pulumirpc.GetProgramDependenciesResponse, error) {
	return &pulumirpc.GetProgramDependenciesResponse{}, nil
}

func (h *host) About(context.Context, *pulumirpc.AboutRequest) (*pulumirpc.AboutResponse, error) {
	out, err := exec.Command("node", "--version").Output()
	if err != nil {
		return nil, fmt.Errorf("node --version: %w", err)
	}
	return &pulumirpc.AboutResponse{Executable: "node", Version: strings.TrimSpace(string(out))}, nil
}

// InstallDependencies runs `npm install` where there is no node_modules yet (a plugin fetched by
// `pulumi package add`); the repository and the test projects install their own.
func (h *host) InstallDependencies(req *pulumirpc.InstallDependenciesRequest, stream grpc.ServerStreamingServer[pulumirpc.InstallDependenciesResponse]) error {
	dir := req.Directory
	if req.Info != nil && req.Info.ProgramDirectory != "" {
		dir = req.Info.ProgramDirectory
	}
	if _, err := os.Stat(filepath.Join(dir, "node_modules")); err == nil {
		return nil
	}
	cmd := exec.Command("npm", "install", "--no-audit", "--no-fund")
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if sendErr := stream.Send(&pulumirpc.InstallDependenciesResponse{Stdout: out}); sendErr != nil {
		return sendErr
	}
	if err != nil {
		return fmt.Errorf("npm install in %s: %w", dir, err)
	}
	return nil
}

// options are Pulumi.yaml's runtime options (typescript, tsconfig, nodeargs).
type options struct {
	typescript bool
	tsconfig   string
	nodeargs   []string
}

func readOptions(info *pulumirpc.ProgramInfo) options {
	o := options{typescript: true}
	if info == nil || info.Options == nil {
		return o
	}
	m := info.Options.AsMap()
	if v, ok := m["typescript"].(bool); ok {
		o.typescript = v
	}
	if v, ok := m["tsconfig"].(string); ok {
		o.tsconfig = v
	}
	if v, ok := m["nodeargs"].(string); ok {
		o.nodeargs = strings.Fields(v)
	}
	return o
}

// sdkEntry finds @pulumi/pulumi's cmd/<name> the way Node's resolution would from dir: the nearest
// node_modules up the tree that has it.
func sdkEntry(dir, name string) (string, error) {
	for d := dir; ; d = filepath.Dir(d) {
		p := filepath.Join(d, "node_modules", "@pulumi", "pulumi", "cmd", name)
		if _, err := os.Stat(filepath.Join(p, "index.js")); err == nil {
			return p, nil
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("no node_modules/@pulumi/pulumi/cmd/%s above %s: run npm install there", name, dir)
		}
	}
}

func (h *host) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	programDir, entry := langhost.Program(req)
	opts := readOptions(req.Info)
	run, err := sdkEntry(programDir, "run")
	if err != nil {
		return nil, err
	}
	args := append([]string{}, opts.nodeargs...)
	args = append(args, run, "--pwd="+programDir)
	args = append(args, langhost.RunFlags(req, h.EngineAddress())...)
	args = append(args, entry)
	args = append(args, req.Args...)

	config, err := langhost.ConfigEnv(req)
	if err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, "node", args...)
	cmd.Dir = programDir
	cmd.Env = append(append(os.Environ(), config...), "PULUMI_NODEJS_TYPESCRIPT="+strconv.FormatBool(opts.typescript))
	if opts.tsconfig != "" {
		cmd.Env = append(cmd.Env, "PULUMI_NODEJS_TSCONFIG_PATH="+opts.tsconfig)
	}
	// The program's own output goes where the engine shows a language host's output.
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	return langhost.RunResponse(cmd.Run(), "Node.js", "", "node")
}

// RunPlugin starts a plugin written in Node.js: a policy pack (kind analyzer) through
// cmd/run-policy-pack, which takes `<engine-address> <program>` (the engine gives its address as the
// only argument: analyzer_plugin.go, NewPolicyAnalyzer), and any other plugin (a component provider
// from PulumiPlugin.yaml) through cmd/run-plugin with the plugin's directory first. Output is
// streamed back; the exit code ends the stream.
func (h *host) RunPlugin(req *pulumirpc.RunPluginRequest, stream grpc.ServerStreamingServer[pulumirpc.RunPluginResponse]) error {
	info := req.Info
	dir := req.Pwd
	if info != nil && info.ProgramDirectory != "" {
		dir = info.ProgramDirectory
	}
	opts := readOptions(info)
	var args []string
	args = append(args, opts.nodeargs...)
	if req.Kind == "analyzer" {
		entry, err := sdkEntry(dir, "run-policy-pack")
		if err != nil {
			return err
		}
		args = append(args, entry)
		args = append(args, req.Args...)
		args = append(args, dir)
	} else {
		entry, err := sdkEntry(dir, "run-plugin")
		if err != nil {
			return err
		}
		args = append(args, entry, dir)
		args = append(args, req.Args...)
	}

	cmd := exec.CommandContext(stream.Context(), "node", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), req.Env...)
	cmd.Env = append(cmd.Env, "PULUMI_NODEJS_TYPESCRIPT="+strconv.FormatBool(opts.typescript))
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("starting node: %w", err)
	}
	var sendMu sync.Mutex
	send := func(r *pulumirpc.RunPluginResponse) error {
		sendMu.Lock()
		defer sendMu.Unlock()
		return stream.Send(r)
	}
	var wg sync.WaitGroup
	pump := func(r io.Reader, wrap func([]byte) *pulumirpc.RunPluginResponse) {
		defer wg.Done()
		buf := make([]byte, 32*1024)
		for {
			n, err := r.Read(buf)
			if n > 0 {
				chunk := append([]byte(nil), buf[:n]...)
				if send(wrap(chunk)) != nil {
					return
				}
			}
			if err != nil {
				return
			}
		}
	}
	wg.Add(2)
	go pump(stdout, func(b []byte) *pulumirpc.RunPluginResponse {
		return &pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Stdout{Stdout: b}}
	})
	go pump(stderr, func(b []byte) *pulumirpc.RunPluginResponse {
		return &pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Stderr{Stderr: b}}
	})
	wg.Wait()
	code := 0
	if err := cmd.Wait(); err != nil {
		var exit *exec.ExitError
		if !errors.As(err, &exit) {
			return err
		}
		code = exit.ExitCode()
	}
	return send(&pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Exitcode{Exitcode: int32(code)}})
}
