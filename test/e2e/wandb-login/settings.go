package main

import (
	"fmt"
	"net/url"
	"strings"
)

// settings are W&B Server's SSO settings as its process reads them: from its own environment, which
// the harness fills with exactly what the pod would see (the Deployment container's env, each
// reference resolved from the live ConfigMap and Secret). Nothing else is read.
type settings struct {
	host         string // HOST: W&B's public base URL; the redirect URI is <host>/oidc/callback
	issuer       string // OIDC_ISSUER
	clientID     string // OIDC_CLIENT_ID
	secret       string // OIDC_SECRET (never printed)
	authMethod   string // OIDC_AUTH_METHOD: pkce or implicit
	groupClaims  bool   // GORILLA_ENABLE_SSO_GROUP_CLAIMS
	customScopes []string
	localRestore bool // LOCAL_RESTORE: break-glass, SSO off
}

// The scopes W&B's guide asks every IdP to allow (reference/wandb-server-oidc-sso.txt: "openid",
// "profile", "email").
var baseScopes = []string{"openid", "profile", "email"}

// twins are the variable pairs W&B's older and newer services read for one setting; wandb-sso and
// W&B's chart set both from one key. A pod whose pair disagrees would log users in one way in one
// service and another way in the other, so it is refused rather than one of them picked.
var twins = [][2]string{
	{"OIDC_ISSUER", "GORILLA_OIDC_ISSUER"},
	{"OIDC_CLIENT_ID", "GORILLA_OIDC_CLIENT_ID"},
	{"OIDC_AUTH_METHOD", "GORILLA_AUTH_METHOD"},
	{"OIDC_SECRET", "GORILLA_OIDC_SECRET"},
	{"GORILLA_ENABLE_SSO_GROUP_CLAIMS", "GORILLA_ENABLE_SSO_GROUPS_CLAIMS"},
}

// readSettings reads the settings from env (os.Environ as a map). A problem that would stop W&B
// from offering SSO at all is an error; the messages never quote OIDC_SECRET.
func readSettings(env map[string]string) (settings, error) {
	for _, pair := range twins {
		a, aSet := env[pair[0]]
		b, bSet := env[pair[1]]
		if aSet && bSet && a != b {
			if strings.Contains(pair[0], "SECRET") {
				return settings{}, fmt.Errorf("%s and %s differ", pair[0], pair[1])
			}
			return settings{}, fmt.Errorf("%s=%q but %s=%q", pair[0], a, pair[1], b)
		}
	}
	s := settings{
		issuer:       env["OIDC_ISSUER"],
		clientID:     env["OIDC_CLIENT_ID"],
		secret:       env["OIDC_SECRET"],
		authMethod:   env["OIDC_AUTH_METHOD"],
		groupClaims:  env["GORILLA_ENABLE_SSO_GROUP_CLAIMS"] == "true" || env["GORILLA_ENABLE_SSO_GROUPS_CLAIMS"] == "true",
		localRestore: env["LOCAL_RESTORE"] == "true",
	}
	// W&B's guide: "wandb/local uses the "implicit" grant with the "form_post" response type by
	// default".
	if s.authMethod == "" {
		s.authMethod = "implicit"
	}
	if s.authMethod != "pkce" && s.authMethod != "implicit" {
		return settings{}, fmt.Errorf("OIDC_AUTH_METHOD=%q: W&B knows pkce and implicit", s.authMethod)
	}
	// The format of GORILLA_OIDC_CUSTOM_SCOPES is not public: wandb-sso writes a comma-separated
	// list; spaces are accepted too.
	for _, scope := range strings.FieldsFunc(env["GORILLA_OIDC_CUSTOM_SCOPES"], func(r rune) bool { return r == ',' || r == ' ' }) {
		s.customScopes = append(s.customScopes, scope)
	}
	host, err := url.Parse(env["HOST"])
	if err != nil || host.Host == "" || (host.Scheme != "http" && host.Scheme != "https") {
		return settings{}, fmt.Errorf("HOST=%q is not W&B's base URL (http(s)://host[:port])", env["HOST"])
	}
	s.host = strings.TrimSuffix(host.String(), "/")
	if !s.localRestore && (s.issuer == "" || s.clientID == "") {
		return settings{}, fmt.Errorf("OIDC_ISSUER and OIDC_CLIENT_ID must be set for SSO (or LOCAL_RESTORE=true)")
	}
	return s, nil
}

// scopes are the scopes W&B asks for: the three of its guide, then the custom ones, once each.
func (s settings) scopes() []string {
	out := append([]string{}, baseScopes...)
	for _, scope := range s.customScopes {
		seen := false
		for _, have := range out {
			seen = seen || have == scope
		}
		if !seen {
			out = append(out, scope)
		}
	}
	return out
}

func (s settings) redirectURI() string { return s.host + "/oidc/callback" }

// describe is the one line the stand-in prints at start: what it will do, never the secret.
func (s settings) describe() string {
	if s.localRestore {
		return "LOCAL_RESTORE=true: SSO is off (break-glass)"
	}
	secret := "no client secret"
	if s.secret != "" {
		secret = "a client secret from OIDC_SECRET"
	}
	return fmt.Sprintf("issuer %s, client %s, %s, %s, scopes %q, group claims %v, redirect %s",
		s.issuer, s.clientID, s.authMethod, secret, strings.Join(s.scopes(), " "), s.groupClaims, s.redirectURI())
}
