package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"net/http"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"
)

// The cookie that binds a login to the browser that started it. Its name is our own: cookies on
// 127.0.0.1 are shared across ports, so it must not collide with Keycloak's.
const loginCookie = "wandb_e2e_login"

// pending is a login between /login and the callback: what the callback must see again.
type pending struct {
	nonce    string
	verifier string // pkce only
	started  time.Time
}

// result is what the callback reports: the JSON body the browser shows.
type result struct {
	OK         bool     `json:"ok"`
	Error      string   `json:"error,omitempty"`
	Flow       string   `json:"flow,omitempty"`
	ClientID   string   `json:"clientId,omitempty"`
	Subject    string   `json:"sub,omitempty"`
	Azp        string   `json:"azp,omitempty"`
	Email      string   `json:"email,omitempty"`
	Name       string   `json:"name,omitempty"`
	Groups     []string `json:"groups,omitempty"`
	GroupsSeen bool     `json:"groupsClaimInToken"`
	// The Origin header the callback arrived with (a form_post is a cross-origin POST): recorded
	// because W&B's chart lists "null" among its CORS origins for it (docs/e2e.md).
	Origin string `json:"callbackOrigin,omitempty"`
}

type server struct {
	s        settings
	mu       sync.Mutex
	logins   map[string]pending
	provider *oidc.Provider // discovered once, on the first login that succeeds in discovery
}

func newServer(s settings) *server { return &server{s: s, logins: map[string]pending{}} }

func (sv *server) routes() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) { fmt.Fprintln(w, "ok") })
	mux.HandleFunc("GET /login", sv.login)
	// pkce: the IdP redirects with ?code&state; implicit: it POSTs id_token and state (form_post).
	mux.HandleFunc("GET /oidc/callback", sv.callback)
	mux.HandleFunc("POST /oidc/callback", sv.callback)
	return mux
}

