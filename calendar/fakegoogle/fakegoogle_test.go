package fakegoogle_test

import (
	"context"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2/google"

	"github.com/mentorship/checkins/calendar/fakegoogle"
)

func newFake(t *testing.T) *fakegoogle.Server {
	t.Helper()
	s, err := fakegoogle.New(fakegoogle.Options{})
	if err != nil {
		t.Fatalf("fakegoogle.New: %v", err)
	}
	t.Cleanup(s.Close)
	return s
}

// token gets an access token through the real x/oauth2 JWT flow.
func token(t *testing.T, s *fakegoogle.Server, subject string) string {
	t.Helper()
	cfg, err := google.JWTConfigFromJSON(s.CredentialsJSON(), "https://www.googleapis.com/auth/calendar")
	if err != nil {
		t.Fatalf("JWTConfigFromJSON: %v", err)
	}
	cfg.Subject = subject
	tok, err := cfg.TokenSource(context.Background()).Token()
	if err != nil {
		t.Fatalf("token: %v", err)
	}
	if tok.AccessToken == "" || tok.TokenType != "Bearer" {
		t.Fatalf("got token %+v, want a Bearer access token", tok)
	}
	return tok.AccessToken
}

// claimSet mirrors the claims golang.org/x/oauth2/jwt sends.
type claimSet struct {
	Iss   string `json:"iss"`
	Scope string `json:"scope"`
	Aud   string `json:"aud"`
	Exp   int64  `json:"exp"`
	Iat   int64  `json:"iat"`
	Sub   string `json:"sub,omitempty"`
}

// signedAssertion builds an RS256 JWT by hand.
func signedAssertion(t *testing.T, key *rsa.PrivateKey, claims claimSet) string {
	t.Helper()
	hdr := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"RS256","typ":"JWT"}`))
	body, err := json.Marshal(claims)
	if err != nil {
		t.Fatalf("marshal claims: %v", err)
	}
	signed := hdr + "." + base64.RawURLEncoding.EncodeToString(body)
	sum := sha256.Sum256([]byte(signed))
	sig, err := rsa.SignPKCS1v15(rand.Reader, key, crypto.SHA256, sum[:])
	if err != nil {
		t.Fatalf("sign: %v", err)
	}
	return signed + "." + base64.RawURLEncoding.EncodeToString(sig)
}

func TestTokenEndpointVerifiesAssertions(t *testing.T) {
	t.Parallel()
	s := newFake(t)
	goodKey := credentialsKey(t, s)
	otherKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatalf("GenerateKey: %v", err)
	}
	now := time.Now().Unix()
	base := claimSet{Iss: s.ClientEmail(), Scope: "https://www.googleapis.com/auth/calendar",
		Aud: s.TokenURL(), Iat: now, Exp: now + 3600, Sub: "mentor@example.com"}
	tests := []struct {
		name    string
		key     *rsa.PrivateKey
		edit    func(*claimSet)
		status  int
		errCode string
	}{
		{"valid", goodKey, func(*claimSet) {}, 200, ""},
		{"bad signature", otherKey, func(*claimSet) {}, 400, "invalid_grant"},
		{"wrong audience", goodKey, func(c *claimSet) { c.Aud = "https://oauth2.googleapis.com/token" }, 400, "invalid_grant"},
		{"too long lived", goodKey, func(c *claimSet) { c.Exp = c.Iat + 3601 }, 400, "invalid_grant"},
		{"expired", goodKey, func(c *claimSet) { c.Iat, c.Exp = now-7200, now-3600 }, 400, "invalid_grant"},
		{"unknown issuer", goodKey, func(c *claimSet) { c.Iss = "x@y.iam.gserviceaccount.com" }, 400, "invalid_grant"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			claims := base
			tc.edit(&claims)
			resp, err := http.PostForm(s.TokenURL(), url.Values{
				"grant_type": {"urn:ietf:params:oauth:grant-type:jwt-bearer"},
				"assertion":  {signedAssertion(t, tc.key, claims)},
			})
			if err != nil {
				t.Fatalf("post: %v", err)
			}
			defer resp.Body.Close()
			var body map[string]any
			if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
				t.Fatalf("decode: %v", err)
			}
			if resp.StatusCode != tc.status {
				t.Fatalf("got status %d (%v), want %d", resp.StatusCode, body, tc.status)
			}
			if tc.errCode == "" {
				if body["access_token"] == "" || body["expires_in"] != float64(3599) || body["token_type"] != "Bearer" {
					t.Errorf("got %v, want access_token, expires_in 3599, token_type Bearer", body)
				}
				return
			}
			if body["error"] != tc.errCode || body["error_description"] == "" {
				t.Errorf("got %v, want error %q with a description", body, tc.errCode)
			}
		})
	}
}

// credentialsKey reads the private key out of the fake's key file.
func credentialsKey(t *testing.T, s *fakegoogle.Server) *rsa.PrivateKey {
	t.Helper()
	var f struct {
		PrivateKey string `json:"private_key"`
	}
	if err := json.Unmarshal(s.CredentialsJSON(), &f); err != nil {
		t.Fatalf("credentials JSON: %v", err)
	}
	block, _ := pem.Decode([]byte(f.PrivateKey))
	if block == nil {
		t.Fatal("credentials: private_key is not PEM")
	}
	k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		t.Fatalf("parse key: %v", err)
	}
	return k.(*rsa.PrivateKey)
}

func TestUnauthenticatedCallsGet401(t *testing.T) {
	t.Parallel()
	s := newFake(t)
	tests := []struct {
		name, auth, reason, messagePrefix string
	}{
		{"no header", "", "required", "Request is missing required authentication credential."},
		{"unknown token", "Bearer ya29.nope", "authError", "Request had invalid authentication credentials."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			req, _ := http.NewRequest("POST", s.Endpoint()+"freeBusy?alt=json&prettyPrint=false", strings.NewReader(`{}`))
			if tc.auth != "" {
				req.Header.Set("Authorization", tc.auth)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatalf("do: %v", err)
			}
			defer resp.Body.Close()
			if resp.StatusCode != 401 || !strings.HasPrefix(resp.Header.Get("WWW-Authenticate"), "Bearer ") {
				t.Fatalf("got %d, WWW-Authenticate %q; want 401 with a Bearer challenge", resp.StatusCode, resp.Header.Get("WWW-Authenticate"))
			}
			var body struct {
				Error struct {
					Code    int    `json:"code"`
					Message string `json:"message"`
					Status  string `json:"status"`
					Errors  []struct {
						Domain, Reason, Location, LocationType string
					} `json:"errors"`
				} `json:"error"`
			}
			raw, _ := io.ReadAll(resp.Body)
			if err := json.Unmarshal(raw, &body); err != nil {
				t.Fatalf("decode %s: %v", raw, err)
			}
			e := body.Error
			if e.Code != 401 || e.Status != "UNAUTHENTICATED" || !strings.HasPrefix(e.Message, tc.messagePrefix) ||
				len(e.Errors) != 1 || e.Errors[0].Reason != tc.reason || e.Errors[0].Location != "Authorization" || e.Errors[0].LocationType != "header" {
				t.Errorf("got %s, want Google's 401 shape with reason %q", raw, tc.reason)
			}
			if !strings.HasPrefix(string(raw), `{"error":{"code":401`) {
				t.Errorf("got %s, want code first in the front-end error", raw)
			}
		})
	}
}
