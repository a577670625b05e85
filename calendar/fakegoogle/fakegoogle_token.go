package fakegoogle

import (
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"
)

const jwtBearerGrant = "urn:ietf:params:oauth:grant-type:jwt-bearer"

type jwtClaims struct {
	Iss   string `json:"iss"`
	Scope string `json:"scope"`
	Aud   string `json:"aud"`
	Exp   int64  `json:"exp"`
	Iat   int64  `json:"iat"`
	Sub   string `json:"sub"`
	Prn   string `json:"prn"`
}

// handleToken implements the JWT-bearer grant of Google's token endpoint.
func (s *Server) handleToken(w http.ResponseWriter, r *http.Request) {
	if f, ok := s.hit("token"); ok {
		if f.RetryAfter != "" {
			w.Header().Set("Retry-After", f.RetryAfter)
		}
		reason := f.Reason
		if reason == "" {
			reason = "internal_failure"
		}
		writeJSON(w, f.Status, map[string]string{"error": reason, "error_description": "injected failure"})
		return
	}
	if err := r.ParseForm(); err != nil {
		tokenError(w, http.StatusBadRequest, "invalid_request", "Bad Request")
		return
	}
	if gt := r.PostForm.Get("grant_type"); gt != jwtBearerGrant {
		tokenError(w, http.StatusBadRequest, "unsupported_grant_type", "Invalid grant_type: "+gt)
		return
	}
	claims, problem := s.verifyAssertion(r.PostForm.Get("assertion"))
	if problem != "" {
		tokenError(w, http.StatusBadRequest, "invalid_grant", problem)
		return
	}
	sub := claims.Sub
	if sub == "" {
		sub = claims.Prn
	}
	tok := "ya29.fake-" + randomToken(16)
	s.mu.Lock()
	s.tokens[tok] = sub
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{
		"access_token": tok, "expires_in": 3599, "token_type": "Bearer",
	})
}

func tokenError(w http.ResponseWriter, status int, code, desc string) {
	writeJSON(w, status, map[string]string{"error": code, "error_description": desc})
}

// verifyAssertion checks an RS256 JWT signed with the fake's key and its
// claims as Google does, returning Google's description of the first
// problem ("" = valid).
func (s *Server) verifyAssertion(assertion string) (jwtClaims, string) {
	var c jwtClaims
	parts := strings.Split(assertion, ".")
	if len(parts) != 3 {
		return c, "Invalid JWT: malformed assertion."
	}
	var hdr struct {
		Alg string `json:"alg"`
		Kid string `json:"kid"`
	}
	if err := decodeSegment(parts[0], &hdr); err != nil || hdr.Alg != "RS256" {
		return c, "Invalid JWT header."
	}
	if hdr.Kid != "" && hdr.Kid != s.keyID {
		return c, "Invalid JWT Signature."
	}
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil {
		return c, "Invalid JWT Signature."
	}
	sum := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
	if rsa.VerifyPKCS1v15(&s.key.PublicKey, crypto.SHA256, sum[:], sig) != nil {
		return c, "Invalid JWT Signature."
	}
	if err := decodeSegment(parts[1], &c); err != nil {
		return c, "Invalid JWT: malformed claims."
	}
	now := s.now().Unix()
	switch {
	case c.Iss != s.email:
		return c, "Invalid issuer: unknown client."
	case c.Aud != s.TokenURL():
		return c, "Invalid JWT: audience does not match the token endpoint."
	case c.Exp-c.Iat > 3600 || c.Exp <= c.Iat || c.Exp < now || c.Iat > now+300:
		return c, "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim."
	case c.Scope == "":
		return c, "Invalid scope: empty."
	}
	return c, ""
}

func decodeSegment(seg string, v any) error {
	b, err := base64.RawURLEncoding.DecodeString(seg)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}