func random() string {
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// discover reads OIDC_ISSUER's discovery document. go-oidc refuses a document whose issuer is not
// exactly OIDC_ISSUER (oidc.go NewProvider: IssuerMismatchError), as W&B must.
func (sv *server) discover(ctx context.Context) (*oidc.Provider, error) {
	sv.mu.Lock()
	p := sv.provider
	sv.mu.Unlock()
	if p != nil {
		return p, nil
	}
	p, err := oidc.NewProvider(ctx, sv.s.issuer)
	if err != nil {
		return nil, fmt.Errorf("discovery of %s: %w", sv.s.issuer, err)
	}
	sv.mu.Lock()
	sv.provider = p
	sv.mu.Unlock()
	return p, nil
}

func (sv *server) oauth2Config(p *oidc.Provider) *oauth2.Config {
	endpoint := p.Endpoint()
	// A public client has no secret to send: client_id goes in the body (x/oauth2 would otherwise
	// try HTTP Basic with an empty password first). With a secret, HTTP Basic
	// (client_secret_basic, the OAuth default).
	endpoint.AuthStyle = oauth2.AuthStyleInParams
	if sv.s.secret != "" {
		endpoint.AuthStyle = oauth2.AuthStyleInHeader
	}
	return &oauth2.Config{
		ClientID:     sv.s.clientID,
		ClientSecret: sv.s.secret,
		Endpoint:     endpoint,
		RedirectURL:  sv.s.redirectURI(),
		Scopes:       sv.s.scopes(),
	}
}

func reply(w http.ResponseWriter, status int, r result) {
	if !r.OK {
		log.Printf("login failed: %s", r.Error)
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(r)
}

// login starts a sign-in as W&B does: to the IdP's authorization endpoint with this client, the
// redirect URI, the scopes, a state and a nonce; pkce adds an S256 challenge (response_type=code),
// implicit asks for the ID token by form_post (response_type=id_token).
func (sv *server) login(w http.ResponseWriter, r *http.Request) {
	if sv.s.localRestore {
		reply(w, http.StatusForbidden, result{Error: "SSO is off: LOCAL_RESTORE=true (break-glass)"})
		return
	}
	p, err := sv.discover(r.Context())
	if err != nil {
		reply(w, http.StatusBadGateway, result{Error: err.Error()})
		return
	}
	state, login := random(), pending{nonce: random(), started: time.Now()}
	opts := []oauth2.AuthCodeOption{oidc.Nonce(login.nonce)}
	if sv.s.authMethod == "pkce" {
		login.verifier = oauth2.GenerateVerifier()
		opts = append(opts, oauth2.S256ChallengeOption(login.verifier))
	} else {
		opts = append(opts,
			oauth2.SetAuthURLParam("response_type", "id_token"),
			oauth2.SetAuthURLParam("response_mode", "form_post"))
	}
	sv.mu.Lock()
	sv.logins[state] = login
	sv.mu.Unlock()
	http.SetCookie(w, &http.Cookie{Name: loginCookie, Value: state, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode, MaxAge: 600})
	http.Redirect(w, r, sv.oauth2Config(p).AuthCodeURL(state, opts...), http.StatusFound)
}

// take removes and returns the login of a state, once; it must be the browser's own (the cookie).
func (sv *server) take(r *http.Request, state string) (pending, error) {
	cookie, err := r.Cookie(loginCookie)
	if err != nil || cookie.Value != state {
		return pending{}, errors.New("the state does not match this browser's login cookie")
	}
	sv.mu.Lock()
	defer sv.mu.Unlock()
	login, ok := sv.logins[state]
	delete(sv.logins, state)
	if !ok || time.Since(login.started) > 10*time.Minute {
		return pending{}, errors.New("unknown or expired state")
	}
	return login, nil
}

func (sv *server) callback(w http.ResponseWriter, r *http.Request) {
	if sv.s.localRestore {
		reply(w, http.StatusForbidden, result{Error: "SSO is off: LOCAL_RESTORE=true (break-glass)"})
		return
	}
	if err := r.ParseForm(); err != nil {
		reply(w, http.StatusBadRequest, result{Error: "unreadable callback: " + err.Error()})
		return
	}
	if e := r.Form.Get("error"); e != "" {
		reply(w, http.StatusBadRequest, result{Error: fmt.Sprintf("the IdP answered error=%s: %s", e, r.Form.Get("error_description"))})
		return
	}
	login, err := sv.take(r, r.Form.Get("state"))
	if err != nil {
		reply(w, http.StatusBadRequest, result{Error: err.Error()})
		return
	}
	p, err := sv.discover(r.Context())
	if err != nil {
		reply(w, http.StatusBadGateway, result{Error: err.Error()})
		return
	}
	var rawIDToken string
	switch {
	case sv.s.authMethod == "pkce" && r.Method == http.MethodGet:
		token, err := sv.oauth2Config(p).Exchange(r.Context(), r.Form.Get("code"), oauth2.VerifierOption(login.verifier))
		if err != nil {
			reply(w, http.StatusBadGateway, result{Error: "the code exchange failed: " + err.Error()})
			return
		}
		rawIDToken, _ = token.Extra("id_token").(string)
	case sv.s.authMethod == "implicit" && r.Method == http.MethodPost:
		rawIDToken = r.PostForm.Get("id_token")
	default:
		reply(w, http.StatusBadRequest, result{Error: fmt.Sprintf("a %s callback does not fit OIDC_AUTH_METHOD=%s", r.Method, sv.s.authMethod)})
		return
	}
	if rawIDToken == "" {
		reply(w, http.StatusBadGateway, result{Error: "no ID token"})
		return
	}
	sv.finish(r.Context(), w, p, rawIDToken, login, r.Header.Get("Origin"))
}

// finish verifies the ID token as W&B must (signature against the JWKS, iss exactly OIDC_ISSUER,
// aud containing OIDC_CLIENT_ID, expiry: go-oidc's IDTokenVerifier.Verify; the nonce here, which
// go-oidc leaves to the caller) and reports who signed in.
func (sv *server) finish(ctx context.Context, w http.ResponseWriter, p *oidc.Provider, rawIDToken string, login pending, origin string) {
	idToken, err := p.Verifier(&oidc.Config{ClientID: sv.s.clientID}).Verify(ctx, rawIDToken)
	if err != nil {
		reply(w, http.StatusUnauthorized, result{Error: "the ID token was refused: " + err.Error()})
		return
	}
	if idToken.Nonce != login.nonce {
		reply(w, http.StatusUnauthorized, result{Error: "the ID token's nonce is not this login's"})
		return
	}
	var claims struct {
		Azp    string          `json:"azp"`
		Email  string          `json:"email"`
		Name   string          `json:"name"`
		Groups json.RawMessage `json:"groups"`
	}
	if err := idToken.Claims(&claims); err != nil {
		reply(w, http.StatusUnauthorized, result{Error: "unreadable claims: " + err.Error()})
		return
	}
	// W&B identifies users by e-mail address; an ID token without one cannot sign anybody in.
	if claims.Email == "" {
		reply(w, http.StatusUnauthorized, result{Error: "the ID token has no email claim (is the email scope allowed?)"})
		return
	}
	res := result{OK: true, Flow: sv.s.authMethod, ClientID: sv.s.clientID, Subject: idToken.Subject, Azp: claims.Azp,
		Email: claims.Email, Name: claims.Name, GroupsSeen: len(claims.Groups) > 0, Origin: origin}
	// W&B reads groups only with its group claims switched on, as a list of group (team) names.
	if sv.s.groupClaims && len(claims.Groups) > 0 {
		if err := json.Unmarshal(claims.Groups, &res.Groups); err != nil {
			reply(w, http.StatusUnauthorized, result{Error: "the groups claim is not a list of names: " + string(claims.Groups)})
			return
		}
		if res.Groups == nil {
			res.Groups = []string{}
		}
	}
	log.Printf("signed in %s (%s, client %s, groups %q)", res.Email, res.Flow, res.ClientID, res.Groups)
	reply(w, http.StatusOK, res)
}
