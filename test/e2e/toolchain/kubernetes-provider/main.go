// The Kubernetes provider's plugin entry point: the provider package's own Serve, with the schema
// and Terraform mapping that toolchain.sh generates (with the plugin's version set in the schema)
// from the files the provider module carries.
package main

import (
	_ "embed"

	"github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/provider"
	"github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/version"
)

//go:embed schema-embed.json
var schema []byte

//go:embed terraform-mapping-embed.json
var terraformMapping []byte

func main() {
	provider.Serve("kubernetes", version.Version, schema, terraformMapping)
}
