package handlers_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
	"github.com/labstack/echo/v4"

	"github.com/mentorship/checkins/booking"
	"github.com/mentorship/checkins/calendar"
	"github.com/mentorship/checkins/calendar/fakegoogle"
	"github.com/mentorship/checkins/handlers"
	"github.com/mentorship/checkins/store"
)

const adminToken = "test-admin-token-0123456789"

func TestMain(m *testing.M) {
	// Markdown answers (the agreement summary) are validated as text.
	text := func(body io.Reader, _ http.Header, _ *openapi3.SchemaRef, _ openapi3filter.EncodingFn) (any, error) {
		b, err := io.ReadAll(body)
		return string(b), err
	}
	openapi3filter.RegisterBodyDecoder("text/markdown", text)
	openapi3filter.RegisterBodyDecoder("text/calendar", text)
	os.Exit(m.Run())
}

// api is the whole HTTP API over a memory store and the real Google client
// talking to the fake Calendar server.
type api struct {
	t      *testing.T
	e      *echo.Echo
	fake   *fakegoogle.Server
	store  *store.Memory
	router routers.Router
	now    time.Time
}

func newAPI(t *testing.T, now time.Time) *api {
	t.Helper()
	fake, err := fakegoogle.New(fakegoogle.Options{})
	if err != nil {
		t.Fatalf("start the fake Google server: %v", err)
	}
	t.Cleanup(fake.Close)
	ctx := context.Background()
	g, err := calendar.NewGoogle(ctx, calendar.GoogleOptions{
		CredentialsJSON: fake.CredentialsJSON(), Endpoint: fake.Endpoint(), Now: func() time.Time { return now },
	})
	if err != nil {
		t.Fatalf("NewGoogle: %v", err)
	}
	clock := func() time.Time { return now }
	cache := calendar.NewCache(g, calendar.NewMemoryBackend(clock), calendar.CacheOptions{TTL: 5 * time.Minute, Now: clock})
	st := store.NewMemory()
	svc := booking.New(st, cache, g, booking.Options{Now: clock})
	e, err := handlers.New(handlers.Options{Service: svc, AdminToken: adminToken, Now: clock,
		Checks: []handlers.Check{{Name: "store", Critical: true, Run: st.Ping}}})
	if err != nil {
		t.Fatalf("handlers.New: %v", err)
	}
	doc, err := handlers.LoadOpenAPI()
	if err != nil {
		t.Fatalf("LoadOpenAPI: %v", err)
	}
	doc.Servers = openapi3.Servers{{URL: "http://example.com"}}
	router, err := legacy.NewRouter(doc)
	if err != nil {
		t.Fatalf("openapi router: %v", err)
	}
	return &api{t: t, e: e, fake: fake, store: st, router: router, now: now}
}

// response is a recorded answer with its decoded JSON.
type response struct {
	Status int
	Header http.Header
	Body   []byte
}

func (r response) json(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.Body, &m); err != nil {
		t.Fatalf("body is not a JSON object: %v\n%s", err, r.Body)
	}
	return m
}

type reqOpt func(*http.Request)

func withToken(tok string) reqOpt {
	return func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+tok) }
}
func noToken() reqOpt { return func(r *http.Request) { r.Header.Del("Authorization") } }
func withHeader(k, v string) reqOpt {
	return func(r *http.Request) { r.Header.Set(k, v) }
}

// do sends a request that the OpenAPI document says is valid, and checks
// both the request and the response against the document.
func (a *api) do(method, path string, body any, opts ...reqOpt) response {
	a.t.Helper()
	return a.send(true, method, path, body, opts...)
}

// bad sends a request that is deliberately invalid; only the response is
// checked against the document.
func (a *api) bad(method, path string, body any, opts ...reqOpt) response {
	a.t.Helper()
	return a.send(false, method, path, body, opts...)
}

func (a *api) send(validRequest bool, method, path string, body any, opts ...reqOpt) response {
	a.t.Helper()
	var raw []byte
	switch b := body.(type) {
	case nil:
	case string:
		raw = []byte(b)
	case []byte:
		raw = b
	default:
		var err error
		if raw, err = json.Marshal(b); err != nil {
			a.t.Fatal(err)
		}
	}
	req := httptest.NewRequest(method, "http://example.com"+path, bytes.NewReader(raw))
	if raw != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Authorization", "Bearer "+adminToken)
	for _, o := range opts {
		o(req)
	}
	route, params, err := a.router.FindRoute(req)
	if err != nil {
		a.t.Fatalf("%s %s: not in the OpenAPI document: %v", method, path, err)
	}
	in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}}
	if validRequest {
		check := req.Clone(context.Background())
		check.Body = io.NopCloser(bytes.NewReader(raw))
		in.Request = check
		if err := openapi3filter.ValidateRequest(context.Background(), in); err != nil {
			a.t.Errorf("%s %s: request does not match the OpenAPI document: %v", method, path, err)
		}
		in.Request = req
	}
	rec := httptest.NewRecorder()
	a.e.ServeHTTP(rec, req)
	res := response{Status: rec.Code, Header: rec.Header(), Body: rec.Body.Bytes()}
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: res.Status, Header: res.Header,
		Options: &openapi3filter.Options{IncludeResponseStatus: true}}
	out.SetBodyBytes(res.Body)
	if err := openapi3filter.ValidateResponse(context.Background(), out); err != nil {
		a.t.Errorf("%s %s -> %d: response does not match the OpenAPI document: %v\n%s", method, path, res.Status, err, res.Body)
	}
	return res
}

// mustStatus fails the test unless the response has the wanted status.
func mustStatus(t *testing.T, r response, want int) {
	t.Helper()
	if r.Status != want {
		t.Fatalf("status = %d, want %d; body: %s", r.Status, want, r.Body)
	}
}

// problemFields returns the field names of a problem's errors, after
// checking the problem+json shape.
func problemFields(t *testing.T, r response) []string {
	t.Helper()
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/problem+json") {
		t.Fatalf("Content-Type = %q, want application/problem+json", ct)
	}
	var p struct {
		Type, Title, Detail string
		Status              int
		Errors              []struct{ Field, Message string }
	}
	if err := json.Unmarshal(r.Body, &p); err != nil {
		t.Fatalf("problem is not JSON: %v", err)
	}
	if p.Status != r.Status || p.Type == "" || p.Title == "" {
		t.Errorf("problem = %+v, want type, title and status %d", p, r.Status)
	}
	var fields []string
	for _, e := range p.Errors {
		fields = append(fields, e.Field)
	}
	return fields
}
