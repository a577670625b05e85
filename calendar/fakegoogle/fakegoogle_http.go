package fakegoogle

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
)

type subjectKey struct{}

// routes wires the fake's endpoints. Path values are matched unescaped, so
// "mentor%40example.com" arrives as "mentor@example.com".
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /token", s.handleToken)
	api := http.NewServeMux()
	api.HandleFunc("POST /calendar/v3/freeBusy", s.handleFreeBusy)
	api.HandleFunc("POST /calendar/v3/calendars/{cal}/events", s.handleInsert)
	api.HandleFunc("GET /calendar/v3/calendars/{cal}/events", s.handleList)
	api.HandleFunc("POST /calendar/v3/calendars/{cal}/events/watch", s.handleWatch)
	api.HandleFunc("GET /calendar/v3/calendars/{cal}/events/{id}", s.handleGet)
	api.HandleFunc("PATCH /calendar/v3/calendars/{cal}/events/{id}", s.handlePatch)
	api.HandleFunc("PUT /calendar/v3/calendars/{cal}/events/{id}", s.handleUpdate)
	api.HandleFunc("DELETE /calendar/v3/calendars/{cal}/events/{id}", s.handleDelete)
	api.HandleFunc("POST /calendar/v3/channels/stop", s.handleStop)
	api.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "global", "notFound", "Not Found")
	})
	mux.Handle("/calendar/v3/", s.requireBearer(api))
	s.controlRoutes(mux)
	return mux
}

// requireBearer answers 401 in Google's front-end shape for a missing or
// unknown access token and puts the token's subject in the context.
func (s *Server) requireBearer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := r.Header.Get("Authorization")
		tok, ok := strings.CutPrefix(h, "Bearer ")
		if h == "" || !ok {
			writeAuthError(w, "Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.",
				"Login Required.", "required")
			return
		}
		s.mu.Lock()
		sub, known := s.tokens[tok]
		s.mu.Unlock()
		if !known {
			writeAuthError(w, "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.",
				"Invalid Credentials", "authError")
			return
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), subjectKey{}, sub)))
	})
}

// subject is the user the request's token impersonates ("" = the service
// account itself).
func subject(r *http.Request) string {
	sub, _ := r.Context().Value(subjectKey{}).(string)
	return sub
}

// calendarID resolves "primary" to the impersonated user.
func calendarID(r *http.Request) string {
	id := r.PathValue("cal")
	if id == "primary" && subject(r) != "" {
		return subject(r)
	}
	return id
}

type errorItem struct {
	Domain       string `json:"domain"`
	Reason       string `json:"reason"`
	Message      string `json:"message"`
	LocationType string `json:"locationType,omitempty"`
	Location     string `json:"location,omitempty"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// writeError writes a Calendar-backend error body (wire doc section 2).
func writeError(w http.ResponseWriter, status int, domain, reason, message string, loc ...string) {
	item := errorItem{Domain: domain, Reason: reason, Message: message}
	if len(loc) == 2 {
		item.LocationType, item.Location = loc[0], loc[1]
	}
	writeJSON(w, status, map[string]any{"error": map[string]any{
		"errors": []errorItem{item}, "code": status, "message": message,
	}})
}

func writeAuthError(w http.ResponseWriter, message, itemMessage, reason string) {
	w.Header().Set("WWW-Authenticate", `Bearer realm="https://accounts.google.com/", error="invalid_token"`)
	type body struct {
		Code    int         `json:"code"`
		Message string      `json:"message"`
		Errors  []errorItem `json:"errors"`
		Status  string      `json:"status"`
	}
	writeJSON(w, http.StatusUnauthorized, map[string]body{"error": {
		Code: http.StatusUnauthorized, Message: message, Status: "UNAUTHENTICATED",
		Errors: []errorItem{{Message: itemMessage, Domain: "global", Reason: reason,
			Location: "Authorization", LocationType: "header"}},
	}})
}

// fault answers an injected failure for method, if one is queued; it
// counts the call either way.
func (s *Server) fault(w http.ResponseWriter, method string) bool {
	f, ok := s.hit(method)
	if !ok {
		return false
	}
	if f.RetryAfter != "" {
		w.Header().Set("Retry-After", f.RetryAfter)
	}
	domain, msg := "global", http.StatusText(f.Status)
	switch f.Reason {
	case "rateLimitExceeded", "userRateLimitExceeded", "quotaExceeded":
		domain, msg = "usageLimits", "Rate Limit Exceeded"
	case "backendError":
		msg = "Backend Error"
	}
	writeError(w, f.Status, domain, f.Reason, msg)
	return true
}

func decodeBody(w http.ResponseWriter, r *http.Request, v any) bool {
	if err := json.NewDecoder(r.Body).Decode(v); err != nil {
		writeError(w, http.StatusBadRequest, "global", "parseError", "Parse Error")
		return false
	}
	return true
}
