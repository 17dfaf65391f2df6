// wandb-login: a stand-in for W&B Server's login side, for the end-to-end tier (docs/e2e.md). It
// reads W&B's SSO settings from its own environment only, which the harness fills with exactly what
// the W&B pod would see, and serves /login and /oidc/callback on -listen as W&B does, with go-oidc
// and x/oauth2. A callback answers JSON: who signed in, or why not. OIDC_SECRET is never printed.
package main

import (
	"flag"
	"log"
	"net/http"
	"os"
	"strings"
	"time"
)

func main() {
	listen := flag.String("listen", "", "address to serve on, e.g. 127.0.0.1:18090 (the host and port of HOST)")
	flag.Parse()
	log.SetPrefix("wandb-login: ")
	log.SetFlags(0)
	env := map[string]string{}
	for _, kv := range os.Environ() {
		if k, v, ok := strings.Cut(kv, "="); ok {
			env[k] = v
		}
	}
	s, err := readSettings(env)
	if err != nil {
		log.Fatalf("refusing to start: %v", err)
	}
	if *listen == "" {
		log.Fatal("-listen is required")
	}
	log.Print(s.describe())
	srv := &http.Server{Addr: *listen, Handler: newServer(s).routes(), ReadHeaderTimeout: 10 * time.Second}
	log.Fatal(srv.ListenAndServe())
}
