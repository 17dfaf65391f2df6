// A Python language host for the end-to-end tier.
//
// Pulumi's own host (github.com/pulumi/pulumi/sdk/python/cmd/pulumi-language-python/v3) is a Go
// module the Go module proxy reachable here refuses (403 at every version), like the Node.js one.
// This host implements the part of the LanguageRuntime protocol (sdk/v3 v3.276.0) that
// `pulumi package add`, `pulumi install` and `pulumi preview/up/destroy` use for a Python program:
//   - Run starts the virtualenv's python on exec.py (embedded), which configures the Pulumi Python
//     SDK's runtime settings from the request and runs the program's __main__.py in a stack;
//   - GeneratePackage generates a Python SDK with Pulumi's own generator
//     (github.com/pulumi/pulumi/pkg/v3/codegen/python, the library the CLI's gen-sdk uses);
//   - Link adds the generated SDK's directory to the project's requirements.txt, and
//     InstallDependencies installs requirements.txt into the virtualenv with pip.
//
// Runtime options (Pulumi.yaml `runtime.options`): `virtualenv`, relative to the project root
// unless absolute. Without it, `python3` on PATH is used and nothing is installed.
package main

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"wandb-sso.test/e2e/pulumi/internal/langhost"
)

// version is set by the build (-X main.version=...): the Pulumi version it is built against.
var version = "0.0.0"

//go:embed exec.py
var execPy string

type host struct {
	langhost.Base
}

func main() {
	langhost.Main("pulumi-language-python", &host{Base: langhost.Base{Version: version}})
}

// rootOf is the project root of a request: where Pulumi.yaml is.
func rootOf(info *pulumirpc.ProgramInfo) string {
	if info == nil {
		return "."
	}
	if info.RootDirectory != "" {
		return info.RootDirectory
	}
	return info.ProgramDirectory
}

// virtualenv is the project's virtualenv directory, or "" when the project names none.
func virtualenv(info *pulumirpc.ProgramInfo) string {
	if info == nil || info.Options == nil {
		return ""
	}
	v, _ := info.Options.AsMap()["virtualenv"].(string)
	if v == "" || filepath.IsAbs(v) {
		return v
	}
	return filepath.Join(rootOf(info), v)
}

// pythonOf is the interpreter a program runs with: the virtualenv's, else python3 on PATH.
func pythonOf(info *pulumirpc.ProgramInfo) string {
	if venv := virtualenv(info); venv != "" {
		return filepath.Join(venv, "bin", "python")
	}
	return "python3"
}

func (h *host) About(_ context.Context, req *pulumirpc.AboutRequest) (*pulumirpc.AboutResponse, error) {
	python := pythonOf(req.Info)
	out, err := exec.Command(python, "--version").Output()
	if err != nil {
		return nil, fmt.Errorf("%s --version: %w", python, err)
	}
	return &pulumirpc.AboutResponse{Executable: python, Version: strings.TrimPrefix(strings.TrimSpace(string(out)), "Python ")}, nil
}

// GetProgramDependencies lists what pip has installed in the program's interpreter.
func (h *host) GetProgramDependencies(_ context.Context, req *pulumirpc.GetProgramDependenciesRequest) (*pulumirpc.GetProgramDependenciesResponse, error) {
	out, err := exec.Command(pythonOf(req.Info), "-m", "pip", "list", "--format=json", "--disable-pip-version-check").Output()
	if err != nil {
		return nil, fmt.Errorf("pip list: %w", err)
	}
	var listed []struct{ Name, Version string }
	if err := json.Unmarshal(out, &listed); err != nil {
		return nil, fmt.Errorf("pip list: %w", err)
	}
	resp := &pulumirpc.GetProgramDependenciesResponse{}
	for _, d := range listed {
		resp.Dependencies = append(resp.Dependencies, &pulumirpc.DependencyInfo{Name: d.Name, Version: d.Version})
	}
	return resp, nil
}

// InstallDependencies makes the virtualenv if it is missing and installs requirements.txt into it.
func (h *host) InstallDependencies(req *pulumirpc.InstallDependenciesRequest, stream grpc.ServerStreamingServer[pulumirpc.InstallDependenciesResponse]) error {
	info := req.Info
	if info == nil {
		info = &pulumirpc.ProgramInfo{RootDirectory: req.Directory, ProgramDirectory: req.Directory}
	}
	venv := virtualenv(info)
	if venv == "" {
		return nil
	}
	run := func(name string, args ...string) error {
		cmd := exec.Command(name, args...)
		cmd.Dir = rootOf(info)
		out, err := cmd.CombinedOutput()
		if sendErr := stream.Send(&pulumirpc.InstallDependenciesResponse{Stdout: out}); sendErr != nil {
			return sendErr
		}
		if err != nil {
			return fmt.Errorf("%s %s: %w", name, strings.Join(args, " "), err)
		}
		return nil
	}
	if _, err := os.Stat(filepath.Join(venv, "bin", "python")); err != nil {
		if err := run("python3", "-m", "venv", venv); err != nil {
			return err
		}
	}
	requirements := filepath.Join(rootOf(info), "requirements.txt")
	if _, err := os.Stat(requirements); err != nil {
		return nil
	}
	return run(filepath.Join(venv, "bin", "python"), "-m", "pip", "install", "--disable-pip-version-check", "-r", requirements)
}

