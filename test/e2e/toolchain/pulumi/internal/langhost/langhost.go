// Package langhost is what the end-to-end tier's two language hosts (langhost-nodejs and
// langhost-python) share: serving the LanguageRuntime protocol the way the engine expects a plugin
// to, the handshake that tells the host the engine's address, and the methods whose answer is the
// same for both languages. Each host embeds Base and adds what is its language's own.
package langhost

import (
	"context"
	"fmt"
	"os"
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/emptypb"
)

// Base answers the LanguageRuntime methods the two hosts answer alike.
type Base struct {
	pulumirpc.UnimplementedLanguageRuntimeServer
	// Version is what GetPluginInfo reports: the Pulumi version the host is built for.
	Version       string
	mu            sync.Mutex
	engineAddress string
}

// EngineAddress is the engine's gRPC address: from the command line, or from the handshake.
func (b *Base) EngineAddress() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.engineAddress
}

func (b *Base) setEngineAddress(address string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.engineAddress = address
}

func (b *Base) Handshake(_ context.Context, req *pulumirpc.LanguageHandshakeRequest) (*pulumirpc.LanguageHandshakeResponse, error) {
	if req.EngineAddress != "" {
		b.setEngineAddress(req.EngineAddress)
	}
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

func (b *Base) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: b.Version}, nil
}

// Plugins are installed by test/e2e (automatic acquisition is off) and packages come from
// Pulumi.yaml's `packages`, so nothing is announced ahead: the engine loads each provider when the
// program first registers one of its resources.
func (b *Base) GetRequiredPlugins(context.Context, *pulumirpc.GetRequiredPluginsRequest) (*pulumirpc.GetRequiredPluginsResponse, error) {
	return &pulumirpc.GetRequiredPluginsResponse{}, nil
}

func (b *Base) GetRequiredPackages(context.Context, *pulumirpc.GetRequiredPackagesRequest) (*pulumirpc.GetRequiredPackagesResponse, error) {
	return &pulumirpc.GetRequiredPackagesResponse{}, nil
}

func (b *Base) Cancel(context.Context, *emptypb.Empty) (*emptypb.Empty, error) {
	return &emptypb.Empty{}, nil
}

// Host is a language host built on Base.
type Host interface {
	pulumirpc.LanguageRuntimeServer
	base() *Base
}

func (b *Base) base() *Base { return b }

// Main serves host until the engine closes it, and exits the process non-zero on an error, named
// after the plugin (e.g. "pulumi-language-nodejs").
func Main(name string, host Host) {
	// The engine starts a language host with its own address as the last argument
	// (buildArgsForNewPlugin in sdk/go/common/resource/plugin/langruntime_plugin.go, sdk/v3 v3.276.0).
	if n := len(os.Args); n > 1 {
		host.base().setEngineAddress(os.Args[n-1])
	}
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Init: func(s *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(s, host)
			return nil
		},
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", name, err)
		os.Exit(1)
	}
	// The engine reads the port from the first line of stdout.
	fmt.Printf("%d\n", handle.Port)
	if err := <-handle.Done; err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", name, err)
		os.Exit(1)
	}
}
