package calendar

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"golang.org/x/oauth2"
	googleoauth "golang.org/x/oauth2/google"
	gcal "google.golang.org/api/calendar/v3"
	"google.golang.org/api/option"

	"github.com/mentorship/checkins/schedule"
)

// Google limits the provider works within.
const (
	// googleMaxBatch is the most calendars freebusy.query accepts at once.
	googleMaxBatch = 50
	// googleMaxSpan is the longest window asked of freebusy.query in one
	// call; longer windows are chunked and stitched (Google's limit is
	// undocumented, about 90 days).
	googleMaxSpan = 60 * 24 * time.Hour
	// googleDefaultRetryBudget bounds retries on the request path.
	googleDefaultRetryBudget = 2 * time.Second
)

// GoogleOptions configure NewGoogle.
type GoogleOptions struct {
	// CredentialsJSON is a service-account key with domain-wide
	// delegation; its token_uri is used for the JWT-bearer grant, as
	// Google's libraries do.
	CredentialsJSON []byte
	// Endpoint is the Calendar API base URL; "" means Google's default.
	// It is used verbatim with option.WithEndpoint, so a missing trailing
	// "/" is appended (without it the client would drop the last path
	// segment).
	Endpoint string
	// Scopes requested for every token; default calendar.freebusy and
	// calendar.events (free/busy reads and event writes).
	Scopes []string
	// HTTPClient is an optional base client (timeouts, proxies) for both
	// the token endpoint and the API; nil means http.DefaultClient.
	HTTPClient *http.Client
	// Now stamps Busy.FetchedAt; nil means time.Now.
	Now func() time.Time
	// RetryBudget bounds the time one method call (all its batches, chunks
	// and pages) may spend retrying 429, 403 rateLimitExceeded, 5xx and
	// transport errors; default 2s. Once spent, failures are final.
	RetryBudget time.Duration
}

// Google is a Provider backed by Google Calendar API v3, impersonating
// users through a service account with domain-wide delegation. It is safe
// for concurrent use.
//
// FreeBusy impersonates the first calendar of each batch: all calendars
// are assumed to belong to the same Workspace domain, where any user can
// read the others' free/busy. Event calls impersonate the calendar's owner
// (the calendar id is the owner's email).
type Google struct {
	ctx    context.Context
	creds  []byte
	opts   GoogleOptions
	mu     sync.Mutex
	byUser map[string]*gcal.Service
}

// NewGoogle checks the credentials and returns a provider. ctx must be
// long-lived (the process's): token sources are built from it and used
// for the provider's lifetime, never from a request's context.
func NewGoogle(ctx context.Context, opts GoogleOptions) (*Google, error) {
	if len(opts.Scopes) == 0 {
		opts.Scopes = []string{gcal.CalendarFreebusyScope, gcal.CalendarEventsScope}
	}
	cfg, err := googleoauth.JWTConfigFromJSON(opts.CredentialsJSON, opts.Scopes...)
	if err != nil {
		return nil, fmt.Errorf("google calendar: credentials: %w", err)
	}
	if cfg.Email == "" || len(cfg.PrivateKey) == 0 || cfg.TokenURL == "" {
		return nil, errors.New("google calendar: credentials: not a service-account key (client_email, private_key and token_uri are required)")
	}
	if opts.Endpoint != "" {
		if !strings.Contains(opts.Endpoint, "://") {
			return nil, fmt.Errorf("google calendar: endpoint %q: want an absolute URL such as https://host/calendar/v3/", opts.Endpoint)
		}
		if !strings.HasSuffix(opts.Endpoint, "/") {
			opts.Endpoint += "/"
		}
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.RetryBudget <= 0 {
		opts.RetryBudget = googleDefaultRetryBudget
	}
	if opts.HTTPClient != nil {
		ctx = context.WithValue(ctx, oauth2.HTTPClient, opts.HTTPClient)
	}
	return &Google{ctx: ctx, creds: opts.CredentialsJSON, opts: opts, byUser: map[string]*gcal.Service{}}, nil
}

// service returns the cached client impersonating subject, building it
// (and its token source) from the long-lived context on first use.
func (g *Google) service(subject string) (*gcal.Service, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if svc, ok := g.byUser[subject]; ok {
		return svc, nil
	}
	cfg, err := googleoauth.JWTConfigFromJSON(g.creds, g.opts.Scopes...)
	if err != nil {
		return nil, fmt.Errorf("google calendar: credentials: %w", err)
	}
	cfg.Subject = subject
	opts := []option.ClientOption{option.WithHTTPClient(cfg.Client(g.ctx))}
	if g.opts.Endpoint != "" {
		opts = append(opts, option.WithEndpoint(g.opts.Endpoint))
	}
	svc, err := gcal.NewService(g.ctx, opts...)
	if err != nil {
		return nil, fmt.Errorf("google calendar: client for %s: %w", subject, err)
	}
	g.byUser[subject] = svc
	return svc, nil
}

// FreeBusy asks freebusy.query for the calendars' busy time over window,
// in batches of at most 50 distinct calendars and chunks of at most 60
// days. Per-calendar errors land in Busy.Err; the error return is for
// whole-call failures and wraps checkins.ErrUnavailable.
func (g *Google) FreeBusy(ctx context.Context, calendarIDs []string, window schedule.Interval) (map[string]Busy, error) {
	ids := uniqueIDs(calendarIDs)
	out := make(map[string]Busy, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	if window.Empty() {
		for _, id := range ids {
			out[id] = Busy{FetchedAt: g.opts.Now()}
		}
		return out, nil
	}
	deadline := g.deadline() // one retry budget for the whole call
	for batch := range slices.Chunk(ids, googleMaxBatch) {
		res, err := g.freeBusyBatch(ctx, deadline, batch, window)
		if err != nil {
			return nil, err
		}
		for id, b := range res {
			out[id] = b
		}
	}
	return out, nil
}
