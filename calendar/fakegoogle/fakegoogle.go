// Package fakegoogle is a test-support fake of Google Calendar API v3 and
// Google's OAuth 2.0 token endpoint, speaking the real wire format (see
// /work/shared/GOOGLE-CALENDAR-WIRE.md) so that the real Go client library
// can be driven against it over HTTP.
//
// It implements the JWT-bearer grant (service accounts with domain-wide
// delegation), freeBusy.query, events insert/get/list/patch/update/delete/
// watch and channels.stop, with fault injection and call counters. Where
// Google's behaviour is unconfirmed it follows the choices of the wire
// document's section 14: freebusy spans up to 90 days, busy periods clipped
// and merged, tentative = busy, extras beyond 50 calendars get
// tooManyCalendarsRequested, repeated privateExtendedProperty filters are
// ANDed, deleted ids stay taken (409), conferences are created at once.
package fakegoogle

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"net"
	"net/http/httptest"
	"os"
	"sync"
	"time"

	calendar "google.golang.org/api/calendar/v3"
)

// Options configure a Server. The zero value is usable.
type Options struct {
	// Addr is the TCP address to listen on; "" means 127.0.0.1:0.
	Addr string
	// Now is the clock used for token expiry checks and event timestamps;
	// nil means time.Now.
	Now func() time.Time
}

// Server is a running fake. All methods are safe for concurrent use.
type Server struct {
	srv       *httptest.Server
	now       func() time.Time
	key       *rsa.PrivateKey
	keyID     string
	email     string
	credsJSON []byte

	mu        sync.Mutex
	tokens    map[string]string // access token -> subject
	busy      map[string][]period
	calErrors map[string]string
	events    map[string]map[string]*calendar.Event
	order     map[string][]string // insertion order of ids per calendar
	channels  map[string]string   // channel id -> resource id
	counts    map[string]int
	faults    map[string][]Fault
	seq       int64
}

type period struct{ start, end time.Time }

// Fault is an injected failure of the next Count calls of one method.
type Fault struct {
	Count      int    // how many calls fail
	Status     int    // HTTP status, e.g. 429, 500, 403
	Reason     string // error reason, e.g. "rateLimitExceeded", "backendError"
	RetryAfter string // optional Retry-After header value
}

// New starts a fake on opts.Addr (default 127.0.0.1:0) with a freshly
// generated service-account key. Close it when done (t.Cleanup(s.Close)).
func New(opts Options) (*Server, error) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, fmt.Errorf("fakegoogle: generate key: %w", err)
	}
	s := &Server{
		now:       opts.Now,
		key:       key,
		keyID:     "fake-key-" + randomToken(8),
		email:     "checkins@fake-project.iam.gserviceaccount.com",
		tokens:    map[string]string{},
		busy:      map[string][]period{},
		calErrors: map[string]string{},
		events:    map[string]map[string]*calendar.Event{},
		order:     map[string][]string{},
		channels:  map[string]string{},
		counts:    map[string]int{},
		faults:    map[string][]Fault{},
	}
	if s.now == nil {
		s.now = time.Now
	}
	s.srv = httptest.NewUnstartedServer(s.routes())
	if opts.Addr != "" {
		ln, err := net.Listen("tcp", opts.Addr)
		if err != nil {
			return nil, fmt.Errorf("fakegoogle: listen %s: %w", opts.Addr, err)
		}
		_ = s.srv.Listener.Close()
		s.srv.Listener = ln
	}
	s.srv.Start()
	creds, err := s.buildCredentials()
	if err != nil {
		s.srv.Close()
		return nil, err
	}
	s.credsJSON = creds
	return s, nil
}

// Close stops the server.
func (s *Server) Close() { s.srv.Close() }

// URL is the server's base URL, e.g. http://127.0.0.1:41234.
func (s *Server) URL() string { return s.srv.URL }