// GeneratePackage writes a Python SDK of the schema into the directory, with Pulumi's generator.
func (h *host) GeneratePackage(_ context.Context, req *pulumirpc.GeneratePackageRequest) (*pulumirpc.GeneratePackageResponse, error) {
	var spec schema.PackageSpec
	if err := json.Unmarshal([]byte(req.Schema), &spec); err != nil {
		return nil, fmt.Errorf("reading the schema: %w", err)
	}
	client, err := schema.NewLoaderClient(req.LoaderTarget)
	if err != nil {
		return nil, err
	}
	defer client.Close()
	loader := schema.NewCachedLoader(client)
	pkg, diags, err := schema.BindSpec(spec, loader, schema.ValidationOptions{AllowDanglingReferences: true})
	if err != nil {
		return nil, err
	}
	if diags.HasErrors() {
		return nil, fmt.Errorf("binding the schema: %w", diags)
	}
	if req.Local {
		pkg.SupportPack = true
	}
	files, err := python.GeneratePackage("pulumi-language-python", pkg, req.ExtraFiles, loader)
	if err != nil {
		return nil, err
	}
	for name, content := range files {
		p := filepath.Join(req.Directory, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return nil, err
		}
		if err := os.WriteFile(p, content, 0o644); err != nil {
			return nil, err
		}
	}
	return &pulumirpc.GeneratePackageResponse{}, nil
}

// Link adds each generated SDK (a directory relative to the project root) to requirements.txt,
// which InstallDependencies (run by the CLI next) installs, and says how to import it.
func (h *host) Link(_ context.Context, req *pulumirpc.LinkRequest) (*pulumirpc.LinkResponse, error) {
	root := rootOf(req.Info)
	requirements := filepath.Join(root, "requirements.txt")
	existing, err := os.ReadFile(requirements)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	lines := strings.Split(strings.TrimRight(string(existing), "\n"), "\n")
	if len(existing) == 0 {
		lines = nil
	}
	var instructions strings.Builder
	for _, dep := range req.Packages {
		line := "./" + filepath.ToSlash(dep.Path)
		found := false
		for _, l := range lines {
			if strings.TrimSpace(l) == line {
				found = true
			}
		}
		if !found {
			lines = append(lines, line)
		}
		name := dep.Package.GetName()
		if p := dep.Package.GetParameterization(); p != nil && p.Name != "" {
			name = p.Name
		}
		module := python.PyPack("", name)
		fmt.Fprintf(&instructions, "You can then import the SDK in your Python code with:\n\n  import %s as %s\n\n",
			module, strings.ReplaceAll(strings.TrimPrefix(module, "pulumi_"), "-", "_"))
	}
	if err := os.WriteFile(requirements, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		return nil, err
	}
	return &pulumirpc.LinkResponse{ImportInstructions: instructions.String()}, nil
}

func (h *host) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	info := req.Info
	programDir, entry := langhost.Program(req)
	args := append([]string{"-u", "-c", execPy}, langhost.RunFlags(req, h.EngineAddress())...)
	args = append(args, "--", filepath.Join(programDir, entry))
	args = append(args, req.Args...)

	config, err := langhost.ConfigEnv(req)
	if err != nil {
		return nil, err
	}
	python := pythonOf(info)
	cmd := exec.CommandContext(ctx, python, args...)
	cmd.Dir = programDir
	cmd.Env = append(os.Environ(), config...)
	if venv := virtualenv(info); venv != "" {
		cmd.Env = append(cmd.Env, "VIRTUAL_ENV="+venv, "PATH="+filepath.Join(venv, "bin")+string(os.PathListSeparator)+os.Getenv("PATH"))
	}
	// The program's output goes where the engine shows a language host's output; stderr is kept
	// too, so that a crash before the SDK could report it is named in the response.
	var stderr bytes.Buffer
	cmd.Stdout = os.Stdout
	cmd.Stderr = io.MultiWriter(os.Stderr, &stderr)
	err = cmd.Run()
	return langhost.RunResponse(err, "Python", lastLines(stderr.String(), 20), python)
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