// Endpoint is the Calendar API base path, ending in "/calendar/v3/", for
// option.WithEndpoint or CHECKINS_GOOGLE_ENDPOINT.
func (s *Server) Endpoint() string { return s.srv.URL + "/calendar/v3/" }

// TokenURL is the OAuth token endpoint (the credentials' token_uri).
func (s *Server) TokenURL() string { return s.srv.URL + "/token" }

// ClientEmail is the service account's email (the JWT iss).
func (s *Server) ClientEmail() string { return s.email }

// CredentialsJSON is a service-account key file whose token_uri points at
// this fake; the fake verifies assertions with its public key.
func (s *Server) CredentialsJSON() []byte { return append([]byte(nil), s.credsJSON...) }

// WriteCredentials writes CredentialsJSON to path with mode 0600.
func (s *Server) WriteCredentials(path string) error {
	if err := os.WriteFile(path, s.credsJSON, 0o600); err != nil {
		return fmt.Errorf("fakegoogle: write credentials: %w", err)
	}
	return nil
}

func (s *Server) buildCredentials() ([]byte, error) {
	der, err := x509.MarshalPKCS8PrivateKey(s.key)
	if err != nil {
		return nil, fmt.Errorf("fakegoogle: marshal key: %w", err)
	}
	pemKey := pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})
	return json.MarshalIndent(map[string]string{
		"type":                        "service_account",
		"project_id":                  "fake-project",
		"private_key_id":              s.keyID,
		"private_key":                 string(pemKey),
		"client_email":                s.email,
		"client_id":                   "100000000000000000001",
		"auth_uri":                    s.srv.URL + "/o/oauth2/auth",
		"token_uri":                   s.TokenURL(),
		"auth_provider_x509_cert_url": s.srv.URL + "/oauth2/v1/certs",
		"universe_domain":             "googleapis.com",
	}, "", "  ")
}

// AddBusy seeds a busy period on a calendar (shown by freeBusy).
func (s *Server) AddBusy(calendarID string, start, end time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.busy[calendarID] = append(s.busy[calendarID], period{start, end})
}

// SetCalendarError makes freeBusy report reason (e.g. "notFound",
// "internalError") for the calendar, with empty busy; "" clears it.
func (s *Server) SetCalendarError(calendarID, reason string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if reason == "" {
		delete(s.calErrors, calendarID)
		return
	}
	s.calErrors[calendarID] = reason
}

// FailNext makes the next n calls of method fail with status and reason.
// Methods: "token", "freeBusy", "events.insert", "events.get",
// "events.list", "events.patch", "events.update", "events.delete",
// "events.watch", "channels.stop".
func (s *Server) FailNext(method string, n, status int, reason string) {
	s.Inject(method, Fault{Count: n, Status: status, Reason: reason})
}

// Inject queues a fault for method (see FailNext).
func (s *Server) Inject(method string, f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults[method] = append(s.faults[method], f)
}

// Count is how many requests method has received (failed ones included).
func (s *Server) Count(method string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.counts[method]
}

// Counts is a copy of all call counters.
func (s *Server) Counts() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]int, len(s.counts))
	for k, v := range s.counts {
		out[k] = v
	}
	return out
}

// Events returns copies of the calendar's stored events (cancelled ones
// included) in insertion order.
func (s *Server) Events(calendarID string) []*calendar.Event {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []*calendar.Event
	for _, id := range s.order[calendarID] {
		out = append(out, cloneEvent(s.events[calendarID][id]))
	}
	return out
}

// hit counts a call and pops an injected fault, if any.
func (s *Server) hit(method string) (Fault, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.counts[method]++
	q := s.faults[method]
	if len(q) == 0 {
		return Fault{}, false
	}
	f := q[0]
	f.Count--
	if f.Count <= 0 {
		s.faults[method] = q[1:]
	} else {
		q[0] = f
	}
	return f, true
}

func randomToken(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return fmt.Sprintf("%x", b)
}
